//! The `statutory` check: a product line's term against its category's statutory figure.
//!
//! The figure comes from the law table (`standards/law/statutory-terms.yaml`), so a
//! criterion never hard-codes "1 year" for every product: a car line is held to the 2021
//! car rules' 3 years, a refrigerator to the 1995 catalogue's 1 year, and the "above
//! statutory" bonus compares each line with its own category's figure.
//!
//! The term `components` compares each of the line's `components[].warranty` with the
//! figure the law table gives for that part (a figure whose `parts` or `aliases` name
//! it: a phone's battery with 6 months, its charger with 1 year); parts the table has no
//! figure for are not compared.

use super::Outcome;
use super::scope::statutory as compare_line;
use crate::i18n::Text;
use crate::labels;
use crate::standard::model::{Op, Statutory};
use crate::yaml::{Node, Pos};
use std::cmp::Ordering;

/// Evaluates the check on the product line in scope (none: not met).
pub fn check(line: Option<(&Node, &str)>, at: Pos, s: &Statutory) -> Outcome {
    let figure_term = s.figure.as_deref().unwrap_or(&s.term);
    if s.term == COMPONENTS
        && let Some((node, path)) = line
    {
        return components(node, path, s.op);
    }
    let Some((node, path)) = line else {
        return Outcome {
            fraction: 0.0,
            path: format!("products[].effective.{}", s.term),
            pos: at,
            expected: {
                let term = labels::term(&s.term);
                Text::new(
                    format!("产品线写明{}（与其类别的法定标准比较）", term.zh),
                    format!(
                        "a product line stating its {} (compared with its category's statutory figure)",
                        term.en
                    ),
                )
            },
            found: None,
            spoken: 0.0,
            vacuous: false,
        };
    };
    let f = compare_line(node, path, &s.term, figure_term);
    let pos = node
        .get("effective")
        .or_else(|| node.get("terms"))
        .and_then(|t| t.get(&s.term))
        .map_or(node.pos, |n| n.pos);
    let ok = match (&f.stated, f.ordering) {
        (None, _) => s.absent_passes,
        (Some(_), Some(o)) => holds(s.op, o),
        (Some(_), None) => false,
    };
    let expected = expected(&f, s.op, figure_term);
    let found = f
        .stated
        .as_deref()
        .map(|v| stated_words(&labels::term(&s.term), v));
    Outcome {
        fraction: if ok { 1.0 } else { 0.0 },
        path: f.path.clone(),
        pos,
        expected,
        found,
        spoken: if f.stated.is_some() { 1.0 } else { 0.0 },
        vacuous: false,
    }
}

/// The pseudo-term that compares every component's period with its part's figure.
const COMPONENTS: &str = "components";

/// Each component whose part has a statutory figure, compared with it; the first that
/// fails decides, else the line meets it.
fn components(line: &Node, line_path: &str, op: Op) -> Outcome {
    let (list, list_path) = super::scope::line_term(line, line_path, COMPONENTS);
    let mut compared = Vec::new();
    for (i, c) in list.map(Node::items).unwrap_or_default().iter().enumerate() {
        let part = c
            .get("part")
            .and_then(Node::scalar_text)
            .unwrap_or_default();
        let Some((term, fig)) = super::scope::part_figure(line, &part) else {
            continue;
        };
        let f = super::scope::part_finding(line, c, format!("{list_path}[{i}].warranty"), fig);
        let ok = matches!(f.ordering, Some(o) if holds(op, o));
        let pos = c.get("warranty").map_or(c.pos, |n| n.pos);
        let found = Some(f.stated.as_deref().map_or_else(
            || {
                Text::new(
                    format!("{part}：未写明包修期"),
                    format!("{part}: no warranty stated"),
                )
            },
            |v| Text::new(format!("{part}：{v}"), format!("{part}: {v}")),
        ));
        let o = Outcome {
            fraction: if ok { 1.0 } else { 0.0 },
            path: f.path.clone(),
            pos,
            expected: expected(&f, op, &term),
            found,
            spoken: if f.stated.is_some() { 1.0 } else { 0.0 },
            vacuous: false,
        };
        if !ok {
            return o;
        }
        compared.push(o);
    }
    compared.pop().unwrap_or_else(|| Outcome {
        fraction: 1.0,
        path: list_path,
        pos: list.map_or(line.pos, |n| n.pos),
        expected: Text::new(
            "没有法规数据表给出法定期限的部件",
            "no component the law table gives a statutory period for",
        ),
        found: None,
        spoken: if list.is_some() { 1.0 } else { 0.0 },
        vacuous: false,
    })
}

fn holds(op: Op, o: Ordering) -> bool {
    match op {
        Op::Ge => o != Ordering::Less,
        Op::Gt => o == Ordering::Greater,
        Op::Le => o != Ordering::Greater,
        Op::Lt => o == Ordering::Less,
        Op::Eq => o == Ordering::Equal,
    }
}

