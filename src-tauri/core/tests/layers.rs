//! The shape of the core, kept by a test: every top-level module of `src/` belongs to one
//! layer, and may name (`crate::…`) only the modules of the layers below it and the ones
//! before it in its own layer — so the modules form no circle. ARCHITECTURE.md draws the
//! same table. No file holds more than 450 lines outside its tests.
//!
//! The test reads the source as text: `use crate::a::…`, `crate::{a, b}` and paths such as
//! `crate::a::f(…)` anywhere in the code count; comments and `#[cfg(test)]` blocks do not.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first; within a layer a module may use the ones listed before it.
const LAYERS: &[(&str, &[&str])] = &[
    // The words everything speaks: why something was refused, ids, money, languages,
    // the journal's entries, the errors.
    (
        "words",
        &["reason", "ids", "i18n", "money", "journal", "error"],
    ),
    // The shop's nouns: customers, vehicles, work orders and the types of the intake,
    // pricing and settling that more than one layer needs.
    (
        "nouns",
        &["vehicle", "shop_day", "customer", "work_order", "domain"],
    ),
    // The data folder's files, the printer, the restore's own journal.
    ("io", &["files", "printer", "restore_journal"]),
    // Pure rules over the nouns: no SQL, no files, no clock.
    (
        "rules",
        &[
            "validate",
            "search",
            "settings",
            "intake",
            "pricing",
            "workshop",
            "settlement",
            "letters",
            "booking",
            "service_due",
            "customer_import",
            "follow_up",
            "figures",
        ],
    ),
    // SQL: rows in, rows out, transactions, migrations.
    ("store", &["store"]),
    // The printed forms, drawn from their own document models.
    ("forms", &["forms"]),
    // The use cases: one file per thing the desk does.
    ("desk", &["desk"]),
    // The end-of-day export, backups and restore.
    ("export", &["export"]),
    // Opening the shop's folder (with its backup before a migration), and the demo shop.
    ("top", &["shop_folder", "demo"]),
];

/// What each layer may use besides itself: by default every layer below it. The ones
/// listed here are narrower.
fn allowed_layers(layer: &str) -> Option<&'static [&'static str]> {
    Some(match layer {
        "words" => &[],
        "nouns" => &["words"],
        "io" => &["words", "nouns"],
        "rules" => &["words", "nouns"],
        // The forms draw their own document models: they know the nouns, never the rules
        // of pricing or settling, the store or a use case.
        "forms" => &["words", "nouns"],
        _ => return None,
    })
}

/// Store files that still run a rule or write a file themselves, each with what it still
/// names. Empty since issue 18: every store file is SQL only, and none may be added here.
const STORE_STILL_DECIDES: &[(&str, &[&str])] = &[];

/// The modules the store may name besides the nouns and the words: `search`'s pure key
/// functions build the search index it keeps.
const STORE_ALSO: &[&str] = &["search"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the core's src folder is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without comments and without `#[cfg(test)]` items.
fn code_outside_tests(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the item the attribute is on: up to its closing brace, or its `;`.
            let mut depth = 0i32;
            let mut opened = false;
            for next in lines.by_ref() {
                let code = strip_comment(next);
                depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
                opened |= code.contains('{');
                if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push(strip_comment(line).to_string());
    }
    out
}

fn strip_comment(line: &str) -> &str {
    match line.find("//") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// The top-level module a file of `src/` belongs to (`store/gate.rs` → `store`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).expect("a file under src");
    let first = rel
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy()
        .to_string();
    first.trim_end_matches(".rs").to_string()
}

/// Every top-level module a piece of code names through `crate::`.
fn named_modules(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let group = rest.strip_prefix('{');
        let text = group.map_or(rest, |g| g.split('}').next().unwrap_or(""));
        for part in text.split(',') {
            let head: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if modules.contains(&head) {
                named.insert(head);
            }
            if group.is_none() {
                break;
            }
        }
    }
    named
}

