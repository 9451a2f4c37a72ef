//! Printing the customer file sheet (客户档案资料表): loads the customer, their vehicles
//! with their care and next service, every job, payment and contact, and fills the
//! [`CustomerFileDoc`]. The file's number is `CUST-` and the customer's id on five digits.
//! with the customer's follow-up calls and complaints.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::print::work_order::PrintOutcome;
use crate::desk::print::work_order_doc::shop_header;
use crate::domain::complaint::{ComplaintFilter, ComplaintState};
use crate::error::{CoreError, Result};
use crate::files::{check_save_target, write_durably};
use crate::forms::{
    render_customer_file, CustomerFileDoc, FileCallLine, FileComplaintLine, FileContactLine,
    FileCustomer, FileJobLine, FilePaymentLine, FileVehicle, FormFonts, FormLang,
};
use crate::ids::CustomerId;
use crate::intake::paper::form_lang_for;
use crate::store::Store;

/// `CUST-00042`.
pub fn customer_file_number(id: CustomerId) -> String {
    format!("CUST-{:05}", id.0)
}

/// The customer of a file number (`CUST-42` or `CUST-00042`), if on file.
pub fn find_customer_file(store: &Store, number: &str) -> Result<CustomerId> {
    let not_found = CoreError::NotFound { what: "customer" };
    let digits = number
        .trim()
        .strip_prefix("CUST-")
        .filter(|d| !d.is_empty() && d.len() <= 12 && d.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(not_found)?;
    let id = CustomerId(
        digits
            .parse()
            .map_err(|_| CoreError::NotFound { what: "customer" })?,
    );
    store.get_customer(id)?;
    Ok(id)
}

/// The sheet's language: asked for, else the shop's form language, else the customer's.
pub fn customer_file_lang(
    store: &Store,
    id: CustomerId,
    asked: Option<FormLang>,
) -> Result<FormLang> {
    if let Some(lang) = asked {
        return Ok(lang);
    }
    let settings = store.get_settings()?;
    Ok(form_lang_for(
        &settings,
        store.get_customer(id)?.preferred_language,
    ))
}

/// What the sheet of customer `id` shows, printed at `now`.
pub fn customer_file_doc(
    store: &Store,
    data_dir: &Path,
    id: CustomerId,
    now: NaiveDateTime,
) -> Result<CustomerFileDoc> {
    let file = store.get_customer_file(id)?;
    let care = store.care_file(id, now)?;
    let settings = store.get_settings()?;
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    let c = &file.customer;
    let vehicles = file
        .vehicles
        .iter()
        .map(|v| {
            let view = care.vehicles.iter().find(|x| x.vehicle_id == v.id);
            let care_of = view.map(|x| x.care.clone()).unwrap_or_default();
            let due = view.and_then(|x| x.due.clone());
            let make_model = format!("{} {}", v.make, v.model).trim().to_string();
            FileVehicle {
                plate: v.plate.clone(),
                make_model,
                colour: v.colour.clone(),
                vin: v.vin.clone().unwrap_or_default(),
                kind: care_of.kind,
                purchase_date: care_of.purchase_date,
                dealer: care_of.dealer,
                interval_km: due.as_ref().map_or(0, |d| d.interval_km),
                interval_months: due.as_ref().map_or(0, |d| d.interval_months),
                odometer: v.latest_odometer.as_ref().map(|r| r.value),
                last_service: due.as_ref().and_then(|d| d.last_service.map(|s| s.on)),
                next_due: due.as_ref().map(|d| d.due_on),
                next_due_km: due.as_ref().and_then(|d| d.due_km),
                estimated: due.as_ref().is_some_and(|d| d.estimated),
            }
        })
        .collect();
    Ok(CustomerFileDoc {
        shop: shop_header(&settings, logo),
        number: customer_file_number(id),
        printed_at: now,
        currency: settings.currency.clone(),
        customer: FileCustomer {
            name: c.display_name.clone(),
            company: c.company_name.clone(),
            contact_person: c.contact_person.clone(),
            phones: c.phones.iter().map(|p| p.number.clone()).collect(),
            address: c.address.clone(),
            since: c.created_at.date(),
            agrees_to_follow_up: c.agrees_to_follow_up,
            wishes: care.wishes.clone(),
        },
        vehicles,
        jobs: care
            .jobs
            .iter()
            .map(|j| FileJobLine {
                date: j.opened_on,
                number: j.number.clone(),
                plate: j.plate.clone(),
                odometer: j.odometer,
                work: j.complaint.clone(),
                settlement: j.settlement_number.clone().unwrap_or_default(),
                total_minor: j.total_minor,
            })
            .collect(),
        payments: care
            .payments
            .iter()
            .map(|p| FilePaymentLine {
                date: p.taken_at.date(),
                job: p.work_order_number.clone(),
                method: p.method.clone(),
                amount_minor: if p.kind == "refund" {
                    -p.amount_minor
                } else {
                    p.amount_minor
                },
                voided: p.voided,
            })
            .collect(),
        contacts: care
            .contacts
            .iter()
            .map(|c| FileContactLine {
                date: c.contact_on,
                kind: c.kind,
                lost_reason: c.lost_reason,
                note: c.note.clone(),
                staff: c.staff.clone(),
            })
            .collect(),
        calls: store
            .customer_follow_ups(id, now)?
            .iter()
            .map(|c| FileCallLine {
                date: c.call.at.date(),
                job: c.number.clone(),
                reached: c.call.input.reached,
                summary: match c.call.input.score {
                    Some(score) => format!("{score}/5 {}", c.call.input.words),
                    None => c.call.input.words.clone(),
                },
                staff: c.call.input.called_by.clone(),
            })
            .collect(),
        complaints: store
            .complaints(
                &ComplaintFilter {
                    state: None,
                    kind: None,
                    text: String::new(),
                    customer_id: Some(id),
                    work_order_id: None,
                },
                now,
            )?
            .iter()
            .map(|c| FileComplaintLine {
                date: c.taken_at.date(),
                number: c.number.clone(),
                summary: c.words.clone(),
                state: match (c.state, c.satisfied) {
                    (ComplaintState::Open, _) => "open",
                    (ComplaintState::Late, _) => "late",
                    (ComplaintState::Closed, Some(false)) => "closed_unsatisfied",
                    (ComplaintState::Closed, _) => "closed",
                }
                .into(),
            })
            .collect(),
    })
}

/// One printing of a customer file sheet, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerFileRequest {
    pub id: CustomerId,
    /// `None`: the shop's form language, else the customer's.
    pub lang: Option<FormLang>,
}

