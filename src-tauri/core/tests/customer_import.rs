//! Importing the shop's customer list: the columns guessed from English and Chinese
//! headers, the dry run that plans every row (new, matched by phone, plate or VIN,
//! repeated, refused with its reason), GBK and XLSX files, the apply that writes every
//! row or none, a second run that adds nothing, and the report.
mod common;

use common::{car, now, person, store};
use garage_core::customer_import::{CustomerImportQuery, MatchedBy, PlanRow, RowOutcome};
use garage_core::error::CoreError;
use garage_core::pricing::sheet::SheetFormat;
use garage_core::reason::Reason;
use garage_core::validate::vin::check_digit;
use garage_core::vehicle::OdometerSource;
use garage_core::{Lang, Store};
use rust_xlsxwriter::Workbook;

/// A well-formed VIN numbered `n`, its check digit right.
fn vin(n: u32) -> String {
    let mut vin = format!("LSVAB4187ES{n:06}");
    let digit = check_digit(&vin).expect("a valid VIN's characters");
    vin.replace_range(8..9, &digit.to_string());
    vin
}

fn plan(store: &Store, bytes: &[u8], format: SheetFormat) -> Vec<PlanRow> {
    store
        .customer_import_rows(bytes, format, None, now())
        .expect("a plan")
}

fn outcomes(rows: &[PlanRow]) -> Vec<(u32, RowOutcome, Option<&str>, Option<Reason>)> {
    rows.iter()
        .map(|r| (r.row, r.outcome, r.field.as_deref(), r.reason))
        .collect()
}

fn counts(store: &Store) -> (i64, i64) {
    let c = store.counts().expect("counts");
    (c.customers, c.vehicles)
}

const HEADER: &str = "客户名称,手机,车牌号,车架号,品牌,车型,颜色,里程,里程日期,同意回访";

fn sales_list() -> String {
    [
        HEADER.to_string(),
        format!(
            "王小明,13812345678,粤B12345,{},比亚迪,汉,白,85000,2026-10-01,是",
            vin(1)
        ),
        "李娜,13912345678 / 0755-26601234,粤B23456,,丰田,凯美瑞,黑,,,否".into(),
        // The same customer's second car: found by the phone of row 2.
        "王小明,13812345678,粤B34567,,大众,帕萨特,银,,,是".into(),
        // Row 3 again, word for word.
        "李娜,13912345678,粤B23456,,丰田,凯美瑞,黑,,,否".into(),
        "张伟,13712345678,,,,,,,,".into(),
    ]
    .join("\r\n")
}

