//! The settings of one `check` run: command-line flags over `aftercert.yaml`.

use crate::cli::{CheckArgs, StandardsOpts};
use crate::config::{ActiveWaiver, Tailoring, load_config, load_waivers};
use crate::diag::{Code, Diagnostic};
use crate::i18n::{Lang, Text};
use crate::report::{OutputSpec, parse_output};
use crate::standard::load::{Library, Loaded};
use crate::standard::model::Severity;
use crate::yaml::{Limits, Pos};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything a run needs to know besides the documents.
pub struct Settings {
    /// The audit date.
    pub as_of: NaiveDate,
    /// Reports to write.
    pub outputs: Vec<OutputSpec>,
    /// Standard ids to select (`all` for every one).
    pub standard_ids: Vec<String>,
    /// Standard files named with `--standard PATH`.
    pub standard_files: Vec<PathBuf>,
    /// Where user standards live, and the language.
    pub standards_opts: StandardsOpts,
    /// The language, if chosen.
    pub lang: Option<Lang>,
    /// Input limits.
    pub limits: Limits,
    /// Gate: a rating to reach.
    pub min_rating: Option<String>,
    /// Gate: a score to reach.
    pub fail_under: Option<f64>,
    /// Gate: the most gaps per severity.
    pub max_gaps: BTreeMap<Severity, usize>,
    /// Tailoring entries.
    pub tailoring: Vec<Tailoring>,
    /// The file the tailoring came from.
    pub config_file: String,
    /// Waivers in force or expired (expired ones no longer waive).
    pub waivers: Vec<ActiveWaiver>,
    /// The baseline, if any.
    pub baseline: Option<crate::baseline::Baseline>,
    /// The project config file, if one was read (inputs are protected from outputs).
    pub config_path: Option<PathBuf>,
    /// The waiver file, if any.
    pub waivers_path: Option<PathBuf>,
    /// The baseline file, if any.
    pub baseline_path: Option<PathBuf>,
}

impl Settings {
    /// Merges flags and the project config; problems go to `diags` (errors stop the run).
    pub fn new(
        args: &CheckArgs,
        diags: &mut Vec<Diagnostic>,
        sources: &mut BTreeMap<String, String>,
    ) -> Result<Settings, Diagnostic> {
        let as_of = super::as_of(args.as_of.as_deref()).map_err(|e| usage(&e.to_string()))?;
        let config = if args.no_config { None } else { load_config()? };
        let config_path = config.as_ref().map(|(_, path, _)| path.clone());
        let (config, config_file, base) = match config {
            Some((c, path, text)) => {
                sources.insert(path.display().to_string(), text);
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                (c, path.display().to_string(), base)
            }
            None => (
                crate::config::Config::default(),
                String::new(),
                PathBuf::new(),
            ),
        };
        let mut std_values = args.standards.clone();
        if std_values.is_empty() {
            std_values = config.standards.clone();
        }
        let (standard_files, standard_ids) = split_standards(&std_values);
        let mut standards_opts = args.std.clone();
        if standards_opts.standards_dirs.is_empty() {
            standards_opts.standards_dirs =
                config.standards_dir.iter().map(|d| base.join(d)).collect();
        }
        let lang = args.std.lang.or(config.lang);
        standards_opts.lang = lang;
        // A gate given on the command line replaces the config file's gate as a whole.
        let cli_gate =
            args.min_rating.is_some() || args.fail_under.is_some() || !args.max_gaps.is_empty();
        let gate = if cli_gate {
            crate::config::GateConfig::default()
        } else {
            config.gate.clone()
        };
        let mut max_gaps = gate.max_gaps.clone();
        for spec in &args.max_gaps {
            let (sev, n) = parse_max_gaps(spec).map_err(|e| usage(&e))?;
            max_gaps.insert(sev, n);
        }
        let waivers_path = args
            .waivers
            .clone()
            .or_else(|| config.waivers.as_ref().map(|w| base.join(w)));
        let waivers = match &waivers_path {
            Some(p) => {
                let (w, d, text) = load_waivers(p, as_of);
                sources.insert(p.display().to_string(), text);
                diags.extend(d);
                w
            }
            None => Vec::new(),
        };
        let baseline_path = args
            .baseline
            .clone()
            .or_else(|| config.baseline.as_ref().map(|b| base.join(b)));
        let baseline = match &baseline_path {
            Some(p) => Some(read_baseline(p)?),
            None => None,
        };
        Ok(Settings {
            as_of,
            outputs: outputs(args)?,
            standard_ids,
            standard_files,
            standards_opts,
            lang,
            limits: Limits {
                max_bytes: args.max_file_size,
                ..Limits::default()
            },
            min_rating: args.min_rating.clone().or(gate.min_rating),
            fail_under: args.fail_under.or(gate.fail_under),
            max_gaps,
            tailoring: config.tailoring,
            config_file,
            waivers,
            baseline,
            config_path,
            waivers_path,
            baseline_path,
        })
    }

