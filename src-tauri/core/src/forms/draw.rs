//! The form's drawing vocabulary — text, rules, boxes, the shared SVG shapes, images —
//! as a display list in millimetres from the top-left corner of the page. Layout code
//! builds these blocks; `pdf_ops` turns them into PDF ops.
use printpdf::XObjectId;

use super::fonts::MM_PER_PT;
use super::shapes::Shape;

pub(crate) const PAGE_W: f32 = 210.0;
pub(crate) const PAGE_H: f32 = 297.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

pub(crate) const INK: Rgb = Rgb(0.11, 0.12, 0.14);
pub(crate) const MUTED: Rgb = Rgb(0.40, 0.42, 0.45);
pub(crate) const RULE: Rgb = Rgb(0.62, 0.64, 0.67);
pub(crate) const ACCENT: Rgb = Rgb(0.10, 0.27, 0.45);
pub(crate) const TINT: Rgb = Rgb(0.93, 0.95, 0.97);
pub(crate) const HIGHLIGHT: Rgb = Rgb(0.99, 0.95, 0.82);
pub(crate) const RED: Rgb = Rgb(0.70, 0.07, 0.12);
pub(crate) const AMBER: Rgb = Rgb(0.72, 0.42, 0.0);
pub(crate) const GREEN: Rgb = Rgb(0.15, 0.45, 0.22);
pub(crate) const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub size: f32,
    pub bold: bool,
    pub color: Rgb,
}

impl TextStyle {
    pub(crate) const fn new(size: f32) -> Self {
        TextStyle {
            size,
            bold: false,
            color: INK,
        }
    }
    pub(crate) const fn bold(self) -> Self {
        TextStyle { bold: true, ..self }
    }
    pub(crate) const fn color(self, color: Rgb) -> Self {
        TextStyle { color, ..self }
    }
    /// Baseline-to-baseline distance for this size, in mm.
    pub(crate) fn leading(&self) -> f32 {
        self.size * MM_PER_PT * 1.28
    }
}

/// One drawing instruction. `y` of text is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Prim {
    Text {
        x: f32,
        y: f32,
        style: TextStyle,
        align: Align,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
        color: Rgb,
        dashed: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(f32, Rgb)>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Option<Rgb>,
        stroke: Option<(f32, Rgb)>,
    },
    /// Straight segments through `points`.
    Poly {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Rgb>,
        stroke: Option<(f32, Rgb)>,
    },
    /// A parsed SVG drawn with its top-left at (x, y), `scale` mm per SVG unit;
    /// `ink` replaces `currentColor` and every stroke.
    Shape {
        shape: &'static Shape,
        x: f32,
        y: f32,
        scale: f32,
        ink: Rgb,
    },
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// Large light diagonal text under everything (the COPY watermark).
    Watermark { text: String, size: f32, color: Rgb },
}

/// A horizontal strip of the form: its height and what it draws, `y` relative to its top.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Block {
    pub h: f32,
    pub prims: Vec<Prim>,
}

impl Block {
    pub(crate) fn new(h: f32) -> Self {
        Block {
            h,
            prims: Vec::new(),
        }
    }

    pub(crate) fn text(&mut self, x: f32, y: f32, style: TextStyle, text: impl Into<String>) {
        self.prims.push(Prim::Text {
            x,
            y,
            style,
            align: Align::Left,
            text: text.into(),
        });
    }

    pub(crate) fn text_aligned(
        &mut self,
        x: f32,
        y: f32,
        style: TextStyle,
        align: Align,
        text: impl Into<String>,
    ) {
        self.prims.push(Prim::Text {
            x,
            y,
            style,
            align,
            text: text.into(),
        });
    }

    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32, width_pt: f32, color: Rgb) {
        self.prims.push(Prim::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width_pt,
            color,
            dashed: false,
        });
    }

    pub(crate) fn vline(&mut self, x: f32, y1: f32, y2: f32, width_pt: f32, color: Rgb) {
        self.prims.push(Prim::Line {
            x1: x,
            y1,
            x2: x,
            y2,
            width_pt,
            color,
            dashed: false,
        });
    }

    pub(crate) fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(f32, Rgb)>,
    ) {
        self.prims.push(Prim::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    /// Appends `other` drawn `dy` lower, growing this block to cover it.
    pub(crate) fn place(&mut self, other: Block, dy: f32) {
        self.h = self.h.max(dy + other.h);
        self.prims
            .extend(other.prims.into_iter().map(|p| shifted(p, dy)));
    }
}

fn shifted(prim: Prim, dy: f32) -> Prim {
    match prim {
        Prim::Text {
            x,
            y,
            style,
            align,
            text,
        } => Prim::Text {
            x,
            y: y + dy,
            style,
            align,
            text,
        },
        Prim::Line {
            x1,
            y1,
            x2,
            y2,
            width_pt,
            color,
            dashed,
        } => Prim::Line {
            x1,
            y1: y1 + dy,
            x2,
            y2: y2 + dy,
            width_pt,
            color,
            dashed,
        },
        Prim::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => Prim::Rect {
            x,
            y: y + dy,
            w,
            h,
            fill,
            stroke,
        },
        Prim::Circle {
            cx,
            cy,
            r,
            fill,
            stroke,
        } => Prim::Circle {
            cx,
            cy: cy + dy,
            r,
            fill,
            stroke,
        },
        Prim::Poly {
            points,
            closed,
            fill,
            stroke,
        } => Prim::Poly {
            points: points.into_iter().map(|(x, y)| (x, y + dy)).collect(),
            closed,
            fill,
            stroke,
        },
        Prim::Shape {
            shape,
            x,
            y,
            scale,
            ink,
        } => Prim::Shape {
            shape,
            x,
            y: y + dy,
            scale,
            ink,
        },
        Prim::Image { index, x, y, w, h } => Prim::Image {
            index,
            x,
            y: y + dy,
            w,
            h,
        },
        w @ Prim::Watermark { .. } => w,
    }
}

/// An image registered with the document, with its pixel size for scaling.
#[derive(Debug, Clone)]
pub(crate) struct PlacedImage {
    pub id: XObjectId,
    pub width_px: usize,
    pub height_px: usize,
}
