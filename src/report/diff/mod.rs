//! Run-to-run differences: what improved since the last audit, and what got worse.
//!
//! Input is two JSON reports written by `aftercert check --format json`. Documents are
//! matched on (path, standard) and gaps on their stable fingerprints, so moving text
//! around in a document does not count as a change. The page is what a consultant shows
//! a client after three months: score and level change, new, fixed, regressed and
//! unchanged gaps.
//!
//! The page speaks one language throughout: criterion titles, standard names and rating
//! labels of the built-in standards are taken from the standards themselves in the diff's
//! language (the two reports may have been written in another); statuses and natures of
//! gaps are the report's own words. Texts of a standard the binary does not carry come
//! from the reports as written.

mod names;
pub mod read;

use crate::i18n::{Lang, t};
use names::Names;
use read::{DocIn, StandardIn};
pub use read::{FindingIn, GapIn, KindIn, ReportIn, StatusIn};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct DiffView {
    /// The earlier audit date.
    pub old_as_of: String,
    /// The later audit date.
    pub new_as_of: String,
    /// The language of the diff's texts.
    pub lang: Lang,
    /// One entry per (document, standard) in either report.
    pub documents: Vec<DocDiff>,
}

/// Which way a figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Higher now.
    Up,
    /// Lower now.
    Down,
    /// The same.
    Same,
}

/// One document against one standard, before and after.
#[derive(Debug, Clone, Serialize)]
pub struct DocDiff {
    /// The document path.
    pub path: String,
    /// The company.
    pub company: String,
    /// The standard id.
    pub standard: String,
    /// The standard as published ("GB/T 27922-2011 商品售后服务评价体系"), in the diff's
    /// language.
    pub standard_name: String,
    /// The earlier score (null when the document is new).
    pub old_score: Option<f64>,
    /// The later score (null when the document is gone).
    pub new_score: Option<f64>,
    /// The earlier score as reports show it: one decimal, rounded down.
    pub old_score_shown: Option<String>,
    /// The later score as reports show it.
    pub new_score_shown: Option<String>,
    /// new − old.
    pub delta: Option<f64>,
    /// The difference of the two scores as shown, signed ("+4.5", "−0.3", "0.0"), so the
    /// figures on the page add up.
    pub delta_shown: Option<String>,
    /// Which way the score as shown moved.
    pub trend: Option<Trend>,
    /// The earlier rating label.
    pub old_rating: Option<String>,
    /// The later rating label.
    pub new_rating: Option<String>,
    /// Stars of the earlier rating.
    pub old_stars: Option<u8>,
    /// Stars of the later rating.
    pub new_stars: Option<u8>,
    /// Whether the rating changed.
    pub rating_changed: bool,
    /// Which way the rating moved (null when a report does not give the bands' minimums).
    pub rating_trend: Option<Trend>,
    /// The earlier documentation coverage as shown ("62.5%"; null when unknown).
    pub old_coverage_shown: Option<String>,
    /// The later documentation coverage as shown.
    pub new_coverage_shown: Option<String>,
    /// Gaps only in the later report.
    pub new: Vec<GapDiff>,
    /// Gaps only in the earlier report.
    pub fixed: Vec<GapDiff>,
    /// Gaps in both, worse now.
    pub regressed: Vec<GapDiff>,
    /// Gaps in both, the same or better.
    pub unchanged: Vec<GapDiff>,
    /// Gaps in both (among `unchanged`) that are better now: partly met where they were
    /// not met, or more points.
    pub improved: Vec<GapDiff>,
    /// Gaps in both (among regressed or unchanged) whose nature changed: silent before
    /// and short now, or the other way round.
    pub gap_changed: Vec<GapDiff>,
}

/// A gap in a diff.
#[derive(Debug, Clone, Serialize)]
pub struct GapDiff {
    /// The criterion id.
    pub criterion: String,
    /// The standard's clause, when it names one.
    pub clause: Option<String>,
    /// Its title, in the diff's language.
    pub title: String,
    /// Its status now (or before, for fixed gaps).
    pub status: String,
    /// Its status in the earlier report (null when it was not there).
    pub old_status: Option<StatusIn>,
    /// Its status in the later report (null when it is not there).
    pub new_status: Option<StatusIn>,
    /// The earlier status in words ("not in the earlier report" when absent).
    pub old_status_label: String,
    /// The later status in words ("not in the later report" when absent).
    pub new_status_label: String,
    /// Points before.
    pub old_points: Option<f64>,
    /// Points now.
    pub new_points: Option<f64>,
    /// The nature of the gap before (`silent`, `short`; null when unknown).
    pub old_gap: Option<GapIn>,
    /// The nature of the gap now (null when fixed or unknown).
    pub new_gap: Option<GapIn>,
    /// The nature of the gap before, in words.
    pub old_gap_label: Option<String>,
    /// The nature of the gap now, in words.
    pub new_gap_label: Option<String>,
    /// Where, now (or before).
    pub location: String,
}

