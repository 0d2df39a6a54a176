//! A standard as data: sections, indicators, criteria, checks, rating bands.
//!
//! Standards are YAML files under `standards/` (embedded in the binary) or in a user's
//! folder. They are read into these types with serde-saphyr, which keeps the position of
//! every `Spanned` value so that a broken standard is reported at `file:line:column`.

use super::spanned::Spanned;
use crate::i18n::Text;
use crate::yaml::Node;
use serde::{Deserialize, Serialize};

/// A standard: a checklist with its scoring method.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Always 1: the version of the standard-file format.
    pub aftercert_standard: u32,
    /// The standard's id, e.g. `gbt27922`.
    pub id: Spanned<String>,
    /// Its version, e.g. `2011`.
    pub version: String,
    /// Its title.
    pub title: Text,
    /// The name it is published under, e.g. `GB/T 27922-2011`; none for a rule pack that
    /// is not a published standard. Client reports name the standard by it.
    #[serde(default)]
    pub designation: Option<String>,
    /// Where its requirements come from.
    pub source: String,
    /// A short description of what it checks.
    pub description: Option<Text>,
    /// The standard applies to a document only when this holds (e.g. distance sellers only).
    pub applies_if: Option<Spanned<Check>>,
    /// How the score is computed.
    #[serde(default)]
    pub scoring: Scoring,
    /// Rating bands, lowest first.
    pub ratings: Vec<RatingBand>,
    /// The rating the default gate requires.
    pub pass: Spanned<String>,
    /// Evidence an auditor asks for, by id.
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
    /// The scored sections.
    pub sections: Vec<Section>,
    /// Checks whose failure costs a special deduction.
    #[serde(default)]
    pub deductions: Vec<Criterion>,
    /// Checks whose success earns bonus points.
    #[serde(default)]
    pub bonus: Vec<Criterion>,
}

/// How a standard turns findings into a score.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// `weighted` (earned ÷ applicable × 100) or `stages` (build-out stages reached in order).
    #[serde(default)]
    pub method: Method,
    /// Points taken off per special deduction, after normalisation.
    #[serde(default = "one")]
    pub deduction_points: f64,
    /// The most bonus points that count.
    #[serde(default = "one")]
    pub bonus_cap: f64,
    /// This many special deductions or more fail the audit whatever the score.
    pub fail_at_deductions: Option<u32>,
    /// Confidence in the scoring rules themselves.
    #[serde(default)]
    pub confidence: Confidence,
    /// A note on the method, shown in reports.
    pub note: Option<Text>,
}

fn one() -> f64 {
    1.0
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            method: Method::Weighted,
            deduction_points: 1.0,
            bonus_cap: 1.0,
            fail_at_deductions: None,
            confidence: Confidence::Confirmed,
            note: None,
        }
    }
}

/// The scoring method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Earned points ÷ applicable points × 100.
    #[default]
    Weighted,
    /// Sections are stages; a stage is reached when all its items and all earlier stages are done.
    Stages,
}

/// Whether a figure is confirmed by a source or assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A source confirms it.
    #[default]
    Confirmed,
    /// No source confirms it; it is a documented placeholder.
    Assumed,
    /// One source gives it and no second source confirms it: used, and marked so.
    SingleSource,
}

impl Confidence {
    /// The stable id, as in standards and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Assumed => "assumed",
            Confidence::SingleSource => "single_source",
        }
    }
}

/// The ground of a special deduction, as GB/T 27922's scoring rules list them: a breach of
/// law or regulation, of the company's own service rules, of an industry's requirements,
/// or anything that affects how the service system runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ground {
    /// A breach of law or regulation.
    Law,
    /// A breach of the company's own service rules or published commitments.
    OwnRules,
    /// A breach of an industry's specific requirements.
    Industry,
    /// Anything that affects how the service system runs.
    System,
}

/// A rating band.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RatingBand {
    /// Stable id, e.g. `three-star`.
    pub id: Spanned<String>,
    /// The label shown to people.
    pub label: Text,
    /// The lowest score in the band.
    pub min: Spanned<f64>,
    /// Stars shown for the band.
    #[serde(default)]
    pub stars: u8,
}

