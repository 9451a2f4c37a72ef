//! Work orders and their intake: open, fill in section by section, sign, amend, verify,
//! list, and print or archive the work-order form.
use garage_core::desk::archive::{self, ArchivedForm, ArchivedFormFile, SignOutcome};
use garage_core::desk::print::work_order::{
    self, builtin_fonts, PrintOutcome, PrintPlan, PrintRequest,
};
use garage_core::desk::verify::{self, VerifyReport};
use garage_core::error::CoreError;
use garage_core::files::photos::{self, PhotoRef};
use garage_core::forms::FormLang;
use garage_core::ids::{AmendmentId, ArchivedFormId, CustomerId, SignatureId, WorkOrderId};
use garage_core::intake::template::{quick_belongings as quick_list, QuickBelonging};
use garage_core::intake::{
    AmendmentInput, InspectionTemplate, IntakeSection, SignatureInput, WorkOrderDetail,
};
use garage_core::reason::Reason;
use garage_core::work_order::{
    OpenWorkOrder, RepairCategory, WorkOrderFilter, WorkOrderPage, WorkOrderStatus,
    WorkOrderSummary,
};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn open_work_order(
    state: State<'_, AppState>,
    input: OpenWorkOrder,
) -> CmdResult<WorkOrderDetail> {
    state
        .store
        .open_work_order(&input, now())
        .map_err(to_ui(&state))
}

