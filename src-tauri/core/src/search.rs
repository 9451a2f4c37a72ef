//! Finding a customer from whatever the desk types: a fragment of a name, company,
//! phone, plate or VIN, Chinese characters or their pinyin initials. This module holds
//! the result type and the pure key building; `store::search` holds the index and SQL.
use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::ids::{CustomerId, VehicleId};
use crate::reason::Reason;
use crate::validate::plate::to_half_width;

/// Why a customer is in the results. Exact matches come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    ExactPlate,
    ExactPhone,
    Fragment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub customer_id: CustomerId,
    pub display_name: String,
    pub company_name: String,
    pub primary_phone: Option<String>,
    /// The plates of the vehicles the customer owns now.
    pub plates: Vec<String>,
    /// The vehicle whose plate or VIN matched, if one did.
    pub matched_vehicle_id: Option<VehicleId>,
    pub matched_plate: Option<String>,
    pub match_kind: MatchKind,
    pub archived: bool,
}

/// A search as the UI asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    pub query: String,
    pub limit: u32,
    pub include_archived: bool,
}

/// The longest query the desk may type, in characters: a name, a plate, a VIN or a
/// phone number is far shorter, and a longer one would only make the index scan longer.
pub const MAX_QUERY_CHARS: usize = 200;

/// Refuses a query longer than [`MAX_QUERY_CHARS`] (`Invalid` on `query`,
/// `text.too_long`), before any key is built from it. Every search of the core (customers,
/// the price list) asks this first.
pub fn check_query(query: &str) -> Result<()> {
    if query.chars().nth(MAX_QUERY_CHARS).is_some() {
        return Err(CoreError::invalid("query", Reason::TextTooLong));
    }
    Ok(())
}

/// Separates keys inside a search document; a normalised query never contains it.
pub(crate) const KEY_SEPARATOR: char = '|';

/// Lower case, half-width, letters and digits only (Chinese characters are letters):
/// how both the index and the query are written, so `粤 b·123` finds `粤B12345`.
pub fn search_key(text: &str) -> String {
    text.chars()
        .map(to_half_width)
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn has_han(text: &str) -> bool {
    text.chars().any(|c| c.to_pinyin().is_some())
}

/// `王小明` → `wxm`; characters without a reading (Latin, digits) are kept as they are.
/// Polyphones take their first (most common) reading; traditional characters work too.
pub fn pinyin_initials(text: &str) -> String {
    pinyin_key(text, |p| p.first_letter())
}

/// `王小明` → `wangxiaoming`.
pub fn pinyin_full(text: &str) -> String {
    pinyin_key(text, |p| p.plain())
}

fn pinyin_key(text: &str, part: impl Fn(pinyin::Pinyin) -> &'static str) -> String {
    let key = search_key(text);
    let mut out = String::with_capacity(key.len() * 2);
    for ch in key.chars() {
        match ch.to_pinyin() {
            Some(p) => out.push_str(part(p)),
            None => out.push(ch),
        }
    }
    out
}

/// What a customer's search document is built from.
#[derive(Debug, Default, Clone)]
pub(crate) struct DocParts<'a> {
    pub name: &'a str,
    pub company_name: &'a str,
    pub contact_person: &'a str,
    pub phones: Vec<&'a str>,
    pub plates: Vec<&'a str>,
    pub vins: Vec<&'a str>,
}

/// The index entries of one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchDoc {
    /// Every key, for the trigram index.
    pub doc: String,
    /// Two-character grams of the name-like keys, for one- and two-character queries.
    /// Each key's last character is also stored followed by the separator, so that
    /// every character starts some gram.
    pub grams: Vec<String>,
}

pub(crate) fn build_doc(parts: &DocParts<'_>) -> SearchDoc {
    let others: Vec<&str> = parts
        .phones
        .iter()
        .chain(&parts.plates)
        .chain(&parts.vins)
        .copied()
        .collect();
    index_doc(
        &[parts.name, parts.company_name, parts.contact_person],
        &others,
    )
}

