//! A job running over its planned hours, as the desk sees it on the demo shop: Today's
//! "Running over" list names the job, how far over it is and the later promise of its
//! team it puts at risk; the job's workshop step says the same; the promise opens the job
//! it belongs to. The demo leaves such a job whatever the day and hour it is made.

mod harness;
mod steps;

use harness::{App, Catalogue, Options, TIMEOUT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_lists_the_job_running_over_with_the_promise_it_puts_at_risk() {
    let test = "today_lists_the_job_running_over_with_the_promise_it_puts_at_risk";
    let app = App::launch(Options::new(test).scratch(steps::demo_shop(test))).await;
    let en = Catalogue::load("en");

    let row = app.wait_text("running-over-row", "WO-").await;
    let row_text = harness::text_of(&row).await;
    let over_word = en.get("overrun.over_by").replace("{time}", "");
    assert!(
        row_text.contains(over_word.trim()),
        "the row says how far over the job is: {row_text}"
    );
    let promise = app.wait_text("at-risk-promise", "WO-").await;
    let promise_text = harness::text_of(&promise).await;
    let behind = promise_text
        .split_whitespace()
        .find(|w| w.starts_with("WO-"))
        .expect("the promise at risk names its job")
        .to_string();
    // The job behind it is the same team's; when it came with the same bay, the bay is
    // what the row names (bay first).
    assert!(
        promise_text.contains(&en.get("overrun.shared.team"))
            || promise_text.contains(&en.get("overrun.shared.bay")),
        "the promise says what it shares with the job running over: {promise_text}"
    );
    app.assert_layout_fits("running-over").await;
    app.screenshot("today-running-over").await;

    // The job's own workshop step says it runs over and names the same promise.
    app.click("running-over-job").await;
    app.wait_text("overrun-notice-promise", &behind).await;
    app.assert_layout_fits("overrun-notice").await;
    app.screenshot("job-overrun-notice").await;

    // Back on Today, the promise opens the job it was made for.
    app.click("nav-today").await;
    app.wait_text("at-risk-promise", &behind).await;
    app.click_text("at-risk-promise", &behind).await;
    app.wait_text("job-number", &behind).await;

    // A booking the job puts at risk (the demo books one into the job's bay when the job
    // came with one) is marked on the week board: this week's, or the next when the next
    // working day falls in it.
    app.click("nav-today").await;
    app.wait_text("at-risk-promise", &behind).await;
    let booked_at_risk = app.find_all("at-risk-promise").await.len() > 1;
    if booked_at_risk {
        app.click("nav-appointments").await;
        app.wait_for("week-board", TIMEOUT).await;
        if app.find_all("board-at-risk").await.is_empty() {
            app.click("week-next").await;
        }
        app.wait_text("board-at-risk", &en.get("appt.at_risk"))
            .await;
        app.assert_layout_fits("board-at-risk").await;
        app.screenshot("board-at-risk").await;
        // The day list of that day marks it too: its day chosen on the board, then D.
        let day = app
            .client()
            .execute(
                "const cell = document.querySelector('[data-testid=\"board-at-risk\"]').closest('.cell');
                 const cells = [...cell.parentElement.querySelectorAll(':scope > .cell')];
                 const days = document.querySelectorAll('[data-testid=\"board-day\"]');
                 return days[cells.indexOf(cell) % days.length].dataset.day;",
                vec![],
            )
            .await
            .expect("the day of the booking at risk");
        let day = day.as_str().unwrap_or_default().to_string();
        app.client()
            .execute(
                "document.querySelector(`[data-testid=\"board-day\"][data-day=\"${arguments[0]}\"]`).click();",
                vec![serde_json::Value::String(day)],
            )
            .await
            .expect("the day chosen");
        app.click("view-day").await;
        app.wait_text("day-at-risk", &en.get("appt.at_risk")).await;
        app.assert_layout_fits("day-at-risk").await;
        app.screenshot("day-list-at-risk").await;
    }

    // In Chinese the list uses the trade's words.
    app.select("lang-switch", "zh-Hans").await;
    app.click("nav-today").await;
    app.wait_text("running-over", "超时作业").await;
    app.screenshot("today-running-over-zh").await;
}
