//! The customer aggregate: create, duplicates, validation, archive and merge.
mod common;

use common::{at, car, now, person, store};
use garage_core::{
    CoreError, CustomerInput, CustomerKind, CustomerListQuery, DuplicateField, JobDetails,
    OpenWorkOrder, PhoneInput, PhoneLabel,
};

#[test]
fn a_customer_with_a_chinese_name_and_two_vehicles_is_filed() {
    let store = store();
    let customer = store
        .create_customer(&person("王小明", "+86 138 1234 5678"), now())
        .expect("saves");
    assert_eq!(customer.display_name, "王小明");
    assert_eq!(
        customer.phones[0].number, "13812345678",
        "phones are stored normalised"
    );
    store
        .add_vehicle(customer.id, &car("粤b 12345"), now())
        .expect("first car");
    store
        .add_vehicle(customer.id, &car("粤B·D12345"), now())
        .expect("second car");

    let file = store.get_customer_file(customer.id).expect("file");
    let plates: Vec<_> = file.vehicles.iter().map(|v| v.plate.as_str()).collect();
    assert_eq!(plates, vec!["粤B12345", "粤BD12345"]);
    assert_eq!(
        file.ownership_history.len(),
        2,
        "each vehicle opens an ownership period"
    );
}

#[test]
fn a_phone_already_on_file_is_caught_then_allowed_when_confirmed() {
    let store = store();
    let first = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("saves");
    let mut second = person("王大明", "138-1234-5678");
    match store.create_customer(&second, now()) {
        Err(CoreError::Duplicate(hits)) => {
            assert_eq!(hits.len(), 1);
            assert_eq!(hits[0].customer_id, first.id);
            assert_eq!(hits[0].display_name, "王小明");
            assert_eq!(hits[0].field, DuplicateField::Phone);
            assert_eq!(hits[0].value, "13812345678");
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
    second.allow_duplicate_phone = true;
    let saved = store
        .create_customer(&second, now())
        .expect("a family may share a phone");
    assert_ne!(saved.id, first.id);
}

#[test]
fn updating_a_customer_with_their_own_phone_is_not_a_duplicate() {
    let store = store();
    let customer = store
        .create_customer(&person("李雷", "13900001111"), now())
        .expect("saves");
    let mut input = person("李雷", "13900001111");
    input.address = "深圳市南山区".into();
    let updated = store
        .update_customer(customer.id, &input, at(23, 9))
        .expect("updates");
    assert_eq!(updated.address, "深圳市南山区");
    assert_eq!(updated.updated_at, at(23, 9));
}

#[test]
fn an_archived_customer_phone_is_not_a_duplicate() {
    let store = store();
    let old = store
        .create_customer(&person("旧客户", "13900001111"), now())
        .expect("saves");
    store.archive_customer(old.id, now()).expect("archives");
    store
        .create_customer(&person("新客户", "13900001111"), now())
        .expect("the number is free again");
}

#[test]
fn nothing_is_saved_when_one_field_is_invalid() {
    let store = store();
    let mut input = person("", "13812345678");
    input.phones.push(PhoneInput {
        label: PhoneLabel::Home,
        number: "12".into(),
        is_primary: false,
    });
    match store.create_customer(&input, now()) {
        Err(CoreError::Invalid(issues)) => {
            let fields: Vec<_> = issues.iter().map(|i| i.field.as_str()).collect();
            assert_eq!(
                fields,
                vec!["name", "phones.1.number"],
                "every issue is reported at once"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(store.counts().expect("counts").customers, 0);
}

#[test]
fn a_rejected_vehicle_leaves_its_customer_untouched() {
    let store = store();
    let customer = store
        .create_customer(&person("张三", "13812345678"), at(22, 8))
        .expect("saves");
    let mut bad = car("粤B12345");
    bad.vin = "TOO-SHORT".into();
    assert!(matches!(
        store.add_vehicle(customer.id, &bad, now()),
        Err(CoreError::Invalid(_))
    ));
    let file = store.get_customer_file(customer.id).expect("file");
    assert!(file.vehicles.is_empty());
    assert_eq!(file.customer.updated_at, at(22, 8));
}

#[test]
fn a_company_is_shown_by_its_company_name() {
    let store = store();
    let input = CustomerInput {
        kind: CustomerKind::Company,
        company_name: "深圳市顺达物流有限公司".into(),
        contact_person: "陈经理".into(),
        ..person("", "075588881234")
    };
    let saved = store.create_customer(&input, now()).expect("saves");
    assert_eq!(saved.display_name, "深圳市顺达物流有限公司");
}

#[test]
fn the_list_shows_the_most_recently_updated_first_and_hides_archived() {
    let store = store();
    let a = store
        .create_customer(&person("甲", "13800000001"), at(20, 9))
        .expect("a");
    let b = store
        .create_customer(&person("乙", "13800000002"), at(21, 9))
        .expect("b");
    let c = store
        .create_customer(&person("丙", "13800000003"), at(22, 9))
        .expect("c");
    store
        .update_customer(a.id, &person("甲", "13800000001"), at(22, 12))
        .expect("touch a");
    store.archive_customer(b.id, at(22, 13)).expect("archive b");
    let page = store
        .list_customers(&CustomerListQuery::default())
        .expect("list");
    let ids: Vec<_> = page.items.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![a.id, c.id]);
    assert_eq!(page.total, 2);
    let all = store
        .list_customers(&CustomerListQuery {
            include_archived: true,
            ..CustomerListQuery::default()
        })
        .expect("list");
    assert_eq!(all.total, 3);
    let second_page = store
        .list_customers(&CustomerListQuery {
            offset: 1,
            limit: 1,
            include_archived: false,
        })
        .expect("page");
    assert_eq!(second_page.items[0].id, c.id);
}

#[test]
fn merging_moves_vehicles_phones_and_notes_and_archives_the_absorbed_file() {
    let store = store();
    let mut keep_input = person("王小明", "13812345678");
    keep_input.notes = "喜欢原厂件".into();
    let keep = store.create_customer(&keep_input, at(20, 9)).expect("keep");
    let mut absorb_input = person("王小明", "13812345678");
    absorb_input.allow_duplicate_phone = true;
    absorb_input.phones.push(PhoneInput {
        label: PhoneLabel::Work,
        number: "075512345678".into(),
        is_primary: false,
    });
    absorb_input.notes = "周末取车".into();
    let absorb = store
        .create_customer(&absorb_input, at(21, 9))
        .expect("absorb");
    let car_id = store
        .add_vehicle(absorb.id, &car("粤B12345"), at(21, 9))
        .expect("car")
        .id;

    let merged = store
        .merge_customers(keep.id, absorb.id, now())
        .expect("merges");
    let numbers: Vec<_> = merged.phones.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(
        numbers,
        vec!["13812345678", "075512345678"],
        "the shared phone is not doubled"
    );
    assert_eq!(merged.phones.iter().filter(|p| p.is_primary).count(), 1);
    assert!(merged.notes.contains("喜欢原厂件") && merged.notes.contains("周末取车"));

    let file = store.get_customer_file(keep.id).expect("file");
    assert_eq!(file.vehicles[0].id, car_id);
    assert!(file
        .ownership_history
        .iter()
        .all(|p| p.customer_id == keep.id));
    let gone = store
        .get_customer(absorb.id)
        .expect("absorbed still on record");
    assert_eq!(gone.merged_into, Some(keep.id));
    assert!(gone.archived_at.is_some());
    assert!(matches!(
        store.unarchive_customer(absorb.id, now()),
        Err(CoreError::Conflict { .. })
    ));
    assert!(store
        .search("粤B12345", 10)
        .expect("search")
        .iter()
        .all(|h| h.customer_id == keep.id));
}

#[test]
fn a_customer_cannot_be_merged_into_itself() {
    let store = store();
    let c = store
        .create_customer(&person("甲", "13800000001"), now())
        .expect("a");
    assert!(
        matches!(store.merge_customers(c.id, c.id, now()), Err(CoreError::Conflict { code }) if code == "merge.same")
    );
}

#[test]
fn an_unknown_customer_is_not_found() {
    let store = store();
    assert!(matches!(
        store.get_customer(garage_core::CustomerId(42)),
        Err(CoreError::NotFound { what: "customer" })
    ));
}

#[test]
fn merging_moves_the_absorbed_files_work_orders_so_the_history_stays_whole() {
    let store = store();
    let keep = store
        .create_customer(&person("陈静", "13911112222"), at(20, 9))
        .expect("keep");
    let mut absorb_input = person("陈静", "13911112222");
    absorb_input.allow_duplicate_phone = true;
    let absorb = store
        .create_customer(&absorb_input, at(21, 9))
        .expect("absorb");
    let car_id = store
        .add_vehicle(absorb.id, &car("粤B54321"), at(21, 9))
        .expect("car")
        .id;
    let job = store
        .open_work_order(
            &OpenWorkOrder {
                customer_id: absorb.id,
                vehicle_id: car_id,
                details: JobDetails::default(),
            },
            at(21, 10),
        )
        .expect("job")
        .work_order;

    store
        .merge_customers(keep.id, absorb.id, now())
        .expect("merges");
    let history = store
        .work_orders_for_customer(keep.id, now())
        .expect("history");
    assert_eq!(
        history.iter().map(|w| w.id).collect::<Vec<_>>(),
        vec![job.id],
        "the kept file shows the job of the absorbed one"
    );
    assert!(
        store
            .work_orders_for_customer(absorb.id, now())
            .expect("absorbed history")
            .is_empty(),
        "no job is left behind on the archived file"
    );
    let moved = store.get_work_order(job.id).expect("job").work_order;
    assert_eq!(moved.customer_id, keep.id);
    assert_eq!(moved.number, job.number, "the job keeps its number");
}

#[test]
fn the_name_a_query_shows_is_the_name_the_customer_file_shows() {
    let store = store();
    let mut cases = vec![person("王小明", "13812345671")];
    let mut company = person("  李经理 ", "13812345672");
    company.kind = CustomerKind::Company;
    company.company_name = " 顺达物流有限公司 ".into();
    cases.push(company.clone());
    company.name = String::new();
    company.phones[0].number = "13812345673".into();
    cases.push(company);
    let mut at_work = person("陈静", "13812345674");
    at_work.company_name = "华南车队".into();
    cases.push(at_work);
    for input in cases {
        let customer = store.create_customer(&input, now()).expect("saves");
        let in_sql: String = store
            .with_conn(|c| {
                Ok(c.query_row(
                    "SELECT display_name FROM customers WHERE id = ?1",
                    [customer.id],
                    |r| r.get(0),
                )?)
            })
            .expect("display name");
        assert_eq!(
            in_sql, customer.display_name,
            "the database's display_name and customer::display_name agree"
        );
    }
}
