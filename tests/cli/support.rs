//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::PathBuf;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's path, relative to the project root.
pub fn fixture(name: &str) -> String {
    format!("fixtures/{name}")
}

/// The binary, run from the project root with a fixed language-neutral environment.
pub fn aftercert() -> Command {
    let mut cmd = Command::cargo_bin("aftercert").expect("binary built");
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

/// The binary, run from another folder (for `aftercert.yaml` lookups).
pub fn aftercert_in(dir: &std::path::Path) -> Command {
    let mut cmd = aftercert();
    cmd.current_dir(dir);
    cmd
}

/// Runs `check -q --as-of 2026-11-23` with more arguments; returns the exit code and stderr.
pub fn check_quiet(args: &[&str]) -> (i32, String) {
    let out = aftercert()
        .args(["check", "-q", "--as-of", "2026-11-23"])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `check --format json` on fixtures and returns the parsed report and exit code.
pub fn check_json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = aftercert()
        .arg("check")
        .arg("--format")
        .arg("json")
        .arg("--as-of")
        .arg("2026-11-23")
        .args(args)
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().unwrap_or(-1))
}
