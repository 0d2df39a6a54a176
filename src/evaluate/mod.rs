//! Evaluates the check vocabulary against a positioned process document.
//!
//! A check returns an [`Outcome`]: the share of it that holds (1 met, 0 missing, between
//! for partial credit), the place in the document that decided it, and what was expected
//! against what the document says: sentences in both languages that name fields by
//! their labels (`src/labels.rs`, "退款期限不少于 7 日" / "refund period of at least 7
//! days"), never by path, so a client can read them. Paths are dotted
//! (`policies.warranty.refund_days`); `[]` after a segment fans out over a list's items. A
//! value that is absent points at the deepest part of its path that the document does
//! have, so a gap is always located.

use crate::i18n::Text;
use crate::labels;
use crate::quantity::{Quantity, Unit};
use crate::standard::model::{Check, Filter, Op};
use crate::standard::spanned::Spanned;
use crate::yaml::{Node, Pos, Value, format_number};
use chrono::{Months, NaiveDate};
use combine::{all, any, at_least, best_of, not, partial};

mod combine;
mod covers;
pub mod records;
pub mod scope;
mod statutory;
#[cfg(test)]
mod tests;
mod words;

use words::{
    compare_words, found_at, found_text, if_stated, labelled, negated, not_stated, number_words,
    one_of_words, percent, stated, subject, yes_no,
};

/// What evaluating one check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The share that holds, from 0 to 1.
    pub fraction: f64,
    /// The YAML path that decided the outcome (stable across edits that move lines).
    pub path: String,
    /// Where in the file; the nearest existing ancestor when the value is absent.
    pub pos: Pos,
    /// What the check expected, in both languages.
    pub expected: Text,
    /// What the document says, if anything, in both languages.
    pub found: Option<Text>,
    /// The share of what the check looks at that the document states at all, from 0
    /// (silent) to 1. A gap with 0 is silence; above 0, the document says something that
    /// falls short.
    pub spoken: f64,
    /// True when the check had nothing to look at (an `each` with `allow_empty` over an
    /// empty list): the criterion does not apply rather than being met.
    pub vacuous: bool,
}

impl Outcome {
    fn new(ok: bool, hit: &Hit<'_>, expected: Text, found: Option<Text>) -> Self {
        Outcome {
            fraction: if ok { 1.0 } else { 0.0 },
            path: hit.path.clone(),
            pos: hit.pos,
            expected,
            found,
            spoken: speaks(hit.node),
            vacuous: false,
        }
    }

    /// Sets how much of it the document speaks to.
    fn spoken(mut self, spoken: f64) -> Self {
        self.spoken = spoken;
        self
    }

    /// Returns true if and only if the check holds fully.
    pub fn met(&self) -> bool {
        self.fraction >= 1.0 - 1e-9
    }
}

/// Everything a check may need besides the document.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The document root.
    pub root: &'a Node,
    /// The audit date, for `recent`.
    pub as_of: NaiveDate,
}

/// A value found (or not) at a path.
#[derive(Debug, Clone)]
struct Hit<'a> {
    node: Option<&'a Node>,
    path: String,
    pos: Pos,
}

/// The item a relative path starts from.
#[derive(Debug, Clone, Copy)]
struct Scope<'a> {
    node: &'a Node,
    path: &'a str,
    /// The product line a scoped legal criterion is checked on, with its YAML path.
    line: Option<(&'a Node, &'a str)>,
}

/// Evaluates a check against the whole document.
pub fn evaluate(check: &Check, ctx: &Context<'_>) -> Outcome {
    eval(
        check,
        ctx,
        Scope {
            node: ctx.root,
            path: "",
            line: None,
        },
    )
}

/// Evaluates a check against the whole document for one product line (`products[i]`):
/// the `statutory` check reads that line's terms.
pub fn evaluate_on_line(check: &Check, ctx: &Context<'_>, line: &Node, line_path: &str) -> Outcome {
    eval(
        check,
        ctx,
        Scope {
            node: ctx.root,
            path: "",
            line: Some((line, line_path)),
        },
    )
}

