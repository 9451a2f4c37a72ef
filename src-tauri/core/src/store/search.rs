//! The search index (one trigram document and a set of name grams per customer, kept
//! up to date inside every write transaction) and the search itself.
use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};

use crate::customer::{display_name, CustomerKind};
use crate::error::Result;
use crate::ids::{CustomerId, VehicleId};
use crate::search::{
    build_doc, check_query, lookup, search_key, DocParts, Lookup, MatchKind, SearchDoc, SearchHit,
    SearchRequest,
};
use crate::store::{parse_column, Store};
use crate::validate::{check_phone, normalize_plate};

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
pub(crate) fn insert(conn: &Connection, customer: CustomerId, doc: &SearchDoc) -> Result<()> {
    conn.prepare_cached("INSERT INTO customer_search (rowid, doc) VALUES (?1, ?2)")?
        .execute(params![customer, doc.doc])?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO customer_search_grams (gram, customer_id) VALUES (?1, ?2)",
    )?;
    for gram in &doc.grams {
        stmt.execute(params![gram, customer])?;
    }
    Ok(())
}

/// Collects matches in order, once each, skipping archived customers unless asked.
struct Collector<'c> {
    conn: &'c Connection,
    include_archived: bool,
    limit: usize,
    seen: HashSet<CustomerId>,
    found: Vec<(CustomerId, MatchKind, Option<VehicleId>)>,
}

impl Collector<'_> {
    fn full(&self) -> bool {
        self.found.len() >= self.limit
    }

    fn offer(&mut self, id: CustomerId, kind: MatchKind, vehicle: Option<VehicleId>) -> Result<()> {
        if self.full() || self.seen.contains(&id) {
            return Ok(());
        }
        if !self.include_archived {
            let archived: bool = self
                .conn
                .prepare_cached("SELECT archived_at IS NOT NULL FROM customers WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()?
                .unwrap_or(true);
            if archived {
                return Ok(());
            }
        }
        self.seen.insert(id);
        self.found.push((id, kind, vehicle));
        Ok(())
    }

    /// Offers the customer ids a statement yields, stopping as soon as the list is full.
    fn offer_rows(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        let conn = self.conn;
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            self.offer(row.get(0)?, MatchKind::Fragment, None)?;
            if self.full() {
                break;
            }
        }
        Ok(())
    }

    fn exact(&mut self, query: &str) -> Result<()> {
        let conn = self.conn;
        let plate = normalize_plate(query);
        let mut stmt = conn.prepare_cached(
            "SELECT id, customer_id FROM vehicles WHERE plate = ?1 AND archived_at IS NULL",
        )?;
        let rows: Vec<(VehicleId, CustomerId)> = stmt
            .query_map([&plate], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (vehicle, customer) in rows {
            self.offer(customer, MatchKind::ExactPlate, Some(vehicle))?;
        }
        if let Ok(phone) = check_phone(query) {
            let mut stmt = conn.prepare_cached(
                "SELECT customer_id FROM customer_phones WHERE number = ?1 OR number = ?2 ORDER BY customer_id DESC",
            )?;
            let ids: Vec<CustomerId> = stmt
                .query_map([&phone, &format!("+{phone}")], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                self.offer(id, MatchKind::ExactPhone, None)?;
            }
        }
        Ok(())
    }

    fn fragment(&mut self, key: &str) -> Result<()> {
        match lookup(key) {
            Some(Lookup::Trigram(phrase)) => self.offer_rows(
                "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 ORDER BY rowid DESC",
                [phrase],
            ),
            Some(Lookup::Gram(gram)) => self.offer_rows(
                "SELECT customer_id FROM customer_search_grams WHERE gram = ?1 ORDER BY customer_id DESC",
                [gram],
            ),
            Some(Lookup::GramRange(from, to)) => self.offer_rows(
                "SELECT customer_id FROM customer_search_grams WHERE gram >= ?1 AND gram < ?2",
                [from, to],
            ),
            None => Ok(()),
        }
    }
}

fn hit(
    conn: &Connection,
    id: CustomerId,
    kind: MatchKind,
    vehicle: Option<VehicleId>,
    key: &str,
) -> Result<SearchHit> {
    let (kind_text, name, company_name, archived): (String, String, String, bool) = conn
        .prepare_cached(
            "SELECT kind, name, company_name, archived_at IS NOT NULL FROM customers WHERE id = ?1",
        )?
        .query_row([id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
    let customer_kind = parse_column(0, &kind_text, CustomerKind::parse)?;
    let primary_phone: Option<String> = conn
        .prepare_cached(
            "SELECT number FROM customer_phones WHERE customer_id = ?1 AND is_primary = 1",
        )?
        .query_row([id], |row| row.get(0))
        .optional()?;
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

impl Store {
    /// Active customers matching `query`, exact plate and phone matches first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_with(&SearchRequest {
            query: query.to_string(),
            limit: limit as u32,
            include_archived: false,
        })
    }

    /// Refused (`Invalid` on `query`) when the query is longer than
    /// [`crate::search::MAX_QUERY_CHARS`].
    pub fn search_with(&self, request: &SearchRequest) -> Result<Vec<SearchHit>> {
        check_query(&request.query)?;
        let key = search_key(&request.query);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        self.with_conn(|conn| {
            let mut collector = Collector {
                conn,
                include_archived: request.include_archived,
                limit: (request.limit as usize).clamp(1, 200),
                seen: HashSet::new(),
                found: Vec::new(),
            };
            collector.exact(request.query.trim())?;
            collector.fragment(&key)?;
            collector
                .found
                .iter()
                .map(|(id, kind, vehicle)| hit(conn, *id, *kind, *vehicle, &key))
                .collect()
        })
    }
}
