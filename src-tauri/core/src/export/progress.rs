//! How far an export is and how to stop it: the export reports bytes and files done
//! against totals known before writing starts (so the window can compute the time left),
//! and checks a cancel flag between files and between chunks of a file. A cancelled
//! export ends as `export.cancelled`, its temporary folder removed, nothing recorded.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// What the export is doing. A cancel is honoured until `Verifying`: by then the bundle
/// is whole and in place, and reading it back is what makes it count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportPhase {
    #[default]
    Snapshot,
    Writing,
    Verifying,
}

/// Bytes and files done of the current phase's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub phase: ExportPhase,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub files_done: u64,
    pub files_total: u64,
}

/// What the caller hands an export: where progress goes and the flag that cancels it.
#[derive(Clone, Copy)]
pub struct ExportControl<'a> {
    cancel: &'a AtomicBool,
    report: &'a (dyn Fn(&ExportProgress) + Sync),
}

static NEVER: AtomicBool = AtomicBool::new(false);

fn ignore(_: &ExportProgress) {}

impl<'a> ExportControl<'a> {
    pub fn new(cancel: &'a AtomicBool, report: &'a (dyn Fn(&ExportProgress) + Sync)) -> Self {
        Self { cancel, report }
    }

    /// No progress wanted and no way to cancel (the command line, the tests).
    pub fn silent() -> ExportControl<'static> {
        ExportControl {
            cancel: &NEVER,
            report: &ignore,
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// The running count of one export (shared by the threads that write the bundle).
pub(crate) struct Tracker<'a> {
    control: ExportControl<'a>,
    now: Mutex<ExportProgress>,
}

impl<'a> Tracker<'a> {
    pub fn new(control: ExportControl<'a>) -> Self {
        let tracker = Self {
            control,
            now: Mutex::new(ExportProgress::default()),
        };
        tracker.change(|_| true);
        tracker
    }

    fn get(&self) -> ExportProgress {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes the count and tells it when `change` says so, under the lock: the two
    /// threads writing a bundle never tell an older count after a newer one.
    fn change(&self, change: impl FnOnce(&mut ExportProgress) -> bool) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        if change(&mut now) {
            (self.control.report)(&now);
        }
    }

    /// Starts a phase with its totals.
    pub fn phase(&self, phase: ExportPhase, bytes_total: u64, files_total: u64) {
        self.change(|now| {
            *now = ExportProgress {
                phase,
                bytes_done: 0,
                bytes_total,
                files_done: 0,
                files_total,
            };
            true
        });
    }

    /// Refuses to go on once the export is cancelled (never while verifying).
    pub fn go_on(&self) -> Result<()> {
        if self.control.is_cancelled() && self.get().phase != ExportPhase::Verifying {
            return Err(CoreError::conflict(Reason::ExportCancelled));
        }
        Ok(())
    }

    /// Adds bytes done; told to the caller about once a mebibyte, not once a chunk.
    pub fn bytes(&self, n: u64) {
        self.change(|now| {
            let before = now.bytes_done >> 20;
            now.bytes_done = now.bytes_done.saturating_add(n);
            now.bytes_done >> 20 != before || now.bytes_done == now.bytes_total
        });
    }

    pub fn file_done(&self) {
        self.change(|now| {
            now.files_done += 1;
            true
        });
    }

    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancelled()
    }
}
