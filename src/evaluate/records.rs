//! The `current` check: every record of a kind (each training programme, each KPI period,
//! each certificate) is within the limit `standards/records.yaml` states for the kind.
//!
//! An auditor samples every record, not the newest: one stale programme is a stale
//! programme whatever else was held. Kinds the certification bodies sample give partial
//! credit (the share of current records); others fail on the first stale record.

use super::{Context, Outcome};
use crate::i18n::Text;
use crate::labels;
use crate::records::{Age, Kind, Record};

/// Evaluates `current: KIND` (an unknown kind is a lint error; here it is not met).
pub(super) fn current(ctx: &Context<'_>, id: &str) -> Outcome {
    let Some(kind) = crate::records::kind(id) else {
        return Outcome {
            fraction: 0.0,
            path: String::new(),
            pos: ctx.root.pos,
            expected: Text::same(format!("current: {id}")),
            found: None,
            spoken: 0.0,
            vacuous: false,
        };
    };
    let records = kind.records(ctx.root, ctx.as_of);
    let expected = expected(kind, ctx);
    let Some(first) = records.first() else {
        return Outcome {
            fraction: 0.0,
            path: kind.list.trim_end_matches("[]").to_string(),
            pos: ctx.root.pos,
            expected,
            found: None,
            spoken: 0.0,
            vacuous: false,
        };
    };
    let current = records
        .iter()
        .filter(|r| matches!(r.age, Age::Current(_)))
        .count();
    let fraction = if kind.sampled {
        current as f64 / records.len() as f64
    } else if current == records.len() {
        1.0
    } else {
        0.0
    };
    let decisive = records
        .iter()
        .find(|r| !matches!(r.age, Age::Current(_)))
        .unwrap_or(first);
    Outcome {
        fraction,
        path: format!("{}.{}", decisive.path, kind.date),
        pos: decisive.pos(),
        expected,
        found: Some(found(kind, &records, current)),
        spoken: 1.0,
        vacuous: false,
    }
}

fn expected(kind: &Kind, ctx: &Context<'_>) -> Text {
    let limit = kind.limit(ctx.as_of);
    if kind.expires {
        Text::new(
            format!("每份{}在审核日 {} 仍在有效期内", kind.title.zh, ctx.as_of),
            format!(
                "every {} still valid on the audit date, {}",
                kind.title.en, ctx.as_of
            ),
        )
    } else {
        Text::new(
            format!(
                "每项{}的日期不早于 {limit}（审核日前 {} 个月内）",
                kind.title.zh, kind.months
            ),
            format!(
                "every {} dated on or after {limit} (within {} months of the audit date)",
                kind.title.en, kind.months
            ),
        )
    }
}

/// "3 项培训中有 1 项已超过 12 个月：维修技能（2024-03-01）" / "1 of 3 training records
/// older than 12 months: Repair skills (2024-03-01)", then the undated records.
fn found(kind: &Kind, records: &[Record<'_>], current: usize) -> Text {
    let n = records.len();
    let title = &kind.title;
    let stale: Vec<Text> = records
        .iter()
        .filter_map(|r| match r.age {
            Age::Stale(d, _) => {
                let name = name(r);
                Some(Text::new(
                    format!("{}（{d}）", name.zh),
                    format!("{} ({d})", name.en),
                ))
            }
            _ => None,
        })
        .collect();
    let undated: Vec<Text> = records
        .iter()
        .filter(|r| r.age == Age::Undated)
        .map(name)
        .collect();
    let (old_zh, old_en) = if kind.expires {
        ("已过有效期".to_string(), "expired".to_string())
    } else {
        (
            format!("已超过 {} 个月", kind.months),
            format!("older than {} months", kind.months),
        )
    };
    let mut parts = Vec::new();
    if current == n {
        let (zh, en) = if kind.expires {
            ("均在有效期内".to_string(), "still valid".to_string())
        } else {
            (
                format!("均在 {} 个月内", kind.months),
                format!("within {} months", kind.months),
            )
        };
        parts.push(Text::new(
            format!("{n} 项{}{zh}", title.zh),
            format!("all {n} {} records {en}", title.en),
        ));
    }
    if !stale.is_empty() {
        let names = labels::list(&stale);
        parts.push(Text::new(
            format!(
                "{n} 项{}中有 {} 项{old_zh}：{}",
                title.zh,
                stale.len(),
                names.zh
            ),
            format!(
                "{} of {n} {} records {old_en}: {}",
                stale.len(),
                title.en,
                names.en
            ),
        ));
    }
    if !undated.is_empty() {
        let names = labels::list(&undated);
        parts.push(Text::new(
            format!("{} 项{}未注明日期：{}", undated.len(), title.zh, names.zh),
            format!(
                "{} {} records undated: {}",
                undated.len(),
                title.en,
                names.en
            ),
        ));
    }
    Text::new(
        parts
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        parts
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// A record named for a sentence: its topic, name, id, method or version, else its place
/// in its list ("第 2 项"), else the kind.
fn name(r: &Record<'_>) -> Text {
    if ["topic", "name", "id", "method", "version"]
        .iter()
        .any(|k| {
            r.node
                .get(k)
                .and_then(crate::yaml::Node::scalar_text)
                .is_some()
        })
    {
        return Text::same(r.name());
    }
    let index = r
        .path
        .strip_suffix(']')
        .and_then(|p| p.rsplit('[').next())
        .and_then(|i| i.parse::<usize>().ok());
    match index {
        Some(i) => Text::new(format!("第 {} 项", i + 1), format!("no. {}", i + 1)),
        None => Text::new("该记录", "the record"),
    }
}
