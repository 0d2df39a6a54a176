//! Traditional Chinese (Taiwan), converted from the Simplified texts at run time.
//!
//! Readers in Taiwan and Hong Kong read Traditional Chinese, but keeping a third copy of
//! every text would let the copies drift apart. So the Simplified text stays the only
//! source and is converted when read, by OpenCC's `s2twp` configuration (Taiwan characters
//! and Taiwan phrases) through `ferrous-opencc`, a pure-Rust OpenCC with its dictionaries
//! compiled in. Conversion only maps Chinese characters and phrases: ids, paths, numbers
//! and Latin text pass through as they are, and a text with no Han character is returned
//! untouched without a lookup.
//!
//! Each distinct text is converted once and kept for the rest of the run (the converted
//! copy lives as long as the process, so callers get a plain `&str`): a report that shows
//! the same label a thousand times converts it once, and cost stays linear in the
//! distinct text.
//!
//! OpenCC's Taiwan phrase table is written for software: it turns 文件 (a document) into
//! 檔案 (a computer file), 程序 (a procedure) into 程式 (a program) and 通过 (passed)
//! into 透過 (by way of), 项目 (an item) into 專案 (a project); and its segmentation
//! reads 并发布 as 併發 (concurrency) and 更换发动机 as 換髮 (hair). In a service process
//! document those words keep their ordinary meaning, and 并 is the conjunction 並, so
//! [`FIXED`] gives them their Taiwan form directly, around OpenCC, together with the one
//! Taiwan term the table lacks for this trade (品質 for quality, where 質量 means mass).

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

/// Simplified words and their Taiwan form in this trade, put in around OpenCC; a longer
/// word comes before a shorter one inside it.
const FIXED: &[(&str, &str)] = &[
    ("文件", "文件"),
    ("系统", "系統"),
    ("小程序", "小程式"),
    ("程序", "程序"),
    ("保存", "保存"),
    ("性能", "性能"),
    ("通过", "通過"),
    ("项目", "項目"),
    ("优化", "優化"),
    ("发布", "發布"),
    ("换发", "換發"),
    ("合并", "合併"),
    ("并", "並"),
    ("调试", "調試"),
    ("权限", "權限"),
    ("对象", "對象"),
    ("声明", "聲明"),
    ("类型", "類型"),
    ("设备", "設備"),
    ("批量", "批量"),
    ("质量", "品質"),
];

/// The first of the private-use code points that stand in for [`FIXED`] words while
/// OpenCC runs.
const SHIELD: u32 = 0xF0000;

/// The converter, built once; `None` if the bundled dictionaries failed to load, in which
/// case texts are shown in Simplified rather than not at all.
fn converter() -> Option<&'static OpenCC> {
    static CONVERTER: OnceLock<Option<OpenCC>> = OnceLock::new();
    CONVERTER
        .get_or_init(|| OpenCC::from_config(BuiltinConfig::S2twp).ok())
        .as_ref()
}

/// Converted texts by their Simplified source.
fn cache() -> &'static Mutex<HashMap<String, &'static str>> {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// Whether a character is a Han ideograph (the only thing conversion changes).
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The Traditional (Taiwan) form of a Simplified text; the text itself when it has no
/// Han character.
pub fn convert(simplified: &str) -> &str {
    if !simplified.chars().any(is_han) {
        return simplified;
    }
    let map = cache();
    if let Some(done) = map
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(simplified)
    {
        return done;
    }
    let converted: &'static str = Box::leak(fresh(simplified).into_boxed_str());
    map.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(simplified.to_string())
        .or_insert(converted)
}

/// Converts without the cache. A text that already holds one of the stand-ins (which no
/// Simplified text does) is converted by OpenCC alone.
fn fresh(simplified: &str) -> String {
    let Some(cc) = converter() else {
        return simplified.to_string();
    };
    if simplified
        .chars()
        .any(|c| (SHIELD..SHIELD + 0x100).contains(&(c as u32)))
    {
        return cc.convert(simplified);
    }
    let shielded = FIXED
        .iter()
        .zip(shields())
        .fold(simplified.to_string(), |text, ((from, _), c)| {
            text.replace(from, c.encode_utf8(&mut [0; 4]))
        });
    FIXED
        .iter()
        .zip(shields())
        .fold(cc.convert(&shielded), |text, ((_, to), c)| {
            text.replace(c, to)
        })
}

/// The stand-ins for the [`FIXED`] words, in order.
fn shields() -> impl Iterator<Item = char> {
    (SHIELD..).map_while(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_to_taiwan_characters_and_phrases() {
        assert_eq!(convert("售后服务评价体系"), "售後服務評價體系");
        assert_eq!(convert("信息"), "資訊");
        assert_eq!(convert("服务质量"), "服務品質");
    }

    #[test]
    fn documents_and_procedures_keep_their_meaning() {
        assert_eq!(convert("服务文件与投诉处理程序"), "服務文件與投訴處理程序");
        assert_eq!(convert("保存记录"), "保存記錄");
        assert_eq!(convert("门槛：通过"), "門檻：通過");
        assert_eq!(convert("建立并发布服务理念"), "建立並發布服務理念");
        assert_eq!(convert("7 日内需要更换发动机"), "7 日內需要更換發動機");
        assert_eq!(convert("每个培训项目"), "每個培訓項目");
        assert_eq!(convert("CRM 或呼叫中心系统"), "CRM 或呼叫中心系統");
    }

    #[test]
    fn leaves_what_is_not_chinese_alone() {
        let ids = "gbt27922.5.2 policies.warranty.days ≥ 7 fixtures/a.yaml";
        assert!(std::ptr::eq(convert(ids), ids));
        assert_eq!(
            convert("见 policies.warranty.days（7天）"),
            "見 policies.warranty.days（7天）"
        );
    }

    #[test]
    fn the_same_text_is_converted_once() {
        let a = convert("评价项");
        let again = String::from("评价项");
        let b = convert(&again);
        assert!(std::ptr::eq(a, b));
    }
}
