//! How the command line tells a refusal. A terminal has no highlighted fields, so each
//! field issue is printed as `<argument>: <message>`, naming the argument the user typed
//! for the core's field, and what was not found as a sentence, all in the language asked
//! for (`--lang`), else the shop's.
use std::path::Path;
use std::process::ExitCode;

use garage_core::error::{CoreError, ErrorCode};
use garage_core::forms::FormLang;
use garage_core::i18n::Lang;
use garage_core::store::Store;

/// The command-line argument that carries a core field (`path` is where `--out` writes).
pub fn argument_of(field: &str) -> &str {
    match field {
        "path" => "--out",
        "target" => "--to",
        "passphrase" => "--passphrase-file",
        "bundle" | "backup" => "BUNDLE",
        "lang" => "--lang",
        "date" => "--date",
        "payload" => "PAYLOAD",
        other => other,
    }
}

/// The lines that tell `e` in `lang`, without the program's name: one per field issue,
/// else the error's message.
pub fn lines(e: &CoreError, lang: Lang) -> Vec<String> {
    let payload = e.to_payload(lang);
    if payload.fields.is_empty() {
        return vec![payload.message];
    }
    payload
        .fields
        .iter()
        .map(|f| format!("{}: {}", argument_of(&f.field), f.message))
        .collect()
}

/// Prints `e` on stderr (a storage error also names the data folder) and exits 2.
pub fn fail(lang: Lang, data_dir: &Path, e: CoreError) -> ExitCode {
    let storage = matches!(e.code(), ErrorCode::Storage | ErrorCode::SchemaTooNew);
    for line in lines(&e, lang) {
        if storage {
            eprintln!("garage-desk: {line} ({})", data_dir.display());
        } else {
            eprintln!("garage-desk: {line}");
        }
    }
    ExitCode::from(2)
}

/// Prints the catalogue's message `key` filled with `args` and exits 2: a refusal of the
/// command line itself (an argument that does not apply).
pub fn refuse(lang: Lang, key: &str, args: &[(&str, &str)]) -> ExitCode {
    eprintln!(
        "garage-desk: {}",
        garage_core::i18n::tr_with(lang, key, args)
    );
    ExitCode::from(2)
}

/// The language of the messages: the one asked for with `--lang` (the shop's for a
/// bilingual form), else the shop's.
pub fn message_lang(asked: Option<FormLang>, store: Option<&Store>, data_dir: &Path) -> Lang {
    match asked {
        Some(FormLang::En) => Lang::En,
        Some(FormLang::ZhHans) => Lang::ZhHans,
        Some(FormLang::ZhHant) => Lang::ZhHant,
        Some(FormLang::Bilingual) | None => match store.map(Store::get_settings) {
            Some(Ok(settings)) => settings.default_language,
            _ => garage_core::store::exports::language_of(
                &data_dir.join(garage_core::store::DB_FILE_NAME),
            ),
        },
    }
}
