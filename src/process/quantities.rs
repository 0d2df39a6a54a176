//! Checks the quantity fields of a process document (`48h`, `3 working days`, `50,000 km`).
//!
//! The schema marks each such field with `x-quantity` (`duration`, `usage`, `money`);
//! validation hands the text here. Parsing itself belongs to [`crate::quantity`]; this
//! module only says, in the words of the format, what was wrong and what was expected:
//! a bare number (version-2 fields require a unit), a unit the syntax does not know, or a
//! quantity of the wrong dimension (`usage_cap: 3 days`).

use crate::i18n::Text;
use crate::quantity::{Dimension, parse};

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
            "数字加单位：距离（如 `50000 km`、`50000公里`）或页数（如 `60000 pages`）",
            "a number and a unit: a distance (e.g. `50000 km`, `50000公里`) or a page count (e.g. `60000 pages`)",
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
pub fn bare_number(path: &dyn std::fmt::Display, written: &str, kind: &str) -> Problem {
    Problem {
        message: Text::new(
            format!("`{path}` 的值 `{written}` 缺少单位"),
            format!("`{path}` is `{written}`, a number without a unit"),
        ),
        expected: expected(kind),
    }
}

/// Checks a quantity written as text; `None` when it is a valid quantity of this kind.
pub fn check(path: &dyn std::fmt::Display, text: &str, kind: &str) -> Option<Problem> {
    match parse(text) {
        Err(e) => {
            let (zh_hint, en_hint) = e.did_you_mean.map_or((String::new(), String::new()), |u| {
                (
                    format!("；是否想写 `{u}`？"),
                    format!("; did you mean `{u}`?"),
                )
            });
            Some(Problem {
                message: Text::new(
                    format!("`{path}` 不是有效的数量：{}{zh_hint}", e.message.zh),
                    format!(
                        "`{path}` is not a valid quantity: {}{en_hint}",
                        e.message.en
                    ),
                ),
                expected: expected(kind),
            })
        }
        Ok(q) if !fits(kind, q.unit.dimension()) => {
            let shown = crate::text::visible(&crate::yaml::clip(text, 80)).into_owned();
            let dim = q.unit.dimension().text();
            Some(Problem {
                message: Text::new(
                    format!("`{path}` 的值 `{shown}` 是{}，此处不适用", dim.zh),
                    format!(
                        "`{path}` is `{shown}`, a {}, which does not fit here",
                        dim.en
                    ),
                ),
                expected: expected(kind),
            })
        }
        Ok(_) => None,
    }
}

/// Returns true if and only if a quantity of this dimension fits a field of this kind.
fn fits(kind: &str, dim: Dimension) -> bool {
    match kind {
        "usage" => matches!(dim, Dimension::Distance | Dimension::Pages),
        "money" => dim == Dimension::Money,
        _ => dim == Dimension::Duration,
    }
}
