//! Validates a positioned YAML tree against the process document format.
//!
//! Walks the generated JSON Schema and the tree together and collects **every** problem
//! in one pass (unknown keys with a did-you-mean, wrong types, values out of range,
//! impossible dates, duplicate keys with both places, missing required keys), then checks
//! references the schema cannot express (evidence ids, outlet regions, product ids).
//! Serde alone would stop at the first problem; a person fixing a file wants them all.
//!
//! One schema serves both format versions: keys marked `x-since: 2` are refused in a
//! version-1 document (with "write `aftercert: 2`"), keys marked `readOnly` are derived by
//! the loader and refused everywhere, and strings marked `x-quantity` are parsed as
//! quantities with their units. A KPI without a target is valid in both versions: it is
//! a gap the standards report, not a format error.

use super::quantities;
use super::shape::{Shape, Shapes, allowed_values, shapes};
use crate::diag::{Code, Diagnostic, LineIndex};
use crate::evaluate::parse_date;
use crate::i18n::Text;
use crate::yaml::{Node, Pos, Value, format_number};
use serde_json::Value as J;
use std::collections::{HashMap, HashSet};

/// The format versions this build reads.
pub const SUPPORTED_VERSIONS: &[i64] = &[1, 2];

/// The version `init` and `migrate` write, and the one named when the version is missing.
pub const CURRENT_VERSION: i64 = 2;

/// Validates a whole document tree; `file` names it in diagnostics.
pub fn validate(root: &Node, file: &str) -> Vec<Diagnostic> {
    validate_with(root, file, None)
}

/// Like [`validate`], with the source text the tree was read from, so that messages about
/// numbers show them as written (`1e3`, `0.12345`) rather than reformatted.
pub fn validate_source(root: &Node, file: &str, source: &str) -> Vec<Diagnostic> {
    validate_with(root, file, Some((source, LineIndex::new(source))))
}

fn validate_with(root: &Node, file: &str, source: Option<(&str, LineIndex)>) -> Vec<Diagnostic> {
    let mut v = Walker {
        file,
        out: Vec::new(),
        shapes: shapes(),
        source,
        version: CURRENT_VERSION,
    };
    match v.version(root) {
        Some(version) => v.version = version,
        None => return v.out,
    }
    v.node(root, Shapes::ROOT, &Path::Root);
    references(root, file, &mut v.out);
    v.out.sort_by_key(|d| d.pos);
    v.out
}

struct Walker<'a> {
    file: &'a str,
    out: Vec<Diagnostic>,
    shapes: &'static Shapes,
    source: Option<(&'a str, LineIndex)>,
    /// The document's format version.
    version: i64,
}

/// Numbers further right than this on their line are shown reformatted, so that finding
/// the written text never costs more than a bounded scan.
const MAX_WRITTEN_COLUMN: u32 = 10_000;

/// The kind of a value and, for a scalar, the value as written (`integer `20261101``).
fn kind_text(node: &Node, written: Option<String>) -> String {
    match node.value {
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            let text = written.or_else(|| node.scalar_text()).unwrap_or_default();
            format!("{} `{}`", node.value.kind(), crate::yaml::clip(&text, 80))
        }
        _ => node.value.kind().to_string(),
    }
}

