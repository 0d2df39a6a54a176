//! Run-to-run differences: what improved since the last audit, and what got worse.
//!
//! Input is two JSON reports written by `aftercert check --format json`. Documents are
//! matched on (path, standard) and gaps on their stable fingerprints, so moving text
//! around in a document does not count as a change. The page is what a consultant shows
//! a client after three months: score and level change, new, fixed, regressed and
//! unchanged gaps.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A JSON report as `diff` reads it: only the fields it uses, each with its type, so a
/// file that is not an aftercert report is refused with the place and the field that
/// does not fit (see docs/json.md).
#[derive(Debug, Clone, Deserialize)]
pub struct ReportIn {
    /// The aftercert version that wrote it.
    pub tool_version: String,
    /// The audit date.
    pub as_of: String,
    /// The language of its texts.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// One entry per document and standard.
    pub documents: Vec<DocIn>,
}

/// A document audited against a standard, as `diff` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct DocIn {
    /// The document's path.
    pub path: String,
    /// The company.
    #[serde(default)]
    pub company: String,
    /// The standard.
    pub standard: StandardIn,
    /// The score.
    pub score: f64,
    /// The rating reached.
    pub rating: RatingIn,
    /// Every finding.
    pub findings: Vec<FindingIn>,
}

/// A standard's identity, as `diff` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct StandardIn {
    /// Its id.
    pub id: String,
}

/// A rating, as `diff` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct RatingIn {
    /// Its stable id.
    pub id: String,
    /// Its label.
    pub label: String,
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

/// A finding, as `diff` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct FindingIn {
    /// The stable fingerprint gaps are matched on.
    pub fingerprint: String,
    /// The criterion id.
    pub criterion: String,
    /// `scored`, `deduction` or `bonus`.
    #[serde(default)]
    pub kind: Option<KindIn>,
    /// The status.
    pub status: StatusIn,
    /// Its title.
    #[serde(default)]
    pub title: String,
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
    /// The document's path.
    pub path: String,
    /// 1-based line.
    pub line: u32,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct DiffView {
    /// The earlier audit date.
    pub old_as_of: String,
    /// The later audit date.
    pub new_as_of: String,
    /// One entry per (document, standard) in either report.
    pub documents: Vec<DocDiff>,
}

/// One document against one standard, before and after.
#[derive(Debug, Clone, Serialize)]
pub struct DocDiff {
    /// The document path.
    pub path: String,
    /// The company.
    pub company: String,
    /// The standard id.
    pub standard: String,
    /// The earlier score (null when the document is new).
    pub old_score: Option<f64>,
    /// The later score (null when the document is gone).
    pub new_score: Option<f64>,
    /// new − old.
    pub delta: Option<f64>,
    /// The earlier rating label.
    pub old_rating: Option<String>,
    /// The later rating label.
    pub new_rating: Option<String>,
    /// Whether the rating changed.
    pub rating_changed: bool,
    /// Gaps only in the later report.
    pub new: Vec<GapDiff>,
    /// Gaps only in the earlier report.
    pub fixed: Vec<GapDiff>,
    /// Gaps in both, worse now.
    pub regressed: Vec<GapDiff>,
    /// Gaps in both, the same or better.
    pub unchanged: Vec<GapDiff>,
    /// Gaps in both (among regressed or unchanged) whose nature changed: silent before
    /// and short now, or the other way round.
    pub gap_changed: Vec<GapDiff>,
}

/// A gap in a diff.
#[derive(Debug, Clone, Serialize)]
pub struct GapDiff {
    /// The criterion id.
    pub criterion: String,
    /// Its title.
    pub title: String,
    /// Its status now (or before, for fixed gaps).
    pub status: String,
    /// Points before.
    pub old_points: Option<f64>,
    /// Points now.
    pub new_points: Option<f64>,
    /// The nature of the gap before (`silent`, `short`; null when unknown).
    pub old_gap: Option<GapIn>,
    /// The nature of the gap now (null when fixed or unknown).
    pub new_gap: Option<GapIn>,
    /// Where, now (or before).
    pub location: String,
}

fn gaps(doc: &DocIn) -> BTreeMap<&str, &FindingIn> {
    doc.findings
        .iter()
        .filter(|f| matches!(f.status, StatusIn::Partial | StatusIn::Missing))
        .map(|f| (f.fingerprint.as_str(), f))
        .collect()
}

