//! The 4S dashboard (issue 21) on a small shop built through the desk's use cases in
//! March 2026: a job settled and out with an additional item approved and one declined,
//! its comeback within the guarantee, a booked car that arrived and one still to come,
//! follow-up calls with scores, two complaints; every line counted exactly. Then the
//! properties (offered ≥ approved, first-time fix + comeback rate = 1, the scores counted
//! = the calls reached with a score) and the supervisor's targets and bands.
mod intake_fixtures;
mod settlement_fixtures;

use std::path::Path;

use garage_core::booking::{AppointmentInput, ArrivalInput, CallerContact};
use garage_core::domain::complaint::{
    ComplaintChannel, ComplaintClosingInput, ComplaintInput, ComplaintKind,
};
use garage_core::domain::figures_dashboard::{
    Band, DashboardFigures, FigureBand, FigureKey, Ratio, RatioKey, TargetInput,
};
use garage_core::error::CoreError;
use garage_core::follow_up::{CallStage, CarRuns, FollowUpCallInput};
use garage_core::intake::{Belongings, IntakeSection, KeysLog, SignatureRole};
use garage_core::pricing::estimate::{ApprovalChannel, ApprovalInput, EstimateDraftInput};
use garage_core::pricing::{LineKind, PricingMode};
use garage_core::reason::Reason;
use garage_core::settlement::exit::ExitInput;
use garage_core::settlement::payment::PaymentMethod;
use garage_core::settlement::supervision::SupervisorWord;
use garage_core::store::journal::JournalFilter;
use garage_core::work_order::{JobContact, ServiceLine};
use garage_core::{JobDetails, OpenWorkOrder, Store, WorkOrderId};
use intake_fixtures::*;
use settlement_fixtures::*;

fn day(d: u32) -> chrono::NaiveDate {
    at(d, 0, 0).date()
}

fn exit(store: &Store, id: WorkOrderId, amount: i64, d: u32) {
    store
        .record_payment(id, &pay(PaymentMethod::Mobile, amount), at(d, 16, 10))
        .expect("paid in full");
    let input = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: None,
    };
    store
        .issue_exit_notice(id, &input, at(d, 16, 20))
        .expect("the car leaves");
}

/// Job A: opened 2 March, estimate 480.00 labour (1 h), an item of 2 × 350.00 approved and
/// one of 300.00 declined, ready 3 March 15:00 (promised 17:00), signed 16:00 (1,180.00),
/// out 16:20.
fn job_a(store: &Store, dir: &Path) -> WorkOrderId {
    let id = job_in_workshop(store, dir);
    approve_estimate(store, id, vec![line(LineKind::Labour, 1_000, 48_000, 0)]);
    item(
        store,
        dir,
        id,
        vec![line(LineKind::Part, 2_000, 35_000, 0)],
        true,
    );
    item(
        store,
        dir,
        id,
        vec![line(LineKind::Part, 1_000, 30_000, 0)],
        false,
    );
    ready(store, id, at(3, 15, 0));
    let input = old_parts_answered(store, id, at(3, 16, 0));
    store
        .save_settlement_draft(id, &input, at(3, 16, 0))
        .expect("draft");
    sign(store, dir, id, at(3, 16, 0));
    exit(store, id, 118_000, 3);
    id
}

