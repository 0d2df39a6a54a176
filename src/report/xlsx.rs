//! The Excel self-assessment workbook: the 自评表 and 整改计划 a consultant hands over.
//!
//! Consultants work in spreadsheets, and a score they cannot re-derive is a score they
//! cannot defend. So the workbook does not only list results: the summary's score,
//! rating and section subtotals are formulas over the self-assessment sheet and the
//! special deductions and bonus sheet. Change a status in the dropdown, or a credit for
//! a partial item, and the score recalculates by the standard's rule (earned ÷ applicable
//! × 100 − deductions + the bonus up to its cap; enough deductions fail whatever the
//! score). Each formula also carries the value the audit computed as its cached result,
//! so a viewer that does not recalculate shows the same figures as the JSON report.
//! `.ci/validators` recalculates every fixture's workbook with LibreOffice and compares.
//!
//! One workbook per run: every document × standard of the run is one "assessment",
//! numbered from 1, with its own block on the summary sheet; the other sheets hold the
//! rows of every assessment, told apart by their first column. The evidence checklist
//! is merged across the run.

use super::view::{DocumentView, FindingView, RunView};
use super::{RenderOptions, bonus_criteria, gaps};
use crate::i18n::{Lang, Text, t};
use crate::score::Status;
use crate::standard::load::RuleKind;
use crate::standard::model::{Method, Severity};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// The most characters a cell holds (Excel's limit is 32,767).
const MAX_CELL_CHARS: usize = 32_000;

/// The sheets' names, in the report's language.
struct Names {
    summary: String,
    assessment: String,
    special: String,
}

/// Renders the run as an .xlsx workbook.
pub fn render(run: &RunView, opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
    Ok(workbook(run, opts.lang)?.save_to_buffer()?)
}

fn workbook(run: &RunView, lang: Lang) -> Result<Workbook, XlsxError> {
    let names = Names {
        summary: t(lang, "xlsx-sheet-summary").to_string(),
        assessment: t(lang, "xlsx-sheet-assessment").to_string(),
        special: t(lang, "xlsx-sheet-special").to_string(),
    };
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(run, lang));
    let rows = assessment_rows(run);
    let special = special_rows(run);
    let summary = wb.add_worksheet();
    summary.set_name(&names.summary)?;
    let scores = write_summary(summary, run, lang, &names, &st, rows.len(), special.len())?;
    let sheet = wb.add_worksheet();
    sheet.set_name(&names.assessment)?;
    write_assessment(sheet, &rows, lang, &st)?;
    let sheet = wb.add_worksheet();
    sheet.set_name(&names.special)?;
    write_special(sheet, &special, lang, &st)?;
    let sheet = wb.add_worksheet();
    sheet.set_name(t(lang, "xlsx-sheet-evidence"))?;
    write_evidence(sheet, run, lang, &st)?;
    let sheet = wb.add_worksheet();
    sheet.set_name(t(lang, "xlsx-sheet-actions"))?;
    write_actions(sheet, run, lang, &st)?;
    // Named cells let a checker find each assessment's figures in any language.
    for (k, cells) in scores.iter().enumerate() {
        let named = [
            ("score", &cells.score),
            ("applicable", &cells.applicable),
            ("rating", &cells.rating),
        ];
        for (name, cell) in named {
            let formula = format!("={}!{cell}", quote(&names.summary));
            wb.define_name(format!("aftercert_{name}_{}", k + 1), &formula)?;
        }
    }
    Ok(wb)
}

/// The workbook's title and date: dated the audit date, so the same run writes the same
/// bytes (the writer would otherwise stamp the current time).
fn properties(run: &RunView, lang: Lang) -> DocProperties {
    let title = t(lang, "xlsx-sheet-assessment").to_string();
    let props = DocProperties::new().set_title(title);
    let props = match run.documents.first() {
        Some(d) => props.set_company(text(&d.company)),
        None => props,
    };
    let date = chrono::NaiveDate::parse_from_str(&run.as_of, "%Y-%m-%d").ok();
    let stamp = date.and_then(|d| {
        use chrono::Datelike;
        let (m, day) = (u8::try_from(d.month()).ok()?, u8::try_from(d.day()).ok()?);
        ExcelDateTime::from_ymd(u16::try_from(d.year()).ok()?, m, day).ok()
    });
    match stamp {
        Some(s) => props.set_creation_datetime(&s),
        None => props,
    }
}

/// Cell formats shared by the sheets.
struct Styles {
    header: Format,
    title: Format,
    label: Format,
    wrap: Format,
    points: Format,
    exact: Format,
    shown: Format,
    percent: Format,
    input: Format,
    date: Format,
}

