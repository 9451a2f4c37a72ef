//! The 4S service desk's dashboard (issue 21): the lines counted over a period, the
//! trade's ratios with their definitions, the month's target in cars and money and the
//! green / amber / red bands the supervisor sets per figure. Types only: counted in
//! `desk/figures_dashboard.rs`, judged in `figures/dashboard.rs`, kept by
//! `store/figures_dashboard.rs` (migration 022).
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::ids::WorkOrderId;

/// A rate or mean kept exact as a fraction of integers; shown as a number only at the
/// edge. Never built with a zero denominator (the figure is `None` then).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Ratio {
    pub num: i64,
    pub den: i64,
}

/// Parts replaced under the shop's own guarantee: the part lines of the signed
/// settlements of comeback jobs judged within the earlier job's guarantee, for the
/// comebacks that went out (exit notice) in the period (保修的件数).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WarrantyParts {
    /// Comeback jobs within guarantee that went out.
    pub jobs: u32,
    /// Their part lines.
    pub lines: u32,
    /// The pieces on those lines, in thousandths (the lines' `qty_milli` summed).
    pub pieces_milli: i64,
}

/// The appointments of the period, as the appointment tally counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentLines {
    /// Bookings made in the period (their `booked_at`).
    pub booked: u32,
    /// Bookings due in the period (their time), as the tally's "booked".
    pub due: u32,
    /// Of those due, the ones that arrived.
    pub arrived: u32,
    /// Jobs opened in the period (cancelled ones left out).
    pub jobs_opened: u32,
    /// Of those, the ones that came from a booking.
    pub jobs_booked: u32,
    /// `jobs_booked ÷ jobs_opened`.
    pub booked_share: Option<Ratio>,
    /// `arrived ÷ due`, the tally's show rate.
    pub show_rate: Option<Ratio>,
}

/// The follow-up calls of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpLines {
    /// Call stages whose window opened in the period, on jobs the shop chose to call.
    pub due: u32,
    /// Calls made in the period, answered or not.
    pub made: u32,
    /// Of those, the ones that reached someone.
    pub reached: u32,
}

/// The complaints of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintLines {
    pub opened: u32,
    pub closed: u32,
    /// Open at the period's end (or now, if sooner) past their promised answer time.
    pub late: u32,
}

/// Customers left waiting or neglected (被冷落的客户).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NeglectLines {
    /// Jobs whose promise (the latest moved one, else the intake's) fell in the period
    /// and that were not ready (the pickup check) by it.
    pub jobs_late: u32,
    /// Follow-up call windows that closed in the period with nobody reached.
    pub calls_missed: u32,
}

/// Comebacks (返修率) and first-time fixes (一次修复率) among the jobs that went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComebackLines {
    /// Jobs whose exit notice was issued in the period.
    pub jobs_out: u32,
    /// Of those, the ones linked as a comeback of an earlier job.
    pub comebacks: u32,
    /// `comebacks ÷ jobs_out`.
    pub comeback_rate: Option<Ratio>,
    /// `(jobs_out − comebacks) ÷ jobs_out`: the jobs fixed without coming back for it.
    pub first_time_fix: Option<Ratio>,
}

/// Additional items (增项) found in the period and what the customers approved of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalLines {
    pub offered: u32,
    /// Their lines' amounts before tax.
    pub offered_minor: i64,
    pub approved: u32,
    pub approved_minor: i64,
    /// `approved_minor ÷ offered_minor`: the close ratio on recommended work.
    pub close_ratio: Option<Ratio>,
}

/// How many calls gave one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScoreCount {
    pub score: u8,
    pub count: u32,
}

/// One of the worst answers, with the customer's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorstAnswer {
    pub score: u8,
    pub words: String,
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub called_at: NaiveDateTime,
}

/// The follow-up calls' 1–5 scores of the period.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Satisfaction {
    /// One row per score 1..=5.
    pub counts: Vec<ScoreCount>,
    /// The sum of the scores ÷ their count.
    pub mean: Option<Ratio>,
    /// The lowest scores first (then the oldest), at most ten.
    pub worst: Vec<WorstAnswer>,
}

/// Signed settlements in the period (their signing time) less the credit notes issued in
/// it: the same revenue the period figures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevenueLines {
    /// Signed settlements in the period.
    pub jobs: u32,
    pub revenue_minor: i64,
    /// Their labour lines' amounts, before tax.
    pub labour_minor: i64,
    /// Their labour lines' hours, in thousandths of an hour.
    pub hours_sold_milli: i64,
}

/// One of the trade's ratios; its definition is the catalogue's
/// `dashboard.ratio.<key>.definition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RatioKey {
    AverageRepairOrder,
    EffectiveLabourRate,
    CloseRatio,
    ShowRate,
}

