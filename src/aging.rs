//! Dates that age: build-out items past their planned date and records gone stale.
//!
//! A process document is written once and audited for years. With `--as-of`, a build-out
//! item planned for a date that has passed and not done is overdue, and a dated record
//! older than its kind's limit in `standards/records.yaml` is stale. The criteria that rest
//! on those records (`current: KIND`) use the same limits, so a warning and a lost point
//! never disagree; the warnings point at each date so a person can see what needs
//! refreshing before the auditor does.

use crate::diag::{Code, Diagnostic};
use crate::evaluate::parse_date;
use crate::i18n::Text;
use crate::records::{self, Age};
use crate::yaml::Node;
use chrono::NaiveDate;

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
    let mut out = Vec::new();
    for kind in &records::catalogue().kinds {
        for r in kind.records(root, as_of) {
            if let Age::Stale(date, limit) = r.age {
                out.push(stale_record(kind, &r, date, limit, file));
            }
        }
    }
    out
}

fn stale_record(
    kind: &records::Kind,
    r: &records::Record<'_>,
    date: NaiveDate,
    limit: NaiveDate,
    file: &str,
) -> Diagnostic {
    let at = format!("{}.{}", r.path, kind.date);
    let raw = r.name();
    let name = crate::text::visible(&raw);
    let msg = if kind.expires {
        Text::new(
            format!("{}“{name}”（{at}）已于 {date} 过期", kind.title.zh),
            format!("{} `{name}` ({at}) expired on {date}", kind.title.en),
        )
    } else {
        Text::new(
            format!(
                "{}“{name}”（{at}）为 {date}，已超过 {} 个月",
                kind.title.zh, kind.months
            ),
            format!(
                "{} `{name}` ({at}) is dated {date}, older than {} months",
                kind.title.en, kind.months
            ),
        )
    };
    let expected = if kind.expires {
        Text::new(
            format!("在审核日 {limit} 仍有效；更新证书后写明新的有效期"),
            format!("valid on the audit date, {limit}; renew it and state the new date"),
        )
    } else {
        Text::new(
            format!("不早于 {limit}；重新开展后更新日期"),
            format!("on or after {limit}; hold it again and update the date"),
        )
    };
    Diagnostic::warning(Code::Stale, file, r.pos(), msg).expected(expected)
}
