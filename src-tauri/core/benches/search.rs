//! Search speed on a shop of 100,000 customers and ~150,000 vehicles (the demo
//! generator, in a temp-file database): 1,000 mixed queries sampled from the data go
//! through `Store::search`, then the same queries through a naive `LIKE '%q%'` scan.
//! The price list follows (`price_list/mod.rs`; `-- prices` runs it alone). Run with
//! `cargo bench --bench search`; the lines starting `RESULT` are the machine-readable
//! results.
mod price_list;

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use garage_core::search::pinyin_initials;
use garage_core::{demo, Store};

const CUSTOMERS: usize = 100_000;
const QUERIES: usize = 1_000;
const LIMIT: usize = 20;
const KINDS: [&str; 5] = ["plate", "phone", "english", "chinese", "initials"];

/// A tiny LCG: the bench's sampling must not depend on anything but this seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn fragment(chars: &[char], rng: &mut Lcg, min: usize, max: usize) -> String {
    let len = (min + rng.below(max - min + 1)).min(chars.len());
    let start = rng.below(chars.len() - len + 1);
    chars[start..start + len].iter().collect()
}

fn is_han(s: &str) -> bool {
    s.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn load(store: &Store, sql: &str) -> Vec<String> {
    store
        .with_conn(|conn| {
            let rows = conn
                .prepare(sql)?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .unwrap_or_default()
}

/// 1,000 queries as a desk would type them, 200 of each kind.
fn sample_queries(store: &Store) -> Vec<(usize, String)> {
    let plates = load(store, "SELECT plate FROM vehicles");
    let phones = load(store, "SELECT number FROM customer_phones");
    let names = load(store, "SELECT name FROM customers WHERE name <> ''");
    let english: Vec<&String> = names.iter().filter(|n| n.is_ascii()).collect();
    let chinese: Vec<&String> = names.iter().filter(|n| is_han(n)).collect();
    let companies = load(
        store,
        "SELECT company_name FROM customers WHERE company_name <> ''",
    );
    let chinese_companies: Vec<&String> = companies.iter().filter(|n| is_han(n)).collect();
    let mut rng = Lcg(2026);
    (0..QUERIES)
        .map(|i| {
            let kind = i % KINDS.len();
            let query = match kind {
                0 => {
                    let plate: Vec<char> = plates[rng.below(plates.len())].chars().collect();
                    let mut q: Vec<char> = fragment(&plate, &mut rng, 3, 6)
                        .to_lowercase()
                        .chars()
                        .collect();
                    let at = rng.below(q.len() + 1);
                    q.insert(at, if rng.below(2) == 0 { ' ' } else { '·' });
                    q.into_iter().collect()
                }
                1 => {
                    let phone: Vec<char> = phones[rng.below(phones.len())]
                        .trim_start_matches('+')
                        .chars()
                        .collect();
                    fragment(&phone, &mut rng, 4, 7)
                }
                2 => {
                    let name: Vec<char> = english[rng.below(english.len())].chars().collect();
                    fragment(&name, &mut rng, 3, 5).to_lowercase()
                }
                3 => {
                    let source = if rng.below(5) == 0 {
                        &chinese_companies
                    } else {
                        &chinese
                    };
                    let name: Vec<char> = source[rng.below(source.len())].chars().collect();
                    fragment(&name, &mut rng, 2, 3)
                }
                _ => pinyin_initials(chinese[rng.below(chinese.len())]),
            };
            (kind, query)
        })
        .collect()
}

/// The obvious implementation a first version would ship.
fn like_scan(store: &Store, query: &str) -> usize {
    let pattern = format!("%{}%", query.split_whitespace().collect::<String>());
    store
        .with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT c.id FROM customers c
                 LEFT JOIN customer_phones p ON p.customer_id = c.id
                 LEFT JOIN vehicles v ON v.customer_id = c.id AND v.archived_at IS NULL
                 WHERE c.archived_at IS NULL
                   AND (c.name LIKE ?1 OR c.company_name LIKE ?1 OR c.contact_person LIKE ?1
                        OR p.number LIKE ?1 OR v.plate LIKE ?1 OR v.vin LIKE ?1)
                 LIMIT ?2",
            )?;
            let ids: Vec<i64> = stmt
                .query_map(rusqlite::params![pattern, LIMIT as i64], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids.len())
        })
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    let idx = ((times.len() as f64 - 1.0) * p).round() as usize;
    times.get(idx).map(|d| ms(*d)).unwrap_or(0.0)
}

fn main() {
    let now = NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    // `cargo bench --bench search -- prices` measures the price list alone.
    if !std::env::args().any(|a| a == "prices") {
        customers(now);
    }
    price_list::run(now);
}

fn customers(now: NaiveDateTime) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store opens");
    let started = Instant::now();
    let summary = demo::generate_with(
        &store,
        CUSTOMERS,
        42,
        now,
        demo::DemoOptions { with_jobs: false },
    )
    .expect("demo data");
    println!(
        "generated {} customers, {} vehicles, {} odometer readings in {:.1} s",
        summary.customers,
        summary.vehicles,
        summary.odometer_readings,
        started.elapsed().as_secs_f64()
    );

    let queries = sample_queries(&store);
    for (_, q) in &queries {
        let _ = store.search(q, LIMIT); // warm the page cache and statement cache
    }
    let mut search_times: Vec<Vec<Duration>> = vec![Vec::new(); KINDS.len()];
    let mut like_times: Vec<Vec<Duration>> = vec![Vec::new(); KINDS.len()];
    let mut found = vec![0usize; KINDS.len()];
    for (kind, q) in &queries {
        let t = Instant::now();
        let hits = store.search(q, LIMIT).expect("search");
        search_times[*kind].push(t.elapsed());
        found[*kind] += usize::from(!hits.is_empty());
    }
    for (kind, q) in &queries {
        let t = Instant::now();
        let _ = like_scan(&store, q);
        like_times[*kind].push(t.elapsed());
    }

    println!(
        "{:<10} {:>6} {:>8} {:>12} {:>12} {:>12} {:>12}",
        "kind", "n", "found", "search p50", "search p95", "like p50", "like p95"
    );
    for (i, kind) in KINDS.iter().enumerate() {
        let n = search_times[i].len();
        println!(
            "{:<10} {:>6} {:>8} {:>12.3} {:>12.3} {:>12.3} {:>12.3}",
            kind,
            n,
            found[i],
            percentile(&mut search_times[i], 0.5),
            percentile(&mut search_times[i], 0.95),
            percentile(&mut like_times[i], 0.5),
            percentile(&mut like_times[i], 0.95)
        );
    }
    let mut all_search: Vec<Duration> = search_times.concat();
    let mut all_like: Vec<Duration> = like_times.concat();
    let (p50, p95) = (
        percentile(&mut all_search, 0.5),
        percentile(&mut all_search, 0.95),
    );
    let like_p95 = percentile(&mut all_like, 0.95);
    println!(
        "RESULT search p50_ms={p50:.3} p95_ms={p95:.3} like_p95_ms={like_p95:.3} speedup={:.2}",
        like_p95 / p95.max(1e-6)
    );
}
