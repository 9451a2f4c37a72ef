//! The people at the desk and the supervisor's word: staff with their roles, the PIN rule
//! (an argon2 hash of 6 to 12 digits; per person at most five tries a minute, and every
//! five wrong in a row lock that person's PIN, a minute the first time and twice as long
//! each time after) and the approvals a supervisor gives for what the rules reserve.
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use crate::domain::settlement::ApprovalAction;
pub use crate::domain::staff::{Staff, StaffRole, SupervisorApproval};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{StaffId, WorkOrderId};
use crate::reason::Reason;
use crate::validate::too_long;

/// Tries in one window, and wrong tries in a row, before the PIN locks.
pub const PIN_MAX_TRIES: usize = 5;
/// The window of the try count, and how long the first lock lasts.
pub const PIN_WINDOW_SECONDS: i64 = 60;
/// The longest a lock grows to: a day.
pub const PIN_LOCK_MAX_SECONDS: i64 = 24 * 60 * 60;
/// Digits of a new PIN: a million PINs at five tries per growing lock hold for years.
pub const PIN_MIN_DIGITS: usize = 6;
/// An approval is used in the same sitting or asked again.
pub const APPROVAL_VALID_MINUTES: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffInput {
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
}

pub fn check_staff(input: &StaffInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.name.trim().is_empty() {
        issues.push(FieldIssue::new("name", Reason::NameRequired));
    }
    too_long(&mut issues, "name", input.name.trim(), 100);
    issues
}

/// A new PIN for a supervisor: with the owner's `old_pin`, or with another supervisor's
/// `word` (a forgotten PIN, or a first PIN once the shop has a supervisor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PinChange {
    pub pin: String,
    pub old_pin: Option<String>,
    pub word: Option<crate::settlement::supervision::SupervisorWord>,
}

/// The supervisor types the PIN at the desk for one action on one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRequest {
    pub work_order_id: WorkOrderId,
    pub action: ApprovalAction,
    pub supervisor_id: StaffId,
    pub pin: String,
    pub reason: String,
}

/// Whether an approval may allow `action` on `wo` at `now`.
pub fn check_approval_use(
    approval: &SupervisorApproval,
    wo: WorkOrderId,
    action: ApprovalAction,
    now: NaiveDateTime,
) -> Result<(), Reason> {
    if approval.work_order_id != wo || approval.action != action {
        return Err(Reason::ApprovalNotForThis);
    }
    if approval.used_at.is_some() {
        return Err(Reason::ApprovalUsed);
    }
    if now - approval.approved_at > Duration::minutes(APPROVAL_VALID_MINUTES)
        || now < approval.approved_at
    {
        return Err(Reason::ApprovalExpired);
    }
    Ok(())
}

/// A new PIN is 6 to 12 digits (older 4-digit PINs keep working until changed).
pub fn check_pin_format(pin: &str) -> Option<Reason> {
    let ok = (PIN_MIN_DIGITS..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit());
    (!ok).then_some(Reason::PinFormat)
}

/// Whether a PIN that was typed right is shorter than a new one may be.
pub fn pin_too_short(pin: &str) -> bool {
    pin.len() < PIN_MIN_DIGITS
}

/// The argon2 hash (PHC string, with its own random salt) of a PIN.
pub fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Io(std::io::Error::other(format!("pin hash: {e}"))))
}

