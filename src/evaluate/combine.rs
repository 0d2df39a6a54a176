//! The combinators of the check vocabulary: all, any, best-of, not, partial credit and
//! at-least-N.
//!
//! Each combines its children's outcomes into one: how much of it holds, the place that
//! decided it (the first failing child), and the expectations of the children that fail,
//! joined with "and" / "or" in words (且 / 或), a `not` read as the negated sentence.

use super::{Context, Outcome, Scope, eval};
use crate::i18n::Text;
use crate::labels;
use crate::standard::model::Check;
use crate::standard::spanned::Spanned;

/// The children's expectations joined with "and" or "or" (only the failing ones when
/// `only_failing` and some fail), and what they found, each once.
fn combine(
    cs: &[Spanned<Check>],
    outcomes: &[Outcome],
    or: bool,
    only_failing: bool,
) -> (Text, Option<Text>) {
    let pairs: Vec<(&Spanned<Check>, &Outcome)> = cs.iter().zip(outcomes).collect();
    let failing: Vec<_> = pairs
        .iter()
        .filter(|(_, o)| !only_failing || !o.met())
        .copied()
        .collect();
    let chosen = if failing.is_empty() { pairs } else { failing };
    let expected: Vec<Text> = chosen
        .iter()
        .map(|(c, o)| grouped(&c.value, &o.expected, or))
        .collect();
    let outcomes: Vec<&Outcome> = chosen.iter().map(|(_, o)| *o).collect();
    (labels::join(&expected, or), found_of(&outcomes))
}

/// A child's expectation, in brackets when it joins its parts with the other connective
/// ("（A，或B），且C" / "(A; or B); and C"), so "and" and "or" never read ambiguously.
fn grouped(check: &Check, text: &Text, or: bool) -> Text {
    let mixes = match check {
        // "如…，则…" with one consequence stands on its own.
        Check::Any(cs) => {
            let conditional = cs.iter().any(|c| matches!(c.value, Check::Not(_)))
                && cs
                    .iter()
                    .filter(|c| !matches!(c.value, Check::Not(_)))
                    .count()
                    == 1;
            !or && cs.len() > 1 && !conditional
        }
        Check::All(cs) | Check::Partial(cs) => or && cs.len() > 1,
        _ => false,
    };
    if mixes {
        Text::new(format!("（{}）", text.zh), format!("({})", text.en))
    } else {
        text.clone()
    }
}

/// What the children found, each text once, joined with "；" / "; ".
fn found_of(chosen: &[&Outcome]) -> Option<Text> {
    let mut seen = std::collections::HashSet::new();
    let found: Vec<&Text> = chosen
        .iter()
        .filter_map(|o| o.found.as_ref())
        .filter(|f| seen.insert((f.zh.clone(), f.en.clone())))
        .collect();
    (!found.is_empty()).then(|| {
        Text::new(
            found
                .iter()
                .map(|f| f.zh.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            found
                .iter()
                .map(|f| f.en.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
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
    let (expected, found) = combine(cs, &outcomes, false, true);
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
    let expected = alternatives(ctx, scope, cs, &outcomes);
    let found = found_of(&outcomes.iter().collect::<Vec<_>>());
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

/// The expectation of `any` in words. The alternatives `not X` are conditions, so
/// `any: [{not: P}, Q]` reads "if P, then Q" ("如设有在线客服，则…" / "if online chat
/// offered: …"); the common `any: [{not: {present: X}}, {compare: X …}]` reads
/// "X, if stated, of at least 7 days" ("X如写明，则不少于 7 日"). Other alternatives are
/// joined with "or".
fn alternatives(
    ctx: &Context<'_>,
    scope: Scope<'_>,
    cs: &[Spanned<Check>],
    outcomes: &[Outcome],
) -> Text {
    let mut conditions = Vec::new();
    let mut then = Vec::new();
    for (c, o) in cs.iter().zip(outcomes) {
        match &c.value {
            Check::Not(inner) => conditions.push(condition(ctx, scope, &inner.value)),
            other => then.push(grouped(other, &o.expected, true)),
        }
    }
    if conditions.is_empty() || then.is_empty() {
        let all: Vec<Text> = cs
            .iter()
            .zip(outcomes)
            .map(|(c, o)| grouped(&c.value, &o.expected, true))
            .collect();
        return labels::join(&all, true);
    }
    if let [a, b] = cs
        && let Some(t) = super::if_stated(scope, &a.value, &b.value)
    {
        return t;
    }
    let then = labels::join(&then, true);
    let zh: Vec<&str> = conditions.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = conditions.iter().map(|t| t.en.as_str()).collect();
    Text::new(
        format!("如{}，则{}", zh.join("且"), then.zh),
        format!("if {}: {}", en.join(" and "), then.en),
    )
}

/// A condition in words: a yes/no field by its label ("设有在线客服"), a field that must
/// be stated as "写明…", anything else as its expectation.
fn condition(ctx: &Context<'_>, scope: Scope<'_>, check: &Check) -> Text {
    match check {
        Check::Flag(p) => labels::name(&super::join(scope.path, &p.value)),
        _ => eval(check, ctx, scope).expected,
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

/// `not`: holds when the inner check does not; its expectation is the inner one negated
/// in words ("未写明…", "…：否", the opposite comparison).
pub(super) fn not(check: &Check, scope: Scope<'_>, inner: &Outcome) -> Outcome {
    Outcome {
        fraction: if inner.met() { 0.0 } else { 1.0 },
        path: inner.path.clone(),
        pos: inner.pos,
        expected: super::negated(check, scope, &inner.expected),
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
        format!("以下至少 {n} 项：{}", listed_zh.join("；")),
        format!("at least {n} of: {}", listed.join("; ")),
    );
    let fraction = (held as f64 / need as f64).min(1.0);
    Outcome {
        fraction,
        path: decisive.path,
        pos: decisive.pos,
        expected,
        found: Some(Text::new(
            format!("满足 {held} 项（要求至少 {n} 项）"),
            format!("{held} met (at least {n} required)"),
        )),
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
