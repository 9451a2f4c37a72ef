//! Closing a job at the desk, in the real window: a supervisor with a PIN in Settings; a
//! job in the workshop with its estimate approved by phone, marked ready, settled with a
//! discount above the limit that the supervisor approves, paid part in cash and part by
//! card, the exit notice issued, the belongings ticked back and signed for: Collected.

mod harness;
mod steps;

use harness::{App, Catalogue, Options, TIMEOUT};

const SIGNATURE: &[&[(f64, f64)]] = &[&[(30.0, 70.0), (80.0, 30.0), (130.0, 80.0), (190.0, 40.0)]];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_settled_with_a_supervised_discount_paid_and_handed_over() {
    let test = "a_job_is_settled_with_a_supervised_discount_paid_and_handed_over";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");

    // Settings → Staff: a supervisor with a PIN.
    app.click("nav-settings").await;
    app.type_into("staff-name", "Chen Jing").await;
    app.select("staff-role", "supervisor").await;
    app.click("staff-add").await;
    let row = app.wait_text("staff-row", "Chen Jing").await;
    let pin_input = harness::text_of(&row).await;
    assert!(pin_input.contains(&en.get("staff.role.supervisor")));
    let pin = app
        .client()
        .execute(
            "return document.querySelector('[data-testid^=\"staff-pin-\"]').dataset.testid",
            vec![],
        )
        .await
        .expect("the PIN field");
    let pin_id = pin.as_str().unwrap_or_default().to_string();
    app.type_into(&pin_id, "2468").await;
    app.click(&pin_id.replace("staff-pin-", "staff-set-pin-"))
        .await;
    app.wait_for("staff-status", TIMEOUT).await;

    // A job of the demo shop that is in the workshop; its estimate approved by phone.
    app.click("nav-today").await;
    app.click_text("open-job-row", &en.get("wo.status.in_workshop"))
        .await;
    app.click("step-estimate").await;
    app.wait_for("estimate-approve", TIMEOUT).await;
    app.click("approve-by-record").await;
    app.select("approve-channel", "phone").await;
    app.click("estimate-approve-button").await;
    app.wait_for("estimate-approval", TIMEOUT).await;
    let total = harness::text_of(&app.find("estimate-figures-total").await).await;

    // Ready: the final check; the desk is told when to call the customer.
    app.click("step-settle").await;
    for box_ in [
        "ready-work-done",
        "ready-cleaned",
        "ready-belongings",
        "ready-old-parts",
    ] {
        app.set_checked(box_, true).await;
    }
    app.click("mark-ready").await;
    app.wait_for("notify-by", TIMEOUT).await;
    app.type_into("call-answer", "Will come at five").await;
    app.click("record-call").await;
    app.wait_text("pickup-calls", "Will come at five").await;

    // The settlement carries the approved total; 10 % off needs the supervisor.
    app.wait_text("settle-total", &total).await;
    let gross: i64 = total
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("the total in fen");
    let discount = gross / 10;
    app.type_into(
        "settle-discount",
        &format!("{}.{:02}", discount / 100, discount % 100),
    )
    .await;
    app.press_key(harness::Key::Tab).await;
    // Above the shop's 5 % limit: the supervisor's PIN is asked at once.
    app.wait_for("discount-error", TIMEOUT).await;
    app.wait_for("supervisor-pin", TIMEOUT).await;
    app.screenshot("supervisor-pin").await;
    app.type_into("pin-input", "1111").await;
    app.type_into("pin-reason", "Regular customer").await;
    app.click("pin-approve").await;
    app.wait_for("pin-error", TIMEOUT).await;
    app.type_into("pin-input", "2468").await;
    app.click("pin-approve").await;
    app.wait_gone("supervisor-pin", TIMEOUT).await;
    app.wait_for("settle-signature-pad", TIMEOUT).await;
    app.screenshot("settlement-before-signing").await;
    app.draw("settle-signature-pad", SIGNATURE).await;
    app.click("settle-sign").await;
    app.wait_for("settlement-number", TIMEOUT).await;

    // Part in cash (with change), the rest by card.
    let due = gross - discount;
    let cash = due / 2;
    app.select("pay-method", "cash").await;
    app.type_into("pay-amount", &format!("{}.{:02}", cash / 100, cash % 100))
        .await;
    app.type_into("pay-tendered", &format!("{}.00", cash / 100 + 1))
        .await;
    app.wait_for("pay-change", TIMEOUT).await;
    app.click("pay-record").await;
    app.wait_count("payment-row", 1).await;
    app.select("pay-method", "card").await;
    let rest = due - cash;
    app.type_into("pay-amount", &format!("{}.{:02}", rest / 100, rest % 100))
        .await;
    app.click("pay-record").await;
    app.wait_count("payment-row", 2).await;
    app.wait_text("settle-due", "0.00").await;

    // The exit notice, then the handover: every belonging ticked back, signed: Collected.
    app.click("issue-exit").await;
    app.wait_for("exit-number", TIMEOUT).await;
    app.wait_for("handover-panel", TIMEOUT).await;
    let boxes = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid^=\"return-\"],[data-testid^=\"doc-return-\"]')].map(e => e.dataset.testid)",
            vec![],
        )
        .await
        .expect("the handover list");
    for id in boxes.as_array().cloned().unwrap_or_default() {
        app.set_checked(id.as_str().unwrap_or_default(), true).await;
    }
    app.screenshot("handover").await;
    app.draw("handover-signature-pad", SIGNATURE).await;
    app.click("hand-over").await;
    app.wait_for("collected-note", TIMEOUT).await;
    app.wait_text("job-status", &en.get("wo.status.collected"))
        .await;
    app.screenshot("collected").await;
}
