//! SQL of the `customers` table and the customer aggregate (customer + phones): insert,
//! update, read, list, archive. The use cases in `desk::customers` check and clean first.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::customer::{
    display_name, Customer, CustomerInput, CustomerKind, CustomerListQuery, CustomerPage,
    CustomerSummary,
};
use crate::error::{DuplicateField, DuplicateHit, Result};
use crate::i18n::Lang;
use crate::ids::CustomerId;
use crate::store::{found, parse_column, phones, Store};

fn from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    let kind: String = row.get(1)?;
    let kind = parse_column(1, &kind, CustomerKind::parse)?;
    let lang: String = row.get(7)?;
    let name: String = row.get(2)?;
    let company_name: String = row.get(3)?;
    Ok(Customer {
        id: row.get(0)?,
        kind,
        display_name: display_name(kind, &name, &company_name),
        name,
        company_name,
        contact_person: row.get(4)?,
        phones: Vec::new(),
        address: row.get(5)?,
        notes: row.get(6)?,
        preferred_language: parse_column(7, &lang, Lang::from_code)?,
        agrees_to_follow_up: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        archived_at: row.get(11)?,
        merged_into: row.get(12)?,
    })
}

/// The customer with their phones.
pub(crate) fn load(conn: &Connection, id: CustomerId) -> Result<Customer> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, name, company_name, contact_person, address, notes,
                preferred_language, agrees_to_follow_up, created_at, updated_at,
                archived_at, merged_into
         FROM customers WHERE id = ?1",
    )?;
    let mut customer = found(stmt.query_row([id], from_row), "customer")?;
    customer.phones = phones::list(conn, id)?;
    Ok(customer)
}

/// Inserts a clean (validated, normalised) customer with its phones; no search entry.
pub(crate) fn insert(
    conn: &Connection,
    input: &CustomerInput,
    now: NaiveDateTime,
) -> Result<CustomerId> {
    conn.prepare_cached(
        "INSERT INTO customers (kind, name, company_name, contact_person, address, notes,
                                preferred_language, agrees_to_follow_up, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        input.kind.as_str(),
        input.name,
        input.company_name,
        input.contact_person,
        input.address,
        input.notes,
        input.preferred_language.code(),
        input.agrees_to_follow_up,
        now
    ])?;
    let id = CustomerId(conn.last_insert_rowid());
    phones::append(conn, id, 0, &input.phones)?;
    Ok(id)
}

/// Overwrites a customer's own columns (phones apart) with a clean input.
pub(crate) fn update_row(
    conn: &Connection,
    id: CustomerId,
    input: &CustomerInput,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE customers SET kind = ?2, name = ?3, company_name = ?4, contact_person = ?5,
                address = ?6, notes = ?7, preferred_language = ?8, agrees_to_follow_up = ?9,
                updated_at = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        input.kind.as_str(),
        input.name,
        input.company_name,
        input.contact_person,
        input.address,
        input.notes,
        input.preferred_language.code(),
        input.agrees_to_follow_up,
        now
    ])?;
    Ok(())
}

pub(crate) fn touch(conn: &Connection, id: CustomerId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE customers SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

fn duplicate_from_row(row: &Row<'_>) -> rusqlite::Result<DuplicateHit> {
    let kind: String = row.get(1)?;
    let kind = parse_column(1, &kind, CustomerKind::parse)?;
    let name: String = row.get(2)?;
    let company: String = row.get(3)?;
    Ok(DuplicateHit {
        customer_id: row.get(0)?,
        display_name: display_name(kind, &name, &company),
        field: DuplicateField::Phone,
        value: row.get(4)?,
        vehicle_id: None,
    })
}

/// Active customers other than `except` that already have one of `numbers`.
pub(crate) fn phone_duplicates(
    conn: &Connection,
    numbers: &[&str],
    except: Option<CustomerId>,
) -> Result<Vec<DuplicateHit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.kind, c.name, c.company_name, p.number
         FROM customer_phones p JOIN customers c ON c.id = p.customer_id
         WHERE p.number = ?1 AND c.archived_at IS NULL AND c.id IS NOT ?2
         ORDER BY c.id",
    )?;
    let mut hits = Vec::new();
    for number in numbers {
        for hit in stmt.query_map(params![number, except], duplicate_from_row)? {
            hits.push(hit?);
        }
    }
    Ok(hits)
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<CustomerSummary> {
    let kind: String = row.get(1)?;
    let kind = parse_column(1, &kind, CustomerKind::parse)?;
    let name: String = row.get(2)?;
    let company_name: String = row.get(3)?;
    let plates: Option<String> = row.get(7)?;
    Ok(CustomerSummary {
        id: row.get(0)?,
        kind,
        display_name: display_name(kind, &name, &company_name),
        company_name,
        updated_at: row.get(4)?,
        archived: row.get::<_, Option<NaiveDateTime>>(5)?.is_some(),
        primary_phone: row.get(6)?,
        plates: plates
            .map(|p| p.split(' ').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// Takes an archived customer back onto the active list.
pub(crate) fn unarchive(conn: &Connection, id: CustomerId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE customers SET archived_at = NULL, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

impl Store {
    pub fn get_customer(&self, id: CustomerId) -> Result<Customer> {
        self.with_conn(|conn| load(conn, id))
    }

    /// Customers, most recently updated first, one page at a time.
    pub fn list_customers(&self, query: &CustomerListQuery) -> Result<CustomerPage> {
        self.with_conn(|conn| {
            let total = conn.query_row(
                "SELECT count(*) FROM customers WHERE ?1 OR archived_at IS NULL",
                [query.include_archived],
                |row| row.get(0),
            )?;
            let mut stmt = conn.prepare_cached(
                "SELECT c.id, c.kind, c.name, c.company_name, c.updated_at, c.archived_at,
                        (SELECT number FROM customer_phones
                         WHERE customer_id = c.id AND is_primary = 1),
                        (SELECT group_concat(plate, ' ') FROM vehicles
                         WHERE customer_id = c.id AND archived_at IS NULL)
                 FROM customers c
                 WHERE ?3 OR c.archived_at IS NULL
                 ORDER BY c.updated_at DESC, c.id DESC
                 LIMIT ?1 OFFSET ?2",
            )?;
            let items = stmt
                .query_map(
                    params![
                        query.limit.clamp(1, 500),
                        query.offset.max(0),
                        query.include_archived
                    ],
                    summary_from_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            Ok(CustomerPage { items, total })
        })
    }

    pub fn archive_customer(&self, id: CustomerId, now: NaiveDateTime) -> Result<Customer> {
        self.with_tx(|tx| {
            load(tx, id)?;
            tx.prepare_cached(
                "UPDATE customers SET archived_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND archived_at IS NULL",
            )?
            .execute(params![id, now])?;
            load(tx, id)
        })
    }
}

/// Every phone number on file, for the demo shop to draw new ones that are not.
pub(crate) fn all_phones(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let phones = conn
        .prepare("SELECT number FROM customer_phones")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(phones)
}
