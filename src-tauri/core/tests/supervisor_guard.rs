//! The supervisor's word cannot be forged (issue 17): each way the desk was found to get
//! money, a car or the supervisor's powers past her is tried as it was found, and must be
//! refused with its typed reason and nothing the guard protects changed. Prints
//! `RESULT guard probes=N refused=N changed=0`.
mod intake_fixtures;
mod settlement_fixtures;

use chrono::NaiveDateTime;
use garage_core::error::CoreError;
use garage_core::export::sealed::Passphrase;
use garage_core::export::set_export_passphrase;
use garage_core::ids::StaffId;
use garage_core::pricing::LineKind;
use garage_core::reason::Reason;
use garage_core::settlement::exit::ExitInput;
use garage_core::settlement::payment::PaymentMethod;
use garage_core::settlement::staff::{PinChange, StaffInput, StaffRole};
use garage_core::settlement::supervision::{ShopAction, SupervisorWord};
use garage_core::Store;
use intake_fixtures::*;
use settlement_fixtures::*;

/// Everything the guard protects, as text: a refused try must leave it as it was (the
/// PIN tries themselves are recorded, on purpose, and left out).
fn guarded_state(store: &Store) -> String {
    let tables = [
        "staff",
        "settings",
        "supervisor_approvals",
        "payments",
        "exit_notices",
        "settlements",
        "guard_journal",
    ];
    store
        .with_conn(|conn| {
            let mut out = String::new();
            for table in tables {
                let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
                let width = stmt.column_count();
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    out.push_str(table);
                    for i in 0..width {
                        out.push_str(&format!(" {:?}", row.get_ref(i)?));
                    }
                    out.push('\n');
                }
            }
            Ok(out)
        })
        .expect("the state reads")
}

