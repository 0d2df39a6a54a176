//! Lints a standard: weights, rating bands, texts in both languages, evidence ids, and
//! check paths that must name fields of the process document.
//!
//! A consultancy's own standard is data written by people; these checks catch what the
//! serde types cannot (a path with a typo, weights that do not add up, a rating ladder out
//! of order) and say where, so that a broken standard is never used or skipped silently.

use super::model::{Check, Method, Standard};
use super::rule::{Rule, pos};
use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::process::schema::schema;
use crate::yaml::Pos;
use serde_json::Value as J;
use std::collections::{HashMap, HashSet};

pub(super) fn lint_standard(s: &Standard, file: &str, diags: &mut Vec<Diagnostic>) {
    if let Some(cond) = &s.applies_if {
        lint_paths(&cond.value, file, diags);
    }
    if s.aftercert_standard != 1 {
        let msg = Text::new(
            "不支持的标准格式版本",
            "unsupported standard format version",
        );
        diags.push(
            Diagnostic::error(Code::StandardInvalid, file, pos(&s.id), msg)
                .expected(Text::same("aftercert_standard: 1")),
        );
    }
    if s.scoring.method == Method::Weighted {
        let weights: Vec<_> = s
            .sections
            .iter()
            .filter_map(|sec| sec.weight.as_ref())
            .collect();
        let sum: f64 = weights.iter().map(|w| w.value).sum();
        if weights.len() == s.sections.len() && !weights.is_empty() && (sum - 100.0).abs() > 0.01 {
            let msg = Text::new(
                format!("一级指标权重之和为 {sum}，不是 100"),
                format!("section weights add up to {sum}, not 100"),
            );
            diags.push(
                Diagnostic::error(Code::StandardWeights, file, pos(weights[0]), msg)
                    .expected(Text::same("Σ weight = 100")),
            );
        }
        for sec in &s.sections {
            let ws: Vec<_> = sec
                .indicators
                .iter()
                .filter_map(|i| i.weight.as_ref())
                .collect();
            let (Some(sw), true) = (
                &sec.weight,
                !ws.is_empty() && ws.len() == sec.indicators.len(),
            ) else {
                continue;
            };
            let sum: f64 = ws.iter().map(|w| w.value).sum();
            if (sum - sw.value).abs() > 0.01 {
                let msg = Text::new(
                    format!(
                        "`{}` 的二级指标权重之和为 {sum}，不等于 {}",
                        sec.id.value, sw.value
                    ),
                    format!(
                        "indicator weights of `{}` add up to {sum}, not {}",
                        sec.id.value, sw.value
                    ),
                );
                diags.push(Diagnostic::error(
                    Code::StandardWeights,
                    file,
                    pos(ws[0]),
                    msg,
                ));
            }
        }
    }
    lint_ratings(s, file, diags);
    let mut ids: HashMap<&str, Pos> = HashMap::new();
    for id in s.sections.iter().map(|x| &x.id).chain(
        s.sections
            .iter()
            .flat_map(|x| x.indicators.iter().map(|i| &i.id)),
    ) {
        if let Some(first) = ids.insert(&id.value, pos(id)) {
            let msg = Text::new(
                format!("编号 `{}` 重复", id.value),
                format!("id `{}` is used twice", id.value),
            );
            diags.push(
                Diagnostic::error(Code::StandardDuplicateCriterion, file, pos(id), msg)
                    .related(first, Text::new("首次出现", "first used here")),
            );
        }
    }
}

fn lint_ratings(s: &Standard, file: &str, diags: &mut Vec<Diagnostic>) {
    for pair in s.ratings.windows(2) {
        if pair[1].min.value <= pair[0].min.value {
            let msg = Text::new(
                format!(
                    "等级 `{}` 的分数线 {} 不高于前一等级 `{}` 的 {}",
                    pair[1].id.value, pair[1].min.value, pair[0].id.value, pair[0].min.value
                ),
                format!(
                    "rating `{}` starts at {}, not above `{}` at {}",
                    pair[1].id.value, pair[1].min.value, pair[0].id.value, pair[0].min.value
                ),
            );
            diags.push(
                Diagnostic::error(Code::StandardRatings, file, pos(&pair[1].min), msg).expected(
                    Text::new("等级按分数线升序排列", "ratings in ascending order of min"),
                ),
            );
        }
    }
    if s.ratings.is_empty() || !s.ratings.iter().any(|r| r.id.value == s.pass.value) {
        let known = s
            .ratings
            .iter()
            .map(|r| r.id.value.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let msg = Text::new(
            format!("门槛等级 `{}` 不存在", s.pass.value),
            format!("pass rating `{}` is not one of the ratings", s.pass.value),
        );
        diags.push(
            Diagnostic::error(Code::StandardRatings, file, pos(&s.pass), msg)
                .expected(Text::same(known)),
        );
    }
}

/// The evidence ids a standard defines, collected once for all its criteria (a set, so
/// that checking every citation costs the number of citations, not their product with
/// the number of ids), with the "expected" text naming them.
pub(super) struct DefinedEvidence<'a> {
    ids: HashSet<&'a str>,
    listed: Text,
}

