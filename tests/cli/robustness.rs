//! Bad input: malformed, hostile or huge files each get a clear message and exit 2 in
//! bounded time, and the other files of the same run are still audited.
//!
//! Every test runs `aftercert check` on the bad file *and* a valid fixture, then asserts
//! the diagnostic code, that the valid document was scored, and a time bound (generous:
//! debug builds under a loaded CI machine). Times are printed; see them with
//! `cargo test robustness -- --nocapture`.

use crate::support::{aftercert, fixture, root};
use serde_json::Value as J;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The valid document every run also carries.
const GOOD: &str = "startup-organization-stage.yaml";

/// What one run of `aftercert check --format json` gave.
struct Run {
    json: J,
    code: Option<i32>,
    stderr: String,
    secs: f64,
}

impl Run {
    /// The diagnostic codes of the run's errors.
    fn codes(&self) -> Vec<&str> {
        let errors = self.json["errors"].as_array().map(Vec::as_slice);
        errors
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e["code"].as_str())
            .collect()
    }

    /// Returns true if and only if a document with this file name was scored.
    fn scored(&self, name: &str) -> bool {
        let docs = self.json["documents"].as_array().map(Vec::as_slice);
        docs.unwrap_or_default()
            .iter()
            .any(|d| d["path"].as_str().is_some_and(|p| p.ends_with(name)))
    }

    /// Asserts exit 2, the code, and that the good document was still scored.
    fn refused(&self, code: &str) -> &Self {
        assert_eq!(self.code, Some(2), "{}", self.stderr);
        assert!(
            self.codes().contains(&code),
            "{:?}\n{}",
            self.codes(),
            self.stderr
        );
        assert!(self.scored(GOOD), "the valid document was not scored");
        self
    }

    /// Asserts that stderr says something.
    fn says(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "`{text}` not in\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `check` on the given paths plus the good fixture, killing it after a minute.
fn check(name: &str, extra: &[&str], paths: &[&Path]) -> Run {
    let mut args: Vec<OsString> = [
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-23",
        "--lang",
        "en",
    ]
    .map(OsString::from)
    .to_vec();
    args.extend(extra.iter().map(OsString::from));
    args.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
    args.push(fixture(GOOD).into());
    let start = Instant::now();
    let out = aftercert()
        .args(&args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    eprintln!("robustness {name}: {secs:.2}s");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{name}: stdout is not JSON ({e}); stderr:\n{stderr}"));
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(secs < 30.0, "{name} took {secs:.1}s");
    Run {
        json,
        code: out.status.code(),
        stderr,
        secs,
    }
}

/// Writes a file into a fresh temporary folder.
fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

/// A valid document around a given `company` block body.
fn document(company: &str) -> String {
    format!("aftercert: 1\ncompany:\n{company}")
}

#[test]
fn an_alias_bomb_is_refused_in_bounded_time() {
    let mut text = document("  name: Laughs Ltd\n")
        + "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for i in 1..=9 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        text.push_str(&format!("lol{i}: &l{i} [{refs}]\n"));
    }
    let (_dir, path) = temp_file("bomb.yaml", text);
    let run = check("alias bomb", &[], &[&path]);
    run.refused("yaml-syntax")
        .says("alias")
        .says("docs/limits.md");
    assert!(run.secs < 10.0, "{}", run.secs);
}

#[test]
fn nesting_ten_thousand_deep_is_refused_flow_and_block() {
    let flow = document(&format!(
        "  name: [{}x{}]\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    ));
    let block = document("  name: x\n") + &format!("deep:\n  {}x\n", "- ".repeat(10_000));
    let mut mapping = document("  name: x\n");
    for i in 0..10_000 {
        mapping.push_str(&format!("{}k:\n", " ".repeat(i)));
    }
    for (name, text) in [("flow", flow), ("block", block), ("block mapping", mapping)] {
        let (_dir, path) = temp_file("deep.yaml", text);
        let run = check(&format!("10,000-deep {name}"), &[], &[&path]);
        run.refused("yaml-syntax")
            .says("32 levels")
            .says("docs/limits.md");
    }
}

#[test]
fn a_file_of_hundreds_of_megabytes_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(300 * 1024 * 1024).unwrap();
    drop(file);
    let run = check("300 MB sparse file", &[], &[&path]);
    // The exact size in the message comes from the metadata: nothing was read.
    run.refused("file-too-large")
        .says("314572800 bytes")
        .says("--max-file-size");
    assert!(run.secs < 10.0, "{}", run.secs);
}

#[test]
fn a_small_max_file_size_refuses_big_files_and_keeps_small_ones() {
    let big = root().join(fixture("appliance-mature.yaml"));
    let run = check(
        "--max-file-size 8000",
        &["--max-file-size", "8000"],
        &[&big],
    );
    run.refused("file-too-large").says("8000");
    assert!(!run.scored("appliance-mature.yaml"));
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let mut bytes = document("  name: Broken").into_bytes();
    bytes.extend([0xff, 0xfe, b'\n']);
    let (_dir, path) = temp_file("latin1.yaml", bytes);
    let run = check("invalid UTF-8", &[], &[&path]);
    run.refused("invalid-utf8").says("latin1.yaml:3:15");
}

/// The parts of a scored document that must not depend on line ends or a BOM.
fn score_of(run: &Run, name: &str) -> (J, J, usize) {
    let docs = run.json["documents"].as_array().unwrap();
    let doc = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not scored"));
    let findings = doc["findings"].as_array().map_or(0, Vec::len);
    (doc["score"].clone(), doc["rating"]["id"].clone(), findings)
}

#[test]
fn a_bom_and_crlf_line_ends_are_valid_and_score_the_same() {
    let lf = std::fs::read_to_string(root().join(fixture("online-retailer.yaml"))).unwrap();
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("lf.yaml"), dir.path().join("crlf.yaml"));
    std::fs::write(&a, &lf).unwrap();
    std::fs::write(&b, &crlf).unwrap();
    let run = check("BOM + CRLF", &[], &[&a, &b]);
    assert!(run.codes().is_empty(), "{:?}\n{}", run.codes(), run.stderr);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    assert_eq!(score_of(&run, "crlf.yaml"), score_of(&run, "lf.yaml"));
    aftercert().arg("validate").arg(&b).assert().success();
}

#[test]
fn tab_indentation_is_refused_with_a_hint() {
    let path = root().join(fixture("broken/tabs.yaml"));
    let run = check("tabs", &[], &[&path]);
    run.refused("yaml-syntax")
        .says("tabs.yaml:4")
        .says("not tabs");
}

#[test]
fn several_documents_in_one_file_are_refused() {
    let path = root().join(fixture("broken/several-documents.yaml"));
    check("several documents", &[], &[&path]).refused("several-documents");
    let storm = "aftercert: 1\n".to_string() + &"---\na: 1\n".repeat(100_000);
    let (_dir, path) = temp_file("storm.yaml", storm);
    check("100,000 documents", &[], &[&path]).refused("several-documents");
}

#[test]
fn empty_blank_and_comment_only_files_are_refused() {
    for (name, text) in [
        ("empty", ""),
        ("blank", " \n\n\t\n"),
        ("comments", "# nothing\n"),
    ] {
        let (_dir, path) = temp_file("nothing.yaml", text);
        check(name, &[], &[&path]).refused("empty-document");
    }
}

#[test]
fn a_top_level_list_or_scalar_is_refused() {
    for name in ["top-level-list.yaml", "scalar.yaml"] {
        let path = root().join(fixture(&format!("broken/{name}")));
        check(name, &[], &[&path]).refused("not-a-mapping");
    }
}

#[test]
fn a_five_megabyte_company_name_works() {
    let name = "青".repeat(5 * 1024 * 1024 / 3);
    let (_dir, path) = temp_file("long.yaml", document(&format!("  name: {name}\n")));
    let run = check("5 MB company name", &[], &[&path]);
    assert!(run.codes().is_empty(), "{:?}", run.codes());
    assert!(run.scored("long.yaml") && run.scored(GOOD));
}

#[test]
fn a_five_megabyte_value_of_the_wrong_type_is_reported() {
    let value = "x".repeat(5 * 1024 * 1024);
    let text = document(&format!("  name: X\n  sales_channels: {value}\n"));
    let (_dir, path) = temp_file("long.yaml", text);
    check("5 MB wrong-type value", &[], &[&path]).refused("wrong-type");
}

#[test]
fn a_five_megabyte_key_is_refused_clearly() {
    let key = "k".repeat(5 * 1024 * 1024);
    let (_dir, path) = temp_file("key.yaml", document("  name: X\n") + &format!("{key}: 1\n"));
    let run = check("5 MB key", &[], &[&path]);
    run.refused("yaml-syntax").says("1024 characters");
}

#[test]
fn null_where_a_value_is_required_is_refused() {
    let path = root().join(fixture("broken/null-required.yaml"));
    let run = check("null required", &[], &[&path]);
    run.refused("wrong-type").says("company.name");
}

/// `check` scans a directory it is given, so a directory counts as "given as a file"
/// only for `validate`.
#[test]
fn a_directory_or_a_missing_path_given_as_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-file.yaml");
    check("missing path", &[], &[&missing])
        .refused("io-error")
        .says("no-such-file.yaml");
    let folder = dir.path().join("folder.yaml");
    std::fs::create_dir(&folder).unwrap();
    let out = aftercert()
        .args(["validate", "--lang", "en"])
        .args([&missing, &folder])
        .arg(fixture(GOOD))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("{GOOD}: valid")), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-file.yaml"), "{stderr}");
    assert!(stderr.contains("folder.yaml is a directory"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_fifo_given_as_a_file_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    mkfifo(&fifo);
    let run = check("FIFO as a file", &[], &[&fifo]);
    run.refused("io-error").says("not a regular file");
    assert!(run.secs < 10.0, "{}", run.secs);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status();
    assert!(status.is_ok_and(|s| s.success()), "mkfifo failed");
}

/// A folder holding the good fixture and whatever `build` adds.
fn scan_dir(build: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(fixture(GOOD)), dir.path().join(GOOD)).unwrap();
    build(dir.path());
    dir
}