/// What a line states for a term: "包退期：5 days" / "return period: 5 days" as written;
/// yes/no and named values (`company`) in words.
fn stated_words(term: &Text, v: &str) -> Text {
    let value = match v {
        "true" => Text::new("是", "yes"),
        "false" => Text::new("否", "no"),
        _ => labels::value(v),
    };
    Text::new(
        format!("{}：{}", term.zh, value.zh),
        format!("{}: {}", term.en, value.en),
    )
}

/// The statutory figure in words: a quantity as `src/quantity.rs` writes it ("7天" /
/// "7 days"), yes/no, a value by its label, a number as it is.
fn figure_words(value: &crate::law::FigureValue) -> Text {
    use crate::law::FigureValue;
    match value {
        FigureValue::Flag(true) => Text::new("是", "yes"),
        FigureValue::Flag(false) => Text::new("否", "no"),
        FigureValue::Number(_) => Text::same(value.text()),
        FigureValue::Text(s) => {
            crate::quantity::parse(s).map_or_else(|_| labels::value(s), |q| q.text())
        }
    }
}

/// "包退期不少于法定的 7天（家用电冰箱：部分商品修理更换退货责任规定 (1995) Art. 9）" /
/// "return period of at least the statutory 7 days (refrigerator: …)".
fn expected(f: &super::scope::StatutoryFinding, op: Op, term: &str) -> Text {
    let cat = f
        .category
        .clone()
        .unwrap_or_else(|| Text::new("未写明类别", "no category"));
    let name = labels::term(term);
    let Some(fig) = f.figure else {
        return Text::new(
            format!(
                "{}：法规数据表中没有{}的法定标准，无法比较",
                cat.zh, name.zh
            ),
            format!(
                "{}: the law table has no statutory {} to compare with",
                cat.en, name.en
            ),
        );
    };
    let (zh, en) = match fig.tag {
        crate::law::Tag::C => ("", ""),
        crate::law::Tag::C1 => ("；单一来源，待核实", "; one source, unconfirmed"),
        crate::law::Tag::R => (
            "；未找到原文，待核实",
            "; not found in a source, unconfirmed",
        ),
    };
    let value = figure_words(&fig.value);
    let rule = match (op, &fig.value) {
        (Op::Eq, _) | (_, crate::law::FigureValue::Flag(_)) => Text::new(
            format!("{}：{}（法定）", name.zh, value.zh),
            format!("{}: {} (statutory)", name.en, value.en),
        ),
        _ => {
            let p = labels::predicate(op, &value, true);
            Text::new(
                format!("{}{}", name.zh, p.zh),
                format!("{} of {}", name.en, p.en),
            )
        }
    };
    let source = plain_source(&fig.source);
    Text::new(
        format!("{}（{}：{source}{zh}）", rule.zh, cat.zh),
        format!("{} ({}: {source}{en})", rule.en, cat.en),
    )
}

