//! The positioned tree built straight from the YAML parser's events.
//!
//! This is the fast path of [`super::parse`]: it drives `granit-parser` (the parser
//! serde-saphyr uses, with the options serde-saphyr gives it) and builds [`Node`]s without
//! serde's `Spanned` protocol. It only takes documents it can read exactly as the serde
//! path does: one document, no anchors, aliases, tags or merge keys, keys that are text,
//! scalars whose type it resolves with serde-saphyr's own rules, and counts well inside
//! every budget. Anything else (any syntax error, any budget near its limit, any rarer
//! construct) returns `None`, and the caller reads the text through serde-saphyr, which
//! gives the same tree or the same error, message and position as always.

use super::{Key, Limits, MAX_KEY_CHARS, Node, Pos, Value};
use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

/// How far below each budget the fast path stays; within this margin the serde path,
/// which enforces the budgets exactly, reads the file.
const MARGIN: usize = 64;

/// Parser options exactly as serde-saphyr derives them from our budget
/// (`Budget::parser_options` and `Options::parser_options` in serde-saphyr 2.1).
fn parser_options(limits: &Limits) -> granit_parser::Options {
    let mut o = granit_parser::Options::default();
    o.simple_key_max_lookahead = MAX_KEY_CHARS;
    o.flow_nesting_limit = limits.max_depth;
    o.block_nesting_limit = o
        .block_nesting_limit
        .max(limits.max_depth.saturating_add(1));
    o.emit_comments = true;
    o.max_buffered_comment_events = serde_saphyr::Budget::default().max_buffered_comment_events;
    o.strict_indentation = false;
    o
}

fn pos(span: &Span) -> Pos {
    let start = &span.start;
    Pos {
        line: u32::try_from(start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(start.col() + 1).unwrap_or(u32::MAX),
    }
}

enum Frame {
    Seq(Vec<Node>, Pos),
    Map(Vec<(Key, Node)>, Pos, Option<Key>),
}

/// Builds the tree from parser events, or `None` when the serde path must read the text.
pub(super) fn build(text: &str, limits: &Limits) -> Option<Node> {
    let max_bytes = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    if text.len().saturating_add(MARGIN) > max_bytes {
        return None;
    }
    let max_events = limits.max_nodes.saturating_mul(2);
    let parser = Parser::with_options(StrInput::new(text), parser_options(limits));
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let (mut events, mut nodes, mut bytes, mut documents) = (0usize, 0usize, 0usize, 0usize);
    for item in parser {
        let (event, span) = item.ok()?;
        events += 1;
        if events + MARGIN > max_events {
            return None;
        }
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Comment(text, _) => {
                bytes = bytes.saturating_add(text.len());
                if bytes + MARGIN > max_bytes {
                    return None;
                }
                continue;
            }
            Event::Alias(_) | Event::Anchor(..) | Event::UnresolvedAlias(_) => return None,
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                bytes = bytes.saturating_add(value.len());
                if nodes + MARGIN > limits.max_nodes || bytes + MARGIN > max_bytes {
                    return None;
                }
                let at = pos(&span);
                if let Some(Frame::Map(_, _, key @ None)) = stack.last_mut() {
                    // A key: only text keys, as the serde path reads them without doubt.
                    let Value::Str(name) = scalar(value.into_owned(), style)? else {
                        return None;
                    };
                    if name == "<<" {
                        return None;
                    }
                    *key = Some(Key { name, pos: at });
                    continue;
                }
                Node {
                    value: scalar(value.into_owned(), style)?,
                    pos: at,
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                if nodes + MARGIN > limits.max_nodes || stack.len() + 2 > limits.max_depth {
                    return None;
                }
                if let Some(Frame::Map(_, _, None)) = stack.last() {
                    return None; // a list or mapping as a key
                }
                let at = pos(&span);
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(Vec::new(), at)
                } else {
                    Frame::Map(Vec::new(), at, None)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop()? {
                Frame::Seq(items, at) => Node {
                    value: Value::Seq(items),
                    pos: at,
                },
                Frame::Map(entries, at, None) => Node {
                    value: Value::Map(entries),
                    pos: at,
                },
                Frame::Map(_, _, Some(_)) => return None,
            },
            _ => return None,
        };
        match stack.last_mut() {
            Some(Frame::Seq(items, _)) => items.push(node),
            Some(Frame::Map(entries, _, key)) => entries.push((key.take()?, node)),
            None => {
                if root.is_some() {
                    return None;
                }
                root = Some(node);
            }
        }
    }
    let root = root?;
    // An empty or null document is left to the serde path (it skips null documents).
    if !stack.is_empty() || documents != 1 || root.is_null() {
        return None;
    }
    Some(root)
}

/// Resolves an untagged scalar as serde-saphyr's `deserialize_any` does with our options
/// (YAML 1.2 core schema, strict booleans, no legacy octal, non-finite floats refused);
/// `None` for the spellings the fast path leaves to serde-saphyr.
fn scalar(text: String, style: ScalarStyle) -> Option<Value> {
    if !matches!(style, ScalarStyle::Plain) {
        return Some(Value::Str(text));
    }
    let t = text.trim_matches([' ', '\t', '\r', '\n']);
    if t.len() != text.len() {
        return None;
    }
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Only text that could be a number goes through the number rules.
    let first = t.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return Some(Value::Str(text));
    }
    if t.starts_with('-') {
        if !leading_zero_decimal(t)
            && let Some(v) = int_signed(t)
        {
            return Some(Value::Int(v));
        }
    } else if let Some(v) = int_unsigned(t) {
        return Some(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int));
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if matches!(
        unsigned,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF"
    ) {
        return None; // non-finite: refused by the serde path, with its own message
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Value::Float(v)),
        Ok(_) => None,
        Err(_) => Some(Value::Str(text)),
    }
}

fn leading_zero_decimal(t: &str) -> bool {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

fn radix_and_digits(rest: &str) -> (u32, &str) {
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(r) = rest.strip_prefix(prefix) {
            return (radix, r);
        }
    }
    (10, rest)
}

/// Digits with single underscores between them, in a radix, as serde-saphyr reads them.
fn digits_u128(digits: &str, radix: u32) -> Option<u128> {
    let bytes = digits.as_bytes();
    let mut val: u128 = 0;
    let mut saw = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let prev_ok = i > 0 && bytes[i - 1] != b'_';
            let next_ok = i + 1 < bytes.len() && bytes[i + 1] != b'_';
            if !prev_ok || !next_ok {
                return None;
            }
            continue;
        }
        let d = (b as char).to_digit(16)?;
        if d >= radix {
            return None;
        }
        val = val
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(d))?;
        saw = true;
    }
    saw.then_some(val)
}

fn int_unsigned(t: &str) -> Option<u64> {
    let rest = t.strip_prefix('+').unwrap_or(t);
    let (radix, digits) = radix_and_digits(rest);
    if radix == 10 && digits.starts_with('0') && digits != "0" {
        return None;
    }
    u64::try_from(digits_u128(digits, radix)?).ok()
}

fn int_signed(t: &str) -> Option<i64> {
    let rest = t.strip_prefix('-')?;
    let (radix, digits) = radix_and_digits(rest);
    if radix == 10 && digits.starts_with('0') && digits != "0" {
        return None;
    }
    let mag = digits_u128(digits, radix)?;
    let v = i128::try_from(mag).ok()?.checked_neg()?;
    i64::try_from(v).ok()
}
