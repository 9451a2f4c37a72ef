//! The end of the day in the real window (issue 9): Settings → End of day, the export
//! folder chosen (a folder standing in for the USB stick; the GTK dialog itself is
//! answered by the debug build's test hook, see `harness/dialog.rs`), the
//! export run with its progress shown, verified, and Today's banner gone; then a new PC —
//! a fresh data folder — restores from that bundle and the shop is back: the customers,
//! and a signed job whose paper still verifies.

mod harness;
mod steps;

use std::path::Path;
use std::time::{Duration, Instant};

use harness::{procs, App, Catalogue, Options, Scratch, TIMEOUT};

/// Records, from the page itself, whether the export's progress bar ever appeared: a
/// small shop exports faster than a test could poll for it.
const WATCH_PROGRESS: &str = r#"
  window.__progressSeen = false;
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="export-progress"]')) window.__progressSeen = true;
  }).observe(document.body, { childList: true, subtree: true });
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_day_goes_to_a_stick_and_comes_back_on_a_new_pc() {
    let test = "the_day_goes_to_a_stick_and_comes_back_on_a_new_pc";
    let en = Catalogue::load("en");
    let shop = steps::demo_shop(test);
    // The stick outlives the first shop's scratch folder, removed when its app closes.
    let stick = std::env::temp_dir().join(format!("garage-desk-e2e-stick-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&stick);
    std::fs::create_dir_all(&stick).expect("the stick's folder");
    let app = App::launch(Options::new(test).scratch(shop)).await;

    // Today: not exported yet. A signed job of the day, remembered by its number.
    app.wait_for("export-banner", TIMEOUT).await;
    let row = app
        .wait_text("open-job-row", &en.get("wo.status.in_workshop"))
        .await;
    let job_text = harness::text_of(&row).await;
    let number = job_text
        .split_whitespace()
        .find(|w| w.starts_with("WO-"))
        .unwrap_or_else(|| panic!("the job row shows its number: {job_text}"))
        .to_string();

    // Settings → End of day: the folder chosen in the shell's dialog, then export.
    app.click("nav-settings").await;
    app.find("end-of-day").await;
    app.answer_next_dialog(&stick);
    app.click("export-choose").await;
    app.wait_text("export-target", &stick.to_string_lossy())
        .await;
    app.client()
        .execute(WATCH_PROGRESS, vec![])
        .await
        .expect("the progress watch");
    app.click("export-now").await;
    app.wait_for("export-note", Duration::from_secs(60)).await;
    let seen = app
        .client()
        .execute("return window.__progressSeen", vec![])
        .await
        .expect("the progress watch's answer");
    assert_eq!(
        seen,
        serde_json::json!(true),
        "the progress bar was shown while exporting"
    );
    assert!(
        app.find_all("export-error").await.is_empty(),
        "the export succeeded"
    );
    let last = app.text("export-last").await;
    assert!(
        !last.contains(&en.get("export.never")),
        "the export is recorded: {last}"
    );
    app.screenshot("exported").await;
    let bundle = only_bundle(&stick);

    // Again with nothing new: the bundle on the stick is checked again, not rewritten.
    let manifest = std::fs::read(bundle.join("manifest.json")).expect("the manifest");
    app.click("export-now").await;
    let unchanged = en.get("export.unchanged");
    let unchanged = unchanged.split('{').next().unwrap_or_default();
    app.wait_text("export-note", unchanged).await;
    assert_eq!(
        std::fs::read(bundle.join("manifest.json")).expect("the manifest"),
        manifest,
        "the day's bundle was left as it was"
    );

    // Today's banner is gone.
    app.click("nav-today").await;
    app.wait_for("open-job-row", TIMEOUT).await;
    assert!(
        app.find_all("export-banner").await.is_empty(),
        "no banner once the day is exported"
    );
    drop(app);

    // A new PC: a fresh data folder, restored from the stick in the window.
    let fresh = Scratch::new(&format!("{test}-fresh"));
    let fresh_data = fresh.data_dir();
    let mut app = App::launch(Options::new(&format!("{test}-fresh")).scratch(fresh)).await;
    app.click("nav-settings").await;
    app.answer_next_dialog(&bundle);
    app.click("restore-bundle").await;
    let confirm = app.wait_for("restore-confirm", TIMEOUT).await;
    let text = harness::text_of(&confirm).await;
    assert!(
        text.contains("(3 customers"),
        "the confirmation says what the bundle holds: {text}"
    );
    app.screenshot("restore-confirm").await;
    // The click restarts the app, so its answer may never come: one click once the
    // button is enabled (the bundle's check done), not retried.
    let go = app.find("restore-go").await;
    app.wait_until("the Restore button to be enabled", TIMEOUT, async || {
        go.is_enabled().await.ok()?.then_some(())
    })
    .await;
    let _ = go.click().await;
    // The app restarts itself on the restored shop; the test then reopens its window.
    tokio::task::block_in_place(|| wait_restored_and_stop(&fresh_data));
    app.restart().await;

    app.click_text("open-job-row", &number).await;
    app.click("step-sign").await;
    app.click("verify").await;
    app.wait_for("verify-result", TIMEOUT).await;
    assert!(
        app.find_all("verify-report").await.is_empty(),
        "the restored signed job matches its paper in every part"
    );
    app.screenshot("restored-verified").await;
    let _ = std::fs::remove_dir_all(&stick);
}

/// The one bundle (a folder with its manifest) written on the stick; the shared
/// content-addressed files sit beside it.
fn only_bundle(stick: &Path) -> std::path::PathBuf {
    let bundles: Vec<_> = std::fs::read_dir(stick)
        .expect("the stick")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("manifest.json").is_file())
        .collect();
    assert_eq!(bundles.len(), 1, "one bundle on the stick: {bundles:?}");
    bundles.into_iter().next().expect("one bundle")
}

/// Waits until the app restarted itself on `data_dir` and applied the restore (its
/// request consumed, the restored database open), then stops that process: it is not
/// under the WebDriver session, which the harness opens afresh.
fn wait_restored_and_stop(data_dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let binary = harness::paths::app_binary();
    let request = data_dir.join("restore-request.json");
    loop {
        let running: Vec<_> = procs::all()
            .into_iter()
            .filter(|p| p.exe().is_some_and(|e| e == binary))
            .filter(|p| {
                std::fs::read(format!("/proc/{}/environ", p.pid))
                    .map(|env| String::from_utf8_lossy(&env).contains(&*data_dir.to_string_lossy()))
                    .unwrap_or(false)
            })
            .collect();
        if !request.exists() && !running.is_empty() {
            // Give the restarted app a moment to open the restored store.
            std::thread::sleep(Duration::from_secs(2));
            procs::terminate(&running, Duration::from_secs(5));
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the app did not restart on the restored shop within 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
