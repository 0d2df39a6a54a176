//! Rewrites a version-1 process document as version 2, keeping the author's text.
//!
//! Every version-1 key is still valid in version 2 (the `*_days` integers included), so
//! migrating is an edit of the text rather than a re-serialisation: the version number
//! is changed where it is written, and a commented `products` block is added after the
//! `company` section, saying what to state so that consumer-law rules apply only where
//! they bind. Comments, key order, quoting and line ends stay as the author wrote them,
//! and every value is kept. The result is validated again before it is handed back, so
//! a migration never produces a document `validate` would refuse.

use super::load::{Document, from_text};
use super::validate::CURRENT_VERSION;
use crate::diag::{Diagnostic, LineIndex, has_errors};
use crate::i18n::{Lang, Text};
use crate::yaml::{Limits, Node, Value};

/// Why a document was not migrated.
#[derive(Debug)]
pub enum Refusal {
    /// The document has format errors; they are listed.
    Invalid(Vec<Diagnostic>),
    /// The document is already at the current version.
    AlreadyCurrent,
}

/// The version-2 text of a valid version-1 document.
pub fn migrate(doc: &Document, lang: Lang, limits: &Limits) -> Result<String, Refusal> {
    if doc.root.is_none() || has_errors(&doc.diagnostics) {
        return Err(Refusal::Invalid(doc.diagnostics.clone()));
    }
    // The tree as written, without the derived product lines the loader adds.
    let Ok(root) = crate::yaml::parse(&doc.source, limits) else {
        return Err(Refusal::Invalid(doc.diagnostics.clone()));
    };
    let root = &root;
    let Some(version) = root.get("aftercert") else {
        return Err(Refusal::Invalid(doc.diagnostics.clone()));
    };
    if version.value == Value::Int(CURRENT_VERSION) {
        return Err(Refusal::AlreadyCurrent);
    }
    let lines = LineIndex::new(&doc.source);
    let newline = if doc.source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let Some((start, end)) = scalar_span(&doc.source, &lines, version) else {
        return Err(Refusal::Invalid(doc.diagnostics.clone()));
    };
    let note = products_note(lang, newline);
    let mut edits = vec![(start, end, CURRENT_VERSION.to_string())];
    match products_offset(root, &doc.source, &lines) {
        Some(at) => edits.push((at, at, note)),
        None => {
            let sep = if doc.source.ends_with('\n') {
                ""
            } else {
                newline
            };
            let at = doc.source.len();
            edits.push((at, at, format!("{sep}{newline}{note}")));
        }
    }
    // From the end of the text backwards, so that earlier offsets stay valid.
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut text = doc.source.clone();
    for (start, end, with) in edits {
        text.replace_range(start..end, &with);
    }
    let check = from_text(&doc.path, text, limits);
    if has_errors(&check.diagnostics) {
        return Err(Refusal::Invalid(check.diagnostics));
    }
    Ok(check.source)
}

/// The byte range of a plain scalar written at a node's position.
fn scalar_span(source: &str, lines: &LineIndex, node: &Node) -> Option<(usize, usize)> {
    let range = lines.line(source, node.pos.line)?;
    let (line_start, line) = (range.start, source.get(range)?);
    let col = line
        .char_indices()
        .nth(node.pos.column.checked_sub(1)? as usize)
        .map(|(i, _)| i)?;
    let rest = &line[col..];
    let len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '#'))
        .unwrap_or(rest.len());
    (len > 0).then_some((line_start + col, line_start + col + len))
}

/// The byte offset where a 1-based line starts.
fn line_offset(source: &str, lines: &LineIndex, line: u32) -> Option<usize> {
    lines.line(source, line).map(|r| r.start)
}

/// Where the products note goes: before the top-level key that follows `company` (and
/// before the comments that introduce that key), in a block document.
fn products_offset(root: &Node, source: &str, lines: &LineIndex) -> Option<usize> {
    let entries = root.entries();
    let company = entries.iter().position(|(k, _)| k.name == "company")?;
    let (next, _) = entries.get(company + 1)?;
    if next.pos.column != 1 {
        return None;
    }
    let mut line = next.pos.line;
    while line > 1 {
        let above = lines.text(source, line - 1)?.trim();
        if !above.starts_with('#') {
            break;
        }
        line -= 1;
    }
    line_offset(source, lines, line)
}

/// The commented `products` block, in the document's language, ended by a blank line.
fn products_note(lang: Lang, newline: &str) -> String {
    let text = Text::new(
        "# 版本 2：写明销售什么、卖给谁，三包、七日无理由退货等规定只在适用处检查\n\
         # （品类编号见 docs/categories.md）。未写明时，aftercert 按一条产品线 `all`\n\
         # 读取公司层面的条款，对依赖品类或购买者的规定报告“无法判断是否适用”。\n\
         # products:\n\
         #   - id: all\n\
         #     category: other        # docs/categories.md 中的品类编号\n\
         #     buyers: [consumers]    # consumers | businesses | farmers\n",
        "# Version 2: state what you sell and to whom, so that rules such as 三包 and the\n\
         # 7-day no-reason return are checked only where they bind (category ids are in\n\
         # docs/categories.md). Until then aftercert reads one product line `all` with\n\
         # the company-level terms and reports \"cannot tell whether this applies\" for\n\
         # rules that depend on the category or the buyers.\n\
         # products:\n\
         #   - id: all\n\
         #     category: other        # an id from docs/categories.md\n\
         #     buyers: [consumers]    # consumers | businesses | farmers\n",
    );
    let mut note = text.get(lang).to_string();
    note.push('\n');
    note.replace('\n', newline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrated(src: &str) -> String {
        let doc = from_text("t.yaml", src.to_string(), &Limits::default());
        migrate(&doc, Lang::En, &Limits::default()).unwrap()
    }

    #[test]
    fn the_version_changes_and_comments_and_values_stay() {
        let src = "# mine\naftercert: 1 # v\ncompany:\n  name: X # the name\n\n# policies\npolicies:\n  warranty:\n    return_days: 7\n";
        let out = migrated(src);
        assert!(
            out.starts_with(
                "# mine\naftercert: 2 # v\ncompany:\n  name: X # the name\n\n# Version 2:"
            ),
            "{out}"
        );
        assert!(
            out.ends_with("\n# policies\npolicies:\n  warranty:\n    return_days: 7\n"),
            "{out}"
        );
    }

    #[test]
    fn flow_style_and_crlf_are_kept() {
        let out = migrated("{aftercert: 1, company: {name: X}}\r\n");
        assert!(
            out.starts_with("{aftercert: 2, company: {name: X}}\r\n\r\n# Version 2:"),
            "{out:?}"
        );
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    }

    #[test]
    fn a_version_2_or_broken_document_is_refused() {
        let doc = from_text(
            "t.yaml",
            "aftercert: 2\ncompany: {name: X}\n".into(),
            &Limits::default(),
        );
        assert!(matches!(
            migrate(&doc, Lang::En, &Limits::default()),
            Err(Refusal::AlreadyCurrent)
        ));
        let doc = from_text(
            "t.yaml",
            "aftercert: 1\ncompany: {nam: X}\n".into(),
            &Limits::default(),
        );
        assert!(matches!(
            migrate(&doc, Lang::En, &Limits::default()),
            Err(Refusal::Invalid(_))
        ));
    }
}
