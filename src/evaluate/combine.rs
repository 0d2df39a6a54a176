//! The combinators of the check vocabulary: all, any, best-of, not, partial credit and
//! at-least-N.
//!
//! Each combines its children's outcomes into one: how much of it holds, the place that
//! decided it (the first failing child), and the expectations of the children that fail.

use super::{Context, Outcome, Scope, eval};
use crate::i18n::Text;
use crate::standard::model::Check;
use serde_saphyr::Spanned;

fn combine(outcomes: &[Outcome], sep: &str, only_failing: bool) -> (Text, Option<String>) {
    let chosen: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| !only_failing || !o.met())
        .collect();
    let chosen = if chosen.is_empty() {
        outcomes.iter().collect()
    } else {
        chosen
    };
    let zh = chosen
        .iter()
        .map(|o| o.expected.zh.as_str())
        .collect::<Vec<_>>()
        .join(sep);
    let en = chosen
        .iter()
        .map(|o| o.expected.en.as_str())
        .collect::<Vec<_>>()
        .join(sep);
    let mut found: Vec<String> = chosen.iter().filter_map(|o| o.found.clone()).collect();
    let mut seen = std::collections::HashSet::new();
    found.retain(|f| seen.insert(f.clone()));
    (
        Text::new(zh, en),
        (!found.is_empty()).then(|| found.join(sep)),
    )
}

fn children(ctx: &Context<'_>, scope: Scope<'_>, cs: &[Spanned<Check>]) -> Vec<Outcome> {
    cs.iter().map(|c| eval(&c.value, ctx, scope)).collect()
}

fn empty_outcome(scope: Scope<'_>) -> Outcome {
    Outcome {
        fraction: 1.0,
        path: scope.path.to_string(),
        pos: scope.node.pos,
        expected: Text::default(),
        found: None,
        spoken: 0.0,
        vacuous: true,
    }
}

/// The share the document speaks to, over the children that had something to look at.
fn mean_spoken(outcomes: &[Outcome]) -> f64 {
    let real: Vec<&Outcome> = outcomes.iter().filter(|o| !o.vacuous).collect();
    if real.is_empty() {
        return 0.0;
    }
    real.iter().map(|o| o.spoken).sum::<f64>() / real.len() as f64
}

/// True when every child had nothing to look at.
fn all_vacuous(outcomes: &[Outcome]) -> bool {
    !outcomes.is_empty() && outcomes.iter().all(|o| o.vacuous)
}

/// The most any child speaks to.
fn max_spoken(outcomes: &[Outcome]) -> f64 {
    outcomes.iter().map(|o| o.spoken).fold(0.0, f64::max)
}

/// Combines children that must all hold; `score` turns their fractions into one.
fn conjunction(
    ctx: &Context<'_>,
    scope: Scope<'_>,
    cs: &[Spanned<Check>],
    score: fn(&[Outcome]) -> f64,
) -> Outcome {
    let outcomes = children(ctx, scope, cs);
    let Some(decisive) = outcomes.iter().find(|o| !o.met()).or(outcomes.first()) else {
        return empty_outcome(scope);
    };
    let (expected, found) = combine(&outcomes, "; ", true);
    // Children with nothing to look at neither add nor take credit.
    let real: Vec<Outcome> = outcomes.iter().filter(|o| !o.vacuous).cloned().collect();
    let fraction = if real.is_empty() { 1.0 } else { score(&real) };
    Outcome {
        fraction,
        path: decisive.path.clone(),
        pos: decisive.pos,
        expected,
        found,
        spoken: mean_spoken(&outcomes),
        vacuous: all_vacuous(&outcomes),
    }
}

/// All of the children hold (no partial credit).
pub(super) fn all(ctx: &Context<'_>, scope: Scope<'_>, cs: &[Spanned<Check>]) -> Outcome {
    conjunction(ctx, scope, cs, |os| {
        if os.iter().all(Outcome::met) {
            1.0
        } else {
            0.0
        }
    })
}

pub(super) fn any(ctx: &Context<'_>, scope: Scope<'_>, cs: &[Spanned<Check>]) -> Outcome {
    let outcomes = children(ctx, scope, cs);
    let Some(best) = outcomes
        .iter()
        .max_by(|a, b| a.fraction.total_cmp(&b.fraction))
    else {
        return empty_outcome(scope);
    };
    let decisive = if best.met() { best } else { &outcomes[0] };
    let (expected, found) = combine(&outcomes, " | ", false);
    let fraction = if best.met() { 1.0 } else { 0.0 };
    Outcome {
        fraction,
        path: decisive.path.clone(),
        pos: decisive.pos,
        expected,
        found,
        spoken: max_spoken(&outcomes),
        vacuous: all_vacuous(&outcomes),
    }
}

/// The alternative that holds best: its fraction and its report, the first among equals.
/// Listing the version-1 path first keeps a version-1 document's findings as they were,
/// since its version-2 view holds exactly when its version-1 field does.
pub(super) fn best_of(ctx: &Context<'_>, scope: Scope<'_>, cs: &[Spanned<Check>]) -> Outcome {
    let outcomes = children(ctx, scope, cs);
    let mut best: Option<Outcome> = None;
    for o in outcomes {
        if best.as_ref().is_none_or(|b| o.fraction > b.fraction + 1e-9) {
            best = Some(o);
        }
    }
    best.unwrap_or_else(|| empty_outcome(scope))
}

pub(super) fn not(inner: &Outcome) -> Outcome {
    Outcome {
        fraction: if inner.met() { 0.0 } else { 1.0 },
        path: inner.path.clone(),
        pos: inner.pos,
        expected: Text::new(
            format!("并非（{}）", inner.expected.zh),
            format!("not ({})", inner.expected.en),
        ),
        // A failed `not` means the inner check held; its finding adds nothing that the
        // sibling checks (usually `any: [{not: present}, …]`) do not say better.
        found: None,
        spoken: inner.spoken,
        vacuous: inner.vacuous,
    }
}

pub(super) fn at_least(
    ctx: &Context<'_>,
    scope: Scope<'_>,
    n: u32,
    cs: &[Spanned<Check>],
) -> Outcome {
    let outcomes = children(ctx, scope, cs);
    let held = outcomes.iter().filter(|o| o.met() && !o.vacuous).count();
    let need = (n as usize).max(1);
    let decisive = outcomes
        .iter()
        .find(|o| !o.met())
        .or(outcomes.first())
        .map_or_else(|| empty_outcome(scope), Clone::clone);
    let listed: Vec<&str> = outcomes.iter().map(|o| o.expected.en.as_str()).collect();
    let listed_zh: Vec<&str> = outcomes.iter().map(|o| o.expected.zh.as_str()).collect();
    let expected = Text::new(
        format!("以下至少 {n} 项成立：{}", listed_zh.join(" | ")),
        format!("at least {n} of: {}", listed.join(" | ")),
    );
    let fraction = (held as f64 / need as f64).min(1.0);
    Outcome {
        fraction,
        path: decisive.path,
        pos: decisive.pos,
        expected,
        found: Some(format!("{held}/{n}")),
        spoken: mean_spoken(&outcomes),
        vacuous: all_vacuous(&outcomes),
    }
}

/// Partial credit: the mean of the children's fractions.
pub(super) fn partial(ctx: &Context<'_>, scope: Scope<'_>, cs: &[Spanned<Check>]) -> Outcome {
    conjunction(ctx, scope, cs, |os| {
        os.iter().map(|o| o.fraction).sum::<f64>() / os.len().max(1) as f64
    })
}
