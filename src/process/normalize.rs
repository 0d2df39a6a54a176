//! The derived view of a process document: product lines with their effective terms.
//!
//! Checks should not have to know whether a document is version 1 or 2, nor whether a
//! term was stated for a product line or inherited from the company. After a document
//! validates, this module gives every document `products[]` with at least one line (a
//! version-1 document, or a version-2 one without `products`, gets the implicit line
//! `{id: all}`), fills each line's `sales_channels` from `company.sales_channels` when it
//! states none, and adds `products[].effective`: the line's `terms` over the company
//! defaults under `policies.warranty`, with the version-1 integer fields written as
//! quantities (`return_days: 7` → `return_window: 7 days`, `vehicle: {years: 2, km: 50000}`
//! → `sanbao_period: 2 years`, `sanbao_usage_cap: 50000 km`). Every value keeps the
//! position it came from, so a finding about an inherited value points at the company
//! line, and a finding about a converted value points at the version-1 key.

use crate::yaml::{Key, Node, Pos, Value};

/// Version-1 integer fields of `policies.warranty` and the version-2 term each becomes,
/// with the unit a bare number meant.
const V1_TERMS: &[(&str, &str, &str)] = &[
    ("return_days", "return_window", "days"),
    ("exchange_days", "exchange_window", "days"),
    ("free_repair_months", "warranty", "months"),
    ("repair_completion_days", "repair_limit", "days"),
    ("refund_days", "refund_within", "days"),
    ("no_reason_return_days", "no_reason_return", "days"),
];

/// The keys of `terms` (and of the company defaults under `policies.warranty`).
pub const TERM_KEYS: &[&str] = &[
    "warranty",
    "warranty_starts",
    "components",
    "usage_cap",
    "sanbao_period",
    "sanbao_usage_cap",
    "return_window",
    "exchange_window",
    "repair_limit",
    "failed_repairs_before_replacement",
    "restart_after_exchange",
    "repaired_goods_guarantee",
    "spare_parts_after_eol",
    "exclusions",
    "no_reason_return",
    "refund_within",
    "return_freight",
    "loan_unit",
    "loan_car_after",
    "major_part_replacement_window",
    "major_part_replacement_distance",
    "exchange_or_return_window",
    "safety_failure_window",
    "safety_failure_distance",
    "cumulative_repair_limit",
    "replacement_request_answer_within",
    "replacement_completed_within",
    "takes_back_nonconforming",
    "statutory_where_better",
];

/// The id of the implicit product line of a document that states none.
pub const IMPLICIT_LINE: &str = "all";

/// Adds the derived view to a validated document tree (a mapping); other trees are left
/// as they are.
///
/// Every line gets its own copy of the inherited defaults, so the view costs the number
/// of lines times the size of the defaults. When that would pass `max_nodes` (the YAML
/// node budget), nothing is derived and the cost is returned, so that ten thousand
/// lines inheriting ten thousand components cannot make a small file cost a hundred
/// million nodes.
pub fn derive(root: &mut Node, max_nodes: usize) -> Result<(), usize> {
    if !matches!(root.value, Value::Map(_)) {
        return Ok(());
    }
    let defaults = company_defaults(root);
    let lines = root.get("products").map_or(1, |p| p.items().len().max(1));
    let each: usize = defaults.iter().map(|(_, v)| size(v) + 1).sum();
    let cost = lines.saturating_mul(each.max(1));
    if cost > max_nodes {
        return Err(cost);
    }
    let channels = root
        .get("company")
        .and_then(|c| c.entry("sales_channels"))
        .map(|(k, v)| (k.clone(), v.clone()));
    let root_pos = root.pos;
    let Value::Map(entries) = &mut root.value else {
        return Ok(());
    };
    let products = products_entry(entries, root_pos);
    let Value::Seq(lines) = &mut products.value else {
        return Ok(());
    };
    for line in lines {
        derive_line(line, &defaults, channels.as_ref());
    }
    Ok(())
}

/// The number of nodes in a value.
fn size(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|(_, v)| size(v) + 1).sum::<usize>(),
        _ => 1,
    }
}