impl<'a> DefinedEvidence<'a> {
    /// Collects a standard's evidence ids.
    pub(super) fn of(s: &'a Standard) -> Self {
        let ids: Vec<&str> = s.evidence.iter().map(|e| e.id.value.as_str()).collect();
        let listed = crate::process::validate::listed(ids.iter().copied());
        DefinedEvidence {
            ids: ids.into_iter().collect(),
            listed,
        }
    }
}

pub(super) fn lint_rule(
    r: &Rule,
    known: &DefinedEvidence<'_>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for t in [&r.title, &r.rationale, &r.remediation] {
        if t.zh.trim().is_empty() || t.en.trim().is_empty() {
            let msg = Text::new(
                format!("评价项 `{}` 的标题、依据或整改建议缺少中文或英文", r.id),
                format!(
                    "criterion `{}` lacks zh or en text in its title, rationale or remediation",
                    r.id
                ),
            );
            diags.push(
                Diagnostic::error(Code::StandardIncomplete, file, r.pos, msg)
                    .expected(Text::same("{zh: …, en: …}")),
            );
            break;
        }
    }
    for e in &r.evidence {
        if !known.ids.contains(e.as_str()) && !known.ids.is_empty() {
            let msg = Text::new(
                format!("评价项 `{}` 引用了未定义的证据 `{e}`", r.id),
                format!(
                    "criterion `{}` cites evidence `{e}`, which the standard does not define",
                    r.id
                ),
            );
            diags.push(
                Diagnostic::error(Code::StandardReference, file, r.pos, msg)
                    .expected(known.listed.clone()),
            );
        }
    }
    for check in r.applies_if.iter().chain(std::iter::once(&r.check)) {
        lint_paths(check, file, diags);
    }
}

fn lint_paths(check: &Check, file: &str, diags: &mut Vec<Diagnostic>) {
    for at in check.single_value_paths() {
        if at.value.contains("[]") {
            let msg = Text::new(
                format!(
                    "`{}` 含 `[]`，但此类检查只读取一个值；请改用 each、covers 或 recent",
                    at.value
                ),
                format!(
                    "`{}` fans out with `[]`, but this check reads a single value; use each, covers or recent",
                    at.value
                ),
            );
            diags.push(Diagnostic::error(
                Code::StandardUnknownField,
                file,
                pos(at),
                msg,
            ));
        }
    }
    for (path, at) in check.paths() {
        if let Err(bad) = field_exists(&path) {
            let hint = bad
                .1
                .as_ref()
                .map(|h| format!("；是否想写 `{h}`？"))
                .unwrap_or_default();
            let hint_en = bad
                .1
                .as_ref()
                .map(|h| format!("; did you mean `{h}`?"))
                .unwrap_or_default();
            let msg = Text::new(
                format!(
                    "检查引用的字段 `{path}` 在流程文件格式中不存在（`{}` 处）{hint}",
                    bad.0
                ),
                format!(
                    "the check names `{path}`, which is not a field of the process document (at `{}`){hint_en}",
                    bad.0
                ),
            );
            let d = Diagnostic::error(Code::StandardUnknownField, file, pos(at), msg).expected(
                Text::new(
                    "process/model.rs 中定义的字段路径，见 aftercert schema",
                    "a field path of the process document; see `aftercert schema`",
                ),
            );
            diags.push(d);
        }
    }
}

/// Checks that a dotted path (with `[]`) names a field of the process document schema.
/// On failure returns the first bad segment and a suggestion.
pub fn field_exists(path: &str) -> Result<(), (String, Option<String>)> {
    let root = schema();
    let defs = root.get("$defs");
    let mut node = root;
    for seg in path.split('.') {
        let (name, fan) = seg.strip_suffix("[]").map_or((seg, false), |n| (n, true));
        node = deref(node, defs);
        let props = node.get("properties").and_then(J::as_object);
        let Some(next) = props.and_then(|p| p.get(name)) else {
            let keys: Vec<&str> = props
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let hint =
                crate::process::validate::suggest(name, keys.iter().copied()).map(str::to_string);
            return Err((seg.to_string(), hint));
        };
        node = deref(next, defs);
        if fan {
            match node.get("items") {
                Some(items) => node = items,
                None => return Err((seg.to_string(), None)),
            }
        }
    }
    Ok(())
}

fn deref<'a>(mut node: &'a J, defs: Option<&'a J>) -> &'a J {
    for _ in 0..8 {
        if let Some(alts) = node.get("anyOf").and_then(J::as_array)
            && let Some(non_null) = alts
                .iter()
                .find(|a| a.get("type").and_then(J::as_str) != Some("null"))
        {
            node = non_null;
            continue;
        }
        match node
            .get("$ref")
            .and_then(J::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|n| defs?.get(n))
        {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_are_checked_against_the_schema() {
        assert!(field_exists("policies.warranty.no_reason_return_days").is_ok());
        assert!(field_exists("network.outlets[].region").is_ok());
        assert!(field_exists("customers.kpis").is_ok());
        let err = field_exists("policies.waranty.refund_days").unwrap_err();
        assert_eq!(err.1.as_deref(), Some("warranty"));
    }
}