    /// Picks the standards to audit against.
    pub fn select<'a>(&self, lib: &'a Library) -> Result<Vec<&'a Loaded>, Diagnostic> {
        if self.standard_ids.iter().any(|i| i == "all") {
            return Ok(lib.standards.iter().collect());
        }
        let mut out: Vec<&Loaded> = Vec::new();
        for id in &self.standard_ids {
            match lib.get(id) {
                Some(s) => out.push(s),
                None => return Err(unknown_standard(lib, id)),
            }
        }
        for f in &self.standard_files {
            let shown = f.display().to_string();
            out.extend(lib.standards.iter().filter(|s| s.file == shown));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|s| seen.insert(s.id().to_string()));
        Ok(out)
    }
}

fn usage(message: &str) -> Diagnostic {
    Diagnostic::error(
        Code::ConfigInvalid,
        "aftercert",
        Pos::default(),
        Text::same(message),
    )
}

fn unknown_standard(lib: &Library, id: &str) -> Diagnostic {
    let builtin = crate::standard::load::BUILTIN
        .iter()
        .map(|(name, _)| name.trim_end_matches(".yaml"));
    let mut known: Vec<&str> = lib
        .standards
        .iter()
        .map(Loaded::id)
        .chain(builtin)
        .collect();
    known.sort_unstable();
    known.dedup();
    let hint = crate::process::validate::suggest(id, known.iter().copied())
        .map(|h| format!(" (`{h}`?)"))
        .unwrap_or_default();
    let msg = Text::new(
        format!("未知的标准 `{id}`{hint}"),
        format!("unknown standard `{id}`{hint}"),
    );
    Diagnostic::error(Code::UnknownStandard, "--standard", Pos::default(), msg)
        .expected(Text::same(format!("all, {}", known.join(", "))))
}

fn parse_max_gaps(spec: &str) -> Result<(Severity, usize), String> {
    let err = || {
        format!(
            "--max-gaps `{spec}`: expected SEVERITY=N with SEVERITY one of blocking, major, minor, advisory"
        )
    };
    let (sev, n) = spec.split_once('=').ok_or_else(err)?;
    let sev = Severity::ALL
        .into_iter()
        .find(|s| s.id() == sev.trim())
        .ok_or_else(err)?;
    let n = n.trim().parse::<usize>().map_err(|_| err())?;
    Ok((sev, n))
}

fn read_baseline(path: &Path) -> Result<crate::baseline::Baseline, Diagnostic> {
    let shown = path.display().to_string();
    let text = crate::process::load::read_text(path, &shown, &Limits::default())?;
    serde_json::from_str(&text).map_err(|e| {
        let msg = Text::new(
            format!("基线文件无效：{e}"),
            format!("the baseline file is not valid: {e}"),
        );
        let pos = Pos {
            line: e.line() as u32,
            column: e.column() as u32,
        };
        Diagnostic::error(Code::BaselineInvalid, &shown, pos, msg).expected(Text::new(
            "由 --write-baseline 写出的 JSON",
            "JSON written by --write-baseline",
        ))
    })
}

fn outputs(args: &CheckArgs) -> Result<Vec<OutputSpec>, Diagnostic> {
    // Whether an output is an input is decided by `crate::output`, once every input is known.
    args.outputs
        .iter()
        .map(|o| parse_output(o).map_err(|e| usage(&e)))
        .collect()
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
