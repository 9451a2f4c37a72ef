//! Work orders: gapless numbering, status rules, the checklist template, and the intake
//! rules that need the store (odometer history, key cabinet, belongings).
mod intake_fixtures;

use std::collections::BTreeSet;

use garage_core::intake::{
    Belongings, InspectionTemplate, IntakeOdometer, IntakeSection, ItemStatus, KeysLog, Label,
    TemplateGroup,
};
use garage_core::{
    CoreError, DistanceUnit, Lang, OdometerInput, OdometerSource, OpenWorkOrder, Store,
    WorkOrderFilter, WorkOrderStatus,
};
use intake_fixtures::*;

fn memory() -> Store {
    Store::open_in_memory().expect("an in-memory store opens and migrates")
}

fn conflict_code<T: std::fmt::Debug>(result: Result<T, CoreError>) -> String {
    match result {
        Err(CoreError::Conflict { code }) => code.as_str().to_string(),
        other => panic!("expected a Conflict, got {other:?}"),
    }
}

fn invalid_codes<T: std::fmt::Debug>(result: Result<T, CoreError>) -> Vec<String> {
    match result {
        Err(CoreError::Invalid(issues)) => issues
            .into_iter()
            .map(|i| i.code.as_str().to_string())
            .collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn numbers_stay_gapless_when_four_desks_open_jobs_at_the_same_moment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (customer_id, vehicle_id) = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans)
    };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let store = Store::open_in_dir(&path).expect("each desk opens the file");
                (0..10)
                    .map(|_| {
                        open(&store, customer_id, vehicle_id, now())
                            .work_order
                            .number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let numbers: BTreeSet<String> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("a desk thread finished"))
        .collect();
    let expected: BTreeSet<String> = (1..=40).map(|n| format!("WO-2026-{n:05}")).collect();
    assert_eq!(
        numbers, expected,
        "40 jobs must take exactly numbers 1..=40, once each"
    );
}

#[test]
fn numbering_starts_again_at_one_in_a_new_year_with_the_shop_prefix() {
    let store = memory();
    let mut settings = store.get_settings().expect("settings");
    settings.work_order_prefix = "gd".into();
    store.save_settings(&settings).expect("prefix saved");
    let (c, v) = customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans);
    let last_of_2025 = chrono::NaiveDate::from_ymd_opt(2025, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 0))
        .expect("date");
    assert_eq!(
        open(&store, c, v, last_of_2025).work_order.number,
        "GD-2025-00001"
    );
    assert_eq!(
        open(&store, c, v, last_of_2025).work_order.number,
        "GD-2025-00002"
    );
    assert_eq!(open(&store, c, v, now()).work_order.number, "GD-2026-00001");
}

#[test]
fn a_cancelled_job_keeps_its_number_and_reason_and_the_next_job_takes_the_next_number() {
    let store = memory();
    let first = job(&store);
    let id = first.work_order.id;
    assert_eq!(
        invalid_codes(store.cancel_work_order(id, "  ", now())),
        ["cancel.reason_required"]
    );
    let cancelled = store
        .cancel_work_order(id, "Customer went to the dealer", now())
        .expect("cancelled");
    assert_eq!(cancelled.work_order.status, WorkOrderStatus::Cancelled);
    assert_eq!(cancelled.work_order.number, "WO-2026-00001");
    assert_eq!(
        cancelled.work_order.cancel_reason,
        "Customer went to the dealer"
    );
    let next = open(
        &store,
        first.work_order.customer_id,
        first.work_order.vehicle_id,
        now(),
    );
    assert_eq!(
        next.work_order.number, "WO-2026-00002",
        "a cancelled number is never reused"
    );
    assert_eq!(
        conflict_code(store.set_work_order_status(id, WorkOrderStatus::Ready, now())),
        "work_order.cancelled"
    );
}

#[test]
fn a_status_that_needs_a_signature_cannot_be_set_directly() {
    let store = memory();
    let id = job(&store).work_order.id;
    assert_eq!(
        conflict_code(store.set_work_order_status(id, WorkOrderStatus::CheckedIn, now())),
        "status.needs_customer_signature"
    );
    assert_eq!(
        conflict_code(store.set_work_order_status(id, WorkOrderStatus::Ready, now())),
        "status.transition"
    );
}

#[test]
fn a_job_can_only_be_opened_on_a_vehicle_the_customer_owns() {
    let store = memory();
    let (owner, car) = customer_with_car(&store, "李建国", "13812345678", "沪A12345", Lang::ZhHans);
    let (other, _) = customer_with_car(&store, "王芳", "13912345678", "沪B54321", Lang::ZhHans);
    let input = OpenWorkOrder {
        customer_id: other,
        vehicle_id: car,
        details: details("noise"),
    };
    assert_eq!(
        conflict_code(store.open_work_order(&input, now())),
        "work_order.vehicle_not_owned"
    );
    let _ = owner;
}

