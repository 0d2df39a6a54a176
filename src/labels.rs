//! The words a report uses for a document field, read from `standards/labels.yaml`.
//!
//! A client reads "expected" and "found" as sentences ("refund period of at least 7 days"),
//! never as a YAML path (`policies.warranty.refund_days ≥ 7`). The sentences of
//! `src/evaluate` name fields through this table: every field a built-in standard's check
//! reads has a label (a unit test enforces it), as do the statutory terms of product lines
//! and the values checks and filters name. A user standard's field without a label is
//! shown as its path, so nothing is hidden.

use crate::i18n::{Lang, Text};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub(crate) const SOURCE: &str = include_str!("../standards/labels.yaml");

/// The label table.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Always 1: the version of this file's format.
    pub aftercert_labels: u32,
    /// Document fields by path (`[]` for every item of a list).
    pub fields: BTreeMap<String, Label>,
    /// Statutory terms of product lines.
    #[serde(default)]
    pub terms: BTreeMap<String, Text>,
    /// Values that checks and filters name.
    #[serde(default)]
    pub values: BTreeMap<String, Text>,
}

/// One field's words.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// Chinese noun phrase.
    pub zh: String,
    /// English noun phrase.
    pub en: String,
    /// The unit a bare number is in.
    pub unit: Option<Text>,
    /// The Chinese measure word for counting a list's items (default 项).
    pub measure: Option<String>,
    /// For a covering field: what an uncovered value lacks.
    pub none: Option<Text>,
}

/// The embedded table, parsed once (a unit test checks that it parses; should it fail,
/// every field is shown by its path).
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        crate::standard::compiled::table("labels")
            .unwrap_or_else(|| serde_saphyr::from_str(SOURCE).unwrap_or_default())
    })
}

/// A path with every list index (`[3]`) written `[]`, as the table keys it.
pub fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '[' {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        }
    }
    out
}

/// The label of a field, if the table has one.
pub fn field(path: &str) -> Option<&'static Label> {
    table().fields.get(&normalize(path))
}

/// The name of a field in both languages: its label, else its path.
pub fn name(path: &str) -> Text {
    field(path).map_or_else(
        || Text::same(normalize(path)),
        |l| Text::new(l.zh.clone(), l.en.clone()),
    )
}

/// The unit of a field's bare numbers, empty when it has none.
pub fn unit(path: &str) -> Text {
    field(path).and_then(|l| l.unit.clone()).unwrap_or_default()
}

/// The Chinese measure word for a list's items.
pub fn measure(path: &str) -> &'static str {
    field(path)
        .and_then(|l| l.measure.as_deref())
        .unwrap_or("项")
}

/// The name of a statutory term: its label, else the term as written.
pub fn term(term: &str) -> Text {
    table()
        .terms
        .get(term)
        .cloned()
        .unwrap_or_else(|| Text::same(term))
}

/// The words for a value a check names: its label, else the value as written.
pub fn value(v: &str) -> Text {
    table()
        .values
        .get(v)
        .cloned()
        .unwrap_or_else(|| Text::same(v))
}

/// A number with its unit: `7 日` / `7 days` (no unit: the number alone).
pub fn with_unit(number: &str, unit: &Text) -> Text {
    let part = |u: &str, lang: Lang| match (u.is_empty(), lang, u) {
        (true, _, _) => number.to_string(),
        (false, _, "%") => format!("{number}%"),
        (false, Lang::Zh | Lang::ZhTw, _) => format!("{number} {u}"),
        (false, Lang::En, _) if number == "1" && u.ends_with('s') => {
            format!("{number} {}", &u[..u.len() - 1])
        }
        (false, Lang::En, _) => format!("{number} {u}"),
    };
    Text::new(part(&unit.zh, Lang::Zh), part(&unit.en, Lang::En))
}

/// Joins sentences with "and" (且) or "or" (或).
pub fn join(parts: &[Text], or: bool) -> Text {
    let (zh, en) = if or {
        ("，或", "; or ")
    } else {
        ("，且", "; and ")
    };
    Text::new(
        parts
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join(zh),
        parts
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(en),
    )
}

/// How many names a list in a sentence shows before "and N more".
pub const LISTED: usize = 5;

