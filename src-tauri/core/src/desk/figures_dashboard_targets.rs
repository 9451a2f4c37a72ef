//! The month's target in cars and money and the figures' green / amber / red bands, set
//! by the supervisor with her PIN and journalled in the same transaction; and the month
//! to a day against its target (至本日目标达成 车/钱).
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::desk::figures_dashboard::{day_range, revenue};
use crate::domain::figures_dashboard::{
    FigureBand, MonthTarget, MonthToDate, TargetInput, TargetsView,
};
use crate::domain::staff::ShopAction;
use crate::error::{CoreError, Result};
use crate::figures::dashboard::{check_band, check_target, due_by, month_of};
use crate::settlement::supervision::SupervisorWord;
use crate::store::figures_dashboard as rows;
use crate::store::{staff, Store};

fn target_text(t: Option<&MonthTarget>) -> String {
    t.map(|t| format!("{} cars, {} minor", t.cars, t.money_minor))
        .unwrap_or_default()
}

fn band_text(b: Option<&FigureBand>) -> String {
    b.map(|b| {
        let better = if b.higher_is_better {
            "higher"
        } else {
            "lower"
        };
        format!("green {}, red {}, {better} is better", b.green, b.red)
    })
    .unwrap_or_default()
}

impl Store {
    /// The target of the month `year`-`month` and every band set.
    pub fn figure_targets(&self, year: i32, month: u32) -> Result<TargetsView> {
        self.with_conn(|c| {
            Ok(TargetsView {
                target: rows::month_target(c, year, month)?,
                bands: rows::bands(c)?,
            })
        })
    }

    /// Sets a month's target; the supervisor's `word` is needed, and the change is
    /// journalled with what it was before.
    pub fn set_month_target(
        &self,
        input: &TargetInput,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<TargetsView> {
        let issues = check_target(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let target = MonthTarget {
            year: input.year,
            month: input.month,
            cars: u32::try_from(input.cars).unwrap_or(u32::MAX),
            money_minor: input.money_minor,
        };
        let boss = self.supervisor_for(Some(ShopAction::SetMonthTarget), word, now)?;
        self.with_tx(|tx| {
            let by = match &boss {
                Some(b) => b.name.clone(),
                None => staff::acting_name(tx)?,
            };
            let before = rows::month_target(tx, target.year, target.month)?;
            rows::put_month_target(tx, &target, &by, now)?;
            let subject = format!("{:04}-{:02}", target.year, target.month);
            let change = (target_text(before.as_ref()), target_text(Some(&target)));
            staff::journal_action(
                tx,
                ShopAction::SetMonthTarget.as_str(),
                boss.as_ref(),
                &subject,
                (&change.0, &change.1),
                "",
                now,
            )?;
            Ok(TargetsView {
                target: Some(target.clone()),
                bands: rows::bands(tx)?,
            })
        })
    }

    /// Sets one figure's band; the supervisor's `word` is needed, journalled as above.
    /// The view returned carries the month of `now`'s target.
    pub fn set_figure_band(
        &self,
        band: &FigureBand,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<TargetsView> {
        let issues = check_band(band);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let boss = self.supervisor_for(Some(ShopAction::SetFigureBand), word, now)?;
        self.with_tx(|tx| {
            let by = match &boss {
                Some(b) => b.name.clone(),
                None => staff::acting_name(tx)?,
            };
            let before = rows::band(tx, band.figure)?;
            rows::put_band(tx, band, &by, now)?;
            let change = (band_text(before.as_ref()), band_text(Some(band)));
            staff::journal_action(
                tx,
                ShopAction::SetFigureBand.as_str(),
                boss.as_ref(),
                band.figure.as_str(),
                (&change.0, &change.1),
                "",
                now,
            )?;
            Ok(TargetsView {
                target: rows::month_target(tx, now.year(), now.month())?,
                bands: rows::bands(tx)?,
            })
        })
    }

    /// The cars out and the revenue from the 1st of `day`'s month to `day`, against the
    /// month's target and the share of it due by then. A `day` past `now`'s is counted to
    /// `now`'s day: nothing later has happened.
    pub fn month_to_date(&self, day: NaiveDate, now: NaiveDateTime) -> Result<MonthToDate> {
        let (first, days_in_month) = month_of(day);
        let day = day.min(now.date()).max(first);
        let range = day_range(first, day)?;
        self.with_conn(|c| {
            let target = rows::month_target(c, first.year(), first.month())?;
            let days_gone = day.day();
            Ok(MonthToDate {
                day,
                cars: rows::cars_out(c, range)?,
                money_minor: revenue(c, range)?.revenue_minor,
                cars_due: target.as_ref().map(|t| {
                    u32::try_from(due_by(i64::from(t.cars), days_gone, days_in_month))
                        .unwrap_or(u32::MAX)
                }),
                money_due_minor: target
                    .as_ref()
                    .map(|t| due_by(t.money_minor, days_gone, days_in_month)),
                target,
                days_gone,
                days_in_month,
            })
        })
    }
}
