//! The limits every YAML read runs under, and the messages when one is reached.
//!
//! Process documents, standards, waivers and baselines come from people and from CI
//! checkouts, sometimes hostile: each budget of the parser (size, nesting, nodes, aliases,
//! key length) is set here on purpose, documented in docs/limits.md, and a breach becomes
//! a sentence naming the limit, its value and why it exists.

use super::{SEVERAL_DOCUMENTS, original};
use crate::i18n::Text;
use serde_saphyr::DuplicateKeyPolicy;

/// Limits applied to every YAML read, set on purpose rather than left to defaults.
///
/// Each one is documented for users in docs/limits.md; a breach becomes a [`Breach`]
/// with a message saying which limit, its value and why it exists.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest file accepted, in bytes (`--max-file-size`). The text of all scalars
    /// together, alias copies included, may not exceed it either.
    pub max_bytes: u64,
    /// The deepest nesting of lists and mappings accepted. Process documents need about
    /// eight levels; 32 keeps the recursive descent well inside a 2 MiB thread stack
    /// even in debug builds.
    pub max_depth: usize,
    /// The most YAML nodes (after alias expansion) accepted. A large company's document
    /// has tens of thousands; a national network of 100,000 outlets makes about 1.6
    /// million. Two and a half million keeps the tree under about 400 MB.
    pub max_nodes: usize,
    /// The most aliases (`*name`) accepted.
    pub max_aliases: usize,
    /// The most parser events copied to expand anchors and aliases: what stops a
    /// "billion laughs" file of a few hundred bytes from growing into gigabytes.
    pub max_alias_expansion: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 32,
            max_nodes: 2_500_000,
            max_aliases: 1_000,
            max_alias_expansion: 100_000,
        }
    }
}

/// The longest simple key (`key:`) the scanner looks ahead for, in characters: YAML's own
/// limit of 1024.
pub const MAX_KEY_CHARS: usize = 1024;

/// Builds serde-saphyr options for one read under the given limits.
///
/// Every budget the parser has is set here, so that none is left to a library default
/// that could change under us.
pub fn options(limits: &Limits, duplicates: DuplicateKeyPolicy) -> serde_saphyr::Options {
    let text_bytes = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = Some(text_bytes);
    budget.max_depth = limits.max_depth;
    budget.flow_nesting_limit = limits.max_depth;
    budget.max_nodes = limits.max_nodes;
    budget.max_events = limits.max_nodes.saturating_mul(2);
    budget.max_aliases = limits.max_aliases;
    budget.max_anchors = limits.max_aliases.max(1_000);
    budget.max_merge_keys = limits.max_aliases;
    budget.enforce_alias_anchor_ratio = true;
    budget.alias_anchor_min_aliases = RATIO_FROM_ALIASES;
    budget.alias_anchor_ratio_multiplier = ALIASES_PER_ANCHOR;
    budget.max_recorded_anchor_events = limits.max_alias_expansion;
    budget.max_recorded_anchor_bytes = text_bytes;
    budget.max_total_scalar_bytes = text_bytes;
    budget.max_documents = 2;
    budget.max_inclusion_depth = 0;
    budget.simple_key_max_lookahead = MAX_KEY_CHARS;
    let mut opts = serde_saphyr::Options::default();
    opts.budget = Some(budget);
    opts.duplicate_keys = duplicates;
    opts.strict_booleans = true;
    opts
}

/// Which of the [`Limits`] a read ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// Lists and mappings nested too deep.
    Depth,
    /// Too many aliases, anchors or merge keys.
    Aliases,
    /// Expanding aliases would copy too much.
    AliasExpansion,
    /// More than [`ALIASES_PER_ANCHOR`] aliases per anchor, once there are at least
    /// [`RATIO_FROM_ALIASES`] aliases.
    AliasRatio,
    /// Too many nodes.
    Nodes,
    /// Too much text, or too large an input.
    Bytes,
    /// More than one YAML document.
    Documents,
    /// A key longer than [`MAX_KEY_CHARS`] (or a key without its `:`).
    KeyLength,
}