/// The `products` list, created with the implicit line when absent, null or empty.
fn products_entry(entries: &mut Vec<(Key, Node)>, at: Pos) -> &mut Node {
    let index = match entries.iter().position(|(k, _)| k.name == "products") {
        Some(i) => i,
        None => {
            entries.push((key("products", at), Node::detached(Value::Null)));
            entries.len() - 1
        }
    };
    let node = &mut entries[index].1;
    if node.items().is_empty() {
        let pos = if node.pos.is_known() { node.pos } else { at };
        let line = Value::Map(vec![(
            key("id", pos),
            Node {
                value: Value::Str(IMPLICIT_LINE.into()),
                pos,
            },
        )]);
        *node = Node {
            value: Value::Seq(vec![Node { value: line, pos }]),
            pos,
        };
    }
    node
}

/// Fills one line's `sales_channels` and `effective`.
fn derive_line(line: &mut Node, defaults: &[(Key, Node)], channels: Option<&(Key, Node)>) {
    let pos = line.pos;
    let Value::Map(entries) = &mut line.value else {
        return;
    };
    if let Some(c) = channels.filter(|_| !entries.iter().any(|(k, _)| k.name == "sales_channels")) {
        entries.push(c.clone());
    }
    let own = entries
        .iter()
        .find(|(k, _)| k.name == "terms")
        .map(|(_, t)| t.entries().to_vec())
        .unwrap_or_default();
    let mut effective: Vec<(Key, Node)> = defaults
        .iter()
        .filter(|(k, _)| !own.iter().any(|(o, _)| o.name == k.name))
        .cloned()
        .collect();
    effective.extend(
        own.into_iter()
            .filter(|(k, _)| TERM_KEYS.contains(&k.name.as_str())),
    );
    effective.sort_by_key(|(k, _)| TERM_KEYS.iter().position(|t| *t == k.name));
    entries.retain(|(k, _)| k.name != "effective");
    entries.push((
        key("effective", pos),
        Node {
            value: Value::Map(effective),
            pos,
        },
    ));
}

/// The company-level terms: the version-2 keys under `policies.warranty` as written, and
/// the version-1 fields converted, a version-2 key winning over its version-1 twin.
fn company_defaults(root: &Node) -> Vec<(Key, Node)> {
    let policies = root.get("policies");
    let warranty = policies.and_then(|p| p.get("warranty"));
    let mut out: Vec<(Key, Node)> = Vec::new();
    let mut add = |k: Key, v: Node| {
        if !v.is_null() && !out.iter().any(|(o, _)| o.name == k.name) {
            out.push((k, v));
        }
    };
    for (k, v) in warranty.map(Node::entries).unwrap_or_default() {
        if TERM_KEYS.contains(&k.name.as_str()) {
            add(k.clone(), v.clone());
        }
    }
    for (k, v) in warranty.map(Node::entries).unwrap_or_default() {
        if let Some((_, term, unit)) = V1_TERMS.iter().find(|(old, _, _)| *old == k.name)
            && let Some(q) = as_quantity(v, unit)
        {
            add(key(term, k.pos), q);
        }
    }
    if let Some((k, v)) = warranty.and_then(|w| w.entry("business_pays_return_transport"))
        && let Some(pays) = v.as_bool()
    {
        let payer = if pays { "company" } else { "customer" };
        let faulty = (
            key("faulty", k.pos),
            Node {
                value: Value::Str(payer.into()),
                pos: v.pos,
            },
        );
        add(
            key("return_freight", k.pos),
            Node {
                value: Value::Map(vec![faulty]),
                pos: v.pos,
            },
        );
    }
    let vehicle = warranty.and_then(|w| w.get("vehicle"));
    for (old, term, unit) in [
        ("years", "sanbao_period", "years"),
        ("km", "sanbao_usage_cap", "km"),
    ] {
        if let Some((k, v)) = vehicle.and_then(|w| w.entry(old))
            && let Some(q) = as_quantity(v, unit)
        {
            add(key(term, k.pos), q);
        }
    }
    let repair = policies.and_then(|p| p.get("repair"));
    if let Some((k, v)) = repair.and_then(|r| r.entry("repair_warranty_days"))
        && let Some(q) = as_quantity(v, "days")
    {
        add(key("repaired_goods_guarantee", k.pos), q);
    }
    out
}

/// A version-1 bare number as a quantity text (`7` → `7 days`), at the number's place.
fn as_quantity(v: &Node, unit: &str) -> Option<Node> {
    let n = v.scalar_text().filter(|_| v.as_f64().is_some())?;
    Some(Node {
        value: Value::Str(format!("{n} {unit}")),
        pos: v.pos,
    })
}

