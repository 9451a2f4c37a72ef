//! The shop settings as the settings screen reads and saves them.
mod common;

use garage_core::{CoreError, DistanceUnit, Lang, ShopSettings};

#[test]
fn a_new_shop_starts_from_sensible_defaults() {
    let settings = common::store().get_settings().expect("reads");
    assert_eq!(settings.currency, "CNY");
    assert_eq!(settings.work_order_prefix, "WO");
    assert_eq!(settings.distance_unit, DistanceUnit::Km);
    assert_eq!(settings.logo_png, None);
}

#[test]
fn saved_settings_come_back_cleaned() {
    let store = common::store();
    let input = ShopSettings {
        shop_name: " 顺达汽修 ".into(),
        currency: "hkd".into(),
        distance_unit: DistanceUnit::Mi,
        default_language: Lang::ZhHant,
        logo_png: Some(format!("{}.png", "3f2a".repeat(16))),
        ..ShopSettings::default()
    };
    let saved = store.save_settings(&input).expect("saves");
    assert_eq!(saved.shop_name, "顺达汽修");
    assert_eq!(saved.currency, "HKD");
    assert_eq!(store.get_settings().expect("reads"), saved);
    let cleared = store
        .save_settings(&ShopSettings {
            logo_png: None,
            ..saved
        })
        .expect("saves");
    assert_eq!(cleared.logo_png, None, "removing the logo sticks");
}

#[test]
fn a_logo_setting_that_is_not_the_apps_own_file_name_is_refused() {
    let store = common::store();
    for hostile in [
        "3f2a.png",
        "../garage-desk.sqlite3",
        "/etc/passwd",
        "logo/../../x.png",
    ] {
        let input = ShopSettings {
            logo_png: Some(hostile.into()),
            ..ShopSettings::default()
        };
        assert!(
            store.save_settings(&input).is_err(),
            "{hostile} must be refused as a logo name"
        );
    }
    assert_eq!(store.get_settings().expect("reads").logo_png, None);
}

#[test]
fn invalid_settings_are_refused_and_the_old_ones_kept() {
    let store = common::store();
    let bad = ShopSettings {
        currency: "元".into(),
        work_order_prefix: String::new(),
        ..ShopSettings::default()
    };
    match store.save_settings(&bad) {
        Err(CoreError::Invalid(issues)) => assert_eq!(issues.len(), 2),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(store.get_settings().expect("reads").currency, "CNY");
}

#[test]
fn terms_and_the_form_language_are_kept_and_the_terms_have_a_limit() {
    let store = common::store();
    assert_eq!(store.get_settings().expect("reads").form_language, None);
    let saved = store
        .save_settings(&ShopSettings {
            terms: "  Parts replaced are returned on request.\n\n旧件可应要求带走。 ".into(),
            form_language: Some(garage_core::forms::FormLang::Bilingual),
            ..ShopSettings::default()
        })
        .expect("saves");
    assert_eq!(
        saved.terms,
        "Parts replaced are returned on request.\n\n旧件可应要求带走。"
    );
    assert_eq!(store.get_settings().expect("reads"), saved);
    let back_to_customer = store
        .save_settings(&ShopSettings {
            form_language: None,
            ..saved.clone()
        })
        .expect("saves");
    assert_eq!(back_to_customer.form_language, None);

    let too_long = ShopSettings {
        terms: "条".repeat(garage_core::settings::MAX_TERMS_CHARS + 1),
        ..saved
    };
    match store.save_settings(&too_long) {
        Err(CoreError::Invalid(issues)) => assert_eq!(issues[0].field, "terms"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(
        store.get_settings().expect("reads").terms,
        "Parts replaced are returned on request.\n\n旧件可应要求带走。",
        "the refused terms did not replace the saved ones"
    );
}