#[test]
fn a_new_job_copies_the_checklist_template_and_later_edits_only_reach_new_jobs() {
    let store = memory();
    let first = job(&store);
    let default_items = InspectionTemplate::default().to_items();
    assert_eq!(first.intake.inspection, default_items);
    assert!(first
        .intake
        .inspection
        .iter()
        .all(|i| i.status == ItemStatus::NotChecked));

    let mut template = store.get_inspection_template().expect("template");
    assert_eq!(
        template,
        InspectionTemplate::default(),
        "the default until the shop edits it"
    );
    template.groups.push(TemplateGroup {
        label: Label::Text(" Roof rack ".into()),
        items: vec![
            Label::Text("Bars".into()),
            Label::Key("intake.item.roof".into()),
        ],
    });
    let saved = store
        .save_inspection_template(&template)
        .expect("template saved");
    assert_eq!(
        saved.groups[7].label,
        Label::Text("Roof rack".into()),
        "trimmed"
    );

    let second = open(
        &store,
        first.work_order.customer_id,
        first.work_order.vehicle_id,
        now(),
    );
    assert_eq!(second.intake.inspection.len(), default_items.len() + 2);
    let reloaded = store
        .get_work_order(first.work_order.id)
        .expect("first job");
    assert_eq!(
        reloaded.intake.inspection.len(),
        default_items.len(),
        "open jobs keep their copy"
    );

    template.groups[0]
        .items
        .push(Label::Key("intake.item.no_such_thing".into()));
    assert_eq!(
        invalid_codes(store.save_inspection_template(&template)),
        ["template.unknown_key"]
    );
}

#[test]
fn an_odometer_reading_below_the_last_one_needs_a_reason() {
    let store = memory();
    let detail = job(&store);
    let reading = OdometerInput {
        value: 90_000,
        unit: DistanceUnit::Km,
        read_on: at(1, 9, 0).date(),
        source: OdometerSource::Manual,
    };
    store
        .add_odometer_reading(detail.work_order.vehicle_id, &reading, at(1, 9, 0))
        .expect("earlier reading");
    let id = detail.work_order.id;
    let lower = IntakeSection::Dashboard(dashboard(86_420));
    assert_eq!(
        invalid_codes(store.save_intake_section(id, &lower, now())),
        ["odometer.lower_needs_reason"]
    );
    let mut explained = dashboard(86_420);
    explained.odometer = Some(IntakeOdometer {
        value: 86_420,
        unit: DistanceUnit::Km,
        lower_reason: "Instrument cluster replaced".into(),
    });
    let saved = store
        .save_intake_section(id, &IntakeSection::Dashboard(explained), now())
        .expect("a lower reading with its reason is kept");
    let odometer = saved.intake.dashboard.odometer.expect("reading");
    assert_eq!(odometer.lower_reason, "Instrument cluster replaced");
    let miles = IntakeSection::Dashboard(dashboard_in_miles(56_000));
    assert!(
        store.save_intake_section(id, &miles, now()).is_ok(),
        "56,000 mi is above 90,000 km"
    );
}

fn dashboard_in_miles(value: i64) -> garage_core::intake::Dashboard {
    let mut d = dashboard(value);
    d.odometer = Some(IntakeOdometer {
        value,
        unit: DistanceUnit::Mi,
        lower_reason: String::new(),
    });
    d
}

#[test]
fn checking_in_files_the_intake_reading_in_the_vehicle_history() {
    let store = memory();
    let dir = tempfile::tempdir().expect("temp dir");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    let detail = check_in(&store, dir.path(), id, at(2, 9, 30));
    let latest = detail
        .vehicle
        .latest_odometer
        .expect("a reading on the vehicle");
    assert_eq!(
        (latest.value, latest.source),
        (86_420, OdometerSource::Intake)
    );
    assert_eq!(detail.work_order.status, WorkOrderStatus::CheckedIn);
}

#[test]
fn a_key_slot_holding_another_open_jobs_keys_is_refused_until_that_job_ends() {
    let store = memory();
    let first = job(&store);
    let second = open(
        &store,
        first.work_order.customer_id,
        first.work_order.vehicle_id,
        now(),
    );
    let keys = |slot: &str| {
        IntakeSection::Keys(KeysLog {
            count: 1,
            tag_number: "T1".into(),
            cabinet_slot: slot.into(),
        })
    };
    store
        .save_intake_section(first.work_order.id, &keys("A3"), now())
        .expect("slot A3");
    assert_eq!(
        conflict_code(store.save_intake_section(second.work_order.id, &keys(" a3 "), now())),
        "keys.slot_taken"
    );
    store
        .save_intake_section(first.work_order.id, &keys("A3"), now())
        .expect("a job may save its own slot again");
    store
        .cancel_work_order(first.work_order.id, "No show", now())
        .expect("cancelled");
    let saved = store
        .save_intake_section(second.work_order.id, &keys("a3"), now())
        .expect("a cancelled job no longer holds the slot");
    assert_eq!(saved.intake.keys.cabinet_slot, "A3");
}