/// The index entries of anything searchable: `names` get their pinyin keys and the
/// grams for short queries; `others` (numbers, plates, VINs) are matched from three
/// characters on. Customers and the price list share it, so they find things alike.
pub(crate) fn index_doc(names: &[&str], others: &[&str]) -> SearchDoc {
    let mut name_keys: Vec<String> = Vec::new();
    for text in names {
        let key = search_key(text);
        if key.is_empty() {
            continue;
        }
        if has_han(&key) {
            name_keys.push(pinyin_initials(&key));
            name_keys.push(pinyin_full(&key));
        }
        name_keys.push(key);
    }
    name_keys.sort();
    name_keys.dedup();

    let mut grams: Vec<String> = Vec::new();
    for key in &name_keys {
        let chars: Vec<char> = key.chars().collect();
        grams.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
        if let Some(last) = chars.last() {
            grams.push(format!("{last}{KEY_SEPARATOR}"));
        }
    }
    grams.sort();
    grams.dedup();

    let mut keys: Vec<String> = name_keys;
    keys.extend(
        others
            .iter()
            .map(|t| search_key(t))
            .filter(|k| !k.is_empty()),
    );
    SearchDoc {
        doc: keys.join(&KEY_SEPARATOR.to_string()),
        grams,
    }
}

/// How a normalised query is looked up: three characters or more in the trigram
/// index, two as one gram, one as the range of grams it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The FTS5 phrase to match.
    Trigram(String),
    Gram(String),
    /// Grams from the first (inclusive) to the second (exclusive).
    GramRange(String, String),
}

pub(crate) fn lookup(key: &str) -> Option<Lookup> {
    let mut chars = key.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(_), Some(_), Some(_)) => Some(Lookup::Trigram(format!("\"{key}\""))),
        (Some(_), Some(_), None) => Some(Lookup::Gram(key.to_string())),
        (Some(first), None, _) => {
            let next = char::from_u32(first as u32 + 1).unwrap_or(char::MAX);
            Some(Lookup::GramRange(first.to_string(), next.to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_and_keys_ignore_case_spacing_and_punctuation() {
        assert_eq!(search_key("粤 b·123 45"), "粤b12345");
        assert_eq!(search_key("+86 (138) 1234-5678"), "8613812345678");
        assert_eq!(search_key("Ｊｏｈｎ  Smith"), "johnsmith");
    }

    #[test]
    fn a_query_of_two_hundred_characters_is_taken_and_one_more_is_refused() {
        let longest = "王".repeat(MAX_QUERY_CHARS);
        assert!(
            check_query(&longest).is_ok(),
            "characters are counted, not bytes"
        );
        let refused = check_query(&format!("{longest}a"));
        assert!(
            matches!(refused, Err(CoreError::Invalid(ref i)) if i[0].field == "query" && i[0].code == Reason::TextTooLong),
            "{refused:?}"
        );
    }

    #[test]
    fn pinyin_initials_of_a_chinese_name() {
        assert_eq!(pinyin_initials("王小明"), "wxm");
        assert_eq!(pinyin_full("王小明"), "wangxiaoming");
    }

    #[test]
    fn traditional_characters_have_pinyin_too() {
        assert_eq!(pinyin_initials("陳偉強"), "cwq");
        assert_eq!(pinyin_full("黃嘉欣"), "huangjiaxin");
    }

    #[test]
    fn latin_letters_and_digits_pass_through_pinyin_unchanged() {
        assert_eq!(pinyin_initials("A王1"), "aw1");
    }

    #[test]
    fn a_document_holds_every_key_separated_and_grams_of_names_only() {
        let doc = build_doc(&DocParts {
            name: "王小明",
            phones: vec!["13812345678"],
            plates: vec!["粤B12345"],
            vins: vec!["LSVAB4187ES123456"],
            ..DocParts::default()
        });
        for key in [
            "王小明",
            "wxm",
            "wangxiaoming",
            "13812345678",
            "粤b12345",
            "lsvab4187es123456",
        ] {
            assert!(
                doc.doc.split('|').any(|k| k == key),
                "{key} missing from {}",
                doc.doc
            );
        }
        assert!(doc.grams.contains(&"小明".to_string()));
        assert!(doc.grams.contains(&"wx".to_string()));
        assert!(
            doc.grams.contains(&"明|".to_string()),
            "last character must start a gram"
        );
        assert!(
            !doc.grams.iter().any(|g| g.contains('8')),
            "phones are not in the grams"
        );
    }

    #[test]
    fn an_english_name_gets_no_pinyin_keys() {
        let doc = build_doc(&DocParts {
            name: "John Smith",
            ..DocParts::default()
        });
        assert_eq!(doc.doc, "johnsmith");
    }
}
