//! SQL of the diagnosis report: `diagnoses` (one per job) and its `diagnosis_checks`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::diagnosis::{
    Diagnosis, DiagnosisCheck, DiagnosisInput, Judgement, RoadTest, TechnicianSignature,
};
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::parse_column;

fn from_row(row: &Row<'_>) -> rusqlite::Result<Diagnosis> {
    let driver: Option<String> = row.get(2)?;
    let distance: Option<u32> = row.get(3)?;
    let observed: Option<String> = row.get(4)?;
    let road_test = match (driver, distance, observed) {
        (Some(driver), Some(distance_km), Some(observed)) => Some(RoadTest {
            driver,
            distance_km,
            observed,
        }),
        _ => None,
    };
    let signer: Option<String> = row.get(9)?;
    let signed_at: Option<NaiveDateTime> = row.get(10)?;
    let sha: Option<String> = row.get(11)?;
    let signature = match (signer, signed_at, sha) {
        (Some(signer_name), Some(signed_at), Some(png_sha256)) => Some(TechnicianSignature {
            signer_name,
            signed_at,
            png_sha256,
        }),
        _ => None,
    };
    Ok(Diagnosis {
        work_order_id: row.get(0)?,
        checks: Vec::new(),
        road_test_needed: row.get(1)?,
        road_test,
        findings: row.get(5)?,
        recommendation: row.get(6)?,
        technician: row.get(7)?,
        updated_at: row.get(8)?,
        signature,
    })
}

fn check_from_row(row: &Row<'_>) -> rusqlite::Result<DiagnosisCheck> {
    let judgement: String = row.get(3)?;
    Ok(DiagnosisCheck {
        item: row.get(0)?,
        reading: row.get(1)?,
        unit: row.get(2)?,
        judgement: parse_column(3, &judgement, Judgement::parse)?,
    })
}

/// A job's report, `None` before one is saved.
pub(crate) fn load(conn: &Connection, wo: WorkOrderId) -> Result<Option<Diagnosis>> {
    let report = conn
        .prepare_cached(
            "SELECT work_order_id, road_test_needed, road_driver, road_distance_km,
                    road_observed, findings, recommendation, technician, updated_at,
                    signer_name, signed_at, signature_sha256
             FROM diagnoses WHERE work_order_id = ?1",
        )?
        .query_row([wo], from_row)
        .optional()?;
    let Some(mut report) = report else {
        return Ok(None);
    };
    report.checks = conn
        .prepare_cached(
            "SELECT item, reading, unit, judgement FROM diagnosis_checks
             WHERE work_order_id = ?1 ORDER BY position",
        )?
        .query_map([wo], check_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(report))
}

/// Writes the whole report (an unsigned one), replacing its rows.
pub(crate) fn save(
    conn: &Connection,
    wo: WorkOrderId,
    input: &DiagnosisInput,
    now: NaiveDateTime,
) -> Result<()> {
    let road = input.road_test.as_ref();
    conn.execute(
        "INSERT INTO diagnoses (work_order_id, road_test_needed, road_driver,
             road_distance_km, road_observed, findings, recommendation, technician, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (work_order_id) DO UPDATE SET
             road_test_needed = excluded.road_test_needed,
             road_driver = excluded.road_driver,
             road_distance_km = excluded.road_distance_km,
             road_observed = excluded.road_observed,
             findings = excluded.findings,
             recommendation = excluded.recommendation,
             technician = excluded.technician,
             updated_at = excluded.updated_at",
        params![
            wo,
            input.road_test_needed,
            road.map(|r| &r.driver),
            road.map(|r| r.distance_km),
            road.map(|r| &r.observed),
            input.findings,
            input.recommendation,
            input.technician,
            now,
        ],
    )?;
    conn.execute(
        "DELETE FROM diagnosis_checks WHERE work_order_id = ?1",
        [wo],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO diagnosis_checks (work_order_id, position, item, reading, unit, judgement)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, c) in input.checks.iter().enumerate() {
        insert.execute(params![
            wo,
            i as i64,
            c.item,
            c.reading,
            c.unit,
            c.judgement.as_str()
        ])?;
    }
    Ok(())
}

/// The technician's signature: name, time, the PNG's hash and the strokes, with the
/// hash of the report as signed and the fingerprint over it.
pub(crate) struct SignatureRow<'a> {
    pub signer_name: &'a str,
    pub signed_at: NaiveDateTime,
    pub png_sha256: &'a str,
    pub strokes_json: &'a str,
    pub report_sha256: &'a str,
    pub fingerprint: &'a str,
}

pub(crate) fn sign(conn: &Connection, wo: WorkOrderId, sig: &SignatureRow<'_>) -> Result<()> {
    conn.execute(
        "UPDATE diagnoses SET signer_name = ?2, technician = ?2, signed_at = ?3,
             signature_sha256 = ?4, signature_strokes = ?5, report_sha256 = ?6,
             fingerprint = ?7
         WHERE work_order_id = ?1 AND signed_at IS NULL",
        params![
            wo,
            sig.signer_name,
            sig.signed_at,
            sig.png_sha256,
            sig.strokes_json,
            sig.report_sha256,
            sig.fingerprint
        ],
    )?;
    Ok(())
}

/// What a signed report's signature was bound to: the report's hash and the
/// fingerprint kept at signing (`None` for a report signed before they were kept).
pub(crate) struct DiagnosisSeal {
    pub report_sha256: Option<String>,
    pub fingerprint: Option<String>,
}

/// The seal of job `wo`'s report, `None` while it is unsigned or there is none.
pub(crate) fn seal(conn: &Connection, wo: WorkOrderId) -> Result<Option<DiagnosisSeal>> {
    Ok(conn
        .prepare_cached(
            "SELECT report_sha256, fingerprint FROM diagnoses
             WHERE work_order_id = ?1 AND signed_at IS NOT NULL",
        )?
        .query_row([wo], |row| {
            Ok(DiagnosisSeal {
                report_sha256: row.get(0)?,
                fingerprint: row.get(1)?,
            })
        })
        .optional()?)
}
