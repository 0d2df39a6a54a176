//! Reads a process document from disk: size limit, UTF-8, YAML, validation, then the
//! derived view of product lines (`super::normalize`).
//!
//! Every failure becomes a [`Diagnostic`] with the file and, where there is one, the
//! line and column; nothing here panics or stops the run, so the other files of the same
//! run are still audited. A UTF-8 byte-order mark and CRLF line ends are valid input.

use super::validate::validate_source;
use crate::diag::{Code, Diagnostic, has_errors};
use crate::i18n::Text;
use crate::yaml::{self, Limits, Node, Pos};
use std::io::Read;
use std::path::Path;

/// A process document read from a file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user gave it (or as found by a directory walk).
    pub path: String,
    /// The file's text, for snippets.
    pub source: String,
    /// The positioned tree; `None` when the file could not be parsed.
    pub root: Option<Node>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Returns true if and only if the document can be scored.
    pub fn is_usable(&self) -> bool {
        self.root.is_some() && !has_errors(&self.diagnostics)
    }

    /// The company name, if stated.
    pub fn company(&self) -> Option<String> {
        self.root
            .as_ref()?
            .get("company")?
            .get("name")?
            .scalar_text()
    }
}

/// Reads a file into text under the size limit, refusing invalid UTF-8.
pub fn read_text(path: &Path, shown: &str, limits: &Limits) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, shown, limits)?;
    decode(bytes, shown).map_err(|(d, _)| d)
}

/// Reads a file's bytes under the size limit.
///
/// The size is checked from the file's metadata before anything is read, and the read
/// itself stops one byte past the limit, so a file that grows meanwhile cannot get in.
fn read_bytes(path: &Path, shown: &str, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
    let io_err = |e: std::io::Error| {
        let msg = Text::new(
            format!("无法读取 {shown}：{e}"),
            format!("cannot read {shown}: {e}"),
        );
        Diagnostic::error(Code::Io, shown, Pos::default(), msg)
    };
    refuse_non_regular(&std::fs::metadata(path).map_err(io_err)?, shown)?;
    let file = std::fs::File::open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    refuse_non_regular(&meta, shown)?;
    if meta.len() > limits.max_bytes {
        return Err(too_large(shown, meta.len(), limits.max_bytes));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(shown, bytes.len() as u64, limits.max_bytes));
    }
    Ok(bytes)
}

/// Refuses directories and special files (FIFOs, sockets, devices) before they are
/// opened: opening a FIFO with no writer would block the run forever.
fn refuse_non_regular(meta: &std::fs::Metadata, shown: &str) -> Result<(), Diagnostic> {
    let msg = if meta.is_dir() {
        Text::new(
            format!("{shown} 是目录，不是文件"),
            format!("{shown} is a directory, not a file"),
        )
    } else if !meta.is_file() {
        Text::new(
            format!("{shown} 不是普通文件（而是管道、套接字或设备）"),
            format!("{shown} is not a regular file (it is a pipe, a socket or a device)"),
        )
    } else {
        return Ok(());
    };
    Err(Diagnostic::error(Code::Io, shown, Pos::default(), msg)
        .expected(Text::new("一个 YAML 文件", "a YAML file")))
}

fn too_large(shown: &str, size: u64, max: u64) -> Diagnostic {
    let msg = Text::new(
        format!("{shown} 有 {size} 字节，超过上限 {max} 字节"),
        format!("{shown} is {size} bytes, more than the limit of {max} bytes"),
    );
    Diagnostic::error(Code::TooLarge, shown, Pos::default(), msg).expected(Text::new(
        "更小的文件，或用 --max-file-size 提高上限",
        "a smaller file, or a higher --max-file-size",
    ))
}

/// Decodes UTF-8 without a byte-order mark. On failure, returns the diagnostic and the
/// text decoded lossily, so the snippet can still show the offending line.
fn decode(mut bytes: Vec<u8>, shown: &str) -> Result<String, (Diagnostic, String)> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let pos = position_of(&bytes[..e.utf8_error().valid_up_to()]);
        let msg = Text::new(
            format!("{shown} 在 {pos} 处不是有效的 UTF-8"),
            format!("{shown} is not valid UTF-8 at {pos}"),
        );
        let d = Diagnostic::error(Code::InvalidUtf8, shown, pos, msg).expected(Text::new(
            "UTF-8 编码的文本（可另存为 UTF-8）",
            "UTF-8 text (save the file as UTF-8)",
        ));
        (d, String::from_utf8_lossy(bytes).into_owned())
    })
}

