//! Dated records and how old each may be: one limit per record kind, read from
//! `standards/records.yaml`.
//!
//! A criterion that rests on a record cites its kind (`current: training`); the `stale`
//! warning reads the same table. So a limit is stated once, criteria and warnings never
//! disagree, and every record counts: a fresh programme does not hide a stale one.

use crate::evaluate::parse_date;
use crate::i18n::Text;
use crate::standard::model::Confidence;
use crate::yaml::{Node, Pos};
use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;
use std::sync::OnceLock;

pub(crate) const SOURCE: &str = include_str!("../standards/records.yaml");

/// The record catalogue.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Always 1: the version of this file's format.
    pub aftercert_records: u32,
    /// The record kinds.
    pub kinds: Vec<Kind>,
}

/// One kind of dated record.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// The id criteria cite.
    pub id: String,
    /// What it is, as a noun.
    pub title: Text,
    /// Where the records are: a list (`people.training[]`) or one mapping.
    pub list: String,
    /// The field holding the date (or reporting period, or validity end).
    pub date: String,
    /// The most months the date may lie before the audit date.
    #[serde(default)]
    pub months: u32,
    /// The date is a validity end: current until it has passed.
    #[serde(default)]
    pub expires: bool,
    /// Partial credit: the share of current records.
    #[serde(default)]
    pub sampled: bool,
    /// Whether a source confirms the limit.
    pub confidence: Confidence,
    /// Why this limit, with its source.
    pub basis: Text,
}

/// The embedded catalogue, parsed once (its shape is checked by a unit test; should it
/// ever fail to parse, no kind is known and every `current` check fails lint).
pub fn catalogue() -> &'static Catalogue {
    static TABLE: OnceLock<Catalogue> = OnceLock::new();
    TABLE.get_or_init(|| {
        if let Some(c) = crate::standard::compiled::table("records") {
            return c;
        }
        serde_saphyr::from_str(SOURCE).unwrap_or(Catalogue {
            aftercert_records: 1,
            kinds: Vec::new(),
        })
    })
}

/// The record kind with this id.
pub fn kind(id: &str) -> Option<&'static Kind> {
    catalogue().kinds.iter().find(|k| k.id == id)
}

/// How one record stands at the audit date.
#[derive(Debug, Clone, PartialEq)]
pub enum Age {
    /// Within its limit.
    Current(NaiveDate),
    /// Past its limit: the date it was, and the date it had to be on or after.
    Stale(NaiveDate, NaiveDate),
    /// No date, or one that cannot be read.
    Undated,
}

/// One record of a kind in a document.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// Its YAML path (`people.training[1]`).
    pub path: String,
    /// The record's node.
    pub node: &'a Node,
    /// The date's node, when there is one.
    pub date: Option<&'a Node>,
    /// How it stands.
    pub age: Age,
}

impl Record<'_> {
    /// Where to point at: the date, else the record.
    pub fn pos(&self) -> Pos {
        self.date.map_or(self.node.pos, |d| d.pos)
    }

    /// The record's name, for messages: its `topic`, `name`, `id` or `method`, else its path.
    pub fn name(&self) -> String {
        ["topic", "name", "id", "method", "version"]
            .iter()
            .find_map(|k| self.node.get(k).and_then(Node::scalar_text))
            .map_or_else(|| self.path.clone(), |n| crate::yaml::clip(&n, 80))
    }
}

impl Kind {
    /// The earliest date still current at `as_of` (the validity end for `expires`).
    pub fn limit(&self, as_of: NaiveDate) -> NaiveDate {
        if self.expires {
            return as_of;
        }
        as_of
            .checked_sub_months(Months::new(self.months))
            .unwrap_or(NaiveDate::MIN)
    }