struct Core {
    /// module → (file → modules it names)
    uses: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    sizes: Vec<(String, usize)>,
}

fn read_core() -> Core {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(f))
        .filter(|m| m != "lib")
        .collect();
    let mut uses: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let mut sizes = Vec::new();
    for file in &files {
        let module = module_of(file);
        let text = std::fs::read_to_string(file).expect("a readable source file");
        let code = code_outside_tests(&text);
        let rel = file
            .strip_prefix(src())
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        sizes.push((rel.clone(), code.len()));
        if module == "lib" {
            continue;
        }
        let mut named = named_modules(&code.join("\n"), &modules);
        named.remove(&module);
        uses.entry(module).or_default().insert(rel, named);
    }
    Core { uses, sizes }
}

/// (layer index, position in the layer) of every module.
fn places() -> BTreeMap<&'static str, (usize, usize)> {
    let mut places = BTreeMap::new();
    for (layer, (_, modules)) in LAYERS.iter().enumerate() {
        for (at, module) in modules.iter().enumerate() {
            places.insert(*module, (layer, at));
        }
    }
    places
}

/// Why `from` may not name `to`, or `None` when it may.
fn refusal(from: &str, to: &str) -> Option<String> {
    let places = places();
    let (Some(&(fl, fa)), Some(&(tl, ta))) = (places.get(from), places.get(to)) else {
        return Some(format!("{from} or {to} has no layer in LAYERS"));
    };
    let from_layer = LAYERS[fl].0;
    let to_layer = LAYERS[tl].0;
    if fl == tl {
        return (ta >= fa).then(|| {
            format!("{from} and {to} are both in `{from_layer}`, and {to} comes after {from}")
        });
    }
    if tl > fl {
        return Some(format!("`{to_layer}` is above `{from_layer}`"));
    }
    if from_layer == "store" && to_layer != "words" && to_layer != "nouns" {
        return (!STORE_ALSO.contains(&to))
            .then(|| format!("the store is SQL only: it may not name the `{to_layer}` layer"));
    }
    match allowed_layers(from_layer) {
        Some(allowed) if !allowed.contains(&to_layer) => Some(format!(
            "`{from_layer}` may not name the `{to_layer}` layer"
        )),
        _ => None,
    }
}

