//! Printing the settlement's paper: the settlement slip (结算单), the receipt of one
//! payment (收据, A4 or an 80 mm roll) and the after-sales service card (售后服务卡) —
//! rendered, saved where the user asks, written to `print/` for the viewer or sent to the
//! printer. The signed slip is archived once to `<data_dir>/forms/` (through the one
//! path every archived form takes) when the customer signs; every later printing of it
//! is a COPY.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::settlement_docs::{credit_note_doc, receipt_doc, service_card_doc, settlement_doc};
use crate::desk::archive::ArchivedForm;
use crate::desk::archive::{archive_failure, keep_original, Original};
use crate::desk::print::work_order::write_print_copy;
use crate::desk::print::work_order::{check_save_target, plan_printing, PrintOutcome, PrintPlan};
use crate::error::{CoreError, Result};
use crate::files::write_durably;
use crate::forms::{self, FormFonts, FormLang, FormOptions, ReceiptWidth, Reprint};
use crate::ids::WorkOrderId;
use crate::intake::code_of;
use crate::reason::Reason;
use crate::settlement::{Settlement, SettlementStatus};
use crate::store::settlements::SettlementSignInput;
use crate::store::Store;

/// Which of the settlement's forms to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SettleForm {
    /// The settlement slip: the signed one, or the draft.
    Settlement,
    /// The receipt of payment `payment` (from 1, as listed; the latest when `None`).
    Receipt {
        payment: Option<u32>,
        width: ReceiptWidth,
    },
    /// The after-sales service card, once the settlement is signed.
    ServiceCard,
    /// Credit note `note` (from 1, as listed; the latest when `None`).
    CreditNote { note: Option<u32> },
}

/// One printing of a settlement form, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlePrintRequest {
    pub id: WorkOrderId,
    pub form: SettleForm,
    /// `None` prints in the language of the job's work order.
    pub lang: Option<FormLang>,
}

/// The `form` of a signed settlement's archive row: `settlement-SET-2026-00017`.
pub fn settlement_form_name(settlement_number: &str) -> String {
    format!("settlement-{settlement_number}")
}

/// The name Save as… suggests for `request`: the job's number and the language it prints
/// in.
pub fn settle_save_name(store: &Store, request: &SettlePrintRequest) -> Result<String> {
    let number = store.get_work_order(request.id)?.work_order.number;
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    Ok(settle_file_name(&number, &request.form, lang))
}

/// The file a printing is written under, e.g. `WO-2026-00042-receipt-2-80mm-en.pdf`.
pub fn settle_file_name(number: &str, form: &SettleForm, lang: FormLang) -> String {
    let what = match form {
        SettleForm::Settlement => "settlement".to_string(),
        SettleForm::Receipt { payment, width } => {
            let n = payment.map_or_else(|| "latest".to_string(), |n| n.to_string());
            match width {
                ReceiptWidth::A4 => format!("receipt-{n}"),
                ReceiptWidth::Mm80 => format!("receipt-{n}-80mm"),
            }
        }
        SettleForm::ServiceCard => "service-card".to_string(),
        SettleForm::CreditNote { note } => {
            let n = note.map_or_else(|| "latest".to_string(), |n| n.to_string());
            format!("credit-note-{n}")
        }
    };
    format!("{number}-{what}-{}.pdf", code_of(&lang))
}

/// The signed settlement's archive row, when it was archived.
fn archived(store: &Store, settlement: &Settlement) -> Result<Option<ArchivedForm>> {
    match (&settlement.number, settlement.status) {
        (Some(number), SettlementStatus::Signed) => {
            store.archived_form(settlement.work_order_id, &settlement_form_name(number))
        }
        _ => Ok(None),
    }
}

