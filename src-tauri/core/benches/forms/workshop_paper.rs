//! The workshop's paper in the forms bench: a bilingual diagnosis report (six checks,
//! a road test, signed on the pad) and a bilingual dispatch sheet (eight items, three
//! findings passed to the desk), each rendered like the other forms:
//! `RESULT diagnosis_pdf median_ms=<n> bytes=<n>`, `RESULT dispatch_pdf median_ms=<n> bytes=<n>`.
use std::time::{Duration, Instant};

use garage_core::domain::diagnosis::{DiagnosisCheck, Judgement, RoadTest};
use garage_core::domain::dispatch::{DispatchItem, DispatchMode, FindingNotice};
use garage_core::forms::{
    render_diagnosis, render_dispatch, DiagnosisDoc, DispatchDoc, FormFonts, FormLang, FormOptions,
};

use super::estimate_sample;

const RUNS: usize = 40;

fn timed(render: impl Fn() -> Vec<u8>) -> (f64, usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for run in 0..RUNS + 3 {
        let start = Instant::now();
        let pdf = render();
        if run >= 3 {
            times.push(start.elapsed());
        }
        bytes = std::hint::black_box(pdf).len();
    }
    times.sort();
    (times[times.len() / 2].as_secs_f64() * 1000.0, bytes)
}

fn diagnosis_doc() -> DiagnosisDoc {
    let est = estimate_sample::forty_lines();
    let check = |item: &str, reading: &str, unit: &str, judgement| DiagnosisCheck {
        item: item.into(),
        reading: reading.into(),
        unit: unit.into(),
        judgement,
    };
    DiagnosisDoc {
        shop: est.shop.clone(),
        number: est.number.clone(),
        opened_at: est.dated,
        advisor: "周敏".into(),
        customer: est.customer.clone(),
        vehicle: est.vehicle.clone(),
        odometer: None,
        complaint: "刹车时有异响，低速时方向盘抖动 Squeal when braking, shimmy at low speed".into(),
        checks: vec![
            check(
                "前刹车片厚度 Front pad thickness",
                "2",
                "mm",
                Judgement::Fault,
            ),
            check(
                "前刹车盘厚度 Front disc thickness",
                "25.8",
                "mm",
                Judgement::Ok,
            ),
            check(
                "前刹车盘跳动 Front disc run-out",
                "0.09",
                "mm",
                Judgement::Fault,
            ),
            check("蓄电池电压 Battery voltage", "12.6", "V", Judgement::Ok),
            check("轮胎气压 Tyre pressure", "2.3", "bar", Judgement::Ok),
            check("故障码 Fault codes", "none", "", Judgement::Ok),
        ],
        road_test_needed: true,
        road_test: Some(RoadTest {
            driver: "王师傅".into(),
            distance_km: 8,
            observed:
                "60 km/h 制动时前轮尖叫，方向盘抖动 Squeal and shimmy when braking at 60 km/h"
                    .into(),
        }),
        findings: "前刹车片磨损到极限，前刹车盘跳动超差 Front pads at the limit, discs out of true"
            .into(),
        recommendation: "更换前刹车片和前刹车盘 Replace front pads and discs".into(),
        technician: "王师傅".into(),
        signed_at: Some(est.dated),
        signature_png: est.approval.as_ref().and_then(|a| a.signature_png.clone()),
        dated: est.dated,
    }
}

fn dispatch_doc() -> DispatchDoc {
    let est = estimate_sample::forty_lines();
    let items = est
        .lines
        .iter()
        .take(8)
        .map(|l| DispatchItem {
            description: l.description.clone(),
            planned_minutes: 45,
        })
        .collect();
    let notice = |id, what: &str| FindingNotice {
        id,
        additional_item_id: None,
        at: est.dated,
        reported_by: "刘强".into(),
        what: what.into(),
        taken_by: "周敏".into(),
        recorded_at: est.dated,
    };
    DispatchDoc {
        shop: est.shop.clone(),
        number: est.number.clone(),
        opened_at: est.dated,
        promised_at: Some(est.dated),
        customer: est.customer.clone(),
        vehicle: est.vehicle.clone(),
        odometer: None,
        complaint: "刹车时有异响 Squeal when braking".into(),
        mode: DispatchMode::MultiTeam,
        assigned_to: "陈主管 Chen".into(),
        dispatched_by: "周敏".into(),
        handed_at: Some(est.dated),
        items,
        notices: vec![
            notice(1, "后刹车片也已磨损 Rear pads worn too"),
            notice(2, "机油渗漏 Oil seeping at the sump"),
            notice(3, "雨刮片老化 Wiper blades perished"),
        ],
    }
}

/// Prints the two RESULT lines.
pub fn run(fonts: &FormFonts) {
    let options = FormOptions::new(FormLang::Bilingual);
    let doc = diagnosis_doc();
    let (median_ms, bytes) = timed(|| match render_diagnosis(&doc, &options, fonts) {
        Ok(pdf) => pdf,
        Err(err) => panic!("diagnosis render failed: {err}"),
    });
    println!("RESULT diagnosis_pdf median_ms={median_ms:.1} bytes={bytes}");
    let doc = dispatch_doc();
    let (median_ms, bytes) = timed(|| match render_dispatch(&doc, &options, fonts) {
        Ok(pdf) => pdf,
        Err(err) => panic!("dispatch render failed: {err}"),
    });
    println!("RESULT dispatch_pdf median_ms={median_ms:.1} bytes={bytes}");
}
