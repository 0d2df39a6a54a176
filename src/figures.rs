//! Figures in a commitment's wording, read by meaning: `整机保修1年` states one year.
//!
//! GB/T 27922 5.1.7.2 asks that service commitments be stated the same way in adverts,
//! warranty cards, contracts and on the website. Wordings differ in style, so aftercert
//! compares what can be compared objectively: the quantities each medium states, read
//! with their units through [`crate::quantity`] and compared per dimension, so that
//! `1年` against `6个月` differs while `48小时` against `2天` agrees. Numbers that are not
//! quantities — hotline numbers (`400 热线`, `400-820-6688`), model numbers (`X500`),
//! dates (`2026年1月1日`), ordinals (`第一年`) — are no figures. Counts (`两次`) and
//! percentages (`98%`) are figures of their own kinds that meet only their own kind.
//! Chinese numerals count only when a unit follows them, so 一般 or 统一 are not the
//! number one.

use crate::i18n::Text;
use crate::quantity::{self, Comparison, Dimension, Quantity, Unit};
use std::cmp::Ordering;

/// What a figure measures; figures of different measures never compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// A quantity with a unit (duration, distance, pages, money).
    Quantity(Dimension),
    /// A number of times (`两次修理`, `2 times`).
    Count,
    /// A percentage (`98%`, `百分之九十八`).
    Percent,
}

/// A figure stated in a wording.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The number (a half included: `一年半` is 1.5).
    pub value: f64,
    /// What it measures.
    pub measure: Measure,
    /// The unit, for quantities.
    pub unit: Option<Unit>,
    /// The figure as written (`6个月`, `48 hours`).
    pub written: String,
    /// Where it starts in the wording (bytes).
    pub start: usize,
}

impl Figure {
    /// The figure as a quantity, when it is one.
    pub fn quantity(&self) -> Option<Quantity> {
        self.unit.map(|unit| Quantity {
            value: self.value,
            unit,
        })
    }

    /// How this figure compares with another of the same measure, with the conversion a
    /// quantity comparison needed; `None` across measures.
    pub fn compare(&self, other: &Figure) -> Option<(Ordering, Option<Comparison>)> {
        match (self.quantity(), other.quantity()) {
            (Some(a), Some(b)) => a.compare(&b).map(|c| (c.ordering, Some(c))),
            (None, None) if self.measure == other.measure => {
                Some((self.value.total_cmp(&other.value), None))
            }
            _ => None,
        }
    }

    fn same(&self, other: &Figure) -> bool {
        self.compare(other)
            .is_some_and(|(o, _)| o == Ordering::Equal)
    }

    /// The figure written out in both languages: `6个月` / `6 months`.
    pub fn text(&self) -> Text {
        if let Some(q) = self.quantity() {
            return q.text();
        }
        let n = crate::yaml::format_number(self.value);
        match self.measure {
            Measure::Percent => Text::same(format!("{n}%")),
            _ => Text::new(format!("{n}次"), format!("{n} times")),
        }
    }
}

/// Every figure in a wording, in order.
pub fn figures(text: &str) -> Vec<Figure> {
    first_figures(text, usize::MAX)
}

/// The first `max` figures of a wording; reading stops there.
fn first_figures(text: &str, max: usize) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() && out.len() < max {
        let (figure, next) = read_at(text, at);
        out.extend(figure);
        at = next.max(at + 1);
        while !text.is_char_boundary(at) {
            at += 1;
        }
    }
    out
}

/// The character just before byte `at`.
fn before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The end of a run of characters that join digits into one token (`400-820-6688`,
/// `2026-01-01`, `9:00`, `X500`, `v2.1`).
fn token_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || "-/.:_#－".contains(*c)))
        .map_or(text.len(), |(i, _)| at + i)
}

