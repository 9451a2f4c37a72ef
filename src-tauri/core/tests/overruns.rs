//! A job running over its planned hours, read through the store: the job that came from a
//! booking keeps that booking's bay, its dispatch sheet names the team and the planned
//! hours, work starts when the workshop signed for the car when the sheet gives no
//! handed-over time; Today, the job's own step and the booking board all see the same
//! promises at risk.
mod intake_fixtures;

use chrono::NaiveDateTime;
use garage_core::booking::overrun::{PromiseKind, Shared};
use garage_core::booking::{AppointmentInput, ArrivalInput, CallerContact};
use garage_core::domain::dispatch::{DispatchInput, DispatchItem, DispatchMode};
use garage_core::intake::SignatureRole;
use garage_core::{Lang, OpenWorkOrder, Store, WorkOrderId};
use intake_fixtures::*;

/// A new caller's booking on Tuesday 3 March 2026 at `hour:minute` in `bay`.
fn booking(store: &Store, phone: &str, plate: &str, hour: u32, minute: u32, bay: u32) -> i64 {
    let input = AppointmentInput {
        customer_id: None,
        vehicle_id: None,
        caller: Some(CallerContact {
            name: "王先生".into(),
            phone: phone.into(),
            plate: plate.into(),
        }),
        starts_at: at(3, hour, minute),
        duration_minutes: 60,
        bay,
        wanted_work: "刹车时有异响".into(),
        parts: Vec::new(),
        expected_price_minor: None,
        bring_handbook: false,
        booked_by: "周敏".into(),
        note: String::new(),
        accept_overfill: false,
    };
    store
        .book_appointment(&input, at(2, 10, 0))
        .expect("booked")
        .id
        .0
}

fn dispatch(store: &Store, id: WorkOrderId, team: &str, minutes: u32, now: NaiveDateTime) {
    let sheet = DispatchInput {
        mode: DispatchMode::SingleTeam,
        assigned_to: team.into(),
        items: vec![DispatchItem {
            description: "更换前刹车片".into(),
            planned_minutes: minutes,
        }],
        handed_at: None,
        dispatched_by: "周敏".into(),
    };
    store.save_dispatch(id, &sheet, now).expect("dispatched");
}

#[test]
fn a_job_over_its_hours_puts_the_next_booking_in_its_bay_and_the_next_job_of_its_team_at_risk() {
    let dir = tempfile::tempdir().expect("data dir");
    let store = Store::open_in_memory().expect("store");
    // The booked car arrives in bay 2 and the workshop signs for it at 09:30.
    let first = booking(&store, "13911112222", "沪B11111", 9, 0, 2);
    let arrival = ArrivalInput {
        advisor: "周敏".into(),
        promised_at: Some(at(3, 16, 0)),
    };
    let job = store
        .convert_appointment(garage_core::AppointmentId(first), &arrival, at(3, 9, 5))
        .expect("arrived")
        .work_order_id;
    fill_intake(&store, job);
    check_in(&store, dir.path(), job, at(3, 9, 15));
    store
        .sign_work_order(
            dir.path(),
            job,
            &signature(SignatureRole::WorkshopReceiver, "陈师傅"),
            at(3, 9, 30),
        )
        .expect("the workshop signs for the car");
    dispatch(&store, job, "陈师傅", 90, at(3, 9, 35));

    let next_in_bay = booking(&store, "13933334444", "沪B22222", 11, 30, 2);
    let other_bay = booking(&store, "13955556666", "沪B33333", 11, 30, 3);
    // A job of the same team, promised at 11:35, and one of another team.
    let (c, v) = customer_with_car(&store, "韩梅梅", "13877778888", "沪C44444", Lang::ZhHans);
    let promised = |at_| OpenWorkOrder {
        customer_id: c,
        vehicle_id: v,
        details: garage_core::work_order::JobDetails {
            promised_at: Some(at_),
            ..details("保养")
        },
    };
    let same_team = store
        .open_work_order(&promised(at(3, 11, 35)), at(3, 9, 40))
        .expect("opened")
        .work_order
        .id;
    dispatch(&store, same_team, " 陈师傅", 60, at(3, 9, 45));
    let (c2, v2) = customer_with_car(&store, "李雷", "13866667777", "沪C55555", Lang::ZhHans);
    let other_team = store
        .open_work_order(
            &OpenWorkOrder {
                customer_id: c2,
                vehicle_id: v2,
                details: garage_core::work_order::JobDetails {
                    promised_at: Some(at(3, 11, 35)),
                    ..details("保养")
                },
            },
            at(3, 9, 50),
        )
        .expect("opened")
        .work_order
        .id;
    dispatch(&store, other_team, "刘师傅", 60, at(3, 9, 55));

    // Planned 90 minutes from 09:30 (the sheet gives no handed-over time): due at 11:00.
    assert!(
        store.running_over(at(3, 11, 0)).expect("over").is_empty(),
        "exactly on time is not over"
    );
    let now = at(3, 11, 10);
    let over = store.running_over(now).expect("over");
    assert_eq!(over.len(), 1, "only the job in the workshop is judged");
    let o = &over[0];
    assert_eq!(o.work_order_id, job);
    assert_eq!((o.bay, o.team.as_str()), (Some(2), "陈师傅"));
    assert_eq!((o.started_at, o.due_at), (at(3, 9, 30), at(3, 11, 0)));
    assert_eq!(o.over_minutes, 10);
    assert_eq!(
        o.projected_finish,
        at(3, 11, 40),
        "at least half an hour more"
    );
    let risk: Vec<_> = o
        .at_risk
        .iter()
        .map(|p| {
            (
                p.kind,
                p.shared,
                p.appointment_id.map(|a| a.0),
                p.work_order_id,
            )
        })
        .collect();
    assert_eq!(
        risk,
        [
            (PromiseKind::Booking, Shared::Bay, Some(next_in_bay), None),
            (PromiseKind::Job, Shared::Team, None, Some(same_team)),
        ],
        "the booking in bay 3 and the other team's job are not at risk"
    );
    assert_eq!(
        store.job_overrun(job, now).expect("job"),
        Some(o.clone()),
        "the job's own step sees the same"
    );
    assert_eq!(store.job_overrun(same_team, now).expect("job"), None);

    let week = store.booking_week(Some(now.date()), now).expect("week");
    let marks: Vec<_> = week
        .board
        .days
        .iter()
        .flat_map(|d| d.bays.iter().flat_map(|b| b.bookings.iter()))
        .map(|b| (b.id.0, b.at_risk_from.clone()))
        .filter(|(id, _)| *id == next_in_bay || *id == other_bay)
        .collect();
    assert_eq!(
        marks,
        [(next_in_bay, Some(o.number.clone())), (other_bay, None)],
        "the board marks the booking at risk with the job that puts it there"
    );
    let today = store.appointments_today(now).expect("today");
    assert!(today
        .arrivals
        .iter()
        .any(|b| b.id.0 == next_in_bay && b.at_risk_from.as_deref() == Some(o.number.as_str())));
}
