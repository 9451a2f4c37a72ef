//! Signing the intake: the customer's signature freezes it (edits are refused, corrections
//! are amendments), its fingerprint verifies across restarts, and the workshop signs for
//! the car at a time rounded to ten minutes.
mod intake_fixtures;

use garage_core::intake::{AmendmentInput, Belongings, IntakeSection, KeysLog, SignatureRole};
use garage_core::settlement::pickup::{ReadyInput, TestDrive};
use garage_core::{CoreError, Store, WorkOrderStatus};
use intake_fixtures::*;

fn signed_job(store: &Store, data_dir: &std::path::Path) -> garage_core::WorkOrderId {
    let id = job(store).work_order.id;
    fill_intake(store, id);
    check_in(store, data_dir, id, at(2, 9, 30));
    id
}

#[test]
fn after_the_customer_signs_every_intake_section_is_locked() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("temp dir");
    let id = signed_job(&store, dir.path());
    let detail = store.get_work_order(id).expect("job");
    assert!(detail.work_order.frozen_at.is_some());
    assert_eq!(detail.intake_hash.as_ref().map(String::len), Some(64));

    let mut details = detail.work_order.details.clone();
    details.complaint = "rewritten by the diagnosis".into();
    let edits = [
        IntakeSection::JobDetails(details),
        IntakeSection::Dashboard(dashboard(99_999)),
        IntakeSection::Keys(KeysLog::default()),
        IntakeSection::Belongings(Belongings::NoneLeft),
        IntakeSection::Damage(vec![]),
    ];
    for edit in &edits {
        match store.save_intake_section(id, edit, at(2, 10, 0)) {
            Err(CoreError::Locked { code }) => assert_eq!(code, "intake.frozen"),
            other => panic!("a signed intake must not change, got {other:?}"),
        }
    }
    let payload = CoreError::Locked {
        code: garage_core::reason::Reason::IntakeFrozen,
    }
    .to_payload(garage_core::Lang::En);
    assert!(
        payload.message.contains("amendment"),
        "the message says what to do: {}",
        payload.message
    );
    assert_eq!(
        store
            .get_work_order(id)
            .expect("job")
            .work_order
            .details
            .complaint,
        "刹车时有异响 brakes squeal",
        "the customer's own words are kept"
    );
    assert!(store.verify_intake(id).expect("verify"));
}

#[test]
fn a_correction_is_an_amendment_the_customer_can_counter_sign_once() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("temp dir");
    let id = signed_job(&store, dir.path());
    let first = store.get_work_order(id).expect("job").work_order;
    let unsigned = open(&store, first.customer_id, first.vehicle_id, now())
        .work_order
        .id;
    let input = AmendmentInput {
        what: "Odometer is 86,240 km, not 86,420".into(),
        why: "Digits swapped when typing".into(),
        who: "周敏".into(),
    };
    assert!(matches!(
        store.add_amendment(unsigned, &input, now()),
        Err(CoreError::Conflict { code }) if code == "intake.not_frozen"
    ));
    let hash_before = store.get_work_order(id).expect("job").intake_hash;
    let detail = store
        .add_amendment(id, &input, at(2, 11, 0))
        .expect("amendment");
    assert_eq!(detail.amendments.len(), 1);
    assert_eq!(detail.amendments[0].who, "周敏");
    assert!(detail.amendments[0].countersignature.is_none());
    let amendment = detail.amendments[0].id;

    let countersigned = store
        .countersign_amendment(
            dir.path(),
            amendment,
            &signature(SignatureRole::Customer, "李建国"),
            at(2, 11, 5),
        )
        .expect("counter-signed");
    let sig = countersigned.amendments[0]
        .countersignature
        .as_ref()
        .expect("signature");
    assert_eq!(sig.amendment_id, Some(amendment));
    assert_eq!(
        countersigned.signatures.len(),
        1,
        "amendment signatures are listed on it"
    );
    assert!(matches!(
        store.countersign_amendment(dir.path(), amendment, &signature(SignatureRole::Customer, "李建国"), at(2, 12, 0)),
        Err(CoreError::Conflict { code }) if code == "signature.already_signed"
    ));
    assert_eq!(
        countersigned.intake_hash, hash_before,
        "an amendment never changes the frozen intake"
    );
    assert!(store.verify_intake(id).expect("verify"));
}