/// Reads what starts at byte `at`: a figure, or nothing, and where to go on.
fn read_at(text: &str, at: usize) -> (Option<Figure>, usize) {
    let rest = &text[at..];
    let Some(c) = rest.chars().next() else {
        return (None, text.len());
    };
    if let Some(after) = rest.strip_prefix("百分之") {
        let from = at + "百分之".len();
        return match quantity::number_prefix(after) {
            Some(n) => {
                let end = from + n.len;
                let f = n
                    .value
                    .map(|v| figure(text, at, end, v, Measure::Percent, None));
                (f, end)
            }
            None => (None, from),
        };
    }
    let prev = before(text, at);
    if c.is_ascii_alphabetic() {
        return english_number_at(text, at, prev);
    }
    let numeral = quantity::is_numeral(c) || c == '半';
    if !c.is_ascii_digit() && !numeral {
        return (None, at + c.len_utf8());
    }
    if c.is_ascii_digit() && joined_to_a_token(text, at) {
        return (None, token_end(text, at));
    }
    let Some(n) = quantity::number_prefix(rest) else {
        return (None, at + c.len_utf8());
    };
    let end = at + n.len;
    let joined = text[end..]
        .chars()
        .next()
        .is_some_and(|j| "-/:_#－".contains(j))
        && text[end..]
            .chars()
            .nth(1)
            .is_some_and(|d| d.is_ascii_digit());
    if joined {
        return (None, token_end(text, at));
    }
    let (Some(value), false) = (n.value, prev == Some('第')) else {
        return (None, end);
    };
    match after_number(&text[end..], n.half) {
        Some((measure, unit, used, extra)) => {
            let f = figure(text, at, end + used, value + extra, measure, unit);
            let f = (!is_date(text, at, end + used, &f)).then_some(f);
            (f, end + used)
        }
        None => (None, end),
    }
}

/// Whether the digits at byte `at` continue a token (`X500`, `400-820`, `v2.1`), but
/// not a product of figures (`7×24小时`, `7x24`, `5*8`).
fn joined_to_a_token(text: &str, at: usize) -> bool {
    let mut back = text[..at].chars().rev();
    let (prev, prev2) = (back.next(), back.next());
    let times = matches!(prev, Some('x' | 'X' | '*')) && prev2.is_some_and(|c| c.is_ascii_digit());
    !times && prev.is_some_and(|p| p.is_ascii_alphanumeric() || "-/.:_#－".contains(p))
}

/// English number words a commitment may spell out, longest first.
const ENGLISH_NUMBERS: &[(&str, f64)] = &[
    ("twenty-four", 24.0),
    ("thirty-six", 36.0),
    ("forty-eight", 48.0),
    ("seventy-two", 72.0),
    ("eighteen", 18.0),
    ("fifteen", 15.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("ninety", 90.0),
    ("three", 3.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("sixty", 60.0),
    ("four", 4.0),
    ("five", 5.0),
    ("nine", 9.0),
    ("one", 1.0),
    ("two", 2.0),
    ("six", 6.0),
    ("ten", 10.0),
];

/// A number spelt out in English at the start of a word (`two years`, `one-year`); a
/// word counts only when a unit follows it, as Chinese numerals do.
fn english_number_at(text: &str, at: usize, prev: Option<char>) -> (Option<Figure>, usize) {
    let word_end = text[at..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .map_or(text.len(), |i| at + i);
    if prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
        return (None, word_end);
    }
    let rest = &text[at..];
    let spelt = ENGLISH_NUMBERS.iter().find(|(w, _)| {
        rest.get(..w.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(w))
            && rest[w.len()..].starts_with([' ', '-'])
    });
    let Some((word, value)) = spelt else {
        return (None, word_end);
    };
    let end = at + word.len();
    match after_number(&text[end..], false) {
        Some((Measure::Quantity(d), unit, used, extra)) => {
            let f = figure(
                text,
                at,
                end + used,
                value + extra,
                Measure::Quantity(d),
                unit,
            );
            (Some(f), end + used)
        }
        _ => (None, end),
    }
}

fn figure(text: &str, at: usize, end: usize, value: f64, m: Measure, u: Option<Unit>) -> Figure {
    Figure {
        value,
        measure: m,
        unit: u,
        written: text[at..end].trim().to_string(),
        start: at,
    }
}

/// What follows a number: its measure, unit, the bytes taken, and a half to add
/// (`一年半`).
fn after_number(rest: &str, half: bool) -> Option<(Measure, Option<Unit>, usize, f64)> {
    let trimmed = rest.trim_start_matches(' ');
    let spaces = rest.len() - trimmed.len();
    for (mark, measure) in [
        ("%", Measure::Percent),
        ("％", Measure::Percent),
        ("次", Measure::Count),
    ] {
        if trimmed.starts_with(mark) {
            return Some((measure, None, spaces + mark.len(), 0.0));
        }
    }
    let times = trimmed
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("times"))
        && !trimmed[5..].starts_with(|c: char| c.is_ascii_alphanumeric());
    if times {
        return Some((Measure::Count, None, spaces + 5, 0.0));
    }
    // `2-year warranty`, `24-hour service`: a hyphen may join a number and its word.
    let hyphen = usize::from(
        rest.starts_with('-') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()),
    );
    let (unit, used) = quantity::unit_prefix(&rest[hyphen..]).map(|(u, n)| (u, n + hyphen))?;
    let m = Measure::Quantity(unit.dimension());
    let half = !half && !rest[..used].is_ascii() && rest[used..].starts_with('半');
    Some(if half {
        (m, Some(unit), used + '半'.len_utf8(), 0.5)
    } else {
        (m, Some(unit), used, 0.0)
    })
}