/// The whole job: details, intake sections, signatures (no images), amendments.
#[tauri::command(async)]
#[specta::specta]
pub fn get_work_order(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<WorkOrderDetail> {
    state.store.get_work_order(id).map_err(to_ui(&state))
}

/// An odometer reading as typed: `None` when empty, or a field error.
#[tauri::command(async)]
#[specta::specta]
pub fn read_odometer(state: State<'_, AppState>, text: String) -> CmdResult<Option<i64>> {
    garage_core::intake::reading_text::parse_reading(&text).map_err(to_ui(&state))
}

/// Saves one section of the intake draft; `locked` (reason `intake.frozen`) once signed.
#[tauri::command(async)]
#[specta::specta]
pub fn save_intake_section(
    state: State<'_, AppState>,
    id: WorkOrderId,
    section: IntakeSection,
) -> CmdResult<WorkOrderDetail> {
    state
        .store
        .save_intake_section(id, &section, now())
        .map_err(to_ui(&state))
}

/// Chooses the job's repair category; refused once the settlement is signed.
#[tauri::command(async)]
#[specta::specta]
pub fn set_repair_category(
    state: State<'_, AppState>,
    id: WorkOrderId,
    category: RepairCategory,
) -> CmdResult<WorkOrderDetail> {
    let store = &state.store;
    store
        .set_repair_category(id, category, now())
        .and_then(|()| store.get_work_order(id))
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_work_order_status(
    state: State<'_, AppState>,
    id: WorkOrderId,
    status: WorkOrderStatus,
) -> CmdResult<WorkOrderDetail> {
    state
        .store
        .set_work_order_status(id, status, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn cancel_work_order(
    state: State<'_, AppState>,
    id: WorkOrderId,
    reason: String,
) -> CmdResult<WorkOrderDetail> {
    state
        .store
        .cancel_work_order(id, &reason, now())
        .map_err(to_ui(&state))
}

/// Signs in `input.role`; the customer's signature freezes the intake and archives the
/// signed form (returned as `archived`).
#[tauri::command(async)]
#[specta::specta]
pub fn sign_work_order(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: SignatureInput,
) -> CmdResult<SignOutcome> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    archive::sign_and_archive(&state.store, &state.data_dir, fonts, id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_amendment(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: AmendmentInput,
) -> CmdResult<WorkOrderDetail> {
    state
        .store
        .add_amendment(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn countersign_amendment(
    state: State<'_, AppState>,
    amendment: AmendmentId,
    input: SignatureInput,
) -> CmdResult<WorkOrderDetail> {
    state
        .store
        .countersign_amendment(&state.data_dir, amendment, &input, now())
        .map_err(to_ui(&state))
}

/// Checks everything the signed job rests on and names each part that fails.
#[tauri::command(async)]
#[specta::specta]
pub fn verify_work_order(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<VerifyReport> {
    verify::verify_work_order(&state.store, &state.data_dir, id).map_err(to_ui(&state))
}

/// The jobs still at the shop, for Today.
#[tauri::command(async)]
#[specta::specta]
pub fn list_open_work_orders(state: State<'_, AppState>) -> CmdResult<Vec<WorkOrderSummary>> {
    state
        .store
        .list_open_work_orders(now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_work_orders(
    state: State<'_, AppState>,
    filter: WorkOrderFilter,
) -> CmdResult<WorkOrderPage> {
    state
        .store
        .list_work_orders(&filter, now())
        .map_err(to_ui(&state))
}

/// The customer file's job history, newest first.
#[tauri::command(async)]
#[specta::specta]
pub fn customer_work_orders(
    state: State<'_, AppState>,
    customer: CustomerId,
) -> CmdResult<Vec<WorkOrderSummary>> {
    state
        .store
        .work_orders_for_customer(customer, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_inspection_template(state: State<'_, AppState>) -> CmdResult<InspectionTemplate> {
    state.store.get_inspection_template().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_inspection_template(
    state: State<'_, AppState>,
    template: InspectionTemplate,
) -> CmdResult<InspectionTemplate> {
    state
        .store
        .save_inspection_template(&template)
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn reset_inspection_template(state: State<'_, AppState>) -> CmdResult<InspectionTemplate> {
    state
        .store
        .reset_inspection_template()
        .map_err(to_ui(&state))
}

/// The belongings the desk adds with one click.
#[tauri::command(async)]
#[specta::specta]
pub fn quick_belongings() -> Vec<QuickBelonging> {
    quick_list()
}

/// Asks for photo files in the system's file dialog (opened here: the window passes no
/// paths) and takes them in; empty when the dialog was cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn pick_photos(app: tauri::AppHandle, state: State<'_, AppState>) -> CmdResult<Vec<PhotoRef>> {
    let chosen = app
        .dialog()
        .file()
        .add_filter("Photos", &["jpg", "jpeg", "png", "webp"])
        .blocking_pick_files()
        .unwrap_or_default();
    let mut photos = Vec::new();
    for file in chosen {
        let path = file.into_path().map_err(|_| dialog_failed(&state))?;
        photos.push(photos::store_photo_file(&state.data_dir, &path).map_err(to_ui(&state))?);
    }
    Ok(photos)
}

/// Asks where to save a `.<ext>` file in the system's save dialog (opened here, so the
/// page never names a path); `None` when the dialog was cancelled. The core checks the
/// place before anything is written.
pub(crate) fn ask_save_path(
    app: &tauri::AppHandle,
    state: &AppState,
    ext: &str,
    suggested: String,
) -> CmdResult<Option<std::path::PathBuf>> {
    // An end-to-end test answers with a folder: the form is saved there under its name.
    if let Some(folder) = super::export::e2e_pick() {
        return Ok(Some(folder.join(suggested)));
    }
    let Some(chosen) = app
        .dialog()
        .file()
        .add_filter(ext.to_uppercase(), &[ext])
        .set_file_name(suggested)
        .blocking_save_file()
    else {
        return Ok(None);
    };
    chosen
        .into_path()
        .map(Some)
        .map_err(|_| dialog_failed(state))
}

/// The job's number, for a file name.
pub(crate) fn job_number(state: &AppState, id: WorkOrderId) -> CmdResult<String> {
    Ok(state
        .store
        .get_work_order(id)
        .map_err(to_ui(state))?
        .work_order
        .number)
}

pub(crate) fn dialog_failed(state: &AppState) -> garage_core::ErrorPayload {
    to_ui(state)(CoreError::conflict(Reason::DialogFailed))
}

/// Takes in a camera capture sent as base64.
#[tauri::command(async)]
#[specta::specta]
pub fn store_photo_bytes(state: State<'_, AppState>, base64: String) -> CmdResult<PhotoRef> {
    photos::store_photo_base64(&state.data_dir, &base64).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn photo_data_url(state: State<'_, AppState>, name: String) -> CmdResult<String> {
    photos::photo_data_url(&state.data_dir, &name).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn signature_data_url(state: State<'_, AppState>, id: SignatureId) -> CmdResult<String> {
    state
        .store
        .signature_data_url(&state.data_dir, id)
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_archived_forms(
    state: State<'_, AppState>,
    id: WorkOrderId,
) -> CmdResult<Vec<ArchivedFormFile>> {
    archive::archived_form_files(&state.store, &state.data_dir, id).map_err(to_ui(&state))
}

/// Writes the signed original still missing from the archive (after a failed write);
/// returns the original when it is already there.
#[tauri::command(async)]
#[specta::specta]
pub fn archive_signed_form(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<ArchivedForm> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    archive::archive_signed_form(&state.store, &state.data_dir, fonts, id, now())
        .map_err(to_ui(&state))
}

/// The language and COPY marking a printing would have, for the print panel.
#[tauri::command(async)]
#[specta::specta]
pub fn plan_printing(
    state: State<'_, AppState>,
    id: WorkOrderId,
    lang: Option<FormLang>,
) -> CmdResult<PrintPlan> {
    work_order::plan_printing(&state.store, id, lang).map_err(to_ui(&state))
}

/// Save as…: asks where in the system's save dialog (opened here, so the window never
/// names a path), then writes the PDF there; `None` when the dialog was cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn save_work_order_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: PrintRequest,
) -> CmdResult<Option<String>> {
    let number = job_number(&state, request.id)?;
    let suggested = format!("{number}.pdf");
    super::paper::save(
        &app,
        &state,
        &request,
        suggested,
        work_order::save_work_order_pdf,
    )
}

/// Writes the PDF into the data folder, opens it in the system's PDF viewer and returns
/// its path.
#[tauri::command(async)]
#[specta::specta]
pub fn open_work_order_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: PrintRequest,
) -> CmdResult<String> {
    super::paper::open(&app, &state, &request, work_order::print_copy_path)
}

/// Opens an archived signed form (a file under the data folder's `forms/`) in the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_archived_form(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: WorkOrderId,
    form: ArchivedFormId,
) -> CmdResult<String> {
    let files =
        archive::archived_form_files(&state.store, &state.data_dir, id).map_err(to_ui(&state))?;
    let file = files
        .into_iter()
        .find(|f| f.form.id == form)
        .ok_or_else(|| to_ui(&state)(CoreError::NotFound { what: "form" }))?;
    let path = std::path::PathBuf::from(&file.path);
    show_in_viewer(&app, &state, &path)?;
    Ok(file.path)
}

/// The system's default viewer, from Rust: the window itself may open no local paths.
pub(crate) fn show_in_viewer(
    app: &tauri::AppHandle,
    state: &AppState,
    path: &std::path::Path,
) -> CmdResult<()> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            eprintln!(
                "garage-desk: cannot open {} in the PDF viewer: {e}",
                path.display()
            );
            to_ui(state)(CoreError::conflict(Reason::ViewerFailed))
        })
}

/// Prints with `lp` where it exists; otherwise `sentToPrinter` is false and `path` is
/// opened in the system's PDF viewer to print from there.
#[tauri::command(async)]
#[specta::specta]
pub fn print_work_order(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: PrintRequest,
) -> CmdResult<PrintOutcome> {
    super::paper::print(&app, &state, &request, work_order::print_work_order)
}
