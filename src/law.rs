//! The law as data: statutory after-sales terms per product category.
//!
//! Legal criteria must know which rule binds which product (三包 covers the catalogue's
//! goods, not furniture or services) and the figure each category is owed. Those facts
//! live in one data file, `standards/law/statutory-terms.yaml`, embedded in the binary
//! like the standards, each figure with its source and confidence; this module reads it
//! and answers look-ups. `docs/statutory-terms.md` documents the rows.

use crate::i18n::Text;
use crate::standard::model::Confidence;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The embedded table, as written.
pub const SOURCE: &str = include_str!("../standards/law/statutory-terms.yaml");

/// The statutory-terms table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Always 1: the version of the table format.
    pub aftercert_law: u32,
    /// The 三包 rule sets a category can fall under.
    pub rules: Vec<RuleSet>,
    /// The general figures of the 1995 rules, by term.
    pub general: BTreeMap<String, Figure>,
    /// Figures of the Consumer Rights Protection Law that hold for every category.
    pub consumer_law: BTreeMap<String, Figure>,
    /// The category catalogue.
    pub categories: Vec<Category>,
}

/// A national 三包 rule set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Stable id, e.g. `sanbao-1995`.
    pub id: String,
    /// Its title.
    pub name: Text,
    /// The instrument that issued it.
    pub source: String,
    /// Whether that is confirmed.
    pub confidence: Confidence,
    /// The research tag (`C`, `C1`, `R`).
    pub tag: Tag,
}

/// How a research note rated a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Tag {
    /// Two or more independent sources.
    C,
    /// One source only.
    C1,
    /// Recollection, or not found.
    R,
}

/// One statutory figure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The figure: a quantity (`1 year`, `60000 km`), a number or a flag.
    pub value: FigureValue,
    /// The rule in the source's words.
    pub rule: Option<String>,
    /// The main parts the figure is for, when it is a main-part period.
    pub parts: Option<String>,
    /// Where it comes from.
    pub source: String,
    /// Confirmed only when the research tag is `C`.
    pub confidence: Confidence,
    /// The research tag.
    pub tag: Tag,
    /// A recommended figure that binds only when adopted by contract or promise.
    #[serde(default)]
    pub advisory: bool,
}

/// A figure's value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FigureValue {
    /// A yes/no rule (e.g. restart after exchange).
    Flag(bool),
    /// A count (e.g. two failed repairs).
    Number(f64),
    /// A quantity or a rate, as written.
    Text(String),
}

impl FigureValue {
    /// The value as written in reports.
    pub fn text(&self) -> String {
        match self {
            FigureValue::Flag(b) => b.to_string(),
            FigureValue::Number(n) => crate::yaml::format_number(*n),
            FigureValue::Text(s) => s.clone(),
        }
    }
}

/// A product category of the catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id, used in process documents (`products[].category`).
    pub id: String,
    /// Its name.
    pub name: Text,
    /// A remark on the row.
    pub note: Option<String>,
    /// The 三包 rule set that covers it (`rules[].id`), or `none`.
    pub sanbao: String,
    /// Where its membership comes from.
    pub membership: Membership,
    /// Its own statutory figures, by term.
    #[serde(default)]
    pub terms: BTreeMap<String, Figure>,
}

/// The source of a category's 三包 membership.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// Where it comes from.
    pub source: String,
    /// Confirmed only when the research tag is `C`.
    pub confidence: Confidence,
    /// The research tag.
    pub tag: Tag,
}

impl Category {
    /// True when a national 三包 rule set covers it.
    pub fn in_sanbao(&self) -> bool {
        self.sanbao != "none"
    }
}

impl Table {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The rule set with this id.
    pub fn rule_set(&self, id: &str) -> Option<&RuleSet> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The statutory figure a category is owed for a term: its own, else the general
    /// figure of the 1995 rules when the category is under them, else the Consumer Rights
    /// Protection Law's.
    pub fn figure<'a>(&'a self, category: &'a Category, term: &str) -> Option<&'a Figure> {
        category.terms.get(term).or_else(|| {
            (category.sanbao == "sanbao-1995")
                .then(|| self.general.get(term))
                .flatten()
                .or_else(|| self.consumer_law.get(term))
        })
    }

    /// Every category id, in table order.
    pub fn category_ids(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|c| c.id.as_str())
    }
}

/// The embedded table, parsed once. Its shape is checked by unit tests; should it ever
/// fail to parse, the table is empty and every category-scoped rule reads "cannot tell".
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_saphyr::from_str(SOURCE).unwrap_or_else(|_| Table {
            aftercert_law: 1,
            rules: Vec::new(),
            general: BTreeMap::new(),
            consumer_law: BTreeMap::new(),
            categories: Vec::new(),
        })
    })
}

