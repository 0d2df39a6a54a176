//! The files a run reads, kept safe from the files it writes.
//!
//! A run that writes its report over the process document it audited, over the waiver
//! file or over a standard destroys the user's work. Comparing spellings does not find
//! that (`d/a.yaml` and `./d/../d/a.yaml`, a symlink, a hard link), so files are compared
//! by identity: device and inode on unix, the canonical path elsewhere. Outputs of one
//! run are also compared with each other, so that two of them never name one file.

use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::yaml::Pos;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What makes a file the same file, however its path is spelled.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity(Key);

#[cfg(unix)]
type Key = (u64, u64);
#[cfg(not(unix))]
type Key = PathBuf;

impl Identity {
    /// The identity of the file a path names, through symlinks; `None` if there is none.
    pub fn of(path: &Path) -> Option<Identity> {
        Self::from_meta(path, &std::fs::metadata(path).ok()?)
    }

    #[cfg(unix)]
    fn from_meta(_: &Path, meta: &std::fs::Metadata) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt as _;
        Some(Identity((meta.dev(), meta.ino())))
    }

    #[cfg(not(unix))]
    fn from_meta(path: &Path, _: &std::fs::Metadata) -> Option<Identity> {
        std::fs::canonicalize(path).ok().map(Identity)
    }
}

/// The role of a file the run reads, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A process document, named or found by walking a folder.
    Document,
    /// A standard file, named with `--standard` or found in `--standards-dir`.
    Standard,
    /// The waiver file.
    Waivers,
    /// The baseline read with `--baseline`.
    Baseline,
    /// The project config, `aftercert.yaml`.
    Config,
    /// A file in `--template-dir`.
    Template,
    /// A report compared by `diff`.
    DiffInput,
}

impl InputKind {
    fn name(self) -> Text {
        let (zh, en) = match self {
            InputKind::Document => ("流程文件", "process document"),
            InputKind::Standard => ("标准文件", "standard file"),
            InputKind::Waivers => ("豁免文件", "waiver file"),
            InputKind::Baseline => ("基线文件", "baseline file"),
            InputKind::Config => ("项目配置文件", "project config file"),
            InputKind::Template => ("模板文件", "template file"),
            InputKind::DiffInput => ("待对比的报告", "report being compared"),
        };
        Text::new(zh, en)
    }
}

/// Every file a run reads, by identity.
#[derive(Debug, Default)]
pub struct Protected {
    inputs: HashMap<Identity, (InputKind, PathBuf)>,
}

impl Protected {
    /// Protects a file; a path that names no file is skipped (it cannot be overwritten
    /// by mistake for an input the run reads, since the run cannot read it).
    pub fn add(&mut self, kind: InputKind, path: &Path) {
        if let Some(id) = Identity::of(path) {
            self.inputs
                .entry(id)
                .or_insert_with(|| (kind, path.to_path_buf()));
        }
    }

    /// Protects every file under a folder, through symlinks.
    pub fn add_tree(&mut self, kind: InputKind, dir: &Path) {
        let entries = walkdir::WalkDir::new(dir).follow_links(false).into_iter();
        for e in entries.filter_map(Result::ok) {
            if !e.file_type().is_dir() {
                self.add(kind, e.path());
            }
        }
    }

    /// The input an output would overwrite, as a refusal; `allowed` is the one kind of
    /// input this output may replace (the baseline, updated in place).
    pub fn refusal(
        &self,
        flag: &str,
        output: &Path,
        allowed: Option<InputKind>,
    ) -> Option<Diagnostic> {
        let (kind, input) = self.inputs.get(&Identity::of(output)?)?;
        if Some(*kind) == allowed {
            return None;
        }
        let (out, input) = (crate::text::path(output), crate::text::path(input));
        let name = kind.name();
        let msg = Text::new(
            format!(
                "{flag} {out} 就是本次运行读取的{} {input}；拒绝覆盖，未写入任何输出",
                name.get(crate::i18n::Lang::Zh)
            ),
            format!(
                "{flag} {out} is the {} {input} that this run reads; refusing to overwrite it, no output was written",
                name.get(crate::i18n::Lang::En)
            ),
        );
        Some(
            Diagnostic::error(Code::OutputIsInput, &out, Pos::default(), msg).expected(Text::new(
                "一个不是本次运行输入的输出路径",
                "an output path that is not an input of the run",
            )),
        )
    }
}

/// The files the outputs of a run will write, so that no two of them are the same.
#[derive(Debug, Default)]
pub struct Claims {
    taken: HashMap<Place, (String, PathBuf)>,
}

/// One way of telling that two output paths name one file: the file itself when it
/// exists, and its folder's identity with its name (a file not yet written has no inode).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Place {
    File(Identity),
    Entry(Identity, std::ffi::OsString),
    Path(PathBuf),
}

impl Claims {
    /// Claims an output path for a flag; a refusal if another output of the run has it.
    /// Devices and pipes (`/dev/null`, `/dev/stdout`) may be named by several outputs.
    pub fn claim(&mut self, flag: &str, path: &Path) -> Result<(), Diagnostic> {
        if super::in_place(path) {
            return Ok(());
        }
        let places = places(path);
        if let Some((other_flag, other)) = places.iter().find_map(|p| self.taken.get(p)) {
            return Err(same_file(flag, path, other_flag, other));
        }
        for p in places {
            self.taken.insert(p, (flag.to_string(), path.to_path_buf()));
        }
        Ok(())
    }
}

fn places(path: &Path) -> Vec<Place> {
    let mut out: Vec<Place> = Identity::of(path).map(Place::File).into_iter().collect();
    let dir = super::folder_of(path);
    match (Identity::of(dir), path.file_name()) {
        (Some(d), Some(name)) => out.push(Place::Entry(d, name.to_os_string())),
        _ => out.push(Place::Path(
            std::path::absolute(path).unwrap_or_else(|_| path.into()),
        )),
    }
    out
}

fn same_file(flag: &str, path: &Path, other_flag: &str, other: &Path) -> Diagnostic {
    let (out, other) = (crate::text::path(path), crate::text::path(other));
    let msg = Text::new(
        format!(
            "{flag} {out} 与 {other_flag} {other} 是同一个文件；一次运行的两个输出不能写同一个文件，未写入任何输出"
        ),
        format!(
            "{flag} {out} and {other_flag} {other} are the same file; two outputs of one run cannot share a file, no output was written"
        ),
    );
    Diagnostic::error(Code::DuplicateOutput, &out, Pos::default(), msg).expected(Text::new(
        "每个输出一个不同的文件",
        "a different file for every output",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_found_however_its_path_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        std::fs::write(&a, "x").unwrap();
        let mut p = Protected::default();
        p.add(InputKind::Waivers, &a);
        let odd = dir.path().join(".").join("a.yaml");
        let d = p.refusal("-o", &odd, None).expect("refused");
        assert_eq!(d.code, Code::OutputIsInput);
        assert!(d.message.get(crate::i18n::Lang::En).contains("waiver file"));
        assert!(p.refusal("-o", &a, Some(InputKind::Waivers)).is_none());
        assert!(p.refusal("-o", &dir.path().join("b.yaml"), None).is_none());
    }

    #[test]
    fn two_spellings_of_one_new_file_are_one_claim() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Claims::default();
        c.claim("-o", &dir.path().join("r.md")).unwrap();
        let again = dir.path().join("sub").join("..").join("r.md");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(c.claim("-o", &again).is_err());
        assert!(c.claim("-o", Path::new("/dev/null")).is_ok());
        assert!(c.claim("-o", Path::new("/dev/null")).is_ok());
    }
}
