//! Texts in Chinese and English.
//!
//! Every text a person reads exists in both languages: standards carry `{zh, en}` pairs
//! ([`Text`]), and the tool's own words live in one table here ([`t`]) so that a missing
//! translation is a compile-time-visible gap in one place, not scattered strings.

use serde::{Deserialize, Serialize};

pub mod hant;

/// A report or message language.
///
/// Traditional Chinese (Taiwan) has no texts of its own: every Simplified text is converted
/// when it is read ([`Text::get`], [`t`]), by OpenCC's `s2twp` configuration ([`hant`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum,
)]
pub enum Lang {
    /// 简体中文 (also `zh-CN`).
    #[serde(
        rename = "zh",
        alias = "zh-CN",
        alias = "zh-cn",
        alias = "zh_CN",
        alias = "zh-Hans"
    )]
    #[value(name = "zh", alias = "zh-cn", alias = "zh_cn", alias = "zh-hans")]
    Zh,
    /// 繁體中文（臺灣）(also `zh-Hant`, `zh_TW`).
    #[serde(
        rename = "zh-TW",
        alias = "zh-tw",
        alias = "zh_TW",
        alias = "zh_tw",
        alias = "zh-Hant",
        alias = "zh-hant"
    )]
    #[value(
        name = "zh-TW",
        alias = "zh-hant",
        alias = "zh_tw",
        alias = "zh-hant-tw"
    )]
    ZhTw,
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::ZhTw => "zh-Hant-TW",
            Lang::En => "en",
        }
    }

    /// The short id, `zh`, `zh-TW` or `en`.
    pub fn id(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// Whether the language is Chinese, either script: Chinese punctuation, dates and
    /// list separators follow.
    pub fn is_chinese(self) -> bool {
        matches!(self, Lang::Zh | Lang::ZhTw)
    }

    /// A language tag as a user writes it (`zh-TW`, `zh_tw`, `zh-Hant`, `zh-CN`, `en`),
    /// case-insensitively; `None` for one this tool does not speak.
    pub fn parse(tag: &str) -> Option<Lang> {
        <Lang as clap::ValueEnum>::from_str(tag.trim(), true).ok()
    }

    /// The language the environment asks for when nothing else chose: the first set of
    /// `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX precedence), read as a locale name.
    pub fn from_env() -> Lang {
        let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
        var("LC_ALL")
            .or_else(|| var("LC_MESSAGES"))
            .or_else(|| var("LANG"))
            .map_or(Lang::En, |locale| Lang::from_locale(&locale))
    }

    /// A POSIX locale name (`zh_TW.UTF-8`, `zh_HK`, `zh_CN.GB18030`, `C`) as a language:
    /// Taiwan, Hong Kong, Macau and the Hant script read Traditional; other Chinese reads
    /// Simplified; anything else English.
    pub fn from_locale(locale: &str) -> Lang {
        let name = locale.split(['.', '@']).next().unwrap_or("");
        let lower = name.to_ascii_lowercase().replace('-', "_");
        let mut parts = lower.split('_');
        if parts.next() != Some("zh") {
            return Lang::En;
        }
        if parts.any(|p| matches!(p, "tw" | "hk" | "mo" | "hant")) {
            Lang::ZhTw
        } else {
            Lang::Zh
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Builds a text from both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (figures, paths, names).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::ZhTw => hant::convert(&self.zh),
            Lang::En => &self.en,
        }
    }
}