impl Styles {
    fn new() -> Self {
        let wrap = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let input = wrap.clone().set_background_color(Color::RGB(0xFFF2CC));
        Styles {
            header: wrap
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2)),
            title: Format::new().set_bold().set_font_size(14),
            label: wrap.clone().set_bold(),
            points: wrap.clone().set_num_format("0.00"),
            exact: wrap.clone().set_num_format("0.0000"),
            shown: wrap.clone().set_bold().set_num_format("0.0"),
            percent: wrap.clone().set_num_format("0.0%"),
            date: input.clone().set_num_format("yyyy-mm-dd"),
            input,
            wrap,
        }
    }
}

/// A sheet name quoted for a formula (always quoted: names may be Chinese or hold `-`).
fn quote(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// A text as a formula's string literal.
fn literal(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Free text made safe for a cell: controls shown as escapes, clipped to the cell limit.
fn text(s: &str) -> String {
    let shown = crate::text::visible(s);
    match shown.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None => shown.into_owned(),
    }
}

/// An absolute cell reference (`$B$7`), 0-based row and column.
fn abs(row: u32, col: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell_absolute(row, col)
}

/// A column of a sheet's data rows (row 2 to the last), as an absolute range.
fn column(sheet: &str, col: u16, rows: usize) -> String {
    let last = u32::try_from(rows.max(1)).unwrap_or(u32::MAX - 1);
    format!("{}!{}:{}", quote(sheet), abs(1, col), abs(last, col))
}

/// The standard as published ("GB/T 27922-2011 商品售后服务评价体系") when its source
/// starts with a national standard's code; its title otherwise.
fn standard_name(doc: &DocumentView) -> String {
    let title = &doc.standard.title;
    let code = doc.standard.source.split(" (").next().unwrap_or_default();
    let national = ["GB/T ", "GB ", "GB/Z "]
        .iter()
        .any(|p| code.starts_with(p));
    if national && code.len() < 40 && !title.contains(code) {
        format!("{code} {title}")
    } else {
        title.clone()
    }
}

/// The height of a row whose merged cell (about 60 Latin or 30 Chinese characters a
/// line) holds a long text: merged cells do not grow by themselves.
fn note_height(s: &str) -> f64 {
    let width: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    let lines = width.div_ceil(60).max(1) as f64;
    (lines * 15.0).min(409.0)
}

/// The status labels the dropdown offers and the formulas compare with.
struct Labels {
    met: String,
    partial: String,
    missing: String,
    na: String,
    yes: String,
    no: String,
}

impl Labels {
    fn new(lang: Lang) -> Self {
        let s = |id: &str| t(lang, &format!("status-{id}")).to_string();
        Labels {
            met: s("met"),
            partial: s("partial"),
            missing: s("missing"),
            na: s("not-applicable"),
            yes: t(lang, "xlsx-yes").to_string(),
            no: t(lang, "xlsx-no").to_string(),
        }
    }
}

// ---------------------------------------------------------------- self-assessment

/// Self-assessment columns.
const A_KEY: u16 = 0;
const A_SECTION: u16 = 1;
const A_STATUS: u16 = 4;
const A_CREDIT: u16 = 5;
const A_EARNED: u16 = 6;
const A_MAX: u16 = 7;
const A_HEADERS: &[(&str, f64)] = &[
    ("xlsx-assessment", 8.0),
    ("section", 14.0),
    ("clause", 9.0),
    ("requirement", 48.0),
    ("xlsx-status", 12.0),
    ("xlsx-credit", 12.0),
    ("xlsx-earned", 9.0),
    ("xlsx-max", 9.0),
    ("xlsx-point-basis", 10.0),
    ("xlsx-location", 24.0),
    ("xlsx-finding", 48.0),
    ("xlsx-action", 48.0),
    ("xlsx-notes", 24.0),
    ("xlsx-reference", 24.0),
];

/// A scored criterion of one assessment.
struct Row<'a> {
    key: usize,
    doc: &'a DocumentView,
    f: &'a FindingView,
}

fn assessment_rows(run: &RunView) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for (i, doc) in run.documents.iter().enumerate() {
        let scored = doc.findings.iter().filter(|f| f.kind == RuleKind::Scored);
        rows.extend(scored.map(|f| Row { key: i + 1, doc, f }));
    }
    rows
}

fn headers(
    sheet: &mut Worksheet,
    cols: &[(&str, f64)],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    for (c, (key, width)) in cols.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, t(lang, key), &st.header)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Finishes a table: a filter over its header and rows.
fn filter(sheet: &mut Worksheet, rows: usize, cols: usize) -> Result<(), XlsxError> {
    let last = u32::try_from(rows).unwrap_or(u32::MAX - 1).max(1);
    sheet.autofilter(0, 0, last, cols.saturating_sub(1) as u16)?;
    Ok(())
}