impl<'a> Walker<'a> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// A number as written in the source (`1e3`, `0.123456`), when the source is at hand.
    fn written(&self, node: &Node) -> Option<String> {
        if !matches!(node.value, Value::Int(_) | Value::Float(_))
            || node.pos.column > MAX_WRITTEN_COLUMN
        {
            return None;
        }
        let (src, lines) = self.source.as_ref()?;
        let line = lines.text(src, node.pos.line)?;
        let rest: String = line
            .chars()
            .skip(node.pos.column.saturating_sub(1) as usize)
            .take(100)
            .collect();
        let token = rest.split([',', ']', '}', '#']).next()?.trim();
        let numeric =
            token.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
        numeric.then(|| crate::yaml::clip(token, 80))
    }

    /// A number for a message: as written when possible, else formatted.
    fn number(&self, node: &Node, x: f64) -> String {
        self.written(node).unwrap_or_else(|| format_number(x))
    }

    /// Checks the top-level shape and version; `None` means nothing else can be checked.
    fn version(&mut self, root: &Node) -> Option<i64> {
        let Value::Map(_) = root.value else {
            let code = if root.is_null() {
                Code::EmptyDocument
            } else {
                Code::NotAMapping
            };
            let msg = Text::new(
                format!("顶层是 {}，而不是流程文件所需的映射", root.value.kind()),
                format!(
                    "the top level is a {}, not the mapping a process document needs",
                    root.value.kind()
                ),
            );
            self.push(
                Diagnostic::error(code, self.file, root.pos, msg)
                    .expected(Text::same(format!("aftercert: {CURRENT_VERSION}"))),
            );
            return None;
        };
        match root.entry("aftercert") {
            None => {
                let msg = Text::new(
                    "缺少顶层键 `aftercert`，无法识别为流程文件",
                    "the top-level key `aftercert` is missing, so this is not recognisable as a process document",
                );
                self.push(
                    Diagnostic::error(Code::MissingVersion, self.file, root.pos, msg)
                        .expected(Text::same(format!("aftercert: {CURRENT_VERSION}"))),
                );
                None
            }
            Some((_, v)) => match v.value {
                Value::Int(n) if SUPPORTED_VERSIONS.contains(&n) => Some(n),
                _ => {
                    let msg = Text::new(
                        format!("不支持的格式版本 {}", kind_text(v, self.written(v))),
                        format!(
                            "unsupported format version {}",
                            kind_text(v, self.written(v))
                        ),
                    );
                    let supported = SUPPORTED_VERSIONS
                        .iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.push(
                        Diagnostic::error(Code::UnsupportedVersion, self.file, v.pos, msg)
                            .expected(Text::same(format!("aftercert: {supported}"))),
                    );
                    None
                }
            },
        }
    }

    fn node(&mut self, node: &Node, shape: usize, path: &Path<'_>) {
        let outer = self.shapes.get(shape);
        let (schema, nullable) = (self.shapes.get(outer.inner), outer.nullable);
        if node.is_null() {
            if !nullable && !schema.allows("null") {
                let msg = Text::new(
                    format!("`{path}` 不能为空（null）"),
                    format!("`{path}` cannot be null"),
                );
                self.push(
                    Diagnostic::error(Code::WrongType, self.file, node.pos, msg)
                        .expected(expected_text(schema.json)),
                );
            }
            return;
        }
        let Some(schema) = self.alternative(node, schema, path) else {
            return;
        };
        if let Some(values) = &schema.values {
            self.enumerated(node, values, path);
            return;
        }
        if let Some(kind) = schema.quantity {
            self.quantity(node, schema, kind, path);
            return;
        }
        if !self.type_matches(node, schema, path) {
            return;
        }
        match &node.value {
            Value::Map(entries) => self.mapping(node, entries, schema, path),
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.node(item, schema.items, &Path::Index(path, i));
                }
            }
            Value::Int(_) | Value::Float(_) => self.range(node, schema, path),
            Value::Str(s) => self.string(node, s, schema, path),
            _ => {}
        }
    }

    /// For a schema with alternatives (`anyOf`, e.g. a window or an exemption), the one
    /// whose type fits the node; `None`, after reporting, when none does.
    fn alternative(
        &mut self,
        node: &Node,
        schema: &'static Shape,
        path: &Path<'_>,
    ) -> Option<&'static Shape> {
        let Some(alts) = &schema.alts else {
            return Some(schema);
        };
        let shapes = self.shapes;
        let alts: Vec<&'static Shape> = alts.iter().map(|a| shapes.get(*a)).collect();
        if let Some(fit) = alts.iter().find(|a| kind_fits(node, a)) {
            return Some(fit);
        }
        let found = kind_text(node, self.written(node));
        let expected: Vec<Text> = alts.iter().map(|a| expected_text(a.json)).collect();
        let join = |f: fn(&Text) -> &String, sep: &str| {
            expected
                .iter()
                .map(f)
                .cloned()
                .collect::<Vec<_>>()
                .join(sep)
        };
        let msg = Text::new(
            format!("`{path}` 的类型不对：实际为 {found}"),
            format!("`{path}` has the wrong type: found {found}"),
        );
        self.push(
            Diagnostic::error(Code::WrongType, self.file, node.pos, msg)
                .expected(Text::new(join(|t| &t.zh, "，或"), join(|t| &t.en, ", or "))),
        );
        None
    }

    /// A quantity field: text with a unit of the right dimension.
    fn quantity(&mut self, node: &Node, schema: &Shape, kind: &str, path: &Path<'_>) {
        let problem = match &node.value {
            Value::Str(s) => quantities::check(path, s, kind),
            Value::Int(_) | Value::Float(_) => {
                let written = self
                    .written(node)
                    .or_else(|| node.scalar_text())
                    .unwrap_or_default();
                Some(quantities::bare_number(path, &written, kind))
            }
            _ => {
                self.type_matches(node, schema, path);
                None
            }
        };
        if let Some(p) = problem {
            self.push(
                Diagnostic::error(Code::InvalidQuantity, self.file, node.pos, p.message)
                    .expected(p.expected),
            );
        }
    }

    fn type_matches(&mut self, node: &Node, schema: &Shape, path: &Path<'_>) -> bool {
        let ok = match &node.value {
            Value::Map(_) => schema.allows("object"),
            Value::Seq(_) => schema.allows("array"),
            Value::Str(_) => schema.allows("string"),
            Value::Bool(_) => schema.allows("boolean"),
            Value::Int(i) => {
                schema.allows("integer")
                    || schema.allows("number")
                    || (schema.allows("string") && *i >= 0 && !schema.date)
            }
            Value::Float(_) => schema.allows("number"),
            Value::Null => true,
        };
        if !ok {
            let found = kind_text(node, self.written(node));
            let msg = Text::new(
                format!("`{path}` 的类型不对：实际为 {found}"),
                format!("`{path}` has the wrong type: found {found}"),
            );
            self.push(
                Diagnostic::error(Code::WrongType, self.file, node.pos, msg)
                    .expected(expected_text(schema.json)),
            );
        }
        ok
    }

    fn enumerated(&mut self, node: &Node, values: &[String], path: &Path<'_>) {
        let got = node.scalar_text();
        if got.as_ref().is_some_and(|g| values.contains(g))
            && !matches!(node.value, Value::Seq(_) | Value::Map(_))
        {
            return;
        }
        let got = self.written(node).or(got).map_or_else(
            || node.value.kind().to_string(),
            |g| crate::yaml::clip(&g, 80),
        );
        let hint = suggest(&got, values.iter().map(String::as_str));
        let (zh_hint, en_hint) = hint.map_or((String::new(), String::new()), |h| {
            (
                format!("；是否想写 `{h}`？"),
                format!("; did you mean `{h}`?"),
            )
        });
        let msg = Text::new(
            format!("`{path}` 的取值 `{got}` 无效{zh_hint}"),
            format!("`{path}` cannot be `{got}`{en_hint}"),
        );
        let list = values.join(", ");
        self.push(
            Diagnostic::error(Code::UnknownValue, self.file, node.pos, msg).expected(Text::new(
                format!("以下之一：{list}"),
                format!("one of: {list}"),
            )),
        );
    }

    fn mapping(
        &mut self,
        node: &Node,
        entries: &[(crate::yaml::Key, Node)],
        schema: &Shape,
        path: &Path<'_>,
    ) {
        let props = schema.props.as_ref();
        let closed = schema.closed;
        let mut seen: HashMap<&str, Pos> = HashMap::new();
        for (key, value) in entries {
            let child_path = Path::Key(path, &key.name);
            if let Some(first) = seen.get(key.name.as_str()) {
                let msg = Text::new(
                    format!("键 `{child_path}` 重复（首次出现在第 {} 行）", first.line),
                    format!(
                        "key `{child_path}` appears twice (first at line {})",
                        first.line
                    ),
                );
                let d = Diagnostic::error(Code::DuplicateKey, self.file, key.pos, msg)
                    .related(*first, Text::new("首次出现", "first defined here"))
                    .expected(Text::new(
                        "每个键在同一映射中只出现一次",
                        "each key once per mapping",
                    ));
                self.push(d);
                continue;
            }
            seen.insert(&key.name, key.pos);
            let child = props.and_then(|p| p.get(key.name.as_str())).copied();
            match child.map(|c| (c, self.shapes.get(c))) {
                Some((_, shape)) if self.version < shape.since => {
                    self.newer_key(key, &child_path, shape.since);
                }
                Some((_, shape)) if shape.read_only => {
                    self.derived_key(key, &child_path);
                }
                Some((c, _)) => self.node(value, c, &child_path),
                None if closed => {
                    let props = schema.json.get("properties").and_then(J::as_object);
                    self.unknown_key(key, props, path);
                }
                None => {}
            }
        }
        let props = schema.json.get("properties").and_then(J::as_object);
        for &name in &schema.required {
            if !seen.contains_key(name) {
                let full = Path::Key(path, name);
                let msg = Text::new(
                    format!("缺少必填键 `{full}`"),
                    format!("required key `{full}` is missing"),
                );
                let desc = props
                    .and_then(|p| p.get(name))
                    .and_then(|s| s.get("description"))
                    .and_then(J::as_str)
                    .unwrap_or("");
                self.push(
                    Diagnostic::error(Code::MissingKey, self.file, node.pos, msg)
                        .expected(Text::same(format!("{name}: … ({desc})"))),
                );
            }
        }
    }

    /// A key of a later version than the document's: one message, nothing below it.
    fn newer_key(&mut self, key: &crate::yaml::Key, path: &Path<'_>, since: i64) {
        let version = self.version;
        let msg = Text::new(
            format!(
                "`{path}` 是版本 {since} 的键，而本文件是版本 {version}（aftercert: {version}）"
            ),
            format!("`{path}` is a version-{since} key in a version-{version} document"),
        );
        self.push(
            Diagnostic::error(Code::Version2Key, self.file, key.pos, msg).expected(Text::new(
                format!("在文件开头写 aftercert: {since}（或用 aftercert migrate 迁移），或删去此键"),
                format!("write aftercert: {since} at the top (or run aftercert migrate), or remove this key"),
            )),
        );
    }

    /// A key the loader derives (`products[].effective`), written by hand.
    fn derived_key(&mut self, key: &crate::yaml::Key, path: &Path<'_>) {
        let msg = Text::new(
            format!("`{path}` 由 aftercert 根据 terms 和公司默认条款推导，不能手写"),
            format!(
                "`{path}` is derived by aftercert from the line's terms and the company defaults; it cannot be written"
            ),
        );
        self.push(
            Diagnostic::error(Code::DerivedKey, self.file, key.pos, msg).expected(Text::new(
                "把条款写在 terms 下",
                "write the line's terms under `terms`",
            )),
        );
    }

    fn unknown_key(
        &mut self,
        key: &crate::yaml::Key,
        props: Option<&serde_json::Map<String, J>>,
        path: &Path<'_>,
    ) {
        let valid: Vec<&str> = props
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let place = if path.is_empty() {
            "the top level".to_string()
        } else {
            format!("`{path}`")
        };
        let place_zh = if path.is_empty() {
            "顶层".to_string()
        } else {
            format!("`{path}`")
        };
        let (zh_hint, en_hint) = match suggest(&key.name, valid.iter().copied()) {
            Some(h) => (
                format!("；是否想写 `{h}`？"),
                format!("; did you mean `{h}`?"),
            ),
            None => (String::new(), String::new()),
        };
        let msg = Text::new(
            format!("{place_zh} 中不允许键 `{}`{zh_hint}", key.name),
            format!("unknown key `{}` in {place}{en_hint}", key.name),
        );
        let list = valid.join(", ");
        self.push(
            Diagnostic::error(Code::UnknownKey, self.file, key.pos, msg).expected(Text::new(
                format!("此处可用的键：{list}"),
                format!("keys valid here: {list}"),
            )),
        );
    }

    fn range(&mut self, node: &Node, schema: &Shape, path: &Path<'_>) {
        let Some(x) = node.as_f64() else { return };
        let min = schema.minimum;
        let max = schema.maximum;
        let integer = schema.allows("integer") && !schema.allows("number");
        let too_small = min.is_some_and(|m| x < m);
        let too_big = max.is_some_and(|m| x > m);
        if integer && x.fract() != 0.0 {
            let msg = Text::new(
                format!("`{path}` 应为整数，实际为 {}", self.number(node, x)),
                format!(
                    "`{path}` must be a whole number, found {}",
                    self.number(node, x)
                ),
            );
            self.push(
                Diagnostic::error(Code::WrongType, self.file, node.pos, msg)
                    .expected(expected_text(schema.json)),
            );
        } else if too_small || too_big {
            let bounds = match (min, max) {
                (Some(a), Some(b)) => format!("{} – {}", format_number(a), format_number(b)),
                (Some(a), None) => format!("≥ {}", format_number(a)),
                (None, Some(b)) => format!("≤ {}", format_number(b)),
                (None, None) => String::new(),
            };
            let msg = Text::new(
                format!("`{path}` 的值 {} 超出范围", self.number(node, x)),
                format!("`{path}` is {}, out of range", self.number(node, x)),
            );
            self.push(
                Diagnostic::error(Code::OutOfRange, self.file, node.pos, msg)
                    .expected(Text::same(bounds)),
            );
        }
    }

    fn string(&mut self, node: &Node, s: &str, schema: &Shape, path: &Path<'_>) {
        if schema.date && parse_date(s).is_none() {
            let s = crate::yaml::clip(s, 80);
            let msg = Text::new(
                format!("`{path}` 的日期 `{s}` 无效或不存在"),
                format!("`{path}`: `{s}` is not a valid date"),
            );
            self.push(
                Diagnostic::error(Code::InvalidDate, self.file, node.pos, msg).expected(Text::new(
                    "YYYY-MM-DD 格式的日期（月、日各两位），如 2026-03-31",
                    "a date written YYYY-MM-DD (two-digit month and day), such as 2026-03-31",
                )),
            );
        }
        let min_len = schema.min_len;
        if min_len > 0 && s.trim().is_empty() {
            let msg = Text::new(
                format!("`{path}` 不能为空"),
                format!("`{path}` cannot be empty"),
            );
            self.push(
                Diagnostic::error(Code::EmptyValue, self.file, node.pos, msg)
                    .expected(Text::new("非空文本", "a non-empty text")),
            );
        }
    }
}

