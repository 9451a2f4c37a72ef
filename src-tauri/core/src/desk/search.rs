//! Finding a customer from the desk's one search box: exact plate and phone matches
//! first, then fragments of names, plates and phones through the index.
use std::collections::HashSet;

use rusqlite::Connection;

use crate::error::Result;
use crate::ids::{CustomerId, VehicleId};
use crate::search::{check_query, lookup, search_key, MatchKind, SearchHit, SearchRequest};
use crate::store::{search, Store};
use crate::validate::{check_phone, normalize_plate};

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
        if !self.include_archived && search::is_archived(self.conn, id)? {
            return Ok(());
        }
        self.seen.insert(id);
        self.found.push((id, kind, vehicle));
        Ok(())
    }

    fn exact(&mut self, query: &str) -> Result<()> {
        let plate = normalize_plate(query);
        for (vehicle, customer) in search::by_plate(self.conn, &plate)? {
            self.offer(customer, MatchKind::ExactPlate, Some(vehicle))?;
        }
        if let Ok(phone) = check_phone(query) {
            for id in search::by_phone(self.conn, &phone)? {
                self.offer(id, MatchKind::ExactPhone, None)?;
            }
        }
        Ok(())
    }

    fn fragment(&mut self, key: &str) -> Result<()> {
        let Some(found) = lookup(key) else {
            return Ok(());
        };
        let conn = self.conn;
        search::by_fragment(conn, found, &mut |id| {
            self.offer(id, MatchKind::Fragment, None)?;
            Ok(self.full())
        })
    }
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
                .map(|(id, kind, vehicle)| search::hit(conn, *id, *kind, *vehicle, &key))
                .collect()
        })
    }
}
