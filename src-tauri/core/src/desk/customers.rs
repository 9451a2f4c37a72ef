//! Creating and editing a customer's file: cleaned by the rules, refused on a phone
//! another customer has (unless the desk allows it), written with the search entry.
use chrono::NaiveDateTime;

use crate::customer::{Customer, CustomerInput};
use crate::error::{CoreError, Result};
use crate::ids::CustomerId;
use crate::reason::Reason;
use crate::store::customers::{load, phone_duplicates};
use crate::store::{customers, phones, search, Store};
use crate::validate;

fn check_phone_duplicates(
    conn: &rusqlite::Connection,
    input: &CustomerInput,
    except: Option<CustomerId>,
) -> Result<()> {
    if input.allow_duplicate_phone {
        return Ok(());
    }
    let numbers: Vec<&str> = input.phones.iter().map(|p| p.number.as_str()).collect();
    let hits = phone_duplicates(conn, &numbers, except)?;
    if hits.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Duplicate(hits))
    }
}

impl Store {
    pub fn create_customer(&self, input: &CustomerInput, now: NaiveDateTime) -> Result<Customer> {
        let clean = validate::clean_customer(input)?;
        self.with_tx(|tx| {
            check_phone_duplicates(tx, &clean, None)?;
            let id = customers::insert(tx, &clean, now)?;
            search::refresh(tx, id)?;
            load(tx, id)
        })
    }

    pub fn update_customer(
        &self,
        id: CustomerId,
        input: &CustomerInput,
        now: NaiveDateTime,
    ) -> Result<Customer> {
        let clean = validate::clean_customer(input)?;
        self.with_tx(|tx| {
            load(tx, id)?;
            check_phone_duplicates(tx, &clean, Some(id))?;
            customers::update_row(tx, id, &clean, now)?;
            phones::replace(tx, id, &clean.phones)?;
            search::refresh(tx, id)?;
            load(tx, id)
        })
    }

    /// Brings an archived customer back, unless the file was merged into another one.
    pub fn unarchive_customer(&self, id: CustomerId, now: NaiveDateTime) -> Result<Customer> {
        self.with_tx(|tx| {
            if load(tx, id)?.merged_into.is_some() {
                return Err(CoreError::conflict(Reason::CustomerMerged));
            }
            customers::unarchive(tx, id, now)?;
            load(tx, id)
        })
    }
}
