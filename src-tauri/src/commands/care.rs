//! The customer file's care from the window: a vehicle's kind, purchase and interval, the
//! customer's wishes, contacts without a job, the due list and its reminders, lost
//! customers, the care settings, a questioned odometer reading kept on the desk's word,
//! and the customer file sheet (open, save, print). Each one core call.
use garage_core::desk::print::customer_file::{
    customer_file_lang, customer_file_name, customer_file_print_path, print_customer_file,
    save_customer_file_pdf, CustomerFileRequest,
};
use garage_core::desk::print::work_order::PrintOutcome;
use garage_core::domain::care::{
    CareSettings, ContactInput, CustomerContact, DueList, LostCustomers, VehicleCareInput,
};
use garage_core::domain::care_file::CareFile;
use garage_core::ids::{CustomerId, VehicleId};
use garage_core::vehicle::OdometerInput;
use tauri::State;

use super::{now, paper};
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn save_vehicle_care(
    state: State<'_, AppState>,
    vehicle_id: VehicleId,
    input: VehicleCareInput,
) -> CmdResult<VehicleCareInput> {
    state
        .store
        .save_vehicle_care(vehicle_id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_customer_wishes(
    state: State<'_, AppState>,
    customer_id: CustomerId,
    wishes: String,
) -> CmdResult<String> {
    state
        .store
        .save_customer_wishes(customer_id, &wishes, now())
        .map_err(to_ui(&state))
}

/// A contact without a job: a call, a question, a walk-in, a reminder, a lost call.
#[tauri::command(async)]
#[specta::specta]
pub fn record_contact(
    state: State<'_, AppState>,
    customer_id: CustomerId,
    input: ContactInput,
) -> CmdResult<CustomerContact> {
    state
        .store
        .record_contact(customer_id, &input, now())
        .map_err(to_ui(&state))
}

/// The file's care and history: wishes, each vehicle's care and next service, contacts,
/// jobs and payments.
#[tauri::command(async)]
#[specta::specta]
pub fn care_file(state: State<'_, AppState>, customer_id: CustomerId) -> CmdResult<CareFile> {
    state
        .store
        .care_file(customer_id, now())
        .map_err(to_ui(&state))
}

/// Who is due this month or overdue, in urgency bands, today.
#[tauri::command(async)]
#[specta::specta]
pub fn service_due_list(state: State<'_, AppState>) -> CmdResult<DueList> {
    state
        .store
        .service_due_list(now().date())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_service_reminder(
    state: State<'_, AppState>,
    vehicle_id: VehicleId,
    note: String,
    staff: String,
) -> CmdResult<CustomerContact> {
    state
        .store
        .record_service_reminder(vehicle_id, &note, &staff, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn lost_customers(state: State<'_, AppState>) -> CmdResult<LostCustomers> {
    state
        .store
        .lost_customers(now().date())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn care_settings(state: State<'_, AppState>) -> CmdResult<CareSettings> {
    state.store.care_settings().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_care_settings(
    state: State<'_, AppState>,
    settings: CareSettings,
) -> CmdResult<CareSettings> {
    state
        .store
        .save_care_settings(&settings)
        .map_err(to_ui(&state))
}

/// Files a reading the desk confirmed after it was questioned; kept as doubtful.
#[tauri::command(async)]
#[specta::specta]
pub fn keep_odometer_reading(
    state: State<'_, AppState>,
    vehicle_id: VehicleId,
    input: OdometerInput,
) -> CmdResult<()> {
    state
        .store
        .keep_odometer_reading(vehicle_id, &input, now())
        .map(|_| ())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn open_customer_file_sheet(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: CustomerFileRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, customer_file_print_path)
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_customer_file_sheet(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: CustomerFileRequest,
) -> CmdResult<Option<String>> {
    let lang = customer_file_lang(&state.store, request.id, request.lang).map_err(to_ui(&state))?;
    let suggested = customer_file_name(request.id, lang);
    paper::save(&app, &state, &request, suggested, save_customer_file_pdf)
}

#[tauri::command(async)]
#[specta::specta]
pub fn print_customer_file_sheet(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: CustomerFileRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_customer_file)
}
