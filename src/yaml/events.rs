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

#[cfg(test)]
mod tests {
    use super::super::{ParseError, parse, parse_serde};
    use super::*;

    /// The serde path is the oracle: the tree, or the error, must be the same.
    fn same(text: &str, limits: &Limits) -> Option<Node> {
        let fast = build(text, limits);
        let old = parse_serde(text, limits);
        let new = parse(text, limits);
        match (&old, &new) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "tree differs for {text:?}"),
            (Err(a), Err(b)) => assert_eq!(key(a), key(b), "error differs for {text:?}"),
            _ => panic!(
                "{text:?}: serde {:?}, events {:?}",
                old.is_ok(),
                new.is_ok()
            ),
        }
        if let Some(node) = &fast {
            assert_eq!(
                Some(node),
                old.as_ref().ok(),
                "fast tree differs for {text:?}"
            );
        }
        fast
    }

    fn key(e: &ParseError) -> (Pos, String, Option<super::super::Breach>) {
        (e.pos, e.message.clone(), e.breach)
    }

    const FAST: &[&str] = &[
        "a:\n  b: 7\n  c: [x, y]\n",
        "a: 1\na: 2\n",
        "# comment\naftercert: 2 # trailing\ncompany:\n  name: 澜海电器股份有限公司 # 注释\n  regions: [上海市, 江苏省]\n  x: 中文值\n",
        "公司: {名称: 澜海, 城市: 上海}\n列表:\n  - 一\n  - 二: 三\n",
        "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n\nc: |-\n  kept\nd: \"quoted\\n\\u00e9\"\ne: 'single ''q'''\n",
        "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
        "\u{feff}a: 1\nb: 2\n",
        "a:\tb\nc: \"\ttab\"\n",
        "---\na: 1\n...\n",
        "---\na: 1\n",
        "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: ''\ng: \"null\"\n",
        "a: true\nb: False\nc: TRUE\nd: yes\ne: no\nf: on\ng: 'true'\n",
        "a: 0\nb: -0\nc: 42\nd: -17\ne: +5\nf: 0x1F\ng: 0o17\nh: 0b101\ni: 1_000\nj: 0127\nk: -0127\n",
        "a: 9223372036854775807\nb: 9223372036854775808\nc: 18446744073709551616\nd: -9223372036854775808\ne: -9223372036854775809\n",
        "a: 1.5\nb: -0.25\nc: .5\nd: 1e3\ne: 1.0\nf: 6.02e+23\ng: 1_0.5\nh: 1.\n",
        "d: .infinity\nf: -x\ng: +\nh: .\ni: Infinity\n",
        "date: 2026-11-23\ntime: 2026-11-23T10:00:00Z\nv: 1.2.3\nphone: 400-800-1234\npct: 95%\n",
        "a: [1, 'b', \"c\", {d: e}, [f]]\nb: {x: 1, y: [2, 3]}\nc: []\nd: {}\n",
        "- a\n- b: 1\n  c: 2\n- - x\n  - y\n",
        "key with spaces: value with:colon\n\"quoted key\": 1\n'single': 2\n",
        "a:\n  - name: x\n    v: 1\n  -\n    name: y\n",
        "multi: this is\n  a plain scalar\n  over lines\n",
        "[a, b, c]\n",
        "a: b\n# only a comment\n\n\n",
        "   a: 1\n   b: 2\n",
        "? a\n: b\n",
        "a: 'it''s'\nb: \"line\\tx\"\nc: \"\\\"\"\n",
    ];

    const SLOW: &[&str] = &[
        "",
        "# only a comment\n",
        "~\n",
        "---\n",
        "42\n",
        "plain text\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n---\n",
        "---\n---\na: 1\n",
        "a: &x 1\nb: *x\n",
        "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",
        "a: !!str 1\nb: !custom x\n",
        "1: one\n2.5: two\ntrue: three\n~: four\n",
        "[a, b]: 1\n",
        "{x: 1}: 2\n",
        "a: .inf\nb: -.inf\nc: .nan\n",
        "a: inf\nb: nan\nc: infinity\n",
        "e: - x\nf: -\n",
        "a: 1e999\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "a:\n  - x\n - y\n",
        "a: \"unterminated\n",
        "\ta: 1\n",
        "a: *nope\n",
        "a: 1\n  b: 2\n",
    ];

    #[test]
    fn the_fast_path_builds_the_same_tree_as_the_serde_path() {
        let limits = Limits::default();
        for text in FAST {
            assert!(
                same(text, &limits).is_some(),
                "not on the fast path: {text:?}"
            );
        }
        for text in SLOW {
            same(text, &limits);
        }
    }

    #[test]
    fn every_yaml_file_of_the_repository_reads_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut fast = 0;
        let mut files = 0;
        for dir in [
            "fixtures",
            "standards",
            "tests",
            "docs",
            "examples",
            "templates",
        ] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let path = entry.path();
                if !matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                ) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                files += 1;
                fast += usize::from(same(&text, &Limits::default()).is_some());
            }
        }
        assert!(files > 30, "{files} files");
        assert!(fast * 10 >= files * 7, "{fast} of {files} on the fast path");
    }

    #[test]
    fn nesting_at_and_over_the_limit_reads_the_same() {
        let limits = Limits::default();
        for depth in [
            limits.max_depth - 4,
            limits.max_depth - 1,
            limits.max_depth,
            limits.max_depth + 1,
        ] {
            let flow = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
            let mut block = String::new();
            for i in 0..depth {
                block.push_str(&"  ".repeat(i));
                block.push_str("k:\n");
            }
            block.push_str(&"  ".repeat(depth));
            block.push_str("v: 1\n");
            same(&flow, &limits);
            same(&block, &limits);
        }
        assert!(same("[[[[x]]]]", &limits).is_some());
    }

    #[test]
    fn budgets_near_their_limits_read_the_same() {
        let small = Limits {
            max_bytes: 300,
            max_depth: 6,
            max_nodes: 100,
            max_aliases: 5,
            max_alias_expansion: 50,
        };
        for n in [10, 30, 45, 49, 50, 51, 60, 120] {
            let text: String = (0..n).map(|i| format!("k{i}: v\n")).collect();
            same(&text, &small);
            let text = format!("a: {}\n", "x".repeat(n * 5));
            same(&text, &small);
            let text = format!("a: [{}]\n", vec!["1"; n].join(", "));
            same(&text, &small);
        }
        let text = format!("a: &a x\nb: [{}]\n", vec!["*a"; 150].join(", "));
        same(&text, &Limits::default());
    }

    #[test]
    fn columns_are_counted_in_characters() {
        let node = build("名称: 澜海\n列表: [甲, 乙]\n", &Limits::default()).unwrap();
        let (k, v) = node.entry("列表").unwrap();
        assert_eq!(k.pos, Pos { line: 2, column: 1 });
        assert_eq!(v.items()[1].pos, Pos { line: 2, column: 9 });
        assert_eq!(node.get("名称").unwrap().pos, Pos { line: 1, column: 5 });
    }
}
