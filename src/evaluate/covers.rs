//! The `covers` check: every required value (a sales region, a KPI family) is covered by
//! the document's main list or, with `also`, by further sources (outlet counts, service
//! modes that count as coverage), with partial credit and the way each value is covered.
//!
//! The further sources are collected once into hash maps, so the check costs the same
//! per value whether a document has ten regions or a hundred thousand.

use super::{Hit, Outcome, Scope, lookup, matches, one, texts};
use crate::i18n::Text;
use crate::labels;
use crate::standard::model::CoverSource;
use crate::standard::spanned::Spanned;
use crate::yaml::Node;
use std::collections::HashSet;

/// Evaluates `covers`: `path` against the values of `of`, then the `also` sources.
pub(super) fn covers(
    scope: Scope<'_>,
    path: &Spanned<String>,
    of: &Spanned<String>,
    also: &[CoverSource],
) -> Outcome {
    let have = texts(&lookup(scope, &path.value));
    let have: HashSet<&str> = have.iter().map(String::as_str).collect();
    let need_hit = one(scope, of);
    let need = texts(std::slice::from_ref(&need_hit));
    let others = Others::collect(scope, also);
    let how = |n: &str| (!have.contains(n)).then(|| others.how(n));
    let missing: Vec<&str> = need
        .iter()
        .filter(|n| matches!(how(n), Some(None)))
        .map(String::as_str)
        .collect();
    let fraction = if need.is_empty() {
        0.0
    } else {
        1.0 - missing.len() as f64 / need.len() as f64
    };
    let covering = labels::name(&super::join(scope.path, &path.value));
    let of_name = labels::name(&need_hit.path);
    let mut expected = Text::new(
        format!("{}覆盖全部{}", covering.zh, of_name.zh),
        format!("{} cover every one of the {}", covering.en, of_name.en),
    );
    if !others.used.is_empty() {
        let also = labels::list(
            &others
                .used
                .iter()
                .map(|p| labels::name(p))
                .collect::<Vec<_>>(),
        );
        expected.zh.push_str(&format!("（{}也计入）", also.zh));
        expected
            .en
            .push_str(&format!(" (counting {} too)", also.en));
    }
    let otherwise: Vec<Text> = need
        .iter()
        .filter_map(|n| {
            how(n)
                .flatten()
                .map(|h| Text::new(format!("{n}（{}）", h.zh), format!("{n} ({})", h.en)))
        })
        .collect();
    let none = labels::field(&super::join(scope.path, &path.value))
        .and_then(|l| l.none.clone())
        .unwrap_or_else(|| Text::new("未覆盖", "not covered"));
    let found =
        (!need.is_empty()).then(|| found(&of_name, need.len(), &missing, &none, &otherwise));
    // Silent when the document states neither what must be covered nor anything covering.
    let spoken = if need.is_empty() && have.is_empty() && others.used.is_empty() {
        0.0
    } else {
        1.0
    };
    Outcome {
        fraction,
        path: need_hit.path.clone(),
        pos: need_hit.pos,
        expected,
        found,
        spoken,
        vacuous: false,
    }
}

/// "6 个销售区域中有 3 个没有服务网点：安徽、广东、北京" / "3 of 6 sales regions have no
/// outlet: Anhui, Guangdong, Beijing", then the values covered by further sources.
fn found(of: &Text, n: usize, missing: &[&str], none: &Text, otherwise: &[Text]) -> Text {
    let m = "个";
    let mut t = if missing.is_empty() {
        Text::new(
            format!("全部 {n} {m}{}均已覆盖", of.zh),
            format!("all {n} {} covered", of.en),
        )
    } else {
        let names = labels::list_same(&missing.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        Text::new(
            format!(
                "{n} {m}{}中有 {} {m}{}：{}",
                of.zh,
                missing.len(),
                none.zh,
                names.zh
            ),
            format!(
                "{} of {n} {} {}: {}",
                missing.len(),
                of.en,
                none.en,
                names.en
            ),
        )
    };
    if !otherwise.is_empty() {
        let names = labels::list(otherwise);
        t.zh.push_str(&format!(
            "；{} {m}以其他方式覆盖：{}",
            otherwise.len(),
            names.zh
        ));
        t.en.push_str(&format!(
            "; {} covered otherwise: {}",
            otherwise.len(),
            names.en
        ));
    }
    t
}

/// The values the `also` sources of a `covers` check cover, each with the first item
/// that covers it (built once, looked up in constant time: the check stays linear).
#[derive(Default)]
struct Others {
    /// Each covered value and the item that covers it, in words.
    by_value: std::collections::HashMap<String, Text>,
    /// The first item that covers every value (a source item without its field).
    everything: Option<Text>,
    /// The covering fields of the sources that had items (`list[].field`), for the
    /// expectation.
    used: Vec<String>,
}

impl Others {
    fn collect(scope: Scope<'_>, also: &[CoverSource]) -> Self {
        let mut out = Others::default();
        for source in also {
            out.add(scope, source);
        }
        out
    }

    /// How a value not covered by the main path is covered: `Some(item)` or `None`.
    fn how(&self, value: &str) -> Option<Text> {
        self.by_value
            .get(value)
            .or(self.everything.as_ref())
            .cloned()
    }

    fn add(&mut self, scope: Scope<'_>, source: &CoverSource) {
        let allowed: Vec<(&str, HashSet<String>)> = source
            .where_in
            .iter()
            .map(|(field, at)| {
                let hit = one(scope, at);
                (field.as_str(), texts(&[hit]).into_iter().collect())
            })
            .collect();
        let mut any_items = false;
        for list in lookup(scope, &source.path.value) {
            for item in list.node.map(Node::items).unwrap_or_default() {
                any_items = true;
                let wanted = matches(item, source.filter.as_ref())
                    && source
                        .unless
                        .as_ref()
                        .is_none_or(|u| !matches(item, Some(u)))
                    && allowed.iter().all(|(field, set)| {
                        item.get(field)
                            .and_then(Node::scalar_text)
                            .is_some_and(|v| set.contains(&v))
                    });
                if !wanted {
                    continue;
                }
                let label = item_label(&list.path, item, &allowed);
                match item.get(&source.value).filter(|v| !v.is_null()) {
                    None if source.absent_covers_all => {
                        self.everything.get_or_insert(label);
                    }
                    None => {}
                    Some(v) => {
                        for value in texts(&[Hit {
                            node: Some(v),
                            path: String::new(),
                            pos: v.pos,
                        }]) {
                            self.by_value.entry(value).or_insert_with(|| label.clone());
                        }
                    }
                }
            }
        }
        if any_items {
            let list = super::join(scope.path, &source.path.value);
            self.used.push(format!("{list}[].{}", source.value));
        }
    }
}

/// An item that covers, in words: the values that let it count (`寄修` / `mail-in`), else
/// the list it comes from ("各地区网点数量").
fn item_label(list: &str, item: &Node, allowed: &[(&str, HashSet<String>)]) -> Text {
    let why: Vec<Text> = allowed
        .iter()
        .filter_map(|(field, _)| item.get(field).and_then(Node::scalar_text))
        .map(|v| labels::value(&v))
        .collect();
    if why.is_empty() {
        labels::name(list)
    } else {
        labels::list(&why)
    }
}