/// A report's findings, looked up by fingerprint and by criterion (one finding per
/// criterion in a document).
#[derive(Default)]
struct Side<'a> {
    by_fp: HashMap<&'a str, &'a FindingIn>,
    by_criterion: HashMap<&'a str, &'a FindingIn>,
}

impl<'a> Side<'a> {
    fn new(doc: Option<&'a DocIn>) -> Side<'a> {
        let mut side = Side::default();
        for f in doc.map_or(&[][..], |d| &d.findings) {
            side.by_fp.entry(&f.fingerprint).or_insert(f);
            side.by_criterion.entry(&f.criterion).or_insert(f);
        }
        side
    }

    /// The same criterion's finding: by fingerprint, else by criterion id (a gap's YAML
    /// path may move when the document changes).
    fn find(&self, f: &FindingIn) -> Option<&'a FindingIn> {
        self.by_fp
            .get(&*f.fingerprint)
            .or_else(|| self.by_criterion.get(&*f.criterion))
            .copied()
    }
}

fn is_gap(f: &FindingIn) -> bool {
    matches!(f.status, StatusIn::Partial | StatusIn::Missing)
}

/// The gaps of a document in its order, once per fingerprint.
fn gaps(doc: Option<&DocIn>) -> Vec<&FindingIn> {
    let mut seen = HashSet::new();
    doc.map_or(&[][..], |d| &d.findings)
        .iter()
        .filter(|f| is_gap(f) && seen.insert(&*f.fingerprint))
        .collect()
}

/// The key documents are matched on: path and standard id, borrowed from the report.
type Key<'a> = (&'a str, &'a str);

fn key(doc: &DocIn) -> Key<'_> {
    (&doc.path, &doc.standard.id)
}

/// Free text from a report, clipped as the report view clips it.
pub(super) fn clip(s: &str) -> String {
    crate::yaml::clip(s, super::view::MAX_TEXT_CHARS)
}

fn status_id(s: StatusIn) -> &'static str {
    match s {
        StatusIn::Met => "met",
        StatusIn::Partial => "partial",
        StatusIn::Missing => "missing",
        StatusIn::NotApplicable => "not-applicable",
        StatusIn::Undetermined => "undetermined",
    }
}

fn gap_id(g: GapIn) -> &'static str {
    match g {
        GapIn::Silent => "silent",
        GapIn::Short => "short",
    }
}

/// The page's words for statuses and natures of gaps, looked up once per diff rather than
/// once per gap.
struct Words {
    /// Each status, in the order of [`STATUSES`].
    status: Vec<String>,
    not_in_old: String,
    not_in_new: String,
    silent: String,
    short: String,
}

const STATUSES: [StatusIn; 5] = [
    StatusIn::Met,
    StatusIn::Partial,
    StatusIn::Missing,
    StatusIn::NotApplicable,
    StatusIn::Undetermined,
];

impl Words {
    fn new(lang: Lang) -> Words {
        let word = |key: &str| t(lang, key).to_string();
        Words {
            status: STATUSES
                .iter()
                .map(|s| word(&format!("status-{}", status_id(*s))))
                .collect(),
            not_in_old: word("diff-not-in-old"),
            not_in_new: word("diff-not-in-new"),
            silent: word(&format!("gap-{}", gap_id(GapIn::Silent))),
            short: word(&format!("gap-{}", gap_id(GapIn::Short))),
        }
    }

    /// A status in words; `absent` is what to say when it is missing from a report.
    fn status(&self, s: Option<StatusIn>, absent: &str) -> String {
        s.and_then(|s| STATUSES.iter().position(|x| *x == s))
            .map_or(absent, |i| &self.status[i])
            .to_string()
    }

    /// The nature of a gap in words.
    fn gap(&self, g: Option<GapIn>) -> Option<String> {
        g.map(|g| match g {
            GapIn::Silent => self.silent.clone(),
            GapIn::Short => self.short.clone(),
        })
    }
}

/// One gap of a document before and after: `f` is the finding shown (the later one, or
/// the earlier one for a fixed gap).
struct Pair<'a> {
    f: &'a FindingIn,
    old: Option<&'a FindingIn>,
    new: Option<&'a FindingIn>,
}

