//! The walk-around with the customer (环车检查): existing damage numbered on the vehicle
//! diagram, the warning lights that were on, the fuel gauge and the odometer — what
//! nobody should argue about when the car is handed back.
use std::f32::consts::PI;

use super::blocks::{
    ascent, heading, paragraph, Ctx, BODY, CELL_PAD, LABEL, SECTION_GAP, SMALL, THIN,
};
use super::draw::{Align, Block, Prim, Rgb, TextStyle, AMBER, INK, MUTED, RED, RULE, TINT, WHITE};
use super::flow::{Flow, LEFT, WIDTH};
use super::model::{DamageKind, DamageMark, DistanceUnit, WarningLight};
use super::shapes::{car_diagram, warning_icon};
use super::FormError;

const DIAGRAM_W: f32 = 66.0;
const LIGHTS_W: f32 = 62.0;
const COLUMN_GAP: f32 = 5.0;
const MARK_R: f32 = 2.0;
const LEGEND_COLUMNS: usize = 3;

/// Three columns — diagram, warning lights, fuel and odometer — then the legend.
pub(crate) fn walk_around(ctx: &Ctx, flow: &mut Flow) -> Result<(), FormError> {
    flow.gap(SECTION_GAP);
    let mut figure = Block::new(0.0);
    figure.place(diagram(ctx)?, 0.0);
    let lights_x = LEFT + DIAGRAM_W + COLUMN_GAP;
    let lights = lights(ctx, lights_x, LIGHTS_W)?;
    let gauges_x = lights_x + LIGHTS_W + COLUMN_GAP;
    let gauges = fuel_and_odometer(ctx, gauges_x, LEFT + WIDTH - gauges_x);
    let summary_y = lights.h.max(gauges.h) + 0.6;
    figure.place(lights, 0.0);
    figure.place(gauges, 0.0);
    figure.place(
        lights_summary(ctx, lights_x, LEFT + WIDTH - lights_x),
        summary_y,
    );
    figure.h += 1.0;
    let legend = legend(ctx);
    let mut first = vec![heading(ctx, LEFT, WIDTH, "form.walkaround"), figure];
    first.extend(legend);
    flow.section(first.remove(0), first);
    Ok(())
}

fn diagram(ctx: &Ctx) -> Result<Block, FormError> {
    let car = car_diagram()?;
    let scale = DIAGRAM_W / car.view_w;
    let h = car.view_h * scale;
    let top = 1.0;
    let mut b = Block::new(top + h + 4.0);
    b.prims.push(Prim::Shape {
        shape: car,
        x: LEFT,
        y: top,
        scale,
        ink: Rgb(0.25, 0.26, 0.28),
    });
    let ends = muted_small();
    b.text(
        LEFT + 1.0,
        top + h + 3.0,
        ends,
        ctx.l.get("form.diagram.rear"),
    );
    b.text_aligned(
        LEFT + DIAGRAM_W - 1.0,
        top + h + 3.0,
        ends,
        Align::Right,
        ctx.l.get("form.diagram.front"),
    );
    for (i, mark) in ctx.doc.damage.iter().enumerate() {
        let cx = LEFT + f32::from(mark.x) * scale;
        let cy = top + f32::from(mark.y) * scale;
        number_badge(&mut b, cx, cy, i + 1);
    }
    Ok(b)
}

fn muted_small() -> TextStyle {
    TextStyle::new(6.2).color(MUTED)
}

/// A red disc with the mark's number in white.
fn number_badge(b: &mut Block, cx: f32, cy: f32, number: usize) {
    b.prims.push(Prim::Circle {
        cx,
        cy,
        r: MARK_R,
        fill: Some(RED),
        stroke: Some((0.6, WHITE)),
    });
    let style = TextStyle::new(if number < 10 { 6.4 } else { 5.4 })
        .bold()
        .color(WHITE);
    b.text_aligned(cx, cy + 0.8, style, Align::Center, number.to_string());
}

/// The numbered list under the figure, a few marks per row.
fn legend(ctx: &Ctx) -> Vec<Block> {
    let marks = &ctx.doc.damage;
    if marks.is_empty() {
        return paragraph(
            ctx,
            LEFT,
            WIDTH,
            &ctx.l.get("form.damage.none"),
            BODY.color(MUTED),
        );
    }
    let gap = 5.0;
    let col_w = (WIDTH - gap * (LEGEND_COLUMNS - 1) as f32) / LEGEND_COLUMNS as f32;
    let mut out = Vec::new();
    for (row, chunk) in marks.chunks(LEGEND_COLUMNS).enumerate() {
        let mut b = Block::new(0.0);
        for (j, mark) in chunk.iter().enumerate() {
            let x = LEFT + j as f32 * (col_w + gap);
            b.place(
                legend_entry(ctx, x, col_w, row * LEGEND_COLUMNS + j + 1, mark),
                0.0,
            );
        }
        out.push(b);
    }
    out
}