fn key(name: &str, pos: Pos) -> Key {
    Key {
        name: name.to_string(),
        pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, parse};

    fn derived(src: &str) -> Node {
        let mut root = parse(src, &Limits::default()).unwrap();
        derive(&mut root, Limits::default().max_nodes).unwrap();
        root
    }

    fn effective(root: &Node, line: usize) -> &Node {
        root.get("products").unwrap().items()[line]
            .get("effective")
            .unwrap()
    }

    #[test]
    fn a_version_1_document_gets_one_line_with_its_terms_as_quantities() {
        let root = derived(
            "aftercert: 1\ncompany:\n  name: X\n  sales_channels: [online]\npolicies:\n  warranty:\n    return_days: 7\n    free_repair_months: 12\n    business_pays_return_transport: false\n",
        );
        let line = &root.get("products").unwrap().items()[0];
        assert_eq!(line.get("id").unwrap().as_str(), Some("all"));
        assert!(line.get("category").is_none());
        assert_eq!(line.get("sales_channels").unwrap().items().len(), 1);
        let eff = effective(&root, 0);
        let window = eff.get("return_window").unwrap();
        assert_eq!(window.as_str(), Some("7 days"));
        assert_eq!(
            window.pos,
            Pos {
                line: 7,
                column: 18
            }
        );
        assert_eq!(eff.get("warranty").unwrap().as_str(), Some("12 months"));
        let freight = eff.get("return_freight").unwrap();
        assert_eq!(freight.get("faulty").unwrap().as_str(), Some("customer"));
    }

    #[test]
    fn the_version_1_car_sanbao_period_becomes_the_lines_sanbao_terms() {
        let root = derived(
            "aftercert: 2\ncompany: {name: X}\nproducts:\n  - id: car\n    category: household-car\n  - id: ev\n    terms: {sanbao_period: 3 years}\npolicies:\n  warranty:\n    vehicle: {years: 2, km: 50000}\n",
        );
        let car = effective(&root, 0);
        let period = car.get("sanbao_period").unwrap();
        assert_eq!(period.as_str(), Some("2 years"));
        assert_eq!(
            period.pos,
            Pos {
                line: 10,
                column: 22
            }
        );
        assert_eq!(
            car.get("sanbao_usage_cap").unwrap().as_str(),
            Some("50000 km")
        );
        let ev = effective(&root, 1);
        assert_eq!(ev.get("sanbao_period").unwrap().as_str(), Some("3 years"));
    }

    #[test]
    fn a_line_overrides_the_company_defaults_key_by_key() {
        let root = derived(
            "aftercert: 2\ncompany: {name: X}\nproducts:\n  - id: a\n    terms: {warranty: 2 years}\n  - id: b\npolicies:\n  warranty:\n    warranty: 1 year\n    return_days: 7\n    return_window: 10 days\n",
        );
        let a = effective(&root, 0);
        assert_eq!(a.get("warranty").unwrap().as_str(), Some("2 years"));
        assert_eq!(a.get("warranty").unwrap().pos.line, 5);
        assert_eq!(a.get("return_window").unwrap().as_str(), Some("10 days"));
        let b = effective(&root, 1);
        assert_eq!(b.get("warranty").unwrap().as_str(), Some("1 year"));
        assert_eq!(b.get("warranty").unwrap().pos.line, 9);
    }

    #[test]
    fn many_lines_inheriting_large_defaults_are_refused_not_copied() {
        let mut src = String::from("aftercert: 2\ncompany: {name: X}\nproducts:\n");
        for i in 0..100 {
            src.push_str(&format!("  - id: l{i}\n"));
        }
        src.push_str("policies:\n  warranty:\n    exclusions:\n");
        for i in 0..100 {
            src.push_str(&format!("      - e{i}\n"));
        }
        let mut root = parse(&src, &Limits::default()).unwrap();
        assert_eq!(derive(&mut root, 5_000), Err(10_200));
        assert!(
            root.get("products").unwrap().items()[0]
                .get("effective")
                .is_none()
        );
        assert!(derive(&mut root, 20_000).is_ok());
    }

    #[test]
    fn standards_can_name_the_effective_terms() {
        for path in [
            "products[].effective.return_window",
            "products[].effective.components[].warranty",
            "products[].category",
            "products[].service_modes[].restore",
        ] {
            assert!(crate::standard::lint::field_exists(path).is_ok(), "{path}");
        }
    }

    #[test]
    fn a_document_without_terms_gets_an_empty_effective_mapping() {
        let root = derived("aftercert: 2\ncompany: {name: X}\nproducts: []\n");
        assert_eq!(root.get("products").unwrap().items().len(), 1);
        assert!(effective(&root, 0).entries().is_empty());
    }
}
