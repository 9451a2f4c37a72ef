//! The exit notice from the command line: `print WO-… --form exit-notice` (a COPY once
//! the original is archived, the reprint logged under the acting staff member) and
//! `check-exit '<QR text>'`, the gate's check (exit 0 valid, 1 not).
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDateTime;
use garage_core::desk::print::exit_notice::{save_exit_notice_pdf, ExitPrintRequest};
use garage_core::error::CoreError;
use garage_core::forms::{FormFonts, FormLang};
use garage_core::settlement::gate::GateVerdict;
use garage_core::store::Store;
use garage_core::WorkOrderId;

/// Who a reprint from the command line is logged under.
const CLI_PRINTER: &str = "garage-desk print";

pub fn save_exit_notice(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    lang: Option<FormLang>,
    out: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf, CoreError> {
    let printed_by = store
        .acting_staff()?
        .map_or_else(|| CLI_PRINTER.to_string(), |staff| staff.name);
    let request = ExitPrintRequest {
        id,
        lang,
        printed_by,
    };
    save_exit_notice_pdf(store, data_dir, fonts, &request, out, now)
}

/// Prints the verdict on one line and exits 0 only for a valid pass.
pub fn check_exit(store: &Store, payload: &str) -> Result<ExitCode, CoreError> {
    let verdict = store.check_exit_pass(payload)?;
    let line = match &verdict {
        GateVerdict::Valid {
            exit,
            plate,
            job,
            collected,
        } => {
            let left = if *collected {
                "already collected"
            } else {
                "not collected yet"
            };
            format!("VALID {exit} {plate} {job} ({left})")
        }
        GateVerdict::Unreadable => "INVALID: not an exit-notice QR text".to_string(),
        GateVerdict::Unknown { exit } => format!("INVALID: no exit notice {exit} in this shop"),
        GateVerdict::Mismatch { exit, fields } => {
            format!("INVALID: {exit} differs in {}", fields.join(", "))
        }
        GateVerdict::SettlementReopened { exit } => {
            format!("INVALID: the settlement of {exit} was reopened")
        }
    };
    println!("check-exit: {line}");
    Ok(if verdict.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
