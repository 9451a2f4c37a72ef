//! Proving a signed job: every part that makes the signed paper is checked again and
//! named when it fails — the frozen snapshot against its hash, the live record against
//! the snapshot, each signature's fingerprint recomputed (the technician's on the
//! diagnosis report against the report as it stands), each signature image, photo and
//! logo file against its hash, and every archived PDF (the work order, the estimates,
//! the slips, the settlement, the diagnosis report) against its hash. The window's Check
//! and `garage-desk verify` both show this report.
use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::desk::intake::live_snapshot;
use crate::error::{CoreError, Result};
use crate::files::file_hash;
use crate::files::signatures::signature_dir;
use crate::ids::WorkOrderId;
use crate::intake::snapshot::{hash_json, IntakeSnapshot};
use crate::intake::SignatureRole;
use crate::reason::Reason;
use crate::store::{amendments, diagnoses, signatures, work_orders, Store};
use crate::workshop::diagnosis::{report_sha256, technician_fingerprint};

/// What the store knows of a signed job, read in one go for [`verify_work_order`].
pub(crate) struct SignedFacts {
    pub number: String,
    /// `None` when the stored snapshot cannot even be read.
    pub snapshot: Option<IntakeSnapshot>,
    pub snapshot_intact: bool,
    pub record_matches: bool,
    pub signatures: Vec<SignatureFacts>,
}

pub(crate) struct SignatureFacts {
    /// The role, and the amendment it counter-signs if any.
    pub subject: String,
    pub png_sha256: String,
    /// `None` when what was signed was not kept (signed before this release).
    pub fingerprint_matches: Option<bool>,
}

/// Whether the stored snapshot still hashes to the stored hash, is in canonical form,
/// and matches the live tables.
fn verify(conn: &Connection, id: WorkOrderId) -> Result<bool> {
    let work_order = work_orders::load(conn, id)?;
    let Some((json, hash)) = signatures::intake_record(conn, id)? else {
        return Err(CoreError::conflict(Reason::IntakeNotFrozen));
    };
    let stored_ok = hash_json(&json) == hash;
    let canonical_ok = IntakeSnapshot::from_json(&json)?.to_json()? == json;
    let live_ok = hash_json(&live_snapshot(conn, &work_order)?.to_json()?) == hash;
    Ok(stored_ok && canonical_ok && live_ok)
}

/// What was signed by the signature `proof`, recomputed from the record: the frozen
/// intake for the customer's, the amendment's text for a countersignature. `None` for an
/// advisor or workshop signature made on the draft before this release kept it.
fn expected_content(
    conn: &Connection,
    proof: &signatures::SignatureProof,
    intake_hash: &str,
) -> Result<Option<String>> {
    if let Some(amendment) = proof.meta.amendment_id {
        let (_, record) = amendments::load(conn, amendment)?;
        return Ok(Some(amendments::signed_content(intake_hash, &record)));
    }
    if proof.meta.role == SignatureRole::Customer {
        return Ok(Some(intake_hash.to_string()));
    }
    Ok(proof.signed_content.clone().or_else(|| {
        signatures::fingerprint_holds(proof, intake_hash).then(|| intake_hash.to_string())
    }))
}

/// The subject the technician's signature on the diagnosis report is named by.
pub const DIAGNOSIS_SUBJECT: &str = "diagnosis: technician";

/// The technician's signature on the diagnosis report, once signed: its fingerprint
/// recomputed over the report as it stands, so a report changed after signing fails.
fn technician_facts(conn: &Connection, id: WorkOrderId) -> Result<Option<SignatureFacts>> {
    let (Some(seal), Some(report)) = (diagnoses::seal(conn, id)?, diagnoses::load(conn, id)?)
    else {
        return Ok(None);
    };
    let Some(sig) = report.signature.as_ref() else {
        return Ok(None);
    };
    let fingerprint_matches = match (&seal.report_sha256, &seal.fingerprint) {
        (Some(kept), Some(print)) => {
            let again = report_sha256(&report)?;
            let bound =
                technician_fingerprint(&again, &sig.signer_name, sig.signed_at, &sig.png_sha256);
            Some(again == *kept && bound == *print)
        }
        _ => None,
    };
    Ok(Some(SignatureFacts {
        subject: DIAGNOSIS_SUBJECT.to_string(),
        png_sha256: sig.png_sha256.clone(),
        fingerprint_matches,
    }))
}

fn signed_facts(conn: &Connection, id: WorkOrderId) -> Result<SignedFacts> {
    let work_order = work_orders::load(conn, id)?;
    let Some((json, hash)) = signatures::intake_record(conn, id)? else {
        return Err(CoreError::conflict(Reason::IntakeNotFrozen));
    };
    let snapshot = IntakeSnapshot::from_json(&json).ok();
    let canonical = snapshot.as_ref().and_then(|s| s.to_json().ok());
    let snapshot_intact = hash_json(&json) == hash && canonical.as_deref() == Some(json.as_str());
    let record_matches = snapshot.is_some()
        && live_snapshot(conn, &work_order)
            .and_then(|live| live.to_json())
            .is_ok_and(|live| hash_json(&live) == hash);
    let mut signed = Vec::new();
    for proof in signatures::proofs(conn, id)? {
        let role = crate::intake::code_of(&proof.meta.role);
        let subject = match proof.meta.amendment_id {
            Some(amendment) => format!("amendment {}: {role}", amendment.0),
            None => role,
        };
        let fingerprint_matches = expected_content(conn, &proof, &hash)?.map(|content| {
            let kept_right = proof.signed_content.as_ref().is_none_or(|c| *c == content);
            kept_right && signatures::fingerprint_holds(&proof, &content)
        });
        signed.push(SignatureFacts {
            subject,
            png_sha256: proof.png_sha256,
            fingerprint_matches,
        });
    }
    if let Some(technician) = technician_facts(conn, id)? {
        signed.push(technician);
    }
    Ok(SignedFacts {
        number: work_order.number,
        snapshot,
        snapshot_intact,
        record_matches,
        signatures: signed,
    })
}

