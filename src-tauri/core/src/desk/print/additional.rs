//! Printing a job's additional-items slip: every item of the Workshop view as an
//! [`AdditionalSlipDoc`] (the work order's header, customer and vehicle; each item's
//! finding, lines, figures, answer, calls and signature), rendered, saved where the user
//! asks, and archived under `<data_dir>/forms/` once per answer: the slip as it stood
//! when the n-th item was answered is `additional-items-<n>`. A printing of exactly an
//! archived slip is a COPY.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::archive::ArchivedForm;
use crate::desk::archive::{archive_failure, keep_original, Original};
use crate::desk::print::work_order::write_print_copy;
use crate::desk::print::work_order::{
    check_save_target, plan_printing, work_order_doc, PrintPlan, SignaturesShown,
};
use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::files::{sha256_hex, write_durably};
use crate::forms::{self, AdditionalSlipDoc, FormFonts, FormLang, FormOptions, Reprint};
use crate::forms::{SlipCall, SlipEntry};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::store::Store;
use crate::workshop::{AdditionalItem, AnswerInput, ContactOutcome, ProposalStatus, WorkshopView};

/// One printing of a job's additional-items slip, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalSlipRequest {
    pub id: WorkOrderId,
    /// `None` prints in the language of the job's work order.
    pub lang: Option<FormLang>,
}

/// The `form` of the slip's archive row once `answered` items are answered:
/// `additional-items-2`.
pub fn additional_form_name(answered: usize) -> String {
    format!("additional-items-{answered}")
}

/// `<number>-additional-items-<answered>-<lang>.pdf`.
pub fn additional_file_name(number: &str, answered: usize, lang: FormLang) -> String {
    format!(
        "{number}-additional-items-{answered}-{}.pdf",
        crate::intake::code_of(&lang)
    )
}

/// The call that gave an item its answer: the last one that reached the customer.
fn answering_call(item: &AdditionalItem) -> Option<NaiveDateTime> {
    if item.status == ProposalStatus::Proposed {
        return None;
    }
    item.contacts
        .iter()
        .rev()
        .find(|c| c.outcome != ContactOutcome::NotReached)
        .map(|c| c.at)
}

fn entry(data_dir: &Path, item: &AdditionalItem) -> Result<SlipEntry> {
    Ok(SlipEntry {
        finding: item.finding.clone(),
        why: item.reason.clone(),
        safety_critical: item.safety_critical,
        found_by: item.found_by.clone(),
        found_at: item.found_at,
        lines: item.lines.clone(),
        no_guarantee: item.no_guarantee.clone(),
        totals: item.totals.clone(),
        extra_minutes: item.extra_minutes,
        answer: item.status,
        calls: item
            .contacts
            .iter()
            .map(|c| SlipCall {
                at: c.at,
                channel: c.channel,
                outcome: c.outcome,
                spoke_with: c.spoke_with.clone(),
                recorded_by: c.recorded_by.clone(),
            })
            .collect(),
        new_promised_at: item.new_promised_at,
        signature_png: match &item.signature_sha256 {
            Some(sha) => Some(read_png(data_dir, sha)?),
            None => None,
        },
    })
}

/// What job `id`'s slip prints in `lang`: the header, customer and vehicle as its work
/// order prints them, every additional item with its answer. Refused when the job has
/// no additional item.
pub fn additional_slip_doc(
    store: &Store,
    data_dir: &Path,
    id: WorkOrderId,
    lang: FormLang,
    now: NaiveDateTime,
) -> Result<AdditionalSlipDoc> {
    let view = store.workshop(id, now)?;
    if view.items.is_empty() {
        return Err(CoreError::conflict(Reason::AdditionalItemsNone));
    }
    let job = work_order_doc(store, data_dir, id, SignaturesShown::None, lang)?;
    let dated = view
        .items
        .iter()
        .flat_map(|i| std::iter::once(i.found_at).chain(i.contacts.iter().map(|c| c.at)))
        .max()
        .unwrap_or(view.opened_at);
    let entries = view
        .items
        .iter()
        .map(|item| entry(data_dir, item))
        .collect::<Result<Vec<_>>>()?;
    Ok(AdditionalSlipDoc {
        shop: job.shop,
        number: job.number,
        dated,
        customer: job.customer,
        vehicle: job.vehicle,
        odometer: Some(job.odometer).filter(|o| o.value > 0),
        currency: job.currency,
        promised_first: view.promised_first,
        promised_now: view.promised_now,
        entries,
    })
}

