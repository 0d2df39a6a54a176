//! The product-category and buyer catalogues of the process document, read from the law
//! table.
//!
//! A product line's `category` and `buyers` decide which consumer-law rules bind it, so
//! their ids are a contract between the format (which refuses an unknown id with a
//! did-you-mean), the legal criteria and the reports (which name the category in zh and
//! en). The law table `standards/law/statutory-terms.yaml` carries the legal facts of
//! every category, so it is the one list: this module only gives the format its ids and
//! names, and writes `docs/categories.md` from it.

use crate::law::table;
use std::sync::OnceLock;

/// One catalogue entry: the id written in documents and its names in zh and en.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The id written in a process document, e.g. `refrigerator`.
    pub id: &'static str,
    /// The Chinese name, as an auditor would say it.
    pub zh: &'static str,
    /// The English name.
    pub en: &'static str,
}

/// Product categories, in the law table's order.
pub fn categories() -> &'static [Entry] {
    static CATEGORIES: OnceLock<Vec<Entry>> = OnceLock::new();
    CATEGORIES.get_or_init(|| {
        table()
            .categories
            .iter()
            .map(|c| entry(&c.id, &c.name))
            .collect()
    })
}

/// Who buys a product line: consumer law binds sales to consumers (and to farmers buying
/// production inputs, CRPL Art. 62), not sales to businesses.
pub fn buyers() -> &'static [Entry] {
    static BUYERS: OnceLock<Vec<Entry>> = OnceLock::new();
    BUYERS.get_or_init(|| {
        table()
            .buyers
            .iter()
            .map(|b| entry(&b.id, &b.name))
            .collect()
    })
}

fn entry(id: &'static str, name: &'static crate::i18n::Text) -> Entry {
    Entry {
        id,
        zh: &name.zh,
        en: &name.en,
    }
}

/// The catalogue entry with this id.
pub fn category(id: &str) -> Option<&'static Entry> {
    categories().iter().find(|c| c.id == id)
}

/// The buyer entry with this id.
pub fn buyer(id: &str) -> Option<&'static Entry> {
    buyers().iter().find(|b| b.id == id)
}

/// `docs/categories.md`, as the law table says it should read.
pub fn reference() -> String {
    let mut s = String::from(
        "<!-- Generated from the law table standards/law/statutory-terms.yaml by the test \
         `format_v2::the_categories_reference_matches_the_catalogue`; do not edit by hand.\n     \
         To regenerate: AFTERCERT_BLESS=1 cargo test the_categories_reference -->\n\n\
         # Product categories and buyers\n\n\
         A product line's `category` and `buyers` (format version 2, `products[]`) decide\n\
         which consumer-law rules bind it: the 三包 rules bind consumer sales of the\n\
         catalogue products, CRPL Art. 25 binds distance sales of goods to consumers, and a\n\
         line sold to businesses only is outside consumer law. The ids, names and 三包 rule\n\
         sets below come from the law table `standards/law/statutory-terms.yaml`, which also\n\
         gives each category's statutory figures with their source and confidence (see\n\
         [statutory-terms.md](statutory-terms.md)). Any other id is refused with the list\n\
         and a did-you-mean.\n\n\
         ## Categories\n\n| id | 名称 | Name | 三包 rules |\n|---|---|---|---|\n",
    );
    for c in &table().categories {
        let rules = if c.in_sanbao() {
            format!("`{}`", c.sanbao)
        } else {
            "none".to_string()
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {rules} |\n",
            c.id, c.name.zh, c.name.en
        ));
    }
    s.push_str("\n## Buyers\n\n| id | 名称 | Name | consumer law |\n|---|---|---|---|\n");
    for b in &table().buyers {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            b.id, b.name.zh, b.name.en, b.source
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_kebab_case_and_named() {
        let mut seen = HashSet::new();
        for c in categories().iter().chain(buyers()) {
            assert!(seen.insert(c.id), "{} twice", c.id);
            assert!(
                c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{}",
                c.id
            );
            assert!(!c.zh.is_empty() && !c.en.is_empty(), "{}", c.id);
        }
        assert_eq!(category("refrigerator").map(|c| c.zh), Some("家用电冰箱"));
        assert!(buyer("consumer").is_none());
        assert_eq!(buyers().len(), 3);
        assert!(categories().len() >= 30);
    }
}