/// Something an auditor will ask to see.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItem {
    /// The id criteria cite, e.g. `E09`.
    pub id: Spanned<String>,
    /// What it is.
    pub title: Text,
}

/// A first-level section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id.
    pub id: Spanned<String>,
    /// The clause it covers, e.g. `5.1`.
    pub clause: Option<String>,
    /// Its title.
    pub title: Text,
    /// Its weight out of 100 (weighted method).
    pub weight: Option<Spanned<f64>>,
    /// Whether the weight is confirmed.
    #[serde(default)]
    pub confidence: Confidence,
    /// Its indicators.
    pub indicators: Vec<Indicator>,
}

/// A second-level indicator.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id.
    pub id: Spanned<String>,
    /// The clause, e.g. `5.1.2`.
    pub clause: Option<String>,
    /// Its title.
    pub title: Text,
    /// Its weight within the section; by default the section's weight split equally.
    pub weight: Option<Spanned<f64>>,
    /// Whether the weight is confirmed.
    #[serde(default)]
    pub confidence: Confidence,
    /// Its criteria.
    pub criteria: Vec<Criterion>,
}

/// How much a gap matters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Default, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Advice only; never fails a gate on its own.
    Advisory,
    /// A minor gap.
    Minor,
    /// A gap an auditor will write up.
    #[default]
    Major,
    /// A breach that blocks certification (a legal minimum).
    Blocking,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 4] = [
        Severity::Advisory,
        Severity::Minor,
        Severity::Major,
        Severity::Blocking,
    ];

    /// The stable id used in JSON, SARIF and gates.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Advisory => "advisory",
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Blocking => "blocking",
        }
    }
}

/// A clause of some standard that a criterion answers to.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The standard or law, e.g. `GB/T 27922-2011`, `消费者权益保护法`.
    pub standard: String,
    /// The clause or article, e.g. `5.1.2.2`, `Art. 25`.
    pub clause: String,
}

/// One checkable requirement.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable id, `<standard>.<slug>`.
    pub id: Spanned<String>,
    /// Reuse another criterion's definition (check, applicability, texts); own fields win.
    pub same_as: Option<Spanned<String>>,
    /// The clause it answers to in this standard.
    pub clause: Option<String>,
    /// Further clauses, in this or other standards.
    #[serde(default)]
    pub cites: Vec<Citation>,
    /// Its title.
    pub title: Option<Text>,
    /// The requirement as an auditor states it (no field paths).
    pub requirement: Option<Text>,
    /// The nonconformity as an auditor writes it when the requirement is not met.
    pub nonconformity: Option<Text>,
    /// Why it matters.
    pub rationale: Option<Text>,
    /// The corrective action an auditor asks for (整改要求; no field paths).
    pub remediation: Option<Text>,
    /// For the document's author: what to write where (field paths belong here).
    pub hint: Option<Text>,
    /// Special deductions: which of the standard's grounds the deduction rests on.
    pub ground: Option<Ground>,
    /// Special deductions: scored criteria that the same fact also fails.
    #[serde(default)]
    pub counts_with: Vec<Spanned<String>>,
    /// Why the fact counts under both (required with `counts_with`), with its source.
    pub basis: Option<Text>,
    /// Evidence ids from the standard's `evidence` list.
    #[serde(default)]
    pub evidence: Vec<Spanned<String>>,
    /// Relative points within its indicator (weighted method).
    pub points: Option<Spanned<f64>>,
    /// Points out of the standard's 100, where a source gives them; taken off the
    /// section's weight before the rest is split (weighted method).
    pub total_points: Option<Spanned<f64>>,
    /// Whether the points are confirmed by a source.
    pub confidence: Option<Confidence>,
    /// How much a gap matters.
    pub severity: Option<Severity>,
    /// The check is evaluated only when this holds; otherwise the criterion is not applicable.
    pub applies_if: Option<Spanned<Check>>,
    /// Whom a legal criterion binds (categories, buyers, channels, exemptions), decided per
    /// product line; see `standards/CHECKS.md`.
    pub scope: Option<Spanned<crate::evaluate::scope::LegalScope>>,
    /// The check itself.
    pub check: Option<Spanned<Check>>,
    /// Whether this criterion is advice rather than a requirement (benchmarks).
    #[serde(default)]
    pub advisory: bool,
    /// Examples that must pass and fail; run by `aftercert standards test`.
    pub examples: Option<Examples>,
}

