//! The settings of one `check` run: command-line flags over `aftercert.yaml`.
//!
//! Everything is read and checked here, before any document is: a gate threshold that is
//! not a finite number, an unreadable waiver or baseline file, a broken config all stop
//! the run with exit 2 instead of letting documents pass. What the settings mean is
//! [`crate::policy`]'s business; this module only gathers them.

use crate::cli::{CheckArgs, StandardsOpts};
use crate::config::{Config, GateConfig, load_config};
use crate::diag::{Code, Diagnostic};
use crate::i18n::{Lang, Text};
use crate::policy::tailoring::{NotApplicable, Tailoring};
use crate::policy::{Policy, baseline, gate::Gate, waivers};
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
    /// Standard files named with `--standard PATH` (or in the config).
    pub standard_files: Vec<PathBuf>,
    /// Where user standards live, and the language.
    pub standards_opts: StandardsOpts,
    /// The language, if chosen.
    pub lang: Option<Lang>,
    /// The edition of the HTML and Markdown reports.
    pub edition: crate::report::client::Edition,
    /// Input limits.
    pub limits: Limits,
    /// Tailoring entries.
    pub tailoring: Vec<Tailoring>,
    /// The file the tailoring came from, as shown.
    pub config_file: String,
    /// The project config file read, if any.
    pub config_path: Option<PathBuf>,
    /// The waiver file read, if any.
    pub waivers_path: Option<PathBuf>,
    /// The baseline file read, if any.
    pub baseline_path: Option<PathBuf>,
    /// Tailoring, waivers, baseline and gate, ready for [`crate::audit::run`].
    pub policy: Policy,
}

impl Settings {
    /// Merges flags and the project config; problems go to `diags` (errors stop the run).
    pub fn new(
        args: &CheckArgs,
        diags: &mut Vec<Diagnostic>,
        sources: &mut BTreeMap<String, String>,
    ) -> Result<Settings, Diagnostic> {
        let as_of =
            super::as_of(args.as_of.as_deref()).map_err(|e| usage("--as-of", &e.to_string()))?;
        let config = if args.no_config {
            None
        } else {
            match load_config(args.config.as_deref()) {
                Ok(c) => c,
                Err((d, text)) => {
                    sources.insert(d.file.clone(), text);
                    return Err(d);
                }
            }
        };
        let (config, config_path) = match config {
            Some((c, path, text)) => {
                sources.insert(crate::text::path(&path), text);
                (c, Some(path))
            }
            None => (Config::default(), None),
        };
        let config_file = config_path
            .as_deref()
            .map(crate::text::path)
            .unwrap_or_default();
        let base = config_path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let std_values = if args.standards.is_empty() {
            config.standards.clone()
        } else {
            args.standards.clone()
        };
        let (standard_files, standard_ids) = split_standards(&std_values);
        let mut standards_opts = args.std.clone();
        if standards_opts.standards_dirs.is_empty() {
            standards_opts.standards_dirs =
                config.standards_dir.iter().map(|d| base.join(d)).collect();
        }
        let lang = args.std.lang.or(config.lang);
        standards_opts.lang = lang;
        let gate = gate(args, &config.gate, &config_file)?;
        let waivers_path = args
            .waivers
            .clone()
            .or_else(|| config.waivers.as_ref().map(|w| base.join(w)));
        let waivers = match &waivers_path {
            Some(p) => {
                let (w, d, text) = waivers::load(p, as_of);
                sources.insert(crate::text::path(p), text);
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
            Some(p) => Some(baseline::Index::new(baseline::read(p)?)),
            None => None,
        };
        let policy = Policy {
            not_applicable: NotApplicable::new(&config.tailoring),
            waivers: waivers::Waivers::new(waivers),
            gate: Gate {
                baseline: baseline.is_some(),
                ..gate
            },
            baseline,
            as_of,
        };
        Ok(Settings {
            as_of,
            outputs: outputs(args)?,
            standard_ids,
            standard_files,
            standards_opts,
            lang,
            edition: args.edition,
            limits: Limits {
                max_bytes: args.max_file_size,
                ..Limits::default()
            },
            tailoring: config.tailoring,
            config_file,
            config_path,
            waivers_path,
            baseline_path,
            policy,
        })
    }

    /// Picks the standards to audit against; none at all is an error.
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
            let shown = crate::text::path(f);
            let under = format!("{}/", shown.trim_end_matches('/'));
            let before = out.len();
            out.extend(
                lib.standards
                    .iter()
                    .filter(|s| s.file == shown || (f.is_dir() && s.file.starts_with(&under))),
            );
            if out.len() == before {
                return Err(no_standard_in(&shown));
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|s| seen.insert(s.id().to_string()));
        if out.is_empty() {
            return Err(no_standard_selected());
        }
        Ok(out)
    }
}

