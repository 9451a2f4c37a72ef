//! The language a form is printed in: one of the screen's languages, or bilingual.
use serde::{Deserialize, Serialize};

use super::Lang;

/// The language of a printed form. `Bilingual` prints 简体中文 labels followed by the
/// English ones, for shops whose customers read either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub enum FormLang {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[serde(rename = "bilingual")]
    Bilingual,
}

impl FormLang {
    pub const ALL: [FormLang; 4] = [
        FormLang::En,
        FormLang::ZhHans,
        FormLang::ZhHant,
        FormLang::Bilingual,
    ];

    /// The language dates, numbers and money are written in.
    pub fn data_lang(self) -> Lang {
        match self {
            FormLang::En => Lang::En,
            FormLang::ZhHans | FormLang::Bilingual => Lang::ZhHans,
            FormLang::ZhHant => Lang::ZhHant,
        }
    }
}

impl From<Lang> for FormLang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::En => FormLang::En,
            Lang::ZhHans => FormLang::ZhHans,
            Lang::ZhHant => FormLang::ZhHant,
        }
    }
}
