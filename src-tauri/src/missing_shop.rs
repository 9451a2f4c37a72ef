//! The one question asked before the window exists: the shop's folder was used before but
//! its database is gone (an unplugged drive, a wrong folder). Nothing is created until the
//! person at the desk chooses: the right folder, or a new empty shop on purpose.
use std::path::{Path, PathBuf};

use garage_core::i18n::{tr, Lang};
use rfd::{MessageButtons, MessageDialog, MessageDialogResult, MessageLevel};

pub enum Answer {
    Folder(PathBuf),
    StartNew,
    Quit,
}

/// Asks on screen (in English and 简体中文: the shop's language is in the missing database).
pub fn ask(data_dir: &Path) -> Answer {
    let choose = "Choose the folder… 选择文件夹…".to_string();
    let start = "Start a new shop here 在此新建店铺".to_string();
    let quit = "Quit 退出".to_string();
    let text = format!(
        "{}\n\n{}\n\n{}",
        tr(Lang::En, "error.shop.database_missing"),
        tr(Lang::ZhHans, "error.shop.database_missing"),
        data_dir.display()
    );
    let answer = MessageDialog::new()
        .set_level(MessageLevel::Warning)
        .set_title("Garage Desk")
        .set_description(text)
        .set_buttons(MessageButtons::YesNoCancelCustom(
            choose.clone(),
            start.clone(),
            quit,
        ))
        .show();
    match answer {
        MessageDialogResult::Custom(label) if label == choose => rfd::FileDialog::new()
            .set_title("Garage Desk")
            .set_directory(data_dir)
            .pick_folder()
            .map_or(Answer::Quit, Answer::Folder),
        MessageDialogResult::Custom(label) if label == start => Answer::StartNew,
        _ => Answer::Quit,
    }
}