fn eval(check: &Check, ctx: &Context<'_>, scope: Scope<'_>) -> Outcome {
    match check {
        Check::Present(p) => present(&one(scope, p)),
        Check::Flag(p) => flag(&one(scope, p)),
        Check::Compare {
            path,
            op,
            value,
            to,
            unit: None,
        } => compare(scope, path, *op, *value, to.as_ref()),
        Check::Compare {
            path,
            op,
            value,
            to,
            unit: Some(unit),
        } => compare_quantities(scope, path, *op, *value, to.as_ref(), unit.0),
        Check::OneOf { path, values } => one_of(&one(scope, path), values),
        Check::Count { path, filter, min } => count(scope, path, filter.as_ref(), *min),
        Check::Ratio {
            numerator,
            denominator,
            min,
        } => ratio(scope, numerator, denominator, *min),
        Check::Covers { path, of, also } => covers::covers(scope, path, of, also),
        Check::Recent { path, months } => recent(ctx, scope, path, *months),
        Check::Current(kind) => records::current(ctx, &kind.value),
        Check::Consistent { path, media } => consistent(&one(scope, path), media),
        Check::Each {
            path,
            filter,
            check,
            allow_empty,
        } => each(
            ctx,
            scope,
            path,
            filter.as_ref(),
            &check.value,
            *allow_empty,
        ),
        Check::All(cs) => all(ctx, scope, cs),
        Check::Any(cs) => any(ctx, scope, cs),
        Check::Not(c) => not(&c.value, scope, &eval(&c.value, ctx, scope)),
        Check::Partial(cs) => partial(ctx, scope, cs),
        Check::AtLeast { n, of } => at_least(ctx, scope, *n, of),
        Check::BestOf(cs) => best_of(ctx, scope, cs),
        Check::Statutory(s) => statutory::check(scope.line, scope.node.pos, s),
    }
}

/// Resolves a path that must name a single value (no `[]`).
fn one<'a>(scope: Scope<'a>, path: &Spanned<String>) -> Hit<'a> {
    lookup(scope, &path.value)
        .into_iter()
        .next()
        .unwrap_or(Hit {
            node: None,
            path: join(scope.path, &path.value),
            pos: scope.node.pos,
        })
}

/// Resolves a path, fanning out at every `seg[]`.
fn lookup<'a>(scope: Scope<'a>, path: &str) -> Vec<Hit<'a>> {
    let mut hits = vec![Hit {
        node: Some(scope.node),
        path: scope.path.to_string(),
        pos: scope.node.pos,
    }];
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (name, fan) = match seg.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (seg, false),
        };
        hits = hits.into_iter().flat_map(|h| step(h, name, fan)).collect();
    }
    hits
}

fn step<'a>(hit: Hit<'a>, name: &str, fan: bool) -> Vec<Hit<'a>> {
    let path = join(&hit.path, name);
    let Some((key, node)) = hit.node.and_then(|n| n.entry(name)) else {
        return vec![Hit {
            node: None,
            path,
            pos: hit.pos,
        }];
    };
    let node = (!node.is_null()).then_some(node);
    match (fan, node) {
        (true, Some(list)) => list
            .items()
            .iter()
            .enumerate()
            .map(|(i, item)| Hit {
                node: Some(item),
                path: format!("{path}[{i}]"),
                pos: item.pos,
            })
            .collect(),
        (true, None) => Vec::new(),
        (false, Some(node)) => vec![Hit {
            node: Some(node),
            path,
            pos: node.pos,
        }],
        (false, None) => vec![Hit {
            node: None,
            path,
            pos: key.pos,
        }],
    }
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}.{path}")
    }
}

/// 1 when the document states a value here, 0 when it is silent: an absent key, null,
/// blank text and an empty mapping say nothing; an empty list says "none", which is a
/// statement (and `false` is one too).
fn speaks(node: Option<&Node>) -> f64 {
    let silent = node.is_none_or(|n| match &n.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    });
    if silent { 0.0 } else { 1.0 }
}

