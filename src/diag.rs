//! Diagnostics: problems in what the user wrote, with stable codes and positions.
//!
//! A problem in a process document, a standard, a waiver or a baseline is data, not a
//! panic and not a bare error string: it carries a stable kebab-case [`Code`] (usable in
//! waivers and SARIF rule ids), the file and `line:column`, a message in both languages,
//! what was expected, and related places (the first of two duplicate keys). Rendering
//! with a source snippet is done here, once, for every command.

use crate::i18n::{Lang, Text};
use crate::text::{visible, visible_line};
use crate::yaml::Pos;
use annotate_snippets::{
    AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet, renderer::DecorStyle,
};

mod excerpt;
pub mod lines;
pub use lines::LineIndex;

macro_rules! codes {
    ($( $variant:ident = $id:literal : $zh:literal , $en:literal ; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The kebab-case id, stable across releases.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// What the code means, in both languages.
            pub fn description(self) -> Text {
                match self { $(Code::$variant => Text::new($zh, $en),)* }
            }
        }
    };
}

codes! {
    Io = "io-error": "文件无法读取（不存在、是目录或无权限）。", "The file cannot be read (missing, a directory, or no permission).";
    TooLarge = "file-too-large": "文件超过大小上限（--max-file-size）。", "The file is larger than the limit (--max-file-size).";
    InvalidUtf8 = "invalid-utf8": "文件不是有效的 UTF-8 文本。", "The file is not valid UTF-8 text.";
    YamlSyntax = "yaml-syntax": "YAML 语法错误，或超出嵌套深度、别名展开、节点数等预算。", "YAML syntax error, or a nesting, alias or node budget was exceeded.";
    SeveralDocuments = "several-documents": "一个文件中有多个 YAML 文档（---）。", "Several YAML documents (---) in one file.";
    EmptyDocument = "empty-document": "文件为空。", "The file is empty.";
    NotAMapping = "not-a-mapping": "顶层必须是键值映射，而不是列表或标量。", "The top level must be a mapping, not a list or a scalar.";
    MissingVersion = "missing-version": "缺少顶层键 `aftercert`（格式版本）。", "The top-level `aftercert` key (format version) is missing.";
    UnsupportedVersion = "unsupported-version": "本工具不认识该格式版本。", "The format version is not one this tool knows.";
    UnknownKey = "unknown-key": "此处不允许该键（可能是拼写错误）。", "The key is not allowed here (often a typo).";
    MissingKey = "missing-key": "缺少必填键。", "A required key is missing.";
    DuplicateKey = "duplicate-key": "同一映射中键重复。", "A key appears twice in the same mapping.";
    WrongType = "wrong-type": "值的类型不对。", "The value has the wrong type.";
    UnknownValue = "unknown-value": "值不在允许的取值之中。", "The value is not one of the allowed values.";
    OutOfRange = "out-of-range": "数值超出允许范围。", "The number is outside the allowed range.";
    InvalidDate = "invalid-date": "日期不是 ISO 8601 格式（YYYY-MM-DD）或不存在。", "The date is not ISO 8601 (YYYY-MM-DD) or does not exist.";
    EmptyValue = "empty-value": "必填文本为空。", "A required text is empty.";
    UnknownEvidence = "unknown-evidence": "引用的证据编号未在 evidence 中定义。", "A cited evidence id is not defined under `evidence`.";
    DuplicateId = "duplicate-id": "编号重复。", "An id is used twice.";
    RegionNotSold = "region-not-sold": "网点所在区域不在 company.sales_regions 中。", "An outlet's region is not one of company.sales_regions.";
    KpiWithoutTarget = "kpi-without-target": "已停用：没有目标值的 KPI 是有效的（两个格式版本均如此），缺少目标值由标准作为差距报告。", "Retired: a KPI without a target is valid (in both format versions); the missing target is a gap the standards report.";
    Version2Key = "version-2-key": "版本 1 的文件中出现了版本 2 才有的键；请写 aftercert: 2。", "A version-2 key in a version-1 document; write aftercert: 2.";
    InvalidQuantity = "invalid-quantity": "数量（时长、距离、页数、金额）缺少单位、单位无法识别或量纲不对。", "A quantity (duration, distance, pages, money) has no unit, an unknown unit, or the wrong dimension.";
    DerivedKey = "derived-key": "该键由 aftercert 推导，不能写在文件中。", "The key is derived by aftercert and cannot be written in a document.";
    StandardInvalid = "standard-invalid": "标准文件不符合标准格式。", "A standard file does not fit the standard format.";
    StandardUnknownField = "standard-unknown-field": "标准中的检查引用了流程文件中不存在的字段。", "A check in a standard names a document field that does not exist.";
    StandardDuplicateCriterion = "standard-duplicate-criterion": "标准中的评价项编号重复。", "A criterion id is used twice in the standards.";
    StandardWeights = "standard-weights": "一级指标权重之和不为 100，或二级指标权重之和不等于其一级指标权重。", "Section weights do not add up to 100, or indicator weights do not add up to their section's.";
    StandardRatings = "standard-ratings": "等级分数线未按升序排列，或门槛等级不存在。", "Rating bands are not in ascending order, or the pass rating does not exist.";
    StandardReference = "standard-reference": "same_as 或证据编号指向不存在的条目。", "A same_as or evidence id points nowhere.";
    StandardScoring = "standard-scoring": "评分设置有误：特别扣分项未写明依据，同一事实重复计分未说明理由，记录时效未引用 records.yaml，固定分值无来源，或评价项不读取文件内容。", "The scoring is unsound: a special deduction without a ground, a fact counted twice without a reason, a record's age restated outside records.yaml, a fixed point value without a source, or a criterion that reads nothing of the document.";
    StandardIncomplete = "standard-incomplete": "评价项缺少标题、检查或双语文本。", "A criterion lacks a title, a check, or a text in one language.";
    StandardExample = "standard-example": "评价项的示例结果与预期不符。", "A criterion's example does not give the expected result.";
    UnknownStandard = "unknown-standard": "未知的标准编号。", "The standard id is not known.";
    UnknownCriterion = "unknown-criterion": "未知的评价项编号。", "The criterion id is not known.";
    OutputIsInput = "output-is-input": "输出路径与某个输入文件相同。", "An output path is one of the input files.";
    DuplicateOutput = "duplicate-output": "同一次运行的两个输出指向同一个文件。", "Two outputs of one run name the same file.";
    OutputExists = "output-exists": "输出文件夹中已有不是 aftercert 写出的文件；加 --force 才替换。", "A file in the output folder was not written by aftercert; only --force replaces it.";
    TemplateInvalid = "template-invalid": "模板无法渲染（语法错误、运算量或输出超出上限）。", "A template cannot be rendered (a syntax error, or its work or output over the limit).";
    OutputNotWritten = "output-not-written": "输出无法写入；本次运行的输出均未替换。", "An output cannot be written; no output of the run was replaced.";
    WaiverInvalid = "waiver-invalid": "豁免文件无效。", "The waiver file is not valid.";
    WaiverExpired = "waiver-expired": "豁免已过期，差距重新计入。", "A waiver has expired; its gap counts again.";
    WaiverExpiring = "waiver-expiring": "豁免将在 30 天内过期。", "A waiver expires within 30 days.";
    WaiverUnused = "waiver-unused": "豁免没有匹配任何差距。", "A waiver matches no gap.";
    BaselineInvalid = "baseline-invalid": "基线文件无效。", "The baseline file is not valid.";
    ConfigInvalid = "config-invalid": "项目配置文件 aftercert.yaml 无效。", "The project config file aftercert.yaml is not valid.";
    TailoringInvalid = "tailoring-invalid": "剪裁条目无效（评价项不存在或缺少理由）。", "A tailoring entry is not valid (unknown criterion or no reason).";
    Stale = "stale": "记录超过其类型的时限（见 docs/records.md），或证书已过有效期。", "A record is older than its kind's limit (see docs/records.md), or a certificate has expired.";
    Overdue = "overdue": "建设事项已过计划日期但未完成。", "A build-out item is past its planned date and not done.";
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Informational or a warning: the run goes on and the exit code is not affected.
    Warning,
    /// The input cannot be used as it is: exit code 2.
    Error,
}

