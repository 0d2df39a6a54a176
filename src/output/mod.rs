//! Writing a run's outputs so that nothing of the user's is overwritten or half-written.
//!
//! Every command that writes files (`check -o`, `--write-baseline`, `--output-dir`,
//! `diff -o`, `init -o`, `schema -o`) goes through a [`Batch`]:
//!
//! 1. each output is rendered into its own temporary file, created exclusively with an
//!    unpredictable name in the target's folder (the `tempfile` crate: `O_CREAT|O_EXCL`,
//!    so a symlink or a FIFO planted at a guessed name is never followed or opened);
//! 2. only when every output rendered are they renamed into place, one after the other
//!    while interrupts wait ([`cleanup`]), so a reader sees each old file or its new one,
//!    never half a file;
//! 3. on any error, or on SIGINT/SIGTERM, no target is replaced and every temporary file
//!    is removed.
//!
//! Devices and pipes the user names (`-o json:/dev/stdout`, `/dev/null`, a FIFO) are
//! written in place, after every output rendered: renaming over them would replace the
//! device with a regular file. [`protect`] keeps the run's inputs out of reach of all
//! of this; [`dir`] names the reports of `--output-dir`.

mod cleanup;
pub mod dir;
pub mod protect;

use crate::diag::{Code, Diagnostic};
use crate::i18n::Text;
use crate::yaml::Pos;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

pub use protect::{Claims, InputKind, Protected};

/// The outputs of one run, rendered and waiting to be put in place together.
#[derive(Default)]
pub struct Batch {
    files: Vec<Staged>,
    devices: Vec<(PathBuf, std::fs::File)>,
}

/// A rendered output in its temporary file beside its target.
struct Staged {
    tmp: Option<NamedTempFile>,
    path: PathBuf,
    target: PathBuf,
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Removed first, forgotten after: an interrupt in between only removes it again.
        if let Some(tmp) = self.tmp.take() {
            drop(tmp);
            cleanup::lock().forget(&self.path);
        }
    }
}

/// An output that could not be written, and why.
#[derive(Debug)]
pub struct OutputError {
    /// The output's path.
    pub path: PathBuf,
    /// What went wrong.
    pub error: std::io::Error,
    /// True when other outputs were already renamed into place (a rename failed late).
    pub partial: bool,
}

impl OutputError {
    /// An error writing a path.
    pub fn at(path: &Path, error: std::io::Error) -> Self {
        OutputError {
            path: path.to_path_buf(),
            error,
            partial: false,
        }
    }

    /// The error as a diagnostic naming the output, or the template when a template
    /// could not be rendered.
    pub fn diagnostic(&self) -> Diagnostic {
        let template = self
            .error
            .get_ref()
            .and_then(|e| e.downcast_ref::<crate::report::markdown::TemplateError>());
        if let Some(t) = template {
            return template_diagnostic(t);
        }
        let shown = crate::text::path(&self.path);
        let e = self.reason();
        let (zh, en) = if self.partial {
            (
                "此前的输出已替换，其余未替换",
                "the outputs before it were replaced, the rest were not",
            )
        } else {
            (
                "本次运行的输出均未替换",
                "no output of this run was replaced",
            )
        };
        let msg = Text::new(
            format!("无法写入 {shown}：{}；{zh}", e.get(crate::i18n::Lang::Zh)),
            format!(
                "cannot write {shown}: {}; {en}",
                e.get(crate::i18n::Lang::En)
            ),
        );
        Diagnostic::error(Code::OutputNotWritten, &shown, Pos::default(), msg).expected(Text::new(
            "一个已存在、可写入的文件夹中的文件路径",
            "a file path in an existing folder that can be written",
        ))
    }
}

