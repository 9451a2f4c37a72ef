//! The dashboard as lines of text in one language (the command line's `report
//! dashboard`): every line with its count, the rates as percentages, the ratios with their
//! definitions, the bands set, and the month to date against its target.
use crate::domain::figures_dashboard::{
    Band, DashboardFigures, FigureUnit, MonthToDate, Ratio, ScoreCount,
};
use crate::figures::dashboard::scaled;
use crate::i18n::{format_date, format_money, tr, Lang};

fn percent(r: Option<Ratio>) -> String {
    r.map_or("—".to_string(), |r| {
        let bp = scaled(r, 10_000);
        format!("{}.{:02} %", bp / 100, bp % 100)
    })
}

/// Thousandths as a decimal without trailing zeros: 2500 is 2.5.
fn milli(v: i64) -> String {
    let frac = format!("{:03}", (v % 1000).abs());
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        (v / 1000).to_string()
    } else {
        format!("{}.{frac}", v / 1000)
    }
}

fn hundredths(v: i64) -> String {
    format!("{}.{:02}", v / 100, v % 100)
}

/// The lines of `f`, with the month to date `mtd`, money in `currency`.
pub fn dashboard_text(
    f: &DashboardFigures,
    mtd: &MonthToDate,
    currency: &str,
    lang: Lang,
) -> String {
    let t = |key: &str| tr(lang, &format!("dashboard.{key}"));
    let money = |minor: i64| format_money(minor, currency, lang);
    let mut out = vec![format!(
        "{} {} – {}",
        t("title"),
        format_date(f.from, lang),
        format_date(f.to, lang)
    )];
    let head = |key: &str, out: &mut Vec<String>| out.push(t(key));
    let row = |label: String, v: String| format!("  {label:<40} {v:>16}");

    head("warranty", &mut out);
    out.push(row(t("warranty.jobs"), f.warranty.jobs.to_string()));
    out.push(row(t("warranty.lines"), f.warranty.lines.to_string()));
    out.push(row(t("warranty.pieces"), milli(f.warranty.pieces_milli)));

    let a = &f.appointments;
    head("appointments", &mut out);
    for (key, v) in [
        ("booked", a.booked),
        ("due", a.due),
        ("arrived", a.arrived),
        ("jobs_opened", a.jobs_opened),
        ("jobs_booked", a.jobs_booked),
    ] {
        out.push(row(t(&format!("appointments.{key}")), v.to_string()));
    }
    out.push(row(t("appointments.booked_share"), percent(a.booked_share)));
    out.push(row(t("appointments.show_rate"), percent(a.show_rate)));

    head("follow_ups", &mut out);
    let u = &f.follow_ups;
    for (key, v) in [("due", u.due), ("made", u.made), ("reached", u.reached)] {
        out.push(row(t(&format!("follow_ups.{key}")), v.to_string()));
    }

    head("complaints", &mut out);
    let c = &f.complaints;
    for (key, v) in [("opened", c.opened), ("closed", c.closed), ("late", c.late)] {
        out.push(row(t(&format!("complaints.{key}")), v.to_string()));
    }

    head("neglected", &mut out);
    out.push(row(
        t("neglected.jobs_late"),
        f.neglected.jobs_late.to_string(),
    ));
    out.push(row(
        t("neglected.calls_missed"),
        f.neglected.calls_missed.to_string(),
    ));
    out.push(row(t("lost_customers"), f.lost_customers.to_string()));

    head("comebacks", &mut out);
    let b = &f.comebacks;
    out.push(row(t("comebacks.jobs_out"), b.jobs_out.to_string()));
    out.push(row(t("comebacks.comebacks"), b.comebacks.to_string()));
    out.push(row(t("comebacks.comeback_rate"), percent(b.comeback_rate)));
    out.push(row(
        t("comebacks.first_time_fix"),
        percent(b.first_time_fix),
    ));

    head("additional", &mut out);
    let d = &f.additional;
    out.push(row(
        t("additional.offered"),
        format!("{} · {}", d.offered, money(d.offered_minor)),
    ));
    out.push(row(
        t("additional.approved"),
        format!("{} · {}", d.approved, money(d.approved_minor)),
    ));

    head("satisfaction", &mut out);
    for ScoreCount { score, count } in &f.satisfaction.counts {
        out.push(row(
            format!("{} {score}", t("satisfaction.score")),
            count.to_string(),
        ));
    }
    out.push(row(
        t("satisfaction.mean"),
        f.satisfaction
            .mean
            .map_or("—".into(), |m| hundredths(scaled(m, 100))),
    ));
    if !f.satisfaction.worst.is_empty() {
        out.push(format!("  {}", t("satisfaction.worst")));
        for w in &f.satisfaction.worst {
            out.push(format!(
                "    {}/5 {} {} “{}”",
                w.score,
                w.number,
                w.called_at.format("%Y-%m-%d"),
                w.words
            ));
        }
    }

    head("revenue", &mut out);
    let r = &f.revenue;
    out.push(row(t("revenue.jobs"), r.jobs.to_string()));
    out.push(row(t("revenue.revenue"), money(r.revenue_minor)));
    out.push(row(t("revenue.labour"), money(r.labour_minor)));
    out.push(row(t("revenue.hours"), milli(r.hours_sold_milli)));

    head("ratios", &mut out);
    for ratio in &f.ratios {
        let key = ratio.key.as_str();
        let value = match ratio.key.as_str() {
            "close_ratio" | "show_rate" => percent(ratio.value),
            _ => ratio.value.map_or("—".into(), |v| money(scaled(v, 1))),
        };
        out.push(row(t(&format!("ratio.{key}.name")), value));
        out.push(format!("    {}", tr(lang, &ratio.definition_key)));
    }

    for s in f.standings.iter().filter(|s| s.band.is_some()) {
        let value = s.value.map_or("—".into(), |v| match s.unit {
            FigureUnit::BasisPoints => format!("{}.{:02} %", v / 100, v % 100),
            FigureUnit::Minor => money(v),
            FigureUnit::Hundredths => hundredths(v),
            FigureUnit::Count => v.to_string(),
        });
        let band = match s.band {
            Some(Band::Green) => t("band.green"),
            Some(Band::Amber) => t("band.amber"),
            Some(Band::Red) | None => t("band.red"),
        };
        out.push(row(
            t(&format!("figure.{}", s.figure.as_str())),
            format!("{value} {band}"),
        ));
    }

    out.push(format!("{} {}", t("mtd"), format_date(mtd.day, lang)));
    let target = mtd.target.as_ref();
    let cars = match (target, mtd.cars_due) {
        (Some(t0), Some(due)) => format!(
            "{} / {} {} · {} {}",
            mtd.cars,
            t0.cars,
            t("mtd.target"),
            due,
            t("mtd.due")
        ),
        _ => format!("{} · {}", mtd.cars, t("mtd.no_target")),
    };
    out.push(row(t("mtd.cars"), cars));
    let cash = match (target, mtd.money_due_minor) {
        (Some(t0), Some(due)) => format!(
            "{} / {} {} · {} {}",
            money(mtd.money_minor),
            money(t0.money_minor),
            t("mtd.target"),
            money(due),
            t("mtd.due")
        ),
        _ => format!("{} · {}", money(mtd.money_minor), t("mtd.no_target")),
    };
    out.push(row(t("mtd.money"), cash));
    out.join("\n")
}