/// The tool's own words: `(key, zh, en)`.
pub(crate) const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "report-title",
        "售后服务体系差距报告",
        "After-sales service gap report",
    ),
    ("company", "企业", "Company"),
    ("document", "文件", "Document"),
    ("standard", "标准", "Standard"),
    ("audit-date", "评价日期", "Audit date"),
    ("score", "得分", "Score"),
    ("rating", "等级", "Rating"),
    ("section", "一级指标", "Section"),
    ("indicator", "二级指标", "Indicator"),
    ("criterion", "评价项", "Criterion"),
    ("clause", "条款", "Clause"),
    ("points", "分值", "Points"),
    ("earned", "得分", "Earned"),
    ("applicable", "适用分值", "Applicable"),
    ("status", "状态", "Status"),
    ("expected", "应达到", "Expected"),
    ("found", "文件所写", "Found"),
    ("location", "位置", "Location"),
    ("evidence", "需准备的证据", "Evidence to prepare"),
    ("remediation", "整改要求", "Corrective action"),
    ("rationale", "依据", "Rationale"),
    ("gaps", "差距", "Gaps"),
    ("no-gaps", "未发现差距。", "No gaps found."),
    ("summary", "摘要", "Summary"),
    ("special-deductions", "特别扣分", "Special deductions"),
    (
        "no-special-deductions",
        "无特别扣分。",
        "No special deductions.",
    ),
    ("bonus", "加分", "Bonus"),
    ("no-bonus", "无加分项。", "No bonus points."),
    ("next-level", "升级路径", "To reach the next level"),
    (
        "top-level",
        "已达到本标准的最高等级。",
        "This is the standard's highest level.",
    ),
    ("distance", "距离", "Distance"),
    ("not-applicable", "不适用", "Not applicable"),
    ("assumed", "假定", "assumed"),
    ("confirmed", "已确认", "confirmed"),
    (
        "assumed-note",
        "标注“假定”的分值未经公开来源证实，是有据可查的占位值；正式评价以认证机构的评分表为准。",
        "Points marked “assumed” are not confirmed by a public source; they are documented placeholders. A certification body's own score sheet decides a real audit.",
    ),
    (
        "disclaimer",
        "本报告是依据企业书面流程所作的自评估，不等同于认证结论。",
        "This report is a self-assessment of the documented process, not a certification decision.",
    ),
    ("status-met", "符合", "met"),
    ("status-partial", "部分符合", "partial"),
    ("status-missing", "不符合", "missing"),
    ("status-not-applicable", "不适用", "not applicable"),
    (
        "status-undetermined",
        "无法判断是否适用",
        "cannot tell whether it applies",
    ),
    ("applicability", "适用性", "Applicability"),
    ("applicability-applies", "适用", "applies"),
    ("applicability-does-not-apply", "不适用", "does not apply"),
    ("applicability-cannot-tell", "无法判断", "cannot tell"),
    (
        "undetermined-heading",
        "无法判断是否适用的法定要求（请在文件中写明）",
        "Legal rules whose application cannot be told (state it in the document)",
    ),
    (
        "undetermined-note",
        "文件未写明产品类别、购买者或销售渠道，无法判断以下法定要求是否适用：不计为违法、不触发特别扣分，计分时按不适用处理。",
        "The document does not state the product category, buyers or sales channels, so whether these legal rules apply cannot be told: they are not breaches, fire no special deduction, and score like rules that do not apply.",
    ),
    ("severity-blocking", "阻断", "blocking"),
    ("severity-major", "主要", "major"),
    ("severity-minor", "次要", "minor"),
    ("severity-advisory", "建议", "advisory"),
    ("severity", "严重程度", "Severity"),
    ("gain", "可得分", "Gain"),
    ("gate", "门槛", "Gate"),
    ("gate-passed", "通过", "passed"),
    ("gate-failed", "未通过", "failed"),
    ("missing-value", "未填写", "not stated"),
    ("not-true", "未声明为 true", "not stated as true"),
    ("score-method", "计分方法", "Scoring method"),
    (
        "score-method-weighted",
        "得分 = 实得分 ÷ 适用分值 × 100，不适用项不计入分母；每项特别扣分另扣 {d} 分；加分最多 {b} 分。",
        "Score = earned ÷ applicable × 100; criteria that do not apply leave the denominator; each special deduction takes off {d} point(s) afterwards; bonus adds at most {b} point(s).",
    ),
    (
        "score-method-stages",
        "各阶段按顺序评价：某阶段及其之前所有阶段的事项全部完成，才算达到该阶段；得分为已完成事项所占比例。",
        "Stages are judged in order: a stage is reached only when its items and every earlier stage's items are done; the score is the share of items done.",
    ),
    (
        "standard-not-applicable",
        "本标准不适用于该文件",
        "This standard does not apply to this document",
    ),
    (
        "fail-deductions",
        "特别扣分达到 {n} 项即判定不合格。",
        "{n} or more special deductions fail the audit whatever the score.",
    ),
    ("criteria-count", "评价项数", "Criteria"),
    ("stage-reached", "实际所处阶段", "Stage actually reached"),
    ("stage-none", "尚未完成任何阶段", "no stage completed yet"),
    (
        "stage-not-stated",
        "建设阶段未说明",
        "Build-out stage not stated",
    ),
    (
        "stage-not-stated-note",
        "文件未涉及任何阶段所考察的内容，无法判定其所处的建设阶段；这不等于“尚未完成任何阶段”。",
        "The document says nothing that any stage looks at, so its build-out stage cannot be judged; this is not the same as “no stage completed”.",
    ),
    (
        "claimed-early",
        "前一阶段未完成时已声称完成的后续事项（在前一阶段完成前不计入）",
        "Items claimed in a later stage while an earlier one is open (they count for nothing until it is done)",
    ),
    ("next-items", "下一步事项", "Next items to do"),
    ("waived", "已豁免", "waived"),
    ("tailored", "剪裁", "Tailored"),
    ("reason", "理由", "Reason"),
    ("across-standards", "各标准汇总", "Summary across standards"),
    (
        "evidence-checklist",
        "现场审核证据清单",
        "Evidence checklist for the on-site audit",
    ),
    ("weight", "权重", "Weight"),
    ("line", "行", "line"),
    ("gaps-new", "新增或退步的差距", "New or regressed gaps"),
    ("waivers", "豁免", "Waivers"),
    ("justification", "理由", "Justification"),
    ("approver", "批准人", "Approver"),
    ("expires", "到期日", "Expires"),
    ("expired", "已过期", "expired"),
    ("baseline-change", "相对基线", "Against the baseline"),
    ("documents", "文件", "Documents"),
    ("diff-title", "两次评价对比", "Change since the last audit"),
    ("diff-new", "新增差距", "New gaps"),
    ("diff-fixed", "已整改", "Fixed"),
    ("diff-regressed", "退步", "Regressed"),
    ("diff-unchanged", "未变", "Unchanged"),
    (
        "diff-gap-changed",
        "差距性质变化",
        "Nature of the gap changed",
    ),
    ("diff-improved", "有所改善", "Improved"),
    ("diff-change", "变化", "Change"),
    ("diff-colon", "：", ": "),
    ("diff-paren", "（{x}）", " ({x})"),
    ("diff-line", "第 {n} 行", "line {n}"),
    ("diff-count", "{l}（{n} 项）", "{l} ({n})"),
    ("diff-status", "状态（前次 → 本次）", "Status (then → now)"),
    ("diff-points", "分值（前次 → 本次）", "Points (then → now)"),
    (
        "diff-not-in-old",
        "前次评价中无此项",
        "not in the earlier audit",
    ),
    (
        "diff-not-in-new",
        "本次评价中无此项",
        "not in the later audit",
    ),
    (
        "diff-unchanged-note",
        "另有 {n} 项差距与前次评价相同。",
        "{n} more gaps are the same as at the earlier audit.",
    ),
    (
        "diff-no-change",
        "两次评价之间差距没有变化。",
        "No gap changed between the two audits.",
    ),
    (
        "diff-gap-note",
        "同一评价项的差距性质有变：文件原先未作规定，现在有规定但未达要求，或相反。",
        "The same criterion's gap changed in nature: the document used to say nothing and now states something that falls short, or the other way round.",
    ),
    // Words of the rich reports (HTML, Markdown).(&str, &str, &str)] = &[
    ("executive-summary", "执行摘要", "Executive summary"),
    ("overview", "总览", "Overview"),
    ("score-gauge", "得分仪表", "Score gauge"),
    (
        "by-section",
        "各一级、二级指标得分",
        "Score by section and indicator",
    ),
    (
        "findings-by-clause",
        "按条款列出的评价结果",
        "Findings by clause",
    ),
    ("filter", "筛选", "Filter"),
    ("all", "全部", "All"),
    ("search", "搜索", "Search"),
    ("shown", "显示 {n} / {m} 项", "{n} of {m} shown"),
    ("excerpt", "文件片段", "Document excerpt"),
    ("yaml-path", "YAML 路径", "YAML path"),
    ("bonus-missed", "未获得的加分项", "Bonus not earned"),
    ("notes", "说明", "Notes"),
    (
        "generated-by",
        "由 aftercert {v} 生成",
        "Generated by aftercert {v}",
    ),
    (
        "errors",
        "无法评价的文件",
        "Files that could not be audited",
    ),
    ("warnings", "警告", "Warnings"),
    ("stars-aria", "{n} 星（满分 5 星）", "{n} of 5 stars"),
    (
        "unreachable",
        "即使关闭全部差距也无法达到",
        "not reachable even if every gap is closed",
    ),
    ("steps", "最短路径", "Shortest path"),
    ("ready", "已备妥", "Ready"),
    ("needed-by", "对应评价项", "Needed by"),
    ("deduction-fired", "已触发", "fired"),
    ("point-unit", "分", "pts"),
    (
        "no-match",
        "没有符合筛选条件的结果。",
        "No finding matches the filter.",
    ),
    ("to-level", "达到 {l} 还差", "Points to {l}"),
    ("of-100", "满分 100", "out of 100"),
    ("gap", "差距性质", "Nature of the gap"),
    (
        "gap-silent",
        "文件未作规定",
        "Not addressed in the document",
    ),
    (
        "gap-short",
        "规定未达要求",
        "Falls short of the requirement",
    ),
    (
        "gaps-silent-short",
        "其中文件未作规定 {s} 项，规定未达要求 {p} 项",
        "{s} not addressed in the document, {p} falling short of the requirement",
    ),
    (
        "gaps-by-kind",
        "文件未作规定 {s} 项，规定未达要求 {p} 项。",
        "{s} not addressed in the document, {p} falling short of the requirement.",
    ),
    ("coverage", "文件覆盖率", "Documentation coverage"),
    (
        "coverage-note",
        "文件覆盖率：文件有所规定的评价内容占适用分值的比例。覆盖率低说明差距主要来自文件未作规定，而非规定未达要求。",
        "Documentation coverage: the share of the applicable points the document speaks to. Low coverage means the gaps come mostly from what the document leaves out rather than from what it states.",
    ),
    (
        "assumed-points",
        "适用分值 {n} 分中，有 {a} 分的分值为假定值。",
        "{a} of the {n} applicable points rest on assumed point values.",
    ),
    ("single_source", "单一来源", "single source"),
    ("requirement", "标准要求", "Requirement"),
    ("nonconformity", "不符合项", "Nonconformity"),
    (
        "hint",
        "编写提示（供文件编写人）",
        "For the document's author",
    ),
    ("ground", "扣分依据", "Ground"),
    ("ground-law", "违反法律法规", "breach of law or regulation"),
    (
        "ground-own-rules",
        "违反企业自身的服务规定或承诺",
        "breach of the company's own service rules or commitments",
    ),
    (
        "ground-industry",
        "违反行业特殊要求",
        "breach of an industry's specific requirements",
    ),
    (
        "ground-system",
        "影响服务体系运行",
        "affects how the service system runs",
    ),
    (
        "also-counted",
        "同一事实亦计入 {c}，依据：{b}。",
        "Also counted under {c} because {b}.",
    ),
    (
        "also-counted-bare",
        "同一事实亦计入 {c}。",
        "Also counted under {c}.",
    ),
    (
        "vacuous",
        "无可检查的对象，本项不适用（所涉要求：{e}）",
        "Nothing to check, so it does not apply (the requirement concerns: {e})",
    ),
    ("nothing-to-check", "无可检查的对象", "Nothing to check"),
    ("action", "措施", "Action"),
    ("action-close-gap", "补齐差距", "Close the gap"),
    (
        "action-remove-deduction",
        "消除特别扣分事项",
        "Remove the cause of the special deduction",
    ),
    ("action-earn-bonus", "争取加分", "Earn the bonus"),
    ("also-resolves", "同时解决", "Also resolves"),
    ("current-stage", "当前阶段", "Current stage"),
    // The Excel workbook.
    ("xlsx-sheet-summary", "汇总", "Summary"),
    ("xlsx-sheet-assessment", "自评表", "Self-assessment"),
    (
        "xlsx-sheet-special",
        "特别扣分与加分",
        "Deductions and bonus",
    ),
    ("xlsx-sheet-evidence", "证据清单", "Evidence checklist"),
    ("xlsx-sheet-actions", "整改计划", "Action plan"),
    ("xlsx-assessment", "评价", "Assessment"),
    ("xlsx-document", "受审文件", "Document"),
    ("xlsx-method", "评分方法", "Scoring method"),
    ("xlsx-status", "评价结果", "Status"),
    (
        "xlsx-status-help",
        "从下拉列表中选择评价结果，得分随之重算。",
        "Choose a status from the list; the score recalculates.",
    ),
    ("xlsx-credit", "部分符合得分比例", "Credit if partial"),
    (
        "xlsx-credit-help",
        "部分符合时计得的分值比例，0 至 1 之间，可修改。",
        "The share of the points a partial item earns, 0 to 1; editable.",
    ),
    ("xlsx-earned", "得分", "Points earned"),
    ("xlsx-max", "满分", "Maximum"),
    ("xlsx-point-basis", "分值依据", "Point value"),
    ("xlsx-location", "文件位置", "Document location"),
    ("xlsx-finding", "审核发现", "Finding"),
    ("xlsx-action", "纠正措施", "Corrective action"),
    ("xlsx-notes", "备注", "Notes"),
    ("xlsx-reference", "参考编号", "Reference"),
    ("xlsx-kind", "类别", "Kind"),
    ("xlsx-item", "项目", "Item"),
    ("xlsx-fired", "是否成立", "Applies"),
    ("xlsx-points", "分值", "Points"),
    ("xlsx-ground", "依据", "Ground"),
    ("xlsx-yes", "是", "yes"),
    ("xlsx-no", "否", "no"),
    ("xlsx-earned-total", "实得分", "Points earned"),
    (
        "xlsx-applicable-total",
        "适用项满分合计",
        "Applicable points",
    ),
    (
        "xlsx-base-score",
        "扣分和加分前得分",
        "Score before deductions and bonus",
    ),
    (
        "xlsx-deduction-count",
        "特别扣分项数",
        "Special deductions that apply",
    ),
    ("xlsx-deducted", "扣分合计", "Points deducted"),
    ("xlsx-bonus-cap", "加分上限", "Bonus cap"),
    ("xlsx-score-exact", "得分（未取整）", "Score (unrounded)"),
    (
        "xlsx-fail-at",
        "特别扣分达到此项数即不合格（0 表示无此规定）",
        "Special deductions that fail the audit (0: no such rule)",
    ),
    ("xlsx-band", "等级划分", "Rating bands"),
    ("xlsx-band-min", "最低分", "Lowest score"),
    ("xlsx-coverage-note", "覆盖率说明", "About the coverage"),
    (
        "xlsx-coverage-fixed",
        "文件覆盖率按审核时的文件计算，修改评价结果不会改变覆盖率。",
        "The coverage is that of the document as audited; changing a status does not change it.",
    ),
    ("xlsx-weight", "权重", "Weight"),
    ("xlsx-applicable", "适用分", "Applicable"),
    ("xlsx-percent", "得分率", "Share earned"),
    ("xlsx-evidence", "证据", "Evidence"),
    ("xlsx-evidence-id", "编号", "Id"),
    ("xlsx-needed-by", "所需条款", "Needed by"),
    ("xlsx-prepared", "已准备", "Prepared"),
    ("xlsx-number", "序号", "No."),
    ("xlsx-priority", "优先级", "Priority"),
    ("xlsx-nonconformity", "不符合项", "Nonconformity"),
    ("xlsx-gain", "可提高分数", "Score gain"),
    ("xlsx-owner", "责任人", "Owner"),
    ("xlsx-due", "完成期限", "Due date"),
    ("xlsx-progress", "整改状态", "Status"),
    ("xlsx-open", "未开始", "open"),
    ("xlsx-in-progress", "进行中", "in progress"),
    ("xlsx-done", "已完成", "done"),
    // Words of the client edition of the reports.
    (
        "client-kicker",
        "售后服务评价 · 客户版报告",
        "After-sales service assessment · client report",
    ),
    ("client-prepared-for", "委托方", "Prepared for"),
    ("client-standards", "评价依据", "Assessed against"),
    ("client-level", "等级", "Level"),
    ("client-gate", "结论", "Verdict"),
    (
        "client-gate-passed",
        "达到所要求的水平（{r}）",
        "Reaches the required level ({r})",
    ),
    (
        "client-gate-failed",
        "未达到所要求的水平：{r}",
        "Does not reach the required level: {r}",
    ),
    ("client-gap-count", "差距合计", "Gaps in total"),
    (
        "client-gap-split",
        "共 {n} 项，其中文件未作规定 {s} 项，规定未达要求 {p} 项",
        "{n} ({s} not addressed in the document, {p} falling short of the requirement)",
    ),
    (
        "client-deductions",
        "违法事项与特别扣分",
        "Breaches of law and special deductions",
    ),
    (
        "client-no-deductions",
        "未发现违法事项，无特别扣分。",
        "No breach of law and no special deduction.",
    ),
    ("client-law", "违反法律法规", "Breach of law"),
    ("client-gaps", "按优先级列出的差距", "Gaps by priority"),
    (
        "client-priority-blocking",
        "必须立即整改（阻断项）",
        "Must be fixed first (blocking)",
    ),
    ("client-priority-major", "主要差距", "Major gaps"),
    ("client-priority-minor", "次要差距", "Minor gaps"),
    ("client-priority-advisory", "改进建议", "Advice"),
    ("client-found", "现状", "What we found"),
    ("client-todo", "整改措施", "What to do"),
    ("client-show", "需出示的证据", "Evidence to show"),
    ("client-where", "文件位置", "Where in the document"),
    ("client-xref", "评价项编号", "Ref."),
    ("client-deducted", "扣 {p} 分", "−{p} points"),
    (
        "client-gain",
        "整改后可得 {p} 分",
        "closing it adds {p} points",
    ),
    (
        "client-plan",
        "升级行动计划",
        "Action plan to the next level",
    ),
    (
        "client-plan-to",
        "达到{l}还差 {d} 分，按以下步骤整改：",
        "{d} points short of {l}; these steps reach it:",
    ),
    (
        "client-plan-top",
        "已达到本标准的最高等级。",
        "The standard's highest level is reached.",
    ),
    ("client-plan-also", "同时解决", "Also resolves"),
    (
        "client-checklist-intro",
        "同一证据被多项条款要求时只列一次。标注“有差距”的证据对应尚未整改的差距，现场审核时会被重点询问。",
        "Evidence needed by several clauses is listed once. Items marked “gap” belong to gaps not yet closed; the auditor will ask about them first.",
    ),
    ("client-for-gap", "有差距", "gap"),
    (
        "client-appendix",
        "附录：已符合及不适用的评价项",
        "Appendix: criteria met and criteria that do not apply",
    ),
    ("client-met", "已符合的评价项", "Criteria met"),
    (
        "client-na",
        "不适用或经剪裁的评价项",
        "Criteria that do not apply or were tailored out",
    ),
    ("client-bonus", "已获加分", "Bonus earned"),
    ("client-none", "无", "None"),
    ("client-method", "评分方法", "How the score is made"),
    (
        "client-waiver",
        "已豁免（批准人：{a}，有效期至 {d}）：{j}",
        "Waived (approved by {a}, until {d}): {j}",
    ),
    (
        "client-warnings",
        "本次评价另有 {n} 条技术性警告（豁免、剪裁、记录时效等），详见技术版报告。",
        "This run also gave {n} technical warnings (waivers, tailoring, dated records); the technical edition lists them.",
    ),
    (
        "client-technical-note",
        "各评价项的判定细节（文件片段、逐项应达到与文件所写）见技术版报告（--edition technical）。",
        "The detail behind each finding (document excerpts, expected and found for every criterion) is in the technical edition (--edition technical).",
    ),
];

