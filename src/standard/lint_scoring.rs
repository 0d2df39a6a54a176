//! Lints how a standard scores as a whole, beyond one criterion at a time.
//!
//! A score an auditor signs counts each fact once unless a source says otherwise. So every
//! special deduction names the ground it rests on; a deduction or bonus that reads a fact a
//! scored criterion also reads lists that criterion in `counts_with` with the reason
//! (`basis`); ages come from the record catalogue, never from a limit restated in a
//! criterion; points fixed by a source are sourced and fit their section; and every scored
//! criterion reads something of the document, or its coverage could not be told.

use super::model::{Check, Confidence, Method, Standard};
use super::rule::{Rule, RuleKind, pos};
use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use std::collections::{BTreeSet, HashMap};

/// What a check reads: document paths (with `[]`), statutory terms and record kinds.
pub(super) fn facts(check: &Check) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = check.paths().into_iter().map(|(p, _)| p).collect();
    check.visit(&mut |c| match c {
        Check::Statutory(s) => {
            out.insert(format!("products[].effective.{}", s.term));
        }
        Check::Current(kind) => {
            out.insert(format!("record:{}", kind.value));
            if let Some(k) = crate::records::kind(&kind.value) {
                out.insert(format!("{}.{}", k.list, k.date));
            }
        }
        _ => {}
    });
    out
}

/// Lints the scoring of a resolved standard.
pub(super) fn lint_scoring(s: &Standard, rules: &[Rule], file: &str, diags: &mut Vec<Diagnostic>) {
    let facts: Vec<BTreeSet<String>> = rules.iter().map(|r| facts(&r.check)).collect();
    let scored: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == RuleKind::Scored)
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    for (i, r) in rules.iter().enumerate() {
        match r.kind {
            RuleKind::Scored => {
                if facts[i].is_empty() {
                    diags.push(nothing_read(r, file));
                }
            }
            RuleKind::Deduction | RuleKind::Bonus => {
                if r.kind == RuleKind::Deduction && r.ground.is_none() {
                    diags.push(no_ground(r, file));
                }
                lint_counts_with(r, &facts, i, rules, &scored, file, diags);
            }
        }
        lint_ages(r, file, diags);
    }
    lint_fixed_points(s, file, diags);
}

fn scoring_error(r: &Rule, file: &str, msg: Text, expected: Text) -> Diagnostic {
    Diagnostic::error(Code::StandardScoring, file, r.pos, msg).expected(expected)
}

fn nothing_read(r: &Rule, file: &str) -> Diagnostic {
    scoring_error(
        r,
        file,
        Text::new(
            format!(
                "评价项 `{}` 的检查不读取流程文件的任何内容，无法判断文件是否涉及",
                r.id
            ),
            format!(
                "criterion `{}` reads nothing of the document, so whether the document speaks to it cannot be told",
                r.id
            ),
        ),
        Text::new(
            "检查至少读取一个字段、法定条款或记录",
            "a check that reads a field, a statutory term or a record",
        ),
    )
}

fn no_ground(r: &Rule, file: &str) -> Diagnostic {
    scoring_error(
        r,
        file,
        Text::new(
            format!("特别扣分项 `{}` 未写明扣分依据（ground）", r.id),
            format!(
                "special deduction `{}` does not say on what ground it rests (`ground`)",
                r.id
            ),
        ),
        Text::same("ground: law | own-rules | industry | system"),
    )
}

/// A deduction or bonus reading a fact that a scored criterion also reads must list the
/// criterion in `counts_with`, with the reason; what it lists must be a scored criterion of
/// the same standard that does read a common fact.
fn lint_counts_with(
    r: &Rule,
    facts: &[BTreeSet<String>],
    i: usize,
    rules: &[Rule],
    scored: &HashMap<&str, usize>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let what = if r.kind == RuleKind::Deduction {
        Text::new("特别扣分项", "special deduction")
    } else {
        Text::new("特别加分项", "bonus item")
    };
    for (j, c) in rules.iter().enumerate() {
        // An advisory criterion costs nothing, so sharing a fact with it counts nothing twice.
        if c.kind != RuleKind::Scored || c.advisory || r.counts_with.iter().any(|x| x == &c.id) {
            continue;
        }
        let Some(common) = facts[i].intersection(&facts[j]).next() else {
            continue;
        };
        diags.push(scoring_error(
            r,
            file,
            Text::new(
                format!(
                    "{}`{}` 与评价项 `{}` 检查同一事实（`{common}`），但没有在 counts_with 中列出并说明理由",
                    what.zh, r.id, c.id
                ),
                format!(
                    "{} `{}` reads the same fact as criterion `{}` (`{common}`) but does not list it in `counts_with` with a `basis`",
                    what.en, r.id, c.id
                ),
            ),
            Text::new(
                format!("counts_with: [{}] 并在 basis 中引用重复计分的来源，或不再重复计分", c.id),
                format!(
                    "counts_with: [{}] with a `basis` citing why the fact counts twice, or count it once",
                    c.id
                ),
            ),
        ));
    }
    for id in &r.counts_with {
        let shares = scored
            .get(id.as_str())
            .is_some_and(|&j| facts[i].intersection(&facts[j]).next().is_some());
        if !shares {
            diags.push(
                Diagnostic::error(
                    Code::StandardReference,
                    file,
                    r.pos,
                    Text::new(
                        format!("`{}` 的 counts_with 列出的 `{id}` 不是本标准中检查同一事实的评价项", r.id),
                        format!(
                            "`{}` lists `{id}` in counts_with, which is not a scored criterion of this standard reading a common fact",
                            r.id
                        ),
                    ),
                )
                .expected(Text::new(
                    "本标准中与之检查同一事实的评价项编号",
                    "the id of a scored criterion of this standard that reads a common fact",
                )),
            );
        }
    }
    if !r.counts_with.is_empty()
        && r.basis
            .as_ref()
            .is_none_or(|b| b.zh.trim().is_empty() || b.en.trim().is_empty())
    {
        diags.push(scoring_error(
            r,
            file,
            Text::new(
                format!(
                    "`{}` 与其他评价项重复计分，但没有写明理由（basis，中英文）",
                    r.id
                ),
                format!(
                    "`{}` counts with other criteria but gives no reason (`basis`, zh and en)",
                    r.id
                ),
            ),
            Text::same("basis: {zh: …, en: …}"),
        ));
    }
}

