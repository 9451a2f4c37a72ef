//! Vehicles: duplicates, odometer readings, transfer and archive.
mod common;

use chrono::NaiveDate;
use common::{at, car, now, person, store};
use garage_core::{
    CoreError, DistanceUnit, DuplicateField, JobDetails, OdometerInput, OdometerSource,
    OpenWorkOrder,
};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("valid day")
}

#[test]
fn a_plate_already_on_an_active_vehicle_is_refused_with_the_existing_record() {
    let store = store();
    let owner = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("owner");
    let first = store
        .add_vehicle(owner.id, &car("粤B12345"), now())
        .expect("car");
    let other = store
        .create_customer(&person("李雷", "13912345678"), now())
        .expect("other");
    match store.add_vehicle(other.id, &car("粤b 123.45"), now()) {
        Err(CoreError::Duplicate(hits)) => {
            assert_eq!(hits.len(), 1);
            assert_eq!(hits[0].vehicle_id, Some(first.id));
            assert_eq!(hits[0].customer_id, owner.id);
            assert_eq!(hits[0].field, DuplicateField::Plate);
            assert_eq!(hits[0].value, "粤B12345");
        }
        other => panic!("expected Duplicate, got {other:?}"),
    }
}

#[test]
fn an_archived_vehicle_frees_its_plate_and_cannot_come_back_while_it_is_taken() {
    let store = store();
    let owner = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("owner");
    let old = store
        .add_vehicle(owner.id, &car("粤B12345"), now())
        .expect("car");
    store.archive_vehicle(old.id, now()).expect("archived");
    store
        .add_vehicle(owner.id, &car("粤B12345"), now())
        .expect("plate reissued");
    assert!(matches!(
        store.unarchive_vehicle(old.id, now()),
        Err(CoreError::Duplicate(_))
    ));
}

#[test]
fn the_newest_odometer_reading_is_shown_on_the_vehicle() {
    let store = store();
    let owner = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("owner");
    let mut input = car("粤B12345");
    input.odometer = Some(OdometerInput {
        value: 10_000,
        unit: DistanceUnit::Km,
        read_on: day(1),
        source: OdometerSource::Intake,
    });
    let vehicle = store.add_vehicle(owner.id, &input, now()).expect("car");
    assert_eq!(
        vehicle.latest_odometer.as_ref().map(|r| r.value),
        Some(10_000)
    );
    let reading = OdometerInput {
        value: 12_500,
        unit: DistanceUnit::Km,
        read_on: day(20),
        source: OdometerSource::Manual,
    };
    store
        .add_odometer_reading(vehicle.id, &reading, now())
        .expect("reading");
    let older = OdometerInput {
        value: 11_000,
        read_on: day(10),
        ..reading.clone()
    };
    store
        .add_odometer_reading(vehicle.id, &older, now())
        .expect("late entry of an older reading");
    let vehicle = store.get_vehicle(vehicle.id).expect("vehicle");
    assert_eq!(
        vehicle.latest_odometer.map(|r| r.value),
        Some(12_500),
        "newest by date, not by entry"
    );
    assert_eq!(
        store
            .list_odometer_readings(vehicle.id)
            .expect("list")
            .len(),
        3
    );
}

#[test]
fn a_reading_dated_in_the_future_is_refused() {
    let store = store();
    let owner = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("owner");
    let vehicle = store
        .add_vehicle(owner.id, &car("粤B12345"), now())
        .expect("car");
    let reading = OdometerInput {
        value: 100,
        unit: DistanceUnit::Km,
        read_on: day(30),
        source: OdometerSource::Manual,
    };
    assert!(matches!(
        store.add_odometer_reading(vehicle.id, &reading, now()),
        Err(CoreError::Invalid(_))
    ));
}