#[test]
fn every_module_has_a_layer_and_names_only_what_its_layer_may() {
    let core = read_core();
    let places = places();
    let mut wrong = Vec::new();
    for module in core.uses.keys() {
        if !places.contains_key(module.as_str()) {
            wrong.push(format!("{module}: not in any layer of LAYERS"));
        }
    }
    for (module, files) in &core.uses {
        for (file, named) in files {
            let still = STORE_STILL_DECIDES
                .iter()
                .find(|(f, _)| *f == file.as_str())
                .map_or(&[][..], |(_, m)| *m);
            for to in named {
                if still.contains(&to.as_str()) {
                    continue;
                }
                if let Some(why) = refusal(module, to) {
                    wrong.push(format!("{file} names crate::{to}: {why}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the core's layers are broken (see ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_store_files_that_still_decide_only_shrink() {
    let core = read_core();
    let store = core.uses.get("store").cloned().unwrap_or_default();
    let mut stale = Vec::new();
    for (file, modules) in STORE_STILL_DECIDES {
        let named = store.get(*file).cloned().unwrap_or_default();
        for m in *modules {
            if !named.contains(*m) {
                stale.push(format!(
                    "{file} no longer names crate::{m}: take it off the list"
                ));
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn the_layers_form_no_circle() {
    // With every import pointing down or back in its layer, a circle is impossible; this
    // checks the graph itself, so a wrong table cannot hide one.
    let core = read_core();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (module, files) in &core.uses {
        let to: &mut BTreeSet<&str> = graph.entry(module.as_str()).or_default();
        for named in files.values() {
            to.extend(named.iter().map(String::as_str));
        }
    }
    fn visit<'a>(
        at: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(start) = path.iter().position(|m| *m == at) {
            let mut circle = path[start..].to_vec();
            circle.push(at);
            return Some(circle);
        }
        if !done.insert(at) {
            return None;
        }
        path.push(at);
        for next in graph.get(at).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        let mut path = Vec::new();
        if let Some(circle) = visit(module, &graph, &mut path, &mut done) {
            panic!("the core's modules form a circle: {}", circle.join(" → "));
        }
    }
}

#[test]
fn no_core_file_holds_more_than_450_lines_outside_its_tests() {
    let core = read_core();
    let big: Vec<String> = core
        .sizes
        .iter()
        .filter(|(_, lines)| *lines > 450)
        .map(|(file, lines)| format!("{file}: {lines} lines"))
        .collect();
    assert!(
        big.is_empty(),
        "split these along their seams:\n{}",
        big.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_inline_paths_and_skips_tests_and_comments() {
    let modules: BTreeSet<String> = ["store", "pricing", "forms", "error"]
        .into_iter()
        .map(String::from)
        .collect();
    let text = "use crate::{error::Result, pricing::Totals};\n\
                // crate::forms is only mentioned\n\
                fn f() { crate::store::open(); }\n\
                #[cfg(test)]\nmod tests {\n    use crate::forms::X;\n}\n";
    let code = code_outside_tests(text).join("\n");
    let named = named_modules(&code, &modules);
    let want: BTreeSet<String> = ["error", "pricing", "store"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(named, want, "comments and test blocks do not count");
    assert!(
        refusal("forms", "pricing").is_some(),
        "forms may not name pricing"
    );
    assert!(
        refusal("store", "settlement").is_some(),
        "the store may not run the rules"
    );
    assert!(
        refusal("desk", "store").is_none(),
        "a use case goes through the store"
    );
    assert!(
        refusal("error", "forms").is_some(),
        "nothing low names what is above it"
    );
}

/// The modules that may hold SQL: the store; the export and restore, which copy the
/// database file page by page and check what they wrote.
const SQL_MAY_LIVE_IN: &[&str] = &["store", "export"];

/// Whether a line of code opens a string with an SQL statement: a plain or raw string
/// whose first word is a statement's, whatever follows it (a space, the line's end).
fn opens_sql(code: &str) -> bool {
    const WORDS: [&str; 7] = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA", "WITH",
    ];
    ["\"", "r\"", "r#\""].iter().any(|quote| {
        code.match_indices(quote).any(|(at, _)| {
            let rest = &code[at + quote.len()..];
            WORDS.iter().any(|word| {
                rest.strip_prefix(word)
                    .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\n', '(']))
            })
        })
    })
}

#[test]
fn sql_is_written_only_in_the_store() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let module = module_of(&file);
        if SQL_MAY_LIVE_IN.contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        for line in code_outside_tests(&text) {
            if opens_sql(&line) {
                wrong.push(format!("{}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "SQL belongs in store/ (a use case asks the store, ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_sql_reader_sees_a_statement_in_a_string() {
    assert!(opens_sql(r#"conn.prepare_cached("SELECT id FROM x")?"#));
    assert!(opens_sql(
        r#"    "UPDATE additional_items SET carried_to = ?2 WHERE id = ?1","#
    ));
    assert!(!opens_sql("let selected = rows.select();"));
    assert!(
        opens_sql(r#"conn.prepare("SELECT"#),
        "a statement that goes on below"
    );
    assert!(opens_sql(r##"conn.execute_batch(r#"CREATE TABLE x (a)"##));
    assert!(opens_sql(
        r#"conn.prepare("WITH t AS (SELECT 1) SELECT * FROM t")"#
    ));
    assert!(!opens_sql(r#"let s = "SELECTED rows";"#));
}