/// One problem in a user's file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub level: Level,
    /// The file, as the user named it.
    pub file: String,
    /// Where in the file (`0:0` when unknown).
    pub pos: Pos,
    /// What is wrong.
    pub message: Text,
    /// What was expected there.
    pub expected: Option<Text>,
    /// Other places that matter (the first occurrence of a duplicate).
    pub related: Vec<(Pos, Text)>,
}

impl Diagnostic {
    /// An error at a position.
    pub fn error(code: Code, file: &str, pos: Pos, message: Text) -> Self {
        Diagnostic {
            code,
            level: Level::Error,
            file: file.to_string(),
            pos,
            message,
            expected: None,
            related: Vec::new(),
        }
    }

    /// A warning at a position.
    pub fn warning(code: Code, file: &str, pos: Pos, message: Text) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, file, pos, message)
        }
    }

    /// Adds what was expected.
    pub fn expected(mut self, expected: Text) -> Self {
        self.expected = Some(expected);
        self
    }

    /// Adds a related place.
    pub fn related(mut self, pos: Pos, label: Text) -> Self {
        self.related.push((pos, label));
        self
    }

    /// `file:line:column`, or just the file when the position is unknown.
    pub fn location(&self) -> String {
        if self.pos.is_known() {
            format!("{}:{}", self.file, self.pos)
        } else {
            self.file.clone()
        }
    }

    /// Renders the diagnostic with a source snippet when the source is at hand.
    ///
    /// Indexes the source's lines first: to render many diagnostics of one file, index it
    /// once with [`Source::new`] and call [`Diagnostic::render_in`].
    pub fn render(&self, source: Option<&str>, lang: Lang, color: bool) -> String {
        let source = source.map(Source::new);
        self.render_in(source.as_ref(), lang, color)
    }

    /// Renders the diagnostic with the lines of an indexed source it points at.
    pub fn render_in(&self, source: Option<&Source<'_>>, lang: Lang, color: bool) -> String {
        let level = match self.level {
            Level::Error => SnippetLevel::ERROR,
            Level::Warning => SnippetLevel::WARNING,
        };
        let message = visible(self.message.get(lang));
        let title = level.primary_title(message).id(self.code.id());
        let expected = self.expected.as_ref().map(|e| {
            let word = crate::i18n::Text::new("预期", "expected");
            let word = word.get(lang);
            format!("{word}: {}", visible(e.get(lang)))
        });
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
        .decor_style(DecorStyle::Ascii);
        let file = visible_line(&self.file);
        let mut places: Vec<excerpt::Place> = vec![(self.pos.line, self.pos.column)];
        let related: Vec<_> = self.related.iter().filter(|(p, _)| p.is_known()).collect();
        places.extend(related.iter().map(|(p, _)| (p.line, p.column)));
        let mut cuts = match source.filter(|_| self.pos.is_known()) {
            Some(src) => excerpt::excerpts(src.text, &src.lines, &places),
            None => Vec::new(),
        };
        let mut header_fix = None;
        let mut groups = if let Some(first) = cuts.iter().position(|c| c.spans[0].is_some()) {
            cuts[..=first].rotate_right(1);
            let primary = &cuts[0];
            header_fix = shown_column(primary)
                .filter(|c| *c != self.pos.column)
                .map(|c| {
                    let line = self.pos.line;
                    (format!("{file}:{line}:{c}"), format!("{file}:{}", self.pos))
                });
            let mut snippets = Vec::new();
            for cut in &cuts {
                let mut snippet = Snippet::source(cut.text.as_str())
                    .path(file.to_string())
                    .line_start(cut.line_start)
                    .fold(true);
                if let Some(span) = cut.spans[0].clone() {
                    snippet = snippet.annotation(AnnotationKind::Primary.span(span));
                }
                for ((_, label), span) in related.iter().zip(&cut.spans[1..]) {
                    if let Some(span) = span.clone() {
                        let label = visible(label.get(lang)).into_owned();
                        snippet =
                            snippet.annotation(AnnotationKind::Context.span(span).label(label));
                    }
                }
                snippets.push(snippet);
            }
            vec![title.elements(snippets)]
        } else {
            let location = if self.pos.is_known() {
                format!("{file}:{}", self.pos)
            } else {
                file.to_string()
            };
            vec![
                Group::with_title(title),
                Group::with_title(SnippetLevel::NOTE.secondary_title(format!("--> {location}"))),
            ]
        };
        if let Some(e) = &expected {
            groups.push(Group::with_title(
                SnippetLevel::NOTE.secondary_title(e.clone()),
            ));
        }
        let mut text = renderer.render(&groups);
        // The renderer counts the column in the excerpt; when the line was windowed or a
        // control character before the column was escaped, name the column of the file.
        if let Some((shown, real)) = header_fix {
            text = text.replacen(&shown, &real, 1);
        }
        text.push('\n');
        text
    }
}

