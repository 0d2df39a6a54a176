//! `aftercert migrate`: a version-1 process document printed as version 2.
//!
//! The work is done by [`crate::process::migrate`]; this command reads the file, prints
//! the result or writes it atomically with `-o` (never over the input, and never over
//! another existing file without `--force`), and turns refusals into diagnostics and
//! exit code 2.

use super::{Exit, init, print_diagnostics, print_stdout};
use crate::cli::MigrateArgs;
use crate::i18n::{Lang, zh_format};
use crate::output::protect::Identity;
use crate::output::write_file;
use crate::process::load::{Document, load};
use crate::process::migrate::{Refusal, migrate};
use crate::yaml::Limits;
use std::collections::BTreeMap;
use std::path::Path;

/// Runs `aftercert migrate`.
pub fn run(args: &MigrateArgs) -> anyhow::Result<Exit> {
    let limits = Limits {
        max_bytes: args.max_file_size,
        ..Limits::default()
    };
    let doc = load(&args.path, &limits);
    let lang = args.lang.unwrap_or_else(|| document_language(&doc));
    let text = match migrate(&doc, lang, &limits) {
        Ok(text) => text,
        Err(Refusal::AlreadyCurrent) => {
            eprintln!("{}", already_current(&doc.path, lang));
            doc.source.clone()
        }
        Err(Refusal::Invalid(diags)) => {
            let sources: BTreeMap<String, String> = [(doc.path.clone(), doc.source)].into();
            print_diagnostics(&diags, &sources, lang);
            return Ok(Exit::Error);
        }
    };
    let Some(out) = &args.output else {
        print_stdout(&text)?;
        return Ok(Exit::Ok);
    };
    if let Some(refusal) =
        same_file(&args.path, out, lang).or_else(|| init::refusal(out, args.force, lang))
    {
        eprintln!("{refusal}");
        return Ok(Exit::Error);
    }
    if let Err(e) = write_file(out, text.as_bytes()) {
        eprintln!("{}", init::cannot_write(out, &e.error, lang));
        return Ok(Exit::Error);
    }
    Ok(Exit::Ok)
}

/// The document's own report language, for the added comments.
fn document_language(doc: &Document) -> Lang {
    let stated = doc
        .root
        .as_ref()
        .and_then(|r| r.get("company")?.get("language")?.scalar_text());
    stated
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env)
}

/// A refusal when the output is the input, however its path is spelled.
fn same_file(input: &Path, output: &Path, lang: Lang) -> Option<String> {
    let (a, b) = (Identity::of(input)?, Identity::of(output)?);
    (a == b).then(|| {
        let shown = crate::text::path(output);
        match lang {
            Lang::Zh | Lang::ZhTw => zh_format(
                lang,
                "错误：-o {} 就是输入文件；迁移不会覆盖原文件，请另给文件名",
                &[&shown],
            ),
            Lang::En => format!(
                "error: -o {shown} is the input file; migrate never overwrites its input, give another file name"
            ),
        }
    })
}

fn already_current(path: &str, lang: Lang) -> String {
    let shown = crate::text::visible_line(path);
    match lang {
        Lang::Zh | Lang::ZhTw => zh_format(lang, "注意：{} 已是版本 2，原样输出", &[&shown]),
        Lang::En => format!("note: {shown} is already version 2; printed unchanged"),
    }
}
