//! `aftercert validate`: the format only, every problem of every file in one run.

use super::{Exit, print_diagnostics, print_stdout};
use crate::cli::ValidateArgs;
use crate::diag::has_errors;
use crate::i18n::{Lang, zh_format};
use crate::process::load::load_arg;
use crate::yaml::Limits;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Runs `aftercert validate`.
pub fn run(args: &ValidateArgs) -> anyhow::Result<Exit> {
    let limits = Limits {
        max_bytes: args.max_file_size,
        ..Limits::default()
    };
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    if let Some(d) = super::stdin_twice(&args.paths) {
        print_diagnostics(&[d], &BTreeMap::new(), lang);
        return Ok(Exit::Error);
    }
    let docs: Vec<_> = args
        .paths
        .par_iter()
        .map(|p| load_arg(p, &limits))
        .collect();
    let mut failed = false;
    let mut summary = String::new();
    for doc in &docs {
        let sources: BTreeMap<String, String> = [(doc.path.clone(), doc.source.clone())].into();
        print_diagnostics(&doc.diagnostics, &sources, lang);
        let errors = doc
            .diagnostics
            .iter()
            .filter(|d| d.level == crate::diag::Level::Error)
            .count();
        failed |= has_errors(&doc.diagnostics);
        let path = crate::text::visible_line(&doc.path);
        let line = match (lang, errors) {
            (Lang::Zh | Lang::ZhTw, 0) => zh_format(lang, "{}：格式有效\n", &[&path]),
            (Lang::Zh | Lang::ZhTw, n) => zh_format(lang, "{}：{} 个问题\n", &[&path, &n]),
            (Lang::En, 0) => format!("{path}: valid\n"),
            (Lang::En, n) => format!("{path}: {n} problem(s)\n"),
        };
        summary.push_str(&line);
    }
    print_stdout(&summary)?;
    Ok(if failed { Exit::Error } else { Exit::Ok })
}