fn is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        Value::Seq(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

fn present(hit: &Hit<'_>) -> Outcome {
    let ok = hit.node.is_some_and(|n| !is_empty(n));
    let expected = stated(&labels::name(&hit.path));
    Outcome::new(ok, hit, expected, found_at(hit))
}

fn flag(hit: &Hit<'_>) -> Outcome {
    let ok = hit.node.and_then(Node::as_bool) == Some(true);
    let expected = labelled(&labels::name(&hit.path), &yes_no(true));
    Outcome::new(ok, hit, expected, found_at(hit))
}

/// The bound of a `compare` without a unit: the constant in the field's unit, or the other
/// field's name.
fn compare_bound(
    scope: Scope<'_>,
    hit: &Hit<'_>,
    value: Option<f64>,
    to: Option<&Spanned<String>>,
) -> (Option<f64>, Text) {
    match (value, to) {
        (Some(v), _) => (Some(v), number_words(&hit.path, v)),
        (None, Some(to)) => {
            let other = one(scope, to);
            let name = labels::name(&other.path);
            (
                other.node.and_then(Node::as_f64),
                Text::new(name.zh, format!("the {}", name.en)),
            )
        }
        (None, None) => (None, Text::same("?")),
    }
}

fn compare(
    scope: Scope<'_>,
    path: &Spanned<String>,
    op: Op,
    value: Option<f64>,
    to: Option<&Spanned<String>>,
) -> Outcome {
    let hit = one(scope, path);
    let (bound, bound_text) = compare_bound(scope, &hit, value, to);
    let actual = hit.node.and_then(Node::as_f64);
    let ok = matches!((actual, bound), (Some(a), Some(b)) if op.holds(a, b));
    let label = labels::name(&hit.path);
    let expected = compare_words(&label, op, &bound_text);
    let found = match (actual, to, bound) {
        (Some(a), Some(to), Some(b)) => {
            let other = labels::name(&join(scope.path, &to.value));
            Some(Text::new(
                format!(
                    "{}：{}；{}：{}",
                    label.zh,
                    format_number(a),
                    other.zh,
                    format_number(b)
                ),
                format!(
                    "{}: {}; {}: {}",
                    label.en,
                    format_number(a),
                    other.en,
                    format_number(b)
                ),
            ))
        }
        (Some(a), _, _) => Some(labelled(&label, &number_words(&hit.path, a))),
        _ => found_text(hit.node).map(|f| labelled(&label, &f)),
    };
    Outcome::new(ok, &hit, expected, found)
}

/// A value as a quantity: a quantity text as written, a bare number in `unit`.
fn quantity_at(node: Option<&Node>, unit: Unit) -> Option<Quantity> {
    let node = node?;
    if let Some(n) = node.as_f64() {
        return Some(Quantity { value: n, unit });
    }
    crate::quantity::parse(node.as_str()?).ok()
}

/// `compare` with a `unit`: both sides read as quantities and compared by
/// `src/quantity.rs` (one dimension only; conversions as documented, and noted).
fn compare_quantities(
    scope: Scope<'_>,
    path: &Spanned<String>,
    op: Op,
    value: Option<f64>,
    to: Option<&Spanned<String>>,
    unit: Unit,
) -> Outcome {
    let hit = one(scope, path);
    let (bound, bound_text) = match (value, to) {
        (Some(v), _) => {
            let q = Quantity { value: v, unit };
            (Some(q), q.text())
        }
        (None, Some(to)) => {
            let other = one(scope, to);
            let name = labels::name(&other.path);
            (
                quantity_at(other.node, unit),
                Text::new(name.zh, format!("the {}", name.en)),
            )
        }
        (None, None) => (None, Text::same("?")),
    };
    let actual = quantity_at(hit.node, unit);
    let cmp = actual.zip(bound).and_then(|(a, b)| a.compare(&b));
    let ok = cmp.is_some_and(|c| {
        let x = match c.ordering {
            std::cmp::Ordering::Less => -1.0,
            std::cmp::Ordering::Equal => 0.0,
            std::cmp::Ordering::Greater => 1.0,
        };
        op.holds(x, 0.0)
    });
    let label = labels::name(&hit.path);
    let mut expected = compare_words(&label, op, &bound_text);
    if let Some(n) = cmp.and_then(|c| c.note()) {
        expected.zh.push_str(&format!("（{}）", n.zh));
        expected.en.push_str(&format!(" ({})", n.en));
    }
    let found = found_text(hit.node).map(|f| labelled(&label, &f));
    Outcome::new(ok, &hit, expected, found)
}

fn scalar_in(node: &Node, values: &[String]) -> bool {
    match &node.value {
        Value::Seq(items) => items.iter().any(|i| scalar_in(i, values)),
        _ => node.scalar_text().is_some_and(|s| values.contains(&s)),
    }
}

fn one_of(hit: &Hit<'_>, values: &[String]) -> Outcome {
    let ok = hit.node.is_some_and(|n| scalar_in(n, values));
    let label = labels::name(&hit.path);
    let expected = one_of_words(&label, values);
    let found = found_text(hit.node).map(|f| labelled(&label, &f));
    Outcome::new(ok, hit, expected, found)
}

fn matches(item: &Node, filter: Option<&Filter>) -> bool {
    let Some(filter) = filter else { return true };
    filter.iter().all(|(rel, want)| {
        let hits = lookup(
            Scope {
                node: item,
                path: "",
                line: None,
            },
            rel,
        );
        let got = hits.first().and_then(|h| h.node);
        let wanted: Vec<Option<String>> = match &want.value {
            Value::Seq(options) => options.iter().map(Node::scalar_text).collect(),
            _ => vec![want.scalar_text()],
        };
        match (&want.value, got) {
            // A list-valued field matches when any of its items is wanted.
            (_, Some(node)) if matches!(node.value, Value::Seq(_)) => node
                .items()
                .iter()
                .any(|i| wanted.contains(&i.scalar_text())),
            (_, Some(node)) => wanted.contains(&node.scalar_text()),
            (Value::Null, None) => true,
            (_, None) => false,
        }
    })
}

fn count(scope: Scope<'_>, path: &Spanned<String>, filter: Option<&Filter>, min: u32) -> Outcome {
    let hit = one(scope, path);
    let n = hit.node.map_or(0, |list| {
        list.items().iter().filter(|i| matches(i, filter)).count()
    });
    let (noun, m) = subject(&hit.path, filter);
    let expected = Text::new(
        format!("至少有 {min} {m}{}", noun.zh),
        format!("at least {min} {}", noun.en),
    );
    let ok = n >= min as usize;
    let mut found = if n == 0 {
        Text::new(format!("没有{}", noun.zh), format!("no {}", noun.en))
    } else {
        Text::new(format!("有 {n} {m}{}", noun.zh), format!("{n} {}", noun.en))
    };
    if !ok {
        found.zh.push_str(&format!("（要求至少 {min} {m}）"));
        found.en.push_str(&format!(" (at least {min} required)"));
    }
    Outcome::new(ok, &hit, expected, Some(found))
}

fn ratio(
    scope: Scope<'_>,
    numerator: &Spanned<String>,
    denominator: &Spanned<String>,
    min: f64,
) -> Outcome {
    let num = one(scope, numerator);
    let den = one(scope, denominator);
    let values = (
        num.node.and_then(Node::as_f64),
        den.node.and_then(Node::as_f64),
    );
    let (num_name, den_name) = (labels::name(&num.path), labels::name(&den.path));
    let min_text = format!("{}%", percent(min));
    let ok = matches!(values, (Some(n), Some(d)) if d > 0.0 && n / d >= min - 1e-9);
    let found = match values {
        (Some(n), Some(d)) if d > 0.0 => {
            let (nw, dw) = (number_words(&num.path, n), number_words(&den.path, d));
            let share = percent(n / d);
            let mut t = Text::new(
                format!(
                    "{} {}，占{} {}的 {share}%",
                    num_name.zh, nw.zh, den_name.zh, dw.zh
                ),
                format!(
                    "{}: {} of {} {}, {share}%",
                    num_name.en, nw.en, dw.en, den_name.en
                ),
            );
            if !ok {
                t.zh.push_str(&format!("（要求至少 {min_text}）"));
                t.en.push_str(&format!(" (at least {min_text} required)"));
            }
            t
        }
        (n, d) => {
            let side = |name: &Text, path: &str, v: Option<f64>| {
                v.map_or_else(
                    || not_stated(name),
                    |v| labelled(name, &number_words(path, v)),
                )
            };
            Text::new(
                format!(
                    "{}；{}",
                    side(&num_name, &num.path, n).zh,
                    side(&den_name, &den.path, d).zh
                ),
                format!(
                    "{}; {}",
                    side(&num_name, &num.path, n).en,
                    side(&den_name, &den.path, d).en
                ),
            )
        }
    };
    let decisive = if num.node.is_none() || den.node.is_some() {
        &num
    } else {
        &den
    };
    let expected = Text::new(
        format!("{}占{}的比例不低于 {min_text}", num_name.zh, den_name.zh),
        format!("{} at least {min_text} of {}", num_name.en, den_name.en),
    );
    let spoken = (speaks(num.node) + speaks(den.node)) / 2.0;
    Outcome::new(ok, decisive, expected, Some(found)).spoken(spoken)
}

fn texts(hits: &[Hit<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    for h in hits {
        if let Some(n) = h.node {
            match &n.value {
                Value::Seq(items) => out.extend(items.iter().filter_map(Node::scalar_text)),
                _ => out.extend(n.scalar_text()),
            }
        }
    }
    out
}

/// Parses an ISO 8601 calendar date written exactly `YYYY-MM-DD`: four-digit year,
/// two-digit month and day (`2026-1-1` and `+2026-01-01` are refused, as an auditor
/// would refuse them on a form), surrounding spaces allowed.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn recent(ctx: &Context<'_>, scope: Scope<'_>, path: &Spanned<String>, months: u32) -> Outcome {
    let hits = lookup(scope, &path.value);
    let newest = hits
        .iter()
        .filter_map(|h| {
            h.node
                .and_then(Node::as_str)
                .and_then(parse_date)
                .map(|d| (d, h))
        })
        .max_by_key(|(d, _)| *d);
    let limit = ctx
        .as_of
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN);
    let label = labels::name(&join(scope.path, &path.value));
    let expected = Text::new(
        format!("{}不早于 {limit}（审核日前 {months} 个月内）", label.zh),
        format!(
            "{} on or after {limit} (within {months} months of the audit date)",
            label.en
        ),
    );
    match newest {
        Some((date, hit)) => Outcome::new(
            date >= limit,
            hit,
            expected,
            Some(labelled(&label, &Text::same(date.to_string()))),
        ),
        None => {
            let hit = hits.into_iter().next().unwrap_or(Hit {
                node: None,
                path: join(scope.path, &path.value),
                pos: scope.node.pos,
            });
            let found = found_text(hit.node).map(|f| labelled(&label, &f));
            Outcome::new(false, &hit, expected, found)
        }
    }
}