/// Job B: A's car back on 4 March 9:00 (promised 12:00) for the same noise, linked as its
/// comeback within the guarantee; half an hour's labour at 200.00 and a part of 50.00;
/// ready at 15:00 (late), signed 16:00 (150.00), out 16:20.
fn job_b(store: &Store, dir: &Path, origin: WorkOrderId) -> WorkOrderId {
    let a = store.get_work_order(origin).expect("A").work_order;
    let input = OpenWorkOrder {
        customer_id: a.customer_id,
        vehicle_id: a.vehicle_id,
        details: JobDetails {
            promised_at: Some(at(4, 12, 0)),
            services: vec![ServiceLine {
                description: "刹车异响复查".into(),
                estimate_minor: None,
            }],
            contact: Some(JobContact {
                name: "李太太".into(),
                phone: "13987654321".into(),
            }),
            ..details("刹车还是响 the brakes still squeal")
        },
    };
    let id = store
        .open_work_order(&input, at(4, 9, 0))
        .expect("opened")
        .work_order
        .id;
    store
        .link_comeback(id, origin, "周敏", at(4, 9, 5))
        .expect("linked");
    // The walk-around as A's, the keys in another slot (A's stays taken on file).
    for section in [
        IntakeSection::Dashboard(dashboard(86_420)),
        IntakeSection::Keys(KeysLog {
            count: 2,
            tag_number: "T-18".into(),
            cabinet_slot: "A4".into(),
        }),
        IntakeSection::Belongings(Belongings::NoneLeft),
    ] {
        store
            .save_intake_section(id, &section, at(4, 9, 6))
            .expect("section saved");
    }
    check_in(store, dir, id, at(4, 9, 10));
    store
        .sign_work_order(
            dir,
            id,
            &signature(SignatureRole::WorkshopReceiver, "陈师傅"),
            at(4, 9, 30),
        )
        .expect("the workshop signs");
    let draft = EstimateDraftInput {
        mode: PricingMode::ByItem,
        risk_margin_bp: 0,
        note: String::new(),
        lines: vec![
            line(LineKind::Labour, 500, 20_000, 0),
            line(LineKind::Part, 1_000, 5_000, 0),
        ],
    };
    let book = store
        .save_estimate_draft(id, &draft, at(4, 10, 0))
        .expect("draft");
    let approval = ApprovalInput {
        channel: ApprovalChannel::Phone,
        approved_by: "李建国".into(),
        recorded_by: "周敏".into(),
        signature: None,
        shown_hash: book.current.draft_hash,
    };
    store
        .approve_estimate(dir, id, &approval, at(4, 10, 5))
        .expect("approved");
    ready(store, id, at(4, 15, 0));
    let input = old_parts_answered(store, id, at(4, 16, 0));
    store
        .save_settlement_draft(id, &input, at(4, 16, 0))
        .expect("draft");
    sign(store, dir, id, at(4, 16, 0));
    exit(store, id, 15_000, 4);
    id
}

fn booking(starts_at: chrono::NaiveDateTime, plate: &str) -> AppointmentInput {
    AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(CallerContact {
            name: "王先生".into(),
            phone: "139 1234 5678".into(),
            plate: plate.into(),
        }),
        starts_at,
        duration_minutes: 60,
        bay: 1,
        wanted_work: "保养 service".into(),
        parts: vec![],
        expected_price_minor: None,
        bring_handbook: true,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: false,
    }
}

fn call(stage: CallStage, reached: bool, score: Option<u8>, words: &str) -> FollowUpCallInput {
    FollowUpCallInput {
        stage,
        reached,
        car_runs: CarRuns::Well,
        score,
        words: words.into(),
        next_service_date: None,
        next_service_km: Some(90_000),
        new_service: String::new(),
        needs_supervisor: false,
        problem: String::new(),
        called_by: "周敏".into(),
    }
}

fn complaint(store: &Store, wo: WorkOrderId, answer_by: chrono::NaiveDateTime) -> ComplaintInput {
    let job = store.get_work_order(wo).expect("job").work_order;
    ComplaintInput {
        customer_id: job.customer_id,
        vehicle_id: job.vehicle_id,
        work_order_id: Some(wo),
        channel: ComplaintChannel::Phone,
        kind: ComplaintKind::General,
        words: "等了太久 waited too long".into(),
        demands: vec![],
        taken_by: "周敏".into(),
        answer_now: String::new(),
        answer_by: Some(answer_by),
    }
}

struct Shop {
    store: Store,
    _dir: tempfile::TempDir,
    a: WorkOrderId,
}

/// The shop of the module's header.
fn shop() -> Shop {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in_memory().expect("store");
    let a = job_a(&store, dir.path());
    let b = job_b(&store, dir.path(), a);
    // Booked on 2 March: one for 4 March that arrived (promised 17:00, never ready), one
    // for 20 March still to come.
    let came = store
        .book_appointment(&booking(at(4, 10, 0), "沪B67890"), at(2, 9, 0))
        .expect("booked");
    store
        .book_appointment(&booking(at(20, 10, 0), "沪C11111"), at(2, 9, 10))
        .expect("booked");
    let arrival = ArrivalInput {
        advisor: "周敏".into(),
        promised_at: Some(at(4, 17, 0)),
    };
    store
        .convert_appointment(came.id, &arrival, at(4, 9, 55))
        .expect("the car came");
    // A: nobody answers, then a 2 with the customer's words, then a 4 on the second
    // call. B: nobody answers once; both its windows close unanswered.
    for (id, input, when) in [
        (a, call(CallStage::First, false, None, ""), at(5, 9, 15)),
        (
            a,
            call(CallStage::First, true, Some(2), "刹车还是有点响"),
            at(5, 16, 5),
        ),
        (b, call(CallStage::First, false, None, ""), at(6, 9, 30)),
        (
            a,
            call(CallStage::Second, true, Some(4), "好多了 much better"),
            at(7, 10, 0),
        ),
    ] {
        store
            .record_follow_up_call(id, &input, when)
            .expect("call recorded");
    }
    store
        .log_complaint(&complaint(&store, a, at(6, 16, 0)), at(5, 10, 0))
        .expect("a complaint left past its promise");
    let closed = store
        .log_complaint(&complaint(&store, b, at(9, 10, 0)), at(8, 10, 0))
        .expect("a complaint");
    let closing = ComplaintClosingInput {
        answer: "Refitted and road-tested.".into(),
        satisfied: Some(true),
        closed_by: "周敏".into(),
        compensation_agreed: false,
    };
    store
        .close_complaint(closed.id, &closing, None, at(8, 11, 0))
        .expect("closed");
    Shop {
        store,
        _dir: dir,
        a,
    }
}

