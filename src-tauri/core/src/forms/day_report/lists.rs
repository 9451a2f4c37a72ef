//! The report's tables: the day's supervisor approvals (discounts, voids, refunds…) with
//! who approved them, its settlements and its payments, each under a header row repeated
//! on every page it runs onto.
use chrono::NaiveDateTime;

use super::super::blocks::{col, heading, paragraph, table_header, table_row, Col, SMALL};
use super::super::draw::{Align, TextStyle, MUTED};
use super::super::flow::{Flow, LEFT, WIDTH};
use super::chart::method_code;
use super::DCtx;
use crate::domain::settlement::PaymentKind;

const ROW: TextStyle = TextStyle::new(7.4);

fn time(at: NaiveDateTime) -> String {
    at.format("%H:%M").to_string()
}

/// A titled table, or "none today" under the title when there are no rows.
fn table(
    ctx: &DCtx,
    flow: &mut Flow,
    key: &str,
    cols: &[Col],
    keys: &[&str],
    rows: Vec<(Vec<String>, TextStyle)>,
) {
    let title = heading(ctx, LEFT, WIDTH, key);
    if rows.is_empty() {
        let mut body = vec![title];
        body.extend(paragraph(
            ctx,
            LEFT,
            WIDTH,
            &ctx.l.get("form.day.none"),
            SMALL.color(MUTED),
        ));
        flow.put_together(body);
        return;
    }
    let header = table_header(ctx, LEFT, cols, keys);
    let rows = rows
        .into_iter()
        .map(|(cells, style)| table_row(ctx, LEFT, cols, &cells, style, None))
        .collect();
    flow.table(Some(title), header, rows);
}

/// Every approval of the day: what, on which job, who approved it and why.
pub(crate) fn approvals(ctx: &DCtx, flow: &mut Flow) {
    let cols = [
        col(16.0, Align::Left),
        col(44.0, Align::Left),
        col(32.0, Align::Left),
        col(30.0, Align::Left),
        col(WIDTH - 122.0, Align::Left),
    ];
    let keys = [
        "form.day.col.time",
        "form.day.col.action",
        "form.day.col.job",
        "form.day.col.approved_by",
        "form.day.col.reason",
    ];
    let rows = ctx
        .doc
        .figures
        .approvals
        .iter()
        .map(|a| {
            let action = ctx
                .l
                .get(&format!("approval.action.{}", action_code(&a.action)));
            let cells = vec![
                time(a.at),
                action,
                a.work_order_number.clone(),
                a.supervisor_name.clone(),
                a.reason.clone(),
            ];
            (cells, ROW)
        })
        .collect();
    table(ctx, flow, "form.day.approvals", &cols, &keys, rows);
}

/// The settlements signed on the day.
pub(crate) fn settlements(ctx: &DCtx, flow: &mut Flow) {
    let cols = [
        col(14.0, Align::Left),
        col(32.0, Align::Left),
        col(32.0, Align::Left),
        col(24.0, Align::Left),
        col(WIDTH - 150.0, Align::Left),
        col(22.0, Align::Right),
        col(26.0, Align::Right),
    ];
    let keys = [
        "form.day.col.time",
        "form.day.col.settlement",
        "form.day.col.job",
        "form.day.col.plate",
        "form.day.col.customer",
        "form.day.col.discount",
        "form.day.col.amount",
    ];
    let money = |minor: i64| ctx.l.money(minor, &ctx.doc.currency);
    let rows = ctx
        .doc
        .lists
        .settlements
        .iter()
        .map(|s| {
            let discount = if s.discount_minor == 0 {
                String::new()
            } else {
                money(s.discount_minor)
            };
            let cells = vec![
                time(s.signed_at),
                s.settlement_number.clone(),
                s.work_order_number.clone(),
                s.plate.clone(),
                s.customer.clone(),
                discount,
                money(s.total_minor),
            ];
            (cells, ROW)
        })
        .collect();
    table(ctx, flow, "form.day.settlements", &cols, &keys, rows);
}

/// The payments and refunds taken on the day; voided ones in grey, marked.
pub(crate) fn payments(ctx: &DCtx, flow: &mut Flow) {
    let cols = [
        col(14.0, Align::Left),
        col(32.0, Align::Left),
        col(24.0, Align::Left),
        col(WIDTH - 146.0, Align::Left),
        col(30.0, Align::Left),
        col(20.0, Align::Left),
        col(26.0, Align::Right),
    ];
    let keys = [
        "form.day.col.time",
        "form.day.col.job",
        "form.day.col.plate",
        "form.day.col.customer",
        "form.day.col.method",
        "form.day.col.taken_by",
        "form.day.col.amount",
    ];
    let rows = ctx
        .doc
        .lists
        .payments
        .iter()
        .map(|p| {
            let mut method = ctx
                .l
                .get(&format!("payment.method.{}", method_code(p.method)));
            let signed = match p.kind {
                PaymentKind::Payment => p.amount_minor,
                PaymentKind::Refund => {
                    method = format!("{method} · {}", ctx.l.get("form.day.refund"));
                    -p.amount_minor
                }
            };
            let mut style = ROW;
            if p.voided {
                method = format!("{method} · {}", ctx.l.get("form.day.voided_mark"));
                style = ROW.color(MUTED);
            }
            let cells = vec![
                time(p.taken_at),
                p.work_order_number.clone(),
                p.plate.clone(),
                p.customer.clone(),
                method,
                p.taken_by.clone(),
                ctx.l.money(signed, &ctx.doc.currency),
            ];
            (cells, style)
        })
        .collect();
    table(ctx, flow, "form.day.payments_list", &cols, &keys, rows);
}

/// The snake_case code of an approval's action, as the catalogue keys use it.
fn action_code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
