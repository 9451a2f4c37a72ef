//! The one error the UI sees: the core's `{code, message, fields, duplicates}`, with the
//! message in the user's language. Commands return `Result<T, ErrorPayload>`.
use garage_core::error::{CoreError, ErrorPayload};

use crate::state::AppState;

pub type CmdResult<T> = Result<T, ErrorPayload>;

/// Maps a core error into what the UI shows, logging storage details that the user must
/// not see as raw text.
pub fn to_ui(state: &AppState) -> impl Fn(CoreError) -> ErrorPayload + '_ {
    move |e| e.to_payload(state.lang())
}