fn march(store: &Store) -> DashboardFigures {
    store
        .dashboard(day(1), day(31), at(31, 20, 0))
        .expect("the dashboard of March")
}

#[test]
fn each_line_of_march_is_counted_exactly() {
    let shop = shop();
    let f = march(&shop.store);

    let w = f.warranty;
    assert_eq!(
        (w.jobs, w.lines, w.pieces_milli),
        (1, 1, 1_000),
        "B's one part under A's guarantee"
    );

    let a = f.appointments;
    assert_eq!((a.booked, a.due, a.arrived), (2, 2, 1));
    assert_eq!(
        (a.jobs_opened, a.jobs_booked),
        (3, 1),
        "A, B and the booked car"
    );
    assert_eq!(a.show_rate, Some(Ratio { num: 1, den: 2 }));
    assert_eq!(a.booked_share, Some(Ratio { num: 1, den: 3 }));

    let u = f.follow_ups;
    assert_eq!(
        (u.due, u.made, u.reached),
        (4, 4, 2),
        "both stages of A and of B fell due in March"
    );
    assert_eq!(
        f.neglected.calls_missed, 2,
        "both of B's windows closed unanswered"
    );
    assert_eq!(
        f.neglected.jobs_late, 2,
        "B ready after noon, the booked car never ready"
    );

    let c = f.complaints;
    assert_eq!((c.opened, c.closed, c.late), (2, 1, 1));

    let b = f.comebacks;
    assert_eq!((b.jobs_out, b.comebacks), (2, 1));
    assert_eq!(b.comeback_rate, Some(Ratio { num: 1, den: 2 }));
    assert_eq!(b.first_time_fix, Some(Ratio { num: 1, den: 2 }));

    let d = f.additional;
    assert_eq!(
        (d.offered, d.offered_minor, d.approved, d.approved_minor),
        (2, 100_000, 1, 70_000)
    );
    assert_eq!(
        d.close_ratio,
        Some(Ratio {
            num: 70_000,
            den: 100_000
        })
    );

    let s = &f.satisfaction;
    let counts: Vec<u32> = s.counts.iter().map(|c| c.count).collect();
    assert_eq!(counts, [0, 1, 0, 1, 0]);
    assert_eq!(s.mean, Some(Ratio { num: 6, den: 2 }));
    let worst = s.worst.first().expect("the worst answer");
    assert_eq!(
        (worst.score, worst.words.as_str(), worst.work_order_id),
        (2, "刹车还是有点响", shop.a)
    );
    assert_eq!(
        worst.number,
        shop.store
            .get_work_order(shop.a)
            .expect("A")
            .work_order
            .number
    );

    let r = f.revenue;
    assert_eq!(
        (r.jobs, r.revenue_minor, r.labour_minor, r.hours_sold_milli),
        (2, 133_000, 58_000, 1_500)
    );
    let ratio = |k: RatioKey| {
        f.ratios
            .iter()
            .find(|r| r.key == k)
            .and_then(|r| r.value)
            .expect("a ratio")
    };
    assert_eq!(
        ratio(RatioKey::AverageRepairOrder),
        Ratio {
            num: 133_000,
            den: 2
        }
    );
    assert_eq!(
        ratio(RatioKey::EffectiveLabourRate),
        Ratio {
            num: 58_000_000,
            den: 1_500
        },
        "per hour: the hours are in thousandths"
    );
    assert_eq!(
        f.lost_customers as usize,
        shop.store.lost_customers(day(31)).expect("lost").rows.len()
    );
}

