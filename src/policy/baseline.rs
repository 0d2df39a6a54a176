//! Baselines: the gaps a team has already accepted, so CI fails only on new or worse ones.
//!
//! A baseline is keyed on fingerprints of (standard, criterion, document path, YAML path),
//! never on line numbers, so editing a document above a known gap does not make it "new".
//! The fingerprint must not change with how a path is spelled (`./x.yaml`, `x.yaml`, an
//! absolute path under the working folder, `a\x.yaml` on Windows) nor with the compiler
//! that built aftercert: the path is normalised to a relative `/`-separated form and the
//! fields are hashed as bytes with SHA-256, length-prefixed so no two field lists collide.
//! The file is JSON, sorted, so it diffs well in review.

use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::score::{Gap, Status};
use crate::yaml::{Limits, Pos};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Component, Path};

/// The baseline file format this version writes. Version 1 files (fingerprints from an
/// earlier hash) are still read: their fingerprints are recomputed from their fields.
pub const VERSION: u32 = 2;

/// Points closer than this are the same: version 1 files stored points rounded to 0.01.
const SAME_POINTS: f64 = 0.005;

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The file format version: 1 or 2.
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
    /// The document path, normalised (see [`path_key`]).
    pub path: String,
    /// The YAML path.
    pub yaml_path: String,
    /// `partial` or `missing`.
    pub status: Status,
    /// Points earned at the time, unrounded (deductions: points taken off).
    pub points: f64,
    /// `silent` or `short`: whether the document was silent or fell short. Absent in
    /// baselines written before aftercert told the two apart; such entries still read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<Gap>,
}