/// An amount read from a statutory figure or a document: a duration or a distance.
///
/// A stop-gap reader of the few forms the law table uses (`30 days`, `6 months`,
/// `3 years`, `60000 km`, and 天 / 日 / 个月 / 年 / 公里); the quantity module of format
/// version 2 supersedes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// Calendar days.
    Days(f64),
    /// Months (a year is 12).
    Months(f64),
    /// Working days (kept apart from calendar days).
    WorkingDays(f64),
    /// Kilometres.
    Km(f64),
    /// A bare count.
    Count(f64),
}

impl Amount {
    /// Reads `NUMBER UNIT`; `None` when the form is not one this reader knows.
    pub fn parse(s: &str) -> Option<Amount> {
        let s = s.trim();
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(s.len());
        let number: f64 = s[..split].replace(',', "").parse().ok()?;
        let unit = s[split..].trim().to_lowercase();
        let amount = match unit.as_str() {
            "" => Amount::Count(number),
            "d" | "day" | "days" | "天" | "日" => Amount::Days(number),
            "working day" | "working days" | "wd" | "工作日" | "个工作日" => {
                Amount::WorkingDays(number)
            }
            "month" | "months" | "个月" | "月" => Amount::Months(number),
            "y" | "year" | "years" | "年" => Amount::Months(number * 12.0),
            "km" | "公里" | "千米" => Amount::Km(number),
            _ => return None,
        };
        Some(amount)
    }

    /// Compares two amounts of one dimension; months compare with months exactly and
    /// with days at 30 days a month; working days only with working days.
    pub fn compare(self, other: Amount) -> Option<std::cmp::Ordering> {
        let pair = match (self, other) {
            (Amount::Days(a), Amount::Days(b))
            | (Amount::Months(a), Amount::Months(b))
            | (Amount::WorkingDays(a), Amount::WorkingDays(b))
            | (Amount::Km(a), Amount::Km(b))
            | (Amount::Count(a), Amount::Count(b)) => (a, b),
            (Amount::Months(a), Amount::Days(b)) => (a * 30.0, b),
            (Amount::Days(a), Amount::Months(b)) => (a, b * 30.0),
            _ => return None,
        };
        pair.0.partial_cmp(&pair.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_its_references_hold() {
        let t: Table = serde_saphyr::from_str(SOURCE).expect("statutory-terms.yaml parses");
        assert_eq!(t.aftercert_law, 1);
        for c in &t.categories {
            assert!(
                c.sanbao == "none" || t.rule_set(&c.sanbao).is_some(),
                "{}: unknown rule set {}",
                c.id,
                c.sanbao
            );
        }
        let mut ids: Vec<&str> = t.category_ids().collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "category ids are unique");
    }

    #[test]
    fn confirmed_only_where_the_research_says_c() {
        let t = table();
        let figures = t
            .categories
            .iter()
            .flat_map(|c| c.terms.values())
            .chain(t.general.values())
            .chain(t.consumer_law.values());
        for f in figures {
            assert_eq!(
                f.confidence == Confidence::Confirmed,
                f.tag == Tag::C,
                "{}",
                f.source
            );
        }
        for c in &t.categories {
            assert_eq!(
                c.membership.confidence == Confidence::Confirmed,
                c.membership.tag == Tag::C,
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn every_duration_and_distance_in_the_table_reads() {
        for c in &table().categories {
            for (term, f) in &c.terms {
                if let FigureValue::Text(s) = &f.value
                    && !s.ends_with('%')
                    && term != "warranty_starts"
                {
                    assert!(Amount::parse(s).is_some(), "{}.{term}: {s}", c.id);
                }
            }
        }
    }

    #[test]
    fn the_2021_car_figures_and_furniture_advice() {
        let t = table();
        let car = t.category("household-car").unwrap();
        assert_eq!(car.sanbao, "car-2021");
        assert_eq!(
            t.figure(car, "warranty").unwrap().value,
            FigureValue::Text("3 years".into())
        );
        assert!(
            t.figure(car, "warranty")
                .unwrap()
                .source
                .contains("Order 43")
        );
        assert!(t.figure(car, "repaired_goods_guarantee").is_none());
        let furniture = t.category("furniture").unwrap();
        assert!(!furniture.in_sanbao());
        assert!(furniture.terms["warranty"].advisory);
        let fridge = t.category("refrigerator").unwrap();
        assert_eq!(
            t.figure(fridge, "repair_limit").unwrap().value,
            FigureValue::Text("30 days".into())
        );
    }

    #[test]
    fn amounts_compare_within_a_dimension() {
        let a = |s| Amount::parse(s).unwrap();
        use std::cmp::Ordering::*;
        assert_eq!(a("36 months").compare(a("3 years")), Some(Equal));
        assert_eq!(a("3年").compare(a("2 years")), Some(Greater));
        assert_eq!(a("60,000 km").compare(a("60000 km")), Some(Equal));
        assert_eq!(a("30天").compare(a("1 month")), Some(Equal));
        assert_eq!(a("5 working days").compare(a("5 days")), None);
        assert_eq!(a("3 years").compare(a("60000 km")), None);
        assert!(Amount::parse("3 fortnights").is_none());
    }
}