fn write_assessment(
    sheet: &mut Worksheet,
    rows: &[Row<'_>],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let labels = Labels::new(lang);
    headers(sheet, A_HEADERS, lang, st)?;
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX - 1);
        write_criterion(sheet, r, row, &labels, st)?;
    }
    if !rows.is_empty() {
        let last = u32::try_from(rows.len()).unwrap_or(u32::MAX - 1);
        let list = [&labels.met, &labels.partial, &labels.missing, &labels.na];
        let status = DataValidation::new()
            .allow_list_strings(&list)?
            .set_input_message(t(lang, "xlsx-status-help"))?;
        sheet.add_data_validation(1, A_STATUS, last, A_STATUS, &status)?;
        let credit = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
            .set_input_message(t(lang, "xlsx-credit-help"))?;
        sheet.add_data_validation(1, A_CREDIT, last, A_CREDIT, &credit)?;
    }
    filter(sheet, rows.len(), A_HEADERS.len())
}

/// One criterion's row; its points are a formula over its status, credit and maximum.
fn write_criterion(
    sheet: &mut Worksheet,
    r: u32,
    row: &Row<'_>,
    labels: &Labels,
    st: &Styles,
) -> Result<(), XlsxError> {
    let f = row.f;
    let (earned, max) = row
        .doc
        .exact
        .points
        .get(&f.criterion)
        .copied()
        .unwrap_or((f.points, f.max_points));
    sheet.write_number_with_format(r, A_KEY, row.key as f64, &st.wrap)?;
    let section = f.section.as_deref().unwrap_or_default();
    sheet.write_string_with_format(r, A_SECTION, text(section), &st.wrap)?;
    let clause = f.clause.as_deref().unwrap_or_default();
    sheet.write_string_with_format(r, 2, text(clause), &st.wrap)?;
    sheet.write_string_with_format(r, 3, text(&f.requirement), &st.wrap)?;
    sheet.write_string_with_format(r, A_STATUS, text(&f.status_label), &st.input)?;
    if f.status == Status::Partial && max > 0.0 {
        let credit = Format::clone(&st.input).set_num_format("0%");
        sheet.write_number_with_format(r, A_CREDIT, earned / max, &credit)?;
    } else {
        sheet.write_blank(r, A_CREDIT, &st.input)?;
    }
    let (s, c, m) = (abs(r, A_STATUS), abs(r, A_CREDIT), abs(r, A_MAX));
    let formula = format!(
        "=IF({s}={},{m},IF({s}={},{m}*{c},0))",
        literal(&labels.met),
        literal(&labels.partial)
    );
    let cached = if matches!(f.status, Status::Met | Status::Partial) {
        earned
    } else {
        0.0
    };
    let formula = Formula::new(formula).set_result(cached.to_string());
    sheet.write_formula_with_format(r, A_EARNED, formula, &st.points)?;
    sheet.write_number_with_format(r, A_MAX, max, &st.points)?;
    sheet.write_string_with_format(r, 8, text(&f.confidence_label), &st.wrap)?;
    sheet.write_string_with_format(r, 9, location(f), &st.wrap)?;
    sheet.write_string_with_format(r, 10, text(&finding_words(f)), &st.wrap)?;
    let action = if f.status.is_gap() {
        f.remediation.as_str()
    } else {
        ""
    };
    sheet.write_string_with_format(r, 11, text(action), &st.wrap)?;
    sheet.write_blank(r, 12, &st.input)?;
    sheet.write_string_with_format(r, 13, text(&f.criterion), &st.wrap)?;
    Ok(())
}

/// `file:line` of a finding.
fn location(f: &FindingView) -> String {
    f.location
        .as_ref()
        .map(|l| text(&format!("{}:{}", l.path, l.line)))
        .unwrap_or_default()
}

/// The finding in words: the nonconformity for a gap, then what the document says.
fn finding_words(f: &FindingView) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(n) = f.nonconformity.as_deref() {
        parts.push(n);
    }
    match (f.vacuous_note.as_deref(), f.found.as_deref()) {
        (Some(note), _) => parts.push(note),
        (None, Some(found)) => parts.push(found),
        (None, None) => {}
    }
    parts.join("\n")
}

// ---------------------------------------------------------------- deductions and bonus

/// Columns of the special deductions and bonus sheet.
const S_KEY: u16 = 0;
const S_KIND: u16 = 1;
const S_FIRED: u16 = 3;
const S_POINTS: u16 = 4;
const S_HEADERS: &[(&str, f64)] = &[
    ("xlsx-assessment", 8.0),
    ("xlsx-kind", 12.0),
    ("xlsx-item", 40.0),
    ("xlsx-fired", 10.0),
    ("xlsx-points", 9.0),
    ("xlsx-ground", 14.0),
    ("xlsx-location", 24.0),
    ("xlsx-finding", 48.0),
    ("xlsx-notes", 24.0),
    ("xlsx-reference", 24.0),
];

