//! The subcommands that run without a window, against the same store as the app.
use std::path::Path;
use std::process::ExitCode;

use garage_core::i18n::Lang;
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
                    "demo-data: {} customers, {} vehicles written to {}",
                    summary.customers,
                    summary.vehicles,
                    data_dir.display()
                );
            })
        }
        Command::Info => store.counts().map(|c| {
            println!("data folder: {}", data_dir.display());
            println!("customers:   {}", c.customers);
            println!("vehicles:    {}", c.vehicles);
        }),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(data_dir, e),
    }
}

fn fail(data_dir: &Path, e: garage_core::error::CoreError) -> ExitCode {
    eprintln!(
        "garage-desk: {} ({})",
        e.to_payload(Lang::En).message,
        data_dir.display()
    );
    ExitCode::from(2)
}
