//! A template's placeholders: `{name}`, `{plate}`, `{model}`, `{date}`, `{shop}` and
//! `{phone}`, checked when the template is saved (an unknown one, or a brace left open,
//! is refused next to its field) and filled for each customer when the letters print.
use crate::error::FieldIssue;
use crate::reason::Reason;

/// Every placeholder a template may use.
pub const KNOWN: [&str; 6] = ["name", "plate", "model", "date", "shop", "phone"];

/// What the placeholders stand for in one customer's letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// The customer's name.
    pub name: String,
    pub plate: String,
    /// Make and model.
    pub model: String,
    /// The event's day (an event letter) or the letter's day, written in its language.
    pub date: String,
    /// The shop's name and phone.
    pub shop: String,
    pub phone: String,
}

impl Values {
    fn get(&self, key: &str) -> Option<&str> {
        Some(match key {
            "name" => &self.name,
            "plate" => &self.plate,
            "model" => &self.model,
            "date" => &self.date,
            "shop" => &self.shop,
            "phone" => &self.phone,
            _ => return None,
        })
    }
}

/// A piece of a template: plain text or a placeholder's name.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// Splits `text` at its `{…}`; `None` when a brace is left open or closed unopened.
fn pieces(text: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find(['{', '}'])?;
        if !after[close..].starts_with('}') {
            return None;
        }
        out.push(Piece::Text(&rest[..open]));
        out.push(Piece::Slot(&after[..close]));
        rest = &after[close + 1..];
    }
    out.push(Piece::Text(rest));
    Some(out)
}

/// The refusal of `text` in `field`: a brace left open, or a placeholder the desk does
/// not know (a typo such as `{nmae}` would print as it is on every letter).
pub fn check(field: &str, text: &str) -> Option<FieldIssue> {
    let ok = pieces(text).is_some_and(|pieces| {
        pieces.iter().all(|p| match p {
            Piece::Text(_) => true,
            Piece::Slot(name) => KNOWN.contains(&name.trim()),
        })
    });
    (!ok).then(|| FieldIssue::new(field, Reason::LetterPlaceholder))
}

/// `text` with each placeholder replaced by its value; a text that does not check (it
/// never reaches here through the desk) is returned as it is.
pub fn fill(text: &str, values: &Values) -> String {
    let Some(pieces) = pieces(text) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + 32);
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Slot(name) => match values.get(name.trim()) {
                Some(value) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            name: "王伟".into(),
            plate: "粤B12345".into(),
            model: "Toyota Corolla".into(),
            date: "2026年12月20日".into(),
            shop: "Garage".into(),
            phone: "0755-1234".into(),
        }
    }

    #[test]
    fn every_known_placeholder_is_filled() {
        let text = "{name}|{plate}|{model}|{date}|{shop}|{phone}";
        assert_eq!(
            fill(text, &values()),
            "王伟|粤B12345|Toyota Corolla|2026年12月20日|Garage|0755-1234"
        );
    }

    #[test]
    fn a_placeholder_may_repeat_and_sit_inside_chinese_text() {
        assert_eq!(fill("尊敬的{name}：{name}", &values()), "尊敬的王伟：王伟");
        assert_eq!(check("b", "尊敬的{ name }您好"), None);
    }

    #[test]
    fn unknown_or_unbalanced_placeholders_are_refused() {
        for bad in [
            "{nmae}",
            "Dear {name",
            "Dear name}",
            "{{name}}",
            "{}",
            "{a{b}",
        ] {
            assert_eq!(
                check("en.body", bad),
                Some(FieldIssue::new("en.body", Reason::LetterPlaceholder)),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn text_without_placeholders_is_kept_as_it_is() {
        assert_eq!(check("b", "No braces at all."), None);
        assert_eq!(fill("No braces at all.", &values()), "No braces at all.");
    }
}
