//! The SARIF log written document by document, in memory that does not grow with the run.
//!
//! The log's keys are in alphabetical order, so a run's invocation (its errors) and
//! properties (whether results were left out) come before its results, and the rules the
//! results point at come after them. Each document's results are therefore serialized on
//! the worker that audited it and kept aside in a [`Spill`] as records — the result's bytes
//! cut around its `ruleIndex`, with its severity and a small id for its rule — and the log
//! is written at the end: the run's head, the results (each given the index of its rule in
//! order of first appearance, as the rules table is built), then the rules. What stays in
//! memory is one entry per criterion.
//!
//! A run of more than `max` results keeps its most severe ones, in document order within a
//! severity: the records are then sorted into one spill per severity (read once) and
//! written from the most severe until `max` are out.

use super::super::gaps;
use super::super::stream::{Assemble, Head, Part, Render, Spill, Stream, Tail};
use super::super::view::{DocumentView, FindingView};
use super::log::{Log, RuleSource, Run, result, rule, run_head};
use crate::standard::model::Severity;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

/// How deep results are in a pretty log: `runs[0].results[i]`, four levels of two spaces.
const RESULT_INDENT: usize = 8;

/// The SARIF stream: at most `max` results, indented when `pretty`.
pub fn stream(head: &Head, pretty: bool, max: usize) -> Stream {
    Stream {
        render: Box::new(Results {
            pretty,
            rules: Mutex::new(RuleIds::default()),
        }),
        assemble: Box::new(Assembler {
            head: head.clone(),
            pretty,
            max,
            spill: Spill::new(),
            total: 0,
            rules: Vec::new(),
        }),
    }
}

/// Renders a document's results.
struct Results {
    pretty: bool,
    /// Every distinct rule seen so far, by criterion: the id a record carries.
    rules: Mutex<RuleIds>,
}

#[derive(Default)]
struct RuleIds {
    by_criterion: HashMap<String, Vec<(u32, Arc<RuleSource<'static>>)>>,
    next: u32,
}

impl RuleIds {
    /// The id of a finding's rule; a rule not seen before is added to `new`.
    fn id(
        &mut self,
        source: RuleSource<'_>,
        new: &mut Vec<(u32, Arc<RuleSource<'static>>)>,
    ) -> u32 {
        let known = self
            .by_criterion
            .entry(source.criterion.to_string())
            .or_default();
        if let Some((id, _)) = known.iter().find(|(_, s)| s.same(&source)) {
            return *id;
        }
        let id = self.next;
        self.next += 1;
        let owned = Arc::new(source.into_owned());
        known.push((id, owned.clone()));
        new.push((id, owned));
        id
    }
}

/// What a document's part tells the assembler besides its records.
struct Found {
    /// How many results it has.
    results: usize,
    /// The rules first seen in it.
    new_rules: Vec<(u32, Arc<RuleSource<'static>>)>,
}

impl Render for Results {
    fn part(&self, views: &[DocumentView]) -> anyhow::Result<Part> {
        let found: Vec<(&DocumentView, &FindingView)> = views
            .iter()
            .flat_map(|d| gaps(d).map(move |f| (d, f)))
            .collect();
        let mut new_rules = Vec::new();
        let ids: Vec<u32> = {
            let mut rules = self
                .rules
                .lock()
                .map_err(|_| anyhow::anyhow!("rule table"))?;
            found
                .iter()
                .map(|(d, f)| rules.id(RuleSource::of(d, f), &mut new_rules))
                .collect()
        };
        let mut bytes = Vec::new();
        for ((doc, f), id) in found.iter().zip(ids) {
            let text = to_bytes(&result(doc, f, 0), self.pretty, RESULT_INDENT)?;
            Record::write(&mut bytes, f.severity, id, &text, self.pretty)?;
        }
        Ok(Part {
            bytes,
            extra: Some(Box::new(Found {
                results: found.len(),
                new_rules,
            })),
        })
    }
}

/// Writes the log once every document's results are in.
struct Assembler {
    head: Head,
    pretty: bool,
    max: usize,
    spill: Spill,
    total: usize,
    /// The rule of each id.
    rules: Vec<Option<Arc<RuleSource<'static>>>>,
}

impl Assemble for Assembler {
    fn push(&mut self, mut part: Part, _: &mut dyn Write) -> io::Result<()> {
        if let Some(found) = part.take_extra::<Found>() {
            self.total += found.results;
            for (id, source) in found.new_rules {
                let i = id as usize;
                if self.rules.len() <= i {
                    self.rules.resize(i + 1, None);
                }
                self.rules[i] = Some(source);
            }
        }
        self.spill.write(&part.bytes)
    }

