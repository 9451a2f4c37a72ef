//! The nouns of follow-up letters (跟踪服务信函): the shop's letter templates, the group of
//! customers a mailing goes to, and the mailings kept in the letter register
//! (跟踪服务信函登记表). Types only; the rules are in `letters`, the SQL in
//! `store::letters`.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::ids::CustomerId;

/// What a letter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// A manufacturer's recall of a batch (召回).
    Recall,
    /// A seasonal check (季节性检查): before winter, before the summer heat.
    Seasonal,
    /// An event at the shop: the rule asks for a call two weeks ahead and the letter within
    /// two days (提前两周电话…两日内信函).
    Event,
    Other,
}

impl LetterKind {
    pub const ALL: [LetterKind; 4] = [Self::Recall, Self::Seasonal, Self::Event, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recall => "recall",
            Self::Seasonal => "seasonal",
            Self::Event => "event",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A letter's subject and body in one language, with placeholders such as `{name}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LetterText {
    pub subject: String,
    pub body: String,
}

/// One of the shop's letter templates, in the three languages a customer may prefer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LetterTemplate {
    pub id: i64,
    pub kind: LetterKind,
    /// The template's name in the picker, e.g. "Winter check".
    pub name: String,
    pub en: LetterText,
    pub zh_hans: LetterText,
    pub zh_hant: LetterText,
    pub updated_at: Option<NaiveDateTime>,
}

impl LetterTemplate {
    /// The text for a customer who prefers `lang`.
    pub fn text(&self, lang: Lang) -> &LetterText {
        match lang {
            Lang::En => &self.en,
            Lang::ZhHans => &self.zh_hans,
            Lang::ZhHant => &self.zh_hant,
        }
    }
}

/// A template as typed in the editor: `id` set to change one, `None` to add one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LetterTemplateInput {
    pub id: Option<i64>,
    pub kind: LetterKind,
    pub name: String,
    pub en: LetterText,
    pub zh_hans: LetterText,
    pub zh_hant: LetterText,
}

/// Whom a mailing goes to: every filter left empty does not narrow.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LetterGroup {
    /// Only customers who agreed to be contacted after the job (the usual choice).
    pub agreed_only: bool,
    /// Part of the vehicle's make, any case ("Toyota", "丰田").
    pub make: String,
    /// Part of the vehicle's model.
    pub model: String,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// The customer's last visit (a job opened) on or after this day…
    pub last_visit_from: Option<NaiveDate>,
    /// …and on or before this one.
    pub last_visit_to: Option<NaiveDate>,
    /// The start of the VIN, for a recall batch.
    pub vin_prefix: String,
}

/// A customer of the group, with the vehicle the letter speaks of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LetterRecipient {
    pub customer_id: CustomerId,
    pub name: String,
    /// The postal address, "" when none is on file.
    pub address: String,
    pub phone: String,
    pub lang: Lang,
    pub plate: String,
    /// Make and model, e.g. "Toyota Corolla".
    pub model: String,
    pub last_visit: Option<NaiveDate>,
}

impl LetterRecipient {
    /// A letter or a label needs somewhere to go; the rest can still be phoned.
    pub fn has_address(&self) -> bool {
        !self.address.trim().is_empty()
    }
}

/// What a mailing printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MailingOutput {
    Letters,
    Labels,
}

/// One mailing as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Mailing {
    pub id: i64,
    /// `LTR-2026-0003`.
    pub number: String,
    pub sent_at: NaiveDateTime,
    pub template_id: i64,
    pub template_name: String,
    pub kind: LetterKind,
    /// The subject as printed in the shop's own language.
    pub subject: String,
    pub sent_by: String,
    pub event_date: Option<NaiveDate>,
    /// The customers it went to (with an address), in print order.
    pub recipients: Vec<MailingRecipient>,
    /// How many of the chosen group had no address and were left out.
    pub left_out: i64,
}

/// One customer a mailing went to, as it was addressed then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MailingRecipient {
    pub customer_id: CustomerId,
    pub name: String,
    pub address: String,
    pub plate: String,
    pub lang: Lang,
}

/// One letter as it was sent: to whom, and its texts filled in, so a reprint from the
/// register is the letter that went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentLetter {
    pub to: MailingRecipient,
    pub subject: String,
    pub body: String,
}

/// A mailing to record, the letters already composed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMailing {
    pub sent_at: NaiveDateTime,
    pub template_id: i64,
    pub kind: LetterKind,
    pub subject: String,
    pub sent_by: String,
    pub event_date: Option<NaiveDate>,
    pub filter_json: String,
    pub letters: Vec<SentLetter>,
    pub left_out: i64,
}
