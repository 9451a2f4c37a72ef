//! Pagination: blocks are laid down the page one after another; a block that does not
//! fit starts a new page, groups are kept together when they can be, and a table's
//! header row is repeated at the top of every page it continues on; then every page is
//! inked between what lies under it (COPY, DRAFT) and what frames it (header, footer).
use printpdf::{FontId, Mm, PdfPage};

use super::draw::{Block, PlacedImage, PAGE_H, PAGE_W};
use super::fonts::FormFonts;
use super::pdf_ops::PageOps;

/// Page geometry shared by every section, in mm.
pub(crate) const LEFT: f32 = 12.0;
pub(crate) const RIGHT: f32 = 198.0;
pub(crate) const WIDTH: f32 = RIGHT - LEFT;
pub(crate) const TOP: f32 = 10.0;
/// Where continuation pages start, below their short header.
pub(crate) const CONTINUED_TOP: f32 = 23.0;
/// Content stops here; the footer lives below.
pub(crate) const BOTTOM: f32 = PAGE_H - 13.0;

/// The blocks of every page with the y of their top edge.
#[derive(Debug, Default)]
pub(crate) struct Flow {
    pub pages: Vec<Vec<(f32, Block)>>,
    y: f32,
}

impl Flow {
    pub(crate) fn new() -> Self {
        Flow {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    fn fits(&self, h: f32) -> bool {
        self.y + h <= BOTTOM + 0.01
    }

    fn at_page_top(&self) -> bool {
        self.y <= CONTINUED_TOP + 0.01
    }

    pub(crate) fn page_break(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTINUED_TOP;
    }

    /// Vertical space between sections; swallowed at the top of a page.
    pub(crate) fn gap(&mut self, h: f32) {
        if !self.at_page_top() {
            self.y += h;
        }
    }

    /// Places one block, on a new page when it does not fit on this one.
    pub(crate) fn put(&mut self, block: Block) {
        if !self.fits(block.h) && !self.at_page_top() {
            self.page_break();
        }
        let h = block.h;
        if let Some(page) = self.pages.last_mut() {
            page.push((self.y, block));
        }
        self.y += h;
    }

    /// Places blocks that belong together (a heading and its first lines): on one page
    /// when they fit on a page at all, else one by one.
    pub(crate) fn put_together(&mut self, blocks: Vec<Block>) {
        let total: f32 = blocks.iter().map(|b| b.h).sum();
        if !self.fits(total) && !self.at_page_top() && total <= BOTTOM - CONTINUED_TOP {
            self.page_break();
        }
        for block in blocks {
            self.put(block);
        }
    }

    /// A section heading kept with the start of what follows it.
    pub(crate) fn section(&mut self, heading: Block, body: Vec<Block>) {
        let mut body = body.into_iter();
        let mut first = vec![heading];
        first.extend(body.next());
        self.put_together(first);
        for block in body {
            self.put(block);
        }
    }

    /// A table: heading, header row and first row stay together, and the header row
    /// is drawn again on each page the rows continue on.
    pub(crate) fn table(&mut self, heading: Option<Block>, header: Block, rows: Vec<Block>) {
        let mut rows = rows.into_iter();
        let mut first: Vec<Block> = heading.into_iter().collect();
        first.push(header.clone());
        first.extend(rows.next());
        self.put_together(first);
        for row in rows {
            if !self.fits(row.h) {
                self.page_break();
                self.put(header.clone());
            }
            self.put(row);
        }
    }

    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The A4 pages: on each, `under` first, then its blocks, then `over(page, pages)`
    /// (pages counted from 1).
    pub(crate) fn paint(
        &self,
        fonts: &FormFonts,
        font: &FontId,
        images: &[PlacedImage],
        under: &[Block],
        over: impl Fn(usize, usize) -> Vec<Block>,
    ) -> Vec<PdfPage> {
        let count = self.page_count();
        let paint = |(i, blocks): (usize, &Vec<(f32, Block)>)| {
            let mut ops = PageOps::new(fonts, font.clone(), images);
            for decoration in under {
                ops.draw(decoration, 0.0);
            }
            for (top, block) in blocks {
                ops.draw(block, *top);
            }
            for decoration in over(i + 1, count) {
                ops.draw(&decoration, 0.0);
            }
            PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops.finish())
        };
        self.pages.iter().enumerate().map(paint).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_that_does_not_fit_starts_the_next_page() {
        let mut flow = Flow::new();
        flow.put(Block::new(200.0));
        flow.put(Block::new(80.0));
        assert_eq!(flow.page_count(), 2);
        assert_eq!(flow.pages[1][0].0, CONTINUED_TOP);
    }

    #[test]
    fn table_rows_continue_under_a_repeated_header() {
        let mut flow = Flow::new();
        let header = Block::new(5.0);
        let rows = (0..80).map(|_| Block::new(5.0)).collect();
        flow.table(None, header, rows);
        assert!(flow.page_count() >= 2);
        let second_page_first = &flow.pages[1][0].1;
        assert_eq!(second_page_first.h, 5.0);
        let blocks: usize = flow.pages.iter().map(Vec::len).sum();
        assert_eq!(blocks, 81 + flow.page_count() - 1, "one header per page");
    }
}
