//! The HTML report: one self-contained file a consultant can hand to a client.
//!
//! The page itself is the `report.html.j2` template (auto-escaped, overridable with
//! `--template-dir`). What a template cannot do well — gauge geometry, grouping findings
//! by clause, the evidence checklist with the criteria that need each item — is prepared
//! here as plain numbers and lists, so the template stays declarative and user data only
//! ever reaches it as values.

use super::RenderOptions;
use super::client::{self, Edition};
use super::markdown::streamed::to_value;
use super::markdown::{render_template_with, require_client_template};
use super::view::{DocumentView, FindingView, GapCounts, RatingView, RunView};
use super::{bonus_criteria, count_gaps};
use crate::score::Status;
use crate::standard::load::RuleKind;
use minijinja::Value;
use serde::Serialize;

/// The template's file name.
pub const TEMPLATE: &str = "report.html.j2";

/// The stream of the HTML report: document by document with the built-in templates, the
/// whole run at once when `--template-dir` replaces one of the edition's templates.
pub fn stream(
    head: &super::stream::Head,
    opts: &RenderOptions,
) -> anyhow::Result<super::stream::Stream> {
    super::markdown::stream_kind(true, head, opts)
}

/// Renders the HTML report.
pub fn render(run: &RunView, opts: &RenderOptions) -> anyhow::Result<String> {
    if opts.edition == Edition::Client {
        return render_client(run, opts);
    }
    let parts: Vec<Part<'_>> = run.documents.iter().map(part).collect();
    let extra =
        minijinja::context! { parts => minijinja::Value::from(minijinja::value::Serde(&parts)) };
    let mut s = render_template_with(run, TEMPLATE, opts, extra)?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// Renders the client edition: the documents regrouped by [`super::client`], with a
/// gauge per standard.
fn render_client(run: &RunView, opts: &RenderOptions) -> anyhow::Result<String> {
    require_client_template(opts, TEMPLATE, client::HTML_TEMPLATE)?;
    let docs = client::client_docs(run);
    let gauges: Vec<Vec<Gauge>> = docs
        .iter()
        .map(|cd| {
            run.documents
                .iter()
                .filter(|d| d.path == cd.path)
                .map(|d| gauge(d.score, &d.ratings, d.stages.is_none()))
                .collect()
        })
        .collect();
    let extra = minijinja::context! {
        docs => minijinja::Value::from(minijinja::value::Serde(&docs)),
        gauges => minijinja::Value::from(minijinja::value::Serde(&gauges)),
    };
    let mut s = render_template_with(run, client::HTML_TEMPLATE, opts, extra)?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// One document audited against one standard, with what the page needs besides the view.
#[derive(Debug, Serialize)]
struct Part<'a> {
    /// The view.
    doc: &'a DocumentView,
    /// Scored criteria that apply, grouped by clause in the standard's order.
    groups: Vec<Group<'a>>,
    /// Criteria that do not apply or were tailored out.
    not_applicable: Vec<&'a FindingView>,
    /// Bonus criteria not earned.
    bonus_missed: Vec<&'a FindingView>,
    /// Gaps by severity (an unearned bonus is not one).
    gap_counts: GapCounts,
    /// Evidence to prepare, with the criteria that ask for it.
    checklist: Vec<ChecklistItem<'a>>,
    /// The score gauge.
    gauge: Gauge,
    /// The stages in order, with how far the document got (stages method only).
    ladder: Vec<Rung<'a>>,
    /// Sections for the filter, `(id, title)`.
    filter_sections: Vec<(&'a str, &'a str)>,
    /// Scored findings that apply: the denominator of the filter's count.
    filterable: usize,
}

/// Findings that share a clause.
#[derive(Debug, Serialize)]
struct Group<'a> {
    /// The clause, or the section title when a criterion has none.
    clause: String,
    /// The indicator of the first finding, for the heading.
    indicator: Option<&'a str>,
    /// The findings, gaps and met alike.
    findings: Vec<&'a FindingView>,
}

