//! The `current` check: every record of a kind (each training programme, each KPI period,
//! each certificate) is within the limit `standards/records.yaml` states for the kind.
//!
//! An auditor samples every record, not the newest: one stale programme is a stale
//! programme whatever else was held. Kinds the certification bodies sample give partial
//! credit (the share of current records); others fail on the first stale record.

use super::{Context, Outcome};
use crate::i18n::Text;
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
        found: Some(found(&records, current)),
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

/// "2 of 3 current; stale: Repair skills 2024-03-01; undated: Culture".
fn found(records: &[Record<'_>], current: usize) -> String {
    let mut parts = vec![format!("{current}/{}", records.len())];
    let stale: Vec<String> = records
        .iter()
        .filter_map(|r| match r.age {
            Age::Stale(d, _) => Some(format!("{} {d}", r.name())),
            _ => None,
        })
        .take(5)
        .collect();
    if !stale.is_empty() {
        parts.push(format!("stale: {}", stale.join(", ")));
    }
    let undated: Vec<String> = records
        .iter()
        .filter(|r| r.age == Age::Undated)
        .map(Record::name)
        .take(5)
        .collect();
    if !undated.is_empty() {
        parts.push(format!("undated: {}", undated.join(", ")));
    }
    parts.join("; ")
}
