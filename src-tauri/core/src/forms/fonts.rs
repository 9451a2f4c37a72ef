//! The one typeface of the forms (Noto Sans SC, covering English and both Chinese
//! scripts), parsed once and shared by every render, and text measured with its own
//! glyph advances so wrapping matches what the PDF shows.
use std::path::Path;

use printpdf::ParsedFont;

use super::FormError;

/// A parsed font ready to be embedded (subset) into any number of PDFs.
///
/// Parsing the 10 MB TTF takes a while; build this once (at start-up or first print)
/// and pass it to every [`super::render_work_order`] call.
pub struct FormFonts {
    pub(crate) regular: ParsedFont,
    units_per_em: f32,
    /// Advances of the printable ASCII range in em, the bulk of every form.
    ascii: [f32; 128],
    fallback_advance: f32,
}

impl std::fmt::Debug for FormFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormFonts")
            .field("units_per_em", &self.units_per_em)
            .finish()
    }
}

impl FormFonts {
    /// Parses a TrueType/OpenType font (the bytes of `assets/fonts/NotoSansSC-Regular.ttf`).
    pub fn from_ttf(bytes: &[u8]) -> Result<Self, FormError> {
        let mut warnings = Vec::new();
        let regular =
            ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| FormError::Font {
                reason: format!("not a usable TrueType font ({} bytes)", bytes.len()),
            })?;
        let units_per_em = f32::from(regular.font_metrics.units_per_em);
        if units_per_em <= 0.0 || regular.lookup_glyph_index('A' as u32).is_none() {
            return Err(FormError::Font {
                reason: "font has no Latin glyphs".into(),
            });
        }
        let mut fonts = FormFonts {
            regular,
            units_per_em,
            ascii: [0.0; 128],
            fallback_advance: 0.5,
        };
        fonts.fallback_advance = fonts.glyph_advance('中').unwrap_or(1.0);
        for code in 0..128u8 {
            fonts.ascii[usize::from(code)] = fonts.glyph_advance(char::from(code)).unwrap_or(0.5);
        }
        Ok(fonts)
    }

    /// Reads and parses the font file at `path`.
    pub fn load(path: &Path) -> Result<Self, FormError> {
        let bytes = std::fs::read(path)?;
        Self::from_ttf(&bytes)
    }

    /// Whether the font can draw `ch` (otherwise it prints as an empty box).
    pub fn covers(&self, ch: char) -> bool {
        self.regular.lookup_glyph_index(ch as u32).is_some()
    }

    fn glyph_advance(&self, ch: char) -> Option<f32> {
        let gid = self.regular.lookup_glyph_index(ch as u32)?;
        Some(f32::from(self.regular.get_horizontal_advance(gid)) / self.units_per_em)
    }

    /// Advance of one character in em.
    pub(crate) fn advance_em(&self, ch: char) -> f32 {
        let code = ch as usize;
        if code < 128 {
            return self.ascii[code];
        }
        self.glyph_advance(ch).unwrap_or(self.fallback_advance)
    }

    /// Width of `text` set at `size_pt`, in millimetres.
    pub(crate) fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        let em: f32 = text.chars().map(|c| self.advance_em(c)).sum();
        em * size_pt * MM_PER_PT
    }
}

/// 1 pt = 1/72 inch = 0.3528 mm.
pub(crate) const MM_PER_PT: f32 = 25.4 / 72.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_bytes_are_refused_as_a_font_error() {
        let err = FormFonts::from_ttf(b"not a font").err();
        assert!(matches!(err, Some(FormError::Font { .. })), "got {err:?}");
    }
}
