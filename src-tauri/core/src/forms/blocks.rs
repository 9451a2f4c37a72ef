//! The recurring pieces of a paper form — section headings, labelled cells, wrapped
//! paragraphs, table rows — built as blocks that already know their height.
use super::draw::{Align, Block, Rgb, TextStyle, ACCENT, INK, MUTED, RULE, TINT};
use super::fonts::FormFonts;
use super::labels::Labels;
use super::model::{SignatureRole, WorkOrderDoc};

pub(crate) const LABEL: TextStyle = TextStyle::new(6.2).color(MUTED);
pub(crate) const BODY: TextStyle = TextStyle::new(7.8);
pub(crate) const VALUE: TextStyle = TextStyle::new(8.4);
pub(crate) const HEADING: TextStyle = TextStyle::new(8.2).bold().color(ACCENT);
/// Space between two sections.
pub(crate) const SECTION_GAP: f32 = 2.0;
pub(crate) const SMALL: TextStyle = TextStyle::new(6.8);
pub(crate) const HAIRLINE: f32 = 0.35;
pub(crate) const THIN: f32 = 0.5;

/// Everything a section needs to build its blocks.
pub(crate) struct Ctx<'a, D = WorkOrderDoc> {
    pub fonts: &'a FormFonts,
    pub l: Labels,
    pub doc: &'a D,
    pub logo: Option<ImageRef>,
    pub signature_images: Vec<(SignatureRole, ImageRef)>,
    /// Print every signature box blank, for signing on paper.
    pub blank_signatures: bool,
}

/// An image registered with the document (see `draw::PlacedImage`) and its proportions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ImageRef {
    pub index: usize,
    /// Width over height.
    pub aspect: f32,
}

impl ImageRef {
    /// The largest size within `max_w` × `max_h` that keeps the proportions.
    pub(crate) fn fit(&self, max_w: f32, max_h: f32) -> (f32, f32) {
        let aspect = if self.aspect.is_finite() && self.aspect > 0.0 {
            self.aspect
        } else {
            1.0
        };
        if max_w / max_h > aspect {
            (max_h * aspect, max_h)
        } else {
            (max_w, max_w / aspect)
        }
    }
}

impl<'a, D> Ctx<'a, D> {
    /// The context of a form without the work order's signature roles.
    pub(crate) fn new(fonts: &'a FormFonts, l: Labels, doc: &'a D, logo: Option<ImageRef>) -> Self {
        Ctx {
            fonts,
            l,
            doc,
            logo,
            signature_images: Vec::new(),
            blank_signatures: false,
        }
    }

    pub(crate) fn wrap(&self, text: &str, style: TextStyle, width: f32) -> Vec<String> {
        super::wrap::wrap(self.fonts, text, style.size, width)
    }

    pub(crate) fn width(&self, text: &str, style: TextStyle) -> f32 {
        self.fonts.width_mm(text, style.size)
    }
}

/// Where the baseline sits in a line box of the style's leading.
pub(crate) fn ascent(style: TextStyle) -> f32 {
    style.leading() * 0.76
}

/// A section title in the accent colour over a thin rule. Bilingual titles set the
/// English half lighter after the Chinese one, and wrap rather than run into a
/// neighbouring column.
pub(crate) fn heading<D>(ctx: &Ctx<D>, x: f32, w: f32, key: &str) -> Block {
    let (first, second) = ctx.l.pair(key);
    let english = HEADING_EN;
    let first_lines = ctx.wrap(&first, HEADING, w);
    let mut b = Block::new(0.0);
    let mut y = 3.5;
    let mut last_w = 0.0;
    for (i, line) in first_lines.iter().enumerate() {
        if i > 0 {
            y += HEADING.leading();
        }
        last_w = ctx.width(line, HEADING);
        b.text(x, y, HEADING, line.clone());
    }
    if let Some(second) = second {
        let beside = last_w + 1.8;
        if beside + ctx.width(&second, english) <= w {
            b.text(x + beside, y, english, second);
        } else {
            for line in ctx.wrap(&second, english, w) {
                y += english.leading();
                b.text(x, y, english, line);
            }
        }
    }
    b.hline(x, x + w, y + 1.0, 0.7, ACCENT);
    b.h = y + 1.8;
    b
}

const HEADING_EN: TextStyle = TextStyle::new(7.4).color(ACCENT);

/// `text` wrapped to `w`, one block per line so a long text can run onto the next page.
pub(crate) fn paragraph<D>(
    ctx: &Ctx<D>,
    x: f32,
    w: f32,
    text: &str,
    style: TextStyle,
) -> Vec<Block> {
    ctx.wrap(text, style, w)
        .into_iter()
        .map(|line| {
            let mut b = Block::new(style.leading());
            b.text(x, ascent(style), style, line);
            b
        })
        .collect()
}

/// Stacks blocks into one (for content that must not be split).
pub(crate) fn stack(blocks: Vec<Block>) -> Block {
    let mut out = Block::new(0.0);
    for block in blocks {
        let dy = out.h;
        out.place(block, dy);
    }
    out
}

/// A labelled box of a paper form: small grey label, the value under it.
pub(crate) struct Cell {
    pub label: String,
    pub value: String,
    pub style: TextStyle,
    /// Share of the row's width.
    pub frac: f32,
}

impl Cell {
    pub(crate) fn new(label: String, value: impl Into<String>, frac: f32) -> Self {
        Cell {
            label,
            value: value.into(),
            style: VALUE,
            frac,
        }
    }
    pub(crate) fn styled(mut self, style: TextStyle) -> Self {
        self.style = style;
        self
    }
}