fn reason_of<T: std::fmt::Debug>(result: Result<T, CoreError>) -> Reason {
    match result {
        Err(CoreError::Conflict { code }) | Err(CoreError::Locked { code }) => code,
        Err(CoreError::Invalid(issues)) => issues[0].code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

struct Probes {
    tried: u32,
    refused: u32,
    changed: u32,
}

impl Probes {
    /// Tries one hole: `expect` is the reason it must be refused with.
    fn attempt<T: std::fmt::Debug>(
        &mut self,
        store: &Store,
        what: &str,
        expect: Reason,
        attempt: impl FnOnce() -> Result<T, CoreError>,
    ) {
        let before = guarded_state(store);
        let got = reason_of(attempt());
        self.tried += 1;
        assert_eq!(got, expect, "{what}: refused for the wrong reason");
        self.refused += 1;
        if guarded_state(store) != before {
            self.changed += 1;
            panic!("{what}: refused, but it changed what the guard protects");
        }
    }
}

fn boss_word(id: StaffId, pin: &str) -> SupervisorWord {
    SupervisorWord {
        supervisor_id: id,
        pin: pin.into(),
    }
}

fn person(name: &str, role: StaffRole, active: bool) -> StaffInput {
    StaffInput {
        name: name.into(),
        role,
        active,
    }
}

fn now() -> NaiveDateTime {
    at(4, 9, 0)
}

#[test]
fn every_way_around_the_supervisor_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let boss = supervisor(&store);
    let desk = store
        .save_staff(None, &person("周敏", StaffRole::Advisor, true), None, now())
        .expect("an advisor needs nobody");
    let mut p = Probes {
        tried: 0,
        refused: 0,
        changed: 0,
    };

    // 1. Anyone at the desk can become the supervisor.
    p.attempt(&store, "add a supervisor", Reason::SupervisorNeeded, || {
        store.save_staff(
            None,
            &person("Mallory", StaffRole::Supervisor, true),
            None,
            now(),
        )
    });
    p.attempt(&store, "promote oneself", Reason::SupervisorNeeded, || {
        store.save_staff(
            Some(desk.id),
            &person("周敏", StaffRole::Supervisor, true),
            None,
            now(),
        )
    });
    p.attempt(&store, "promote with a guess", Reason::PinWrong, || {
        let guess = boss_word(boss, "000000");
        let input = person("周敏", StaffRole::Supervisor, true);
        store.save_staff(Some(desk.id), &input, Some(&guess), now())
    });
    p.attempt(
        &store,
        "vouch for oneself",
        Reason::StaffNotSupervisor,
        || {
            let own = boss_word(desk.id, PIN);
            let input = person("周敏", StaffRole::Supervisor, true);
            store.save_staff(Some(desk.id), &input, Some(&own), now())
        },
    );
    p.attempt(
        &store,
        "deactivate the supervisor",
        Reason::SupervisorNeeded,
        || {
            store.save_staff(
                Some(boss),
                &person("赵主管", StaffRole::Supervisor, false),
                None,
                now(),
            )
        },
    );
    p.attempt(
        &store,
        "demote the last supervisor",
        Reason::LastSupervisor,
        || {
            let input = person("赵主管", StaffRole::Advisor, true);
            store.save_staff(Some(boss), &input, Some(&boss_word(boss, PIN)), now())
        },
    );
    let overwrite = PinChange {
        pin: "111111".into(),
        old_pin: None,
        word: None,
    };
    p.attempt(
        &store,
        "overwrite her PIN",
        Reason::SupervisorNeeded,
        || store.set_supervisor_pin(boss, &overwrite, now()),
    );
    let guessed_old = PinChange {
        old_pin: Some("999999".into()),
        ..overwrite.clone()
    };
    p.attempt(
        &store,
        "overwrite with a guessed old PIN",
        Reason::PinWrong,
        || store.set_supervisor_pin(boss, &guessed_old, now()),
    );
    let four = PinChange {
        pin: "1234".into(),
        old_pin: Some(PIN.into()),
        word: None,
    };
    p.attempt(&store, "a new 4-digit PIN", Reason::PinFormat, || {
        store.set_supervisor_pin(boss, &four, now())
    });

    // 2. The discount limit raised to 100 % with no PIN.
    let mut all = store.get_settlement_settings().expect("settings");
    all.discount_limit_bp = 10_000;
    p.attempt(
        &store,
        "raise the discount limit",
        Reason::SupervisorNeeded,
        || store.save_settlement_settings(&all, None, now()),
    );

    // 3. A 100 % discount on one line, approved by the desk itself on the phone.
    let free = job_in_workshop(&store, dir.path());
    approve_estimate(
        &store,
        free,
        vec![
            line(LineKind::Labour, 1_000, 48_000, 0),
            line(LineKind::Part, 1_000, 35_000, 10_000),
        ],
    );
    ready(&store, free, at(3, 15, 0));
    let draft = old_parts_answered(&store, free, at(3, 16, 0));
    p.attempt(
        &store,
        "a free line",
        Reason::DiscountNeedsSupervisor,
        || store.save_settlement_draft(free, &draft, at(3, 16, 0)),
    );
    assert!(
        store
            .settlement(free, at(3, 16, 0))
            .expect("settlement")
            .blockers
            .contains(&Reason::DiscountNeedsSupervisor),
        "the free line keeps the settlement from being signed"
    );

    // 4. "On account" brings what is due to 0: the car must still not leave unpaid.
    // (A shop of its own: the fixtures' one customer already has the free line's job.)
    let other_dir = tempfile::tempdir().expect("dir");
    let other = Store::open_in_dir(other_dir.path()).expect("store");
    let owing = signed_job(&other, other_dir.path());
    let on_account = pay(PaymentMethod::OnAccount, 118_000);
    other
        .record_payment(owing, &on_account, at(3, 16, 30))
        .expect("put on account");
    let exit = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: None,
    };
    p.attempt(&other, "leave on account", Reason::ExitUnpaid, || {
        other.issue_exit_notice(owing, &exit, at(3, 16, 40))
    });
    let settled = other.settlement(owing, at(3, 16, 40)).expect("settlement");
    assert_eq!(
        settled.exit_debt_minor, 118_000,
        "the car would leave owing what was put on account"
    );

    // 6. The export passphrase removed (or replaced) without the old one.
    let secret = Passphrase::from("lotus garden 42".to_string());
    set_export_passphrase(&store, Some(&secret), None, None, now()).expect("the first is free");
    p.attempt(
        &store,
        "remove the passphrase",
        Reason::SupervisorNeeded,
        || set_export_passphrase(&store, None, None, None, now()),
    );
    let known = Passphrase::from("mallory knows this one".to_string());
    let wrong = Passphrase::from("lotus garden 4".to_string());
    p.attempt(
        &store,
        "replace it with a guessed old one",
        Reason::ExportPassphraseMismatch,
        || set_export_passphrase(&store, Some(&known), Some(&wrong), None, now()),
    );

    // 7. A restore replaces the shop: the supervisor's.
    p.attempt(&store, "restore", Reason::SupervisorNeeded, || {
        store.supervisor_for(Some(ShopAction::Restore), None, now())
    });

    println!(
        "RESULT guard probes={} refused={} changed={}",
        p.tried, p.refused, p.changed
    );
    assert_eq!(p.refused, p.tried);
}

