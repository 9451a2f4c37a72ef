use super::*;
use crate::booking::MinuteSpan;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn t(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap_or_default()
}

/// A shop open every day, so the calendar alone decides.
fn every_day() -> BookingSettings {
    let day = Some(MinuteSpan::new(8 * 60, 18 * 60 + 30));
    BookingSettings {
        working_hours: vec![day; 7],
        ..BookingSettings::default()
    }
}

#[test]
fn the_first_window_runs_two_to_seven_days_after_the_car_left_across_a_month_end() {
    let s = FollowUpSettings::default();
    let w = first_window(d(2026, 1, 28), &s).unwrap_or(Window {
        from: d(2000, 1, 1),
        to: d(2000, 1, 1),
    });
    assert_eq!((w.from, w.to), (d(2026, 1, 30), d(2026, 2, 4)));
    let feb = first_window(d(2028, 2, 27), &s).map(|w| (w.from, w.to));
    assert_eq!(
        feb,
        Some((d(2028, 2, 29), d(2028, 3, 5))),
        "a leap year's 29 February counts"
    );
}

#[test]
fn the_first_window_crosses_the_year_end_and_the_second_follows_the_first_call() {
    let s = FollowUpSettings::default();
    let w1 = first_window(d(2026, 12, 29), &s).map(|w| (w.from, w.to));
    assert_eq!(w1, Some((d(2026, 12, 31), d(2027, 1, 5))));
    let first = Window {
        from: d(2026, 12, 31),
        to: d(2027, 1, 5),
    };
    let w2 = second_window(first, Some(d(2026, 12, 31)), &s).map(|w| (w.from, w.to));
    assert_eq!(
        w2,
        Some((d(2027, 1, 1), d(2027, 1, 7))),
        "the week after the first call"
    );
    let never = second_window(first, None, &s).map(|w| (w.from, w.to));
    assert_eq!(
        never,
        Some((d(2027, 1, 6), d(2027, 1, 12))),
        "after a first window missed"
    );
}

#[test]
fn a_three_day_shop_setting_moves_the_window() {
    let s = FollowUpSettings {
        first_min_days: 3,
        ..FollowUpSettings::default()
    };
    let w = first_window(d(2026, 4, 30), &s).map(|w| (w.from, w.to));
    assert_eq!(w, Some((d(2026, 5, 3), d(2026, 5, 7))));
}

#[test]
fn outside_the_calling_hours_the_call_waits_for_them_to_start() {
    let s = FollowUpSettings::default();
    let shop = every_day();
    assert!(!calling_now(t(2026, 3, 4, 8, 59), &s, &shop));
    assert_eq!(
        next_calling_at(t(2026, 3, 4, 8, 0), &s, &shop),
        Some(t(2026, 3, 4, 9, 0))
    );
    assert!(calling_now(t(2026, 3, 4, 10, 59), &s, &shop));
    assert!(
        !calling_now(t(2026, 3, 4, 11, 0), &s, &shop),
        "11:00 is the end"
    );
    assert_eq!(
        next_calling_at(t(2026, 3, 4, 12, 0), &s, &shop),
        Some(t(2026, 3, 4, 16, 0))
    );
    assert_eq!(
        next_calling_at(t(2026, 3, 31, 19, 0), &s, &shop),
        Some(t(2026, 4, 1, 9, 0)),
        "after 18:30 on the month's last day: the next morning"
    );
}

#[test]
fn a_closed_day_has_no_calling_hours() {
    let s = FollowUpSettings::default();
    // The default shop is closed on Sundays: Saturday 7 March 2026 evening → Monday.
    let shop = BookingSettings::default();
    assert_eq!(
        next_calling_at(t(2026, 3, 7, 19, 0), &s, &shop),
        Some(t(2026, 3, 9, 9, 0))
    );
}

#[test]
fn a_call_not_made_in_its_window_expires_as_missed() {
    let s = FollowUpSettings::default();
    let shop = every_day();
    let w = Window {
        from: d(2026, 3, 3),
        to: d(2026, 3, 8),
    };
    let state = |now| stage_state(w, &[], now, &s, &shop).0;
    assert_eq!(state(t(2026, 3, 2, 12, 0)), StageState::Upcoming);
    assert_eq!(state(t(2026, 3, 3, 8, 0)), StageState::Today);
    assert_eq!(state(t(2026, 3, 5, 8, 0)), StageState::Overdue);
    assert_eq!(
        state(t(2026, 3, 8, 23, 59)),
        StageState::Overdue,
        "the last day counts"
    );
    assert_eq!(state(t(2026, 3, 9, 0, 0)), StageState::Missed);
}

#[test]
fn a_try_nobody_answered_is_tried_again_at_the_next_calling_hours() {
    let s = FollowUpSettings::default();
    let shop = every_day();
    let w = Window {
        from: d(2026, 3, 3),
        to: d(2026, 3, 8),
    };
    let tries = [Try {
        at: t(2026, 3, 3, 9, 20),
        reached: false,
    }];
    let (state, due) = stage_state(w, &tries, t(2026, 3, 3, 9, 21), &s, &shop);
    assert_eq!((state, due), (StageState::Today, t(2026, 3, 3, 16, 0)));
    let late = [Try {
        at: t(2026, 3, 3, 17, 0),
        reached: false,
    }];
    assert_eq!(
        stage_state(w, &late, t(2026, 3, 3, 17, 1), &s, &shop).1,
        t(2026, 3, 4, 9, 0)
    );
    let answered = [
        tries[0],
        Try {
            at: t(2026, 3, 4, 9, 5),
            reached: true,
        },
    ];
    assert_eq!(
        stage_state(w, &answered, t(2026, 3, 20, 9, 0), &s, &shop).0,
        StageState::Done
    );
}

#[test]
fn the_second_call_opens_once_the_first_is_done_or_missed() {
    let s = FollowUpSettings::default();
    let shop = every_day();
    let left = d(2026, 3, 1);
    let open = stages(left, &[], &[], t(2026, 3, 4, 10, 0), &s, &shop);
    assert_eq!(open.len(), 1, "the second waits for the first");
    let reached = [Try {
        at: t(2026, 3, 4, 10, 0),
        reached: true,
    }];
    let both = stages(left, &reached, &[], t(2026, 3, 5, 10, 0), &s, &shop);
    let second = both.get(1).map(|s| (s.stage, s.window.from, s.state));
    assert_eq!(
        second,
        Some((CallStage::Second, d(2026, 3, 5), StageState::Today))
    );
    let missed = stages(left, &[], &[], t(2026, 3, 9, 10, 0), &s, &shop);
    let after = missed.get(1).map(|s| (s.window.from, s.window.to));
    assert_eq!(after, Some((d(2026, 3, 9), d(2026, 3, 15))));
    assert_eq!(
        open_stage(&missed).map(|s| s.stage),
        Some(CallStage::Second)
    );
}
