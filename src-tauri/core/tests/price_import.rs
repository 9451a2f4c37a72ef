//! Importing and exporting the price list: CSV (UTF-8 with BOM, GBK) and XLSX, the dry
//! run that names every refused row, and an apply that writes all or nothing.
use chrono::{NaiveDate, NaiveDateTime};
use garage_core::error::CoreError;
use garage_core::pricing::import::{ImportPlan, PriceItem};
use garage_core::pricing::price_list::{LabourOp, Part};
use garage_core::pricing::sheet::SheetFormat;
use garage_core::pricing::{GuaranteeClass, PartGrade, RepairSystem};
use garage_core::reason::Reason;
use garage_core::Store;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date")
}

const HEADER: &str =
    "kind,code,name,system,hours,flat_price,guarantee,part_number,brand,grade,unit,sell_price,cost_price";

fn csv(rows: &[&str]) -> Vec<u8> {
    [&[HEADER][..], rows].concat().join("\r\n").into_bytes()
}

fn stocked() -> Store {
    let store = Store::open_in_memory().expect("store");
    store
        .save_labour_op(
            &LabourOp {
                id: None,
                code: "BR-01".into(),
                name: "更换前刹车片, \"front\" pads".into(),
                system: Some(RepairSystem::Brakes),
                hours_milli: Some(1_250),
                flat_price_minor: None,
                guarantee_class: GuaranteeClass::SecondLevel,
            },
            now(),
        )
        .expect("operation");
    store
        .save_labour_op(
            &LabourOp {
                id: None,
                code: "AC-01".into(),
                name: "空调加氟".into(),
                system: None,
                hours_milli: None,
                flat_price_minor: Some(19_999),
                guarantee_class: GuaranteeClass::FirstLevel,
            },
            now(),
        )
        .expect("flat operation");
    store
        .save_part(
            &Part {
                id: None,
                part_number: "04465-33471".into(),
                name: "前刹车片 Front brake pads".into(),
                brand: "Toyota 丰田".into(),
                grade: PartGrade::Genuine,
                unit: "set".into(),
                sell_price_minor: 42_000,
                cost_price_minor: Some(30_005),
                system: Some(RepairSystem::Brakes),
            },
            now(),
        )
        .expect("part");
    store
}

fn reasons(plan: &ImportPlan) -> Vec<(u32, &str, Reason)> {
    plan.refused
        .iter()
        .map(|r| (r.row, r.field.as_str(), r.reason))
        .collect()
}

#[test]
fn an_exported_list_imports_back_unchanged_in_both_formats() {
    let store = stocked();
    for format in [SheetFormat::Csv, SheetFormat::Xlsx] {
        let bytes = store.export_price_list(format).expect("export");
        let plan = store.plan_price_import(&bytes, format).expect("plan");
        assert_eq!(
            (plan.added.len(), plan.changed.len(), plan.unchanged),
            (0, 0, 3),
            "{format:?}: every row is as on file: {plan:?}"
        );
        assert!(plan.refused.is_empty(), "{format:?}: {plan:?}");
    }
}

#[test]
fn a_csv_export_is_utf8_with_a_bom_so_excel_shows_chinese() {
    let bytes = stocked()
        .export_price_list(SheetFormat::Csv)
        .expect("export");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFkind,code,name,"));
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.contains("part,,前刹车片 Front brake pads,brakes,,,,04465-33471,Toyota 丰田,genuine,set,420.00,300.05"));
    assert!(text
        .contains("labour,BR-01,\"更换前刹车片, \"\"front\"\" pads\",brakes,1.25,,second_level"));
}

#[test]
fn a_plan_counts_added_and_changed_rows_and_apply_writes_them() {
    let store = stocked();
    let bytes = csv(&[
        "part,,前刹车片 Front brake pads,brakes,,,,0446533471,Toyota 丰田,genuine,set,450.00,300.05",
        "part,,机油滤清器,maintenance,,,,15400-RTA-003,Honda,oem_equivalent,pc,45.5,",
        "labour,EN-01,更换机油,,0.5,,,,,,,,",
        "",
    ]);
    let plan = store
        .plan_price_import(&bytes, SheetFormat::Csv)
        .expect("plan");
    assert!(plan.refused.is_empty(), "{plan:?}");
    assert_eq!((plan.added.len(), plan.changed.len()), (2, 1));
    assert_eq!(
        plan.changed[0].row, 2,
        "rows are numbered as Excel shows them"
    );
    assert_eq!(
        store.price_list().expect("list").parts.len(),
        1,
        "a plan writes nothing"
    );
    store.apply_price_import(&plan, now()).expect("applied");
    let list = store.price_list().expect("list");
    assert_eq!(list.parts.len(), 2);
    let pads = list.parts.iter().find(|p| p.name.starts_with("前"));
    assert_eq!(pads.map(|p| p.sell_price_minor), Some(45_000));
    assert_eq!(list.labour.len(), 3);
    assert_eq!(
        store.search_prices("jylqq", 5).expect("search")[0].code,
        "15400-RTA-003",
        "imported rows are searchable at once"
    );
}