/// The PDF of one printing and its plan: in the work order's language unless asked
/// otherwise; the slip of a signed, archived settlement is a COPY.
pub fn render_settle_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &SettlePrintRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, PrintPlan)> {
    let id = request.id;
    let lang = plan_printing(store, id, request.lang)?.lang;
    let mut plan = PrintPlan { lang, copy: false };
    let mut options = FormOptions {
        created_at: Some(now),
        ..FormOptions::new(lang)
    };
    let pdf = match request.form {
        SettleForm::Settlement => {
            plan.copy = archived(store, &store.settlement(id, now)?)?.is_some();
            options.reprint = plan.copy.then_some(Reprint { printed_at: now });
            let doc = settlement_doc(store, data_dir, id, lang, false, now)?;
            forms::render_settlement(&doc, &options, fonts)?
        }
        SettleForm::Receipt { payment, width } => {
            let doc = receipt_doc(store, data_dir, id, payment, lang, now)?;
            forms::render_receipt(&doc, width, &options, fonts)?
        }
        SettleForm::ServiceCard => {
            let doc = service_card_doc(store, data_dir, id, lang, now)?;
            forms::render_service_card(&doc, &options, fonts)?
        }
        SettleForm::CreditNote { note } => {
            let doc = credit_note_doc(store, data_dir, id, note, lang)?;
            forms::render_credit_note(&doc, &options, fonts)?
        }
    };
    Ok((pdf, plan))
}

/// A signed slip whose archive could not be written is archived before it is printed:
/// the original stays the first rendering, and this printing is its COPY.
fn archive_first(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &SettlePrintRequest,
    now: NaiveDateTime,
) -> Result<()> {
    if request.form == SettleForm::Settlement
        && store.settlement(request.id, now)?.status == SettlementStatus::Signed
    {
        archive_settlement(store, data_dir, fonts, request.id, now)?;
    }
    Ok(())
}

/// Save as…: renders the form into `target` (a `.pdf` outside the data folder, see
/// [`check_save_target`]); a signed slip is archived first, so this is its COPY.
pub fn save_settle_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &SettlePrintRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    archive_first(store, data_dir, fonts, request, now)?;
    let (pdf, _plan) = render_settle_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing into the data folder's `print/` (a COPY is named so) for the
/// system viewer, and returns its path. A signed slip not archived yet is archived first.
pub fn settle_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &SettlePrintRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(request.id)?.work_order.number;
    archive_first(store, data_dir, fonts, request, now)?;
    let (pdf, plan) = render_settle_pdf(store, data_dir, fonts, request, now)?;
    let name = settle_file_name(&number, &request.form, plan.lang);
    write_print_copy(data_dir, &name, plan.copy, &pdf)
}

/// Prints the form on the default printer where `lp` exists.
pub fn print_settle_form(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &SettlePrintRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = settle_print_copy(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// Writes the signed settlement slip to `<data_dir>/forms/<number>-settlement-<lang>.pdf`
/// and lists it on the job as `settlement-<SET number>`, once, dated at the signing with
/// the payments taken until then. Called again it returns the original already archived.
/// Refused before the customer signs.
pub fn archive_settlement(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    let settlement = store.settlement(id, now)?;
    let (Some(set_number), Some(signed_at)) = (&settlement.number, settlement.signed_at) else {
        return Err(CoreError::conflict(Reason::SettlementNotSigned));
    };
    if let Some(original) = archived(store, &settlement)? {
        return Ok(original);
    }
    let lang = plan_printing(store, id, None)?.lang;
    let doc = settlement_doc(store, data_dir, id, lang, true, now)?;
    let options = FormOptions {
        created_at: Some(signed_at),
        ..FormOptions::new(lang)
    };
    let pdf = forms::render_settlement(&doc, &options, fonts)?;
    let base = settle_file_name(&settlement.work_order_number, &SettleForm::Settlement, lang);
    let base = base.replace("-settlement-", &format!("-settlement-{set_number}-"));
    let form = settlement_form_name(set_number);
    let original = Original {
        id,
        form: &form,
        lang,
        base: &base,
    };
    keep_original(store, data_dir, &original, &pdf, now)
}

/// The customer signs the settlement ([`Store::sign_settlement`]) and the signed slip is
/// archived. The signature stands even when the archive cannot be written (a full disk):
/// `archive_failed` says why, and the next printing of the slip archives it first.
pub fn sign_and_archive_settlement(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    input: &SettlementSignInput,
    now: NaiveDateTime,
) -> Result<Settlement> {
    let mut settlement = store.sign_settlement(data_dir, id, input, now)?;
    if let Err(e) = archive_settlement(store, data_dir, fonts, id, now) {
        settlement.archive_failed = Some(archive_failure("the settlement", id, &e));
    }
    Ok(settlement)
}
