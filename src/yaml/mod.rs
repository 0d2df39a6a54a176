//! A YAML tree that remembers where every key and value was written.
//!
//! Process documents, standards and waivers are all read through this module so that a
//! finding, a diagnostic or a SARIF result can point at `file:line:column`. Ordinary
//! documents are built straight from the events of serde-saphyr's parser (`events.rs`);
//! everything else (errors, budgets near their limits, anchors, aliases, tags, merge keys,
//! several documents) goes through serde-saphyr in one streaming pass (its `Spanned`
//! wrapper carries the positions), with explicit budgets against alias bombs, deep nesting
//! and huge inputs. Both paths give the same tree; tests compare them.
//! Duplicate keys are passed through into the tree on purpose, so that validation can
//! show both places and keep going instead of stopping at the first one.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, Spanned};
use std::fmt;

/// A 1-based line and column in a source file; `0:0` means "no position known".
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    /// The 1-based line.
    pub line: u32,
    /// The 1-based column, counted in characters.
    pub column: u32,
}

impl Pos {
    fn from_location(loc: serde_saphyr::Location) -> Self {
        Pos {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
        }
    }

    /// Returns true if and only if the position points into the file.
    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A mapping key with the place it was written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    /// The key as text (scalar keys of other types are written as they read).
    pub name: String,
    /// Where the key starts.
    pub pos: Pos,
}

/// One YAML value with its position.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub pos: Pos,
}

/// The shapes a YAML value can take once aliases are resolved.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text (dates stay text: YAML 1.2 has no timestamp type).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order; duplicate keys are kept for validation to report.
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// The kind of value, as a user would name it in a message.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }
}

impl Node {
    /// A node with no position, for values built in code.
    pub fn detached(value: Value) -> Self {
        Node {
            value,
            pos: Pos::default(),
        }
    }

    /// Looks a key up in a mapping; the first occurrence wins.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, n)| n)
    }

    /// Walks a dotted path of keys (`supervision.last_internal_audit`) through mappings.
    pub fn at(&self, dotted: &str) -> Option<&Node> {
        dotted
            .split('.')
            .filter(|s| !s.is_empty())
            .try_fold(self, |n, seg| n.get(seg))
    }

    /// Looks a key up in a mapping and returns the key with its value.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, n)| (k, n)),
            _ => None,
        }
    }

    /// The mapping's entries, or an empty slice for anything else.
    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The sequence's items, or an empty slice for anything else.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The value as text, if it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a number, if it is an integer or a float.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The value as a boolean, if it is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Returns true if and only if the value is null.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The value as a scalar rendered for a report (`"7"`, `"true"`, `"text"`).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Null => None,
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(format_number(*f)),
            Value::Str(s) => Some(s.clone()),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// Converts the tree into JSON (first key wins on duplicates), for schema checks and
    /// typed conversion.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (k, v) in entries {
                    map.entry(k.name.clone()).or_insert_with(|| v.to_json());
                }
                J::Object(map)
            }
        }
    }
}

/// Cuts a text to at most `max` characters, marking the cut, so that a huge value in a
/// hostile file cannot blow up a message or a report.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}… (+{} chars)", &s[..i], s[i..].chars().count()),
        None => s.to_string(),
    }
}

/// Formats a number without a trailing `.0` for whole values.
pub fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

mod events;
mod limits;
use limits::breach;
pub use limits::{Breach, LimitKind, Limits, MAX_KEY_CHARS, options};

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Node>()?;
            let key = Key {
                name: key.value.0,
                pos: Pos::from_location(key.referenced),
            };
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            d.deserialize_any(ValueVisitor)
        } else {
            ValueWire::deserialize(d)
        }
    }
}

/// A [`Value`] in a compact binary form (the standards compiled at build time), read back
/// field by field as the derived `Serialize` wrote it.
#[derive(serde::Deserialize)]
#[serde(remote = "Value")]
enum ValueWire {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A [`Node`] in the compact binary form.
#[derive(serde::Deserialize)]
#[serde(remote = "Node")]
struct NodeWire {
    value: Value,
    pos: Pos,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            return NodeWire::deserialize(d);
        }
        let spanned = Spanned::<Value>::deserialize(d)?;
        Ok(Node {
            value: spanned.value,
            pos: Pos::from_location(spanned.referenced),
        })
    }
}

/// A mapping key read as text whatever its scalar type.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Str(s) => Ok(KeyText(s)),
            Value::Null => Ok(KeyText("null".into())),
            Value::Bool(b) => Ok(KeyText(b.to_string())),
            Value::Int(i) => Ok(KeyText(i.to_string())),
            Value::Float(f) => Ok(KeyText(format_number(f))),
            Value::Seq(_) | Value::Map(_) => Err(de::Error::custom(
                "a mapping key must be a plain scalar, not a list or a mapping",
            )),
        }
    }
}

/// The English message for several documents in one file; loaders match on it.
pub const SEVERAL_DOCUMENTS: &str =
    "the file holds several YAML documents (`---`); put one process document in each file";

/// A YAML syntax or budget error with the place it was found.
#[derive(Debug, Clone)]
pub struct ParseError {
    /// Where the parser stopped, if it said.
    pub pos: Pos,
    /// The parser's own message, without its snippet, or the limit's English message.
    pub message: String,
    /// The limit that was hit, when the error is a budget breach rather than bad syntax.
    pub breach: Option<Breach>,
}