#[test]
fn with_her_word_the_supervisor_does_each_and_the_journal_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let boss = supervisor(&store);
    let word = boss_word(boss, PIN);
    let desk = store
        .save_staff(None, &person("周敏", StaffRole::Advisor, true), None, now())
        .expect("advisor");
    let promoted = store
        .save_staff(
            Some(desk.id),
            &person("周敏", StaffRole::Supervisor, true),
            Some(&word),
            now(),
        )
        .expect("promoted on her word");
    assert_eq!(promoted.role, StaffRole::Supervisor);
    let first = PinChange {
        pin: "135790".into(),
        old_pin: None,
        word: Some(word.clone()),
    };
    store
        .set_supervisor_pin(desk.id, &first, now())
        .expect("her first PIN, on the supervisor's word");
    let own = PinChange {
        pin: "246802".into(),
        old_pin: Some("135790".into()),
        word: None,
    };
    store
        .set_supervisor_pin(desk.id, &own, now())
        .expect("her own PIN with the old one, alone");
    let mut all = store.get_settlement_settings().expect("settings");
    all.discount_limit_bp = 800;
    store
        .save_settlement_settings(&all, Some(&word), now())
        .expect("raised on her word");
    all.discount_limit_bp = 300;
    store
        .save_settlement_settings(&all, None, now())
        .expect("lowered by anyone");
    // Now two supervisors: one may step down.
    store
        .save_staff(
            Some(boss),
            &person("赵主管", StaffRole::Supervisor, false),
            Some(&boss_word(desk.id, "246802")),
            now(),
        )
        .expect("deactivated on the other's word");

    let check = store.verify_journal().expect("journal");
    assert_eq!(check.broken_at, None, "the chain is whole");
    let kinds: Vec<String> = store
        .journal(&Default::default(), 100)
        .expect("entries")
        .into_iter()
        .rev()
        .map(|e| format!("{}:{}", e.note.kind, e.note.approved_by))
        .collect();
    assert_eq!(
        kinds,
        [
            "add_supervisor:",
            "set_pin:",
            "promote_to_supervisor:赵主管",
            "set_pin:赵主管",
            "set_pin:",
            "raise_discount_limit:赵主管",
            "change_supervisor:周敏",
        ],
        "each guarded change is journalled with whoever allowed it (the shop's first supervisor \
         and her first PIN, and a PIN changed with the old one, by nobody)"
    );
}

