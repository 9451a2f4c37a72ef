//! The printed forms — the work order (进厂维修单), the estimate (维修估价单), the
//! additional-items slip (维修追加项目单), the appointment slip (维修预约单) with its
//! register and tally, and the rest — drawn on A4 with printpdf ops from each form's own
//! document model ([`WorkOrderDoc`], [`EstimateDoc`], [`AppointmentSlipDoc`]…), in
//! English, 简体, 繁體 or bilingually, with the shop's font embedded as a subset so every
//! printer shows the same characters.
mod additional;
mod address_labels;
mod appointment_register;
mod appointment_slip;
mod appointment_tally;
mod blocks;
mod complaint;
mod credit_note;
mod customer_file;
mod customer_file_doc;
mod customer_signature;
mod day_report;
mod diagnosis;
mod dispatch;
mod draw;
mod estimate;
mod exit_notice;
mod flow;
mod follow_up_calls;
mod fonts;
mod handover;
mod header;
mod inspection;
mod job;
mod labels;
mod letter;
mod letter_register;
mod model;
mod parties;
mod pdf_ops;
mod pdfout;
mod period_paper;
mod receipt;
mod register_table;
mod service_card;
mod settlement;
mod shapes;
mod terms_and_signatures;
mod totals;
mod walkaround;
mod workshop_sheet;
mod wrap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub use additional::{render_additional_slip, AdditionalSlipDoc, SlipCall, SlipEntry};
pub use address_labels::{render_address_labels, AddressLabel, AddressLabelsDoc, PER_SHEET};
pub use appointment_register::{
    render_appointment_register, AppointmentRegisterDoc, BookingOutcome, RegisterDay,
    RegisterEntry, ReminderOutcome,
};
pub use appointment_slip::{
    render_appointment_slip, AppointmentCustomer, AppointmentSlipDoc, AppointmentVehicle,
    SlipDeposit, SlipPart,
};
pub use appointment_tally::{
    render_appointment_tally, AppointmentTallyDoc, TallyCounts, TallyDay, TallyWeek,
};
pub use complaint::{render_complaint_sheet, ComplaintSheetDoc};
pub use credit_note::{render_credit_note, CreditNoteDoc};
pub use customer_file::render_customer_file;
pub use customer_file_doc::{
    CustomerFileDoc, FileCallLine, FileComplaintLine, FileContactLine, FileCustomer, FileJobLine,
    FilePaymentLine, FileVehicle,
};
pub use day_report::{render_day_report, DayReportDoc};
pub use diagnosis::{render_diagnosis, DiagnosisDoc};
pub use dispatch::{planned_hours, render_dispatch, DispatchDoc};
pub use estimate::{format_percent, format_quantity, render_estimate, ApprovalPart, EstimateDoc};
pub use exit_notice::{render_exit_notice, ExitNoticeDoc};
pub use follow_up_calls::{
    render_follow_up_record, render_follow_up_register, FollowUpCallsDoc, FollowUpCounts,
    FollowUpEntry,
};
pub use fonts::FormFonts;
pub use labels::FormLang;
pub use letter::{render_letters, LetterPage, LettersDoc};
pub use letter_register::{render_letter_register, LetterRegisterDoc, RegisterMailing};
pub use model::*;
pub use receipt::{receipt_number, render_receipt, ReceiptDoc, ReceiptWidth};
pub use service_card::{render_service_card, CardItem, ServiceCardDoc};
pub use settlement::{render_settlement, SettlementDoc, SettlementSignature};

pub use crate::error::FormError;
use blocks::Ctx;

/// How to print: the language, and what belongs to this printing rather than to the
/// frozen snapshot (a reprint is marked COPY with its own time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FormOptions {
    pub lang: FormLang,
    /// Set when this is not the first printing: every page says COPY / 副本.
    pub reprint: Option<Reprint>,
    /// Print empty signature lines for every role, for signing on paper, even when
    /// signatures were captured on screen.
    pub blank_signatures: bool,
    /// The PDF's creation time: the signing time for an archived original, the time of
    /// printing otherwise (`None` leaves the PDF undated).
    pub created_at: Option<NaiveDateTime>,
}

impl FormOptions {
    pub fn new(lang: FormLang) -> Self {
        FormOptions {
            lang,
            reprint: None,
            blank_signatures: false,
            created_at: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reprint {
    pub printed_at: NaiveDateTime,
}

/// Renders the work order as a PDF (A4, one page for a typical job, more with a
/// repeated header and "page x of y" when the content needs them).
pub fn render_work_order(
    doc: &WorkOrderDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    validate(doc)?;
    let name = format!("{} {}", doc.number, doc.vehicle.plate);
    let subject = labels::Labels::new(options.lang).get("form.title");
    let created = options.created_at;
    let author = &doc.shop.name;
    let (mut pdf, font) = pdfout::new_pdf(fonts, created, author, &name, &subject, &doc.number);

    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let mut signature_images = Vec::new();
    if !options.blank_signatures {
        for sig in &doc.signatures {
            if let Some(png) = &sig.png {
                let what = format!("signature of {}", sig.signer_name);
                signature_images.push((sig.role, pictures.add(&mut pdf, png, &what)?));
            }
        }
    }
    let ctx = Ctx {
        fonts,
        l: labels::Labels::new(options.lang),
        doc,
        logo,
        signature_images,
        blank_signatures: options.blank_signatures,
    };
    let flow = lay_out(&ctx)?;

    let running = header::Running {
        shop: &doc.shop.name,
        title_key: "form.title",
        number: &doc.number,
        plate: &doc.vehicle.plate,
    };
    let images = &pictures.placed;
    let pages = header::framed_pages(&ctx, &flow, &font, images, &running, options, false);

    pdfout::save(pdf.with_pages(pages))
}

/// The sections in the order the advisor fills them in at the desk.
fn lay_out(ctx: &Ctx) -> Result<flow::Flow, FormError> {
    let mut flow = flow::Flow::new();
    flow.put(header::first_page(ctx));
    flow.gap(blocks::SECTION_GAP);
    flow.put(parties::customer_and_vehicle(ctx));
    job::complaint_and_work(ctx, &mut flow);
    walkaround::walk_around(ctx, &mut flow)?;
    inspection::results(ctx, &mut flow);
    handover::documents_keys_belongings(ctx, &mut flow);
    terms_and_signatures::terms_and_signatures(ctx, &mut flow);
    Ok(flow)
}

fn validate(doc: &WorkOrderDoc) -> Result<(), FormError> {
    let invalid = |field: &str, reason: String| FormError::Invalid {
        field: field.into(),
        reason,
    };
    if doc.fuel_eighths > 8 {
        return Err(invalid(
            "fuelEighths",
            format!("{} is more than 8 eighths", doc.fuel_eighths),
        ));
    }
    let car = shapes::car_diagram()?;
    for (i, mark) in doc.damage.iter().enumerate() {
        if f32::from(mark.x) > car.view_w || f32::from(mark.y) > car.view_h {
            let reason = format!("({}, {}) is outside the diagram", mark.x, mark.y);
            return Err(invalid(&format!("damage.{i}"), reason));
        }
    }
    Ok(())
}
