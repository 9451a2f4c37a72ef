//! The paper a job prints on, as the shop is set up now: the form's language, the terms
//! and the shop's header, frozen into the snapshot at signing; and a label in the form's
//! language(s).
use crate::i18n::{tr, FormLang, Lang};
use crate::intake::snapshot::{SnapPaper, SnapShop};
use crate::intake::Label;
use crate::settings::ShopSettings;

/// `label` as the form prints it: one language, or 简体 then English when bilingual.
pub(crate) fn form_text(lang: FormLang, label: &Label) -> String {
    match (lang, label) {
        (_, Label::Text(text)) => text.clone(),
        (FormLang::En, Label::Key(key)) => tr(Lang::En, key),
        (FormLang::ZhHans, Label::Key(key)) => tr(Lang::ZhHans, key),
        (FormLang::ZhHant, Label::Key(key)) => tr(Lang::ZhHant, key),
        (FormLang::Bilingual, Label::Key(key)) => {
            let (zh, en) = (tr(Lang::ZhHans, key), tr(Lang::En, key));
            if zh == en {
                zh
            } else {
                format!("{zh} {en}")
            }
        }
    }
}

/// The shop's terms printed under the job, in the form's language(s).
pub(crate) fn terms(lang: FormLang) -> String {
    match lang {
        FormLang::Bilingual => format!(
            "{}\n{}",
            tr(Lang::ZhHans, "wo.terms"),
            tr(Lang::En, "wo.terms")
        ),
        other => form_text(other, &Label::Key("wo.terms".into())),
    }
}

/// The language a job's forms print in: the shop's form language, else the customer's.
pub fn form_lang_for(settings: &ShopSettings, customer_lang: Lang) -> FormLang {
    settings.form_language.unwrap_or(customer_lang.into())
}

/// The terms as printed in `lang`: the shop's own, else the standard ones.
pub(crate) fn printed_terms(settings: &ShopSettings, lang: FormLang) -> String {
    if settings.terms.trim().is_empty() {
        terms(lang)
    } else {
        settings.terms.clone()
    }
}

/// What the paper says beside the job, as the shop is set up now (frozen at signing).
pub(crate) fn paper_now(settings: &ShopSettings, lang: FormLang) -> SnapPaper {
    SnapPaper {
        form_lang: crate::intake::code_of(&lang),
        terms: printed_terms(settings, lang),
        shop: SnapShop {
            name: settings.shop_name.clone(),
            address: settings.address.clone(),
            phone: settings.phone.clone(),
            tax_number: settings.tax_number.clone(),
            logo_sha256: settings
                .logo_png
                .as_deref()
                .and_then(crate::settings::hash_of_name)
                .unwrap_or_default()
                .to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bilingual_form_prints_chinese_then_english() {
        let label = Label::Key("intake.group.exterior".into());
        let text = form_text(FormLang::Bilingual, &label);
        assert!(
            text.ends_with(&tr(Lang::En, "intake.group.exterior")),
            "{text}"
        );
        assert!(
            text.starts_with(&tr(Lang::ZhHans, "intake.group.exterior")),
            "{text}"
        );
        assert_eq!(
            form_text(FormLang::En, &Label::Text("Roof box".into())),
            "Roof box"
        );
    }
}
