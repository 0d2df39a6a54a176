//! Build details for `aftercert --version`: the commit and its date when the source is a
//! git checkout (else "unknown"), the target and the compiler. Nothing else is generated.

use std::process::Command;

fn main() {
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
