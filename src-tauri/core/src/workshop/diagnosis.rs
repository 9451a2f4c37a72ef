//! The rules of the diagnosis report: what a saved report must hold (every check row
//! complete, the road test whole when one is needed) and what signing it needs on top
//! (findings, a recommendation, and something checked or driven). Pure: the report in,
//! its field issues out.
use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::diagnosis::{DiagnosisInput, RoadTest};
use crate::domain::intake::SignatureRole;
use crate::domain::signature::fingerprint;
use crate::error::{CoreError, FieldIssue, Result};
use crate::intake::snapshot::hash_json;
use crate::reason::Reason;
use crate::validate::too_long;

pub use crate::domain::diagnosis::{
    Diagnosis, DiagnosisCheck, DiagnosisView, Judgement, TechnicianSignature,
};

/// The most check rows one report holds.
pub const MAX_CHECKS: usize = 40;
/// The longest road test the desk records, in km.
pub const MAX_ROAD_KM: u32 = 1000;

/// The report as it will be kept: text trimmed, the road test dropped when none is
/// needed. Check it with [`check_diagnosis`] first.
pub fn clean_diagnosis(input: &DiagnosisInput) -> DiagnosisInput {
    let trim = |s: &str| s.trim().to_string();
    DiagnosisInput {
        checks: input
            .checks
            .iter()
            .map(|c| DiagnosisCheck {
                item: trim(&c.item),
                reading: trim(&c.reading),
                unit: trim(&c.unit),
                judgement: c.judgement,
            })
            .collect(),
        road_test_needed: input.road_test_needed,
        road_test: input
            .road_test
            .as_ref()
            .filter(|_| input.road_test_needed)
            .map(|r| RoadTest {
                driver: trim(&r.driver),
                distance_km: r.distance_km,
                observed: trim(&r.observed),
            }),
        findings: trim(&input.findings),
        recommendation: trim(&input.recommendation),
        technician: trim(&input.technician),
    }
}

/// Every problem that keeps the report from being saved, all at once.
pub fn check_diagnosis(input: &DiagnosisInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.checks.len() > MAX_CHECKS {
        issues.push(FieldIssue::new("checks", Reason::ListTooLong));
    }
    for (i, check) in input.checks.iter().enumerate() {
        let field = |name: &str| format!("checks.{i}.{name}");
        if check.item.trim().is_empty() {
            issues.push(FieldIssue::new(
                field("item"),
                Reason::DiagnosisCheckItemRequired,
            ));
        }
        if check.reading.trim().is_empty() {
            issues.push(FieldIssue::new(
                field("reading"),
                Reason::DiagnosisReadingRequired,
            ));
        }
        too_long(&mut issues, &field("item"), check.item.trim(), 120);
        too_long(&mut issues, &field("reading"), check.reading.trim(), 60);
        too_long(&mut issues, &field("unit"), check.unit.trim(), 20);
    }
    if input.road_test_needed {
        let road = input.road_test.as_ref();
        let driver = road.map_or("", |r| r.driver.trim());
        let observed = road.map_or("", |r| r.observed.trim());
        if driver.is_empty() {
            issues.push(FieldIssue::new(
                "roadTest.driver",
                Reason::DiagnosisRoadDriverRequired,
            ));
        }
        if !road.is_some_and(|r| (1..=MAX_ROAD_KM).contains(&r.distance_km)) {
            issues.push(FieldIssue::new(
                "roadTest.distanceKm",
                Reason::DiagnosisRoadDistance,
            ));
        }
        if observed.is_empty() {
            issues.push(FieldIssue::new(
                "roadTest.observed",
                Reason::DiagnosisRoadObservedRequired,
            ));
        }
        too_long(&mut issues, "roadTest.driver", driver, 100);
        too_long(&mut issues, "roadTest.observed", observed, 2000);
    }
    too_long(&mut issues, "findings", input.findings.trim(), 4000);
    too_long(
        &mut issues,
        "recommendation",
        input.recommendation.trim(),
        4000,
    );
    too_long(&mut issues, "technician", input.technician.trim(), 100);
    issues
}

/// What still keeps a saved report from being signed: findings and a recommendation,
/// the technician named, and at least one check or the road test.
pub fn sign_blockers(report: &Diagnosis) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if report.checks.is_empty() && report.road_test.is_none() {
        issues.push(FieldIssue::new("checks", Reason::DiagnosisNothingChecked));
    }
    if report.findings.is_empty() {
        issues.push(FieldIssue::new(
            "findings",
            Reason::DiagnosisFindingsRequired,
        ));
    }
    if report.recommendation.is_empty() {
        issues.push(FieldIssue::new(
            "recommendation",
            Reason::DiagnosisRecommendationRequired,
        ));
    }
    if report.technician.is_empty() {
        issues.push(FieldIssue::new(
            "technician",
            Reason::DiagnosisTechnicianRequired,
        ));
    }
    issues
}

/// What the technician's signature binds to: the report as signed, in a fixed order.
/// `version` lets a later release change the shape without breaking older hashes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedReport<'a> {
    version: u32,
    work_order_id: i64,
    checks: &'a [DiagnosisCheck],
    road_test_needed: bool,
    road_test: Option<&'a RoadTest>,
    findings: &'a str,
    recommendation: &'a str,
    technician: &'a str,
}

