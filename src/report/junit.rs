//! JUnit XML: the audit as test results, for CI systems that only understand tests.
//!
//! Jenkins, GitLab, Azure DevOps and most CI dashboards read JUnit XML. Each document ×
//! standard section is a `<testsuite>`, each criterion a `<testcase>` (classname
//! `document::standard.section`, so a test id — classname and name — is unique in a run
//! that audits several documents against the same criteria), each gap a `<failure>`, and
//! a criterion that does not apply is `<skipped>`. Special deductions and bonus criteria
//! get a suite each.
//!
//! The XML is written by hand with one small escaping function rather than an XML crate:
//! the output is a fixed, shallow shape with no namespaces or parsing, and the one thing
//! that must be right — escaping, including the control characters XML 1.0 forbids and
//! that `quick-xml`'s escaper passes through — is a dozen lines that are tested here.

use super::markdown::label;
use super::view::{DocumentView, FindingView, RunView, SectionView, one_decimal};
use super::{bonus_criteria, severity_id};
use crate::i18n::Lang;
use crate::score::Status;
use crate::standard::load::RuleKind;
use std::fmt::Write as _;

/// Renders the run as JUnit XML.
pub fn render(run: &RunView) -> String {
    let mut body = String::new();
    let mut total = Counts::default();
    for doc in &run.documents {
        total.add(&document_suites(&mut body, doc, run.lang));
    }
    let mut out = head(&total);
    out.push_str(&body);
    out.push_str(FOOT);
    out
}

const FOOT: &str = "</testsuites>\n";

/// The XML declaration and the root element, whose attributes are the run's totals.
fn head(total: &Counts) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"aftercert\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">\n",
        total.tests, total.failures, total.skipped
    )
}

/// Writes a document's suites against one standard; returns their totals.
fn document_suites(out: &mut String, doc: &DocumentView, lang: Lang) -> Counts {
    let mut total = Counts::default();
    for s in suites(doc, lang) {
        total.add(&s.counts());
        write_suite(out, &s);
    }
    total
}

/// The stream: the root element carries the run's totals, so suites are kept aside
/// (see [`super::stream::Spill`]) and written after it at the end.
pub fn stream(head: &super::stream::Head) -> super::stream::Stream {
    super::stream::Stream {
        render: Box::new(Suites(head.lang)),
        assemble: Box::new(Testsuites {
            total: Counts::default(),
            body: super::stream::Spill::new(),
        }),
    }
}

struct Suites(Lang);

impl super::stream::Render for Suites {
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<super::stream::Part> {
        let mut body = String::new();
        let mut total = Counts::default();
        for doc in views {
            total.add(&document_suites(&mut body, doc, self.0));
        }
        Ok(super::stream::Part {
            bytes: body.into_bytes(),
            extra: Some(Box::new(total)),
        })
    }
}

struct Testsuites {
    total: Counts,
    body: super::stream::Spill,
}

impl super::stream::Assemble for Testsuites {
    fn push(
        &mut self,
        mut part: super::stream::Part,
        _: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        if let Some(c) = part.take_extra::<Counts>() {
            self.total.add(&c);
        }
        self.body.write(&part.bytes)
    }

    fn finish(
        &mut self,
        _: super::stream::Tail<'_>,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        w.write_all(head(&self.total).as_bytes())?;
        self.body.drain_to(w)?;
        w.write_all(FOOT.as_bytes())
    }
}

/// A test suite: the findings of one section (or the deductions, or the bonus) of one audit.
struct Suite<'a> {
    doc: &'a DocumentView,
    /// The language of the messages.
    lang: Lang,
    /// `document::standard.section`.
    classname: String,
    /// The section's title (or the kind's).
    title: String,
    findings: Vec<&'a FindingView>,
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.skipped += other.skipped;
    }
}

/// What a test case reports.
enum Outcome {
    Passed,
    Failed,
    Skipped,
}

