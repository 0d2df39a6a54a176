//! Reports written document by document, so a run's memory does not grow with the number
//! of documents it audits.
//!
//! A directory run audits its documents in parallel. Each format splits into two halves:
//! a [`Render`] that turns one document's views (one per standard) into its share of the
//! report — a [`Part`] — on the worker thread that audited it, and an [`Assemble`] that
//! writes the parts in input order on one thread and ends the report once every document
//! is in. Nothing holds every document's view: a part is written as soon as the parts
//! before it are. What a report can only say at the end (the run's errors and warnings,
//! totals some formats put first) is in the [`Tail`]; a format that must print such a
//! total before its documents keeps its parts in a [`Spill`] file until the end.
//!
//! [`whole`] renders a run that is already in memory through the same two halves, so a
//! report rendered whole and one streamed from a directory run are the same bytes.

use super::view::{DocumentView, ErrorView, RunView};
use super::{Format, RenderOptions};
use crate::i18n::Lang;
use std::any::Any;
use std::io::{self, Read, Seek, Write};

/// What every report knows before its first document.
#[derive(Debug, Clone)]
pub struct Head {
    /// The aftercert version.
    pub tool_version: String,
    /// The audit date.
    pub as_of: String,
    /// The language of the run.
    pub lang: Lang,
}

impl Head {
    /// The head of a run already in memory.
    pub fn of(run: &RunView) -> Self {
        Head {
            tool_version: run.tool_version.clone(),
            as_of: run.as_of.clone(),
            lang: run.lang,
        }
    }
}

/// What a report learns only when every document is in: the run's diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Tail<'a> {
    /// Files that could not be audited, and other errors.
    pub errors: &'a [ErrorView],
    /// Warnings.
    pub warnings: &'a [ErrorView],
}

/// One document's share of a report.
#[derive(Default)]
pub struct Part {
    /// The bytes the report carries for this document.
    pub bytes: Vec<u8>,
    /// Whatever else the format's [`Assemble`] needs of the document (totals, a table's
    /// new entries), owned, small.
    pub extra: Option<Box<dyn Any + Send>>,
}

impl Part {
    /// A part that is only bytes.
    pub fn bytes(bytes: Vec<u8>) -> Self {
        Part { bytes, extra: None }
    }

    /// Takes the extra back as the type the format put in, if it is that.
    pub fn take_extra<T: 'static>(&mut self) -> Option<T> {
        let extra = self.extra.take()?;
        extra.downcast::<T>().ok().map(|b| *b)
    }
}

/// Renders one document's part. Called from worker threads at once, so it only reads.
pub trait Render: Sync + Send {
    /// The part of the document whose views (one per standard, in run order) are given.
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<Part>;
}

