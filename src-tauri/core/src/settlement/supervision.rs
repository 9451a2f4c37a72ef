//! What only the supervisor may do to the shop itself (not to one job): the rules that say
//! which change of staff, PIN, settings, export passphrase, restore or clock needs the
//! supervisor's word, given as their PIN with the request. Pure: the store looks up who is
//! who, checks the PIN and journals; these functions only decide.
//!
//! Until the shop has a supervisor with a PIN it has nobody to ask: the first supervisor
//! is set up freely (the shop's setting-up), everything after needs one.
use serde::{Deserialize, Serialize};

pub use crate::domain::staff::ShopAction;
use crate::ids::StaffId;
use crate::settlement::pickup::SettlementSettings;
use crate::settlement::staff::{Staff, StaffInput, StaffRole};

/// The supervisor's word for one shop-level action: who, and their PIN, typed at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorWord {
    pub supervisor_id: StaffId,
    pub pin: String,
}

/// Which supervisor action a change of staff is: adding or promoting a supervisor, or
/// changing one's standing (deactivated, brought back, or another role). `None`: the desk may do it alone
/// (a new advisor, a renamed person, a technician let go).
pub fn staff_change_action(before: Option<&Staff>, after: &StaffInput) -> Option<ShopAction> {
    let supervisor = after.role == StaffRole::Supervisor;
    match before {
        None => supervisor.then_some(ShopAction::AddSupervisor),
        Some(was) if was.role != StaffRole::Supervisor => {
            supervisor.then_some(ShopAction::PromoteToSupervisor)
        }
        Some(was) => {
            (!supervisor || was.active != after.active).then_some(ShopAction::ChangeSupervisor)
        }
    }
}

/// Setting a PIN: the owner with their old PIN needs nobody; anyone else (a forgotten PIN,
/// a supervisor's first PIN once the shop has one) needs the supervisor.
pub fn pin_change_action(target_has_pin: bool, old_pin_given: bool) -> Option<ShopAction> {
    (!(target_has_pin && old_pin_given)).then_some(ShopAction::SetPin)
}

/// Raising the discount limit needs the supervisor; lowering it, or any other setting,
/// does not.
pub fn settings_change_action(
    before: &SettlementSettings,
    after: &SettlementSettings,
) -> Option<ShopAction> {
    (after.discount_limit_bp > before.discount_limit_bp).then_some(ShopAction::RaiseDiscountLimit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: StaffRole, active: bool) -> Staff {
        Staff {
            id: StaffId(1),
            name: "王".into(),
            role,
            active,
            has_pin: false,
            pin_too_short: false,
        }
    }

    fn input(role: StaffRole, active: bool) -> StaffInput {
        StaffInput {
            name: "王".into(),
            role,
            active,
        }
    }

    #[test]
    fn adding_or_promoting_a_supervisor_needs_one_and_an_advisor_does_not() {
        use StaffRole::*;
        assert_eq!(
            staff_change_action(None, &input(Supervisor, true)),
            Some(ShopAction::AddSupervisor)
        );
        assert_eq!(staff_change_action(None, &input(Advisor, true)), None);
        let advisor = person(Advisor, true);
        assert_eq!(
            staff_change_action(Some(&advisor), &input(Supervisor, true)),
            Some(ShopAction::PromoteToSupervisor)
        );
        assert_eq!(
            staff_change_action(Some(&advisor), &input(Cashier, false)),
            None
        );
    }

    #[test]
    fn taking_a_supervisor_away_needs_one_but_renaming_does_not() {
        use StaffRole::*;
        let boss = person(Supervisor, true);
        assert_eq!(
            staff_change_action(Some(&boss), &input(Supervisor, false)),
            Some(ShopAction::ChangeSupervisor)
        );
        assert_eq!(
            staff_change_action(Some(&boss), &input(Advisor, true)),
            Some(ShopAction::ChangeSupervisor)
        );
        assert_eq!(
            staff_change_action(Some(&boss), &input(Supervisor, true)),
            None
        );
        let away = person(Supervisor, false);
        assert_eq!(
            staff_change_action(Some(&away), &input(Supervisor, true)),
            Some(ShopAction::ChangeSupervisor),
            "a supervisor let go keeps a PIN that would work again"
        );
    }

    #[test]
    fn only_the_owner_with_the_old_pin_changes_a_pin_alone() {
        assert_eq!(pin_change_action(true, true), None);
        assert_eq!(pin_change_action(true, false), Some(ShopAction::SetPin));
        assert_eq!(pin_change_action(false, true), Some(ShopAction::SetPin));
    }

    #[test]
    fn raising_the_discount_limit_needs_the_supervisor_and_lowering_it_does_not() {
        let before = SettlementSettings::default();
        let mut higher = before;
        higher.discount_limit_bp = 10_000;
        assert_eq!(
            settings_change_action(&before, &higher),
            Some(ShopAction::RaiseDiscountLimit)
        );
        assert_eq!(settings_change_action(&higher, &before), None);
        let mut other = before;
        other.notify_long_minutes += 30;
        assert_eq!(settings_change_action(&before, &other), None);
    }
}