    fn finish(&mut self, tail: Tail<'_>, w: &mut dyn Write) -> io::Result<()> {
        let truncated = (self.total > self.max).then_some((self.total, self.max));
        let head = run_head(&self.head, tail.errors, tail.warnings, truncated);
        let text = to_bytes(
            &Log::of(Run::new(head, Vec::new(), Vec::new())),
            self.pretty,
            0,
        )?;
        let skeleton = Skeleton::of(&text, self.pretty)?;
        if self.pretty && skeleton.results_indent != RESULT_INDENT {
            return Err(io::Error::other(
                "SARIF results are not where they were indented for",
            ));
        }
        w.write_all(skeleton.before_results)?;
        let rules = self.write_results(truncated.is_some(), skeleton.results_indent, w)?;
        w.write_all(skeleton.between)?;
        let mut elements = Elements::new(self.pretty, skeleton.rules_indent);
        for source in &rules {
            elements.next(w)?;
            w.write_all(&to_bytes(
                &rule(source),
                self.pretty,
                skeleton.rules_indent,
            )?)?;
        }
        elements.close(w)?;
        w.write_all(skeleton.after_rules)?;
        w.write_all(b"\n")?;
        if let Some((total, kept)) = truncated {
            eprintln!(
                "warning: {}",
                truncation_warning(total, kept).get(self.head.lang)
            );
        }
        Ok(())
    }
}

impl Assembler {
    /// Writes the results kept, most severe first when there are too many, and returns
    /// the rules they point at, by index.
    fn write_results(
        &mut self,
        over: bool,
        indent: usize,
        w: &mut dyn Write,
    ) -> io::Result<Vec<Arc<RuleSource<'static>>>> {
        let mut spills: Vec<Spill> = if over {
            let mut by_severity = by_severity(&mut self.spill)?;
            by_severity.reverse();
            by_severity.into()
        } else {
            vec![std::mem::take(&mut self.spill)]
        };
        let mut out = Indexer {
            elements: Elements::new(self.pretty, indent),
            rules: &self.rules,
            index: HashMap::new(),
            order: Vec::new(),
            left: self.max,
        };
        for spill in &mut spills {
            let mut records = Records::new(|r: Record<'_>| out.write(r, w));
            spill.drain_to(&mut records)?;
            records.end()?;
        }
        out.elements.close(w)?;
        Ok(out.order)
    }
}

/// The records of a spill sorted into one spill per severity, lowest first, each in run
/// order.
fn by_severity(spill: &mut Spill) -> io::Result<[Spill; 4]> {
    let mut spills: [Spill; 4] = Default::default();
    let mut records = Records::new(|r: Record<'_>| {
        let spill = spills
            .get_mut(usize::from(r.severity))
            .ok_or_else(|| io::Error::other("a SARIF record with no severity"))?;
        spill.write(r.raw)
    });
    spill.drain_to(&mut records)?;
    records.end()?;
    Ok(spills)
}

/// The warning on stderr when results were left out.
fn truncation_warning(total: usize, kept: usize) -> crate::i18n::Text {
    crate::i18n::Text::new(
        format!(
            "SARIF：共 {total} 个差距，超过 GitHub 代码扫描每次运行 {kept} 个结果的上限，只保留了最严重的 {kept} 个"
        ),
        format!(
            "SARIF: {total} gaps are more than the {kept} results GitHub code scanning accepts in a run; only the {kept} most severe are kept"
        ),
    )
}

/// Writes results, giving each the index of its rule: rules are numbered in the order
/// their criterion first appears among the results written.
struct Indexer<'a> {
    elements: Elements,
    rules: &'a [Option<Arc<RuleSource<'static>>>],
    /// The index of each criterion's rule.
    index: HashMap<Arc<str>, usize>,
    /// The rules, by index.
    order: Vec<Arc<RuleSource<'static>>>,
    /// How many more results may be written.
    left: usize,
}

