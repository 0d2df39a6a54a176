//! Gates: whether each audited document passes, after waivers and the baseline.
//!
//! The score and the rating in a report are never bent. Gates look at the same figures
//! with accepted gaps set aside: a waived gap (not expired) gives its points back for the
//! gate's purpose, and with a baseline only new or regressed gaps count against
//! `--max-gaps`. The report says which gate failed and why.

use super::settings::Settings;
use crate::baseline::{Change, classify, index};
use crate::diag::{Code, Diagnostic};
use crate::i18n::{Lang, Text, t};
use crate::report::view::{DocumentView, GateView, RunView, WaiverView};
use crate::standard::load::{Loaded, RuleKind};
use crate::standard::model::Severity;
use std::collections::BTreeMap;

/// Applies waivers, the baseline and the gates to every document of the run.
pub fn apply(
    run: &mut RunView,
    standards: &[&Loaded],
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
    _sources: &mut BTreeMap<String, String>,
) {
    let lang = run.lang;
    let mut used = vec![false; settings.waivers.len()];
    let baseline = settings.baseline.as_ref().map(index);
    for doc in &mut run.documents {
        for f in doc.findings.iter_mut().filter(|f| f.status.is_gap()) {
            let yaml_path = f.location.as_ref().map_or("", |l| l.yaml_path.as_str());
            if let Some(i) = settings
                .waivers
                .iter()
                .position(|w| w.matches(&f.criterion, &doc.path, yaml_path))
            {
                used[i] = true;
                let w = &settings.waivers[i];
                f.waiver = Some(WaiverView {
                    justification: w
                        .waiver
                        .justification
                        .as_ref()
                        .map(|j| j.value.clone())
                        .unwrap_or_default(),
                    approver: w
                        .waiver
                        .approver
                        .as_ref()
                        .map(|a| a.value.clone())
                        .unwrap_or_default(),
                    expires: w.expires.to_string(),
                    expired: w.expires < settings.as_of,
                });
            }
            if let Some(b) = &baseline {
                f.change = Some(classify(b, f));
            }
        }
        for d in doc.special_deductions.iter_mut() {
            if let Some(f) = doc.findings.iter().find(|f| f.fingerprint == d.fingerprint) {
                d.waiver = f.waiver.clone();
                d.change = f.change;
            }
        }
        let std = standards.iter().find(|s| s.id() == doc.standard.id);
        if let Some(std) = std {
            doc.gate = judge(std, doc, settings, lang);
        }
    }
    // A waiver may also name a warning's diagnostic code (`overdue`, `stale`, …) to silence
    // it for a document; errors are never waivable: broken input must be fixed.
    diags.retain(|d| {
        if d.level != crate::diag::Level::Warning {
            return true;
        }
        match settings
            .waivers
            .iter()
            .position(|w| w.expires >= settings.as_of && w.matches(d.code.id(), &d.file, ""))
        {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        }
    });
    for (w, used) in settings.waivers.iter().zip(used) {
        if !used {
            let msg = Text::new(
                format!("`{}` 的豁免没有匹配任何差距", w.waiver.criterion.value),
                format!(
                    "the waiver for `{}` matches no gap",
                    w.waiver.criterion.value
                ),
            );
            diags.push(
                Diagnostic::warning(Code::WaiverUnused, &w.file, w.pos, msg).expected(Text::new(
                    "删除该豁免，或更正评价项编号与路径",
                    "remove the waiver, or correct its criterion id and paths",
                )),
            );
        }
    }
}

/// True when a gap no longer counts against gates.
fn set_aside(waiver: Option<&WaiverView>) -> bool {
    waiver.is_some_and(|w| !w.expired)
}

