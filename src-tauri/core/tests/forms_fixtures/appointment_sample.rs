//! Appointments as their printed forms get them: a booking with parts and a deposit,
//! signed at the desk or agreed by phone; a new caller with nothing to prepare; a busy
//! week of the register; a month of the tally. Shared by the form tests and the bench.
#![allow(dead_code)]

use chrono::{Datelike, Duration, NaiveDate};
use garage_core::forms::*;
use garage_core::pricing::estimate::ApprovalChannel;
use garage_core::settlement::payment::PaymentMethod;

use super::sample::{at, day, LOGO_PNG, SIGNATURE_PNG};

pub fn shop() -> ShopHeader {
    ShopHeader {
        name: "明远汽车维修服务中心".into(),
        address: "深圳市南山区科技园南路 88 号 1 栋".into(),
        phone: "0755-8666 1234".into(),
        tax_number: Some("91440300MA5G8K2X7Q".into()),
        logo_png: Some(LOGO_PNG.to_vec()),
    }
}

fn part(description: &str, qty: u32, unit_price_minor: i64) -> SlipPart {
    SlipPart {
        description: description.into(),
        qty,
        unit_price_minor,
        amount_minor: i64::from(qty) * unit_price_minor,
    }
}

/// APPT-2026-00012: front brakes and a service, parts ordered, half paid in advance,
/// agreed by phone (the call's time and who recorded it).
pub fn agreed_by_phone() -> AppointmentSlipDoc {
    let parts = vec![
        part("前刹车片（原厂）", 1, 68_000),
        part("前刹车盘", 2, 52_000),
        part("全合成机油 5W-30 4L", 1, 42_000),
        part("机油滤清器", 1, 6_500),
    ];
    let parts_minor = parts.iter().map(|p| p.amount_minor).sum();
    AppointmentSlipDoc {
        shop: shop(),
        number: "APPT-2026-00012".into(),
        booked_at: at(2026, 12, 7, 9, 12),
        starts_at: at(2026, 12, 10, 9, 30),
        duration_minutes: 150,
        bay: Some(2),
        advisor: "陈志强".into(),
        customer: AppointmentCustomer {
            name: "李建国".into(),
            phone: "138 0013 8000".into(),
            new_caller: false,
        },
        vehicle: AppointmentVehicle {
            plate: "粤B·D12345".into(),
            make: "比亚迪".into(),
            model: "汉 EV".into(),
            vin: Some("LGXC16DF3N0123456".into()),
        },
        wanted_work: "踩刹车时前轮有尖锐的异响，方向盘也有点抖；顺便做一次常规保养。".into(),
        currency: "CNY".into(),
        parts,
        parts_minor,
        expected_price_minor: Some(298_000),
        deposit_min_minor: Some(parts_minor.div_euclid(2) + parts_minor.rem_euclid(2)),
        deposit: Some(SlipDeposit {
            amount_minor: 110_000,
            receipt_number: "APPT-2026-00012-D".into(),
            method: PaymentMethod::Mobile,
            taken_at: at(2026, 12, 7, 9, 20),
            taken_by: "周敏".into(),
            below_half_allowed_by: None,
        }),
        bring_handbook: true,
        note: "客户希望上午取车，需代步车请提前一天确认。".into(),
        agreement: Some(ApprovalPart {
            channel: ApprovalChannel::Phone,
            approved_by: "李建国".into(),
            recorded_by: "周敏".into(),
            at: at(2026, 12, 7, 9, 15),
            signature_png: None,
            fingerprint_hex: String::new(),
        }),
    }
}

/// The same booking signed on the pad at the desk.
pub fn signed() -> AppointmentSlipDoc {
    let mut doc = agreed_by_phone();
    doc.agreement = Some(ApprovalPart {
        channel: ApprovalChannel::Signature,
        approved_by: "李建国".into(),
        recorded_by: "陈志强".into(),
        at: at(2026, 12, 7, 9, 25),
        signature_png: Some(SIGNATURE_PNG.to_vec()),
        fingerprint_hex: "5d41402abc4b2a76b9719d911017c592aa00bb11".into(),
    });
    doc
}

/// A new caller taken with name, phone and plate only; nothing to prepare, no bay yet,
/// not agreed yet (printed to be signed on paper).
pub fn new_caller() -> AppointmentSlipDoc {
    AppointmentSlipDoc {
        number: "APPT-2026-00013".into(),
        bay: None,
        customer: AppointmentCustomer {
            name: "张女士".into(),
            phone: "139 2222 3333".into(),
            new_caller: true,
        },
        vehicle: AppointmentVehicle {
            plate: "粤B·7K2Q9".into(),
            make: String::new(),
            model: String::new(),
            vin: None,
        },
        wanted_work: "空调不制冷，出风是热的。".into(),
        parts: Vec::new(),
        parts_minor: 0,
        expected_price_minor: None,
        deposit_min_minor: None,
        deposit: None,
        bring_handbook: false,
        note: String::new(),
        agreement: None,
        duration_minutes: 45,
        ..agreed_by_phone()
    }
}

const NAMES: [&str; 8] = [
    "李建国",
    "王小明",
    "张女士",
    "陈先生",
    "刘芳",
    "赵磊",
    "孙丽华",
    "周杰",
];
const WANTED: [&str; 6] = [
    "常规保养，换机油机滤",
    "前轮刹车异响，方向盘抖",
    "空调不制冷",
    "更换四条轮胎并做四轮定位",
    "发动机故障灯亮，怠速不稳，冷车启动时抖动明显",
    "年检前检查灯光和尾气",
];