impl Store {
    /// What a signed job rests on, for [`verify_work_order`].
    pub(crate) fn signed_facts(&self, id: WorkOrderId) -> Result<SignedFacts> {
        self.with_conn(|conn| signed_facts(conn, id))
    }

    /// Recomputes the frozen intake's SHA-256 from the stored snapshot and from the live
    /// tables: true when both equal the hash stored at signing.
    pub fn verify_intake(&self, id: WorkOrderId) -> Result<bool> {
        self.with_conn(|conn| verify(conn, id))
    }
}

/// The parts of a signed job that can be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VerifyPart {
    /// The frozen snapshot hashes to the hash stored at signing, in canonical form.
    Snapshot,
    /// The intake in the tables still matches the frozen snapshot.
    Record,
    /// A signature's fingerprint, recomputed from what it signed.
    SignatureFingerprint,
    /// A signature's PNG file against its hash.
    SignatureImage,
    /// A photo of the walk-around against its hash.
    Photo,
    /// The shop logo frozen with the paper, against its hash.
    Logo,
    /// The archived signed original against the hash kept with its row.
    ArchivedPdf,
}

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VerifyStatus {
    Ok,
    /// The content differs from its hash.
    Altered,
    /// The file is not there.
    Missing,
    /// Signed before this release kept what was signed: nothing to recompute against.
    NotCheckable,
}

/// One line of the report: the part, which one (a file name, a role), and its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VerifyCheck {
    pub part: VerifyPart,
    pub subject: String,
    pub status: VerifyStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    pub number: String,
    /// Every check is `ok` (or, for old signatures, not checkable).
    pub matches: bool,
    pub checks: Vec<VerifyCheck>,
}

impl VerifyReport {
    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &VerifyCheck> {
        self.checks
            .iter()
            .filter(|c| matches!(c.status, VerifyStatus::Altered | VerifyStatus::Missing))
    }
}

fn file_status(path: &Path, sha256: &str) -> Result<VerifyStatus> {
    Ok(match file_hash(path)? {
        None => VerifyStatus::Missing,
        Some(found) if found == sha256 => VerifyStatus::Ok,
        Some(_) => VerifyStatus::Altered,
    })
}

fn ok_or(good: bool) -> VerifyStatus {
    if good {
        VerifyStatus::Ok
    } else {
        VerifyStatus::Altered
    }
}

/// The photos the frozen intake refers to, each once, in the order they appear.
fn photos_of(snapshot: &IntakeSnapshot) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let all = snapshot
        .inspection
        .iter()
        .flat_map(|i| i.photos.iter())
        .chain(snapshot.damage.iter().flat_map(|m| m.photos.iter()))
        .chain(
            snapshot
                .belonging_items
                .iter()
                .filter_map(|b| b.photo.as_ref()),
        );
    for name in all {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// Checks everything a signed job rests on (refused with `intake.not_frozen` before the
/// customer signed).
pub fn verify_work_order(store: &Store, data_dir: &Path, id: WorkOrderId) -> Result<VerifyReport> {
    let facts = store.signed_facts(id)?;
    let mut checks = Vec::new();
    let mut check = |part, subject: String, status| {
        checks.push(VerifyCheck {
            part,
            subject,
            status,
        })
    };
    check(
        VerifyPart::Snapshot,
        facts.number.clone(),
        ok_or(facts.snapshot_intact),
    );
    check(
        VerifyPart::Record,
        facts.number.clone(),
        ok_or(facts.record_matches),
    );
    for sig in &facts.signatures {
        let status = match sig.fingerprint_matches {
            Some(good) => ok_or(good),
            None => VerifyStatus::NotCheckable,
        };
        check(
            VerifyPart::SignatureFingerprint,
            sig.subject.clone(),
            status,
        );
        let name = format!("{}.png", sig.png_sha256);
        let path = crate::files::stored_path(&signature_dir(data_dir), &name)?;
        let status = file_status(&path, &sig.png_sha256)?;
        check(VerifyPart::SignatureImage, sig.subject.clone(), status);
    }
    if let Some(snapshot) = &facts.snapshot {
        for name in photos_of(snapshot) {
            let hash = name.split_once('.').map_or(name.as_str(), |(h, _)| h);
            let status = if crate::domain::intake::is_photo_name(&name) {
                file_status(&crate::files::photos::photo_dir(data_dir).join(&name), hash)?
            } else {
                VerifyStatus::Altered
            };
            check(VerifyPart::Photo, name.clone(), status);
        }
        if let Some(paper) = snapshot.paper.as_ref() {
            let logo = &paper.shop.logo_sha256;
            if !logo.is_empty() {
                let path = data_dir.join("logo").join(format!("{logo}.png"));
                let status = if crate::desk::logo::hash_of_name(&format!("{logo}.png")).is_some() {
                    file_status(&path, logo)?
                } else {
                    VerifyStatus::Altered
                };
                check(VerifyPart::Logo, format!("{logo}.png"), status);
            }
        }
    }
    for form in store.list_archived_forms(id)? {
        let status = file_status(
            &crate::files::stored_path(data_dir, &form.file_name)?,
            &form.sha256,
        )?;
        check(VerifyPart::ArchivedPdf, form.file_name.clone(), status);
    }
    let matches = checks
        .iter()
        .all(|c| matches!(c.status, VerifyStatus::Ok | VerifyStatus::NotCheckable));
    Ok(VerifyReport {
        number: facts.number,
        matches,
        checks,
    })
}
