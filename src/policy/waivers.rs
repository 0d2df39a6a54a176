//! Waivers: gaps a team accepts for a time, each with a justification, an approver and
//! an expiry date, so a known gap does not fail CI until the date it was promised by.
//!
//! A waiver names a criterion (or a warning's diagnostic code), optionally one document
//! and a YAML path under which it holds. Waivers are indexed by criterion, so matching
//! costs the same whether the file holds ten waivers or ten thousand.

use crate::diag::{Code, Diagnostic, Level};
use crate::i18n::Text;
use crate::yaml::Pos;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::Path;

/// A waiver file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverFile {
    /// The waivers.
    pub waivers: Vec<Waiver>,
}

/// One waiver as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The criterion id (or a warning's diagnostic code).
    pub criterion: Spanned<String>,
    /// Only this process document (path as audited; `./x.yaml` and `x.yaml` are the same).
    pub document: Option<String>,
    /// Only this YAML path in it, and the paths under it.
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
    /// The criterion id or diagnostic code.
    pub criterion: String,
    /// The document, as a path key (see [`super::baseline::path_key`]).
    pub document: Option<String>,
    /// The YAML path.
    pub yaml_path: Option<String>,
    /// Why the gap is accepted.
    pub justification: String,
    /// Who approved it.
    pub approver: String,
    /// Its expiry date.
    pub expires: NaiveDate,
    /// Where it is written.
    pub pos: Pos,
    /// The file it came from.
    pub file: String,
}

