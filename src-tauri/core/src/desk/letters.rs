//! Follow-up letters at the desk (跟踪服务信函): the shop's templates, the group a mailing
//! goes to with its preview (how many, the first rows, who has no address), the event
//! rule's warning, recording a mailing in the letter register, and reading the register.
//! Printing the letters, the labels and the register is `desk::print::letters`.
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::i18n::format_date;
use crate::letters::event::{event_timing, EventTiming};
use crate::letters::group::check_group;
use crate::letters::placeholders::{fill, Values, KNOWN};
use crate::letters::{
    check_template, LetterGroup, LetterRecipient, LetterTemplate, LetterTemplateInput, Mailing,
    MailingRecipient, NewMailing, SentLetter,
};
use crate::reason::Reason;
use crate::store::{letters, Store};

/// The most customers one mailing may print for: a day's work at the printer.
pub const MAILING_MAX: usize = 2000;
/// How many rows the preview shows of those who get a letter, and of those without an
/// address.
pub const PREVIEW_ROWS: usize = 20;
const NO_ADDRESS_ROWS: usize = 50;
/// The longest register printed at once.
pub const REGISTER_MAX_DAYS: i64 = 366;

/// A mailing as composed in the Letters view: the template, whom it goes to and the day
/// `{date}` stands for — the event's day (required for an event), the day to come by for
/// a recall or a check; the day of sending when none is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MailingRequest {
    pub template_id: i64,
    pub group: LetterGroup,
    pub event_date: Option<NaiveDate>,
}

/// What the Letters view shows before printing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LetterPreview {
    /// Customers the filter names.
    pub total: i64,
    /// Of those, the ones a letter can be sent to.
    pub with_address: i64,
    /// The first of those, by name.
    pub first: Vec<LetterRecipient>,
    /// Those without an address (left out of letters and labels; they can be phoned).
    pub no_address: Vec<LetterRecipient>,
    pub no_address_count: i64,
    /// More customers than one mailing prints: narrow the group.
    pub too_many: bool,
    /// An event letter's timing; `late` when it goes out under two weeks ahead.
    pub event: Option<EventTiming>,
}

/// What the Letters view opens with: the templates, the shop's today and the register's
/// first range (this month so far).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LettersScreen {
    pub templates: Vec<LetterTemplate>,
    pub today: NaiveDate,
    pub register_from: NaiveDate,
    pub register_to: NaiveDate,
    /// The placeholders a template may use, for the editor's hint.
    pub placeholders: Vec<String>,
}

/// The group of `request` split into those a letter reaches and those without an
/// address, with the event's timing; refused field by field.
pub(crate) struct Chosen {
    pub template: LetterTemplate,
    pub reached: Vec<LetterRecipient>,
    pub no_address: Vec<LetterRecipient>,
    pub too_many: bool,
    pub event: Option<EventTiming>,
    pub group: LetterGroup,
}

impl Store {
    /// The shop's letter templates, the three defaults first among them.
    pub fn letter_templates(&self) -> Result<Vec<LetterTemplate>> {
        self.with_conn(letters::templates)
    }

    /// The Letters view's first load on the shop's day `today`.
    pub fn letters_screen(&self, today: NaiveDate) -> Result<LettersScreen> {
        Ok(LettersScreen {
            templates: self.letter_templates()?,
            today,
            register_from: today.with_day(1).unwrap_or(today),
            register_to: today,
            placeholders: KNOWN.iter().map(|p| format!("{{{p}}}")).collect(),
        })
    }

