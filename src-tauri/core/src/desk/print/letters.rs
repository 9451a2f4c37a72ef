//! Printing a mailing — its letters (one page per customer, in each customer's language)
//! or its address labels (3 × 8 a sheet) — from what the register recorded, and the
//! follow-up letter register (跟踪服务信函登记表) of a period. Nothing is archived: a
//! mailing's letters are kept as texts in the register and drawn again each time.
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::desk::print::day_report::day_report_lang;
use crate::desk::print::work_order::{check_save_target, PrintOutcome};
use crate::desk::print::work_order_doc::shop_header;
use crate::error::Result;
use crate::files::write_durably;
use crate::forms::{self, AddressLabel, AddressLabelsDoc, FormFonts, FormLang, LetterPage};
use crate::forms::{LetterRegisterDoc, LettersDoc, RegisterMailing};
use crate::intake::code_of;
use crate::letters::{Mailing, MailingOutput};
use crate::store::Store;

/// One printing of a mailing's letters or labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MailingPrintRequest {
    pub mailing_id: i64,
    pub output: MailingOutput,
}

/// One printing of the letter register of the days `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LetterRegisterRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `None` prints in the shop's form language (or its default language).
    pub lang: Option<FormLang>,
}

/// The letters of a mailing as printed.
pub fn letters_doc(
    store: &Store,
    data_dir: &Path,
    mailing: &Mailing,
    now: NaiveDateTime,
) -> Result<LettersDoc> {
    let settings = store.get_settings()?;
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    let letters = store
        .sent_letters(mailing.id)?
        .into_iter()
        .map(|l| LetterPage {
            lang: FormLang::from(l.to.lang),
            date: mailing.sent_at.date(),
            name: l.to.name,
            address: l.to.address,
            plate: l.to.plate,
            subject: l.subject,
            body: l.body,
        })
        .collect();
    Ok(LettersDoc {
        shop: shop_header(&settings, logo),
        number: mailing.number.clone(),
        printed_at: now,
        letters,
    })
}

/// The address labels of a mailing, in the order of its letters.
pub fn labels_doc(mailing: &Mailing, now: NaiveDateTime) -> AddressLabelsDoc {
    AddressLabelsDoc {
        title: mailing.number.clone(),
        printed_at: now,
        labels: mailing
            .recipients
            .iter()
            .map(|r| AddressLabel {
                name: r.name.clone(),
                address: r.address.clone(),
                reference: r.plate.clone(),
            })
            .collect(),
    }
}

/// `letters-LTR-2026-0003.pdf` or `labels-LTR-2026-0003.pdf`.
pub fn mailing_file_name(mailing: &Mailing, output: MailingOutput) -> String {
    let what = match output {
        MailingOutput::Letters => "letters",
        MailingOutput::Labels => "labels",
    };
    format!("{what}-{}.pdf", mailing.number)
}

/// The PDF of a mailing's letters or labels, and its file name.
pub fn render_mailing_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &MailingPrintRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, String)> {
    let mailing = store.mailing(request.mailing_id)?;
    let pdf = match request.output {
        MailingOutput::Letters => {
            forms::render_letters(&letters_doc(store, data_dir, &mailing, now)?, fonts)?
        }
        MailingOutput::Labels => forms::render_address_labels(&labels_doc(&mailing, now), fonts)?,
    };
    Ok((pdf, mailing_file_name(&mailing, request.output)))
}

/// Writes a mailing's letters or labels to `<data_dir>/print/` to open or print.
pub fn mailing_print_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &MailingPrintRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let (pdf, name) = render_mailing_pdf(store, data_dir, fonts, request, now)?;
    let path = data_dir.join("print").join(name);
    write_durably(&path, &pdf, true)?;
    Ok(path)
}

/// Save as…: a mailing's letters or labels into `target` after [`check_save_target`].
pub fn save_mailing_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &MailingPrintRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _) = render_mailing_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Prints a mailing's letters or labels on the default printer where `lp` exists.
pub fn print_mailing(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &MailingPrintRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = mailing_print_path(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// The register of the days `from..=to`, made at `now`.
pub fn letter_register_doc(
    store: &Store,
    data_dir: &Path,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
) -> Result<LetterRegisterDoc> {
    let mailings = store.letter_register(from, to)?;
    let settings = store.get_settings()?;
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    Ok(LetterRegisterDoc {
        shop: shop_header(&settings, logo),
        from,
        to,
        printed_at: now,
        mailings: mailings.iter().map(register_mailing).collect(),
    })
}

fn register_mailing(m: &Mailing) -> RegisterMailing {
    RegisterMailing {
        number: m.number.clone(),
        sent_at: m.sent_at,
        kind_key: format!("letters.kind.{}", m.kind.as_str()),
        subject: m.subject.clone(),
        event_date: m.event_date,
        letters: m.recipients.len() as i64,
        left_out: m.left_out,
        sent_by: m.sent_by.clone(),
        recipients: m
            .recipients
            .iter()
            .map(|r| {
                if r.plate.is_empty() {
                    r.name.clone()
                } else {
                    format!("{} ({})", r.name, r.plate)
                }
            })
            .collect(),
    }
}

/// `letter-register-<from>-<to>-<lang>.pdf`.
pub fn letter_register_file_name(request: &LetterRegisterRequest, lang: FormLang) -> String {
    format!(
        "letter-register-{}-{}-{}.pdf",
        request.from,
        request.to,
        code_of(&lang)
    )
}

/// The PDF of the register and the language it was printed in.
pub fn render_letter_register_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &LetterRegisterRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang)> {
    let lang = day_report_lang(store, request.lang)?;
    let doc = letter_register_doc(store, data_dir, request.from, request.to, now)?;
    Ok((forms::render_letter_register(&doc, lang, fonts)?, lang))
}

/// Writes the register to `<data_dir>/print/` to open or print.
pub fn letter_register_print_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &LetterRegisterRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let (pdf, lang) = render_letter_register_pdf(store, data_dir, fonts, request, now)?;
    let path = data_dir
        .join("print")
        .join(letter_register_file_name(request, lang));
    write_durably(&path, &pdf, true)?;
    Ok(path)
}

/// Save as…: the register into `target` after [`check_save_target`].
pub fn save_letter_register_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &LetterRegisterRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _) = render_letter_register_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Prints the register on the default printer where `lp` exists.
pub fn print_letter_register(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &LetterRegisterRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = letter_register_print_path(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// The register as lines of text in `lang` (the command line's `report letters`).
pub fn letter_register_text(doc: &LetterRegisterDoc, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{format_date, tr};
    let mut out = vec![format!(
        "{} {} – {} · {}",
        tr(lang, "letters.form.register_title"),
        format_date(doc.from, lang),
        format_date(doc.to, lang),
        doc.shop.name
    )];
    for m in &doc.mailings {
        out.push(format!(
            "  {} {} {} · {} · {} {} · {}",
            m.number,
            format_date(m.sent_at.date(), lang),
            tr(lang, &m.kind_key),
            m.subject,
            m.letters,
            tr(lang, "letters.form.col.count"),
            m.sent_by
        ));
    }
    out.join("\n")
}
