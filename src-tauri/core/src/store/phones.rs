//! SQL of `customer_phones`: a customer's numbers, replaced as a whole on every save.
use rusqlite::{params, Connection, Row};

use crate::customer::{Phone, PhoneInput, PhoneLabel};
use crate::error::Result;
use crate::ids::CustomerId;
use crate::store::parse_column;

fn from_row(row: &Row<'_>) -> rusqlite::Result<Phone> {
    let label: String = row.get(0)?;
    Ok(Phone {
        label: parse_column(0, &label, PhoneLabel::parse)?,
        number: row.get(1)?,
        is_primary: row.get(2)?,
    })
}

pub(crate) fn list(conn: &Connection, customer: CustomerId) -> Result<Vec<Phone>> {
    let mut stmt = conn.prepare_cached(
        "SELECT label, number, is_primary FROM customer_phones
         WHERE customer_id = ?1 ORDER BY position",
    )?;
    let phones = stmt
        .query_map([customer], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(phones)
}

/// Replaces every phone of `customer` with `phones` (already normalised), in order.
pub(crate) fn replace(
    conn: &Connection,
    customer: CustomerId,
    phones: &[PhoneInput],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM customer_phones WHERE customer_id = ?1")?
        .execute([customer])?;
    append(conn, customer, 0, phones)
}

/// Adds `phones` after the existing ones, numbering their positions from `first`.
pub(crate) fn append(
    conn: &Connection,
    customer: CustomerId,
    first: usize,
    phones: &[PhoneInput],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO customer_phones (customer_id, position, label, number, is_primary)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, phone) in phones.iter().enumerate() {
        stmt.execute(params![
            customer,
            (first + i) as i64,
            phone.label.as_str(),
            phone.number,
            phone.is_primary
        ])?;
    }
    Ok(())
}

pub(crate) fn delete_all(conn: &Connection, customer: CustomerId) -> Result<()> {
    conn.prepare_cached("DELETE FROM customer_phones WHERE customer_id = ?1")?
        .execute([customer])?;
    Ok(())
}
