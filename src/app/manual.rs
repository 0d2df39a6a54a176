//! `aftercert completions SHELL` and `aftercert man`: generated from the command-line
//! definition by clap's own crates, so they can never describe flags that do not exist.

use super::{Exit, print_stdout};
use crate::cli::Cli;
use clap::CommandFactory as _;

/// Prints the completion script for a shell.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "aftercert", &mut out);
    print_stdout(&String::from_utf8(out)?)?;
    Ok(Exit::Ok)
}

/// Prints the manual page in roff.
pub fn man() -> anyhow::Result<Exit> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    print_stdout(&String::from_utf8(out)?)?;
    Ok(Exit::Ok)
}
