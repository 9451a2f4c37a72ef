use super::*;
use crate::domain::appointment::MinuteSpan;

fn t(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .unwrap_or_default()
}

fn reached(score: Option<u8>) -> FollowUpCallInput {
    FollowUpCallInput {
        stage: CallStage::First,
        reached: true,
        car_runs: CarRuns::Well,
        score,
        words: "  挺好的 fine ".into(),
        next_service_date: None,
        next_service_km: Some(45_000),
        new_service: String::new(),
        needs_supervisor: false,
        problem: "left over".into(),
        called_by: "周敏".into(),
    }
}

fn fields(issues: &[FieldIssue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.field.clone(), i.code.to_string()))
        .collect()
}

#[test]
fn the_default_settings_pass_and_a_window_back_to_front_is_refused() {
    assert!(check_settings(&FollowUpSettings::default()).is_empty());
    let bad = FollowUpSettings {
        first_min_days: 8,
        first_max_days: 7,
        second_window_days: 0,
        share_percent: 101,
        calling_hours: vec![MinuteSpan::new(16 * 60, 11 * 60)],
    };
    let got: Vec<String> = fields(&check_settings(&bad))
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        got,
        [
            "firstMaxDays",
            "secondWindowDays",
            "sharePercent",
            "callingHours.0"
        ]
    );
    let far = FollowUpSettings {
        first_min_days: 31,
        first_max_days: 31,
        ..FollowUpSettings::default()
    };
    assert_eq!(check_settings(&far).len(), 2, "each bound is 0..=30 days");
}

#[test]
fn a_reached_call_needs_a_score_and_keeps_the_words_trimmed() {
    let (issues, clean) = check_call(&reached(Some(4)), t(3, 5, 10));
    assert!(issues.is_empty());
    assert_eq!(clean.words, "挺好的 fine");
    assert_eq!(clean.problem, "", "no supervisor: no problem kept");
    let (issues, _) = check_call(&reached(None), t(3, 5, 10));
    assert_eq!(
        fields(&issues),
        [("score".into(), "follow_up.score".into())]
    );
    let (issues, _) = check_call(&reached(Some(6)), t(3, 5, 10));
    assert_eq!(issues.len(), 1);
}

#[test]
fn a_call_nobody_answered_keeps_nothing_but_who_called() {
    let input = FollowUpCallInput {
        reached: false,
        needs_supervisor: true,
        ..reached(None)
    };
    let (issues, clean) = check_call(&input, t(3, 5, 10));
    assert!(issues.is_empty());
    assert_eq!((clean.score, clean.words.as_str()), (None, ""));
    assert!(!clean.needs_supervisor);
}

#[test]
fn a_problem_for_the_supervisor_needs_its_words_and_a_reminder_its_sane_bounds() {
    let input = FollowUpCallInput {
        needs_supervisor: true,
        problem: "  ".into(),
        next_service_km: Some(-1),
        next_service_date: NaiveDate::from_ymd_opt(2036, 1, 1),
        called_by: " ".into(),
        ..reached(Some(1))
    };
    let got: Vec<String> = fields(&check_call(&input, t(3, 5, 10)).0)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        got,
        ["calledBy", "problem", "nextServiceKm", "nextServiceDate"]
    );
}

#[test]
fn a_low_score_or_a_car_not_right_is_unhappy() {
    assert!(is_unhappy(&reached(Some(2))));
    assert!(!is_unhappy(&reached(Some(3))));
    let not_right = FollowUpCallInput {
        car_runs: CarRuns::NotRight,
        ..reached(Some(5))
    };
    assert!(is_unhappy(&not_right));
    let unanswered = FollowUpCallInput {
        reached: false,
        ..reached(Some(1))
    };
    assert!(!is_unhappy(&unanswered));
}

#[test]
fn the_supervisor_is_told_within_two_days_and_the_customer_the_same_day() {
    let called = t(3, 31, 17);
    let fresh = supervisor_state(
        called,
        None,
        None,
        String::new(),
        String::new(),
        t(3, 31, 18),
    );
    assert_eq!(
        fresh.report_by,
        t(4, 2, 17),
        "two days after, across the month end"
    );
    assert_eq!(fresh.tell_customer_by, t(4, 1, 0));
    assert!(!fresh.overdue && !fresh.customer_overdue);
    let next_day = supervisor_state(called, None, None, String::new(), String::new(), t(4, 1, 9));
    assert!(next_day.customer_overdue && !next_day.overdue);
    let late = supervisor_state(
        called,
        Some(t(3, 31, 18)),
        None,
        String::new(),
        String::new(),
        t(4, 2, 18),
    );
    assert!(late.overdue && !late.customer_overdue);
    let done = supervisor_state(
        called,
        Some(t(3, 31, 18)),
        Some(t(4, 1, 9)),
        "赵主管".into(),
        "will refund".into(),
        t(4, 9, 0),
    );
    assert!(!done.overdue);
}
