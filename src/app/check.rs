//! `aftercert check`: load → validate → evaluate → score → report, for every document.

use super::{Exit, library, print_diagnostics, print_stdout};
use crate::cli::CheckArgs;
use crate::diag::{Code, Diagnostic, has_errors};
use crate::i18n::{Lang, Text, t};
use crate::process::load::{Document, load};
use crate::report::view::{DocumentView, ErrorView, GateView, RunView, ViewInput, document_view};
use crate::report::{OutputSpec, RenderOptions, parse_output, render, write_atomic};
use crate::score::audit;
use crate::standard::load::{Library, Loaded};
use crate::yaml::{Limits, Pos};
use anyhow::Context as _;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs `aftercert check`.
pub fn run(args: CheckArgs) -> anyhow::Result<Exit> {
    let as_of = as_of(args.as_of.as_deref())?;
    let outputs = outputs(&args)?;
    let (std_files, std_ids) = split_standards(&args.standards);
    let (lib, std_diags) = library(&args.std, &std_files);
    let lang_hint = args.std.lang.unwrap_or_default();
    if has_errors(&std_diags) {
        print_diagnostics(&std_diags, &crate::standard::load::sources(&lib), lang_hint);
        return Ok(Exit::Error);
    }
    let selected = match select(&lib, &std_ids, &std_files) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&[d], &BTreeMap::new(), lang_hint);
            return Ok(Exit::Error);
        }
    };
    let limits = Limits {
        max_bytes: args.max_file_size,
        ..Limits::default()
    };
    let docs = load_all(&args.paths, &limits);
    let lang = args
        .std
        .lang
        .or_else(|| docs.iter().find_map(doc_lang))
        .unwrap_or_default();
    let gate = Gate {
        min_rating: args.min_rating.clone(),
        fail_under: args.fail_under,
    };
    let views: Vec<Vec<DocumentView>> = docs
        .par_iter()
        .map(|doc| {
            if doc.is_usable() {
                audit_document(doc, &selected, as_of, lang, &gate)
            } else {
                Vec::new()
            }
        })
        .collect();
    let diags: Vec<Diagnostic> = docs
        .iter()
        .flat_map(|d| d.diagnostics.iter().cloned())
        .collect();
    let run = RunView {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        as_of: as_of.to_string(),
        lang,
        documents: views.into_iter().flatten().collect(),
        errors: diags
            .iter()
            .filter(|d| d.level == crate::diag::Level::Error)
            .map(|d| error_view(d, lang))
            .collect(),
        warnings: diags
            .iter()
            .filter(|d| d.level == crate::diag::Level::Warning)
            .map(|d| error_view(d, lang))
            .collect(),
    };
    let sources: BTreeMap<String, String> = docs
        .iter()
        .map(|d| (d.path.clone(), d.source.clone()))
        .collect();
    print_diagnostics(&diags, &sources, lang);
    let opts = RenderOptions {
        lang,
        template_dir: args.template_dir.clone(),
    };
    for out in &outputs {
        let text = render(&run, out.format, &opts)?;
        write_atomic(&out.path, text.as_bytes())
            .with_context(|| format!("writing {}", out.path.display()))?;
    }
    if !args.quiet {
        print_stdout(&render(&run, args.format, &opts)?)?;
    }
    Ok(exit_code(&run, &diags))
}

fn exit_code(run: &RunView, diags: &[Diagnostic]) -> Exit {
    if has_errors(diags) {
        Exit::Error
    } else if run.documents.iter().any(|d| !d.gate.passed) {
        Exit::GateFailed
    } else {
        Exit::Ok
    }
}

fn as_of(arg: Option<&str>) -> anyhow::Result<NaiveDate> {
    match arg {
        Some(s) => crate::evaluate::parse_date(s).with_context(|| {
            format!("--as-of `{s}` is not a date; expected YYYY-MM-DD, e.g. 2026-11-23")
        }),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn outputs(args: &CheckArgs) -> anyhow::Result<Vec<OutputSpec>> {
    let specs: Vec<OutputSpec> = args
        .outputs
        .iter()
        .map(|o| parse_output(o).map_err(anyhow::Error::msg))
        .collect::<Result<_, _>>()?;
    for spec in &specs {
        let out = absolute(&spec.path);
        if args.paths.iter().any(|p| absolute(p) == out) {
            let d = Diagnostic::error(
                Code::OutputIsInput,
                &spec.path.display().to_string(),
                Pos::default(),
                Text::new(
                    "输出路径与输入文件相同，拒绝覆盖",
                    "the output path is one of the inputs; refusing to overwrite it",
                ),
            );
            anyhow::bail!(
                "{}",
                d.render(None, args.std.lang.unwrap_or_default(), false)
                    .trim_end()
            );
        }
    }
    Ok(specs)
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}

/// Splits `--standard` values into files to load and ids to select.
fn split_standards(values: &[String]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut ids = Vec::new();
    for v in values {
        let p = Path::new(v);
        if p.is_file() || v.ends_with(".yaml") || v.ends_with(".yml") {
            files.push(p.to_path_buf());
        } else {
            ids.push(v.clone());
        }
    }
    if values.is_empty() {
        ids.push("gbt27922".into());
    }
    (files, ids)
}

fn select<'a>(
    lib: &'a Library,
    ids: &[String],
    files: &[PathBuf],
) -> Result<Vec<&'a Loaded>, Diagnostic> {
    if ids.iter().any(|i| i == "all") {
        return Ok(lib.standards.iter().collect());
    }
    let mut out: Vec<&Loaded> = Vec::new();
    for id in ids {
        match lib.get(id) {
            Some(s) => out.push(s),
            None => {
                let known: Vec<&str> = lib.standards.iter().map(Loaded::id).collect();
                let hint = crate::process::validate::suggest(id, known.iter().copied())
                    .map(|h| format!(" (`{h}`?)"))
                    .unwrap_or_default();
                let msg = Text::new(
                    format!("未知的标准 `{id}`{hint}"),
                    format!("unknown standard `{id}`{hint}"),
                );
                return Err(Diagnostic::error(
                    Code::UnknownStandard,
                    "--standard",
                    Pos::default(),
                    msg,
                )
                .expected(Text::same(format!("all, {}", known.join(", ")))));
            }
        }
    }
    for f in files {
        let shown = f.display().to_string();
        out.extend(lib.standards.iter().filter(|s| s.file == shown));
    }
    out.dedup_by(|a, b| a.id() == b.id());
    Ok(out)
}