/// A law table source without the research notes in brackets that cite the project's
/// source list (`(S45, S46)`): a client reads the law, not the research file.
fn plain_source(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find('(') {
        let after = &rest[at + 1..];
        let is_note =
            after.starts_with('S') && after[1..].starts_with(|c: char| c.is_ascii_digit());
        match (is_note, after.find(')')) {
            (true, Some(end)) => {
                out.push_str(rest[..at].trim_end());
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, parse};

    fn run(line: &str, s: &str) -> Outcome {
        let root = parse(line, &Limits::default()).unwrap();
        let s: Statutory = serde_saphyr::from_str(s).unwrap();
        check(Some((&root, "products[0]")), root.pos, &s)
    }

    #[test]
    fn a_car_at_exactly_3_years_meets_the_minimum_but_is_not_above_it() {
        let car = "{id: car, category: household-car, terms: {warranty: 3 years}}";
        assert!(run(car, "{term: warranty, op: '>='}").met());
        let above = run(car, "{term: warranty, op: '>'}");
        assert!(!above.met());
        assert!(
            above.expected.en.contains("3 years"),
            "{}",
            above.expected.en
        );
        assert!(
            above.expected.en.contains("Order 43"),
            "{}",
            above.expected.en
        );
        assert!(
            run(
                "{category: household-car, terms: {warranty: 4 years}}",
                "{term: warranty, op: '>'}"
            )
            .met()
        );
    }

    #[test]
    fn a_refrigerator_is_held_to_its_own_year() {
        let fridge = "{category: refrigerator, effective: {warranty: 2 years}}";
        let o = run(fridge, "{term: warranty, op: '>'}");
        assert!(o.met());
        assert_eq!(o.path, "products[0].effective.warranty");
    }

    #[test]
    fn general_1995_figures_apply_to_catalogue_goods() {
        let o = run(
            "{category: washing-machine, terms: {repaired_goods_guarantee: 15 days}}",
            "{term: repaired_goods_guarantee, op: '>='}",
        );
        assert!(!o.met());
        assert!(o.expected.en.contains("Art. 6"), "{}", o.expected.en);
        assert!(
            run(
                "{category: washing-machine, terms: {restart_after_exchange: true}}",
                "{term: restart_after_exchange, op: '>='}"
            )
            .met()
        );
    }

    #[test]
    fn an_absent_term_passes_only_when_told() {
        let line = "{category: refrigerator}";
        assert!(!run(line, "{term: repair_limit, op: '<='}").met());
        assert!(run(line, "{term: repair_limit, op: '<=', absent_passes: true}").met());
    }

    #[test]
    fn each_part_is_held_to_its_own_period() {
        let s = "{term: components, op: '>='}";
        let ok = "{category: mobile-phone, terms: {components: [{part: 电池, warranty: 6 months}, {part: 数据线, warranty: 1 month}]}}";
        assert!(run(ok, s).met());
        let short = run(
            "{category: mobile-phone, terms: {components: [{part: 电池, warranty: 6 months}, {part: charger, warranty: 3 months}]}}",
            s,
        );
        assert!(!short.met());
        assert_eq!(short.path, "products[0].terms.components[1].warranty");
        assert_eq!(
            short.found.as_ref().map(|f| f.en.as_str()),
            Some("charger: 3 months")
        );
        assert!(
            short.expected.en.contains("at least the statutory 1 year"),
            "{}",
            short.expected.en
        );
        let none = run("{category: mobile-phone, terms: {warranty: 1 year}}", s);
        assert!(none.met());
    }

    #[test]
    fn a_figure_from_one_source_says_so() {
        let o = run(
            "{category: mobile-phone, terms: {repair_limit: 45 days}}",
            "{term: repair_limit, op: '<='}",
        );
        assert!(!o.met());
        assert!(
            o.expected.en.contains("one source, unconfirmed"),
            "{}",
            o.expected.en
        );
        assert!(
            o.expected.zh.contains("单一来源，待核实"),
            "{}",
            o.expected.zh
        );
    }

    #[test]
    fn the_car_sanbao_period_is_compared_with_2_years_and_50000_km() {
        let car = "{category: household-car, effective: {sanbao_period: 2 years, sanbao_usage_cap: 40000 km}}";
        assert!(run(car, "{term: sanbao_period, op: '>='}").met());
        assert!(!run(car, "{term: sanbao_usage_cap, op: '>='}").met());
    }

    #[test]
    fn the_car_remedies_compare_with_order_43_in_their_own_units() {
        let car = "{category: household-car, effective: {loan_car_after: 7 days, replacement_request_answer_within: 10个工作日, safety_failure_distance: 5000 km}}";
        let loan = run(car, "{term: loan_car_after, op: '<='}");
        assert!(!loan.met());
        assert!(
            loan.expected.en.contains("at most the statutory 5 days"),
            "{}",
            loan.expected.en
        );
        assert!(loan.expected.en.contains("Art. 21"), "{}", loan.expected.en);
        assert!(run(car, "{term: replacement_request_answer_within, op: '<='}").met());
        assert!(run(car, "{term: safety_failure_distance, op: '>='}").met());
        // Not stated: not met (the standard asks the document to state it).
        assert!(!run(car, "{term: exchange_or_return_window, op: '>='}").met());
    }

    #[test]
    fn art_54_is_owed_for_any_goods() {
        let s = "{term: takes_back_nonconforming, op: '=='}";
        assert!(
            run(
                "{category: furniture, terms: {takes_back_nonconforming: true}}",
                s
            )
            .met()
        );
        assert!(
            !run(
                "{category: mobile-phone, terms: {takes_back_nonconforming: false}}",
                s
            )
            .met()
        );
        assert!(!run("{category: other}", s).met());
    }

    #[test]
    fn research_notes_are_left_out_of_the_source() {
        assert_eq!(
            plain_source("移动电话机 三包规定 Art. 12 (S45, S46)"),
            "移动电话机 三包规定 Art. 12"
        );
        assert_eq!(
            plain_source("1995 catalogue (S30, S31) and Art. 9 (1995)"),
            "1995 catalogue and Art. 9 (1995)"
        );
        let o = run(
            "{category: refrigerator, effective: {return_window: 5 days}}",
            "{term: return_window, op: '>='}",
        );
        assert_eq!(
            o.expected.zh,
            "包退期不少于法定的 7天（家用电冰箱：部分商品修理更换退货责任规定 (1995) Art. 9）"
        );
        assert_eq!(o.found.map(|f| f.zh), Some("包退期：5 days".to_string()));
    }

    #[test]
    fn no_figure_no_comparison() {
        let o = run(
            "{category: furniture, terms: {spare_parts_after_eol: 1 year}}",
            "{term: spare_parts_after_eol, op: '>='}",
        );
        assert!(!o.met());
        assert!(o.expected.en.contains("no statutory"), "{}", o.expected.en);
    }
}
