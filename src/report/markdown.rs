//! The template engine setup and the Markdown report.
//!
//! One minijinja environment serves every template-based format: built-in templates are
//! embedded; a file of the same name in `--template-dir` replaces one. User data reaches
//! templates only as values in the context, never as template source, so a company
//! called `{{ 7*7 }}` stays text.

use super::RenderOptions;
use super::view::{RunView, labels};
use minijinja::{AutoEscape, Environment, Value};

/// The built-in templates: `(name, source)`.
pub const TEMPLATES: &[(&str, &str)] =
    &[
        ("report.md.j2", include_str!("../../templates/report.md.j2")),
        ("diff.md.j2", include_str!("../../templates/diff.md.j2")),
        ("diff.html.j2", include_str!("../../templates/diff.html.j2")),
    ];

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

fn fmt_num(v: f64) -> String {
    format!("{v:.2}")
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
    env.add_filter("num", fmt_num);
    env.add_filter("stars", stars);
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
    let env = environment(opts)?;
    let tmpl = env.get_template(name)?;
    let ctx = minijinja::context! {
        run => Value::from(minijinja::value::Serde(run)),
        t => Value::from(minijinja::value::Serde(labels(opts.lang))),
        lang => opts.lang.id(),
    };
    Ok(tmpl.render(ctx)?)
}

/// Renders a named template with any serializable value as `run`.
pub fn render_value<T: serde::Serialize>(value: &T, name: &str, opts: &RenderOptions) -> anyhow::Result<String> {
    let env = environment(opts)?;
    let tmpl = env.get_template(name)?;
    let ctx = minijinja::context! {
        run => Value::from(minijinja::value::Serde(value)),
        t => Value::from(minijinja::value::Serde(labels(opts.lang))),
        lang => opts.lang.id(),
    };
    Ok(tmpl.render(ctx)?)
}

/// Renders the Markdown report.
pub fn render(run: &RunView, opts: &RenderOptions) -> anyhow::Result<String> {
    let mut s = render_template(run, "report.md.j2", opts)?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}