    /// Adds or changes a template after [`check_template`]: an unknown placeholder is
    /// refused next to its field.
    pub fn save_letter_template(
        &self,
        input: &LetterTemplateInput,
        now: NaiveDateTime,
    ) -> Result<LetterTemplate> {
        let issues = check_template(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let id = letters::save_template(tx, input, now)?;
            letters::template(tx, id)
        })
    }

    pub(crate) fn choose_letter_group(
        &self,
        request: &MailingRequest,
        today: NaiveDate,
    ) -> Result<Chosen> {
        let group = check_group(&request.group).map_err(CoreError::Invalid)?;
        let template = self.with_conn(|conn| letters::template(conn, request.template_id))?;
        let event = event_timing(template.kind, request.event_date, today)
            .map_err(|issue| CoreError::Invalid(vec![issue]))?;
        // One row past the most a mailing prints, to know it is too many.
        let rows = self.with_conn(|conn| letters::group(conn, &group, MAILING_MAX * 4 + 1))?;
        let (reached, no_address): (Vec<_>, Vec<_>) =
            rows.into_iter().partition(LetterRecipient::has_address);
        let too_many = reached.len() > MAILING_MAX;
        Ok(Chosen {
            template,
            reached,
            no_address,
            too_many,
            event,
            group,
        })
    }

    /// The preview of a mailing: counts, the first rows, who has no address, and the
    /// event rule's warning.
    pub fn letter_preview(
        &self,
        request: &MailingRequest,
        today: NaiveDate,
    ) -> Result<LetterPreview> {
        let chosen = self.choose_letter_group(request, today)?;
        let with_address = chosen.reached.len() as i64;
        let no_address_count = chosen.no_address.len() as i64;
        Ok(LetterPreview {
            total: with_address + no_address_count,
            with_address,
            first: chosen.reached.into_iter().take(PREVIEW_ROWS).collect(),
            no_address: chosen
                .no_address
                .into_iter()
                .take(NO_ADDRESS_ROWS)
                .collect(),
            no_address_count,
            too_many: chosen.too_many,
            event: chosen.event,
        })
    }

    /// Sends a mailing: the letters of the group's customers with an address composed
    /// from the template in each one's language, recorded in the letter register as sent
    /// `now` by the desk's acting person. Refused when nobody can be written to or the
    /// group is too large; an event letter sent under two weeks ahead is sent all the same
    /// (the preview said so).
    pub fn send_mailing(&self, request: &MailingRequest, now: NaiveDateTime) -> Result<Mailing> {
        let chosen = self.choose_letter_group(request, now.date())?;
        if chosen.reached.is_empty() {
            return Err(CoreError::invalid("group", Reason::LetterNoRecipients));
        }
        if chosen.too_many {
            return Err(CoreError::invalid("group", Reason::LetterTooMany));
        }
        let settings = self.get_settings()?;
        let sent_by = self.acting_staff()?.map(|s| s.name).unwrap_or_default();
        let day = request.event_date.unwrap_or(now.date());
        let letters = chosen
            .reached
            .iter()
            .map(|r| {
                let values = Values {
                    name: r.name.clone(),
                    plate: r.plate.clone(),
                    model: r.model.clone(),
                    date: format_date(day, r.lang),
                    shop: settings.shop_name.clone(),
                    phone: settings.phone.clone(),
                };
                let text = chosen.template.text(r.lang);
                SentLetter {
                    to: MailingRecipient {
                        customer_id: r.customer_id,
                        name: r.name.clone(),
                        address: r.address.clone(),
                        plate: r.plate.clone(),
                        lang: r.lang,
                    },
                    subject: fill(&text.subject, &values),
                    body: fill(&text.body, &values),
                }
            })
            .collect();
        let mailing = NewMailing {
            sent_at: now,
            template_id: chosen.template.id,
            kind: chosen.template.kind,
            subject: chosen.template.name.clone(),
            sent_by,
            event_date: request.event_date,
            filter_json: serde_json::to_string(&chosen.group).unwrap_or_default(),
            letters,
            left_out: chosen.no_address.len() as i64,
        };
        self.with_tx(|tx| {
            let id = letters::insert_mailing(tx, &mailing)?;
            letters::mailing(tx, id)
        })
    }

    /// The letters of a mailing as they went out, for printing them again.
    pub fn sent_letters(&self, mailing: i64) -> Result<Vec<SentLetter>> {
        self.with_conn(|conn| {
            letters::mailing(conn, mailing)?;
            letters::sent_letters(conn, mailing)
        })
    }

    /// One mailing of the register with its recipients.
    pub fn mailing(&self, id: i64) -> Result<Mailing> {
        self.with_conn(|conn| letters::mailing(conn, id))
    }

    /// The letter register of the days `from..=to` (a year at most), oldest first.
    pub fn letter_register(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Mailing>> {
        let refused = || CoreError::invalid("to", Reason::LetterRange);
        if to < from || (to - from).num_days() >= REGISTER_MAX_DAYS {
            return Err(refused());
        }
        let until = to.checked_add_days(Days::new(1)).ok_or_else(refused)?;
        self.with_conn(|conn| {
            letters::mailings_between(
                conn,
                from.and_time(NaiveTime::MIN),
                until.and_time(NaiveTime::MIN),
            )
        })
    }
}