#[test]
fn wrong_pins_lock_only_that_supervisor_and_each_lock_lasts_longer() {
    let store = Store::open_in_memory().expect("store");
    let a = supervisor(&store);
    let input = person("钱主管", StaffRole::Supervisor, true);
    let b = store
        .save_staff(None, &input, Some(&boss_word(a, PIN)), now())
        .expect("second supervisor")
        .id;
    let pin_b = PinChange {
        pin: "975310".into(),
        old_pin: None,
        word: Some(boss_word(a, PIN)),
    };
    store.set_supervisor_pin(b, &pin_b, now()).expect("pin");
    let t0 = at(5, 9, 0);
    for i in 0..5 {
        let t = t0 + chrono::Duration::seconds(i * 20);
        assert_eq!(
            reason_of(store.check_word(a, "000000", t)),
            Reason::PinWrong
        );
    }
    let t = t0 + chrono::Duration::seconds(90);
    assert_eq!(reason_of(store.check_word(a, PIN, t)), Reason::PinLocked);
    store
        .check_word(b, "975310", t)
        .expect("the other supervisor is not locked out by someone guessing at the first");
    // After the first lock (a minute), five more wrong: two minutes.
    let t1 = t0 + chrono::Duration::seconds(150);
    for i in 0..5 {
        let t = t1 + chrono::Duration::seconds(i);
        assert_eq!(
            reason_of(store.check_word(a, "000000", t)),
            Reason::PinWrong
        );
    }
    let last = t1 + chrono::Duration::seconds(4);
    let until = store.pin_locked_until(a, last).expect("lock");
    assert_eq!(until, Some(last + chrono::Duration::minutes(2)));
}

