//! The printed exit notice (出厂通知单), the gate pass: on the top half of an A4 sheet,
//! the plate large enough to read from a step back, the customer and vehicle, the job,
//! settlement and exit numbers, the time out, who issued it, the debt let go with the
//! supervisor who approved it, and a QR code (drawn as vector squares) carrying the
//! pass text a gate checks (`settlement::gate`), with the settlement's fingerprint.
use chrono::NaiveDateTime;
use qrcode::{Color, EcLevel, QrCode};
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, Cell, Ctx, LABEL, SECTION_GAP, SMALL, THIN, VALUE};
use super::draw::{Align, Block, Prim, TextStyle, ACCENT, GREEN, INK, MUTED, RED, RULE};
use super::flow::{Flow, LEFT, RIGHT, WIDTH};
use super::header::{framed_pages, letterhead, Running};
use super::labels::Labels;
use super::{pdfout, FormError, FormFonts, FormOptions, ShopHeader};

/// Everything the printed exit notice shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExitNoticeDoc {
    pub shop: ShopHeader,
    /// `EX-2026-00012`.
    pub number: String,
    pub work_order_number: String,
    pub settlement_number: String,
    pub plate: String,
    pub customer: String,
    /// Make, model, year and colour as one line.
    pub vehicle: String,
    pub out_at: NaiveDateTime,
    pub issued_by: String,
    /// ISO 4217 code of the debt.
    pub currency: String,
    /// Still owed when the car was let go (0 when paid in full).
    pub debt_minor: i64,
    /// The supervisor who approved letting it go with the debt.
    pub approved_by: Option<String>,
    /// The text the QR code carries, as issued.
    pub qr_payload: String,
    /// SHA-256 (hex) of the signed settlement.
    pub fingerprint: String,
}

type ECtx<'a> = Ctx<'a, ExitNoticeDoc>;

/// The side of the QR code's square on paper, quiet zone included.
const QR_SIDE: f32 = 44.0;
/// The plate's size: about 12 mm high capitals, readable from a couple of metres.
const PLATE: TextStyle = TextStyle::new(46.0).bold().color(INK);

/// Renders the exit notice as a one-page A4 PDF.
pub fn render_exit_notice(
    doc: &ExitNoticeDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let qr = QrCode::with_error_correction_level(doc.qr_payload.as_bytes(), EcLevel::M).map_err(
        |e| FormError::Invalid {
            field: "qrPayload".into(),
            reason: e.to_string(),
        },
    )?;
    let l = Labels::new(options.lang);
    let name = format!("{} {}", doc.number, doc.plate);
    let subject = l.get("form.exit.title");
    let seed = format!("{}-exit", doc.number);
    let created = options.created_at;
    let (mut pdf, font) = pdfout::new_pdf(fonts, created, &doc.shop.name, &name, &subject, &seed);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let ctx = ECtx::new(fonts, l, doc, logo);
    let mut flow = Flow::new();
    flow.put(letterhead(&ctx, &doc.shop, "form.exit.title", &doc.number));
    flow.gap(SECTION_GAP * 2.0);
    flow.put(plate_and_code(&ctx, &qr));
    flow.gap(SECTION_GAP * 2.0);
    flow.put(particulars(&ctx));
    flow.gap(SECTION_GAP * 2.0);
    flow.put(release(&ctx));
    flow.gap(SECTION_GAP * 4.0);
    flow.put(gate_lines(&ctx));

    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.exit.title",
        number: &doc.number,
        plate: &doc.plate,
    };
    let images = &pictures.placed;
    let pages = framed_pages(&ctx, &flow, &font, images, &running, options, false);
    pdfout::save(pdf.with_pages(pages))
}

