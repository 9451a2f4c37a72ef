//! The shell's own folder dialogs are GTK windows outside the page, out of WebDriver's
//! reach: a debug build takes the folder "chosen" from a file named by
//! `GARAGE_DESK_E2E_PICK` (see `commands/export.rs`), which the test writes just before
//! the click that opens the dialog. Everything after the dialog runs as usual.

use std::path::Path;

use super::App;

impl App {
    /// The folder the next folder dialog answers with.
    pub fn answer_next_dialog(&self, folder: &Path) {
        let file = self.scratch.log("e2e-pick.txt");
        std::fs::write(&file, folder.to_string_lossy().as_bytes())
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    }
}