/// Whether `pin` is the one hashed in `hash`; an unreadable hash matches nothing.
pub fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Until when one person's PIN is locked at `now`, from that person's tries so far
/// (`(at, right)`, oldest first): five tries within a minute lock it until a minute after
/// the first of them; every fifth wrong try in a row locks it from that try, for a minute
/// the first time and twice as long at each lock after (at most a day), until a right
/// PIN ends the run. Guessing a 6-digit PIN this way takes longer than a shop exists.
pub fn pin_locked_until(
    attempts: &[(NaiveDateTime, bool)],
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let window = Duration::seconds(PIN_WINDOW_SECONDS);
    let recent: Vec<NaiveDateTime> = attempts
        .iter()
        .map(|(at, _)| *at)
        .filter(|at| *at > now - window && *at <= now)
        .collect();
    let by_rate = (recent.len() >= PIN_MAX_TRIES).then(|| recent[0] + window);
    let run: Vec<NaiveDateTime> = attempts
        .iter()
        .rev()
        .take_while(|(_, ok)| !ok)
        .map(|(at, _)| *at)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let locks = run.len() / PIN_MAX_TRIES;
    let by_run = (locks > 0).then(|| run[locks * PIN_MAX_TRIES - 1] + lock_length(locks));
    [by_rate, by_run]
        .into_iter()
        .flatten()
        .filter(|until| *until > now)
        .max()
}

/// How long the `n`th lock of a run lasts (from 1): a minute, doubled each time, a day
/// at most.
pub fn lock_length(n: usize) -> Duration {
    let doublings = u32::try_from(n.saturating_sub(1))
        .unwrap_or(u32::MAX)
        .min(20);
    Duration::seconds((PIN_WINDOW_SECONDS << doublings).min(PIN_LOCK_MAX_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(s: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default()
            + Duration::seconds(s)
    }

    #[test]
    fn five_wrong_tries_lock_for_a_minute_from_the_fifth() {
        let wrong: Vec<_> = (0..5).map(|i| (at(i * 20), false)).collect();
        assert_eq!(pin_locked_until(&wrong[..4], at(80)), None);
        assert_eq!(pin_locked_until(&wrong, at(81)), Some(at(140)));
        assert_eq!(
            pin_locked_until(&wrong, at(140)),
            None,
            "a minute later it opens"
        );
    }

    #[test]
    fn a_right_pin_clears_the_run_but_not_the_rate() {
        let mut tries: Vec<_> = (0..4).map(|i| (at(i), false)).collect();
        tries.push((at(4), true));
        assert_eq!(pin_locked_until(&tries, at(5)), Some(at(60)));
        assert_eq!(pin_locked_until(&tries, at(61)), None);
    }

    #[test]
    fn each_lock_of_a_wrong_run_lasts_twice_as_long_as_the_last() {
        // Five wrong, wait out the minute, five wrong again: the second lock is 2 min.
        let mut tries: Vec<_> = (0..5).map(|i| (at(i), false)).collect();
        tries.extend((0..5).map(|i| (at(100 + i), false)));
        assert_eq!(pin_locked_until(&tries, at(105)), Some(at(104 + 120)));
        tries.extend((0..5).map(|i| (at(300 + i), false)));
        assert_eq!(pin_locked_until(&tries, at(305)), Some(at(304 + 240)));
        assert_eq!(lock_length(1), Duration::minutes(1));
        assert_eq!(lock_length(12), Duration::days(1), "a day at most");
        assert_eq!(lock_length(usize::MAX), Duration::days(1));
        tries.push((at(600), true));
        assert_eq!(
            pin_locked_until(&tries, at(661)),
            None,
            "a right PIN ends the run"
        );
    }

    #[test]
    fn a_new_pin_is_six_to_twelve_digits_and_is_never_kept_in_clear() {
        assert_eq!(check_pin_format("123"), Some(Reason::PinFormat));
        assert_eq!(
            check_pin_format("2468"),
            Some(Reason::PinFormat),
            "4 digits no more"
        );
        assert_eq!(check_pin_format("12a456"), Some(Reason::PinFormat));
        assert_eq!(check_pin_format("246813"), None);
        assert!(pin_too_short("2468") && !pin_too_short("246813"));
        let hash = hash_pin("2468").unwrap_or_default();
        assert!(!hash.contains("2468") && hash.starts_with("$argon2"));
        assert!(pin_matches("2468", &hash));
        assert!(!pin_matches("2469", &hash));
        assert!(!pin_matches("2468", "not a hash"));
    }
}