/// Returns true if and only if a node of this kind can match the schema alternative.
fn kind_fits(node: &Node, schema: &Shape) -> bool {
    match &node.value {
        Value::Map(_) => schema.allows("object") && schema.typed(),
        Value::Seq(_) => schema.allows("array") && schema.typed(),
        Value::Str(_) => schema.allows("string"),
        Value::Bool(_) => schema.allows("boolean"),
        // A bare number in a quantity alternative is reported there as missing its unit.
        Value::Int(_) | Value::Float(_) => schema.allows("number") || schema.quantity.is_some(),
        Value::Null => true,
    }
}

/// Returns true if and only if the schema is a date (`format: date`).
fn is_date(schema: &J) -> bool {
    schema.get("format").and_then(J::as_str) == Some("date")
}

fn expected_text(schema: &J) -> Text {
    if let Some(values) = allowed_values(schema) {
        let list = values.join(", ");
        return Text::new(format!("以下之一：{list}"), format!("one of: {list}"));
    }
    let ty = match schema.get("type") {
        Some(J::String(t)) => t.clone(),
        Some(J::Array(ts)) => ts
            .iter()
            .filter_map(J::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "value".into(),
    };
    let (zh, en) = match ty.as_str() {
        "object" => ("映射（键: 值）", "a mapping (key: value)"),
        "array" => ("列表", "a list"),
        "string" if is_date(schema) => (
            "YYYY-MM-DD 格式的日期文本，如 2026-03-31",
            "a date written YYYY-MM-DD, such as 2026-03-31",
        ),
        "string" if schema.get("x-quantity").is_some() => {
            return quantities::expected(schema["x-quantity"].as_str().unwrap_or(""));
        }
        "string" => ("文本", "a text"),
        "integer" => ("整数", "a whole number"),
        "number" => ("数字", "a number"),
        "boolean" => ("true 或 false", "true or false"),
        _ => ("值", "a value"),
    };
    Text::new(zh, en)
}

/// The most candidates a did-you-mean compares a word with. A longer list (ten thousand
/// evidence ids) gets no suggestion: comparing every unknown id with every known one
/// would cost their product, and a suggestion picked among thousands helps little.
pub const MAX_SUGGESTION_CANDIDATES: usize = 500;

/// The closest candidate to a misspelled word, if any is close enough; `None` without
/// comparing anything when there are more than [`MAX_SUGGESTION_CANDIDATES`] candidates.
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.take(MAX_SUGGESTION_CANDIDATES + 1).collect();
    if candidates.len() > MAX_SUGGESTION_CANDIDATES {
        return None;
    }
    // Beyond 256 characters a did-you-mean is no help, and similarity costs grow with
    // the product of the lengths.
    if word.len() > 256 {
        return None;
    }
    candidates
        .into_iter()
        .filter(|c| c.len() <= 256)
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// At most this many values are listed in one message's "expected"; the rest are counted.
pub const MAX_LISTED: usize = 20;

/// Lists at most [`MAX_LISTED`] values, then how many more there are (`a, b, … (+9 more)`),
/// so that a message never grows with the size of the list it names.
pub fn listed<'a>(values: impl ExactSizeIterator<Item = &'a str>) -> Text {
    let total = values.len();
    let shown: Vec<&str> = values.take(MAX_LISTED).collect();
    let list = shown.join(", ");
    match total - shown.len() {
        0 => Text::same(list),
        more => Text::new(
            format!("{list}, …（另有 {more} 个）"),
            format!("{list}, … ({more} more)"),
        ),
    }
}

