//! The shop's figures from the window (业务统计): a period's figures compared with the
//! period before and last year, the reports due today, and the supervisor writing off a
//! bad debt from the receivables. Thin: every rule is in `garage_core::figures` and the
//! desk's use cases.
use chrono::NaiveDate;
use garage_core::figures::{ComparedFigures, Period, ReportDue, WriteOff, WriteOffInput};
use garage_core::settlement::supervision::SupervisorWord;
use tauri::State;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn compared_figures(state: State<'_, AppState>, period: Period) -> CmdResult<ComparedFigures> {
    state
        .store
        .figures_compared(period, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn reports_due(state: State<'_, AppState>, day: NaiveDate) -> CmdResult<Vec<ReportDue>> {
    state.store.reports_due(day).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn write_off(
    state: State<'_, AppState>,
    input: WriteOffInput,
    word: Option<SupervisorWord>,
) -> CmdResult<WriteOff> {
    state
        .store
        .write_off(&input, word.as_ref(), now())
        .map_err(to_ui(&state))
}