/// A limit a read ran into, with the limit's value, for a message a person can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breach {
    /// Which limit.
    pub kind: LimitKind,
    /// Its value.
    pub limit: u64,
    /// For [`LimitKind::AliasRatio`], the aliases and anchors the file has.
    pub found: Option<(u64, u64)>,
}

/// The most aliases per anchor accepted once a file has [`RATIO_FROM_ALIASES`] aliases.
pub const ALIASES_PER_ANCHOR: usize = 10;
/// From how many aliases on the aliases-per-anchor ratio is enforced.
pub const RATIO_FROM_ALIASES: usize = 100;

impl Breach {
    /// What happened, in both languages.
    pub fn message(&self) -> Text {
        let n = self.limit;
        match self.kind {
            LimitKind::Depth => Text::new(
                format!("列表和映射的嵌套超过 {n} 层（嵌套深度上限）"),
                format!(
                    "lists and mappings are nested more than {n} levels deep (the nesting-depth limit)"
                ),
            ),
            LimitKind::Aliases => Text::new(
                format!("YAML 别名（*name）、锚点或合并键超过 {n} 个（别名数量上限）"),
                format!(
                    "more than {n} YAML aliases (*name), anchors or merge keys (the alias limit)"
                ),
            ),
            LimitKind::AliasRatio => {
                let (aliases, anchors) = self.found.unwrap_or_default();
                Text::new(
                    format!(
                        "{aliases} 个 YAML 别名（*name）只引用 {anchors} 个锚点：别名达到 {RATIO_FROM_ALIASES} 个后，每个锚点至多 {n} 个别名（别名与锚点比例上限）"
                    ),
                    format!(
                        "{aliases} YAML aliases (*name) for {anchors} anchor(s): once there are {RATIO_FROM_ALIASES} aliases, at most {n} per anchor are accepted (the alias-to-anchor ratio limit)"
                    ),
                )
            }
            LimitKind::AliasExpansion => Text::new(
                format!("展开 YAML 别名需要复制超过 {n} 个节点（别名展开上限）"),
                format!(
                    "expanding the YAML aliases would copy more than {n} nodes (the alias-expansion limit)"
                ),
            ),
            LimitKind::Nodes => Text::new(
                format!("YAML 节点（值、列表、映射）超过 {n} 个（节点数上限）"),
                format!("more than {n} YAML nodes (values, lists, mappings) (the node limit)"),
            ),
            LimitKind::Bytes => Text::new(
                format!("文本总量（含别名复制）超过 {n} 字节（大小上限）"),
                format!("the text, alias copies included, is more than {n} bytes (the size limit)"),
            ),
            LimitKind::Documents => Text::new(
                "文件中有多个 YAML 文档（---）；每个文件只放一个流程文件",
                SEVERAL_DOCUMENTS,
            ),
            LimitKind::KeyLength => Text::new(
                format!("键缺少冒号，或长于 {n} 个字符（YAML 的键长上限）"),
                format!(
                    "a key lacks its `:`, or is longer than {n} characters (YAML's key-length limit)"
                ),
            ),
        }
    }