fn legend_entry(ctx: &Ctx, x: f32, w: f32, number: usize, mark: &DamageMark) -> Block {
    let kind = ctx.l.get(damage_key(mark.kind));
    let text_x = x + 2.0 * MARK_R + 1.5;
    let lines = ctx.wrap(&format!("{kind} — {}", mark.note), BODY, w - (text_x - x));
    let mut b = Block::new(lines.len() as f32 * BODY.leading() + 1.0);
    number_badge(&mut b, x + MARK_R, 0.5 + BODY.leading() / 2.0, number);
    for (i, line) in lines.into_iter().enumerate() {
        b.text(
            text_x,
            0.5 + i as f32 * BODY.leading() + ascent(BODY),
            BODY,
            line,
        );
    }
    b
}

fn damage_key(kind: DamageKind) -> &'static str {
    match kind {
        DamageKind::Scratch => "form.damage.scratch",
        DamageKind::Dent => "form.damage.dent",
        DamageKind::Crack => "form.damage.crack",
        DamageKind::Chip => "form.damage.chip",
        DamageKind::Missing => "form.damage.missing",
        DamageKind::Rust => "form.damage.rust",
    }
}

const ICON: f32 = 5.4;
const LIGHTS_PER_ROW: usize = 2;

/// The eight dashboard lights as icons, the lit ones on a coloured tile.
fn lights(ctx: &Ctx, x: f32, w: f32) -> Result<Block, FormError> {
    let mut b = Block::new(0.0);
    b.text(x, 3.0, LABEL.bold(), ctx.l.get("form.lights"));
    let cell_w = w / LIGHTS_PER_ROW as f32;
    let label = TextStyle::new(6.0);
    let mut y = 4.4;
    for row in WarningLight::ALL.chunks(LIGHTS_PER_ROW) {
        let mut row_h: f32 = 0.0;
        for (i, &light) in row.iter().enumerate() {
            let cx = x + i as f32 * cell_w;
            let on = ctx.doc.warning_lights.contains(&light);
            let icon = warning_icon(light)?;
            let scale = ICON / icon.view_w;
            if on {
                b.rect(cx, y, ICON + 1.6, ICON + 1.6, Some(lit_colour(light)), None);
                b.prims.push(Prim::Shape {
                    shape: icon,
                    x: cx + 0.8,
                    y: y + 0.8,
                    scale,
                    ink: WHITE,
                });
            } else {
                b.rect(cx, y, ICON + 1.6, ICON + 1.6, None, Some((0.3, RULE)));
                b.prims.push(Prim::Shape {
                    shape: icon,
                    x: cx + 0.8,
                    y: y + 0.8,
                    scale,
                    ink: Rgb(0.6, 0.62, 0.65),
                });
            }
            let style = if on {
                label.bold().color(INK)
            } else {
                label.color(MUTED)
            };
            let text_x = cx + ICON + 2.8;
            let lines = ctx.wrap(&ctx.l.get(light_key(light)), style, cell_w - ICON - 3.6);
            let mut ty = y + ascent(style) + 0.4;
            for line in &lines {
                b.text(text_x, ty, style, line.clone());
                ty += style.leading();
            }
            row_h = row_h.max((ICON + 1.6).max(ty - y - ascent(style)));
        }
        y += row_h + 1.0;
    }
    b.h = y - 1.0;
    Ok(b)
}

/// The lit lights in words, for black-and-white copies and for reading aloud.
fn lights_summary(ctx: &Ctx, x: f32, w: f32) -> Block {
    let on: Vec<String> = WarningLight::ALL
        .iter()
        .filter(|l| ctx.doc.warning_lights.contains(l))
        .map(|&l| ctx.l.get(light_key(l)))
        .collect();
    let summary = if on.is_empty() {
        ctx.l.get("form.lights.none")
    } else {
        format!("{} {}", ctx.l.get("form.lights.on"), on.join(", "))
    };
    let style = SMALL.bold();
    let lines = ctx.wrap(&summary, style, w);
    let mut b = Block::new(lines.len() as f32 * style.leading());
    for (i, line) in lines.into_iter().enumerate() {
        b.text(x, i as f32 * style.leading() + ascent(style), style, line);
    }
    b
}

