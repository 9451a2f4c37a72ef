//! The words printed on the form, from the shared catalogues (`form.*` keys), in one
//! language or bilingually (Chinese label first, English after it).

pub use crate::i18n::FormLang;
use crate::i18n::{fill, format_datetime, format_money, format_number, tr, Lang};

/// Looks up `form.*` texts for one [`FormLang`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels {
    lang: FormLang,
}

impl Labels {
    pub(crate) fn new(lang: FormLang) -> Self {
        Labels { lang }
    }

    pub(crate) fn is_bilingual(&self) -> bool {
        self.lang == FormLang::Bilingual
    }

    /// The label in the form's language; bilingual forms get "中文 English".
    pub(crate) fn get(&self, key: &str) -> String {
        match self.pair(key) {
            (first, Some(second)) if second != first => format!("{first} {second}"),
            (first, _) => first,
        }
    }

    /// The label split in its Chinese and English halves (the second only when
    /// bilingual), for places that set the English half smaller or on its own line.
    pub(crate) fn pair(&self, key: &str) -> (String, Option<String>) {
        match self.lang {
            FormLang::En => (tr(Lang::En, key), None),
            FormLang::ZhHans => (tr(Lang::ZhHans, key), None),
            FormLang::ZhHant => (tr(Lang::ZhHant, key), None),
            FormLang::Bilingual => (tr(Lang::ZhHans, key), Some(tr(Lang::En, key))),
        }
    }

    /// [`Labels::get`] with `{name}` placeholders filled in each half.
    pub(crate) fn get_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        match self.pair(key) {
            (first, Some(second)) => format!("{} {}", fill(&first, args), fill(&second, args)),
            (first, None) => fill(&first, args),
        }
    }

    /// [`Labels::get_with`] with one date or time (`name`) written in each half's own
    /// language, so the English half of a bilingual form reads "11 Dec 2026", not the
    /// Chinese date.
    pub(crate) fn get_with_date(
        &self,
        key: &str,
        (name, when): (&str, When),
        args: &[(&str, &str)],
    ) -> String {
        let filled = |text: &str, lang: Lang| {
            let shown = when.format(lang);
            let mut all: Vec<(&str, &str)> = args.to_vec();
            all.push((name, &shown));
            fill(text, &all)
        };
        match self.pair(key) {
            (first, Some(second)) => format!(
                "{} {}",
                filled(&first, Lang::ZhHans),
                filled(&second, Lang::En)
            ),
            (first, None) => filled(&first, self.lang.data_lang()),
        }
    }

    pub(crate) fn datetime(&self, at: chrono::NaiveDateTime) -> String {
        format_datetime(at, self.lang.data_lang())
    }

    pub(crate) fn date(&self, on: chrono::NaiveDate) -> String {
        crate::i18n::format_date(on, self.lang.data_lang())
    }

    pub(crate) fn money(&self, minor: i64, currency: &str) -> String {
        format_money(minor, currency, self.lang.data_lang())
    }

    pub(crate) fn number(&self, n: i64) -> String {
        format_number(n, self.lang.data_lang())
    }
}

/// A date or a time put into a label by [`Labels::get_with_date`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum When {
    Day(chrono::NaiveDate),
    At(chrono::NaiveDateTime),
}

impl When {
    fn format(self, lang: Lang) -> String {
        match self {
            Self::Day(on) => crate::i18n::format_date(on, lang),
            Self::At(at) => format_datetime(at, lang),
        }
    }
}
