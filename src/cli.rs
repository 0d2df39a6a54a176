//! The command line: every subcommand and flag, parsed by clap.

use crate::i18n::Lang;
use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Audit a documented after-sales service process against GB/T 27922 and other standards kept as data.
#[derive(Debug, Parser)]
#[command(name = "aftercert", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
    #[command(subcommand)]
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
    Migrate(MigrateArgs),
}

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
    /// Language of the comments and placeholder values [default: en].
    #[arg(long, value_enum)]
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
    /// Language of the messages and of the added comments [default: the document's `company.language`, else en].
    #[arg(long, value_enum)]
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
    /// Language of the diff.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// Options shared by commands that read standards.
#[derive(Debug, Args, Clone, Default)]
pub struct StandardsOpts {
    /// Load the user's own standards from this folder too (repeatable).
    #[arg(long = "standards-dir", value_name = "DIR")]
    pub standards_dirs: Vec<PathBuf>,
    /// Language of human-readable text [default: the document's language, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// `aftercert check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Process documents (YAML) to audit.
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
    #[arg(long)]
    pub no_config: bool,
    /// Say which files a directory scan skips and why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print nothing to stdout; only the exit code and files written with -o.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Standards options.
    #[command(flatten)]
    pub std: StandardsOpts,
}

/// `aftercert validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Process documents to check.
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Language of the messages.
    #[arg(long, value_enum)]
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
        /// Language of the messages.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Run every criterion's passing and failing example.
    Test {
        /// Standard files or folders; none means the built-in standards.
        paths: Vec<PathBuf>,
        /// The audit date the examples assume.
        #[arg(long, value_name = "DATE", default_value = "2026-11-23")]
        as_of: String,
        /// Language of the messages.
        #[arg(long, value_enum)]
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