/// The line and column just after valid UTF-8 text, with lines ended as the YAML parser
/// ends them (`\n`, `\r\n` or a lone `\r`).
fn position_of(valid: &[u8]) -> Pos {
    let text = String::from_utf8_lossy(valid);
    let lines = crate::diag::LineIndex::new(&text);
    let line = lines.line_count();
    let last = lines.text(&text, u32::try_from(line).unwrap_or(u32::MAX));
    let column = last.map_or(0, |l| l.chars().count()) + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

/// Parses and validates text already read.
pub fn from_text(path: &str, source: String, limits: &Limits) -> Document {
    if source.trim().is_empty() {
        let msg = Text::new(format!("{path} 是空文件"), format!("{path} is empty"));
        let d = Diagnostic::error(Code::EmptyDocument, path, Pos { line: 1, column: 1 }, msg)
            .expected(Text::same("aftercert: 2"));
        return Document {
            path: path.to_string(),
            source,
            root: None,
            diagnostics: vec![d],
        };
    }
    match yaml::parse(&source, limits) {
        Ok(mut root) => {
            let mut diagnostics = validate_source(&root, path, &source);
            if !has_errors(&diagnostics)
                && let Err(cost) = super::normalize::derive(&mut root, limits.max_nodes)
            {
                diagnostics.push(derived_too_large(path, root.pos, cost, limits.max_nodes));
            }
            Document {
                path: path.to_string(),
                source,
                root: Some(root),
                diagnostics,
            }
        }
        Err(e) => Document {
            path: path.to_string(),
            source,
            root: None,
            diagnostics: vec![parse_diagnostic(path, &e)],
        },
    }
}

/// The derived view (every product line with its inherited terms) would pass the node
/// budget.
fn derived_too_large(path: &str, pos: Pos, cost: usize, max: usize) -> Diagnostic {
    let msg = Text::new(
        format!("产品线继承公司默认条款后共需 {cost} 个节点，超过上限 {max}"),
        format!(
            "the product lines with the company defaults they inherit would need {cost} nodes, more than the limit of {max}"
        ),
    );
    Diagnostic::error(Code::YamlSyntax, path, pos, msg).expected(Text::new(
        "更少的产品线，或把较长的公司默认条款（如部件列表）写到各产品线的 terms 下",
        "fewer product lines, or long company defaults (such as component lists) moved into the lines' terms",
    ))
}

/// A diagnostic for text that could not be parsed: bad syntax, several documents, or a
/// limit that was hit (which limit, its value, why it exists and what to do).
fn parse_diagnostic(path: &str, e: &yaml::ParseError) -> Diagnostic {
    if let Some(b) = e.breach.filter(|b| b.kind != yaml::LimitKind::Documents) {
        let m = b.message();
        let msg = Text::new(
            format!("YAML 超出上限：{}", m.zh),
            format!("YAML over a limit: {}", m.en),
        );
        return Diagnostic::error(Code::YamlSyntax, path, e.pos, msg).expected(b.advice());
    }
    if e.message == yaml::SEVERAL_DOCUMENTS
        || e.breach
            .is_some_and(|b| b.kind == yaml::LimitKind::Documents)
    {
        let msg = Text::new(
            "文件中有多个 YAML 文档（---）；每个文件只放一个流程文件",
            yaml::SEVERAL_DOCUMENTS,
        );
        return Diagnostic::error(Code::SeveralDocuments, path, e.pos, msg).expected(Text::new(
            "每个文件一个流程文件",
            "one process document per file",
        ));
    }
    let msg = Text::new(
        format!("YAML 无法解析：{}", e.message),
        format!("invalid YAML: {}", e.message),
    );
    Diagnostic::error(Code::YamlSyntax, path, e.pos, msg).expected(Text::new(
        "有效的 YAML（用空格缩进，不用制表符）",
        "valid YAML (indent with spaces, not tabs)",
    ))
}

/// Reads, parses and validates one file.
pub fn load(path: &Path, limits: &Limits) -> Document {
    let shown = crate::text::path(path);
    let text = read_bytes(path, &shown, limits)
        .map_err(|d| (d, String::new()))
        .and_then(|bytes| decode(bytes, &shown));
    match text {
        Ok(text) => from_text(&shown, text, limits),
        Err((d, source)) => Document {
            path: shown,
            source,
            root: None,
            diagnostics: vec![d],
        },
    }
}

/// Loads a document named on the command line: `-` is standard input, anything else a file.
pub fn load_arg(path: &Path, limits: &Limits) -> Document {
    if path.as_os_str() == "-" {
        load_stdin(limits)
    } else {
        load(path, limits)
    }
}

/// The name standard input goes by in messages and reports.
pub const STDIN: &str = "<stdin>";

/// Reads, parses and validates one document from standard input (`-` on the command
/// line), under the same size limit as a file.
pub fn load_stdin(limits: &Limits) -> Document {
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes);
    let text = match read {
        Err(e) => {
            let msg = Text::new(
                format!("无法读取标准输入：{e}"),
                format!("cannot read standard input: {e}"),
            );
            Err((
                Diagnostic::error(Code::Io, STDIN, Pos::default(), msg),
                String::new(),
            ))
        }
        Ok(_) if bytes.len() as u64 > limits.max_bytes => Err((
            too_large(STDIN, bytes.len() as u64, limits.max_bytes),
            String::new(),
        )),
        Ok(_) => decode(bytes, STDIN),
    };
    match text {
        Ok(text) => from_text(STDIN, text, limits),
        Err((d, source)) => Document {
            path: STDIN.to_string(),
            source,
            root: None,
            diagnostics: vec![d],
        },
    }
}