impl RatioKey {
    pub const ALL: [RatioKey; 4] = [
        Self::AverageRepairOrder,
        Self::EffectiveLabourRate,
        Self::CloseRatio,
        Self::ShowRate,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AverageRepairOrder => "average_repair_order",
            Self::EffectiveLabourRate => "effective_labour_rate",
            Self::CloseRatio => "close_ratio",
            Self::ShowRate => "show_rate",
        }
    }
}

/// A ratio with its value; `definition_key` names its one-line definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TradeRatio {
    pub key: RatioKey,
    pub value: Option<Ratio>,
    pub definition_key: String,
}

/// A figure that may carry a target band, with the unit its thresholds are typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FigureKey {
    ComebackRate,
    FirstTimeFix,
    ShowRate,
    CloseRatio,
    AverageRepairOrder,
    EffectiveLabourRate,
    SatisfactionMean,
    ComplaintsLate,
    JobsLate,
    CallsMissed,
    LostCustomers,
}

/// The unit of a figure's value and thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FigureUnit {
    /// 10,000 is 100 %.
    BasisPoints,
    /// Money in minor units (per hour for the labour rate).
    Minor,
    /// Hundredths: a mean score of 4.25 is 425.
    Hundredths,
    Count,
}

impl FigureKey {
    pub const ALL: [FigureKey; 11] = [
        Self::ComebackRate,
        Self::FirstTimeFix,
        Self::ShowRate,
        Self::CloseRatio,
        Self::AverageRepairOrder,
        Self::EffectiveLabourRate,
        Self::SatisfactionMean,
        Self::ComplaintsLate,
        Self::JobsLate,
        Self::CallsMissed,
        Self::LostCustomers,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ComebackRate => "comeback_rate",
            Self::FirstTimeFix => "first_time_fix",
            Self::ShowRate => "show_rate",
            Self::CloseRatio => "close_ratio",
            Self::AverageRepairOrder => "average_repair_order",
            Self::EffectiveLabourRate => "effective_labour_rate",
            Self::SatisfactionMean => "satisfaction_mean",
            Self::ComplaintsLate => "complaints_late",
            Self::JobsLate => "jobs_late",
            Self::CallsMissed => "calls_missed",
            Self::LostCustomers => "lost_customers",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn unit(self) -> FigureUnit {
        match self {
            Self::ComebackRate | Self::FirstTimeFix | Self::ShowRate | Self::CloseRatio => {
                FigureUnit::BasisPoints
            }
            Self::AverageRepairOrder | Self::EffectiveLabourRate => FigureUnit::Minor,
            Self::SatisfactionMean => FigureUnit::Hundredths,
            Self::ComplaintsLate | Self::JobsLate | Self::CallsMissed | Self::LostCustomers => {
                FigureUnit::Count
            }
        }
    }
}

/// Where a figure stands against its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Green,
    Amber,
    Red,
}

/// The supervisor's band of one figure: green at `green` or better, red at `red` or worse,
/// amber between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FigureBand {
    pub figure: FigureKey,
    pub green: i64,
    pub red: i64,
    pub higher_is_better: bool,
}

/// A figure's value in its unit and its band, when one is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FigureStanding {
    pub figure: FigureKey,
    pub unit: FigureUnit,
    pub value: Option<i64>,
    pub band: Option<Band>,
}

/// Everything the dashboard shows for the days `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DashboardFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub warranty: WarrantyParts,
    pub appointments: AppointmentLines,
    pub follow_ups: FollowUpLines,
    pub complaints: ComplaintLines,
    pub neglected: NeglectLines,
    /// Lost customers on the period's last day, as the lost-customer list counts them.
    pub lost_customers: u32,
    pub comebacks: ComebackLines,
    pub additional: AdditionalLines,
    pub satisfaction: Satisfaction,
    pub revenue: RevenueLines,
    pub ratios: Vec<TradeRatio>,
    pub standings: Vec<FigureStanding>,
}

/// A month's target in cars out and money (至本日目标达成 车/钱).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MonthTarget {
    pub year: i32,
    pub month: u32,
    pub cars: u32,
    pub money_minor: i64,
}

/// What the supervisor sets for one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TargetInput {
    pub year: i32,
    pub month: u32,
    pub cars: i64,
    pub money_minor: i64,
}

/// The month to a day against its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MonthToDate {
    pub day: NaiveDate,
    /// Jobs out (exit notices) from the 1st to `day`.
    pub cars: u32,
    /// The revenue from the 1st to `day`.
    pub money_minor: i64,
    pub target: Option<MonthTarget>,
    /// The target's share for the days gone: target × days gone ÷ days in the month.
    pub cars_due: Option<u32>,
    pub money_due_minor: Option<i64>,
    pub days_gone: u32,
    pub days_in_month: u32,
}

/// The Settings panel's targets: the month's and every band set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TargetsView {
    pub target: Option<MonthTarget>,
    pub bands: Vec<FigureBand>,
}