/// Ages of dated records come from the record catalogue: a `recent` check on a record's
/// date must not contradict its limit, nor read a list of records (where the newest would
/// hide the stale ones); a `current` check must name a known kind.
fn lint_ages(r: &Rule, file: &str, diags: &mut Vec<Diagnostic>) {
    let kinds = &crate::records::catalogue().kinds;
    r.check.visit(&mut |c| match c {
        Check::Recent { path, months } => {
            let owner = kinds
                .iter()
                .find(|k| format!("{}.{}", k.list, k.date) == path.value);
            if let Some(k) =
                owner.filter(|k| k.expires || k.months != *months || k.list.ends_with("[]"))
            {
                diags.push(
                    Diagnostic::error(
                        Code::StandardScoring,
                        file,
                        pos(path),
                        Text::new(
                            format!(
                                "`{}` 是“{}”记录的日期，其时效在 records.yaml 中统一规定（{}），且每项记录都要核对；这里写的是 {months} 个月内{}",
                                path.value, k.title.zh, k.limit_text().zh,
                                if k.list.ends_with("[]") { "、只看最新的一项" } else { "" }
                            ),
                            format!(
                                "`{}` is the date of a {} record, whose age limit is stated once in records.yaml ({}) and applies to every record; this check says within {months} months{}",
                                path.value, k.title.en, k.limit_text().en,
                                if k.list.ends_with("[]") { ", newest only" } else { "" }
                            ),
                        ),
                    )
                    .expected(Text::same(format!("current: {}", k.id))),
                );
            }
        }
        Check::Current(kind) if crate::records::kind(&kind.value).is_none() => {
            let ids = kinds.iter().map(|k| k.id.as_str());
            let hint = crate::process::validate::suggest(&kind.value, ids.clone());
            diags.push(
                Diagnostic::error(
                    Code::StandardReference,
                    file,
                    pos(kind),
                    Text::new(
                        format!(
                            "未知的记录类型 `{}`{}",
                            kind.value,
                            hint.map(|h| format!("；是否想写 `{h}`？"))
                                .unwrap_or_default()
                        ),
                        format!(
                            "unknown record kind `{}`{}",
                            kind.value,
                            hint.map(|h| format!("; did you mean `{h}`?"))
                                .unwrap_or_default()
                        ),
                    ),
                )
                .expected(crate::process::validate::listed(ids)),
            );
        }
        _ => {}
    });
}

/// Points fixed by a source: weighted standards only, positive, sourced (not assumed), and
/// within their section's weight.
fn lint_fixed_points(s: &Standard, file: &str, diags: &mut Vec<Diagnostic>) {
    for sec in &s.sections {
        let mut sum = 0.0;
        for c in sec.indicators.iter().flat_map(|i| &i.criteria) {
            let Some(p) = &c.total_points else { continue };
            sum += p.value;
            let bad = if s.scoring.method != Method::Weighted {
                Some(Text::new(
                    "total_points 只用于加权评分法",
                    "total_points applies to the weighted method only",
                ))
            } else if !(p.value.is_finite() && p.value > 0.0) {
                Some(Text::new(
                    "total_points 须为正数",
                    "total_points must be positive",
                ))
            } else if !matches!(
                c.confidence,
                Some(Confidence::Confirmed | Confidence::SingleSource)
            ) {
                Some(Text::new(
                    "固定分值须有来源：写明 confidence: confirmed 或 single_source",
                    "a fixed point value needs a source: state confidence: confirmed or single_source",
                ))
            } else {
                None
            };
            if let Some(msg) = bad {
                diags.push(
                    Diagnostic::error(Code::StandardScoring, file, pos(p), msg)
                        .expected(Text::same("total_points: N (0 < N ≤ section weight)")),
                );
            }
        }
        let weight = sec.weight.as_ref().map(|w| w.value);
        if let Some(w) = weight
            && sum > w + 1e-9
        {
            diags.push(Diagnostic::error(
                Code::StandardWeights,
                file,
                pos(&sec.id),
                Text::new(
                    format!("`{}` 中固定分值之和 {sum} 超过其权重 {w}", sec.id.value),
                    format!(
                        "fixed points in `{}` add up to {sum}, above its weight {w}",
                        sec.id.value
                    ),
                ),
            ));
        }
    }
}