/// Names in a sentence: at most [`LISTED`], then "等 N 项" / "and N more", so a text
/// stays short however long the document's list.
pub fn list(names: &[Text]) -> Text {
    let shown = &names[..names.len().min(LISTED)];
    let more = names.len() - shown.len();
    let mut t = Text::new(
        shown
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        shown
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    if more > 0 {
        t.zh.push_str(&format!(" 等 {} 项", names.len()));
        t.en.push_str(&format!(" and {more} more"));
    }
    t
}

/// Names written the same in both languages (values as the document states them).
pub fn list_same(names: &[String]) -> Text {
    list(&names.iter().map(Text::same).collect::<Vec<_>>())
}

/// The comparison `OP bound` in words: "不少于 7 日" / "at least 7 days"; `above` names
/// the statutory figure ("不少于法定的 7 日" / "at least the statutory 7 days").
pub fn predicate(op: crate::standard::model::Op, bound: &Text, statutory: bool) -> Text {
    use crate::standard::model::Op;
    let (zh, en) = match op {
        Op::Ge => ("不少于", "at least"),
        Op::Gt => ("超过", "more than"),
        Op::Le => ("不超过", "at most"),
        Op::Lt => ("少于", "less than"),
        Op::Eq => ("为", "equal to"),
    };
    let (zh_law, en_law) = if statutory {
        ("法定的", "the statutory ")
    } else {
        ("", "")
    };
    let gap = if bound.zh.starts_with(|c: char| c.is_ascii_digit()) {
        " "
    } else {
        ""
    };
    Text::new(
        format!("{zh}{zh_law}{gap}{}", bound.zh),
        format!("{en} {en_law}{}", bound.en),
    )
}

/// True when a text contains something shaped like a field path: two lower-case words
/// (letters and `_`) joined by a dot (`policies.warranty`), as a client text must not.
pub fn looks_like_path(text: &str) -> bool {
    let word = |c: char| c.is_ascii_lowercase() || c == '_';
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        if *c != '.' || i == 0 || !chars.get(i + 1).copied().is_some_and(word) {
            return false;
        }
        let start = chars[..i]
            .iter()
            .rposition(|c| !word(*c))
            .map_or(0, |p| p + 1);
        let before: String = chars[start..i].iter().collect();
        let boundary = start == 0 || !chars[start - 1].is_alphanumeric();
        !before.is_empty() && boundary && before != "e" && before != "i"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_table_parses() {
        let t: Table = serde_saphyr::from_str(SOURCE).expect("standards/labels.yaml parses");
        assert_eq!(t.aftercert_labels, 1);
        assert!(t.fields.len() > 100);
    }

    #[test]
    fn paths_are_recognized() {
        assert!(looks_like_path("policies.warranty.refund_days ≥ 7"));
        assert!(looks_like_path("见 network.outlets[].region"));
        assert!(!looks_like_path(
            "refund period of at least 7 days (e.g. 7 days)."
        ));
        assert!(!looks_like_path("3.5 小时；Art. 9"));
    }

    #[test]
    fn indices_become_brackets() {
        assert_eq!(
            normalize("network.outlets[12].region"),
            "network.outlets[].region"
        );
        assert_eq!(normalize("a[].b"), "a[].b");
        assert_eq!(name("network.outlets[3].region").en, "outlet regions");
        assert_eq!(name("x.y").zh, "x.y");
    }

    /// Every field, statutory term and named value a built-in standard's checks read.
    fn read_by_builtins() -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
        use crate::standard::model::Check;
        fn walk(c: &Check, terms: &mut BTreeSet<String>, values: &mut BTreeSet<String>) {
            c.visit(&mut |c| {
                let mut filter = |f: Option<&crate::standard::model::Filter>| {
                    for v in f.into_iter().flat_map(|f| f.values()) {
                        let items = match &v.value {
                            crate::yaml::Value::Seq(items) => items.iter().collect(),
                            _ => vec![v],
                        };
                        values.extend(items.into_iter().filter_map(|i| {
                            i.scalar_text().filter(|s| s != "true" && s != "false")
                        }));
                    }
                };
                match c {
                    Check::Statutory(s) => {
                        terms.insert(s.term.clone());
                        terms.extend(s.figure.clone());
                    }
                    Check::OneOf { values: vs, .. } => values.extend(vs.iter().cloned()),
                    Check::Count { filter: f, .. } | Check::Each { filter: f, .. } => {
                        filter(f.as_ref());
                    }
                    _ => {}
                }
            });
        }
        let (lib, diags) = crate::standard::load::load_library(Vec::new());
        assert!(!crate::diag::has_errors(&diags), "{diags:?}");
        let (mut paths, mut terms, mut values) = Default::default();
        for s in &lib.standards {
            for r in &s.rules {
                for check in std::iter::once(&r.check).chain(r.applies_if.as_ref()) {
                    let set: &mut BTreeSet<String> = &mut paths;
                    set.extend(check.paths().into_iter().map(|(p, _)| normalize(&p)));
                    walk(check, &mut terms, &mut values);
                }
            }
        }
        (paths, terms, values)
    }

    #[test]
    fn every_field_a_builtin_standard_reads_has_a_label() {
        let (paths, terms, values) = read_by_builtins();
        assert!(paths.len() > 150, "{}", paths.len());
        let missing: Vec<&String> = paths.iter().filter(|p| field(p).is_none()).collect();
        assert!(missing.is_empty(), "fields without a label: {missing:?}");
        let missing: Vec<&String> = terms
            .iter()
            .filter(|t| !table().terms.contains_key(*t))
            .collect();
        assert!(missing.is_empty(), "terms without a label: {missing:?}");
        let missing: Vec<&String> = values
            .iter()
            .filter(|v| !table().values.contains_key(*v))
            .collect();
        assert!(missing.is_empty(), "values without a label: {missing:?}");
        for kind in &crate::records::catalogue().kinds {
            assert!(!kind.title.zh.is_empty() && !kind.title.en.is_empty());
        }
    }

    #[test]
    fn no_label_is_itself_a_path() {
        let t = table();
        let texts = t
            .fields
            .values()
            .flat_map(|l| [l.zh.as_str(), l.en.as_str()])
            .chain(
                t.terms
                    .values()
                    .flat_map(|l| [l.zh.as_str(), l.en.as_str()]),
            )
            .chain(
                t.values
                    .values()
                    .flat_map(|l| [l.zh.as_str(), l.en.as_str()]),
            );
        for s in texts {
            assert!(!looks_like_path(s), "{s}");
            assert!(!s.contains('_'), "{s}");
        }
    }
}
