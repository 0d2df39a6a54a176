//! The document schema compiled once into a typed tree for validation.
//!
//! The JSON Schema (`schema.rs`) is what editors read; walking it as JSON for every node
//! of every document costs a string lookup per keyword (`$ref`, `anyOf`, `enum`, `type`,
//! `x-quantity`, `x-since`, ...). Here each schema node is read once into a [`Shape`] that
//! holds the answers `validate.rs` asks for, with its references resolved to indices.
//! Shapes are keyed by the JSON node they were read from, so the tree has exactly the
//! JSON Schema's meaning (and the JSON stays at hand for the messages of the rare error).

use serde_json::Value as J;
use std::collections::HashMap;
use std::sync::OnceLock;

/// An index into [`Shapes`].
pub type Id = usize;

/// What validation needs to know about one schema node.
pub struct Shape {
    /// The JSON Schema node, for the texts of messages.
    pub json: &'static J,
    /// The node with `$ref`s followed and an `Option`'s null alternative removed.
    pub inner: Id,
    /// Whether that removed alternative allowed null.
    pub nullable: bool,
    /// The alternatives of an `anyOf`, each with `$ref`s followed.
    pub alts: Option<Vec<Id>>,
    /// The allowed values of an enum (`enum`, or `oneOf` of `const`s).
    pub values: Option<Vec<String>>,
    /// The kind of quantity (`x-quantity`).
    pub quantity: Option<&'static str>,
    /// The JSON types it allows (`type`); `None` allows any.
    types: Option<Vec<&'static str>>,
    /// Whether it is a date (`format: date`).
    pub date: bool,
    /// `minLength`.
    pub min_len: u64,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// The schema of list items (`items`; any value when there is none).
    pub items: Id,
    /// The schema of each property, by name (`properties`).
    pub props: Option<HashMap<&'static str, Id>>,
    /// Whether other keys are refused (`additionalProperties: false`).
    pub closed: bool,
    /// Required keys, in order.
    pub required: Vec<&'static str>,
    /// The format version that introduced it (`x-since`), 1 when not marked.
    pub since: i64,
    /// Whether the loader derives it (`readOnly`).
    pub read_only: bool,
}

impl Shape {
    /// Returns true if and only if the schema allows this JSON type (an integer is a
    /// number); a schema without `type` allows every type.
    pub fn allows(&self, ty: &str) -> bool {
        self.types.as_ref().is_none_or(|ts| {
            ts.iter()
                .any(|t| *t == ty || (ty == "integer" && *t == "number"))
        })
    }

    /// Returns true if and only if the schema names its type.
    pub fn typed(&self) -> bool {
        self.types.is_some()
    }
}

/// The compiled schema: every shape, the document's first.
pub struct Shapes {
    shapes: Vec<Shape>,
}

impl Shapes {
    /// The document's shape.
    pub const ROOT: Id = 0;

    /// The shape with this id.
    pub fn get(&self, id: Id) -> &Shape {
        &self.shapes[id]
    }
}

/// The document schema, compiled on first use.
pub fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| compile(super::schema::schema()))
}

/// Compiles a schema, its root first.
fn compile(root: &'static J) -> Shapes {
    let mut c = Compiler {
        root,
        shapes: Vec::new(),
        ids: HashMap::new(),
    };
    c.id(root);
    // Every slot is filled once its node's children are: none is left empty.
    Shapes {
        shapes: c.shapes.into_iter().flatten().collect(),
    }
}

struct Compiler {
    root: &'static J,
    shapes: Vec<Option<Shape>>,
    ids: HashMap<*const J, Id>,
}

/// The JSON `null`, for a list schema without `items`.
static NULL: J = J::Null;

impl Compiler {
    /// The shape of a JSON schema node, compiled once.
    fn id(&mut self, j: &'static J) -> Id {
        if let Some(id) = self.ids.get(&std::ptr::from_ref(j)) {
            return *id;
        }
        let id = self.shapes.len();
        self.shapes.push(None);
        self.ids.insert(std::ptr::from_ref(j), id);
        let shape = self.shape(j, id);
        self.shapes[id] = Some(shape);
        id
    }

    fn shape(&mut self, j: &'static J, id: Id) -> Shape {
        let (inner, nullable) = self.unwrap_option(j);
        let inner = if std::ptr::eq(inner, j) {
            id
        } else {
            self.id(inner)
        };
        let alts = j.get("anyOf").and_then(J::as_array).map(|alts| {
            alts.iter()
                .map(|a| {
                    let a = self.resolve(a);
                    self.id(a)
                })
                .collect()
        });
        let items = self.id(j.get("items").unwrap_or(&NULL));
        let props = j.get("properties").and_then(J::as_object).map(|p| {
            p.iter()
                .map(|(name, child)| (name.as_str(), self.id(child)))
                .collect()
        });
        Shape {
            json: j,
            inner,
            nullable,
            alts,
            values: allowed_values(j),
            quantity: j.get("x-quantity").and_then(J::as_str),
            types: match j.get("type") {
                Some(J::String(t)) => Some(vec![t.as_str()]),
                Some(J::Array(ts)) => Some(ts.iter().filter_map(J::as_str).collect()),
                _ => None,
            },
            date: j.get("format").and_then(J::as_str) == Some("date"),
            min_len: j.get("minLength").and_then(J::as_u64).unwrap_or(0),
            minimum: j.get("minimum").and_then(J::as_f64),
            maximum: j.get("maximum").and_then(J::as_f64),
            items,
            props,
            closed: j.get("additionalProperties") == Some(&J::Bool(false)),
            required: j
                .get("required")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .filter_map(J::as_str)
                .collect(),
            since: j.get("x-since").and_then(J::as_i64).unwrap_or(1),
            read_only: j.get("readOnly") == Some(&J::Bool(true)),
        }
    }

    /// Follows `$ref`s (at most 16) to the definition.
    fn resolve(&self, schema: &'static J) -> &'static J {
        let mut s = schema;
        for _ in 0..16 {
            match s
                .get("$ref")
                .and_then(J::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                Some(name) => match self.root.get("$defs").and_then(|d| d.get(name)) {
                    Some(next) => s = next,
                    None => break,
                },
                None => break,
            }
        }
        s
    }

    /// The non-null alternative of an `Option<T>` schema, and whether null is allowed.
    fn unwrap_option(&self, schema: &'static J) -> (&'static J, bool) {
        let schema = self.resolve(schema);
        if let Some(alts) = schema.get("anyOf").and_then(J::as_array) {
            let non_null: Vec<&J> = alts
                .iter()
                .filter(|a| a.get("type").and_then(J::as_str) != Some("null"))
                .collect();
            if non_null.len() == 1 && alts.len() == 2 {
                return (self.resolve(non_null[0]), true);
            }
        }
        (schema, false)
    }
}

/// The allowed values of an enum schema (`enum`, or `oneOf` of `const`s).
pub fn allowed_values(schema: &J) -> Option<Vec<String>> {
    if let Some(values) = schema.get("enum").and_then(J::as_array) {
        return Some(
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        );
    }
    let alts = schema.get("oneOf").and_then(J::as_array)?;
    alts.iter()
        .map(|a| a.get("const").and_then(J::as_str).map(str::to_string))
        .collect()
}