/// Where a node is in the document (`a.b[3].c`), built as the walk goes down without
/// allocating; written out only when a message names it.
#[derive(Clone, Copy)]
pub enum Path<'p> {
    /// The document itself.
    Root,
    /// A key of a mapping.
    Key(&'p Path<'p>, &'p str),
    /// An item of a list.
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// Returns true if and only if the path is written as nothing (the document itself).
    pub fn is_empty(&self) -> bool {
        match self {
            Path::Root => true,
            Path::Key(parent, k) => k.is_empty() && parent.is_empty(),
            Path::Index(..) => false,
        }
    }

    /// Writes the path; returns whether it wrote anything, so that a key after nothing
    /// gets no dot.
    fn write(&self, f: &mut std::fmt::Formatter<'_>) -> Result<bool, std::fmt::Error> {
        match self {
            Path::Root => Ok(false),
            Path::Key(parent, k) => {
                let before = parent.write(f)?;
                if before {
                    f.write_str(".")?;
                }
                f.write_str(k)?;
                Ok(before || !k.is_empty())
            }
            Path::Index(parent, i) => {
                parent.write(f)?;
                write!(f, "[{i}]")?;
                Ok(true)
            }
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write(f).map(|_| ())
    }
}

/// Checks what the schema cannot: evidence ids, outlet regions, KPI targets.
fn references(root: &Node, file: &str, out: &mut Vec<Diagnostic>) {
    let evidence = root.get("evidence").map(|e| e.items()).unwrap_or_default();
    let mut defined: HashMap<String, Pos> = HashMap::new();
    for item in evidence {
        if let Some(idn) = item.get("id") {
            let id = idn.scalar_text().unwrap_or_default();
            if let Some(first) = defined.get(&id) {
                let msg = Text::new(
                    format!("证据编号 `{id}` 重复"),
                    format!("evidence id `{id}` is defined twice"),
                );
                out.push(
                    Diagnostic::error(Code::DuplicateId, file, idn.pos, msg)
                        .related(*first, Text::new("首次定义", "first defined here")),
                );
            } else {
                defined.insert(id, idn.pos);
            }
        }
    }
    let mut known: Vec<&str> = defined.keys().map(String::as_str).collect();
    known.sort_unstable();
    let known = listed(known.into_iter());
    let evidence = Known {
        ids: &defined,
        listed: Text::new(
            format!("已定义的证据编号：{}", known.zh),
            format!("a defined evidence id: {}", known.en),
        ),
    };
    cited_evidence(root, &Path::Root, file, &evidence, out);
    regions(root, file, out);
    product_ids(root, file, out);
}

/// The evidence ids a document defines, and the "expected" text naming them (built once).
struct Known<'a> {
    ids: &'a HashMap<String, Pos>,
    listed: Text,
}

