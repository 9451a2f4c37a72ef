//! Whom the shop calls (确定回访对象). Always: a job where no fault was found (未查出故障),
//! a major repair (大修, a line of the overhaul class), a customer who met a service
//! mistake (服务失误). Of the rest, the shop's share (确定回访比例), picked evenly over
//! the jobs in the order they left: after `n` of them exactly ⌊n × share⌋ are picked, so
//! the share holds within one call over any run of jobs from the start, and a 50 % share
//! calls every other car, never the first half of the month. A change of the share starts
//! the count again, so a lowered share does not stop the calls while a backlog evens out.
use serde::{Deserialize, Serialize};

use crate::domain::follow_up::MustCall;

/// The jobs seen and picked since the share was last set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PickCount {
    pub share_percent: u32,
    pub seen: u64,
    pub picked: u64,
}

/// Whether the next job without a must-call reason is picked at `share_percent` (0..=100);
/// `count` moves on by one job.
pub fn pick_next(count: &mut PickCount, share_percent: u32) -> bool {
    let share = u64::from(share_percent.min(100));
    if count.share_percent != share_percent.min(100) {
        *count = PickCount {
            share_percent: share_percent.min(100),
            seen: 0,
            picked: 0,
        };
    }
    count.seen = count.seen.saturating_add(1);
    let due = count.seen.saturating_mul(share) / 100;
    let pick = count.picked < due;
    if pick {
        count.picked += 1;
    }
    pick
}

/// Why a job must be called, whatever the share.
pub fn must_call(no_fault_found: bool, overhaul: bool, service_mistake: bool) -> Vec<MustCall> {
    [
        (no_fault_found, MustCall::NoFaultFound),
        (overhaul, MustCall::Overhaul),
        (service_mistake, MustCall::ServiceMistake),
    ]
    .into_iter()
    .filter_map(|(on, why)| on.then_some(why))
    .collect()
}

/// Is the job called: the customer agrees, and it is a must or the share picked it.
pub fn is_called(agrees: bool, must: &[MustCall], picked: bool) -> bool {
    agrees && (picked || !must.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_must_call_reason_is_named() {
        assert_eq!(
            must_call(true, true, true),
            vec![
                MustCall::NoFaultFound,
                MustCall::Overhaul,
                MustCall::ServiceMistake
            ]
        );
        assert!(must_call(false, false, false).is_empty());
    }

    #[test]
    fn a_must_call_is_called_at_a_zero_share_but_never_without_consent() {
        assert!(is_called(true, &[MustCall::Overhaul], false));
        assert!(!is_called(false, &[MustCall::Overhaul], true));
        assert!(!is_called(true, &[], false));
    }

    #[test]
    fn half_the_cars_is_every_other_car_not_the_first_half() {
        let mut count = PickCount::default();
        let picks: Vec<bool> = (0..6).map(|_| pick_next(&mut count, 50)).collect();
        assert_eq!(picks, vec![false, true, false, true, false, true]);
    }

    #[test]
    fn the_default_share_calls_everyone_and_zero_calls_nobody() {
        let mut all = PickCount::default();
        assert!((0..50).all(|_| pick_next(&mut all, 100)));
        let mut none = PickCount::default();
        assert!((0..50).all(|_| !pick_next(&mut none, 0)));
    }

    #[test]
    fn lowering_the_share_starts_counting_again() {
        let mut count = PickCount::default();
        (0..100).for_each(|_| {
            pick_next(&mut count, 100);
        });
        let after: usize = (0..10).filter(|_| pick_next(&mut count, 30)).count();
        assert_eq!(after, 3, "a lowered share still calls its share at once");
    }

    proptest! {
        /// A year of jobs, some with a must-call reason: over every prefix of the jobs in
        /// exit order, the picked share of the rest is within one job of the ratio, and
        /// every must-call job is called.
        #[test]
        fn the_share_is_picked_evenly_over_a_year_of_jobs(
            share in 0u32..=100,
            jobs in proptest::collection::vec((any::<bool>(), 0u8..10), 300..3_000),
        ) {
            let mut count = PickCount::default();
            let (mut rest, mut picked) = (0u64, 0u64);
            for (agrees, kind) in jobs {
                let must = must_call(kind == 0, kind == 1, kind == 2);
                let pick = must.is_empty() && pick_next(&mut count, share);
                if must.is_empty() {
                    rest += 1;
                    picked += u64::from(pick);
                    let ideal = rest as f64 * f64::from(share) / 100.0;
                    prop_assert!((picked as f64 - ideal).abs() <= 1.0,
                        "after {rest} jobs {picked} picked, ideal {ideal}");
                } else {
                    prop_assert!(is_called(agrees, &must, pick) == agrees);
                }
            }
        }
    }
}
