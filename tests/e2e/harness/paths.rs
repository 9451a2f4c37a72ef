//! Where things are: the repository, the binary under test, the artifacts of a failed
//! test, a fresh scratch folder per test, and the translation catalogues.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn repo_root() -> PathBuf {
    // tests/ is a member of the workspace at the repository root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => repo_root().join(dir),
        None => repo_root().join("target"),
    }
}

/// The debug build of the app. The tests never build it themselves: the test command
/// does, so that a stale or missing binary is a loud setup error and not a slow test.
/// `GARAGE_DESK_BIN` points at another build (a release build, or any Tauri app while
/// working on the harness itself).
pub fn app_binary() -> PathBuf {
    let bin = std::env::var_os("GARAGE_DESK_BIN")
        .filter(|b| !b.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("garage-desk"));
    assert!(
        bin.is_file(),
        "the app binary {} is missing: run `cargo build -p garage-desk` (or, cheaper \
         before `cargo test --workspace`, `cargo build --workspace`: same features, so \
         Tauri is compiled once) before the end-to-end tests; they drive the built app \
         and never build it themselves",
        bin.display()
    );
    bin
}

/// `tests/artifacts/<test>/`: screenshots, page source and logs of a test.
pub fn artifacts_dir(test: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(test)
}

/// One folder name of 120 characters without a break, between the scratch root and the
/// data folder.
const LONG_FOLDER: &str = "the-shops-own-data-folder-on-the-front-desk-pc-as-named-by-a-\
                           careful-supervisor-who-likes-long-and-descriptive-folder-names";

/// A fresh folder per app: the shop's data dir plus the web engine's own XDG folders, so
/// no test sees another's customers, local storage or caches. Removed when the test
/// passes; kept (and its path printed) when it fails.
pub struct Scratch {
    root: PathBuf,
}

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let root = std::env::temp_dir().join(format!(
            "garage-desk-e2e-{test}-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let scratch = Scratch { root };
        let dirs = ["xdg/data", "xdg/config", "xdg/cache", "xdg/runtime"];
        for dir in dirs
            .map(|d| scratch.root.join(d))
            .into_iter()
            .chain([scratch.data_dir()])
        {
            std::fs::create_dir_all(&dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        scratch.install_pdf_viewer();
        // GLib refuses an XDG_RUNTIME_DIR that others can read.
        use std::os::unix::fs::PermissionsExt;
        let runtime = scratch.xdg("runtime");
        let _ = std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700));
        scratch
    }

    /// A PDF "viewer" for this app's desktop session: a desk PC has one, so *Open PDF*
    /// succeeds and the window says what it opened (the message whose length broke the
    /// layout on machines that had a viewer). It opens nothing (`true`), the same on
    /// every machine; the system opener (gio or xdg-open) finds it through the scratch
    /// folder's XDG files.
    fn install_pdf_viewer(&self) {
        let desktop = "[Desktop Entry]\nType=Application\nName=E2E PDF viewer\n\
                       Exec=true %f\nMimeType=application/pdf;\nNoDisplay=true\n";
        let apps = self.xdg("data").join("applications");
        let written = std::fs::create_dir_all(&apps)
            .and_then(|()| std::fs::write(apps.join("garage-desk-e2e-viewer.desktop"), desktop))
            .and_then(|()| {
                std::fs::write(
                    self.xdg("config").join("mimeapps.list"),
                    "[Default Applications]\napplication/pdf=garage-desk-e2e-viewer.desktop\n",
                )
            });
        if let Err(e) = written {
            panic!(
                "cannot set up the PDF viewer in {}: {e}",
                self.root.display()
            );
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The shop's data folder, given to the app as `--data-dir`. Deliberately deep and
    /// long (over 200 characters), as a shop's folder may be on another PC: a screen that
    /// shows a path unbroken, or leans on a short one, fails here on every machine and not
    /// only on the machines whose temporary folder happens to be long.
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data").join(LONG_FOLDER)
    }

    pub fn xdg(&self, kind: &str) -> PathBuf {
        self.root.join("xdg").join(kind)
    }

    pub fn log(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub fn remove(&self) {
        if let Err(e) = std::fs::remove_dir_all(&self.root) {
            eprintln!("e2e: could not remove {}: {e}", self.root.display());
        }
    }
}

/// One flat translation file of `assets/i18n/`, read by the tests so that they check the
/// UI against the catalogue rather than against strings copied into the tests.
pub struct Catalogue {
    lang: String,
    entries: serde_json::Map<String, serde_json::Value>,
}

impl Catalogue {
    pub fn load(lang: &str) -> Catalogue {
        let path = repo_root().join("assets/i18n").join(format!("{lang}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read catalogue {}: {e}", path.display()));
        let value: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("catalogue {} is not JSON: {e}", path.display()));
        let serde_json::Value::Object(entries) = value else {
            panic!("catalogue {} is not a flat JSON object", path.display());
        };
        Catalogue {
            lang: lang.to_string(),
            entries,
        }
    }

    pub fn get(&self, key: &str) -> String {
        match self.entries.get(key) {
            Some(serde_json::Value::String(text)) => text.clone(),
            _ => panic!("catalogue {} has no string for {key:?}", self.lang),
        }
    }
}