fn cited_evidence(
    node: &Node,
    path: &Path<'_>,
    file: &str,
    defined: &Known<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for (key, value) in node.entries() {
        let child = Path::Key(path, &key.name);
        if path.is_empty() && key.name == "evidence" {
            continue;
        }
        if key.name == "evidence" || key.name == "records" {
            for id_node in value.items() {
                let Some(id) = id_node.scalar_text() else {
                    continue;
                };
                if !defined.ids.contains_key(&id) {
                    let hint = suggest(&id, defined.ids.keys().map(String::as_str))
                        .map(|h| format!(" (`{h}`?)"))
                        .unwrap_or_default();
                    let msg = Text::new(
                        format!("`{child}` 引用的证据 `{id}` 未在 evidence 中定义{hint}"),
                        format!(
                            "`{child}` cites evidence `{id}`, which is not defined under `evidence`{hint}"
                        ),
                    );
                    out.push(
                        Diagnostic::error(Code::UnknownEvidence, file, id_node.pos, msg)
                            .expected(defined.listed.clone()),
                    );
                }
            }
        }
        match &value.value {
            Value::Map(_) => cited_evidence(value, &child, file, defined, out),
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    cited_evidence(item, &Path::Index(&child, i), file, defined, out);
                }
            }
            _ => {}
        }
    }
}