fn judge(std: &Loaded, doc: &DocumentView, settings: &Settings, lang: Lang) -> GateView {
    if !doc.standard_applies {
        return GateView {
            passed: true,
            requirement: t(lang, "standard-not-applicable").to_string(),
            reasons: Vec::new(),
        };
    }
    let ratings = &std.standard.ratings;
    let sc = &std.standard.scoring;
    let restored: f64 = doc
        .findings
        .iter()
        .filter(|f| f.status.is_gap() && set_aside(f.waiver.as_ref()))
        .map(|f| {
            if f.kind == RuleKind::Deduction {
                sc.deduction_points
            } else {
                f.gain
            }
        })
        .sum();
    let deductions = doc
        .special_deductions
        .iter()
        .filter(|f| !set_aside(f.waiver.as_ref()))
        .count();
    let gate_score = (doc.score + restored).min(100.0);
    let failed_by_deductions = sc
        .fail_at_deductions
        .is_some_and(|n| n > 0 && deductions >= n as usize);
    let reached = if std.standard.scoring.method == crate::standard::model::Method::Stages {
        ratings
            .iter()
            .position(|r| r.id.value == doc.rating.id)
            .unwrap_or(0)
    } else if failed_by_deductions {
        0
    } else {
        ratings
            .iter()
            .rposition(|b| gate_score + 1e-9 >= b.min.value)
            .unwrap_or(0)
    };
    let mut requirement = Vec::new();
    let mut reasons = Vec::new();
    let explicit = settings.min_rating.is_some()
        || settings.fail_under.is_some()
        || !settings.max_gaps.is_empty();
    let wanted = settings.min_rating.clone().or_else(|| {
        (!explicit && settings.baseline.is_none()).then(|| std.standard.pass.value.clone())
    });
    if let Some(w) = wanted
        && let Some(need) = ratings.iter().position(|r| r.id.value == w)
    {
        let label = ratings[need].label.get(lang).to_string();
        requirement.push(format!("≥ {label} ({w})"));
        if reached < need {
            let now = ratings[reached].label.get(lang);
            reasons.push(match lang {
                Lang::Zh => format!("等级 {now} 低于 {label}"),
                Lang::En => format!("rating {now} is below {label}"),
            });
        }
    }
    if let Some(min) = settings.fail_under {
        requirement.push(format!("{} ≥ {min}", t(lang, "score")));
        if gate_score + 1e-9 < min {
            reasons.push(match lang {
                Lang::Zh => format!("得分 {gate_score:.2} 低于 {min}"),
                Lang::En => format!("score {gate_score:.2} is under {min}"),
            });
        }
    }
    gap_gate(doc, settings, lang, &mut requirement, &mut reasons);
    GateView {
        passed: reasons.is_empty(),
        requirement: requirement.join(", "),
        reasons,
    }
}

fn gap_gate(
    doc: &DocumentView,
    settings: &Settings,
    lang: Lang,
    requirement: &mut Vec<String>,
    reasons: &mut Vec<String>,
) {
    let mut limits = settings.max_gaps.clone();
    if settings.baseline.is_some() && limits.is_empty() {
        for s in [Severity::Minor, Severity::Major, Severity::Blocking] {
            limits.insert(s, 0);
        }
    }
    for (sev, max) in limits {
        let counted = doc
            .findings
            .iter()
            .filter(|f| f.status.is_gap() && f.severity == sev && !set_aside(f.waiver.as_ref()))
            .filter(|f| !matches!(f.change, Some(Change::Unchanged)))
            .count();
        let what = if settings.baseline.is_some() {
            t(lang, "gaps-new")
        } else {
            t(lang, "gaps")
        };
        requirement.push(format!(
            "{what} {} ≤ {max}",
            t(lang, &format!("severity-{}", sev.id()))
        ));
        if counted > max {
            reasons.push(match lang {
                Lang::Zh => format!(
                    "{what}（{}）{counted} 项，超过 {max}",
                    t(lang, &format!("severity-{}", sev.id()))
                ),
                Lang::En => format!(
                    "{counted} {} {} over the limit of {max}",
                    sev.id(),
                    what.to_lowercase()
                ),
            });
        }
    }
}
