//! The app starts in a real window and shows a screen: the first thing to check when
//! anything else fails.

mod harness;

use std::time::Duration;

use harness::{App, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_opens_and_shows_a_page_title() {
    let app = App::launch(Options::new("the_window_opens_and_shows_a_page_title")).await;
    // The first start creates the store and migrates it: allow more than a click's wait.
    app.wait_for("page-title", Duration::from_secs(30)).await;
    let title = app.text("page-title").await;
    assert!(
        !title.is_empty(),
        "every screen names itself in its page title"
    );
    app.screenshot("window").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_hd_screenshot_of_the_first_screen_is_taken() {
    let app = App::launch(
        Options::new("a_full_hd_screenshot_of_the_first_screen_is_taken").screen(1920, 1080),
    )
    .await;
    // There is no window manager on Xvfb: ask for the full screen directly.
    if let Err(e) = app.client().set_window_rect(0, 0, 1920, 1080).await {
        eprintln!("e2e: could not resize the window to 1920x1080: {e}");
    }
    app.wait_for("page-title", Duration::from_secs(30)).await;
    let png = app.screenshot("first-screen-1920x1080").await;
    let bytes = std::fs::read(&png).expect("the screenshot was just written");
    assert!(
        bytes.starts_with(b"\x89PNG"),
        "WebDriver screenshots are PNG images"
    );
}
