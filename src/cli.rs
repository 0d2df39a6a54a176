//! The command line: every subcommand and flag, parsed by clap.

use crate::i18n::Lang;
use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Audit a documented after-sales service process against GB/T 27922 and other standards kept as data.
#[derive(Debug, Parser)]
#[command(
    name = "aftercert",
    version,
    long_version = crate::app::version::LONG,
    about,
    long_about = None,
    max_term_width = 100,
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// When to colour diagnostics: auto (a terminal, unless NO_COLOR is set and not empty;
    /// CLICOLOR_FORCE forces it), always or never.
    #[arg(
        long,
        value_enum,
        global = true,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorWhen,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes, shown in `--help`.
const EXIT_CODES: &str = "\
Exit codes:
  0  every document was audited and reaches the gate
  1  every document was audited; at least one falls below the gate
  2  bad usage, or a file that cannot be read or does not fit its format
     (the other documents are still audited)";

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set and not empty; CLICOLOR_FORCE forces it.
    Auto,
    /// Always, also in pipes and files.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per run; boxing would only obscure clap's derive"
)]
pub enum Command {
    /// Audit process documents and report score, level and gaps.
    Check(CheckArgs),
    /// Check process documents against the format only, reporting every problem.
    Validate(ValidateArgs),
    /// List, show, lint and test standards.
    #[command(subcommand, after_help = STANDARDS_EXAMPLES)]
    Standards(StandardsCommand),
    /// Explain a criterion: clause, rationale, check, evidence and remediation.
    Explain(ExplainArgs),
    /// Compare two JSON reports: new, fixed, regressed and unchanged gaps, score and level change.
    Diff(DiffArgs),
    /// Write a commented starter process document that passes `validate` as written.
    Init(InitArgs),
    /// Print the JSON Schema (draft 2020-12) of the process document, for editors.
    Schema(SchemaArgs),
    /// Print a version-1 process document as version 2, keeping its comments and values.
    #[command(after_help = MIGRATE_EXAMPLES)]
    Migrate(MigrateArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "Example:\n  aftercert man > ~/.local/share/man/man1/aftercert.1")]
    Man,
}

const MIGRATE_EXAMPLES: &str = "\
Examples:
  aftercert migrate acme.yaml                  # print the version-2 document
  aftercert migrate acme.yaml -o acme-v2.yaml  # write it (never over acme.yaml)";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  aftercert completions bash > ~/.local/share/bash-completion/completions/aftercert
  aftercert completions zsh > ~/.zfunc/_aftercert
  aftercert completions fish > ~/.config/fish/completions/aftercert.fish";

/// How much a starter document shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Profile {
    /// Only the essentials: the version and the company.
    Minimal,
    /// Every section of the format, with realistic placeholder values.
    #[default]
    Full,
}

/// `aftercert init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Language of the comments and placeholder values [default: from LC_ALL / LC_MESSAGES / LANG, else en].
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// How much to write.
    #[arg(long, value_enum, default_value = "full")]
    pub profile: Profile,
    /// Write to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `aftercert migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The version-1 process document (it is never changed).
    #[arg(value_name = "FILE")]
    pub path: PathBuf,
    /// Write to this file instead of stdout; never the input itself.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists (never the input).
    #[arg(long)]
    pub force: bool,
    /// Language of the messages and of the added comments [default: the document's `company.language`, else LC_ALL / LC_MESSAGES / LANG, else en].
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// Largest file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
}

/// `aftercert schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write to this file instead of stdout (it is generated, so it is overwritten).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `aftercert diff`.
#[derive(Debug, Args)]
#[command(after_help = DIFF_EXAMPLES)]
pub struct DiffArgs {
    /// The earlier JSON report (`aftercert check --format json`).
    pub old: PathBuf,
    /// The later JSON report.
    pub new: PathBuf,
    /// Format written to stdout: markdown or html.
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "html"])]
    pub format: String,
    /// Write the diff to a file (format from the extension: .md or .html).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Language of the diff [default: the report's, else LC_ALL / LC_MESSAGES / LANG, else en].
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
}

/// Options shared by commands that read standards.
#[derive(Debug, Args, Clone, Default)]
pub struct StandardsOpts {
    /// Load the user's own standards from this folder too (repeatable).
    #[arg(long = "standards-dir", value_name = "DIR")]
    pub standards_dirs: Vec<PathBuf>,
    /// Language of human-readable text [default: the config's `lang`, else the document's language, else LC_ALL / LC_MESSAGES / LANG, else en].
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
}

