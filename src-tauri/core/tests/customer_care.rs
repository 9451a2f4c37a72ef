//! The customer file's care against the store: a vehicle's kind and interval, readings
//! questioned as typed and kept as doubtful, the due list with its reminder, the lost
//! customers with their reasons counted, and the file's history.
mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{car, person, store};
use garage_core::domain::care::{
    CareSettings, ContactInput, ContactKind, DueBand, LostReason, VehicleCareInput, VehicleKind,
};
use garage_core::{
    CoreError, DistanceUnit, JobDetails, OdometerInput, OdometerSource, OpenWorkOrder, Store,
    VehicleId,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid day")
}

fn at(on: NaiveDate) -> NaiveDateTime {
    on.and_hms_opt(10, 0, 0).expect("a valid time")
}

fn reading(on: NaiveDate, value: i64) -> OdometerInput {
    OdometerInput {
        value,
        unit: DistanceUnit::Km,
        read_on: on,
        source: OdometerSource::Manual,
    }
}

fn reason_of(result: Result<impl std::fmt::Debug, CoreError>) -> String {
    match result {
        Err(CoreError::Invalid(issues)) => issues[0].code.as_str().to_string(),
        other => panic!("expected a field issue, got {other:?}"),
    }
}

/// A customer with one car read at 10,000 km on 1 January 2026 and driven 50 km a day.
fn driver(
    store: &Store,
    name: &str,
    phone: &str,
    plate: &str,
) -> (garage_core::CustomerId, VehicleId) {
    let owner = store
        .create_customer(&person(name, phone), at(day(2026, 1, 1)))
        .expect("customer");
    let vehicle = store
        .add_vehicle(owner.id, &car(plate), at(day(2026, 1, 1)))
        .expect("car");
    for i in 0..4 {
        let on = day(2026, 1, 1) + chrono::Duration::days(20 * i);
        store
            .add_odometer_reading(vehicle.id, &reading(on, 10_000 + 1_000 * i), at(on))
            .expect("a steady reading");
    }
    (owner.id, vehicle.id)
}