/// Looks up one of the tool's own texts; an unknown key comes back as itself.
pub fn t(lang: Lang, key: &str) -> &str {
    MESSAGES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(k, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::ZhTw => hant::convert(zh),
            Lang::En if en.is_empty() => *k,
            Lang::En => *en,
        })
        .unwrap_or(key)
}

/// A text kept as data in one form only (a clause number such as `第九条`, a law's name)
/// in the script of `lang`: converted for Traditional, as it is otherwise.
pub fn in_script(lang: Lang, text: &str) -> &str {
    match lang {
        Lang::ZhTw => hant::convert(text),
        Lang::Zh | Lang::En => text,
    }
}

/// A Chinese message in the script of `lang`, with each `{}` of the Simplified template
/// filled by the next value: the template is converted for Traditional, the values (paths,
/// names, numbers) are not.
pub fn zh_format(lang: Lang, template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let template = match lang {
        Lang::ZhTw => hant::convert(template),
        Lang::Zh | Lang::En => template,
    };
    let mut out = String::with_capacity(template.len());
    let mut values = values.iter();
    let mut pieces = template.split("{}").peekable();
    while let Some(piece) = pieces.next() {
        out.push_str(piece);
        if pieces.peek().is_some()
            && let Some(value) = values.next()
        {
            out.push_str(&value.to_string());
        }
    }
    out
}