/// A passing and a failing document fragment for a criterion.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// A fragment on which the criterion is met.
    pub pass: Node,
    /// A fragment on which the criterion is not met.
    pub fail: Node,
    /// A fragment on which a scoped criterion does not apply.
    pub not_applicable: Option<Node>,
    /// A fragment on which it cannot be told whether a scoped criterion applies.
    pub cannot_tell: Option<Node>,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Op {
    /// Greater than or equal.
    #[serde(rename = ">=")]
    Ge,
    /// Greater than.
    #[serde(rename = ">")]
    Gt,
    /// Less than or equal.
    #[serde(rename = "<=")]
    Le,
    /// Less than.
    #[serde(rename = "<")]
    Lt,
    /// Equal.
    #[serde(rename = "==")]
    Eq,
}

impl Op {
    /// Applies the operator.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Ge => a >= b,
            Op::Gt => a > b,
            Op::Le => a <= b,
            Op::Lt => a < b,
            Op::Eq => (a - b).abs() < 1e-9,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }
}

/// A filter on list items: each key is a path relative to the item, each value the
/// scalar (or any of the list of scalars) it must equal.
pub type Filter = std::collections::BTreeMap<String, Node>;

/// The check vocabulary; see `standards/CHECKS.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The value exists and is not null, empty text or an empty list.
    Present(Spanned<String>),
    /// The value is `true`.
    Flag(Spanned<String>),
    /// A number compared with a constant or with another field.
    Compare {
        /// The number.
        path: Spanned<String>,
        /// The operator.
        op: Op,
        /// A constant to compare with.
        value: Option<f64>,
        /// Another field to compare with.
        to: Option<Spanned<String>>,
        /// The unit of `value` (`days`, `months`, `hours`): the values compared are then
        /// quantities (`90 days`, `3 working days`; a bare number is in this unit).
        unit: Option<CompareUnit>,
    },
    /// The value (or, for a list, any of its items) is one of these.
    OneOf {
        /// The value or list.
        path: Spanned<String>,
        /// Accepted values.
        values: Vec<String>,
    },
    /// Items of a list counted with an optional filter.
    Count {
        /// The list.
        path: Spanned<String>,
        /// Only items matching this filter count.
        #[serde(rename = "where")]
        filter: Option<Filter>,
        /// The least number of items required.
        min: u32,
    },
    /// A ratio of two quantities.
    Ratio {
        /// The numerator.
        numerator: Spanned<String>,
        /// The denominator.
        denominator: Spanned<String>,
        /// The least ratio required (0.1 means 10 %).
        min: f64,
    },
    /// Every value of one set appears in another (`network.outlets[].region` covers `company.sales_regions`).
    Covers {
        /// The covering values; `[]` in the path collects from every list item.
        path: Spanned<String>,
        /// The values that must be covered.
        of: Spanned<String>,
        /// Further ways a value counts as covered (outlet counts, service modes).
        #[serde(default)]
        also: Vec<CoverSource>,
    },
    /// A date no older than N months as of the audit date; with `[]` in the path, the newest counts.
    Recent {
        /// The date.
        path: Spanned<String>,
        /// The most months it may be old.
        months: u32,
    },
    /// Every record of a kind (`standards/records.yaml`) is within the kind's age limit at
    /// the audit date; sampled kinds give the share of current records.
    Current(Spanned<String>),
    /// Each item of a list states the same figures in every medium it lists.
    Consistent {
        /// The list (e.g. `organization.commitments`).
        path: Spanned<String>,
        /// The fields holding each medium's wording.
        media: Vec<String>,
    },
    /// Every item of a list (optionally filtered) satisfies a check on its own fields.
    Each {
        /// The list.
        path: Spanned<String>,
        /// Only items matching this filter are checked.
        #[serde(rename = "where")]
        filter: Option<Filter>,
        /// The check, with paths relative to the item.
        check: Box<Spanned<Check>>,
        /// Whether an empty list passes (default false).
        #[serde(default)]
        allow_empty: bool,
    },
    /// All of these.
    All(Vec<Spanned<Check>>),
    /// Any of these.
    Any(Vec<Spanned<Check>>),
    /// Not this.
    Not(Box<Spanned<Check>>),
    /// Partial credit: the share of these that hold.
    Partial(Vec<Spanned<Check>>),
    /// At least `n` of these hold; partial credit for fewer.
    AtLeast {
        /// How many must hold.
        n: u32,
        /// The checks.
        of: Vec<Spanned<Check>>,
    },
    /// A product line's term compared with its category's statutory figure (law table).
    Statutory(Statutory),
    /// The alternative that holds best decides (partial credit passes through); ties go to
    /// the first, so a version-1 path listed first reports as it always did.
    BestOf(Vec<Spanned<Check>>),
}