fn key(doc: &DocIn) -> (String, String) {
    (doc.path.clone(), doc.standard.id.clone())
}

/// Free text from a report, clipped as the report view clips it.
fn clip(s: &str) -> String {
    crate::yaml::clip(s, super::view::MAX_TEXT_CHARS)
}

fn status_id(s: StatusIn) -> &'static str {
    match s {
        StatusIn::Met => "met",
        StatusIn::Partial => "partial",
        StatusIn::Missing => "missing",
        StatusIn::NotApplicable => "not-applicable",
        StatusIn::Undetermined => "undetermined",
    }
}

fn gap(f: &FindingIn, old: Option<&FindingIn>) -> GapDiff {
    GapDiff {
        criterion: clip(&f.criterion),
        title: clip(&f.title),
        status: status_id(f.status).to_string(),
        old_points: old.map(|o| o.points),
        new_points: Some(f.points),
        old_gap: old.and_then(|o| o.gap),
        new_gap: f.gap,
        location: f
            .location
            .as_ref()
            .map_or_else(String::new, |l| format!("{}:{}", clip(&l.path), l.line)),
    }
}

fn worse(old: &FindingIn, new: &FindingIn) -> bool {
    let deduction = new.kind == Some(KindIn::Deduction);
    (old.status == StatusIn::Partial && new.status == StatusIn::Missing)
        || (!deduction && new.points + 1e-9 < old.points)
}

/// Compares two JSON reports.
pub fn diff(old: &ReportIn, new: &ReportIn) -> DiffView {
    let index = |run: &'_ ReportIn| -> BTreeMap<(String, String), usize> {
        run.documents
            .iter()
            .enumerate()
            .map(|(i, d)| (key(d), i))
            .collect()
    };
    let (olds, news) = (index(old), index(new));
    let keys: std::collections::BTreeSet<&(String, String)> =
        olds.keys().chain(news.keys()).collect();
    let documents = keys
        .into_iter()
        .map(|k| {
            doc_diff(
                k,
                olds.get(k).map(|i| &old.documents[*i]),
                news.get(k).map(|i| &new.documents[*i]),
            )
        })
        .collect();
    DiffView {
        old_as_of: clip(&old.as_of),
        new_as_of: clip(&new.as_of),
        documents,
    }
}

fn doc_diff(k: &(String, String), old: Option<&DocIn>, new: Option<&DocIn>) -> DocDiff {
    let score = |d: Option<&DocIn>| d.map(|d| d.score);
    let rating = |d: Option<&DocIn>| d.map(|d| clip(&d.rating.label));
    let rating_id = |d: Option<&DocIn>| d.map(|d| d.rating.id.clone());
    let (og, ng) = (
        old.map(gaps).unwrap_or_default(),
        new.map(gaps).unwrap_or_default(),
    );
    let mut out = DocDiff {
        path: clip(&k.0),
        company: new.or(old).map(|d| clip(&d.company)).unwrap_or_default(),
        standard: clip(&k.1),
        old_score: score(old),
        new_score: score(new),
        delta: score(old)
            .zip(score(new))
            .map(|(o, n)| ((n - o) * 100.0).round() / 100.0),
        old_rating: rating(old),
        new_rating: rating(new),
        rating_changed: rating_id(old) != rating_id(new),
        new: Vec::new(),
        fixed: Vec::new(),
        regressed: Vec::new(),
        unchanged: Vec::new(),
        gap_changed: Vec::new(),
    };
    for (fp, f) in &ng {
        if let Some(o) = og
            .get(fp)
            .filter(|o| o.gap.is_some() && f.gap.is_some() && o.gap != f.gap)
        {
            out.gap_changed.push(gap(f, Some(o)));
        }
        match og.get(fp) {
            None => out.new.push(gap(f, None)),
            Some(o) if worse(o, f) => out.regressed.push(gap(f, Some(o))),
            Some(o) => out.unchanged.push(gap(f, Some(o))),
        }
    }
    out.fixed = og
        .iter()
        .filter(|(fp, _)| !ng.contains_key(*fp))
        .map(|(_, f)| {
            let mut g = gap(f, Some(f));
            g.new_gap = None;
            g
        })
        .collect();
    out
}
