//! The one error type of the core, shaped by what a caller branches on, and its
//! serializable, localized payload for the UI.
use serde::{Deserialize, Serialize};

use crate::i18n::{tr, tr_with, Lang};
use crate::ids::{CustomerId, VehicleId};
pub use crate::reason::Reason;

/// A rule broken by one input field. `code` is a catalogue key suffix: the message is
/// `error.<code>`. The same shape carries warnings (see [`Warning`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldIssue {
    pub field: String,
    pub code: Reason,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, code: Reason) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }

    /// The issue with its message in `lang`, as shown next to the field.
    pub fn localized(&self, lang: Lang) -> FieldMessage {
        FieldMessage {
            field: self.field.clone(),
            code: self.code,
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
    Conflict { code: Reason },
    #[error("locked: {code}")]
    Locked { code: Reason },
    #[error("database schema {found} is newer than this version knows ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
    #[error(transparent)]
    Migration(#[from] rusqlite_migration::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Form(#[from] FormError),
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// What kind of error, for the UI to branch on (its message is `error.<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Invalid,
    Duplicate,
    Conflict,
    Locked,
    SchemaTooNew,
    Storage,
    Form,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::NotFound,
        ErrorCode::Invalid,
        ErrorCode::Duplicate,
        ErrorCode::Conflict,
        ErrorCode::Locked,
        ErrorCode::SchemaTooNew,
        ErrorCode::Storage,
        ErrorCode::Form,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Locked => "locked",
            ErrorCode::SchemaTooNew => "schema_too_new",
            ErrorCode::Storage => "storage",
            ErrorCode::Form => "form",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl CoreError {
    pub fn conflict(code: Reason) -> Self {
        Self::Conflict { code }
    }

    pub fn invalid(field: &str, code: Reason) -> Self {
        Self::Invalid(vec![FieldIssue::new(field, code)])
    }

    /// The stable code the UI branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Invalid(_) => ErrorCode::Invalid,
            Self::Duplicate(_) => ErrorCode::Duplicate,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::Locked { .. } => ErrorCode::Locked,
            Self::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Self::Db(_) | Self::Migration(_) | Self::Io(_) => ErrorCode::Storage,
            Self::Form(_) => ErrorCode::Form,
        }
    }

    /// The error as the UI shows it, in `lang`. Storage errors are logged to stderr and
    /// reduced to a generic message: raw SQLite text means nothing at the front desk.
    pub fn to_payload(&self, lang: Lang) -> ErrorPayload {
        let code = self.code();
        let mut payload = ErrorPayload {
            message: String::new(),
            reason: None,
            what: None,
            fields: Vec::new(),
            duplicates: Vec::new(),
            code,
        };
        payload.message = match self {
            Self::NotFound { what } => {
                payload.what = Some((*what).to_string());
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
                payload.reason = Some(*code);
                let specific = format!("error.{code}");
                let text = tr(lang, &specific);
                if text == specific {
                    tr(lang, &format!("error.{}", self.code().as_str()))
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
    pub code: Reason,
    pub message: String,
}

/// What the shell sends to the UI: branch on `code` (and `reason`), show `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    /// The specific conflict or lock reason, to branch on.
    pub reason: Option<Reason>,
    /// What was not found (`work_order`, `photo`…).
    pub what: Option<String>,
    pub fields: Vec<FieldMessage>,
    pub duplicates: Vec<DuplicateHit>,
}

/// Why a form could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("the form font cannot be used: {reason}")]
    Font { reason: String },
    #[error("{field} cannot be printed: {reason}")]
    Invalid { field: String, reason: String },
    #[error("the image {what} cannot be read: {reason}")]
    Image { what: String, reason: String },
    #[error("the PDF could not be written: {reason}")]
    Pdf { reason: String },
    #[error("built-in drawing {name} is broken: {reason}")]
    Asset { name: String, reason: String },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_its_message_and_serializes_to_its_name() {
        for code in ErrorCode::ALL {
            for lang in Lang::ALL {
                let key = format!("error.{}", code.as_str());
                assert!(crate::i18n::has_key(lang, &key), "{key} in {}", lang.code());
            }
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn storage_errors_never_show_sqlite_text_to_the_user() {
        let err = CoreError::Db(rusqlite::Error::InvalidQuery);
        let payload = err.to_payload(Lang::En);
        assert_eq!(payload.code, "storage");
        assert!(!payload.message.contains("Query"), "{}", payload.message);
    }

    #[test]
    fn invalid_fields_carry_a_localized_message_per_field() {
        let err = CoreError::Invalid(vec![FieldIssue::new("plate", Reason::PlateFormat)]);
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
        let payload = CoreError::conflict(Reason::TransferSameOwner).to_payload(Lang::En);
        assert_eq!(payload.code, "conflict");
        assert_eq!(payload.reason, Some(Reason::TransferSameOwner));
        assert!(!payload.message.starts_with("error."));
    }

    #[test]
    fn everything_the_core_may_not_find_is_named_in_every_language() {
        // Every `NotFound { what }` of the core; a missing name printed "entity.estimate
        // not found." on the command line.
        let whats = [
            "customer",
            "vehicle",
            "work_order",
            "amendment",
            "signature",
            "photo",
            "form",
            "estimate",
            "additional_item",
            "price_item",
            "settlement",
            "payment",
            "credit_note",
            "staff",
            "approval",
            "exit_notice",
            "pickup_check",
        ];
        for what in whats {
            for lang in Lang::ALL {
                let message = CoreError::NotFound { what }.to_payload(lang).message;
                assert!(
                    !message.contains("entity."),
                    "{what} in {}: {message}",
                    lang.code()
                );
            }
        }
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
