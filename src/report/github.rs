//! GitHub Actions annotations: gaps as workflow commands, so a pull request that weakens a
//! process document is annotated on the very line.
//!
//! GitHub reads `::error file=…,line=…,col=…,title=…::message` lines from a step's output.
//! Values are escaped as the Actions toolkit does (`%`, CR and LF in the message; also `:`
//! and `,` in properties), which also keeps a hostile string from starting a command of
//! its own on a new line. Controls and bidi characters from documents and file names are
//! made visible first ([`crate::text::visible`]), so a log viewer shows them as escapes.

use super::view::{DocumentView, ErrorView, FindingView, RunView};
use super::{gaps, severity_id};
use crate::i18n::{Lang, t};
use crate::standard::model::Severity;
use std::fmt::Write as _;

/// Renders every gap, and every file that could not be audited, as a workflow command.
pub fn render(run: &RunView) -> String {
    let mut out = String::new();
    problems(&mut out, &run.errors, &run.warnings);
    for views in super::stream::by_document(&run.documents) {
        out.push_str(&gaps_of(views, run.lang));
    }
    out
}

/// The stream: gaps are kept aside as they come, and written after the run's errors and
/// warnings, which are known only at the end.
pub fn stream(head: &super::stream::Head) -> super::stream::Stream {
    super::stream::Stream {
        render: Box::new(Lines(head.lang)),
        assemble: Box::new(Annotations(super::stream::Spill::new())),
    }
}

struct Lines(Lang);

impl super::stream::Render for Lines {
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<super::stream::Part> {
        Ok(super::stream::Part::bytes(
            gaps_of(views, self.0).into_bytes(),
        ))
    }
}

struct Annotations(super::stream::Spill);

impl super::stream::Assemble for Annotations {
    fn push(
        &mut self,
        part: super::stream::Part,
        _: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.0.write(&part.bytes)
    }

    fn finish(
        &mut self,
        tail: super::stream::Tail<'_>,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut out = String::new();
        problems(&mut out, tail.errors, tail.warnings);
        w.write_all(out.as_bytes())?;
        self.0.drain_to(w)
    }
}

fn problems(out: &mut String, errors: &[ErrorView], warnings: &[ErrorView]) {
    for e in errors {
        problem(out, "error", e);
    }
    for w in warnings {
        problem(out, "warning", w);
    }
}

/// The annotations of one document's gaps, standard by standard.
fn gaps_of(views: &[DocumentView], lang: Lang) -> String {
    let mut out = String::new();
    for doc in views {
        for f in gaps(doc) {
            gap(&mut out, lang, &doc.path, f);
        }
    }
    out
}

/// The command for a severity: blocking and major gaps are errors, minor ones warnings,
/// advisory ones notices. A gap accepted by a waiver that has not expired is a notice.
pub fn command(severity: Severity, waived: bool) -> &'static str {
    match severity {
        _ if waived => "notice",
        Severity::Blocking | Severity::Major => "error",
        Severity::Minor => "warning",
        Severity::Advisory => "notice",
    }
}

fn gap(out: &mut String, lang: Lang, path: &str, f: &FindingView) {
    let waived = f.waiver.as_ref().is_some_and(|w| !w.expired);
    let (line, col) = f
        .location
        .as_ref()
        .map_or((1, 1), |l| (l.line.max(1), l.column.max(1)));
    let mut message = match &f.gap_label {
        Some(g) => format!("[{g}] {}", f.message),
        None => f.message.clone(),
    };
    if !f.remediation.trim().is_empty() {
        let _ = write!(
            message,
            "\n{}: {}",
            t(lang, "remediation"),
            f.remediation.trim()
        );
    }
    if let Some(w) = f.waiver.as_ref().filter(|_| waived) {
        let _ = write!(message, "\n{}: {}", t(lang, "waived"), w.justification);
    }
    let title = format!(
        "{} ({}) {}",
        f.criterion,
        t(lang, &format!("severity-{}", severity_id(f.severity))),
        f.title
    );
    line_out(
        out,
        command(f.severity, waived),
        &[
            ("file", &file(path)),
            ("line", &line.to_string()),
            ("col", &col.to_string()),
            ("title", &title),
        ],
        &message,
    );
}

fn problem(out: &mut String, cmd: &str, e: &ErrorView) {
    let mut props: Vec<(&str, String)> = vec![("file", file(&e.path))];
    if e.line > 0 {
        props.push(("line", e.line.to_string()));
        props.push(("col", e.column.max(1).to_string()));
    }
    props.push(("title", format!("aftercert {}", e.code)));
    let mut message = e.message.clone();
    if let Some(x) = &e.expected {
        let _ = write!(message, "\n{x}");
    }
    let props: Vec<(&str, &str)> = props.iter().map(|(k, v)| (*k, v.as_str())).collect();
    line_out(out, cmd, &props, &message);
}

fn line_out(out: &mut String, cmd: &str, props: &[(&str, &str)], message: &str) {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(&crate::text::visible_line(v))))
        .collect();
    let message = escape_data(&crate::text::visible(message));
    let _ = writeln!(out, "::{cmd} {}::{message}", props.join(","));
}

/// A document path as GitHub wants it: forward slashes, relative to the workspace.
fn file(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("100%\r\n::x"), "100%25%0D%0A::x");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn severities_map_to_commands() {
        assert_eq!(command(Severity::Major, false), "error");
        assert_eq!(command(Severity::Minor, false), "warning");
        assert_eq!(command(Severity::Advisory, false), "notice");
        assert_eq!(command(Severity::Blocking, true), "notice");
    }
}
