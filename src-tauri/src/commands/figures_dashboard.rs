//! The dashboard's targets from the window: the month's target in cars and money and the
//! figures' bands, set with the supervisor's PIN, and the dashboard and month to date they
//! are read against. Thin: the checks and the counting are in the core.
use chrono::{Datelike, NaiveDate};
use garage_core::domain::figures_dashboard::{
    DashboardFigures, FigureBand, MonthToDate, TargetInput, TargetsView,
};
use garage_core::settlement::supervision::SupervisorWord;
use tauri::State;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// The target of a month (this month when not given) and every band set.
#[tauri::command(async)]
#[specta::specta]
pub fn figure_targets(
    state: State<'_, AppState>,
    year: Option<i32>,
    month: Option<u32>,
) -> CmdResult<TargetsView> {
    let today = now().date();
    state
        .store
        .figure_targets(year.unwrap_or(today.year()), month.unwrap_or(today.month()))
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_month_target(
    state: State<'_, AppState>,
    input: TargetInput,
    word: Option<SupervisorWord>,
) -> CmdResult<TargetsView> {
    state
        .store
        .set_month_target(&input, word.as_ref(), now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_figure_band(
    state: State<'_, AppState>,
    band: FigureBand,
    word: Option<SupervisorWord>,
) -> CmdResult<TargetsView> {
    state
        .store
        .set_figure_band(&band, word.as_ref(), now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn dashboard(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<DashboardFigures> {
    state
        .store
        .dashboard(from, to, now())
        .map_err(to_ui(&state))
}

/// The month to `day` (today when not given) against its target.
#[tauri::command(async)]
#[specta::specta]
pub fn month_to_date(state: State<'_, AppState>, day: Option<NaiveDate>) -> CmdResult<MonthToDate> {
    let now = now();
    state
        .store
        .month_to_date(day.unwrap_or(now.date()), now)
        .map_err(to_ui(&state))
}
