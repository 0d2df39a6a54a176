//! `aftercert init`: a commented starter process document that passes `validate`.
//!
//! The first five minutes decide whether a quality manager keeps using the tool, so the
//! starter is a file they can read top to bottom: each section's comments say what it is
//! for, in the language they chose, and the values are realistic placeholders for a
//! fictional company. The starters are plain YAML files under `templates/init/`,
//! embedded at build time; tests prove each one validates and that `full` shows every
//! field of the format. Writing never clobbers: an existing file is kept unless
//! `--force`, and the write is atomic.

use super::{Exit, print_stdout};
use crate::cli::{InitArgs, Profile};
use crate::i18n::{Lang, zh_format};
use crate::output::write_file;
use std::path::Path;

/// The starter documents: `(profile, language, text)`.
const STARTERS: &[(Profile, Lang, &str)] = &[
    (
        Profile::Full,
        Lang::En,
        include_str!("../../templates/init/full.en.yaml"),
    ),
    (
        Profile::Full,
        Lang::Zh,
        include_str!("../../templates/init/full.zh.yaml"),
    ),
    (
        Profile::Minimal,
        Lang::En,
        include_str!("../../templates/init/minimal.en.yaml"),
    ),
    (
        Profile::Minimal,
        Lang::Zh,
        include_str!("../../templates/init/minimal.zh.yaml"),
    ),
];

/// The starter document for a profile and a language. The Traditional starter is the
/// Simplified one converted, with its `company.language` saying `zh-TW`, so there is no
/// third copy to keep in step.
pub fn starter(profile: Profile, lang: Lang) -> String {
    let source = if lang == Lang::ZhTw { Lang::Zh } else { lang };
    let text = STARTERS
        .iter()
        .find(|(p, l, _)| *p == profile && *l == source)
        .map_or("", |(_, _, text)| text);
    if lang != Lang::ZhTw {
        return text.to_string();
    }
    crate::i18n::hant::convert(text).replacen("\n  language: zh\n", "\n  language: zh-TW\n", 1)
}

/// Runs `aftercert init`.
pub fn run(args: &InitArgs) -> anyhow::Result<Exit> {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let text = starter(args.profile, lang);
    let Some(path) = &args.output else {
        print_stdout(&text)?;
        return Ok(Exit::Ok);
    };
    if let Some(refusal) = refusal(path, args.force, lang) {
        eprintln!("{refusal}");
        return Ok(Exit::Error);
    }
    if let Err(e) = write_file(path, text.as_bytes()) {
        eprintln!("{}", cannot_write(path, &e.error, lang));
        return Ok(Exit::Error);
    }
    eprintln!("{}", written(path, lang));
    Ok(Exit::Ok)
}

/// Why a path may not be written, if it may not: it exists and `--force` was not given,
/// or it is a directory (which `--force` does not replace).
pub(super) fn refusal(path: &Path, force: bool, lang: Lang) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let shown = path.display();
    if meta.is_dir() {
        return Some(match lang {
            Lang::Zh | Lang::ZhTw => zh_format(
                lang,
                "错误：{} 是目录；请在 -o 后给出文件名，如 {}/acme.yaml",
                &[&shown, &shown],
            ),
            Lang::En => format!(
                "error: {shown} is a directory; give -o a file name, e.g. {shown}/acme.yaml"
            ),
        });
    }
    if force {
        return None;
    }
    Some(match lang {
        Lang::Zh | Lang::ZhTw => zh_format(
            lang,
            "错误：{} 已存在，未作改动；如确要覆盖，请加 --force",
            &[&shown],
        ),
        Lang::En => {
            format!(
                "error: {shown} already exists and was left as it is; add --force to overwrite it"
            )
        }
    })
}

pub(super) fn cannot_write(path: &Path, e: &std::io::Error, lang: Lang) -> String {
    let shown = path.display();
    match lang {
        Lang::Zh | Lang::ZhTw => zh_format(lang, "错误：无法写入 {}：{}", &[&shown, e]),
        Lang::En => format!("error: cannot write {shown}: {e}"),
    }
}

/// The note after a successful write: what was written and the next two commands. The
/// schema goes beside the document, where its `$schema=./aftercert.schema.json` line
/// looks for it.
fn written(path: &Path, lang: Lang) -> String {
    let shown = path.display();
    let schema = path.with_file_name("aftercert.schema.json");
    let schema = schema.display();
    match lang {
        Lang::Zh | Lang::ZhTw => zh_format(
            lang,
            "已写入 {}。下一步：\n  aftercert schema -o {}   # 供编辑器补全与校验\n  aftercert validate {}",
            &[&shown, &schema, &shown],
        ),
        Lang::En => format!(
            "wrote {shown}. Next:\n  aftercert schema -o {schema}   # for completion and checks in your editor\n  aftercert validate {shown}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_and_language_has_a_starter_with_a_schema_line() {
        for (profile, lang, text) in STARTERS {
            assert_eq!(starter(*profile, *lang), *text);
            assert!(
                text.starts_with(
                    "# yaml-language-server: $schema=./aftercert.schema.json\n# $schema: ./aftercert.schema.json\n"
                ),
                "{profile:?} {lang:?}"
            );
        }
        assert_eq!(STARTERS.len(), 4);
        for profile in [Profile::Full, Profile::Minimal] {
            assert!(starter(profile, Lang::ZhTw).contains("\n  language: zh-TW\n"));
        }
    }
}