/// Whether a figure is part of a date: a year of four digits (`2026年`), a month that
/// follows a year or precedes a day (`2026年3月`, `3月15日`), a day after a month
/// (`每月15日`).
fn is_date(text: &str, at: usize, end: usize, f: &Figure) -> bool {
    let spelled = f.written.trim_start_matches(|c: char| {
        c.is_ascii_digit() || quantity::is_numeral(c) || c == '.' || c == ',' || c == ' '
    });
    match f.unit {
        Some(Unit::Year) => f.value >= 1000.0,
        Some(Unit::Month) if spelled == "月" => {
            before(text, at) == Some('年') || day_follows(&text[end..])
        }
        Some(Unit::Day) if spelled == "日" => before(text, at) == Some('月'),
        _ => false,
    }
}

/// Whether a day of the month (`15日`, `15号`, `十五日`) starts the text.
fn day_follows(rest: &str) -> bool {
    quantity::number_prefix(rest)
        .is_some_and(|n| rest[n.len..].starts_with('日') || rest[n.len..].starts_with('号'))
}

/// Whether a figure states a period the customer has (longer is more: a warranty, a
/// return window, a usage cap) or a time limit the company keeps (shorter is more: a
/// response, an arrival, a repair, a refund).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Longer or larger promises more.
    Period,
    /// Shorter promises more.
    Deadline,
}

/// Words that name the period itself; next to a figure they decide.
const PERIOD_WORDS: &[&str] = &[
    "保修",
    "包修",
    "质保",
    "保换",
    "包换",
    "包退",
    "退货",
    "换货",
    "退换",
    "无理由",
    "有效期",
    "供应",
    "保障",
    "warranty",
    "guarantee",
    "return",
    "exchange",
    "replacement",
    "spare part",
];

/// Words that name a deed the company must do in time.
const DEADLINE_WORDS: &[&str] = &[
    "上门",
    "到达",
    "到场",
    "响应",
    "回复",
    "答复",
    "联系",
    "回访",
    "处理",
    "修复",
    "修好",
    "修理完",
    "维修完",
    "完成",
    "退款",
    "解决",
    "发货",
    "寄出",
    "寄回",
    "发出",
    "送达",
    "安装",
    "respond",
    "response",
    "reply",
    "arriv",
    "on-site",
    "on site",
    "refund",
    "repair",
    "fix",
    "resolv",
    "restor",
    "contact",
    "call back",
    "install",
    "ship",
    "dispatch",
    "deliver",
];

/// Phrases that set the scene rather than name the figure (`保修期内24小时上门` is a
/// time limit within the warranty).
const SCENE: &[&str] = &[
    "保修期内",
    "保修期间",
    "包修期内",
    "三包期内",
    "质保期内",
    "during the warranty",
    "under warranty",
    "in warranty",
    "within the warranty",
];

