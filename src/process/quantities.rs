//! Checks the quantity fields of a process document (`48h`, `3 working days`, `50,000 km`).
//!
//! The schema marks each such field with `x-quantity` (`duration`, `usage`, `money`);
//! validation hands the text here. Parsing itself belongs to [`crate::quantity`]; this
//! module only says, in the words of the format, what was wrong and what was expected:
//! a bare number (version-2 fields require a unit), a unit the syntax does not know, or a
//! quantity of the wrong dimension (`usage_cap: 3 days`).

use crate::i18n::Text;

/// What is wrong with a quantity, and what was expected instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong.
    pub message: Text,
    /// What the field takes.
    pub expected: Text,
}

/// What a field of this kind takes, with examples.
pub fn expected(kind: &str) -> Text {
    match kind {
        "usage" => Text::new(
            "数字加单位：距离（如 `50000 km`、`5万公里`）或页数（如 `60000 pages`、`6万页`）",
            "a number and a unit: a distance (e.g. `50000 km`, `5万公里`) or a page count (e.g. `60000 pages`)",
        ),
        "money" => Text::new(
            "数字加货币单位，如 `20 yuan`、`20元`",
            "a number and a currency, e.g. `20 yuan`, `20元`",
        ),
        _ => Text::new(
            "数字加时间单位，如 `48h`、`3 working days`、`36 months`、`24小时`、`3个工作日`",
            "a number and a unit, e.g. `48h`, `3 working days`, `36 months`, `24小时`",
        ),
    }
}

/// The problem with a bare number where a unit is required.
pub fn bare_number(path: &str, written: &str, kind: &str) -> Problem {
    Problem {
        message: Text::new(
            format!("`{path}` 的值 `{written}` 缺少单位"),
            format!("`{path}` is `{written}`, a number without a unit"),
        ),
        expected: expected(kind),
    }
}

/// Checks a quantity written as text; `None` when it is a valid quantity of this kind.
pub fn check(path: &str, text: &str, kind: &str) -> Option<Problem> {
    let shown = crate::yaml::clip(text, 80);
    match parse_dimension(text) {
        Err(why) => Some(Problem {
            message: Text::new(
                format!("`{path}` 的值 `{shown}` 不是有效的数量：{}", why.zh),
                format!("`{path}` is `{shown}`, not a valid quantity: {}", why.en),
            ),
            expected: expected(kind),
        }),
        Ok(dim) if !fits(kind, dim) => Some(Problem {
            message: Text::new(
                format!("`{path}` 的值 `{shown}` 量纲不对（是{}）", dim_name(dim).zh),
                format!(
                    "`{path}` is `{shown}`, a {}, which does not fit here",
                    dim_name(dim).en
                ),
            ),
            expected: expected(kind),
        }),
        Ok(_) => None,
    }
}

fn fits(kind: &str, dim: &str) -> bool {
    match kind {
        "usage" => matches!(dim, "distance" | "pages"),
        "money" => dim == "money",
        _ => dim == "duration",
    }
}

fn dim_name(dim: &str) -> Text {
    match dim {
        "distance" => Text::new("距离", "distance"),
        "pages" => Text::new("页数", "page count"),
        "money" => Text::new("金额", "amount of money"),
        _ => Text::new("时长", "duration"),
    }
}

/// The dimension of a quantity text, or why it is not one.
fn parse_dimension(text: &str) -> Result<&'static str, Text> {
    fallback::dimension(text)
}

/// A stand-in for `crate::quantity::parse` until that module is merged: a number, then a
/// unit from the documented list.
mod fallback {
    use crate::i18n::Text;

    const UNITS: &[(&str, &str)] = &[
        ("min", "duration"),
        ("minute", "duration"),
        ("minutes", "duration"),
        ("h", "duration"),
        ("hour", "duration"),
        ("hours", "duration"),
        ("d", "duration"),
        ("day", "duration"),
        ("days", "duration"),
        ("working day", "duration"),
        ("working days", "duration"),
        ("wd", "duration"),
        ("week", "duration"),
        ("weeks", "duration"),
        ("month", "duration"),
        ("months", "duration"),
        ("year", "duration"),
        ("years", "duration"),
        ("y", "duration"),
        ("分钟", "duration"),
        ("小时", "duration"),
        ("个小时", "duration"),
        ("天", "duration"),
        ("日", "duration"),
        ("个工作日", "duration"),
        ("工作日", "duration"),
        ("周", "duration"),
        ("星期", "duration"),
        ("个月", "duration"),
        ("月", "duration"),
        ("年", "duration"),
        ("km", "distance"),
        ("公里", "distance"),
        ("千米", "distance"),
        ("page", "pages"),
        ("pages", "pages"),
        ("页", "pages"),
        ("张", "pages"),
        ("yuan", "money"),
        ("cny", "money"),
        ("rmb", "money"),
        ("元", "money"),
    ];

    pub fn dimension(text: &str) -> Result<&'static str, Text> {
        let t = text.trim();
        let split = t
            .char_indices()
            .find(|(_, c)| {
                !(c.is_ascii_digit()
                    || matches!(c, ',' | '.')
                    || "零一二两三四五六七八九十百千万半".contains(*c))
            })
            .map_or(t.len(), |(i, _)| i);
        let (number, unit) = (t[..split].trim(), t[split..].trim().to_lowercase());
        if number.is_empty() {
            return Err(Text::new("缺少数字", "no number"));
        }
        if unit.is_empty() {
            return Err(Text::new("缺少单位", "no unit"));
        }
        UNITS
            .iter()
            .find(|(u, _)| *u == unit)
            .map(|(_, d)| *d)
            .ok_or_else(|| {
                let hint = crate::process::validate::suggest(&unit, UNITS.iter().map(|(u, _)| *u))
                    .map(|h| {
                        (
                            format!("；是否想写 `{h}`？"),
                            format!("; did you mean `{h}`?"),
                        )
                    })
                    .unwrap_or_default();
                Text::new(
                    format!("不认识的单位 `{unit}`{}", hint.0),
                    format!("unknown unit `{unit}`{}", hint.1),
                )
            })
    }
}