/// Runs `check` on a folder alone (the good document is inside it).
fn check_dir(name: &str, dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-23",
        "--lang",
        "en",
    ];
    args.extend(extra);
    let start = Instant::now();
    let out = aftercert()
        .args(&args)
        .arg(dir)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    eprintln!("robustness {name}: {secs:.2}s");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{name}: stdout is not JSON ({e}); stderr:\n{stderr}"));
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run {
        json,
        code: out.status.code(),
        stderr,
        secs,
    }
}

/// A directory scan does not follow symlinks, so a loop cannot trap it: it finishes, the
/// real document is scored, and `--verbose` names what it skipped.
#[cfg(unix)]
#[test]
fn a_directory_scan_survives_symlink_loops() {
    use std::os::unix::fs::symlink;
    let dir = scan_dir(|d| {
        std::fs::create_dir(d.join("sub")).unwrap();
        symlink("..", d.join("sub/up")).unwrap();
        symlink("self.yaml", d.join("self.yaml")).unwrap();
        symlink("b.yaml", d.join("a.yaml")).unwrap();
        symlink("a.yaml", d.join("b.yaml")).unwrap();
    });
    let run = check_dir("symlink loop", dir.path(), &["--verbose"]);
    assert!(run.scored(GOOD), "{}", run.stderr);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    assert!(run.stderr.contains("self.yaml"), "{}", run.stderr);
    assert!(run.secs < 30.0, "{}", run.secs);
}

