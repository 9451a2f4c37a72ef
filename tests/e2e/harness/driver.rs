//! tauri-driver on two free ports. It starts WebKitWebDriver, which starts the app for
//! each new session; the environment given here reaches the app through both.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::paths::Scratch;
use super::procs::{self, Proc, Spawned};

pub struct Driver {
    pub port: u16,
    process: Spawned,
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|e| panic!("cannot find a free local port: {e}"))
}

fn tauri_driver_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let in_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file());
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    in_path
        .or_else(|| cargo_home.map(|home| home.join("bin/tauri-driver")))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "tauri-driver not found in PATH or ~/.cargo/bin: \
                 install it with `cargo install tauri-driver --locked`"
            )
        })
}

impl Driver {
    pub fn start(display: &str, scratch: &Scratch) -> Driver {
        let program = tauri_driver_path();
        let mut last_error = String::new();
        // A free port can be taken by someone else before the driver binds it: retry.
        for _ in 0..3 {
            let (port, native_port) = (free_port(), free_port());
            match Self::try_start(&program, port, native_port, display, scratch) {
                Ok(driver) => return driver,
                Err(e) => last_error = e,
            }
        }
        panic!(
            "tauri-driver did not start: {last_error} (log: {})",
            scratch.log("driver.log").display()
        );
    }

    fn try_start(
        program: &PathBuf,
        port: u16,
        native_port: u16,
        display: &str,
        scratch: &Scratch,
    ) -> Result<Driver, String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(scratch.log("driver.log"))
            .map_err(|e| e.to_string())?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(program)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("DISPLAY", display)
            .env("GDK_BACKEND", "x11")
            .env_remove("WAYLAND_DISPLAY")
            .env("GARAGE_DESK_DATA_DIR", scratch.data_dir())
            // Debug builds read the folder "chosen" in a system dialog from this file.
            .env("GARAGE_DESK_E2E_PICK", scratch.log("e2e-pick.txt"))
            .env("XDG_DATA_HOME", scratch.xdg("data"))
            .env("XDG_CONFIG_HOME", scratch.xdg("config"))
            .env("XDG_CACHE_HOME", scratch.xdg("cache"))
            .env("XDG_RUNTIME_DIR", scratch.xdg("runtime"))
            // No accessibility bus and no GPU here: skip both instead of timing out on them.
            .env("NO_AT_BRIDGE", "1")
            // No session bus for dconf either: GTK's file dialog keeps its settings in memory.
            .env("GSETTINGS_BACKEND", "memory")
            .env("GTK_USE_PORTAL", "0")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
        let mut driver = Driver {
            port,
            process: Spawned {
                name: "tauri-driver",
                child,
            },
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = driver.process.exited() {
                return Err(format!("tauri-driver exited with {status}"));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(driver);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        driver.stop();
        Err(format!(
            "tauri-driver did not listen on port {port} within 10s"
        ))
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// The running app processes: every process under the driver whose executable is
    /// `binary`, with all of their own descendants (WebKitWebProcess, WebKitNetworkProcess).
    pub fn app_tree(&self, binary: &std::path::Path) -> Vec<Proc> {
        let name = binary.file_name();
        let apps: Vec<Proc> = procs::descendants(self.pid())
            .into_iter()
            .filter(|p| {
                // A rebuilt binary shows as "garage-desk (deleted)": compare the name's start.
                p.exe().is_some_and(|exe| {
                    exe.file_name().zip(name).is_some_and(|(have, want)| {
                        have.to_string_lossy()
                            .starts_with(want.to_string_lossy().as_ref())
                    })
                })
            })
            .collect();
        let mut tree = apps.clone();
        for app in &apps {
            tree.extend(procs::descendants(app.pid));
        }
        tree
    }

    pub fn stop(&mut self) {
        self.process.stop_tree(Duration::from_secs(5));
    }
}
