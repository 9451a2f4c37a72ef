//! Processes seen through /proc: the tree under a pid, stopping it with SIGTERM then
//! SIGKILL, and its memory (PSS). Std only, no libc or nix: signals go through `kill(1)`.
//!
//! A process is remembered with its start time, so a pid that was reused by an unrelated
//! process after ours exited is never signalled.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One process as /proc/<pid>/stat describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proc {
    pub pid: u32,
    pub ppid: u32,
    /// Field 22 of stat: start time in clock ticks since boot.
    pub start: u64,
}

impl Proc {
    pub fn read(pid: u32) -> Option<Proc> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (fields, state) = after_comm(&stat)?;
        if state == "Z" || state == "X" {
            return None;
        }
        Some(Proc {
            pid,
            ppid: fields.first()?.parse().ok()?,
            start: fields.get(18)?.parse().ok()?,
        })
    }

    /// Still running (not a zombie) and still the same process.
    pub fn is_alive(&self) -> bool {
        Proc::read(self.pid).is_some_and(|now| now.start == self.start)
    }

    pub fn exe(&self) -> Option<PathBuf> {
        std::fs::read_link(format!("/proc/{}/exe", self.pid)).ok()
    }

    /// Proportional set size in KiB: shared pages split between the processes sharing them,
    /// so summing it over a tree does not count the web engine's libraries several times.
    pub fn pss_kib(&self) -> Option<u64> {
        let rollup = std::fs::read_to_string(format!("/proc/{}/smaps_rollup", self.pid)).ok()?;
        rollup
            .lines()
            .find_map(|line| line.strip_prefix("Pss:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

/// The fields after `pid (comm)`, and the state letter. The command name may itself hold
/// spaces and parentheses, so everything is read after the last `)`.
fn after_comm(stat: &str) -> Option<(Vec<&str>, &str)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?;
    Some((fields.collect(), state))
}

pub fn all() -> Vec<Proc> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter_map(Proc::read)
        .collect()
}

/// Every live descendant of `root`, parents before children.
pub fn descendants(root: u32) -> Vec<Proc> {
    let every = all();
    let mut found = Vec::new();
    let mut queue = VecDeque::from([root]);
    while let Some(parent) = queue.pop_front() {
        for child in every.iter().filter(|p| p.ppid == parent) {
            found.push(*child);
            queue.push_back(child.pid);
        }
    }
    found
}

/// Sends `signal` (e.g. "TERM") to the processes that are still the ones we remember.
pub fn signal(signal: &str, procs: &[Proc]) {
    let pids: Vec<String> = procs
        .iter()
        .filter(|p| p.is_alive())
        .map(|p| p.pid.to_string())
        .collect();
    if pids.is_empty() {
        return;
    }
    // A pid that exits between the check and the signal makes kill(1) complain; harmless.
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg("--")
        .args(&pids)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Waits until none of `procs` is alive; false if `timeout` passed first.
pub fn wait_gone(procs: &[Proc], timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if procs.iter().all(|p| !p.is_alive()) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// SIGTERM, a grace period, then SIGKILL for whatever is left.
pub fn terminate(procs: &[Proc], grace: Duration) {
    signal("TERM", procs);
    if !wait_gone(procs, grace) {
        signal("KILL", procs);
        wait_gone(procs, Duration::from_secs(5));
    }
}

/// A process we spawned ourselves: stopped (and reaped) together with its whole tree.
pub struct Spawned {
    pub name: &'static str,
    pub child: Child,
}

impl Spawned {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `None` while running; the exit status once it has ended.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Stops the process and every descendant. The tree is read before anything is
    /// signalled: once a parent dies its children are re-parented and can no longer be
    /// found under it. tauri-driver, for one, SIGKILLs WebKitWebDriver on SIGTERM, which
    /// would orphan the app and its web processes.
    pub fn stop_tree(&mut self, grace: Duration) {
        if self.exited().is_some() {
            // Reaped: its pid may already belong to someone else.
            return;
        }
        let mut tree = descendants(self.pid());
        tree.reverse();
        terminate(&tree, grace);
        if self.exited().is_none() {
            if let Some(me) = Proc::read(self.pid()) {
                terminate(&[me], grace);
            }
            let deadline = Instant::now() + Duration::from_secs(5);
            while self.exited().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(25));
            }
        }
        // Anything the dying tree spawned after our first look.
        let mut late: Vec<Proc> = tree
            .iter()
            .flat_map(|p| descendants(p.pid))
            .chain(descendants(self.pid()))
            .collect();
        late.dedup();
        terminate(&late, Duration::from_secs(2));
        if self.exited().is_none() {
            eprintln!("e2e: {} (pid {}) did not exit", self.name, self.pid());
        }
    }
}

impl Drop for Spawned {
    /// Also covers a test that fails half-way through starting its processes.
    fn drop(&mut self) {
        self.stop_tree(Duration::from_secs(3));
    }
}
