//! Pricing a job from the window: the price list and its search, the estimate in
//! versions and its approval, the workshop's additional items and progress checks, and
//! Today's task lists. Thin: every rule is in `garage_core::pricing` and the store.
use garage_core::ids::{PriceItemId, WorkOrderId};
use garage_core::intake::print::builtin_fonts;
use garage_core::pricing::estimate::{ApprovalInput, EstimateBook, EstimateDraftInput};
use garage_core::pricing::price_list::{CannedJob, LabourOp, Part, PriceHit, PriceKind};
use garage_core::pricing::print::archive_estimate;
use garage_core::pricing::workshop::{
    AdditionalItemInput, AnswerInput, CarryOver, CarryOverSource, ProgressInput, WorkshopView,
};
use garage_core::pricing::PricingSettings;
use garage_core::store::price_list::PriceList;
use garage_core::store::workshop::DeskTasks;
use tauri::State;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn get_pricing_settings(state: State<'_, AppState>) -> CmdResult<PricingSettings> {
    state.store.get_pricing_settings().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_pricing_settings(
    state: State<'_, AppState>,
    settings: PricingSettings,
) -> CmdResult<PricingSettings> {
    state
        .store
        .save_pricing_settings(&settings)
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_price_list(state: State<'_, AppState>) -> CmdResult<PriceList> {
    state.store.price_list().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_labour_op(state: State<'_, AppState>, op: LabourOp) -> CmdResult<LabourOp> {
    state.store.save_labour_op(&op, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_part(state: State<'_, AppState>, part: Part) -> CmdResult<Part> {
    state.store.save_part(&part, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_canned_job(state: State<'_, AppState>, job: CannedJob) -> CmdResult<CannedJob> {
    state.store.save_canned_job(&job, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn delete_price_item(
    state: State<'_, AppState>,
    kind: PriceKind,
    id: PriceItemId,
) -> CmdResult<()> {
    state
        .store
        .delete_price_item(kind, id)
        .map_err(to_ui(&state))
}

/// At most 50 hits; the query is bounded like every typed text.
#[tauri::command(async)]
#[specta::specta]
pub fn search_prices(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> CmdResult<Vec<PriceHit>> {
    let query: String = query.chars().take(100).collect();
    state
        .store
        .search_prices(&query, limit.clamp(1, 50) as usize)
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_estimate(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<EstimateBook> {
    state.store.estimate_book(id, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_estimate_draft(
    state: State<'_, AppState>,
    id: WorkOrderId,
    draft: EstimateDraftInput,
) -> CmdResult<EstimateBook> {
    state
        .store
        .save_estimate_draft(id, &draft, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn revise_estimate(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<EstimateBook> {
    state.store.revise_estimate(id, now()).map_err(to_ui(&state))
}

/// Approves the draft as shown, then archives its PDF; the approval stands even when the
/// archive cannot be written (the next print archives it).
#[tauri::command(async)]
#[specta::specta]
pub fn approve_estimate(
    state: State<'_, AppState>,
    id: WorkOrderId,
    approval: ApprovalInput,
) -> CmdResult<EstimateBook> {
    let at = now();
    let book = state
        .store
        .approve_estimate(&state.data_dir, id, &approval, at)
        .map_err(to_ui(&state))?;
    let _ = archive_estimate(
        &state.store,
        &state.data_dir,
        builtin_fonts(),
        id,
        book.current.version,
        at,
    );
    Ok(book)
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_workshop(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<WorkshopView> {
    state.store.workshop(id, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_additional_item(
    state: State<'_, AppState>,
    id: WorkOrderId,
    item: AdditionalItemInput,
) -> CmdResult<WorkshopView> {
    state
        .store
        .add_additional_item(id, &item, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn answer_additional_item(
    state: State<'_, AppState>,
    id: WorkOrderId,
    item_id: i64,
    answer: AnswerInput,
) -> CmdResult<WorkshopView> {
    state
        .store
        .answer_additional_item(&state.data_dir, id, item_id, &answer, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_progress(
    state: State<'_, AppState>,
    id: WorkOrderId,
    progress: ProgressInput,
) -> CmdResult<WorkshopView> {
    state
        .store
        .record_progress(id, &progress, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn carry_overs(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<Vec<CarryOver>> {
    state.store.carry_overs(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_carry_over(
    state: State<'_, AppState>,
    id: WorkOrderId,
    source: CarryOverSource,
) -> CmdResult<EstimateBook> {
    state
        .store
        .add_carry_over(id, &source, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn desk_tasks(state: State<'_, AppState>) -> CmdResult<DeskTasks> {
    state.store.desk_tasks(now()).map_err(to_ui(&state))
}
