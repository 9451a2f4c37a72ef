//! A private X server (Xvfb) per app, on a display number nobody else uses, so tests
//! run on a machine without a screen and never share a window with one another.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::procs::Spawned;

pub struct Display {
    pub number: u32,
    server: Spawned,
}

impl Display {
    /// Starts `Xvfb :N -screen 0 WxHx24 -nolisten tcp` on the first free N.
    pub fn start(width: u32, height: u32, log: &Path) -> Display {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        // Spread the search by pid so that parallel test binaries rarely race for a number.
        let base = 100 + (std::process::id() % 50) * 10;
        let mut last_error = String::new();
        for _ in 0..40 {
            let number = base + NEXT.fetch_add(1, Ordering::Relaxed) % 500;
            if Path::new(&format!("/tmp/.X{number}-lock")).exists()
                || Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
            {
                continue;
            }
            match Self::try_start(number, width, height, log) {
                Ok(display) => return display,
                Err(e) => last_error = e,
            }
        }
        panic!("could not start Xvfb on any free display: {last_error}");
    }

    fn try_start(number: u32, width: u32, height: u32, log: &Path) -> Result<Display, String> {
        let log_file = std::fs::File::create(log).map_err(|e| e.to_string())?;
        let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new("Xvfb")
            .arg(format!(":{number}"))
            .args(["-screen", "0", &format!("{width}x{height}x24")])
            .args(["-nolisten", "tcp", "-noreset"])
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(err_file)
            .spawn()
            .map_err(|e| format!("cannot run Xvfb (apt-get install xvfb): {e}"))?;
        let mut display = Display {
            number,
            server: Spawned {
                name: "Xvfb",
                child,
            },
        };
        let socket = format!("/tmp/.X11-unix/X{number}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = display.server.exited() {
                // Usually another server took the number first; the caller tries the next.
                return Err(format!("Xvfb :{number} exited with {status}"));
            }
            if Path::new(&socket).exists() {
                return Ok(display);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        display.stop();
        Err(format!("Xvfb :{number} did not create {socket} within 10s"))
    }

    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }

    pub fn stop(&mut self) {
        self.server.stop_tree(Duration::from_secs(3));
    }
}