/// A special deduction or bonus criterion of one assessment.
struct Special<'a> {
    key: usize,
    doc: &'a DocumentView,
    f: &'a FindingView,
}

fn special_rows(run: &RunView) -> Vec<Special<'_>> {
    let mut rows = Vec::new();
    for (i, doc) in run.documents.iter().enumerate() {
        let deductions = doc
            .findings
            .iter()
            .filter(|f| f.kind == RuleKind::Deduction);
        let all = deductions.chain(bonus_criteria(doc));
        rows.extend(all.map(|f| Special { key: i + 1, doc, f }));
    }
    rows
}

/// Whether a special deduction fired, or a bonus was earned.
fn fired(f: &FindingView) -> bool {
    match f.kind {
        RuleKind::Bonus => f.status == Status::Met,
        _ => f.status.is_gap(),
    }
}

fn write_special(
    sheet: &mut Worksheet,
    rows: &[Special<'_>],
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let labels = Labels::new(lang);
    headers(sheet, S_HEADERS, lang, st)?;
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX - 1);
        let f = row.f;
        let bonus = f.kind == RuleKind::Bonus;
        let points = if bonus {
            row.doc
                .exact
                .points
                .get(&f.criterion)
                .map_or(f.max_points, |p| p.1)
        } else {
            row.doc.exact.deduction_points
        };
        let kind = t(lang, if bonus { "bonus" } else { "special-deductions" });
        let yes = if fired(f) { &labels.yes } else { &labels.no };
        sheet.write_number_with_format(r, S_KEY, row.key as f64, &st.wrap)?;
        sheet.write_string_with_format(r, S_KIND, kind, &st.wrap)?;
        sheet.write_string_with_format(r, 2, text(&f.title), &st.wrap)?;
        sheet.write_string_with_format(r, S_FIRED, yes.as_str(), &st.input)?;
        sheet.write_number_with_format(r, S_POINTS, points, &st.points)?;
        let ground = f.ground_label.as_deref().unwrap_or(&f.confidence_label);
        sheet.write_string_with_format(r, 5, text(ground), &st.wrap)?;
        sheet.write_string_with_format(r, 6, location(f), &st.wrap)?;
        sheet.write_string_with_format(r, 7, text(&finding_words(f)), &st.wrap)?;
        sheet.write_blank(r, 8, &st.input)?;
        sheet.write_string_with_format(r, 9, text(&f.criterion), &st.wrap)?;
    }
    if !rows.is_empty() {
        let last = u32::try_from(rows.len()).unwrap_or(u32::MAX - 1);
        let v = DataValidation::new().allow_list_strings(&[&labels.yes, &labels.no])?;
        sheet.add_data_validation(1, S_FIRED, last, S_FIRED, &v)?;
    }
    filter(sheet, rows.len(), S_HEADERS.len())
}

// ---------------------------------------------------------------- summary

/// Where the summary's formulas read.
struct Ranges {
    key: String,
    section: String,
    status: String,
    earned: String,
    max: String,
    s_key: String,
    s_kind: String,
    s_fired: String,
    s_points: String,
}

impl Ranges {
    fn new(names: &Names, rows: usize, special: usize) -> Self {
        let a = |c| column(&names.assessment, c, rows);
        let s = |c| column(&names.special, c, special);
        Ranges {
            key: a(A_KEY),
            section: a(A_SECTION),
            status: a(A_STATUS),
            earned: a(A_EARNED),
            max: a(A_MAX),
            s_key: s(S_KEY),
            s_kind: s(S_KIND),
            s_fired: s(S_FIRED),
            s_points: s(S_POINTS),
        }
    }
}

/// The cells of an assessment's exact score and applicable points on the summary.
struct Cells {
    score: String,
    applicable: String,
    rating: String,
}

/// Writes one block per assessment; returns the cells of each block's figures.
fn write_summary(
    sheet: &mut Worksheet,
    run: &RunView,
    lang: Lang,
    names: &Names,
    st: &Styles,
    rows: usize,
    special: usize,
) -> Result<Vec<Cells>, XlsxError> {
    sheet.set_column_width(0, 34.0)?;
    sheet.set_column_width(1, 16.0)?;
    sheet.set_column_width(2, 12.0)?;
    sheet.set_column_width(3, 12.0)?;
    sheet.set_column_width(4, 12.0)?;
    sheet.set_column_width(5, 12.0)?;
    let ranges = Ranges::new(names, rows, special);
    let ctx = Block {
        sheet,
        run,
        lang,
        st,
        ranges: &ranges,
        labels: Labels::new(lang),
        row: 0,
    };
    ctx.write_all()
}

