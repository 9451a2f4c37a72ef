//! The shop's figures (业务统计, issue 21), as pure rules: the periods a report covers and
//! when each report is due (`period`), a day's counters and a period's sum with the
//! corrections of closed days (`tally`), the write-off's checks (`write_off`), and the 4S
//! dashboard's targets and bands with its text (`dashboard`, `dashboard_text`). The SQL is
//! `store::figures` and `store::figures_dashboard`, the use cases `desk::figures` and
//! `desk::figures_dashboard`, the types `domain::figures` and `domain::figures_dashboard`.
pub mod dashboard;
pub mod dashboard_text;
pub mod period;
pub mod tally;
pub mod write_off;

pub use crate::domain::figures::{
    AdvisorRow, BalanceFigures, ComparedFigures, Correction, CountRow, DayAmount, DayLine, DayRows,
    FrozenDay, Period, PeriodFigures, PeriodKind, RepairCategory, ReportDue, RevenueFigures,
    SettledRow, Tally, VehicleCount, WriteOff, WriteOffInput,
};
