//! Project settings: `aftercert.yaml` (found upwards from the working directory),
//! tailoring, waivers and gates.
//!
//! These files are written by people and read by CI, so they get the same treatment as
//! process documents: serde-saphyr with positions, every problem a diagnostic with
//! `file:line:column`, and a justification required wherever a result is bent (a
//! tailored criterion, a waived gap).

use crate::diag::{Code, Diagnostic};
use crate::i18n::{Lang, Text};
use crate::standard::model::Severity;
use crate::yaml::{self, Limits, Pos};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::{DuplicateKeyPolicy, Spanned};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the project config file.
pub const CONFIG_FILE: &str = "aftercert.yaml";

/// The project config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Standards to audit against (ids or paths).
    #[serde(default)]
    pub standards: Vec<String>,
    /// Folders of the user's own standards.
    #[serde(default)]
    pub standards_dir: Vec<PathBuf>,
    /// Report language.
    pub lang: Option<Lang>,
    /// Gates.
    #[serde(default)]
    pub gate: GateConfig,
    /// A waiver file.
    pub waivers: Option<PathBuf>,
    /// A baseline file.
    pub baseline: Option<PathBuf>,
    /// Tailoring entries.
    #[serde(default)]
    pub tailoring: Vec<Tailoring>,
}

/// Gate settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateConfig {
    /// A rating id every document must reach.
    pub min_rating: Option<String>,
    /// A score every document must reach.
    pub fail_under: Option<f64>,
    /// The most gaps allowed per severity.
    #[serde(default)]
    pub max_gaps: BTreeMap<Severity, usize>,
}

/// One tailoring entry: a criterion not applicable, or points or a weight changed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tailoring {
    /// The criterion, section or indicator id.
    pub id: Spanned<String>,
    /// Mark the criterion not applicable.
    #[serde(default)]
    pub not_applicable: bool,
    /// New points (a criterion's effective points, in score units before normalisation).
    pub points: Option<f64>,
    /// New weight (a section or an indicator).
    pub weight: Option<f64>,
    /// Why; required.
    pub reason: Option<Spanned<String>>,
}

/// A waiver file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverFile {
    /// The waivers.
    pub waivers: Vec<Waiver>,
}

/// One waiver: a gap accepted for a time, with a justification and an approver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The criterion id.
    pub criterion: Spanned<String>,
    /// Only this process document (path as audited).
    pub document: Option<String>,
    /// Only this YAML path in it.
    pub yaml_path: Option<String>,
    /// Why the gap is accepted; required.
    pub justification: Option<Spanned<String>>,
    /// Who approved it; required.
    pub approver: Option<Spanned<String>>,
    /// The last day it holds (inclusive), YYYY-MM-DD; required.
    pub expires: Option<Spanned<String>>,
}

/// A waiver checked and ready to match.
#[derive(Debug, Clone)]
pub struct ActiveWaiver {
    /// The waiver as written.
    pub waiver: Waiver,
    /// Its expiry date.
    pub expires: NaiveDate,
    /// Where it is written.
    pub pos: Pos,
    /// The file it came from.
    pub file: String,
}

impl ActiveWaiver {
    /// Returns true if and only if the waiver covers a gap.
    pub fn matches(&self, criterion: &str, document: &str, yaml_path: &str) -> bool {
        let w = &self.waiver;
        w.criterion.value == criterion
            && w.document.as_deref().is_none_or(|d| same_path(d, document))
            && w.yaml_path.as_deref().is_none_or(|p| {
                p == yaml_path
                    || yaml_path.starts_with(&format!("{p}."))
                    || yaml_path.starts_with(&format!("{p}["))
            })
    }
}

fn same_path(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace('\\', "/").trim_start_matches("./").to_string();
    norm(a) == norm(b)
}