/// The summary sheet being written, and the next free row.
struct Block<'a, 'w> {
    sheet: &'w mut Worksheet,
    run: &'a RunView,
    lang: Lang,
    st: &'a Styles,
    ranges: &'a Ranges,
    labels: Labels,
    row: u32,
}

impl Block<'_, '_> {
    fn write_all(mut self) -> Result<Vec<Cells>, XlsxError> {
        let mut scores = Vec::new();
        let docs = self.run.documents.iter().enumerate();
        for (i, doc) in docs {
            scores.push(self.document(i + 1, doc)?);
            self.row += 2;
        }
        Ok(scores)
    }

    /// A label and a text value on the next row.
    fn line(&mut self, key: &str, value: &str) -> Result<u32, XlsxError> {
        let r = self.row;
        self.sheet
            .write_string_with_format(r, 0, t(self.lang, key), &self.st.label)?;
        self.sheet
            .merge_range(r, 1, r, 5, &text(value), &self.st.wrap)?;
        self.row += 1;
        Ok(r)
    }

    /// A label and a figure on the next row: a formula with its cached result, or a
    /// number when `formula` is empty.
    fn figure(
        &mut self,
        key: &str,
        formula: &str,
        value: f64,
        fmt: &Format,
    ) -> Result<String, XlsxError> {
        let r = self.row;
        self.sheet
            .write_string_with_format(r, 0, t(self.lang, key), &self.st.label)?;
        if formula.is_empty() {
            self.sheet.write_number_with_format(r, 1, value, fmt)?;
        } else {
            let f = Formula::new(formula).set_result(value.to_string());
            self.sheet.write_formula_with_format(r, 1, f, fmt)?;
        }
        self.row += 1;
        Ok(abs(r, 1))
    }

    fn document(&mut self, k: usize, doc: &DocumentView) -> Result<Cells, XlsxError> {
        let lang = self.lang;
        let title = format!(
            "{} {k} · {}",
            t(lang, "xlsx-assessment"),
            text(&doc.company)
        );
        self.sheet
            .write_string_with_format(self.row, 0, &title, &self.st.title)?;
        self.row += 1;
        let key = self.figure("xlsx-assessment", "", k as f64, &self.st.wrap.clone())?;
        self.line("company", &doc.company)?;
        self.line("xlsx-document", &doc.path)?;
        self.line("standard", &standard_name(doc))?;
        let date = super::markdown::format_date(&self.run.as_of, lang);
        self.line("audit-date", &date)?;
        let r = self.line("xlsx-method", &doc.method_note)?;
        self.sheet
            .set_row_height(r, note_height(&doc.method_note))?;
        let cells = self.score(&key, doc)?;
        let coverage = doc.coverage.unwrap_or(0.0);
        self.figure("coverage", "", coverage, &self.st.percent.clone())?;
        self.line("xlsx-coverage-note", t(lang, "xlsx-coverage-fixed"))?;
        self.row += 1;
        self.sections(&key, doc)?;
        Ok(cells)
    }

    /// The test that a status counts towards the applicable points (met, partial or
    /// missing; not applicable and undetermined leave the denominator).
    fn counted(&self) -> String {
        let l = &self.labels;
        [&l.met, &l.partial, &l.missing]
            .map(|s| format!("({}={})", self.ranges.status, literal(s)))
            .join("+")
    }

