//! The gate pass's QR text and its check at the gate. One line, fields split by `|`,
//! versioned by its first field so a gate can refuse a layout it does not know:
//!
//! `GD-EXIT/1|EX-2026-00012|WO-2026-00042|SET-2026-00007|京A7P321|2026-12-01T16:05|王伟|<sha256>`
//!
//! — exit notice, job, settlement, plate, time out (to the minute), customer, and the
//! SHA-256 of the signed settlement. `%` and `|` (and line breaks) inside the free text
//! fields are written `%25`, `%7C`, `%0A`, `%0D`. The check compares a scanned pass with
//! what the shop issued ([`judge`]); the store looks the notice up (`store::gate`).
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The first field: the format and its version.
pub const PASS_TAG: &str = "GD-EXIT/1";

const TIME_OUT: &str = "%Y-%m-%dT%H:%M";

/// What the gate pass's QR code carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExitPass {
    pub exit: String,
    pub job: String,
    pub settlement: String,
    pub plate: String,
    /// When the car was let out (the notice's issue), to the minute.
    pub out_at: NaiveDateTime,
    pub customer: String,
    /// SHA-256 (hex) of the signed settlement.
    pub fingerprint: String,
}

fn escape(text: &str) -> String {
    text.replace('%', "%25")
        .replace('|', "%7C")
        .replace('\n', "%0A")
        .replace('\r', "%0D")
}

fn unescape(text: &str) -> String {
    text.replace("%7C", "|")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
}

impl ExitPass {
    /// The QR text: the one place the layout is written.
    pub fn payload(&self) -> String {
        [
            PASS_TAG.to_string(),
            escape(&self.exit),
            escape(&self.job),
            escape(&self.settlement),
            escape(&self.plate),
            self.out_at.format(TIME_OUT).to_string(),
            escape(&self.customer),
            escape(&self.fingerprint),
        ]
        .join("|")
    }

    /// Reads a scanned QR text back; `None` when it is not a pass of this version.
    pub fn parse(text: &str) -> Option<ExitPass> {
        let fields: Vec<&str> = text.trim().split('|').collect();
        let [tag, exit, job, settlement, plate, out_at, customer, fingerprint] = fields[..] else {
            return None;
        };
        if tag != PASS_TAG {
            return None;
        }
        let out_at = NaiveDateTime::parse_from_str(out_at, TIME_OUT).ok()?;
        let fingerprint = unescape(fingerprint);
        if fingerprint.len() != 64 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(ExitPass {
            exit: unescape(exit),
            job: unescape(job),
            settlement: unescape(settlement),
            plate: unescape(plate),
            out_at,
            customer: unescape(customer),
            fingerprint: fingerprint.to_ascii_lowercase(),
        })
    }
}

/// What the shop's records say about the notice a pass names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedPass {
    pub pass: ExitPass,
    /// The settlement the notice was issued on is still the signed one (not reopened).
    pub settlement_standing: bool,
    /// The handover is done: the car has already left.
    pub collected: bool,
}

/// The gate's answer for one scanned pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "verdict")]
pub enum GateVerdict {
    /// Number, plate and fingerprint agree with a notice this shop issued.
    Valid {
        exit: String,
        plate: String,
        job: String,
        /// The car was already handed over (a pass shown twice).
        collected: bool,
    },
    /// Not a pass of this format.
    Unreadable,
    /// No exit notice of this shop has that number.
    Unknown { exit: String },
    /// The notice exists but the pass disagrees with it: the fields that differ.
    Mismatch { exit: String, fields: Vec<String> },
    /// The settlement the notice stands on was reopened since.
    SettlementReopened { exit: String },
}

impl GateVerdict {
    pub fn is_valid(&self) -> bool {
        matches!(self, GateVerdict::Valid { .. })
    }
}