/// The two reports compared.
#[derive(Clone, Copy)]
struct Runs<'a> {
    old: &'a ReportIn,
    new: &'a ReportIn,
}

/// A document's standard and how to name its texts.
struct Ctx<'a> {
    names: &'a Names,
    words: &'a Words,
    runs: Runs<'a>,
    standard: &'a StandardIn,
}

impl Ctx<'_> {
    /// The gap as the page shows it; `shown_from` is the report `p.f` is from.
    fn gap(&self, p: &Pair<'_>, shown_from: &ReportIn) -> GapDiff {
        let lang = self.names.lang;
        let rule = self.names.rule(self.standard, &p.f.criterion);
        let about = shown_from.about(p.f);
        let words = self.words;
        let (old_gap, new_gap) = (p.old.and_then(|o| o.gap), p.new.and_then(|n| n.gap));
        let (old_status, new_status) = (p.old.map(|o| o.status), p.new.map(|n| n.status));
        GapDiff {
            criterion: clip(&p.f.criterion),
            clause: rule
                .and_then(|r| r.clause.clone())
                .or_else(|| about.clause.map(clip)),
            title: rule.map_or_else(|| clip(about.title), |r| r.title.get(lang).to_string()),
            status: status_id(p.f.status).to_string(),
            old_status,
            new_status,
            old_status_label: words.status(old_status, &words.not_in_old),
            new_status_label: words.status(new_status, &words.not_in_new),
            old_points: p.old.map(|o| o.points),
            new_points: p.new.map(|n| n.points),
            old_gap,
            new_gap,
            old_gap_label: words.gap(old_gap),
            new_gap_label: words.gap(new_gap),
            location: p
                .f
                .location
                .as_ref()
                .map_or_else(String::new, |l| format!("{}:{}", clip(&l.path), l.line)),
        }
    }

    /// Whether the later finding is a special deduction (its points do not compare).
    fn deduction(&self, new: &FindingIn) -> bool {
        self.runs.new.about(new).kind == Some(KindIn::Deduction)
    }

    fn worse(&self, old: &FindingIn, new: &FindingIn) -> bool {
        (old.status == StatusIn::Partial && new.status == StatusIn::Missing)
            || (!self.deduction(new) && new.points + 1e-9 < old.points)
    }

    fn better(&self, old: &FindingIn, new: &FindingIn) -> bool {
        (old.status == StatusIn::Missing && new.status == StatusIn::Partial)
            || (!self.deduction(new) && new.points > old.points + 1e-9)
    }
}

/// Each document of a report by its key, borrowed; a later entry with the same key wins.
fn index(run: &ReportIn) -> HashMap<Key<'_>, &DocIn> {
    run.documents.iter().map(|d| (key(d), d)).collect()
}

/// Compares two JSON reports; the texts are in `lang`. Documents come in the order of
/// their (path, standard) keys.
pub fn diff(old: &ReportIn, new: &ReportIn, lang: Lang) -> DiffView {
    let (olds, news) = (index(old), index(new));
    let mut keys: Vec<Key<'_>> = olds
        .keys()
        .copied()
        .chain(news.keys().filter(|k| !olds.contains_key(*k)).copied())
        .collect();
    keys.sort_unstable();
    let names = Names::load(keys.iter().map(|k| k.1), lang);
    let runs = Runs { old, new };
    let words = Words::new(lang);
    let documents = keys
        .into_iter()
        .map(|k| {
            let sides = (olds.get(&k).copied(), news.get(&k).copied());
            doc_diff(k, sides, (&names, &words), runs)
        })
        .collect();
    DiffView {
        old_as_of: clip(&old.as_of),
        new_as_of: clip(&new.as_of),
        lang,
        documents,
    }
}

/// A score in tenths as reports show it (rounded down).
fn shown_tenths(x: f64) -> f64 {
    ((x + crate::score::EPS) * 10.0).floor()
}

/// The difference of two shown scores, signed.
fn delta_shown(old: f64, new: f64) -> (String, Trend) {
    let d = (shown_tenths(new) - shown_tenths(old)) / 10.0;
    let text = super::view::one_decimal(d.abs());
    match d {
        d if d > 0.0 => (format!("+{text}"), Trend::Up),
        d if d < 0.0 => (format!("−{text}"), Trend::Down),
        _ => (text, Trend::Same),
    }
}

fn trend(old: Option<f64>, new: Option<f64>) -> Option<Trend> {
    let (o, n) = (old?, new?);
    Some(if n > o + 1e-9 {
        Trend::Up
    } else if n + 1e-9 < o {
        Trend::Down
    } else {
        Trend::Same
    })
}