/// The 1-based character column the renderer will name for an excerpt's primary place.
fn shown_column(cut: &excerpt::Excerpt) -> Option<u32> {
    let start = cut.spans[0].as_ref()?.start;
    let line_start = cut.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let column = cut.text[line_start..start].chars().count() + 1;
    u32::try_from(column).ok()
}

/// A file's text with its lines indexed, for rendering many diagnostics of it.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The text.
    pub text: &'a str,
    /// Where its lines start.
    pub lines: LineIndex,
}

impl<'a> Source<'a> {
    /// Indexes a text's lines (one pass).
    pub fn new(text: &'a str) -> Self {
        Source {
            text,
            lines: LineIndex::new(text),
        }
    }
}

/// Returns true if and only if any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.level == Level::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_described() {
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        for id in &ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{id}"
            );
        }
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len(), "duplicate diagnostic code");
        for c in Code::ALL {
            let d = c.description();
            assert!(!d.zh.is_empty() && !d.en.is_empty());
        }
    }

    fn unknown_key_at(line: u32, column: u32) -> Diagnostic {
        Diagnostic::error(
            Code::UnknownKey,
            "f.yaml",
            Pos { line, column },
            Text::same("unknown key `compnay`"),
        )
    }

    #[test]
    fn cr_only_line_ends_show_the_line_the_parser_names() {
        let out = unknown_key_at(3, 3).render(Some("a: 1\rb:\r  compnay: x\r"), Lang::En, false);
        assert!(out.contains("f.yaml:3:3"), "{out}");
        assert!(out.contains("3 |   compnay: x"), "{out}");
        assert!(out.contains("^^^^^^^"), "{out}");
    }

    #[test]
    fn a_far_related_place_is_shown_too() {
        let src = "a: 1\n".repeat(50);
        let d = unknown_key_at(40, 1).related(Pos { line: 2, column: 1 }, Text::same("first"));
        let out = d.render(Some(&src), Lang::En, false);
        assert!(out.contains("f.yaml:40:1"), "{out}");
        assert!(
            out.contains("2 | a: 1") && out.contains("40 | a: 1"),
            "{out}"
        );
        assert!(out.contains("first"), "{out}");
    }

    #[test]
    fn controls_in_messages_are_made_visible() {
        let d = Diagnostic::error(
            Code::UnknownKey,
            "f\u{1b}.yaml",
            Pos { line: 1, column: 1 },
            Text::same("unknown key `\u{1b}[2J`"),
        );
        let out = d.render(Some("\u{1b}[2J: 1\n"), Lang::En, false);
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("f\\u{1b}.yaml:1:1"), "{out}");
    }

    #[test]
    fn rendering_names_file_line_and_column() {
        let d = Diagnostic::error(
            Code::UnknownKey,
            "f.yaml",
            Pos { line: 2, column: 3 },
            Text::same("unknown key `compnay`"),
        )
        .expected(Text::same("name"));
        let out = d.render(Some("a:\n  compnay: x\n"), Lang::En, false);
        assert!(out.contains("f.yaml:2:3"), "{out}");
        assert!(out.contains("unknown-key"), "{out}");
        assert!(out.contains("expected: name"), "{out}");
    }
}
