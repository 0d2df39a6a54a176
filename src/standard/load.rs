//! Loads standards (built-in and the user's), resolves `same_as`, and lints them.
//!
//! Built-in standards are embedded in the binary so that a single file is all a CI job
//! needs. A user's standards are read from files or folders (walkdir). Every problem in a
//! standard is a diagnostic with `file:line:column`; a broken standard is never skipped
//! silently.

use super::lint::{DefinedEvidence, lint_rule, lint_standard};
use super::model::{Confidence, Criterion, Method, Standard};
pub use super::rule::{Rule, RuleKind, pos};
use super::spanned::Spanned;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::yaml::{self, Limits, Pos};
use serde_saphyr::DuplicateKeyPolicy;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The standards embedded in the binary: `(file name, text)`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "gbt27922.yaml",
        include_str!("../../standards/gbt27922.yaml"),
    ),
    (
        "buildout.yaml",
        include_str!("../../standards/buildout.yaml"),
    ),
    (
        "cn-consumer-law.yaml",
        include_str!("../../standards/cn-consumer-law.yaml"),
    ),
    (
        "iso10002.yaml",
        include_str!("../../standards/iso10002.yaml"),
    ),
    (
        "service-kpis.yaml",
        include_str!("../../standards/service-kpis.yaml"),
    ),
    (
        "ecommerce.yaml",
        include_str!("../../standards/ecommerce.yaml"),
    ),
];

/// A standard read and resolved.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The standard as written.
    pub standard: Standard,
    /// Its file name (built-in: `builtin:NAME`).
    pub file: String,
    /// Its source text.
    pub source: String,
    /// Its rules, scored first, then deductions, then bonus.
    pub rules: Vec<Rule>,
}

impl Loaded {
    /// The standard's id.
    pub fn id(&self) -> &str {
        &self.standard.id.value
    }

    /// Looks a rule up by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// Every standard available to a run.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The standards, built-in first, in a stable order.
    pub standards: Vec<Loaded>,
    /// The text of every file read, loaded or not, for diagnostics' snippets.
    pub texts: BTreeMap<String, String>,
}

impl Library {
    /// Looks a standard up by id.
    pub fn get(&self, id: &str) -> Option<&Loaded> {
        self.standards.iter().find(|s| s.id() == id)
    }

    /// Looks a rule up by id across all standards.
    pub fn rule(&self, id: &str) -> Option<(&Loaded, &Rule)> {
        self.standards
            .iter()
            .find_map(|s| s.rule(id).map(|r| (s, r)))
    }

    /// Every rule id, for suggestions.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.standards
            .iter()
            .flat_map(|s| s.rules.iter().map(|r| r.id.as_str()))
    }
}

/// A standard file parsed but not yet resolved.
struct Parsed {
    standard: Standard,
    file: String,
    source: String,
    /// Its rules, when they come resolved and linted from the compiled form.
    rules: Option<Vec<Rule>>,
}

/// Parses one standard file's text.
fn parse(file: &str, source: &str) -> Result<Standard, Diagnostic> {
    let limits = Limits {
        max_depth: 32,
        ..Limits::default()
    };
    let opts = yaml::options(&limits, DuplicateKeyPolicy::Error);
    serde_saphyr::from_str_with_options::<Standard>(source, opts).map_err(|e| {
        let e = yaml::parse_error(&e);
        let msg = Text::new(
            format!("标准文件无效：{}", e.message),
            format!("invalid standard: {}", e.message),
        );
        Diagnostic::error(Code::StandardInvalid, file, e.pos, msg).expected(Text::new(
            "见 standards/CHECKS.md 中的标准格式",
            "the standard format described in standards/CHECKS.md",
        ))
    })
}

