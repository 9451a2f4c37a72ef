//! Importing a customer list of 100,000 rows (each a customer with a car, half with a
//! VIN and an odometer reading, in a CSV as the sales department's Excel saves it) into
//! an empty shop in a temp-file database: the dry run, then the apply that plans again
//! and writes every row in one transaction. Run with `cargo bench --bench
//! customer_import`; the line starting `RESULT` is the machine-readable result (budget:
//! 10 s for both).
use std::fmt::Write;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::customer_import::CustomerImportQuery;
use garage_core::pricing::sheet::SheetFormat;
use garage_core::validate::vin::check_digit;
use garage_core::Store;

const ROWS: u32 = 100_000;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date")
}

fn list() -> Vec<u8> {
    let mut csv = String::from(
        "客户名称,手机,单位,地址,车牌号,车架号,品牌,车型,颜色,里程,里程日期,同意回访\n",
    );
    let letters = ["A", "B", "C", "D", "E", "F", "G", "H"];
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    for i in 0..ROWS {
        let plate = format!(
            "粤{}{:05}",
            letters[(i / 100_000) as usize % 8],
            i % 100_000
        );
        let vin = if i % 2 == 0 {
            let mut vin = format!("LSVAB4187ES{i:06}");
            let digit = check_digit(&vin).expect("VIN characters");
            vin.replace_range(8..9, &digit.to_string());
            vin
        } else {
            String::new()
        };
        let (km, day) = if i % 2 == 0 {
            (format!("{}", 10_000 + i % 90_000), "2026-10-01")
        } else {
            (String::new(), "")
        };
        let _ = writeln!(
            csv,
            "{}{}号,139{:08},,深圳市南山区{}号,{plate},{vin},比亚迪,汉,白,{km},{day},是",
            surnames[(i % 10) as usize],
            i,
            i,
            i % 500
        );
    }
    csv.into_bytes()
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let bytes = list();

    let started = Instant::now();
    let view = store
        .plan_customer_import(
            &bytes,
            SheetFormat::Csv,
            &CustomerImportQuery::default(),
            now(),
        )
        .expect("dry run");
    let dry_run_ms = started.elapsed().as_millis();
    assert_eq!(view.totals.new_customers, ROWS, "{:?}", view.rows.first());

    let started = Instant::now();
    let totals = store
        .apply_customer_import(&bytes, SheetFormat::Csv, None, false, now())
        .expect("apply");
    let apply_ms = started.elapsed().as_millis();
    assert_eq!(totals.new_customers, ROWS);
    let counts = store.counts().expect("counts");
    assert_eq!(counts.customers, i64::from(ROWS));

    let started = Instant::now();
    let again = store
        .plan_customer_import(
            &bytes,
            SheetFormat::Csv,
            &CustomerImportQuery::default(),
            now(),
        )
        .expect("second dry run");
    let again_ms = started.elapsed().as_millis();
    assert_eq!(again.totals.matched, ROWS, "a second run matches every row");

    println!(
        "RESULT customer_import rows={ROWS} ms={} dry_run_ms={dry_run_ms} apply_ms={apply_ms} second_dry_run_ms={again_ms}",
        dry_run_ms + apply_ms
    );
}
