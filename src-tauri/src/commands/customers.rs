//! Customer files: search, list, read, create, edit, archive, merge.
use garage_core::customer::{
    Customer, CustomerFile, CustomerInput, CustomerListQuery, CustomerPage,
};
use garage_core::error::FieldMessage;
use garage_core::ids::CustomerId;
use garage_core::intake::desk_day::dated;
use garage_core::search::{SearchHit, SearchRequest};
use tauri::State;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn search_customers(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> CmdResult<Vec<SearchHit>> {
    let request = SearchRequest {
        query,
        limit,
        include_archived: false,
    };
    state.store.search_with(&request).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_customers(
    state: State<'_, AppState>,
    query: CustomerListQuery,
) -> CmdResult<CustomerPage> {
    state.store.list_customers(&query).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_customer_file(state: State<'_, AppState>, id: CustomerId) -> CmdResult<CustomerFile> {
    state
        .store
        .get_customer_file(id)
        .map(|file| dated(file, now()))
        .map_err(to_ui(&state))
}

/// The rules a customer input breaks, localized, without saving anything.
#[tauri::command(async)]
#[specta::specta]
pub fn check_customer(state: State<'_, AppState>, input: CustomerInput) -> Vec<FieldMessage> {
    garage_core::validate::check_customer(&input)
        .into_iter()
        .map(|issue| issue.localized(state.lang()))
        .collect()
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_customer(state: State<'_, AppState>, input: CustomerInput) -> CmdResult<Customer> {
    state
        .store
        .create_customer(&input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_customer(
    state: State<'_, AppState>,
    id: CustomerId,
    input: CustomerInput,
) -> CmdResult<Customer> {
    state
        .store
        .update_customer(id, &input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn archive_customer(state: State<'_, AppState>, id: CustomerId) -> CmdResult<Customer> {
    state
        .store
        .archive_customer(id, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn unarchive_customer(state: State<'_, AppState>, id: CustomerId) -> CmdResult<Customer> {
    state
        .store
        .unarchive_customer(id, now())
        .map_err(to_ui(&state))
}

/// Moves everything of `absorb` into `keep` and archives `absorb`.
#[tauri::command(async)]
#[specta::specta]
pub fn merge_customers(
    state: State<'_, AppState>,
    keep: CustomerId,
    absorb: CustomerId,
) -> CmdResult<Customer> {
    state
        .store
        .merge_customers(keep, absorb, now())
        .map_err(to_ui(&state))
}
