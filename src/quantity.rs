//! Quantities with units: `48h`, `3 working days`, `36 months`, `50,000 km`, `24小时`, `半年`.
//!
//! After-sales terms are durations, distances, page counts and sums of money, written in
//! English or Chinese, in Arabic or Chinese numerals. Every place that reads one (the
//! process document's fields, the figures in a commitment's wording) goes through this
//! module, so that `1年` and `12 months` mean the same everywhere and a hotline number is
//! never a duration. The syntax is documented in `docs/quantities.md`.
//!
//! Comparison follows one documented rule set: calendar units convert exactly
//! (1 h = 60 min, 1 d = 24 h, 1 week = 7 d, 1 year = 12 months); months and years meet
//! days, weeks, hours or minutes only as 1 month = 30 d and 1 year = 365 d; working days
//! stay apart from calendar days and meet them only as 5 working days = 7 calendar days.
//! A [`Comparison`] says which of these approximations it needed. Different dimensions
//! never compare.

use crate::i18n::Text;
use std::cmp::Ordering;
use std::fmt;

/// What a quantity measures. Quantities of different dimensions never compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Minutes, hours, days, working days, weeks, months, years.
    Duration,
    /// Kilometres (usage caps).
    Distance,
    /// Printed pages (usage caps).
    Pages,
    /// Yuan.
    Money,
}

impl Dimension {
    /// The dimension's name in both languages.
    pub fn text(self) -> Text {
        match self {
            Dimension::Duration => Text::new("时长", "duration"),
            Dimension::Distance => Text::new("里程", "distance"),
            Dimension::Pages => Text::new("页数", "page count"),
            Dimension::Money => Text::new("金额", "money"),
        }
    }
}

/// A unit the syntax knows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Unit {
    /// Minute (`min`, `分钟`).
    Minute,
    /// Hour (`h`, `小时`).
    Hour,
    /// Calendar day (`d`, `天`, `日`).
    Day,
    /// Working day (`working day`, `工作日`); kept apart from calendar days.
    WorkingDay,
    /// Week (`week`, `周`).
    Week,
    /// Month (`month`, `个月`).
    Month,
    /// Year (`year`, `年`).
    Year,
    /// Kilometre (`km`, `公里`).
    Km,
    /// Page (`page`, `页`).
    Page,
    /// Yuan (`yuan`, `元`).
    Yuan,
}

/// Every spelling of every unit, English in lower case, Chinese in both scripts (a document
/// written in Traditional Chinese says `24小時`). Matching takes the longest.
const SPELLINGS: &[(&str, Unit)] = &[
    ("minutes", Unit::Minute),
    ("minute", Unit::Minute),
    ("mins", Unit::Minute),
    ("min", Unit::Minute),
    ("分钟", Unit::Minute),
    ("分鐘", Unit::Minute),
    ("hours", Unit::Hour),
    ("hour", Unit::Hour),
    ("hrs", Unit::Hour),
    ("hr", Unit::Hour),
    ("h", Unit::Hour),
    ("个小时", Unit::Hour),
    ("小时", Unit::Hour),
    ("個小時", Unit::Hour),
    ("小時", Unit::Hour),
    ("calendar days", Unit::Day),
    ("calendar day", Unit::Day),
    ("days", Unit::Day),
    ("day", Unit::Day),
    ("d", Unit::Day),
    ("个自然日", Unit::Day),
    ("自然日", Unit::Day),
    ("個自然日", Unit::Day),
    ("天", Unit::Day),
    ("日", Unit::Day),
    ("working days", Unit::WorkingDay),
    ("working day", Unit::WorkingDay),
    ("business days", Unit::WorkingDay),
    ("business day", Unit::WorkingDay),
    ("wd", Unit::WorkingDay),
    ("个工作日", Unit::WorkingDay),
    ("工作日", Unit::WorkingDay),
    ("個工作日", Unit::WorkingDay),
    ("weeks", Unit::Week),
    ("week", Unit::Week),
    ("个星期", Unit::Week),
    ("星期", Unit::Week),
    ("周", Unit::Week),
    ("個星期", Unit::Week),
    ("週", Unit::Week),
    ("months", Unit::Month),
    ("month", Unit::Month),
    ("个月", Unit::Month),
    ("月", Unit::Month),
    ("個月", Unit::Month),
    ("years", Unit::Year),
    ("year", Unit::Year),
    ("y", Unit::Year),
    ("年", Unit::Year),
    ("km", Unit::Km),
    ("kilometres", Unit::Km),
    ("kilometre", Unit::Km),
    ("kilometers", Unit::Km),
    ("kilometer", Unit::Km),
    ("公里", Unit::Km),
    ("千米", Unit::Km),
    ("pages", Unit::Page),
    ("page", Unit::Page),
    ("页", Unit::Page),
    ("张", Unit::Page),
    ("頁", Unit::Page),
    ("張", Unit::Page),
    ("yuan", Unit::Yuan),
    ("cny", Unit::Yuan),
    ("rmb", Unit::Yuan),
    ("元", Unit::Yuan),
];

