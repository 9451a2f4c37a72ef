//! The search index (one trigram document and a set of name grams per customer, kept
//! up to date inside every write transaction) and the lookups the search runs on it.
use rusqlite::{params, Connection, OptionalExtension};

use crate::customer::{display_name, CustomerKind};
use crate::error::Result;
use crate::ids::{CustomerId, VehicleId};
use crate::search::{build_doc, search_key, DocParts, Lookup, MatchKind, SearchDoc, SearchHit};
use crate::store::parse_column;

/// Rebuilds the index entries of `customer` from what is on file now.
pub(crate) fn refresh(conn: &Connection, customer: CustomerId) -> Result<()> {
    let names: Option<(String, String, String)> = conn
        .prepare_cached("SELECT name, company_name, contact_person FROM customers WHERE id = ?1")?
        .query_row([customer], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((name, company_name, contact_person)) = names else {
        return Ok(());
    };
    let phones: Vec<String> = conn
        .prepare_cached("SELECT number FROM customer_phones WHERE customer_id = ?1")?
        .query_map([customer], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let vehicles: Vec<(String, Option<String>)> = conn
        .prepare_cached(
            "SELECT plate, vin FROM vehicles WHERE customer_id = ?1 AND archived_at IS NULL",
        )?
        .query_map([customer], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let doc = build_doc(&DocParts {
        name: &name,
        company_name: &company_name,
        contact_person: &contact_person,
        phones: phones.iter().map(String::as_str).collect(),
        plates: vehicles.iter().map(|v| v.0.as_str()).collect(),
        vins: vehicles.iter().filter_map(|v| v.1.as_deref()).collect(),
    });
    remove(conn, customer)?;
    insert(conn, customer, &doc)
}

fn remove(conn: &Connection, customer: CustomerId) -> Result<()> {
    conn.prepare_cached("DELETE FROM customer_search WHERE rowid = ?1")?
        .execute([customer])?;
    conn.prepare_cached("DELETE FROM customer_search_grams WHERE customer_id = ?1")?
        .execute([customer])?;
    Ok(())
}

/// Writes the entries of a customer that has none yet (bulk loads call this directly).
/// The grams go in as one statement over a JSON array: a customer has twenty or so, and
/// one statement each was most of a large import's time.
pub(crate) fn insert(conn: &Connection, customer: CustomerId, doc: &SearchDoc) -> Result<()> {
    conn.prepare_cached("INSERT INTO customer_search (rowid, doc) VALUES (?1, ?2)")?
        .execute(params![customer, doc.doc])?;
    if doc.grams.is_empty() {
        return Ok(());
    }
    let grams = serde_json::to_string(&doc.grams)
        .map_err(|e| crate::error::CoreError::Io(std::io::Error::other(e)))?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO customer_search_grams (gram, customer_id)
         SELECT value, ?2 FROM json_each(?1)",
    )?
    .execute(params![grams, customer])?;
    Ok(())
}

/// Whether the customer is archived (a customer not found counts as archived).
pub(crate) fn is_archived(conn: &Connection, id: CustomerId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT archived_at IS NOT NULL FROM customers WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?
        .unwrap_or(true))
}

/// Active vehicles with exactly this (normalised) plate, with their owners.
pub(crate) fn by_plate(conn: &Connection, plate: &str) -> Result<Vec<(VehicleId, CustomerId)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id FROM vehicles WHERE plate = ?1 AND archived_at IS NULL",
    )?;
    let rows = stmt
        .query_map([plate], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Customers with exactly this (normalised) phone, with or without its leading `+`.
pub(crate) fn by_phone(conn: &Connection, phone: &str) -> Result<Vec<CustomerId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id FROM customer_phones WHERE number = ?1 OR number = ?2 ORDER BY customer_id DESC",
    )?;
    let ids = stmt
        .query_map([phone, &format!("+{phone}")], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Hands `each` the customers an index lookup yields, newest first where the index
/// orders them, until `each` answers that it has enough.
pub(crate) fn by_fragment(
    conn: &Connection,
    lookup: Lookup,
    each: &mut dyn FnMut(CustomerId) -> Result<bool>,
) -> Result<()> {
    let (sql, params): (&str, Vec<String>) = match lookup {
        Lookup::Trigram(phrase) => (
            "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 ORDER BY rowid DESC",
            vec![phrase],
        ),
        Lookup::Gram(gram) => (
            "SELECT customer_id FROM customer_search_grams WHERE gram = ?1 ORDER BY customer_id DESC",
            vec![gram],
        ),
        Lookup::GramRange(from, to) => (
            "SELECT customer_id FROM customer_search_grams WHERE gram >= ?1 AND gram < ?2",
            vec![from, to],
        ),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        if each(row.get(0)?)? {
            break;
        }
    }
    Ok(())
}

/// What the search list shows of one customer it found.
pub(crate) fn hit(
    conn: &Connection,
    id: CustomerId,
    kind: MatchKind,
    vehicle: Option<VehicleId>,
    key: &str,
) -> Result<SearchHit> {
    // The customer and the primary phone in one statement: a search shows up to 200 hits
    // and each statement per hit is felt while typing.
    type Row = (String, String, String, bool, Option<String>);
    let (kind_text, name, company_name, archived, primary_phone): Row = conn
        .prepare_cached(
            "SELECT c.kind, c.name, c.company_name, c.archived_at IS NOT NULL, p.number
             FROM customers c
             LEFT JOIN customer_phones p ON p.customer_id = c.id AND p.is_primary = 1
             WHERE c.id = ?1",
        )?
        .query_row([id], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })?;
    let customer_kind = parse_column(0, &kind_text, CustomerKind::parse)?;
    let vehicles: Vec<(VehicleId, String, Option<String>)> = conn
        .prepare_cached("SELECT id, plate, vin FROM vehicles WHERE customer_id = ?1 AND archived_at IS NULL ORDER BY id")?
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let matched = match vehicle {
        Some(v) => vehicles.iter().find(|(id, _, _)| *id == v),
        None if key.chars().count() >= 3 => vehicles.iter().find(|(_, plate, vin)| {
            search_key(plate).contains(key)
                || vin.as_deref().is_some_and(|v| search_key(v).contains(key))
        }),
        None => None,
    };
    Ok(SearchHit {
        customer_id: id,
        display_name: display_name(customer_kind, &name, &company_name),
        company_name,
        primary_phone,
        matched_vehicle_id: matched.map(|m| m.0),
        matched_plate: matched.map(|m| m.1.clone()),
        plates: vehicles.into_iter().map(|v| v.1).collect(),
        match_kind: kind,
        archived,
    })
}
