//! A realistic bilingual demo shop, the same for the same seed: for trying the app, for
//! screenshots and for the search benchmark. Rows go in through the store's own insert
//! functions in large transactions, with search entries built in memory.
use crate::reason::Reason;
mod appointments;
mod care;
mod cars;
mod closing;
mod complaints;
mod follow_ups;
mod handwriting;
mod history;
mod jobs;
mod letters;
mod people;
mod plans;
mod prices;
mod repairs;
mod rng;
mod running_over;
mod settled;

pub use settled::DEMO_SUPERVISOR_PIN;

use std::collections::HashSet;

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::search::{build_doc, DocParts};
use crate::store::{customers, vehicles};
use crate::store::{odometer, search, Store};
use crate::validate::{check_customer, check_vehicle};
use crate::work_order::WorkOrderFilter;
use rng::Rng;

/// How many customers go into one transaction: large enough to be fast, small enough
/// not to hold the write lock for long.
const BATCH: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DemoSummary {
    pub customers: i64,
    pub vehicles: i64,
    pub odometer_readings: i64,
    pub work_orders: i64,
    /// Appointments in the book: the last six weeks and the next two.
    pub appointments: i64,
}

/// What to generate besides customers and vehicles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DemoOptions {
    /// Past signed jobs and a few open today (the search benchmark skips them).
    pub with_jobs: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self { with_jobs: true }
    }
}

/// Adds `customers` demo customers (with about 1.5 vehicles each) to `store`, as if
/// filed over the five years before `now`, with their job history. Plates and mobiles
/// already on file are never reused. A store that already holds work orders is refused
/// with `Conflict { demo.real_data }`.
pub fn generate(
    store: &Store,
    customers: usize,
    seed: u64,
    now: NaiveDateTime,
) -> Result<DemoSummary> {
    generate_with(store, customers, seed, now, DemoOptions::default())
}

/// [`generate`] with options. Jobs come from their own seeded stream, so the customers
/// and vehicles are the same with or without them. Signature images are written beside
/// the database file (none for an in-memory store).
pub fn generate_with(
    store: &Store,
    customers: usize,
    seed: u64,
    now: NaiveDateTime,
    options: DemoOptions,
) -> Result<DemoSummary> {
    refuse_a_working_shop(store, now)?;
    let mut rng = Rng::new(seed);
    demo_shop_profile(store)?;
    prices::add_price_list(store, now)?;
    let mut owners = Vec::new();
    let (mut plates, mut phones) = existing_keys(store)?;
    let mut summary = DemoSummary {
        customers: 0,
        vehicles: 0,
        odometer_readings: 0,
        work_orders: 0,
        appointments: 0,
    };
    let mut remaining = customers;
    while remaining > 0 {
        let batch = remaining.min(BATCH);
        remaining -= batch;
        store.with_tx(|tx| {
            for _ in 0..batch {
                let filed_at = now - Duration::minutes(rng.range(60, 5 * 365 * 24 * 60));
                let (input, origin) = people::customer(&mut rng, |rng, origin| loop {
                    let number = people::mobile(rng, origin);
                    if phones.insert(number.clone()) {
                        break number;
                    }
                });
                reject_if_invalid(check_customer(&input))?;
                let id = customers::insert(tx, &input, filed_at)?;
                let mut owner = jobs::Owner {
                    customer: id,
                    vehicles: Vec::new(),
                    filed_at,
                    chinese: origin != people::Origin::English,
                };
                let mut doc_plates = Vec::new();
                let mut doc_vins = Vec::new();
                let count = match rng.below(100) {
                    0..=4 => 0,
                    5..=54 => 1,
                    55..=89 => 2,
                    _ => 3,
                };
                for _ in 0..count {
                    let (vehicle, readings) =
                        cars::vehicle(&mut rng, origin, now.date(), |rng, nev| loop {
                            let plate = cars::plate(rng, origin, nev);
                            if plates.insert(plate.clone()) {
                                break plate;
                            }
                        });
                    reject_if_invalid(check_vehicle(&vehicle))?;
                    let vehicle_id = vehicles::insert(tx, id, &vehicle, filed_at)?;
                    for reading in &readings {
                        odometer::insert(tx, vehicle_id, reading, filed_at)?;
                    }
                    owner.vehicles.push(vehicle_id);
                    summary.vehicles += 1;
                    summary.odometer_readings += readings.len() as i64;
                    doc_plates.push(vehicle.plate);
                    doc_vins.push(vehicle.vin);
                }
                let doc = build_doc(&DocParts {
                    name: &input.name,
                    company_name: &input.company_name,
                    contact_person: &input.contact_person,
                    phones: input.phones.iter().map(|p| p.number.as_str()).collect(),
                    plates: doc_plates.iter().map(String::as_str).collect(),
                    vins: doc_vins
                        .iter()
                        .map(String::as_str)
                        .filter(|v| !v.is_empty())
                        .collect(),
                });
                search::insert(tx, id, &doc)?;
                summary.customers += 1;
                if options.with_jobs {
                    owners.push(owner);
                }
            }
            Ok(())
        })?;
    }
    if options.with_jobs {
        let mut booked = 0;
        summary.work_orders = jobs::generate(store, &owners, seed, now, |settled| {
            booked = appointments::generate(store, &owners, seed, now, settled)?;
            Ok(())
        })?;
        summary.appointments = booked + running_over::book_into_its_bay(store, &owners, now)?;
        complaints::generate(store, seed, now)?;
        letters::generate(store, now)?;
        follow_ups::generate(store, seed, now)?;
    }
    care::generate(store, &owners, seed, now)?;
    Ok(summary)
}

/// Demo customers and numbered jobs mixed into a real shop could not be told apart or
/// taken out again: once the store holds any work order, demo data is refused.
fn refuse_a_working_shop(store: &Store, now: NaiveDateTime) -> Result<()> {
    let filter = WorkOrderFilter {
        limit: 1,
        ..WorkOrderFilter::default()
    };
    if store.list_work_orders(&filter, now)?.total > 0 {
        return Err(CoreError::conflict(Reason::DemoRealData));
    }
    Ok(())
}

/// A generator bug must not write bad rows: fail like a user's bad form would.
fn reject_if_invalid(issues: Vec<crate::error::FieldIssue>) -> Result<()> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(issues))
    }
}

fn existing_keys(store: &Store) -> Result<(HashSet<String>, HashSet<String>)> {
    store.with_conn(|conn| {
        Ok((
            crate::store::vehicles::active_plates(conn)?,
            crate::store::customers::all_phones(conn)?,
        ))
    })
}

/// A shop header for the demo's printed forms, unless the shop already has a name.
fn demo_shop_profile(store: &Store) -> Result<()> {
    let mut settings = store.get_settings()?;
    if !settings.shop_name.trim().is_empty() {
        return Ok(());
    }
    settings.shop_name = "明辉汽车维修 Minghui Auto Repair".to_string();
    settings.address =
        "深圳市南山区科技园北区 18 号 (18 Keji Park North, Nanshan, Shenzhen)".to_string();
    settings.phone = "0755-26601234".to_string();
    settings.tax_number = "91440300MA5DEMO01X".to_string();
    store.save_settings(&settings).map(|_| ())
}