    /// Earned, applicable, deductions, bonus, score and rating, each a formula.
    fn score(&mut self, key: &str, doc: &DocumentView) -> Result<Cells, XlsxError> {
        let (r, st, lang) = (self.ranges, self.st, self.lang);
        let counted = self.counted();
        let fired = format!("{},{}", r.s_fired, literal(&self.labels.yes));
        let is_kind = |k: &str| format!("{},{},{},{}", r.s_key, key, r.s_kind, literal(t(lang, k)));
        let is_key = format!("({}={key})", r.key);
        let earned_f = format!("=SUMIFS({},{},{key})", r.earned, r.key);
        let earned = self.figure("xlsx-earned-total", &earned_f, doc.earned, &st.points)?;
        let applicable_f = format!("=SUMPRODUCT({is_key}*({counted})*{})", r.max);
        let applicable = self.figure(
            "xlsx-applicable-total",
            &applicable_f,
            doc.applicable,
            &st.points,
        )?;
        // Nothing applicable: the audit's own figure (100 when the law binds none of the
        // document's product lines, 0 otherwise).
        let fallback = if doc.applicable > 0.0 {
            0.0
        } else {
            doc.base_score
        };
        let base_f = format!("=IF({applicable}>0,{earned}/{applicable}*100,{fallback})");
        let base = self.figure("xlsx-base-score", &base_f, doc.base_score, &st.points)?;
        let count_f = format!("=COUNTIFS({},{fired})", is_kind("special-deductions"));
        let n = doc.special_deductions.len() as f64;
        let count = self.figure("xlsx-deduction-count", &count_f, n, &st.wrap.clone())?;
        let deducted_f = format!(
            "=SUMIFS({},{},{fired})",
            r.s_points,
            is_kind("special-deductions")
        );
        let deducted = self.figure(
            "xlsx-deducted",
            &deducted_f,
            doc.exact.deduction_points * n,
            &st.points,
        )?;
        let cap = self.figure("xlsx-bonus-cap", "", doc.exact.bonus_cap, &st.points)?;
        let bonus_f = format!(
            "=MIN(SUMIFS({},{},{fired}),{cap})",
            r.s_points,
            is_kind("bonus")
        );
        let bonus = self.figure("bonus", &bonus_f, doc.bonus_points, &st.points)?;
        let score_f = format!("=MAX(0,MIN(100,{base}-{deducted}+{bonus}))");
        let score = self.figure("xlsx-score-exact", &score_f, doc.score, &st.exact)?;
        let shown_f = format!("=ROUNDDOWN({score}+1E-9,1)");
        let shown: f64 = doc.score_shown.parse().unwrap_or(doc.score);
        self.figure("score", &shown_f, shown, &st.shown.clone())?;
        let fail_at = doc.exact.fail_at_deductions.map_or(0.0, f64::from);
        let fail_cell = self.figure("xlsx-fail-at", "", fail_at, &st.wrap.clone())?;
        let rating = self.rating(doc, &score, &count, &fail_cell)?;
        Ok(Cells {
            score,
            applicable,
            rating,
        })
    }

    /// The rating: a lookup of the score in the bands written below it, the lowest band
    /// when the deductions alone fail. Build-out standards rate by stages reached, which
    /// no formula over points can tell: their rating is the audit's.
    fn rating(
        &mut self,
        doc: &DocumentView,
        score: &str,
        count: &str,
        fail_at: &str,
    ) -> Result<String, XlsxError> {
        let at = self.row;
        let bands = u32::try_from(doc.ratings.len()).unwrap_or(0);
        let (first, last) = (at + 2, at + 1 + bands);
        if doc.standard.method == Method::Stages || bands == 0 {
            self.line("rating", &doc.rating.label)?;
        } else {
            let mins = format!("{}:{}", abs(first, 1), abs(last, 1));
            let labels = format!("{}:{}", abs(first, 0), abs(last, 0));
            let lowest = abs(first, 0);
            let f = format!(
                "=IF(AND({fail_at}>0,{count}>={fail_at}),{lowest},IFERROR(LOOKUP({score}+1E-9,{mins},{labels}),{lowest}))"
            );
            let r = self.row;
            self.sheet
                .write_string_with_format(r, 0, t(self.lang, "rating"), &self.st.label)?;
            let f = Formula::new(f).set_result(text(&doc.rating.label));
            self.sheet
                .write_formula_with_format(r, 1, f, &self.st.label)?;
            self.row += 1;
        }
        let h = self.row;
        self.sheet
            .write_string_with_format(h, 0, t(self.lang, "xlsx-band"), &self.st.header)?;
        self.sheet.write_string_with_format(
            h,
            1,
            t(self.lang, "xlsx-band-min"),
            &self.st.header,
        )?;
        for (i, band) in doc.ratings.iter().enumerate() {
            let r = h + 1 + i as u32;
            self.sheet
                .write_string_with_format(r, 0, text(&band.label), &self.st.wrap)?;
            self.sheet
                .write_number_with_format(r, 1, band.min, &self.st.points)?;
        }
        self.row = h + 1 + bands + 1;
        Ok(abs(at, 1))
    }

