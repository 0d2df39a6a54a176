//! Whom a legal criterion binds, decided per product line.
//!
//! Consumer law does not bind every sale: the 三包 rules cover the goods of their
//! catalogue, CRPL protects consumers (and farmers buying farm inputs, Art. 62), Art. 25
//! covers distance sales of goods (not services) except exempt goods, a category figure
//! such as the 30-day repair limit binds only the categories the law table gives it. A
//! criterion states its `scope:` as data;
//! this module reads each product line of the document (`products[]`, or one implicit
//! line `all` when there is none) and says whether the criterion applies to it, does not,
//! or cannot be told — always with the reason, in zh and en, for the report.

use crate::i18n::Text;
use crate::law::{Category, Figure, FigureValue, table};
use crate::yaml::{Node, Value};
use serde::Deserialize;

/// Exemptions from the no-reason return (CRPL Art. 25).
pub const EXEMPTIONS: [&str; 5] = [
    "made_to_order",
    "perishable",
    "digital_opened",
    "newspapers",
    "confirmed_by_buyer",
];

/// The scope of a legal criterion, as written in a standard.
// Serialized field by field in `RawScope`'s order: the compiled standards read it back.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, try_from = "RawScope")]
pub struct LegalScope {
    /// The line's category must fall under one of these 三包 rule sets (law table ids).
    pub sanbao: Vec<String>,
    /// The line's category must be one of these.
    pub categories: Vec<String>,
    /// The line's category must not be one of these.
    pub except_categories: Vec<String>,
    /// The line must sell to one of these buyer classes.
    pub buyers: Vec<String>,
    /// The line must be sold through one of these channels.
    pub channels: Vec<String>,
    /// Lines exempt for one of these reasons are outside the rule.
    pub exemptions: Vec<String>,
    /// The rule covers the sale of goods (商品) only, not services.
    pub goods_only: bool,
    /// The line's category must have a statutory figure for one of these terms in the
    /// law table (its own, or its rule set's general one).
    pub figures: Vec<String>,
    /// The line's category must have statutory periods for named parts (`parts`).
    pub part_periods: bool,
}

/// The scope as parsed, before its ids are checked against the law table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    #[serde(default)]
    sanbao: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    except_categories: Vec<String>,
    #[serde(default)]
    buyers: Vec<String>,
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    exemptions: Vec<String>,
    #[serde(default)]
    goods_only: bool,
    #[serde(default)]
    figures: Vec<String>,
    #[serde(default)]
    part_periods: bool,
}

impl TryFrom<RawScope> for LegalScope {
    type Error = String;

    fn try_from(r: RawScope) -> Result<Self, String> {
        let t = table();
        let rules: Vec<&str> = t
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(["none"])
            .collect();
        let cats: Vec<&str> = t.category_ids().collect();
        known("sanbao", &r.sanbao, &rules)?;
        known("categories", &r.categories, &cats)?;
        known("except_categories", &r.except_categories, &cats)?;
        let buyers: Vec<&str> = t.buyers.iter().map(|b| b.id.as_str()).collect();
        known("buyers", &r.buyers, &buyers)?;
        known("exemptions", &r.exemptions, &EXEMPTIONS)?;
        let terms = t.terms();
        known("figures", &r.figures, &terms)?;
        Ok(LegalScope {
            sanbao: r.sanbao,
            categories: r.categories,
            except_categories: r.except_categories,
            buyers: r.buyers,
            channels: r.channels,
            exemptions: r.exemptions,
            goods_only: r.goods_only,
            figures: r.figures,
            part_periods: r.part_periods,
        })
    }
}

