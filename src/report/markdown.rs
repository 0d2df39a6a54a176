//! The template engine setup and the Markdown report.
//!
//! One minijinja environment serves every template-based format: built-in templates are
//! embedded; a file of the same name in `--template-dir` replaces one. User data reaches
//! templates only as values in the context, never as template source, so a company
//! called `{{ 7*7 }}` stays text.
//!
//! The Markdown *texts* of standards (rationale, remediation) are turned into HTML here
//! too, by pulldown-cmark with its options set in [`cmark_options`] only, so every
//! renderer agrees on what a text means; raw HTML in those texts is shown as text.

use super::RenderOptions;
use super::view::{RunView, labels};
use crate::i18n::Lang;
use minijinja::{AutoEscape, Environment, Value};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

pub mod streamed;

/// The built-in templates: `(name, source)`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("report.md.j2", include_str!("../../templates/report.md.j2")),
    (
        "report-head.md.j2",
        include_str!("../../templates/report-head.md.j2"),
    ),
    (
        "report-part.md.j2",
        include_str!("../../templates/report-part.md.j2"),
    ),
    (
        "report-tail.md.j2",
        include_str!("../../templates/report-tail.md.j2"),
    ),
    (
        "report.html.j2",
        include_str!("../../templates/report.html.j2"),
    ),
    (
        "report-head.html.j2",
        include_str!("../../templates/report-head.html.j2"),
    ),
    (
        "report-part.html.j2",
        include_str!("../../templates/report-part.html.j2"),
    ),
    (
        "report-tail.html.j2",
        include_str!("../../templates/report-tail.html.j2"),
    ),
    (
        "report-client.md.j2",
        include_str!("../../templates/report-client.md.j2"),
    ),
    (
        "report-client-head.md.j2",
        include_str!("../../templates/report-client-head.md.j2"),
    ),
    (
        "report-client-heading.md.j2",
        include_str!("../../templates/report-client-heading.md.j2"),
    ),
    (
        "report-client-document.md.j2",
        include_str!("../../templates/report-client-document.md.j2"),
    ),
    (
        "report-client-tail.md.j2",
        include_str!("../../templates/report-client-tail.md.j2"),
    ),
    (
        "report-client.html.j2",
        include_str!("../../templates/report-client.html.j2"),
    ),
    (
        "report-client-head.html.j2",
        include_str!("../../templates/report-client-head.html.j2"),
    ),
    (
        "report-client-heading.html.j2",
        include_str!("../../templates/report-client-heading.html.j2"),
    ),
    (
        "report-client-document.html.j2",
        include_str!("../../templates/report-client-document.html.j2"),
    ),
    (
        "report-client-tail.html.j2",
        include_str!("../../templates/report-client-tail.html.j2"),
    ),
    ("diff.md.j2", include_str!("../../templates/diff.md.j2")),
    ("diff.html.j2", include_str!("../../templates/diff.html.j2")),
];

/// The pulldown-cmark options every renderer uses; the one place they are set.
pub fn cmark_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown text of a standard or document as safe HTML.
///
/// Raw HTML in the source is shown as text, headings become paragraphs (a report's
/// heading outline is the template's), images become links (a report has no external
/// assets) and links other than http, https, mailto or relative ones lose their target.
pub fn markdown_to_html(src: &str) -> String {
    let events = Parser::new_ext(src, cmark_options()).map(neutralise);
    let mut out = String::with_capacity(src.len() * 2);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

fn neutralise(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::HtmlBlock | Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock | TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(safe_link(link_type, dest_url, title, id)),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    }
}

fn safe_link<'a>(
    link_type: LinkType,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
) -> Tag<'a> {
    let dest_url = if is_safe_url(&dest_url) {
        dest_url
    } else {
        CowStr::Borrowed("#")
    };
    Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }
}

/// True for http, https and mailto links and for links without a scheme.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if lower[i..].starts_with(':') => {
            ["http:", "https:", "mailto:"].contains(&&lower[..=i])
        }
        _ => !lower.chars().any(char::is_control),
    }
}

/// Formats an ISO date (`2026-11-23`) for a language: `2026年11月23日`, `23 November 2026`.
pub fn format_date(iso: &str, lang: Lang) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => match lang {
            Lang::Zh | Lang::ZhTw => d.format("%Y年%-m月%-d日").to_string(),
            Lang::En => d.format("%-d %B %Y").to_string(),
        },
        Err(_) => iso.to_string(),
    }
}