/// Parses a settings file of type `T`, turning errors into a diagnostic with `code`.
pub fn parse_file<T: for<'de> Deserialize<'de>>(
    path: &Path,
    code: Code,
) -> Result<(T, String), Diagnostic> {
    let shown = path.display().to_string();
    let text = crate::process::load::read_text(path, &shown, &Limits::default())?;
    let opts = yaml::options(&Limits::default(), DuplicateKeyPolicy::Error);
    match serde_saphyr::from_str_with_options::<T>(&text, opts) {
        Ok(v) => Ok((v, text)),
        Err(e) => {
            let e = yaml::parse_error(&e);
            let msg = Text::new(
                format!("{shown} 无效：{}", e.message),
                format!("{shown} is not valid: {}", e.message),
            );
            Err(
                Diagnostic::error(code, &shown, e.pos, msg).expected(Text::new(
                    "见 README 中的文件格式",
                    "the file format described in the README",
                )),
            )
        }
    }
}

/// Finds `aftercert.yaml` in the working directory or the nearest parent.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// Loads the project config, if there is one.
pub fn load_config() -> Result<Option<(Config, PathBuf, String)>, Diagnostic> {
    let Some(path) = std::env::current_dir().ok().and_then(|d| find_config(&d)) else {
        return Ok(None);
    };
    let (config, text): (Config, String) = parse_file(&path, Code::ConfigInvalid)?;
    Ok(Some((config, path, text)))
}

fn required(file: &str, pos: Pos, code: Code, what: &str, zh: &str) -> Diagnostic {
    let msg = Text::new(
        format!("缺少必填字段 `{what}`（{zh}）"),
        format!("`{what}` is required"),
    );
    Diagnostic::error(code, file, pos, msg).expected(Text::same(format!("{what}: …")))
}

/// Loads and checks a waiver file; returns the usable waivers and every problem.
pub fn load_waivers(path: &Path, as_of: NaiveDate) -> (Vec<ActiveWaiver>, Vec<Diagnostic>, String) {
    let file = path.display().to_string();
    let (wf, text): (WaiverFile, String) = match parse_file(path, Code::WaiverInvalid) {
        Ok(v) => v,
        Err(d) => return (Vec::new(), vec![d], String::new()),
    };
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for w in wf.waivers {
        let pos = crate::standard::load::pos(&w.criterion);
        let mut ok = true;
        if w.justification
            .as_ref()
            .is_none_or(|j| j.value.trim().is_empty())
        {
            diags.push(required(
                &file,
                pos,
                Code::WaiverInvalid,
                "justification",
                "理由",
            ));
            ok = false;
        }
        if w.approver
            .as_ref()
            .is_none_or(|a| a.value.trim().is_empty())
        {
            diags.push(required(
                &file,
                pos,
                Code::WaiverInvalid,
                "approver",
                "批准人",
            ));
            ok = false;
        }
        let expires = match &w.expires {
            None => {
                diags.push(required(
                    &file,
                    pos,
                    Code::WaiverInvalid,
                    "expires",
                    "到期日",
                ));
                None
            }
            Some(e) => {
                let d = crate::evaluate::parse_date(&e.value);
                if d.is_none() {
                    let at = crate::standard::load::pos(e);
                    let msg = Text::new(
                        format!("到期日 `{}` 不是有效日期", e.value),
                        format!("expiry `{}` is not a valid date", e.value),
                    );
                    diags.push(
                        Diagnostic::error(Code::WaiverInvalid, &file, at, msg)
                            .expected(Text::same("YYYY-MM-DD")),
                    );
                }
                d
            }
        };
        let (true, Some(expires)) = (ok, expires) else {
            continue;
        };
        let days = (expires - as_of).num_days();
        if days < 0 {
            let msg = Text::new(
                format!(
                    "`{}` 的豁免已于 {expires} 过期，差距重新计入门槛",
                    w.criterion.value
                ),
                format!(
                    "the waiver for `{}` expired on {expires}; its gap counts again",
                    w.criterion.value
                ),
            );
            diags.push(Diagnostic::warning(Code::WaiverExpired, &file, pos, msg));
        } else if days <= 30 {
            let msg = Text::new(
                format!(
                    "`{}` 的豁免将于 {expires} 过期（{days} 天后）",
                    w.criterion.value
                ),
                format!(
                    "the waiver for `{}` expires on {expires} (in {days} days)",
                    w.criterion.value
                ),
            );
            diags.push(Diagnostic::warning(Code::WaiverExpiring, &file, pos, msg));
        }
        out.push(ActiveWaiver {
            waiver: w,
            expires,
            pos,
            file: file.clone(),
        });
    }
    (out, diags, text)
}

