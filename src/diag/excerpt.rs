//! The few source lines a diagnostic shows, cut out of the file before rendering.
//!
//! The snippet renderer is handed only the lines a message points at (with their real
//! line numbers), never the whole file, so rendering costs the size of the message and not
//! the size of the file. A very long line (a 5 MB value on one line) is shown as a window
//! of bounded width around the column, marked with `…` where it was cut, and document
//! text is passed through [`crate::text::visible`] so that control characters and bidi
//! overrides in a value cannot reach the terminal raw.

use super::lines::LineIndex;
use std::ops::Range;

/// Lines longer than this many characters are shown as a window around the column.
pub const MAX_LINE_CHARS: usize = 240;
/// Characters shown before the column in a window.
const BEFORE: usize = 80;
/// Annotated lines this close together are shown in one excerpt with the lines between.
const NEAR: u32 = 4;

/// One cut of contiguous lines, ready for the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The lines, each ending in `\n`, windowed and made visible.
    pub text: String,
    /// The 1-based number of the first line.
    pub line_start: usize,
    /// For each requested place, its byte range in `text` (when it falls in this cut).
    pub spans: Vec<Option<Range<usize>>>,
}

/// A place to point at: 1-based line and character column.
pub type Place = (u32, u32);

/// Cuts the excerpts showing every place, in line order; places on lines that do not
/// exist are left out.
pub fn excerpts(src: &str, index: &LineIndex, places: &[Place]) -> Vec<Excerpt> {
    let mut lines: Vec<u32> = places
        .iter()
        .map(|p| p.0)
        .filter(|l| index.line(src, *l).is_some())
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j + 1 < lines.len() && lines[j + 1] - lines[j] <= NEAR {
            j += 1;
        }
        out.push(cut(src, index, lines[i], lines[j], places));
        i = j + 1;
    }
    out
}

fn cut(src: &str, index: &LineIndex, first: u32, last: u32, places: &[Place]) -> Excerpt {
    let mut text = String::new();
    let mut spans = vec![None; places.len()];
    for line in first..=last {
        let content = index.text(src, line).unwrap_or_default();
        let here: Vec<usize> = (0..places.len()).filter(|k| places[*k].0 == line).collect();
        let centre = here
            .first()
            .map_or(0, |k| places[*k].1.saturating_sub(1) as usize);
        let base = text.len();
        let shown = window(
            content,
            centre,
            &here.iter().map(|k| places[*k].1).collect::<Vec<_>>(),
        );
        text.push_str(&shown.text);
        text.push('\n');
        for (k, span) in here.iter().zip(shown.spans) {
            spans[*k] = Some(base + span.start..base + span.end);
        }
    }
    Excerpt {
        text,
        line_start: first as usize,
        spans,
    }
}

struct Shown {
    text: String,
    spans: Vec<Range<usize>>,
}

/// The part of a line shown around character `centre`, made visible, with the byte range
/// in it of the token at each 1-based column in `columns`.
fn window(line: &str, centre: usize, columns: &[u32]) -> Shown {
    let (from, to) = bounds(line, centre);
    let mut text = String::new();
    if from > 0 {
        text.push('…');
    }
    let tokens: Vec<(usize, usize)> = columns
        .iter()
        .map(|c| {
            let start = c.saturating_sub(1) as usize;
            (start, start + token_chars(line, start, to))
        })
        .collect();
    let mut starts = vec![None; tokens.len()];
    let mut ends = vec![None; tokens.len()];
    let mut n = from;
    let mark =
        |n: usize, at: usize, starts: &mut Vec<Option<usize>>, ends: &mut Vec<Option<usize>>| {
            for (k, (s, e)) in tokens.iter().enumerate() {
                if *s == n {
                    starts[k] = Some(at);
                }
                if *e == n {
                    ends[k] = Some(at);
                }
            }
        };
    let mut buf = [0u8; 4];
    for c in line.chars().skip(from).take(to - from) {
        mark(n, text.len(), &mut starts, &mut ends);
        text.push_str(&crate::text::visible(c.encode_utf8(&mut buf)));
        n += 1;
    }
    mark(n, text.len(), &mut starts, &mut ends);
    let end_of_text = text.len();
    if to < line_len(line, to) {
        text.push('…');
    }
    let spans = starts
        .into_iter()
        .zip(ends)
        .map(|(s, e)| {
            let s = s.unwrap_or(end_of_text);
            s..e.unwrap_or(end_of_text).max(s)
        })
        .collect();
    Shown { text, spans }
}

