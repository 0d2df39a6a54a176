//! CSV of findings: every criterion's result as a spreadsheet row.
//!
//! Consultants sort and filter findings in Excel or WPS. The file is UTF-8 with a
//! byte-order mark (without it Excel reads Chinese as mojibake), quoted by the `csv`
//! crate, and every cell that a spreadsheet would take for a formula (starting with `=`,
//! `+`, `-`, `@`, tab or CR) gets a leading apostrophe: a company named `=HYPERLINK(…)`
//! must stay text. Controls and bidi characters in cells are shown as escapes, as in
//! every human-readable format.

use super::view::{DocumentView, FindingView, RunView};
use super::{bonus_criteria, severity_id};
use crate::standard::load::RuleKind;

/// The byte-order mark that tells spreadsheets the file is UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// The header row.
pub const HEADER: &[&str] = &[
    "document",
    "company",
    "standard",
    "kind",
    "criterion",
    "title",
    "clause",
    "status",
    "gap",
    "severity",
    "points",
    "max_points",
    "expected",
    "found",
    "yaml_path",
    "line",
    "column",
    "remediation",
    "fingerprint",
    "coverage",
];

/// Renders one row per finding of every document and standard.
pub fn render(run: &RunView) -> anyhow::Result<String> {
    let mut out = head()?;
    for views in super::stream::by_document(&run.documents) {
        out.extend(rows(views)?);
    }
    Ok(String::from_utf8(out)?)
}

/// The CSV stream: the byte-order mark and the header first, then each document's rows.
pub fn stream(_: &super::stream::Head) -> super::stream::Stream {
    super::stream::Stream {
        render: Box::new(Rows),
        assemble: Box::new(Csv { started: false }),
    }
}

struct Rows;

impl super::stream::Render for Rows {
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<super::stream::Part> {
        Ok(super::stream::Part::bytes(rows(views)?))
    }
}

struct Csv {
    started: bool,
}

impl Csv {
    fn start(&mut self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        if !std::mem::replace(&mut self.started, true) {
            w.write_all(&head().map_err(std::io::Error::other)?)?;
        }
        Ok(())
    }
}

impl super::stream::Assemble for Csv {
    fn push(
        &mut self,
        part: super::stream::Part,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.start(w)?;
        w.write_all(&part.bytes)
    }

    fn finish(
        &mut self,
        _: super::stream::Tail<'_>,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.start(w)
    }
}

fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn into_bytes(w: ::csv::Writer<Vec<u8>>) -> anyhow::Result<Vec<u8>> {
    w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
}

/// The byte-order mark and the header row.
fn head() -> anyhow::Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(HEADER)?;
    let mut out = BOM.as_bytes().to_vec();
    out.extend(into_bytes(w)?);
    Ok(out)
}

/// The rows of one document: every finding of each of its standards.
fn rows(views: &[DocumentView]) -> anyhow::Result<Vec<u8>> {
    let mut w = writer();
    for doc in views {
        let bonus = bonus_criteria(doc);
        let scored = doc.findings.iter().filter(|f| f.kind != RuleKind::Bonus);
        for f in scored.chain(bonus) {
            w.write_record(row(doc, f).iter().map(|c| defuse(&crate::text::visible(c))))?;
        }
    }
    into_bytes(w)
}

fn row(doc: &DocumentView, f: &FindingView) -> Vec<String> {
    let (yaml_path, line, column) = f.location.as_ref().map_or_else(
        || (String::new(), String::new(), String::new()),
        |l| {
            (
                l.yaml_path.clone(),
                l.line.to_string(),
                l.column.to_string(),
            )
        },
    );
    let kind = serde_json::to_value(f.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    vec![
        doc.path.clone(),
        doc.company.clone(),
        format!("{} {}", doc.standard.id, doc.standard.version),
        kind,
        f.criterion.clone(),
        f.title.clone(),
        f.clause.clone().unwrap_or_default(),
        f.status.id().to_string(),
        f.gap.map_or("", |g| g.id()).to_string(),
        severity_id(f.severity).to_string(),
        format!("{:.2}", f.points),
        format!("{:.2}", f.max_points),
        f.expected.clone().unwrap_or_default(),
        f.found.clone().unwrap_or_default(),
        yaml_path,
        line,
        column,
        f.remediation.clone(),
        f.fingerprint.clone(),
        doc.coverage.map_or_else(String::new, |c| c.to_string()),
    ]
}

/// Prefixes a cell a spreadsheet would evaluate as a formula with an apostrophe.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formula_cells_are_defused() {
        for bad in ["=1+2", "+cmd", "-1+1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(defuse(bad), format!("'{bad}"));
        }
        assert_eq!(defuse("电饭煲 = rice"), "电饭煲 = rice");
        assert_eq!(defuse(""), "");
    }
}
