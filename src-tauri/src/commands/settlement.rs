//! Closing a job from the window: the final check and the pickup call, the settlement and
//! its signature, payments, the supervisor's approvals, the exit notice and the handover;
//! the staff, the receivables and the day's figures. Thin: every rule is in
//! `garage_core::settlement` and the store.
use chrono::NaiveDate;
use garage_core::desk::print::settlement::{
    print_settle_form, save_settle_pdf, settle_print_copy, settle_save_name,
    sign_and_archive_settlement, SettlePrintRequest,
};
use garage_core::desk::print::work_order::{builtin_fonts, PrintOutcome};
use garage_core::ids::{ApprovalId, CustomerId, PaymentId, StaffId, WorkOrderId};
use garage_core::intake::WorkOrderDetail;
use garage_core::settlement::actions;
use garage_core::settlement::day::DayFigures;
use garage_core::settlement::exit::{ExitInput, ExitNotice, HandoverChecklist, HandoverInput};
use garage_core::settlement::payment::{
    CreditNote, CreditNoteInput, CustomerBalance, Payment, PaymentInput, PaymentMethod,
    Receivables, RefundInput,
};
use garage_core::settlement::pickup::{
    PickupCallInput, PickupCallTask, PickupCalls, PickupCheck, ReadyInput, SettlementSettings,
};
use garage_core::settlement::rules_text::{read_desk_rules as read_rules_text, DeskRulesText};
use garage_core::settlement::staff::{
    ApprovalRequest, PinChange, Staff, StaffInput, SupervisorApproval,
};
use garage_core::settlement::supervision::SupervisorWord;
use garage_core::settlement::{Settlement, SettlementDraftInput};
use garage_core::store::journal::{JournalFilter, JournalView};
use garage_core::store::settlements::SettlementSignInput;
use tauri::State;