/// Red for the lights that mean "stop", amber for "have it checked".
fn lit_colour(light: WarningLight) -> Rgb {
    match light {
        WarningLight::CheckEngine | WarningLight::Abs | WarningLight::TyrePressure => AMBER,
        _ => RED,
    }
}

pub(crate) fn light_key(light: WarningLight) -> &'static str {
    match light {
        WarningLight::CheckEngine => "form.light.check_engine",
        WarningLight::Abs => "form.light.abs",
        WarningLight::Airbag => "form.light.airbag",
        WarningLight::OilPressure => "form.light.oil_pressure",
        WarningLight::Battery => "form.light.battery",
        WarningLight::Brake => "form.light.brake",
        WarningLight::TyrePressure => "form.light.tyre_pressure",
        WarningLight::CoolantTemp => "form.light.coolant_temp",
    }
}

/// The fuel gauge (a dial in eighths with its needle) above the odometer reading.
fn fuel_and_odometer(ctx: &Ctx, x: f32, w: f32) -> Block {
    const FUEL_H: f32 = 18.5;
    const ODO_H: f32 = 13.0;
    let mut b = Block::new(FUEL_H + 2.0 + ODO_H);
    b.rect(x, 0.0, w, FUEL_H, None, Some((THIN, RULE)));
    b.text(x + CELL_PAD, 3.0, LABEL, ctx.l.get("form.fuel_level"));
    let eighths = ctx.doc.fuel_eighths.min(8);
    b.text_aligned(
        x + w - CELL_PAD,
        3.4,
        TextStyle::new(8.0).bold(),
        Align::Right,
        format!("{eighths}/8"),
    );
    let (cx, cy, r) = (x + w / 2.0, 15.0, 9.2);
    let at = |level: f32, radius: f32| {
        let angle = PI - level / 8.0 * PI;
        (cx + radius * angle.cos(), cy - radius * angle.sin())
    };
    let mut wedge = vec![(cx, cy)];
    wedge.extend((0..=16 * u32::from(eighths)).map(|i| at(i as f32 / 16.0, r)));
    b.prims.push(Prim::Poly {
        points: wedge,
        closed: true,
        fill: Some(TINT),
        stroke: None,
    });
    let arc: Vec<(f32, f32)> = (0..=64).map(|i| at(i as f32 / 8.0, r)).collect();
    b.prims.push(Prim::Poly {
        points: arc,
        closed: false,
        fill: None,
        stroke: Some((0.8, INK)),
    });
    for tick in 0..=8 {
        let inner = if tick % 4 == 0 { r - 2.6 } else { r - 1.6 };
        let (p, q) = (at(tick as f32, inner), at(tick as f32, r));
        b.prims.push(Prim::Poly {
            points: vec![p, q],
            closed: false,
            fill: None,
            stroke: Some((0.6, INK)),
        });
    }
    let ends = TextStyle::new(6.4).bold();
    b.text_aligned(cx - r, cy + 2.9, ends, Align::Center, "E");
    b.text_aligned(cx + r, cy + 2.9, ends, Align::Center, "F");
    let needle = at(f32::from(eighths), r - 2.0);
    b.prims.push(Prim::Poly {
        points: vec![(cx, cy), needle],
        closed: false,
        fill: None,
        stroke: Some((1.4, RED)),
    });
    b.prims.push(Prim::Circle {
        cx,
        cy,
        r: 1.1,
        fill: Some(INK),
        stroke: None,
    });

    let oy = FUEL_H + 2.0;
    b.rect(x, oy, w, ODO_H, None, Some((THIN, RULE)));
    b.text(x + CELL_PAD, oy + 3.0, LABEL, ctx.l.get("form.odometer"));
    let odo = &ctx.doc.odometer;
    let unit = match odo.unit {
        DistanceUnit::Km => ctx.l.get("form.unit.km"),
        DistanceUnit::Mi => ctx.l.get("form.unit.mi"),
    };
    let value = ctx.l.number(i64::from(odo.value));
    let big = TextStyle::new(14.0).bold();
    let unit_style = TextStyle::new(7.5).color(MUTED);
    let total = ctx.width(&value, big) + 1.5 + ctx.width(&unit, unit_style);
    let vx = x + (w - total) / 2.0;
    b.text(vx, oy + 10.2, big, &value);
    b.text(
        vx + ctx.width(&value, big) + 1.5,
        oy + 10.2,
        unit_style,
        unit,
    );
    b
}
