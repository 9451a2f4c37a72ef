//! The demo shop's job history: signed, frozen, verifiable, the same for the same seed.
mod common;

use garage_core::demo::{self, DemoOptions};
use garage_core::{Store, WorkOrderFilter, WorkOrderStatus};

fn intake_hashes(store: &Store) -> Vec<String> {
    store
        .with_conn(|conn| {
            let rows = conn
                .prepare(
                    "SELECT w.number || ' ' || w.status || ' ' || coalesce(s.snapshot_hash, '')
                     FROM work_orders w
                     LEFT JOIN signatures s ON s.work_order_id = w.id AND s.role = 'customer'
                     ORDER BY w.id",
                )?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .expect("hashes")
}

#[test]
fn about_a_third_of_demo_customers_have_signed_jobs_that_verify() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let summary = demo::generate(&store, 300, 5, common::now()).expect("demo");
    let all = WorkOrderFilter {
        limit: 500,
        ..WorkOrderFilter::default()
    };
    let page = store.list_work_orders(&all, common::now()).expect("jobs");
    assert_eq!(page.total, summary.work_orders);
    assert!(
        (100..=300).contains(&page.total),
        "about 0.3 × 2 jobs per customer, got {}",
        page.total
    );
    let collected = page
        .items
        .iter()
        .filter(|s| s.status == WorkOrderStatus::Collected)
        .count();
    assert!(collected as i64 >= page.total - 6, "past jobs are finished");
    for summary in &page.items {
        if summary.status != WorkOrderStatus::Open {
            assert!(
                store.verify_intake(summary.id).expect("verify"),
                "{} verifies",
                summary.number
            );
        }
    }
    let today = store.list_open_work_orders(common::now()).expect("today");
    assert!(
        (4..=6).contains(&today.len()),
        "a few jobs at the shop today, got {}",
        today.len()
    );
    assert!(
        std::fs::read_dir(dir.path().join("signatures"))
            .expect("signature images")
            .count()
            > 0
    );
}

#[test]
fn the_same_seed_gives_the_same_job_history_and_jobs_can_be_left_out() {
    let (a, b, c) = (common::store(), common::store(), common::store());
    demo::generate(&a, 200, 9, common::now()).expect("a");
    demo::generate(&b, 200, 9, common::now()).expect("b");
    let without = demo::generate_with(&c, 200, 9, common::now(), DemoOptions { with_jobs: false })
        .expect("c");
    assert_eq!(intake_hashes(&a), intake_hashes(&b));
    assert!(!intake_hashes(&a).is_empty());
    assert_eq!(without.work_orders, 0);
    assert!(intake_hashes(&c).is_empty());
    assert_eq!(
        c.counts().expect("c"),
        a.counts().expect("a"),
        "the same customers either way"
    );
}

#[test]
fn the_demo_shop_s_past_jobs_are_settled_paid_and_some_still_owed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    demo::generate(&store, 2_000, 5, common::now()).expect("demo");
    let (settled, paid_minor, exits, collected) = store
        .with_conn(|conn| {
            Ok(conn.query_row(
                "SELECT (SELECT count(*) FROM settlements WHERE status = 'signed'),
                        (SELECT coalesce(sum(amount_minor), 0) FROM payments),
                        (SELECT count(*) FROM exit_notices),
                        (SELECT count(*) FROM work_orders WHERE status = 'collected')",
                [],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, i64>(3)?,
                    ))
                },
            )?)
        })
        .expect("counts");
    assert_eq!(
        settled, collected,
        "every past job is settled, the latest at the desk and the years before in the history"
    );
    assert_eq!(
        exits, settled,
        "every settled demo job left with its exit notice"
    );
    assert!(paid_minor > 0, "the settled jobs were paid");
    let owed = store.receivables().expect("receivables");
    assert!(
        !owed.is_empty() && owed.len() < settled as usize / 3,
        "about one settled job in eight is still owed: {} of {settled}",
        owed.len()
    );
    assert!(
        owed.iter().all(|r| r.owed_minor > 0),
        "a receivable is money owed"
    );
}

#[test]
fn the_demo_leaves_a_job_running_over_with_a_later_promise_at_risk_at_any_hour() {
    use chrono::{Duration, NaiveDate};
    use garage_core::booking::overrun::{PromiseKind, Shared};
    // A Sunday morning (closed), a Monday at opening, a Friday just before closing, a
    // Wednesday late at night.
    let nows = [
        Some(common::now()),
        NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(8, 31, 0)),
        NaiveDate::from_ymd_opt(2026, 11, 27).and_then(|d| d.and_hms_opt(17, 25, 13)),
        NaiveDate::from_ymd_opt(2026, 11, 25).and_then(|d| d.and_hms_opt(23, 50, 0)),
    ];
    for now in nows.into_iter().flatten() {
        let store = Store::open_in_memory().expect("store");
        demo::generate(&store, 3, 5, now).expect("demo");
        // A minute later, as the newcomer opens Today.
        let seen = now + Duration::minutes(1);
        let over = store.running_over(seen).expect("running over");
        assert_eq!(over.len(), 1, "{now}: one job runs over");
        let o = &over[0];
        assert!(o.over_minutes >= 60, "{now}: over by {}", o.over_minutes);
        eprintln!(
            "{now}: bay {:?}, {} promises at risk",
            o.bay,
            o.at_risk.len()
        );
        let risk = o
            .at_risk
            .iter()
            .find(|p| p.kind == PromiseKind::Job)
            .expect("the next job's promise is at risk");
        assert_eq!(risk.shared, Shared::Team);
        assert!(risk.at > seen && risk.at < o.projected_finish, "{now}");
        if o.bay.is_some() {
            assert!(
                o.at_risk
                    .iter()
                    .any(|p| p.kind == PromiseKind::Booking && p.shared == Shared::Bay),
                "{now}: a car booked into its bay is at risk"
            );
        }
        assert_eq!(
            store.job_overrun(o.work_order_id, seen).expect("job"),
            Some(o.clone())
        );
    }
}
