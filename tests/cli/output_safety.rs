//! Nothing of the user's is overwritten or half-written: every input is protected from
//! every output by identity, outputs of one run never share a file, `--output-dir` never
//! collides or replaces a file it did not write, and a failed or interrupted run leaves
//! every target as it was and no temporary file behind.

use crate::support::{aftercert, aftercert_in, fixture, root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const RETAILER: &str = "online-retailer.yaml";

/// A scratch folder holding copies of inputs.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn s(&self, rel: &str) -> String {
        self.path(rel).to_str().unwrap().to_string()
    }

    /// Copies a fixture to `rel`, creating folders.
    fn copy(&self, fixture_name: &str, rel: &str) -> String {
        let to = self.path(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(fixture(fixture_name)), &to).unwrap();
        self.s(rel)
    }

    fn write(&self, rel: &str, text: &str) -> String {
        let to = self.path(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, text).unwrap();
        self.s(rel)
    }

    /// Every regular file under the folder and its bytes (symlinks and FIFOs as markers).
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(self.dir.path())
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    format!("{:?}", std::fs::read_link(e.path()).ok()).into_bytes()
                };
                (e.path().to_path_buf(), bytes)
            })
            .collect()
    }

    /// Temporary files left anywhere in the folder.
    fn temps(&self) -> Vec<PathBuf> {
        walkdir::WalkDir::new(self.dir.path())
            .into_iter()
            .map(Result::unwrap)
            .map(walkdir::DirEntry::into_path)
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with(".aftercert-") && name.ends_with(".tmp")
            })
            .collect()
    }
}

/// Asserts two snapshots equal, naming only the files that differ.
fn assert_same(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    let changed: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "{what}: {changed:?}");
}

/// Runs `check -q --as-of …` with arguments; returns exit code and stderr.
fn check(args: &[&str]) -> (i32, String) {
    let out = aftercert()
        .args(["check", "-q", "--as-of", "2026-11-23", "--no-config"])
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts a refused run: exit 2, the code and words in the message, nothing changed.
fn assert_refused(s: &Scratch, args: &[&str], code: &str, words: &[&str]) {
    let before = s.snapshot();
    let (status, err) = check(args);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains(&format!("error[{code}]")), "{err}");
    for w in words {
        assert!(err.contains(w), "`{w}` not in: {err}");
    }
    assert_same(&before, &s.snapshot(), "an input or an old output changed");
    assert!(s.temps().is_empty(), "{:?}", s.temps());
}

#[test]
fn a_report_over_a_document_found_by_walking_a_folder_is_refused() {
    let s = Scratch::new();
    s.copy(RETAILER, "d/a.yaml");
    let out = format!("md:{}", s.s("d/a.yaml"));
    assert_refused(
        &s,
        &[&s.s("d"), "-o", &out],
        "output-is-input",
        &["is the process document", "a.yaml"],
    );
}

#[test]
fn a_report_over_the_same_document_spelled_differently_is_refused() {
    let s = Scratch::new();
    s.copy(RETAILER, "d/a.yaml");
    let out = format!("md:{}", s.s("d/../d/./a.yaml"));
    assert_refused(&s, &[&s.s("d/a.yaml"), "-o", &out], "output-is-input", &[]);
}

#[test]
fn a_report_over_the_waiver_file_is_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    let w = s.copy("ci/waivers.yaml", "waivers.yaml");
    let out = format!("md:{w}");
    assert_refused(
        &s,
        &[&doc, "--waivers", &w, "-o", &out],
        "output-is-input",
        &["is the waiver file"],
    );
}

#[test]
fn a_report_over_a_standard_file_is_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    let std_file = s.copy("custom-standards/house-checklist.yaml", "std/house.yaml");
    let out = format!("json:{std_file}");
    assert_refused(
        &s,
        &[&doc, "--standard", &std_file, "-o", &out],
        "output-is-input",
        &["is the standard file"],
    );
}

