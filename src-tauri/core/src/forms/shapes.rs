//! The drawings shared with the UI — the top-down vehicle diagram and the warning-light
//! icons in `assets/` — read by a deliberately tiny SVG reader: `<path>` elements with
//! absolute `M L C Q Z` commands, `fill`/`stroke` attributes and the root `viewBox`.
//! Keeping the files to that subset is what lets the PDF draw exactly what the UI shows.
use std::sync::OnceLock;

use super::model::WarningLight;
use super::FormError;

pub(crate) type Point = (f32, f32);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Seg {
    Line(Point),
    Cubic(Point, Point, Point),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SubPath {
    pub start: Point,
    pub segs: Vec<Seg>,
    pub closed: bool,
}

/// How a path is filled: with the caller's ink (`currentColor`) or a fixed colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Paint {
    Current,
    Rgb(f32, f32, f32),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub fill: Option<Paint>,
    pub stroke: bool,
    pub stroke_width: f32,
    pub subpaths: Vec<SubPath>,
}

/// A parsed drawing in its own coordinates (the viewBox, y down).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    pub view_w: f32,
    pub view_h: f32,
    pub elements: Vec<Element>,
}

/// The vehicle outline damage marks are placed on.
pub(crate) fn car_diagram() -> Result<&'static Shape, FormError> {
    static CAR: OnceLock<Result<Shape, String>> = OnceLock::new();
    cached(
        &CAR,
        "diagram/car-top.svg",
        include_str!("../../../../assets/diagram/car-top.svg"),
    )
}

macro_rules! icon {
    ($name:literal) => {
        include_str!(concat!(
            "../../../../assets/icons/warning-lights/",
            $name,
            ".svg"
        ))
    };
}

pub(crate) fn warning_icon(light: WarningLight) -> Result<&'static Shape, FormError> {
    static ICONS: [OnceLock<Result<Shape, String>>; 8] = [const { OnceLock::new() }; 8];
    let (index, name, source) = match light {
        WarningLight::CheckEngine => (0, "check_engine", icon!("check_engine")),
        WarningLight::Abs => (1, "abs", icon!("abs")),
        WarningLight::Airbag => (2, "airbag", icon!("airbag")),
        WarningLight::OilPressure => (3, "oil_pressure", icon!("oil_pressure")),
        WarningLight::Battery => (4, "battery", icon!("battery")),
        WarningLight::Brake => (5, "brake", icon!("brake")),
        WarningLight::TyrePressure => (6, "tyre_pressure", icon!("tyre_pressure")),
        WarningLight::CoolantTemp => (7, "coolant_temp", icon!("coolant_temp")),
    };
    cached(&ICONS[index], name, source)
}

fn cached(
    cell: &'static OnceLock<Result<Shape, String>>,
    name: &str,
    source: &str,
) -> Result<&'static Shape, FormError> {
    cell.get_or_init(|| parse_svg(source))
        .as_ref()
        .map_err(|reason| FormError::Asset {
            name: name.to_string(),
            reason: reason.clone(),
        })
}

/// Reads the supported SVG subset; anything outside it is an error, not a guess.
pub(crate) fn parse_svg(source: &str) -> Result<Shape, String> {
    let source = strip_comments(source);
    let root_start = source.find("<svg").ok_or("no <svg> element")?;
    let root = tag_at(&source, root_start);
    let view_box = attr(root, "viewBox").ok_or("no viewBox on <svg>")?;
    let numbers = view_box
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<f32>()
                .map_err(|_| format!("bad viewBox {view_box:?}"))
        })
        .collect::<Result<Vec<f32>, String>>()?;
    let [0.0, 0.0, view_w, view_h] = numbers[..] else {
        return Err(format!("viewBox must be \"0 0 w h\", got {view_box:?}"));
    };
    let root_fill = attr(root, "fill").map(parse_paint).transpose()?.flatten();
    let root_stroke = attr(root, "stroke").is_some_and(|s| s != "none");
    let root_width = attr(root, "stroke-width")
        .map(parse_number)
        .transpose()?
        .unwrap_or(1.0);

    let mut elements = Vec::new();
    let mut rest = &source[root_start + root.len()..];
    while let Some(at) = rest.find("<path") {
        let tag = tag_at(rest, at);
        let d = attr(tag, "d").ok_or("a <path> without d")?;
        let fill = match attr(tag, "fill") {
            Some(value) => parse_paint(value)?,
            None => root_fill,
        };
        let stroke = attr(tag, "stroke").map_or(root_stroke, |s| s != "none");
        let stroke_width = attr(tag, "stroke-width")
            .map(parse_number)
            .transpose()?
            .unwrap_or(root_width);
        elements.push(Element {
            fill,
            stroke,
            stroke_width,
            subpaths: parse_path(d)?,
        });
        rest = &rest[at + tag.len()..];
    }
    if elements.is_empty() {
        return Err("no <path> elements".into());
    }
    Ok(Shape {
        view_w,
        view_h,
        elements,
    })
}

fn strip_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// The text of the tag starting at `at`, up to and including its `>`.
fn tag_at(source: &str, at: usize) -> &str {
    let end = source[at..].find('>').map_or(source.len(), |e| at + e + 1);
    &source[at..end]
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn parse_number(text: &str) -> Result<f32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("not a number: {text:?}"))
}

