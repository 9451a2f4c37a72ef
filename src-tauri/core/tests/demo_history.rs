//! The demo shop's whole history takes a real shop's path: every past job estimated,
//! settled, paid or owed, let out and handed over, in a real mix of repair categories,
//! with money that adds up job by job; the same for the same seed.
mod common;

use std::collections::{HashMap, HashSet};

use garage_core::demo;
use garage_core::ids::WorkOrderId;
use garage_core::Store;

fn rows<T: rusqlite::types::FromSql>(store: &Store, sql: &str) -> Vec<T> {
    store
        .with_conn(|conn| {
            let out = conn
                .prepare(sql)?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(out)
        })
        .expect(sql)
}

fn count(store: &Store, sql: &str) -> i64 {
    rows::<i64>(store, sql)[0]
}

fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    demo::generate(&store, 300, 11, common::now()).expect("demo");
    (dir, store)
}

#[test]
fn every_past_job_of_the_demo_shop_is_settled_let_out_and_handed_over() {
    let (_dir, store) = shop();
    let collected = count(
        &store,
        "SELECT count(*) FROM work_orders WHERE status = 'collected'",
    );
    assert!(
        collected > 100,
        "a 300-customer shop has its years of jobs: {collected}"
    );
    for (what, sql) in [
        (
            "a signed settlement",
            "SELECT count(*) FROM work_orders w WHERE w.status = 'collected' AND NOT EXISTS
             (SELECT 1 FROM settlements s WHERE s.work_order_id = w.id AND s.status = 'signed')",
        ),
        (
            "an approved estimate",
            "SELECT count(*) FROM work_orders w WHERE w.status = 'collected' AND NOT EXISTS
             (SELECT 1 FROM estimates e WHERE e.work_order_id = w.id AND e.status = 'approved')",
        ),
        (
            "an exit notice",
            "SELECT count(*) FROM work_orders w WHERE w.status = 'collected'
             AND NOT EXISTS (SELECT 1 FROM exit_notices e WHERE e.work_order_id = w.id)",
        ),
        (
            "a signed handover",
            "SELECT count(*) FROM work_orders w WHERE w.status = 'collected'
             AND NOT EXISTS (SELECT 1 FROM exit_handovers h WHERE h.work_order_id = w.id)",
        ),
        (
            "a repair category",
            "SELECT count(*) FROM work_orders WHERE repair_category IS NULL",
        ),
    ] {
        assert_eq!(count(&store, sql), 0, "every past job has {what}");
    }
    let jobs: Vec<i64> = rows(
        &store,
        "SELECT id FROM work_orders WHERE status = 'collected'",
    );
    for id in jobs.iter().step_by(7) {
        let wo = WorkOrderId(*id);
        assert!(
            store.settlement_holds(wo).expect("holds"),
            "job {id}'s settlement verifies"
        );
        assert!(
            store.estimate_holds(wo, 1).expect("holds"),
            "job {id}'s estimate verifies"
        );
    }
    let out_of_order = count(
        &store,
        "SELECT count(*) FROM settlements a JOIN settlements b
         ON a.year = b.year AND a.seq < b.seq AND a.signed_at > b.signed_at",
    );
    assert_eq!(out_of_order, 0, "settlement numbers run with the dates");
    let late = count(
        &store,
        "SELECT count(*) FROM exit_notices e JOIN work_orders w ON w.id = e.work_order_id
         WHERE e.issued_at < w.opened_at OR e.issued_at > '2026-11-22 10:00:00'",
    );
    assert_eq!(late, 0, "every car left after it came in and before now");
}

