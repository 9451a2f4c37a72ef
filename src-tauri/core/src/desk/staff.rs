//! The people at the desk: adding and changing staff, supervisors' PINs, the acting
//! person, and the settlement settings. What a change needs is decided by
//! [`crate::settlement::supervision`]; the supervisor's word is checked in
//! [`crate::desk::approvals`] and the change journalled in its own transaction.
use chrono::NaiveDateTime;

use crate::error::{CoreError, Result};
use crate::ids::StaffId;
use crate::reason::Reason;
use crate::settlement::pickup::{check_settlement_settings, SettlementSettings};
use crate::settlement::staff::{
    check_pin_format, check_staff, hash_pin, pin_too_short, PinChange, Staff, StaffInput, StaffRole,
};
use crate::settlement::supervision::{
    pin_change_action, settings_change_action, staff_change_action, ShopAction, SupervisorWord,
};
use crate::store::{staff, Store};

impl Store {
    /// Adds a person (`id` `None`) or changes one. Adding, promoting, deactivating or
    /// demoting a supervisor needs another supervisor's `word` (none until the shop has
    /// its first supervisor with a PIN); the last one cannot be taken away.
    pub fn save_staff(
        &self,
        id: Option<StaffId>,
        input: &StaffInput,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<Staff> {
        let issues = check_staff(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let before = id
            .map(|id| self.with_conn(|conn| staff::load(conn, id)))
            .transpose()?;
        let action = staff_change_action(before.as_ref(), input);
        let boss = self.supervisor_for(action, word, now)?;
        self.with_tx(|tx| {
            if let Some(was) = &before {
                // Re-read inside the write: the change is judged on what it replaces.
                let now_is = staff::load(tx, was.id)?;
                let standing = |s: &Staff| (s.name.clone(), s.role, s.active, s.has_pin);
                if standing(&now_is) != standing(was) {
                    return Err(CoreError::conflict(Reason::StaffChangedMeanwhile));
                }
                let leaves = was.role == StaffRole::Supervisor
                    && was.has_pin
                    && was.active
                    && (input.role != StaffRole::Supervisor || !input.active);
                if leaves && staff::other_supervisors(tx, was.id)? == 0 {
                    return Err(CoreError::conflict(Reason::LastSupervisor));
                }
            }
            let name = input.name.trim();
            let id = match id {
                None => staff::insert(tx, name, input.role, input.active, now)?,
                Some(id) => {
                    staff::update(tx, id, name, input.role, input.active, now)?;
                    id
                }
            };
            let after = staff::load(tx, id)?;
            if let Some(action) = action {
                let subject = format!("staff {}", id.0);
                let change = (
                    staff::describe(before.as_ref()),
                    staff::describe(Some(&after)),
                );
                let change = (change.0.as_str(), change.1.as_str());
                staff::journal_action(
                    tx,
                    action.as_str(),
                    boss.as_ref(),
                    &subject,
                    change,
                    "",
                    now,
                )?;
            }
            Ok(after)
        })
    }

    /// Sets a supervisor's PIN (kept only as its argon2 hash): the owner with their old
    /// PIN, or anyone with another supervisor's word (a forgotten PIN, a first PIN).
    pub fn set_supervisor_pin(
        &self,
        id: StaffId,
        change: &PinChange,
        now: NaiveDateTime,
    ) -> Result<Staff> {
        if let Some(code) = check_pin_format(&change.pin) {
            return Err(CoreError::invalid("pin", code));
        }
        let target = self.with_conn(|conn| staff::load(conn, id))?;
        if target.role != StaffRole::Supervisor {
            return Err(CoreError::conflict(Reason::StaffNotSupervisor));
        }
        let old = change.old_pin.as_deref().filter(|p| !p.is_empty());
        let action = pin_change_action(target.has_pin, old.is_some());
        let boss = match (action, old) {
            (None, Some(old)) => {
                // The old PIN counts as one of the owner's tries.
                self.check_word(id, old, now).map_err(|e| match e {
                    CoreError::Conflict {
                        code: Reason::PinWrong,
                    } => CoreError::invalid("oldPin", Reason::PinWrong),
                    other => other,
                })?;
                None
            }
            _ => self.supervisor_for(action, change.word.as_ref(), now)?,
        };
        let hash = hash_pin(&change.pin)?;
        self.with_tx(|tx| {
            staff::set_pin(tx, id, &hash, false, now)?;
            let after = if target.has_pin {
                "PIN changed"
            } else {
                "PIN set"
            };
            let how = if boss.is_none() && target.has_pin {
                "with the old PIN"
            } else {
                ""
            };
            let subject = format!("staff {} {}", id.0, target.name);
            staff::journal_action(
                tx,
                ShopAction::SetPin.as_str(),
                boss.as_ref(),
                &subject,
                (how, after),
                "",
                now,
            )?;
            staff::load(tx, id)
        })
    }

    /// The demo shop's supervisor PIN, as shops set before the 6-digit rule had them.
    pub(crate) fn seed_supervisor_pin(
        &self,
        id: StaffId,
        pin: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let hash = hash_pin(pin)?;
        self.with_tx(|tx| staff::set_pin(tx, id, &hash, pin_too_short(pin), now))
    }

    pub fn set_acting_staff(&self, id: StaffId) -> Result<Staff> {
        self.with_tx(|tx| {
            let staff = staff::load(tx, id)?;
            if !staff.active {
                return Err(CoreError::conflict(Reason::StaffInactive));
            }
            staff::put_setting(tx, staff::ACTING_KEY, &id.0.to_string())?;
            Ok(staff)
        })
    }

    /// Saves the settlement settings; raising the discount limit needs the supervisor's
    /// `word`. A stored row that no longer reads is replaced only on the supervisor's word.
    pub fn save_settlement_settings(
        &self,
        settings: &SettlementSettings,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<SettlementSettings> {
        let issues = check_settlement_settings(settings);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let json = serde_json::to_string(settings)
            .map_err(|_| CoreError::invalid("settings", Reason::TextTooLong))?;
        let before = match self.with_conn(staff::settlement_settings) {
            Ok(before) => Some(before),
            Err(CoreError::Conflict {
                code: Reason::SettingsUnreadable,
            }) => None,
            Err(e) => return Err(e),
        };
        let action = match &before {
            Some(before) => settings_change_action(before, settings),
            None => Some(ShopAction::RaiseDiscountLimit),
        };
        let boss = self.supervisor_for(action, word, now)?;
        self.with_tx(|tx| {
            let stored = staff::setting(tx, staff::SETTINGS_KEY)?;
            staff::put_setting(tx, staff::SETTINGS_KEY, &json)?;
            if let Some(action) = action {
                let was = before
                    .map(|b| format!("{} bp", b.discount_limit_bp))
                    .unwrap_or_else(|| stored.unwrap_or_default());
                let now_is = format!("{} bp", settings.discount_limit_bp);
                let change = (was.as_str(), now_is.as_str());
                staff::journal_action(
                    tx,
                    action.as_str(),
                    boss.as_ref(),
                    "settlement settings",
                    change,
                    "",
                    now,
                )?;
            }
            staff::settlement_settings(tx)
        })
    }
}