impl ActiveWaiver {
    /// True when the waiver covers a finding of this document (path key) at this YAML path.
    fn covers(&self, document_key: &str, yaml_path: &str) -> bool {
        self.document.as_deref().is_none_or(|d| d == document_key)
            && self.yaml_path.as_deref().is_none_or(|p| {
                yaml_path
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
    }
}

/// The waivers of a run, indexed by criterion.
#[derive(Debug, Clone, Default)]
pub struct Waivers {
    /// Every usable waiver, in file order.
    pub list: Vec<ActiveWaiver>,
    by_criterion: HashMap<String, Vec<usize>>,
}

impl Waivers {
    /// Indexes usable waivers.
    pub fn new(list: Vec<ActiveWaiver>) -> Waivers {
        let mut by_criterion: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in list.iter().enumerate() {
            by_criterion.entry(w.criterion.clone()).or_default().push(i);
        }
        Waivers { list, by_criterion }
    }

    /// The first waiver covering a criterion in a document at a YAML path.
    pub fn find(&self, criterion: &str, document_key: &str, yaml_path: &str) -> Option<usize> {
        self.by_criterion
            .get(criterion)?
            .iter()
            .copied()
            .find(|&i| self.list[i].covers(document_key, yaml_path))
    }

    /// Removes warnings that a waiver in force names by code (for their document, or for
    /// any file when the waiver names none); marks those waivers used. Errors are never
    /// waivable: broken input must be fixed. Returns the waivers used, by index.
    pub fn silence(&self, diags: &mut Vec<Diagnostic>, as_of: NaiveDate) -> Vec<usize> {
        let mut used = Vec::new();
        if self.list.is_empty() {
            return used;
        }
        diags.retain(|d| {
            if d.level != Level::Warning {
                return true;
            }
            let key = super::baseline::path_key(&d.file);
            let hit = self.by_criterion.get(d.code.id()).and_then(|ids| {
                ids.iter().copied().find(|&i| {
                    let w = &self.list[i];
                    w.expires >= as_of && w.document.as_deref().is_none_or(|doc| doc == key)
                })
            });
            used.extend(hit);
            hit.is_none()
        });
        used
    }

    /// A warning for every waiver that matched nothing in the run.
    pub fn unused(&self, used: &[bool]) -> Vec<Diagnostic> {
        self.list
            .iter()
            .zip(used)
            .filter(|(_, used)| !**used)
            .map(|(w, _)| {
                let msg = Text::new(
                    format!("`{}` 的豁免没有匹配任何差距", w.criterion),
                    format!("the waiver for `{}` matches no gap", w.criterion),
                );
                Diagnostic::warning(Code::WaiverUnused, &w.file, w.pos, msg).expected(Text::new(
                    "删除该豁免，或更正评价项编号与路径",
                    "remove the waiver, or correct its criterion id and paths",
                ))
            })
            .collect()
    }
}

fn required(file: &str, pos: Pos, what: &str, zh: &str) -> Diagnostic {
    let msg = Text::new(
        format!("缺少必填字段 `{what}`（{zh}）"),
        format!("`{what}` is required"),
    );
    Diagnostic::error(Code::WaiverInvalid, file, pos, msg)
        .expected(Text::same(format!("{what}: …")))
}

/// Loads and checks a waiver file; returns the usable waivers, every problem and the text.
pub fn load(path: &Path, as_of: NaiveDate) -> (Vec<ActiveWaiver>, Vec<Diagnostic>, String) {
    let file = crate::text::path(path);
    let (wf, text): (WaiverFile, String) = match super::parse_file(path, Code::WaiverInvalid) {
        Ok(v) => v,
        Err((d, text)) => return (Vec::new(), vec![d], text),
    };
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for w in wf.waivers {
        if let Some(a) = check(w, &file, as_of, &mut diags) {
            out.push(a);
        }
    }
    (out, diags, text)
}

/// Checks one waiver: required fields, a real expiry date, expired or expiring soon.
fn check(
    w: Waiver,
    file: &str,
    as_of: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<ActiveWaiver> {
    let pos = crate::standard::load::pos(&w.criterion);
    let text_of = |s: &Option<Spanned<String>>| {
        s.as_ref()
            .map(|v| v.value.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let justification = text_of(&w.justification);
    let approver = text_of(&w.approver);
    if justification.is_none() {
        diags.push(required(file, pos, "justification", "理由"));
    }
    if approver.is_none() {
        diags.push(required(file, pos, "approver", "批准人"));
    }
    let expires = expiry(&w, file, pos, diags);
    let (Some(justification), Some(approver), Some(expires)) = (justification, approver, expires)
    else {
        return None;
    };
    if let Some(d) = expiry_warning(&w.criterion.value, expires, as_of, file, pos) {
        diags.push(d);
    }
    Some(ActiveWaiver {
        criterion: w.criterion.value,
        document: w.document.as_deref().map(super::baseline::path_key),
        yaml_path: w.yaml_path,
        justification,
        approver,
        expires,
        pos,
        file: file.to_string(),
    })
}

fn expiry(w: &Waiver, file: &str, pos: Pos, diags: &mut Vec<Diagnostic>) -> Option<NaiveDate> {
    let Some(e) = &w.expires else {
        diags.push(required(file, pos, "expires", "到期日"));
        return None;
    };
    let d = crate::evaluate::parse_date(&e.value);
    if d.is_none() {
        let msg = Text::new(
            format!(
                "到期日 `{}` 不是有效日期",
                crate::text::visible_line(&e.value)
            ),
            format!(
                "expiry `{}` is not a valid date",
                crate::text::visible_line(&e.value)
            ),
        );
        diags.push(
            Diagnostic::error(
                Code::WaiverInvalid,
                file,
                crate::standard::load::pos(e),
                msg,
            )
            .expected(Text::same("YYYY-MM-DD")),
        );
    }
    d
}

fn expiry_warning(
    criterion: &str,
    expires: NaiveDate,
    as_of: NaiveDate,
    file: &str,
    pos: Pos,
) -> Option<Diagnostic> {
    let days = (expires - as_of).num_days();
    if days < 0 {
        let msg = Text::new(
            format!("`{criterion}` 的豁免已于 {expires} 过期，差距重新计入门槛"),
            format!("the waiver for `{criterion}` expired on {expires}; its gap counts again"),
        );
        Some(Diagnostic::warning(Code::WaiverExpired, file, pos, msg))
    } else if days <= 30 {
        let msg = Text::new(
            format!("`{criterion}` 的豁免将于 {expires} 过期（{days} 天后）"),
            format!("the waiver for `{criterion}` expires on {expires} (in {days} days)"),
        );
        Some(Diagnostic::warning(Code::WaiverExpiring, file, pos, msg))
    } else {
        None
    }
}