#[test]
fn the_fingerprint_verifies_after_the_app_restarts_and_catches_a_changed_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (id, hash) = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let id = signed_job(&store, dir.path());
        (id, store.get_work_order(id).expect("job").intake_hash)
    };
    let store = Store::open_in_dir(dir.path()).expect("the same file reopened");
    assert_eq!(store.get_work_order(id).expect("job").intake_hash, hash);
    assert!(
        store.verify_intake(id).expect("verify"),
        "same content, same hash after a restart"
    );

    // The customer file may change after signing: the frozen copy does not.
    let customer_id = store
        .get_work_order(id)
        .expect("job")
        .work_order
        .customer_id;
    let mut customer = store.get_customer(customer_id).expect("customer");
    customer.address = "New address".into();
    let input = garage_core::CustomerInput {
        name: customer.name.clone(),
        address: "New address".into(),
        phones: vec![garage_core::PhoneInput {
            label: garage_core::PhoneLabel::Mobile,
            number: "13812345678".into(),
            is_primary: true,
        }],
        ..garage_core::CustomerInput::default()
    };
    store
        .update_customer(customer_id, &input, at(3, 9, 0))
        .expect("customer edited");
    assert!(store.verify_intake(id).expect("verify"));

    store
        .with_conn(|conn| {
            conn.execute(
                "UPDATE work_orders SET fuel_eighths = 8 WHERE id = ?1",
                [id],
            )?;
            Ok(())
        })
        .expect("a change behind the app's back");
    assert!(
        !store.verify_intake(id).expect("verify"),
        "a changed fuel level must be caught"
    );
}

#[test]
fn the_workshop_signs_for_the_car_to_the_nearest_ten_minutes() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("temp dir");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    let receiver = signature(SignatureRole::WorkshopReceiver, "陈师傅");
    assert!(matches!(
        store.sign_work_order(dir.path(), id, &receiver, at(2, 9, 40)),
        Err(CoreError::Conflict { code }) if code == "status.needs_customer_signature"
    ));
    check_in(&store, dir.path(), id, at(2, 9, 30));
    let signed_at = at(2, 9, 44) + chrono::Duration::seconds(59);
    let detail = store
        .sign_work_order(dir.path(), id, &receiver, signed_at)
        .expect("received");
    assert_eq!(detail.work_order.status, WorkOrderStatus::InWorkshop);
    let workshop = detail
        .signatures
        .iter()
        .find(|s| s.role == SignatureRole::WorkshopReceiver)
        .expect("workshop signature");
    assert_eq!(workshop.signed_at, at(2, 9, 40));
    assert_eq!(workshop.fingerprint.len(), 64);

    assert!(matches!(
        store.set_work_order_status(id, WorkOrderStatus::Ready, at(3, 15, 0)),
        Err(CoreError::Conflict { code }) if code == "status.needs_final_check"
    ));
    let check = ReadyInput {
        work_done: true,
        test_drive: TestDrive::Done,
        cleaned: true,
        belongings_back: true,
        old_parts_set_aside: true,
        checked_by: "陈师傅".into(),
        pickup_at: Some(at(3, 17, 0)),
    };
    store.mark_ready(id, &check, at(3, 15, 0)).expect("ready");
    let ready = store.get_work_order(id).expect("job");
    assert_eq!(ready.work_order.status, WorkOrderStatus::Ready);
    let url = store
        .signature_data_url(dir.path(), workshop.id)
        .expect("png");
    assert!(url.starts_with("data:image/png;base64,"));
    assert!(matches!(
        store.sign_work_order(dir.path(), id, &receiver, at(3, 16, 0)),
        Err(CoreError::Conflict { code }) if code == "signature.already_signed"
    ));
}

#[test]
fn the_advisor_may_sign_before_or_after_the_customer() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("temp dir");
    let id = job(&store).work_order.id;
    fill_intake(&store, id);
    store
        .sign_work_order(
            dir.path(),
            id,
            &signature(SignatureRole::Advisor, "周敏"),
            at(2, 9, 20),
        )
        .expect("advisor signs the draft");
    let detail = check_in(&store, dir.path(), id, at(2, 9, 30));
    let roles: Vec<_> = detail.signatures.iter().map(|s| s.role).collect();
    assert_eq!(roles, [SignatureRole::Advisor, SignatureRole::Customer]);
    assert!(store.verify_intake(id).expect("verify"));
}
