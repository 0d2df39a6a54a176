//! How checks read to a client: what a check expects and what the document says, as
//! sentences in both languages, with fields named by their labels (`src/labels.rs`), never
//! by their YAML paths.
//!
//! Kept apart from the evaluation so that [`super`] decides how far a check holds and this
//! module only says it.

use super::{Hit, Scope, join};
use crate::i18n::Text;
use crate::labels;
use crate::quantity::Quantity;
use crate::standard::model::{Check, Filter, Op};
use crate::standard::spanned::Spanned;
use crate::yaml::{Node, Value, format_number};

/// The opposite of a check in words: "未写明…" for `present`, "…：否" for `flag`, the
/// opposite comparison for `compare` with a constant; otherwise "以下不成立：…".
pub(super) fn negated(check: &Check, scope: Scope<'_>, inner: &Text) -> Text {
    let name = |p: &Spanned<String>| labels::name(&join(scope.path, &p.value));
    match check {
        Check::Present(p) => not_stated(&name(p)),
        Check::Flag(p) => labelled(&name(p), &yes_no(false)),
        Check::Compare {
            path,
            op,
            value: Some(v),
            unit,
            ..
        } if opposite(*op).is_some() => {
            let full = join(scope.path, &path.value);
            let bound = bound_words(&full, *v, *unit);
            compare_words(&name(path), opposite(*op).unwrap_or(*op), &bound)
        }
        Check::OneOf { path, values } => {
            let alt = alternatives(values);
            let label = name(path);
            Text::new(
                format!("{}不包括{}", label.zh, alt.zh),
                format!("{} do not include {}", label.en, alt.en),
            )
        }
        _ => Text::new(
            format!("以下不成立：{}", inner.zh),
            format!("not the case: {}", inner.en),
        ),
    }
}

/// The comparison that holds exactly when `op` does not (none for `=`).
pub(super) fn opposite(op: Op) -> Option<Op> {
    match op {
        Op::Ge => Some(Op::Lt),
        Op::Gt => Some(Op::Le),
        Op::Le => Some(Op::Gt),
        Op::Lt => Some(Op::Ge),
        Op::Eq => None,
    }
}

/// `any: [{not: {present: X}}, {compare: {path: X, …}}]` in words: "X如写明，则不少于 7 日"
/// / "X, if stated, of at least 7 days".
pub(super) fn if_stated(scope: Scope<'_>, a: &Check, b: &Check) -> Option<Text> {
    let Check::Not(inner) = a else { return None };
    let Check::Present(p) = &inner.value else {
        return None;
    };
    let Check::Compare {
        path,
        op,
        value: Some(v),
        unit,
        ..
    } = b
    else {
        return None;
    };
    if p.value != path.value {
        return None;
    }
    let full = join(scope.path, &path.value);
    let label = labels::name(&full);
    let bound = bound_words(&full, *v, *unit);
    let pred = labels::predicate(*op, &bound, false);
    Some(Text::new(
        format!("{}如写明，则{}", label.zh, pred.zh),
        format!("{}, if stated, of {}", label.en, pred.en),
    ))
}

/// What the document states at a node, in words: a value as written, a list's values (at
/// most a few, then "and N more"), or how many entries a list or mapping holds.
pub(super) fn found_text(node: Option<&Node>) -> Option<Text> {
    let node = node?;
    match &node.value {
        Value::Null => None,
        Value::Seq(items) if items.is_empty() => Some(Text::new("无", "none")),
        Value::Seq(items)
            if items
                .iter()
                .any(|i| matches!(i.value, Value::Map(_) | Value::Seq(_))) =>
        {
            Some(Text::new(
                format!("{} 项", items.len()),
                format!("{} entries", items.len()),
            ))
        }
        Value::Seq(items) => Some(labels::list(
            &items
                .iter()
                .filter_map(Node::scalar_text)
                .map(|v| value_words(&v))
                .collect::<Vec<_>>(),
        )),
        Value::Map(entries) => Some(Text::new(
            format!("写明 {} 项内容", entries.len()),
            format!("{} details stated", entries.len()),
        )),
        Value::Bool(b) => Some(yes_no(*b)),
        Value::Str(s) if s.len() <= 40 && !s.contains(char::is_whitespace) => Some(value_words(s)),
        _ => node
            .scalar_text()
            .map(|s| Text::same(crate::yaml::clip(&s, 200))),
    }
}

/// A value a check names, in words when the label table has them, else as written.
pub(super) fn value_words(v: &str) -> Text {
    match v {
        "true" => yes_no(true),
        "false" => yes_no(false),
        _ => labels::value(v),
    }
}

pub(super) fn yes_no(b: bool) -> Text {
    if b {
        Text::new("是", "yes")
    } else {
        Text::new("否", "no")
    }
}

/// "label：value" / "label: value".
pub(super) fn labelled(label: &Text, value: &Text) -> Text {
    Text::new(
        format!("{}：{}", label.zh, value.zh),
        format!("{}: {}", label.en, value.en),
    )
}

