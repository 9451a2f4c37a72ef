//! The car of a booking arrives (预约客户，优先予以安排): one action opens the job with the
//! customer and vehicle (a new caller's file made from their name, phone and plate), the
//! wanted work as the complaint in the customer's words, the parts to prepare as planned
//! lines, and the deposit carried onto the job as its one payment — linked both ways.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::booking::category_guess::guess_category;
use crate::booking::{may_arrive, Appointment, ArrivalInput, DepositState};
use crate::customer::{CustomerInput, CustomerKind, PhoneInput, PhoneLabel};
use crate::domain::appointment::Arrived;
use crate::error::{CoreError, Result};
use crate::i18n::{format_money, tr, tr_with, Lang};
use crate::ids::{AppointmentId, CustomerId, VehicleId};
use crate::intake::paper::form_lang_for;
use crate::intake::{check_section, refuse, IntakeSection};
use crate::reason::Reason;
use crate::store::Store;
use crate::store::{appointment_deposits, appointments, customers, search, vehicles, work_orders};
use crate::validate;
use crate::vehicle::VehicleInput;
use crate::work_order::{JobDetails, OpenWorkOrder, ServiceLine};

/// The job's details from the booking: the complaint is the wanted work as the customer
/// said it, each part a planned line priced qty × unit price; the booking's note, the
/// handbook reminder and the price told at booking go to the other requests, written in
/// `lang` (the job's paper language).
pub(crate) fn job_details(
    a: &Appointment,
    input: &ArrivalInput,
    lang: Lang,
    currency: &str,
) -> JobDetails {
    let services = a
        .parts
        .iter()
        .map(|p| ServiceLine {
            description: if p.qty == 1 {
                p.description.clone()
            } else {
                format!("{} × {}", p.description, p.qty)
            },
            estimate_minor: i64::from(p.qty).checked_mul(p.unit_price_minor),
        })
        .collect();
    let handbook = a.bring_handbook.then(|| tr(lang, "appt.job_handbook"));
    let price = a.expected_price_minor.map(|minor| {
        tr_with(
            lang,
            "appt.job_expected_price",
            &[("price", &format_money(minor, currency, lang))],
        )
    });
    let other = std::iter::once(a.note.clone())
        .chain(handbook)
        .chain(price)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    JobDetails {
        advisor: input.advisor.trim().to_string(),
        complaint: a.wanted_work.clone(),
        diagnosis: String::new(),
        services,
        promised_at: input.promised_at,
        contact: None,
        other_requests: other,
    }
}

/// A new caller's customer file and vehicle, made from what the caller gave; a phone or
/// plate already on file is refused with `Duplicate` (the desk links the booking to that
/// file first).
fn file_caller(
    conn: &Connection,
    a: &Appointment,
    now: NaiveDateTime,
) -> Result<(CustomerId, VehicleId)> {
    let caller = a
        .caller
        .clone()
        .ok_or(CoreError::invalid("customerId", Reason::AppointmentWho))?;
    let person = validate::clean_customer(&CustomerInput {
        kind: CustomerKind::Person,
        name: caller.name,
        phones: vec![PhoneInput {
            label: PhoneLabel::Mobile,
            number: caller.phone,
            is_primary: true,
        }],
        agrees_to_follow_up: true,
        ..CustomerInput::default()
    })?;
    let numbers: Vec<&str> = person.phones.iter().map(|p| p.number.as_str()).collect();
    let hits = customers::phone_duplicates(conn, &numbers, None)?;
    if !hits.is_empty() {
        return Err(CoreError::Duplicate(hits));
    }
    let car = validate::clean_vehicle(
        &VehicleInput {
            plate: caller.plate,
            ..VehicleInput::default()
        },
        now.date(),
    )?;
    let hits = vehicles::duplicates(conn, &car, None)?;
    if !hits.is_empty() {
        return Err(CoreError::Duplicate(hits));
    }
    let customer = customers::insert(conn, &person, now)?;
    let vehicle = vehicles::insert(conn, customer, &car, now)?;
    search::refresh(conn, customer)?;
    appointments::attach_file(conn, a.id, customer, vehicle, now)?;
    Ok((customer, vehicle))
}

impl Store {
    /// Turns an open booking (or one marked missed, when the customer turns up late the
    /// same day) into a job when the car arrives, in one transaction: the
    /// customer's file (made from a new caller's contact when there is none), the job
    /// with the complaint and the planned lines, the deposit carried as one payment, the
    /// appointment marked arrived and linked to the job.
    pub fn convert_appointment(
        &self,
        id: AppointmentId,
        input: &ArrivalInput,
        now: NaiveDateTime,
    ) -> Result<Arrived> {
        let shop = self.get_settings()?;
        self.with_tx(|tx| {
            let a = appointments::load(tx, id)?;
            if !may_arrive(a.status, a.starts_at, now) {
                return Err(CoreError::conflict(Reason::AppointmentNotOpen));
            }
            let (customer_id, vehicle_id) = match (a.customer_id, a.vehicle_id) {
                (Some(c), Some(v)) => (c, v),
                _ => file_caller(tx, &a, now)?,
            };
            let spoken = customers::load(tx, customer_id)?.preferred_language;
            let lang = form_lang_for(&shop, spoken).data_lang();
            let details = job_details(&a, input, lang, &shop.currency);
            refuse(check_section(&IntakeSection::JobDetails(details.clone())))?;
            let job = OpenWorkOrder {
                customer_id,
                vehicle_id,
                details,
            };
            let wo = crate::desk::work_orders::open(tx, &shop.work_order_prefix, &job, now)?;
            if let Some(category) = guess_category(&a.wanted_work) {
                work_orders::set_repair_category(tx, wo, Some(category), now)?;
            }
            let deposit_payment_id = match &a.deposit {
                Some(d) if d.state == DepositState::Held => {
                    Some(appointment_deposits::carry(tx, id, &a.number, d, wo)?)
                }
                _ => None,
            };
            appointments::link_work_order(tx, id, wo, now)?;
            Ok(Arrived {
                appointment: appointments::load(tx, id)?,
                work_order_id: wo,
                deposit_payment_id,
            })
        })
    }
}
