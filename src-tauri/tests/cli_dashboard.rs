//! `garage-desk report dashboard`: the service desk's dashboard of a period as text, in
//! the language asked, each line with its count and the trade's ratios with their
//! definitions; a period back to front refused by its field.
use chrono::{Duration, Local};

mod cli_fixtures;
use cli_fixtures::*;

#[test]
fn report_dashboard_prints_every_line_with_the_ratios_and_their_definitions() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 20, 5);
    let today = Local::now().date_naive();
    let from = (today - Duration::days(60)).to_string();
    let to = today.to_string();
    let report = garage_desk(
        dir.path(),
        &[
            "report",
            "dashboard",
            "--from",
            &from,
            "--to",
            &to,
            "--lang",
            "en",
        ],
    );
    succeeded(&report);
    let stdout = String::from_utf8_lossy(&report.stdout);
    for line in [
        "Service desk dashboard",
        "Warranty parts",
        "Show rate",
        "Follow-up calls",
        "Open past the promised answer",
        "Lost customers",
        "First-time fix rate",
        "Close ratio on recommended work",
        "Mean score",
        "Labour revenue ÷ labour hours sold.",
        "Month to date against target",
    ] {
        assert!(stdout.contains(line), "{line:?} in: {stdout}");
    }
    let zh = garage_desk(
        dir.path(),
        &[
            "report",
            "dashboard",
            "--from",
            &from,
            "--to",
            &to,
            "--lang",
            "zh-Hans",
        ],
    );
    succeeded(&zh);
    let stdout = String::from_utf8_lossy(&zh.stdout);
    assert!(
        stdout.contains("一次修复率") && stdout.contains("至本日目标达成"),
        "{stdout}"
    );

    let backwards = garage_desk(
        dir.path(),
        &["report", "dashboard", "--from", &to, "--to", &from],
    );
    assert_eq!(backwards.status.code(), Some(2), "a period back to front");
    assert!(
        stderr_of(&backwards).contains("to"),
        "{}",
        stderr_of(&backwards)
    );
}
