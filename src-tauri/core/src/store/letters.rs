//! SQL of the letter templates, the mailings of the letter register (跟踪服务信函登记表)
//! with the customers each went to, and the group a mailing is chosen from. What a
//! template may say and whom a filter may name is checked in `crate::letters`.
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, Row};

use crate::domain::letters::{
    LetterGroup, LetterKind, LetterRecipient, LetterTemplate, LetterTemplateInput, LetterText,
    Mailing, MailingRecipient, NewMailing, SentLetter,
};
use crate::error::Result;
use crate::i18n::Lang;
use crate::store::{found, parse_column};

const TEMPLATE_SELECT: &str = "SELECT id, kind, name, en_subject, en_body, zh_hans_subject,
        zh_hans_body, zh_hant_subject, zh_hant_body, updated_at FROM letter_templates";

fn template_from_row(row: &Row<'_>) -> rusqlite::Result<LetterTemplate> {
    let kind: String = row.get(1)?;
    let text = |s: usize| -> rusqlite::Result<LetterText> {
        Ok(LetterText {
            subject: row.get(s)?,
            body: row.get(s + 1)?,
        })
    };
    Ok(LetterTemplate {
        id: row.get(0)?,
        kind: parse_column(1, &kind, LetterKind::parse)?,
        name: row.get(2)?,
        en: text(3)?,
        zh_hans: text(5)?,
        zh_hant: text(7)?,
        updated_at: row.get(9)?,
    })
}