#[test]
fn a_report_over_a_file_in_the_standards_dir_is_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    s.copy("custom-standards/house-checklist.yaml", "std/house.yaml");
    let out = format!("md:{}", s.s("std/house.yaml"));
    assert_refused(
        &s,
        &[&doc, "--standards-dir", &s.s("std"), "-o", &out],
        "output-is-input",
        &["is the standard file"],
    );
}

#[test]
fn a_report_over_a_template_is_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    let t = s.write("t/report.md.j2", "{{ run.as_of }}\n");
    let out = format!("md:{t}");
    assert_refused(
        &s,
        &[&doc, "--template-dir", &s.s("t"), "-o", &out],
        "output-is-input",
        &["is the template file"],
    );
}

#[test]
fn a_report_over_the_project_config_is_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    s.write("aftercert.yaml", "lang: en\n");
    let before = s.snapshot();
    let out = aftercert_in(s.dir.path())
        .args(["check", "-q", "--as-of", "2026-11-23", &doc])
        .args(["-o", "md:aftercert.yaml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("error[output-is-input]") && err.contains("project config file"));
    assert_same(&before, &s.snapshot(), "an input changed");
}

#[test]
fn messages_name_the_input_in_chinese_too() {
    let s = Scratch::new();
    let w = s.copy("ci/waivers.yaml", "w.yaml");
    let doc = s.copy(RETAILER, "a.yaml");
    let out = format!("md:{w}");
    assert_refused(
        &s,
        &["--lang", "zh", &doc, "--waivers", &w, "-o", &out],
        "output-is-input",
        &["就是本次运行读取的豁免文件", "拒绝覆盖"],
    );
}

#[test]
fn write_baseline_over_an_input_is_refused_but_may_update_the_baseline_it_reads() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    assert_refused(
        &s,
        &[&doc, "--write-baseline", &doc],
        "output-is-input",
        &["--write-baseline", "is the process document"],
    );
    let base = s.s("base.json");
    assert_eq!(check(&[&doc, "--write-baseline", &base]).0, 0);
    let (status, err) = check(&[&doc, "--baseline", &base, "--write-baseline", &base]);
    assert_eq!(
        status, 0,
        "updating the baseline in place is allowed: {err}"
    );
    assert!(std::fs::read_to_string(&base).unwrap().contains("a.yaml"));
    assert!(s.temps().is_empty());
}

#[test]
fn diff_output_over_the_new_report_is_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    let (old, new) = (s.s("old.json"), s.s("new.json"));
    assert_eq!(check(&[&doc, "-o", &format!("json:{old}")]).0, 0);
    assert_eq!(check(&[&doc, "-o", &format!("json:{new}")]).0, 0);
    let before = s.snapshot();
    let out = aftercert()
        .args(["diff", &old, &new, "-o", &new])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("error[output-is-input]") && err.contains("report being compared"));
    assert_same(&before, &s.snapshot(), "an input changed");
    let ok = aftercert()
        .args(["diff", &old, &new, "-o", &s.s("diff.md")])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(s.path("diff.md").is_file() && s.temps().is_empty());
}

#[cfg(unix)]
#[test]
fn a_report_through_a_symlink_to_an_input_is_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "d/a.yaml");
    std::os::unix::fs::symlink(&doc, s.path("report.md")).unwrap();
    let out = format!("md:{}", s.s("report.md"));
    assert_refused(&s, &[&s.s("d"), "-o", &out], "output-is-input", &["a.yaml"]);
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    let (a, b) = (
        format!("md:{}", s.s("r.md")),
        format!("json:{}", s.s("./r.md")),
    );
    assert_refused(
        &s,
        &[&doc, "-o", &a, "-o", &b],
        "duplicate-output",
        &["are the same file"],
    );
    assert!(!s.path("r.md").exists());
    let base = s.s("r.md");
    assert_refused(
        &s,
        &[&doc, "-o", &a, "--write-baseline", &base],
        "duplicate-output",
        &["--write-baseline"],
    );
}

