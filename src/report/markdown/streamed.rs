//! The HTML and Markdown reports written one document at a time.
//!
//! Each report is split into templates (see `templates/report*.j2`): a head (title, cover,
//! overview of the documents, the run's errors), one section per document and a tail
//! (warnings, footer). A worker renders a document's section as soon as the document is
//! audited, from its own views only; what the head needs of every document is a short
//! summary carried beside the section. The head can only be written once every document
//! is known, so the sections wait in a [`Spill`] (memory, then an unnamed temporary file)
//! and the head, the sections and the tail are written at the end. Memory is bounded by
//! the largest document's section plus the summaries, whatever the number of documents.
//!
//! Ids that number the documents (`part-3`, `d3-summary`) are known only when the sections
//! are put in order: a section carries a marker where its number goes ([`Ordinal`]), and
//! the assembler writes the number in. The marker holds a NUL, which no value a template
//! writes can hold (every value passes through [`crate::text::visible`]).
//!
//! The whole-run templates (`report.html.j2`, …) include the same pieces, so a run
//! rendered whole and one streamed are the same bytes; that is what a user's template
//! from `--template-dir` is rendered with (see [`super::super::stream::collect`]).

use super::{Templates, format_date};
use crate::i18n::Lang;
use crate::report::stream::{self, Assemble, Head, Part, Render, Spill, Tail};
use crate::report::view::{DocumentView, ErrorView, GapCounts};
use crate::report::{RenderOptions, client, html};
use minijinja::Value;
use minijinja::value::{Object, ObjectRepr};
use serde::Serialize;
use std::io::{self, Write};
use std::sync::Arc;

/// A serializable value as a template value.
pub(crate) fn to_value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// The four human reports that are streamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `report.md.j2`: one section per document and standard.
    MarkdownTechnical,
    /// `report-client.md.j2`: one section per document, all its standards.
    MarkdownClient,
    /// `report.html.j2`: one section per document and standard.
    HtmlTechnical,
    /// `report-client.html.j2`: one section per document, all its standards.
    HtmlClient,
}

impl Kind {
    /// The kind for a format's edition.
    pub fn of(html: bool, edition: client::Edition) -> Kind {
        match (html, edition) {
            (false, client::Edition::Technical) => Kind::MarkdownTechnical,
            (false, client::Edition::Client) => Kind::MarkdownClient,
            (true, client::Edition::Technical) => Kind::HtmlTechnical,
            (true, client::Edition::Client) => Kind::HtmlClient,
        }
    }

    /// The whole-run template and its pieces: every name a user may replace.
    pub fn templates(self) -> [&'static str; 5] {
        match self {
            Kind::MarkdownTechnical => [
                "report.md.j2",
                "report-head.md.j2",
                "report-part.md.j2",
                "report-tail.md.j2",
                "report.md.j2",
            ],
            Kind::MarkdownClient => [
                "report-client.md.j2",
                "report-client-head.md.j2",
                "report-client-heading.md.j2",
                "report-client-document.md.j2",
                "report-client-tail.md.j2",
            ],
            Kind::HtmlTechnical => [
                "report.html.j2",
                "report-head.html.j2",
                "report-part.html.j2",
                "report-tail.html.j2",
                "report.html.j2",
            ],
            Kind::HtmlClient => [
                "report-client.html.j2",
                "report-client-head.html.j2",
                "report-client-heading.html.j2",
                "report-client-document.html.j2",
                "report-client-tail.html.j2",
            ],
        }
    }

    fn is_client(self) -> bool {
        matches!(self, Kind::MarkdownClient | Kind::HtmlClient)
    }

    fn is_html(self) -> bool {
        matches!(self, Kind::HtmlTechnical | Kind::HtmlClient)
    }

    fn ext(self) -> &'static str {
        if self.is_html() { "html" } else { "md" }
    }

    fn piece(self, piece: &str) -> String {
        let edition = if self.is_client() {
            "report-client"
        } else {
            "report"
        };
        format!("{edition}-{piece}.{}.j2", self.ext())
    }
}