fn regions(root: &Node, file: &str, out: &mut Vec<Diagnostic>) {
    let Some(sold) = root.get("company").and_then(|c| c.get("sales_regions")) else {
        return;
    };
    let sold: Vec<String> = sold.items().iter().filter_map(Node::scalar_text).collect();
    let list = listed(sold.iter().map(String::as_str));
    let expected = Text::new(
        format!("以下之一：{}", list.zh),
        format!("one of: {}", list.en),
    );
    let sold: HashSet<&str> = sold.iter().map(String::as_str).collect();
    for list in ["outlets", "outlet_counts"] {
        let outlets = root
            .get("network")
            .and_then(|n| n.get(list))
            .map(Node::items)
            .unwrap_or_default();
        for (i, outlet) in outlets.iter().enumerate() {
            let at = format!("network.{list}[{i}].region");
            region_sold(outlet.get("region"), &at, &sold, &expected, file, out);
        }
    }
}

/// One outlet's region, which must be one of the sales regions.
fn region_sold(
    region: Option<&Node>,
    at: &str,
    sold: &HashSet<&str>,
    expected: &Text,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(region) = region else { return };
    let Some(name) = region.scalar_text() else {
        return;
    };
    if !sold.contains(name.as_str()) {
        let msg = Text::new(
            format!("`{at}` 的区域 `{name}` 不在 company.sales_regions 中"),
            format!("`{at}` is `{name}`, which is not one of company.sales_regions"),
        );
        out.push(
            Diagnostic::error(Code::RegionNotSold, file, region.pos, msg)
                .expected(expected.clone()),
        );
    }
}

