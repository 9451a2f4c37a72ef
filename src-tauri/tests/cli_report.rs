//! `garage-desk report day`: the day's figures as text on stdout and, with `--out`, the
//! daily report PDF; today by default; never written into the data folder.

mod cli_fixtures;
use cli_fixtures::*;

#[test]
fn report_day_prints_the_figures_and_writes_the_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_shop(dir.path(), 20, 3);

    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("day.pdf");
    let out_arg = out.to_str().expect("utf-8 temp path");
    let report = garage_desk(
        dir.path(),
        &[
            "report",
            "day",
            "--date",
            "2026-03-03",
            "--lang",
            "en",
            "--out",
            out_arg,
        ],
    );
    succeeded(&report);
    let stdout = String::from_utf8_lossy(&report.stdout);
    assert!(stdout.contains("Daily report 3 Mar 2026"), "{stdout}");
    assert!(stdout.contains("Cash the drawer should hold"), "{stdout}");
    assert!(stdout.contains("Jobs settled"), "{stdout}");
    let text = text_of(&out);
    assert!(text.contains("Daily report"), "{text}");
    assert!(text.contains("Payments by method"), "{text}");

    let chinese = garage_desk(dir.path(), &["report", "day", "--lang", "zh-Hant"]);
    assert!(chinese.status.success(), "today by default");
    assert!(String::from_utf8_lossy(&chinese.stdout).contains("日結報表"));

    let inside = dir.path().join("day.pdf");
    let refused = garage_desk(
        dir.path(),
        &["report", "day", "--out", inside.to_str().expect("utf-8")],
    );
    assert_eq!(refused.status.code(), Some(2), "never into the data folder");
    assert!(!inside.exists());

    let bad = garage_desk(dir.path(), &["report", "day", "--date", "3 March"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a date that is not YYYY-MM-DD is refused"
    );
}