/// Formats a number with at most two decimals and no trailing zeros (`100`, `33.5`).
pub fn short_num(v: Option<f64>) -> String {
    let Some(v) = v else {
        return "—".into();
    };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Turns an id into a fragment identifier: no whitespace or markup, whatever a custom
/// standard calls its criteria.
pub fn anchor(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn star_bar(n: u8) -> String {
    let n = usize::from(n.min(5));
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

fn cmark_filter(s: String) -> Value {
    Value::from_safe_string(markdown_to_html(&s))
}

/// Escapes text for a Markdown table cell or line: no raw HTML, no table breaks, controls
/// and bidi characters shown as escapes.
pub fn md_escape(s: &str) -> String {
    let s = crate::text::visible(s);
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only where it would start an entity (`&amp;`, `&#38;`): "Q&A" stays readable.
            '&' if starts_entity(&s[i + 1..]) => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// True when the text after an `&` would make it an HTML entity: `name;` or `#123;`.
fn starts_entity(rest: &str) -> bool {
    let body = rest.strip_prefix('#').unwrap_or(rest);
    let len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    len > 0 && body[len..].starts_with(';')
}

/// Writes text as a Markdown code span: a backtick fence longer than any run of
/// backticks inside, so the text shows literally whatever it holds (controls and bidi
/// characters as escapes).
pub fn md_code(s: &str) -> String {
    let flat: String = crate::text::visible(s)
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// A code span inside a table cell: GFM splits cells on `|` even in code, so it is escaped.
pub fn md_code_cell(s: &str) -> String {
    md_code(s).replace('|', "\\|")
}

/// One decimal, as human-readable reports show points (the point values are mostly
/// assumed: a second decimal would claim a precision they do not have); a missing number
/// (nothing applicable) shows as a dash.
fn fmt_num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), super::view::one_decimal)
}

/// A score: one decimal, rounded down, never shown at a threshold it does not reach.
fn fmt_score(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), super::view::score_text)
}

/// Points still missing: one decimal, rounded up.
fn fmt_missing(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), super::view::missing_text)
}

fn stars(n: u8) -> String {
    "★".repeat(n as usize)
}

/// The largest template file read from `--template-dir`, in bytes. The built-in HTML
/// report template is 26 KB.
pub const MAX_TEMPLATE_BYTES: u64 = 1 << 20;
/// Fuel every user template gets, whatever the run: enough for the built-in report of a
/// few hundred findings many times over.
const FUEL_BASE: u64 = 20_000_000;
/// Fuel added per finding of the run, so a large run still renders while loops nested over
/// the findings (quadratic or worse) run out.
const FUEL_PER_ITEM: u64 = 20_000;
/// Output every user template may write, whatever the run.
const OUTPUT_BASE: u64 = 64 << 20;
/// Output added per finding of the run.
const OUTPUT_PER_ITEM: u64 = 64 << 10;

/// What a user template may spend on one render: minijinja fuel and bytes written.
#[derive(Debug, Clone, Copy)]
struct Budget {
    fuel: u64,
    output: u64,
}

impl Budget {
    /// The budget for a render over `items` findings (or gaps, for a diff).
    fn for_items(items: usize) -> Budget {
        let items = items as u64;
        Budget {
            fuel: FUEL_BASE.saturating_add(FUEL_PER_ITEM.saturating_mul(items)),
            output: OUTPUT_BASE.saturating_add(OUTPUT_PER_ITEM.saturating_mul(items)),
        }
    }
}

/// The templates of a render: the environment, and which of its templates came from
/// `--template-dir` (those run on a [`Budget`], and their errors name their file).
pub struct Templates {
    /// The environment with every template added.
    pub env: Environment<'static>,
    /// The names of the templates read from `--template-dir`.
    user: Vec<&'static str>,
    dir: Option<std::path::PathBuf>,
    lang: Lang,
}

/// Builds the environment for a language, with templates from `--template-dir` first.
pub fn environment(opts: &RenderOptions) -> anyhow::Result<Environment<'static>> {
    Ok(templates(opts)?.env)
}

