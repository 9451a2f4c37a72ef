//! Work orders and their intake: open, fill in section by section, sign, amend, verify,
//! list, and print or archive the work-order form.
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::ids::{AmendmentId, ArchivedFormId, CustomerId, SignatureId, WorkOrderId};
use garage_core::intake::archive::{self, ArchivedForm, ArchivedFormFile, SignOutcome};
use garage_core::intake::print::{self, builtin_fonts, PrintOutcome, PrintRequest, PrintedFor};
use garage_core::intake::template::{quick_belongings as quick_list, QuickBelonging};
use garage_core::intake::{
    self, AmendmentInput, InspectionTemplate, IntakeSection, PhotoRef, SignatureInput,
    WorkOrderDetail,
};
use garage_core::work_order::{
    OpenWorkOrder, WorkOrderFilter, WorkOrderPage, WorkOrderStatus, WorkOrderSummary,
};
use tauri::State;

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

/// Whether the signed intake still matches its fingerprint.
#[tauri::command(async)]
#[specta::specta]
pub fn verify_intake(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<bool> {
    state.store.verify_intake(id).map_err(to_ui(&state))
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

/// Takes in a photo chosen in the file dialog.
#[tauri::command(async)]
#[specta::specta]
pub fn store_photo_file(state: State<'_, AppState>, path: String) -> CmdResult<PhotoRef> {
    intake::store_photo_file(&state.data_dir, std::path::Path::new(&path)).map_err(to_ui(&state))
}

/// Takes in a camera capture sent as base64.
#[tauri::command(async)]
#[specta::specta]
pub fn store_photo_bytes(state: State<'_, AppState>, base64: String) -> CmdResult<PhotoRef> {
    intake::photo::store_photo_base64(&state.data_dir, &base64).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn photo_data_url(state: State<'_, AppState>, name: String) -> CmdResult<String> {
    intake::photo_data_url(&state.data_dir, &name).map_err(to_ui(&state))
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

/// Archives the signed form again (e.g. in another language, or after a failed write).
#[tauri::command(async)]
#[specta::specta]
pub fn archive_signed_form(
    state: State<'_, AppState>,
    id: WorkOrderId,
    lang: FormLang,
) -> CmdResult<ArchivedForm> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    archive::archive_signed_form(&state.store, &state.data_dir, fonts, id, lang, now())
        .map_err(to_ui(&state))
}

/// Save as…: writes the work order PDF to `path`, returned.
#[tauri::command(async)]
#[specta::specta]
pub fn save_work_order_pdf(
    state: State<'_, AppState>,
    request: PrintRequest,
    path: String,
) -> CmdResult<String> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    print::save_work_order_pdf(
        &state.store,
        &state.data_dir,
        fonts,
        &request,
        std::path::Path::new(&path),
        now(),
    )
    .map(|p| p.display().to_string())
    .map_err(to_ui(&state))
}

/// Writes the PDF into the data folder, opens it in the system's PDF viewer and returns
/// its path.
#[tauri::command(async)]
#[specta::specta]
pub fn open_work_order_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: WorkOrderId,
    lang: FormLang,
    printed_for: PrintedFor,
) -> CmdResult<String> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    let path = print::print_copy_path(
        &state.store,
        &state.data_dir,
        fonts,
        id,
        lang,
        printed_for,
        now(),
    )
    .map_err(to_ui(&state))?;
    show_in_viewer(&app, &state, &path)?;
    Ok(path.display().to_string())
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
fn show_in_viewer(
    app: &tauri::AppHandle,
    state: &AppState,
    path: &std::path::Path,
) -> CmdResult<()> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            to_ui(state)(CoreError::Io(std::io::Error::other(format!(
                "cannot open {} in the PDF viewer: {e}",
                path.display()
            ))))
        })
}

/// Prints with `lp` where it exists; otherwise `sentToPrinter` is false and `path` is
/// opened in the system's PDF viewer to print from there.
#[tauri::command(async)]
#[specta::specta]
pub fn print_work_order(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: WorkOrderId,
    lang: FormLang,
    printed_for: PrintedFor,
) -> CmdResult<PrintOutcome> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    let outcome = print::print_work_order(
        &state.store,
        &state.data_dir,
        fonts,
        id,
        lang,
        printed_for,
        now(),
    )
    .map_err(to_ui(&state))?;
    if !outcome.sent_to_printer {
        show_in_viewer(&app, &state, std::path::Path::new(&outcome.path))?;
    }
    Ok(outcome)
}