/// "写明…" / "… stated".
pub(super) fn stated(label: &Text) -> Text {
    Text::new(format!("写明{}", label.zh), format!("{} stated", label.en))
}

/// "未写明…" / "… not stated".
pub(super) fn not_stated(label: &Text) -> Text {
    Text::new(
        format!("未写明{}", label.zh),
        format!("{} not stated", label.en),
    )
}

/// What the document states at a field, named: "回访时限：3 日" / "return-visit time limit:
/// 3 days" (a bare number in the field's unit).
pub(super) fn found_at(hit: &Hit<'_>) -> Option<Text> {
    let value = match hit.node.and_then(Node::as_f64) {
        Some(n)
            if hit
                .node
                .is_some_and(|n| matches!(n.value, Value::Int(_) | Value::Float(_))) =>
        {
            Some(number_words(&hit.path, n))
        }
        _ => found_text(hit.node),
    };
    value.map(|v| labelled(&labels::name(&hit.path), &v))
}

/// The expected text of `compare`: "退款期限不少于 7 日" / "refund period of at least 7 days".
pub(super) fn compare_words(label: &Text, op: Op, bound: &Text) -> Text {
    let p = labels::predicate(op, bound, false);
    Text::new(
        format!("{}{}", label.zh, p.zh),
        format!("{} of {}", label.en, p.en),
    )
}

/// A `compare` check's constant in words: a quantity in its unit, or a number in the unit
/// the field's label carries.
pub(super) fn bound_words(
    full: &str,
    v: f64,
    unit: Option<crate::standard::model::CompareUnit>,
) -> Text {
    unit.map_or_else(
        || number_words(full, v),
        |u| {
            Quantity {
                value: v,
                unit: u.0,
            }
            .text()
        },
    )
}

/// A number as the document states it, with the field's unit.
pub(super) fn number_words(path: &str, n: f64) -> Text {
    labels::with_unit(&format_number(n), &labels::unit(path))
}

/// Values in words joined with "or": "网络、电话或邮购" / "online, phone or mail order".
pub(super) fn alternatives(values: &[String]) -> Text {
    let words: Vec<Text> = values.iter().map(|v| value_words(v)).collect();
    match words.split_last() {
        None => Text::default(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => {
            let head = labels::list(rest);
            Text::new(
                format!("{}或{}", head.zh, last.zh),
                format!("{} or {}", head.en, last.en),
            )
        }
    }
}

pub(super) fn one_of_words(label: &Text, values: &[String]) -> Text {
    match values {
        [one] => labelled(label, &value_words(one)),
        _ => {
            let alt = alternatives(values);
            Text::new(
                format!("{}包括{}之一", label.zh, alt.zh),
                format!("{} include {}", label.en, alt.en),
            )
        }
    }
}

/// A list, filtered, in words: "服务网点（委托）" / "service outlets (entrusted)", with
/// the Chinese measure word for its items.
pub(super) fn subject(list_path: &str, filter: Option<&Filter>) -> (Text, &'static str) {
    let name = labels::name(list_path);
    let measure = labels::measure(list_path);
    let quals: Vec<Text> = filter
        .into_iter()
        .flat_map(|f| f.iter())
        .map(|(key, want)| qualifier(&format!("{list_path}[].{key}"), want))
        .collect();
    if quals.is_empty() {
        return (name, measure);
    }
    let zh: Vec<&str> = quals.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = quals.iter().map(|t| t.en.as_str()).collect();
    (
        Text::new(
            format!("{}（{}）", name.zh, zh.join("；")),
            format!("{} ({})", name.en, en.join("; ")),
        ),
        measure,
    )
}

/// One filter condition in words: `dedicated: true` → "专线", `mode: entrusted` → "委托",
/// `direction: null` → "未写明指标方向".
pub(super) fn qualifier(key_path: &str, want: &Node) -> Text {
    let key = labels::name(key_path);
    match &want.value {
        Value::Bool(true) => key,
        Value::Bool(false) => Text::new(format!("非{}", key.zh), format!("not {}", key.en)),
        Value::Null => not_stated(&key),
        Value::Seq(items) => {
            // The standard's own list: bounded by the standard, shown whole.
            let words: Vec<Text> = items
                .iter()
                .filter_map(Node::scalar_text)
                .map(|v| value_words(&v))
                .collect();
            let zh: Vec<&str> = words.iter().map(|t| t.zh.as_str()).collect();
            let en: Vec<&str> = words.iter().map(|t| t.en.as_str()).collect();
            Text::new(zh.join("或"), en.join(" or "))
        }
        _ => want
            .scalar_text()
            .map_or_else(Text::default, |v| value_words(&v)),
    }
}

/// A share in percent, to one decimal.
pub(super) fn percent(x: f64) -> String {
    format_number((x * 1000.0).round() / 10.0)
}
