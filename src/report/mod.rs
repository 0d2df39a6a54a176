//! Reporters: one per output format, behind one enum, all rendering the same view.
//!
//! Human formats are minijinja templates (embedded, overridable by name with
//! `--template-dir`, as mdBook does with themes). Machine formats are serialized from the
//! view. Writing files is the `output` module's job: reporters only render to a writer.

pub mod client;
pub mod csv;
pub mod diff;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod stream;
pub mod summary;
pub mod view;
pub mod xlsx;

use crate::i18n::Lang;
use crate::standard::load::RuleKind;
use std::io::Write;
use std::path::{Path, PathBuf};
use view::RunView;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown gap report (GitHub and GitLab flavoured).
    Markdown,
    /// The report as JSON, format 2: documents, then the criteria they reference once
    /// (see docs/json.md).
    Json,
    /// A self-contained HTML report with charts, printable on A4.
    Html,
    /// SARIF 2.1.0 for code-scanning tools: one result per gap.
    Sarif,
    /// JUnit XML: a test suite per standard section, a test case per criterion.
    Junit,
    /// Findings as CSV (UTF-8 with a byte-order mark, for spreadsheets).
    Csv,
    /// GitHub Actions workflow commands that annotate the gaps in place.
    Github,
    /// An Excel self-assessment workbook whose score is formulas (binary: a file or a pipe).
    Xlsx,
}

impl Format {
    /// Every format with its names and file extensions. Compound extensions
    /// (`sarif.json`) are matched against the end of the file name before plain ones, so
    /// `results.sarif.json` is SARIF, not JSON. GitHub annotations have no extension of
    /// their own: they are meant for stdout, or `github:PATH`.
    const TABLE: &'static [(Format, &'static str, &'static [&'static str])] = &[
        (Format::Markdown, "markdown", &["md", "markdown"]),
        (Format::Json, "json", &["json"]),
        (Format::Html, "html", &["html", "htm"]),
        (Format::Sarif, "sarif", &["sarif", "sarif.json"]),
        (Format::Junit, "junit", &["junit.xml", "xml"]),
        (Format::Csv, "csv", &["csv"]),
        (Format::Github, "github", &[]),
        (Format::Xlsx, "xlsx", &["xlsx"]),
    ];

    /// Looks a format up by name (`markdown`, `md`, `json`, …).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        Self::TABLE
            .iter()
            .find(|(_, n, exts)| *n == name || exts.contains(&name.as_str()))
            .map(|(f, _, _)| *f)
    }

    /// Guesses a format from a file's extension; the longest matching extension wins.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        Self::TABLE
            .iter()
            .flat_map(|(f, _, exts)| exts.iter().map(move |e| (*f, *e)))
            .filter(|(_, e)| {
                name.strip_suffix(e)
                    .is_some_and(|stem| stem.len() > 1 && stem.ends_with('.'))
            })
            .max_by_key(|(_, e)| e.len())
            .map(|(f, _)| f)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(f, _, _)| *f == self)
            .and_then(|(_, _, exts)| exts.first().copied())
            .unwrap_or("txt")
    }

    /// Every format name, for messages.
    pub fn names() -> String {
        Self::TABLE
            .iter()
            .map(|(_, n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where a report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    /// Its format.
    pub format: Format,
    /// Its path.
    pub path: PathBuf,
}

/// Parses `-o` values: `FORMAT:PATH`, or a path whose extension names the format.
pub fn parse_output(spec: &str) -> Result<OutputSpec, String> {
    let named = spec
        .split_once(':')
        .filter(|(_, path)| !path.is_empty())
        .and_then(|(name, path)| Some((Format::from_name(name)?, path)));
    if let Some((format, path)) = named {
        return Ok(OutputSpec {
            format,
            path: PathBuf::from(path),
        });
    }
    let path = PathBuf::from(spec);
    match Format::from_path(&path) {
        Some(format) => Ok(OutputSpec { format, path }),
        None => Err(format!(
            "cannot tell the format of `{spec}` from its extension; write FORMAT:PATH with FORMAT one of {}",
            Format::names()
        )),
    }
}

/// Options every reporter shares.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The language.
    pub lang: Lang,
    /// A folder whose templates replace the built-in ones by name.
    pub template_dir: Option<PathBuf>,
    /// The edition of the HTML and Markdown reports.
    pub edition: client::Edition,
    /// Indent JSON and SARIF (files and pipes get compact JSON otherwise).
    pub pretty: bool,
}

/// Renders the run in a format, as text (not the workbook, which is binary).
pub fn render(run: &RunView, format: Format, opts: &RenderOptions) -> anyhow::Result<String> {
    if format == Format::Xlsx {
        anyhow::bail!("xlsx is binary: render it with render_to");
    }
    let mut out = Vec::new();
    render_to(run, format, opts, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// Writes a report in a format to a writer, document by document (see [`stream`]).
pub fn render_to(
    run: &RunView,
    format: Format,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    stream::whole(run, format, opts, w)
}

/// Renders a run held in memory in one go, with each format's whole-run renderer: the
/// workbook (built in memory), templates a user replaced (their context is the whole
/// run), and `check --render-whole`, which tests compare with the streamed reports.
/// JSON and SARIF have no renderer of their own: they go through their stream, whose
/// SARIF log `sarif`'s tests check against one built whole.
pub(crate) fn render_whole_run(
    run: &RunView,
    format: Format,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json | Format::Sarif => return stream::whole(run, format, opts, w),
        Format::Xlsx => {
            return w.write_all(&xlsx::render(run, opts).map_err(std::io::Error::other)?);
        }
        Format::Markdown => markdown::render(run, opts),
        Format::Html => html::render(run, opts),
        Format::Junit => Ok(junit::render(run)),
        Format::Csv => self::csv::render(run),
        Format::Github => Ok(github::render(run)),
    };
    w.write_all(text.map_err(stream::to_io)?.as_bytes())
}

/// The gaps of a document: every finding that is `partial` or `missing`, which includes
/// the special deductions that fired but not a bonus left unearned (that is not a gap).
/// Every format reports exactly these, so their counts agree with [`count_gaps`].
/// A standard that does not apply to the document as a whole has no gaps there.
pub fn gaps(doc: &view::DocumentView) -> impl Iterator<Item = &view::FindingView> {
    doc.findings
        .iter()
        .filter(|f| doc.standard_applies && f.status.is_gap() && f.kind != RuleKind::Bonus)
}

/// The gap counts of a document: counted once by [`crate::policy::gate::GapCounts::of`]
/// when it was audited, so every format shows the same numbers as [`gaps`] lists.
pub fn count_gaps(doc: &view::DocumentView) -> view::GapCounts {
    doc.gap_counts.clone()
}

/// Every bonus criterion of a document, earned or not, once each: from `bonus` and from
/// `findings`, since the view has held them in either.
pub fn bonus_criteria(doc: &view::DocumentView) -> Vec<&view::FindingView> {
    let mut out: Vec<&view::FindingView> = Vec::new();
    let all = doc.findings.iter().chain(&doc.bonus);
    for f in all.filter(|f| f.kind == RuleKind::Bonus) {
        if !out.iter().any(|o| o.criterion == f.criterion) {
            out.push(f);
        }
    }
    out
}

/// A severity's stable id, as the JSON spells it (`blocking`, `major`, `minor`, `advisory`).
pub fn severity_id(severity: crate::standard::model::Severity) -> &'static str {
    use crate::standard::model::Severity;
    match severity {
        Severity::Blocking => "blocking",
        Severity::Major => "major",
        Severity::Minor => "minor",
        Severity::Advisory => "advisory",
    }
}
