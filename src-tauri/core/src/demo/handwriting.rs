//! Demo handwriting: a few squiggles drawn with integer arithmetic only, as pad strokes
//! and as a small grayscale PNG, so demo signatures print and hash the same everywhere.
use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;

use super::rng::Rng;
use crate::intake::StrokePoint;

const W: i32 = 240;
const H: i32 = 80;

/// The squiggle's points: a zig-zag of varying height across the box.
fn points(rng: &mut Rng) -> Vec<StrokePoint> {
    let mut x = 16;
    let mut t = 0;
    let mut up = true;
    let mut out = Vec::new();
    while x < W - 16 {
        let amplitude = rng.range(8, 28) as i32;
        let y = if up {
            H / 2 - amplitude
        } else {
            H / 2 + amplitude / 2
        };
        out.push(StrokePoint {
            x,
            y,
            t,
            pressure: rng.range(350, 800) as i32,
        });
        x += rng.range(10, 24) as i32;
        t += rng.range(25, 60) as i32;
        up = !up;
    }
    out
}

fn plot(pixels: &mut [u8], x: i32, y: i32) {
    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
        let (px, py) = (x + dx, y + dy);
        if (0..W).contains(&px) && (0..H).contains(&py) {
            pixels[(py * W + px) as usize] = 0;
        }
    }
}

/// Bresenham's line, two pixels wide.
fn line(pixels: &mut [u8], a: StrokePoint, b: StrokePoint) {
    let (mut x, mut y) = (a.x, a.y);
    let (dx, dy) = ((b.x - a.x).abs(), -(b.y - a.y).abs());
    let (sx, sy) = (
        if a.x < b.x { 1 } else { -1 },
        if a.y < b.y { 1 } else { -1 },
    );
    let mut err = dx + dy;
    loop {
        plot(pixels, x, y);
        if x == b.x && y == b.y {
            break;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x += sx;
        }
        if e2 <= dx {
            err += dx;
            y += sy;
        }
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn encode_png(pixels: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::with_capacity(pixels.len() + H as usize);
    for row in pixels.chunks(W as usize) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::default());
    zlib.write_all(&raw)?;
    let data = zlib.finish()?;
    let mut header = Vec::new();
    header.extend_from_slice(&(W as u32).to_be_bytes());
    header.extend_from_slice(&(H as u32).to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grayscale
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &data);
    chunk(&mut png, b"IEND", &[]);
    Ok(png)
}

/// A signature: its strokes and its PNG.
pub(super) fn signature(rng: &mut Rng) -> std::io::Result<(Vec<Vec<StrokePoint>>, Vec<u8>)> {
    let stroke = points(rng);
    let mut pixels = vec![255u8; (W * H) as usize];
    for pair in stroke.windows(2) {
        line(&mut pixels, pair[0], pair[1]);
    }
    Ok((vec![stroke], encode_png(&pixels)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_matches_the_png_specification() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn a_demo_signature_is_a_png_with_ink() -> std::io::Result<()> {
        let (strokes, png) = signature(&mut Rng::new(1))?;
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(strokes[0].len() > 5);
        Ok(())
    }
}
