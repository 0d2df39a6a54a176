//! Whether diagnostics on stderr are coloured: `--color`, then the conventions users set
//! once for every tool — NO_COLOR (when set and not empty) turns colour off, CLICOLOR_FORCE
//! turns it on in pipes — then whether stderr is a terminal.
//!
//! The decision is anstream's, the crate clap and cargo use, so aftercert follows the same
//! rules as the tools around it instead of a detection of its own.

use crate::cli::ColorWhen;
use anstream::ColorChoice;

/// Records the `--color` choice for the run.
pub fn set(when: ColorWhen) {
    let choice = match when {
        ColorWhen::Auto => ColorChoice::Auto,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
    };
    choice.write_global();
}

/// True when diagnostics written to stderr should be coloured.
pub fn stderr() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != ColorChoice::Never
}