impl Unit {
    /// What the unit measures.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::Minute
            | Unit::Hour
            | Unit::Day
            | Unit::WorkingDay
            | Unit::Week
            | Unit::Month
            | Unit::Year => Dimension::Duration,
            Unit::Km => Dimension::Distance,
            Unit::Page => Dimension::Pages,
            Unit::Yuan => Dimension::Money,
        }
    }

    /// The canonical (English, singular) spelling: `min`, `h`, `d`, `working day`,
    /// `week`, `month`, `year`, `km`, `page`, `yuan`.
    pub fn canonical(self) -> &'static str {
        match self {
            Unit::Minute => "min",
            Unit::Hour => "h",
            Unit::Day => "d",
            Unit::WorkingDay => "working day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
            Unit::Km => "km",
            Unit::Page => "page",
            Unit::Yuan => "yuan",
        }
    }

    /// The Chinese spelling used when writing a quantity out.
    pub fn zh(self) -> &'static str {
        match self {
            Unit::Minute => "分钟",
            Unit::Hour => "小时",
            Unit::Day => "天",
            Unit::WorkingDay => "个工作日",
            Unit::Week => "周",
            Unit::Month => "个月",
            Unit::Year => "年",
            Unit::Km => "公里",
            Unit::Page => "页",
            Unit::Yuan => "元",
        }
    }

    /// The English word for a value, for prose: `1 hour`, `48 hours`, `6 months`,
    /// `3 working days`, `50000 km`.
    pub fn en(self, value: f64) -> &'static str {
        let one = (value - 1.0).abs() < 1e-12;
        match self {
            Unit::Minute if !one => "minutes",
            Unit::Minute => "minute",
            Unit::Hour if !one => "hours",
            Unit::Hour => "hour",
            Unit::WorkingDay if !one => "working days",
            Unit::Week if !one => "weeks",
            Unit::Month if !one => "months",
            Unit::Year if !one => "years",
            Unit::Page if !one => "pages",
            Unit::Day if !one => "days",
            Unit::Day => "day",
            u => u.canonical(),
        }
    }

    /// Calendar units in minutes, with months and years as 30 and 365 days.
    fn minutes(self) -> f64 {
        match self {
            Unit::Minute => 1.0,
            Unit::Hour => 60.0,
            Unit::Day => 1_440.0,
            Unit::WorkingDay => 1_440.0 * 7.0 / 5.0,
            Unit::Week => 10_080.0,
            Unit::Month => 43_200.0,
            Unit::Year => 525_600.0,
            Unit::Km | Unit::Page | Unit::Yuan => 1.0,
        }
    }

    fn is_month_or_year(self) -> bool {
        matches!(self, Unit::Month | Unit::Year)
    }
}

/// The unit spelled at the start of `s` (after optional spaces), with the bytes it took,
/// spaces included. English spellings ignore case and must end at a word boundary, so
/// `400 hotline` is no `400 h`.
pub(crate) fn unit_prefix(s: &str) -> Option<(Unit, usize)> {
    let trimmed = s.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
    let skipped = s.len() - trimmed.len();
    SPELLINGS
        .iter()
        .filter(|(sp, _)| {
            trimmed
                .get(..sp.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(sp))
                && (!sp.is_ascii()
                    || !trimmed[sp.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_'))
        })
        .max_by_key(|(sp, _)| sp.len())
        .map(|(sp, u)| (*u, skipped + sp.len()))
}

/// A number with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The number as stated (finite, not negative).
    pub value: f64,
    /// The unit as stated (not converted).
    pub unit: Unit,
}

/// The largest value a quantity may have: beyond it no after-sales term is meant, and
/// conversions could leave the finite range.
pub const MAX_VALUE: f64 = 1e15;

/// How two quantities of one dimension compare, and which documented conversion that
/// needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// The left side against the right side.
    pub ordering: Ordering,
    /// Working days met calendar units (5 working days = 7 calendar days).
    pub working_days: bool,
    /// Months or years met days, weeks, hours or minutes (1 month = 30 d, 1 year = 365 d).
    pub months_as_days: bool,
}