fn consistent(hit: &Hit<'_>, media: &[String]) -> Outcome {
    let label = labels::name(&hit.path);
    let expected = Text::new(
        format!("每项{}在各媒介中写的数字一致", label.zh),
        format!(
            "each of the {} states the same figures in every medium",
            label.en
        ),
    );
    let Some(list) = hit.node else {
        return Outcome::new(false, hit, expected, None);
    };
    for (i, item) in list.items().iter().enumerate() {
        let Some((ma, mb, node, c)) = first_clash(item, media) else {
            continue;
        };
        let id = item.get("id").and_then(Node::scalar_text).map_or_else(
            || Text::new(format!("第 {} 项", i + 1), format!("no. {}", i + 1)),
            |id| Text::new(format!("“{id}”"), format!("“{id}”")),
        );
        let medium = |m: &str| labels::name(&format!("{}[].{m}", hit.path));
        let (a, b) = (medium(ma), medium(mb));
        let found = Text::new(
            format!(
                "承诺{}：{}写 {}，{}写 {}",
                id.zh,
                a.zh,
                c.a.join("、"),
                b.zh,
                c.b.join("、")
            ),
            format!(
                "commitment {}: the {} says {}, the {} says {}",
                id.en,
                a.en,
                c.a.join(", "),
                b.en,
                c.b.join(", ")
            ),
        );
        let why = Text::new(
            c.describe(&a.zh, &b.zh)
                .zh
                .replacen(" 承诺的少于 ", "承诺的少于", 1)
                .replacen(" 与 ", "与", 1)
                .replacen(" 所写不同", "所写不同", 1),
            c.describe(&a.en, &b.en).en,
        );
        let expected = Text::new(
            format!("{}；{}", expected.zh, why.zh),
            format!("{}; {}", expected.en, why.en),
        );
        let at = Hit {
            node: Some(node),
            path: format!("{}[{i}].{mb}", hit.path),
            pos: node.pos,
        };
        return Outcome::new(false, &at, expected, Some(found));
    }
    Outcome::new(true, hit, expected, None)
}