/// Whether `--template-dir` replaces one of a report's templates: that report is then
/// rendered whole, with the context the user's template was written for.
pub fn user_replaces(kind: Kind, opts: &RenderOptions) -> bool {
    let Some(dir) = &opts.template_dir else {
        return false;
    };
    kind.templates()
        .iter()
        .any(|name| std::fs::symlink_metadata(dir.join(name)).is_ok())
}

/// The stream of a report whose templates are all built in.
pub fn stream(kind: Kind, head: &Head, opts: &RenderOptions) -> anyhow::Result<stream::Stream> {
    let shared = Arc::new(Shared::new(kind, head, opts)?);
    Ok(stream::Stream {
        render: Box::new(PageRender {
            shared: shared.clone(),
        }),
        assemble: Box::new(PageAssemble {
            shared,
            spill: Spill::new(),
            summaries: Vec::new(),
            numbered: 0,
            held: None,
            last: None,
        }),
    })
}

/// What the workers and the assembler share: the templates, compiled once, and the values
/// every section's context repeats.
struct Shared {
    kind: Kind,
    templates: Templates,
    lang: Lang,
    head: Head,
    /// What every piece's context holds: `run` as a section sees it (the version and the
    /// date), the labels `t`, `lang`, `lang_tag` and the date as shown, `as_of`.
    common: Value,
}

impl Shared {
    fn new(kind: Kind, head: &Head, opts: &RenderOptions) -> anyhow::Result<Shared> {
        Ok(Shared {
            kind,
            templates: super::templates(opts)?,
            lang: opts.lang,
            head: head.clone(),
            common: minijinja::context! {
                run => minijinja::context! {
                    tool_version => head.tool_version.clone(),
                    as_of => head.as_of.clone(),
                },
                t => to_value(&super::all_labels(opts.lang)),
                lang => opts.lang.id(),
                lang_tag => opts.lang.tag(),
                as_of => format_date(&head.as_of, opts.lang),
            },
        })
    }

    /// Renders a built-in template, appending to `out`.
    fn render(&self, name: &str, ctx: Value, out: &mut Vec<u8>) -> anyhow::Result<()> {
        let t = &self.templates;
        let tmpl = t
            .env
            .get_template(name)
            .map_err(|e| t.error(e, name, None))?;
        tmpl.render_captured_to(ctx, &mut *out)
            .map(drop)
            .map_err(|e| t.error(e, name, None))
    }

    /// The context of a piece: its own values, then what every piece shares.
    fn context(&self, own: Value) -> Value {
        // The last map that holds a key wins.
        minijinja::value::merge_maps([self.common.clone(), own])
    }
}

/// A section's number in the report, written as a marker the assembler replaces: `\0`,
/// the section's index within its part, `\0`.
#[derive(Debug)]
pub struct Ordinal(pub usize);

impl Object for Ordinal {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }
}

/// The marker an [`Ordinal`] writes.
pub fn ordinal_marker(value: &Value) -> Option<String> {
    value
        .downcast_object_ref::<Ordinal>()
        .map(|o| format!("\0{}\0", o.0))
}