impl Comparison {
    /// The conversions this comparison needed, in both languages; `None` when it was
    /// exact.
    pub fn note(&self) -> Option<Text> {
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if self.working_days {
            zh.push("按 5 个工作日 = 7 个自然日换算");
            en.push("converted at 5 working days = 7 calendar days");
        }
        if self.months_as_days {
            zh.push("按 1 个月 = 30 天、1 年 = 365 天换算");
            en.push("converted at 1 month = 30 days, 1 year = 365 days");
        }
        (!zh.is_empty()).then(|| Text::new(zh.join("；"), en.join("; ")))
    }
}

impl Quantity {
    /// Compares two quantities of one dimension; `None` across dimensions.
    ///
    /// The same unit compares as stated (months as months, never as 30 days); months and
    /// years compare exactly (1 year = 12 months); other calendar units convert exactly,
    /// except that months and years meet the rest as 30 and 365 days, and working days
    /// meet calendar units as 5 working days = 7 calendar days.
    pub fn compare(&self, other: &Quantity) -> Option<Comparison> {
        if self.unit.dimension() != other.unit.dimension() {
            return None;
        }
        let (a, b) = (self.unit, other.unit);
        let mut cmp = Comparison {
            ordering: Ordering::Equal,
            working_days: false,
            months_as_days: false,
        };
        let (x, y) = if a == b || a.dimension() != Dimension::Duration {
            (self.value, other.value)
        } else if a.is_month_or_year() && b.is_month_or_year() {
            let months = |u: Unit| if u == Unit::Year { 12.0 } else { 1.0 };
            (self.value * months(a), other.value * months(b))
        } else {
            cmp.working_days = (a == Unit::WorkingDay) != (b == Unit::WorkingDay);
            cmp.months_as_days = a.is_month_or_year() != b.is_month_or_year();
            (self.value * a.minutes(), other.value * b.minutes())
        };
        cmp.ordering = if (x - y).abs() <= 1e-9 * x.abs().max(y.abs()) {
            Ordering::Equal
        } else {
            x.total_cmp(&y)
        };
        Some(cmp)
    }

    /// The quantity written out in both languages: `6个月` / `6 months`.
    pub fn text(&self) -> Text {
        let n = number_text(self.value);
        Text::new(
            format!("{n}{}", self.unit.zh()),
            format!("{n} {}", self.unit.en(self.value)),
        )
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            number_text(self.value),
            self.unit.en(self.value)
        )
    }
}

impl std::str::FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

fn number_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Why a text is not a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityErrorKind {
    /// Nothing but spaces.
    Empty,
    /// It does not start with a number.
    NoNumber,
    /// A number without a unit.
    NoUnit,
    /// A number followed by a word that is no unit.
    UnknownUnit,
    /// A number too large for any after-sales term (above [`MAX_VALUE`]).
    TooLarge,
}

/// A text that is not a quantity: what is wrong, what was expected, and the unit that
/// was probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError {
    /// What went wrong.
    pub kind: QuantityErrorKind,
    /// What is wrong, in both languages, naming the text.
    pub message: Text,
    /// What was expected, in both languages.
    pub expected: Text,
    /// The unit spelling closest to a misspelt one.
    pub did_you_mean: Option<&'static str>,
}

