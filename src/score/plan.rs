//! The shortest path to the next rating: the fewest actions that reach it.
//!
//! Kept apart from scoring because it is a search over what could change, not a reading of
//! what the document says.
//!
//! # Actions
//!
//! - **Close a gap** in a scored criterion: gain = (max − earned) ÷ applicable × 100.
//! - **Remove a fired special deduction**: gain = the standard's `deduction_points`, plus
//!   the gain of every scored gap among the deduction's `counts_with` criteria. The same
//!   fact fails both, so putting it right is one action: those gaps go in [`Step::also`]
//!   and are not offered again on their own. A gap listed by several fired deductions goes
//!   with the first of them in rule order (so no gain is counted twice; a plan that
//!   removes only a later one of them then under-states its gain, never over-states it).
//! - **Earn a bonus** not yet earned: gain = what it adds under `bonus_cap`. Bonuses are
//!   offered best first, each with its *marginal* gain given the bonus counted and the
//!   bonuses before it: m₁ = min(room, b₁), m₂ = min(room − m₁, b₂), … These are
//!   non-increasing, and the j best bonuses together are worth exactly m₁ + … + mⱼ, which
//!   no other j bonuses exceed. So under a cap the best bonus alone is usually all that is
//!   worth taking (the rest get gain 0 and are not offered).
//!
//! # Constraints
//!
//! The next rating needs score ≥ the band's minimum (the score clamped to 0–100) *and*
//! fewer fired deductions than `fail_at_deductions`: both are decided by
//! [`super::rating`], the one function every rating comes from. With d deductions fired
//! and a fail threshold f, at least r = max(0, d − f + 1) removals are required.
//!
//! # Why the plan is optimal
//!
//! Every action's gain is fixed and gains add up (the bonus structure above keeps that
//! true for the bonuses a plan takes, which are always the best ones). The rating only
//! rises with the total gain and with fewer deductions. Fix a number k of actions.
//! Exchange argument: take any feasible plan S of k actions; it removes at least r
//! deductions. Let T be the r deductions with the largest gains. Each member of T missing
//! from S can be swapped for a distinct deduction of S outside T (S has at least r
//! deductions, so enough of them lie outside T); the swap keeps k and r and does not lower
//! the gain. Now S ⊇ T, and its other k − r actions gain at most the k − r largest gains
//! among the actions outside T. So P(k) = T ∪ (k − r largest of the rest) has the largest
//! total gain of any feasible k-action plan, and removes at least r deductions. P(k)'s gain
//! grows with k, so the smallest k whose P(k) reaches the rating is the fewest actions
//! possible, and P(k) is the largest gain among plans that short. Ties go by rule id, so
//! the plan is deterministic. Cost: one sort, O(n log n). The test below checks this
//! against every subset of small random audits.

use super::{ActionKind, Audit, EPS, NextLevel, Step, rating};
use crate::standard::load::RuleKind;
use std::cmp::Ordering;
use std::collections::HashMap;

pub(super) fn next_level(a: &Audit<'_>) -> Option<NextLevel> {
    let target = a.rating + 1;
    let band = a.standard.standard.ratings.get(target)?;
    let (mut removals, mut others) = actions(a);
    removals.sort_by(|x, y| order(a, x, y));
    let required = required_removals(a).min(removals.len());
    others.extend(removals.split_off(required));
    others.sort_by(|x, y| order(a, x, y));
    let (mut steps, reachable) = shortest(a, target, removals, others);
    steps.sort_by(|x, y| order(a, x, y));
    Some(NextLevel {
        rating: target,
        distance: (band.min.value - a.score).max(0.0),
        steps,
        reachable,
    })
}

/// The fewest actions: the required removals, then the largest other gains until the
/// rating is reached; every action when even all of them do not reach it.
fn shortest(
    a: &Audit<'_>,
    target: usize,
    required: Vec<Step>,
    rest: Vec<Step>,
) -> (Vec<Step>, bool) {
    let unclamped = a.base_score - a.deducted + a.bonus;
    let fired = a.deduction_count();
    let reaches = |gain: f64, removed: usize| {
        let score = (unclamped + gain).clamp(0.0, 100.0);
        rating(a.standard, score, fired.saturating_sub(removed)) >= target
    };
    let mut gain: f64 = required.iter().map(|s| s.gain).sum();
    let mut removed = required.len();
    let mut steps = required;
    let mut rest = rest.into_iter();
    loop {
        if reaches(gain, removed) {
            return (steps, true);
        }
        let Some(step) = rest.next() else {
            return (steps, false);
        };
        gain += step.gain;
        removed += usize::from(step.kind == ActionKind::RemoveDeduction);
        steps.push(step);
    }
}

