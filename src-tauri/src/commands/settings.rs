//! The shop profile, the desk's preferences, and what the window needs to start.
use garage_core::i18n::currency::{currency_styles, CurrencyStyle};
use garage_core::i18n::Lang;
use garage_core::settings::ShopSettings;
use serde::Serialize;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::{to_ui, CmdResult};
use crate::state::{AppState, StartNotice};

/// Everything the first screen needs, in one call.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BootInfo {
    pub ui_language: Lang,
    pub settings: ShopSettings,
    pub data_dir: String,
    /// A restore done or finished at this start, said once in the window.
    pub notice: StartNotice,
    /// How money is written: the shop's currency first, then every other known one.
    pub currencies: Vec<CurrencyStyle>,
}

#[tauri::command(async)]
#[specta::specta]
pub fn boot_info(state: State<'_, AppState>) -> CmdResult<BootInfo> {
    let settings = state.store.get_settings().map_err(to_ui(&state))?;
    Ok(BootInfo {
        ui_language: state.lang(),
        currencies: currency_styles(&settings.currency),
        settings,
        data_dir: state.data_dir.display().to_string(),
        notice: state.notice.clone(),
    })
}

/// Switches the screens' language (and the language of error messages), remembered across
/// restarts.
#[tauri::command(async)]
#[specta::specta]
pub fn set_ui_language(state: State<'_, AppState>, lang: Lang) -> CmdResult<()> {
    state.store.set_ui_language(lang).map_err(to_ui(&state))?;
    state.set_lang(lang);
    Ok(())
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> CmdResult<ShopSettings> {
    state.store.get_settings().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_settings(
    state: State<'_, AppState>,
    settings: ShopSettings,
) -> CmdResult<ShopSettings> {
    state.store.save_settings(&settings).map_err(to_ui(&state))
}

/// Asks for a PNG in the system's file dialog (opened here: the window passes no path)
/// and takes it into the data folder as the shop's logo; `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn pick_shop_logo(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<ShopSettings>> {
    let Some(chosen) = app
        .dialog()
        .file()
        .add_filter("PNG", &["png"])
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|_| super::work_orders::dialog_failed(&state))?;
    garage_core::desk::logo::set_logo(&state.store, &state.data_dir, Some(&path))
        .map(Some)
        .map_err(to_ui(&state))
}

/// Removes the shop's logo from the settings (the file stays: signed forms refer to it).
#[tauri::command(async)]
#[specta::specta]
pub fn clear_shop_logo(state: State<'_, AppState>) -> CmdResult<ShopSettings> {
    garage_core::desk::logo::set_logo(&state.store, &state.data_dir, None).map_err(to_ui(&state))
}

/// The logo as a `data:` URL for the settings screen, if there is one.
#[tauri::command(async)]
#[specta::specta]
pub fn shop_logo(state: State<'_, AppState>) -> CmdResult<Option<String>> {
    garage_core::desk::logo::logo_data_url(&state.store, &state.data_dir).map_err(to_ui(&state))
}
