//! The shortest path to the next rating: the fewest actions whose gains reach it.
//!
//! Kept apart from scoring because it is a search over what could change, not a reading of
//! what the document says.

use super::{ActionKind, Audit, EPS, NextLevel, Step};
use crate::standard::load::RuleKind;

pub(super) fn next_level(a: &Audit<'_>) -> Option<NextLevel> {
    let ratings = &a.standard.standard.ratings;
    let target = a.rating + 1;
    let band = ratings.get(target)?;
    let fail_at = a
        .standard
        .standard
        .scoring
        .fail_at_deductions
        .unwrap_or(u32::MAX) as usize;
    let per_deduction = a.standard.standard.scoring.deduction_points;
    let mut required: Vec<Step> = a
        .fired_deductions()
        .map(|(i, _)| Step {
            kind: ActionKind::RemoveDeduction,
            finding: i,
            also: Vec::new(),
            gain: per_deduction,
        })
        .collect();
    let must_remove = (a.deduction_count() + 1).saturating_sub(fail_at);
    let mut optional: Vec<Step> = required.split_off(must_remove.min(required.len()));
    for (i, f) in a.findings.iter().enumerate() {
        let rule = a.rule(f);
        if rule.kind == RuleKind::Scored && f.status.is_gap() && a.applicable > 0.0 {
            let gain = (f.max - f.earned) / a.applicable * 100.0;
            if gain > EPS {
                optional.push(Step {
                    kind: ActionKind::CloseGap,
                    finding: i,
                    also: Vec::new(),
                    gain,
                });
            }
        }
    }
    optional.sort_by(|x, y| {
        y.gain.total_cmp(&x.gain).then_with(|| {
            a.rule(&a.findings[x.finding])
                .id
                .cmp(&a.rule(&a.findings[y.finding]).id)
        })
    });
    let distance = (band.min.value - a.score).max(0.0);
    let mut got: f64 = required.iter().map(|s| s.gain).sum();
    let mut steps = required;
    let mut rest = optional.into_iter();
    while a.score + got + EPS < band.min.value {
        match rest.next() {
            Some(step) => {
                got += step.gain;
                steps.push(step);
            }
            None => break,
        }
    }
    let reachable = (a.score + got).min(100.0 + a.bonus) + EPS >= band.min.value;
    Some(NextLevel {
        rating: target,
        distance,
        steps,
        reachable,
    })
}

