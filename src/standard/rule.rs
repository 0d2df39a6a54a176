//! A criterion as the engine uses it: `same_as` resolved, effective points computed.
//!
//! Kept apart from loading so that the linter, which checks rules, and the loader, which
//! builds them and calls the linter, do not depend on each other.

use super::model::{Check, Confidence, Examples, Ground, Severity};
use super::spanned::Spanned;
use crate::i18n::Text;
use crate::yaml::Pos;

/// What a rule contributes to the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Scored points.
    Scored,
    /// A special deduction when it fails.
    Deduction,
    /// Bonus points when it holds.
    Bonus,
}

/// A criterion with `same_as` resolved and its effective points computed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Scored, deduction or bonus.
    pub kind: RuleKind,
    /// Index of its section (scored rules).
    pub section: usize,
    /// Index of its indicator within the section (scored rules).
    pub indicator: usize,
    /// The clause in its standard.
    pub clause: Option<String>,
    /// Further clauses cited.
    pub cites: Vec<super::model::Citation>,
    /// Title.
    pub title: Text,
    /// The requirement in an auditor's words (the title when the standard gives none).
    pub requirement: Text,
    /// The nonconformity in an auditor's words, when the standard gives one.
    pub nonconformity: Option<Text>,
    /// Rationale.
    pub rationale: Text,
    /// Remediation (the corrective action asked for).
    pub remediation: Text,
    /// The hint for the document's author (field paths), when the standard gives one.
    pub hint: Option<Text>,
    /// Special deductions: the ground.
    pub ground: Option<Ground>,
    /// Special deductions: scored criteria the same fact also fails.
    pub counts_with: Vec<String>,
    /// Why the fact counts under both.
    pub basis: Option<Text>,
    /// Evidence ids.
    pub evidence: Vec<String>,
    /// Points it is worth in the score (weighted: share of 100; deductions and bonus: as stated).
    pub max_points: f64,
    /// Whether its points (and the figures in its check) are confirmed.
    pub confidence: Confidence,
    /// Whether the weight of its indicator or section is assumed.
    pub weight_assumed: bool,
    /// How much a gap matters.
    pub severity: Severity,
    /// Advice rather than requirement.
    pub advisory: bool,
    /// Applicability.
    pub applies_if: Option<Check>,
    /// Whom it binds (legal criteria), decided per product line.
    pub scope: Option<crate::evaluate::scope::LegalScope>,
    /// The check.
    pub check: Check,
    /// Examples.
    pub examples: Option<Examples>,
    /// Where the criterion's id is written.
    pub pos: Pos,
}

/// The position of a spanned value (the standard model's or serde-saphyr's).
pub fn pos(s: &impl Located) -> Pos {
    Pos {
        line: u32::try_from(s.line()).unwrap_or(0),
        column: u32::try_from(s.column()).unwrap_or(0),
    }
}

/// A value that knows the line and column it was written at.
pub trait Located {
    /// The 1-based line.
    fn line(&self) -> u64;
    /// The 1-based column.
    fn column(&self) -> u64;
}

impl<T> Located for Spanned<T> {
    fn line(&self) -> u64 {
        self.referenced.line()
    }
    fn column(&self) -> u64 {
        self.referenced.column()
    }
}

impl<T> Located for serde_saphyr::Spanned<T> {
    fn line(&self) -> u64 {
        self.referenced.line()
    }
    fn column(&self) -> u64 {
        self.referenced.column()
    }
}
