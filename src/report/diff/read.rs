//! Reading a JSON report for `diff`: typed, streamed, and only what the page shows.
//!
//! A report of thousands of documents is hundreds of megabytes, almost all of it texts the
//! diff never shows (rationale, remediation, requirement, evidence …). It is read straight
//! from a buffered reader into the small structs below, so neither the file's text nor a
//! `serde_json::Value` of it is ever held, and every field the page does not use is
//! skipped as it is read.
//!
//! Two shapes are read (see docs/json.md): format 1 (no `format_version`), whose findings
//! carry their criterion's title, clause and kind, and format 2, whose findings name their
//! criterion and whose documents name their standard by id, the texts being in the
//! run-level `criteria` and `standards` tables — which may come after `documents`, so
//! they are resolved once the whole file is read ([`resolve`]).

use crate::i18n::Lang;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The report formats `diff` reads.
pub const FORMATS: [u32; 2] = [1, 2];

/// A JSON report as `diff` reads it: only the fields it uses, each with its type, so a
/// file that is not an aftercert report is refused with the place and the field that
/// does not fit (see docs/json.md).
#[derive(Debug, Deserialize)]
pub struct ReportIn {
    /// `aftercert-report` when present (format 2).
    #[serde(default, rename = "format")]
    _format: Option<FormatName>,
    /// The report format: 1 when absent.
    #[serde(default)]
    pub format_version: FormatVersion,
    /// The aftercert version that wrote it.
    pub tool_version: String,
    /// The audit date.
    pub as_of: String,
    /// The language of its texts.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// One entry per document and standard.
    #[serde(default)]
    pub documents: Vec<DocIn>,
    /// Format 2: the standards the documents name, by id.
    #[serde(default)]
    standards: HashMap<String, StandardIn>,
    /// Format 2: the criteria the findings name, by id (only the texts the page shows).
    #[serde(default)]
    criteria: HashMap<String, CriterionIn>,
}

/// The `format` key: only `aftercert-report` is accepted.
#[derive(Debug)]
struct FormatName;

impl<'de> Deserialize<'de> for FormatName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        if name == "aftercert-report" {
            Ok(FormatName)
        } else {
            Err(de::Error::custom(format_args!(
                "format {name:?} is not an aftercert report, expected \"aftercert-report\""
            )))
        }
    }
}

/// A report's `format_version`, one of [`FORMATS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatVersion(pub u32);

impl Default for FormatVersion {
    fn default() -> Self {
        FormatVersion(1)
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u64::deserialize(d)?;
        match u32::try_from(n) {
            Ok(v) if FORMATS.contains(&v) => Ok(FormatVersion(v)),
            _ => Err(de::Error::custom(format_args!(
                "format_version {n} is not 1 or 2, the report formats this aftercert reads; a newer aftercert may have written it"
            ))),
        }
    }
}

/// A document audited against a standard, as `diff` reads it.
#[derive(Debug, Deserialize)]
pub struct DocIn {
    /// The document's path.
    pub path: String,
    /// The company.
    #[serde(default)]
    pub company: String,
    /// The standard: an object in format 1, its id in format 2.
    #[serde(deserialize_with = "standard_field")]
    pub standard: StandardIn,
    /// The score.
    pub score: f64,
    /// The rating reached.
    pub rating: RatingIn,
    /// Documentation coverage, 0–1 (absent in reports written before it existed).
    #[serde(default)]
    pub coverage: Option<f64>,
    /// Every finding.
    #[serde(default)]
    pub findings: Vec<FindingIn>,
}

/// A standard's identity, as `diff` reads it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StandardIn {
    /// Its id.
    pub id: String,
    /// Its version.
    #[serde(default)]
    pub version: Option<String>,
    /// Its title, in the language of the report.
    #[serde(default)]
    pub title: Option<String>,
    /// Named by id only (format 2): version and title are in the `standards` table.
    #[serde(skip)]
    by_id: bool,
}

impl StandardIn {
    /// A standard named by its id alone.
    #[cfg(test)]
    pub fn named(id: &str, version: Option<&str>, title: Option<&str>) -> StandardIn {
        StandardIn {
            id: id.to_string(),
            version: version.map(str::to_string),
            title: title.map(str::to_string),
            by_id: false,
        }
    }
}

/// A document's `standard`: the object (format 1) or the id (format 2).
fn standard_field<'de, D: Deserializer<'de>>(d: D) -> Result<StandardIn, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = StandardIn;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a standard id or an object with `id`")
        }
        fn visit_str<E: de::Error>(self, id: &str) -> Result<StandardIn, E> {
            Ok(StandardIn {
                id: id.to_string(),
                by_id: true,
                ..StandardIn::default()
            })
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StandardIn, A::Error> {
            StandardIn::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(V)
}

/// A rating, as `diff` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct RatingIn {
    /// Its stable id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Stars shown.
    #[serde(default)]
    pub stars: Option<u8>,
    /// The lowest score in the band.
    #[serde(default)]
    pub min: Option<f64>,
}

