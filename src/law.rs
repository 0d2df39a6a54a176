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
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
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
    /// Who may buy a product line, and whether consumer law protects them.
    pub buyers: Vec<Buyer>,
}

/// A buyer class of the catalogue (`products[].buyers`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    /// Stable id, used in process documents.
    pub id: String,
    /// Its name.
    pub name: Text,
    /// Whether consumer law protects sales to it, and under which article.
    pub source: String,
}

/// A national 三包 rule set.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
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
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The figure: a quantity (`1 year`, `60000 km`), a number or a flag.
    pub value: FigureValue,
    /// The rule in the source's words.
    pub rule: Option<String>,
    /// The parts the figure is for, in the source's words (`、` between them), when it is
    /// a part's period: `products[].terms.components[].part` is matched against them.
    pub parts: Option<String>,
    /// Other names of those parts a document may write (`battery`).
    #[serde(default)]
    pub aliases: Vec<String>,
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum FigureValue {
    /// A yes/no rule (e.g. restart after exchange).
    Flag(bool),
    /// A count (e.g. two failed repairs).
    Number(f64),
    /// A quantity or a rate, as written.
    Text(String),
}

/// A figure's value as YAML writes it: whichever type the scalar has.
#[derive(Deserialize)]
#[serde(untagged, remote = "FigureValue")]
enum FigureValueYaml {
    Flag(bool),
    Number(f64),
    Text(String),
}

/// A figure's value in the compiled form (`standard::compiled`), tagged.
#[derive(Deserialize)]
#[serde(remote = "FigureValue")]
enum FigureValueWire {
    Flag(bool),
    Number(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for FigureValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            FigureValueYaml::deserialize(d)
        } else {
            FigureValueWire::deserialize(d)
        }
    }
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
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
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
    /// False for a category that sells no goods (商品): rules on the sale of goods do not
    /// bind it.
    #[serde(default = "yes")]
    pub goods: bool,
    /// Its own statutory figures, by term.
    #[serde(default)]
    pub terms: BTreeMap<String, Figure>,
}

fn yes() -> bool {
    true
}

/// The source of a category's 三包 membership.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
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

    /// Every term the table gives a figure for, sorted.
    pub fn terms(&self) -> Vec<&str> {
        let mut terms: Vec<&str> = self
            .general
            .keys()
            .chain(self.consumer_law.keys())
            .chain(self.categories.iter().flat_map(|c| c.terms.keys()))
            .map(String::as_str)
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    /// The buyer class with this id.
    pub fn buyer(&self, id: &str) -> Option<&Buyer> {
        self.buyers.iter().find(|b| b.id == id)
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
        if let Some(t) = crate::standard::compiled::table("law") {
            return t;
        }
        serde_saphyr::from_str(SOURCE).unwrap_or_else(|_| Table {
            aftercert_law: 1,
            rules: Vec::new(),
            general: BTreeMap::new(),
            consumer_law: BTreeMap::new(),
            categories: Vec::new(),
            buyers: Vec::new(),
        })
    })
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
                    assert!(crate::quantity::parse(s).is_ok(), "{}.{term}: {s}", c.id);
                }
            }
        }
    }

    #[test]
    fn buyers_goods_and_part_names_are_in_the_table() {
        let t = table();
        let ids: Vec<&str> = t.buyers.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["consumers", "businesses", "farmers"]);
        assert!(t.buyer("farmers").unwrap().source.contains("Art. 62"));
        let goods: Vec<&str> = t
            .categories
            .iter()
            .filter(|c| !c.goods)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(goods, ["service-only"]);
        for c in &t.categories {
            for (term, f) in &c.terms {
                assert!(
                    f.aliases.is_empty() || f.parts.is_some(),
                    "{}.{term}: aliases without parts",
                    c.id
                );
            }
        }
        let phone = t.category("mobile-phone").unwrap();
        assert_eq!(phone.terms["battery"].parts.as_deref(), Some("电池"));
        assert_eq!(phone.terms["repair_limit"].tag, Tag::C1);
        assert!(t.terms().contains(&"repair_limit"));
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
        for (term, value, article) in [
            ("major_part_replacement_window", "60 days", "Art. 20"),
            ("major_part_replacement_distance", "3000 km", "Art. 20"),
            ("loan_car_after", "5 days", "Art. 21"),
            ("exchange_or_return_window", "7 days", "Art. 22"),
            ("safety_failure_window", "60 days", "Art. 23"),
            ("safety_failure_distance", "3000 km", "Art. 23"),
            ("cumulative_repair_limit", "30 days", "Art. 24"),
            (
                "replacement_request_answer_within",
                "10 working days",
                "Art. 28",
            ),
            ("replacement_completed_within", "20 working days", "Art. 28"),
        ] {
            let f = &car.terms[term];
            assert_eq!(f.value, FigureValue::Text(value.into()), "{term}");
            assert!(f.source.contains(article), "{term}: {}", f.source);
            assert!(
                crate::process::normalize::TERM_KEYS.contains(&term),
                "{term} is a term a car line can state"
            );
        }
        assert_eq!(
            car.terms["restart_after_exchange"].value,
            FigureValue::Flag(true)
        );
        let furniture = t.category("furniture").unwrap();
        let art54 = t.figure(furniture, "takes_back_nonconforming").unwrap();
        assert!(art54.source.contains("Art. 54"), "{}", art54.source);
        assert!(!furniture.in_sanbao());
        assert!(furniture.terms["warranty"].advisory);
        let fridge = t.category("refrigerator").unwrap();
        assert_eq!(
            t.figure(fridge, "repair_limit").unwrap().value,
            FigureValue::Text("30 days".into())
        );
    }
}
