//! The database in a bundle as a page stream: every page of the file once, each with its
//! number, ordered tree by tree (a table's pages, in key order, with its overflow pages
//! after the page that points to them) rather than in file order. A shop's tables grow
//! side by side, so in the file a customer's page sits between an odometer page and a
//! signature's overflow; grouped, zstd finds far more of what repeats (the demo shop:
//! 131 MB against 148 MB). The walk reads the b-tree pages' own links; a page it does
//! not reach (free pages, or any it cannot parse) follows in file order, so the stream
//! always holds the whole file and unpacks byte for byte, whatever the pages hold.
//!
//! Layout: `GDPAGES1`, page size and page count (u32, big-endian), then `page count`
//! records of the page number (u32, big-endian) and the page.
use std::io::{Read, Seek, SeekFrom, Write};

use crate::error::{CoreError, Result};
use crate::export::moment::Moment;
use crate::export::unpack::UnpackLimit;
use crate::reason::Reason;

const MAGIC: &[u8; 8] = b"GDPAGES1";
const HEADER_BYTES: usize = 16;

/// Where the walk goes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// A b-tree page (a root, or a child of an interior page).
    Tree(u32),
    /// A page of a cell's overflow chain.
    Chain(u32),
}

/// An SQLite varint at `at`: its value and length.
fn varint(page: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for i in 0..8 {
        let byte = *page.get(at + i)?;
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    let byte = *page.get(at + 8)?;
    Some(((value << 8) | u64::from(byte), 9))
}

fn u16_at(page: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_be_bytes(
        page.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(page: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(page.get(at..at + 4)?.try_into().ok()?))
}

/// The links of the b-tree page `page` (its header at `at`: 100 on page 1), in the order
/// the walk takes them: each cell's child, then that cell's overflow chain, then the
/// right-most child. `usable` is the page size less the reserved bytes. Anything that
/// does not parse ends the list early; the pages it would have reached come later, in
/// file order.
fn links(page: &[u8], at: usize, usable: usize, out: &mut Vec<Link>) -> Option<()> {
    let (interior, table, header) = match page.get(at)? {
        0x02 => (true, false, 12),
        0x05 => (true, true, 12),
        0x0a => (false, false, 8),
        0x0d => (false, true, 8),
        _ => return None,
    };
    // The most a cell keeps on its page, and the least it keeps when it spills
    // (SQLite's file format, "B-tree Pages").
    let most = if table {
        usable.checked_sub(35)?
    } else {
        (usable.checked_sub(12)? * 64 / 255).checked_sub(23)?
    };
    let least = (usable.checked_sub(12)? * 32 / 255).checked_sub(23)?;
    let cells = u16_at(page, at + 3)?;
    for i in 0..cells {
        let mut p = u16_at(page, at + header + 2 * i)?;
        if interior {
            out.push(Link::Tree(u32_at(page, p)?));
            p += 4;
            if table {
                continue;
            }
        }
        let (payload, n) = varint(page, p)?;
        let payload = usize::try_from(payload).ok()?;
        if payload > most {
            // Past the payload's size (and a table row's id) to where the payload starts.
            p += n;
            if table {
                p += varint(page, p)?.1;
            }
            let kept = least + (payload - least) % usable.checked_sub(4)?;
            let local = if kept <= most { kept } else { least };
            out.push(Link::Chain(u32_at(page, p + local)?));
        }
    }
    if interior {
        out.push(Link::Tree(u32_at(page, at + 8)?));
    }
    Some(())
}

/// Page 1 with its header saying rollback journal, so the copy also opens read-only
/// (bytes 18 and 19: the file format's write and read versions, 2 meaning WAL).
pub(crate) fn as_rollback(first: &[u8]) -> Vec<u8> {
    let mut first = first.to_vec();
    if first.len() > 19 {
        first[18] = 1;
        first[19] = 1;
    }
    first
}

/// How many bytes the page stream of `moment` holds.
pub(crate) fn stream_bytes(moment: &Moment) -> Result<u64> {
    let geometry = moment.geometry()?;
    Ok(HEADER_BYTES as u64 + u64::from(geometry.page_count) * (4 + u64::from(geometry.page_size)))
}

/// One record of the stream: the page's number, then the page (of `size` bytes: any
/// other length would make the stream unreadable, so it stops the export instead).
fn put(out: &mut impl Write, size: u32, pgno: u32, page: &[u8]) -> Result<()> {
    if page.len() != size as usize {
        return Err(std::io::Error::other(format!(
            "page {pgno} of the database could not be read"
        ))
        .into());
    }
    out.write_all(&pgno.to_be_bytes())?;
    if pgno == 1 {
        out.write_all(&as_rollback(page))?;
    } else {
        out.write_all(page)?;
    }
    Ok(())
}

/// Writes the database as it is at `moment` as a page stream to `out`. Returns how many
/// pages the walk of the trees reached (the others followed in file order).
pub(crate) fn write_page_stream(moment: &Moment, out: &mut impl Write) -> Result<u32> {
    let geometry = moment.geometry()?;
    let count = geometry.page_count;
    let mut header = Vec::with_capacity(HEADER_BYTES);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&geometry.page_size.to_be_bytes());
    header.extend_from_slice(&count.to_be_bytes());
    out.write_all(&header)?;

    let usable = (geometry.page_size as usize).saturating_sub(geometry.reserved as usize);
    let mut written = vec![false; count as usize + 1];
    let mut reader = moment.page_reader()?;

    // The schema's tree first, then each table's and index's, pre-order, from a stack.
    let mut stack: Vec<Link> = moment.roots()?.into_iter().rev().map(Link::Tree).collect();
    stack.push(Link::Tree(1));
    let mut next = Vec::new();
    let mut reached = 0;
    while let Some(link) = stack.pop() {
        let (Link::Tree(pgno) | Link::Chain(pgno)) = link;
        if pgno == 0 || pgno > count || written[pgno as usize] {
            continue;
        }
        written[pgno as usize] = true;
        reached += 1;
        next.clear();
        reader.read(pgno, |page| {
            put(out, geometry.page_size, pgno, page)?;
            match link {
                Link::Chain(_) => next.extend(u32_at(page, 0).map(Link::Chain)),
                Link::Tree(_) => {
                    let at = if pgno == 1 { 100 } else { 0 };
                    let _ = links(page, at, usable, &mut next);
                }
            }
            Ok(())
        })?;
        stack.extend(next.iter().rev());
    }
    // What the walk did not reach: free pages, and any behind a page it could not read.
    for pgno in 1..=count {
        if !written[pgno as usize] {
            reader.read(pgno, |page| put(out, geometry.page_size, pgno, page))?;
        }
    }
    Ok(reached)
}

/// Which pages came: one bit each, in blocks of 64 Ki pages made as pages arrive, so a
/// damaged count or page number cannot make it reserve more than the stream holds, and
/// a crafted stream of many small pages costs a bit per page rather than a set entry.
#[derive(Default)]
struct Seen(Vec<Option<Box<[u64; 1024]>>>);

impl Seen {
    /// Marks `pgno`; false when it was already there.
    fn insert(&mut self, pgno: u32) -> bool {
        let (block, bit) = ((pgno >> 16) as usize, pgno & 0xffff);
        if self.0.len() <= block {
            self.0.resize(block + 1, None);
        }
        let words = self.0[block].get_or_insert_with(|| Box::new([0u64; 1024]));
        let (word, mask) = ((bit >> 6) as usize, 1u64 << (bit & 63));
        let fresh = words[word] & mask == 0;
        words[word] |= mask;
        fresh
    }
}

fn damaged<T>(_: T) -> CoreError {
    CoreError::conflict(Reason::BundleDamaged)
}

/// Writes the database file a page stream holds into `out` (an empty file). A stream
/// that is cut short, names a page twice or out of range, or goes on past its last page
/// is damaged. The size its header announces must fit `limit` before a page is written.
pub(crate) fn unpack_page_stream(
    input: impl Read,
    out: &mut std::fs::File,
    limit: &UnpackLimit,
) -> Result<()> {
    let mut input = std::io::BufReader::with_capacity(1 << 20, input);
    let mut header = [0u8; HEADER_BYTES];
    input.read_exact(&mut header).map_err(damaged)?;
    if &header[..8] != MAGIC {
        return Err(damaged(()));
    }
    let page_size = u32_at(&header, 8).ok_or_else(|| damaged(()))?;
    let count = u32_at(&header, 12).ok_or_else(|| damaged(()))?;
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() || count == 0 {
        return Err(damaged(()));
    }
    limit.admit(u64::from(count) * u64::from(page_size))?;
    let page_size = page_size as usize;
    let mut output = std::io::BufWriter::with_capacity(1 << 20, out);
    let mut seen = Seen::default();
    let mut page = vec![0u8; page_size];
    let mut at = 0u64;
    for _ in 0..count {
        let mut number = [0u8; 4];
        input.read_exact(&mut number).map_err(damaged)?;
        input.read_exact(&mut page).map_err(damaged)?;
        let pgno = u32::from_be_bytes(number);
        if pgno == 0 || pgno > count {
            return Err(damaged(()));
        }
        if !seen.insert(pgno) {
            return Err(damaged(()));
        }
        let offset = u64::from(pgno - 1) * page_size as u64;
        if offset != at {
            output.seek(SeekFrom::Start(offset))?;
        }
        output.write_all(&page)?;
        at = offset + page_size as u64;
    }
    if input.read(&mut [0u8; 1]).map_err(damaged)? != 0 {
        return Err(damaged(()));
    }
    output.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_varint_reads_as_sqlite_writes_it() {
        assert_eq!(varint(&[0x05], 0), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00], 0), Some((128, 2)));
        assert_eq!(varint(&[0xff; 9], 0), Some((u64::MAX, 9)));
        assert_eq!(varint(&[0x81], 0), None, "a varint cut short is no varint");
    }

    /// A shop-like file: two tables filled side by side (so their pages interleave),
    /// rows that spill into overflow pages, an index with long keys, and free pages.
    fn interleaved_file(dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join("shop.sqlite3");
        let conn = rusqlite::Connection::open(&path).expect("db");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE a (id INTEGER PRIMARY KEY, body TEXT);
             CREATE TABLE b (id INTEGER PRIMARY KEY, key TEXT, body BLOB);
             CREATE INDEX b_key ON b (key);",
        )
        .expect("schema");
        for i in 0..400 {
            conn.execute(
                "INSERT INTO a (body) VALUES (?1)",
                [format!("{i} ").repeat(300)],
            )
            .expect("a");
            conn.execute(
                "INSERT INTO b (key, body) VALUES (?1, zeroblob(?2))",
                rusqlite::params![format!("{i:05}").repeat(400), 100 + i * 37],
            )
            .expect("b");
        }
        conn.execute_batch(
            "DELETE FROM a WHERE id % 3 = 0;
             CREATE TABLE c AS SELECT * FROM b;
             DROP TABLE c;",
        )
        .expect("free pages");
        path
    }

    fn records(stream: &[u8]) -> Vec<u32> {
        let size = u32_at(stream, 8).expect("size") as usize;
        stream[HEADER_BYTES..]
            .chunks(4 + size)
            .map(|r| u32_at(r, 0).expect("number"))
            .collect()
    }

    #[test]
    fn the_page_stream_holds_every_page_once_grouped_and_unpacks_to_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = interleaved_file(dir.path());
        let moment = Moment::of_file(&path).expect("moment");
        let mut file = Vec::new();
        moment.write_pages(&mut file).expect("pages");
        let mut stream = Vec::new();
        let reached = write_page_stream(&moment, &mut stream).expect("stream");
        let free: u32 = moment
            .conn()
            .query_row("PRAGMA freelist_count", [], |r| r.get(0))
            .expect("free pages");
        assert!(free > 0, "the file has free pages");
        assert_eq!(
            reached as usize + free as usize,
            file.len() / 4096,
            "the walk reaches every page in use"
        );

        let numbers = records(&stream);
        let count = file.len() / 4096;
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            (1..=count as u32).collect::<Vec<_>>(),
            "each page once"
        );
        let in_file_order = numbers.windows(2).filter(|w| w[1] == w[0] + 1).count();
        assert!(
            in_file_order < numbers.len() * 3 / 4,
            "the tables' interleaved pages are regrouped: {numbers:?}"
        );

        let unpacked_path = dir.path().join("unpacked");
        let mut unpacked = std::fs::File::create(&unpacked_path).expect("out");
        unpack_page_stream(
            stream.as_slice(),
            &mut unpacked,
            &UnpackLimit::declared(None),
        )
        .expect("unpacks");
        drop(unpacked);
        assert!(
            std::fs::read(&unpacked_path).expect("read") == file,
            "the unpacked file is the moment's file byte for byte"
        );
        let conn = rusqlite::Connection::open(&unpacked_path).expect("opens");
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(ok, "ok");
    }

    #[test]
    fn a_page_seen_twice_is_told_apart_from_its_neighbours() {
        let mut seen = Seen::default();
        for pgno in [1, 2, 64, 65_536, 65_537, u32::MAX] {
            assert!(seen.insert(pgno), "{pgno} is new");
        }
        assert!(!seen.insert(65_536), "and seen again");
        assert!(seen.insert(3));
    }

    #[test]
    fn a_page_that_is_no_b_tree_page_has_no_links() {
        let mut out = Vec::new();
        assert!(links(&[0u8; 4096], 0, 4096, &mut out).is_none());
        assert!(links(&[0x0d, 0, 0, 0xff, 0xff], 0, 4096, &mut out).is_none());
        assert!(out.is_empty());
    }
}