/// Collects standard files from paths (files or folders, walked recursively).
pub fn collect_files(paths: &[impl AsRef<Path>]) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for root in paths {
        for entry in walkdir::WalkDir::new(root.as_ref())
            .follow_links(false)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) if e.file_type().is_file() && is_yaml(e.path()) => {
                    let shown = crate::text::path(e.path());
                    match crate::process::load::read_text(e.path(), &shown, &Limits::default()) {
                        // The tool's own tables (law, records) beside the standards are
                        // not standards; one named on its own is still reported.
                        Ok(text) if e.depth() > 0 && is_data_table(&text) => {}
                        Ok(text) => files.push((shown, text)),
                        Err(d) => diags.push(d),
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let shown = err
                        .path()
                        .map_or_else(|| crate::text::path(root.as_ref()), crate::text::path);
                    let msg = Text::new(
                        format!("无法读取 {shown}：{err}"),
                        format!("cannot read {shown}: {err}"),
                    );
                    diags.push(Diagnostic::error(Code::Io, &shown, Pos::default(), msg));
                }
            }
        }
    }
    (files, diags)
}

/// True for the tool's own data tables (`aftercert_law:`, `aftercert_records:`,
/// `aftercert_labels:` as the first key), which live beside the built-in standards.
fn is_data_table(text: &str) -> bool {
    const TABLES: [&str; 3] = ["aftercert_law:", "aftercert_records:", "aftercert_labels:"];
    text.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#') && l != &"---")
        .is_some_and(|l| TABLES.iter().any(|t| l.starts_with(t)))
}

/// Returns true if and only if the path ends in `.yaml` or `.yml`.
pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Loads the built-in standards plus the user's files; returns the library and every problem.
pub fn load_library(user_files: Vec<(String, String)>) -> (Library, Vec<Diagnostic>) {
    load_library_for(user_files, None)
}

/// Like [`load_library`], but parses only the built-in standards that `wanted` names and
/// those their criteria reuse with `same_as` (all of them when `wanted` is `None`). Most
/// runs use one or two standards; parsing the others would be most of a small run's time.
pub fn load_library_for(
    user_files: Vec<(String, String)>,
    wanted: Option<&[String]>,
) -> (Library, Vec<Diagnostic>) {
    load(user_files, wanted, true)
}

/// Every built-in standard parsed from its YAML, resolved and linted, as the compiled form
/// is made (and compared with it in the tests).
#[cfg(test)]
pub(crate) fn load_library_parsed() -> (Library, Vec<Diagnostic>) {
    load(Vec::new(), None, false)
}

/// Loads the library; `compiled` takes the built-in standards from their compiled form.
fn load(
    user_files: Vec<(String, String)>,
    wanted: Option<&[String]>,
    compiled: bool,
) -> (Library, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut texts = BTreeMap::new();
    let mut users = Vec::new();
    for (file, source) in user_files {
        texts.insert(file.clone(), source.clone());
        match parse(&file, &source) {
            Ok(standard) => users.push(Parsed {
                standard,
                file,
                source,
                rules: None,
            }),
            Err(d) => diags.push(d),
        }
    }
    let mut parsed = builtins_needed(&users, wanted, compiled, &mut diags);
    parsed.extend(users);
    dedupe_standards(&mut parsed, &mut diags);
    let ready: Vec<Option<Vec<Rule>>> = parsed.iter_mut().map(|p| p.rules.take()).collect();
    let raw: HashMap<String, (&Criterion, &str)> = parsed
        .iter()
        .flat_map(|p| {
            all_criteria(&p.standard).map(move |c| (c.id.value.clone(), (c, p.file.as_str())))
        })
        .collect();
    duplicate_criteria(&parsed, &mut diags);
    let rules: Vec<Vec<Rule>> = parsed
        .iter()
        .zip(ready)
        .map(|(p, ready)| ready.unwrap_or_else(|| resolve(p, &raw, &mut diags)))
        .collect();
    let standards = parsed
        .into_iter()
        .zip(rules)
        .map(|(p, rules)| Loaded {
            standard: p.standard,
            file: p.file,
            source: p.source,
            rules,
        })
        .collect();
    (Library { standards, texts }, diags)
}

/// The standards a parsed standard reuses through `same_as` (by id prefix).
fn reused(p: &Parsed) -> impl Iterator<Item = String> + '_ {
    all_criteria(&p.standard)
        .filter_map(|c| c.same_as.as_ref())
        .filter_map(|t| t.value.split('.').next().map(str::to_string))
}

