//! Where each line of a source file starts, found once per file.
//!
//! Diagnostics and report snippets show a few lines around a position. Finding line N by
//! scanning from the start of the file costs the whole file per message, which made ten
//! thousand messages on one file take seconds and a hundred thousand take minutes. The
//! index is built once, in one pass, and answers "where is line N" in constant time.
//!
//! Lines end exactly where the YAML parser (saphyr) ends them — `\n`, `\r\n` and a lone
//! `\r` (YAML 1.2's line breaks; NEL, LS and PS are not breaks) — so the line shown is the
//! line the parser's position names, also in files with old-Mac or stray CR line ends.

use std::ops::Range;

/// The byte offset of every line start of one text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes a text in one pass.
    pub fn new(src: &str) -> Self {
        let bytes = src.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(off) = bytes[i..].iter().position(|b| *b == b'\n' || *b == b'\r') {
            let at = i + off;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        LineIndex {
            starts,
            len: src.len(),
        }
    }

    /// How many lines the text has (a text ending in a line break has an empty last one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of 1-based line `line`, without its line break.
    pub fn line(&self, src: &str, line: u32) -> Option<Range<usize>> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let mut end = self.starts.get(i + 1).copied().unwrap_or(self.len);
        let bytes = src.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end.max(start))
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn text<'s>(&self, src: &'s str, line: u32) -> Option<&'s str> {
        self.line(src, line).and_then(|r| src.get(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str) -> Vec<&str> {
        let index = LineIndex::new(src);
        (1..=index.line_count() as u32)
            .map(|n| index.text(src, n).unwrap())
            .collect()
    }

    #[test]
    fn lf_crlf_and_lone_cr_all_end_a_line() {
        assert_eq!(lines("a\nb\r\nc\rd"), vec!["a", "b", "c", "d"]);
        assert_eq!(lines("a\r\r\nb\n"), vec!["a", "", "b", ""]);
        assert_eq!(lines(""), vec![""]);
    }

    #[test]
    fn nel_and_line_separators_do_not_end_a_line() {
        assert_eq!(lines("a\u{85}b\u{2028}c"), vec!["a\u{85}b\u{2028}c"]);
    }

    #[test]
    fn lines_past_the_end_are_none() {
        let index = LineIndex::new("a\n");
        assert!(index.line("a\n", 0).is_none());
        assert!(index.line("a\n", 3).is_none());
        assert!(index.line("a\n", u32::MAX).is_none());
    }
}