/// Largest gain first, then by rule id. Gains are compared at a fixed grain so that sums
/// of thirds and sevenths that are equal on paper sort by id, not by rounding noise.
fn order(a: &Audit<'_>, x: &Step, y: &Step) -> Ordering {
    let grain = |g: f64| (g * 1e6).round() as i64;
    let id = |s: &Step| a.rule(&a.findings[s.finding]).id.as_str();
    grain(y.gain)
        .cmp(&grain(x.gain))
        .then_with(|| id(x).cmp(id(y)))
}

/// How many fired deductions must go before the deduction count stops failing the audit.
fn required_removals(a: &Audit<'_>) -> usize {
    match a.standard.standard.scoring.fail_at_deductions {
        Some(n) if n > 0 => (a.deduction_count() + 1).saturating_sub(n as usize),
        _ => 0,
    }
}

/// Every action that could help: the removals of fired deductions, and the rest (gaps to
/// close, bonuses to earn).
fn actions(a: &Audit<'_>) -> (Vec<Step>, Vec<Step>) {
    let (removals, claimed) = removals(a);
    let mut others = gaps(a, &claimed);
    others.extend(bonuses(a));
    (removals, others)
}

/// The points closing a scored finding adds to the score.
fn gap_gain(a: &Audit<'_>, i: usize) -> f64 {
    let f = &a.findings[i];
    if a.applicable > 0.0 {
        (f.max - f.earned).max(0.0) / a.applicable * 100.0
    } else {
        0.0
    }
}

/// One action per fired deduction, with the scored gaps it counts with; and those gaps.
fn removals(a: &Audit<'_>) -> (Vec<Step>, Vec<bool>) {
    let by_id: HashMap<&str, usize> = a
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| (a.rule(f).id.as_str(), i))
        .collect();
    let mut claimed = vec![false; a.findings.len()];
    let per_deduction = a.standard.standard.scoring.deduction_points;
    let mut steps = Vec::new();
    for (i, f) in a.fired_deductions() {
        let mut also = Vec::new();
        for id in &a.rule(f).counts_with {
            let Some(&j) = by_id.get(id.as_str()) else {
                continue;
            };
            let g = &a.findings[j];
            if a.rule(g).kind == RuleKind::Scored && g.status.is_gap() && !claimed[j] {
                claimed[j] = true;
                also.push(j);
            }
        }
        let gain = per_deduction + also.iter().map(|&j| gap_gain(a, j)).sum::<f64>();
        steps.push(Step {
            kind: ActionKind::RemoveDeduction,
            finding: i,
            also,
            gain,
        });
    }
    (steps, claimed)
}

/// Scored gaps not already resolved by removing a deduction.
fn gaps(a: &Audit<'_>, claimed: &[bool]) -> Vec<Step> {
    a.findings
        .iter()
        .enumerate()
        .filter(|&(i, f)| a.rule(f).kind == RuleKind::Scored && f.status.is_gap() && !claimed[i])
        .map(|(i, _)| Step {
            kind: ActionKind::CloseGap,
            finding: i,
            also: Vec::new(),
            gain: gap_gain(a, i),
        })
        .filter(|s| s.gain > EPS)
        .collect()
}

/// Bonuses not earned, best first, each with what it adds under the cap after those
/// before it; those that add nothing are left out.
fn bonuses(a: &Audit<'_>) -> Vec<Step> {
    let is_bonus = |f: &&super::Finding| a.rule(f).kind == RuleKind::Bonus;
    let raw: f64 = a.findings.iter().filter(is_bonus).map(|f| f.earned).sum();
    let cap = a.standard.standard.scoring.bonus_cap;
    let mut room = (cap - raw.min(cap)).max(0.0);
    let mut open: Vec<usize> = a
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| is_bonus(f) && f.status.is_gap() && f.max > EPS)
        .map(|(i, _)| i)
        .collect();
    let id = |i: usize| a.rule(&a.findings[i]).id.as_str();
    open.sort_by(|&x, &y| {
        a.findings[y]
            .max
            .total_cmp(&a.findings[x].max)
            .then_with(|| id(x).cmp(id(y)))
    });
    let mut steps = Vec::new();
    for i in open {
        let gain = a.findings[i].max.min(room);
        if gain <= EPS {
            break;
        }
        room -= gain;
        steps.push(Step {
            kind: ActionKind::EarnBonus,
            finding: i,
            also: Vec::new(),
            gain,
        });
    }
    steps
}

#[cfg(test)]
mod tests {
    //! The plan against brute force: every subset of the actions of small random audits.

    use crate::score::{ActionKind, Audit, EPS, Finding, Status, score};
    use crate::standard::load::{Loaded, RuleKind, load_library_for};

    const SCORED: usize = 7;
    const DEDUCTIONS: usize = 3;
    const BONUSES: usize = 2;

