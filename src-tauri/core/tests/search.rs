//! Finding customers from fragments of what the desk knows about them.
mod common;

use common::{car, now, person, store};
use garage_core::{CustomerInput, CustomerKind, MatchKind, SearchRequest, Store, VehicleInput};

fn shop() -> Store {
    let store = store();
    let wang = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("wang");
    store
        .add_vehicle(
            wang.id,
            &VehicleInput {
                vin: "LSVAB4187ES123456".into(),
                ..car("粤B12345")
            },
            now(),
        )
        .expect("car");
    let chan = store
        .create_customer(&person("陳偉強", "+852 9123 4567"), now())
        .expect("chan");
    store
        .add_vehicle(chan.id, &car("AB 9876"), now())
        .expect("hk car");
    store
        .create_customer(&person("John Smith", "13900001111"), now())
        .expect("john");
    let company = CustomerInput {
        kind: CustomerKind::Company,
        company_name: "深圳市顺达物流有限公司".into(),
        contact_person: "Mary Lee".into(),
        ..person("", "075588881234")
    };
    store.create_customer(&company, now()).expect("company");
    store
}

fn names(store: &Store, query: &str) -> Vec<String> {
    store
        .search(query, 20)
        .expect("search")
        .into_iter()
        .map(|h| h.display_name)
        .collect()
}

#[test]
fn a_plate_fragment_is_found_whatever_the_spacing_and_case() {
    let store = shop();
    assert_eq!(names(&store, "b 123"), vec!["王小明"]);
    assert_eq!(names(&store, "粤b·12"), vec!["王小明"]);
    assert_eq!(names(&store, "ab98"), vec!["陳偉強"]);
}

#[test]
fn a_fragment_hit_names_the_matching_vehicle() {
    let store = shop();
    let hit = &store.search("B12", 5).expect("search")[0];
    assert_eq!(hit.matched_plate.as_deref(), Some("粤B12345"));
    assert_eq!(hit.plates, vec!["粤B12345"]);
}

#[test]
fn a_phone_fragment_finds_the_customer() {
    let store = shop();
    assert_eq!(names(&store, "8123 45"), vec!["王小明"]);
    assert_eq!(names(&store, "9123"), vec!["陳偉強"]);
    assert_eq!(names(&store, "8888"), vec!["深圳市顺达物流有限公司"]);
}

#[test]
fn pinyin_initials_and_full_pinyin_find_chinese_names() {
    let store = shop();
    assert_eq!(names(&store, "wxm"), vec!["王小明"]);
    assert_eq!(names(&store, "WX"), vec!["王小明"]);
    assert_eq!(names(&store, "xiaoming"), vec!["王小明"]);
    assert_eq!(
        names(&store, "cwq"),
        vec!["陳偉強"],
        "traditional characters have pinyin too"
    );
    assert_eq!(names(&store, "szssd"), vec!["深圳市顺达物流有限公司"]);
}

#[test]
fn a_two_character_chinese_fragment_finds_the_name() {
    let store = shop();
    assert_eq!(names(&store, "小明"), vec!["王小明"]);
    assert_eq!(names(&store, "顺达"), vec!["深圳市顺达物流有限公司"]);
    assert_eq!(names(&store, "偉強"), vec!["陳偉強"]);
    assert_eq!(
        names(&store, "明"),
        vec!["王小明"],
        "one character works too"
    );
}

#[test]
fn english_names_company_and_contact_fragments_are_found() {
    let store = shop();
    assert_eq!(names(&store, "smi"), vec!["John Smith"]);
    assert_eq!(names(&store, "john sm"), vec!["John Smith"]);
    assert_eq!(names(&store, "mary"), vec!["深圳市顺达物流有限公司"]);
    assert_eq!(names(&store, "物流"), vec!["深圳市顺达物流有限公司"]);
}

#[test]
fn a_vin_fragment_finds_the_owner() {
    let store = shop();
    assert_eq!(names(&store, "es1234"), vec!["王小明"]);
}

#[test]
fn an_empty_or_punctuation_only_query_finds_nothing() {
    let store = shop();
    assert!(names(&store, "").is_empty());
    assert!(names(&store, " ·- ").is_empty());
}

