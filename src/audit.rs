//! The audit pipeline as one library function: a loaded document, the standards and the
//! run's policy in; for every standard, the scored audit with its verdict out.
//!
//! `aftercert check`, the fuzz target and the property test all call [`run`]; nothing
//! else assembles the pipeline, so what the tests and the fuzzer exercise is what users
//! run. The steps, in order: whether each standard applies to the document as a whole,
//! tailoring, evaluation and scoring, ageing warnings, then policy (waivers, baseline,
//! gate) on the unrounded result. The report view is built afterwards, once, from the
//! finished audit, by the report module's `document_views`.

use crate::diag::Diagnostic;
use crate::evaluate::{Context, evaluate};
use crate::policy::{Judged, Policy, baseline};
use crate::process::load::Document;
use crate::score::Audit;
use crate::standard::load::Loaded;
use crate::yaml::Node;

/// One document audited against one standard.
#[derive(Debug, Clone)]
pub struct StandardResult<'a> {
    /// The scored audit.
    pub audit: Audit<'a>,
    /// False when the standard as a whole does not apply to the document (its
    /// `applies_if` does not hold): the gate then passes and nothing counts as a gap.
    pub applies: bool,
    /// Waivers, baseline changes, the gate's verdict and the gap counts.
    pub judged: Judged,
}

/// One document audited against every standard of the run.
#[derive(Debug, Clone)]
pub struct DocumentAudit<'a> {
    /// The document, with every diagnostic of its audit (loading, validation, ageing).
    pub document: Document,
    /// The path as fingerprints and waivers see it (see [`baseline::path_key`]).
    pub key: String,
    /// The company name, if stated.
    pub company: String,
    /// One result per standard, in the run's order; empty when the document is not usable.
    pub results: Vec<StandardResult<'a>>,
    /// Waivers that silenced one of the document's warnings, by index.
    pub waivers_used: Vec<usize>,
}

impl DocumentAudit<'_> {
    /// Every waiver the audit used, by index.
    pub fn waivers_used(&self) -> impl Iterator<Item = usize> + '_ {
        self.results
            .iter()
            .flat_map(|r| r.judged.waivers_used.iter().copied())
            .chain(self.waivers_used.iter().copied())
    }

    /// True when a gate failed for this document.
    pub fn gate_failed(&self) -> bool {
        self.results.iter().any(|r| !r.judged.verdict.passed)
    }
}

/// Audits one loaded document against the standards under the run's policy.
pub fn run<'a>(document: Document, standards: &[&'a Loaded], policy: &Policy) -> DocumentAudit<'a> {
    let key = baseline::path_key(&document.path);
    let company = document.company().unwrap_or_default();
    let mut out = DocumentAudit {
        key,
        company,
        results: Vec::new(),
        waivers_used: Vec::new(),
        document,
    };
    let Some(root) = out
        .document
        .root
        .as_ref()
        .filter(|_| out.document.is_usable())
    else {
        return out;
    };
    out.results = standards
        .iter()
        .map(|s| audit_one(s, root, &out.key, policy))
        .collect();
    if !standards.is_empty() {
        let aging = crate::aging::warnings(root, &out.document.path, policy.as_of);
        out.document.diagnostics.extend(aging);
    }
    out.waivers_used = policy
        .waivers
        .silence(&mut out.document.diagnostics, policy.as_of);
    out
}

fn audit_one<'a>(
    standard: &'a Loaded,
    root: &Node,
    key: &str,
    policy: &Policy,
) -> StandardResult<'a> {
    let ctx = Context {
        root,
        as_of: policy.as_of,
    };
    let applies = standard
        .standard
        .applies_if
        .as_ref()
        .is_none_or(|c| evaluate(&c.value, &ctx).met());
    let audit = crate::score::audit(standard, root, policy.as_of, &|id| {
        policy.not_applicable.reason(id)
    });
    let judged = policy.judge(&audit, key, applies);
    StandardResult {
        audit,
        applies,
        judged,
    }
}

/// Diagnostics of a run as a whole that a waiver may silence by code (warnings about
/// files other than documents); returns the waivers used.
pub fn silence_run_warnings(diags: &mut Vec<Diagnostic>, policy: &Policy) -> Vec<usize> {
    policy.waivers.silence(diags, policy.as_of)
}