impl OutputError {
    /// Why, in words: a missing folder or a folder in the way are named as such.
    fn reason(&self) -> Text {
        let folder = folder_of(&self.path);
        if self.error.kind() == std::io::ErrorKind::NotFound && !folder.is_dir() {
            let f = crate::text::path(folder);
            return Text::new(
                format!("文件夹 {f} 不存在"),
                format!("the folder {f} does not exist"),
            );
        }
        if self.path.is_dir() {
            return Text::new("这是一个文件夹", "it is a folder");
        }
        use std::io::ErrorKind as K;
        match self.error.kind() {
            K::PermissionDenied => Text::new("没有写入权限", "permission denied"),
            K::ReadOnlyFilesystem => Text::new("文件系统只读", "the file system is read-only"),
            K::StorageFull => Text::new("磁盘空间不足", "no space left on the device"),
            _ => {
                // `tempfile` appends the temporary file's name, which means nothing to the user.
                let text = self.error.to_string();
                let text = text.split(" at path \"").next().unwrap_or_default();
                Text::same(crate::text::visible_line(text).into_owned())
            }
        }
    }
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot write {}: {}",
            crate::text::path(&self.path),
            self.error
        )
    }
}

impl std::error::Error for OutputError {}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Renders one output into a fresh temporary file; nothing is replaced yet.
    pub fn stage(
        &mut self,
        target: &Path,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let mut out = Batch::open(target)?;
        write(&mut out).map_err(|e| OutputError::at(target, e))?;
        self.close(out)
    }

    /// Opens one output to be written piece by piece into a fresh temporary file; it joins
    /// the batch with [`Batch::close`], and nothing is replaced before the batch commits.
    /// Dropped without being closed, it leaves nothing behind.
    pub fn open(target: &Path) -> Result<Writing, OutputError> {
        let err = |e| OutputError::at(target, e);
        if in_place(target) {
            // Held in an unnamed temporary file until every output has rendered.
            let file = tempfile::tempfile().map_err(err)?;
            return Ok(Writing::new(target, None, file));
        }
        if target.is_dir() {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a folder",
            )));
        }
        let staged = create_temp(target).map_err(err)?;
        let file = match staged.tmp.as_ref() {
            Some(tmp) => tmp.as_file().try_clone().map_err(err)?,
            None => return Err(err(std::io::Error::other("no temporary file"))),
        };
        Ok(Writing::new(target, Some(staged), file))
    }

    /// Adds a finished output to the batch.
    pub fn close(&mut self, out: Writing) -> Result<(), OutputError> {
        let Writing { target, staged, w } = out;
        let file = w
            .into_inner()
            .map_err(|e| OutputError::at(&target, e.into_error()))?;
        match staged {
            Some(staged) => self.files.push(staged),
            None => self.devices.push((target, file)),
        }
        Ok(())
    }

    /// The size and modification time of a staged file, as it will be once in place.
    pub fn stamp_of(&self, target: &Path) -> Option<dir::Stamp> {
        let s = self.files.iter().find(|s| s.target == target)?;
        dir::Stamp::of(&std::fs::metadata(&s.path).ok()?)
    }

    /// Puts every output in place: devices first (they may block or fail while nothing
    /// is replaced yet), then the renames, which an interrupt waits for.
    pub fn commit(mut self) -> Result<(), OutputError> {
        for (target, mut file) in std::mem::take(&mut self.devices) {
            copy_to_device(&mut file, &target).map_err(|e| OutputError::at(&target, e))?;
        }
        let mut registry = cleanup::lock();
        for (i, mut staged) in std::mem::take(&mut self.files).into_iter().enumerate() {
            let Some(tmp) = staged.tmp.take() else {
                continue;
            };
            let result = tmp.persist(&staged.target);
            registry.forget(&staged.path);
            if let Err(e) = result {
                // The temporary file is removed when `e` drops; the rest when `self` does,
                // after the registry is unlocked.
                drop(registry);
                let mut err = OutputError::at(&staged.target, e.error);
                err.partial = i > 0;
                return Err(err);
            }
        }
        Ok(())
    }
}

/// Writes one file the safe way: a batch of one.
pub fn write_file(path: &Path, contents: &[u8]) -> Result<(), OutputError> {
    let mut batch = Batch::new();
    batch.stage(path, |w| w.write_all(contents))?;
    batch.commit()
}

