//! Switching the language relabels the window at once, with the catalogue's own strings.

mod harness;

use std::time::Duration;

use harness::{App, Catalogue, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_to_traditional_chinese_relabels_the_navigation_and_the_heading() {
    let zh_hant = Catalogue::load("zh-Hant");
    let app = App::launch(Options::new(
        "switching_to_traditional_chinese_relabels_the_navigation_and_the_heading",
    ))
    .await;
    app.wait_for("page-title", Duration::from_secs(30)).await;
    app.select("lang-switch", "zh-Hant").await;

    for (testid, key) in [
        ("nav-today", "nav.today"),
        ("nav-customers", "nav.customers"),
        ("nav-workorders", "nav.workorders"),
        ("nav-settings", "nav.settings"),
        ("page-title", "today.title"),
    ] {
        let expected = zh_hant.get(key);
        app.wait_text(testid, &expected).await;
        assert_eq!(
            app.text(testid).await,
            expected,
            "{testid} shows the zh-Hant catalogue's {key}"
        );
    }

    app.click("nav-customers").await;
    let expected = zh_hant.get("customers.title");
    app.wait_text("page-title", &expected).await;
    assert_eq!(
        app.text("page-title").await,
        expected,
        "the Customers heading follows the language too"
    );
}
