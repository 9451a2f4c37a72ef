//! `garage-desk print C-… --form complaint`: the complaint sheet written headless, the
//! same form the window prints; an unknown number is refused.
use chrono::{NaiveDate, NaiveDateTime};
use garage_core::domain::complaint::{
    ComplaintChannel, ComplaintDemand, ComplaintInput, ComplaintKind,
};
use garage_core::Store;

mod cli_fixtures;
use cli_fixtures::*;

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .expect("a valid time")
}

#[test]
fn print_writes_the_complaint_sheet_of_a_c_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let number = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let customer = store
            .create_customer(&person("Mr Wang", "13912345678"), at(1, 8))
            .expect("customer");
        let car = car("沪B67890", "BYD", "Han");
        let vehicle = store.add_vehicle(customer.id, &car, at(1, 8)).expect("car");
        let input = ComplaintInput {
            customer_id: customer.id,
            vehicle_id: vehicle.id,
            work_order_id: None,
            channel: ComplaintChannel::Phone,
            kind: ComplaintKind::General,
            words: "Nobody called me back about the rattle.".into(),
            demands: vec![ComplaintDemand::Apology],
            taken_by: "Zhou Min".into(),
            answer_now: "Apologised; the rattle is checked free on Friday.".into(),
            answer_by: None,
        };
        store
            .log_complaint(&input, at(2, 9))
            .expect("logged")
            .number
    };
    assert_eq!(number, "C-2026-0001");
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("complaint.pdf");
    let printed = print_form(dir.path(), &number, "complaint", Some("en"), &out);
    succeeded(&printed);
    let text = text_of(&out);
    for value in [
        number.as_str(),
        "Complaint sheet",
        "Mr Wang",
        "Nobody called me back",
        "Apologised",
    ] {
        assert!(text.contains(value), "the sheet lacks {value}:\n{text}");
    }
    let unknown = print_form(dir.path(), "C-2026-9999", "complaint", None, &out);
    assert_eq!(unknown.status.code(), Some(2), "no such complaint");
    let help = garage_desk(dir.path(), &["print", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--form complaint"));
}
