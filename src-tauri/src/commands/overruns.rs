//! The jobs running over their planned hours, with the later promises they put at risk:
//! Today's list and one job's notice in its workshop step. Thin: the rule is
//! `garage_core::booking::overrun`, the loading `Store::running_over`.
use garage_core::booking::overrun::Overrun;
use garage_core::ids::WorkOrderId;
use tauri::State;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// Every job running over now, the most over first.
#[tauri::command(async)]
#[specta::specta]
pub fn running_over(state: State<'_, AppState>) -> CmdResult<Vec<Overrun>> {
    state.store.running_over(now()).map_err(to_ui(&state))
}

/// Job `id` running over now, `null` when it is not.
#[tauri::command(async)]
#[specta::specta]
pub fn job_overrun(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<Option<Overrun>> {
    state.store.job_overrun(id, now()).map_err(to_ui(&state))
}
