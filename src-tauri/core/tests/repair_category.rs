//! The repair category (维修类别, issue 21): chosen at intake, required to sign, shown in
//! the job lists, changeable until the settlement is signed, set by a comeback link, and
//! given to the jobs of a shop of the previous release by migration 020.
mod intake_fixtures;
mod old_schema;
mod settlement_fixtures;

use garage_core::error::CoreError;
use garage_core::pricing::{GuaranteeClass, LineKind, RepairSystem};
use garage_core::reason::Reason;
use garage_core::work_order::{RepairCategory, WorkOrderFilter};
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;
use settlement_fixtures::*;

fn conflict(result: Result<impl std::fmt::Debug, CoreError>) -> Reason {
    match result {
        Err(CoreError::Conflict { code }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn category(store: &Store, id: WorkOrderId) -> Option<RepairCategory> {
    store
        .get_work_order(id)
        .expect("job")
        .work_order
        .repair_category
}

#[test]
fn the_chosen_category_is_on_the_job_and_in_its_lists_which_filter_by_it() {
    let store = Store::open_in_memory().expect("store");
    let id = job(&store).work_order.id;
    assert_eq!(category(&store, id), None, "a new job is not classified");
    store
        .set_repair_category(id, RepairCategory::Accident, now())
        .expect("chosen");
    assert_eq!(category(&store, id), Some(RepairCategory::Accident));
    let open = store.list_open_work_orders(now()).expect("open jobs");
    assert_eq!(open[0].repair_category, Some(RepairCategory::Accident));
    let only = |c| WorkOrderFilter {
        repair_category: Some(c),
        ..WorkOrderFilter::default()
    };
    let accident = store
        .list_work_orders(&only(RepairCategory::Accident), now())
        .expect("list");
    assert_eq!((accident.total, accident.items.len()), (1, 1));
    assert_eq!(
        accident.items[0].repair_category,
        Some(RepairCategory::Accident)
    );
    let none = store
        .list_work_orders(&only(RepairCategory::Overhaul), now())
        .expect("list");
    assert_eq!(none.total, 0, "the filter keeps only the chosen category");
}

#[test]
fn the_customer_cannot_sign_before_the_category_is_chosen_and_the_field_says_so() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = job(&store).work_order.id;
    let detail = fill_walk_around(&store, id);
    let blockers: Vec<_> = detail
        .sign_blockers
        .iter()
        .map(|i| i.field.as_str())
        .collect();
    assert_eq!(blockers, ["repairCategory"], "only the category is missing");
    let refused = store.sign_work_order(dir.path(), id, &customer_signature(&store, id), now());
    match refused {
        Err(CoreError::Invalid(issues)) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].field, "repairCategory");
            assert_eq!(issues[0].code, Reason::RepairCategoryRequired);
        }
        other => panic!("signing without a category must be refused, got {other:?}"),
    }
    store
        .set_repair_category(id, RepairCategory::Repair, now())
        .expect("chosen");
    let signed = store
        .sign_work_order(dir.path(), id, &customer_signature(&store, id), now())
        .expect("signed once chosen");
    assert!(signed.sign_blockers.is_empty());
}

#[test]
fn the_category_changes_after_signing_without_touching_the_frozen_intake_until_settled() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = job_in_workshop(&store, dir.path());
    let hash = store.get_work_order(id).expect("job").intake_hash;
    store
        .set_repair_category(id, RepairCategory::Overhaul, now())
        .expect("changed after the intake was signed");
    let detail = store.get_work_order(id).expect("job");
    assert_eq!(
        detail.work_order.repair_category,
        Some(RepairCategory::Overhaul)
    );
    assert_eq!(
        detail.intake_hash, hash,
        "the signed intake does not hold the category"
    );
    assert!(detail.can_change_category);
    assert!(
        store.verify_intake(id).expect("verify"),
        "the frozen intake still verifies"
    );
}

#[test]
fn once_the_settlement_is_signed_the_category_stays_as_counted() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = signed_job(&store, dir.path());
    assert!(!store.get_work_order(id).expect("job").can_change_category);
    assert_eq!(
        conflict(store.set_repair_category(id, RepairCategory::Overhaul, at(3, 17, 0))),
        Reason::RepairCategorySettled
    );
    assert_eq!(
        category(&store, id),
        Some(RepairCategory::Repair),
        "unchanged"
    );
}