impl<'de> Deserialize<'de> for Gap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "silent" => Ok(Gap::Silent),
            "short" => Ok(Gap::Short),
            other => Err(serde::de::Error::custom(format!(
                "unknown gap `{other}`; expected silent or short"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "met" => Ok(Status::Met),
            "partial" => Ok(Status::Partial),
            "missing" => Ok(Status::Missing),
            "not-applicable" => Ok(Status::NotApplicable),
            "undetermined" => Ok(Status::Undetermined),
            other => Err(serde::de::Error::custom(format!(
                "unknown status `{other}`; expected met, partial, missing, not-applicable or undetermined"
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

/// How the nature of a gap compares with the baseline: the document used to say nothing
/// and now states something that still falls short, or the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapChange {
    /// Silent before, short now: the document now speaks to it.
    SilentToShort,
    /// Short before, silent now: what the document said is gone.
    ShortToSilent,
}

/// The change in a gap's nature between two runs, when both are known and differ.
pub fn gap_change(old: Option<Gap>, new: Option<Gap>) -> Option<GapChange> {
    match (old?, new?) {
        (Gap::Silent, Gap::Short) => Some(GapChange::SilentToShort),
        (Gap::Short, Gap::Silent) => Some(GapChange::ShortToSilent),
        _ => None,
    }
}

/// A document path in the form fingerprints use: relative to the working folder when it
/// lies under it, `/`-separated, without `.` components and with `..` folded lexically.
pub fn path_key(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let p = Path::new(&slashed);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf());
    let mut parts: Vec<String> = Vec::new();
    let mut rooted = false;
    for c in relative.components() {
        match c {
            Component::RootDir | Component::Prefix(_) => rooted = true,
            Component::CurDir => {}
            Component::ParentDir if parts.last().is_some_and(|l| l != "..") => {
                parts.pop();
            }
            Component::ParentDir if !rooted => parts.push("..".into()),
            Component::ParentDir => {}
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if rooted { format!("/{joined}") } else { joined }
}

/// The fingerprint of a finding: SHA-256 over its length-prefixed fields, the path given
/// as a [`path_key`]; 32 hex digits.
pub fn fingerprint(standard: &str, criterion: &str, path_key: &str, yaml_path: &str) -> String {
    let mut h = Sha256::new();
    for part in [standard, criterion, path_key, yaml_path] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A baseline ready for look-ups by fingerprint.
#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: HashMap<String, Entry>,
}

impl Index {
    /// Indexes a baseline; version 1 entries get today's fingerprints from their fields.
    pub fn new(b: Baseline) -> Index {
        let entries = b
            .gaps
            .into_iter()
            .map(|mut e| {
                if b.aftercert_baseline < VERSION {
                    e.path = path_key(&e.path);
                    e.fingerprint = fingerprint(&e.standard, &e.criterion, &e.path, &e.yaml_path);
                }
                (e.fingerprint.clone(), e)
            })
            .collect();
        Index { entries }
    }

    /// The nature of a gap in the baseline has changed (silent ↔ short), when the
    /// baseline recorded it.
    pub fn gap_change(&self, fingerprint: &str, gap: Option<Gap>) -> Option<GapChange> {
        gap_change(self.entries.get(fingerprint)?.gap, gap)
    }

    /// Classifies a gap: its fingerprint, status and points (earned, or taken off for a
    /// special deduction, whose points do not make it better or worse).
    pub fn classify(&self, fingerprint: &str, status: Status, points: Option<f64>) -> Change {
        match self.entries.get(fingerprint) {
            None => Change::New,
            Some(old) if worse(old, status, points) => Change::Regressed,
            Some(_) => Change::Unchanged,
        }
    }
}

fn worse(old: &Entry, status: Status, points: Option<f64>) -> bool {
    (old.status == Status::Partial && status == Status::Missing)
        || points.is_some_and(|p| p + SAME_POINTS < old.points)
}

/// A baseline of the given gaps, sorted and without duplicates.
pub fn new(as_of: String, mut gaps: Vec<Entry>) -> Baseline {
    gaps.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    gaps.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    Baseline {
        aftercert_baseline: VERSION,
        as_of,
        gaps,
    }
}

/// Reads and checks a baseline file (named explicitly, so read whatever its extension).
pub fn read(path: &Path) -> Result<Baseline, Diagnostic> {
    let shown = crate::text::path(path);
    let text = crate::process::load::read_text(path, &shown, &Limits::default())?;
    let b: Baseline = serde_json::from_str(&text).map_err(|e| {
        let pos = Pos {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            column: u32::try_from(e.column()).unwrap_or(u32::MAX),
        };
        invalid(&shown, pos, &e.to_string())
    })?;
    if !(1..=VERSION).contains(&b.aftercert_baseline) {
        let what = format!(
            "aftercert_baseline {} is not a version this aftercert reads (1 or {VERSION})",
            b.aftercert_baseline
        );
        return Err(invalid(&shown, Pos::default(), &what));
    }
    if let Some(e) = b.gaps.iter().find(|e| !e.points.is_finite()) {
        let what = format!("points of `{}` is not a finite number", e.criterion);
        return Err(invalid(&shown, Pos::default(), &what));
    }
    Ok(b)
}

fn invalid(shown: &str, pos: Pos, what: &str) -> Diagnostic {
    let msg = Text::new(
        format!("基线文件无效：{what}"),
        format!("the baseline file is not valid: {what}"),
    );
    Diagnostic::error(Code::BaselineInvalid, shown, pos, msg).expected(Text::new(
        "由 aftercert check --write-baseline 写出的 JSON",
        "JSON written by aftercert check --write-baseline",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_spellings_share_one_key() {
        assert_eq!(path_key("./x.yaml"), "x.yaml");
        assert_eq!(path_key("x.yaml"), "x.yaml");
        assert_eq!(path_key("a/./b/../x.yaml"), "a/x.yaml");
        assert_eq!(path_key("a\\x.yaml"), "a/x.yaml");
        assert_eq!(path_key("../up/x.yaml"), "../up/x.yaml");
        let cwd = std::env::current_dir().unwrap();
        let abs = cwd.join("docs/x.yaml");
        assert_eq!(path_key(&abs.display().to_string()), "docs/x.yaml");
    }

    #[test]
    fn fingerprints_are_fixed_values() {
        // Pinned (and checked with Python's hashlib): a change here breaks every
        // baseline users have committed.
        assert_eq!(
            fingerprint("s", "c", "p", "y"),
            "f797737e1aedc0a438c7941574dd7ae5"
        );
        assert_ne!(
            fingerprint("ab", "c", "", ""),
            fingerprint("a", "bc", "", "")
        );
    }

    #[test]
    fn worse_means_missing_from_partial_or_fewer_points() {
        let e = Entry {
            fingerprint: "f".into(),
            standard: "s".into(),
            criterion: "c".into(),
            path: "p".into(),
            yaml_path: String::new(),
            status: Status::Partial,
            points: 1.43,
            gap: Some(Gap::Short),
        };
        let idx = Index::new(new(String::new(), vec![e]));
        assert_eq!(
            idx.classify("f", Status::Partial, Some(1.428_57)),
            Change::Unchanged
        );
        assert_eq!(
            idx.classify("f", Status::Partial, Some(1.0)),
            Change::Regressed
        );
        assert_eq!(idx.classify("f", Status::Missing, None), Change::Regressed);
        assert_eq!(idx.classify("g", Status::Missing, None), Change::New);
        assert_eq!(
            idx.gap_change("f", Some(Gap::Silent)),
            Some(GapChange::ShortToSilent)
        );
        assert_eq!(idx.gap_change("f", Some(Gap::Short)), None);
    }

    #[test]
    fn an_entry_without_a_gap_kind_still_reads() {
        let old = r#"{"aftercert_baseline":2,"as_of":"2026-01-01","gaps":[{"fingerprint":"f","standard":"s","criterion":"c","path":"p","yaml_path":"y","status":"missing","points":0.0}]}"#;
        let b: Baseline = serde_json::from_str(old).unwrap();
        assert_eq!(b.gaps[0].gap, None);
        assert_eq!(Index::new(b).gap_change("f", Some(Gap::Silent)), None);
    }
}