/// An evidence item on the on-site checklist.
#[derive(Debug, Serialize)]
struct ChecklistItem<'a> {
    /// Its id.
    id: &'a str,
    /// What it is.
    title: &'a str,
    /// The criteria that ask for it.
    criteria: Vec<&'a str>,
    /// Whether one of those criteria is a gap.
    for_gap: bool,
}

fn part(doc: &DocumentView) -> Part<'_> {
    let applies =
        |f: &&FindingView| !matches!(f.status, Status::NotApplicable | Status::Undetermined);
    let scored = doc.findings.iter().filter(|f| f.kind == RuleKind::Scored);
    Part {
        groups: groups(scored.clone().filter(applies)),
        not_applicable: doc
            .findings
            .iter()
            .filter(|f| !applies(f) || f.tailored.is_some())
            .collect(),
        bonus_missed: bonus_criteria(doc)
            .into_iter()
            .filter(|f| f.status.is_gap())
            .collect(),
        gap_counts: count_gaps(doc),
        checklist: checklist(doc),
        gauge: gauge(doc.score, &doc.ratings, doc.stages.is_none()),
        ladder: ladder(doc),
        filter_sections: doc
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_str()))
            .collect(),
        filterable: scored.filter(applies).count(),
        doc,
    }
}

/// The gauges of a document, one per standard, as the client edition's `gs`.
pub(crate) fn gauges_value(views: &[DocumentView]) -> Value {
    let gauges: Vec<Gauge> = views
        .iter()
        .map(|d| gauge(d.score, &d.ratings, d.stages.is_none()))
        .collect();
    to_value(&gauges)
}

/// The `part` of a section's context, built from the document's view already turned into
/// a template value (`doc`): the findings it lists are `doc`'s, shared, not converted again.
pub(crate) fn part_value(view: &DocumentView, doc: &Value) -> Value {
    let p = part(view);
    let findings = doc.get_attr("findings").unwrap_or_default();
    let bonus = doc.get_attr("bonus").unwrap_or_default();
    let value_of = |f: &FindingView| {
        let (list, values) = if index_in(&view.bonus, f).is_some() {
            (&view.bonus, &bonus)
        } else {
            (&view.findings, &findings)
        };
        index_in(list, f)
            .and_then(|i| values.get_item_by_index(i).ok())
            .unwrap_or_else(|| to_value(f))
    };
    let list =
        |fs: &[&FindingView]| Value::from(fs.iter().map(|f| value_of(f)).collect::<Vec<_>>());
    let groups: Vec<Value> = p
        .groups
        .iter()
        .map(|g| {
            minijinja::context! {
                clause => g.clause.clone(),
                indicator => g.indicator,
                findings => list(&g.findings),
            }
        })
        .collect();
    minijinja::context! {
        doc => doc.clone(),
        groups => groups,
        not_applicable => list(&p.not_applicable),
        bonus_missed => list(&p.bonus_missed),
        gap_counts => to_value(&p.gap_counts),
        checklist => to_value(&p.checklist),
        gauge => to_value(&p.gauge),
        ladder => to_value(&p.ladder),
        filter_sections => to_value(&p.filter_sections),
        filterable => p.filterable,
    }
}

/// The index of a finding in a list it is an element of, found by address.
fn index_in(list: &[FindingView], f: &FindingView) -> Option<usize> {
    let size = std::mem::size_of::<FindingView>().max(1);
    let start = list.as_ptr() as usize;
    let at = (f as *const FindingView as usize).checked_sub(start)?;
    (at % size == 0 && at / size < list.len()).then_some(at / size)
}

/// A stage on the build-out ladder.
#[derive(Debug, Serialize)]
struct Rung<'a> {
    /// The stage's label.
    label: &'a str,
    /// `done`, `current` (the band reached) or `open`.
    state: &'static str,
}