/// A document before and after, when it is in either report.
type Sides<'a> = (Option<&'a DocIn>, Option<&'a DocIn>);

fn doc_diff(
    k: Key<'_>,
    (old, new): Sides<'_>,
    (names, words): (&Names, &Words),
    runs: Runs<'_>,
) -> DocDiff {
    let score = |d: Option<&DocIn>| d.map(|d| d.score);
    let either = new.or(old);
    let standard = either.map(|d| &d.standard);
    let rating = |d: Option<&DocIn>| d.map(|d| names.rating(&d.standard, &d.rating));
    let min = |d: Option<&DocIn>| d.and_then(|d| d.rating.min);
    let coverage = |d: Option<&DocIn>| {
        d.and_then(|d| d.coverage)
            .map(|c| super::view::coverage_text(Some(c)))
    };
    let shown = score(old).zip(score(new)).map(|(o, n)| delta_shown(o, n));
    let mut out = DocDiff {
        path: clip(k.0),
        company: either.map(|d| clip(&d.company)).unwrap_or_default(),
        standard: clip(k.1),
        standard_name: standard.map_or_else(|| clip(k.1), |s| names.standard(s)),
        old_score: score(old),
        new_score: score(new),
        old_score_shown: score(old).map(super::view::score_text),
        new_score_shown: score(new).map(super::view::score_text),
        delta: score(old)
            .zip(score(new))
            .map(|(o, n)| ((n - o) * 100.0).round() / 100.0),
        delta_shown: shown.as_ref().map(|s| s.0.clone()),
        trend: shown.map(|s| s.1),
        old_rating: rating(old),
        new_rating: rating(new),
        old_stars: old.and_then(|d| d.rating.stars),
        new_stars: new.and_then(|d| d.rating.stars),
        rating_changed: old.map(|d| &d.rating.id) != new.map(|d| &d.rating.id),
        rating_trend: trend(min(old), min(new)),
        old_coverage_shown: coverage(old),
        new_coverage_shown: coverage(new),
        new: Vec::new(),
        fixed: Vec::new(),
        regressed: Vec::new(),
        unchanged: Vec::new(),
        improved: Vec::new(),
        gap_changed: Vec::new(),
    };
    let Some(standard) = standard else {
        return out;
    };
    let ctx = Ctx {
        names,
        words,
        runs,
        standard,
    };
    sort_gaps(&mut out, &ctx, old, new);
    out
}

/// Sorts the gaps of both sides into new, fixed, regressed, unchanged, improved and
/// changed in nature, in the order of the document's findings.
fn sort_gaps(out: &mut DocDiff, ctx: &Ctx<'_>, old: Option<&DocIn>, new: Option<&DocIn>) {
    let (before, after) = (Side::new(old), Side::new(new));
    let mut matched = HashSet::new();
    for f in gaps(new) {
        let o = before.find(f);
        let Some(o) = o.filter(|o| is_gap(o)) else {
            let pair = Pair {
                f,
                old: o,
                new: Some(f),
            };
            out.new.push(ctx.gap(&pair, ctx.runs.new));
            continue;
        };
        matched.insert(&*o.fingerprint);
        let pair = Pair {
            f,
            old: Some(o),
            new: Some(f),
        };
        let g = ctx.gap(&pair, ctx.runs.new);
        if o.gap.is_some() && f.gap.is_some() && o.gap != f.gap {
            out.gap_changed.push(g.clone());
        }
        if ctx.worse(o, f) {
            out.regressed.push(g);
        } else {
            if ctx.better(o, f) {
                out.improved.push(g.clone());
            }
            out.unchanged.push(g);
        }
    }
    for f in gaps(old) {
        if matched.contains(&*f.fingerprint) {
            continue;
        }
        let pair = Pair {
            f,
            old: Some(f),
            new: after.find(f),
        };
        let mut g = ctx.gap(&pair, ctx.runs.old);
        g.new_gap = None;
        g.new_gap_label = None;
        out.fixed.push(g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_is_the_difference_of_the_scores_as_shown() {
        assert_eq!(delta_shown(69.91, 70.09), ("+0.1".to_string(), Trend::Up));
        assert_eq!(delta_shown(70.09, 69.91), ("−0.1".to_string(), Trend::Down));
        assert_eq!(delta_shown(70.01, 70.09), ("0.0".to_string(), Trend::Same));
        assert_eq!(delta_shown(0.0, 100.0), ("+100.0".to_string(), Trend::Up));
    }
}