    /// Section subtotals: earned and applicable points as formulas, and their ratio.
    fn sections(&mut self, key: &str, doc: &DocumentView) -> Result<(), XlsxError> {
        let h = self.row;
        let cols = [
            "section",
            "clause",
            "xlsx-weight",
            "xlsx-earned",
            "xlsx-applicable",
            "xlsx-percent",
        ];
        for (c, k) in cols.iter().enumerate() {
            self.sheet
                .write_string_with_format(h, c as u16, t(self.lang, k), &self.st.header)?;
        }
        let rg = self.ranges;
        let counted = self.counted();
        for (i, sec) in doc.sections.iter().enumerate() {
            let r = h + 1 + i as u32;
            let name = abs(r, 0);
            self.sheet
                .write_string_with_format(r, 0, text(&sec.title), &self.st.wrap)?;
            let clause = sec.clause.as_deref().unwrap_or_default();
            self.sheet
                .write_string_with_format(r, 1, text(clause), &self.st.wrap)?;
            match sec.weight {
                Some(w) => self
                    .sheet
                    .write_number_with_format(r, 2, w, &self.st.points)?,
                None => self.sheet.write_blank(r, 2, &self.st.wrap)?,
            };
            let earned = format!(
                "=SUMIFS({},{},{key},{},{name})",
                rg.earned, rg.key, rg.section
            );
            let f = Formula::new(earned).set_result(sec.earned.to_string());
            self.sheet
                .write_formula_with_format(r, 3, f, &self.st.points)?;
            let applicable = format!(
                "=SUMPRODUCT(({}={key})*({}={name})*({counted})*{})",
                rg.key, rg.section, rg.max
            );
            let f = Formula::new(applicable).set_result(sec.applicable.to_string());
            self.sheet
                .write_formula_with_format(r, 4, f, &self.st.points)?;
            let (e, a) = (abs(r, 3), abs(r, 4));
            let pct = sec
                .percent
                .map_or(String::new(), |p| (p / 100.0).to_string());
            let f = Formula::new(format!("=IF({a}>0,{e}/{a},\"\")")).set_result(pct);
            self.sheet
                .write_formula_with_format(r, 5, f, &self.st.percent)?;
        }
        self.row = h + 1 + doc.sections.len() as u32;
        Ok(())
    }
}

// ---------------------------------------------------------------- evidence checklist

const E_HEADERS: &[(&str, f64)] = &[
    ("xlsx-evidence", 48.0),
    ("xlsx-evidence-id", 10.0),
    ("xlsx-needed-by", 60.0),
    ("xlsx-assessment", 10.0),
    ("xlsx-prepared", 10.0),
    ("xlsx-notes", 30.0),
];

/// One evidence item, merged across the run's assessments.
struct Evidence {
    title: String,
    ids: Vec<String>,
    needed_by: Vec<String>,
    keys: Vec<usize>,
}

fn evidence_items(run: &RunView) -> Vec<Evidence> {
    let mut items: Vec<Evidence> = Vec::new();
    for (i, doc) in run.documents.iter().enumerate() {
        let applicable = doc.findings.iter().filter(|f| {
            f.kind == RuleKind::Scored
                && !matches!(f.status, Status::NotApplicable | Status::Undetermined)
        });
        for f in applicable {
            let by = match f.clause.as_deref() {
                Some(c) => format!("{c} {}", f.title),
                None => f.title.clone(),
            };
            for e in &f.evidence {
                let at = match items.iter().position(|x| x.title == e.title) {
                    Some(at) => at,
                    None => {
                        items.push(Evidence {
                            title: e.title.clone(),
                            ids: Vec::new(),
                            needed_by: Vec::new(),
                            keys: Vec::new(),
                        });
                        items.len() - 1
                    }
                };
                let item = &mut items[at];
                push_new(&mut item.ids, e.id.clone());
                push_new(&mut item.needed_by, by.clone());
                if !item.keys.contains(&(i + 1)) {
                    item.keys.push(i + 1);
                }
            }
        }
    }
    items.sort_by(|a, b| a.ids.cmp(&b.ids).then_with(|| a.title.cmp(&b.title)));
    items
}

fn push_new(list: &mut Vec<String>, s: String) {
    if !list.contains(&s) {
        list.push(s);
    }
}

fn write_evidence(
    sheet: &mut Worksheet,
    run: &RunView,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let labels = Labels::new(lang);
    headers(sheet, E_HEADERS, lang, st)?;
    let items = evidence_items(run);
    for (i, e) in items.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX - 1);
        sheet.write_string_with_format(r, 0, text(&e.title), &st.wrap)?;
        sheet.write_string_with_format(r, 1, text(&e.ids.join(", ")), &st.wrap)?;
        sheet.write_string_with_format(r, 2, text(&e.needed_by.join("\n")), &st.wrap)?;
        let keys: Vec<String> = e.keys.iter().map(usize::to_string).collect();
        sheet.write_string_with_format(r, 3, keys.join(", "), &st.wrap)?;
        sheet.write_blank(r, 4, &st.input)?;
        sheet.write_blank(r, 5, &st.input)?;
    }
    if !items.is_empty() {
        let last = u32::try_from(items.len()).unwrap_or(u32::MAX - 1);
        let v = DataValidation::new().allow_list_strings(&[&labels.yes, &labels.no])?;
        sheet.add_data_validation(1, 4, last, 4, &v)?;
    }
    filter(sheet, items.len(), E_HEADERS.len())
}

// ---------------------------------------------------------------- action plan

const P_HEADERS: &[(&str, f64)] = &[
    ("xlsx-number", 6.0),
    ("xlsx-assessment", 8.0),
    ("xlsx-priority", 10.0),
    ("clause", 9.0),
    ("xlsx-nonconformity", 44.0),
    ("xlsx-action", 48.0),
    ("xlsx-gain", 10.0),
    ("xlsx-owner", 14.0),
    ("xlsx-due", 12.0),
    ("xlsx-progress", 12.0),
    ("xlsx-reference", 24.0),
];

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Blocking => 0,
        Severity::Major => 1,
        Severity::Minor => 2,
        Severity::Advisory => 3,
    }
}