/// The plate, large, with the vehicle under it; the QR code on the right.
fn plate_and_code(ctx: &ECtx, qr: &QrCode) -> Block {
    let doc = ctx.doc;
    let mut b = Block::new(QR_SIDE + 5.0);
    let text_w = WIDTH - QR_SIDE - 6.0;
    b.rect(LEFT, 0.0, text_w, QR_SIDE, None, Some((1.2, ACCENT)));
    b.text(
        LEFT + 3.0,
        5.5,
        LABEL.color(ACCENT),
        ctx.l.get("form.exit.plate"),
    );
    let mut size = PLATE.size;
    while size > 18.0 && ctx.width(&doc.plate, TextStyle::new(size).bold()) > text_w - 6.0 {
        size -= 2.0;
    }
    let plate = TextStyle::new(size).bold().color(INK);
    b.text_aligned(LEFT + text_w / 2.0, 25.5, plate, Align::Center, &doc.plate);
    let vehicle_style = TextStyle::new(11.0);
    let mut y = 36.0;
    for line in ctx
        .wrap(&doc.vehicle, vehicle_style, text_w - 6.0)
        .into_iter()
        .take(2)
    {
        b.text_aligned(LEFT + text_w / 2.0, y, vehicle_style, Align::Center, line);
        y += vehicle_style.leading();
    }
    draw_qr(&mut b, qr, RIGHT - QR_SIDE, 0.0, QR_SIDE);
    let caption = ctx.l.get("form.exit.qr");
    let caption_x = RIGHT - QR_SIDE / 2.0;
    b.text_aligned(
        caption_x,
        QR_SIDE + 3.0,
        SMALL.color(MUTED),
        Align::Center,
        caption,
    );
    b
}

/// The code's dark modules as filled squares, one rectangle per horizontal run, inside
/// a square of `side` mm that keeps the four-module quiet zone white.
fn draw_qr(b: &mut Block, qr: &QrCode, x: f32, y: f32, side: f32) {
    let n = qr.width();
    let module = side / (n as f32 + 8.0);
    let colors = qr.to_colors();
    // A hair of overlap so no light seam shows between neighbouring rows.
    let bleed = module * 0.04;
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == Color::Dark {
                col += 1;
            }
            b.rect(
                x + (start as f32 + 4.0) * module,
                y + (row as f32 + 4.0) * module,
                (col - start) as f32 * module + bleed,
                module + bleed,
                Some(INK),
                None,
            );
        }
    }
}

/// Customer, numbers, time out and who issued it.
fn particulars(ctx: &ECtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let mut b = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.exit.customer"), &doc.customer, 1.4),
            Cell::new(l.get("form.exit.job"), &doc.work_order_number, 1.0),
            Cell::new(l.get("form.exit.settlement"), &doc.settlement_number, 1.0),
        ],
        true,
    );
    let row = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.exit.out_at"), l.datetime(doc.out_at), 1.4)
                .styled(TextStyle::new(11.0).bold()),
            Cell::new(l.get("form.exit.issued_by"), &doc.issued_by, 2.0),
        ],
        false,
    );
    let dy = b.h;
    b.place(row, dy);
    b
}

/// Paid in full, or the debt let go with who approved it; then the fingerprint.
fn release(ctx: &ECtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let mut b = Block::new(0.0);
    let (text, color) = if doc.debt_minor > 0 {
        let amount = l.money(doc.debt_minor, &doc.currency);
        let by = doc.approved_by.clone().unwrap_or_else(|| "—".into());
        let text = l.get_with("form.exit.debt", &[("amount", &amount), ("by", &by)]);
        (text, RED)
    } else {
        (l.get("form.exit.paid"), GREEN)
    };
    let style = TextStyle::new(10.5).bold().color(color);
    let lines = ctx.wrap(&text, style, WIDTH - 6.0);
    let h = lines.len().max(1) as f32 * style.leading() + 3.0;
    b.rect(LEFT, 0.0, WIDTH, h, None, Some((1.0, color)));
    let mut y = 1.5 + style.leading() * 0.76;
    for line in lines {
        b.text(LEFT + 3.0, y, style, line);
        y += style.leading();
    }
    let mut y = h + 4.0;
    let label = l.get("form.exit.fingerprint");
    b.text(LEFT, y, LABEL, label);
    y += SMALL.leading();
    b.text(LEFT, y, VALUE.color(MUTED), &doc.fingerprint);
    b.h = y + 1.5;
    b
}

/// Lines for the gate to sign when the car leaves.
fn gate_lines(ctx: &ECtx) -> Block {
    let l = &ctx.l;
    let mut b = Block::new(12.0);
    let half = WIDTH / 2.0;
    for (i, key) in ["form.exit.gate_signature", "form.exit.gate_time"]
        .iter()
        .enumerate()
    {
        let x = LEFT + i as f32 * (half + 6.0);
        let w = half - 6.0;
        b.hline(x, x + w, 8.0, THIN, RULE);
        b.text(x, 11.0, LABEL, l.get(key));
    }
    // Where to cut the half sheet off.
    b.prims.push(Prim::Line {
        x1: LEFT,
        y1: 17.0,
        x2: RIGHT,
        y2: 17.0,
        width_pt: 0.4,
        color: MUTED,
        dashed: true,
    });
    b.h = 17.0;
    b
}
