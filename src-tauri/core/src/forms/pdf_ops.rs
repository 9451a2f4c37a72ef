//! Display lists to printpdf ops: millimetres from the top-left become points from the
//! bottom-left, texts share text objects, and the shared SVG shapes become paths.
use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, Rect, TextItem, TextMatrix, TextRenderingMode, WindingOrder, XObjectTransform,
};

use super::draw::{Align, Block, PlacedImage, Prim, Rgb, TextStyle, PAGE_H, PAGE_W};
use super::fonts::{FormFonts, MM_PER_PT};
use super::shapes::{Paint, Seg, Shape};

/// Turns display lists into the ops of one page. Consecutive texts share one text
/// object and only state that changes is set again, which keeps the page stream small.
pub(crate) struct PageOps<'a> {
    fonts: &'a FormFonts,
    font: FontId,
    images: &'a [PlacedImage],
    ops: Vec<Op>,
    text_open: bool,
    /// Text state as last set (it outlives a text object): size, fill, bold.
    text_state: Option<(f32, Rgb, bool)>,
}

fn pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

fn point(x: f32, y: f32) -> Point {
    Point {
        x: pt(x),
        y: pt(PAGE_H - y),
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

impl<'a> PageOps<'a> {
    pub(crate) fn new(fonts: &'a FormFonts, font: FontId, images: &'a [PlacedImage]) -> Self {
        PageOps {
            fonts,
            font,
            images,
            ops: Vec::new(),
            text_open: false,
            text_state: None,
        }
    }

    /// The page's ops, the last text object closed.
    pub(crate) fn finish(mut self) -> Vec<Op> {
        self.end_text();
        self.ops
    }

    fn end_text(&mut self) {
        if self.text_open {
            self.ops.push(Op::EndTextSection);
            self.text_open = false;
        }
    }

    pub(crate) fn draw(&mut self, block: &Block, top: f32) {
        for prim in &block.prims {
            self.prim(prim, top);
        }
    }

    fn prim(&mut self, prim: &Prim, top: f32) {
        if !matches!(prim, Prim::Text { .. } | Prim::Watermark { .. }) {
            self.end_text();
        }
        match prim {
            Prim::Text {
                x,
                y,
                style,
                align,
                text,
            } => {
                let width = self.fonts.width_mm(text, style.size);
                let left = match align {
                    Align::Left => *x,
                    Align::Right => x - width,
                    Align::Center => x - width / 2.0,
                };
                self.text(left, top + y, *style, text, 0.0);
            }
            Prim::Line {
                x1,
                y1,
                x2,
                y2,
                width_pt,
                color: c,
                dashed,
            } => {
                self.ops.push(Op::SaveGraphicsState);
                self.stroke_style(*width_pt, *c);
                if *dashed {
                    self.ops.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::new(0.0, &[1.5, 1.5]),
                    });
                }
                let points = vec![
                    lp(point(*x1, top + y1), false),
                    lp(point(*x2, top + y2), false),
                ];
                self.ops.push(Op::DrawLine {
                    line: Line {
                        points,
                        is_closed: false,
                    },
                });
                self.ops.push(Op::RestoreGraphicsState);
            }
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let mode = paint_mode(fill.is_some(), stroke.is_some());
                let Some(mode) = mode else { return };
                self.ops.push(Op::SaveGraphicsState);
                if let Some(f) = fill {
                    self.ops.push(Op::SetFillColor { col: color(*f) });
                }
                if let Some((w_pt, c)) = stroke {
                    self.stroke_style(*w_pt, *c);
                }
                let rectangle = Rect {
                    x: pt(*x),
                    y: pt(PAGE_H - (top + y + h)),
                    width: pt(*w),
                    height: pt(*h),
                    mode: Some(mode),
                    winding_order: Some(WindingOrder::NonZero),
                };
                self.ops.push(Op::DrawRectangle { rectangle });
                self.ops.push(Op::RestoreGraphicsState);
            }
            Prim::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
            } => {
                let Some(mode) = paint_mode(fill.is_some(), stroke.is_some()) else {
                    return;
                };
                self.ops.push(Op::SaveGraphicsState);
                if let Some(f) = fill {
                    self.ops.push(Op::SetFillColor { col: color(*f) });
                }
                if let Some((w_pt, c)) = stroke {
                    self.stroke_style(*w_pt, *c);
                }
                let ring = circle_ring(*cx, top + cy, *r);
                self.ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![ring],
                        mode,
                        winding_order: WindingOrder::NonZero,
                    },
                });
                self.ops.push(Op::RestoreGraphicsState);
            }
            Prim::Poly {
                points,
                closed,
                fill,
                stroke,
            } => {
                let pts: Vec<LinePoint> = points
                    .iter()
                    .map(|&(x, y)| lp(point(x, top + y), false))
                    .collect();
                if pts.len() < 2 {
                    return;
                }
                self.ops.push(Op::SaveGraphicsState);
                if let Some(f) = fill {
                    self.ops.push(Op::SetFillColor { col: color(*f) });
                    let ring = PolygonRing {
                        points: pts.clone(),
                    };
                    self.ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![ring],
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
                if let Some((w_pt, c)) = stroke {
                    self.stroke_style(*w_pt, *c);
                    self.ops.push(Op::SetLineJoinStyle {
                        join: printpdf::LineJoinStyle::Round,
                    });
                    self.ops.push(Op::DrawLine {
                        line: Line {
                            points: pts,
                            is_closed: *closed,
                        },
                    });
                }
                self.ops.push(Op::RestoreGraphicsState);
            }
            Prim::Shape {
                shape,
                x,
                y,
                scale,
                ink,
            } => self.shape(shape, *x, top + y, *scale, *ink),
            Prim::Image { index, x, y, w, h } => {
                let Some(img) = self.images.get(*index) else {
                    return;
                };
                let transform = XObjectTransform {
                    translate_x: Some(pt(*x)),
                    translate_y: Some(pt(PAGE_H - (top + y + h))),
                    scale_x: Some(pt(*w).0 / img.width_px.max(1) as f32),
                    scale_y: Some(pt(*h).0 / img.height_px.max(1) as f32),
                    dpi: Some(72.0),
                    ..Default::default()
                };
                self.ops.push(Op::UseXobject {
                    id: img.id.clone(),
                    transform,
                });
            }
            Prim::Watermark {
                text,
                size,
                color: c,
            } => {
                let width = self.fonts.width_mm(text, *size);
                let angle: f32 = 35.0;
                let (sin, cos) = angle.to_radians().sin_cos();
                // Centre the text on the page along its slanted baseline.
                let x = PAGE_W / 2.0 - cos * width / 2.0;
                let y = PAGE_H / 2.0 + sin * width / 2.0;
                let style = TextStyle {
                    size: *size,
                    bold: false,
                    color: *c,
                };
                self.text(x, y, style, text, angle);
            }
        }
    }

    fn stroke_style(&mut self, width_pt: f32, c: Rgb) {
        self.ops.push(Op::SetOutlineColor { col: color(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
    }

    fn text(&mut self, x: f32, baseline: f32, style: TextStyle, text: &str, angle_deg: f32) {
        if text.is_empty() {
            return;
        }
        if !self.text_open {
            self.ops.push(Op::StartTextSection);
            self.text_open = true;
        }
        let previous = self.text_state;
        if previous.map(|s| s.0) != Some(style.size) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(self.font.clone()),
                size: Pt(style.size),
            });
        }
        if previous.map(|s| s.1) != Some(style.color) {
            self.ops.push(Op::SetFillColor {
                col: color(style.color),
            });
        }
        if style.bold {
            // One regular face only: bold is the glyph outline stroked in the fill colour.
            if previous.map(|s| (s.0, s.1, s.2)) != Some((style.size, style.color, true)) {
                self.ops.push(Op::SetOutlineColor {
                    col: color(style.color),
                });
                self.ops.push(Op::SetOutlineThickness {
                    pt: Pt(style.size * 0.045),
                });
            }
            if previous.map(|s| s.2) != Some(true) {
                self.ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                });
            }
        } else if previous.map(|s| s.2) != Some(false) {
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        }
        self.text_state = Some((style.size, style.color, style.bold));
        let p = point(x, baseline);
        let matrix = if angle_deg == 0.0 {
            TextMatrix::Translate(p.x, p.y)
        } else {
            let (s, c) = angle_deg.to_radians().sin_cos();
            TextMatrix::Raw([c, s, -s, c, p.x.0, p.y.0])
        };
        self.ops.push(Op::SetTextMatrix { matrix });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
    }

    fn shape(&mut self, shape: &Shape, x: f32, y: f32, scale: f32, ink: Rgb) {
        let at = |p: (f32, f32)| point(x + p.0 * scale, y + p.1 * scale);
        for element in &shape.elements {
            self.ops.push(Op::SaveGraphicsState);
            if let Some(paint) = element.fill {
                let fill = match paint {
                    Paint::Current => ink,
                    Paint::Rgb(r, g, b) => Rgb(r, g, b),
                };
                self.ops.push(Op::SetFillColor { col: color(fill) });
                let rings = element
                    .subpaths
                    .iter()
                    .map(|sub| PolygonRing {
                        points: ring_points(sub.start, &sub.segs, &at),
                    })
                    .collect();
                self.ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings,
                        mode: PaintMode::Fill,
                        winding_order: WindingOrder::NonZero,
                    },
                });
            }
            if element.stroke {
                self.stroke_style(element.stroke_width * scale / MM_PER_PT, ink);
                self.ops.push(Op::SetLineCapStyle {
                    cap: printpdf::LineCapStyle::Round,
                });
                self.ops.push(Op::SetLineJoinStyle {
                    join: printpdf::LineJoinStyle::Round,
                });
                for sub in &element.subpaths {
                    let points = ring_points(sub.start, &sub.segs, &at);
                    self.ops.push(Op::DrawLine {
                        line: Line {
                            points,
                            is_closed: sub.closed,
                        },
                    });
                }
            }
            self.ops.push(Op::RestoreGraphicsState);
        }
    }
}

