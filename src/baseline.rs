//! Baselines: the gaps a team has already accepted, so CI fails only on new or worse ones.
//!
//! A baseline is keyed on stable fingerprints (standard, criterion, document path, YAML
//! path), never on line numbers, so editing a document above a known gap does not make
//! it "new". The file is JSON, sorted, so it diffs well in review.

use crate::report::view::{FindingView, RunView};
use crate::score::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The baseline file format version.
pub const VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always 1.
    pub aftercert_baseline: u32,
    /// The audit date of the run that wrote it.
    pub as_of: String,
    /// The accepted gaps, sorted by fingerprint.
    pub gaps: Vec<Entry>,
}

/// One accepted gap.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The stable fingerprint.
    pub fingerprint: String,
    /// The standard id.
    pub standard: String,
    /// The criterion id.
    pub criterion: String,
    /// The document path.
    pub path: String,
    /// The YAML path.
    pub yaml_path: String,
    /// `partial` or `missing`.
    pub status: Status,
    /// Points earned at the time (deductions: points taken off).
    pub points: f64,
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "met" => Ok(Status::Met),
            "partial" => Ok(Status::Partial),
            "missing" => Ok(Status::Missing),
            "not-applicable" => Ok(Status::NotApplicable),
            other => Err(serde::de::Error::custom(format!(
                "unknown status `{other}`; expected met, partial, missing or not-applicable"
            ))),
        }
    }
}

/// How a gap compares with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Not in the baseline.
    New,
    /// In the baseline, but worse now.
    Regressed,
    /// In the baseline, the same or better.
    Unchanged,
}

/// Builds a baseline from a run's gaps.
pub fn from_run(run: &RunView) -> Baseline {
    let mut gaps: Vec<Entry> = run
        .documents
        .iter()
        .flat_map(|d| {
            d.findings
                .iter()
                .filter(|f| f.status.is_gap())
                .map(move |f| entry(&d.standard.id, f))
        })
        .collect();
    gaps.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    gaps.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    Baseline {
        aftercert_baseline: VERSION,
        as_of: run.as_of.clone(),
        gaps,
    }
}

fn entry(standard: &str, f: &FindingView) -> Entry {
    Entry {
        fingerprint: f.fingerprint.clone(),
        standard: standard.to_string(),
        criterion: f.criterion.clone(),
        path: f
            .location
            .as_ref()
            .map(|l| l.path.clone())
            .unwrap_or_default(),
        yaml_path: f
            .location
            .as_ref()
            .map(|l| l.yaml_path.clone())
            .unwrap_or_default(),
        status: f.status,
        points: f.points,
    }
}

/// Classifies a gap against the baseline.
pub fn classify(index: &BTreeMap<&str, &Entry>, f: &FindingView) -> Change {
    match index.get(f.fingerprint.as_str()) {
        None => Change::New,
        Some(old) if worse(old, f) => Change::Regressed,
        Some(_) => Change::Unchanged,
    }
}

fn worse(old: &Entry, f: &FindingView) -> bool {
    let deduction = f.kind == crate::standard::load::RuleKind::Deduction;
    (old.status == Status::Partial && f.status == Status::Missing)
        || (!deduction && f.points + 1e-9 < old.points)
}

/// Indexes a baseline by fingerprint.
pub fn index(b: &Baseline) -> BTreeMap<&str, &Entry> {
    b.gaps.iter().map(|e| (e.fingerprint.as_str(), e)).collect()
}
