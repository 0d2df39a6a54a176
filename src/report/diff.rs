//! Run-to-run differences: what improved since the last audit, and what got worse.
//!
//! Input is two JSON reports written by `aftercert check --format json`. Documents are
//! matched on (path, standard) and gaps on their stable fingerprints, so moving text
//! around in a document does not count as a change. The page is what a consultant shows
//! a client after three months: score and level change, new, fixed, regressed and
//! unchanged gaps.

use serde::Serialize;
use serde_json::Value as J;
use std::collections::BTreeMap;

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
    /// Where, now (or before).
    pub location: String,
}

fn gaps(doc: &J) -> BTreeMap<String, &J> {
    doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| matches!(f["status"].as_str(), Some("partial" | "missing")))
        .filter_map(|f| Some((f["fingerprint"].as_str()?.to_string(), f)))
        .collect()
}

fn key(doc: &J) -> (String, String) {
    (
        doc["path"].as_str().unwrap_or_default().to_string(),
        doc["standard"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

fn gap(f: &J, old: Option<&J>) -> GapDiff {
    let loc = &f["location"];
    GapDiff {
        criterion: f["criterion"].as_str().unwrap_or_default().to_string(),
        title: f["title"].as_str().unwrap_or_default().to_string(),
        status: f["status"].as_str().unwrap_or_default().to_string(),
        old_points: old.and_then(|o| o["points"].as_f64()),
        new_points: f["points"].as_f64(),
        location: format!(
            "{}:{}",
            loc["path"].as_str().unwrap_or_default(),
            loc["line"].as_u64().unwrap_or(0)
        ),
    }
}

fn worse(old: &J, new: &J) -> bool {
    let status = |f: &J| f["status"].as_str().unwrap_or_default().to_string();
    let pts = |f: &J| f["points"].as_f64().unwrap_or(0.0);
    let deduction = new["kind"].as_str() == Some("deduction");
    (status(old) == "partial" && status(new) == "missing")
        || (!deduction && pts(new) + 1e-9 < pts(old))
}

/// Compares two JSON reports.
pub fn diff(old: &J, new: &J) -> DiffView {
    let index = |run: &J| -> BTreeMap<(String, String), J> {
        run["documents"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| (key(d), d.clone()))
            .collect()
    };
    let (olds, news) = (index(old), index(new));
    let keys: std::collections::BTreeSet<&(String, String)> =
        olds.keys().chain(news.keys()).collect();
    let documents = keys
        .into_iter()
        .map(|k| doc_diff(k, olds.get(k), news.get(k)))
        .collect();
    DiffView {
        old_as_of: old["as_of"].as_str().unwrap_or_default().to_string(),
        new_as_of: new["as_of"].as_str().unwrap_or_default().to_string(),
        documents,
    }
}

fn doc_diff(k: &(String, String), old: Option<&J>, new: Option<&J>) -> DocDiff {
    let score = |d: Option<&J>| d.and_then(|d| d["score"].as_f64());
    let rating = |d: Option<&J>| d.and_then(|d| d["rating"]["label"].as_str().map(str::to_string));
    let rating_id = |d: Option<&J>| d.and_then(|d| d["rating"]["id"].as_str().map(str::to_string));
    let (og, ng) = (
        old.map(gaps).unwrap_or_default(),
        new.map(gaps).unwrap_or_default(),
    );
    let mut out = DocDiff {
        path: k.0.clone(),
        company: new
            .or(old)
            .and_then(|d| d["company"].as_str())
            .unwrap_or_default()
            .to_string(),
        standard: k.1.clone(),
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
    };
    for (fp, f) in &ng {
        match og.get(fp) {
            None => out.new.push(gap(f, None)),
            Some(o) if worse(o, f) => out.regressed.push(gap(f, Some(o))),
            Some(o) => out.unchanged.push(gap(f, Some(o))),
        }
    }
    out.fixed = og
        .iter()
        .filter(|(fp, _)| !ng.contains_key(*fp))
        .map(|(_, f)| gap(f, Some(f)))
        .collect();
    out
}
