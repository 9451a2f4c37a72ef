//! `garage-desk print CUST-… --form customer-file`: the customer file sheet written
//! headless, the same sheet the window prints; an unknown file number is refused.
use std::path::Path;

use chrono::NaiveDate;
use garage_core::domain::care::{VehicleCareInput, VehicleKind};
use garage_core::{CustomerInput, Lang, Store};

mod cli_fixtures;
use cli_fixtures::*;

/// A customer with one SUV bought at a 4S shop; the file's number.
fn shop_with_a_customer(dir: &Path) -> String {
    let store = Store::open_in_dir(dir).expect("store");
    let now = NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("a valid time");
    let input = CustomerInput {
        preferred_language: Lang::ZhHans,
        agrees_to_follow_up: true,
        ..person("周建华", "13512345678")
    };
    let customer = store.create_customer(&input, now).expect("customer");
    let car = car("粤A88123", "Toyota", "RAV4");
    let vehicle = store.add_vehicle(customer.id, &car, now).expect("car");
    let care = VehicleCareInput {
        kind: VehicleKind::Suv,
        purchase_date: NaiveDate::from_ymd_opt(2021, 5, 1),
        dealer: "广州骏达丰田4S店".into(),
        interval_km: None,
        interval_months: None,
    };
    store
        .save_vehicle_care(vehicle.id, &care, now)
        .expect("care");
    format!("CUST-{:05}", customer.id.0)
}

#[test]
fn print_writes_the_customer_file_sheet_of_a_cust_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let number = shop_with_a_customer(dir.path());
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("file.pdf");
    let out_arg = out.to_str().expect("utf-8");
    let printed = print_form(
        dir.path(),
        &number,
        "customer-file",
        Some("bilingual"),
        &out,
    );
    succeeded(&printed);
    let text = text_of(&out);
    for value in [
        number.as_str(),
        "客户档案资料表",
        "Customer file",
        "周建华",
        "粤A88123",
        "广州骏达丰田4S店",
        "SUV",
    ] {
        // A narrow column wraps a long name: read the text without its line breaks.
        let flat: String = text.split_whitespace().collect();
        let value: String = value.split_whitespace().collect();
        assert!(flat.contains(&value), "the sheet lacks {value}:\n{text}");
    }
    for wrong in ["CUST-99999", "WO-2026-00001", "CUST-"] {
        let refused = print_form(dir.path(), wrong, "customer-file", None, &out);
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{wrong} is no customer file"
        );
    }
    let stray = garage_desk(
        dir.path(),
        &[
            "print",
            &number,
            "--form",
            "customer-file",
            "--payment",
            "1",
            "--out",
            out_arg,
        ],
    );
    assert_ne!(stray.status.code(), Some(0), "--payment is a receipt's");
    let help = garage_desk(dir.path(), &["print", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--form customer-file"));
}