pub(crate) const CELL_PAD: f32 = 1.6;

/// One row of labelled cells with their grid lines; `first` draws the top edge.
pub(crate) fn cell_row<D>(ctx: &Ctx<D>, x: f32, w: f32, cells: &[Cell], first: bool) -> Block {
    let total: f32 = cells.iter().map(|c| c.frac).sum::<f32>().max(0.0001);
    let mut laid = Vec::new();
    let mut h: f32 = 0.0;
    let mut cx = x;
    for cell in cells {
        let cw = w * cell.frac / total;
        let inner = cw - 2.0 * CELL_PAD;
        let labels = ctx.wrap(&cell.label, LABEL, inner);
        let values = ctx.wrap(&cell.value, cell.style, inner);
        let label_h = labels.len() as f32 * LABEL.leading();
        let cell_h = 0.8 + label_h + 0.2 + values.len().max(1) as f32 * cell.style.leading() + 0.7;
        h = h.max(cell_h);
        laid.push((cx, cw, labels, values, cell.style, label_h));
        cx += cw;
    }
    let mut b = Block::new(h);
    if first {
        b.hline(x, x + w, 0.0, THIN, RULE);
    }
    for (cx, cw, labels, values, style, label_h) in laid {
        let mut y = 0.8;
        for line in labels {
            b.text(cx + CELL_PAD, y + ascent(LABEL), LABEL, line);
            y += LABEL.leading();
        }
        let mut y = 0.8 + label_h + 0.2;
        for line in values {
            b.text(cx + CELL_PAD, y + ascent(style), style, line);
            y += style.leading();
        }
        if cx > x + 0.01 {
            b.vline(cx, 0.0, h, HAIRLINE, RULE);
        }
        let _ = cw;
    }
    b.vline(x, 0.0, h, THIN, RULE);
    b.vline(x + w, 0.0, h, THIN, RULE);
    b.hline(x, x + w, h, THIN, RULE);
    b
}

/// A filled title bar on top of a group of cells.
pub(crate) fn box_title<D>(ctx: &Ctx<D>, x: f32, w: f32, key: &str) -> Block {
    let mut b = Block::new(5.6);
    b.rect(x, 0.0, w, 5.6, Some(TINT), Some((THIN, RULE)));
    b.text(
        x + CELL_PAD,
        4.0,
        TextStyle::new(8.0).bold().color(ACCENT),
        ctx.l.get(key),
    );
    b
}

/// A table column: width in mm and how its text lines up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub w: f32,
    pub align: Align,
}

pub(crate) const fn col(w: f32, align: Align) -> Col {
    Col { w, align }
}

const ROW_PAD: f32 = 0.6;

/// A table row: each cell wrapped in its column, hairline underneath.
pub(crate) fn table_row<D>(
    ctx: &Ctx<D>,
    x: f32,
    cols: &[Col],
    cells: &[String],
    style: TextStyle,
    fill: Option<Rgb>,
) -> Block {
    let wrapped: Vec<Vec<String>> = cols
        .iter()
        .zip(cells)
        .map(|(c, text)| ctx.wrap(text, style, c.w - 2.0 * CELL_PAD))
        .collect();
    let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let h = lines as f32 * style.leading() + 2.0 * ROW_PAD;
    let w: f32 = cols.iter().map(|c| c.w).sum();
    let mut b = Block::new(h);
    if let Some(fill) = fill {
        b.rect(x, 0.0, w, h, Some(fill), None);
    }
    let mut cx = x;
    for (c, lines) in cols.iter().zip(wrapped) {
        let tx = match c.align {
            Align::Left => cx + CELL_PAD,
            Align::Right => cx + c.w - CELL_PAD,
            Align::Center => cx + c.w / 2.0,
        };
        for (i, line) in lines.into_iter().enumerate() {
            let y = ROW_PAD + i as f32 * style.leading() + ascent(style);
            b.text_aligned(tx, y, style, c.align, line);
        }
        cx += c.w;
    }
    b.hline(x, x + w, h, HAIRLINE, RULE);
    b
}

/// The header row of a table: small bold labels on a tint. `keys` are catalogue keys
/// (anything not starting with `form.` is printed as is); bilingual labels are set
/// Chinese over English so narrow columns stay readable.
pub(crate) fn table_header<D>(ctx: &Ctx<D>, x: f32, cols: &[Col], keys: &[&str]) -> Block {
    let style = TextStyle::new(6.6).bold().color(INK);
    let labels: Vec<String> = keys
        .iter()
        .map(|key| match ctx.l.pair(key) {
            _ if !key.starts_with("form.") => key.to_string(),
            (first, Some(second)) => format!("{first}\n{second}"),
            (first, None) => first,
        })
        .collect();
    let mut b = table_row(ctx, x, cols, &labels, style, Some(TINT));
    let w: f32 = cols.iter().map(|c| c.w).sum();
    b.hline(x, x + w, 0.0, THIN, RULE);
    b.hline(x, x + w, b.h, THIN, RULE);
    b
}

/// A value with its label on one line ("Label  value"), label in grey.
pub(crate) fn label_value<D>(
    ctx: &Ctx<D>,
    b: &mut Block,
    x: f32,
    y: f32,
    label: &str,
    value: &str,
    style: TextStyle,
) -> f32 {
    b.text(x, y, LABEL, label);
    let lx = x + ctx.width(label, LABEL) + 1.5;
    b.text(lx, y, style, value);
    lx + ctx.width(value, style) - x
}

pub(crate) fn muted(style: TextStyle) -> TextStyle {
    style.color(MUTED)
}