/// Product line ids must be unique: findings and reports name a line by its id.
fn product_ids(root: &Node, file: &str, out: &mut Vec<Diagnostic>) {
    let products = root.get("products").map(Node::items).unwrap_or_default();
    let mut seen: HashMap<String, Pos> = HashMap::new();
    for idn in products.iter().filter_map(|p| p.get("id")) {
        let Some(id) = idn.scalar_text() else {
            continue;
        };
        if let Some(first) = seen.get(&id) {
            let msg = Text::new(
                format!("产品线编号 `{id}` 重复"),
                format!("product line id `{id}` is used twice"),
            );
            out.push(
                Diagnostic::error(Code::DuplicateId, file, idn.pos, msg)
                    .related(*first, Text::new("首次定义", "first defined here"))
                    .expected(Text::new(
                        "每条产品线一个唯一编号",
                        "a unique id per product line",
                    )),
            );
        } else {
            seen.insert(id, idn.pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::yaml::{Limits, parse};

    fn codes(src: &str) -> Vec<(Code, u32)> {
        let root = parse(src, &Limits::default()).unwrap();
        validate(&root, "t.yaml")
            .iter()
            .map(|d| (d.code, d.pos.line))
            .collect()
    }

    #[test]
    fn a_valid_minimal_document_has_no_problems() {
        assert_eq!(codes("aftercert: 1\ncompany:\n  name: X\n"), vec![]);
    }

    #[test]
    fn every_problem_is_reported_in_one_pass() {
        let src = "aftercert: 1\ncompany:\n  name: X\n  compnay: y\n  language: fr\npolicies:\n  warranty:\n    refund_days: seven\ncustomers:\n  return_visits:\n    coverage_percent: 140\n  surveys:\n    - last_run: 2026-02-30\n      evidence: [E9]\n";
        let got = codes(src);
        assert_eq!(
            got,
            vec![
                (Code::UnknownKey, 4),
                (Code::UnknownValue, 5),
                (Code::WrongType, 8),
                (Code::OutOfRange, 11),
                (Code::InvalidDate, 13),
                (Code::UnknownEvidence, 14)
            ]
        );
    }

    #[test]
    fn version_and_shape() {
        assert_eq!(
            codes("company: {name: X}\n"),
            vec![(Code::MissingVersion, 1)]
        );
        assert_eq!(
            codes("aftercert: 7\ncompany: {name: X}\n"),
            vec![(Code::UnsupportedVersion, 1)]
        );
        assert_eq!(codes("- a\n- b\n"), vec![(Code::NotAMapping, 1)]);
        assert_eq!(codes("aftercert: 1\n"), vec![(Code::MissingKey, 1)]);
        assert_eq!(
            codes("aftercert: 1\ncompany:\n  name: ~\n"),
            vec![(Code::WrongType, 3)]
        );
    }

    #[test]
    fn duplicates_regions_and_kpis() {
        let src = "aftercert: 1\ncompany:\n  name: X\n  name: Y\n  sales_regions: [a]\nnetwork:\n  outlets:\n    - {id: o1, region: b}\ncustomers:\n  kpis:\n    - {id: csat, actual: 90}\n";
        assert_eq!(
            codes(src),
            vec![(Code::DuplicateKey, 4), (Code::RegionNotSold, 8),]
        );
    }

    #[test]
    fn version_2_keys_quantities_and_alternatives() {
        let v1 = "aftercert: 1\ncompany: {name: X}\nproducts: [{id: a, terms: {warranty: 1}}]\npolicies:\n  warranty: {return_days: 7, failed_repairs_before_replacement: 2, loan_unit: true}\n";
        assert_eq!(
            codes(v1),
            vec![(Code::Version2Key, 3), (Code::Version2Key, 5)]
        );
        let v2 = v1.replace("aftercert: 1", "aftercert: 2");
        assert_eq!(codes(&v2), vec![(Code::InvalidQuantity, 3)]);
        let alt = "aftercert: 2\ncompany: {name: X}\npolicies:\n  warranty:\n    no_reason_return: [7]\n    return_freight: {cap: 20 days}\n";
        assert_eq!(
            codes(alt),
            vec![(Code::WrongType, 5), (Code::InvalidQuantity, 6)]
        );
        let ok = "aftercert: 2\ncompany: {name: X}\npolicies:\n  warranty:\n    no_reason_return: {exempt: perishable}\n    usage_cap: 6万公里\n";
        assert_eq!(codes(ok), vec![]);
    }

    #[test]
    fn did_you_mean_is_bounded() {
        let few = ["name", "industry"];
        assert_eq!(suggest("nmae", few.iter().copied()), Some("name"));
        let many: Vec<String> = (0..=MAX_SUGGESTION_CANDIDATES)
            .map(|i| format!("E-{i}"))
            .collect();
        assert_eq!(suggest("E-1x", many.iter().map(String::as_str)), None);
        assert_eq!(suggest(&"n".repeat(300), few.iter().copied()), None);
    }

    #[test]
    fn lists_in_messages_are_bounded() {
        let values: Vec<String> = (0..25).map(|i| format!("R{i}")).collect();
        let t = listed(values.iter().map(String::as_str));
        assert!(t.en.ends_with("R19, … (5 more)"), "{}", t.en);
        assert!(t.zh.ends_with("R19, …（另有 5 个）"), "{}", t.zh);
        assert_eq!(listed(["a", "b"].into_iter()).en, "a, b");
    }

    #[test]
    fn dates_are_strings_written_yyyy_mm_dd() {
        let doc = |d: &str| {
            format!(
                "aftercert: 1\ncompany:\n  name: X\ncustomers:\n  surveys:\n    - last_run: {d}\n"
            )
        };
        assert_eq!(codes(&doc("20261101")), vec![(Code::WrongType, 6)]);
        assert_eq!(codes(&doc("2026-1-1")), vec![(Code::InvalidDate, 6)]);
        assert_eq!(codes(&doc("'2026-11-01'")), vec![]);
        assert_eq!(codes(&doc("2026-11-01")), vec![]);
    }
}
