//! Naming the reports of `--output-dir`, and knowing which files there are aftercert's.
//!
//! Every document gets its own report, named after the document's file name; when two
//! documents share a name (`x/a.yaml`, `y/a.yaml`) or a name is already taken (`z/a-2.yaml`,
//! the reserved `summary`), the next free `NAME-2`, `NAME-3`… is used, compared without
//! case so that the names differ on every file system.
//!
//! A run replaces only files aftercert wrote and nobody changed since: the folder keeps a
//! manifest, [`MANIFEST`], listing each file aftercert wrote there with its size and
//! modification time. A file that is missing from it, or that differs from what was
//! recorded, belongs to the user, and is replaced only with `--force`.

use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::yaml::Pos;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = ".aftercert-outputs.json";

/// The summary's file stem, reserved.
pub const SUMMARY: &str = "summary";

/// Gives every document path a file stem of its own, in order.
#[derive(Debug, Default)]
pub struct Names {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Names {
    /// A namer with the reserved stems taken.
    pub fn new() -> Self {
        let mut n = Names::default();
        for reserved in [SUMMARY, MANIFEST.trim_end_matches(".json")] {
            n.used.insert(reserved.to_lowercase());
        }
        n
    }

    /// The stem for a document: its file stem, or the next free `STEM-N`.
    pub fn stem_for(&mut self, doc: &str) -> String {
        let stem = Path::new(doc)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty() && s != "." && s != "..")
            .unwrap_or_else(|| "document".into());
        let mut candidate = stem.clone();
        let key = stem.to_lowercase();
        // Each stem remembers where its numbering stopped, so n documents with one name
        // cost n tries in all, not n².
        while !self.used.insert(candidate.to_lowercase()) {
            let n = self.next.entry(key.clone()).or_insert(1);
            *n += 1;
            candidate = format!("{stem}-{n}");
        }
        candidate
    }
}

/// A file's size and modification time, to tell whether it changed since it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    bytes: u64,
    modified_ns: u64,
}

impl Stamp {
    /// The stamp of a file's metadata; `None` where the time cannot be read.
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        let since = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Stamp {
            bytes: meta.len(),
            modified_ns: u64::try_from(since.as_nanos()).ok()?,
        })
    }
}

/// What aftercert wrote in a folder: file name → stamp.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Says what the file is to someone who opens it.
    #[serde(default)]
    about: String,
    files: BTreeMap<String, Stamp>,
}

/// What is at the manifest's name in a folder.
#[derive(Debug)]
pub enum Found {
    /// Nothing: aftercert has written nothing there yet.
    Nothing,
    /// aftercert's manifest.
    Manifest(Manifest),
    /// Something else, which is the user's like any other file.
    Foreign,
}

/// Reads the manifest of a folder.
pub fn read_manifest(dir: &Path) -> Found {
    let path = dir.join(MANIFEST);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Found::Nothing;
    };
    if !meta.is_file() || meta.len() > 16 << 20 {
        return Found::Foreign;
    }
    match std::fs::read(&path).map(|text| serde_json::from_slice(&text)) {
        Ok(Ok(m)) => Found::Manifest(m),
        _ => Found::Foreign,
    }
}

impl Manifest {
    /// True if aftercert wrote this file here and it is as aftercert left it.
    pub fn owns(&self, dir: &Path, name: &str) -> bool {
        let Some(recorded) = self.files.get(name) else {
            return false;
        };
        std::fs::symlink_metadata(dir.join(name))
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| Stamp::of(&m))
            .is_some_and(|now| now == *recorded)
    }

    /// The manifest after this run: what it wrote, and the earlier entries that are
    /// still as aftercert left them.
    pub fn updated(&self, dir: &Path, written: BTreeMap<String, Stamp>) -> Manifest {
        let mut files: BTreeMap<String, Stamp> = self
            .files
            .iter()
            .filter(|(name, _)| self.owns(dir, name))
            .map(|(n, s)| (n.clone(), *s))
            .collect();
        files.extend(written);
        Manifest {
            about: "Files aftercert wrote in this folder; aftercert check --output-dir replaces \
                    only these (unless --force). Delete this file to protect them all."
                .into(),
            files,
        }
    }
}

/// Why a file in the output folder may not be replaced, if it may not.
pub fn refusal(
    dir: &Path,
    name: &str,
    manifest: Option<&Manifest>,
    force: bool,
) -> Option<Diagnostic> {
    let path = dir.join(name);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if meta.is_dir() {
        return Some(foreign(&path, true));
    }
    if force || manifest.is_some_and(|m| m.owns(dir, name)) {
        return None;
    }
    Some(foreign(&path, false))
}

fn foreign(path: &Path, folder: bool) -> Diagnostic {
    let shown = crate::text::path(path);
    let (msg, expected) = if folder {
        (
            Text::new(
                format!("--output-dir：{shown} 是一个文件夹，报告无法写在这里；未写入任何输出"),
                format!(
                    "--output-dir: {shown} is a folder, so the report cannot be written there; no output was written"
                ),
            ),
            Text::new("该名称处没有文件夹", "no folder at that name"),
        )
    } else {
        (
            Text::new(
                format!(
                    "--output-dir：{shown} 已存在，且不是 aftercert 写出的（或写出后被改过）；未作改动，未写入任何输出"
                ),
                format!(
                    "--output-dir: {shown} exists and was not written by aftercert (or was changed since); it was left as it is and no output was written"
                ),
            ),
            Text::new(
                "一个空文件夹、aftercert 以前写出的文件夹，或加 --force 以替换",
                "an empty folder, a folder aftercert wrote before, or --force to replace it",
            ),
        )
    };
    Diagnostic::error(Code::OutputExists, &shown, Pos::default(), msg).expected(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_document_names_get_their_own_stems() {
        let mut n = Names::new();
        let stems: Vec<String> = [
            "x/a.yaml",
            "y/a.yaml",
            "z/a-2.yaml",
            "summary.yaml",
            "A.yml",
            "w/a.yaml",
        ]
        .iter()
        .map(|d| n.stem_for(d))
        .collect();
        assert_eq!(stems, ["a", "a-2", "a-2-2", "summary-2", "A-3", "a-4"]);
    }

    #[test]
    fn many_documents_with_one_name_are_numbered_in_order() {
        let mut n = Names::new();
        let last = (0..1000).map(|_| n.stem_for("d/a.yaml")).last().unwrap();
        assert_eq!(last, "a-1000");
    }

    #[test]
    fn a_file_changed_after_aftercert_wrote_it_is_no_longer_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        std::fs::write(&f, "report").unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&f).unwrap()).unwrap();
        let m = Manifest::default().updated(dir.path(), BTreeMap::from([("a.md".into(), stamp)]));
        assert!(m.owns(dir.path(), "a.md"));
        assert!(refusal(dir.path(), "a.md", Some(&m), false).is_none());
        std::fs::write(&f, "the user's notes, longer").unwrap();
        assert!(!m.owns(dir.path(), "a.md"));
        assert!(refusal(dir.path(), "a.md", Some(&m), false).is_some());
        assert!(refusal(dir.path(), "a.md", Some(&m), true).is_none());
        assert!(refusal(dir.path(), "new.md", None, false).is_none());
    }
}