/// Parses text into a positioned tree; several documents in one stream are an error.
///
/// Ordinary documents are built straight from the parser's events ([`events`]); anything
/// that path leaves aside (errors, budgets near their limits, anchors, aliases, tags,
/// merge keys, several documents, rarer scalar spellings) is read through serde-saphyr
/// exactly as before, so the tree, the budgets and every error are the same.
pub fn parse(text: &str, limits: &Limits) -> Result<Node, ParseError> {
    match events::build(text, limits) {
        Some(node) => Ok(node),
        None => parse_serde(text, limits),
    }
}

/// The serde-saphyr path: `Spanned` deserialization, exact budgets and errors.
fn parse_serde(text: &str, limits: &Limits) -> Result<Node, ParseError> {
    let opts = options(limits, DuplicateKeyPolicy::PassThrough);
    match serde_saphyr::from_str_multiple_with_options::<Node, Vec<Node>>(text, opts) {
        Ok(mut docs) => match docs.len() {
            0 => Ok(Node {
                value: Value::Null,
                pos: Pos { line: 1, column: 1 },
            }),
            1 => Ok(docs.remove(0)),
            _ => Err(ParseError {
                pos: docs[1].pos,
                message: SEVERAL_DOCUMENTS.into(),
                breach: None,
            }),
        },
        Err(err) => Err(parse_error_within(&err, limits)),
    }
}

/// Turns a serde-saphyr error into a message and a position, assuming default limits.
pub fn parse_error(err: &serde_saphyr::Error) -> ParseError {
    parse_error_within(err, &Limits::default())
}

/// Turns a serde-saphyr error read under `limits` into a message and a position; a
/// budget breach names the limit and its value instead of the library's debug output.
pub fn parse_error_within(err: &serde_saphyr::Error, limits: &Limits) -> ParseError {
    let pos = err.location().map(Pos::from_location).unwrap_or_default();
    let message = err.without_snippet().to_string();
    let message = strip_location_suffix(&message);
    match breach(err, &message, limits) {
        Some(b) => ParseError {
            pos,
            message: b.message().en,
            breach: Some(b),
        },
        None => ParseError {
            pos,
            message,
            breach: None,
        },
    }
}

/// The error under any snippet and alias wrappers.
fn original(mut err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error as E;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = err {
        err = error;
    }
    err
}

fn strip_location_suffix(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_kept_for_keys_and_values() {
        let node = parse("a:\n  b: 7\n  c: [x, y]\n", &Limits::default()).unwrap();
        let (k, v) = node.get("a").unwrap().entry("b").unwrap();
        assert_eq!(k.pos, Pos { line: 2, column: 3 });
        assert_eq!(v.pos, Pos { line: 2, column: 6 });
        assert_eq!(v.value, Value::Int(7));
        assert_eq!(
            node.get("a").unwrap().get("c").unwrap().items()[1].pos.line,
            3
        );
    }

    #[test]
    fn duplicate_keys_are_kept_for_validation() {
        let node = parse("a: 1\na: 2\n", &Limits::default()).unwrap();
        assert_eq!(node.entries().len(), 2);
        assert_eq!(node.entries()[1].0.pos.line, 2);
    }

    #[test]
    fn several_documents_are_refused() {
        let err = parse("a: 1\n---\nb: 2\n", &Limits::default()).unwrap_err();
        assert!(err.message.contains("several"));
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let err = parse(&text, &Limits::default()).unwrap_err();
        let breach = err.breach.expect("a budget breach");
        assert_eq!(breach.kind, LimitKind::AliasExpansion);
        assert!(err.message.contains("100000"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}x{}", "[".repeat(10_000), "]".repeat(10_000));
        let flow = parse(&text, &Limits::default()).unwrap_err();
        let text = format!("{}x\n", "- ".repeat(10_000));
        let block = parse(&text, &Limits::default()).unwrap_err();
        for err in [flow, block] {
            let breach = err.breach.expect("a budget breach");
            assert_eq!((breach.kind, breach.limit), (LimitKind::Depth, 32));
        }
    }

    #[test]
    fn many_aliases_of_one_anchor_name_the_ratio_limit() {
        let text = format!("a: &a x\nb: [{}]\n", vec!["*a"; 150].join(", "));
        let err = parse(&text, &Limits::default()).unwrap_err();
        let breach = err.breach.expect("a budget breach");
        assert_eq!(breach.kind, LimitKind::AliasRatio);
        assert!(err.message.contains("150 YAML aliases"), "{}", err.message);
        assert!(
            err.message.contains("at most 10 per anchor"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("1000"), "{}", err.message);
    }

    #[test]
    fn budget_breaches_read_as_sentences_in_both_languages() {
        let text = format!("a: &a x\nb: [{}]\n", vec!["*a"; 1_001].join(", "));
        let err = parse(&text, &Limits::default()).unwrap_err();
        let breach = err.breach.expect("a budget breach");
        assert_eq!((breach.kind, breach.limit), (LimitKind::Aliases, 1_000));
        for t in [breach.message(), breach.advice()] {
            assert!(t.zh.contains("1000") && t.en.contains("1000"), "{t:?}");
            assert!(!t.en.contains('{') && !t.en.contains("Aliases"), "{t:?}");
        }
    }
}