/// How many items are answered, and when the last answer came.
fn answered(store: &Store, id: WorkOrderId, now: NaiveDateTime) -> Result<(usize, NaiveDateTime)> {
    let view = store.workshop(id, now)?;
    if view.items.is_empty() {
        return Err(CoreError::conflict(Reason::AdditionalItemsNone));
    }
    let times: Vec<NaiveDateTime> = view.items.iter().filter_map(answering_call).collect();
    let last = times.iter().max().copied().unwrap_or(view.opened_at);
    Ok((times.len(), last))
}

fn render(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    options: &FormOptions,
    now: NaiveDateTime,
) -> Result<Vec<u8>> {
    let doc = additional_slip_doc(store, data_dir, id, options.lang, now)?;
    Ok(forms::render_additional_slip(&doc, options, fonts)?)
}

/// The original as archived: in `lang`, dated at the last answer.
fn original_options(lang: FormLang, answered_at: NaiveDateTime) -> FormOptions {
    FormOptions {
        created_at: Some(answered_at),
        ..FormOptions::new(lang)
    }
}

/// The PDF of one printing of the slip and its plan: in the work order's language unless
/// asked otherwise; a COPY when the slip as it stands now is the one archived.
pub fn render_additional_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AdditionalSlipRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, PrintPlan)> {
    let (count, answered_at) = answered(store, request.id, now)?;
    let lang = plan_printing(store, request.id, request.lang)?.lang;
    let archived = match count {
        0 => None,
        n => store.archived_form(request.id, &additional_form_name(n))?,
    };
    // Found or called about since the archive: then this printing is no copy of it.
    let copy = match archived {
        Some(original) => {
            let options = original_options(original.lang, answered_at);
            let again = render(store, data_dir, fonts, request.id, &options, now)?;
            sha256_hex(&again) == original.sha256
        }
        None => false,
    };
    let options = FormOptions {
        lang,
        reprint: copy.then_some(Reprint { printed_at: now }),
        blank_signatures: false,
        created_at: Some(now),
    };
    let pdf = render(store, data_dir, fonts, request.id, &options, now)?;
    Ok((pdf, PrintPlan { lang, copy }))
}

/// Save as…: renders the slip into `target` (a `.pdf` outside the data folder, see
/// [`check_save_target`]).
pub fn save_additional_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AdditionalSlipRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _plan) = render_additional_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing of the slip into the data folder's `print/` for the system
/// viewer, and returns its path.
pub fn additional_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AdditionalSlipRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let number = store.get_work_order(request.id)?.work_order.number;
    let (pdf, plan) = render_additional_pdf(store, data_dir, fonts, request, now)?;
    let name = format!(
        "{number}-additional-items-{}.pdf",
        crate::intake::code_of(&plan.lang)
    );
    write_print_copy(data_dir, &name, plan.copy, &pdf)
}

/// Writes the slip as it stands after its latest answer to
/// `<data_dir>/forms/<number>-additional-items-<n>-<lang>.pdf` and lists it on the job as
/// `additional-items-<n>`, once, dated at that answer (call it after recording each
/// answer). Called again it returns the original already archived; a different file
/// left under the name is never overwritten. Refused before any item is answered.
pub fn archive_additional_slip(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    let (count, answered_at) = answered(store, id, now)?;
    if count == 0 {
        return Err(CoreError::conflict(Reason::AdditionalItemsUnanswered));
    }
    let form = additional_form_name(count);
    if let Some(original) = store.archived_form(id, &form)? {
        return Ok(original);
    }
    let lang = plan_printing(store, id, None)?.lang;
    let pdf = render(
        store,
        data_dir,
        fonts,
        id,
        &original_options(lang, answered_at),
        now,
    )?;
    let number = store.get_work_order(id)?.work_order.number;
    let base = additional_file_name(&number, count, lang);
    let original = Original {
        id,
        form: &form,
        lang,
        base: &base,
    };
    keep_original(store, data_dir, &original, &pdf, now)
}

/// Records the customer's answer to an additional item ([`Store::answer_additional_item`])
/// and archives the slip as it stands at that answer (not for a call that reached
/// nobody). The answer stands even when the archive cannot be written (a full disk):
/// `archive_failed` on the view says why, and the next answer or printing archives it.
pub fn answer_and_archive_additional_item(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: WorkOrderId,
    item_id: i64,
    answer: &AnswerInput,
    now: NaiveDateTime,
) -> Result<WorkshopView> {
    let mut view = store.answer_additional_item(data_dir, id, item_id, answer, now)?;
    if answer.outcome != ContactOutcome::NotReached {
        if let Err(e) = archive_additional_slip(store, data_dir, fonts, id, now) {
            view.archive_failed = Some(archive_failure("the answer", id, &e));
        }
    }
    Ok(view)
}
