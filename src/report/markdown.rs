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

/// The built-in templates: `(name, source)`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("report.md.j2", include_str!("../../templates/report.md.j2")),
    (
        "report.html.j2",
        include_str!("../../templates/report.html.j2"),
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
            Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
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

/// Escapes text for a Markdown table cell or line: no raw HTML, no table breaks.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
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

/// Writes text as a Markdown code span: a backtick fence longer than any run of
/// backticks inside, so the text shows literally whatever it holds.
pub fn md_code(s: &str) -> String {
    let flat: String = s
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

/// Two decimals; a missing number (nothing applicable) shows as a dash.
fn fmt_num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

fn stars(n: u8) -> String {
    "★".repeat(n as usize)
}

/// Builds the environment for a language, with templates from `--template-dir` first.
pub fn environment(opts: &RenderOptions) -> anyhow::Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") || name.ends_with(".xml.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    env.add_filter("md", |s: String| md_escape(&s));
    env.add_filter("code", |s: String| md_code(&s));
    env.add_filter("code_cell", |s: String| md_code_cell(&s));
    env.add_filter("num", fmt_num);
    env.add_filter("stars", stars);
    env.add_filter("star_bar", star_bar);
    env.add_filter("anchor", |s: String| anchor(&s));
    env.add_filter("short", short_num);
    env.add_filter("cmark", cmark_filter);
    let lang = opts.lang;
    env.add_filter("date", move |s: String| format_date(&s, lang));
    for (name, source) in TEMPLATES {
        let text = match &opts.template_dir {
            Some(dir) if dir.join(name).is_file() => std::fs::read_to_string(dir.join(name))?,
            _ => (*source).to_string(),
        };
        env.add_template_owned(name.to_string(), text)?;
    }
    Ok(env)
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
    let env = environment(opts)?;
    let tmpl = env.get_template(name)?;
    let ctx = minijinja::context! {
        run => Value::from(minijinja::value::Serde(run)),
        t => Value::from(minijinja::value::Serde(all_labels(opts.lang))),
        lang => opts.lang.id(),
        lang_tag => opts.lang.tag(),
        as_of => format_date(&run.as_of, opts.lang),
        ..extra
    };
    Ok(tmpl.render(ctx)?)
}

/// Renders a named template with any serializable value as `run`.
pub fn render_value<T: serde::Serialize>(
    value: &T,
    name: &str,
    opts: &RenderOptions,
) -> anyhow::Result<String> {
    let env = environment(opts)?;
    let tmpl = env.get_template(name)?;
    let ctx = minijinja::context! {
        run => Value::from(minijinja::value::Serde(value)),
        t => Value::from(minijinja::value::Serde(labels(opts.lang))),
        lang => opts.lang.id(),
    };
    Ok(tmpl.render(ctx)?)
}

/// One report word, from the shared message table.
pub fn label(lang: Lang, key: &str) -> &str {
    crate::i18n::t(lang, key)
}

/// The shared message table, resolved for a language.
pub fn all_labels(lang: Lang) -> std::collections::BTreeMap<&'static str, String> {
    labels(lang)
}

/// Renders the Markdown report.
pub fn render(run: &RunView, opts: &RenderOptions) -> anyhow::Result<String> {
    let counts: Vec<_> = run.documents.iter().map(super::count_gaps).collect();
    let extra = minijinja::context! { gap_counts => Value::from(minijinja::value::Serde(&counts)) };
    let mut s = render_template_with(run, "report.md.j2", opts, extra)?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}
