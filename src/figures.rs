//! Figures in a commitment's wording, with their units: `48小时内退款` states 48 hours.
//!
//! GB/T 27922 5.1.7.2 asks that service commitments be stated the same way in adverts,
//! warranty cards, contracts and on the website. Wordings differ in style, so aftercert
//! compares what can be compared objectively: the figures each medium states for the
//! same unit. `7日内修复` and `7日内修复，两次修理仍不能使用的换货` agree (both say 7
//! days; only one mentions repairs), while `48小时` and `72小时` do not. Chinese numerals
//! count only when a unit follows them, so 一般 or 统一 are not read as the number one.

use std::collections::{BTreeMap, BTreeSet};

/// A figure stated in a wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The number as written in Arabic digits (`7`, `2.5`).
    pub value: String,
    /// The normalised unit (`day`, `hour`, `month`, …), empty when none follows.
    pub unit: &'static str,
}

/// Units recognised after a number, longest spelling first, with their normal form.
const UNITS: &[(&str, &str)] = &[
    ("个工作日", "workday"),
    ("工作日", "workday"),
    ("个小时", "hour"),
    ("小时", "hour"),
    ("个月", "month"),
    ("分钟", "minute"),
    ("公里", "km"),
    ("星期", "week"),
    ("hours", "hour"),
    ("hour", "hour"),
    ("hrs", "hour"),
    ("days", "day"),
    ("day", "day"),
    ("months", "month"),
    ("month", "month"),
    ("years", "year"),
    ("year", "year"),
    ("minutes", "minute"),
    ("mins", "minute"),
    ("km", "km"),
    ("天", "day"),
    ("日", "day"),
    ("月", "month"),
    ("年", "year"),
    ("周", "week"),
    ("次", "times"),
    ("秒", "second"),
    ("分", "minute"),
    ("元", "yuan"),
    ("%", "percent"),
    ("h", "hour"),
];

fn unit_at(rest: &str) -> Option<(&'static str, usize)> {
    let rest = rest.trim_start_matches(' ');
    UNITS
        .iter()
        .find(|(spelling, _)| rest.starts_with(spelling))
        .map(|(s, u)| (*u, s.len()))
}

fn digit(c: char) -> Option<u32> {
    crate::quantity::chinese_integer(&[c]).and_then(|v| u32::try_from(v).ok())
}

fn chinese_value(run: &[char]) -> Option<u64> {
    crate::quantity::chinese_integer(run)
}

/// Every figure in a wording, in order.
pub fn figures(text: &str) -> Vec<Figure> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let arabic = c.is_ascii_digit();
        let chinese = digit(c).is_some() || c == '十';
        if !arabic && !chinese {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (if arabic {
                chars[j].1.is_ascii_digit() || chars[j].1 == '.'
            } else {
                digit(chars[j].1).is_some() || chars[j].1 == '十'
            })
        {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |(p, _)| *p);
        let unit = unit_at(&text[end..]);
        let value = if arabic {
            Some(text[start..end].trim_end_matches('.').to_string())
        } else {
            unit.and_then(|_| {
                chinese_value(&chars[i..j].iter().map(|(_, c)| *c).collect::<Vec<_>>())
                    .map(|v| v.to_string())
            })
        };
        if let Some(value) = value {
            out.push(Figure {
                value,
                unit: unit.map_or("", |(u, _)| u),
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// Groups figures by unit, each unit's values once and sorted.
fn by_unit(figs: &[Figure]) -> BTreeMap<&'static str, BTreeSet<&str>> {
    let mut map: BTreeMap<&'static str, BTreeSet<&str>> = BTreeMap::new();
    for f in figs {
        map.entry(f.unit).or_default().insert(&f.value);
    }
    map
}

/// The first unit for which two wordings state conflicting figures, with both sets.
/// One wording may state more than the other (`7天退货` against `7天退货，15天换货`),
/// but not a different figure for the same unit: the sets conflict when neither holds
/// the other.
pub fn conflict(a: &str, b: &str) -> Option<(&'static str, String, String)> {
    let (fa, fb) = (figures(a), figures(b));
    let (ma, mb) = (by_unit(&fa), by_unit(&fb));
    ma.iter().find_map(|(unit, va)| {
        let vb = mb.get(unit)?;
        let join = |v: &BTreeSet<&str>| v.iter().copied().collect::<Vec<_>>().join(", ");
        (!va.is_subset(vb) && !vb.is_subset(va)).then(|| (*unit, join(va), join(vb)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, &'static str)> {
        figures(text)
            .into_iter()
            .map(|f| (f.value, f.unit))
            .collect()
    }

    #[test]
    fn figures_carry_their_units() {
        assert_eq!(
            pairs("城区 24 小时上门，7天退货"),
            vec![("24".into(), "hour"), ("7".into(), "day")]
        );
        assert_eq!(
            pairs("三十六个月保修，两次修理"),
            vec![("36".into(), "month"), ("2".into(), "times")]
        );
        assert_eq!(pairs("refund within 48 hours"), vec![("48".into(), "hour")]);
    }

    #[test]
    fn chinese_words_that_contain_numerals_are_not_figures() {
        assert_eq!(pairs("一般故障统一处理"), vec![]);
        assert_eq!(pairs("一般故障7日内修复"), vec![("7".into(), "day")]);
    }

    #[test]
    fn a_numeral_too_long_for_a_number_is_no_figure_and_no_panic() {
        let long = format!("{}天", "九".repeat(10_000));
        assert_eq!(pairs(&long), vec![]);
        let tens = format!("{}十{}天", "九".repeat(30), "九".repeat(30));
        assert_eq!(pairs(&tens), vec![]);
        assert_eq!(pairs("九十九天"), vec![("99".into(), "day")]);
        let digits = format!("{}天", "9".repeat(10_000));
        assert_eq!(figures(&digits)[0].value.len(), 10_000);
    }

    #[test]
    fn only_the_same_unit_is_compared() {
        assert_eq!(
            conflict(
                "一般故障7日内修复完毕",
                "一般故障7日内修复完毕，两次修理仍不能正常使用的免费换货"
            ),
            None
        );
        assert_eq!(
            conflict("48小时内退款", "收到退货后72小时内退款"),
            Some(("hour", "48".into(), "72".into()))
        );
        assert_eq!(conflict("七天无理由退货", "7天无理由退货"), None);
        assert!(conflict("七天无理由退货", "15天无理由退货").is_some());
        assert_eq!(conflict("7天退货", "7天退货，十五天换货"), None);
        assert!(conflict("城区24小时、县城48小时", "城区24小时、县城72小时").is_some());
    }
}
