//! Text that cannot hurt: values from documents and file names made visible before they
//! reach a terminal or a human-readable report.
//!
//! A process document, a waiver file or a file name may hold terminal control sequences
//! (ESC, CSI), other C0/C1 controls or bidi overrides that reorder what a reader sees.
//! Written raw, they can rewrite a terminal's screen or make a report say something other
//! than what its bytes say. Every human-readable output passes such values through
//! [`visible`]; file names go through [`path`], which also keeps two file names apart when
//! they are not valid UTF-8 (a lossy decoding would show both as the same string).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// True for characters that are shown as escapes: C0 and C1 controls except tab and line
/// feed, DEL, and the bidi embedding, override and isolate controls.
fn hidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// The text with every control and bidi character replaced by a visible `\u{…}` escape;
/// borrowed when there is nothing to replace (the common case).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`visible`], on one line: line feeds are escaped too.
pub fn visible_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| hidden(c) || c == '\n') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' {
            out.push_str("\\n");
        } else {
            push_visible(&mut out, c);
        }
    }
    Cow::Owned(out)
}

fn push_visible(out: &mut String, c: char) {
    if hidden(c) {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

/// A path as shown to people and used as a key: valid UTF-8 as it is, other bytes as
/// `\xNN` (so two different names never look alike), controls made visible.
pub fn path(p: &Path) -> String {
    match p.to_str() {
        Some(s) => visible_line(s).into_owned(),
        None => undecodable(p),
    }
}

#[cfg(unix)]
fn undecodable(p: &Path) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    let mut out = String::new();
    for chunk in p.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(&visible_line(chunk.valid()));
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

#[cfg(not(unix))]
fn undecodable(p: &Path) -> String {
    visible_line(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(visible("澜海电器 A-1\tb\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("x\u{202e}y\u{85}"), "x\\u{202e}y\\u{85}");
        assert_eq!(visible_line("a\nb\r"), "a\\nb\\u{d}");
    }

    #[cfg(unix)]
    #[test]
    fn undecodable_names_stay_apart() {
        use std::os::unix::ffi::OsStrExt as _;
        let a = path(Path::new(std::ffi::OsStr::from_bytes(b"d/\xff.yaml")));
        let b = path(Path::new(std::ffi::OsStr::from_bytes(b"d/\xfe.yaml")));
        assert_eq!(a, "d/\\xff.yaml");
        assert_ne!(a, b);
    }
}