impl Indexer<'_> {
    fn write(&mut self, r: Record<'_>, w: &mut dyn Write) -> io::Result<()> {
        if self.left == 0 {
            return Ok(());
        }
        self.left -= 1;
        let source = self
            .rules
            .get(r.rule as usize)
            .and_then(Option::as_ref)
            .ok_or_else(|| io::Error::other("a SARIF result whose rule was never seen"))?;
        let index = match self.index.get(&*source.criterion) {
            Some(i) => *i,
            None => {
                let i = self.order.len();
                self.index.insert(Arc::from(&*source.criterion), i);
                self.order.push(source.clone());
                i
            }
        };
        self.elements.next(w)?;
        w.write_all(r.head)?;
        write!(w, "{index}")?;
        w.write_all(r.tail)
    }
}

/// Separators of a JSON array whose elements are written one by one, as `serde_json`
/// writes them: compact, or pretty with elements `indent` spaces in.
struct Elements {
    pretty: bool,
    indent: usize,
    count: usize,
}

impl Elements {
    fn new(pretty: bool, indent: usize) -> Self {
        Elements {
            pretty,
            indent,
            count: 0,
        }
    }

    /// Before an element.
    fn next(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if self.count > 0 {
            w.write_all(b",")?;
        }
        self.count += 1;
        if self.pretty {
            w.write_all(b"\n")?;
            w.write_all(&b" ".repeat(self.indent))?;
        }
        Ok(())
    }

    /// Before the closing bracket.
    fn close(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.pretty && self.count > 0 {
            w.write_all(b"\n")?;
            w.write_all(&b" ".repeat(self.indent.saturating_sub(2)))?;
        }
        Ok(())
    }
}

/// A value serialized compact, or pretty as if it were `indent` spaces in: a pretty value
/// serialized alone, with every line after the first indented (`serde_json` escapes line
/// breaks inside strings, so every raw line break is the layout's).
pub fn to_bytes<T: Serialize>(value: &T, pretty: bool, indent: usize) -> io::Result<Vec<u8>> {
    if !pretty {
        return Ok(serde_json::to_vec(value)?);
    }
    let text = serde_json::to_vec_pretty(value)?;
    if indent == 0 {
        return Ok(text);
    }
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive(|b| *b == b'\n') {
        out.extend_from_slice(line);
        if line.ends_with(b"\n") {
            out.resize(out.len() + indent, b' ');
        }
    }
    Ok(out)
}

/// The log without results and rules, cut where they go: `"results": []` and
/// `"rules": []` are the only places those keys occur (every quote inside a string is
/// escaped), and each cut keeps `[` before and `]` after.
struct Skeleton<'a> {
    before_results: &'a [u8],
    between: &'a [u8],
    after_rules: &'a [u8],
    results_indent: usize,
    rules_indent: usize,
}

impl<'a> Skeleton<'a> {
    fn of(text: &'a [u8], pretty: bool) -> io::Result<Self> {
        let sep: &[u8] = if pretty { b": []" } else { b":[]" };
        let (results, results_indent) = Self::cut(text, b"\"results\"", sep)?;
        let (rules, rules_indent) = Self::cut(text, b"\"rules\"", sep)?;
        if rules < results {
            return Err(io::Error::other("SARIF rules before results"));
        }
        Ok(Skeleton {
            before_results: &text[..results],
            between: &text[results..rules],
            after_rules: &text[rules..],
            results_indent,
            rules_indent,
        })
    }