#[test]
fn a_sales_list_is_planned_then_written_and_a_second_run_adds_nothing() {
    let store = store();
    let bytes = sales_list().into_bytes();
    let view = store
        .plan_customer_import(
            &bytes,
            SheetFormat::Csv,
            &CustomerImportQuery::default(),
            now(),
        )
        .expect("the dry run");
    assert_eq!(
        view.mapping[..4],
        [
            Some("name".to_string()),
            Some("mobile".into()),
            Some("plate".into()),
            Some("vin".into())
        ],
        "the Chinese headers are recognised"
    );
    assert!(!view.remembered);
    let rows = plan(&store, &bytes, SheetFormat::Csv);
    assert_eq!(
        outcomes(&rows),
        vec![
            (2, RowOutcome::NewCustomer, None, None),
            (3, RowOutcome::NewCustomer, None, None),
            (4, RowOutcome::NewVehicle, None, None),
            (5, RowOutcome::Duplicate, None, None),
            (6, RowOutcome::NewCustomer, None, None),
        ]
    );
    assert_eq!(rows[2].matched_by, Some(MatchedBy::Phone));
    assert_eq!(rows[3].matched_by, Some(MatchedBy::Plate));
    assert_eq!(counts(&store), (0, 0), "the dry run writes nothing");

    let totals = store
        .apply_customer_import(&bytes, SheetFormat::Csv, None, false, now())
        .expect("applied");
    assert_eq!((totals.new_customers, totals.new_vehicles), (3, 1));
    assert_eq!(counts(&store), (3, 3));

    let hits = store.search("粤B34567", 5).expect("search");
    assert_eq!(hits.len(), 1, "the new vehicles are searchable");
    assert_eq!(hits[0].display_name, "王小明");
    let file = store.get_customer_file(hits[0].customer_id).expect("file");
    assert_eq!(file.vehicles.len(), 2, "both cars went to the one customer");
    assert!(file.customer.agrees_to_follow_up);
    let first = file
        .vehicles
        .iter()
        .find(|v| v.plate == "粤B12345")
        .expect("the first car");
    let reading = first.latest_odometer.as_ref().expect("its reading");
    assert_eq!(
        (reading.value, reading.source),
        (85_000, OdometerSource::Import)
    );
    assert_eq!(reading.read_on.to_string(), "2026-10-01");
    let li = store.search("李娜", 5).expect("search");
    let li = store.get_customer_file(li[0].customer_id).expect("file");
    assert_eq!(
        li.customer.phones.len(),
        2,
        "a cell with two numbers gives two"
    );

    let again = plan(&store, &bytes, SheetFormat::Csv);
    assert!(again
        .iter()
        .all(|r| matches!(r.outcome, RowOutcome::Matched | RowOutcome::Duplicate)));
    assert_eq!(again[0].matched_by, Some(MatchedBy::Plate));
    assert_eq!(again[4].matched_by, Some(MatchedBy::Phone));
    store
        .apply_customer_import(&bytes, SheetFormat::Csv, None, false, now())
        .expect("applied again");
    assert_eq!(
        counts(&store),
        (3, 3),
        "importing the same file twice adds nothing"
    );
    let view = store
        .plan_customer_import(
            &bytes,
            SheetFormat::Csv,
            &CustomerImportQuery::default(),
            now(),
        )
        .expect("the dry run");
    assert!(
        view.remembered,
        "the mapping is remembered for these headers"
    );
    assert!(!view.can_apply, "nothing new to write");
}

#[test]
fn bad_rows_are_refused_one_by_one_and_nothing_is_written() {
    let store = store();
    let owner = store
        .create_customer(&person("陈先生", "13612345678"), now())
        .expect("owner");
    store
        .add_vehicle(owner.id, &car("粤B99999"), now())
        .expect("car");
    let mut bad_vin = vin(7);
    bad_vin.replace_range(8..9, if &bad_vin[8..9] == "1" { "2" } else { "1" });
    let list = [
        HEADER.to_string(),
        "王小明,12,粤B12345,,,,,,,".into(),
        "李娜,13912345678,粤X,,,,,,,".into(),
        format!("赵六,13512345678,粤B55555,{bad_vin},,,,,,"),
        ",13412345678,粤B66666,,,,,,,".into(),
        // The plate is 陈先生's: the row is his, whatever name it carries.
        "陈太太,13312345678,粤B99999,,,,,,,".into(),
        "钱七,13612345678,粤B77777,,,,,,,".into(),
        "孙八,13212345678,粤B88888,,,,,85千,,".into(),
        "周九,13112345678,粤B11111,,,,,,2026/13/01,".into(),
        "吴十,,,,,,,,,".into(),
        "郑十一,15912345678,粤B22222,,,,,,,也许".into(),
    ]
    .join("\n");
    let rows = plan(&store, list.as_bytes(), SheetFormat::Csv);
    assert_eq!(
        outcomes(&rows),
        vec![
            (
                2,
                RowOutcome::Refused,
                Some("mobile"),
                Some(Reason::PhoneFormat)
            ),
            (
                3,
                RowOutcome::Refused,
                Some("plate"),
                Some(Reason::PlateFormat)
            ),
            (
                4,
                RowOutcome::Refused,
                Some("vin"),
                Some(Reason::VinCheckDigit)
            ),
            (
                5,
                RowOutcome::Refused,
                Some("name"),
                Some(Reason::NameRequired)
            ),
            (6, RowOutcome::Matched, None, None),
            (7, RowOutcome::NewVehicle, None, None),
            (
                8,
                RowOutcome::Refused,
                Some("odometer"),
                Some(Reason::ImportNumber)
            ),
            (
                9,
                RowOutcome::Refused,
                Some("odometer_date"),
                Some(Reason::CustomerImportDate)
            ),
            (
                10,
                RowOutcome::Refused,
                Some("mobile"),
                Some(Reason::CustomerImportNoKey)
            ),
            (
                11,
                RowOutcome::Refused,
                Some("follow_up"),
                Some(Reason::ImportUnknownValue)
            ),
        ]
    );
    assert_eq!(
        rows[4].matched_by,
        Some(MatchedBy::Plate),
        "the plate finds 陈先生"
    );
    let refused =
        store.apply_customer_import(list.as_bytes(), SheetFormat::Csv, None, false, now());
    assert!(
        matches!(&refused, Err(CoreError::Invalid(i)) if i[0].code == Reason::ImportHasRefusals),
        "{refused:?}"
    );
    assert_eq!(counts(&store), (1, 1), "a refused row stops the whole file");
    let totals = store
        .apply_customer_import(list.as_bytes(), SheetFormat::Csv, None, true, now())
        .expect("the rest, on request");
    assert_eq!((totals.new_customers, totals.new_vehicles), (0, 1));
    assert_eq!(
        counts(&store),
        (1, 2),
        "钱七's car went to 陈先生, found by the phone"
    );
}