/// The character range of a line to show: all of it when short, else a window.
fn bounds(line: &str, centre: usize) -> (usize, usize) {
    let len = line_len(line, MAX_LINE_CHARS + 1);
    if len <= MAX_LINE_CHARS {
        return (0, len);
    }
    let from = centre.saturating_sub(BEFORE);
    let to = from + MAX_LINE_CHARS;
    let len = line_len(line, to);
    let from = from.min(len.saturating_sub(MAX_LINE_CHARS));
    (from, to.min(len))
}

/// The line's length in characters, counted no further than `cap` + 1.
fn line_len(line: &str, cap: usize) -> usize {
    line.chars().take(cap.saturating_add(1)).count()
}

/// How many characters the token starting at character `start` covers (a quoted scalar to
/// the end of the line, a plain one up to `:`, `,`, `]`, `}` or `#`), counted no further
/// than character `limit`, and at least one when the line has a character there.
fn token_chars(line: &str, start: usize, limit: usize) -> usize {
    let mut chars = line.chars().skip(start).take(limit.saturating_sub(start));
    let Some(first) = chars.next() else { return 0 };
    let quoted = first == '"' || first == '\'';
    if matches!(first, ':' | ',' | ']' | '}' | '#') {
        return 1;
    }
    let mut len = 1;
    let mut trimmed = if first.is_whitespace() { 0 } else { 1 };
    for c in chars {
        if !quoted && matches!(c, ':' | ',' | ']' | '}' | '#') {
            break;
        }
        len += 1;
        if !c.is_whitespace() {
            trimmed = len;
        }
    }
    trimmed.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str, place: Place) -> (String, String) {
        let index = LineIndex::new(src);
        let ex = excerpts(src, &index, &[place]);
        let span = ex[0].spans[0].clone().unwrap();
        (ex[0].text.clone(), ex[0].text[span].to_string())
    }

    #[test]
    fn the_token_is_found_on_its_line() {
        assert_eq!(
            one("a:\n  compnay: x\n", (2, 3)),
            ("  compnay: x\n".into(), "compnay".into())
        );
        assert_eq!(one("a: \"x: y\"  \n", (1, 4)).1, "\"x: y\"");
        assert_eq!(one("a: 1\nb: {name: x}\u{3000}\n", (2, 13)).1, "\u{3000}");
        assert_eq!(one("  language: zh\n", (1, 11)).1, ":");
    }

    #[test]
    fn cr_only_lines_are_lines() {
        let (text, token) = one("aftercert: 1\rcompany:\r  compnay: y\r", (3, 3));
        assert_eq!(
            (text.as_str(), token.as_str()),
            ("  compnay: y\n", "compnay")
        );
    }

    #[test]
    fn a_long_line_is_windowed_around_the_column() {
        let line = format!("k: {}bad{}", "x".repeat(1_000_000), "y".repeat(1_000_000));
        let (text, token) = one(&line, (1, 1_000_004));
        assert!(text.chars().count() <= MAX_LINE_CHARS + 3, "{}", text.len());
        assert!(text.starts_with('…') && text.ends_with("…\n"), "{text}");
        assert!(token.starts_with("bad"), "{token}");
    }

    #[test]
    fn controls_are_made_visible_and_spans_follow() {
        let (text, token) = one("a: \u{1b}[2J\n  b: x\n", (1, 1));
        assert_eq!(text, "a: \\u{1b}[2J\n");
        assert_eq!(token, "a");
    }

    #[test]
    fn far_apart_places_get_their_own_excerpts() {
        let src = "a: 1\n".repeat(100);
        let index = LineIndex::new(&src);
        let ex = excerpts(&src, &index, &[(90, 1), (3, 1), (5, 1)]);
        assert_eq!(ex.len(), 2);
        assert_eq!((ex[0].line_start, ex[0].text.lines().count()), (3, 3));
        assert_eq!(ex[1].line_start, 90);
        assert!(ex[0].spans[0].is_none() && ex[1].spans[0].is_some());
    }
}