/// The ladder of a build-out standard: rating bands are stages there, not score bands.
fn ladder(doc: &DocumentView) -> Vec<Rung<'_>> {
    if doc.stages.is_none() {
        return Vec::new();
    }
    let reached = doc.ratings.iter().position(|r| r.id == doc.rating.id);
    // The lowest band means "no stage done": shown only while it is where the document is.
    doc.ratings
        .iter()
        .enumerate()
        .filter(|(i, _)| *i > 0 || reached == Some(0))
        .map(|(i, r)| Rung {
            label: &r.label,
            state: match reached {
                Some(n) if i < n => "done",
                Some(n) if i == n => "current",
                _ => "open",
            },
        })
        .collect()
}

fn groups<'a>(findings: impl Iterator<Item = &'a FindingView>) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'a>> = Vec::new();
    for f in findings {
        let clause = f
            .clause
            .clone()
            .or_else(|| f.section.clone())
            .unwrap_or_default();
        match out.iter_mut().find(|g| g.clause == clause) {
            Some(g) => g.findings.push(f),
            None => out.push(Group {
                clause,
                indicator: f.indicator.as_deref(),
                findings: vec![f],
            }),
        }
    }
    out
}

fn checklist(doc: &DocumentView) -> Vec<ChecklistItem<'_>> {
    doc.evidence_checklist
        .iter()
        .map(|e| {
            let needing = doc.findings.iter().filter(|f| {
                f.kind == RuleKind::Scored
                    && f.status != Status::NotApplicable
                    && f.evidence.iter().any(|x| x.id == e.id)
            });
            ChecklistItem {
                id: &e.id,
                title: &e.title,
                criteria: needing.clone().map(|f| f.criterion.as_str()).collect(),
                for_gap: needing.clone().any(|f| f.status.is_gap()),
            }
        })
        .collect()
}

/// The score gauge: a half circle from 0 (left) to 100 (right) with the rating bands.
#[derive(Debug, Serialize)]
struct Gauge {
    /// The score, clamped to 0–100: the length of the filled arc (the path is 100 long).
    value: f64,
    /// One arc per rating band.
    bands: Vec<Band>,
    /// A tick and label at each band's lower bound above 0.
    ticks: Vec<Tick>,
    /// The half circle the score is drawn on.
    value_path: String,
    /// The outer half circle the rating bands are drawn on.
    band_path: String,
}

/// A rating band's arc on the gauge.
#[derive(Debug, Serialize)]
struct Band {
    /// Where it starts, 0–100.
    start: f64,
    /// How long it is, 0–100.
    length: f64,
    /// Its position among the bands, for its colour.
    index: usize,
}

/// A threshold mark on the gauge.
#[derive(Debug, Serialize)]
struct Tick {
    /// Inner end.
    x1: f64,
    /// Inner end.
    y1: f64,
    /// Outer end.
    x2: f64,
    /// Outer end.
    y2: f64,
    /// Where its label goes.
    lx: f64,
    /// Where its label goes.
    ly: f64,
    /// The threshold.
    min: f64,
    /// How the label is anchored: `end` left of the top, `start` right of it.
    anchor: &'static str,
}

/// The gauge's centre in the template's `viewBox="-12 0 264 140"` (centred on x 120, with room for labels on both sides).
const CENTER: (f64, f64) = (120.0, 124.0);
/// The radius of the score arc.
const RADIUS: f64 = 80.0;
/// The radius of the rating bands, outside the score arc.
const BAND_RADIUS: f64 = 98.0;
/// The radius threshold labels are set at, outside the bands.
const LABEL_RADIUS: f64 = 108.0;

/// An SVG path for the upper half circle of a radius, drawn left to right.
fn half_circle(radius: f64) -> String {
    let (x0, y) = polar(0.0, radius);
    let (x1, _) = polar(100.0, radius);
    format!("M {x0} {y} A {radius} {radius} 0 0 1 {x1} {y}")
}

/// A point at `radius` from the centre at the position of `score` on the half circle.
fn polar(score: f64, radius: f64) -> (f64, f64) {
    let angle = std::f64::consts::PI * (1.0 - score.clamp(0.0, 100.0) / 100.0);
    let round = |v: f64| (v * 10.0).round() / 10.0;
    (
        round(CENTER.0 + radius * angle.cos()),
        round(CENTER.1 - radius * angle.sin()),
    )
}

