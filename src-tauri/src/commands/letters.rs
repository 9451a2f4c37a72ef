//! Follow-up letters (跟踪服务信函): the templates, the group's preview, sending a mailing
//! into the letter register, the register itself, and opening, saving or printing a
//! mailing's letters or labels and the register — each one core call (`desk::letters`,
//! `desk::print::letters`).
use chrono::NaiveDate;
use garage_core::desk::letters::{LetterPreview, LettersScreen, MailingRequest};
use garage_core::desk::print::day_report::day_report_lang;
use garage_core::desk::print::letters::{
    letter_register_file_name, letter_register_print_path, mailing_file_name, mailing_print_path,
    print_letter_register, print_mailing, save_letter_register_pdf, save_mailing_pdf,
    LetterRegisterRequest, MailingPrintRequest,
};
use garage_core::desk::print::work_order::PrintOutcome;
use garage_core::letters::{LetterTemplate, LetterTemplateInput, Mailing};
use tauri::State;

use super::now;
use super::paper;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// The Letters view's first load: the templates, today and the register's range.
#[tauri::command(async)]
#[specta::specta]
pub fn letters_screen(state: State<'_, AppState>) -> CmdResult<LettersScreen> {
    state
        .store
        .letters_screen(now().date())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn letter_templates(state: State<'_, AppState>) -> CmdResult<Vec<LetterTemplate>> {
    state.store.letter_templates().map_err(to_ui(&state))
}

/// Adds or changes a template; an unknown placeholder is refused next to its field.
#[tauri::command(async)]
#[specta::specta]
pub fn save_letter_template(
    state: State<'_, AppState>,
    input: LetterTemplateInput,
) -> CmdResult<LetterTemplate> {
    state
        .store
        .save_letter_template(&input, now())
        .map_err(to_ui(&state))
}

/// How many customers the group names, the first rows, who has no address, and an event
/// letter's timing.
#[tauri::command(async)]
#[specta::specta]
pub fn letter_preview(
    state: State<'_, AppState>,
    request: MailingRequest,
) -> CmdResult<LetterPreview> {
    state
        .store
        .letter_preview(&request, now().date())
        .map_err(to_ui(&state))
}

/// Sends the mailing: its letters composed and recorded in the register.
#[tauri::command(async)]
#[specta::specta]
pub fn send_mailing(state: State<'_, AppState>, request: MailingRequest) -> CmdResult<Mailing> {
    state
        .store
        .send_mailing(&request, now())
        .map_err(to_ui(&state))
}

/// The letter register of the days `from..=to`.
#[tauri::command(async)]
#[specta::specta]
pub fn letter_register(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<Vec<Mailing>> {
    state.store.letter_register(from, to).map_err(to_ui(&state))
}

/// Writes a mailing's letters or labels into the data folder and opens them.
#[tauri::command(async)]
#[specta::specta]
pub fn open_mailing(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: MailingPrintRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, mailing_print_path)
}

/// Asks where to save a mailing's letters or labels and writes them there.
#[tauri::command(async)]
#[specta::specta]
pub fn save_mailing(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: MailingPrintRequest,
) -> CmdResult<Option<String>> {
    let mailing = state
        .store
        .mailing(request.mailing_id)
        .map_err(to_ui(&state))?;
    let suggested = mailing_file_name(&mailing, request.output);
    paper::save(&app, &state, &request, suggested, save_mailing_pdf)
}

/// Prints a mailing's letters or labels with `lp`, else opens them to print from the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn print_mailing_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: MailingPrintRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_mailing)
}

#[tauri::command(async)]
#[specta::specta]
pub fn open_letter_register(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: LetterRegisterRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, letter_register_print_path)
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_letter_register(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: LetterRegisterRequest,
) -> CmdResult<Option<String>> {
    let lang = day_report_lang(&state.store, request.lang).map_err(to_ui(&state))?;
    let suggested = letter_register_file_name(&request, lang);
    paper::save(&app, &state, &request, suggested, save_letter_register_pdf)
}

#[tauri::command(async)]
#[specta::specta]
pub fn print_letter_register_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: LetterRegisterRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_letter_register)
}