#[test]
fn every_repair_category_occurs_and_each_job_s_lines_fit_its_category() {
    let (_dir, store) = shop();
    let categories: HashSet<String> = rows(
        &store,
        "SELECT DISTINCT repair_category FROM work_orders WHERE status = 'collected'",
    )
    .into_iter()
    .collect();
    for c in ["maintenance", "repair", "accident", "overhaul", "comeback"] {
        assert!(categories.contains(c), "a {c} job among {categories:?}");
    }
    let line_of = |category: &str, condition: &str| {
        count(
            &store,
            &format!(
                "SELECT count(*) FROM work_orders w WHERE w.repair_category = '{category}'
                 AND w.status = 'collected' AND NOT EXISTS (SELECT 1 FROM estimates e JOIN estimate_lines l
                   ON l.estimate_id = e.id WHERE e.work_order_id = w.id
                   AND e.status = 'approved' AND {condition})"
            ),
        )
    };
    assert_eq!(
        line_of(
            "maintenance",
            "l.guarantee_class IN ('first_level', 'second_level') AND l.system = 'maintenance'"
        ),
        0,
        "a maintenance job has maintenance lines with the first- or second-level guarantee"
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM estimate_lines WHERE guarantee_class = 'second_level'"
        ) > 0,
        "some maintenance is second-level"
    );
    assert_eq!(
        line_of("accident", "l.system = 'body'"),
        0,
        "accident jobs are body work"
    );
    assert_eq!(
        line_of("overhaul", "l.guarantee_class = 'overhaul'"),
        0,
        "an overhaul carries the overhaul guarantee"
    );
    let unlinked = count(
        &store,
        "SELECT count(*) FROM work_orders w WHERE w.repair_category = 'comeback'
         AND NOT EXISTS (SELECT 1 FROM comebacks c JOIN work_orders o ON o.id = c.origin_id
           WHERE c.work_order_id = w.id AND o.vehicle_id = w.vehicle_id
           AND o.opened_at < w.opened_at)",
    );
    assert_eq!(unlinked, 0, "a comeback is linked to the car's earlier job");
    let advisors = count(&store, "SELECT count(DISTINCT advisor) FROM work_orders");
    assert_eq!(advisors, 3, "the three advisors take the jobs");
}

#[test]
fn the_demo_shop_s_money_adds_up_job_by_job() {
    let (_dir, store) = shop();
    let owed: HashMap<WorkOrderId, i64> = store
        .receivables()
        .expect("receivables")
        .into_iter()
        .map(|r| (r.work_order_id, r.owed_minor))
        .collect();
    let billed: Vec<(i64, i64, i64)> = store
        .with_conn(|conn| {
            let out = conn
                .prepare(
                    "SELECT s.work_order_id,
                       s.total_minor - coalesce((SELECT sum(amount_minor) FROM credit_notes n
                                                 WHERE n.settlement_id = s.id), 0),
                       coalesce((SELECT sum(CASE kind WHEN 'payment' THEN amount_minor
                                                      ELSE -amount_minor END)
                                 FROM payments p WHERE p.work_order_id = s.work_order_id
                                   AND p.voided_at IS NULL), 0)
                     FROM settlements s WHERE s.status = 'signed'",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(out)
        })
        .expect("billed");
    // The shop has no write-offs: what is not paid stays owed.
    for (job, billed, paid) in &billed {
        let owes = owed.get(&WorkOrderId(*job)).copied().unwrap_or(0);
        assert_eq!(paid + owes, *billed, "job {job}: paid + owed = billed");
        assert!(
            *paid >= 0 && owes >= 0,
            "job {job}: {paid} paid, {owes} owed"
        );
    }
    let left_owing = count(
        &store,
        "SELECT count(*) FROM exit_notices WHERE debt_minor > 0",
    );
    let still = owed.values().filter(|o| **o > 0).count() as i64;
    assert!(
        left_owing * 100 / billed.len() as i64 >= 6,
        "about one job in eight leaves owing: {left_owing} of {}",
        billed.len()
    );
    assert!(
        still > 0 && still < left_owing,
        "most debtors paid later: {still} of {left_owing} still owe"
    );
    assert!(
        count(&store, "SELECT count(*) FROM credit_notes") > 0,
        "a correction now and then"
    );
    let methods = count(&store, "SELECT count(DISTINCT method) FROM payments");
    assert!(methods >= 4, "cash, mobile, card and transfer: {methods}");
    let items: Vec<String> = rows(&store, "SELECT DISTINCT status FROM additional_items");
    assert!(
        items.contains(&"approved".to_string()) && items.contains(&"declined".to_string()),
        "findings offered, some approved and some declined: {items:?}"
    );
}

#[test]
fn the_same_seed_gives_the_same_money_history() {
    let digest = |seed: u64| {
        let store = Store::open_in_memory().expect("store");
        demo::generate(&store, 120, seed, common::now()).expect("demo");
        rows::<String>(
            &store,
            "SELECT coalesce(s.snapshot_sha256, '') || ' ' || coalesce(
               (SELECT group_concat(method || amount_minor || taken_at) FROM payments p
                WHERE p.work_order_id = s.work_order_id), '')
             FROM settlements s ORDER BY s.id",
        )
    };
    let a = digest(3);
    assert!(!a.is_empty(), "the in-memory shop's past is settled too");
    assert_eq!(a, digest(3));
    assert_ne!(a, digest(4));
}