/// `aftercert check`.
#[derive(Debug, Args)]
#[command(after_help = CHECK_EXAMPLES)]
pub struct CheckArgs {
    /// Process documents (YAML) or folders to audit; `-` reads one document from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Standard id or path to a standard file; repeatable; `all` for every standard.
    #[arg(long = "standard", short = 's', value_name = "ID|PATH")]
    pub standards: Vec<String>,
    /// Format written to stdout.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Write a report to a file: PATH (format from the extension) or FORMAT:PATH; repeatable.
    #[arg(long = "output", short = 'o', value_name = "[FORMAT:]PATH")]
    pub outputs: Vec<String>,
    /// The audit date (YYYY-MM-DD) used by date checks [default: today].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Fail (exit 1) when a document's rating is below this rating id (e.g. three-star).
    #[arg(long, value_name = "LEVEL")]
    pub min_rating: Option<String>,
    /// Fail (exit 1) when a document's score is below this.
    #[arg(long, value_name = "SCORE")]
    pub fail_under: Option<f64>,
    /// Largest process document accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Replace built-in templates by name with the ones in this folder.
    #[arg(long, value_name = "DIR")]
    pub template_dir: Option<PathBuf>,
    /// Edition of the HTML and Markdown reports: `client` (findings in plain words, for the company) or `technical` (every criterion with ids, expected and found, document excerpts).
    #[arg(long, value_enum, default_value = "client", value_name = "EDITION")]
    pub edition: crate::report::client::Edition,
    /// Indent JSON and SARIF output for reading; by default they are compact, one line.
    #[arg(long)]
    pub pretty: bool,
    /// Render every report from the whole run held in memory, once every document is
    /// audited, instead of document by document; for tests that compare the two.
    #[arg(long, hide = true)]
    pub render_whole: bool,
    /// Fail (exit 1) when a document has more than N gaps of a severity (blocking, major, minor, advisory); repeatable.
    #[arg(long, value_name = "SEVERITY=N")]
    pub max_gaps: Vec<String>,
    /// A waiver file: accepted gaps with justification, approver and expiry.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// A baseline file: gates count only gaps that are new or worse than in it.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the gaps of this run as a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Write one report per document into this folder, beside a summary.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Formats written per document with --output-dir (repeatable) [default: markdown, json].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_format: Vec<Format>,
    /// Let --output-dir replace files that aftercert did not write there.
    #[arg(long)]
    pub force: bool,
    /// Ignore aftercert.yaml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Read the project config from this file instead of looking for aftercert.yaml upwards.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Audit documents on N threads [default: the available cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Say which files a directory scan skips and why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print no report and no warning: only errors, one gate line per document on stderr,
    /// the exit code and the files written with -o.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Standards options.
    #[command(flatten)]
    pub std: StandardsOpts,
}

/// `aftercert validate`.
#[derive(Debug, Args)]
#[command(after_help = VALIDATE_EXAMPLES)]
pub struct ValidateArgs {
    /// Process documents to check; `-` reads one from stdin.
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Language of the messages [default: from LC_ALL / LC_MESSAGES / LANG, else en].
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// Largest file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
}

/// `aftercert standards …`.
#[derive(Debug, Subcommand)]
pub enum StandardsCommand {
    /// List the standards available: id, title, version, criteria, source.
    List(StandardsOpts),
    /// Render a standard's whole checklist as Markdown.
    Show {
        /// The standard's id.
        id: String,
        /// Standards options.
        #[command(flatten)]
        std: StandardsOpts,
    },
    /// Check standard files strictly, with file:line:column.
    Lint {
        /// Standard files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Language of the messages [default: from LC_ALL / LC_MESSAGES / LANG, else en].
        #[arg(long, value_enum, ignore_case = true)]
        lang: Option<Lang>,
    },
    /// Run every criterion's passing and failing example.
    Test {
        /// Standard files or folders; none means the built-in standards.
        paths: Vec<PathBuf>,
        /// The audit date the examples assume.
        #[arg(long, value_name = "DATE", default_value = "2026-11-23")]
        as_of: String,
        /// Language of the messages [default: from LC_ALL / LC_MESSAGES / LANG, else en].
        #[arg(long, value_enum, ignore_case = true)]
        lang: Option<Lang>,
    },
}

/// `aftercert explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The criterion id, e.g. gbt27922.certified-managers.
    pub criterion: String,
    /// Standards options.
    #[command(flatten)]
    pub std: StandardsOpts,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  aftercert check process.yaml                        # Markdown report on stdout
  aftercert check processes/ -o report.html -o results.sarif
  aftercert check process.yaml --standard all --lang zh
  aftercert check processes/ -q --min-rating three-star   # a CI gate
  aftercert check processes/ --baseline baseline.json     # fail only on new gaps
  cat process.yaml | aftercert check -                # one document from stdin

Exit codes:
  0  every document was audited and reaches the gate
  1  every document was audited; at least one falls below the gate
  2  bad usage, or a file that cannot be read or does not fit its format
     (the other documents are still audited)";

const VALIDATE_EXAMPLES: &str = "\
Examples:
  aftercert validate process.yaml
  aftercert validate processes/*.yaml --lang zh";

const DIFF_EXAMPLES: &str = "\
Examples:
  aftercert check process.yaml --format json > 2026-q3.json
  aftercert diff 2026-q2.json 2026-q3.json
  aftercert diff 2026-q2.json 2026-q3.json -o progress.html";

const STANDARDS_EXAMPLES: &str = "\
Examples:
  aftercert standards list
  aftercert standards show gbt27922 > checklist.md
  aftercert standards lint my-standards/
  aftercert standards test my-standards/";
