//! The `covers` check: every required value (a sales region, a KPI family) is covered by
//! the document's main list or, with `also`, by further sources (outlet counts, service
//! modes that count as coverage), with partial credit and the way each value is covered.
//!
//! The further sources are collected once into hash maps, so the check costs the same
//! per value whether a document has ten regions or a hundred thousand.

use super::{Hit, Outcome, Scope, lookup, matches, one, texts};
use crate::i18n::Text;
use crate::standard::model::CoverSource;
use crate::yaml::Node;
use serde_saphyr::Spanned;
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
    let paths = std::iter::once(path.value.clone())
        .chain(others.used.iter().cloned())
        .collect::<Vec<_>>()
        .join(" + ");
    let expected = Text::new(
        format!("{paths} 覆盖 {}", need_hit.path),
        format!("{paths} covers {}", need_hit.path),
    );
    let otherwise: Vec<String> = need
        .iter()
        .filter_map(|n| how(n).flatten().map(|h| format!("{n} ← {h}")))
        .collect();
    let found = match (missing.is_empty(), otherwise.is_empty()) {
        _ if need.is_empty() => None,
        (true, true) => Some(need.join(", ")),
        (true, false) => Some(
            need.iter()
                .map(|n| {
                    how(n)
                        .flatten()
                        .map_or_else(|| n.clone(), |h| format!("{n} ← {h}"))
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (false, true) => Some(format!("− {}", missing.join(", "))),
        (false, false) => Some(format!(
            "− {}; {}",
            missing.join(", "),
            otherwise.join(", ")
        )),
    };
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

/// The values the `also` sources of a `covers` check cover, each with the first item
/// that covers it (built once, looked up in constant time: the check stays linear).
#[derive(Default)]
struct Others {
    /// Each covered value and the item that covers it.
    by_value: std::collections::HashMap<String, String>,
    /// The first item that covers every value (a source item without its field).
    everything: Option<String>,
    /// The sources that had items, as written, for the expectation.
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
    fn how(&self, value: &str) -> Option<String> {
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
            for (i, item) in list
                .node
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
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
                let label = item_label(&format!("{}[{i}]", list.path), item, &allowed);
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
            let filter = source
                .where_in
                .iter()
                .map(|(field, at)| format!("{field} ∈ {}", at.value))
                .collect::<Vec<_>>();
            let filter = if filter.is_empty() {
                String::new()
            } else {
                format!(" [{}]", filter.join(", "))
            };
            self.used
                .push(format!("{}[].{}{filter}", source.path.value, source.value));
        }
    }
}

/// An item that covers, as `products[1].service_modes[0] (mail_in)`: its path, and the
/// values that let it count.
fn item_label(path: &str, item: &Node, allowed: &[(&str, HashSet<String>)]) -> String {
    let why: Vec<String> = allowed
        .iter()
        .filter_map(|(field, _)| item.get(field).and_then(Node::scalar_text))
        .collect();
    if why.is_empty() {
        path.to_string()
    } else {
        format!("{path} ({})", why.join(", "))
    }
}