/// Every value a template writes passes through here: controls and bidi characters from
/// documents and file names become visible escapes before the format's own escaping, so
/// no template, built-in or the user's, can forget it.
fn visible_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    use minijinja::value::ValueKind;
    if let Some(marker) = streamed::ordinal_marker(value) {
        return out.write_str(&marker).map_err(minijinja::Error::from);
    }
    let shown = match value.kind() {
        ValueKind::Undefined | ValueKind::None | ValueKind::Bool | ValueKind::Number => None,
        ValueKind::String => match crate::text::visible(value.as_str().unwrap_or_default()) {
            std::borrow::Cow::Owned(s) => Some(s),
            std::borrow::Cow::Borrowed(_) => None,
        },
        _ => match crate::text::visible(&value.to_string()) {
            std::borrow::Cow::Owned(s) => Some(s),
            std::borrow::Cow::Borrowed(_) => None,
        },
    };
    match shown {
        Some(s) if value.is_safe() => {
            minijinja::escape_formatter(out, state, &Value::from_safe_string(s))
        }
        Some(s) => minijinja::escape_formatter(out, state, &Value::from(s)),
        None => minijinja::escape_formatter(out, state, value),
    }
}

fn base_environment(opts: &RenderOptions) -> anyhow::Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") || name.ends_with(".xml.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(visible_formatter);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            // A template's last newline is kept: the reports are pieces written one
            // after the other, and a piece that ends a line must keep ending it.
            .keep_trailing_newline(true)
            .build()?,
    );
    env.add_filter("md", |s: String| md_escape(&s));
    env.add_filter("code", |s: String| md_code(&s));
    env.add_filter("code_cell", |s: String| md_code_cell(&s));
    env.add_filter("num", fmt_num);
    env.add_filter("score", fmt_score);
    env.add_filter("missing", fmt_missing);
    env.add_filter("stars", stars);
    env.add_filter("star_bar", star_bar);
    env.add_filter("anchor", |s: String| anchor(&s));
    env.add_filter("short", short_num);
    env.add_filter("cmark", cmark_filter);
    let lang = opts.lang;
    env.add_filter("date", move |s: String| format_date(&s, lang));
    Ok(env)
}

/// Builds the environment and adds every template, the user's replacing built-in ones.
pub fn templates(opts: &RenderOptions) -> anyhow::Result<Templates> {
    let mut t = Templates {
        env: base_environment(opts)?,
        user: Vec::new(),
        dir: opts.template_dir.clone(),
        lang: opts.lang,
    };
    for (name, source) in TEMPLATES {
        let text = match &opts.template_dir {
            Some(dir) => user_template(dir, name, opts.lang)?,
            None => None,
        };
        if text.is_some() {
            t.user.push(name);
        }
        let text = text.unwrap_or_else(|| (*source).to_string());
        if let Err(e) = t.env.add_template_owned(name.to_string(), text) {
            return Err(t.error(e, name, None));
        }
    }
    Ok(t)
}

/// Reads a template from `--template-dir` under the size limit, refusing special files;
/// `None` when the folder has no file of that name.
fn user_template(dir: &std::path::Path, name: &str, lang: Lang) -> anyhow::Result<Option<String>> {
    let path = dir.join(name);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let limits = crate::yaml::Limits {
        max_bytes: MAX_TEMPLATE_BYTES,
        ..crate::yaml::Limits::default()
    };
    let shown = crate::text::path(&path);
    crate::process::load::read_text(&path, &shown, &limits)
        .map(Some)
        .map_err(|mut d| {
            if d.code == crate::diag::Code::TooLarge {
                d.expected = Some(crate::i18n::Text::new(
                    format!("不超过 {MAX_TEMPLATE_BYTES} 字节的模板"),
                    format!("a template of at most {MAX_TEMPLATE_BYTES} bytes"),
                ));
            }
            diagnostic_error(&d, lang)
        })
}

/// A template that could not be rendered: its file and line (never the output's), and
/// what went wrong. Kept typed so that whoever writes the output can say that the
/// template, not the output path, is at fault.
#[derive(Debug)]
pub struct TemplateError {
    /// The template's file (or a built-in template's name).
    pub file: String,
    /// Its line, 1-based (0 when unknown).
    pub line: u32,
    /// What went wrong, starting with `file:line`.
    pub message: crate::i18n::Text,
    /// The language of [`std::fmt::Display`].
    pub lang: Lang,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message.get(self.lang))
    }
}

impl std::error::Error for TemplateError {}

/// A read error as a one-line message: `file:line:column: what; expected what`.
pub fn diagnostic_error(d: &crate::diag::Diagnostic, lang: Lang) -> anyhow::Error {
    let mut msg = String::new();
    if d.pos.line > 0 {
        msg.push_str(&format!("{}:{}:{}: ", d.file, d.pos.line, d.pos.column));
    }
    msg.push_str(d.message.get(lang));
    if let Some(x) = &d.expected {
        let expected = crate::i18n::Text::new("应为", "expected");
        msg.push_str(&format!("; {} {}", expected.get(lang), x.get(lang)));
    }
    anyhow::anyhow!(msg)
}

