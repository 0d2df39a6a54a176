//! The conventions of the command lines people already use: completions and a manual
//! page, `-` for stdin, colour control, a thread count, help with examples and exit
//! codes, a long version, `--config`, and a quiet mode that CI logs can read.

use crate::support::{aftercert, aftercert_in, fixture, root};

const YOUNG: &str = "startup-organization-stage.yaml";
const BROKEN: &str = "broken/unknown-key.yaml";

#[test]
fn completions_generate_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = aftercert().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("aftercert"), "{shell}: {text}");
        assert!(text.contains("check"), "{shell} completes the subcommands");
    }
    let out = aftercert().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_manual_page_renders() {
    let out = aftercert().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(
        roff.starts_with(".ie") || roff.contains(".TH aftercert"),
        "{roff}"
    );
    assert!(roff.contains("check"));
}

#[test]
fn a_dash_reads_one_document_from_stdin() {
    let text = std::fs::read(root().join(fixture(YOUNG))).unwrap();
    let out = aftercert()
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
            "-",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the young company fails the gate"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"][0]["path"], "<stdin>");
    let broken = std::fs::read(root().join(fixture(BROKEN))).unwrap();
    let out = aftercert()
        .args(["validate", "-"])
        .write_stdin(broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:6:3"), "{err}");
    let out = aftercert()
        .args(["check", "-", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("may be given once"));
}

/// Whether `validate` of a broken document colours its diagnostics under a flag and an
/// environment (stderr is a pipe here, never a terminal).
fn coloured(flag: &str, no_color: Option<&str>, force: Option<&str>) -> bool {
    let mut cmd = aftercert();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    if let Some(v) = force {
        cmd.env("CLICOLOR_FORCE", v);
    }
    let out = cmd
        .args(["validate", "--color", flag, &fixture(BROKEN)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    out.stderr.contains(&0x1b)
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    for no_color in [None, Some(""), Some("1")] {
        for force in [None, Some("1")] {
            assert!(
                coloured("always", no_color, force),
                "always {no_color:?} {force:?}"
            );
            assert!(
                !coloured("never", no_color, force),
                "never {no_color:?} {force:?}"
            );
            // auto: NO_COLOR set and not empty wins; an empty NO_COLOR counts as unset;
            // CLICOLOR_FORCE colours a pipe; otherwise a pipe gets no colour.
            let want = force.is_some() && no_color.is_none_or(str::is_empty);
            assert_eq!(
                coloured("auto", no_color, force),
                want,
                "auto {no_color:?} {force:?}"
            );
        }
    }
    let out = aftercert()
        .args(["validate", "--color", "sometimes", &fixture(BROKEN)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn one_thread_and_two_give_the_same_bytes() {
    let run = |j: &str| {
        aftercert()
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2026-11-23",
                "--format",
                "json",
            ])
            .args(["-j", j, "fixtures"])
            .output()
            .unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.status.code(), two.status.code());
    assert!(!one.stdout.is_empty());
    assert!(one.stdout == two.stdout, "-j 1 and -j 2 differ");
    let zero = aftercert()
        .args(["check", "-j", "0", "fixtures"])
        .output()
        .unwrap();
    assert_eq!(zero.status.code(), Some(2), "-j 0 is a usage error");
}

#[test]
fn help_teaches_with_examples_and_exit_codes() {
    for cmd in [
        &["check", "--help"][..],
        &["validate", "--help"],
        &["diff", "--help"],
        &["standards", "--help"],
    ] {
        let out = aftercert().args(cmd).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Examples:"), "{cmd:?}: {help}");
    }
    let out = aftercert().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Exit codes:") && help.contains("1  every document was audited"));
}

#[test]
fn the_long_version_names_the_build() {
    let short = aftercert().arg("-V").output().unwrap();
    let short = String::from_utf8(short.stdout).unwrap();
    assert_eq!(short.lines().count(), 1, "{short}");
    assert!(short.starts_with(&format!("aftercert {}", env!("CARGO_PKG_VERSION"))));
    let long = aftercert().arg("--version").output().unwrap();
    let long = String::from_utf8(long.stdout).unwrap();
    for key in ["commit-hash: ", "commit-date: ", "host: ", "rustc: "] {
        assert!(long.contains(key), "{long}");
    }
}

#[test]
fn a_config_typo_names_the_file_the_line_and_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(fixture(YOUNG)), dir.path().join("doc.yaml")).unwrap();
    std::fs::write(
        dir.path().join("team.yaml"),
        "lang: en\ngaet:\n  min_rating: fail\n",
    )
    .unwrap();
    let out = aftercert_in(dir.path())
        .args(["check", "-q", "--config", "team.yaml", "doc.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("team.yaml:2:1") && err.contains("(`gate`?)"),
        "{err}"
    );
    assert!(err.contains("2 | gaet:"), "a snippet: {err}");
    // A config named with --config is used instead of the search upwards.
    std::fs::write(dir.path().join("team.yaml"), "gate:\n  min_rating: fail\n").unwrap();
    let out = aftercert_in(dir.path())
        .args(["check", "-q", "--config", "team.yaml", "doc.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "the config's gate applies");
    let out = aftercert_in(dir.path())
        .args(["check", "-q", "--config", "missing.yaml", "doc.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.yaml"));
}

#[test]
fn quiet_prints_errors_and_the_gate_only() {
    let out = aftercert()
        .args([
            "check",
            "-q",
            "--no-config",
            "--as-of",
            "2026-11-23",
            "--lang",
            "en",
        ])
        .arg(fixture(YOUNG))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("warning["), "warnings are silenced: {err}");
    assert!(err.contains(&format!("FAILED {}", fixture(YOUNG))), "{err}");
    assert!(err.contains("gate: 0 of 1 audits pass"), "{err}");
    assert!(err.len() < 1000, "short: {err}");
}