#[test]
fn the_properties_hold_on_every_period() {
    let shop = shop();
    for (from, to) in [(1, 31), (1, 3), (4, 4), (5, 10), (11, 31)] {
        let f = shop
            .store
            .dashboard(day(from), day(to), at(31, 20, 0))
            .expect("dashboard");
        assert!(f.additional.offered >= f.additional.approved);
        assert!(f.additional.offered_minor >= f.additional.approved_minor);
        if let (Some(c), Some(x)) = (f.comebacks.comeback_rate, f.comebacks.first_time_fix) {
            assert_eq!(
                (c.num + x.num, c.den),
                (x.den, x.den),
                "first-time fix + comeback rate = 1"
            );
        } else {
            assert_eq!(f.comebacks.jobs_out, 0, "no rate only with no job out");
        }
        let scored: u32 = f.satisfaction.counts.iter().map(|c| c.count).sum();
        let mean_den = f.satisfaction.mean.map_or(0, |m| m.den);
        assert_eq!(
            i64::from(scored),
            mean_den,
            "the scores counted = the calls scored"
        );
        assert!(scored <= f.follow_ups.reached);
    }
    let backwards = shop.store.dashboard(day(5), day(4), at(31, 20, 0));
    assert!(matches!(
        backwards,
        Err(CoreError::Invalid(ref issues)) if issues[0].code == Reason::DashboardRange
    ));
}

#[test]
fn the_supervisor_sets_the_months_target_and_a_band_and_a_wrong_pin_is_refused() {
    let shop = shop();
    let store = &shop.store;
    let boss = supervisor(store);
    let target = TargetInput {
        year: 2026,
        month: 3,
        cars: 40,
        money_minor: 30_000_000,
    };
    let asked = store.set_month_target(&target, None, at(10, 9, 0));
    assert!(
        matches!(
            asked,
            Err(CoreError::Conflict {
                code: Reason::SupervisorNeeded
            })
        ),
        "only the supervisor: {asked:?}"
    );
    let wrong = SupervisorWord {
        supervisor_id: boss,
        pin: "000000".into(),
    };
    assert!(
        store
            .set_month_target(&target, Some(&wrong), at(10, 9, 0))
            .is_err(),
        "a wrong PIN is refused"
    );
    assert_eq!(store.figure_targets(2026, 3).expect("view").target, None);
    let word = SupervisorWord {
        supervisor_id: boss,
        pin: PIN.into(),
    };
    let bad = TargetInput {
        money_minor: -1,
        ..target.clone()
    };
    match store.set_month_target(&bad, Some(&word), at(10, 9, 0)) {
        Err(CoreError::Invalid(issues)) => {
            assert_eq!(issues[0].field, "moneyMinor");
            assert_eq!(issues[0].code, Reason::TargetMoney);
        }
        other => panic!("money below nothing refused, got {other:?}"),
    }
    let view = store
        .set_month_target(&target, Some(&word), at(10, 9, 0))
        .expect("set");
    assert_eq!(
        view.target.map(|t| (t.cars, t.money_minor)),
        Some((40, 30_000_000))
    );

    let band = FigureBand {
        figure: FigureKey::FirstTimeFix,
        green: 9_000,
        red: 7_000,
        higher_is_better: true,
    };
    let upside_down = FigureBand {
        green: 7_000,
        red: 9_000,
        ..band
    };
    assert!(store
        .set_figure_band(&upside_down, Some(&word), at(10, 9, 5))
        .is_err());
    store
        .set_figure_band(&band, Some(&word), at(10, 9, 5))
        .expect("band set");
    let kinds: Vec<String> = store
        .journal(&JournalFilter::default(), 100)
        .expect("journal")
        .into_iter()
        .map(|e| e.note.kind)
        .collect();
    assert!(kinds.contains(&"set_month_target".to_string()));
    assert!(kinds.contains(&"set_figure_band".to_string()));

    let f = march(store);
    let fix = f
        .standings
        .iter()
        .find(|s| s.figure == FigureKey::FirstTimeFix)
        .expect("first-time fix");
    assert_eq!(
        (fix.value, fix.band),
        (Some(5_000), Some(Band::Red)),
        "50 % is red"
    );

    let mtd = store.month_to_date(day(15), at(31, 20, 0)).expect("mtd");
    assert_eq!((mtd.cars, mtd.money_minor), (2, 133_000));
    assert_eq!(mtd.days_in_month, 31);
    assert_eq!(mtd.cars_due, Some(19), "40 × 15 ÷ 31, rounded down");
    assert_eq!(mtd.money_due_minor, Some(14_516_129));
}
