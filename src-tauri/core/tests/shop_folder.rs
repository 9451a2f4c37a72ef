//! Nothing committed is lost: a used data folder without its database is not silently
//! made a fresh shop, and a clock gone backwards cannot start numbering an old year again.
mod intake_fixtures;

use chrono::NaiveDate;
use garage_core::shop_folder::{self, open_shop, MARKER_FILE_NAME};
use garage_core::store::DB_FILE_NAME;
use garage_core::{CoreError, Lang, OpenWorkOrder};
use intake_fixtures::{customer_with_car, details, job, now};

fn is_database_missing(result: &garage_core::error::Result<garage_core::Store>) -> bool {
    matches!(result, Err(e) if shop_folder::is_database_missing(e))
}

#[test]
fn a_fresh_folder_becomes_a_shop_and_is_marked_as_one() -> garage_core::error::Result<()> {
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("shop");
    open_shop(&folder, false)?;
    assert!(folder.join(DB_FILE_NAME).exists());
    assert!(
        folder.join(MARKER_FILE_NAME).exists(),
        "the marker tells a later start that this folder held a shop"
    );
    Ok(())
}

#[test]
fn a_used_folder_whose_database_is_gone_is_refused_until_a_new_shop_is_wanted(
) -> garage_core::error::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = open_shop(dir.path(), false)?;
    job(&store);
    drop(store);
    std::fs::remove_file(dir.path().join(DB_FILE_NAME))?;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("{DB_FILE_NAME}{side}")));
    }

    assert!(
        is_database_missing(&open_shop(dir.path(), false)),
        "an unplugged drive must not become an empty shop numbering from 1 again"
    );
    assert!(
        !dir.path().join(DB_FILE_NAME).exists(),
        "the refusal creates nothing"
    );
    let payload = CoreError::conflict(shop_folder::DATABASE_MISSING).to_payload(Lang::En);
    assert!(
        payload.message.contains(DB_FILE_NAME),
        "the message names the file it expected: {}",
        payload.message
    );

    let fresh = open_shop(dir.path(), true)?;
    assert_eq!(fresh.counts()?.customers, 0, "a new shop on purpose");
    drop(fresh);
    open_shop(dir.path(), false)?;
    Ok(())
}

#[test]
fn a_folder_with_photos_but_no_database_and_no_marker_counts_as_used(
) -> garage_core::error::Result<()> {
    let dir = tempfile::tempdir()?;
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(&photos)?;
    std::fs::write(photos.join("a.jpg"), b"\xFF\xD8\xFF")?;
    assert!(is_database_missing(&open_shop(dir.path(), false)));
    Ok(())
}

#[test]
fn opening_a_shop_removes_the_half_written_files_a_crash_left() -> garage_core::error::Result<()> {
    let dir = tempfile::tempdir()?;
    open_shop(dir.path(), false)?;
    let signatures = dir.path().join("signatures");
    std::fs::create_dir_all(&signatures)?;
    std::fs::write(signatures.join("x.png.partial"), b"half")?;
    open_shop(dir.path(), false)?;
    assert!(!signatures.join("x.png.partial").exists());
    Ok(())
}

#[test]
fn a_clock_gone_back_past_the_last_numbers_year_cannot_open_a_job() {
    let store = garage_core::Store::open_in_memory().expect("store");
    let first = job(&store).work_order;
    let (customer_id, vehicle_id) =
        customer_with_car(&store, "王芳", "13700001111", "沪B67890", Lang::ZhHans);
    let input = OpenWorkOrder {
        customer_id,
        vehicle_id,
        details: details("空调不冷"),
    };
    let year_2000 = NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 5, 0))
        .expect("a valid time");
    let refused = store.open_work_order(&input, year_2000);
    assert!(
        matches!(refused, Err(CoreError::Conflict { ref code }) if code == "clock.behind"),
        "a flat CMOS battery must not issue WO-2000-…: {refused:?}"
    );
    let (numbers, last) = store.issued_numbers(2000).expect("numbers");
    assert!(
        numbers.is_empty() && last == 0,
        "nothing was counted in 2000"
    );

    let second = store.open_work_order(&input, now()).expect("same year");
    assert_ne!(second.work_order.number, first.number);
    let next_year = NaiveDate::from_ymd_opt(2027, 1, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid time");
    store
        .open_work_order(&input, next_year)
        .expect("a new year starts its own series");
}

#[test]
fn every_refusal_that_protects_committed_data_has_a_message_in_every_language() {
    let codes = [
        "shop.database_missing",
        "demo.real_data",
        "clock.behind",
        "transfer.open_job",
    ];
    for code in codes {
        for lang in Lang::ALL {
            let key = format!("error.{code}");
            assert!(
                garage_core::i18n::has_key(lang, &key),
                "{key} missing in {}",
                lang.code()
            );
        }
    }
}