/// A gap is a failure unless a waiver that has not expired accepts it; then it is skipped,
/// so an accepted gap does not fail the build. A bonus not earned is not a gap: skipped.
/// Nothing fails against a standard that does not apply to the document.
fn outcome(doc: &DocumentView, f: &FindingView) -> Outcome {
    let waived = f.waiver.as_ref().is_some_and(|w| !w.expired);
    match f.status {
        _ if !doc.standard_applies => Outcome::Skipped,
        Status::NotApplicable | Status::Undetermined => Outcome::Skipped,
        s if s.is_gap() && f.kind == RuleKind::Bonus => Outcome::Skipped,
        s if s.is_gap() && waived => Outcome::Skipped,
        s if s.is_gap() => Outcome::Failed,
        _ => Outcome::Passed,
    }
}

impl Suite<'_> {
    fn counts(&self) -> Counts {
        let mut c = Counts {
            tests: self.findings.len(),
            ..Counts::default()
        };
        for f in &self.findings {
            match outcome(self.doc, f) {
                Outcome::Failed => c.failures += 1,
                Outcome::Skipped => c.skipped += 1,
                Outcome::Passed => {}
            }
        }
        c
    }
}

/// A test case's classname: the document, then `standard.part`.
fn classname(doc: &DocumentView, part: &str) -> String {
    format!("{}::{}.{part}", doc.path, doc.standard.id)
}

fn suites(doc: &DocumentView, lang: Lang) -> Vec<Suite<'_>> {
    let mut out: Vec<Suite<'_>> = doc
        .sections
        .iter()
        .map(|s| section_suite(doc, s, lang))
        .collect();
    let deductions = doc
        .findings
        .iter()
        .filter(|f| f.kind == RuleKind::Deduction);
    out.push(Suite {
        doc,
        lang,
        classname: classname(doc, "special-deductions"),
        title: "special deductions".into(),
        findings: deductions.collect(),
    });
    out.push(Suite {
        doc,
        lang,
        classname: classname(doc, "bonus"),
        title: "bonus".into(),
        findings: bonus_criteria(doc),
    });
    out.retain(|s| !s.findings.is_empty());
    out
}

fn section_suite<'a>(doc: &'a DocumentView, s: &'a SectionView, lang: Lang) -> Suite<'a> {
    let title = match &s.clause {
        Some(c) => format!("{c} {}", s.title),
        None => s.title.clone(),
    };
    Suite {
        doc,
        lang,
        classname: classname(doc, &s.id),
        title,
        findings: doc
            .findings
            .iter()
            .filter(|f| f.kind == RuleKind::Scored && f.section_id.as_deref() == Some(&s.id))
            .collect(),
    }
}

fn write_suite(out: &mut String, s: &Suite<'_>) {
    let c = s.counts();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">",
        escape(&format!("{} · {}", s.classname, s.title)),
        c.tests,
        c.failures,
        c.skipped
    );
    out.push_str("    <properties>\n");
    for (name, value) in [
        ("document", s.doc.path.clone()),
        ("company", s.doc.company.clone()),
        (
            "standard",
            format!("{} {}", s.doc.standard.id, s.doc.standard.version),
        ),
        ("score", s.doc.score_shown.clone()),
        ("coverage", s.doc.coverage_shown.clone()),
        ("rating", s.doc.rating.id.clone()),
    ] {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            escape(&value)
        );
    }
    out.push_str("    </properties>\n");
    for f in &s.findings {
        write_case(out, s, f);
    }
    out.push_str("  </testsuite>\n");
}

fn write_case(out: &mut String, s: &Suite<'_>, f: &FindingView) {
    let line = f.location.as_ref().map_or(0, |l| l.line);
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{line}\" time=\"0\"",
        escape(&s.classname),
        escape(&format!("{} {}", f.criterion, f.title)),
        escape(&s.doc.path),
    );
    match outcome(s.doc, f) {
        Outcome::Passed => out.push_str("/>\n"),
        Outcome::Skipped => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                escape(&skip_reason(s.doc, f, s.lang))
            );
        }
        Outcome::Failed => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                escape(&failure_message(f)),
                failure_type(f),
                escape(&failure_body(f, s.lang))
            );
        }
    }
}