#[test]
fn exact_plate_and_phone_matches_rank_first() {
    let store = store();
    // Older customer whose plate is exactly the query…
    let exact = store
        .create_customer(&person("甲", "13800000001"), now())
        .expect("a");
    store
        .add_vehicle(exact.id, &car("粤B12345"), now())
        .expect("car");
    // …and a newer one that merely contains it (in a VIN), which recency would put first.
    let partial = store
        .create_customer(&person("乙", "13800000002"), now())
        .expect("b");
    store
        .add_vehicle(
            partial.id,
            &VehicleInput {
                vin: "LSV粤B12345".into(),
                ..car("粤B99999")
            },
            now(),
        )
        .ok();
    store
        .create_customer(&person("丙", "13800000099"), now())
        .expect("c");
    let other = store
        .create_customer(&person("丁", "075513800000001"), now())
        .expect("d");

    let hits = store.search("粤b 12345", 10).expect("search");
    assert_eq!(hits[0].customer_id, exact.id);
    assert_eq!(hits[0].match_kind, MatchKind::ExactPlate);

    let hits = store.search("138 0000 0001", 10).expect("search");
    assert_eq!(hits[0].customer_id, exact.id);
    assert_eq!(hits[0].match_kind, MatchKind::ExactPhone);
    assert!(hits
        .iter()
        .skip(1)
        .all(|h| h.match_kind == MatchKind::Fragment));
    assert!(
        hits.iter().any(|h| h.customer_id == other.id),
        "the longer number contains the fragment"
    );
}

#[test]
fn archived_customers_are_hidden_unless_asked_for() {
    let store = store();
    let c = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("c");
    store
        .add_vehicle(c.id, &car("粤B12345"), now())
        .expect("car");
    store.archive_customer(c.id, now()).expect("archive");
    assert!(names(&store, "wxm").is_empty());
    assert!(names(&store, "粤B12345").is_empty());
    assert!(names(&store, "小明").is_empty());
    let request = SearchRequest {
        query: "wxm".into(),
        limit: 10,
        include_archived: true,
    };
    let hits = store.search_with(&request).expect("search");
    assert!(hits[0].archived);
}

#[test]
fn the_index_follows_renames_and_archived_vehicles() {
    let store = store();
    let c = store
        .create_customer(&person("王小明", "13812345678"), now())
        .expect("c");
    let v = store
        .add_vehicle(c.id, &car("粤B12345"), now())
        .expect("car");
    store
        .update_customer(c.id, &person("李雷", "13812345678"), now())
        .expect("rename");
    assert!(names(&store, "wxm").is_empty());
    assert_eq!(names(&store, "ll"), vec!["李雷"]);
    store.archive_vehicle(v.id, now()).expect("archive car");
    assert!(
        names(&store, "b12345").is_empty(),
        "an archived vehicle's plate no longer finds the owner"
    );
}

#[test]
fn the_limit_is_respected() {
    let store = store();
    for i in 0..30 {
        store
            .create_customer(
                &person(&format!("王{i}"), &format!("138000000{i:02}")),
                now(),
            )
            .expect("c");
    }
    assert_eq!(store.search("138000", 10).expect("search").len(), 10);
    assert_eq!(store.search("王", 7).expect("search").len(), 7);
}

#[test]
fn a_query_longer_than_two_hundred_characters_is_refused_on_its_field() {
    let store = shop();
    let pasted = "粤B12345 ".repeat(40);
    let refused = store.search_with(&SearchRequest {
        query: pasted,
        limit: 10,
        include_archived: true,
    });
    match refused {
        Err(garage_core::CoreError::Invalid(issues)) => {
            assert_eq!(issues.len(), 1, "one issue, on the query: {issues:?}");
            assert_eq!(issues[0].field, "query");
            assert_eq!(issues[0].code, garage_core::reason::Reason::TextTooLong);
        }
        other => panic!("a 360-character query must be refused, got {other:?}"),
    }
    let longest = "粤".repeat(garage_core::search::MAX_QUERY_CHARS);
    assert!(
        store.search(&longest, 10).is_ok(),
        "exactly the limit is still a search"
    );
}