fn known(field: &str, values: &[String], allowed: &[&str]) -> Result<(), String> {
    match values.iter().find(|v| !allowed.contains(&v.as_str())) {
        Some(v) => {
            let hint = crate::process::validate::suggest(v, allowed.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Err(format!(
                "scope.{field}: unknown `{v}`{hint}; expected one of {}",
                allowed.join(", ")
            ))
        }
        None => Ok(()),
    }
}

/// Whether a rule binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binding {
    /// It binds (at least one line).
    Applies,
    /// It binds no line.
    DoesNotApply,
    /// The document does not say enough to tell.
    CannotTell,
}

impl Binding {
    /// The stable id, as in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Binding::Applies => "applies",
            Binding::DoesNotApply => "does-not-apply",
            Binding::CannotTell => "cannot-tell",
        }
    }
}

/// Whether a rule binds, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Applicability {
    /// Applies, does not apply, or cannot tell.
    pub status: Binding,
    /// Why, in both languages.
    pub reason: Text,
}

/// A product line as the scope sees it.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// Its id (`all` for the implicit line).
    pub id: String,
    /// Its YAML path (`products[0]`), empty for the implicit line.
    pub path: String,
    /// Its node, when the document has product lines.
    pub node: Option<&'a Node>,
    category: Option<String>,
    buyers: Vec<String>,
    channels: Vec<String>,
    exempt: Option<String>,
}

/// The product lines of a document; one implicit line `all` when it states none.
pub fn lines(root: &Node) -> Vec<Line<'_>> {
    let company_channels = strings(root.get("company").and_then(|c| c.get("sales_channels")));
    let items = root.get("products").map(Node::items).unwrap_or_default();
    if items.is_empty() {
        return vec![Line {
            id: "all".into(),
            path: String::new(),
            node: None,
            category: None,
            buyers: Vec::new(),
            channels: company_channels,
            exempt: None,
        }];
    }
    items
        .iter()
        .enumerate()
        .map(|(i, n)| line(i, n, &company_channels))
        .collect()
}

fn line<'a>(i: usize, n: &'a Node, company_channels: &[String]) -> Line<'a> {
    let text = |k: &str| n.get(k).and_then(Node::scalar_text);
    let channels = strings(n.get("sales_channels"));
    let exempt = ["effective", "terms"]
        .iter()
        .find_map(|t| {
            n.get(t)
                .and_then(|t| t.get("no_reason_return"))
                .and_then(|r| r.get("exempt"))
                .and_then(Node::scalar_text)
        })
        .or_else(|| {
            (n.get("made_to_order").and_then(Node::as_bool) == Some(true))
                .then(|| "made_to_order".into())
        });
    Line {
        id: text("id").unwrap_or_else(|| i.to_string()),
        path: format!("products[{i}]"),
        node: Some(n),
        category: text("category"),
        buyers: strings(n.get("buyers")),
        channels: if channels.is_empty() {
            company_channels.to_vec()
        } else {
            channels
        },
        exempt,
    }
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items.iter().filter_map(Node::scalar_text).collect(),
        Some(_) => node.and_then(Node::scalar_text).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The verdict for one line.
#[derive(Debug, Clone)]
pub struct LineVerdict {
    /// Index into [`lines`].
    pub line: usize,
    /// Applies, does not apply, or cannot tell.
    pub status: Binding,
    /// Why.
    pub reason: Text,
}

/// Decides a scope for every line.
pub fn judge_lines(scope: &LegalScope, lines: &[Line<'_>]) -> Vec<LineVerdict> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (status, reason) = judge_line(scope, l);
            LineVerdict {
                line: i,
                status,
                reason,
            }
        })
        .collect()
}