#[test]
fn the_vehicle_care_is_saved_checked_and_read_back() {
    let store = store();
    let (_, vehicle) = driver(&store, "王小明", "13812345678", "粤B12345");
    assert_eq!(
        store.vehicle_care(vehicle).expect("care").kind,
        VehicleKind::Unknown
    );
    let input = VehicleCareInput {
        kind: VehicleKind::Suv,
        purchase_date: Some(day(2023, 5, 1)),
        dealer: "  广州骏达 4S ".into(),
        interval_km: Some(7_500),
        interval_months: Some(12),
    };
    let saved = store
        .save_vehicle_care(vehicle, &input, at(day(2026, 3, 1)))
        .expect("saved");
    assert_eq!(saved.dealer, "广州骏达 4S", "trimmed");
    assert_eq!(store.vehicle_care(vehicle).expect("care"), saved);
    let due = store
        .vehicle_service_due(vehicle, day(2026, 3, 1))
        .expect("due")
        .expect("a projection from the readings");
    assert_eq!(due.interval_km, 7_500, "the vehicle's own interval");
    let bad = VehicleCareInput {
        interval_km: Some(10),
        purchase_date: Some(day(2027, 1, 1)),
        ..input
    };
    match store.save_vehicle_care(vehicle, &bad, at(day(2026, 3, 1))) {
        Err(CoreError::Invalid(issues)) => assert_eq!(issues.len(), 2, "every issue at once"),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn an_extra_zero_is_questioned_and_kept_only_when_confirmed_then_never_projected() {
    let store = store();
    let (_, vehicle) = driver(&store, "王小明", "13812345678", "粤B12345");
    let before = store
        .vehicle_service_due(vehicle, day(2026, 3, 10))
        .expect("due");
    let typo = reading(day(2026, 3, 10), 135_000);
    assert_eq!(
        reason_of(store.add_odometer_reading(vehicle, &typo, at(day(2026, 3, 10)))),
        "care.odometer_doubtful_jump"
    );
    let below = reading(day(2026, 3, 10), 12_000);
    assert_eq!(
        reason_of(store.add_odometer_reading(vehicle, &below, at(day(2026, 3, 10)))),
        "care.odometer_doubtful_below"
    );
    store
        .keep_odometer_reading(vehicle, &typo, at(day(2026, 3, 10)))
        .expect("kept when the desk confirms");
    let after = store
        .vehicle_service_due(vehicle, day(2026, 3, 10))
        .expect("due");
    assert_eq!(before, after, "a kept doubtful reading moves no projection");
    store
        .add_odometer_reading(
            vehicle,
            &reading(day(2026, 3, 12), 13_600),
            at(day(2026, 3, 12)),
        )
        .expect("the next true reading is not questioned against the typo");
}

#[test]
fn a_due_customer_is_listed_until_reminded_then_again_after_the_set_days() {
    let store = store();
    let (_, due_car) = driver(&store, "王小明", "13812345678", "粤B12345");
    // This one reads 10,000 km on 1 January and nothing since: due by the months, in July.
    let other = store
        .create_customer(&person("李雷", "13912345678"), at(day(2026, 1, 1)))
        .expect("customer");
    let idle = store
        .add_vehicle(other.id, &car("粤B54321"), at(day(2026, 1, 1)))
        .expect("car");
    store
        .add_odometer_reading(
            idle.id,
            &reading(day(2026, 1, 1), 10_000),
            at(day(2026, 1, 1)),
        )
        .expect("reading");
    // 50 km a day from 10,000 on 1 January: 15,000 km falls on 11 April.
    let list = store.service_due_list(day(2026, 4, 1)).expect("list");
    assert_eq!(list.rows.len(), 1, "only the driver is due: {list:?}");
    let row = &list.rows[0];
    assert_eq!(row.vehicle_id, due_car);
    assert_eq!(row.band, DueBand::Soon);
    assert_eq!(row.phone.as_deref(), Some("13812345678"));
    assert!(row.due.estimated);
    let late = store.service_due_list(day(2026, 5, 20)).expect("list");
    assert_eq!(
        late.rows[0].band,
        DueBand::OverdueLong,
        "more than a month past 11 April"
    );

    store
        .record_service_reminder(due_car, "booked for Saturday", "Amy", at(day(2026, 4, 1)))
        .expect("reminded");
    let list = store.service_due_list(day(2026, 4, 2)).expect("list");
    assert!(list.rows.is_empty(), "reminded recently: not listed again");
    assert_eq!(list.reminded_recently, 1);
    let month_on = store.service_due_list(day(2026, 5, 1)).expect("list");
    assert_eq!(month_on.rows.len(), 1, "listed again 30 days on");

    store
        .save_care_settings(&CareSettings {
            reminded_within_days: 60,
            lost_after_months: 12,
        })
        .expect("settings");
    assert!(store
        .service_due_list(day(2026, 5, 1))
        .expect("list")
        .rows
        .is_empty());
}

#[test]
fn a_customer_who_declined_calls_is_not_on_the_due_list() {
    let store = store();
    let (customer, _) = driver(&store, "王小明", "13812345678", "粤B12345");
    let mut input = person("王小明", "13812345678");
    input.agrees_to_follow_up = false;
    store
        .update_customer(customer, &input, at(day(2026, 3, 1)))
        .expect("updated");
    assert!(store
        .service_due_list(day(2026, 4, 1))
        .expect("list")
        .rows
        .is_empty());
}

fn walk_in(store: &Store, customer: garage_core::CustomerId, on: NaiveDate) {
    let input = ContactInput {
        vehicle_id: None,
        kind: ContactKind::WalkIn,
        contact_on: on,
        note: "asked about tyres".into(),
        staff: "Amy".into(),
        lost_reason: None,
    };
    store
        .record_contact(customer, &input, at(on))
        .expect("walk-in");
}

#[test]
fn lost_customers_are_cut_off_at_the_month_end_and_their_reasons_counted() {
    let store = store();
    let (a, _) = driver(&store, "王小明", "13812345678", "粤B12345");
    let (b, _) = driver(&store, "李雷", "13912345678", "粤B54321");
    let (c, _) = driver(&store, "韩梅梅", "13712345678", "粤B11111");
    walk_in(&store, a, day(2025, 2, 27));
    walk_in(&store, b, day(2025, 2, 28));
    walk_in(&store, c, day(2025, 6, 1));
    // 12 months before 28 February 2026 is 28 February 2025: seen on it is not lost.
    let lost = store.lost_customers(day(2026, 2, 28)).expect("lost");
    assert_eq!(lost.cut_off, day(2025, 2, 28));
    let ids: Vec<_> = lost.rows.iter().map(|r| r.customer_id).collect();
    assert_eq!(ids, vec![a]);
    assert_eq!(lost.rows[0].last_visit, day(2025, 2, 27));
    assert_eq!(lost.rows[0].plates, vec!["粤B12345".to_string()]);

    let call = ContactInput {
        vehicle_id: None,
        kind: ContactKind::LostCall,
        contact_on: day(2026, 2, 28),
        note: String::new(),
        staff: "Amy".into(),
        lost_reason: None,
    };
    assert_eq!(
        reason_of(store.record_contact(a, &call, at(day(2026, 2, 28)))),
        "care.lost_reason_required"
    );
    let call = ContactInput {
        lost_reason: Some(LostReason::WentToDealer),
        ..call
    };
    store
        .record_contact(a, &call, at(day(2026, 2, 28)))
        .expect("asked why");
    let lost = store.lost_customers(day(2026, 3, 31)).expect("lost");
    assert_eq!(lost.rows.len(), 2, "李雷 too by the end of March");
    assert_eq!(lost.rows[0].reason, Some(LostReason::WentToDealer));
    let dealer = lost
        .reasons
        .iter()
        .find(|r| r.reason == LostReason::WentToDealer);
    assert_eq!(dealer.map(|r| r.count), Some(1));
    assert_eq!(lost.reasons.iter().map(|r| r.count).sum::<u32>(), 1);
}

#[test]
fn a_job_counts_as_a_visit_and_shows_on_the_file() {
    let store = store();
    let (customer, vehicle) = driver(&store, "王小明", "13812345678", "粤B12345");
    let open = OpenWorkOrder {
        customer_id: customer,
        vehicle_id: vehicle,
        details: JobDetails {
            advisor: "Amy".into(),
            complaint: "brakes squeal".into(),
            diagnosis: String::new(),
            services: Vec::new(),
            promised_at: None,
            contact: None,
            other_requests: String::new(),
        },
    };
    let job = store
        .open_work_order(&open, at(day(2026, 3, 1)))
        .expect("job");
    store
        .save_customer_wishes(
            customer,
            "Saturday pick-up and delivery",
            at(day(2026, 3, 1)),
        )
        .expect("wishes");
    let file = store
        .care_file(customer, at(day(2026, 3, 2)))
        .expect("file");
    assert_eq!(file.wishes, "Saturday pick-up and delivery");
    assert_eq!(file.jobs.len(), 1);
    assert_eq!(file.jobs[0].number, job.work_order.number);
    let due = file.vehicles[0].due.as_ref().expect("due");
    let last = due.last_service.expect("the last visit starts the count");
    assert_eq!(last.on, day(2026, 3, 1));
    assert!(!last.maintenance, "a visit, not a maintenance job");
    assert!(store
        .lost_customers(day(2027, 2, 28))
        .expect("lost")
        .rows
        .is_empty());
    assert_eq!(
        store
            .lost_customers(day(2027, 3, 2))
            .expect("lost")
            .rows
            .len(),
        1
    );
}

#[test]
fn the_vehicle_form_files_the_kind_purchase_and_dealer_with_the_car_or_nothing() {
    use garage_core::domain::care::VehicleFacts;
    let store = store();
    let owner = store
        .create_customer(&person("王小明", "13812345678"), at(day(2026, 1, 1)))
        .expect("customer");
    let future = VehicleFacts {
        kind: VehicleKind::Suv,
        purchase_date: Some(day(2027, 1, 1)),
        dealer: " 广州骏达 4S ".into(),
    };
    let no_plate = car("");
    match store.add_vehicle_with_care(owner.id, &no_plate, &future, at(day(2026, 3, 1))) {
        Err(CoreError::Invalid(issues)) => {
            let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
            assert!(
                fields.contains(&"plate") && fields.contains(&"purchaseDate"),
                "the car's and the care's issues at once: {fields:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let facts = VehicleFacts {
        purchase_date: Some(day(2023, 5, 1)),
        ..future.clone()
    };
    match store.add_vehicle_with_care(owner.id, &car("粤B12345"), &future, at(day(2026, 3, 1))) {
        Err(CoreError::Invalid(_)) => {}
        other => panic!("a future purchase is refused, got {other:?}"),
    }
    // Filed now, so nothing was filed before: the plate would be a duplicate.
    let vehicle = store
        .add_vehicle_with_care(owner.id, &car("粤B12345"), &facts, at(day(2026, 3, 1)))
        .expect("filed with its care");
    let care = store.vehicle_care(vehicle.id).expect("care");
    assert_eq!(care.kind, VehicleKind::Suv);
    assert_eq!(care.dealer, "广州骏达 4S", "trimmed");

    let own = VehicleCareInput {
        interval_km: Some(7_500),
        ..care
    };
    store
        .save_vehicle_care(vehicle.id, &own, at(day(2026, 3, 2)))
        .expect("own interval");
    let van = VehicleFacts {
        kind: VehicleKind::Van,
        ..facts
    };
    store
        .update_vehicle_with_care(vehicle.id, &car("粤B12345"), &van, at(day(2026, 3, 3)))
        .expect("edited");
    let care = store.vehicle_care(vehicle.id).expect("care");
    assert_eq!(care.kind, VehicleKind::Van);
    assert_eq!(
        care.interval_km,
        Some(7_500),
        "the form keeps the own interval"
    );
}
