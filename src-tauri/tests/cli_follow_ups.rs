//! `garage-desk report follow-ups`: the follow-up calls of a period as text, the call
//! register and the call record written headless, never into the data folder; a period
//! back to front refused by its field.
use chrono::{Duration, Local};

mod cli_fixtures;
use cli_fixtures::*;

#[test]
fn report_follow_ups_prints_the_calls_and_writes_the_register_and_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 40, 5);
    let today = Local::now().date_naive();
    let from = (today - Duration::days(60)).to_string();
    let to = today.to_string();
    let desk = tempfile::tempdir().expect("temp dir");
    let register = desk.path().join("register.pdf");
    let record = desk.path().join("record.pdf");
    let period = (from.as_str(), to.as_str());
    let more = [
        "--lang",
        "en",
        "--out",
        register.to_str().expect("utf-8"),
        "--record",
        record.to_str().expect("utf-8"),
    ];
    let written = report(dir.path(), "follow-ups", period, &more);
    succeeded(&written);
    let stdout = String::from_utf8_lossy(&written.stdout);
    assert!(stdout.contains("Follow-up call register"), "{stdout}");
    assert!(
        stdout.contains("W"),
        "the demo's calls name their jobs: {stdout}"
    );
    assert!(stdout.contains("Calls"), "the counts: {stdout}");
    assert!(text_of(&register).contains("Follow-up call register"));
    assert!(text_of(&record).contains("Follow-up call record"));

    let inside = dir.path().join("register.pdf");
    let inside = ["--out", inside.to_str().expect("utf-8")];
    let refused = report(dir.path(), "follow-ups", period, &inside);
    assert_eq!(refused.status.code(), Some(2), "never into the data folder");

    let backwards = report(dir.path(), "follow-ups", (to.as_str(), from.as_str()), &[]);
    assert_eq!(backwards.status.code(), Some(2), "a period back to front");
    assert!(
        stderr_of(&backwards).contains("to"),
        "{}",
        stderr_of(&backwards)
    );
}