impl QuantityError {
    fn new(kind: QuantityErrorKind, input: &str, unit: &str) -> Self {
        let shown = crate::text::visible(&crate::yaml::clip(input, 80)).into_owned();
        let unit_shown = crate::text::visible(&crate::yaml::clip(unit, 40)).into_owned();
        let message = match kind {
            QuantityErrorKind::Empty => Text::new("数量为空", "the quantity is empty"),
            QuantityErrorKind::NoNumber => Text::new(
                format!("“{shown}”不以数字开头"),
                format!("`{shown}` does not start with a number"),
            ),
            QuantityErrorKind::NoUnit => Text::new(
                format!("“{shown}”缺少单位"),
                format!("`{shown}` has no unit"),
            ),
            QuantityErrorKind::UnknownUnit => Text::new(
                format!("“{shown}”中的单位“{unit_shown}”无法识别"),
                format!("`{shown}`: unknown unit `{unit_shown}`"),
            ),
            QuantityErrorKind::TooLarge => Text::new(
                format!("“{shown}”中的数字过大"),
                format!("`{shown}`: the number is too large"),
            ),
        };
        let did_you_mean = (kind == QuantityErrorKind::UnknownUnit)
            .then(|| suggest_unit(unit))
            .flatten();
        QuantityError {
            kind,
            message,
            expected: expected(),
            did_you_mean,
        }
    }
}

/// What a quantity looks like, in both languages.
pub fn expected() -> Text {
    Text::new(
        "数字加单位，如 `48h`、`3 working days`、`36 months`、`24小时`",
        "a number and a unit, e.g. `48h`, `3 working days`, `36 months`, `24小时`",
    )
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; expected {}", self.message.en, self.expected.en)?;
        if let Some(u) = self.did_you_mean {
            write!(f, "; did you mean `{u}`?")?;
        }
        Ok(())
    }
}

impl std::error::Error for QuantityError {}

fn suggest_unit(word: &str) -> Option<&'static str> {
    let word = word.trim().to_lowercase();
    if word.chars().count() > 40 {
        return None;
    }
    SPELLINGS
        .iter()
        .map(|(sp, _)| (strsim::jaro_winkler(&word, sp), *sp))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, sp)| sp)
}

/// Reads a whole text as a quantity: a number (Arabic digits with optional `,` thousands
/// separators and a decimal point, or Chinese numerals such as `三十`, `两`, `半`), then
/// optional spaces, then a unit. Chinese forms `一年半` and `一个半月` add a half.
pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
    let text = s.trim();
    if text.is_empty() {
        return Err(QuantityError::new(QuantityErrorKind::Empty, s, ""));
    }
    let Some(number) = number_prefix(text) else {
        return Err(QuantityError::new(QuantityErrorKind::NoNumber, s, ""));
    };
    let value = number
        .value
        .ok_or_else(|| QuantityError::new(QuantityErrorKind::TooLarge, s, ""))?;
    let rest = &text[number.len..];
    if rest.trim().is_empty() {
        return Err(QuantityError::new(QuantityErrorKind::NoUnit, s, ""));
    }
    let unknown = || QuantityError::new(QuantityErrorKind::UnknownUnit, s, rest.trim());
    let (unit, used) = unit_prefix(rest).ok_or_else(unknown)?;
    let value = match rest[used..].trim() {
        "" => value,
        "半" if !number.half && !rest[..used].is_ascii() => value + 0.5,
        _ => return Err(unknown()),
    };
    if value > MAX_VALUE {
        return Err(QuantityError::new(QuantityErrorKind::TooLarge, s, ""));
    }
    Ok(Quantity { value, unit })
}

/// A number read at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    /// The value; `None` when it is too large for any term.
    pub value: Option<f64>,
    /// The bytes it took.
    pub len: usize,
    /// Whether it already holds a half (`半`, `一个半`).
    pub half: bool,
    /// Whether it was written in Chinese numerals.
    pub chinese: bool,
}

const NUMERALS: &str = "〇零一二三四五六七八九两兩十百千万亿";

/// The value of a Chinese numeral digit (`两` is 2).
fn digit(c: char) -> Option<u64> {
    match c {
        '〇' | '零' => Some(0),
        '两' | '兩' => Some(2),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as u64 + 1),
    }
}

/// Whether `c` is a Chinese numeral character (a digit or 十 百 千 万 亿).
pub(crate) fn is_numeral(c: char) -> bool {
    NUMERALS.contains(c)
}

