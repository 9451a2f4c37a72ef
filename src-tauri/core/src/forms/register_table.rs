//! What the period registers share — the appointment register, the follow-up call
//! register and the letter register: the period paper with the period strip under the
//! letterhead, and one ruled table whose columns each have a width, an alignment and a
//! heading; the heading row is set Chinese over English on a tint, each row's cells wrap
//! in their column, and a new page repeats the heading.
use chrono::{NaiveDate, NaiveDateTime};

use super::blocks::{table_header, table_row, Col, Ctx, SECTION_GAP};
use super::draw::{Align, Block, TextStyle};
use super::flow::{Flow, LEFT};
use super::labels::Labels;
use super::period_paper::{period, period_strip, PeriodPaper};
use super::{FormError, FormFonts, FormLang, ShopHeader};

/// One column of a register: its width in mm, how its text lines up, its heading's key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    pub col: Col,
    pub key: &'static str,
}

pub(super) const fn column(w: f32, align: Align, key: &'static str) -> Column {
    Column {
        col: Col { w, align },
        key,
    }
}

/// A register's table over its columns, from the page's left margin.
pub(super) struct RegisterTable<'a> {
    columns: &'a [Column],
    cols: Vec<Col>,
}

impl<'a> RegisterTable<'a> {
    pub(super) fn new(columns: &'a [Column]) -> Self {
        Self {
            columns,
            cols: columns.iter().map(|c| c.col).collect(),
        }
    }

    /// The width of column `i`.
    pub(super) fn width(&self, i: usize) -> f32 {
        self.cols[i].w
    }

    /// Where column `i` starts on the page.
    pub(super) fn x(&self, i: usize) -> f32 {
        LEFT + self.cols[..i].iter().map(|c| c.w).sum::<f32>()
    }

    /// One line of the table, each cell wrapped in its column, a hairline under it.
    pub(super) fn row<D>(&self, ctx: &Ctx<D>, cells: &[String], style: TextStyle) -> Block {
        table_row(ctx, LEFT, &self.cols, cells, style, None)
    }

    /// The heading and `rows` into the flow; the heading comes again on each new page.
    pub(super) fn put<D>(&self, ctx: &Ctx<D>, flow: &mut Flow, rows: Vec<Block>) {
        // Looked up here, so a register's headings may be any catalogue key, `form.*` or
        // not (the letter register's are `letters.form.*`).
        let words: Vec<String> = self
            .columns
            .iter()
            .map(|c| match ctx.l.pair(c.key) {
                (first, Some(second)) => format!("{first}\n{second}"),
                (first, None) => first,
            })
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let header = table_header(ctx, LEFT, &self.cols, &refs);
        flow.table(None, header, rows);
    }
}

/// The paper of a register over a period.
pub(super) struct RegisterPaper<'a> {
    pub shop: &'a ShopHeader,
    pub title_key: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub printed_at: NaiveDateTime,
    /// Starts the PDF's font-subset name, followed by the period's days.
    pub seed: &'a str,
}

impl RegisterPaper<'_> {
    /// The letterhead, the period strip, then `body`; every page framed.
    pub(super) fn render<D>(
        &self,
        fonts: &FormFonts,
        lang: FormLang,
        doc: &D,
        body: impl FnOnce(&Ctx<D>, &mut Flow),
    ) -> Result<Vec<u8>, FormError> {
        let l = Labels::new(lang);
        let period = period(&l, self.from, self.to);
        let seed = format!("{}-{}-{}", self.seed, self.from, self.to);
        let paper = PeriodPaper {
            shop: self.shop,
            title_key: self.title_key,
            period: &period,
            printed_at: self.printed_at,
            seed: &seed,
        };
        paper.render(fonts, lang, doc, |ctx, flow| {
            flow.put(period_strip(ctx, &period, self.printed_at));
            flow.gap(SECTION_GAP * 1.5);
            body(ctx, flow);
        })
    }
}