/// The wording with what sets the scene blanked out (same length, so byte offsets
/// stay): scene phrases, and words that name the event a period starts from
/// (`发货后`, `收到退货后`, `of delivery`, `after shipping`).
fn scene_only(lower: &str) -> String {
    let mut scene = lower.to_string();
    for s in SCENE {
        scene = scene.replace(s, &" ".repeat(s.len()));
    }
    let mut bytes = scene.clone().into_bytes();
    for w in PERIOD_WORDS.iter().chain(DEADLINE_WORDS) {
        for (i, _) in scene.match_indices(w) {
            if names_the_start(&scene, i, w.len()) {
                bytes[i..i + w.len()].fill(b' ');
            }
        }
    }
    String::from_utf8(bytes).unwrap_or(scene)
}

/// Whether the word at `i..i + n` names the event a period starts from: `发货后`,
/// `收到退货之日起`, `of delivery`, `after shipping`.
fn names_the_start(scene: &str, i: usize, n: usize) -> bool {
    let tail = scene[i + n..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let head = scene[..i].trim_end();
    ["后", "之日", "起"].iter().any(|m| tail.starts_with(m))
        || ["of", "after", "from", "since", "upon"].iter().any(|m| {
            head.strip_suffix(m)
                .is_some_and(|h| !h.ends_with(|c: char| c.is_ascii_alphabetic()))
        })
}

/// The clause of a wording around byte `at`: between the nearest separators.
fn clause(text: &str, at: usize) -> (usize, usize) {
    let sep = |c: char| "，,。；;！!？?\n".contains(c);
    let start = text[..at].rfind(sep).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..].find(sep).map_or(text.len(), |i| at + i);
    (start, end)
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// The sense of the figure at byte `at` of a wording, when its words tell.
pub fn sense(text: &str, at: usize) -> Option<Sense> {
    let scene = scene_only(&text.to_ascii_lowercase());
    let (start, end) = clause(&scene, at);
    let here = &scene[start..end];
    let near_start = scene[..at]
        .char_indices()
        .rev()
        .nth(3)
        .map_or(0, |(i, _)| i)
        .max(start);
    let near_end = scene[at..]
        .char_indices()
        .nth(16)
        .map_or(end, |(i, _)| at + i)
        .min(end);
    let near = &scene[near_start..near_end];
    if has_any(near, PERIOD_WORDS) && !has_any(near, DEADLINE_WORDS) {
        return Some(Sense::Period);
    }
    if has_any(here, DEADLINE_WORDS) {
        return Some(Sense::Deadline);
    }
    if has_any(here, PERIOD_WORDS) {
        return Some(Sense::Period);
    }
    // A clause without such words (`主要部件3年`) takes the sense of the whole wording,
    // when the wording has only one.
    match (
        has_any(&scene, PERIOD_WORDS),
        has_any(&scene, DEADLINE_WORDS),
    ) {
        (true, false) => Some(Sense::Period),
        (false, true) => Some(Sense::Deadline),
        _ => None,
    }
}

/// Which of two wordings promises less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The first wording.
    A,
    /// The second wording.
    B,
}

/// Two wordings that state different figures of one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// What the figures measure.
    pub measure: Measure,
    /// The first wording's figures of that measure, as written.
    pub a: Vec<String>,
    /// The second wording's, as written.
    pub b: Vec<String>,
    /// The first figure of the first wording that the second does not state.
    pub left: Figure,
    /// The first figure of the second wording that the first does not state.
    pub right: Figure,
    /// The conversion the comparison of `left` and `right` needed, if any.
    pub conversion: Option<Text>,
    /// The wording that promises less, when the words tell what the figures mean.
    pub less: Option<Side>,
}

