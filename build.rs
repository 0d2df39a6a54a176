//! Build details for `aftercert --version`: the commit and its date when the source is a
//! git checkout (else "unknown"), the target and the compiler; and whether the compiled
//! built-in standards (`standards/compiled/`, see `src/standard/compiled.rs`) are current.

use sha2::{Digest, Sha256};
use std::process::Command;

/// Checks `standards/compiled/MANIFEST` (`SHA-256  path` per line) against the files it
/// names. When one changed, or the compiled form is missing, the binary parses the
/// built-in standards at run time (`aftercert_stale_standards`) until the compiled form is
/// written again; the tests fail meanwhile.
fn compiled_standards() {
    println!("cargo::rustc-check-cfg=cfg(aftercert_stale_standards)");
    let manifest = "standards/compiled/MANIFEST";
    println!("cargo:rerun-if-changed={manifest}");
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let mut changed = Vec::new();
    for line in text.lines() {
        let Some((hash, path)) = line.split_once("  ") else {
            continue;
        };
        println!("cargo:rerun-if-changed={path}");
        let now = std::fs::read(path).map(|b| format!("{:x}", Sha256::digest(&b)));
        if now.ok().as_deref() != Some(hash) {
            changed.push(path.to_string());
        }
    }
    // Every file `compiled.rs` embeds must exist, or the crate would not build.
    let module = "src/standard/compiled.rs";
    println!("cargo:rerun-if-changed={module}");
    let source = std::fs::read_to_string(module).unwrap_or_default();
    for embedded in source.split("include_bytes!(\"../../").skip(1) {
        let path = embedded.split('"').next().unwrap_or_default();
        if !std::path::Path::new(path).exists() {
            changed.push(path.to_string());
        }
    }
    if text.is_empty() || !changed.is_empty() {
        println!("cargo:rustc-cfg=aftercert_stale_standards");
        println!(
            "cargo:warning=the compiled built-in standards are out of date ({}): this build parses them at run time; run `AFTERCERT_BLESS=1 cargo test --lib compiled` and commit standards/compiled",
            if changed.is_empty() {
                "none yet".to_string()
            } else {
                changed.join(", ")
            }
        );
    }
}

fn main() {
    compiled_standards();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    };
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc_version = Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    println!(
        "cargo:rustc-env=AFTERCERT_COMMIT_HASH={}",
        git(&["rev-parse", "HEAD"])
    );
    println!(
        "cargo:rustc-env=AFTERCERT_COMMIT_DATE={}",
        git(&["log", "-1", "--format=%cs"])
    );
    println!(
        "cargo:rustc-env=AFTERCERT_HOST={}",
        std::env::var("TARGET").unwrap_or_default()
    );
    println!("cargo:rustc-env=AFTERCERT_RUSTC={rustc_version}");
    // Rebuild when the checked-out commit changes, not on every source edit.
    for f in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        if std::path::Path::new(f).exists() {
            println!("cargo:rerun-if-changed={f}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
