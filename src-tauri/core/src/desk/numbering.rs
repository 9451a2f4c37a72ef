//! Putting the numbering year right when the shop clock had run ahead: the supervisor's
//! word, the confirmed year, the journal line.
use chrono::NaiveDateTime;

use crate::error::{CoreError, Result};
use crate::reason::Reason;
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::{numbering, staff, Store};

impl Store {
    /// The supervisor confirms that the clock had run ahead into a later year and numbers
    /// were issued there: they go on in that year until the clock reaches it (the numbers
    /// on paper stay unique). Refused when the clock is not behind the last number's year.
    pub fn confirm_clock_ran_ahead(
        &self,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<i32> {
        let clock = crate::work_order::number_year(now);
        let last = self.with_conn(numbering::last_year_issued)?;
        let Some(year) = last.filter(|last| clock < *last) else {
            return Err(CoreError::conflict(Reason::ClockNotBehind));
        };
        let boss = self.supervisor_for(Some(ShopAction::CorrectClock), word, now)?;
        self.with_tx(|tx| {
            numbering::confirm_year(tx, year)?;
            let change = (clock.to_string(), year.to_string());
            staff::journal_action(
                tx,
                ShopAction::CorrectClock.as_str(),
                boss.as_ref(),
                "numbering year",
                (&change.0, &change.1),
                "",
                now,
            )?;
            Ok(year)
        })
    }
}