/// The gate: flags replace the config file's gate as a whole; thresholds are checked for
/// being finite numbers from 0 to 100 where they are written.
fn gate(args: &CheckArgs, config: &GateConfig, config_file: &str) -> Result<Gate, Diagnostic> {
    let cli = args.min_rating.is_some() || args.fail_under.is_some() || !args.max_gaps.is_empty();
    if cli {
        let mut max_gaps = BTreeMap::new();
        for spec in &args.max_gaps {
            let (sev, n) = parse_max_gaps(spec).map_err(|e| usage("--max-gaps", &e))?;
            max_gaps.insert(sev, n);
        }
        return Ok(Gate {
            min_rating: args.min_rating.clone(),
            min_rating_at: ("--min-rating".into(), Pos::default()),
            fail_under: args.fail_under,
            max_gaps,
            baseline: false,
        });
    }
    if let Some(f) = &config.fail_under
        && !(f.value.is_finite() && (0.0..=100.0).contains(&f.value))
    {
        let shown = crate::yaml::format_number(f.value);
        let msg = Text::new(
            format!("gate.fail_under 为 {shown}，不是 0 到 100 之间的有限数"),
            format!("gate.fail_under is {shown}, not a finite number from 0 to 100"),
        );
        let pos = crate::standard::load::pos(f);
        return Err(
            Diagnostic::error(Code::ConfigInvalid, config_file, pos, msg)
                .expected(Text::same("fail_under: 0–100")),
        );
    }
    Ok(Gate {
        min_rating: config.min_rating.as_ref().map(|r| r.value.clone()),
        min_rating_at: config
            .min_rating
            .as_ref()
            .map_or_else(Default::default, |r| {
                (config_file.to_string(), crate::standard::load::pos(r))
            }),
        fail_under: config.fail_under.as_ref().map(|f| f.value),
        max_gaps: config.max_gaps.clone(),
        baseline: false,
    })
}

fn no_standard_in(shown: &str) -> Diagnostic {
    let msg = Text::new(
        format!("{shown} 中没有可用的标准"),
        format!("{shown} holds no usable standard"),
    );
    Diagnostic::error(Code::UnknownStandard, shown, Pos::default(), msg).expected(Text::new(
        "一个标准文件（见 docs/writing-standards.md）",
        "a standard file (see docs/writing-standards.md)",
    ))
}

fn no_standard_selected() -> Diagnostic {
    let msg = Text::new("没有选择任何标准", "no standard is selected");
    Diagnostic::error(Code::UnknownStandard, "--standard", Pos::default(), msg).expected(Text::new(
        "--standard ID|PATH，或 aftercert.yaml 中的 standards: [...]",
        "--standard ID|PATH, or standards: [...] in aftercert.yaml",
    ))
}

/// A command-line value that cannot be used, located at its flag.
fn usage(flag: &str, message: &str) -> Diagnostic {
    Diagnostic::error(
        Code::ConfigInvalid,
        flag,
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
            "--max-gaps `{}`: expected SEVERITY=N with SEVERITY one of blocking, major, minor, advisory and N a whole number",
            crate::text::visible_line(spec)
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

fn outputs(args: &CheckArgs) -> Result<Vec<OutputSpec>, Diagnostic> {
    // Whether an output is an input is decided by `crate::output`, once every input is known.
    args.outputs
        .iter()
        .map(|o| parse_output(o).map_err(|e| usage("--output", &e)))
        .collect()
}

/// Splits `--standard` values into files to load and ids to select.
fn split_standards(values: &[String]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut ids = Vec::new();
    for v in values {
        // A value naming an existing file, or written as a path, is a file: read whatever
        // its extension and through symlinks. Anything else is a standard id.
        let p = Path::new(v);
        let path_like = v.contains(['/', '\\']) || v.ends_with(".yaml") || v.ends_with(".yml");
        if p.is_file() || path_like {
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