/// True for a target that is written in place: a device, a pipe or a socket, and any
/// path under `/dev` (`/dev/stdout` may lead to a regular file the shell opened).
pub fn in_place(path: &Path) -> bool {
    (cfg!(unix) && path.starts_with("/dev/"))
        || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The folder a file is written in; `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Creates a temporary file beside the target, registered for removal on interrupt.
/// The lock is held from creation to registration, so an interrupt cannot miss it.
fn create_temp(target: &Path) -> std::io::Result<Staged> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".aftercert-").suffix(".tmp").rand_bytes(12);
    #[cfg(unix)]
    {
        // As a plain `File::create` would: everyone may read, within the user's umask.
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut registry = cleanup::lock();
    let tmp = builder.tempfile_in(folder_of(target))?;
    registry.add(tmp.path());
    Ok(Staged {
        path: tmp.path().to_path_buf(),
        tmp: Some(tmp),
        target: target.to_path_buf(),
    })
}

/// An output being written: through a large buffer into its temporary file; no fsync (the
/// rename already makes the report appear whole or not at all; durability across a power
/// cut is not worth a wait on the disk for every report).
pub struct Writing {
    target: PathBuf,
    /// The named temporary file beside the target; `None` for a device, written in place
    /// at commit from the unnamed file behind `w`.
    staged: Option<Staged>,
    w: std::io::BufWriter<std::fs::File>,
}

impl Writing {
    fn new(target: &Path, staged: Option<Staged>, file: std::fs::File) -> Self {
        Writing {
            target: target.to_path_buf(),
            staged,
            w: std::io::BufWriter::with_capacity(1 << 20, file),
        }
    }

    /// The output's path.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Write for Writing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.w.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.w.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

fn copy_to_device(file: &mut std::fs::File, target: &Path) -> std::io::Result<()> {
    use std::io::Seek as _;
    file.rewind()?;
    let mut out = std::fs::OpenOptions::new().write(true).open(target)?;
    std::io::copy(file, &mut out)?;
    out.flush()
}

/// A template that could not be rendered, at its file and line.
fn template_diagnostic(t: &crate::report::markdown::TemplateError) -> Diagnostic {
    let msg = Text::new(
        format!("{}；本次运行的输出均未替换", t.message.zh),
        format!("{}; no output of this run was replaced", t.message.en),
    );
    let pos = Pos {
        line: t.line,
        column: u32::from(t.line > 0),
    };
    Diagnostic::error(Code::TemplateInvalid, &t.file, pos, msg).expected(Text::new(
        "可以渲染的 minijinja 模板（见 --template-dir 的说明）",
        "a minijinja template that renders (see --template-dir)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temps(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn nothing_is_replaced_until_every_output_rendered() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
        std::fs::write(&a, "old a").unwrap();
        let mut batch = Batch::new();
        batch.stage(&a, |w| w.write_all(b"new a")).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(temps(dir.path()).len(), 1);
        let failed = batch.stage(&b, |_| Err(std::io::Error::other("template error")));
        assert!(failed.is_err());
        drop(batch);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert!(!b.exists());
        assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    }

    #[test]
    fn a_committed_batch_puts_every_output_in_place_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.json"));
        std::fs::write(&a, "old a").unwrap();
        let mut batch = Batch::new();
        batch.stage(&a, |w| w.write_all(b"new a")).unwrap();
        batch.stage(&b, |w| w.write_all(b"{}")).unwrap();
        batch
            .stage(Path::new("/dev/null"), |w| w.write_all(b"x"))
            .unwrap();
        batch.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "{}");
        assert!(temps(dir.path()).is_empty());
    }

    #[test]
    fn temporary_names_are_unpredictable() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let mut batch = Batch::new();
        batch.stage(&a, |w| w.write_all(b"1")).unwrap();
        batch.stage(&a, |w| w.write_all(b"2")).unwrap();
        let names = temps(dir.path());
        assert_eq!(names.len(), 2);
        assert_ne!(names[0], names[1]);
        assert!(
            names
                .iter()
                .all(|n| !n.contains(&std::process::id().to_string()))
        );
    }

    #[test]
    fn a_folder_as_target_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let e = Batch::new().stage(dir.path(), |w| w.write_all(b"x"));
        assert!(e.is_err());
        assert!(temps(dir.path()).is_empty());
    }
}