use super::now;
use super::paper;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn list_staff(state: State<'_, AppState>) -> CmdResult<Vec<Staff>> {
    state.store.list_staff().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_staff(
    state: State<'_, AppState>,
    id: Option<StaffId>,
    input: StaffInput,
    word: Option<SupervisorWord>,
) -> CmdResult<Staff> {
    state
        .store
        .save_staff(id, &input, word.as_ref(), now())
        .map_err(to_ui(&state))
}

/// Sets a supervisor's PIN (with the old one, or another supervisor's word); only its
/// argon2 hash is kept.
#[tauri::command(async)]
#[specta::specta]
pub fn set_supervisor_pin(
    state: State<'_, AppState>,
    id: StaffId,
    change: PinChange,
) -> CmdResult<Staff> {
    let mut change = change;
    change.pin = change.pin.chars().take(64).collect();
    state
        .store
        .set_supervisor_pin(id, &change, now())
        .map_err(to_ui(&state))
}

/// The supervisor confirms the clock had run ahead: numbers go on in the later year.
#[tauri::command(async)]
#[specta::specta]
pub fn confirm_clock_ran_ahead(
    state: State<'_, AppState>,
    word: Option<SupervisorWord>,
) -> CmdResult<i32> {
    state
        .store
        .confirm_clock_ran_ahead(word.as_ref(), now())
        .map_err(to_ui(&state))
}

/// The guarded-actions journal, filtered by person, kind and day (newest first).
#[tauri::command(async)]
#[specta::specta]
pub fn guard_journal(state: State<'_, AppState>, filter: JournalFilter) -> CmdResult<JournalView> {
    let mut filter = filter;
    filter.person = filter.person.map(|p| p.chars().take(100).collect());
    filter.kind = filter.kind.map(|k| k.chars().take(100).collect());
    state.store.journal_view(&filter).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn acting_staff(state: State<'_, AppState>) -> CmdResult<Option<Staff>> {
    state.store.acting_staff().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_acting_staff(state: State<'_, AppState>, id: StaffId) -> CmdResult<Staff> {
    state.store.set_acting_staff(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_settlement_settings(state: State<'_, AppState>) -> CmdResult<SettlementSettings> {
    state.store.get_settlement_settings().map_err(to_ui(&state))
}

/// The rules form as typed, read into settings: each field that is not a number comes
/// back as a field error.
#[tauri::command(async)]
#[specta::specta]
pub fn read_desk_rules(
    state: State<'_, AppState>,
    text: DeskRulesText,
) -> CmdResult<SettlementSettings> {
    read_rules_text(&text).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_settlement_settings(
    state: State<'_, AppState>,
    settings: SettlementSettings,
    word: Option<SupervisorWord>,
) -> CmdResult<SettlementSettings> {
    state
        .store
        .save_settlement_settings(&settings, word.as_ref(), now())
        .map_err(to_ui(&state))
}

/// Checks a supervisor's PIN (at most five tries a minute) and records the approval.
#[tauri::command(async)]
#[specta::specta]
pub fn approve_as_supervisor(
    state: State<'_, AppState>,
    request: ApprovalRequest,
) -> CmdResult<SupervisorApproval> {
    let mut request = request;
    request.pin = request.pin.chars().take(64).collect();
    state
        .store
        .approve_as_supervisor(&request, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn mark_ready(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: ReadyInput,
) -> CmdResult<PickupCheck> {
    state
        .store
        .mark_ready(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn pickup_check(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<Option<PickupCheck>> {
    state.store.pickup_check(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_pickup_call(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: PickupCallInput,
) -> CmdResult<PickupCalls> {
    state
        .store
        .record_pickup_call(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn pickup_calls(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<PickupCalls> {
    state.store.pickup_calls_view(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_settlement(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<Settlement> {
    state.store.settlement(id, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_settlement_draft(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: SettlementDraftInput,
) -> CmdResult<Settlement> {
    state
        .store
        .save_settlement_draft(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn sign_settlement(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: SettlementSignInput,
) -> CmdResult<Settlement> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    sign_and_archive_settlement(&state.store, &state.data_dir, fonts, id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_payments(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<Vec<Payment>> {
    state.store.payments(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_payment(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: PaymentInput,
) -> CmdResult<Payment> {
    state
        .store
        .record_payment(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn void_payment(
    state: State<'_, AppState>,
    payment: PaymentId,
    approval: ApprovalId,
    reason: String,
) -> CmdResult<Payment> {
    let reason: String = reason.chars().take(500).collect();
    state
        .store
        .void_payment(payment, approval, &reason, now())
        .map_err(to_ui(&state))
}

/// Reopens a signed settlement for a correction, with the supervisor's approval; the
/// signed one stays on record (refused once the exit notice is issued).
#[tauri::command(async)]
#[specta::specta]
pub fn reopen_settlement(
    state: State<'_, AppState>,
    id: WorkOrderId,
    approval: ApprovalId,
) -> CmdResult<Settlement> {
    state
        .store
        .reopen_settlement(id, approval, now())
        .map_err(to_ui(&state))
}

/// Pays money back to the customer (a refund row; nothing is deleted), with the
/// supervisor's approval and the reason given at the PIN; never more than was paid.
#[tauri::command(async)]
#[specta::specta]
pub fn refund_payment(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: RefundInput,
) -> CmdResult<Payment> {
    state
        .store
        .refund_payment(id, &input, now())
        .map_err(to_ui(&state))
}

/// A correction of a signed settlement (红字): takes an amount off with the supervisor,
/// numbered CN-YYYY-NNNNN; the signed settlement itself is never edited.
#[tauri::command(async)]
#[specta::specta]
pub fn issue_credit_note(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: CreditNoteInput,
) -> CmdResult<CreditNote> {
    state
        .store
        .issue_credit_note(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_credit_notes(
    state: State<'_, AppState>,
    id: WorkOrderId,
) -> CmdResult<Vec<CreditNote>> {
    state.store.credit_notes(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_receivables(state: State<'_, AppState>) -> CmdResult<Receivables> {
    state.store.receivables_view().map_err(to_ui(&state))
}

/// The change of a cash payment as the cashier types it; `None` when there is none.
#[tauri::command(async)]
#[specta::specta]
pub fn cash_change(method: PaymentMethod, amount_minor: i64, tendered_minor: i64) -> Option<i64> {
    actions::cash_change(method, amount_minor, tendered_minor)
}

/// Whether an amount can be a credit note or a refund, before the supervisor is called.
#[tauri::command(async)]
#[specta::specta]
pub fn check_correction_amount(state: State<'_, AppState>, amount_minor: i64) -> CmdResult<i64> {
    actions::check_correction_amount(amount_minor).map_err(to_ui(&state))
}

/// What one customer owes across their settled jobs, for the customer file.
#[tauri::command(async)]
#[specta::specta]
pub fn customer_balance(
    state: State<'_, AppState>,
    customer: CustomerId,
) -> CmdResult<CustomerBalance> {
    state
        .store
        .customer_balance(customer)
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn issue_exit_notice(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: ExitInput,
) -> CmdResult<ExitNotice> {
    state
        .store
        .issue_exit_notice(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_exit_notice(
    state: State<'_, AppState>,
    id: WorkOrderId,
) -> CmdResult<Option<ExitNotice>> {
    state.store.exit_notice(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn handover_checklist(
    state: State<'_, AppState>,
    id: WorkOrderId,
) -> CmdResult<HandoverChecklist> {
    state.store.handover_checklist(id).map_err(to_ui(&state))
}

/// The belongings, documents and keys handed back and signed for: the job is Collected.
#[tauri::command(async)]
#[specta::specta]
pub fn hand_over(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: HandoverInput,
) -> CmdResult<WorkOrderDetail> {
    state
        .store
        .hand_over(&state.data_dir, id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn day_figures(state: State<'_, AppState>, date: NaiveDate) -> CmdResult<DayFigures> {
    state.store.day_figures(date).map_err(to_ui(&state))
}

/// Ready jobs whose customer has not been reached yet, by when to call: for Today.
#[tauri::command(async)]
#[specta::specta]
pub fn pickup_call_tasks(state: State<'_, AppState>) -> CmdResult<Vec<PickupCallTask>> {
    state.store.pickup_call_tasks(now()).map_err(to_ui(&state))
}

/// Save as…: the settlement slip, a receipt or the service card, where the user picks.
#[tauri::command(async)]
#[specta::specta]
pub fn save_settle_form_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: SettlePrintRequest,
) -> CmdResult<Option<String>> {
    let suggested = settle_save_name(&state.store, &request).map_err(to_ui(&state))?;
    paper::save(&app, &state, &request, suggested, save_settle_pdf)
}

/// Writes the form into the data folder and opens it in the system's PDF viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_settle_form_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: SettlePrintRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, settle_print_copy)
}

/// Prints with `lp` where it exists, else opens the PDF in the viewer to print from there.
#[tauri::command(async)]
#[specta::specta]
pub fn print_settle_form_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: SettlePrintRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_settle_form)
}
