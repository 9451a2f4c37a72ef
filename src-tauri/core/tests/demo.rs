//! The demo shop generator.
mod common;

use garage_core::{demo, CoreError, Store};

fn digest(store: &Store) -> String {
    store
        .with_conn(|conn| {
            let rows: Vec<String> = conn
                .prepare(
                    "SELECT c.name || c.company_name || c.created_at || coalesce(group_concat(v.plate || coalesce(v.vin, ''), ','), '')
                     FROM customers c LEFT JOIN vehicles v ON v.customer_id = c.id
                     GROUP BY c.id ORDER BY c.id",
                )?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows.join("\n"))
        })
        .expect("digest")
}

#[test]
fn the_same_seed_gives_the_same_shop() {
    let (a, b, c) = (common::store(), common::store(), common::store());
    demo::generate(&a, 300, 7, common::now()).expect("a");
    demo::generate(&b, 300, 7, common::now()).expect("b");
    demo::generate(&c, 300, 8, common::now()).expect("c");
    assert_eq!(digest(&a), digest(&b));
    assert_ne!(digest(&a), digest(&c));
}

#[test]
fn the_demo_shop_looks_like_a_real_one() {
    let store = common::store();
    let summary = demo::generate(&store, 2_000, 1, common::now()).expect("generates");
    assert_eq!(summary.customers, 2_000);
    let per_customer = summary.vehicles as f64 / summary.customers as f64;
    assert!(
        (1.35..1.65).contains(&per_customer),
        "about 1.5 vehicles each, got {per_customer}"
    );
    let counts = store.counts().expect("counts");
    assert_eq!(counts.vehicles, summary.vehicles);

    let (chinese, companies): (i64, i64) = store
        .with_conn(|conn| {
            Ok(conn.query_row(
                "SELECT sum(preferred_language <> 'en'), sum(kind = 'company') FROM customers",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("shares");
    assert!(
        (1_200..1_600).contains(&chinese),
        "about 70% Chinese, got {chinese}"
    );
    assert!(
        (120..300).contains(&companies),
        "about 10% companies, got {companies}"
    );
}

#[test]
fn demo_data_is_found_by_search_like_hand_entered_data() {
    let store = common::store();
    demo::generate(&store, 200, 3, common::now()).expect("generates");
    let (id, plate): (i64, String) = store
        .with_conn(|conn| {
            Ok(conn.query_row(
                "SELECT customer_id, plate FROM vehicles ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("a vehicle");
    let hits = store.search(&plate.to_lowercase(), 5).expect("search");
    assert_eq!(hits[0].customer_id.0, id);
    // Rebuilding the entry through the normal path must not change what is found.
    let customer = store
        .get_customer(garage_core::CustomerId(id))
        .expect("customer");
    assert!(store
        .search(&customer.phones[0].number, 5)
        .expect("search")
        .iter()
        .any(|h| h.customer_id.0 == id));
}

#[test]
fn demo_data_can_be_added_to_a_shop_that_already_has_customers() {
    let store = common::store();
    let no_jobs = demo::DemoOptions { with_jobs: false };
    demo::generate_with(&store, 500, 1, common::now(), no_jobs).expect("first");
    demo::generate(&store, 500, 1, common::now())
        .expect("same seed again: plates and phones must not clash");
    assert_eq!(store.counts().expect("counts").customers, 1_000);
}

#[test]
fn demo_data_is_refused_in_a_shop_that_holds_work_orders() {
    let store = common::store();
    demo::generate(&store, 100, 1, common::now()).expect("first");
    let before = store.counts().expect("counts");
    let again = demo::generate(&store, 100, 2, common::now());
    assert!(
        matches!(again, Err(CoreError::Conflict { ref code }) if code == "demo.real_data"),
        "demo rows mixed into numbered jobs could not be taken out again: {again:?}"
    );
    assert_eq!(
        store.counts().expect("counts"),
        before,
        "nothing is written"
    );
}