#[test]
fn settings_that_no_longer_read_are_refused_loudly_and_kept() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    store
        .with_conn(|conn| {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('settlement.settings', '{\"discount_limit')",
                [],
            )?;
            Ok(())
        })
        .expect("a damaged row");
    assert_eq!(
        reason_of(store.get_settlement_settings()),
        Reason::SettingsUnreadable,
        "never the defaults without a word"
    );
    let defaults = garage_core::settlement::pickup::SettlementSettings::default();
    assert_eq!(
        reason_of(store.save_settlement_settings(&defaults, None, now())),
        Reason::SupervisorNeeded,
        "the desk cannot reset the limit by saving over the damaged row"
    );
    store
        .save_settlement_settings(&defaults, Some(&boss_word(boss, PIN)), now())
        .expect("the supervisor saves them again");
    assert_eq!(store.get_settlement_settings().expect("read"), defaults);

    // The pricing settings hold the tax rates: the same.
    store
        .with_conn(|conn| {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('pricing.settings', '{\"tax\": 13')",
                [],
            )?;
            Ok(())
        })
        .expect("a damaged row");
    assert_eq!(
        reason_of(store.get_pricing_settings()),
        Reason::SettingsUnreadable,
        "tax rates are never reset to the defaults without a word"
    );
    let kept: String = store
        .with_conn(|conn| {
            Ok(conn.query_row(
                "SELECT value FROM settings WHERE key = 'pricing.settings'",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("the row");
    assert_eq!(kept, "{\"tax\": 13", "the stored row is kept as it was");
}

#[test]
fn a_changed_journal_entry_is_named_by_verify() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let word = boss_word(boss, PIN);
    let mut all = store.get_settlement_settings().expect("settings");
    for bp in [600, 700, 800] {
        all.discount_limit_bp = bp;
        store
            .save_settlement_settings(&all, Some(&word), now())
            .expect("raised");
    }
    assert_eq!(store.verify_journal().expect("check").broken_at, None);
    store
        .with_conn(|conn| {
            conn.execute(
                "UPDATE guard_journal SET after = '10000 bp' WHERE after = '700 bp'",
                [],
            )?;
            Ok(())
        })
        .expect("edited");
    let check = store.verify_journal().expect("check");
    let edited: i64 = store
        .with_conn(|conn| {
            Ok(conn.query_row(
                "SELECT id FROM guard_journal WHERE after = '10000 bp'",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("the edited entry");
    assert_eq!(
        check.broken_at,
        Some(edited),
        "verify names the edited entry"
    );
}

#[test]
fn a_clock_that_ran_ahead_is_corrected_by_the_supervisor_and_no_number_repeats() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let (customer, vehicle) = customer_with_car(
        &store,
        "李建国",
        "13812345678",
        "沪A12345",
        garage_core::Lang::ZhHans,
    );
    let ahead = chrono::NaiveDate::from_ymd_opt(2027, 1, 3)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    let first = open(&store, customer, vehicle, ahead);
    assert!(
        first.work_order.number.contains("2027-"),
        "issued while the clock ran ahead"
    );
    let input = garage_core::OpenWorkOrder {
        customer_id: customer,
        vehicle_id: vehicle,
        details: details("异响 a noise"),
    };
    let fixed = at(4, 9, 0);
    assert_eq!(
        reason_of(store.open_work_order(&input, fixed)),
        Reason::ClockBehind,
        "a second series in an old year is refused"
    );
    assert_eq!(
        reason_of(store.confirm_clock_ran_ahead(None, fixed)),
        Reason::SupervisorNeeded
    );
    let year = store
        .confirm_clock_ran_ahead(Some(&boss_word(boss, PIN)), fixed)
        .expect("confirmed");
    assert_eq!(year, 2027);
    let next = store.open_work_order(&input, fixed).expect("numbers go on");
    assert_eq!(
        next.work_order.number.replace(
            &first.work_order.number[..first.work_order.number.len() - 5],
            ""
        ),
        "00002",
        "the next number follows the last one on paper: {}",
        next.work_order.number
    );
    assert_eq!(
        reason_of(store.confirm_clock_ran_ahead(Some(&boss_word(boss, PIN)), ahead)),
        Reason::ClockNotBehind
    );
}

#[test]
fn appointments_booked_while_the_clock_ran_ahead_are_corrected_the_same_way() {
    use garage_core::booking::{AppointmentInput, CallerContact};
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let booking = |starts_at: NaiveDateTime| AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(CallerContact {
            name: "王先生".into(),
            phone: "13912345678".into(),
            plate: "沪B67890".into(),
        }),
        starts_at,
        duration_minutes: 60,
        bay: 1,
        wanted_work: "保养 service".into(),
        parts: Vec::new(),
        expected_price_minor: None,
        bring_handbook: false,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: false,
    };
    let ahead = chrono::NaiveDate::from_ymd_opt(2027, 1, 4)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    let first = store
        .book_appointment(&booking(ahead + chrono::Duration::days(1)), ahead)
        .expect("booked while the clock ran ahead");
    assert!(first.number.contains("2027-"), "{}", first.number);
    let fixed = at(4, 9, 0);
    assert_eq!(
        reason_of(store.book_appointment(&booking(at(5, 9, 0)), fixed)),
        Reason::ClockBehind
    );
    let year = store
        .confirm_clock_ran_ahead(Some(&boss_word(boss, PIN)), fixed)
        .expect("the supervisor can confirm: an appointment number was issued in 2027");
    assert_eq!(year, 2027);
    let next = store
        .book_appointment(&booking(at(5, 9, 0)), fixed)
        .expect("numbers go on");
    assert!(next.number.ends_with("2027-00002"), "{}", next.number);
}

#[test]
fn the_journal_is_filtered_by_person_kind_and_day() {
    let store = Store::open_in_memory().expect("store");
    let boss = supervisor(&store);
    let mut all = store.get_settlement_settings().expect("settings");
    all.discount_limit_bp = 600;
    store
        .save_settlement_settings(&all, Some(&boss_word(boss, PIN)), at(4, 9, 0))
        .expect("raised on day 4");
    all.discount_limit_bp = 700;
    store
        .save_settlement_settings(&all, Some(&boss_word(boss, PIN)), at(5, 9, 0))
        .expect("raised on day 5");
    let filter = |person: Option<&str>, kind: Option<&str>, day: Option<u32>| {
        garage_core::store::journal::JournalFilter {
            person: person.map(String::from),
            kind: kind.map(String::from),
            day: day.map(|d| at(d, 0, 0).date()),
        }
    };
    let count = |f| store.journal(&f, 100).expect("entries").len();
    assert_eq!(
        count(filter(None, None, None)),
        4,
        "her setting-up and two raises"
    );
    assert_eq!(count(filter(Some("赵主管"), None, None)), 2);
    assert_eq!(count(filter(None, Some("raise_discount_limit"), None)), 2);
    assert_eq!(
        count(filter(None, Some("raise_discount_limit"), Some(5))),
        1
    );
    assert_eq!(count(filter(Some("nobody"), None, None)), 0);
    let view = store.journal_view(&filter(None, None, None)).expect("view");
    assert_eq!(view.people, ["赵主管"]);
    assert!(view.kinds.iter().any(|k| k == "restore"));
}