/// SHA-256 (hex) of the report's canonical JSON: what the technician signed. The save
/// time and the signature itself are not part of it.
pub fn report_sha256(report: &Diagnosis) -> Result<String> {
    let signed = SignedReport {
        version: 1,
        work_order_id: report.work_order_id.0,
        checks: &report.checks,
        road_test_needed: report.road_test_needed,
        road_test: report.road_test.as_ref(),
        findings: &report.findings,
        recommendation: &report.recommendation,
        technician: &report.technician,
    };
    let json = serde_json::to_string(&signed).map_err(|e| {
        CoreError::Io(std::io::Error::other(format!(
            "diagnosis not serializable: {e}"
        )))
    })?;
    Ok(hash_json(&json))
}

/// The technician's fingerprint over the report's hash, the signer, the time and the
/// ink: the same binding as every signature on the pad (the pad's workshop role).
pub fn technician_fingerprint(
    report_sha256: &str,
    signer_name: &str,
    signed_at: NaiveDateTime,
    png_sha256: &str,
) -> String {
    fingerprint(
        report_sha256,
        SignatureRole::WorkshopReceiver,
        signer_name,
        signed_at,
        png_sha256,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::WorkOrderId;
    use chrono::NaiveDateTime;

    fn check(item: &str, reading: &str) -> DiagnosisCheck {
        DiagnosisCheck {
            item: item.into(),
            reading: reading.into(),
            unit: "V".into(),
            judgement: Judgement::Ok,
        }
    }

    fn fields(issues: &[FieldIssue]) -> Vec<&str> {
        issues.iter().map(|i| i.field.as_str()).collect()
    }

    #[test]
    fn a_check_row_needs_what_was_checked_and_its_reading() {
        let input = DiagnosisInput {
            checks: vec![
                check("Battery", "12.4"),
                check(" ", ""),
                check("Codes", " "),
            ],
            ..DiagnosisInput::default()
        };
        assert_eq!(
            fields(&check_diagnosis(&input)),
            ["checks.1.item", "checks.1.reading", "checks.2.reading"],
            "each incomplete row is named by its position, so the window marks that row"
        );
    }

    #[test]
    fn a_needed_road_test_names_the_driver_the_distance_and_what_was_seen() {
        let mut input = DiagnosisInput {
            road_test_needed: true,
            ..DiagnosisInput::default()
        };
        assert_eq!(
            fields(&check_diagnosis(&input)),
            [
                "roadTest.driver",
                "roadTest.distanceKm",
                "roadTest.observed"
            ]
        );
        input.road_test = Some(RoadTest {
            driver: "Li Wei".into(),
            distance_km: 0,
            observed: "Knock at 60 km/h".into(),
        });
        assert_eq!(fields(&check_diagnosis(&input)), ["roadTest.distanceKm"]);
        if let Some(road) = input.road_test.as_mut() {
            road.distance_km = 8;
        }
        assert!(check_diagnosis(&input).is_empty());
    }

    #[test]
    fn a_road_test_not_needed_is_not_kept() {
        let input = DiagnosisInput {
            road_test_needed: false,
            road_test: Some(RoadTest {
                driver: String::new(),
                distance_km: 0,
                observed: String::new(),
            }),
            ..DiagnosisInput::default()
        };
        assert!(check_diagnosis(&input).is_empty(), "nothing to check");
        assert_eq!(clean_diagnosis(&input).road_test, None);
    }

    #[test]
    fn signing_needs_findings_a_recommendation_a_technician_and_something_checked() {
        let mut report = Diagnosis {
            work_order_id: WorkOrderId(1),
            checks: Vec::new(),
            road_test_needed: false,
            road_test: None,
            findings: String::new(),
            recommendation: String::new(),
            technician: String::new(),
            updated_at: NaiveDateTime::default(),
            signature: None,
        };
        assert_eq!(
            fields(&sign_blockers(&report)),
            ["checks", "findings", "recommendation", "technician"]
        );
        report.checks.push(check("Battery", "11.2"));
        report.findings = "Battery weak".into();
        report.recommendation = "Replace battery".into();
        report.technician = "Zhang".into();
        assert!(sign_blockers(&report).is_empty());
    }

    #[test]
    fn the_signed_report_hash_is_pinned_and_moves_with_any_word_of_the_report() {
        let mut report = Diagnosis {
            work_order_id: WorkOrderId(7),
            checks: vec![check("Battery", "11.2")],
            road_test_needed: false,
            road_test: None,
            findings: "Battery weak".into(),
            recommendation: "Replace battery".into(),
            technician: "Zhang".into(),
            updated_at: NaiveDateTime::default(),
            signature: None,
        };
        let hash = |r: &Diagnosis| report_sha256(r).expect("serializable");
        let signed = hash(&report);
        assert_eq!(
            signed,
            hash_json(
                r#"{"version":1,"workOrderId":7,"checks":[{"item":"Battery","reading":"11.2","unit":"V","judgement":"ok"}],"roadTestNeeded":false,"roadTest":null,"findings":"Battery weak","recommendation":"Replace battery","technician":"Zhang"}"#
            ),
            "the canonical form is pinned: a changed shape would break every stored hash"
        );
        report.updated_at = NaiveDateTime::default() + chrono::Duration::hours(1);
        assert_eq!(hash(&report), signed, "saving again signs nothing new");
        report.checks[0].reading = "12.4".into();
        assert_ne!(hash(&report), signed, "a changed reading is seen");
    }
}
