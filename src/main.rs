//! The `aftercert` binary: parse the command line, run it, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    aftercert::app::run(aftercert::cli::Cli::parse()).into()
}