impl Conflict {
    /// What differs, in both languages, naming the two media.
    pub fn describe(&self, ma: &str, mb: &str) -> Text {
        let (l, r) = (self.left.text(), self.right.text());
        let mut text = match self.less {
            Some(side) => {
                let (less, more, lq, mq) = match side {
                    Side::A => (ma, mb, &l, &r),
                    Side::B => (mb, ma, &r, &l),
                };
                let (zh, en) = self.how_less();
                Text::new(
                    format!("{less} 承诺的少于 {more}：{} 对 {}（{zh}）", lq.zh, mq.zh),
                    format!(
                        "{less} promises less than {more}: {} against {} ({en})",
                        lq.en, mq.en
                    ),
                )
            }
            None => Text::new(
                format!("{ma} 与 {mb} 所写不同：{} 对 {}", l.zh, r.zh),
                format!("{ma} and {mb} differ: {} against {}", l.en, r.en),
            ),
        };
        if let Some(note) = &self.conversion {
            text.zh.push_str(&format!("；{}", note.zh));
            text.en.push_str(&format!("; {}", note.en));
        }
        text
    }

    fn how_less(&self) -> (&'static str, &'static str) {
        match (self.measure, self.sense()) {
            (Measure::Quantity(Dimension::Duration), Some(Sense::Deadline)) => {
                ("时限更长", "a longer time limit")
            }
            (Measure::Quantity(Dimension::Duration), _) => ("期限更短", "a shorter period"),
            _ => ("上限更低", "a lower cap"),
        }
    }

    fn sense(&self) -> Option<Sense> {
        match (self.less, self.left.compare(&self.right)) {
            (Some(Side::A), Some((Ordering::Greater, _)))
            | (Some(Side::B), Some((Ordering::Less, _))) => Some(Sense::Deadline),
            (Some(_), _) => Some(Sense::Period),
            (None, _) => None,
        }
    }
}

/// The most figures of one wording that are compared: a commitment states a few, and
/// comparing every figure of one wording with every figure of another costs their
/// product.
pub const MAX_FIGURES: usize = 200;

/// The order in which measures are compared.
const MEASURES: [Measure; 6] = [
    Measure::Quantity(Dimension::Duration),
    Measure::Quantity(Dimension::Distance),
    Measure::Quantity(Dimension::Pages),
    Measure::Quantity(Dimension::Money),
    Measure::Count,
    Measure::Percent,
];

/// The first measure for which two wordings state conflicting figures. One wording may
/// state more than the other (`7天退货` against `7天退货，15天换货`), but not a different
/// figure of the same measure: they conflict when each states a figure the other does
/// not (`1年` against `6个月`; `48小时` against `2天` agree).
pub fn conflict(a: &str, b: &str) -> Option<Conflict> {
    let (fa, fb) = (first_figures(a, MAX_FIGURES), first_figures(b, MAX_FIGURES));
    MEASURES.iter().find_map(|m| {
        let xa: Vec<&Figure> = fa.iter().filter(|f| f.measure == *m).collect();
        let xb: Vec<&Figure> = fb.iter().filter(|f| f.measure == *m).collect();
        let only_a = xa.iter().find(|f| !xb.iter().any(|g| f.same(g)))?;
        let only_b = xb.iter().find(|f| !xa.iter().any(|g| f.same(g)))?;
        let (ordering, cmp) = only_a.compare(only_b)?;
        let less = match (sense(a, only_a.start), sense(b, only_b.start)) {
            (Some(sa), Some(sb)) if sa == sb && *m != Measure::Count && *m != Measure::Percent => {
                less_side(ordering, sa, *m)
            }
            _ => None,
        };
        let written = |v: &[&Figure]| v.iter().map(|f| f.written.clone()).collect();
        Some(Conflict {
            measure: *m,
            a: written(&xa),
            b: written(&xb),
            left: (*only_a).clone(),
            right: (*only_b).clone(),
            conversion: cmp.and_then(|c| c.note()),
            less,
        })
    })
}

