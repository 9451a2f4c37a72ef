//! The snake_case codes enums serialize to, as text columns and snapshots keep them.
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The snake_case name an enum serializes to, as kept in text columns and snapshots.
pub(crate) fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

/// The enum named by `code`, if any.
pub(crate) fn from_code<T: DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}