/// Writes `bytes` with each marker `\0i\0` replaced by `base + i + 1`.
fn number(bytes: &[u8], base: usize, out: &mut Vec<u8>) {
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == 0) {
        out.extend_from_slice(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after.iter().position(|&b| b == 0).unwrap_or(after.len());
        let local: usize = std::str::from_utf8(&after[..len])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        out.extend_from_slice((base + local + 1).to_string().as_bytes());
        rest = after.get(len + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
}

/// What the head needs of one document and standard (technical editions).
#[derive(Debug, Serialize)]
struct ViewSummary {
    company: String,
    path: String,
    standard: StandardShort,
    score_shown: String,
    coverage_shown: String,
    rating: RatingShort,
    gate: GateShort,
    gap_counts: GapCounts,
}

#[derive(Debug, Serialize)]
struct StandardShort {
    id: String,
    version: String,
}

#[derive(Debug, Serialize)]
struct RatingShort {
    label: String,
    stars: u8,
}

#[derive(Debug, Serialize)]
struct GateShort {
    passed: bool,
}

impl ViewSummary {
    fn of(d: &DocumentView) -> ViewSummary {
        ViewSummary {
            company: d.company.clone(),
            path: d.path.clone(),
            standard: StandardShort {
                id: d.standard.id.clone(),
                version: d.standard.version.clone(),
            },
            score_shown: d.score_shown.clone(),
            coverage_shown: d.coverage_shown.clone(),
            rating: RatingShort {
                label: d.rating.label.clone(),
                stars: d.rating.stars,
            },
            gate: GateShort {
                passed: d.gate.passed,
            },
            gap_counts: super::super::count_gaps(d),
        }
    }
}

/// What the head and a heading need of one document (client editions).
#[derive(Debug, Serialize)]
struct DocSummary {
    company: String,
    path: String,
    standards: Vec<client::StandardSummary>,
}

/// A document's summary, carried in its [`Part`].
enum Summary {
    /// One per standard (technical editions).
    Views(Vec<ViewSummary>),
    /// The document (client editions).
    Doc(DocSummary),
}

struct PageRender {
    shared: Arc<Shared>,
}

impl Render for PageRender {
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<Part> {
        if views.is_empty() {
            return Ok(Part::default());
        }
        let s = &*self.shared;
        let mut bytes = Vec::new();
        let summary = match s.kind {
            Kind::MarkdownTechnical | Kind::HtmlTechnical => {
                for (i, view) in views.iter().enumerate() {
                    let ctx = s.context(technical_context(s.kind, view, i));
                    s.render(&s.kind.piece("part"), ctx, &mut bytes)?;
                }
                Summary::Views(views.iter().map(ViewSummary::of).collect())
            }
            Kind::MarkdownClient | Kind::HtmlClient => {
                let docs: Vec<&DocumentView> = views.iter().collect();
                let mut d = client::client_doc(&docs, s.lang);
                let mut own = minijinja::context! {
                    d => to_value(&d),
                    n => Value::from_object(Ordinal(0)),
                };
                if s.kind == Kind::HtmlClient {
                    own = minijinja::context! { gs => html::gauges_value(views), ..own };
                }
                s.render(&s.kind.piece("document"), s.context(own), &mut bytes)?;
                Summary::Doc(DocSummary {
                    company: std::mem::take(&mut d.company),
                    path: std::mem::take(&mut d.path),
                    standards: std::mem::take(&mut d.standards),
                })
            }
        };
        Ok(Part {
            bytes,
            extra: Some(Box::new(summary)),
        })
    }
}

/// The context of one document and standard in a technical edition.
fn technical_context(kind: Kind, view: &DocumentView, i: usize) -> Value {
    let doc = to_value(view);
    let own = minijinja::context! {
        gc => to_value(&view.gap_counts),
        n => Value::from_object(Ordinal(i)),
    };
    if kind == Kind::HtmlTechnical {
        let part = html::part_value(view, &doc);
        minijinja::context! { doc => doc, part => part, ..own }
    } else {
        minijinja::context! { doc => doc, ..own }
    }
}

struct PageAssemble {
    shared: Arc<Shared>,
    /// The sections, in order, until the head is written.
    spill: Spill,
    summaries: Vec<Summary>,
    /// Sections numbered so far.
    numbered: usize,
    /// The first document of a client edition, until it is known whether the run has
    /// others (its heading names the company only then).
    held: Option<(Vec<u8>, DocSummary)>,
    /// The last byte written, for the final newline.
    last: Option<u8>,
}

impl PageAssemble {
    fn keep(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some(&b) = bytes.last() {
            self.last = Some(b);
        }
        self.spill.write(bytes)
    }

    /// Writes a client document's heading and section.
    fn keep_document(&mut self, bytes: &[u8], doc: &DocSummary, many: bool) -> io::Result<()> {
        let s = &*self.shared;
        let n = self.numbered + 1;
        let ctx = s.context(minijinja::context! {
            d => minijinja::context! { company => doc.company.clone() },
            n => n,
            many => many,
        });
        let mut out = Vec::new();
        s.render(&s.kind.piece("heading"), ctx, &mut out)
            .map_err(stream::to_io)?;
        number(bytes, self.numbered, &mut out);
        self.numbered = n;
        self.keep(&out)
    }

    /// The context of the head and the tail: the run and every document's summary.
    fn end_context(&self, tail: Tail<'_>) -> Value {
        let s = &*self.shared;
        let mut views: Vec<&ViewSummary> = Vec::new();
        let mut docs: Vec<&DocSummary> = Vec::new();
        for summary in &self.summaries {
            match summary {
                Summary::Views(v) => views.extend(v),
                Summary::Doc(d) => docs.push(d),
            }
        }
        let parts: Vec<Value> = views
            .iter()
            .map(|v| {
                minijinja::context! {
                    doc => to_value(v),
                    gap_counts => to_value(&v.gap_counts),
                }
            })
            .collect();
        let gap_counts: Vec<&GapCounts> = views.iter().map(|v| &v.gap_counts).collect();
        s.context(minijinja::context! {
            run => minijinja::context! {
                tool_version => s.head.tool_version.clone(),
                as_of => s.head.as_of.clone(),
                documents => to_value(&views),
                errors => errors_value(tail.errors),
                warnings => errors_value(tail.warnings),
            },
            parts => parts,
            gap_counts => to_value(&gap_counts),
            docs => to_value(&docs),
        })
    }
}

fn errors_value(errors: &[ErrorView]) -> Value {
    to_value(errors)
}

impl Assemble for PageAssemble {
    fn push(&mut self, mut part: Part, _: &mut dyn Write) -> io::Result<()> {
        match part.take_extra::<Summary>() {
            Some(Summary::Views(views)) => {
                let mut out = Vec::with_capacity(part.bytes.len());
                number(&part.bytes, self.numbered, &mut out);
                self.numbered += views.len();
                self.keep(&out)?;
                self.summaries.push(Summary::Views(views));
            }
            Some(Summary::Doc(doc)) => {
                if let Some((bytes, first)) = self.held.take() {
                    self.keep_document(&bytes, &first, true)?;
                    self.summaries.push(Summary::Doc(first));
                }
                if self.numbered == 0 {
                    self.held = Some((part.bytes, doc));
                } else {
                    self.keep_document(&part.bytes, &doc, true)?;
                    self.summaries.push(Summary::Doc(doc));
                }
            }
            None => {}
        }
        Ok(())
    }

    fn finish(&mut self, tail: Tail<'_>, w: &mut dyn Write) -> io::Result<()> {
        if let Some((bytes, first)) = self.held.take() {
            self.keep_document(&bytes, &first, false)?;
            self.summaries.push(Summary::Doc(first));
        }
        let s = self.shared.clone();
        let ctx = self.end_context(tail);
        let mut head = Vec::new();
        s.render(&s.kind.piece("head"), ctx.clone(), &mut head)
            .map_err(stream::to_io)?;
        w.write_all(&head)?;
        let last = self.last.or(head.last().copied());
        self.spill.drain_to(w)?;
        let mut end = Vec::new();
        s.render(&s.kind.piece("tail"), ctx, &mut end)
            .map_err(stream::to_io)?;
        if end.last().or(last.as_ref()) != Some(&b'\n') {
            end.push(b'\n');
        }
        w.write_all(&end)
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn markers_become_numbers_counted_from_the_base() {
        let mut out = Vec::new();
        number(b"id=\"p\x000\x00-a\" href=\"#p\x001\x00\"", 9, &mut out);
        assert_eq!(out, b"id=\"p10-a\" href=\"#p11\"");
        let mut plain = Vec::new();
        number(b"no marker", 0, &mut plain);
        assert_eq!(plain, b"no marker");
    }
}

#[cfg(test)]
mod whole_and_streamed {
    use crate::i18n::Lang;
    use crate::report::client::Edition;
    use crate::report::stream;
    use crate::report::view::{ErrorView, RunView, document_views};
    use crate::report::{Format, RenderOptions};

    /// The fixtures audited against two standards, with an error and a warning: a run
    /// with several documents, several standards each, and diagnostics.
    fn run(files: &[&str], lang: Lang) -> RunView {
        let (lib, _) = crate::standard::load::load_library(Vec::new());
        let standards: Vec<_> = ["gbt27922", "iso10002"]
            .iter()
            .filter_map(|id| lib.get(id))
            .collect();
        assert_eq!(standards.len(), 2);
        let policy = crate::policy::Policy::default();
        let mut documents = Vec::new();
        for f in files {
            let path = format!("{}/fixtures/{f}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = crate::process::load::from_text(f, text, &Default::default());
            let audit = crate::audit::run(doc, &standards, &policy);
            documents.extend(document_views(&audit, &policy, lang));
        }
        let diag = |code: &str, message: &str| ErrorView {
            code: code.into(),
            path: "broken/<b>.yaml".into(),
            line: 3,
            column: 7,
            message: message.into(),
            expected: Some("a `mapping` & more".into()),
        };
        RunView {
            tool_version: "9.9.9".into(),
            as_of: "2026-11-23".into(),
            lang,
            documents,
            errors: vec![diag("E001", "bad <yaml> | here\u{1b}[2J")],
            warnings: vec![diag("W002", "odd *key*")],
        }
    }

    fn render(run: &RunView, format: Format, opts: &RenderOptions, whole: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if whole {
            let mut s = stream::collect(format, &stream::Head::of(run), opts);
            for views in stream::by_document(&run.documents) {
                let part = s.render.part(views).unwrap();
                s.assemble.push(part, &mut out).unwrap();
            }
            let tail = stream::Tail {
                errors: &run.errors,
                warnings: &run.warnings,
            };
            s.assemble.finish(tail, &mut out).unwrap();
        } else {
            crate::report::render_to(run, format, opts, &mut out).unwrap();
        }
        out
    }

    #[test]
    fn a_streamed_report_is_the_whole_run_rendered_at_once() {
        let many = [
            "phone-brand.yaml",
            "repair-service.yaml",
            "online-retailer.yaml",
        ];
        for lang in [Lang::En, Lang::Zh] {
            for files in [&many[..], &many[..1]] {
                let run = run(files, lang);
                for format in [Format::Html, Format::Markdown] {
                    for edition in [Edition::Client, Edition::Technical] {
                        let opts = RenderOptions {
                            lang,
                            edition,
                            ..RenderOptions::default()
                        };
                        let streamed = render(&run, format, &opts, false);
                        let whole = render(&run, format, &opts, true);
                        let what = format!("{format:?} {edition:?} {lang:?} {}", files.len());
                        assert!(streamed.len() > 2000, "{what}: too short");
                        let text = String::from_utf8(streamed.clone()).unwrap();
                        assert!(
                            !text.contains('\0') && !text.contains("\\u{0}"),
                            "{what}: a marker is left"
                        );
                        assert!(
                            text.ends_with('\n') && !text.ends_with("\n\n\n"),
                            "{what}: ending"
                        );
                        if streamed != whole {
                            let (s, w) = (
                                String::from_utf8_lossy(&streamed),
                                String::from_utf8_lossy(&whole),
                            );
                            let at = s.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
                            let from = at.saturating_sub(200);
                            panic!(
                                "{what}: streamed and whole differ at char {at}\n--- streamed\n{}\n--- whole\n{}",
                                s.chars().skip(from).take(400).collect::<String>(),
                                w.chars().skip(from).take(400).collect::<String>()
                            );
                        }
                    }
                }
            }
        }
    }
}