fn parse_paint(value: &str) -> Result<Option<Paint>, String> {
    let hex = |s: &str| u8::from_str_radix(s, 16).map(|v| f32::from(v) / 255.0);
    match value {
        "none" => Ok(None),
        "currentColor" => Ok(Some(Paint::Current)),
        v if v.starts_with('#') && v.len() == 4 => {
            let d: Vec<String> = v[1..].chars().map(|c| format!("{c}{c}")).collect();
            match (hex(&d[0]), hex(&d[1]), hex(&d[2])) {
                (Ok(r), Ok(g), Ok(b)) => Ok(Some(Paint::Rgb(r, g, b))),
                _ => Err(format!("bad colour {v:?}")),
            }
        }
        v if v.starts_with('#') && v.len() == 7 => {
            match (hex(&v[1..3]), hex(&v[3..5]), hex(&v[5..7])) {
                (Ok(r), Ok(g), Ok(b)) => Ok(Some(Paint::Rgb(r, g, b))),
                _ => Err(format!("bad colour {v:?}")),
            }
        }
        v => Err(format!("unsupported paint {v:?}")),
    }
}

/// Parses path data made of absolute `M x y`, `L x y`, `C x1 y1 x2 y2 x y`,
/// `Q x1 y1 x y` and `Z`; quadratic curves become the equivalent cubic ones.
pub(crate) fn parse_path(d: &str) -> Result<Vec<SubPath>, String> {
    let mut tokens = d
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty());
    let mut subpaths: Vec<SubPath> = Vec::new();
    let mut command = None;
    let mut current: Point = (0.0, 0.0);
    let mut pending: Vec<f32> = Vec::new();
    loop {
        let token = tokens.next();
        if let Some(t) = token.filter(|t| t.chars().all(|c| c.is_ascii_alphabetic())) {
            if !pending.is_empty() {
                return Err(format!("{} numbers left over before {t}", pending.len()));
            }
            command = Some(t);
            if t == "Z" {
                let sub = subpaths.last_mut().ok_or("Z before M")?;
                sub.closed = true;
                current = sub.start;
            } else if !matches!(t, "M" | "L" | "C" | "Q") {
                return Err(format!("unsupported path command {t:?} (only M L C Q Z)"));
            }
            continue;
        }
        let Some(t) = token else { break };
        pending.push(parse_number(t)?);
        let need = match command {
            Some("M" | "L") => 2,
            Some("C") => 6,
            Some("Q") => 4,
            other => return Err(format!("number {t} after {other:?}")),
        };
        if pending.len() < need {
            continue;
        }
        let p = |i: usize| (pending[i], pending[i + 1]);
        match command {
            Some("M") => {
                subpaths.push(SubPath {
                    start: p(0),
                    segs: Vec::new(),
                    closed: false,
                });
                command = Some("L");
            }
            Some(cmd) => {
                let seg = match cmd {
                    "L" => Seg::Line(p(0)),
                    "C" => Seg::Cubic(p(0), p(2), p(4)),
                    _ => {
                        let (q, end) = (p(0), p(2));
                        let c1 = (
                            current.0 + 2.0 / 3.0 * (q.0 - current.0),
                            current.1 + 2.0 / 3.0 * (q.1 - current.1),
                        );
                        let c2 = (
                            end.0 + 2.0 / 3.0 * (q.0 - end.0),
                            end.1 + 2.0 / 3.0 * (q.1 - end.1),
                        );
                        Seg::Cubic(c1, c2, end)
                    }
                };
                subpaths
                    .last_mut()
                    .ok_or("drawing before M")?
                    .segs
                    .push(seg);
            }
            None => return Err("number without a command".into()),
        }
        current = (pending[need - 2], pending[need - 1]);
        pending.clear();
    }
    if !pending.is_empty() {
        return Err("path ends in the middle of a command".into());
    }
    Ok(subpaths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quadratic_curve_becomes_the_equivalent_cubic() {
        let subs = parse_path("M 0 0 Q 3 3 6 0").unwrap_or_default();
        assert_eq!(
            subs[0].segs,
            vec![Seg::Cubic((2.0, 2.0), (4.0, 2.0), (6.0, 0.0))]
        );
    }

    #[test]
    fn relative_commands_are_refused_rather_than_misdrawn() {
        assert!(parse_path("M 0 0 l 5 5").is_err());
    }

    #[test]
    fn implicit_lines_after_a_move_are_read_as_lines() {
        let subs = parse_path("M 0 0 10 0 10 10 Z").unwrap_or_default();
        assert_eq!(subs[0].segs.len(), 2);
        assert!(subs[0].closed);
    }

    #[test]
    fn the_vehicle_diagram_and_every_warning_icon_parse() {
        let car = car_diagram().map(|s| (s.view_w, s.view_h)).ok();
        assert_eq!(
            car,
            Some((1000.0, 500.0)),
            "marks are placed in a 1000 x 500 space"
        );
        for light in WarningLight::ALL {
            let icon = warning_icon(light);
            assert!(icon.is_ok(), "{} icon: {:?}", light.code(), icon.err());
        }
    }
}