    /// Where the empty array of `key` opens + 1, and how far its elements are indented.
    fn cut(text: &[u8], key: &[u8], sep: &[u8]) -> io::Result<(usize, usize)> {
        let needle = [key, sep].concat();
        let at = text
            .windows(needle.len())
            .position(|w| w == needle.as_slice())
            .ok_or_else(|| io::Error::other("SARIF skeleton without its arrays"))?;
        let line = text[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let indent = text[line..at].iter().take_while(|b| **b == b' ').count();
        Ok((at + needle.len() - 1, indent + 2))
    }
}

/// One result kept aside: its severity, its rule's id, and its bytes cut where the
/// rule's index goes.
struct Record<'a> {
    severity: u8,
    rule: u32,
    head: &'a [u8],
    tail: &'a [u8],
    /// The whole record, as written.
    raw: &'a [u8],
}

impl<'a> Record<'a> {
    /// The header: severity (1 byte), rule id (4), head and tail lengths (8 each).
    const HEADER: usize = 21;

    /// Writes a result's record; `text` is the result serialized with rule index 0.
    fn write(
        out: &mut Vec<u8>,
        severity: Severity,
        rule: u32,
        text: &[u8],
        pretty: bool,
    ) -> io::Result<()> {
        let key: &[u8] = if pretty {
            b"\"ruleIndex\": 0"
        } else {
            b"\"ruleIndex\":0"
        };
        let at = text
            .windows(key.len())
            .rposition(|w| w == key)
            .ok_or_else(|| io::Error::other("a SARIF result without its rule index"))?;
        let (head, tail) = (&text[..at + key.len() - 1], &text[at + key.len()..]);
        let rank = Severity::ALL
            .iter()
            .position(|s| *s == severity)
            .unwrap_or(0);
        out.push(rank as u8);
        out.extend_from_slice(&rule.to_le_bytes());
        out.extend_from_slice(&(head.len() as u64).to_le_bytes());
        out.extend_from_slice(&(tail.len() as u64).to_le_bytes());
        out.extend_from_slice(head);
        out.extend_from_slice(tail);
        Ok(())
    }

    /// The record at the start of `bytes`, if it is all there.
    fn read(bytes: &'a [u8]) -> Option<Record<'a>> {
        let header = bytes.get(..Self::HEADER)?;
        let rule = u32::from_le_bytes(header[1..5].try_into().ok()?);
        let head_len = usize::try_from(u64::from_le_bytes(header[5..13].try_into().ok()?)).ok()?;
        let tail_len = usize::try_from(u64::from_le_bytes(header[13..21].try_into().ok()?)).ok()?;
        let end = Self::HEADER.checked_add(head_len)?.checked_add(tail_len)?;
        let raw = bytes.get(..end)?;
        Some(Record {
            severity: header[0],
            rule,
            head: &raw[Self::HEADER..Self::HEADER + head_len],
            tail: &raw[Self::HEADER + head_len..],
            raw,
        })
    }
}

/// A writer that cuts the bytes a spill gives back into records and hands each on.
struct Records<F> {
    buf: Vec<u8>,
    each: F,
}

impl<F: FnMut(Record<'_>) -> io::Result<()>> Records<F> {
    fn new(each: F) -> Self {
        Records {
            buf: Vec::new(),
            each,
        }
    }

    /// Checks that nothing was left half a record.
    fn end(self) -> io::Result<()> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(io::Error::other("SARIF results kept aside were cut short"))
        }
    }
}

impl<F: FnMut(Record<'_>) -> io::Result<()>> Write for Records<F> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        let mut at = 0;
        while let Some(r) = Record::read(&self.buf[at..]) {
            at += r.raw.len();
            (self.each)(r)?;
        }
        self.buf.drain(..at);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
