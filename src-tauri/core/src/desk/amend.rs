//! Amendments to a frozen intake: a correction recorded beside it (the frozen content
//! never changes), and the customer's countersignature on it.
use std::path::Path;

use chrono::NaiveDateTime;

use crate::desk::sign::{insert, NewSignature};
use crate::error::{CoreError, Result};
use crate::ids::{AmendmentId, WorkOrderId};
use crate::intake::signature::{check_amendment, clean_signature};
use crate::intake::{refuse, AmendmentInput, SignatureInput, SignatureRole, WorkOrderDetail};
use crate::reason::Reason;
use crate::store::{amendments, signatures, work_orders, Store};
use crate::work_order::WorkOrderStatus;

impl Store {
    /// Records a correction to a signed intake: what, why, who asked, when.
    pub fn add_amendment(
        &self,
        id: WorkOrderId,
        input: &AmendmentInput,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        refuse(check_amendment(input))?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, id)?;
            if work_order.status == WorkOrderStatus::Cancelled {
                return Err(CoreError::conflict(Reason::WorkOrderCancelled));
            }
            if work_order.frozen_at.is_none() {
                return Err(CoreError::conflict(Reason::IntakeNotFrozen));
            }
            amendments::insert(tx, id, input, now)
        })?;
        self.get_work_order(id)
    }

    /// The customer counter-signs an amendment (once).
    pub fn countersign_amendment(
        &self,
        data_dir: &Path,
        amendment: AmendmentId,
        input: &SignatureInput,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        if input.role != SignatureRole::Customer {
            return Err(CoreError::invalid("role", Reason::AmendmentCustomerSigns));
        }
        let clean = clean_signature(input)?;
        crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        let work_order = self.with_tx(|tx| {
            let (work_order, record) = amendments::load(tx, amendment)?;
            if signatures::for_amendment(tx, amendment)?.is_some() {
                return Err(CoreError::conflict(Reason::SignatureAlreadySigned));
            }
            let hash = signatures::intake_record(tx, work_order)?
                .map(|(_, hash)| hash)
                .unwrap_or_default();
            let content = amendments::signed_content(&hash, &record);
            insert(
                tx,
                &NewSignature {
                    work_order,
                    amendment: Some(amendment),
                    clean: &clean,
                    signed_at: now,
                    content: &content,
                    snapshot: None,
                },
            )?;
            Ok(work_order)
        })?;
        self.get_work_order(work_order)
    }
}