/// The first two media of one commitment whose figures conflict, in the order the media
/// are listed, with the second medium's node.
fn first_clash<'a, 'm>(
    item: &'a Node,
    media: &'m [String],
) -> Option<(&'m str, &'m str, &'a Node, crate::figures::Conflict)> {
    let stated: Vec<(&str, &Node)> = media
        .iter()
        .filter_map(|m| {
            item.get(m)
                .filter(|n| !is_empty(n))
                .map(|n| (m.as_str(), n))
        })
        .collect();
    stated.iter().enumerate().find_map(|(k, (ma, a))| {
        stated[k + 1..].iter().find_map(|(mb, b)| {
            crate::figures::conflict(
                a.as_str().unwrap_or_default(),
                b.as_str().unwrap_or_default(),
            )
            .map(|c| (*ma, *mb, *b, c))
        })
    })
}

/// An item of a list named for a sentence: its `name`, `title`, `post`, `id`, … as
/// written, else its place ("第 2 项" / "no. 2").
pub(crate) fn item_name(item: &Node, index: usize) -> Text {
    [
        "name", "title", "post", "id", "topic", "region", "part", "method", "version",
    ]
    .iter()
    .find_map(|k| item.get(k).and_then(Node::scalar_text))
    .map_or_else(
        || Text::new(format!("第 {} 项", index + 1), format!("no. {}", index + 1)),
        |n| Text::same(crate::yaml::clip(&n, 80)),
    )
}

