//! SQL of the `settings` key/value table, read and written as one `ShopSettings`.
use rusqlite::{params, Connection};

use crate::domain::code::{code_of, from_code};
use crate::domain::shop::ShopSettings;
use crate::error::{CoreError, Result};
use crate::i18n::Lang;
use crate::store::Store;
use crate::vehicle::DistanceUnit;

fn bad_value(key: &str, value: &str) -> CoreError {
    CoreError::Db(rusqlite::Error::FromSqlConversionFailure(
        1,
        rusqlite::types::Type::Text,
        format!("setting {key} has unexpected value {value:?}").into(),
    ))
}

pub(crate) fn load(conn: &Connection) -> Result<ShopSettings> {
    let mut settings = ShopSettings::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (key, value) in rows {
        match key.as_str() {
            "shop.name" => settings.shop_name = value,
            "shop.address" => settings.address = value,
            "shop.phone" => settings.phone = value,
            "shop.tax_number" => settings.tax_number = value,
            "shop.logo_png" => settings.logo_png = Some(value).filter(|v| !v.is_empty()),
            "shop.currency" => settings.currency = value,
            "shop.distance_unit" => {
                settings.distance_unit =
                    DistanceUnit::parse(&value).ok_or_else(|| bad_value(&key, &value))?;
            }
            "shop.default_language" => {
                settings.default_language =
                    Lang::from_code(&value).ok_or_else(|| bad_value(&key, &value))?;
            }
            "shop.work_order_prefix" => settings.work_order_prefix = value,
            "forms.terms" => settings.terms = value,
            "forms.language" if value.is_empty() => settings.form_language = None,
            "forms.language" => {
                settings.form_language =
                    Some(from_code(&value).ok_or_else(|| bad_value(&key, &value))?);
            }
            _ => {} // keys of other parts of the app
        }
    }
    Ok(settings)
}

/// Writes every shop setting (the caller checked and cleaned them).
pub(crate) fn save(conn: &Connection, clean: &ShopSettings) -> Result<()> {
    let form_language = clean
        .form_language
        .map(|lang| code_of(&lang))
        .unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    let pairs = [
        ("shop.name", clean.shop_name.as_str()),
        ("shop.address", clean.address.as_str()),
        ("shop.phone", clean.phone.as_str()),
        ("shop.tax_number", clean.tax_number.as_str()),
        ("shop.logo_png", clean.logo_png.as_deref().unwrap_or("")),
        ("shop.currency", clean.currency.as_str()),
        ("shop.distance_unit", clean.distance_unit.as_str()),
        ("shop.default_language", clean.default_language.code()),
        ("shop.work_order_prefix", clean.work_order_prefix.as_str()),
        ("forms.terms", clean.terms.as_str()),
        ("forms.language", form_language.as_str()),
    ];
    for (key, value) in pairs {
        stmt.execute(params![key, value])?;
    }
    Ok(())
}

impl Store {
    /// The shop settings, defaults for whatever was never saved.
    pub fn get_settings(&self) -> Result<ShopSettings> {
        self.with_conn(load)
    }

    /// The language the screens were last shown in; English on a new store.
    pub fn ui_language(&self) -> Result<Lang> {
        self.with_conn(|conn| {
            let value: Option<String> = conn
                .query_row(
                    "SELECT value FROM settings WHERE key = 'ui.language'",
                    [],
                    |row| row.get(0),
                )
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    other => Err(other),
                })?;
            Ok(value
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or(Lang::En))
        })
    }

    pub fn set_ui_language(&self, lang: Lang) -> Result<()> {
        self.with_conn(|conn| {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('ui.language', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![lang.code()],
            )?;
            Ok(())
        })
    }
}
