//! Dates that age: build-out items past their planned date and records gone stale.
//!
//! A process document is written once and audited for years. With `--as-of`, a build-out
//! item planned for a date that has passed and not done is overdue, and a dated record
//! (training, survey) older than [`STALE_MONTHS`] is stale. Criteria
//! with their own `recent` limits score staleness; these warnings point at the dates so
//! a person can see what needs refreshing before the auditor does.

use crate::diag::{Code, Diagnostic};
use crate::evaluate::parse_date;
use crate::i18n::Text;
use crate::yaml::Node;
use chrono::{Months, NaiveDate};

/// Records older than this many months draw a `stale` warning.
pub const STALE_MONTHS: u32 = 36;

/// Every overdue build-out item and stale dated record in a document.
pub fn warnings(root: &Node, file: &str, as_of: NaiveDate) -> Vec<Diagnostic> {
    let mut out = overdue(root, file, as_of);
    out.extend(stale(root, file, as_of));
    out
}

fn overdue(root: &Node, file: &str, as_of: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(buildout) = root.get("buildout") else {
        return out;
    };
    for (stage, items) in buildout.entries() {
        for (item, node) in items.entries() {
            let done = node.get("status").and_then(Node::as_str) == Some("done");
            let Some(planned) = node.get("planned") else {
                continue;
            };
            let Some(date) = planned.as_str().and_then(parse_date) else {
                continue;
            };
            if !done && date < as_of {
                let path = format!("buildout.{}.{}", stage.name, item.name);
                let days = (as_of - date).num_days();
                let msg = Text::new(
                    format!("建设事项 `{path}` 计划于 {date} 完成，已逾期 {days} 天"),
                    format!(
                        "build-out item `{path}` was planned for {date} and is {days} days overdue"
                    ),
                );
                out.push(
                    Diagnostic::warning(Code::Overdue, file, planned.pos, msg).expected(Text::new(
                        "完成该事项（status: done），或更新计划日期",
                        "finish it (status: done) or re-plan it",
                    )),
                );
            }
        }
    }
    out
}

fn stale(root: &Node, file: &str, as_of: NaiveDate) -> Vec<Diagnostic> {
    let limit = as_of
        .checked_sub_months(Months::new(STALE_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    let mut out = Vec::new();
    let mut dated =
        |list: Option<&Node>, field: &str, what: &str| {
            for (i, item) in list.map(Node::items).unwrap_or_default().iter().enumerate() {
                let Some(n) = item.get(field) else { continue };
                let Some(d) = n.as_str().and_then(parse_date) else {
                    continue;
                };
                if d < limit {
                    let msg = Text::new(
                        format!("{what}[{i}].{field} 为 {d}，早于 {STALE_MONTHS} 个月"),
                        format!("{what}[{i}].{field} is {d}, older than {STALE_MONTHS} months"),
                    );
                    out.push(Diagnostic::warning(Code::Stale, file, n.pos, msg).expected(
                        Text::new(format!("不早于 {limit}"), format!("on or after {limit}")),
                    ));
                }
            }
        };
    dated(
        root.get("people").and_then(|p| p.get("training")),
        "last_held",
        "people.training",
    );
    dated(
        root.get("customers").and_then(|c| c.get("surveys")),
        "last_run",
        "customers.surveys",
    );
    out
}