#[test]
fn several_outputs_where_one_fails_leave_every_other_output_as_it_was() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    s.write("r.md", "the previous report\n");
    let (a, b) = (
        format!("md:{}", s.s("r.md")),
        format!("json:{}", s.s("nowhere/r.json")),
    );
    assert_refused(
        &s,
        &[&doc, "-o", &a, "-o", &b],
        "output-not-written",
        &["does not exist", "no output of this run was replaced"],
    );
    // A folder named as an output fails the same way.
    std::fs::create_dir(s.path("folder.md")).unwrap();
    let c = format!("md:{}", s.s("folder.md"));
    assert_refused(
        &s,
        &[&doc, "-o", &a, "-o", &c],
        "output-not-written",
        &["folder"],
    );
}

#[test]
fn output_dir_gives_every_document_its_own_report_whatever_their_names() {
    let s = Scratch::new();
    for d in ["x/a.yaml", "y/a.yaml", "z/a-2.yaml", "w/summary.yaml"] {
        s.copy(RETAILER, &format!("docs/{d}"));
    }
    let out = s.s("out");
    let (status, err) = check(&["--output-dir", &out, &s.s("docs")]);
    assert_eq!(status, 0, "{err}");
    let expect = [
        ("a", "x/a.yaml"),
        ("a-2", "y/a.yaml"),
        ("a-2-2", "z/a-2.yaml"),
        ("summary-2", "w/summary.yaml"),
    ];
    for (name, doc) in expect {
        let json = std::fs::read_to_string(s.path(&format!("out/{name}.json")))
            .unwrap_or_else(|e| panic!("{name}.json: {e}"));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let path = v["documents"][0]["path"].as_str().unwrap();
        assert!(
            path.ends_with(doc),
            "{name}.json is the report of {path}, not {doc}"
        );
        assert_eq!(v["documents"].as_array().unwrap().len(), 1);
        assert!(s.path(&format!("out/{name}.md")).is_file());
    }
    let summary = std::fs::read_to_string(s.path("out/summary.md")).unwrap();
    assert!(
        summary.starts_with('#'),
        "the summary is not a document's report"
    );
    assert!(s.temps().is_empty());
}

#[test]
fn output_dir_refuses_to_replace_a_file_it_did_not_write_unless_forced() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    s.write("out/a.md", "my own notes\n");
    let out = s.s("out");
    assert_refused(
        &s,
        &["--output-dir", &out, &doc],
        "output-exists",
        &["a.md", "was not written by aftercert", "--force"],
    );
    assert!(
        !s.path("out/a.json").exists(),
        "nothing written when one file is refused"
    );
    let (status, err) = check(&["--output-dir", &out, "--force", &doc]);
    assert_eq!(status, 0, "{err}");
    assert_ne!(
        std::fs::read_to_string(s.path("out/a.md")).unwrap(),
        "my own notes\n"
    );
    // What aftercert wrote there it may replace on the next run…
    let (status, err) = check(&["--output-dir", &out, &doc]);
    assert_eq!(status, 0, "re-running into the same folder: {err}");
    // …but not once the user changed it.
    std::fs::write(s.path("out/summary.md"), "edited by hand\n").unwrap();
    assert_refused(
        &s,
        &["--output-dir", &out, &doc],
        "output-exists",
        &["summary.md"],
    );
}

#[test]
fn output_dir_never_replaces_an_input_even_when_forced() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    std::fs::create_dir(s.path("out")).unwrap();
    let base = s.s("out/a.json");
    assert_eq!(check(&[&doc, "--write-baseline", &base]).0, 0);
    assert_refused(
        &s,
        &[
            "--output-dir",
            &s.s("out"),
            "--force",
            "--baseline",
            &base,
            &doc,
        ],
        "output-is-input",
        &["--output-dir", "is the baseline file"],
    );
}