/// A writer that keeps what a template writes, refusing to go past a limit.
struct Capped {
    buf: Vec<u8>,
    limit: u64,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() as u64 + data.len() as u64 > self.limit {
            self.over = true;
            return Err(std::io::Error::other("template output limit reached"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Templates {
    /// Renders a template. A user template runs on the budget for `items` findings; its
    /// errors name its file and line.
    fn render(&mut self, name: &str, ctx: Value, items: usize) -> anyhow::Result<String> {
        let budget = self.user.contains(&name).then(|| Budget::for_items(items));
        self.env.set_fuel(budget.map(|b| b.fuel));
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| self.error(e, name, None))?;
        let mut out = Capped {
            buf: Vec::new(),
            limit: budget.map_or(u64::MAX, |b| b.output),
            over: false,
        };
        match tmpl.render_captured_to(ctx, &mut out).map(drop) {
            Ok(_) => Ok(String::from_utf8(out.buf)?),
            Err(e) => Err(self.error(e, name, out.over.then_some(out.limit))),
        }
    }

    /// A template error naming the template's file and line, never the output's.
    fn error(&self, err: minijinja::Error, name: &str, output_limit: Option<u64>) -> anyhow::Error {
        let template = err.name().unwrap_or(name).to_string();
        let shown = match &self.dir {
            Some(dir) if self.user.contains(&template.as_str()) => {
                crate::text::path(&dir.join(&template))
            }
            _ => crate::i18n::Text::new(
                format!("{template}（内置模板）"),
                format!("{template} (built-in template)"),
            )
            .get(self.lang)
            .to_string(),
        };
        let line = err.line().and_then(|l| u32::try_from(l).ok());
        let at = line.map_or(shown.clone(), |l| format!("{shown}:{l}"));
        let text = match (output_limit, err.kind()) {
            (Some(limit), _) => crate::i18n::Text::new(
                format!(
                    "{at}：模板输出超过本次运行的上限 {limit} 字节，已停止；应为与报告规模相当的输出"
                ),
                format!(
                    "{at}: the template's output passed this run's limit of {limit} bytes and was stopped; expected output of about the size of a report"
                ),
            ),
            (None, minijinja::ErrorKind::OutOfFuel) => crate::i18n::Text::new(
                format!(
                    "{at}：模板运算量超出本次运行的上限，已停止（多重嵌套循环？）；应为运算量与评价项数量成正比的模板"
                ),
                format!(
                    "{at}: the template used up this run's budget of work and was stopped (loops nested over the findings?); expected work in proportion to the number of findings"
                ),
            ),
            (None, kind) => {
                let detail = err.detail().map_or_else(String::new, |d| format!(": {d}"));
                let detail = crate::text::visible_line(&detail).into_owned();
                crate::i18n::Text::new(
                    format!("{at}：模板错误：{kind}{detail}"),
                    format!("{at}: template error: {kind}{detail}"),
                )
            }
        };
        anyhow::Error::new(TemplateError {
            file: shown,
            line: line.unwrap_or(0),
            message: text,
            lang: self.lang,
        })
    }
}

/// Renders a named template with the run and the language's labels.
pub fn render_template(run: &RunView, name: &str, opts: &RenderOptions) -> anyhow::Result<String> {
    render_template_with(run, name, opts, Value::UNDEFINED)
}

/// Renders a named template with the run, the labels and a format's own extra context.
pub fn render_template_with(
    run: &RunView,
    name: &str,
    opts: &RenderOptions,
    extra: Value,
) -> anyhow::Result<String> {
    let ctx = minijinja::context! {
        run => Value::from(minijinja::value::Serde(run)),
        t => Value::from(minijinja::value::Serde(all_labels(opts.lang))),
        lang => opts.lang.id(),
        lang_tag => opts.lang.tag(),
        as_of => format_date(&run.as_of, opts.lang),
        ..extra
    };
    let items: usize = run.documents.iter().map(|d| d.findings.len() + 1).sum();
    templates(opts)?.render(name, ctx, items)
}

/// Renders a named template with any serializable value as `run`; `items` sizes the
/// budget of a user template.
pub fn render_value<T: serde::Serialize>(
    value: &T,
    name: &str,
    opts: &RenderOptions,
) -> anyhow::Result<String> {
    let ctx = minijinja::context! {
        run => Value::from(minijinja::value::Serde(value)),
        t => Value::from(minijinja::value::Serde(labels(opts.lang))),
        lang => opts.lang.id(),
        lang_tag => opts.lang.tag(),
    };
    templates(opts)?.render(name, ctx, 0)
}

/// One report word, from the shared message table.
pub fn label(lang: Lang, key: &str) -> &str {
    crate::i18n::t(lang, key)
}

/// The shared message table, resolved for a language.
pub fn all_labels(lang: Lang) -> std::collections::BTreeMap<&'static str, String> {
    labels(lang)
}

/// Refuses a `--template-dir` that overrides a technical report template but lacks the
/// client edition's: the user's design would otherwise be silently replaced by the
/// built-in client page. The missing file is named.
pub fn require_client_template(
    opts: &RenderOptions,
    technical: &str,
    client: &str,
) -> anyhow::Result<()> {
    let Some(dir) = &opts.template_dir else {
        return Ok(());
    };
    let has = |name: &str| std::fs::symlink_metadata(dir.join(name)).is_ok();
    if !has(technical) || has(client) {
        return Ok(());
    }
    let file = crate::text::path(&dir.join(client));
    let message = crate::i18n::Text::new(
        format!(
            "{file}：模板目录替换了 {technical}，但缺少客户版报告所需的模板 {client}；请补上该模板，或使用 --edition technical"
        ),
        format!(
            "{file}: the template folder replaces {technical} but lacks {client}, which the client edition needs; add it, or pass --edition technical"
        ),
    );
    Err(anyhow::Error::new(TemplateError {
        file,
        line: 0,
        message,
        lang: opts.lang,
    }))
}

/// The stream of the Markdown report: document by document with the built-in templates,
/// the whole run at once when `--template-dir` replaces one of the edition's templates.
pub fn stream(
    head: &super::stream::Head,
    opts: &RenderOptions,
) -> anyhow::Result<super::stream::Stream> {
    stream_kind(false, head, opts)
}

/// The stream of the HTML or Markdown report.
pub(crate) fn stream_kind(
    html: bool,
    head: &super::stream::Head,
    opts: &RenderOptions,
) -> anyhow::Result<super::stream::Stream> {
    let (format, ext) = if html {
        (super::Format::Html, "html")
    } else {
        (super::Format::Markdown, "md")
    };
    if opts.edition == super::client::Edition::Client {
        let client = format!("report-client.{ext}.j2");
        require_client_template(opts, &format!("report.{ext}.j2"), &client)?;
    }
    let kind = streamed::Kind::of(html, opts.edition);
    if streamed::user_replaces(kind, opts) {
        // Read and compiled now, so a broken template is refused before any document.
        templates(opts)?;
        return Ok(super::stream::collect(format, head, opts));
    }
    streamed::stream(kind, head, opts)
}

/// Renders the Markdown report.
pub fn render(run: &RunView, opts: &RenderOptions) -> anyhow::Result<String> {
    if opts.edition == super::client::Edition::Client {
        require_client_template(opts, "report.md.j2", super::client::MD_TEMPLATE)?;
        let docs = super::client::client_docs(run);
        let extra = minijinja::context! { docs => Value::from(minijinja::value::Serde(&docs)) };
        let mut s = render_template_with(run, super::client::MD_TEMPLATE, opts, extra)?;
        if !s.ends_with('\n') {
            s.push('\n');
        }
        return Ok(s);
    }
    let counts: Vec<_> = run.documents.iter().map(super::count_gaps).collect();
    let extra = minijinja::context! { gap_counts => Value::from(minijinja::value::Serde(&counts)) };
    let mut s = render_template_with(run, "report.md.j2", opts, extra)?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_a_template_writes_is_made_visible() {
        let mut t = templates(&RenderOptions::default()).unwrap();
        let src = "{{ a }}|{{ b | safe }}|{{ a | md }}|{{ a | code }}";
        t.env.add_template_owned("x.html.j2", src).unwrap();
        let ctx = minijinja::context! { a => "\u{1b}[2J<", b => "\u{202e}" };
        let out = t.render("x.html.j2", ctx, 0).unwrap();
        assert_eq!(
            out,
            "\\u{1b}[2J&lt;|\\u{202e}|\\\\u{1b}\\[2J&amp;lt;|`\\u{1b}[2J&lt;`"
        );
    }

    #[test]
    fn markdown_escapes_show_controls() {
        assert_eq!(md_escape("a\u{9b}|b"), "a\\\\u{9b}\\|b");
        assert_eq!(md_code("\u{202e}`x"), "``\\u{202e}`x``");
    }
}