/// The week of 7–13 December 2026 as the register prints it: past days with their
/// outcomes (one no-show, one cancelled), the rest still booked; Sunday closed.
pub fn week_register() -> AppointmentRegisterDoc {
    let monday = day(2026, 12, 7);
    let per_day: [usize; 7] = [6, 5, 6, 5, 6, 4, 0];
    let mut n = 0;
    let days = per_day
        .iter()
        .enumerate()
        .map(|(d, &count)| {
            let date = monday + Duration::days(d as i64);
            let entries = (0..count)
                .map(|i| {
                    n += 1;
                    let (hour, minute) = [(8, 30), (9, 0), (10, 30), (13, 30), (14, 0), (16, 0)][i];
                    let starts_at = at(2026, 12, date.day(), hour, minute);
                    entry(n, starts_at, date)
                })
                .collect();
            RegisterDay { date, entries }
        })
        .collect();
    AppointmentRegisterDoc {
        shop: shop(),
        from: monday,
        to: monday + Duration::days(6),
        currency: "CNY".into(),
        printed_at: at(2026, 12, 9, 17, 45),
        days,
    }
}

fn entry(n: u32, starts_at: chrono::NaiveDateTime, date: NaiveDate) -> RegisterEntry {
    let past = date < day(2026, 12, 9);
    let i = n as usize;
    let outcome = match (past, n % 9) {
        (true, 4) => BookingOutcome::NoShow,
        (true, 7) => BookingOutcome::Cancelled,
        (true, _) => BookingOutcome::Arrived(format!("WO-2026-{:05}", 300 + n)),
        (false, 2) | (false, 5) => BookingOutcome::Confirmed,
        (false, _) => BookingOutcome::Booked,
    };
    let reminder = match (past, n % 4) {
        (_, 0) => Some(ReminderOutcome::NotReached),
        (_, 3) if !past => None,
        (_, 1) if n % 9 == 7 => Some(ReminderOutcome::Cancelled),
        (_, 2) => Some(ReminderOutcome::Moved),
        _ => Some(ReminderOutcome::Confirmed),
    };
    RegisterEntry {
        starts_at,
        number: format!("APPT-2026-{:05}", 10 + n),
        customer: NAMES[i % NAMES.len()].into(),
        phone: format!("138 {:04} {:04}", 1000 + n * 7, 8000 + n * 13),
        plate: format!("粤B·{}{:04}", ["D", "F", "K", "Q"][i % 4], 1200 + n * 37),
        wanted_work: WANTED[i % WANTED.len()].into(),
        deposit_minor: (n % 3 == 0).then_some(50_000 + i64::from(n) * 1_000),
        reminder,
        outcome,
    }
}

fn counts(seed: u32, weekday: u32) -> TallyCounts {
    if weekday == 6 {
        return TallyCounts::default();
    }
    let booked = 4 + (seed * 7 + weekday * 3) % 4;
    let cancelled = u32::from(seed % 5 == 1);
    let no_show = u32::from(seed % 4 == 2);
    let arrived = booked - cancelled - no_show;
    TallyCounts {
        booked,
        confirmed: booked - cancelled - u32::from(seed % 3 == 0),
        arrived,
        no_show,
        cancelled,
        jobs: arrived,
        deposits_taken_minor: i64::from(seed % 3) * 80_000,
        deposits_applied_minor: i64::from((seed + 1) % 3) * 60_000,
        show_rate_bp: Some(arrived * 10_000 / booked),
    }
}

fn add(a: TallyCounts, b: TallyCounts) -> TallyCounts {
    let booked = a.booked + b.booked;
    let arrived = a.arrived + b.arrived;
    TallyCounts {
        booked,
        confirmed: a.confirmed + b.confirmed,
        arrived,
        no_show: a.no_show + b.no_show,
        cancelled: a.cancelled + b.cancelled,
        jobs: a.jobs + b.jobs,
        deposits_taken_minor: a.deposits_taken_minor + b.deposits_taken_minor,
        deposits_applied_minor: a.deposits_applied_minor + b.deposits_applied_minor,
        show_rate_bp: (booked > 0).then(|| arrived * 10_000 / booked),
    }
}

/// December 2026 (1–31) counted per day, weekly sums Monday to Sunday, Sundays closed.
pub fn month_tally() -> AppointmentTallyDoc {
    let from = day(2026, 12, 1);
    let to = day(2026, 12, 31);
    let mut weeks: Vec<TallyWeek> = Vec::new();
    let mut date = from;
    while date <= to {
        let weekday = date.weekday().num_days_from_monday();
        let day_counts = counts(date.day(), weekday);
        let starts_week = weeks.is_empty() || weekday == 0;
        if starts_week {
            weeks.push(TallyWeek {
                from: date,
                to: date,
                days: Vec::new(),
                total: TallyCounts::default(),
            });
        }
        if let Some(week) = weeks.last_mut() {
            week.to = date;
            week.total = add(week.total, day_counts);
            week.days.push(TallyDay {
                date,
                counts: day_counts,
            });
        }
        date += Duration::days(1);
    }
    let total = weeks
        .iter()
        .fold(TallyCounts::default(), |acc, w| add(acc, w.total));
    AppointmentTallyDoc {
        shop: shop(),
        from,
        to,
        currency: "CNY".into(),
        printed_at: at(2026, 12, 31, 18, 5),
        weeks,
        total,
    }
}