/// The pid the next process will likely get (Linux), to plant files at the names the
/// temporary files used to have (`.NAME.aftercert-PID.tmp`).
#[cfg(target_os = "linux")]
fn next_pids() -> std::ops::Range<u32> {
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1);
    last + 1..last + 200
}

#[cfg(target_os = "linux")]
#[test]
fn symlinks_and_fifos_at_guessable_temporary_names_are_harmless() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    let victim = s.write("victim.txt", "must stay\n");
    std::fs::create_dir(s.path("out")).unwrap();
    for pid in next_pids() {
        let link = s.path(&format!("out/.r.md.aftercert-{pid}.tmp"));
        std::os::unix::fs::symlink(&victim, link).unwrap();
        let fifo = s.path(&format!("out/.r.json.aftercert-{pid}.tmp"));
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
    }
    let before: BTreeMap<_, _> = s
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("r.md"))
        .collect();
    let (a, b) = (
        format!("md:{}", s.s("out/r.md")),
        format!("json:{}", s.s("out/r.json")),
    );
    let (status, err) = check(&[&doc, "-o", &a, "-o", &b]);
    assert_eq!(status, 0, "{err}");
    assert!(
        std::fs::read_to_string(s.path("out/r.md"))
            .unwrap()
            .starts_with('#')
    );
    assert!(
        std::fs::read_to_string(s.path("out/r.json"))
            .unwrap()
            .starts_with('{')
    );
    let after: BTreeMap<_, _> = s
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("r.md") && !p.ends_with("r.json"))
        .collect();
    assert_same(
        &before,
        &after,
        "the planted files and their target are untouched",
    );
}

/// Starts a run whose last output is a FIFO nobody reads: it renders every output, then
/// waits to write the FIFO, with its other outputs still in their temporary files.
#[cfg(target_os = "linux")]
fn interrupted_run(signal: &str) -> (Scratch, i32) {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    std::fs::create_dir(s.path("out")).unwrap();
    let fifo = s.path("out/pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let before = s.snapshot();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aftercert"))
        .args(["check", "-q", "--as-of", "2026-11-23", "--no-config", &doc])
        .args(["-o", &format!("md:{}", s.s("out/r.md"))])
        .args(["--write-baseline", &s.s("out/base.json")])
        .args(["-o", &format!("json:{}", fifo.display())])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until both temporary files exist (the run is then blocked on the FIFO);
    // the bound only keeps a broken build from hanging the test suite.
    let mut waited = 0;
    while s.temps().len() < 2 {
        assert!(waited < 6000, "the run never rendered its outputs");
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(Duration::from_millis(20));
        waited += 1;
    }
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let code = child.wait().unwrap().code().unwrap_or(-1);
    assert_same(
        &before,
        &s.snapshot(),
        "no output replaced, no input changed",
    );
    assert!(
        s.temps().is_empty(),
        "temporary files left: {:?}",
        s.temps()
    );
    (s, code)
}

#[cfg(target_os = "linux")]
#[test]
fn sigterm_during_a_run_leaves_no_temporary_file_and_no_output() {
    assert_eq!(interrupted_run("-TERM").1, 143);
}

#[cfg(target_os = "linux")]
#[test]
fn sigint_during_a_run_leaves_no_temporary_file_and_no_output() {
    assert_eq!(interrupted_run("-INT").1, 130);
}

#[test]
fn devices_are_written_in_place() {
    let s = Scratch::new();
    let doc = s.copy(RETAILER, "a.yaml");
    let (status, err) = check(&[&doc, "-o", "json:/dev/null", "-o", "md:/dev/null"]);
    assert_eq!(status, 0, "{err}");
    assert!(
        Path::new("/dev/null")
            .metadata()
            .is_ok_and(|m| !m.is_file())
    );
}
