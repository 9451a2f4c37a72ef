//! Search in the price list: the customer-search engine over codes, part numbers with
//! or without dashes, names, brands, Chinese, pinyin; exact codes first; the index kept
//! in step with every save and delete, and built for a list saved before it existed.
mod old_schema;
use chrono::{NaiveDate, NaiveDateTime};
use garage_core::pricing::price_list::{LabourOp, Part, PriceKind};
use garage_core::pricing::{GuaranteeClass, PartGrade, RepairSystem};
use garage_core::Store;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date")
}

fn part(number: &str, name: &str, brand: &str) -> Part {
    Part {
        id: None,
        part_number: number.into(),
        name: name.into(),
        brand: brand.into(),
        grade: PartGrade::Genuine,
        unit: "pc".into(),
        sell_price_minor: 10_000,
        cost_price_minor: None,
        system: None,
    }
}

fn op(code: &str, name: &str) -> LabourOp {
    LabourOp {
        id: None,
        code: code.into(),
        name: name.into(),
        system: Some(RepairSystem::Engine),
        hours_milli: Some(1_000),
        flat_price_minor: None,
        guarantee_class: GuaranteeClass::FirstLevel,
    }
}

fn codes(store: &Store, query: &str) -> Vec<String> {
    store
        .search_prices(query, 20)
        .expect("search")
        .into_iter()
        .map(|h| h.code)
        .collect()
}

fn shop() -> Store {
    let store = Store::open_in_memory().expect("store");
    for p in [
        part("10-0446533471", "前刹车片 Front brake pads", "Bosch 博世"),
        part("04465-33471", "前刹车片 Front brake pads", "Toyota 丰田"),
        part("15400-RTA-003", "机油滤清器 Oil filter", "Honda 本田"),
    ] {
        store.save_part(&p, now()).expect("part");
    }
    store
        .save_labour_op(&op("EN-01", "更换机油 Oil change"), now())
        .expect("operation");
    store
}

#[test]
fn an_exact_part_number_comes_before_parts_that_merely_contain_it() {
    let store = shop();
    assert_eq!(
        codes(&store, "0446533471"),
        ["04465-33471", "10-0446533471"],
        "the exact number first, typed without its dash"
    );
    assert_eq!(codes(&store, "04465-33471")[0], "04465-33471");
    assert_eq!(codes(&store, "en01"), ["EN-01"], "a code without its dash");
}

#[test]
fn names_brands_chinese_and_pinyin_find_entries() {
    let store = shop();
    assert_eq!(codes(&store, "rta").len(), 1, "a fragment of a part number");
    assert_eq!(codes(&store, "丰田"), ["04465-33471"], "a Chinese brand");
    assert_eq!(codes(&store, "bosch"), ["10-0446533471"], "a Latin brand");
    assert_eq!(codes(&store, "jylqq"), ["15400-RTA-003"], "pinyin initials");
    assert_eq!(codes(&store, "jiyou").len(), 2, "full pinyin: 机油");
    assert_eq!(codes(&store, "刹车").len(), 2, "two Chinese characters");
    assert_eq!(codes(&store, "滤").len(), 1, "one Chinese character");
    assert_eq!(codes(&store, "oil").len(), 2, "an English word");
    assert!(codes(&store, "zzz").is_empty());
    assert!(codes(&store, " - ").is_empty(), "nothing to look for");
}

#[test]
fn the_index_follows_every_change_and_delete() {
    let store = shop();
    let mut saved = store
        .save_labour_op(&op("AC-01", "空调加氟 A/C recharge"), now())
        .expect("operation");
    assert_eq!(codes(&store, "空调"), ["AC-01"]);
    saved.name = "四轮定位 Wheel alignment".into();
    let saved = store.save_labour_op(&saved, now()).expect("renamed");
    assert!(
        codes(&store, "空调").is_empty(),
        "the old name is forgotten"
    );
    assert_eq!(codes(&store, "sldw"), ["AC-01"]);
    store
        .delete_price_item(PriceKind::Labour, saved.id.expect("id"))
        .expect("deleted");
    assert!(
        codes(&store, "ac01").is_empty(),
        "a deleted entry is not found"
    );
}

#[test]
fn a_price_list_saved_before_the_index_existed_is_indexed_on_upgrade() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(garage_core::store::DB_FILE_NAME);
    {
        let store = Store::open(&path).expect("store");
        store
            .save_part(&part("04465-33471", "前刹车片", "Toyota"), now())
            .expect("part");
        // The release before the index: schema 5 (migration 007 undone as well).
        store
            .with_conn(|conn| {
                old_schema::back_to_version(conn, 5);
                Ok(())
            })
            .expect("previous release");
    }
    let store = Store::open(&path).expect("migrated");
    assert_eq!(codes(&store, "qscp"), ["04465-33471"]);
}

#[test]
fn a_price_query_longer_than_two_hundred_characters_is_refused_on_its_field() {
    let store = shop();
    let refused = store.search_prices(&"04465-33471".repeat(20), 20);
    match refused {
        Err(garage_core::CoreError::Invalid(issues)) => {
            assert_eq!(issues[0].field, "query");
            assert_eq!(issues[0].code, garage_core::reason::Reason::TextTooLong);
        }
        other => panic!("a 220-character query must be refused, got {other:?}"),
    }
}