fn write_actions(
    sheet: &mut Worksheet,
    run: &RunView,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    headers(sheet, P_HEADERS, lang, st)?;
    let mut rows: Vec<(usize, &DocumentView, &FindingView)> = Vec::new();
    for (i, doc) in run.documents.iter().enumerate() {
        rows.extend(gaps(doc).map(|f| (i + 1, doc, f)));
    }
    // Deductions first (they cost points and may fail the audit), then by severity and gain.
    rows.sort_by(|a, b| {
        let rank = |f: &FindingView| (f.kind != RuleKind::Deduction, severity_rank(f.severity));
        rank(a.2)
            .cmp(&rank(b.2))
            .then(b.2.gain.total_cmp(&a.2.gain))
            .then(a.0.cmp(&b.0))
    });
    for (i, (key, doc, f)) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX - 1);
        let gain = if f.kind == RuleKind::Deduction {
            doc.exact.deduction_points
        } else {
            f.gain
        };
        let severity_key = format!("severity-{}", super::severity_id(f.severity));
        let severity = t(lang, &severity_key);
        let words = f.nonconformity.clone().unwrap_or_else(|| finding_words(f));
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &st.wrap)?;
        sheet.write_number_with_format(r, 1, *key as f64, &st.wrap)?;
        sheet.write_string_with_format(r, 2, severity, &st.wrap)?;
        sheet.write_string_with_format(
            r,
            3,
            text(f.clause.as_deref().unwrap_or_default()),
            &st.wrap,
        )?;
        sheet.write_string_with_format(r, 4, text(&words), &st.wrap)?;
        sheet.write_string_with_format(r, 5, text(&f.remediation), &st.wrap)?;
        sheet.write_number_with_format(r, 6, gain, &st.points)?;
        sheet.write_blank(r, 7, &st.input)?;
        sheet.write_blank(r, 8, &st.date)?;
        sheet.write_string_with_format(r, 9, t(lang, "xlsx-open"), &st.input)?;
        sheet.write_string_with_format(r, 10, text(&f.criterion), &st.wrap)?;
    }
    if !rows.is_empty() {
        let last = u32::try_from(rows.len()).unwrap_or(u32::MAX - 1);
        let states = ["xlsx-open", "xlsx-in-progress", "xlsx-done"].map(|k| t(lang, k));
        let v = DataValidation::new().allow_list_strings(&states)?;
        sheet.add_data_validation(1, 9, last, 9, &v)?;
    }
    filter(sheet, rows.len(), P_HEADERS.len())
}

// ---------------------------------------------------------------- stdout

/// The refusal to write a workbook to a terminal: it is binary and would garble the
/// screen. `None` when stdout is a pipe or a file, or when the format is not binary.
pub fn terminal_refusal(
    format: super::Format,
    stdout_is_terminal: bool,
) -> Option<crate::diag::Diagnostic> {
    if format != super::Format::Xlsx || !stdout_is_terminal {
        return None;
    }
    let msg = Text::new(
        "xlsx 是二进制格式，不能输出到终端；请用 -o 报告.xlsx 写入文件，或将标准输出重定向到文件",
        "xlsx is a binary format and is not written to a terminal; write it to a file with -o report.xlsx, or redirect standard output to a file",
    );
    let expected = Text::new(
        "-o 报告.xlsx，或 > 报告.xlsx",
        "-o report.xlsx, or > report.xlsx",
    );
    Some(
        crate::diag::Diagnostic::error(
            crate::diag::Code::OutputNotWritten,
            "-",
            crate::yaml::Pos::default(),
            msg,
        )
        .expected(expected),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_refused_on_a_terminal_only() {
        use super::super::Format as F;
        assert!(terminal_refusal(F::Xlsx, true).is_some());
        assert!(terminal_refusal(F::Xlsx, false).is_none());
        assert!(terminal_refusal(F::Markdown, true).is_none());
    }

    #[test]
    fn formula_texts_are_quoted() {
        assert_eq!(literal("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote("it's"), "'it''s'");
        // Three rows under the header: rows 2 to 4.
        assert_eq!(column("自评表", 6, 3), "'自评表'!$G$2:$G$4");
        assert_eq!(column("x", 0, 0), "'x'!$A$2:$A$2");
    }

    #[test]
    fn cells_are_clipped_and_controls_shown() {
        let long = "字".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(text(&long).chars().count(), MAX_CELL_CHARS + 1);
        assert!(!text("a\u{1b}[2Jb").contains('\u{1b}'));
    }
}
