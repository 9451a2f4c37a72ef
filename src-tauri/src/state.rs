//! What every command shares: the open store, the data folder, and the language the user
//! reads error messages in.
use std::path::PathBuf;
use std::sync::{Mutex, RwLock};

use garage_core::export::restore::RestoreOutcome;
use garage_core::i18n::Lang;
use garage_core::pricing::import::ImportPlan;
use garage_core::restore_journal::RestoreRecovery;
use garage_core::store::Store;

/// What the window says once after a start: a restore carried out (with the counters it
/// kept at their highest), or a restore a crash stopped and the start finished (which
/// shop is open now).
#[derive(Debug, Clone, Default, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StartNotice {
    pub restored: Option<RestoreOutcome>,
    pub recovered: Option<RestoreRecovery>,
}

pub struct AppState {
    pub store: Store,
    pub data_dir: PathBuf,
    pub notice: StartNotice,
    pub export_run: ExportRun,
    ui_lang: RwLock<Lang>,
    /// The price-list import last shown to the user, waiting to be applied as shown.
    pending_import: Mutex<Option<ImportPlan>>,
    /// The customer list chosen for import, planned again for each mapping shown.
    customer_list: Mutex<Option<ChosenSheet>>,
}

/// A file chosen in the dialog, as read then.
#[derive(Clone)]
pub struct ChosenSheet {
    pub bytes: std::sync::Arc<Vec<u8>>,
    pub format: garage_core::pricing::sheet::SheetFormat,
}

impl AppState {
    pub fn new(store: Store, data_dir: PathBuf, ui_lang: Lang) -> Self {
        Self {
            store,
            data_dir,
            notice: StartNotice::default(),
            export_run: ExportRun::default(),
            ui_lang: RwLock::new(ui_lang),
            pending_import: Mutex::new(None),
            customer_list: Mutex::new(None),
        }
    }

    pub fn with_notice(mut self, notice: StartNotice) -> Self {
        self.notice = notice;
        self
    }

    pub fn lang(&self) -> Lang {
        self.ui_lang.read().map(|l| *l).unwrap_or(Lang::En)
    }

    pub fn set_lang(&self, lang: Lang) {
        if let Ok(mut l) = self.ui_lang.write() {
            *l = lang;
        }
    }

    pub fn set_pending_import(&self, plan: Option<ImportPlan>) {
        if let Ok(mut p) = self.pending_import.lock() {
            *p = plan;
        }
    }

    pub fn take_pending_import(&self) -> Option<ImportPlan> {
        self.pending_import.lock().ok().and_then(|mut p| p.take())
    }

    pub fn choose_customer_list(&self, sheet: Option<ChosenSheet>) {
        if let Ok(mut s) = self.customer_list.lock() {
            *s = sheet;
        }
    }

    pub fn chosen_customer_list(&self) -> Option<ChosenSheet> {
        self.customer_list.lock().ok().and_then(|s| s.clone())
    }
}

/// The export running in the background, if any: the window polls its progress and may
/// cancel it, and a second export waits for the first to end.
#[derive(Default)]
pub struct ExportRun {
    pub running: std::sync::atomic::AtomicBool,
    pub cancel: std::sync::atomic::AtomicBool,
    pub progress: std::sync::Mutex<Option<garage_core::export::progress::ExportProgress>>,
}