/// Decides a scope for a whole document: applies when any line is bound; otherwise
/// cannot tell when any line cannot be told; otherwise does not apply.
pub fn judge(scope: &LegalScope, lines: &[Line<'_>]) -> (Applicability, Vec<usize>) {
    let verdicts = judge_lines(scope, lines);
    let pick =
        |b: Binding| -> Vec<&LineVerdict> { verdicts.iter().filter(|v| v.status == b).collect() };
    let applying = pick(Binding::Applies);
    let status = if !applying.is_empty() {
        Binding::Applies
    } else if !pick(Binding::CannotTell).is_empty() {
        Binding::CannotTell
    } else {
        Binding::DoesNotApply
    };
    let reasons = pick(status);
    let reason = join(reasons.iter().map(|v| &v.reason));
    let bound = applying.iter().map(|v| v.line).collect();
    (Applicability { status, reason }, bound)
}

fn join<'a>(texts: impl Iterator<Item = &'a Text>) -> Text {
    let texts: Vec<&Text> = texts.collect();
    Text::new(
        texts
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        texts
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// One condition's answer for one line.
enum Cond {
    Yes(Text),
    No(Text),
    Unknown(Text),
}

fn judge_line(scope: &LegalScope, line: &Line<'_>) -> (Binding, Text) {
    let conds = [
        category_cond(scope, line),
        buyers_cond(scope, line),
        channel_cond(scope, line),
        exemption_cond(scope, line),
    ];
    let conds: Vec<Cond> = conds.into_iter().flatten().collect();
    let prefix = |t: Text| {
        Text::new(
            format!("产品线 `{}`：{}", line.id, t.zh),
            format!("line `{}`: {}", line.id, t.en),
        )
    };
    let no: Vec<&Text> = conds
        .iter()
        .filter_map(|c| match c {
            Cond::No(t) => Some(t),
            _ => None,
        })
        .collect();
    if !no.is_empty() {
        return (Binding::DoesNotApply, prefix(join(no.into_iter())));
    }
    let unknown: Vec<&Text> = conds
        .iter()
        .filter_map(|c| match c {
            Cond::Unknown(t) => Some(t),
            _ => None,
        })
        .collect();
    if !unknown.is_empty() {
        let what = join(unknown.into_iter());
        let t = Text::new(
            format!(
                "无法判断本项是否适用于产品线 `{}`——请写明{}",
                line.id,
                what.zh.replace('；', "、")
            ),
            format!(
                "cannot tell whether this applies to line `{}` — state {}",
                line.id,
                what.en.replace("; ", " and ")
            ),
        );
        return (Binding::CannotTell, t);
    }
    let yes: Vec<&Text> = conds
        .iter()
        .filter_map(|c| match c {
            Cond::Yes(t) => Some(t),
            _ => None,
        })
        .collect();
    let why = if yes.is_empty() {
        Text::new("适用", "applies")
    } else {
        join(yes.into_iter())
    };
    (Binding::Applies, prefix(why))
}

fn category_name(c: &Category) -> Text {
    Text::new(c.name.zh.clone(), c.name.en.to_lowercase())
}

fn category_cond(scope: &LegalScope, line: &Line<'_>) -> Option<Cond> {
    if scope.sanbao.is_empty()
        && scope.categories.is_empty()
        && scope.except_categories.is_empty()
        && !scope.goods_only
        && scope.figures.is_empty()
        && !scope.part_periods
    {
        return None;
    }
    let stated = Text::new("产品类别（category）", "the product category");
    let Some(id) = &line.category else {
        return Some(Cond::Unknown(stated));
    };
    let Some(cat) = table().category(id) else {
        return Some(Cond::Unknown(stated));
    };
    let name = category_name(cat);
    if scope.except_categories.contains(&cat.id) {
        return Some(Cond::No(Text::new(
            format!("{}：本项不适用于该类别", name.zh),
            format!("{}: this rule does not cover the category", name.en),
        )));
    }
    if !scope.categories.is_empty() && !scope.categories.contains(&cat.id) {
        return Some(Cond::No(Text::new(
            format!(
                "{}不属于本项适用的类别（{}）",
                name.zh,
                scope.categories.join("、")
            ),
            format!(
                "{} is not among the categories this rule covers ({})",
                name.en,
                scope.categories.join(", ")
            ),
        )));
    }
    if scope.goods_only && !cat.goods {
        return Some(Cond::No(Text::new(
            format!("{}：本项只约束商品销售（销售商品），不约束服务", name.zh),
            format!(
                "{}: this rule covers the sale of goods (销售商品), not services",
                name.en
            ),
        )));
    }
    if !scope.sanbao.is_empty() && !scope.sanbao.contains(&cat.sanbao) {
        return Some(Cond::No(outside_sanbao(cat, &name)));
    }
    if !scope.figures.is_empty()
        && !scope
            .figures
            .iter()
            .any(|f| table().figure(cat, f).is_some())
    {
        return Some(Cond::No(no_figure(&name, &scope.figures)));
    }
    if scope.part_periods && !cat.terms.values().any(|f| f.parts.is_some()) {
        return Some(Cond::No(Text::new(
            format!(
                "{}：其三包规定没有列明部件的三包有效期（法规数据表）",
                name.zh
            ),
            format!(
                "{}: its 三包 rules name no parts with their own period (law table)",
                name.en
            ),
        )));
    }
    if scope.sanbao.is_empty() && scope.categories.is_empty() && scope.figures.is_empty() {
        // A rule on the sale of goods, whatever their 三包 rules (CRPL Art. 25, Art. 54).
        return Some(Cond::Yes(Text::new(
            format!("{}（商品）", name.zh),
            format!("{} (goods)", name.en),
        )));
    }
    let rule = table().rule_set(&cat.sanbao);
    Some(Cond::Yes(match rule {
        Some(r) => Text::new(
            format!("{}适用{}", name.zh, r.name.zh),
            format!("{} is covered by the {}", name.en, r.name.en),
        ),
        None => Text::new(name.zh.clone(), name.en.clone()),
    }))
}

fn no_figure(name: &Text, terms: &[String]) -> Text {
    let list = terms.join(", ");
    Text::new(
        format!(
            "{}：其三包规定没有本项的法定值（法规数据表中无 {list}）",
            name.zh
        ),
        format!(
            "{}: its 三包 rules set no statutory figure for this (the law table has no {list})",
            name.en
        ),
    )
}

fn outside_sanbao(cat: &Category, name: &Text) -> Text {
    match table().rule_set(&cat.sanbao) {
        Some(own) => Text::new(
            format!("{}适用其专门的{}，不适用本项", name.zh, own.name.zh),
            format!(
                "{} has its own rules ({}), not this one",
                name.en, own.name.en
            ),
        ),
        None => Text::new(
            format!("{}不在三包目录内", name.zh),
            format!("{} is not in the 三包 catalogue", name.en),
        ),
    }
}

fn buyers_cond(scope: &LegalScope, line: &Line<'_>) -> Option<Cond> {
    if scope.buyers.is_empty() {
        return None;
    }
    if line.buyers.is_empty() {
        return Some(Cond::Unknown(Text::new("购买者（buyers）", "the buyers")));
    }
    let bound: Vec<&String> = line
        .buyers
        .iter()
        .filter(|b| scope.buyers.contains(b))
        .collect();
    if bound.is_empty() {
        let only = line.buyers.join(", ");
        return Some(Cond::No(if line.buyers == ["businesses"] {
            Text::new(
                "仅销售给企业，不属于消费者权益保护法的保护范围（第二条）",
                "sold to businesses only, outside consumer law (CRPL Art. 2)",
            )
        } else {
            Text::new(
                format!("仅销售给 {only}，不属于本项保护的购买者"),
                format!("sold to {only} only, not the buyers this rule protects"),
            )
        }));
    }
    Some(Cond::Yes(if bound.iter().all(|b| *b == "farmers") {
        Text::new(
            "销售给购买农业生产资料的农民（消费者权益保护法第六十二条参照执行）",
            "sold to farmers buying production inputs (CRPL Art. 62)",
        )
    } else {
        Text::new("销售给消费者", "sold to consumers")
    }))
}

fn channel_cond(scope: &LegalScope, line: &Line<'_>) -> Option<Cond> {
    if scope.channels.is_empty() {
        return None;
    }
    if line.channels.is_empty() {
        return Some(Cond::Unknown(Text::new(
            "销售渠道（sales_channels）",
            "the sales channels",
        )));
    }
    let used: Vec<&String> = line
        .channels
        .iter()
        .filter(|c| scope.channels.contains(c))
        .collect();
    let list = scope.channels.join(", ");
    Some(if used.is_empty() {
        Cond::No(Text::new(
            format!("不通过 {list} 远程销售"),
            format!("not sold at a distance ({list})"),
        ))
    } else {
        let via = used
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Cond::Yes(Text::new(
            format!("通过 {via} 远程销售"),
            format!("sold at a distance ({via})"),
        ))
    })
}

fn exemption_cond(scope: &LegalScope, line: &Line<'_>) -> Option<Cond> {
    let why = line.exempt.as_ref()?;
    if !scope.exemptions.contains(why) {
        return None;
    }
    let (zh, en) = match why.as_str() {
        "made_to_order" => ("定作商品", "made to order"),
        "perishable" => ("鲜活易腐商品", "perishable goods"),
        "digital_opened" => (
            "在线下载或已拆封的数字化商品",
            "downloaded or opened digital goods",
        ),
        "newspapers" => ("交付的报纸、期刊", "delivered newspapers and periodicals"),
        _ => (
            "购买时经消费者确认不宜退货",
            "confirmed by the buyer as not returnable",
        ),
    };
    Some(Cond::No(Text::new(
        format!("{zh}：依消费者权益保护法第二十五条免于无理由退货"),
        format!("{en}: exempt from no-reason return (CRPL Art. 25)"),
    )))
}

/// What the `statutory` check compares: the line's term with its category's figure.
#[derive(Debug, Clone)]
pub struct StatutoryFinding {
    /// The line's value, as written, and the node holding it.
    pub stated: Option<String>,
    /// The YAML path read.
    pub path: String,
    /// The statutory figure, if the table has one for the line's category.
    pub figure: Option<&'static Figure>,
    /// The category's name.
    pub category: Option<Text>,
    /// The comparison's result: `None` when the two cannot be compared.
    pub ordering: Option<std::cmp::Ordering>,
}

/// The node of a line's term: `effective.TERM` (the derived view), else `terms.TERM`;
/// a dotted term (`return_freight.faulty`) walks into mappings.
pub fn line_term<'a>(line: &'a Node, line_path: &str, term: &str) -> (Option<&'a Node>, String) {
    for part in ["effective", "terms"] {
        let found = line
            .get(part)
            .and_then(|n| n.at(term))
            .filter(|n| !n.is_null());
        if let Some(n) = found {
            return (Some(n), format!("{line_path}.{part}.{term}"));
        }
    }
    (None, format!("{line_path}.effective.{term}"))
}

/// The category figure for a component part: the term and figure whose `parts` or
/// `aliases` name the part (one containing the other, case aside).
pub fn part_figure(line: &Node, part: &str) -> Option<(String, &'static Figure)> {
    let part = part.trim().to_lowercase();
    if part.chars().count() < 2 {
        return None;
    }
    let cat = line_category(line)?;
    cat.terms.iter().find_map(|(term, f)| {
        let names = f
            .parts
            .iter()
            .flat_map(|p| p.split(['、', ',', '，', '／', '/']));
        names
            .chain(f.aliases.iter().map(String::as_str))
            .map(|n| n.trim().to_lowercase())
            .any(|n| n.chars().count() >= 2 && (n.contains(&part) || part.contains(&n)))
            .then(|| (term.clone(), f))
    })
}

/// Compares a component's `warranty` with the figure of its part.
pub fn part_finding(
    line: &Node,
    component: &Node,
    path: String,
    figure: &'static Figure,
) -> StatutoryFinding {
    let node = component.get("warranty").filter(|n| !n.is_null());
    StatutoryFinding {
        stated: node.and_then(Node::scalar_text),
        path,
        figure: Some(figure),
        category: line_category(line).map(category_name),
        ordering: node.and_then(|n| compare(n, &figure.value)),
    }
}

fn line_category(line: &Node) -> Option<&'static Category> {
    line.get("category")
        .and_then(Node::scalar_text)
        .and_then(|c| table().category(&c))
}