    /// Every record of this kind in a document, in document order.
    pub fn records<'a>(&self, root: &'a Node, as_of: NaiveDate) -> Vec<Record<'a>> {
        let limit = self.limit(as_of);
        let (base, fan) = match self.list.strip_suffix("[]") {
            Some(b) => (b, true),
            None => (self.list.as_str(), false),
        };
        let Some(node) = root.at(base).filter(|n| !n.is_null()) else {
            return Vec::new();
        };
        let items: Vec<(String, &Node)> = if fan {
            node.items()
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("{base}[{i}]"), n))
                .collect()
        } else {
            vec![(base.to_string(), node)]
        };
        items
            .into_iter()
            .map(|(path, n)| {
                let date = n.get(&self.date).filter(|d| !d.is_null());
                let age = match date
                    .and_then(Node::scalar_text)
                    .and_then(|s| record_date(&s))
                {
                    Some(d) if d >= limit => Age::Current(d),
                    Some(d) => Age::Stale(d, limit),
                    None => Age::Undated,
                };
                Record {
                    path,
                    node: n,
                    date,
                    age,
                }
            })
            .collect()
    }

    /// The limit in words: "within 12 months" or "still valid".
    pub fn limit_text(&self) -> Text {
        if self.expires {
            Text::new("仍在有效期内", "still valid")
        } else {
            Text::new(
                format!("{} 个月内", self.months),
                format!("within {} months", self.months),
            )
        }
    }
}

/// `docs/records.md`: every record kind, its field, limit and basis, generated from the
/// catalogue so the reference cannot drift from what is scored.
pub fn reference() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "# Dated records and their age limits\n\n\
         <!-- Generated from standards/records.yaml. \
         To regenerate: AFTERCERT_BLESS=1 cargo test the_records_reference -->\n\n\
         A criterion that rests on a dated record cites its kind (`current: KIND`, see \
         `standards/CHECKS.md`); the `stale` warning uses the same limits. Every record of \
         the kind counts: one stale training programme is not hidden by a fresh one. \
         Sampled kinds give partial credit (the share of current records); for the others one \
         stale or undated record fails the criterion. A reporting period (`2025`, `2025-H1`, \
         `2025-Q3`, `2025-06`) counts from its last day.\n\n\
         | Kind | Record | Date field | Limit | Sampled | Confidence | Basis |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for k in &catalogue().kinds {
        let limit = if k.expires {
            "valid on the audit date".to_string()
        } else {
            format!("{} months", k.months)
        };
        let _ = writeln!(
            out,
            "| `{}` | {} / {} | `{}.{}` | {limit} | {} | {} | {} |",
            k.id,
            k.title.en,
            k.title.zh,
            k.list,
            k.date,
            if k.sampled { "yes" } else { "no" },
            k.confidence.id(),
            k.basis.en.replace('|', "\\|"),
        );
    }
    out
}

/// A record's date: a calendar date, or the last day of a reporting period written `2025`,
/// `2025-H1`, `2025-Q3` or `2025-06` (a KPI's period counts from its end).
pub fn record_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let (year, rest) = match s.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (s, None),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let last_month = match rest {
        None => 12,
        Some(r) => {
            let r = r.to_ascii_uppercase();
            match r.as_bytes() {
                [b'H', h @ (b'1' | b'2')] => u32::from(h - b'0') * 6,
                [b'Q', q @ b'1'..=b'4'] => u32::from(q - b'0') * 3,
                [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                    let m = u32::from(a - b'0') * 10 + u32::from(b - b'0');
                    if (1..=12).contains(&m) {
                        m
                    } else {
                        return None;
                    }
                }
                _ => return None,
            }
        }
    };
    let first_of_next = if last_month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, last_month + 1, 1)?
    };
    first_of_next.pred_opt().filter(|d| d.year() == year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_parses_and_every_kind_has_a_limit() {
        let c: Catalogue = serde_saphyr::from_str(SOURCE).expect("records.yaml parses");
        assert_eq!(c.aftercert_records, 1);
        let mut ids: Vec<&str> = c.kinds.iter().map(|k| k.id.as_str()).collect();
        for k in &c.kinds {
            assert!(k.expires || k.months > 0, "{}: no limit", k.id);
            assert!(!k.basis.zh.is_empty() && !k.basis.en.is_empty(), "{}", k.id);
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "kind ids are unique");
    }

    #[test]
    fn periods_count_from_their_last_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(record_date("2025"), d(2025, 12, 31));
        assert_eq!(record_date("2025-H1"), d(2025, 6, 30));
        assert_eq!(record_date("2025-q3"), d(2025, 9, 30));
        assert_eq!(record_date("2024-02"), d(2024, 2, 29));
        assert_eq!(record_date("2025-03-04"), d(2025, 3, 4));
        for bad in [
            "2025-H3",
            "2025-Q5",
            "2025-13",
            "25",
            "2025-",
            "x",
            "",
            "9999999999",
        ] {
            assert_eq!(record_date(bad), None, "{bad}");
        }
    }
}