/// The gauge; `scored_bands` is false when rating bounds are not scores (stages method),
/// and then no bands or ticks are drawn.
fn gauge(score: f64, ratings: &[RatingView], scored_bands: bool) -> Gauge {
    let value = if score.is_finite() {
        score.clamp(0.0, 100.0)
    } else {
        0.0
    };
    let ratings = if scored_bands { ratings } else { &[] };
    let bounds: Vec<f64> = ratings.iter().map(|r| r.min.clamp(0.0, 100.0)).collect();
    let bands = bounds
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = bounds.get(index + 1).copied().unwrap_or(100.0);
            Band {
                start,
                length: (end - start).max(0.0),
                index,
            }
        })
        .collect();
    let mut last_label: Option<(f64, f64)> = None;
    let ticks = bounds
        .iter()
        .filter(|&&m| m > 0.0)
        .map(|&min| {
            // Ticks cross only the band ring, never the score arc inside it.
            let (x1, y1) = polar(min, BAND_RADIUS - 5.0);
            let (x2, y2) = polar(min, BAND_RADIUS + 5.0);
            // A label close to the previous one (90 and 95) goes one step further out.
            let radius = match last_label {
                Some((prev, r)) if min - prev < 8.0 && r <= LABEL_RADIUS => LABEL_RADIUS + 11.0,
                _ => LABEL_RADIUS,
            };
            last_label = Some((min, radius));
            let (lx, ly) = polar(min, radius);
            Tick {
                x1,
                y1,
                x2,
                y2,
                lx,
                ly,
                min,
                anchor: if min < 40.0 {
                    "end"
                } else if min > 60.0 {
                    "start"
                } else {
                    "middle"
                },
            }
        })
        .collect();
    Gauge {
        value,
        bands,
        ticks,
        value_path: half_circle(RADIUS),
        band_path: half_circle(BAND_RADIUS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(min: f64) -> RatingView {
        RatingView {
            id: String::new(),
            label: String::new(),
            stars: 0,
            min,
        }
    }

    #[test]
    fn the_gauge_spans_the_half_circle() {
        assert_eq!(polar(0.0, RADIUS), (CENTER.0 - RADIUS, CENTER.1));
        assert_eq!(polar(100.0, RADIUS), (CENTER.0 + RADIUS, CENTER.1));
        assert_eq!(polar(50.0, RADIUS), (CENTER.0, CENTER.1 - RADIUS));
    }

    #[test]
    fn ticks_stay_off_the_score_arc_and_close_labels_apart() {
        let g = gauge(
            50.0,
            &[rating(0.0), rating(70.0), rating(90.0), rating(95.0)],
            true,
        );
        // The score arc is drawn with a stroke of 16–18 around RADIUS: ticks start outside it.
        let dist = |x: f64, y: f64| ((x - CENTER.0).powi(2) + (y - CENTER.1).powi(2)).sqrt();
        for k in &g.ticks {
            assert!(dist(k.x1, k.y1) > RADIUS + 9.0, "{k:?}");
        }
        let (a, b) = (&g.ticks[1], &g.ticks[2]);
        let apart = ((a.lx - b.lx).powi(2) + (a.ly - b.ly).powi(2)).sqrt();
        assert!(apart >= 18.0, "90 and 95 labels {apart} apart");
    }

    #[test]
    fn bands_end_where_the_next_begins() {
        let g = gauge(f64::NAN, &[rating(0.0), rating(70.0), rating(95.0)], true);
        assert_eq!(g.value, 0.0);
        let ends: Vec<f64> = g.bands.iter().map(|b| b.start + b.length).collect();
        assert_eq!(ends, vec![70.0, 95.0, 100.0]);
        assert_eq!(g.ticks.len(), 2);
        let stages = gauge(50.0, &[rating(0.0), rating(1.0)], false);
        assert!(stages.bands.is_empty() && stages.ticks.is_empty());
    }
}