/// Every template, by kind (recall, seasonal, event, other) then name.
pub(crate) fn templates(conn: &Connection) -> Result<Vec<LetterTemplate>> {
    let sql = format!(
        "{TEMPLATE_SELECT} ORDER BY CASE kind WHEN 'seasonal' THEN 0 WHEN 'recall' THEN 1
                                        WHEN 'event' THEN 2 ELSE 3 END, name, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], template_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn template(conn: &Connection, id: i64) -> Result<LetterTemplate> {
    let mut stmt = conn.prepare_cached(&format!("{TEMPLATE_SELECT} WHERE id = ?1"))?;
    found(stmt.query_row([id], template_from_row), "letter template")
}

/// Adds a template (`input.id` is `None`) or changes one; its id.
pub(crate) fn save_template(
    conn: &Connection,
    input: &LetterTemplateInput,
    now: NaiveDateTime,
) -> Result<i64> {
    let (en, hans, hant) = (&input.en, &input.zh_hans, &input.zh_hant);
    match input.id {
        Some(id) => {
            template(conn, id)?;
            conn.prepare_cached(
                "UPDATE letter_templates SET kind = ?2, name = ?3, en_subject = ?4,
                        en_body = ?5, zh_hans_subject = ?6, zh_hans_body = ?7,
                        zh_hant_subject = ?8, zh_hant_body = ?9, updated_at = ?10
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                input.kind.as_str(),
                input.name.trim(),
                en.subject,
                en.body,
                hans.subject,
                hans.body,
                hant.subject,
                hant.body,
                now
            ])?;
            Ok(id)
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO letter_templates (kind, name, en_subject, en_body,
                        zh_hans_subject, zh_hans_body, zh_hant_subject, zh_hant_body, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                input.kind.as_str(),
                input.name.trim(),
                en.subject,
                en.body,
                hans.subject,
                hans.body,
                hant.subject,
                hant.body,
                now
            ])?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn recipient_from_row(row: &Row<'_>) -> rusqlite::Result<LetterRecipient> {
    let lang: String = row.get(3)?;
    let make: String = row.get(6)?;
    let model: String = row.get(7)?;
    let last: Option<String> = row.get(8)?;
    Ok(LetterRecipient {
        customer_id: row.get(0)?,
        name: row.get(1)?,
        address: row.get(2)?,
        lang: parse_column(3, &lang, Lang::from_code)?,
        phone: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        plate: row.get(5)?,
        model: format!("{} {}", make.trim(), model.trim())
            .trim()
            .to_string(),
        last_visit: last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
    })
}

/// The customers `group` names (already checked), one row each with their first
/// matching vehicle, by name; at most `limit` rows.
pub(crate) fn group(
    conn: &Connection,
    group: &LetterGroup,
    limit: usize,
) -> Result<Vec<LetterRecipient>> {
    let mut stmt = conn.prepare_cached(
        "WITH last AS (
             SELECT customer_id, max(substr(opened_at, 1, 10)) AS day
             FROM work_orders WHERE status <> 'cancelled' GROUP BY customer_id)
         SELECT c.id, c.display_name, c.address, c.preferred_language,
                (SELECT p.number FROM customer_phones p WHERE p.customer_id = c.id
                 ORDER BY p.is_primary DESC, p.position LIMIT 1),
                v.plate, v.make, v.model, last.day, min(v.id)
         FROM customers c
         JOIN vehicles v ON v.customer_id = c.id AND v.archived_at IS NULL
         LEFT JOIN last ON last.customer_id = c.id
         WHERE c.archived_at IS NULL AND c.merged_into IS NULL
           AND (?1 = 0 OR c.agrees_to_follow_up = 1)
           AND (?2 = '' OR instr(lower(v.make), lower(?2)) > 0)
           AND (?3 = '' OR instr(lower(v.model), lower(?3)) > 0)
           AND (?4 IS NULL OR v.year >= ?4)
           AND (?5 IS NULL OR v.year <= ?5)
           AND (?6 IS NULL OR last.day >= ?6)
           AND (?7 IS NULL OR last.day <= ?7)
           AND (?8 = '' OR substr(upper(coalesce(v.vin, '')), 1, length(?8)) = ?8)
         GROUP BY c.id
         ORDER BY c.display_name, c.id
         LIMIT ?9",
    )?;
    let rows = stmt.query_map(
        params![
            group.agreed_only,
            group.make,
            group.model,
            group.year_from,
            group.year_to,
            group.last_visit_from,
            group.last_visit_to,
            group.vin_prefix,
            i64::try_from(limit).unwrap_or(i64::MAX)
        ],
        recipient_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a mailing and its recipients, numbered `LTR-<year>-<seq>` within its year.
pub(crate) fn insert_mailing(conn: &Connection, m: &NewMailing) -> Result<i64> {
    let year = m.sent_at.year();
    let seq: i64 = conn
        .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM letter_mailings WHERE year = ?1")?
        .query_row([year], |row| row.get(0))?;
    let template_name: String = conn
        .prepare_cached("SELECT name FROM letter_templates WHERE id = ?1")?
        .query_row([m.template_id], |row| row.get(0))?;
    conn.prepare_cached(
        "INSERT INTO letter_mailings (number, year, seq, sent_at, template_id, template_name,
                kind, subject, sent_by, event_date, filter, left_out)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        format!("LTR-{year}-{seq:04}"),
        year,
        seq,
        m.sent_at,
        m.template_id,
        template_name,
        m.kind.as_str(),
        m.subject,
        m.sent_by,
        m.event_date,
        m.filter_json,
        m.left_out
    ])?;
    let id = conn.last_insert_rowid();
    let mut insert = conn.prepare_cached(
        "INSERT INTO letter_recipients (mailing_id, position, customer_id, name, address,
                plate, lang, subject, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, letter) in m.letters.iter().enumerate() {
        let r = &letter.to;
        insert.execute(params![
            id,
            position as i64,
            r.customer_id,
            r.name,
            r.address,
            r.plate,
            r.lang.code(),
            letter.subject,
            letter.body
        ])?;
    }
    Ok(id)
}

const MAILING_SELECT: &str = "SELECT id, number, sent_at, template_id, template_name, kind,
        subject, sent_by, event_date, left_out FROM letter_mailings";

fn mailing_from_row(row: &Row<'_>) -> rusqlite::Result<Mailing> {
    let kind: String = row.get(5)?;
    Ok(Mailing {
        id: row.get(0)?,
        number: row.get(1)?,
        sent_at: row.get(2)?,
        template_id: row.get(3)?,
        template_name: row.get(4)?,
        kind: parse_column(5, &kind, LetterKind::parse)?,
        subject: row.get(6)?,
        sent_by: row.get(7)?,
        event_date: row.get(8)?,
        recipients: Vec::new(),
        left_out: row.get(9)?,
    })
}

fn recipient_of(row: &Row<'_>) -> rusqlite::Result<MailingRecipient> {
    let lang: String = row.get(4)?;
    Ok(MailingRecipient {
        customer_id: row.get(0)?,
        name: row.get(1)?,
        address: row.get(2)?,
        plate: row.get(3)?,
        lang: parse_column(4, &lang, Lang::from_code)?,
    })
}

fn recipients(conn: &Connection, mailing: i64) -> Result<Vec<MailingRecipient>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, name, address, plate, lang FROM letter_recipients
         WHERE mailing_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([mailing], recipient_of)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The letters of a mailing as they were printed, in order.
pub(crate) fn sent_letters(conn: &Connection, mailing: i64) -> Result<Vec<SentLetter>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, name, address, plate, lang, subject, body FROM letter_recipients
         WHERE mailing_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([mailing], |row| {
        Ok(SentLetter {
            to: recipient_of(row)?,
            subject: row.get(5)?,
            body: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn mailing(conn: &Connection, id: i64) -> Result<Mailing> {
    let mut stmt = conn.prepare_cached(&format!("{MAILING_SELECT} WHERE id = ?1"))?;
    let mut m = found(stmt.query_row([id], mailing_from_row), "mailing")?;
    m.recipients = recipients(conn, id)?;
    Ok(m)
}

/// The mailings sent from `from` (included) until `until` (excluded), oldest first, each
/// with its recipients.
pub(crate) fn mailings_between(
    conn: &Connection,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<Mailing>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{MAILING_SELECT} WHERE sent_at >= ?1 AND sent_at < ?2 ORDER BY sent_at, id"
    ))?;
    let rows = stmt.query_map(params![from, until], mailing_from_row)?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for m in &mut out {
        m.recipients = recipients(conn, m.id)?;
    }
    Ok(out)
}
