//! The `aftercert` binary: parse the command line, run it, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

/// A run allocates many small strings per document (views, messages, fingerprints) and
/// frees them on other threads; mimalloc's per-thread free lists make that about a fifth
/// of the CPU cheaper than the system allocator (BENCHMARKS.md, issue 14).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    aftercert::app::run(aftercert::cli::Cli::parse()).into()
}
