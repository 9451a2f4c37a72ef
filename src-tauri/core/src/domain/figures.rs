//! The shop's figures (业务统计, issue 21): what the statistics count a job by. Types only;
//! the rules are `figures`, the use cases `desk::figures`.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::WorkOrderId;

/// A job's repair category: a noun of the job (`work_order`), named here too for the
/// statistics.
pub use crate::work_order::RepairCategory;

/// What a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Day,
    /// Sunday to Saturday (see `figures::period`).
    Week,
    Month,
    Year,
    /// Any run of days the supervisor chooses.
    Range,
}

/// A run of whole days, `from` to `to` both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A report the shop's rules want handed in (日报表、周报表、月报表).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportDue {
    Daily,
    Weekly,
    Monthly,
}

/// A day's additive counters by name (`figures::tally` names them): what is frozen when
/// the day is closed, and what sums over the days of a period.
pub type Tally = BTreeMap<String, i64>;

/// The revenue of a period, from its signed settlements, less the credit notes issued in
/// it. The kinds are the lines' amounts after their own discounts, as the day's cash-up
/// shows them; `sundries + outside` is its "other".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevenueFigures {
    pub labour_minor: i64,
    pub parts_minor: i64,
    pub sundries_minor: i64,
    pub outside_minor: i64,
    pub tax_minor: i64,
    /// Discounts on the settlements' totals.
    pub discount_minor: i64,
    /// What the settlements signed in the period charge.
    pub settled_minor: i64,
    /// Credit notes issued in the period (on settlements of any day).
    pub credited_minor: i64,
    /// `settled - credited`.
    pub revenue_minor: i64,
    pub jobs_settled: u32,
    /// `revenue / jobs settled`, rounded half away from zero; 0 without jobs.
    pub average_per_job_minor: i64,
}

/// Jobs in and out in one row of a breakdown (a repair category, a vehicle kind, or the
/// explicit `unknown`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CountRow {
    /// The category's or kind's text code, or `unknown`.
    pub key: String,
    /// Jobs opened (vehicles in). A day carrying a correction may count below zero.
    pub vehicles_in: i64,
    /// Cars handed over at the gate (vehicles out).
    pub vehicles_out: i64,
}

/// One advisor's settled jobs and revenue (an empty name: jobs opened without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdvisorRow {
    pub advisor: String,
    pub jobs_settled: u32,
    pub revenue_minor: i64,
}

/// The settlements signed in the period, as they stood at its end: billed (less credit
/// notes) = collected + written off + still owed, exactly.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BalanceFigures {
    pub billed_minor: i64,
    pub collected_minor: i64,
    pub written_off_minor: i64,
    pub owed_minor: i64,
}

/// One day of a period as reported: frozen days as handed in, open days live with the
/// corrections of the closed days before them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayLine {
    pub date: NaiveDate,
    pub frozen: bool,
    pub revenue_minor: i64,
    pub collected_minor: i64,
    pub vehicles_in: i64,
    pub vehicles_out: i64,
    /// The revenue of the correction this day carries.
    pub correction_revenue_minor: i64,
}

/// What changed on closed days since they were handed in, carried by the open day
/// `shown_on`: each counter's difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Correction {
    pub shown_on: NaiveDate,
    pub changes: Tally,
}

/// The figures of a period (业务统计): exact, plain data for the screen, the forms and
/// the sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PeriodFigures {
    pub period: Period,
    pub revenue: RevenueFigures,
    /// Payments less refunds taken in the period on jobs (voids and 挂账 left out).
    pub collected_minor: i64,
    /// Written off in the period.
    pub written_off_minor: i64,
    /// Still owed on every settlement at the end of the period (欠收).
    pub owed_at_end_minor: i64,
    pub balance: BalanceFigures,
    pub vehicles_in: i64,
    pub vehicles_out: i64,
    /// Every repair category, then `unknown`.
    pub by_category: Vec<CountRow>,
    /// Every vehicle kind (its own `unknown` last).
    pub by_kind: Vec<CountRow>,
    pub by_advisor: Vec<AdvisorRow>,
    pub days: Vec<DayLine>,
    pub corrections: Vec<Correction>,
    /// Jobs counted before migration 020 could classify them (the "unknown" row's why).
    pub jobs_not_classified: u32,
}

/// A period with the one before it and the same one a year earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComparedFigures {
    pub current: PeriodFigures,
    pub previous: PeriodFigures,
    pub last_year: PeriodFigures,
}

/// What the supervisor types to write off a settlement's debt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WriteOffInput {
    pub work_order_id: WorkOrderId,
    pub amount_minor: i64,
    pub reason: String,
}

/// A debt written off (坏账).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WriteOff {
    pub id: i64,
    pub work_order_id: WorkOrderId,
    pub amount_minor: i64,
    pub reason: String,
    pub approved_by: String,
    pub written_at: chrono::NaiveDateTime,
}

/// The signed settlements of one day and advisor, as the store sums them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SettledRow {
    pub day: NaiveDate,
    pub advisor: String,
    pub jobs: i64,
    pub labour_minor: i64,
    pub parts_minor: i64,
    pub sundries_minor: i64,
    pub outside_minor: i64,
    pub tax_minor: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
}

/// An amount of one day, for one advisor where that matters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayAmount {
    pub day: NaiveDate,
    pub advisor: String,
    pub amount_minor: i64,
}

/// Jobs of one day by their repair category (`None`: unknown) and vehicle kind text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VehicleCount {
    pub day: NaiveDate,
    pub category: Option<String>,
    pub kind: String,
    pub jobs: i64,
}

/// Everything the days of a run hold, as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayRows {
    pub settled: Vec<SettledRow>,
    pub credited: Vec<DayAmount>,
    pub collected: Vec<DayAmount>,
    pub written_off: Vec<DayAmount>,
    pub vehicles_in: Vec<VehicleCount>,
    pub vehicles_out: Vec<VehicleCount>,
}

/// A day closed by its export: the counters handed in and those last accounted for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrozenDay {
    pub day: NaiveDate,
    pub tally: Tally,
    pub baseline: Tally,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_reads_back_from_its_text() {
        for c in RepairCategory::ALL {
            assert_eq!(RepairCategory::parse(c.as_str()), Some(c));
        }
        assert_eq!(RepairCategory::parse("body"), None);
    }
}