#[test]
fn wrong_columns_refuse_the_whole_file() {
    let store = stocked();
    let bytes = "编号,名称,售价\r\nX1,机油,10.00".as_bytes();
    let plan = store
        .plan_price_import(bytes, SheetFormat::Csv)
        .expect("plan");
    assert_eq!(
        reasons(&plan),
        [
            (1, "编号", Reason::ImportColumnUnknown),
            (1, "名称", Reason::ImportColumnUnknown),
            (1, "售价", Reason::ImportColumnUnknown),
            (1, "kind", Reason::ImportColumnMissing),
            (1, "name", Reason::ImportColumnMissing),
        ]
    );
}

#[test]
fn duplicates_and_bad_numbers_are_refused_row_by_row() {
    let store = stocked();
    let bytes = csv(&[
        "part,,Pads,,,,,11-22,,,,12.345,",
        "part,,Pads,,,,,A-1,,,,abc,",
        "part,,Pads,,,,,A-2,,,,-5,",
        "part,,Pads,,,,,A-3,,,,99999999999999,",
        "part,,Filter,,,,,A-4,,,,10,",
        "part,,Filter again,,,,,A4,,,,11,",
        "labour,X-1,Check,,1.0005,,,,,,,,",
        "labour,X-2,Check,,1,5,,,,,,,",
        "labour,x-3,Check,,1,,,,,,,,",
        "labour,X-3,Check twice,,1,,,,,,,,",
        "labour,X-4,Check,engin,1,,,,,,,,",
        "van,X-5,Check,,1,,,,,,,,",
    ]);
    let plan = store
        .plan_price_import(&bytes, SheetFormat::Csv)
        .expect("plan");
    assert_eq!(
        reasons(&plan),
        [
            (2, "sell_price", Reason::ImportDecimals),
            (3, "sell_price", Reason::ImportNumber),
            (4, "sell_price", Reason::MoneyNegative),
            (5, "sell_price", Reason::MoneyTooLarge),
            (7, "part_number", Reason::ImportDuplicate),
            (8, "hours", Reason::ImportDecimals),
            (9, "hours", Reason::HoursOrFlatPrice),
            (11, "code", Reason::ImportDuplicate),
            (12, "system", Reason::ImportUnknownValue),
            (13, "kind", Reason::ImportUnknownValue),
        ]
    );
    assert_eq!(plan.added.len(), 2, "the good rows are still planned");
    assert!(matches!(
        store.apply_price_import(&plan, now()),
        Err(CoreError::Invalid(ref i)) if i[0].code == Reason::ImportHasRefusals
    ));
    assert_eq!(
        store.price_list().expect("list").parts.len(),
        1,
        "a plan with refusals writes nothing"
    );
}

#[test]
fn a_gbk_csv_from_excel_on_chinese_windows_is_decoded() {
    let store = stocked();
    let text = format!("{HEADER}\r\npart,,机油滤清器,,,,,15400-RTA-003,本田,,个,45.50,\r\n");
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let plan = store
        .plan_price_import(&gbk, SheetFormat::Csv)
        .expect("plan");
    assert!(plan.refused.is_empty(), "{plan:?}");
    match &plan.added[0].item {
        PriceItem::Part(p) => {
            assert_eq!((p.name.as_str(), p.brand.as_str()), ("机油滤清器", "本田"))
        }
        other => panic!("a part was expected: {other:?}"),
    }
}

#[test]
fn a_file_that_is_no_price_list_is_one_clear_refusal() {
    let store = stocked();
    let not_text = [HEADER.as_bytes(), b"\r\npart,,\xFF\xFF,,,"].concat();
    let plan = store
        .plan_price_import(&not_text, SheetFormat::Csv)
        .expect("plan");
    assert_eq!(reasons(&plan), [(0, "file", Reason::ImportEncoding)]);
    let plan = store
        .plan_price_import(b"kind,name\r\n", SheetFormat::Xlsx)
        .expect("plan");
    assert_eq!(reasons(&plan), [(0, "file", Reason::ImportUnreadable)]);
}

#[test]
fn an_apply_that_fails_half_way_writes_nothing() {
    let store = stocked();
    let bytes = csv(&["part,,Filter,,,,,A-1,,,,10,", "part,,Plug,,,,,A-2,,,,20,"]);
    let plan = store
        .plan_price_import(&bytes, SheetFormat::Csv)
        .expect("plan");
    // Someone adds A-2 by hand between the dry run and the apply.
    store
        .save_part(
            &Part {
                id: None,
                part_number: "A2".into(),
                name: "Plug".into(),
                brand: String::new(),
                grade: PartGrade::Genuine,
                unit: String::new(),
                sell_price_minor: 2_000,
                cost_price_minor: None,
                system: None,
            },
            now(),
        )
        .expect("by hand");
    assert!(store.apply_price_import(&plan, now()).is_err());
    let parts = store.price_list().expect("list").parts;
    assert!(
        !parts.iter().any(|p| p.part_number == "A-1"),
        "the first row was rolled back with the second"
    );
}