/// Compares a scanned pass with the notice the shop issued under its number.
pub fn judge(scanned: &ExitPass, issued: Option<&IssuedPass>) -> GateVerdict {
    let Some(issued) = issued else {
        return GateVerdict::Unknown {
            exit: scanned.exit.clone(),
        };
    };
    let want = &issued.pass;
    let same_plate = |a: &str, b: &str| {
        let norm = |s: &str| -> String { s.split_whitespace().collect::<String>().to_uppercase() };
        norm(a) == norm(b)
    };
    let mut fields = Vec::new();
    if !same_plate(&scanned.plate, &want.plate) {
        fields.push("plate");
    }
    if !scanned.fingerprint.eq_ignore_ascii_case(&want.fingerprint) {
        fields.push("fingerprint");
    }
    if scanned.job != want.job {
        fields.push("job");
    }
    if scanned.settlement != want.settlement {
        fields.push("settlement");
    }
    if scanned.out_at.format(TIME_OUT).to_string() != want.out_at.format(TIME_OUT).to_string() {
        fields.push("outAt");
    }
    if !fields.is_empty() {
        return GateVerdict::Mismatch {
            exit: want.exit.clone(),
            fields: fields.into_iter().map(String::from).collect(),
        };
    }
    if !issued.settlement_standing {
        return GateVerdict::SettlementReopened {
            exit: want.exit.clone(),
        };
    }
    GateVerdict::Valid {
        exit: want.exit.clone(),
        plate: want.plate.clone(),
        job: want.job.clone(),
        collected: issued.collected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass() -> ExitPass {
        ExitPass {
            exit: "EX-2026-00012".into(),
            job: "WO-2026-00042".into(),
            settlement: "SET-2026-00007".into(),
            plate: "京A7P321".into(),
            out_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .and_then(|d| d.and_hms_opt(16, 5, 42))
                .unwrap_or_default(),
            customer: "王伟".into(),
            fingerprint: "ab".repeat(32),
        }
    }

    #[test]
    fn the_payload_layout_is_pinned() {
        assert_eq!(
            pass().payload(),
            format!(
                "GD-EXIT/1|EX-2026-00012|WO-2026-00042|SET-2026-00007|京A7P321|2026-12-01T16:05|王伟|{}",
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn a_payload_parses_back_to_the_same_pass_to_the_minute() {
        let mut p = pass();
        p.customer = "Smith | Sons 100%".into();
        let back = ExitPass::parse(&p.payload()).expect("parses");
        assert_eq!(back.customer, "Smith | Sons 100%");
        assert_eq!(back.out_at.format("%H:%M:%S").to_string(), "16:05:00");
        assert_eq!(back.fingerprint, p.fingerprint);
        assert_eq!(
            (back.exit, back.job, back.settlement),
            (p.exit, p.job, p.settlement)
        );
    }

    #[test]
    fn other_texts_do_not_parse() {
        let good = pass().payload();
        for bad in [
            "",
            "hello",
            &good.replace("GD-EXIT/1", "GD-EXIT/2"),
            &good.replace("2026-12-01T16:05", "yesterday"),
            &good.replace(&"ab".repeat(32), "abc"),
            &format!("{good}|extra"),
        ] {
            assert_eq!(ExitPass::parse(bad), None, "{bad}");
        }
    }

    fn issued(collected: bool, standing: bool) -> IssuedPass {
        IssuedPass {
            pass: pass(),
            settlement_standing: standing,
            collected,
        }
    }

    #[test]
    fn a_pass_matching_the_issued_notice_is_valid_and_says_whether_the_car_left() {
        let verdict = judge(&pass(), Some(&issued(false, true)));
        assert!(verdict.is_valid());
        let mut spaced = pass();
        spaced.plate = "京a 7p321".into();
        assert_eq!(
            judge(&spaced, Some(&issued(true, true))),
            GateVerdict::Valid {
                exit: "EX-2026-00012".into(),
                plate: "京A7P321".into(),
                job: "WO-2026-00042".into(),
                collected: true
            }
        );
    }

    #[test]
    fn a_changed_plate_or_fingerprint_is_named_in_the_mismatch() {
        let mut forged = pass();
        forged.plate = "京A7P322".into();
        forged.fingerprint = "cd".repeat(32);
        assert_eq!(
            judge(&forged, Some(&issued(false, true))),
            GateVerdict::Mismatch {
                exit: "EX-2026-00012".into(),
                fields: vec!["plate".into(), "fingerprint".into()]
            }
        );
    }

    #[test]
    fn an_unknown_number_or_a_reopened_settlement_is_not_valid() {
        assert_eq!(
            judge(&pass(), None),
            GateVerdict::Unknown {
                exit: "EX-2026-00012".into()
            }
        );
        assert!(matches!(
            judge(&pass(), Some(&issued(false, false))),
            GateVerdict::SettlementReopened { .. }
        ));
    }
}