fn each(
    ctx: &Context<'_>,
    scope: Scope<'_>,
    path: &Spanned<String>,
    filter: Option<&Filter>,
    check: &Check,
    allow_empty: bool,
) -> Outcome {
    let list = one(scope, path);
    let items: Vec<(usize, &Node)> = list.node.map_or_else(Vec::new, |l| {
        l.items()
            .iter()
            .enumerate()
            .filter(|(_, i)| matches(i, filter))
            .collect()
    });
    let (noun, m) = subject(&list.path, filter);
    if items.is_empty() {
        let expected = Text::new(
            format!("至少有 1 {m}{}", noun.zh),
            format!("at least one of the {}", noun.en),
        );
        let found = Text::new(format!("没有{}", noun.zh), format!("no {}", noun.en));
        let mut o = Outcome::new(allow_empty, &list, expected, Some(found));
        o.vacuous = allow_empty;
        return o;
    }
    let outcomes: Vec<Outcome> = items
        .iter()
        .map(|(i, item)| {
            let item_path = format!("{}[{i}]", list.path);
            eval(
                check,
                ctx,
                Scope {
                    node: item,
                    path: &item_path,
                    line: scope.line,
                },
            )
        })
        .collect();
    let fraction = outcomes.iter().map(|o| o.fraction).sum::<f64>() / outcomes.len() as f64;
    let first_failing = outcomes.iter().find(|o| !o.met()).unwrap_or(&outcomes[0]);
    let failing: Vec<Text> = items
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| !o.met())
        .map(|((i, item), _)| item_name(item, *i))
        .collect();
    let expected = Text::new(
        format!("每{m}{}：{}", noun.zh, first_failing.expected.zh),
        format!("each of the {}: {}", noun.en, first_failing.expected.en),
    );
    let found = each_found(
        &list.path,
        check,
        &noun,
        m,
        outcomes.len(),
        &failing,
        first_failing,
    );
    let spoken = outcomes.iter().map(|o| o.spoken).sum::<f64>() / outcomes.len() as f64;
    Outcome {
        fraction,
        path: first_failing.path.clone(),
        pos: first_failing.pos,
        expected,
        found: Some(found),
        spoken,
        vacuous: false,
    }
}

/// "3 个服务网点（委托）中有 1 个未写明网点证明材料：上海" /
/// "1 of 3 service outlets (entrusted) do not state the outlet evidence: Shanghai".
fn each_found(
    list: &str,
    check: &Check,
    noun: &Text,
    m: &str,
    n: usize,
    failing: &[Text],
    first: &Outcome,
) -> Text {
    let k = failing.len();
    if k == 0 {
        return Text::new(
            format!("{n} {m}{}均符合", noun.zh),
            format!("all {n} {} meet it", noun.en),
        );
    }
    let names = labels::list(failing);
    if let Check::Present(p) = check {
        let field = labels::name(&format!("{list}[].{}", p.value));
        return Text::new(
            format!(
                "{n} {m}{}中有 {k} {m}未写明{}：{}",
                noun.zh, field.zh, names.zh
            ),
            format!(
                "{k} of {n} {} do not state the {}: {}",
                noun.en, field.en, names.en
            ),
        );
    }
    let detail = first.found.as_ref().map_or_else(
        || (String::new(), String::new()),
        |f| (format!("（{}）", f.zh), format!(" ({})", f.en)),
    );
    Text::new(
        format!(
            "{n} {m}{}中有 {k} {m}不符合：{}{}",
            noun.zh, names.zh, detail.0
        ),
        format!(
            "{k} of {n} {} fall short: {}{}",
            noun.en, names.en, detail.1
        ),
    )
}
