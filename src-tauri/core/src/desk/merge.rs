//! Merging two files of one customer: everything of the absorbed file moves to the kept
//! one (vehicles, their ownership history, work orders, phones not already there, notes),
//! and the absorbed file is archived with a pointer to where it went.
use chrono::NaiveDateTime;

use crate::customer::{Customer, PhoneInput};
use crate::error::{CoreError, Result};
use crate::ids::CustomerId;
use crate::reason::Reason;
use crate::store::merge::{self, MergedFields};
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

            merge::move_vehicles(tx, absorb, keep, now)?;
            ownership::reassign(tx, absorb, keep)?;
            // The jobs follow their cars: the kept file shows the whole history. Signed
            // snapshots froze the customer as they were and are not touched.
            merge::move_work_orders(tx, absorb, keep, now)?;

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
            let fields = MergedFields {
                notes,
                address: fill(&kept.address, &absorbed.address),
                company_name: fill(&kept.company_name, &absorbed.company_name),
                contact_person: fill(&kept.contact_person, &absorbed.contact_person),
            };
            merge::update_kept(tx, keep, &fields, now)?;
            merge::mark_merged(tx, absorb, keep, now)?;

            search::refresh(tx, keep)?;
            search::refresh(tx, absorb)?;
            customers::load(tx, keep)
        })
    }
}