#[test]
fn a_plate_of_one_customer_and_a_phone_of_another_is_a_conflict() {
    let store = store();
    let a = store
        .create_customer(&person("甲", "13812345678"), now())
        .expect("a");
    store
        .add_vehicle(a.id, &car("粤B12345"), now())
        .expect("car");
    store
        .create_customer(&person("乙", "13912345678"), now())
        .expect("b");
    let list = format!("{HEADER}\n乙,13912345678,粤B12345,,,,,,,");
    let rows = plan(&store, list.as_bytes(), SheetFormat::Csv);
    assert_eq!(
        outcomes(&rows),
        vec![(
            2,
            RowOutcome::Refused,
            Some("mobile"),
            Some(Reason::CustomerImportConflict)
        )]
    );
}

#[test]
fn a_gbk_file_from_excel_on_a_chinese_windows_is_read() {
    let store = store();
    let list = sales_list();
    let (gbk, _, _) = encoding_rs::GBK.encode(&list);
    let rows = plan(&store, &gbk, SheetFormat::Csv);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0].name, "王小明");
    let bom = [b"\xEF\xBB\xBF".as_slice(), sales_list().as_bytes()].concat();
    assert_eq!(
        plan(&store, &bom, SheetFormat::Csv),
        rows,
        "a BOM changes nothing"
    );
}

