//! The customer list's care columns: a sales department's list gives each vehicle's kind,
//! purchase date and dealer (车辆类型, 购车日期, 经销商), read in English or Chinese, checked
//! as the customer file checks them, written with the vehicle in the same transaction,
//! and for a vehicle already on file only where the desk left them empty.
mod common;

use chrono::NaiveDate;
use common::{car, now, person, store};
use garage_core::customer_import::{CustomerImportQuery, PlanRow, RowOutcome};
use garage_core::domain::care::{VehicleCareInput, VehicleKind};
use garage_core::error::CoreError;
use garage_core::pricing::sheet::SheetFormat;
use garage_core::reason::Reason;
use garage_core::{Store, VehicleId};
use rust_xlsxwriter::Workbook;

const HEADER: &str = "客户名称,手机,车牌号,车辆类型,购车日期,经销商";

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn plan(store: &Store, bytes: &[u8], format: SheetFormat) -> Vec<PlanRow> {
    store
        .customer_import_rows(bytes, format, None, now())
        .expect("a plan")
}

/// The vehicle with `plate`, found as the desk finds it.
fn vehicle(store: &Store, plate: &str) -> VehicleId {
    let hit = &store.search(plate, 5).expect("search")[0];
    let file = store.get_customer_file(hit.customer_id).expect("file");
    file.vehicles
        .iter()
        .find(|v| v.plate == plate)
        .expect("the vehicle on file")
        .id
}

fn care_count(store: &Store) -> usize {
    ["粤B12345", "粤B23456", "粤B34567"]
        .iter()
        .filter(|p| !store.search(p, 5).expect("search").is_empty())
        .map(|p| store.vehicle_care(vehicle(store, p)).expect("care"))
        .filter(|c| *c != VehicleCareInput::default())
        .count()
}

#[test]
fn a_list_with_chinese_care_headers_imports_each_vehicles_kind_purchase_and_dealer() {
    let store = store();
    let list = [
        HEADER,
        "王小明,13812345678,粤B12345,SUV,2021/5/1,广州骏达丰田4S店",
        "李娜,13912345678,粤B23456,轿车,2019.3.8,",
        "张伟,13712345678,粤B34567,面包车,,深圳比亚迪",
    ]
    .join("\n");
    let view = store
        .plan_customer_import(
            list.as_bytes(),
            SheetFormat::Csv,
            &CustomerImportQuery::default(),
            now(),
        )
        .expect("the dry run");
    assert_eq!(
        view.mapping[3..],
        [
            Some("vehicle_kind".to_string()),
            Some("purchase_date".into()),
            Some("dealer".into())
        ],
        "the Chinese care headers are recognised"
    );
    assert!(view.columns.contains(&"vehicle_kind".to_string()));
    let first = &view.rows[0];
    assert_eq!(
        (
            first.vehicle_kind,
            first.purchase_date,
            first.dealer.as_str()
        ),
        (Some(VehicleKind::Suv), day(2021, 5, 1), "广州骏达丰田4S店"),
        "the dry run shows what each row brings"
    );
    assert_eq!(care_count(&store), 0, "the dry run writes nothing");

    store
        .apply_customer_import(list.as_bytes(), SheetFormat::Csv, None, false, now())
        .expect("applied");
    let wang = store
        .vehicle_care(vehicle(&store, "粤B12345"))
        .expect("care");
    assert_eq!(
        (wang.kind, wang.purchase_date, wang.dealer.as_str()),
        (VehicleKind::Suv, day(2021, 5, 1), "广州骏达丰田4S店")
    );
    let li = store
        .vehicle_care(vehicle(&store, "粤B23456"))
        .expect("care");
    assert_eq!(
        (li.kind, li.purchase_date),
        (VehicleKind::Car, day(2019, 3, 8))
    );
    let zhang = store
        .vehicle_care(vehicle(&store, "粤B34567"))
        .expect("care");
    assert_eq!(
        (zhang.kind, zhang.purchase_date, zhang.dealer.as_str()),
        (VehicleKind::Van, None, "深圳比亚迪")
    );
    assert_eq!(
        (zhang.interval_km, zhang.interval_months),
        (None, None),
        "the interval stays the shop's"
    );
}