/// The value of a run of Chinese numerals: `三十六` is 36, `两千` 2000, `五万` 50,000,
/// `二〇二六` 2026. `None` when the run is malformed or does not fit in 64 bits (a run of
/// ten thousand numerals is no term, and must not overflow).
pub(crate) fn chinese_integer(run: &[char]) -> Option<u64> {
    if run.is_empty() {
        return None;
    }
    if run.iter().all(|c| digit(*c).is_some()) {
        return run
            .iter()
            .filter_map(|c| digit(*c))
            .try_fold(0u64, |a, d| a.checked_mul(10)?.checked_add(d));
    }
    let (mut total, mut section, mut pending) = (0u64, 0u64, None::<u64>);
    // Within a section the multipliers fall (千 then 百 then 十): 十十 is no number.
    let mut last = u64::MAX;
    for (i, &c) in run.iter().enumerate() {
        match (c, digit(c)) {
            (_, Some(0)) => pending = None,
            (_, Some(d)) if pending.is_none() => pending = Some(d),
            (_, Some(_)) => return None,
            ('十' | '百' | '千', None) => {
                let m = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                if m >= last {
                    return None;
                }
                last = m;
                let n = match pending.take() {
                    Some(n) => n,
                    None if c == '十' && (i == 0 || section > 0 || total > 0) => 1,
                    None => return None,
                };
                section = section.checked_add(n.checked_mul(m)?)?;
            }
            ('万', None) => {
                let s = section.checked_add(pending.take().unwrap_or(0))?;
                if s == 0 {
                    return None;
                }
                total = total.checked_add(s.checked_mul(10_000)?)?;
                (section, last) = (0, u64::MAX);
            }
            ('亿', None) => {
                let s = section.checked_add(pending.take().unwrap_or(0))?;
                total = total.checked_add(s)?.checked_mul(100_000_000)?;
                if total == 0 {
                    return None;
                }
                (section, last) = (0, u64::MAX);
            }
            _ => return None,
        }
    }
    total
        .checked_add(section)?
        .checked_add(pending.unwrap_or(0))
}

/// The Chinese numerals at the start of `s`, stopping before the `千` of `千米` (a
/// kilometre, not a thousand).
fn numeral_run(s: &str) -> Vec<char> {
    let mut run = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_numeral(c) || (c == '千' && chars.peek() == Some(&'米')) {
            break;
        }
        run.push(c);
    }
    run
}

/// An Arabic number at the start of `s`: digits, optional `,` thousands groups (only
/// when every group after the first has three digits), an optional decimal part, and an
/// optional `万` (ten thousand). Returns the value (`None` when too large) and the bytes.
fn arabic_prefix(s: &str) -> Option<(Option<f64>, usize)> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut end = digits(0);
    if end == 0 {
        return None;
    }
    let mut text: String = s[..end].to_string();
    if end <= 3 {
        while b.get(end) == Some(&b',') && digits(end + 1) == 3 {
            text.push_str(&s[end + 1..end + 4]);
            end += 4;
        }
    }
    if b.get(end) == Some(&b'.') && digits(end + 1) > 0 {
        let n = digits(end + 1);
        text.push_str(&s[end..end + 1 + n]);
        end += 1 + n;
    }
    let mut value = text.parse::<f64>().ok().filter(|v| v.is_finite());
    if s[end..].starts_with('万') {
        value = value.map(|v| v * 10_000.0);
        end += '万'.len_utf8();
    }
    Some((value.filter(|v| *v <= MAX_VALUE), end))
}

