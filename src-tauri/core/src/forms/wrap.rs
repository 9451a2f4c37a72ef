//! Line breaking measured with the font's own advances: English breaks between words,
//! Chinese between any two characters, except that closing punctuation never starts a
//! line and opening punctuation never ends one.
use super::fonts::FormFonts;

/// Breaks `text` into lines no wider than `width_mm` at `size_pt`. Newlines in the text
/// are kept as line breaks; an empty text gives no lines.
pub(crate) fn wrap(fonts: &FormFonts, text: &str, size_pt: f32, width_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    if text.trim().is_empty() {
        return lines;
    }
    for paragraph in text.trim_end().split('\n') {
        wrap_paragraph(fonts, paragraph.trim_end(), size_pt, width_mm, &mut lines);
    }
    lines
}

fn wrap_paragraph(fonts: &FormFonts, text: &str, size: f32, width: f32, out: &mut Vec<String>) {
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut space_pending = false;
    let space_w = fonts.width_mm(" ", size);
    for token in tokens(text) {
        if token.trim().is_empty() {
            space_pending = !line.is_empty();
            continue;
        }
        let token_w = fonts.width_mm(token, size);
        let gap = if space_pending { space_w } else { 0.0 };
        if line_w + gap + token_w <= width {
            if space_pending {
                line.push(' ');
            }
            line.push_str(token);
            line_w += gap + token_w;
        } else {
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            line_w = 0.0;
            // A word wider than the whole line is cut where it must be.
            for ch in token.chars() {
                let w = fonts.width_mm(ch.encode_utf8(&mut [0; 4]), size);
                if line_w + w > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(ch);
                line_w += w;
            }
        }
        space_pending = false;
    }
    if !line.is_empty() || text.is_empty() {
        out.push(line);
    }
}

/// Splits into unbreakable pieces: runs of spaces, Latin words, and single CJK
/// characters carrying the punctuation that must stay with them.
fn tokens(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        let end = i + ch.len_utf8();
        let next = iter.peek().map(|&(_, c)| c);
        let boundary = match next {
            None => true,
            Some(n) if n.is_whitespace() || ch.is_whitespace() => {
                n.is_whitespace() != ch.is_whitespace()
            }
            Some(n) if is_closing(n) || is_opening(ch) => false,
            Some(n) => is_cjk(ch) || is_cjk(n),
        };
        if boundary {
            out.push(&text[start..end]);
            start = end;
        }
    }
    out
}

fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

fn is_closing(ch: char) -> bool {
    "，。、；：？！）」』》〉】〕’”…·,.;:?!)]}%".contains(ch)
}

fn is_opening(ch: char) -> bool {
    "（「『《〈【〔‘“([{".contains(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font() -> Option<FormFonts> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/fonts/NotoSansSC-Regular.ttf"
        );
        FormFonts::load(std::path::Path::new(path)).ok()
    }

    #[test]
    fn no_wrapped_line_is_wider_than_its_box() {
        let Some(fonts) = font() else {
            panic!("the form font must load")
        };
        let text = "客户说冷车启动时发动机有“哒哒”异响，大概持续半分钟。The steering wheel shakes when braking at 100 km/h; please check the front discs.";
        for width in [20.0, 35.0, 60.0, 90.0] {
            let lines = wrap(&fonts, text, 8.0, width);
            assert!(lines.len() > 1, "{width} mm is narrower than the text");
            for line in &lines {
                assert!(
                    fonts.width_mm(line, 8.0) <= width + 0.01,
                    "{line:?} overflows {width} mm"
                );
                assert!(
                    !line.starts_with(['，', '。', '；']),
                    "{line:?} starts with closing punctuation"
                );
            }
            let rejoined: String = lines
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(rejoined, original, "wrapping loses nothing");
        }
    }

    #[test]
    fn english_words_stay_whole_when_they_fit() {
        let Some(fonts) = font() else {
            panic!("the form font must load")
        };
        for line in wrap(
            &fonts,
            "Replace front brake pads and resurface discs",
            8.0,
            30.0,
        ) {
            for word in line.split(' ') {
                assert!(
                    [
                        "Replace",
                        "front",
                        "brake",
                        "pads",
                        "and",
                        "resurface",
                        "discs"
                    ]
                    .contains(&word),
                    "{word:?} was cut"
                );
            }
        }
    }

    #[test]
    fn blank_text_takes_no_lines_and_newlines_are_kept() {
        let Some(fonts) = font() else {
            panic!("the form font must load")
        };
        assert!(wrap(&fonts, "  \n ", 8.0, 50.0).is_empty());
        assert_eq!(wrap(&fonts, "one\ntwo", 8.0, 50.0), vec!["one", "two"]);
    }

    #[test]
    fn english_is_split_into_words_and_spaces() {
        assert_eq!(
            tokens("brake pads, front"),
            vec!["brake", " ", "pads,", " ", "front"]
        );
    }

    #[test]
    fn chinese_breaks_between_characters_but_keeps_punctuation_with_its_character() {
        assert_eq!(tokens("刹车，异响"), vec!["刹", "车，", "异", "响"]);
        assert_eq!(tokens("换「机油」"), vec!["换", "「机", "油」"]);
    }

    #[test]
    fn mixed_text_keeps_latin_words_whole() {
        assert_eq!(tokens("更换ABS泵"), vec!["更", "换", "ABS", "泵"]);
    }
}