/// Checks tailoring entries against the library: known ids, a reason each.
pub fn check_tailoring(
    entries: &[Tailoring],
    lib: &crate::standard::load::Library,
    file: &str,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for t in entries {
        let pos = crate::standard::load::pos(&t.id);
        let known = lib.rule(&t.id.value).is_some()
            || lib.standards.iter().any(|s| {
                s.standard.sections.iter().any(|sec| {
                    sec.id.value == t.id.value
                        || sec.indicators.iter().any(|i| i.id.value == t.id.value)
                })
            });
        if !known {
            let hint = crate::process::validate::suggest(&t.id.value, lib.rule_ids())
                .map(|h| format!(" (`{h}`?)"))
                .unwrap_or_default();
            let msg = Text::new(
                format!("剪裁引用了未知的编号 `{}`{hint}", t.id.value),
                format!("tailoring names an unknown id `{}`{hint}", t.id.value),
            );
            diags.push(Diagnostic::error(Code::TailoringInvalid, file, pos, msg));
        }
        if t.reason.as_ref().is_none_or(|r| r.value.trim().is_empty()) {
            diags.push(required(
                file,
                pos,
                Code::TailoringInvalid,
                "reason",
                "理由",
            ));
        }
        if !t.not_applicable && t.points.is_none() && t.weight.is_none() {
            let msg = Text::new(
                "剪裁条目没有任何改动",
                "the tailoring entry changes nothing",
            );
            diags.push(
                Diagnostic::error(Code::TailoringInvalid, file, pos, msg)
                    .expected(Text::same("not_applicable: true | points: N | weight: N")),
            );
        }
    }
    diags
}

/// Applies points and weight changes to the library's rules (not-applicable is applied when scoring).
pub fn apply_tailoring(entries: &[Tailoring], lib: &mut crate::standard::load::Library) {
    for t in entries {
        for s in &mut lib.standards {
            if let Some(p) = t.points {
                for r in s.rules.iter_mut().filter(|r| r.id == t.id.value) {
                    r.max_points = p;
                }
            }
            let Some(w) = t.weight else { continue };
            let scale = |old: f64| if old > 0.0 { w / old } else { 0.0 };
            for (si, sec) in s.standard.sections.iter().enumerate() {
                let sec_total: f64 = s
                    .rules
                    .iter()
                    .filter(|r| {
                        r.kind == crate::standard::load::RuleKind::Scored && r.section == si
                    })
                    .map(|r| r.max_points)
                    .sum();
                if sec.id.value == t.id.value {
                    let k = scale(sec_total);
                    s.rules
                        .iter_mut()
                        .filter(|r| {
                            r.kind == crate::standard::load::RuleKind::Scored && r.section == si
                        })
                        .for_each(|r| r.max_points *= k);
                }
                for (ii, ind) in sec.indicators.iter().enumerate() {
                    if ind.id.value != t.id.value {
                        continue;
                    }
                    let in_ind = |r: &crate::standard::load::Rule| {
                        r.kind == crate::standard::load::RuleKind::Scored
                            && r.section == si
                            && r.indicator == ii
                    };
                    let total: f64 = s
                        .rules
                        .iter()
                        .filter(|r| in_ind(r))
                        .map(|r| r.max_points)
                        .sum();
                    let k = scale(total);
                    s.rules
                        .iter_mut()
                        .filter(|r| in_ind(r))
                        .for_each(|r| r.max_points *= k);
                }
            }
        }
    }
}
