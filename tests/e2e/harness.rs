//! The end-to-end harness: one real Garage Desk window per test, in its real web engine
//! (WebKitGTK), driven over WebDriver (tauri-driver → WebKitWebDriver) on a private Xvfb.
//!
//! `App::launch` gives a test its own X display, driver, ports and data folder; dropping
//! the `App` ends it all. When the test panicked, the drop first saves a screenshot, the
//! page source and the logs to `tests/artifacts/<test>/` and keeps the data folder.
//! Helpers address elements by their `data-testid` and wait with bounded timeouts whose
//! messages name what was awaited.
//!
//! Tests must run on a multi-thread runtime —
//! `#[tokio::test(flavor = "multi_thread", worker_threads = 2)]` — because the drop
//! talks to the driver while the test is unwinding.

// Every test binary includes this module and uses a different part of it.
#![allow(dead_code, unused_imports)]

mod dialog;
mod display;
mod driver;
pub mod paths;
pub mod procs;
mod session;
mod ui;

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::Client;

use display::Display;
use driver::Driver;
pub use fantoccini::elements::Element;
pub use fantoccini::key::Key;
pub use paths::{Catalogue, Scratch};
pub use ui::{selector, squash, text_of};

/// How long a helper waits for the UI when the test does not say.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Prints past the test harness's output capture, so durations and metrics show in a
/// plain `cargo test` run.
pub fn report(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

pub struct Options {
    name: String,
    screen: (u32, u32),
    scratch: Option<Scratch>,
}

impl Options {
    /// `name` names the artifacts folder: use the test's function name.
    pub fn new(name: &str) -> Options {
        Options {
            name: name.to_string(),
            screen: (1366, 768),
            scratch: None,
        }
    }

    /// Size of the virtual screen (the window itself keeps the size it asks for).
    pub fn screen(mut self, width: u32, height: u32) -> Options {
        self.screen = (width, height);
        self
    }

    /// Start on a data folder prepared beforehand (e.g. filled with demo data).
    pub fn scratch(mut self, scratch: Scratch) -> Options {
        self.scratch = Some(scratch);
        self
    }
}

/// One running app and everything it needs. See the module docs.
pub struct App {
    name: String,
    binary: PathBuf,
    client: Option<Client>,
    driver: Driver,
    display: Display,
    screen: (u32, u32),
    scratch: Scratch,
    started: Instant,
    session_requested_at: Instant,
    // Last: released only after every process above has been stopped.
    _one_at_a_time: MutexGuard<'static, ()>,
}

/// Two web engines at once on two cores make each other's timeouts flaky: the apps of one
/// test binary take turns (test binaries themselves already run one after another).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

impl App {
    pub async fn launch(options: Options) -> App {
        let flavor = tokio::runtime::Handle::current().runtime_flavor();
        assert_eq!(
            flavor,
            tokio::runtime::RuntimeFlavor::MultiThread,
            "end-to-end tests need #[tokio::test(flavor = \"multi_thread\")]: the harness \
             saves failure artifacts while the test unwinds"
        );
        let binary = paths::app_binary();
        let turn = tokio::task::block_in_place(|| {
            ONE_AT_A_TIME
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        });
        let artifacts = paths::artifacts_dir(&options.name);
        let _ = std::fs::remove_dir_all(&artifacts);
        let scratch = options
            .scratch
            .unwrap_or_else(|| Scratch::new(&options.name));
        let (width, height) = options.screen;
        let display = Display::start(width, height, &scratch.log("xvfb.log"));
        let driver = Driver::start(&display.name(), &scratch);
        let mut app = App {
            name: options.name,
            binary,
            client: None,
            driver,
            display,
            screen: (width, height),
            scratch,
            started: Instant::now(),
            session_requested_at: Instant::now(),
            _one_at_a_time: turn,
        };
        app.open_session().await;
        app
    }

    /// The WebDriver client, for what the helpers do not cover.
    pub fn client(&self) -> &Client {
        self.client
            .as_ref()
            .unwrap_or_else(|| panic!("no WebDriver session is open"))
    }

    /// When the last new-session request was sent: the start of the app's startup.
    pub fn session_requested_at(&self) -> Instant {
        self.session_requested_at
    }

    pub fn data_dir(&self) -> PathBuf {
        self.scratch.data_dir()
    }

    pub fn artifacts_dir(&self) -> PathBuf {
        paths::artifacts_dir(&self.name)
    }

    /// The app's private X display, e.g. `:104`.
    pub fn display_name(&self) -> String {
        self.display.name()
    }

    /// The app's processes: the app itself and the web engine's processes under it.
    pub fn processes(&self) -> Vec<procs::Proc> {
        self.driver.app_tree(&self.binary)
    }

    /// Summed proportional set size of the app and its web engine processes, in MiB.
    pub fn memory_pss_mib(&self) -> f64 {
        let tree = self.processes();
        assert!(
            !tree.is_empty(),
            "no {} process runs under the driver",
            self.binary.display()
        );
        let kib: u64 = tree.iter().filter_map(procs::Proc::pss_kib).sum();
        kib as f64 / 1024.0
    }

    /// Ends the session, which closes the window and the app, then opens a new one on the
    /// same data folder: what a person does when quitting and starting the app again.
    pub async fn restart(&mut self) {
        let before = self.processes();
        if let Some(client) = self.client.take() {
            match tokio::time::timeout(Duration::from_secs(15), client.close()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("e2e: closing the session failed: {e}"),
                Err(_) => eprintln!("e2e: closing the session took over 15s"),
            }
        }
        // The store must be closed before the next app opens it.
        let closed = tokio::task::block_in_place(|| {
            let closed = procs::wait_gone(&before, Duration::from_secs(10));
            if !closed {
                procs::terminate(&before, Duration::from_secs(5));
            }
            closed
        });
        if !closed {
            eprintln!("e2e: the app did not exit within 10s of closing its session; stopped it");
        }
        // A second window on the same bare X server (no window manager) never gets the
        // input focus back, and WebKit then stalls clicks and frames: start the display
        // and the driver afresh on the same data folder, as a user starts the app again.
        tokio::task::block_in_place(|| {
            self.driver.stop();
            self.display.stop();
            self.display =
                Display::start(self.screen.0, self.screen.1, &self.scratch.log("xvfb.log"));
            self.driver = Driver::start(&self.display.name(), &self.scratch);
        });
        self.open_session().await;
    }

    fn stop_everything(&mut self) {
        self.driver.stop();
        self.display.stop();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let failed = std::thread::panicking();
        let client = self.client.take();
        let artifacts = self.artifacts_dir();
        let outcome = session::run_in_drop(async {
            if failed {
                if let Some(client) = &client {
                    session::save_failure(client, &artifacts).await;
                }
            }
            if let Some(client) = client {
                let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
            }
        });
        if outcome.is_none() {
            eprintln!("e2e: not on a multi-thread runtime: skipped closing the session");
        }
        self.stop_everything();
        let seconds = self.started.elapsed().as_secs_f64();
        if failed {
            for log in ["driver.log", "xvfb.log"] {
                let _ = std::fs::create_dir_all(&artifacts);
                let _ = std::fs::copy(self.scratch.log(log), artifacts.join(log));
            }
            report(&format!(
                "e2e {}: FAILED after {seconds:.1}s; artifacts in {}, data kept in {}",
                self.name,
                artifacts.display(),
                self.scratch.root().display()
            ));
        } else {
            self.scratch.remove();
            report(&format!("e2e {}: passed in {seconds:.1}s", self.name));
        }
    }
}