/// Parses the built-in standards that are wanted or reused, in their fixed order.
fn builtins_needed(
    users: &[Parsed],
    wanted: Option<&[String]>,
    compiled: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Parsed> {
    let id_of = |name: &str| name.trim_end_matches(".yaml").to_string();
    let mut need: std::collections::BTreeSet<String> = match wanted {
        None => BUILTIN.iter().map(|(name, _)| id_of(name)).collect(),
        Some(ids) => ids
            .iter()
            .cloned()
            .chain(users.iter().flat_map(reused))
            .collect(),
    };
    let mut done: BTreeMap<String, Parsed> = BTreeMap::new();
    while let Some(id) = need.iter().find(|id| !done.contains_key(*id)).cloned() {
        let Some((name, text)) = BUILTIN.iter().find(|(name, _)| id_of(name) == id) else {
            need.remove(&id);
            continue;
        };
        match builtin(name, text, compiled) {
            Ok(p) => {
                need.extend(reused(&p));
                done.insert(id, p);
            }
            Err(d) => {
                diags.push(d);
                need.remove(&id);
            }
        }
    }
    BUILTIN
        .iter()
        .filter_map(|(name, _)| done.remove(&id_of(name)))
        .collect()
}

/// One built-in standard: from its compiled form when asked for and there is one, else
/// parsed from its YAML.
fn builtin(name: &str, text: &str, compiled: bool) -> Result<Parsed, Diagnostic> {
    if compiled && let Some((standard, file, rules)) = super::compiled::builtin(name) {
        return Ok(Parsed {
            standard,
            file,
            source: text.to_string(),
            rules: Some(rules),
        });
    }
    let file = format!("builtin:standards/{name}");
    let standard = parse(&file, text)?;
    Ok(Parsed {
        standard,
        file,
        source: text.to_string(),
        rules: None,
    })
}

fn dedupe_standards(parsed: &mut Vec<Parsed>, diags: &mut Vec<Diagnostic>) {
    // A user's file with a built-in's id replaces the embedded copy (so a consultant can
    // lint, test or override `standards/gbt27922.yaml` itself); two user files with the
    // same id are an error.
    let mut keep: Vec<Parsed> = Vec::with_capacity(parsed.len());
    for p in parsed.drain(..) {
        let id = p.standard.id.value.clone();
        match keep.iter().position(|k| k.standard.id.value == id) {
            Some(i) if keep[i].file.starts_with("builtin:") => keep[i] = p,
            Some(i) => {
                let first = keep[i].file.clone();
                let msg = Text::new(
                    format!("标准编号 `{id}` 与 {first} 重复"),
                    format!("standard id `{id}` is already used by {first}"),
                );
                diags.push(Diagnostic::error(
                    Code::StandardDuplicateCriterion,
                    &p.file,
                    pos(&p.standard.id),
                    msg,
                ));
            }
            None => keep.push(p),
        }
    }
    *parsed = keep;
}

fn all_criteria(s: &Standard) -> impl Iterator<Item = &Criterion> {
    s.sections
        .iter()
        .flat_map(|sec| sec.indicators.iter().flat_map(|i| i.criteria.iter()))
        .chain(s.deductions.iter())
        .chain(s.bonus.iter())
}

fn duplicate_criteria(parsed: &[Parsed], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, (&str, Pos)> = HashMap::new();
    for p in parsed {
        for c in all_criteria(&p.standard) {
            if let Some((file, first)) = seen.get(c.id.value.as_str()) {
                let msg = Text::new(
                    format!("评价项编号 `{}` 重复（首次在 {file}:{first}）", c.id.value),
                    format!(
                        "criterion id `{}` is used twice (first at {file}:{first})",
                        c.id.value
                    ),
                );
                diags.push(Diagnostic::error(
                    Code::StandardDuplicateCriterion,
                    &p.file,
                    pos(&c.id),
                    msg,
                ));
            } else {
                seen.insert(&c.id.value, (&p.file, pos(&c.id)));
            }
        }
    }
}

/// Builds a standard's rules and lints it.
fn resolve(
    p: &Parsed,
    raw: &HashMap<String, (&Criterion, &str)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Rule> {
    let s = &p.standard;
    lint_standard(s, &p.file, diags);
    let mut rules = Vec::new();
    let weighted = s.scoring.method == Method::Weighted;
    for (si, section) in s.sections.iter().enumerate() {
        let section_weight = section
            .weight
            .as_ref()
            .map_or(100.0 / s.sections.len().max(1) as f64, |w| w.value);
        let split = Split::of(section, section_weight);
        for (ii, ind) in section.indicators.iter().enumerate() {
            let fixed_here: f64 = ind.criteria.iter().filter_map(fixed).sum();
            let ind_weight = ind
                .weight
                .as_ref()
                .map_or(split.share, |w| (w.value - fixed_here).max(0.0));
            let total: f64 = ind
                .criteria
                .iter()
                .filter(|c| fixed(c).is_none())
                .map(|c| c.points.as_ref().map_or(1.0, |p| p.value))
                .sum();
            for c in &ind.criteria {
                let own = c.points.as_ref().map_or(1.0, |p| p.value);
                let max = match fixed(c) {
                    Some(points) if weighted => points,
                    _ if weighted && total > 0.0 => ind_weight * own / total,
                    _ => own,
                };
                let weight_assumed = fixed(c).is_none()
                    && (ind.confidence == Confidence::Assumed
                        || section.confidence == Confidence::Assumed);
                if let Some(mut r) = rule(c, RuleKind::Scored, max, &p.file, raw, diags) {
                    r.weight_assumed = weight_assumed;
                    r.section = si;
                    r.indicator = ii;
                    rules.push(r);
                }
            }
        }
    }
    for (kind, list) in [
        (RuleKind::Deduction, &s.deductions),
        (RuleKind::Bonus, &s.bonus),
    ] {
        for c in list {
            let default = if kind == RuleKind::Deduction {
                s.scoring.deduction_points
            } else {
                1.0
            };
            let points = c.points.as_ref().map_or(default, |p| p.value);
            rules.extend(rule(c, kind, points, &p.file, raw, diags));
        }
    }
    let evidence = DefinedEvidence::of(s);
    for r in &rules {
        lint_rule(r, &evidence, &p.file, diags);
    }
    super::lint_scoring::lint_scoring(s, &rules, &p.file, diags);
    rules
}

/// Points out of the standard's 100 that a source gives a criterion.
fn fixed(c: &Criterion) -> Option<f64> {
    c.total_points.as_ref().map(|p| p.value)
}

/// How a section's weight is split: criteria with `total_points` take theirs first; the
/// rest is split equally across the indicators that have other criteria.
struct Split {
    /// Each such indicator's share.
    share: f64,
}

impl Split {
    fn of(section: &super::model::Section, weight: f64) -> Self {
        let fixed_sum: f64 = section
            .indicators
            .iter()
            .flat_map(|i| &i.criteria)
            .filter_map(fixed)
            .sum();
        let open = section
            .indicators
            .iter()
            .filter(|i| i.criteria.iter().any(|c| fixed(c).is_none()))
            .count()
            .max(1);
        Split {
            share: (weight - fixed_sum).max(0.0) / open as f64,
        }
    }
}

fn rule(
    c: &Criterion,
    kind: RuleKind,
    max_points: f64,
    file: &str,
    raw: &HashMap<String, (&Criterion, &str)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Rule> {
    let base = match &c.same_as {
        Some(target) => Some(same_as_target(target, raw, file, diags)?),
        None => None,
    };
    let pick = |own: &Option<Text>, f: fn(&Criterion) -> &Option<Text>| {
        own.clone().or_else(|| base.and_then(|b| f(b).clone()))
    };
    let title = pick(&c.title, |b| &b.title);
    let check = c
        .check
        .as_ref()
        .or_else(|| base.and_then(|b| b.check.as_ref()));
    let (Some(title), Some(check)) = (title, check) else {
        let msg = Text::new(
            format!("评价项 `{}` 缺少 title 或 check", c.id.value),
            format!("criterion `{}` has no title or no check", c.id.value),
        );
        diags.push(Diagnostic::error(
            Code::StandardIncomplete,
            file,
            pos(&c.id),
            msg,
        ));
        return None;
    };
    let mut cites = base.map(|b| b.cites.clone()).unwrap_or_default();
    cites.extend(c.cites.iter().cloned());
    if let Some(b) = base
        && let Some(clause) = &b.clause
        && !cites.iter().any(|x| &x.clause == clause)
    {
        cites.insert(
            0,
            super::model::Citation {
                standard: b.id.value.split('.').next().unwrap_or_default().to_string(),
                clause: clause.clone(),
            },
        );
    }
    let evidence = if c.evidence.is_empty() {
        base.map(|b| &b.evidence)
    } else {
        Some(&c.evidence)
    };
    Some(Rule {
        id: c.id.value.clone(),
        kind,
        section: 0,
        indicator: 0,
        clause: c
            .clause
            .clone()
            .or_else(|| base.and_then(|b| b.clause.clone())),
        cites,
        requirement: pick(&c.requirement, |b| &b.requirement).unwrap_or_else(|| title.clone()),
        nonconformity: pick(&c.nonconformity, |b| &b.nonconformity),
        hint: pick(&c.hint, |b| &b.hint),
        ground: c.ground.or_else(|| base.and_then(|b| b.ground)),
        counts_with: c.counts_with.iter().map(|s| s.value.clone()).collect(),
        basis: c.basis.clone(),
        title,
        rationale: pick(&c.rationale, |b| &b.rationale).unwrap_or_default(),
        remediation: pick(&c.remediation, |b| &b.remediation).unwrap_or_default(),
        evidence: evidence
            .map(|e| e.iter().map(|s| s.value.clone()).collect())
            .unwrap_or_default(),
        max_points,
        confidence: c
            .confidence
            .or_else(|| base.and_then(|b| b.confidence))
            .unwrap_or_default(),
        weight_assumed: false,
        severity: c
            .severity
            .or_else(|| base.and_then(|b| b.severity))
            .unwrap_or_default(),
        advisory: c.advisory || base.is_some_and(|b| b.advisory),
        applies_if: c
            .applies_if
            .as_ref()
            .or_else(|| base.and_then(|b| b.applies_if.as_ref()))
            .map(|s| s.value.clone()),
        scope: c
            .scope
            .as_ref()
            .or_else(|| base.and_then(|b| b.scope.as_ref()))
            .map(|s| s.value.clone()),
        check: check.value.clone(),
        examples: c
            .examples
            .clone()
            .or_else(|| base.and_then(|b| b.examples.clone())),
        pos: pos(&c.id),
    })
}

/// Resolves a `same_as` to the original definition, or reports why it cannot.
fn same_as_target<'a>(
    target: &Spanned<String>,
    raw: &HashMap<String, (&'a Criterion, &str)>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a Criterion> {
    let msg = match raw.get(&target.value) {
        Some((b, _)) if b.same_as.is_none() => return Some(*b),
        Some(_) => Text::new(
            format!("`{}` 指向的评价项本身也使用 same_as", target.value),
            format!(
                "`{}` itself uses same_as; point at the original definition",
                target.value
            ),
        ),
        None => {
            let hint =
                crate::process::validate::suggest(&target.value, raw.keys().map(String::as_str))
                    .map(|h| format!(" (`{h}`?)"))
                    .unwrap_or_default();
            Text::new(
                format!("same_as 指向不存在的评价项 `{}`{hint}", target.value),
                format!(
                    "same_as points to an unknown criterion `{}`{hint}",
                    target.value
                ),
            )
        }
    };
    diags.push(Diagnostic::error(
        Code::StandardReference,
        file,
        pos(target),
        msg,
    ));
    None
}

/// Groups diagnostics by file, for rendering with each file's source.
pub fn sources(lib: &Library) -> BTreeMap<String, String> {
    let mut out = lib.texts.clone();
    out.extend(
        lib.standards
            .iter()
            .map(|s| (s.file.clone(), s.source.clone())),
    );
    out
}