    /// What is accepted, why the limit exists and what to do, in both languages (shown
    /// after "expected:").
    pub fn advice(&self) -> Text {
        let n = self.limit;
        match self.kind {
            LimitKind::Depth => Text::new(
                format!(
                    "至多 {n} 层（流程文件不超过 10 层）；该上限防止解析时栈溢出，固定不可调，请减少嵌套（见 docs/limits.md）"
                ),
                format!(
                    "at most {n} levels (a process document needs fewer than 10); fixed, because it keeps the parser's recursion inside its stack: flatten the structure (see docs/limits.md)"
                ),
            ),
            LimitKind::Aliases => Text::new(
                format!(
                    "至多 {n} 个别名；别名可把几百字节的文件放大成数 GB（“billion laughs”攻击），该上限固定不可调：请把重复的值直接写出（见 docs/limits.md）"
                ),
                format!(
                    "at most {n} aliases; fixed, because aliases can blow a few hundred bytes up to gigabytes (the \"billion laughs\" attack): write repeated values out (see docs/limits.md)"
                ),
            ),
            LimitKind::AliasRatio => Text::new(
                format!(
                    "每个锚点至多 {n} 个别名；大量别名引用少数锚点是“billion laughs”攻击的形态，该上限固定不可调：请把重复的值直接写出，或为它们各设锚点（见 docs/limits.md）"
                ),
                format!(
                    "at most {n} aliases per anchor; fixed, because many aliases of few anchors is the shape of the \"billion laughs\" attack: write repeated values out, or give them anchors of their own (see docs/limits.md)"
                ),
            ),
            LimitKind::AliasExpansion => Text::new(
                format!(
                    "别名展开至多复制 {n} 个节点；别名可把几百字节的文件放大成数 GB（“billion laughs”攻击），该上限固定不可调：请把重复的值直接写出（见 docs/limits.md）"
                ),
                format!(
                    "alias expansion of at most {n} nodes; fixed, because aliases can blow a few hundred bytes up to gigabytes (the \"billion laughs\" attack): write repeated values out (see docs/limits.md)"
                ),
            ),
            LimitKind::Nodes => Text::new(
                format!(
                    "至多 {n} 个节点（大型企业的流程文件也只有数万个）；该上限限制内存占用，固定不可调（见 docs/limits.md）"
                ),
                format!(
                    "at most {n} nodes (a large company's document has tens of thousands); fixed, to bound memory (see docs/limits.md)"
                ),
            ),
            LimitKind::Bytes => Text::new(
                format!(
                    "至多 {n} 字节：更小的文件，或用 --max-file-size 提高上限（见 docs/limits.md）"
                ),
                format!(
                    "at most {n} bytes: a smaller file, or a higher --max-file-size (see docs/limits.md)"
                ),
            ),
            LimitKind::Documents => {
                Text::new("每个文件一个流程文件", "one process document per file")
            }
            LimitKind::KeyLength => Text::new(
                format!("`键: 值`，键不超过 {n} 个字符；长文本请放在值里"),
                format!(
                    "`key: value` with keys of at most {n} characters; put long text in the value"
                ),
            ),
        }
    }
}

/// Recognises a budget breach (or the parser's own nesting and key-length limits).
pub(super) fn breach(err: &serde_saphyr::Error, message: &str, limits: &Limits) -> Option<Breach> {
    use serde_saphyr::{Error as E, budget::BudgetBreach as B};
    let kind = match original(err) {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => LimitKind::Depth,
            B::Aliases { .. } | B::Anchors { .. } => LimitKind::Aliases,
            B::AliasAnchorRatio { aliases, anchors } => {
                return Some(Breach {
                    kind: LimitKind::AliasRatio,
                    limit: ALIASES_PER_ANCHOR as u64,
                    found: Some((*aliases as u64, *anchors as u64)),
                });
            }
            B::MergeKeys { .. } => LimitKind::Aliases,
            B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => {
                LimitKind::AliasExpansion
            }
            B::Nodes { .. } | B::Events { .. } => LimitKind::Nodes,
            B::ScalarBytes { .. } | B::InputBytes { .. } => LimitKind::Bytes,
            B::Documents { .. } => LimitKind::Documents,
            _ => return None,
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => LimitKind::AliasExpansion,
        _ if message.contains("recursion limit exceeded") => LimitKind::Depth,
        _ if message.contains("simple key expected") => LimitKind::KeyLength,
        _ => return None,
    };
    Some(Breach {
        kind,
        limit: limit_value(kind, limits),
        found: None,
    })
}

/// The value of the limit of a kind.
fn limit_value(kind: LimitKind, limits: &Limits) -> u64 {
    let n = match kind {
        LimitKind::Depth => limits.max_depth,
        LimitKind::Aliases => limits.max_aliases,
        LimitKind::AliasExpansion => limits.max_alias_expansion,
        LimitKind::AliasRatio => ALIASES_PER_ANCHOR,
        LimitKind::Nodes => limits.max_nodes,
        LimitKind::Bytes => return limits.max_bytes,
        LimitKind::Documents => 1,
        LimitKind::KeyLength => MAX_KEY_CHARS,
    };
    n as u64
}