/// The unit of a `compare` check's constant, read by `src/quantity.rs` when the standard
/// is loaded (a unit it does not know is a load error at its line).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompareUnit(pub crate::quantity::Unit);

impl Serialize for CompareUnit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for CompareUnit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            // The compiled form (`compiled.rs`) holds the unit itself.
            return crate::quantity::Unit::deserialize(d).map(CompareUnit);
        }
        let text = String::deserialize(d)?;
        crate::quantity::parse(&format!("1 {text}"))
            .map(|q| CompareUnit(q.unit))
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "unknown unit `{text}`; expected a unit such as `days`, `working days`, `hours`, `months`, `km`"
                ))
            })
    }
}

/// One more way a value counts as covered in `covers`: the items of a list, each covering
/// the values of one of its fields.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CoverSource {
    /// The list (`[]` inside fans out, e.g. `products[].service_modes`).
    pub path: Spanned<String>,
    /// The item's field holding the covered value or values (e.g. `region`, `regions`).
    pub value: String,
    /// Only items matching this filter cover.
    #[serde(rename = "where")]
    pub filter: Option<Filter>,
    /// Items matching this filter do not cover (e.g. `{count: 0}`).
    pub unless: Option<Filter>,
    /// Only items whose field is one of the values at a document path cover
    /// (e.g. `{mode: network.coverage_modes}`).
    #[serde(default)]
    pub where_in: std::collections::BTreeMap<String, Spanned<String>>,
    /// An item without the field covers every required value (e.g. a service mode with no
    /// `regions` serves all sales regions).
    #[serde(default)]
    pub absent_covers_all: bool,
}

/// The `statutory` check: `products[i].effective.TERM OP` the figure of the line's category.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statutory {
    /// The term of the product line (`warranty`, `usage_cap`, `repair_limit`, ...).
    pub term: String,
    /// The operator: the line's value OP the statutory figure.
    pub op: Op,
    /// The law table's term to compare with, when it differs from `term`.
    pub figure: Option<String>,
    /// Whether a term the line does not state passes (special deductions: only a stated
    /// breach counts).
    #[serde(default)]
    pub absent_passes: bool,
}

impl Check {
    /// Calls `f` on this check and on every check inside it, depth first.
    pub fn visit(&self, f: &mut impl FnMut(&Check)) {
        f(self);
        match self {
            Check::All(cs)
            | Check::Any(cs)
            | Check::Partial(cs)
            | Check::BestOf(cs)
            | Check::AtLeast { of: cs, .. } => {
                for c in cs {
                    c.value.visit(f);
                }
            }
            Check::Not(c) => c.value.visit(f),
            Check::Each { check, .. } => check.value.visit(f),
            _ => {}
        }
    }

    /// Every document path the check names, with where it is named, for linting.
    /// Paths under `each` are joined to the list's path with `[]`.
    pub fn paths(&self) -> Vec<(String, &Spanned<String>)> {
        let mut out = Vec::new();
        self.collect_paths("", &mut out);
        out
    }

