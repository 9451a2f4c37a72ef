//! The WebDriver session: opening it (with bounded retries while the drivers come up),
//! screenshots that show the current frame, and what a failed test leaves behind.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use super::{procs, report, App};

const SESSION_TIMEOUT: Duration = Duration::from_secs(30);

impl App {
    /// Asks tauri-driver for a new session, which starts the app, and waits for its page.
    pub(super) async fn open_session(&mut self) {
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": self.binary,
                "args": ["--data-dir", self.scratch.data_dir()],
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a json! object literal is an object");
        };
        let url = self.driver.url();
        let deadline = Instant::now() + SESSION_TIMEOUT;
        let client = loop {
            self.session_requested_at = Instant::now();
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match attempt {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    // WebKitWebDriver may still be starting behind tauri-driver. An app that a
                    // failed attempt did start must not linger beside the next one.
                    let stray = self.processes();
                    tokio::task::block_in_place(|| {
                        procs::terminate(&stray, Duration::from_secs(3))
                    });
                    eprintln!("e2e: new session not ready yet ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!(
                    "could not open a WebDriver session at {url} within {}s: {e} (see {})",
                    SESSION_TIMEOUT.as_secs(),
                    self.scratch.log("driver.log").display()
                ),
            }
        };
        self.client = Some(client);
        self.wait_until(
            "the page to finish loading (document.readyState == \"complete\")",
            SESSION_TIMEOUT,
            async || {
                let state = self
                    .client()
                    .execute("return document.readyState", vec![])
                    .await
                    .ok()?;
                (state == "complete").then_some(())
            },
        )
        .await;
    }

    /// Saves the current frame as `tests/artifacts/<test>/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = capture_png(self.client())
            .await
            .unwrap_or_else(|e| panic!("screenshot {name:?} failed: {e}"));
        let dir = self.artifacts_dir();
        let path = dir.join(format!("{name}.png"));
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, &png))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        let (width, height) = png_size(&png).unwrap_or((0, 0));
        report(&format!(
            "e2e {}: screenshot {} ({width}x{height})",
            self.name,
            path.display()
        ));
        path
    }

    /// Polls `probe` until it yields a value; panics after `timeout` naming `what`.
    pub async fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl AsyncFnMut() -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {} waiting for {what}", seconds(timeout));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

pub fn seconds(duration: Duration) -> String {
    let s = duration.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}s")
    } else {
        format!("{s:.1}s")
    }
}

/// WebKit answers a screenshot request with the last frame it painted; waiting two
/// animation frames first makes sure that frame includes the latest DOM changes.
async fn capture_png(client: &Client) -> Result<Vec<u8>, fantoccini::error::CmdError> {
    // WebKitWebDriver answers a screenshot after the page's next presentation update,
    // and a page where nothing changes never has one: nudge an invisible pixel for a few
    // frames so there is always a fresh frame to capture.
    let two_frames = client.execute_async(
        "const done = arguments[arguments.length - 1];
         let tick = document.getElementById('e2e-tick');
         if (!tick) {
           tick = document.createElement('div');
           tick.id = 'e2e-tick';
           tick.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none';
           document.body.appendChild(tick);
         }
         let n = 0;
         const step = () => { tick.style.left = (n % 2) + 'px'; n += 1; if (n < 12) requestAnimationFrame(step); };
         requestAnimationFrame(step);
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        vec![],
    );
    if tokio::time::timeout(Duration::from_secs(5), two_frames)
        .await
        .is_err()
    {
        eprintln!("e2e: no animation frame within 5s; taking the screenshot anyway");
    }
    client.screenshot().await
}

fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let width = png.get(16..20)?.try_into().ok().map(u32::from_be_bytes)?;
    let height = png.get(20..24)?.try_into().ok().map(u32::from_be_bytes)?;
    Some((width, height))
}

/// Runs `work` to completion from a synchronous `Drop`, on the test's own runtime.
/// `None` when there is no multi-thread runtime to run it on.
pub fn run_in_drop<F: Future>(work: F) -> Option<F::Output> {
    let handle = tokio::runtime::Handle::try_current().ok()?;
    if handle.runtime_flavor() != tokio::runtime::RuntimeFlavor::MultiThread {
        return None;
    }
    Some(tokio::task::block_in_place(|| handle.block_on(work)))
}

/// What a failed test leaves for a person to look at: the window and the DOM.
pub async fn save_failure(client: &Client, dir: &Path) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("e2e: cannot create {}: {e}", dir.display());
        return;
    }
    let limit = Duration::from_secs(10);
    match tokio::time::timeout(limit, capture_png(client)).await {
        Ok(Ok(png)) => {
            let _ = std::fs::write(dir.join("failure.png"), png);
        }
        Ok(Err(e)) => eprintln!("e2e: no failure screenshot: {e}"),
        Err(_) => eprintln!("e2e: no failure screenshot within 10s"),
    }
    match tokio::time::timeout(limit, client.source()).await {
        Ok(Ok(html)) => {
            let _ = std::fs::write(dir.join("page.html"), html);
        }
        Ok(Err(e)) => eprintln!("e2e: no page source: {e}"),
        Err(_) => eprintln!("e2e: no page source within 10s"),
    }
}
