//! The appointment book from the window: the booking settings, booking and changing, the
//! reminder call, the deposit and the supervisor's decision on it, cancelling, no-shows,
//! the arrival into a job, the booking board, Today's lists, the register and the tally.
//! Thin: every rule is in `garage_core::booking` and the desk's use cases.
use chrono::NaiveDate;
use garage_core::booking::board::{
    AppointmentView, AppointmentsToday, BookingBoard, BookingCheck, BookingWeek,
};
use garage_core::booking::tally::{RegisterRow, Tally};
use garage_core::booking::{
    Appointment, AppointmentInput, ArrivalInput, BookingSettings, DepositDecision, DepositInput,
    ReminderCallInput,
};
use garage_core::domain::appointment::Arrived;
use garage_core::ids::{AppointmentId, WorkOrderId};
use garage_core::settlement::supervision::SupervisorWord;
use tauri::State;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn booking_settings(state: State<'_, AppState>) -> CmdResult<BookingSettings> {
    state.store.booking_settings().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_booking_settings(
    state: State<'_, AppState>,
    input: BookingSettings,
) -> CmdResult<BookingSettings> {
    state
        .store
        .save_booking_settings(&input, now())
        .map_err(to_ui(&state))
}

/// What the form shows before saving: the day's load with the booking, whether it
/// overfills the day, the customer's no-shows, the least deposit, the reminder's time.
#[tauri::command(async)]
#[specta::specta]
pub fn check_booking(
    state: State<'_, AppState>,
    input: AppointmentInput,
    except: Option<AppointmentId>,
) -> CmdResult<BookingCheck> {
    state
        .store
        .check_booking(&input, except, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn book_appointment(
    state: State<'_, AppState>,
    input: AppointmentInput,
) -> CmdResult<Appointment> {
    state
        .store
        .book_appointment(&input, now())
        .map_err(to_ui(&state))
}

/// Changes or moves an open booking; `by` is who at the desk changed it.
#[tauri::command(async)]
#[specta::specta]
pub fn change_appointment(
    state: State<'_, AppState>,
    id: AppointmentId,
    input: AppointmentInput,
    by: String,
) -> CmdResult<Appointment> {
    state
        .store
        .change_appointment(id, &input, &by, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_appointment(state: State<'_, AppState>, id: AppointmentId) -> CmdResult<Appointment> {
    state.store.get_appointment(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_reminder_call(
    state: State<'_, AppState>,
    id: AppointmentId,
    input: ReminderCallInput,
) -> CmdResult<Appointment> {
    state
        .store
        .record_reminder_call(id, &input, now())
        .map_err(to_ui(&state))
}

/// Takes the deposit; less than half the parts' price needs the supervisor's `word`.
#[tauri::command(async)]
#[specta::specta]
pub fn take_deposit(
    state: State<'_, AppState>,
    id: AppointmentId,
    input: DepositInput,
    word: Option<SupervisorWord>,
) -> CmdResult<Appointment> {
    state
        .store
        .take_deposit(id, &input, word.as_ref(), now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn cancel_appointment(
    state: State<'_, AppState>,
    id: AppointmentId,
    reason: String,
) -> CmdResult<Appointment> {
    state
        .store
        .cancel_appointment(id, &reason, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn mark_no_show(state: State<'_, AppState>, id: AppointmentId) -> CmdResult<Appointment> {
    state.store.mark_no_show(id, now()).map_err(to_ui(&state))
}

/// The supervisor keeps or refunds the deposit of a cancelled or missed booking.
#[tauri::command(async)]
#[specta::specta]
pub fn decide_deposit(
    state: State<'_, AppState>,
    id: AppointmentId,
    decision: DepositDecision,
    reason: String,
    word: Option<SupervisorWord>,
) -> CmdResult<Appointment> {
    state
        .store
        .decide_deposit(id, decision, &reason, word.as_ref(), now())
        .map_err(to_ui(&state))
}

/// The car arrived: the booking becomes a job with its deposit carried.
#[tauri::command(async)]
#[specta::specta]
pub fn convert_appointment(
    state: State<'_, AppState>,
    id: AppointmentId,
    input: ArrivalInput,
) -> CmdResult<Arrived> {
    state
        .store
        .convert_appointment(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn booking_board(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<BookingBoard> {
    state.store.booking_board(from, to).map_err(to_ui(&state))
}

/// The week board holding `day` (today when none), with today and the weeks around it.
#[tauri::command(async)]
#[specta::specta]
pub fn booking_week(state: State<'_, AppState>, day: Option<NaiveDate>) -> CmdResult<BookingWeek> {
    state.store.booking_week(day, now()).map_err(to_ui(&state))
}

/// One booking with the buttons that apply now.
#[tauri::command(async)]
#[specta::specta]
pub fn appointment_view(
    state: State<'_, AppState>,
    id: AppointmentId,
) -> CmdResult<AppointmentView> {
    state
        .store
        .appointment_view(id, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn appointments_today(state: State<'_, AppState>) -> CmdResult<AppointmentsToday> {
    state.store.appointments_today(now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn appointment_register(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<Vec<RegisterRow>> {
    state
        .store
        .appointment_register(from, to)
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn appointment_tally(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<Tally> {
    state
        .store
        .appointment_tally(from, to)
        .map_err(to_ui(&state))
}

/// The booking a job came from, for the job and settle screens.
#[tauri::command(async)]
#[specta::specta]
pub fn appointment_for_job(
    state: State<'_, AppState>,
    id: WorkOrderId,
) -> CmdResult<Option<Appointment>> {
    state.store.appointment_for_job(id).map_err(to_ui(&state))
}
