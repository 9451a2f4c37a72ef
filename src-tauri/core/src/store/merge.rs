//! Merging two files of one customer: everything of the absorbed file moves to the kept
//! one (vehicles, their ownership history, work orders, phones not already there, notes),
//! and the absorbed file is archived with a pointer to where it went.
use crate::reason::Reason;
use chrono::NaiveDateTime;
use rusqlite::params;

use crate::customer::{Customer, PhoneInput};
use crate::error::{CoreError, Result};
use crate::ids::CustomerId;
use crate::store::{customers, ownership, phones, search, Store};

impl Store {
    pub fn merge_customers(
        &self,
        keep: CustomerId,
        absorb: CustomerId,
        now: NaiveDateTime,
    ) -> Result<Customer> {
        if keep == absorb {
            return Err(CoreError::conflict(Reason::MergeSame));
        }
        self.with_tx(|tx| {
            let kept = customers::load(tx, keep)?;
            let absorbed = customers::load(tx, absorb)?;
            if absorbed.merged_into.is_some() || kept.merged_into.is_some() {
                return Err(CoreError::conflict(Reason::MergeAlreadyMerged));
            }

            tx.prepare_cached(
                "UPDATE vehicles SET customer_id = ?2, updated_at = ?3 WHERE customer_id = ?1",
            )?
            .execute(params![absorb, keep, now])?;
            ownership::reassign(tx, absorb, keep)?;
            // The jobs follow their cars: the kept file shows the whole history. Signed
            // snapshots froze the customer as they were and are not touched.
            tx.prepare_cached(
                "UPDATE work_orders SET customer_id = ?2, updated_at = ?3 WHERE customer_id = ?1",
            )?
            .execute(params![absorb, keep, now])?;

            let new_phones: Vec<PhoneInput> = absorbed
                .phones
                .iter()
                .filter(|p| !kept.phones.iter().any(|k| k.number == p.number))
                .map(|p| PhoneInput {
                    label: p.label,
                    number: p.number.clone(),
                    is_primary: kept.phones.is_empty() && p.is_primary,
                })
                .collect();
            phones::delete_all(tx, absorb)?;
            phones::append(tx, keep, kept.phones.len(), &new_phones)?;

            let notes = match (kept.notes.trim(), absorbed.notes.trim()) {
                (a, "") => a.to_string(),
                ("", b) => b.to_string(),
                (a, b) => format!("{a}\n\n{b}"),
            };
            let fill = |mine: &str, theirs: &str| {
                if mine.is_empty() {
                    theirs.to_string()
                } else {
                    mine.to_string()
                }
            };
            tx.prepare_cached(
                "UPDATE customers SET notes = ?2, address = ?3, company_name = ?4,
                        contact_person = ?5, updated_at = ?6
                 WHERE id = ?1",
            )?
            .execute(params![
                keep,
                notes,
                fill(&kept.address, &absorbed.address),
                fill(&kept.company_name, &absorbed.company_name),
                fill(&kept.contact_person, &absorbed.contact_person),
                now
            ])?;
            tx.prepare_cached(
                "UPDATE customers SET archived_at = COALESCE(archived_at, ?2), merged_into = ?3,
                        updated_at = ?2
                 WHERE id = ?1",
            )?
            .execute(params![absorb, now, keep])?;

            search::refresh(tx, keep)?;
            search::refresh(tx, absorb)?;
            customers::load(tx, keep)
        })
    }
}