#[test]
fn linking_a_job_as_a_comeback_makes_it_a_comeback() {
    let store = Store::open_in_memory().expect("store");
    let first = job(&store).work_order;
    let again = open(&store, first.customer_id, first.vehicle_id, at(9, 9, 0)).work_order;
    store
        .set_repair_category(again.id, RepairCategory::Repair, at(9, 9, 1))
        .expect("chosen at intake");
    store
        .link_comeback(again.id, first.id, "周敏", at(9, 9, 5))
        .expect("linked");
    assert_eq!(category(&store, again.id), Some(RepairCategory::Comeback));
    assert_eq!(
        category(&store, first.id),
        None,
        "the earlier job is not touched"
    );
}

/// A job of the previous release with `lines` on its estimate (`system`, guarantee).
fn job_with_lines(
    store: &Store,
    plate: &str,
    lines: &[(Option<RepairSystem>, GuaranteeClass)],
) -> WorkOrderId {
    let phone = format!("139000{}", &plate[plate.len() - 5..]);
    let (customer, vehicle) =
        customer_with_car(store, "王芳", &phone, plate, garage_core::Lang::ZhHans);
    let id = open(store, customer, vehicle, now()).work_order.id;
    if !lines.is_empty() {
        let lines = lines
            .iter()
            .map(|(system, class)| {
                let mut l = line(LineKind::Labour, 1_000, 10_000, 0);
                l.system = *system;
                // The regulation's least for the class, as the shop must print.
                let (km, days) = match class {
                    GuaranteeClass::Overhaul => (20_000, 100),
                    GuaranteeClass::SecondLevel => (5_000, 30),
                    _ => (2_000, 10),
                };
                l.guarantee.class = *class;
                l.guarantee.km = km;
                l.guarantee.days = days;
                l
            })
            .collect();
        approve_estimate(store, id, lines);
    }
    id
}

#[test]
fn a_shop_of_the_previous_release_gets_its_jobs_classified_and_the_rest_counted() {
    use GuaranteeClass::{FirstLevel, Overhaul, SecondLevel};
    use RepairSystem::{Body, Brakes, Engine, Maintenance, Other};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(garage_core::store::DB_FILE_NAME);
    let expected = {
        let store = Store::open(&path).expect("store");
        let jobs = [
            (
                "沪A10001",
                vec![(Some(Engine), Overhaul)],
                Some(RepairCategory::Overhaul),
            ),
            (
                "沪A10002",
                vec![(Some(Body), FirstLevel), (Some(Maintenance), SecondLevel)],
                Some(RepairCategory::Accident),
            ),
            (
                "沪A10003",
                vec![(Some(Other), SecondLevel)],
                Some(RepairCategory::Maintenance),
            ),
            (
                "沪A10004",
                vec![(Some(Brakes), FirstLevel), (None, FirstLevel)],
                Some(RepairCategory::Repair),
            ),
            (
                "沪A10005",
                vec![
                    (Some(Maintenance), FirstLevel),
                    (Some(Maintenance), FirstLevel),
                ],
                Some(RepairCategory::Maintenance),
            ),
            ("沪A10006", vec![(None, FirstLevel)], None),
            ("沪A10007", vec![], None),
        ];
        let mut expected: Vec<_> = jobs
            .iter()
            .map(|(plate, lines, want)| (job_with_lines(&store, plate, lines), *want))
            .collect();
        let cancelled = job_with_lines(&store, "沪A10008", &[]);
        store
            .cancel_work_order(cancelled, "客户改约 customer rebooked", now())
            .expect("cancelled");
        expected.push((cancelled, None));
        // The same car back: linked as a comeback, whatever its lines say.
        let first = expected[0].0;
        let car = store.get_work_order(first).expect("job").work_order;
        let again = open(&store, car.customer_id, car.vehicle_id, at(9, 9, 0))
            .work_order
            .id;
        store
            .link_comeback(again, first, "周敏", at(9, 9, 5))
            .expect("linked");
        expected.push((again, Some(RepairCategory::Comeback)));
        store
            .with_conn(|conn| {
                old_schema::back_to_version(conn, 19);
                Ok(())
            })
            .expect("the release before the repair category");
        expected
    };
    let store = Store::open(&path).expect("migrated");
    for (id, want) in &expected {
        assert_eq!(category(&store, *id), *want, "job {id:?}");
    }
    let not_classified: i64 = store
        .with_conn(|conn| {
            Ok(conn.query_row(
                "SELECT count FROM migration_notes WHERE version = 20 AND topic = 'jobs_not_classified'",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("the migration's note");
    assert_eq!(
        not_classified, 2,
        "the job with an unplaced line and the job without lines; the cancelled one is not counted"
    );
}