#[test]
fn a_transfer_keeps_the_ownership_history() {
    let store = store();
    let seller = store
        .create_customer(&person("王小明", "13812345678"), at(1, 9))
        .expect("seller");
    let buyer = store
        .create_customer(&person("李雷", "13912345678"), at(1, 9))
        .expect("buyer");
    let vehicle = store
        .add_vehicle(seller.id, &car("粤B12345"), at(1, 9))
        .expect("car");
    let moved = store
        .transfer_vehicle(vehicle.id, buyer.id, now())
        .expect("transfer");
    assert_eq!(moved.customer_id, buyer.id);

    let history = store.vehicle_ownership(vehicle.id).expect("history");
    let periods: Vec<_> = history
        .iter()
        .map(|p| (p.customer_id, p.from, p.to))
        .collect();
    assert_eq!(
        periods,
        vec![
            (seller.id, day(1), Some(day(22))),
            (buyer.id, day(22), None)
        ]
    );

    let seller_file = store.get_customer_file(seller.id).expect("seller file");
    assert!(seller_file.vehicles.is_empty());
    assert_eq!(seller_file.former_vehicles[0].plate, "粤B12345");
    let buyer_file = store.get_customer_file(buyer.id).expect("buyer file");
    assert_eq!(
        buyer_file.ownership_history.len(),
        2,
        "the buyer sees who owned it before"
    );

    assert_eq!(
        store.search("粤B12345", 5).expect("search")[0].customer_id,
        buyer.id,
        "search follows the owner"
    );
    assert!(matches!(
        store.transfer_vehicle(vehicle.id, buyer.id, now()),
        Err(CoreError::Conflict { code }) if code == "transfer.same_owner"
    ));
}

#[test]
fn a_vehicle_cannot_go_to_an_archived_customer() {
    let store = store();
    let seller = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("seller");
    let gone = store
        .create_customer(&person("李雷", "13912345678"), now())
        .expect("buyer");
    store.archive_customer(gone.id, now()).expect("archive");
    let vehicle = store
        .add_vehicle(seller.id, &car("粤B12345"), now())
        .expect("car");
    assert!(matches!(
        store.transfer_vehicle(vehicle.id, gone.id, now()),
        Err(CoreError::Conflict { .. })
    ));
}

#[test]
fn updating_a_vehicle_with_a_new_reading_adds_it() {
    let store = store();
    let owner = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("owner");
    let vehicle = store
        .add_vehicle(owner.id, &car("粤B12345"), now())
        .expect("car");
    let mut input = car("粤B54321");
    input.vin = "1M8GDM9AXKP042788".into();
    input.odometer = Some(OdometerInput {
        value: 500,
        unit: DistanceUnit::Km,
        read_on: day(22),
        source: OdometerSource::Manual,
    });
    let updated = store
        .update_vehicle(vehicle.id, &input, now())
        .expect("updates");
    assert_eq!(updated.plate, "粤B54321");
    assert_eq!(updated.vin.as_deref(), Some("1M8GDM9AXKP042788"));
    store
        .update_vehicle(vehicle.id, &input, now())
        .expect("same again");
    assert_eq!(
        store
            .list_odometer_readings(vehicle.id)
            .expect("list")
            .len(),
        1,
        "an unchanged reading is not doubled"
    );
}

#[test]
fn a_vehicle_with_a_job_still_open_cannot_change_owner_until_the_job_is_called_off() {
    let store = store();
    let seller = store
        .create_customer(&person("王小明", "13812345678"), at(1, 9))
        .expect("seller");
    let buyer = store
        .create_customer(&person("李雷", "13912345678"), at(1, 9))
        .expect("buyer");
    let vehicle = store
        .add_vehicle(seller.id, &car("粤B12345"), at(1, 9))
        .expect("car");
    let job = store
        .open_work_order(
            &OpenWorkOrder {
                customer_id: seller.id,
                vehicle_id: vehicle.id,
                details: JobDetails::default(),
            },
            at(20, 9),
        )
        .expect("job")
        .work_order;

    let refused = store.transfer_vehicle(vehicle.id, buyer.id, now());
    assert!(
        matches!(refused, Err(CoreError::Conflict { ref code }) if code == "transfer.open_job"),
        "the open job names the owner who left the car: {refused:?}"
    );
    assert_eq!(
        store.get_vehicle(vehicle.id).expect("car").customer_id,
        seller.id,
        "nothing changed"
    );

    store
        .cancel_work_order(job.id, "customer sold the car", now())
        .expect("cancel");
    let moved = store
        .transfer_vehicle(vehicle.id, buyer.id, now())
        .expect("a car without an open job changes hands");
    assert_eq!(moved.customer_id, buyer.id);
}
