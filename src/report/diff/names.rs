//! The texts of the built-in standards a diff names, in the diff's language: a report's
//! own titles and labels are in the language it was written in, the page is in one.

use super::read::{RatingIn, StandardIn};
use crate::i18n::Lang;
use crate::standard::load::{Library, Loaded, Rule};

/// The built-in standards the two reports name, for their texts in the diff's language.
pub(super) struct Names {
    lib: Library,
    pub(super) lang: Lang,
}

impl Names {
    /// Loads the built-in standards among `ids` (unknown ids are skipped).
    pub(super) fn load<'a>(ids: impl Iterator<Item = &'a str>, lang: Lang) -> Names {
        let mut wanted: Vec<String> = ids
            .filter(|id| {
                crate::standard::load::BUILTIN
                    .iter()
                    .any(|(name, _)| name.strip_suffix(".yaml") == Some(id))
            })
            .map(str::to_string)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let (lib, _) = crate::standard::load::load_library_for(Vec::new(), Some(&wanted));
        Names { lib, lang }
    }

    /// The built-in standard a report's standard is, when id and version agree.
    fn builtin(&self, s: &StandardIn) -> Option<&Loaded> {
        self.lib
            .get(&s.id)
            .filter(|l| s.version.as_ref().is_none_or(|v| *v == l.standard.version))
    }

    /// The standard as published: its designation ("GB/T 27922-2011"), when it has one
    /// and its title does not already carry it, then its title — as the report names it.
    pub(super) fn standard(&self, s: &StandardIn) -> String {
        let Some(l) = self.builtin(s) else {
            return super::clip(
                s.title
                    .as_deref()
                    .filter(|t| !t.is_empty())
                    .unwrap_or(&s.id),
            );
        };
        let title = l.standard.title.get(self.lang);
        match &l.standard.designation {
            Some(code) if !title.contains(code.as_str()) => format!("{code} {title}"),
            _ => title.to_string(),
        }
    }

    /// The built-in rule of a criterion, when the standard is built in.
    pub(super) fn rule(&self, s: &StandardIn, criterion: &str) -> Option<&Rule> {
        self.builtin(s)?.rule(criterion)
    }

    /// A rating's label in the diff's language.
    pub(super) fn rating(&self, s: &StandardIn, r: &RatingIn) -> String {
        self.builtin(s)
            .and_then(|l| l.standard.ratings.iter().find(|b| b.id.value == r.id))
            .map_or_else(
                || super::clip(&r.label),
                |b| b.label.get(self.lang).to_string(),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standard_is_named_by_its_designation_as_the_report_names_it() {
        let names = Names::load(["gbt27922"].into_iter(), Lang::Zh);
        let s = StandardIn::named("gbt27922", Some("2011"), None);
        assert_eq!(names.standard(&s), "GB/T 27922-2011 商品售后服务评价体系");
        let own = StandardIn::named("house", None, Some("House checklist"));
        assert_eq!(names.standard(&own), "House checklist");
    }
}
