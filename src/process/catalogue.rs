//! The product-category and buyer catalogues of the process document, in one place.
//!
//! A product line's `category` and `buyers` decide which consumer-law rules bind it, so
//! their ids are a contract between the format (which refuses an unknown id with a
//! did-you-mean), the law table under `standards/law/` (which gives each category its
//! statutory terms) and the reports (which name the category in zh and en). This module
//! is the single list both sides read; `docs/categories.md` documents it.

/// One catalogue entry: the id written in documents and its names in zh and en.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The id written in a process document, e.g. `refrigerator`.
    pub id: &'static str,
    /// The Chinese name, as an auditor would say it.
    pub zh: &'static str,
    /// The English name.
    pub en: &'static str,
}

const fn e(id: &'static str, zh: &'static str, en: &'static str) -> Entry {
    Entry { id, zh, en }
}

/// Product categories, in catalogue order: the 1995 三包 catalogue products first, then
/// the products of later 三包 rules, then categories outside 三包.
pub const CATEGORIES: &[Entry] = &[
    e("bicycle", "自行车", "bicycle"),
    e("color-tv", "彩色电视机", "colour TV set"),
    e("black-white-tv", "黑白电视机", "black-and-white TV set"),
    e("car-audio", "车载音响", "car audio"),
    e("audio-amplifier", "音响功率放大器", "audio amplifier"),
    e("refrigerator", "家用电冰箱", "household refrigerator"),
    e("microwave-oven", "微波炉", "microwave oven"),
    e("washing-machine", "洗衣机", "washing machine"),
    e("electric-fan", "电风扇", "electric fan"),
    e("vacuum-cleaner", "吸尘器", "vacuum cleaner"),
    e("air-conditioner", "家用空调器", "household air conditioner"),
    e("water-heater", "热水器", "water heater"),
    e("range-hood", "吸排油烟机", "range hood"),
    e("gas-stove", "燃气灶", "gas stove"),
    e("sewing-machine", "缝纫机", "sewing machine"),
    e("camera", "照相机、摄像机", "camera"),
    e("watch", "钟表", "watch or clock"),
    e("vcr", "家用录像机", "video cassette recorder"),
    e("flat-panel-tv", "平板电视", "flat-panel TV"),
    e("mobile-phone", "移动电话机", "mobile phone"),
    e("fixed-phone", "固定电话机", "fixed-line phone"),
    e("computer", "微型计算机", "personal computer"),
    e("home-av", "家用视听商品", "home audio-visual product"),
    e("household-car", "家用汽车", "household car"),
    e("motorcycle", "摩托车", "motorcycle"),
    e("e-bike", "电动自行车", "electric bicycle"),
    e("furniture", "家具", "furniture"),
    e("software", "软件", "software"),
    e(
        "service-only",
        "仅提供服务（不销售商品）",
        "services only (no goods sold)",
    ),
    e("other", "其他", "other"),
];

/// Who buys a product line: consumer law binds sales to consumers (and to farmers buying
/// production inputs, CRPL Art. 62), not sales to businesses.
pub const BUYERS: &[Entry] = &[
    e("consumers", "消费者", "consumers"),
    e("businesses", "企业（经营者）", "businesses"),
    e(
        "farmers",
        "购买生产资料的农民",
        "farmers buying production inputs",
    ),
];

/// The catalogue entry with this id.
pub fn category(id: &str) -> Option<&'static Entry> {
    CATEGORIES.iter().find(|c| c.id == id)
}

/// The buyer entry with this id.
pub fn buyer(id: &str) -> Option<&'static Entry> {
    BUYERS.iter().find(|b| b.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_kebab_case_and_named() {
        let mut seen = HashSet::new();
        for c in CATEGORIES.iter().chain(BUYERS) {
            assert!(seen.insert(c.id), "{} twice", c.id);
            assert!(
                c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{}",
                c.id
            );
            assert!(!c.zh.is_empty() && !c.en.is_empty(), "{}", c.id);
        }
        assert_eq!(category("refrigerator").map(|c| c.zh), Some("家用电冰箱"));
        assert!(buyer("consumer").is_none());
    }
}