fn skip_reason(doc: &DocumentView, f: &FindingView, lang: Lang) -> String {
    if !doc.standard_applies {
        return label(lang, "standard-not-applicable").to_string();
    }
    if let Some(w) = f.waiver.as_ref() {
        return format!(
            "{}: {} ({})",
            label(lang, "waived"),
            w.justification,
            w.approver
        );
    }
    if f.kind == RuleKind::Bonus {
        return label(lang, "bonus-missed").to_string();
    }
    match &f.tailored {
        Some(t) => format!("{}: {t}", f.status_label),
        None => f.status_label.clone(),
    }
}

/// The failure's type: the severity, then the nature of the gap (`major.silent`,
/// `minor.short`), so a CI dashboard can group by either.
fn failure_type(f: &FindingView) -> String {
    match f.gap {
        Some(g) => format!("{}.{}", severity_id(f.severity), g.id()),
        None => severity_id(f.severity).to_string(),
    }
}

/// The failure's message: the nature of the gap, then title, expected and found.
fn failure_message(f: &FindingView) -> String {
    match &f.gap_label {
        Some(g) => format!("[{g}] {}", f.message),
        None => f.message.clone(),
    }
}

/// The failure's text: what was expected, what the document says, where, and what to do.
fn failure_body(f: &FindingView, lang: Lang) -> String {
    let l = |key: &str| -> String { label(lang, key).to_string() };
    let mut body = String::new();
    let _ = writeln!(
        body,
        "{}: {} ({})",
        l("status"),
        f.status_label,
        l(&format!("severity-{}", severity_id(f.severity)))
    );
    if let Some(g) = &f.gap_label {
        let _ = writeln!(body, "{}: {g}", l("gap"));
    }
    let _ = writeln!(
        body,
        "{}: {} / {}",
        l("points"),
        one_decimal(f.points),
        one_decimal(f.max_points)
    );
    let _ = writeln!(body, "{}: {}", l("requirement"), f.requirement);
    if let Some(n) = &f.nonconformity {
        let _ = writeln!(body, "{}: {n}", l("nonconformity"));
    }
    if let Some(c) = &f.clause {
        let _ = writeln!(body, "{}: {c}", l("clause"));
    }
    let _ = writeln!(
        body,
        "{}: {}",
        l("expected"),
        f.expected.as_deref().unwrap_or("—")
    );
    let _ = writeln!(
        body,
        "{}: {}",
        l("found"),
        f.found.as_deref().unwrap_or("—")
    );
    if let Some(loc) = &f.location {
        let _ = writeln!(
            body,
            "{}: {}:{}:{} ({})",
            l("location"),
            loc.path,
            loc.line,
            loc.column,
            loc.yaml_path
        );
    }
    let _ = writeln!(body, "{}: {}", l("remediation"), f.remediation);
    if let Some(a) = &f.also_counted {
        let _ = writeln!(body, "{a}");
    }
    if let Some(h) = &f.hint {
        let _ = writeln!(body, "{}: {h}", l("hint"));
    }
    body
}

/// Escapes text for XML content and attribute values alike. Characters XML 1.0 forbids
/// (most C0 controls, U+FFFE, U+FFFF), C1 controls and bidi characters become visible
/// `\u{…}` escapes; line breaks and tabs become character references so attribute
/// normalisation keeps them.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push_str(&crate::text::visible(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_covers_markup_quotes_and_forbidden_characters() {
        assert_eq!(
            escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&apos;x&apos;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1}b\u{FFFF}"), "a\\u{1}b\\u{ffff}");
        assert_eq!(
            escape("\u{1b}[2J\u{85}\u{202e}"),
            "\\u{1b}[2J\\u{85}\\u{202e}"
        );
        assert_eq!(escape("1\n2\r\t"), "1&#10;2&#13;&#9;");
        assert_eq!(escape("]]> 电饭煲"), "]]&gt; 电饭煲");
    }
}