/// Writes parts in input order and ends the report. Runs on one thread.
pub trait Assemble: Send {
    /// Adds the next document's part.
    fn push(&mut self, part: Part, w: &mut dyn Write) -> io::Result<()>;
    /// Ends the report: called once, after the last part.
    fn finish(&mut self, tail: Tail<'_>, w: &mut dyn Write) -> io::Result<()>;
}

/// The two halves of one report.
pub struct Stream {
    /// Renders parts, on the workers.
    pub render: Box<dyn Render>,
    /// Writes them, on one thread.
    pub assemble: Box<dyn Assemble>,
}

/// The stream of a format.
pub fn stream(format: Format, head: &Head, opts: &RenderOptions) -> anyhow::Result<Stream> {
    Ok(match format {
        Format::Csv => super::csv::stream(head),
        Format::Github => super::github::stream(head),
        Format::Junit => super::junit::stream(head),
        Format::Sarif => super::sarif::stream(head, opts),
        Format::Markdown => super::markdown::stream(head, opts)?,
        Format::Html => super::html::stream(head, opts)?,
        Format::Json => super::json::stream(head, opts),
        _ => collect(format, head, opts),
    })
}

/// Renders a run that is already in memory, through the same stream a directory run uses.
pub fn whole(
    run: &RunView,
    format: Format,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut s = stream(format, &Head::of(run), opts).map_err(to_io)?;
    for views in by_document(&run.documents) {
        let part = s.render.part(views).map_err(to_io)?;
        s.assemble.push(part, w)?;
    }
    s.assemble.finish(
        Tail {
            errors: &run.errors,
            warnings: &run.warnings,
        },
        w,
    )
}

/// Renders one document's own report (all its standards, no run diagnostics) through the
/// same stream, from views that need not be copied into a run first.
pub fn document(
    views: &[DocumentView],
    format: Format,
    head: &Head,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut s = stream(format, head, opts).map_err(to_io)?;
    let part = s.render.part(views).map_err(to_io)?;
    s.assemble.push(part, w)?;
    s.assemble.finish(
        Tail {
            errors: &[],
            warnings: &[],
        },
        w,
    )
}

/// The views of a run grouped by document: a document's views are consecutive, one per
/// standard.
pub fn by_document(views: &[DocumentView]) -> impl Iterator<Item = &[DocumentView]> {
    views.chunk_by(|a, b| a.path == b.path)
}

/// An error of a renderer as an I/O error, keeping a template's error recognisable.
pub fn to_io(e: anyhow::Error) -> io::Error {
    match e.downcast::<super::markdown::TemplateError>() {
        Ok(t) => io::Error::other(t),
        Err(e) => match e.downcast::<io::Error>() {
            Ok(io) => io,
            Err(e) => io::Error::other(e),
        },
    }
}

/// Formats rendered whole at the end: each part carries a copy of the document's views,
/// and the report is rendered once every document is in. Memory grows with the run; used
/// by the workbook (a spreadsheet is built in memory) and by templates a user replaced
/// (their context is the whole run).
pub fn collect(format: Format, head: &Head, opts: &RenderOptions) -> Stream {
    Stream {
        render: Box::new(CollectRender),
        assemble: Box::new(Collect {
            format,
            head: head.clone(),
            opts: opts.clone(),
            documents: Vec::new(),
        }),
    }
}

struct CollectRender;

impl Render for CollectRender {
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<Part> {
        Ok(Part {
            bytes: Vec::new(),
            extra: Some(Box::new(views.to_vec())),
        })
    }
}

struct Collect {
    format: Format,
    head: Head,
    opts: RenderOptions,
    documents: Vec<DocumentView>,
}

impl Assemble for Collect {
    fn push(&mut self, mut part: Part, _: &mut dyn Write) -> io::Result<()> {
        if let Some(views) = part.take_extra::<Vec<DocumentView>>() {
            self.documents.extend(views);
        }
        Ok(())
    }

    fn finish(&mut self, tail: Tail<'_>, w: &mut dyn Write) -> io::Result<()> {
        let run = RunView {
            tool_version: self.head.tool_version.clone(),
            as_of: self.head.as_of.clone(),
            lang: self.head.lang,
            documents: std::mem::take(&mut self.documents),
            errors: tail.errors.to_vec(),
            warnings: tail.warnings.to_vec(),
        };
        super::render_whole_run(&run, self.format, &self.opts, w)
    }
}

/// Bytes kept aside until the end of a run: in memory while small, in an unnamed
/// temporary file (removed by the system however the process ends) once larger, so a
/// format that must write a total before its documents still holds no more than a
/// buffer's worth of them.
pub struct Spill {
    memory: Vec<u8>,
    file: Option<std::fs::File>,
}

impl Spill {
    /// Bytes kept in memory before they go to a file.
    const IN_MEMORY: usize = 1 << 20;

    /// An empty spill.
    pub fn new() -> Self {
        Spill {
            memory: Vec::new(),
            file: None,
        }
    }

    /// Keeps bytes aside.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.file.is_none() && self.memory.len() + bytes.len() <= Self::IN_MEMORY {
            self.memory.extend_from_slice(bytes);
            return Ok(());
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(tempfile::tempfile()?),
        };
        if !self.memory.is_empty() {
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
        }
        file.write_all(bytes)
    }

    /// Writes everything kept, in order, and empties the spill.
    pub fn drain_to(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if let Some(mut file) = self.file.take() {
            file.rewind()?;
            let mut buf = vec![0; 1 << 16];
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                w.write_all(&buf[..n])?;
            }
        }
        w.write_all(&std::mem::take(&mut self.memory))
    }
}

impl Default for Spill {
    fn default() -> Self {
        Spill::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Spill;

    #[test]
    fn a_spill_gives_back_what_it_kept_in_order_from_memory_and_from_its_file() {
        let mut s = Spill::new();
        let mut expected = Vec::new();
        for i in 0..40u32 {
            let chunk = vec![b'a' + (i % 26) as u8; 60_000];
            s.write(&chunk).unwrap();
            expected.extend_from_slice(&chunk);
        }
        assert!(s.file.is_some(), "2.4 MB must have gone to a file");
        let mut out = Vec::new();
        s.drain_to(&mut out).unwrap();
        assert_eq!(out, expected);
        let mut small = Spill::new();
        small.write(b"abc").unwrap();
        let mut out = Vec::new();
        small.drain_to(&mut out).unwrap();
        assert_eq!(out, b"abc");
    }
}
