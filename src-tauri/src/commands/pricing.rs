//! Pricing a job from the window: the price list and its search, the estimate in
//! versions and its approval, the workshop's additional items and progress checks, and
//! Today's task lists. Thin: every rule is in `garage_core::pricing` and the store.
use garage_core::desk::print::additional::{
    additional_print_copy, answer_and_archive_additional_item, save_additional_pdf,
    AdditionalSlipRequest,
};
use garage_core::desk::print::estimate::{
    approve_and_archive_estimate, estimate_print_copy, print_estimate, save_estimate_pdf,
    EstimatePrintRequest,
};
use garage_core::desk::print::work_order::{builtin_fonts, PrintOutcome};
use garage_core::desk::today::DeskTasks;
use garage_core::files::read_bounded;
use garage_core::ids::{PriceItemId, VehicleId, WorkOrderId};
use garage_core::pricing::defaults::{pricing_view, PricingView};
use garage_core::pricing::estimate::{
    ApprovalInput, DraftTotals, EstimateBook, EstimateDraftInput,
};
use garage_core::pricing::import::ImportPlan;
use garage_core::pricing::price_list::{CannedJob, LabourOp, Part, PriceHit, PriceKind};
use garage_core::pricing::sheet::{SheetFormat, MAX_FILE_BYTES};
use garage_core::pricing::PricingSettings;
use garage_core::reason::Reason;
use garage_core::store::price_list::PriceList;
use garage_core::workshop::{
    AdditionalItemInput, AnswerInput, CarryOver, CarryOverSource, ProgressInput, WorkshopView,
};
use garage_core::CoreError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::now;
use super::paper;
use super::work_orders::{ask_save_path, dialog_failed, job_number};
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn get_pricing_settings(state: State<'_, AppState>) -> CmdResult<PricingView> {
    state
        .store
        .get_pricing_settings()
        .map(pricing_view)
        .map_err(to_ui(&state))
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
    state
        .store
        .save_labour_op(&op, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_part(state: State<'_, AppState>, part: Part) -> CmdResult<Part> {
    state.store.save_part(&part, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_canned_job(state: State<'_, AppState>, job: CannedJob) -> CmdResult<CannedJob> {
    state
        .store
        .save_canned_job(&job, now())
        .map_err(to_ui(&state))
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
    state
        .store
        .revise_estimate(id, now())
        .map_err(to_ui(&state))
}

/// Approves the draft as shown, then archives its PDF; the approval stands even when the
/// archive cannot be written (`archiveFailed` on the book says why; the next print
/// archives it).
#[tauri::command(async)]
#[specta::specta]
pub fn approve_estimate(
    state: State<'_, AppState>,
    id: WorkOrderId,
    approval: ApprovalInput,
) -> CmdResult<EstimateBook> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    approve_and_archive_estimate(&state.store, &state.data_dir, fonts, id, &approval, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_workshop(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<WorkshopView> {
    state.store.workshop(id, now()).map_err(to_ui(&state))
}

/// The extra time of an additional item as typed: whole minutes, or a field error.
#[tauri::command(async)]
#[specta::specta]
pub fn check_extra_minutes(state: State<'_, AppState>, text: String) -> CmdResult<u32> {
    garage_core::work_order::extra_time::parse_extra_minutes(&text).map_err(to_ui(&state))
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
    // The slip as it stands at this answer is archived once; a failure is told
    // (`archiveFailed`) and the next answer (or a print) archives again.
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    answer_and_archive_additional_item(
        &state.store,
        &state.data_dir,
        fonts,
        id,
        item_id,
        &answer,
        now(),
    )
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

/// The figures of a draft as it is typed, before it is saved.
#[tauri::command(async)]
#[specta::specta]
pub fn preview_estimate(
    state: State<'_, AppState>,
    draft: EstimateDraftInput,
) -> CmdResult<DraftTotals> {
    state.store.preview_estimate(&draft).map_err(to_ui(&state))
}

/// Save as…: the estimate (a version, or the latest) where the save dialog says.
#[tauri::command(async)]
#[specta::specta]
pub fn save_estimate_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: EstimatePrintRequest,
) -> CmdResult<Option<String>> {
    let number = job_number(&state, request.id)?;
    let suggested = format!("{number}-estimate.pdf");
    paper::save(&app, &state, &request, suggested, save_estimate_pdf)
}

/// Writes the estimate into the data folder and opens it in the system's PDF viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_estimate_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: EstimatePrintRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, estimate_print_copy)
}

/// Prints with `lp` where it exists, else opens the PDF in the viewer to print from there.
#[tauri::command(async)]
#[specta::specta]
pub fn print_estimate_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: EstimatePrintRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_estimate)
}

/// Work offered again on a vehicle (its declined items, its last walk-around's
/// safety-critical findings), for the customer file.
#[tauri::command(async)]
#[specta::specta]
pub fn vehicle_carry_overs(
    state: State<'_, AppState>,
    vehicle: VehicleId,
) -> CmdResult<Vec<CarryOver>> {
    state
        .store
        .carry_overs_for_vehicle(vehicle)
        .map_err(to_ui(&state))
}

/// Asks for a CSV or XLSX file (the dialog opens here) and returns what importing it
/// would do, writing nothing; the plan waits in the state for `apply_price_import`.
#[tauri::command(async)]
#[specta::specta]
pub fn pick_price_import(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<ImportPlan>> {
    let Some(chosen) = app
        .dialog()
        .file()
        .add_filter("CSV / Excel", &["csv", "xlsx"])
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|_| dialog_failed(&state))?;
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("xlsx") => SheetFormat::Xlsx,
        Some(ext) if ext.eq_ignore_ascii_case("csv") => SheetFormat::Csv,
        _ => {
            return Err(to_ui(&state)(CoreError::invalid(
                "file",
                Reason::ImportUnreadable,
            )))
        }
    };
    let bytes = read_bounded(
        &path,
        MAX_FILE_BYTES as u64,
        "file",
        Reason::ImportUnreadable,
    )
    .map_err(to_ui(&state))?;
    let plan = state
        .store
        .plan_price_import(&bytes, format)
        .map_err(to_ui(&state))?;
    state.set_pending_import(Some(plan.clone()));
    Ok(Some(plan))
}

/// Writes the plan the last `pick_price_import` showed, all or nothing. The window
/// sends no rows: what is written is exactly what was shown.
#[tauri::command(async)]
#[specta::specta]
pub fn apply_price_import(state: State<'_, AppState>) -> CmdResult<PriceList> {
    let Some(plan) = state.take_pending_import() else {
        return Err(to_ui(&state)(CoreError::conflict(
            Reason::ImportNothingPlanned,
        )));
    };
    state
        .store
        .apply_price_import(&plan, now())
        .map_err(to_ui(&state))?;
    state.store.price_list().map_err(to_ui(&state))
}

/// Forgets a plan the user decided not to apply.
#[tauri::command(async)]
#[specta::specta]
pub fn discard_price_import(state: State<'_, AppState>) {
    state.take_pending_import();
}

/// Save as…: the price list as CSV (UTF-8 with BOM) or XLSX where the dialog says.
#[tauri::command(async)]
#[specta::specta]
pub fn export_price_list(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    format: SheetFormat,
) -> CmdResult<Option<String>> {
    let ext = match format {
        SheetFormat::Csv => "csv",
        SheetFormat::Xlsx => "xlsx",
    };
    let Some(target) = ask_save_path(&app, &state, ext, format!("price-list.{ext}"))? else {
        return Ok(None);
    };
    state
        .store
        .save_price_list_as(&state.data_dir, &target, format)
        .map(|p| Some(p.display().to_string()))
        .map_err(to_ui(&state))
}

/// Save as…: the additional-items slip where the save dialog says.
#[tauri::command(async)]
#[specta::specta]
pub fn save_additional_slip(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AdditionalSlipRequest,
) -> CmdResult<Option<String>> {
    let number = job_number(&state, request.id)?;
    let suggested = format!("{number}-additional-items.pdf");
    paper::save(&app, &state, &request, suggested, save_additional_pdf)
}

/// Writes the additional-items slip into the data folder and opens it in the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_additional_slip(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AdditionalSlipRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, additional_print_copy)
}
