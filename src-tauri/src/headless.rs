//! The subcommands that run without a window, against the same store as the app.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::i18n::Lang;
use garage_core::intake::print::{builtin_fonts, save_work_order_pdf, PrintRequest, PrintedFor};
use garage_core::store::Store;

use crate::cli::Command;

pub fn run(command: Command, data_dir: &Path) -> ExitCode {
    let store = match Store::open_in_dir(data_dir) {
        Ok(store) => store,
        Err(e) => return fail(data_dir, e),
    };
    let outcome = match command {
        Command::DemoData { customers, seed } => {
            let now = chrono::Local::now().naive_local();
            garage_core::demo::generate(&store, customers, seed, now).map(|summary| {
                println!(
                    "demo-data: {} customers, {} vehicles, {} work orders written to {}",
                    summary.customers,
                    summary.vehicles,
                    summary.work_orders,
                    data_dir.display()
                );
            })
        }
        Command::Info => store.counts().map(|c| {
            println!("data folder: {}", data_dir.display());
            println!("customers:   {}", c.customers);
            println!("vehicles:    {}", c.vehicles);
        }),
        Command::Print {
            number,
            form,
            lang,
            out,
        } => {
            if form != "work-order" {
                eprintln!("garage-desk: unknown form {form:?} (known: work-order)");
                return ExitCode::from(2);
            }
            print(&store, data_dir, &number, lang, &out).map(|path| {
                println!("print: {number} written to {}", path.display());
            })
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(data_dir, e),
    }
}

fn print(
    store: &Store,
    data_dir: &Path,
    number: &str,
    lang: Option<FormLang>,
    out: &Path,
) -> Result<PathBuf, CoreError> {
    let id = store.find_work_order(number)?;
    let lang = match lang {
        Some(lang) => lang,
        None => {
            let settings = store.get_settings()?;
            settings
                .form_language
                .unwrap_or_else(|| settings.default_language.into())
        }
    };
    let request = PrintRequest {
        id,
        lang,
        printed_for: PrintedFor::Signed,
        // Once the signed original is archived, every printing is a copy and says so.
        reprint: !store.list_archived_forms(id)?.is_empty(),
    };
    let fonts = builtin_fonts()?;
    let now = chrono::Local::now().naive_local();
    save_work_order_pdf(store, data_dir, fonts, &request, out, now)
}

fn fail(data_dir: &Path, e: CoreError) -> ExitCode {
    eprintln!(
        "garage-desk: {} ({})",
        e.to_payload(Lang::En).message,
        data_dir.display()
    );
    ExitCode::from(2)
}
