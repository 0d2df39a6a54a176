//! Diagnostics: problems in what the user wrote, with stable codes and positions.
//!
//! A problem in a process document, a standard, a waiver or a baseline is data, not a
//! panic and not a bare error string: it carries a stable kebab-case [`Code`] (usable in
//! waivers and SARIF rule ids), the file and `line:column`, a message in both languages,
//! what was expected, and related places (the first of two duplicate keys). Rendering
//! with a source snippet is done here, once, for every command.

use crate::i18n::{Lang, Text};
use crate::yaml::Pos;
use annotate_snippets::{
    AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet, renderer::DecorStyle,
};

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
    KpiWithoutTarget = "kpi-without-target": "KPI 没有目标值。", "A KPI has no target.";
    StandardInvalid = "standard-invalid": "标准文件不符合标准格式。", "A standard file does not fit the standard format.";
    StandardUnknownField = "standard-unknown-field": "标准中的检查引用了流程文件中不存在的字段。", "A check in a standard names a document field that does not exist.";
    StandardDuplicateCriterion = "standard-duplicate-criterion": "标准中的评价项编号重复。", "A criterion id is used twice in the standards.";
    StandardWeights = "standard-weights": "一级指标权重之和不为 100，或二级指标权重之和不等于其一级指标权重。", "Section weights do not add up to 100, or indicator weights do not add up to their section's.";
    StandardRatings = "standard-ratings": "等级分数线未按升序排列，或门槛等级不存在。", "Rating bands are not in ascending order, or the pass rating does not exist.";
    StandardReference = "standard-reference": "same_as 或证据编号指向不存在的条目。", "A same_as or evidence id points nowhere.";
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
    Stale = "stale": "记录早于评价项要求的时限。", "A record is older than the criterion allows.";
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
    pub fn render(&self, source: Option<&str>, lang: Lang, color: bool) -> String {
        let level = match self.level {
            Level::Error => SnippetLevel::ERROR,
            Level::Warning => SnippetLevel::WARNING,
        };
        let title = level
            .primary_title(self.message.get(lang))
            .id(self.code.id());
        let expected = self.expected.as_ref().map(|e| {
            let word = if lang == Lang::Zh {
                "预期"
            } else {
                "expected"
            };
            format!("{word}: {}", e.get(lang))
        });
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
        .decor_style(DecorStyle::Ascii);
        let mut text = match source.filter(|_| self.pos.is_known()) {
            Some(src) => {
                let mut snippet = Snippet::source(src).path(self.file.clone()).fold(true);
                let primary = span_at(src, self.pos);
                snippet = snippet.annotation(AnnotationKind::Primary.span(primary));
                for (pos, label) in &self.related {
                    if pos.is_known() {
                        snippet = snippet.annotation(
                            AnnotationKind::Context
                                .span(span_at(src, *pos))
                                .label(label.get(lang).to_string()),
                        );
                    }
                }
                let mut groups = vec![title.element(snippet)];
                if let Some(e) = &expected {
                    groups.push(Group::with_title(
                        SnippetLevel::NOTE.secondary_title(e.clone()),
                    ));
                }
                renderer.render(&groups)
            }
            None => {
                let mut groups = vec![Group::with_title(title)];
                groups.push(Group::with_title(
                    SnippetLevel::NOTE.secondary_title(format!("--> {}", self.location())),
                ));
                if let Some(e) = &expected {
                    groups.push(Group::with_title(
                        SnippetLevel::NOTE.secondary_title(e.clone()),
                    ));
                }
                renderer.render(&groups)
            }
        };
        text.push('\n');
        text
    }
}

/// The byte range of the token starting at a position (to the end of the scalar or key).
pub fn span_at(src: &str, pos: Pos) -> std::ops::Range<usize> {
    let Some(line_start) = line_offset(src, pos.line) else {
        return 0..0;
    };
    let line_end = src[line_start..]
        .find('\n')
        .map_or(src.len(), |i| line_start + i);
    let line = &src[line_start..line_end];
    let start = line
        .char_indices()
        .nth(pos.column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = if rest.starts_with('"') || rest.starts_with('\'') {
        rest.trim_end_matches('\r').len()
    } else {
        rest.find([':', ',', ']', '}', '#', '\r'])
            .map_or(rest.trim_end().len(), |i| rest[..i].trim_end().len())
    };
    let start = line_start + start;
    // At least one whole character, never one byte of it: a parse error can point at a
    // multi-byte space (U+3000, U+0085) that `trim_end` removed.
    let first = rest.chars().next().map_or(0, char::len_utf8);
    start..start + len.max(first)
}

fn line_offset(src: &str, line: u32) -> Option<usize> {
    if line == 0 {
        return None;
    }
    if line == 1 {
        return Some(0);
    }
    src.match_indices('\n')
        .nth(line as usize - 2)
        .map(|(i, _)| i + 1)
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

    #[test]
    fn spans_never_split_a_character() {
        let src = "a: 1\ncompany: {name: x}\u{3000}\n";
        let r = span_at(
            src,
            Pos {
                line: 2,
                column: 19,
            },
        );
        assert_eq!(&src[r], "\u{3000}");
    }

    #[test]
    fn spans_cover_the_token() {
        let src = "a:\n  compnay: x\n";
        let r = span_at(src, Pos { line: 2, column: 3 });
        assert_eq!(&src[r], "compnay");
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