/// An unreadable file in a scan is reported (io-error, exit 2) and the others are still
/// scored. Tests usually run as root, for whom `chmod 000` changes nothing; the test
/// detects that and then relies on what root cannot read either: a FIFO named `*.yaml`
/// (which would block a naive reader forever; the scan skips special files), a
/// dangling symlink and a directory named `*.yaml` (neither is a regular file).
#[cfg(unix)]
#[test]
fn a_directory_scan_survives_unreadable_entries() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = scan_dir(|d| {
        mkfifo(&d.join("pipe.yaml"));
        symlink("nowhere.yaml", d.join("dangling.yaml")).unwrap();
        std::fs::create_dir(d.join("folder.yaml")).unwrap();
    });
    let locked = dir.path().join("locked.yaml");
    std::fs::write(&locked, "aftercert: 1\ncompany: {name: Locked}\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::read(&locked).is_ok();
    if privileged {
        std::fs::remove_file(&locked).unwrap();
    }
    let run = check_dir("unreadable entries", dir.path(), &[]);
    assert!(run.scored(GOOD), "{}", run.stderr);
    if privileged {
        assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    } else {
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(run.codes().contains(&"io-error"), "{:?}", run.codes());
        assert!(run.stderr.contains("locked.yaml"), "{}", run.stderr);
    }
    assert!(run.secs < 30.0, "{}", run.secs);
}

/// Regression: a parse error pointing at a multi-byte space (an ideographic space from
/// a Chinese input method, or U+0085) made the snippet renderer split the character and
/// panic. Found by the property test.
#[test]
fn an_error_at_a_full_width_space_does_not_crash() {
    for space in ["\u{3000}", "\u{85}"] {
        let text = format!("aftercert: 1\ncompany: {{name: x}}{space}\n");
        let (_dir, path) = temp_file("space.yaml", text);
        check("full-width space", &[], &[&path])
            .refused("yaml-syntax")
            .says("space.yaml:2:19");
    }
}