    /// The paths of checks that read one value (where `[]` would silently read the first item).
    pub fn single_value_paths(&self) -> Vec<&Spanned<String>> {
        match self {
            Check::Present(p) | Check::Flag(p) => vec![p],
            Check::Compare { path, to, .. } => std::iter::once(path).chain(to.iter()).collect(),
            Check::OneOf { path, .. }
            | Check::Count { path, .. }
            | Check::Consistent { path, .. }
            | Check::Each { path, .. } => vec![path],
            Check::Ratio {
                numerator,
                denominator,
                ..
            } => vec![numerator, denominator],
            Check::Covers { of, also, .. } => std::iter::once(of)
                .chain(also.iter().flat_map(|s| s.where_in.values()))
                .collect(),
            Check::Recent { .. } | Check::Statutory(_) | Check::Current(_) => Vec::new(),
            Check::All(cs)
            | Check::Any(cs)
            | Check::Partial(cs)
            | Check::AtLeast { of: cs, .. } => cs
                .iter()
                .flat_map(|c| c.value.single_value_paths())
                .collect(),
            Check::Not(c) => c.value.single_value_paths(),
            Check::BestOf(cs) => cs
                .iter()
                .flat_map(|c| c.value.single_value_paths())
                .collect(),
        }
    }

    fn collect_paths<'a>(&'a self, prefix: &str, out: &mut Vec<(String, &'a Spanned<String>)>) {
        let mut push = |p: &'a Spanned<String>| out.push((join(prefix, &p.value), p));
        match self {
            Check::Present(p) | Check::Flag(p) => push(p),
            Check::Compare { path, to, .. } => {
                push(path);
                if let Some(to) = to {
                    push(to);
                }
            }
            Check::OneOf { path, .. } | Check::Recent { path, .. } => push(path),
            Check::Count { path, filter, .. } => {
                push(path);
                filter_paths(prefix, path, filter.as_ref(), out);
            }
            Check::Consistent { path, media } => {
                push(path);
                let list = join(prefix, &path.value);
                out.extend(media.iter().map(|m| (format!("{list}[].{m}"), path)));
            }
            Check::Ratio {
                numerator,
                denominator,
                ..
            } => {
                push(numerator);
                push(denominator);
            }
            Check::Covers { path, of, also } => {
                push(path);
                push(of);
                for source in also {
                    source.collect_paths(prefix, out);
                }
            }
            Check::Each {
                path,
                check,
                filter,
                ..
            } => {
                push(path);
                filter_paths(prefix, path, filter.as_ref(), out);
                let inner = format!("{}[]", join(prefix, &path.value));
                check.value.collect_paths(&inner, out);
            }
            Check::All(cs)
            | Check::Any(cs)
            | Check::Partial(cs)
            | Check::AtLeast { of: cs, .. } => {
                for c in cs {
                    c.value.collect_paths(prefix, out);
                }
            }
            Check::Not(c) => c.value.collect_paths(prefix, out),
            Check::BestOf(cs) => {
                for c in cs {
                    c.value.collect_paths(prefix, out);
                }
            }
            Check::Statutory(_) | Check::Current(_) => {}
        }
    }
}

impl CoverSource {
    /// The list, the covering field, the filter keys and the `where_in` paths, for linting.
    fn collect_paths<'a>(&'a self, prefix: &str, out: &mut Vec<(String, &'a Spanned<String>)>) {
        let list = join(prefix, &self.path.value);
        out.push((list.clone(), &self.path));
        out.push((format!("{list}[].{}", self.value), &self.path));
        filter_paths(prefix, &self.path, self.filter.as_ref(), out);
        filter_paths(prefix, &self.path, self.unless.as_ref(), out);
        for (field, values) in &self.where_in {
            out.push((format!("{list}[].{field}"), &self.path));
            out.push((join(prefix, &values.value), values));
        }
    }
}

/// The keys of a `where` filter, as paths under the list's items (located at the list's path).
fn filter_paths<'a>(
    prefix: &str,
    list: &'a Spanned<String>,
    filter: Option<&Filter>,
    out: &mut Vec<(String, &'a Spanned<String>)>,
) {
    let base = join(prefix, &list.value);
    for key in filter.into_iter().flat_map(|f| f.keys()) {
        out.push((format!("{base}[].{key}"), list));
    }
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}.{path}")
    }
}