/// Every key of the tool's own texts.
pub fn keys() -> impl Iterator<Item = &'static str> {
    MESSAGES.iter().map(|(k, _, _)| *k)
}

/// Both languages of one of the tool's own texts.
pub fn both(key: &str) -> Text {
    Text::new(t(Lang::Zh, key), t(Lang::En, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_and_tags_name_a_language() {
        for (locale, lang) in [
            ("zh_TW.UTF-8", Lang::ZhTw),
            ("zh_HK", Lang::ZhTw),
            ("zh_Hant_TW.UTF-8@x", Lang::ZhTw),
            ("zh_CN.GB18030", Lang::Zh),
            ("zh_SG", Lang::Zh),
            ("zh", Lang::Zh),
            ("C.UTF-8", Lang::En),
            ("en_US.UTF-8", Lang::En),
            ("zu_ZA", Lang::En),
        ] {
            assert_eq!(Lang::from_locale(locale), lang, "{locale}");
        }
        for (tag, lang) in [
            ("zh-TW", Some(Lang::ZhTw)),
            ("ZH_tw", Some(Lang::ZhTw)),
            ("zh-Hant", Some(Lang::ZhTw)),
            ("zh-CN", Some(Lang::Zh)),
            ("en", Some(Lang::En)),
            ("fr", None),
        ] {
            assert_eq!(Lang::parse(tag), lang, "{tag}");
        }
    }

    #[test]
    fn message_keys_are_unique_and_complete() {
        let mut keys: Vec<_> = MESSAGES.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate message key");
        for (k, zh, en) in MESSAGES {
            assert!(!zh.is_empty() && !en.is_empty(), "{k} lacks a language");
        }
    }
}