/// Compares a line's stated term with its category's statutory figure for `figure_term`.
pub fn statutory(line: &Node, line_path: &str, term: &str, figure_term: &str) -> StatutoryFinding {
    let (node, path) = line_term(line, line_path, term);
    let cat = line_category(line);
    let figure = cat.and_then(|c| table().figure(c, figure_term));
    let stated = node.and_then(Node::scalar_text);
    let ordering = match (node, figure) {
        (Some(n), Some(f)) => compare(n, &f.value),
        _ => None,
    };
    StatutoryFinding {
        stated,
        path,
        figure,
        category: cat.map(category_name),
        ordering,
    }
}

fn compare(node: &Node, figure: &FigureValue) -> Option<std::cmp::Ordering> {
    match figure {
        FigureValue::Flag(want) => node.as_bool().map(|b| b.cmp(want)),
        FigureValue::Number(n) => node.as_f64().and_then(|v| v.partial_cmp(n)),
        FigureValue::Text(s) => {
            let text = node.scalar_text()?;
            let Ok(want) = crate::quantity::parse(s) else {
                // A word (`company`): equal or not comparable.
                return (text.trim() == s).then_some(std::cmp::Ordering::Equal);
            };
            // A bare number has no unit: not comparable with a statutory quantity.
            let have = crate::quantity::parse(&text).ok()?;
            have.compare(&want).map(|c| c.ordering)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(yaml: &str) -> Node {
        crate::yaml::parse(yaml, &crate::yaml::Limits::default()).expect("test YAML parses")
    }

    fn scope(yaml: &str) -> LegalScope {
        serde_saphyr::from_str(yaml).expect("scope parses")
    }

    fn verdict(s: &str, d: &str) -> Applicability {
        let root = doc(d);
        judge(&scope(s), &lines(&root)).0
    }

    const SANBAO: &str = "{sanbao: [sanbao-1995], buyers: [consumers]}";
    const ART25: &str = "{buyers: [consumers], channels: [online, phone, tv, mail], exemptions: [made_to_order, perishable, digital_opened, newspapers, confirmed_by_buyer]}";

    #[test]
    fn a_consumer_refrigerator_line_is_bound_by_sanbao() {
        let a = verdict(
            SANBAO,
            "products: [{id: fridge, category: refrigerator, buyers: [consumers]}]",
        );
        assert_eq!(a.status, Binding::Applies);
        assert!(a.reason.en.contains("refrigerator"), "{}", a.reason.en);
    }

    #[test]
    fn furniture_is_not_in_the_sanbao_catalogue() {
        let a = verdict(
            SANBAO,
            "products: [{id: sofa, category: furniture, buyers: [consumers], made_to_order: true}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        assert!(
            a.reason
                .en
                .contains("furniture is not in the 三包 catalogue"),
            "{}",
            a.reason.en
        );
        assert!(
            a.reason.zh.contains("家具不在三包目录内"),
            "{}",
            a.reason.zh
        );
    }

    #[test]
    fn a_business_only_line_is_outside_consumer_law() {
        let a = verdict(
            SANBAO,
            "products: [{id: mfp, category: computer, buyers: [businesses]}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        let a = verdict(
            ART25,
            "products: [{id: mfp, category: other, buyers: [businesses], sales_channels: [online]}]",
        );
        assert!(
            a.reason.en.contains("sold to businesses only"),
            "{}",
            a.reason.en
        );
    }

    #[test]
    fn made_to_order_is_exempt_from_no_reason_return() {
        let a = verdict(
            ART25,
            "products: [{id: sofa, category: furniture, buyers: [consumers], made_to_order: true, sales_channels: [online]}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        assert!(
            a.reason
                .en
                .contains("made to order: exempt from no-reason return"),
            "{}",
            a.reason.en
        );
    }

    #[test]
    fn a_stated_exemption_counts_too() {
        let a = verdict(
            ART25,
            "products: [{id: fish, category: other, buyers: [consumers], sales_channels: [online], terms: {no_reason_return: {exempt: perishable}}}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        assert!(a.reason.en.contains("perishable"));
    }

    #[test]
    fn a_store_only_line_is_not_a_distance_sale() {
        let a = verdict(
            ART25,
            "company: {sales_channels: [store]}\nproducts: [{id: a, buyers: [consumers]}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        assert!(a.reason.en.contains("not sold at a distance"));
    }

    #[test]
    fn a_version_1_document_cannot_be_told() {
        let a = verdict(
            SANBAO,
            "company: {sales_channels: [online]}\npolicies: {warranty: {return_days: 3}}",
        );
        assert_eq!(a.status, Binding::CannotTell);
        assert!(a.reason.en.contains("line `all`"), "{}", a.reason.en);
        assert!(
            a.reason
                .en
                .contains("state the product category and the buyers"),
            "{}",
            a.reason.en
        );
        let a = verdict(ART25, "company: {sales_channels: [online]}");
        assert_eq!(a.status, Binding::CannotTell);
    }

    #[test]
    fn a_company_that_sells_nothing_is_outside_sanbao() {
        let a = verdict(
            SANBAO,
            "products: [{id: repair, category: service-only, buyers: [consumers, businesses]}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
    }

    #[test]
    fn one_bound_line_is_enough_and_only_it_is_checked() {
        let root = doc(
            "products: [{id: sofa, category: furniture, buyers: [consumers]}, {id: fridge, category: refrigerator, buyers: [consumers]}]",
        );
        let (a, bound) = judge(&scope(SANBAO), &lines(&root));
        assert_eq!(a.status, Binding::Applies);
        assert_eq!(bound, vec![1]);
    }

    #[test]
    fn farmers_buying_inputs_are_protected_by_art_62() {
        let a = verdict(
            "{buyers: [consumers, farmers]}",
            "products: [{id: seed, category: other, buyers: [farmers]}]",
        );
        assert_eq!(a.status, Binding::Applies);
        assert!(a.reason.en.contains("Art. 62"));
    }

    #[test]
    fn a_car_is_under_its_own_rules_not_the_1995_ones() {
        let a = verdict(
            SANBAO,
            "products: [{id: car, category: household-car, buyers: [consumers]}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        assert!(a.reason.en.contains("has its own rules"), "{}", a.reason.en);
    }

    #[test]
    fn a_rule_on_goods_gives_goods_as_its_reason_not_a_sanbao_rule() {
        let a = verdict(
            "{goods_only: true, buyers: [consumers, farmers]}",
            "products: [{id: phone, category: mobile-phone, buyers: [consumers]}]",
        );
        assert_eq!(a.status, Binding::Applies);
        assert!(
            a.reason.en.contains("mobile phone (goods)"),
            "{}",
            a.reason.en
        );
        assert!(!a.reason.en.contains("三包 rules"), "{}", a.reason.en);
        assert!(
            a.reason.zh.contains("移动电话机（商品）"),
            "{}",
            a.reason.zh
        );
    }

    #[test]
    fn unknown_ids_in_a_scope_are_refused() {
        let r: Result<LegalScope, _> = serde_saphyr::from_str("{categories: [sofa]}");
        assert!(r.is_err());
        let r: Result<LegalScope, _> = serde_saphyr::from_str("{buyers: [tourists]}");
        assert!(r.is_err());
    }

    #[test]
    fn a_service_is_not_a_distance_sale_of_goods() {
        let goods = "{goods_only: true, buyers: [consumers], channels: [online]}";
        let a = verdict(
            goods,
            "products: [{id: fix, category: service-only, buyers: [consumers], sales_channels: [online]}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        assert!(a.reason.en.contains("not services"), "{}", a.reason.en);
        assert!(a.reason.zh.contains("不约束服务"), "{}", a.reason.zh);
        let a = verdict(
            "{buyers: [consumers]}",
            "products: [{id: fix, category: service-only, buyers: [consumers]}]",
        );
        assert_eq!(a.status, Binding::Applies);
    }

    #[test]
    fn a_category_without_the_figure_is_outside_a_figure_scope() {
        let s = "{sanbao: [sanbao-1995, phone-2001, computer-2002], figures: [repair_limit], buyers: [consumers]}";
        for (cat, status) in [
            ("refrigerator", Binding::Applies),
            ("mobile-phone", Binding::Applies),
            ("fixed-phone", Binding::Applies),
            ("computer", Binding::DoesNotApply),
        ] {
            let a = verdict(
                s,
                &format!("products: [{{id: a, category: {cat}, buyers: [consumers]}}]"),
            );
            assert_eq!(a.status, status, "{cat}: {}", a.reason.en);
        }
        let a = verdict(
            s,
            "products: [{id: pc, category: computer, buyers: [consumers]}]",
        );
        assert!(
            a.reason.en.contains("no statutory figure"),
            "{}",
            a.reason.en
        );
        let a = verdict(
            "{part_periods: true, buyers: [consumers]}",
            "products: [{id: f, category: refrigerator, buyers: [consumers]}]",
        );
        assert_eq!(a.status, Binding::DoesNotApply);
        let r: Result<LegalScope, _> = serde_saphyr::from_str("{figures: [repair_limt]}");
        assert!(r.unwrap_err().to_string().contains("repair_limit"));
    }

    #[test]
    fn every_reason_a_line_is_outside_is_given() {
        let a = verdict(
            SANBAO,
            "products: [{id: mfp, category: other, buyers: [businesses]}]",
        );
        assert!(
            a.reason.en.contains("not in the 三包 catalogue"),
            "{}",
            a.reason.en
        );
        assert!(
            a.reason.en.contains("sold to businesses only"),
            "{}",
            a.reason.en
        );
    }

    #[test]
    fn a_part_is_matched_by_its_name_in_either_language() {
        let root = doc("{id: p, category: mobile-phone}");
        assert_eq!(part_figure(&root, "电池").unwrap().0, "battery");
        assert_eq!(part_figure(&root, "Battery").unwrap().0, "battery");
        assert_eq!(part_figure(&root, "有线耳机").unwrap().0, "wired_earphones");
        assert_eq!(part_figure(&root, "充电器（充电座）").unwrap().0, "charger");
        assert!(part_figure(&root, "数据线").is_none());
        assert!(part_figure(&root, "机").is_none());
        let fridge = doc("{id: f, category: refrigerator}");
        assert!(part_figure(&fridge, "压缩机").is_none());
    }

    #[test]
    fn a_car_line_compares_with_the_2021_figures() {
        let root = doc(
            "products: [{id: car, category: household-car, terms: {warranty: 36 months, usage_cap: 100000 km}}]",
        );
        let line = &root.get("products").unwrap().items()[0];
        let f = statutory(line, "products[0]", "warranty", "warranty");
        assert_eq!(f.ordering, Some(std::cmp::Ordering::Equal));
        assert!(f.figure.unwrap().source.contains("Order 43"));
        let f = statutory(line, "products[0]", "usage_cap", "usage_cap");
        assert_eq!(f.ordering, Some(std::cmp::Ordering::Greater));
        assert_eq!(f.path, "products[0].terms.usage_cap");
    }
}