#[test]
fn wrong_columns_an_empty_file_and_a_bad_mapping_are_refused_as_a_whole() {
    let store = store();
    let wrong = "kind,code,price\npart,X1,12.00".as_bytes();
    let rows = plan(&store, wrong, SheetFormat::Csv);
    assert_eq!(
        outcomes(&rows),
        vec![(
            1,
            RowOutcome::Refused,
            Some("name"),
            Some(Reason::ImportColumnMissing)
        )]
    );
    let names_only = "姓名,地址\n王小明,深圳".as_bytes();
    assert_eq!(
        outcomes(&plan(&store, names_only, SheetFormat::Csv)),
        vec![(
            1,
            RowOutcome::Refused,
            Some("mobile"),
            Some(Reason::ImportColumnMissing)
        )],
        "nothing to find a customer again by"
    );
    assert!(store
        .apply_customer_import(wrong, SheetFormat::Csv, None, true, now())
        .is_err());
    assert_eq!(
        outcomes(&plan(&store, b"", SheetFormat::Csv)),
        vec![(
            0,
            RowOutcome::Refused,
            Some("file"),
            Some(Reason::CustomerImportEmpty)
        )]
    );
    assert_eq!(
        outcomes(&plan(&store, b"PK\x03\x04 not a zip", SheetFormat::Xlsx)),
        vec![(
            0,
            RowOutcome::Refused,
            Some("file"),
            Some(Reason::ImportUnreadable)
        )]
    );
    for mapping in [
        vec![Some("name".to_string())],
        vec![Some("name".into()), Some("name".into())],
        vec![Some("name".into()), Some("password".into())],
    ] {
        let query = CustomerImportQuery {
            mapping: Some(mapping),
            outcome: None,
        };
        let refused = store.plan_customer_import(names_only, SheetFormat::Csv, &query, now());
        assert!(
            matches!(&refused, Err(CoreError::Invalid(i)) if i[0].code == Reason::CustomerImportMapping),
            "{refused:?}"
        );
    }
    assert_eq!(counts(&store), (0, 0));
}

#[test]
fn an_xlsx_list_with_numbers_and_dates_as_excel_keeps_them_imports() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, title) in [
        "Customer Name",
        "Mobile",
        "Plate",
        "Odometer",
        "Odometer date",
        "Year",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *title).expect("header");
    }
    sheet.write_string(1, 0, "Mary Chan").expect("name");
    sheet
        .write_number(1, 1, 13812345678.0)
        .expect("phone as a number");
    sheet.write_string(1, 2, "粤B12345").expect("plate");
    sheet.write_number(1, 3, 42000.0).expect("km");
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 3, 5).expect("date");
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 4, &date, &format)
        .expect("date cell");
    sheet.write_number(1, 5, 2019.0).expect("year");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let store = store();
    let rows = plan(&store, &bytes, SheetFormat::Xlsx);
    assert_eq!(
        outcomes(&rows),
        vec![(2, RowOutcome::NewCustomer, None, None)]
    );
    store
        .apply_customer_import(&bytes, SheetFormat::Xlsx, None, false, now())
        .expect("applied");
    let hit = &store.search("13812345678", 5).expect("search")[0];
    let file = store.get_customer_file(hit.customer_id).expect("file");
    let v = &file.vehicles[0];
    assert_eq!(v.year, Some(2019));
    let reading = v.latest_odometer.as_ref().expect("reading");
    assert_eq!(
        (reading.value, reading.read_on.to_string()),
        (42_000, "2026-03-05".into())
    );
}

#[test]
fn the_report_lists_every_row_with_its_outcome_and_reason() {
    let store = store();
    let list = format!("{HEADER}\n王小明,13812345678,粤B12345,,,,,,,\n李娜,12,粤B23456,,,,,,,");
    let report = store
        .customer_import_report(list.as_bytes(), SheetFormat::Csv, None, Lang::En, now())
        .expect("report");
    let text = String::from_utf8(report).expect("utf-8");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "row,outcome,matched_by,name,phone,plate,field,reason,message"
    );
    assert!(
        lines[1].starts_with("2,New customer,,王小明,13812345678,粤B12345"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("3,Refused,,李娜,12,粤B23456,mobile,phone.format,"),
        "{}",
        lines[2]
    );
    let desk = tempfile::tempdir().expect("dir");
    let data = tempfile::tempdir().expect("dir");
    let saved = store.save_customer_import_report_as(
        data.path(),
        &data.path().join("report.csv"),
        list.as_bytes(),
        SheetFormat::Csv,
        None,
        Lang::En,
        now(),
    );
    assert!(saved.is_err(), "never into the data folder");
    let path = store
        .save_customer_import_report_as(
            data.path(),
            &desk.path().join("report.csv"),
            list.as_bytes(),
            SheetFormat::Csv,
            None,
            Lang::En,
            now(),
        )
        .expect("saved");
    assert!(path.exists());
}
