//! Address labels for a mailing: an A4 sheet of 3 × 8 labels (70 × 37 mm, the common
//! 24-up sheet), each with the customer's name and address, CJK and Latin alike; more
//! customers continue on further sheets.
use serde::{Deserialize, Serialize};

use super::blocks::{ascent, Ctx};
use super::draw::{Block, TextStyle, MUTED};
use super::draw::{PAGE_H, PAGE_W};
use super::labels::Labels;
use super::{pdfout, FormError, FormFonts, FormLang};

/// The labels to print, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressLabelsDoc {
    /// Names the PDF (the mailing's number).
    pub title: String,
    pub printed_at: chrono::NaiveDateTime,
    pub labels: Vec<AddressLabel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressLabel {
    pub name: String,
    pub address: String,
    /// A small reference in the label's corner (the plate), "" for none.
    pub reference: String,
}

pub const COLUMNS: usize = 3;
pub const ROWS: usize = 8;
pub const PER_SHEET: usize = COLUMNS * ROWS;
const LABEL_W: f32 = PAGE_W / COLUMNS as f32;
const LABEL_H: f32 = PAGE_H / ROWS as f32;
/// The printable inside of a label: printers rarely reach the sheet's edge.
const INSET_X: f32 = 6.0;
const INSET_Y: f32 = 5.0;
const NAME: TextStyle = TextStyle::new(10.0).bold();
const ADDRESS: TextStyle = TextStyle::new(8.8);
const REFERENCE: TextStyle = TextStyle::new(6.5).color(MUTED);
/// Address lines that fit under the name.
const ADDRESS_LINES: usize = 4;

/// Renders the labels, 24 a sheet.
pub fn render_address_labels(
    doc: &AddressLabelsDoc,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let l = Labels::new(FormLang::Bilingual);
    let subject = l.get("letters.form.labels_title");
    let created = Some(doc.printed_at);
    let seed = format!("labels-{}", doc.title);
    let (mut pdf, font) = pdfout::new_pdf(fonts, created, "", &doc.title, &subject, &seed);
    let ctx = Ctx::new(fonts, l, doc, None);
    let mut pages = Vec::new();
    for sheet in doc.labels.chunks(PER_SHEET) {
        let mut flow = super::flow::Flow::new();
        flow.pages[0] = sheet
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let (row, column) = (i / COLUMNS, i % COLUMNS);
                let x = column as f32 * LABEL_W;
                (row as f32 * LABEL_H, one_label(&ctx, x, label))
            })
            .collect();
        pages.extend(flow.paint(fonts, &font, &[], &[], |_, _| Vec::new()));
    }
    if pages.is_empty() {
        let flow = super::flow::Flow::new();
        pages.extend(flow.paint(fonts, &font, &[], &[], |_, _| Vec::new()));
    }
    pdfout::save(pdf.with_pages(pages))
}

/// One label at `x`, its top at the block's top.
fn one_label(ctx: &Ctx<AddressLabelsDoc>, x: f32, label: &AddressLabel) -> Block {
    let w = LABEL_W - 2.0 * INSET_X;
    let mut b = Block::new(LABEL_H);
    let mut y = INSET_Y + ascent(NAME);
    if let Some(name) = ctx.wrap(&label.name, NAME, w).into_iter().next() {
        b.text(x + INSET_X, y, NAME, name);
    }
    y += NAME.leading() + 0.4;
    let lines = ctx.wrap(&label.address, ADDRESS, w);
    let shown = lines.len().min(ADDRESS_LINES);
    for (i, line) in lines.into_iter().take(ADDRESS_LINES).enumerate() {
        let line = if i + 1 == shown && shown < ctx.wrap(&label.address, ADDRESS, w).len() {
            format!("{line}…")
        } else {
            line
        };
        b.text(x + INSET_X, y, ADDRESS, line);
        y += ADDRESS.leading();
    }
    if !label.reference.is_empty() {
        let ry = LABEL_H - INSET_Y + 1.0;
        let rx = x + LABEL_W - INSET_X;
        b.text_aligned(
            rx,
            ry,
            REFERENCE,
            super::draw::Align::Right,
            label.reference.clone(),
        );
    }
    b
}