#[test]
fn belongings_are_not_recorded_until_answered_and_nothing_left_is_an_answer() {
    let store = memory();
    let id = job(&store).work_order.id;
    let detail = store.get_work_order(id).expect("job");
    assert_eq!(detail.intake.belongings, Belongings::NotRecorded);
    let none = store
        .save_intake_section(id, &IntakeSection::Belongings(Belongings::NoneLeft), now())
        .expect("nothing left");
    assert_eq!(none.intake.belongings, Belongings::NoneLeft);
    let listed = fill_intake(&store, id);
    match listed.intake.belongings {
        Belongings::Listed(items) => {
            assert_eq!(items.len(), 1);
            assert!(items[0].valuable);
            assert_eq!(
                items[0].item,
                Label::Key("intake.belonging.cash_valuables".into())
            );
        }
        other => panic!("expected a list, got {other:?}"),
    }
    assert_eq!(
        invalid_codes(store.save_intake_section(
            id,
            &IntakeSection::Belongings(Belongings::Listed(vec![])),
            now()
        )),
        ["belongings.empty_list"]
    );
}

#[test]
fn the_customer_cannot_sign_an_intake_with_the_essentials_missing() {
    let store = memory();
    let dir = tempfile::tempdir().expect("temp dir");
    let id = job(&store).work_order.id;
    let signed = store.sign_work_order(dir.path(), id, &customer_signature(&store, id), now());
    assert_eq!(
        invalid_codes(signed),
        [
            "odometer.required",
            "fuel.required",
            "belongings.not_recorded",
            "repair_category.required"
        ]
    );
}

#[test]
fn today_lists_jobs_still_at_the_shop_with_the_late_ones_flagged() {
    let store = memory();
    let first = job(&store);
    let (c, v) = (first.work_order.customer_id, first.work_order.vehicle_id);
    let second = open(&store, c, v, now());
    let third = open(&store, c, v, now());
    store
        .cancel_work_order(third.work_order.id, "Duplicate", now())
        .expect("cancelled");
    let today = store.list_open_work_orders(at(3, 18, 0)).expect("today");
    let numbers: Vec<_> = today.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, ["WO-2026-00001", "WO-2026-00002"]);
    assert!(
        today.iter().all(|s| s.overdue),
        "promised 3 March 17:00, now 18:00"
    );
    assert_eq!(today[0].plate, "沪A12345");
    assert_eq!(today[0].customer_name, "李建国");
    assert!(!store.list_open_work_orders(at(3, 16, 0)).expect("today")[0].overdue);

    let page = store
        .list_work_orders(
            &WorkOrderFilter {
                limit: 2,
                ..WorkOrderFilter::default()
            },
            now(),
        )
        .expect("page");
    assert_eq!(page.total, 3);
    assert_eq!(page.items[0].id, third.work_order.id, "newest first");
    let by_plate = WorkOrderFilter {
        text: "沪a 123".into(),
        ..WorkOrderFilter::default()
    };
    assert_eq!(
        store
            .list_work_orders(&by_plate, now())
            .expect("by plate")
            .total,
        3
    );
    let open_only = WorkOrderFilter {
        statuses: vec![WorkOrderStatus::Open],
        ..WorkOrderFilter::default()
    };
    assert_eq!(
        store
            .list_work_orders(&open_only, now())
            .expect("open")
            .total,
        2
    );
    let history = store.work_orders_for_customer(c, now()).expect("history");
    assert_eq!(history.len(), 3);
    assert_eq!(history[1].id, second.work_order.id);
    assert_eq!(history[2].id, first.work_order.id, "oldest last");
}

#[test]
fn a_database_of_the_previous_release_gains_work_orders_and_keeps_its_customers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(garage_core::store::DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).expect("old file");
        conn.execute_batch(include_str!("../src/store/migrations/001_customers.sql"))
            .expect("release 1 schema");
        conn.execute_batch(
            "INSERT INTO customers (id, kind, name, created_at, updated_at)
             VALUES (1, 'person', '李建国', '2025-06-01T09:00:00', '2025-06-01T09:00:00');
             INSERT INTO vehicles (id, customer_id, plate, created_at, updated_at)
             VALUES (1, 1, '沪A12345', '2025-06-01T09:00:00', '2025-06-01T09:00:00');
             PRAGMA user_version = 1;",
        )
        .expect("a customer filed with release 1");
    }
    let (customer, vehicle) = (garage_core::CustomerId(1), garage_core::VehicleId(1));
    let store = Store::open(&path).expect("migrated");
    let version: i64 = store
        .with_conn(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
        .expect("version");
    assert_eq!(version, Store::schema_version());
    let detail = open(&store, customer, vehicle, now());
    assert_eq!(detail.work_order.number, "WO-2026-00001");
    assert_eq!(detail.customer_name, "李建国");
}
