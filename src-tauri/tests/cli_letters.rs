//! `garage-desk report letters`: the follow-up letter register (跟踪服务信函登记表) of a
//! period printed as text and written as the PDF the window prints; never into the data
//! folder.
use std::path::Path;

use chrono::NaiveDate;
use garage_core::desk::letters::MailingRequest;
use garage_core::letters::{LetterGroup, LetterKind};
use garage_core::{CustomerInput, Lang, Store};

mod cli_fixtures;
use cli_fixtures::*;

/// A shop with one customer written to on 3 Dec 2026; the mailing's number.
fn shop_with_a_mailing(dir: &Path) -> String {
    let store = Store::open_in_dir(dir).expect("store");
    let at = NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("a valid time");
    let input = CustomerInput {
        address: "1 Keji Road, Nanshan, Shenzhen".into(),
        preferred_language: Lang::En,
        agrees_to_follow_up: true,
        ..person("Mr Wang", "13912345678")
    };
    let customer = store.create_customer(&input, at).expect("filed");
    let car = car("粤B67890", "Toyota", "Corolla");
    store.add_vehicle(customer.id, &car, at).expect("car filed");
    let template = store
        .letter_templates()
        .expect("templates")
        .into_iter()
        .find(|t| t.kind == LetterKind::Seasonal)
        .expect("the default seasonal check");
    let request = MailingRequest {
        template_id: template.id,
        group: LetterGroup::default(),
        event_date: None,
    };
    store.send_mailing(&request, at).expect("sent").number
}

#[test]
fn report_letters_prints_the_register_and_writes_its_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let number = shop_with_a_mailing(dir.path());
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("letters.pdf");
    let out_arg = out.to_str().expect("utf-8");
    let december = ("2026-12-01", "2026-12-31");
    let written = report(
        dir.path(),
        "letters",
        december,
        &["--lang", "en", "--out", out_arg],
    );
    succeeded(&written);
    let stdout = String::from_utf8_lossy(&written.stdout);
    assert!(stdout.contains("Follow-up letter register"), "{stdout}");
    assert!(stdout.contains(&number), "{stdout}");
    assert!(stdout.contains("Seasonal check"), "{stdout}");
    let text = text_of(&out);
    assert!(text.contains(&number), "{text}");
    assert!(text.contains("Mr Wang"), "{text}");
}

#[test]
fn report_letters_refuses_a_backwards_range_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    shop_with_a_mailing(dir.path());
    let desk = tempfile::tempdir().expect("temp dir");
    let out = desk.path().join("letters.pdf");
    let backwards = ("2026-12-31", "2026-12-01");
    let written = report(
        dir.path(),
        "letters",
        backwards,
        &["--out", out.to_str().expect("utf-8")],
    );
    assert!(!written.status.success(), "a backwards range is refused");
    assert!(!out.exists(), "nothing is written");
}