#[test]
fn an_xlsx_purchase_date_cell_is_read_as_its_day() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, title) in [
        "Customer Name",
        "Mobile",
        "Plate",
        "Vehicle type",
        "Purchase date",
        "Dealer",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *title).expect("header");
    }
    sheet.write_string(1, 0, "Mary Chan").expect("name");
    sheet.write_string(1, 1, "13812345678").expect("phone");
    sheet.write_string(1, 2, "粤B12345").expect("plate");
    sheet.write_string(1, 3, "pickup").expect("kind");
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 8, 15).expect("date");
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    sheet
        .write_datetime_with_format(1, 4, &date, &format)
        .expect("date cell");
    sheet.write_string(1, 5, "Pacific Motors").expect("dealer");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let store = store();
    store
        .apply_customer_import(&bytes, SheetFormat::Xlsx, None, false, now())
        .expect("applied");
    let care = store
        .vehicle_care(vehicle(&store, "粤B12345"))
        .expect("care");
    assert_eq!(
        (care.kind, care.purchase_date, care.dealer.as_str()),
        (VehicleKind::LightTruck, day(2020, 8, 15), "Pacific Motors")
    );
}

#[test]
fn a_bad_kind_or_purchase_date_is_refused_with_its_column_and_nothing_is_written() {
    let store = store();
    let list = [
        HEADER,
        "王小明,13812345678,粤B12345,拖拉机,2021-05-01,",
        "李娜,13912345678,粤B23456,轿车,2026-12-01,",
        "张伟,13712345678,粤B34567,SUV,1949-12-31,",
        "赵六,13512345678,粤B55555,SUV,2021/13/01,",
        "钱七,13612345678,粤B77777,MPV,2020-01-01,",
    ]
    .join("\n");
    let rows = plan(&store, list.as_bytes(), SheetFormat::Csv);
    let got: Vec<_> = rows
        .iter()
        .map(|r| (r.row, r.outcome, r.field.as_deref(), r.reason))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                2,
                RowOutcome::Refused,
                Some("vehicle_kind"),
                Some(Reason::CustomerImportVehicleKind)
            ),
            (
                3,
                RowOutcome::Refused,
                Some("purchase_date"),
                Some(Reason::CareDate)
            ),
            (
                4,
                RowOutcome::Refused,
                Some("purchase_date"),
                Some(Reason::CareDate)
            ),
            (
                5,
                RowOutcome::Refused,
                Some("purchase_date"),
                Some(Reason::CustomerImportDate)
            ),
            (6, RowOutcome::NewCustomer, None, None),
        ],
        "an unknown kind, a purchase in the future or before 1950, and no date at all"
    );
    let refused =
        store.apply_customer_import(list.as_bytes(), SheetFormat::Csv, None, false, now());
    assert!(
        matches!(&refused, Err(CoreError::Invalid(i)) if i[0].code == Reason::ImportHasRefusals),
        "{refused:?}"
    );
    assert_eq!(
        store.counts().expect("counts").vehicles,
        0,
        "a refused row stops the whole file"
    );
}

#[test]
fn a_matched_vehicle_keeps_what_the_desk_typed_and_gets_only_what_is_empty() {
    let store = store();
    let owner = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("owner");
    let typed = store
        .add_vehicle(owner.id, &car("粤B12345"), now())
        .expect("car");
    let desk = VehicleCareInput {
        kind: VehicleKind::Car,
        interval_km: Some(7_500),
        ..VehicleCareInput::default()
    };
    store
        .save_vehicle_care(typed.id, &desk, now())
        .expect("the desk's care");
    let list = format!("{HEADER}\n王小明,13812345678,粤B12345,SUV,2021-05-01,广州骏达丰田4S店");
    let view = store
        .plan_customer_import(
            list.as_bytes(),
            SheetFormat::Csv,
            &CustomerImportQuery::default(),
            now(),
        )
        .expect("the dry run");
    assert_eq!(view.rows[0].outcome, RowOutcome::Matched);
    assert_eq!(view.totals.care_filled, 1);
    assert!(view.can_apply, "the empty purchase date and dealer are new");
    store
        .apply_customer_import(list.as_bytes(), SheetFormat::Csv, None, false, now())
        .expect("applied");
    let care = store.vehicle_care(typed.id).expect("care");
    assert_eq!(
        care,
        VehicleCareInput {
            kind: VehicleKind::Car,
            purchase_date: day(2021, 5, 1),
            dealer: "广州骏达丰田4S店".into(),
            interval_km: Some(7_500),
            interval_months: None,
        },
        "the kind and interval the desk typed are kept; only the empty fields are filled"
    );
    let again = store
        .plan_customer_import(
            list.as_bytes(),
            SheetFormat::Csv,
            &CustomerImportQuery::default(),
            now(),
        )
        .expect("the dry run");
    assert_eq!(again.totals.care_filled, 0);
    assert!(!again.can_apply, "nothing left to fill");
}
