//! The people at the desk and the supervisor's word: staff with their roles, the PIN rule
//! (an argon2 hash, at most five tries a minute, five wrong in a row lock it for a
//! minute) and the approvals a supervisor gives for what the rules reserve to them.
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{ApprovalId, StaffId, WorkOrderId};
use crate::reason::Reason;
use crate::validate::too_long;

/// Tries in one window, and wrong tries in a row, before the PIN locks.
pub const PIN_MAX_TRIES: usize = 5;
/// The window of the try count, and how long a lock lasts.
pub const PIN_WINDOW_SECONDS: i64 = 60;
/// An approval is used in the same sitting or asked again.
pub const APPROVAL_VALID_MINUTES: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Service advisor (服务接待).
    Advisor,
    /// Cashier (结算员).
    Cashier,
    /// Supervisor (业务主管): holds a PIN.
    Supervisor,
    Technician,
}

impl StaffRole {
    pub const ALL: [StaffRole; 4] = [
        Self::Advisor,
        Self::Cashier,
        Self::Supervisor,
        Self::Technician,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Advisor => "advisor",
            Self::Cashier => "cashier",
            Self::Supervisor => "supervisor",
            Self::Technician => "technician",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Staff {
    pub id: StaffId,
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
    /// A supervisor whose PIN is set (the PIN itself never leaves the store).
    pub has_pin: bool,
}

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

/// What the rules reserve for the supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalAction {
    /// A discount on the total above the shop's limit.
    DiscountAboveLimit,
    /// Letting the car go before the settlement is paid in full.
    ExitWithDebt,
    VoidPayment,
    Refund,
    /// Reopening a signed settlement to correct it.
    ReopenSettlement,
    /// A credit note lowering what a signed settlement charges.
    CreditNote,
}

impl ApprovalAction {
    pub const ALL: [ApprovalAction; 6] = [
        Self::DiscountAboveLimit,
        Self::ExitWithDebt,
        Self::VoidPayment,
        Self::Refund,
        Self::ReopenSettlement,
        Self::CreditNote,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DiscountAboveLimit => "discount_above_limit",
            Self::ExitWithDebt => "exit_with_debt",
            Self::VoidPayment => "void_payment",
            Self::Refund => "refund",
            Self::ReopenSettlement => "reopen_settlement",
            Self::CreditNote => "credit_note",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
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

/// A recorded approval: the token the guarded operation takes (by its id), used once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorApproval {
    pub id: ApprovalId,
    pub work_order_id: WorkOrderId,
    pub action: ApprovalAction,
    pub supervisor_id: StaffId,
    pub supervisor_name: String,
    pub reason: String,
    pub approved_at: NaiveDateTime,
    /// When the operation it allowed was done; `None` while unused.
    pub used_at: Option<NaiveDateTime>,
    /// What it allowed, e.g. `payment 12` or `SET-2026-00004`.
    pub used_for: String,
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

/// A PIN is 4 to 12 digits.
pub fn check_pin_format(pin: &str) -> Option<Reason> {
    let ok = (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit());
    (!ok).then_some(Reason::PinFormat)
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

/// Until when the PIN is locked at `now`, from the tries so far (`(at, right)`, oldest
/// first): five tries within a minute lock it until a minute after the first of them;
/// every fifth wrong try in a row locks it for a minute from that try.
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
    let fifth = run.len() / PIN_MAX_TRIES * PIN_MAX_TRIES;
    let by_run = (fifth > 0).then(|| run[fifth - 1] + window);
    [by_rate, by_run]
        .into_iter()
        .flatten()
        .filter(|until| *until > now)
        .max()
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
    fn a_pin_is_four_to_twelve_digits_and_is_never_kept_in_clear() {
        assert_eq!(check_pin_format("123"), Some(Reason::PinFormat));
        assert_eq!(check_pin_format("12a4"), Some(Reason::PinFormat));
        assert_eq!(check_pin_format("2468"), None);
        let hash = hash_pin("2468").unwrap_or_default();
        assert!(!hash.contains("2468") && hash.starts_with("$argon2"));
        assert!(pin_matches("2468", &hash));
        assert!(!pin_matches("2469", &hash));
        assert!(!pin_matches("2468", "not a hash"));
    }
}
