//! The bulk import writes what the desk's own forms write: the same customers, phones,
//! vehicles and readings, and search entries that find them by the same queries (one and
//! two characters, pinyin, fragments of phones, plates and VINs). The import writes in
//! bulk for speed; this keeps it from drifting from the forms.
mod common;

use chrono::NaiveDate;
use common::{now, store};
use garage_core::pricing::sheet::SheetFormat;
use garage_core::validate::vin::check_digit;
use garage_core::vehicle::{DistanceUnit, OdometerInput, OdometerSource};
use garage_core::{
    CustomerId, CustomerInput, CustomerKind, PhoneInput, PhoneLabel, Store, VehicleInput,
};

fn vin(n: u32) -> String {
    let mut vin = format!("LSVAB4187ES{n:06}");
    let digit = check_digit(&vin).expect("a valid VIN's characters");
    vin.replace_range(8..9, &digit.to_string());
    vin
}

/// One row: name, company, mobile, other phone, plate, VIN, make, model, km.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    String,
    &'static str,
    &'static str,
    Option<i64>,
);

fn rows() -> Vec<Row> {
    vec![
        (
            "王小明",
            "",
            "13812345678",
            "",
            "粤B12345",
            vin(1),
            "比亚迪",
            "汉",
            Some(85_000),
        ),
        (
            "李娜",
            "",
            "13912345678",
            "0755-26601234",
            "粤B23456",
            String::new(),
            "丰田",
            "凯美瑞",
            None,
        ),
        (
            "Mary Chan",
            "",
            "13712345678",
            "",
            "粤B34567",
            vin(2),
            "Honda",
            "Civic",
            None,
        ),
        (
            "",
            "深圳市骏达汽车服务有限公司",
            "13512345678",
            "",
            "粤B45678",
            String::new(),
            "大众",
            "帕萨特",
            None,
        ),
        (
            "欧阳娜娜",
            "",
            "13612345678",
            "",
            "粤B56789",
            String::new(),
            "",
            "",
            Some(1_200),
        ),
    ]
}

const READ_ON: &str = "2026-10-01";

fn csv() -> String {
    let mut out = String::from(
        "客户名称,单位,手机,其他电话,车牌号,车架号,品牌,车型,里程,里程日期,同意回访\n",
    );
    for (name, company, mobile, other, plate, vin, make, model, km) in rows() {
        let (km, on) = km.map_or((String::new(), ""), |k| (k.to_string(), READ_ON));
        out.push_str(&format!(
            "{name},{company},{mobile},{other},{plate},{vin},{make},{model},{km},{on},是\n"
        ));
    }
    out
}

/// The same rows typed into the customer and vehicle forms, one after the other.
fn typed(store: &Store) {
    for (name, company, mobile, other, plate, vin, make, model, km) in rows() {
        let mut phones = vec![PhoneInput {
            label: PhoneLabel::Mobile,
            number: mobile.into(),
            is_primary: false,
        }];
        if !other.is_empty() {
            phones.push(PhoneInput {
                label: PhoneLabel::Other,
                number: other.into(),
                is_primary: false,
            });
        }
        let customer = CustomerInput {
            kind: if name.is_empty() {
                CustomerKind::Company
            } else {
                CustomerKind::Person
            },
            name: name.into(),
            company_name: company.into(),
            phones,
            agrees_to_follow_up: true,
            ..CustomerInput::default()
        };
        let id = store
            .create_customer(&customer, now())
            .expect("customer")
            .id;
        let vehicle = VehicleInput {
            plate: plate.into(),
            vin,
            make: make.into(),
            model: model.into(),
            odometer: km.map(|value| OdometerInput {
                value,
                unit: DistanceUnit::Km,
                read_on: NaiveDate::parse_from_str(READ_ON, "%Y-%m-%d").expect("date"),
                source: OdometerSource::Import,
            }),
            ..VehicleInput::default()
        };
        store.add_vehicle(id, &vehicle, now()).expect("vehicle");
    }
}

#[test]
fn an_imported_list_is_on_file_and_found_exactly_as_the_same_customers_typed_at_the_desk() {
    let imported = store();
    let totals = imported
        .apply_customer_import(csv().as_bytes(), SheetFormat::Csv, None, false, now())
        .expect("imported");
    assert_eq!(totals.new_customers, 5);
    let desk = store();
    typed(&desk);

    assert_eq!(
        imported.counts().expect("counts"),
        desk.counts().expect("counts")
    );
    for id in 1..=5 {
        let a = imported
            .get_customer_file(CustomerId(id))
            .expect("imported file");
        let b = desk.get_customer_file(CustomerId(id)).expect("typed file");
        assert_eq!(a.customer, b.customer, "customer {id} and its phones");
        assert_eq!(
            a.vehicles, b.vehicles,
            "customer {id}'s vehicles and readings"
        );
        assert_eq!(a.ownership_history, b.ownership_history);
    }
    let tail = vin(1)[11..].to_string();
    let queries = [
        "王",
        "王小",
        "王小明",
        "wxm",
        "xiaoming",
        "李娜",
        "ln",
        "娜",
        "mary",
        "Ma",
        "chan",
        "骏达",
        "jd",
        "欧阳",
        "oy",
        "1234",
        "13812345678",
        "26601234",
        "粤B1",
        "B12",
        "B23456",
        "粤b 345",
        &tail,
        "LSVAB",
    ];
    for query in queries {
        let a = imported.search(query, 20).expect("search");
        let b = desk.search(query, 20).expect("search");
        assert!(!b.is_empty(), "the typed customers are found by {query}");
        assert_eq!(a, b, "the same hits for {query}");
    }
}