fn paint_mode(fill: bool, stroke: bool) -> Option<PaintMode> {
    match (fill, stroke) {
        (true, true) => Some(PaintMode::FillStroke),
        (true, false) => Some(PaintMode::Fill),
        (false, true) => Some(PaintMode::Stroke),
        (false, false) => None,
    }
}

fn lp(p: Point, bezier: bool) -> LinePoint {
    LinePoint { p, bezier }
}

fn ring_points(
    start: (f32, f32),
    segs: &[Seg],
    at: &impl Fn((f32, f32)) -> Point,
) -> Vec<LinePoint> {
    let mut points = vec![lp(at(start), false)];
    for seg in segs {
        match *seg {
            Seg::Line(p) => points.push(lp(at(p), false)),
            Seg::Cubic(c1, c2, end) => {
                points.push(lp(at(c1), true));
                points.push(lp(at(c2), true));
                points.push(lp(at(end), false));
            }
        }
    }
    points
}

/// A circle as four cubic Béziers (the usual 0.5523 handle length).
fn circle_ring(cx: f32, cy: f32, r: f32) -> PolygonRing {
    let k = 0.5523 * r;
    let segs = [
        Seg::Cubic((cx + r, cy - k), (cx + k, cy - r), (cx, cy - r)),
        Seg::Cubic((cx - k, cy - r), (cx - r, cy - k), (cx - r, cy)),
        Seg::Cubic((cx - r, cy + k), (cx - k, cy + r), (cx, cy + r)),
        Seg::Cubic((cx + k, cy + r), (cx + r, cy + k), (cx + r, cy)),
    ];
    PolygonRing {
        points: ring_points((cx + r, cy), &segs, &|(x, y)| point(x, y)),
    }
}
