//! The figures of a week, month or year (业务统计) as a plain-text table for the command
//! line: each figure for the period, the period before and the same period last year,
//! then the vehicles in and out by repair category and by vehicle kind, the advisors and
//! the corrections of closed days. The printed form draws from the same `PeriodFigures`.
use chrono::NaiveDateTime;

use crate::error::Result;
use crate::figures::{ComparedFigures, CountRow, PeriodFigures, PeriodKind};
use crate::i18n::{format_date, format_money, tr, Lang};
use crate::store::Store;

fn title_key(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Day => "form.figures.title.day",
        PeriodKind::Week => "form.figures.title.week",
        PeriodKind::Month => "form.figures.title.month",
        PeriodKind::Year => "form.figures.title.year",
        PeriodKind::Range => "form.figures.title.range",
    }
}

/// One money figure of each of the three periods.
type Pick = fn(&PeriodFigures) -> i64;

const MONEY_ROWS: &[(&str, Pick)] = &[
    ("form.figures.labour", |f| f.revenue.labour_minor),
    ("form.figures.parts", |f| f.revenue.parts_minor),
    ("form.figures.sundries", |f| f.revenue.sundries_minor),
    ("form.figures.outside", |f| f.revenue.outside_minor),
    ("form.figures.tax", |f| f.revenue.tax_minor),
    ("form.figures.discount", |f| -f.revenue.discount_minor),
    ("form.figures.settled", |f| f.revenue.settled_minor),
    ("form.figures.credited", |f| -f.revenue.credited_minor),
    ("form.figures.revenue", |f| f.revenue.revenue_minor),
    ("form.figures.average", |f| f.revenue.average_per_job_minor),
    ("form.figures.collected", |f| f.collected_minor),
    ("form.figures.written_off", |f| f.written_off_minor),
    ("form.figures.owed", |f| f.owed_at_end_minor),
];

const COUNT_ROWS: &[(&str, Pick)] = &[
    ("form.figures.vehicles_in", |f| f.vehicles_in),
    ("form.figures.vehicles_out", |f| f.vehicles_out),
    ("form.figures.jobs_settled", |f| {
        i64::from(f.revenue.jobs_settled)
    }),
];

fn breakdown(out: &mut Vec<String>, lang: Lang, heading: &str, rows: &[CountRow], label: &str) {
    out.push(format!(
        "{}  ({} / {})",
        tr(lang, heading),
        tr(lang, "form.figures.vehicles_in"),
        tr(lang, "form.figures.vehicles_out")
    ));
    for r in rows {
        let name = tr(lang, &format!("{label}.{}", r.key));
        out.push(format!(
            "  {name:<34} {:>8} {:>8}",
            r.vehicles_in, r.vehicles_out
        ));
    }
}

/// The compared figures as text in `lang`, money in `currency`.
pub fn figures_text(c: &ComparedFigures, shop: &str, currency: &str, lang: Lang) -> String {
    let f = &c.current;
    let money = |minor: i64| format_money(minor, currency, lang);
    let mut out = vec![format!(
        "{} {} – {} · {shop}",
        tr(lang, title_key(f.period.kind)),
        format_date(f.period.from, lang),
        format_date(f.period.to, lang),
    )];
    out.push(format!(
        "  {:<34} {:>16} {:>16} {:>16}",
        "",
        tr(lang, "form.figures.current"),
        tr(lang, "form.figures.previous"),
        tr(lang, "form.figures.last_year")
    ));
    for (key, pick) in MONEY_ROWS {
        out.push(format!(
            "  {:<34} {:>16} {:>16} {:>16}",
            tr(lang, key),
            money(pick(f)),
            money(pick(&c.previous)),
            money(pick(&c.last_year))
        ));
    }
    for (key, pick) in COUNT_ROWS {
        out.push(format!(
            "  {:<34} {:>16} {:>16} {:>16}",
            tr(lang, key),
            pick(f),
            pick(&c.previous),
            pick(&c.last_year)
        ));
    }
    let b = &f.balance;
    out.push(format!(
        "{}: {} = {} + {} + {}",
        tr(lang, "form.figures.balance"),
        money(b.billed_minor),
        money(b.collected_minor),
        money(b.written_off_minor),
        money(b.owed_minor)
    ));
    breakdown(
        &mut out,
        lang,
        "form.figures.by_category",
        &f.by_category,
        "form.figures.category",
    );
    breakdown(
        &mut out,
        lang,
        "form.figures.by_kind",
        &f.by_kind,
        "care.kind",
    );
    out.push(tr(lang, "form.figures.by_advisor"));
    for a in &f.by_advisor {
        let name = if a.advisor.is_empty() {
            tr(lang, "form.figures.category.unknown")
        } else {
            a.advisor.clone()
        };
        out.push(format!(
            "  {name:<34} {:>8} {:>16}",
            a.jobs_settled,
            money(a.revenue_minor)
        ));
    }
    for corr in &f.corrections {
        let revenue = corr.changes.get("revenue.settled").copied().unwrap_or(0)
            - corr.changes.get("revenue.credited").copied().unwrap_or(0);
        out.push(format!(
            "{} {}: {}",
            tr(lang, "form.figures.correction"),
            format_date(corr.shown_on, lang),
            money(revenue)
        ));
    }
    out.join("\n")
}

/// The figures of the `kind` period holding the day of `date`, as the command line
/// prints them.
pub fn figures_report_text(
    store: &Store,
    kind: PeriodKind,
    date: chrono::NaiveDate,
    now: NaiveDateTime,
    lang: Lang,
) -> Result<String> {
    use crate::figures::Period;
    let period = match kind {
        PeriodKind::Day | PeriodKind::Range => Period::day(date),
        PeriodKind::Week => Period::week_of(date),
        PeriodKind::Month => Period::month_of(date),
        PeriodKind::Year => Period::year_of(date),
    };
    let compared = store.figures_compared(period, now)?;
    let settings = store.get_settings()?;
    Ok(figures_text(
        &compared,
        &settings.shop_name,
        &settings.currency,
        lang,
    ))
}