/// Loads every path; folders are walked for YAML files that are process documents.
fn load_all(paths: &[PathBuf], limits: &Limits) -> Vec<Document> {
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    let mut walk_errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in walkdir::WalkDir::new(p)
                .follow_links(false)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e)
                        if e.file_type().is_file() && crate::standard::load::is_yaml(e.path()) =>
                    {
                        files.push((e.into_path(), true))
                    }
                    Ok(_) => {}
                    Err(err) => walk_errors.push(walk_error(p, &err)),
                }
            }
        } else {
            files.push((p.clone(), false));
        }
    }
    let mut docs: Vec<Document> = files
        .par_iter()
        .map(|(path, from_walk)| (load(path, limits), *from_walk))
        .filter(|(doc, from_walk)| !from_walk || !is_other_yaml(doc))
        .map(|(doc, _)| doc)
        .collect();
    docs.extend(walk_errors);
    docs
}

fn walk_error(root: &Path, err: &walkdir::Error) -> Document {
    let shown = err.path().unwrap_or(root).display().to_string();
    let msg = Text::new(
        format!("无法读取 {shown}：{err}"),
        format!("cannot read {shown}: {err}"),
    );
    Document {
        path: shown.clone(),
        source: String::new(),
        root: None,
        diagnostics: vec![Diagnostic::error(Code::Io, &shown, Pos::default(), msg)],
    }
}

/// True for YAML met on a directory walk that is not a process document (no `aftercert` key).
fn is_other_yaml(doc: &Document) -> bool {
    doc.diagnostics.iter().any(|d| {
        matches!(
            d.code,
            Code::MissingVersion | Code::NotAMapping | Code::EmptyDocument
        )
    })
}

fn doc_lang(doc: &Document) -> Option<Lang> {
    match doc
        .root
        .as_ref()?
        .get("company")?
        .get("language")?
        .as_str()?
    {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The gate a document must reach.
pub struct Gate {
    /// A rating id to reach.
    pub min_rating: Option<String>,
    /// A score to reach.
    pub fail_under: Option<f64>,
}

impl Gate {
    fn judge(&self, standard: &Loaded, view: &DocumentView, lang: Lang) -> GateView {
        let ratings = &standard.standard.ratings;
        let reached = ratings
            .iter()
            .position(|r| r.id.value == view.rating.id)
            .unwrap_or(0);
        let mut reasons = Vec::new();
        let mut requirement = Vec::new();
        let wanted = match (&self.min_rating, self.fail_under) {
            (Some(r), _) => Some(r.as_str()),
            (None, None) => Some(standard.standard.pass.value.as_str()),
            (None, Some(_)) => None,
        };
        if let Some(w) = wanted {
            if let Some(need) = ratings.iter().position(|r| r.id.value == w) {
                let label = ratings[need].label.get(lang);
                requirement.push(format!("≥ {label} ({w})"));
                if reached < need {
                    reasons.push(match lang {
                        Lang::Zh => format!("等级 {} 低于 {label}", view.rating.label),
                        Lang::En => format!("rating {} is below {label}", view.rating.label),
                    });
                }
            }
        }
        if let Some(min) = self.fail_under {
            requirement.push(format!("{} ≥ {min}", t(lang, "score")));
            if view.score + 1e-9 < min {
                reasons.push(match lang {
                    Lang::Zh => format!("得分 {:.2} 低于 {min}", view.score),
                    Lang::En => format!("score {:.2} is under {min}", view.score),
                });
            }
        }
        GateView {
            passed: reasons.is_empty(),
            requirement: requirement.join(", "),
            reasons,
        }
    }
}

fn audit_document(
    doc: &Document,
    standards: &[&Loaded],
    as_of: NaiveDate,
    lang: Lang,
    gate: &Gate,
) -> Vec<DocumentView> {
    let Some(root) = &doc.root else {
        return Vec::new();
    };
    let company = doc.company().unwrap_or_default();
    let input = ViewInput {
        path: &doc.path,
        source: &doc.source,
        company: &company,
        lang,
    };
    standards
        .iter()
        .map(|std| {
            let a = audit(std, root, as_of, &|_| None);
            let mut view = document_view(
                &a,
                &input,
                GateView {
                    passed: true,
                    requirement: String::new(),
                    reasons: Vec::new(),
                },
            );
            view.gate = gate.judge(std, &view, lang);
            view
        })
        .collect()
}

fn error_view(d: &Diagnostic, lang: Lang) -> ErrorView {
    ErrorView {
        code: d.code.id().to_string(),
        path: d.file.clone(),
        line: d.pos.line,
        column: d.pos.column,
        message: d.message.get(lang).to_string(),
        expected: d.expected.as_ref().map(|e| e.get(lang).to_string()),
    }
}
