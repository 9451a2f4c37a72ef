//! The shop's figures (业务统计, issue 21), as pure rules: the periods a report covers and
//! when each report is due (`period`), a day's counters and a period's sum with the
//! corrections of closed days (`tally`). The SQL is `store::figures`, the use cases
//! `desk::figures`, the types `domain::figures`.
pub mod period;
pub mod tally;
pub mod write_off;

pub use crate::domain::figures::{
    AdvisorRow, BalanceFigures, ComparedFigures, Correction, CountRow, DayAmount, DayLine, DayRows,
    FrozenDay, Period, PeriodFigures, PeriodKind, RepairCategory, ReportDue, RevenueFigures,
    SettledRow, Tally, VehicleCount, WriteOff, WriteOffInput,
};