/// A finding's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusIn {
    /// Met.
    Met,
    /// Partly met.
    Partial,
    /// Not met.
    Missing,
    /// Not applicable.
    NotApplicable,
    /// Cannot tell whether a legal criterion applies.
    Undetermined,
}

/// A criterion's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KindIn {
    /// A scored criterion.
    Scored,
    /// A special deduction.
    Deduction,
    /// A bonus criterion.
    Bonus,
}

/// A finding, as `diff` reads it. Format 1 carries `kind`, `title` and `clause` in every
/// finding; format 2 in the `criteria` table, read by [`ReportIn::about`].
#[derive(Debug, Deserialize)]
pub struct FindingIn {
    /// The stable fingerprint gaps are matched on.
    pub fingerprint: Box<str>,
    /// The criterion id.
    pub criterion: Box<str>,
    /// `scored`, `deduction` or `bonus` (format 1).
    #[serde(default)]
    kind: Option<KindIn>,
    /// The status.
    pub status: StatusIn,
    /// Its title (format 1).
    #[serde(default)]
    title: Option<Box<str>>,
    /// The standard's clause (format 1).
    #[serde(default)]
    clause: Option<Box<str>>,
    /// Points earned.
    pub points: f64,
    /// `silent` or `short` for a gap; absent in reports written before aftercert told
    /// the two apart.
    #[serde(default)]
    pub gap: Option<GapIn>,
    /// Where.
    #[serde(default)]
    pub location: Option<LocationIn>,
}

/// What the page shows of a criterion: its kind, title and clause.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    /// `scored`, `deduction` or `bonus`, when the report says.
    pub kind: Option<KindIn>,
    /// Its title ("" when the report has none).
    pub title: &'a str,
    /// The standard's clause.
    pub clause: Option<&'a str>,
}

/// A criterion of the format-2 `criteria` table: only what the page shows.
#[derive(Debug, Deserialize)]
struct CriterionIn {
    #[serde(default)]
    kind: Option<KindIn>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    clause: Option<String>,
}

/// The nature of a gap, as `diff` reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapIn {
    /// The document is silent.
    Silent,
    /// The document states something that falls short.
    Short,
}

/// A location, as `diff` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct LocationIn {
    /// The document's path: left out in format 2 when it is the document's own, and
    /// then filled in by [`resolve`].
    #[serde(default)]
    pub path: Box<str>,
    /// 1-based line.
    pub line: u32,
}

/// Why a report that parsed cannot be read: a format-2 reference to a table entry that
/// is not there. `place` is the JSON path of the reference.
#[derive(Debug)]
pub struct Unresolved {
    /// Where, as a JSON path (`documents[3].findings[7].criterion`).
    pub place: String,
    /// The id named.
    pub id: String,
    /// The table it should be in: `standards` or `criteria`.
    pub table: &'static str,
}

/// Reads a report from `reader` (buffered by the caller); a format-2 report's standards
/// are resolved from its table and its findings' criteria checked against its table.
pub fn read(reader: impl std::io::Read) -> Result<Result<ReportIn, Unresolved>, serde_json::Error> {
    let mut report: ReportIn = serde_json::from_reader(reader)?;
    Ok(resolve(&mut report).map(|()| report))
}

/// Fills in the standards named by id and checks that every criterion a finding names
/// without its texts is in the `criteria` table.
fn resolve(report: &mut ReportIn) -> Result<(), Unresolved> {
    for (i, doc) in report.documents.iter_mut().enumerate() {
        if doc.standard.by_id {
            let Some(s) = report.standards.get(&doc.standard.id) else {
                return Err(Unresolved {
                    place: format!("documents[{i}].standard"),
                    id: doc.standard.id.clone(),
                    table: "standards",
                });
            };
            doc.standard.version.clone_from(&s.version);
            doc.standard.title.clone_from(&s.title);
        }
        for f in &mut doc.findings {
            match &mut f.location {
                Some(l) if l.path.is_empty() => l.path = doc.path.as_str().into(),
                _ => {}
            }
        }
        for (j, f) in doc.findings.iter().enumerate() {
            if f.title.is_none() && !report.criteria.contains_key(&*f.criterion) {
                if report.format_version.0 == 1 {
                    continue;
                }
                return Err(Unresolved {
                    place: format!("documents[{i}].findings[{j}].criterion"),
                    id: f.criterion.to_string(),
                    table: "criteria",
                });
            }
        }
    }
    report.standards = HashMap::new();
    Ok(())
}

impl ReportIn {
    /// A finding's kind, title and clause: its own (format 1), else the `criteria`
    /// table's (format 2).
    pub fn about<'a>(&'a self, f: &'a FindingIn) -> About<'a> {
        match (&f.title, self.criteria.get(&*f.criterion)) {
            (None, Some(c)) => About {
                kind: f.kind.or(c.kind),
                title: c.title.as_deref().unwrap_or(""),
                clause: f.clause.as_deref().or(c.clause.as_deref()),
            },
            _ => About {
                kind: f.kind,
                title: f.title.as_deref().unwrap_or(""),
                clause: f.clause.as_deref(),
            },
        }
    }
}
