//! Printing the appointment slip (维修预约单): the [`AppointmentSlipDoc`] of one booking —
//! the customer on file or the new caller, the car, the work wanted, the parts with the
//! least deposit and the deposit's receipt, the handbook reminder, and how the customer
//! agreed (the pad's signature, or the recorded call). Once agreed, the slip is archived
//! once to `<data_dir>/forms/`; every later rendering of that agreement is a COPY.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::booking::{least_deposit, Appointment};
use crate::desk::archive::{archive_failure, write_original};
use crate::desk::print::work_order::{check_save_target, write_print_copy, PrintOutcome};
use crate::desk::print::work_order_doc::{form_lang_for, shop_header};
use crate::domain::appointment::{AgreementInput, AppointmentAgreement};
use crate::error::Result;
use crate::files::signatures::read_png;
use crate::files::write_durably;
use crate::forms::{self, AppointmentCustomer, AppointmentSlipDoc, AppointmentVehicle};
use crate::forms::{
    ApprovalPart, FormFonts, FormLang, FormOptions, Reprint, SlipDeposit, SlipPart,
};
use crate::ids::AppointmentId;
use crate::intake::code_of;
use crate::reason::Reason;
use crate::store::Store;

/// One printing of an appointment slip, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentSlipRequest {
    pub id: AppointmentId,
    /// `None` prints in the customer's language (the shop's form language first; a new
    /// caller: the shop's form language or its default language).
    pub lang: Option<FormLang>,
}

/// What agreeing returns: the agreement, and why the slip was not archived if it was not
/// (the agreement stands; the next printing archives it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgreedSlip {
    pub agreement: AppointmentAgreement,
    pub archive_failed: Option<Reason>,
}

/// `<number>-appointment-<lang>.pdf`.
pub fn appointment_slip_file_name(number: &str, lang: FormLang) -> String {
    format!("{number}-appointment-{}.pdf", code_of(&lang))
}

/// The language of the slip: asked for, else as [`AppointmentSlipRequest::lang`] says.
pub fn appointment_slip_lang(
    store: &Store,
    id: AppointmentId,
    asked: Option<FormLang>,
) -> Result<FormLang> {
    if let Some(lang) = asked {
        return Ok(lang);
    }
    let settings = store.get_settings()?;
    let a = store.get_appointment(id)?;
    Ok(match a.customer_id {
        Some(customer) => {
            form_lang_for(&settings, store.get_customer(customer)?.preferred_language)
        }
        None => settings
            .form_language
            .unwrap_or_else(|| FormLang::from(settings.default_language)),
    })
}

fn vehicle_of(store: &Store, a: &Appointment) -> Result<AppointmentVehicle> {
    let Some(id) = a.vehicle_id else {
        return Ok(AppointmentVehicle {
            plate: a.plate.clone(),
            make: String::new(),
            model: String::new(),
            vin: None,
        });
    };
    let car = store.get_vehicle(id)?;
    Ok(AppointmentVehicle {
        plate: car.plate,
        make: car.make,
        model: car.model,
        vin: car.vin,
    })
}

fn agreement_part(
    data_dir: &Path,
    agreement: Option<AppointmentAgreement>,
) -> Result<Option<ApprovalPart>> {
    let Some(g) = agreement else {
        return Ok(None);
    };
    let signature_png = match &g.signature_sha256 {
        Some(sha) => Some(read_png(data_dir, sha)?),
        None => None,
    };
    Ok(Some(ApprovalPart {
        channel: g.channel,
        approved_by: g.agreed_by,
        recorded_by: g.recorded_by,
        at: g.at,
        signature_png,
        fingerprint_hex: g.fingerprint,
    }))
}

/// What the slip of appointment `id` shows.
pub fn appointment_slip_doc(
    store: &Store,
    data_dir: &Path,
    id: AppointmentId,
) -> Result<AppointmentSlipDoc> {
    let a = store.get_appointment(id)?;
    let settings = store.get_settings()?;
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    let parts: Vec<SlipPart> = a
        .parts
        .iter()
        .map(|p| SlipPart {
            description: p.description.clone(),
            qty: p.qty,
            unit_price_minor: p.unit_price_minor,
            amount_minor: i64::from(p.qty).saturating_mul(p.unit_price_minor),
        })
        .collect();
    let deposit = a.deposit.as_ref().map(|d| SlipDeposit {
        amount_minor: d.amount_minor,
        receipt_number: d.receipt_number.clone(),
        method: d.method,
        taken_at: d.taken_at,
        taken_by: d.taken_by.clone(),
        below_half_allowed_by: Some(d.below_half_allowed_by.clone()).filter(|s| !s.is_empty()),
    });
    let agreement = agreement_part(data_dir, store.appointment_agreement(id)?)?;
    Ok(AppointmentSlipDoc {
        shop: shop_header(&settings, logo),
        number: a.number.clone(),
        booked_at: a.booked_at,
        starts_at: a.starts_at,
        duration_minutes: a.duration_minutes,
        bay: Some(a.bay),
        advisor: a.booked_by.clone(),
        customer: AppointmentCustomer {
            name: a.customer_name.clone(),
            phone: a.phone.clone(),
            new_caller: a.customer_id.is_none(),
        },
        vehicle: vehicle_of(store, &a)?,
        wanted_work: a.wanted_work.clone(),
        currency: settings.currency,
        parts,
        parts_minor: a.parts_minor,
        expected_price_minor: a.expected_price_minor,
        deposit_min_minor: (a.parts_minor > 0).then(|| least_deposit(a.parts_minor)),
        deposit,
        bring_handbook: a.bring_handbook,
        note: a.note.clone(),
        agreement,
    })
}

