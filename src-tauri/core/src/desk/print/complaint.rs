//! Printing a complaint sheet (投诉事件处理单): its [`ComplaintSheetDoc`] from the
//! complaint, the customer and the car on file and the concerned job's comeback link,
//! in the customer's language (or the one asked for), saved where the user asks or
//! written for the system viewer. Not archived: the sheet follows the complaint as it
//! goes on, and every printing shows it as it stands.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::desk::print::work_order::{check_save_target, write_print_copy, PrintOutcome};
use crate::desk::print::work_order_doc::{form_lang_for, shop_header};
use crate::error::Result;
use crate::files::write_durably;
use crate::forms::{
    self, ComplaintSheetDoc, CustomerPart, FormFonts, FormLang, FormOptions, VehiclePart,
};
use crate::ids::ComplaintId;
use crate::intake::code_of;
use crate::store::Store;

/// One printing of a complaint sheet, as the window or the CLI asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintSheetRequest {
    pub id: ComplaintId,
    /// `None` prints in the customer's language (the shop's form language first).
    pub lang: Option<FormLang>,
}

/// `<number>-complaint-<lang>.pdf`.
pub fn complaint_sheet_file_name(number: &str, lang: FormLang) -> String {
    format!("{number}-complaint-{}.pdf", code_of(&lang))
}

/// The name Save as… suggests: the complaint's number and the language it prints in.
pub fn complaint_sheet_suggested_name(
    store: &Store,
    request: &ComplaintSheetRequest,
    now: NaiveDateTime,
) -> Result<String> {
    let c = store.complaint(request.id, now)?;
    let lang = match request.lang {
        Some(lang) => lang,
        None => form_lang_for(
            &store.get_settings()?,
            store.get_customer(c.customer_id)?.preferred_language,
        ),
    };
    Ok(complaint_sheet_file_name(&c.number, lang))
}

/// What complaint `id`'s sheet shows at `now`, and the language it prints in.
pub fn complaint_sheet_doc(
    store: &Store,
    data_dir: &Path,
    request: &ComplaintSheetRequest,
    now: NaiveDateTime,
) -> Result<(ComplaintSheetDoc, FormLang)> {
    let c = store.complaint(request.id, now)?;
    let settings = store.get_settings()?;
    let customer = store.get_customer(c.customer_id)?;
    let car = store.get_vehicle(c.vehicle_id)?;
    let lang = request
        .lang
        .unwrap_or_else(|| form_lang_for(&settings, customer.preferred_language));
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    let comeback_of = match c.work_order_id {
        Some(wo) => store
            .comeback(wo, now)?
            .map(|k| (k.origin_number, k.standing)),
        None => None,
    };
    let company = Some(customer.company_name.trim().to_string())
        .filter(|s| !s.is_empty() && *s != customer.display_name);
    let doc = ComplaintSheetDoc {
        shop: shop_header(&settings, logo),
        number: c.number,
        taken_at: c.taken_at,
        taken_by: c.taken_by,
        channel: c.channel,
        kind: c.kind,
        customer: CustomerPart {
            name: customer.display_name.clone(),
            company,
            phones: customer.phones.iter().map(|p| p.number.clone()).collect(),
            address: Some(customer.address.clone()).filter(|a| !a.trim().is_empty()),
        },
        vehicle: VehiclePart {
            plate: car.plate,
            vin: car.vin.unwrap_or_default(),
            make: car.make,
            model: car.model,
            year: car.year.and_then(|y| u16::try_from(y).ok()),
            colour: car.colour,
            fuel: car.fuel_type,
        },
        job_number: c.work_order_number,
        comeback_of,
        words: c.words,
        demands: c.demands,
        answer_by: c.promised_by,
        steps: c.steps,
        closing: c.closing,
    };
    Ok((doc, lang))
}

/// The PDF of one printing and its language.
pub fn render_complaint_sheet_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ComplaintSheetRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang, String)> {
    let (doc, lang) = complaint_sheet_doc(store, data_dir, request, now)?;
    let options = FormOptions {
        created_at: Some(now),
        ..FormOptions::new(lang)
    };
    let pdf = forms::render_complaint_sheet(&doc, &options, fonts)?;
    Ok((pdf, lang, doc.number))
}

/// Save as…: renders the sheet into `target` (a `.pdf` outside the data folder).
pub fn save_complaint_sheet_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ComplaintSheetRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _, _) = render_complaint_sheet_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes one printing into the data folder's `print/` for the viewer or the printer.
pub fn complaint_sheet_print_copy(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ComplaintSheetRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let (pdf, lang, number) = render_complaint_sheet_pdf(store, data_dir, fonts, request, now)?;
    write_print_copy(
        data_dir,
        &complaint_sheet_file_name(&number, lang),
        false,
        &pdf,
    )
}

/// Prints the sheet on the default printer where `lp` exists.
pub fn print_complaint_sheet(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &ComplaintSheetRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = complaint_sheet_print_copy(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}
