//! CI policy in one place: what a team has decided about its results.
//!
//! Tailoring (criteria that do not apply, points changed), waivers (gaps accepted until a
//! date), the baseline (gaps already known) and the gate (what a document must reach)
//! live here and nowhere else. Policy works on the finished, unrounded audit — never on
//! a report view — so the report, the JSON and the exit code cannot disagree. It never
//! changes a score: it decides what the gate counts, and says why.

pub mod baseline;
pub mod gate;
pub mod tailoring;
pub mod waivers;

use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::score::Audit;
use crate::standard::load::RuleKind;
use crate::yaml::{self, Limits};
use baseline::Change;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::DuplicateKeyPolicy;
use std::path::Path;

/// Everything a run has decided besides the documents and the standards.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Criteria tailored out, with their reasons.
    pub not_applicable: tailoring::NotApplicable,
    /// Waivers in force or expired (expired ones no longer set a gap aside).
    pub waivers: waivers::Waivers,
    /// The baseline, if any.
    pub baseline: Option<baseline::Index>,
    /// The gate.
    pub gate: gate::Gate,
    /// The audit date.
    pub as_of: NaiveDate,
}

/// What policy says of one finding.
#[derive(Debug, Clone, Default)]
pub struct FindingNote {
    /// The stable fingerprint (see [`baseline::fingerprint`]).
    pub fingerprint: String,
    /// The waiver that covers this gap: its index in [`waivers::Waivers::list`].
    pub waiver: Option<usize>,
    /// True when that waiver has expired (the gap counts again).
    pub waiver_expired: bool,
    /// How this gap compares with the baseline.
    pub change: Option<Change>,
    /// How the nature of this gap (silent or short) changed since the baseline.
    pub gap_change: Option<baseline::GapChange>,
}

impl FindingNote {
    /// True when a waiver in force sets this gap aside for the gate.
    pub fn set_aside(&self) -> bool {
        self.waiver.is_some() && !self.waiver_expired
    }
}

/// Policy applied to one audit of one document.
#[derive(Debug, Clone, Default)]
pub struct Judged {
    /// One note per finding, in the audit's order.
    pub notes: Vec<FindingNote>,
    /// The gate's verdict.
    pub verdict: gate::Verdict,
    /// The gaps, counted once.
    pub gaps: gate::GapCounts,
    /// The waivers used, by index.
    pub waivers_used: Vec<usize>,
    /// The gaps as baseline entries, for `--write-baseline`.
    pub baseline_entries: Vec<baseline::Entry>,
}

impl Policy {
    /// Applies waivers, the baseline and the gate to an audit of the document whose
    /// path key is `doc_key`.
    pub fn judge(&self, audit: &Audit<'_>, doc_key: &str, applies: bool) -> Judged {
        let std_id = audit.standard.id();
        let mut j = Judged::default();
        for f in &audit.findings {
            let rule = audit.rule(f);
            let yaml_path = f.outcome.as_ref().map_or("", |o| o.path.as_str());
            let mut note = FindingNote {
                fingerprint: baseline::fingerprint(std_id, &rule.id, doc_key, yaml_path),
                ..FindingNote::default()
            };
            if applies && f.status.is_gap() && rule.kind != RuleKind::Bonus {
                self.note_gap(audit, f, doc_key, yaml_path, &mut note, &mut j);
            }
            j.notes.push(note);
        }
        j.verdict = gate::judge(&self.gate, audit, applies, &j.notes);
        j.gaps = gate::GapCounts::of(audit, applies);
        j
    }

    fn note_gap(
        &self,
        audit: &Audit<'_>,
        f: &crate::score::Finding,
        doc_key: &str,
        yaml_path: &str,
        note: &mut FindingNote,
        j: &mut Judged,
    ) {
        let rule = audit.rule(f);
        note.waiver = self.waivers.find(&rule.id, doc_key, yaml_path);
        if let Some(i) = note.waiver {
            j.waivers_used.push(i);
            note.waiver_expired = self.waivers.list[i].expires < self.as_of;
        }
        let points = if rule.kind == RuleKind::Deduction {
            rule.max_points
        } else {
            f.earned
        };
        if let Some(b) = &self.baseline {
            let scored = (rule.kind == RuleKind::Scored).then_some(points);
            note.change = Some(b.classify(&note.fingerprint, f.status, scored));
            note.gap_change = b.gap_change(&note.fingerprint, f.gap);
        }
        j.baseline_entries.push(baseline::Entry {
            fingerprint: note.fingerprint.clone(),
            standard: audit.standard.id().to_string(),
            criterion: rule.id.clone(),
            path: doc_key.to_string(),
            yaml_path: yaml_path.to_string(),
            status: f.status,
            points,
            gap: f.gap,
        });
    }
}

/// Parses a settings file of type `T` (named explicitly, so read whatever its extension
/// and through symlinks), turning errors into a diagnostic with `code`. On a parse error
/// the file's text comes back with the diagnostic, for its snippet.
pub fn parse_file<T: for<'de> Deserialize<'de>>(
    path: &Path,
    code: Code,
) -> Result<(T, String), (Diagnostic, String)> {
    let shown = crate::text::path(path);
    let text = crate::process::load::read_text(path, &shown, &Limits::default())
        .map_err(|d| (d, String::new()))?;
    let opts = yaml::options(&Limits::default(), DuplicateKeyPolicy::Error);
    match serde_saphyr::from_str_with_options::<T>(&text, opts) {
        Ok(v) => Ok((v, text)),
        Err(e) => {
            let e = yaml::parse_error(&e);
            let hint = unknown_field_hint(&e.message);
            let msg = Text::new(
                format!("{shown} 无效：{}{hint}", e.message),
                format!("{shown} is not valid: {}{hint}", e.message),
            );
            let d = Diagnostic::error(code, &shown, e.pos, msg).expected(Text::new(
                "见 README 中的文件格式",
                "the file format described in the README",
            ));
            Err((d, text))
        }
    }
}

/// ` (`name`?)` when serde says "unknown field `x`, expected one of `a`, `b`" and one of
/// the expected names is close to `x`.
fn unknown_field_hint(message: &str) -> String {
    let Some(rest) = message.split("unknown field `").nth(1) else {
        return String::new();
    };
    let Some((field, rest)) = rest.split_once('`') else {
        return String::new();
    };
    let expected = rest
        .split("expected one of ")
        .nth(1)
        .or_else(|| rest.split("expected ").nth(1))
        .unwrap_or_default();
    let names = expected
        .split(',')
        .map(|n| n.trim().trim_matches('`').trim());
    crate::process::validate::suggest(field, names.filter(|n| !n.is_empty()))
        .map(|h| format!(" (`{h}`?)"))
        .unwrap_or_default()
}