/// The PDF of one printing and its language: a COPY once the standing agreement's slip
/// is archived.
pub fn render_appointment_slip_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentSlipRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang, bool)> {
    let lang = appointment_slip_lang(store, request.id, request.lang)?;
    let agreement = store.appointment_agreement(request.id)?;
    let copy = agreement
        .as_ref()
        .is_some_and(|g| g.slip_file_name.is_some());
    let created_at = agreement.as_ref().filter(|_| !copy).map_or(now, |g| g.at);
    let doc = appointment_slip_doc(store, data_dir, request.id)?;
    let options = FormOptions {
        lang,
        reprint: copy.then_some(Reprint { printed_at: now }),
        blank_signatures: false,
        created_at: Some(created_at),
    };
    Ok((
        forms::render_appointment_slip(&doc, &options, fonts)?,
        lang,
        copy,
    ))
}

/// Save as…: the slip into `target` after [`check_save_target`]. An agreement whose slip
/// is not archived yet is archived first, so this printing is a COPY like every other
/// one after the agreement.
pub fn save_appointment_slip_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentSlipRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    archive_appointment_slip(store, data_dir, fonts, request.id, now)?;
    let (pdf, _lang, _copy) = render_appointment_slip_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing into the data folder's `print/` (a COPY is named so) for the
/// viewer or the printer. An agreement whose slip is not archived yet is archived first.
pub fn appointment_slip_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentSlipRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    archive_appointment_slip(store, data_dir, fonts, request.id, now)?;
    let number = store.get_appointment(request.id)?.number;
    let (pdf, lang, copy) = render_appointment_slip_pdf(store, data_dir, fonts, request, now)?;
    let name = appointment_slip_file_name(&number, lang);
    write_print_copy(data_dir, &name, copy, &pdf)
}

/// Prints the slip on the default printer where `lp` exists.
pub fn print_appointment_slip(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &AppointmentSlipRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = appointment_slip_print_copy(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// Writes the agreed slip once to `<data_dir>/forms/<number>-appointment-<fp8>-<lang>.pdf`,
/// dated at the agreement, and records it with the agreement. Returns the file's path
/// inside the data folder, or `None` when no agreement stands. A file left under the name
/// is kept when it is the same PDF; never overwritten.
pub fn archive_appointment_slip(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: AppointmentId,
    now: NaiveDateTime,
) -> Result<Option<String>> {
    let Some(agreement) = store.appointment_agreement(id)? else {
        return Ok(None);
    };
    if let Some(done) = agreement.slip_file_name {
        return Ok(Some(done));
    }
    let request = AppointmentSlipRequest { id, lang: None };
    let (pdf, lang, _copy) = render_appointment_slip_pdf(store, data_dir, fonts, &request, now)?;
    let number = store.get_appointment(id)?.number;
    let base =
        appointment_slip_file_name(&format!("{number}-{}", &agreement.fingerprint[..8]), lang);
    let (file_name, sha256) = write_original(data_dir, &base, &pdf)?;
    store.record_agreed_slip(id, code_of(&lang).as_str(), &file_name, &sha256)?;
    Ok(Some(file_name))
}

/// Records the customer's agreement ([`Store::agree_appointment`]), then archives the
/// agreed slip. The agreement stands even when the archive cannot be written.
pub fn agree_and_archive_appointment(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    id: AppointmentId,
    input: &AgreementInput,
    now: NaiveDateTime,
) -> Result<AgreedSlip> {
    let mut agreement = store.agree_appointment(data_dir, id, input, now)?;
    let archive_failed = match archive_appointment_slip(store, data_dir, fonts, id, now) {
        Ok(file) => {
            agreement.slip_file_name = file;
            None
        }
        Err(e) => Some(archive_failure("the agreement", id, &e)),
    };
    Ok(AgreedSlip {
        agreement,
        archive_failed,
    })
}
