//! The three UI languages and the translation catalogues shared with the UI and the
//! PDF forms (`assets/i18n/*.json`), embedded at build time and parsed once.
pub mod currency;
mod form_lang;
mod format;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use form_lang::FormLang;
pub use format::{format_date, format_datetime, format_money, format_number};

/// A language of the UI, the forms and a customer's preference.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, specta::Type,
)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::ZhHans, Lang::ZhHant];

    /// The BCP 47 tag, as stored and as named by the catalogue files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn is_chinese(self) -> bool {
        matches!(self, Lang::ZhHans | Lang::ZhHant)
    }
}

type Catalogue = HashMap<String, String>;

fn catalogue(lang: Lang) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static HANS: OnceLock<Catalogue> = OnceLock::new();
    static HANT: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| parse(lang, include_str!("../../../../assets/i18n/en.json"))),
        Lang::ZhHans => {
            HANS.get_or_init(|| parse(lang, include_str!("../../../../assets/i18n/zh-Hans.json")))
        }
        Lang::ZhHant => {
            HANT.get_or_init(|| parse(lang, include_str!("../../../../assets/i18n/zh-Hant.json")))
        }
    }
}

/// A broken catalogue is caught by the tests; at run time the keys still show.
fn parse(lang: Lang, text: &str) -> Catalogue {
    serde_json::from_str(text).unwrap_or_else(|err| {
        eprintln!(
            "garage-core: catalogue {} is not valid JSON: {err}",
            lang.code()
        );
        Catalogue::new()
    })
}

/// The text for `key` in `lang`, else in English, else the key itself.
pub fn tr(lang: Lang, key: &str) -> String {
    catalogue(lang)
        .get(key)
        .or_else(|| catalogue(Lang::En).get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// [`tr`] with `{name}` placeholders replaced.
pub fn tr_with(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    fill(&tr(lang, key), args)
}

/// Replaces each `{name}` in `template`; unknown placeholders stay as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Whether the catalogue of `lang` itself (not the fallback) has `key`.
pub fn has_key(lang: Lang, key: &str) -> bool {
    catalogue(lang).contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_serialize_as_their_catalogue_tags() {
        assert_eq!(
            serde_json::to_string(&Lang::ZhHant).ok().as_deref(),
            Some("\"zh-Hant\"")
        );
        assert_eq!(Lang::from_code("zh-Hans"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn every_catalogue_parses_and_is_not_empty() {
        for lang in Lang::ALL {
            assert!(
                catalogue(lang).len() > 10,
                "{} catalogue missing or broken",
                lang.code()
            );
        }
    }

    #[test]
    fn a_missing_key_falls_back_to_english_then_to_the_key() {
        assert_eq!(tr(Lang::ZhHans, "no.such.key"), "no.such.key");
        assert_eq!(tr(Lang::En, "app.name"), "Garage Desk");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill("{a} and {b} and {c}", &[("a", "1"), ("b", "2")]),
            "1 and 2 and {c}"
        );
    }

    #[test]
    fn every_error_key_exists_in_all_three_catalogues() {
        let en = catalogue(Lang::En);
        for key in en
            .keys()
            .filter(|k| k.starts_with("error.") || k.starts_with("entity."))
        {
            for lang in [Lang::ZhHans, Lang::ZhHant] {
                assert!(has_key(lang, key), "{key} missing in {}", lang.code());
            }
        }
    }
}
