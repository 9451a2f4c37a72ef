//! `garage-desk import customers FILE [--dry-run] [--skip-refused]`: the plan's totals
//! and every refused row on stdout, then (unless a dry run) all rows written or none.
use std::process::ExitCode;

use garage_core::customer_import::{ImportTotals, RowOutcome};
use garage_core::error::CoreError;
use garage_core::files::read_bounded;
use garage_core::i18n::{tr, Lang};
use garage_core::pricing::sheet::{SheetFormat, MAX_FILE_BYTES};
use garage_core::reason::Reason;
use garage_core::store::Store;

use crate::cli::Import;

fn print_totals(t: &ImportTotals) {
    println!(
        "rows {}: new customers {}, new vehicles {}, matched {}, duplicates {}, refused {}",
        t.rows, t.new_customers, t.new_vehicles, t.matched, t.duplicates, t.refused
    );
}

/// Runs `import customers`; the clock is read here, never in the core.
pub fn run(store: &Store, what: Import, lang: Lang) -> Result<ExitCode, CoreError> {
    let now = chrono::Local::now().naive_local();
    let Import::Customers {
        file,
        dry_run,
        skip_refused,
    } = what;
    let format = SheetFormat::of_path(&file)?;
    let bytes = read_bounded(
        &file,
        MAX_FILE_BYTES as u64,
        "file",
        Reason::ImportUnreadable,
    )?;
    let rows = store.customer_import_rows(&bytes, format, None, now)?;
    let totals = ImportTotals::of(&rows);
    print_totals(&totals);
    for row in rows.iter().filter(|r| r.outcome == RowOutcome::Refused) {
        let message = row
            .reason
            .map(|r| tr(lang, &format!("error.{}", r.as_str())))
            .unwrap_or_default();
        println!(
            "refused: row {} {} {}: {} ({message})",
            row.row,
            row.name,
            row.field.as_deref().unwrap_or(""),
            row.reason.map_or("", |r| r.as_str()),
        );
    }
    if dry_run {
        println!("dry run: nothing written");
        return Ok(ExitCode::SUCCESS);
    }
    if totals.refused > 0 && !skip_refused {
        println!(
            "nothing written: {} rows refused (fix them, or --skip-refused)",
            totals.refused
        );
        return Ok(ExitCode::from(1));
    }
    let written = store.apply_customer_import(&bytes, format, None, skip_refused, now)?;
    println!(
        "written: {} new customers, {} new vehicles",
        written.new_customers, written.vehicles_added
    );
    Ok(ExitCode::SUCCESS)
}
