//! Reports written document by document: the same bytes whatever the number of threads,
//! and the same as rendering the whole run held in memory (`--render-whole`).

use crate::support::{aftercert, check_in, root};
use std::path::Path;

/// A folder of the fixtures with a broken document in the middle, in a fresh temp dir.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = root().join("fixtures");
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    // Sorted between the others: `d…` comes after `car-dealer-group`, before `injection`.
    std::fs::copy(
        fixtures.join("broken/invalid-yaml.yaml"),
        dir.path().join("d-broken.yaml"),
    )
    .expect("copy");
    dir
}

/// Runs `check` on the folder into `out`; returns the exit code and stderr.
fn run(dir: &Path, out: &str, extra: &[&str]) -> (i32, String) {
    let o = check_in("zh")
        .args(["-q", "-o", out])
        .arg(dir)
        .args(extra)
        .output()
        .expect("runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Every format and edition: 1 thread, 2 threads, and the whole run in memory agree.
#[test]
fn every_format_is_the_same_whatever_the_threads_and_streamed_or_whole() {
    let docs = corpus();
    let outs = tempfile::tempdir().expect("temp dir");
    let cases: &[(&str, &[&str])] = &[
        ("json", &[]),
        ("json", &["--pretty"]),
        ("sarif", &[]),
        ("junit", &[]),
        ("csv", &[]),
        ("github", &[]),
        ("markdown", &[]),
        ("markdown", &["--edition", "technical"]),
        ("html", &[]),
        ("html", &["--edition", "technical"]),
    ];
    for (i, (format, extra)) in cases.iter().enumerate() {
        let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
        for mode in [
            &["--threads", "1"][..],
            &["--threads", "2"],
            &["--threads", "2", "--render-whole"],
        ] {
            let path = outs.path().join(format!("{i}-{}.out", mode.len()));
            let spec = format!("{format}:{}", path.display());
            let args: Vec<&str> = extra.iter().chain(mode).copied().collect();
            let (code, stderr) = run(docs.path(), &spec, &args);
            assert_eq!(
                code, 2,
                "{format} {args:?}: the broken document makes the run exit 2\n{stderr}"
            );
            assert!(
                stderr.contains("d-broken.yaml"),
                "{format}: the broken document is named\n{stderr}"
            );
            let bytes = std::fs::read(&path).expect("the report is written");
            assert!(bytes.len() > 1000, "{format}: a report of every document");
            seen.push((args.join(" "), bytes));
        }
        for (mode, bytes) in &seen[1..] {
            assert!(
                *bytes == seen[0].1,
                "{format}: `{mode}` differs from `{}`",
                seen[0].0
            );
        }
    }
}

/// The documents after the broken one are audited, in input order, in every report.
#[test]
fn a_broken_document_in_the_middle_leaves_the_rest_audited_in_order() {
    let docs = corpus();
    let outs = tempfile::tempdir().expect("temp dir");
    let path = outs.path().join("r.csv");
    let (code, stderr) = run(
        docs.path(),
        &format!("csv:{}", path.display()),
        &["--threads", "2"],
    );
    assert_eq!(code, 2, "{stderr}");
    let text = std::fs::read_to_string(&path).expect("written");
    let order: Vec<&str> = [
        "appliance-mature",
        "car-dealer-group",
        "injection",
        "startup-organization-stage",
    ]
    .into_iter()
    .collect();
    let at: Vec<usize> = order
        .iter()
        .map(|name| {
            text.find(&format!("{name}.yaml"))
                .unwrap_or_else(|| panic!("{name} is in the report"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "documents in input order: {at:?}"
    );
    assert!(
        !text.contains("d-broken.yaml"),
        "a file that could not be audited has no rows"
    );
}

/// One output that cannot be written keeps every other output of the run from being
/// replaced, and leaves no temporary file, though it was written document by document.
#[test]
fn a_failing_output_keeps_the_streamed_ones_from_being_put_in_place() {
    let docs = corpus();
    let outs = tempfile::tempdir().expect("temp dir");
    let good = outs.path().join("r.json");
    std::fs::write(&good, "old").expect("write");
    let o = aftercert()
        .args(["check", "--no-config", "--as-of", "2026-11-23", "-q"])
        .arg("-o")
        .arg(format!("json:{}", good.display()))
        .arg("-o")
        .arg(format!(
            "csv:{}",
            outs.path().join("missing/r.csv").display()
        ))
        .arg(docs.path())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&good).expect("read"), "old");
    let names: Vec<String> = std::fs::read_dir(outs.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["r.json"], "no temporary file is left behind");
}