/// The number at the start of `s`, Arabic or Chinese, with a following `个半` (`一个半月`)
/// read as a half. `None` when `s` does not start with a number.
pub(crate) fn number_prefix(s: &str) -> Option<Number> {
    let (value, mut len, chinese, mut half) = if let Some((v, len)) = arabic_prefix(s) {
        (v, len, false, false)
    } else if s.starts_with('半') {
        (Some(0.5), '半'.len_utf8(), true, true)
    } else {
        let run = numeral_run(s);
        if run.is_empty() {
            return None;
        }
        let len = run.iter().map(|c| c.len_utf8()).sum();
        let v = chinese_integer(&run)
            .map(|v| v as f64)
            .filter(|v| *v <= MAX_VALUE);
        (v, len, true, false)
    };
    let mut value = value;
    if !half && s[len..].starts_with("个半") {
        value = value.map(|v| v + 0.5);
        len += "个半".len();
        half = true;
    }
    Some(Number {
        value,
        len,
        half,
        chinese,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(s: &str) -> (f64, Unit) {
        let q = parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (q.value, q.unit)
    }

    fn kind(s: &str) -> QuantityErrorKind {
        parse(s).expect_err(s).kind
    }

    #[test]
    fn the_documented_examples_parse() {
        assert_eq!(q("48h"), (48.0, Unit::Hour));
        assert_eq!(q("48 hours"), (48.0, Unit::Hour));
        assert_eq!(q("3 working days"), (3.0, Unit::WorkingDay));
        assert_eq!(q("36 months"), (36.0, Unit::Month));
        assert_eq!(q("2 years"), (2.0, Unit::Year));
        assert_eq!(q("50,000 km"), (50_000.0, Unit::Km));
        assert_eq!(q("60000 pages"), (60_000.0, Unit::Page));
        assert_eq!(q("24小时"), (24.0, Unit::Hour));
        assert_eq!(q("3个工作日"), (3.0, Unit::WorkingDay));
        assert_eq!(q("24小時"), (24.0, Unit::Hour));
        assert_eq!(q("3個工作日"), (3.0, Unit::WorkingDay));
        assert_eq!(q("36個月"), (36.0, Unit::Month));
        assert_eq!(q("兩年"), (2.0, Unit::Year));
        assert_eq!(q("十五日"), (15.0, Unit::Day));
        assert_eq!(q("半年"), (0.5, Unit::Year));
        assert_eq!(q("20元"), (20.0, Unit::Yuan));
    }

    #[test]
    fn numbers_in_every_form() {
        assert_eq!(q("1.5 h"), (1.5, Unit::Hour));
        assert_eq!(q("1,234.5 yuan"), (1_234.5, Unit::Yuan));
        assert_eq!(q("三十天"), (30.0, Unit::Day));
        assert_eq!(q("两年"), (2.0, Unit::Year));
        assert_eq!(q("三十六个月"), (36.0, Unit::Month));
        assert_eq!(q("一百零五天"), (105.0, Unit::Day));
        assert_eq!(q("五万公里"), (50_000.0, Unit::Km));
        assert_eq!(q("6万公里"), (60_000.0, Unit::Km));
        assert_eq!(q("五千米"), (5.0, Unit::Km));
        assert_eq!(q("一年半"), (1.5, Unit::Year));
        assert_eq!(q("一个半月"), (1.5, Unit::Month));
        assert_eq!(q("半个月"), (0.5, Unit::Month));
        assert_eq!(q("半小时"), (0.5, Unit::Hour));
        assert_eq!(q("  7 Days "), (7.0, Unit::Day));
        assert_eq!(q("2 WD"), (2.0, Unit::WorkingDay));
        assert_eq!(q("20 RMB"), (20.0, Unit::Yuan));
    }

    #[test]
    fn bad_quantities_say_what_is_wrong() {
        assert_eq!(kind(""), QuantityErrorKind::Empty);
        assert_eq!(kind("days"), QuantityErrorKind::NoNumber);
        assert_eq!(kind("48"), QuantityErrorKind::NoUnit);
        assert_eq!(kind("-3 days"), QuantityErrorKind::NoNumber);
        assert_eq!(kind("3 fortnights"), QuantityErrorKind::UnknownUnit);
        assert_eq!(kind("400 hotline"), QuantityErrorKind::UnknownUnit);
        assert_eq!(kind("1e999 days"), QuantityErrorKind::UnknownUnit);
        assert_eq!(kind("1 year 3 months"), QuantityErrorKind::UnknownUnit);
        let e = parse("3 workign days").unwrap_err();
        assert_eq!(e.did_you_mean, Some("working days"));
        assert!(e.message.en.contains("workign days"), "{}", e.message.en);
        assert!(e.expected.en.contains("`3 working days`"));
        assert!(e.expected.zh.contains("`24小时`"));
        assert_eq!(parse("36 monts").unwrap_err().did_you_mean, Some("months"));
        assert_eq!(parse("36 xyzzy").unwrap_err().did_you_mean, None);
        let huge = format!("{} days", "9".repeat(400));
        assert_eq!(kind(&huge), QuantityErrorKind::TooLarge);
        assert!(parse(&format!("{}天", "九".repeat(10_000))).is_err());
        assert!(parse(&format!("{}天", "十".repeat(10_000))).is_err());
    }

    fn cmp(a: &str, b: &str) -> Option<Comparison> {
        parse(a).unwrap().compare(&parse(b).unwrap())
    }

    #[test]
    fn calendar_units_compare_exactly() {
        let c = cmp("48小时", "2天").unwrap();
        assert_eq!(c.ordering, Ordering::Equal);
        assert_eq!(c.note(), None);
        assert_eq!(cmp("24 h", "24小时").unwrap().ordering, Ordering::Equal);
        assert_eq!(cmp("1年", "12个月").unwrap().ordering, Ordering::Equal);
        assert_eq!(cmp("36 months", "3 years").unwrap().note(), None);
        assert_eq!(cmp("1年", "6个月").unwrap().ordering, Ordering::Greater);
        assert_eq!(cmp("90 min", "1.5 h").unwrap().ordering, Ordering::Equal);
        assert_eq!(cmp("2 weeks", "十四天").unwrap().ordering, Ordering::Equal);
    }

    #[test]
    fn months_meet_days_as_thirty_and_say_so() {
        let c = cmp("1 month", "30 days").unwrap();
        assert_eq!(c.ordering, Ordering::Equal);
        assert!(c.months_as_days && !c.working_days);
        assert!(c.note().unwrap().en.contains("1 month = 30 days"));
        assert_eq!(cmp("1 year", "365 d").unwrap().ordering, Ordering::Equal);
        assert_eq!(cmp("3 months", "3 months").unwrap().note(), None);
    }

    #[test]
    fn working_days_are_not_calendar_days() {
        let c = cmp("3个工作日", "3天").unwrap();
        assert_eq!(c.ordering, Ordering::Greater);
        assert!(c.working_days);
        let note = c.note().unwrap();
        assert!(note.en.contains("5 working days = 7 calendar days"));
        assert!(note.zh.contains("5 个工作日 = 7 个自然日"));
        assert_eq!(cmp("5 wd", "7 d").unwrap().ordering, Ordering::Equal);
        assert_eq!(cmp("3 wd", "3个工作日").unwrap().note(), None);
    }

    #[test]
    fn different_dimensions_never_compare() {
        assert_eq!(cmp("1 year", "50,000 km"), None);
        assert_eq!(cmp("20 元", "20 pages"), None);
    }

    #[test]
    fn quantities_write_out_in_both_languages() {
        let t = parse("6个月").unwrap().text();
        assert_eq!((t.zh.as_str(), t.en.as_str()), ("6个月", "6 months"));
        assert_eq!(parse("1 year").unwrap().to_string(), "1 year");
        assert_eq!(parse("1.5h").unwrap().to_string(), "1.5 hours");
        assert_eq!(parse("20元").unwrap().to_string(), "20 yuan");
        assert_eq!(parse("3 wd").unwrap().to_string(), "3 working days");
    }

    fn any_quantity() -> impl Strategy<Value = Quantity> {
        let units = prop::sample::select(SPELLINGS.iter().map(|(_, u)| *u).collect::<Vec<_>>());
        (0u32..1_000_000, units).prop_map(|(v, unit)| Quantity {
            value: f64::from(v) / 4.0,
            unit,
        })
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = parse(&s);
        }

        #[test]
        fn parse_never_panics_on_numeral_soup(s in "[0-9,.万千百十两半个一二三四五六七八九零〇亿年月天日小时米 ]{0,60}") {
            if let Ok(q) = parse(&s) {
                prop_assert!(q.value.is_finite() && q.value >= 0.0 && q.value <= MAX_VALUE);
            }
        }

        #[test]
        fn long_numerals_are_errors_not_panics(n in 20usize..3_000, c in prop::sample::select(vec!['9', '九', '十', '万', '亿', '千'])) {
            let s = format!("{}天", c.to_string().repeat(n));
            if let Ok(q) = parse(&s) {
                prop_assert!(q.value <= MAX_VALUE);
            }
        }

        #[test]
        fn written_out_quantities_read_back(q in any_quantity()) {
            let t = q.text();
            for s in [t.en, t.zh, q.to_string()] {
                let back = parse(&s).unwrap();
                prop_assert_eq!(back.compare(&q).map(|c| c.ordering), Some(Ordering::Equal), "{}", s);
            }
        }

        #[test]
        fn comparison_is_antisymmetric(a in any_quantity(), b in any_quantity()) {
            let (ab, ba) = (a.compare(&b), b.compare(&a));
            prop_assert_eq!(ab.map(|c| c.ordering), ba.map(|c| c.ordering.reverse()));
            prop_assert_eq!(ab.is_some(), a.unit.dimension() == b.unit.dimension());
        }
    }
}
