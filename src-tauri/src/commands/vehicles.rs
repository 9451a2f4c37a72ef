//! Vehicles on a customer's file: create, edit, odometer readings, change of owner, archive.
use garage_core::domain::care::VehicleFacts;
use garage_core::error::FieldMessage;
use garage_core::ids::{CustomerId, VehicleId};
use garage_core::vehicle::{OdometerInput, Vehicle, VehicleInput};
use tauri::State;

use super::now;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// What is worth a warning but does not stop a save (a VIN whose check digit does not add
/// up), localized, shown while the advisor types.
#[tauri::command(async)]
#[specta::specta]
pub fn vehicle_warnings(state: State<'_, AppState>, input: VehicleInput) -> Vec<FieldMessage> {
    let lang = state.lang();
    garage_core::validate::vehicle_warnings(&input)
        .iter()
        .map(|issue| issue.localized(lang))
        .collect()
}

/// Files the vehicle form: the car with its kind, purchase date and dealer.
#[tauri::command(async)]
#[specta::specta]
pub fn create_vehicle(
    state: State<'_, AppState>,
    customer_id: CustomerId,
    input: VehicleInput,
    care: VehicleFacts,
) -> CmdResult<Vehicle> {
    state
        .store
        .add_vehicle_with_care(customer_id, &input, &care, now())
        .map_err(to_ui(&state))
}

/// Saves the vehicle form: the car with its kind, purchase date and dealer.
#[tauri::command(async)]
#[specta::specta]
pub fn update_vehicle(
    state: State<'_, AppState>,
    id: VehicleId,
    input: VehicleInput,
    care: VehicleFacts,
) -> CmdResult<Vehicle> {
    state
        .store
        .update_vehicle_with_care(id, &input, &care, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_odometer_reading(
    state: State<'_, AppState>,
    vehicle_id: VehicleId,
    input: OdometerInput,
) -> CmdResult<()> {
    state
        .store
        .add_odometer_reading(vehicle_id, &input, now())
        .map(|_| ())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn transfer_vehicle(
    state: State<'_, AppState>,
    vehicle_id: VehicleId,
    new_owner: CustomerId,
) -> CmdResult<Vehicle> {
    state
        .store
        .transfer_vehicle(vehicle_id, new_owner, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn archive_vehicle(state: State<'_, AppState>, id: VehicleId) -> CmdResult<Vehicle> {
    state
        .store
        .archive_vehicle(id, now())
        .map_err(to_ui(&state))
}