/// The PDF of the sheet and the language it was printed in.
pub fn render_customer_file_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &CustomerFileRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang)> {
    let lang = customer_file_lang(store, request.id, request.lang)?;
    let doc = customer_file_doc(store, data_dir, request.id, now)?;
    Ok((render_customer_file(&doc, lang, fonts)?, lang))
}

/// `CUST-00042-file-<lang>.pdf`.
pub fn customer_file_name(id: CustomerId, lang: FormLang) -> String {
    format!(
        "{}-file-{}.pdf",
        customer_file_number(id),
        crate::intake::code_of(&lang)
    )
}

/// Save as…: the sheet into `target` after [`check_save_target`].
pub fn save_customer_file_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &CustomerFileRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _) = render_customer_file_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes the sheet to `<data_dir>/print/` to open or print.
pub fn customer_file_print_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &CustomerFileRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let (pdf, lang) = render_customer_file_pdf(store, data_dir, fonts, request, now)?;
    let path = data_dir
        .join("print")
        .join(customer_file_name(request.id, lang));
    write_durably(&path, &pdf, true)?;
    Ok(path)
}

/// Prints the sheet on the default printer where `lp` exists.
pub fn print_customer_file(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &CustomerFileRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = customer_file_print_path(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        path: path.display().to_string(),
        sent_to_printer,
    })
}
