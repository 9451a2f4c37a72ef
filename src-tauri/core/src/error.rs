//! The one error type of the core, shaped by what a caller branches on, and its
//! serializable, localized payload for the UI.
use serde::{Deserialize, Serialize};

use crate::i18n::{tr, tr_with, Lang};
use crate::ids::{CustomerId, VehicleId};

/// A rule broken by one input field. `code` is a catalogue key suffix: the message is
/// `error.<code>`. The same shape carries warnings (see [`Warning`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldIssue {
    pub field: String,
    pub code: String,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
        }
    }

    /// The issue with its message in `lang`, as shown next to the field.
    pub fn localized(&self, lang: Lang) -> FieldMessage {
        FieldMessage {
            field: self.field.clone(),
            code: self.code.clone(),
            message: tr(lang, &format!("error.{}", self.code)),
        }
    }
}

/// Something worth showing that does not stop a save (e.g. a VIN check digit).
pub type Warning = FieldIssue;

/// Which value of an existing record matched the one being saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateField {
    Phone,
    Plate,
    Vin,
}

/// An existing customer (and vehicle) that the UI must show before creating another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateHit {
    pub customer_id: CustomerId,
    pub display_name: String,
    pub field: DuplicateField,
    /// The matching phone, plate or VIN, normalised.
    pub value: String,
    pub vehicle_id: Option<VehicleId>,
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldIssue>),
    #[error("already on file: {0:?}")]
    Duplicate(Vec<DuplicateHit>),
    #[error("conflict: {code}")]
    Conflict { code: String },
    #[error("locked: {code}")]
    Locked { code: String },
    #[error("database schema {found} is newer than this version knows ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
    #[error(transparent)]
    Migration(#[from] rusqlite_migration::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Form(#[from] crate::forms::FormError),
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub fn conflict(code: &str) -> Self {
        Self::Conflict {
            code: code.to_string(),
        }
    }

    pub fn invalid(field: &str, code: &str) -> Self {
        Self::Invalid(vec![FieldIssue::new(field, code)])
    }

    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::Invalid(_) => "invalid",
            Self::Duplicate(_) => "duplicate",
            Self::Conflict { .. } => "conflict",
            Self::Locked { .. } => "locked",
            Self::SchemaTooNew { .. } => "schema_too_new",
            Self::Db(_) | Self::Migration(_) | Self::Io(_) => "storage",
            Self::Form(_) => "form",
        }
    }

    /// The error as the UI shows it, in `lang`. Storage errors are logged to stderr and
    /// reduced to a generic message: raw SQLite text means nothing at the front desk.
    pub fn to_payload(&self, lang: Lang) -> ErrorPayload {
        let code = self.code().to_string();
        let mut payload = ErrorPayload {
            message: String::new(),
            reason: None,
            fields: Vec::new(),
            duplicates: Vec::new(),
            code,
        };
        payload.message = match self {
            Self::NotFound { what } => {
                payload.reason = Some((*what).to_string());
                let thing = tr(lang, &format!("entity.{what}"));
                tr_with(lang, "error.not_found", &[("what", &thing)])
            }
            Self::Invalid(issues) => {
                payload.fields = issues.iter().map(|i| i.localized(lang)).collect();
                tr(lang, "error.invalid")
            }
            Self::Duplicate(hits) => {
                payload.duplicates = hits.clone();
                tr(lang, "error.duplicate")
            }
            Self::Conflict { code } | Self::Locked { code } => {
                payload.reason = Some(code.clone());
                let specific = format!("error.{code}");
                let text = tr(lang, &specific);
                if text == specific {
                    tr(lang, &format!("error.{}", self.code()))
                } else {
                    text
                }
            }
            Self::SchemaTooNew { found, known } => tr_with(
                lang,
                "error.schema_too_new",
                &[("found", &found.to_string()), ("known", &known.to_string())],
            ),
            Self::Db(_) | Self::Migration(_) | Self::Io(_) => {
                eprintln!("garage-core storage error: {self}");
                tr(lang, "error.storage")
            }
            Self::Form(_) => {
                eprintln!("garage-core form error: {self}");
                tr(lang, "error.form")
            }
        };
        payload
    }
}

/// One field's message, localized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldMessage {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What the shell sends to the UI: branch on `code` (and `reason`), show `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    /// The specific conflict/lock code, or what was not found.
    pub reason: Option<String>,
    pub fields: Vec<FieldMessage>,
    pub duplicates: Vec<DuplicateHit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_errors_never_show_sqlite_text_to_the_user() {
        let err = CoreError::Db(rusqlite::Error::InvalidQuery);
        let payload = err.to_payload(Lang::En);
        assert_eq!(payload.code, "storage");
        assert!(!payload.message.contains("Query"), "{}", payload.message);
    }

    #[test]
    fn invalid_fields_carry_a_localized_message_per_field() {
        let err = CoreError::Invalid(vec![FieldIssue::new("plate", "plate.format")]);
        let payload = err.to_payload(Lang::ZhHans);
        assert_eq!(payload.code, "invalid");
        assert_eq!(payload.fields[0].field, "plate");
        assert_ne!(
            payload.fields[0].message, "error.plate.format",
            "key must be in the catalogue"
        );
    }

    #[test]
    fn a_conflict_keeps_its_specific_reason_for_the_ui_to_branch_on() {
        let payload = CoreError::conflict("transfer.same_owner").to_payload(Lang::En);
        assert_eq!(payload.code, "conflict");
        assert_eq!(payload.reason.as_deref(), Some("transfer.same_owner"));
        assert!(!payload.message.starts_with("error."));
    }

    #[test]
    fn every_code_the_core_emits_has_a_message_in_every_language() {
        let codes = [
            "not_found",
            "invalid",
            "duplicate",
            "conflict",
            "locked",
            "schema_too_new",
            "storage",
            "name.required",
            "company_name.required",
            "text.too_long",
            "phone.required",
            "phone.format",
            "phone.repeated",
            "phones.primary",
            "plate.required",
            "plate.format",
            "vin.length",
            "vin.chars",
            "vin.check_digit",
            "year.range",
            "odometer.range",
            "odometer.future_date",
            "logo.format",
            "currency.format",
            "work_order_prefix.format",
            "customer.archived",
            "customer.merged",
            "vehicle.archived",
            "transfer.same_owner",
            "merge.same",
            "merge.already_merged",
            "shop.database_missing",
            "demo.real_data",
            "clock.behind",
            "transfer.open_job",
            "logo.too_large",
        ];
        for code in codes {
            for lang in Lang::ALL {
                let key = format!("error.{code}");
                assert!(
                    crate::i18n::has_key(lang, &key),
                    "{key} missing in {}",
                    lang.code()
                );
            }
        }
    }
}