    /// A tiny standard: its points, deductions, bonus and bands are set per case.
    fn standard() -> Loaded {
        let criterion = |id: String, extra: &str| {
            format!(
                "  - id: {id}\n    title: {{zh: 条款, en: Clause}}\n    rationale: {{zh: 理由, en: Why}}\n    \
                 remediation: {{zh: 整改, en: Fix}}\n{extra}    check: {{flag: a.b}}\n"
            )
        };
        let mut y = String::from(
            "aftercert_standard: 1\nid: plan-test\nversion: \"1\"\ntitle: {zh: 测试, en: Test}\n\
             source: test\nratings:\n  - {id: r0, label: {zh: 零, en: zero}, min: 0}\n  \
             - {id: r1, label: {zh: 一, en: one}, min: 50}\n  - {id: r2, label: {zh: 二, en: two}, min: 70}\n  \
             - {id: r3, label: {zh: 三, en: three}, min: 90}\npass: r1\n\
             sections:\n  - id: s\n    title: {zh: 节, en: Section}\n    weight: 100\n    indicators:\n      \
             - id: i\n        title: {zh: 项, en: Indicator}\n        criteria:\n",
        );
        for i in 0..SCORED {
            let c = criterion(format!("plan-test.c{i}"), "    points: 1\n");
            for line in c.lines() {
                y.push_str("        ");
                y.push_str(line);
                y.push('\n');
            }
        }
        y.push_str("deductions:\n");
        for i in 0..DEDUCTIONS {
            y.push_str(&criterion(
                format!("plan-test.d{i}"),
                "    ground: system\n",
            ));
        }
        y.push_str("bonus:\n");
        for i in 0..BONUSES {
            y.push_str(&criterion(format!("plan-test.b{i}"), "    points: 1\n"));
        }
        let (lib, diags) = load_library_for(vec![("plan-test.yaml".into(), y)], Some(&[]));
        let loaded = lib.get("plan-test").cloned();
        loaded.unwrap_or_else(|| panic!("the test standard loads: {diags:?}"))
    }