fn less_side(ordering: Ordering, sense: Sense, m: Measure) -> Option<Side> {
    if m == Measure::Quantity(Dimension::Money) {
        return None;
    }
    match (ordering, sense) {
        (Ordering::Equal, _) => None,
        (Ordering::Less, Sense::Period) | (Ordering::Greater, Sense::Deadline) => Some(Side::A),
        _ => Some(Side::B),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(f64, Option<Unit>)> {
        figures(text)
            .into_iter()
            .map(|f| (f.value, f.unit))
            .collect()
    }

    fn written(text: &str) -> Vec<String> {
        figures(text).into_iter().map(|f| f.written).collect()
    }

    #[test]
    fn figures_carry_their_units() {
        assert_eq!(
            pairs("城区 24 小时上门，7天退货"),
            vec![(24.0, Some(Unit::Hour)), (7.0, Some(Unit::Day))]
        );
        assert_eq!(
            pairs("三十六个月保修，两次修理"),
            vec![(36.0, Some(Unit::Month)), (2.0, None)]
        );
        assert_eq!(
            pairs("refund within 48 hours"),
            vec![(48.0, Some(Unit::Hour))]
        );
        assert_eq!(pairs("整机保修一年半"), vec![(1.5, Some(Unit::Year))]);
        assert_eq!(
            pairs("保修1年或5万公里"),
            vec![(1.0, Some(Unit::Year)), (50_000.0, Some(Unit::Km))]
        );
        assert_eq!(written("3个工作日内寄回"), vec!["3个工作日"]);
        assert_eq!(
            written("a 2-year warranty, 24-hour service"),
            vec!["2-year", "24-hour"]
        );
        assert_eq!(
            pairs("a one-year warranty, Two Years for parts"),
            vec![(1.0, Some(Unit::Year)), (2.0, Some(Unit::Year))]
        );
    }

    #[test]
    fn chinese_words_that_contain_numerals_are_not_figures() {
        assert_eq!(pairs("一般故障统一处理，三包服务"), vec![]);
        assert_eq!(pairs("一般故障7日内修复"), vec![(7.0, Some(Unit::Day))]);
        assert_eq!(pairs("第一年免费上门"), vec![]);
    }

    #[test]
    fn numbers_that_are_not_quantities_are_no_figures() {
        assert_eq!(pairs("400 热线"), vec![]);
        assert_eq!(pairs("800 hotline"), vec![]);
        assert_eq!(
            pairs("拨打400-820-6688，7×24小时"),
            vec![(24.0, Some(Unit::Hour))]
        );
        assert_eq!(pairs("型号 X500 h 系列，A8 年度款"), vec![]);
        assert_eq!(
            pairs("7x24小时，5*8 h"),
            vec![(24.0, Some(Unit::Hour)), (8.0, Some(Unit::Hour))]
        );
        assert_eq!(pairs("someone 3 days"), vec![(3.0, Some(Unit::Day))]);
        assert_eq!(pairs("one of two"), vec![]);
        assert_eq!(pairs("自2026年1月1日起"), vec![]);
        assert_eq!(pairs("每月15日前回访"), vec![]);
        assert_eq!(pairs("3月15日起保修6个月"), vec![(6.0, Some(Unit::Month))]);
        assert_eq!(pairs("since 2026-01-01, 9:00-21:00"), vec![]);
        assert_eq!(figures("好评率98%")[0].measure, Measure::Percent);
        assert_eq!(figures("百分之九十八")[0].value, 98.0);
    }

    #[test]
    fn a_numeral_too_long_for_a_number_is_no_figure_and_no_panic() {
        let long = format!("{}天", "九".repeat(10_000));
        assert_eq!(pairs(&long), vec![]);
        let tens = format!("{}十{}天", "九".repeat(30), "九".repeat(30));
        assert_eq!(pairs(&tens), vec![]);
        assert_eq!(pairs("九十九天"), vec![(99.0, Some(Unit::Day))]);
        assert_eq!(pairs(&format!("{}天", "9".repeat(10_000))), vec![]);
        assert_eq!(pairs(&"1-".repeat(10_000)), vec![]);
    }

    fn differ(a: &str, b: &str) -> bool {
        conflict(a, b).is_some()
    }

    #[test]
    fn figures_compare_by_meaning() {
        assert!(!differ(
            "一般故障7日内修复完毕",
            "一般故障7日内修复完毕，两次修理仍不能正常使用的免费换货"
        ));
        assert!(differ("48小时内退款", "收到退货后72小时内退款"));
        assert!(!differ("七天无理由退货", "7天无理由退货"));
        assert!(differ("七天无理由退货", "15天无理由退货"));
        assert!(!differ("7天退货", "7天退货，十五天换货"));
        assert!(differ("城区24小时、县城48小时", "城区24小时、县城72小时"));
        assert!(differ("整机保修1年", "整机保修6个月"));
        assert!(!differ("整机保修1年", "整机保修12个月"));
        assert!(!differ("48小时上门", "2天上门"));
        assert!(!differ("24 h on-site", "24小时上门"));
        assert!(!differ("400 热线", "800 热线"));
        assert!(!differ("热线 400-820-6688", "热线 400-820-6689"));
        assert!(
            !differ("好评率98%", "98小时"),
            "a percentage is no duration"
        );
        assert!(differ("3个工作日内寄回", "3天内寄回"));
    }

    #[test]
    fn the_medium_that_promises_less_is_named() {
        let c = conflict("整机保修1年", "整机保修6个月").unwrap();
        assert_eq!(c.less, Some(Side::B));
        let t = c.describe("advert", "warranty_card");
        assert_eq!(
            t.en,
            "warranty_card promises less than advert: 6 months against 1 year (a shorter period)"
        );
        assert_eq!(
            t.zh,
            "warranty_card 承诺的少于 advert：6个月 对 1年（期限更短）"
        );
        let c = conflict(
            "Refunds within 48 hours of receiving your returned item",
            "The seller refunds within 72 hours",
        )
        .unwrap();
        assert_eq!(c.less, Some(Side::B));
        assert!(
            c.describe("website", "card")
                .en
                .contains("a longer time limit")
        );
        let c = conflict("保修期内24小时上门", "保修期内48小时上门").unwrap();
        assert_eq!(c.less, Some(Side::B));
        assert_eq!(conflict("价格20元", "价格30元").unwrap().less, None);
    }

    #[test]
    fn working_days_against_calendar_days_say_the_conversion() {
        let c = conflict("3个工作日内修复", "3天内修复").unwrap();
        assert_eq!(
            c.less,
            Some(Side::A),
            "3 working days are more time than 3 days"
        );
        let t = c.describe("website", "advert");
        assert!(
            t.en.contains("converted at 5 working days = 7 calendar days"),
            "{}",
            t.en
        );
        assert!(t.zh.contains("按 5 个工作日 = 7 个自然日换算"), "{}", t.zh);
        assert!(!differ("5 working days", "7 days"));
    }

    proptest::proptest! {
        #[test]
        fn any_wordings_compare_without_panic(
            a in "[0-9一二两十百千万半年月日天个小时工作内后第%次,.:/ -]{0,40}|\\PC{0,40}",
            b in "[0-9一二两十百千万半年月日天个小时工作内后第%次,.:/ -]{0,40}|\\PC{0,40}",
        ) {
            for f in figures(&a) {
                proptest::prop_assert!(f.value.is_finite());
                proptest::prop_assert!(a.is_char_boundary(f.start));
            }
            if let Some(c) = conflict(&a, &b) {
                let _ = c.describe("advert", "website");
            }
        }
    }

    #[test]
    fn the_event_a_period_starts_from_is_not_what_it_promises() {
        assert_eq!(
            sense("发货后7天内可退货", "发货后".len()),
            Some(Sense::Period)
        );
        assert_eq!(
            sense("收到退货后72小时内退款", "收到退货后".len()),
            Some(Sense::Deadline)
        );
        assert_eq!(
            sense("returns accepted within 7 days of delivery", 23),
            Some(Sense::Period)
        );
        assert_eq!(sense("3个工作日内寄出配件", 0), Some(Sense::Deadline));
        assert_eq!(sense("价格20元", 6), None);
        let both = "保修1年，24小时上门，主要部件3年";
        assert_eq!(sense(both, both.find('3').unwrap()), None);
        let one = "保修1年，主要部件3年";
        assert_eq!(sense(one, one.find('3').unwrap()), Some(Sense::Period));
    }
}