    /// splitmix64: a seeded generator, so every run checks the same cases.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
            xs[self.below(xs.len() as u64) as usize]
        }
    }

    fn finding(rule: usize, status: Status, earned: f64, max: f64) -> Finding {
        Finding {
            rule,
            status,
            earned,
            max,
            outcome: None,
            tailored: None,
            applicability: None,
            gap: None,
            spoken: 0.0,
            vacuous: false,
        }
    }

    /// A random standard (points, scoring rules, bands, counts_with) and random findings.
    fn case(rng: &mut Rng, base: &Loaded) -> (Loaded, Vec<Finding>) {
        let mut s = base.clone();
        let sc = &mut s.standard.scoring;
        sc.deduction_points = rng.pick(&[0.0, 0.5, 1.0, 2.0, 5.0]);
        sc.bonus_cap = rng.pick(&[0.0, 1.0, 2.0, 3.0]);
        sc.fail_at_deductions = rng.pick(&[None, Some(1), Some(2), Some(3)]);
        let mut min = 0.0;
        for band in s.standard.ratings.iter_mut().skip(1) {
            min += 5.0 + rng.below(40) as f64;
            band.min.value = min;
        }
        let mut findings = Vec::new();
        for i in 0..s.rules.len() {
            let rule = &mut s.rules[i];
            let f = match rule.kind {
                RuleKind::Scored => {
                    rule.max_points = (1 + rng.below(18)) as f64 / 3.0;
                    let max = rule.max_points;
                    match rng.below(5) {
                        0 => finding(i, Status::NotApplicable, 0.0, 0.0),
                        1 => finding(i, Status::Partial, max * rng.pick(&[0.25, 0.5, 0.75]), max),
                        2 => finding(i, Status::Missing, 0.0, max),
                        _ => finding(i, Status::Met, max, max),
                    }
                }
                RuleKind::Deduction => {
                    let status = rng.pick(&[Status::Missing, Status::Met]);
                    finding(i, status, 0.0, rule.max_points)
                }
                RuleKind::Bonus => {
                    rule.max_points = rng.pick(&[0.5, 1.0, 2.0]);
                    let max = rule.max_points;
                    if rng.below(3) == 0 {
                        finding(i, Status::Met, max, max)
                    } else {
                        finding(i, Status::Missing, 0.0, max)
                    }
                }
            };
            findings.push(f);
        }
        // Each scored criterion counts with at most one deduction.
        let deductions: Vec<usize> = (0..s.rules.len())
            .filter(|&i| s.rules[i].kind == RuleKind::Deduction)
            .collect();
        for c in 0..SCORED {
            if rng.below(3) == 0 {
                let d = rng.pick(&deductions);
                let id = s.rules[c].id.clone();
                s.rules[d].counts_with.push(id);
            }
        }
        (s, findings)
    }

    /// What one can put right, found without the plan's code: a fired deduction (with the
    /// scored gaps it counts with), a scored gap no fired deduction counts with, a bonus
    /// not earned. Each item lists the findings it sets to met.
    fn items(a: &Audit<'_>) -> Vec<Vec<usize>> {
        let fired: Vec<usize> = a.fired_deductions().map(|(i, _)| i).collect();
        let id_of = |i: usize| a.rule(&a.findings[i]).id.clone();
        let tied = |c: usize| {
            fired
                .iter()
                .any(|&d| a.rule(&a.findings[d]).counts_with.contains(&id_of(c)))
        };
        let mut items = Vec::new();
        for (i, f) in a.findings.iter().enumerate() {
            let kind = a.rule(f).kind;
            match kind {
                RuleKind::Deduction if fired.contains(&i) => {
                    let mut item = vec![i];
                    item.extend((0..a.findings.len()).filter(|&c| {
                        a.findings[c].status.is_gap()
                            && a.rule(&a.findings[c]).kind == RuleKind::Scored
                            && a.rule(f).counts_with.contains(&id_of(c))
                    }));
                    items.push(item);
                }
                RuleKind::Scored if f.status.is_gap() && !tied(i) => items.push(vec![i]),
                RuleKind::Bonus if f.status.is_gap() => items.push(vec![i]),
                _ => {}
            }
        }
        items
    }

    /// Scores the audit again with these findings set to met: the real outcome.
    fn apply<'s>(s: &'s Loaded, a: &Audit<'_>, fixed: &[usize]) -> Audit<'s> {
        let mut findings = a.findings.clone();
        for &i in fixed {
            let f = &mut findings[i];
            f.status = Status::Met;
            if s.rules[f.rule].kind != RuleKind::Deduction {
                f.earned = f.max;
            }
        }
        score(s, findings)
    }

    fn unclamped(a: &Audit<'_>) -> f64 {
        a.base_score - a.deducted + a.bonus
    }

    #[test]
    fn the_plan_is_as_short_as_brute_force_finds_and_reaches_the_level() {
        let base = standard();
        let mut rng = Rng(0x5EED_2711);
        let (mut checked, mut with_deductions, mut unreachable) = (0, 0, 0);
        for _ in 0..2000 {
            let (s, findings) = case(&mut rng, &base);
            let a = score(&s, findings);
            let Some(plan) = a.next_level.clone() else {
                continue;
            };
            let items = items(&a);
            assert!(items.len() <= 12);
            let target = plan.rating;
            let fixed = |mask: u32| -> Vec<usize> {
                (0..items.len())
                    .filter(|b| mask & (1 << b) != 0)
                    .flat_map(|b| items[b].iter().copied())
                    .collect()
            };
            let all = (1u32 << items.len()) - 1;
            let plan_fixed: Vec<usize> = plan
                .steps
                .iter()
                .flat_map(|st| std::iter::once(st.finding).chain(st.also.iter().copied()))
                .collect();
            let after = apply(&s, &a, &plan_fixed);
            let claimed: f64 = plan.steps.iter().map(|st| st.gain).sum();
            // The gains the plan states are what the actions really add.
            assert!(
                (unclamped(&after) - unclamped(&a) - claimed).abs() < 1e-6,
                "stated gains {claimed} vs real {}",
                unclamped(&after) - unclamped(&a)
            );
            if !plan.reachable {
                unreachable += 1;
                let everything = apply(&s, &a, &fixed(all));
                assert!(everything.rating < target, "nothing reaches the level");
                // The plan then lists every action that helps.
                assert!((unclamped(&after) - unclamped(&everything)).abs() < 1e-6);
                assert_eq!(after.deduction_count(), 0);
                continue;
            }
            assert!(after.rating >= target, "the plan reaches the level");
            let n = plan.steps.len() as u32;
            let mut best = f64::NEG_INFINITY;
            for mask in 0..=all {
                if mask.count_ones() > n {
                    continue;
                }
                let b = apply(&s, &a, &fixed(mask));
                if b.rating < target {
                    continue;
                }
                assert_eq!(mask.count_ones(), n, "a shorter plan exists: {mask:b}");
                best = best.max(unclamped(&b));
            }
            assert!(
                unclamped(&after) + 1e-6 >= best,
                "a plan as short gains more"
            );
            for w in plan.steps.windows(2) {
                assert!(w[0].gain + EPS >= w[1].gain, "largest first");
            }
            checked += 1;
            with_deductions += usize::from(
                plan.steps
                    .iter()
                    .any(|st| st.kind == ActionKind::RemoveDeduction),
            );
        }
        // The cases must exercise what the plan is about, or the test proves nothing.
        assert!(checked > 500, "{checked} reachable cases");
        assert!(
            with_deductions > 150,
            "{with_deductions} plans remove a deduction"
        );
        assert!(unreachable > 20, "{unreachable} unreachable cases");
    }
}
