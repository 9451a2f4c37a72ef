//! The printed work order, checked the way a person would check it: the text read back
//! with `pdftotext`, the font with `pdffonts`, the file with `qpdf`. The tools come from
//! poppler-utils and qpdf; a missing tool fails the test with a message saying what to
//! install, it is never skipped. The look is checked in `forms_golden.rs`.
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};

use garage_core::forms::*;
use sample::{at, typical_job, typical_job_english};
use tools::{fonts, pages, path_str, render, render_in, run, squash, text_of, write_temp};

fn assert_contains_all(text: &str, values: &[&str], context: &str) {
    let squashed = squash(text);
    let missing: Vec<&&str> = values
        .iter()
        .filter(|v| !squashed.contains(&squash(v)))
        .collect();
    assert!(
        missing.is_empty(),
        "{context}: the PDF text lacks {missing:?}\n--- text ---\n{text}"
    );
}

/// Every value of the snapshot, as the form must give it back.
fn field_values(doc: &WorkOrderDoc) -> Vec<String> {
    let mut values = vec![
        doc.shop.name.clone(),
        doc.shop.address.clone(),
        doc.shop.phone.clone(),
        doc.number.clone(),
        doc.advisor.clone(),
        doc.customer.name.clone(),
        doc.vehicle.plate.clone(),
        doc.vehicle.vin.clone(),
        doc.vehicle.make.clone(),
        doc.vehicle.model.clone(),
        doc.vehicle.colour.clone(),
        doc.complaint.clone(),
        doc.diagnosis.clone(),
        doc.other_requests.clone(),
        doc.keys.tag_number.clone(),
        doc.keys.cabinet_slot.clone(),
        "86,420".into(),
        "3/8".into(),
        "¥1,820.00".into(),
    ];
    values.extend(doc.shop.tax_number.clone());
    values.extend(doc.customer.company.clone());
    values.extend(doc.customer.address.clone());
    values.extend(doc.customer.phones.iter().cloned());
    values.extend(doc.vehicle.year.map(|y| y.to_string()));
    if let Some(contact) = &doc.contact {
        values.extend([contact.name.clone(), contact.phone.clone()]);
    }
    values.extend(doc.services.iter().map(|s| s.description.clone()));
    for group in &doc.inspection {
        values.push(group.name.clone());
        for item in &group.items {
            values.extend([item.name.clone(), item.note.clone()]);
        }
    }
    values.extend(doc.damage.iter().map(|m| m.note.clone()));
    values.extend(doc.documents.iter().map(|d| d.description.clone()));
    if let Belongings::Listed(items) = &doc.belongings {
        for item in items {
            values.extend([
                item.item.clone(),
                item.note.clone(),
                item.storage_box.clone(),
            ]);
        }
    }
    values.extend(doc.terms.lines().map(str::to_string));
    for sig in &doc.signatures {
        values.extend([
            sig.signer_name.clone(),
            sig.fingerprint_hex[..12].to_string(),
        ]);
    }
    values.retain(|v| !v.trim().is_empty());
    values
}

#[test]
fn a_typical_job_gives_back_every_value_in_every_language() {
    let doc = typical_job();
    let titles = [
        (
            FormLang::En,
            vec!["Work Order", "Walk-around", "Page 1 of 1"],
        ),
        (
            FormLang::ZhHans,
            vec!["进厂维修单", "环车检查", "第 1 页，共 1 页"],
        ),
        (
            FormLang::ZhHant,
            vec!["進廠維修單", "環車檢查", "第 1 頁，共 1 頁"],
        ),
        (
            FormLang::Bilingual,
            vec!["进厂维修单", "Work Order", "Page 1 of 1"],
        ),
    ];
    let values = field_values(&doc);
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    for (lang, labels) in titles {
        let text = text_of(&render_in(&doc, lang));
        assert_contains_all(&text, &values, &format!("{lang:?}"));
        assert_contains_all(&text, &labels, &format!("{lang:?} labels"));
        assert_eq!(
            pages(&text).len(),
            1,
            "{lang:?}: a typical job fits on one page"
        );
    }
}

#[test]
fn an_english_job_reads_back_in_english() {
    let doc = typical_job_english();
    let text = text_of(&render_in(&doc, FormLang::En));
    let values = field_values(&doc);
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    assert_contains_all(&text, &values, "English job");
    assert!(
        text.contains("Mary Johnson"),
        "the customer's name is printed as one phrase"
    );
}

#[test]
fn the_font_is_embedded_as_a_subset() {
    for lang in FormLang::ALL {
        let file = write_temp(&render_in(&typical_job(), lang));
        let out = run("pdffonts", &[path_str(&file.path)]);
        let listing = String::from_utf8_lossy(&out.stdout);
        let fonts: Vec<&str> = listing
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(
            fonts.len(),
            1,
            "{lang:?}: one font only, the form font:\n{listing}"
        );
        let cols: Vec<&str> = fonts[0].split_whitespace().collect();
        assert!(
            cols[0].contains("+NotoSansSC"),
            "{lang:?}: subset tag on Noto Sans SC:\n{listing}"
        );
        // name, type (2 words), encoding, emb, sub, uni, object, id
        let n = cols.len();
        assert_eq!(
            (cols[n - 5], cols[n - 4]),
            ("yes", "yes"),
            "{lang:?}: embedded and subset:\n{listing}"
        );
    }
}

#[test]
fn qpdf_finds_nothing_wrong_with_any_form() {
    let mut reprint = FormOptions::new(FormLang::Bilingual);
    reprint.reprint = Some(Reprint {
        printed_at: at(2026, 3, 20, 15, 10),
    });
    let mut pdfs: Vec<Vec<u8>> = FormLang::ALL
        .iter()
        .map(|&l| render_in(&typical_job(), l))
        .collect();
    pdfs.push(render(&sample::long_job(), &reprint));
    for pdf in pdfs {
        let file = write_temp(&pdf);
        let out = run("qpdf", &["--check", path_str(&file.path)]);
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "qpdf --check failed:\n{report}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            report.contains("No syntax or stream encoding errors"),
            "{report}"
        );
    }
}

#[test]
fn a_typical_job_stays_under_200_kb() {
    for lang in FormLang::ALL {
        let size = render_in(&typical_job(), lang).len();
        assert!(
            size < 200 * 1024,
            "{lang:?}: {size} bytes; a form must mail and archive cheaply"
        );
    }
}

#[test]
fn a_long_job_runs_onto_more_pages_each_saying_page_x_of_y() {
    let doc = sample::long_job();
    for (lang, page_of, continued) in [
        (FormLang::En, "Page {x} of {y}", "continued"),
        (FormLang::ZhHans, "第 {x} 页，共 {y} 页", "续页"),
    ] {
        let text = text_of(&render_in(&doc, lang));
        let pages = pages(&text);
        let total = pages.len();
        assert!(
            total >= 2,
            "{lang:?}: a long complaint and 40 belongings need more than one page"
        );
        for (i, page) in pages.iter().enumerate() {
            let marker = page_of
                .replace("{x}", &(i + 1).to_string())
                .replace("{y}", &total.to_string());
            assert!(
                page.contains(&marker),
                "{lang:?} page {}: lacks {marker:?}",
                i + 1
            );
            assert!(
                page.contains(&doc.number),
                "{lang:?} page {}: the number is on every page",
                i + 1
            );
            if i > 0 {
                assert!(
                    page.contains(continued),
                    "{lang:?} page {}: the running header says continued",
                    i + 1
                );
            }
        }
        let items: Vec<String> = (1..=40).map(|i| format!("随车物品 {i}")).collect();
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        assert_contains_all(&text, &items, &format!("{lang:?}: all forty belongings"));
        assert_contains_all(
            &text,
            &[doc.complaint.as_str()],
            &format!("{lang:?}: the whole complaint"),
        );
    }
}

#[test]
fn a_reprint_says_copy_on_every_page_with_its_time() {
    for (lang, copy) in [
        (FormLang::En, "COPY"),
        (FormLang::ZhHans, "副本"),
        (FormLang::ZhHant, "副本"),
    ] {
        let mut options = FormOptions::new(lang);
        options.reprint = Some(Reprint {
            printed_at: at(2026, 3, 20, 15, 10),
        });
        let text = text_of(&render(&sample::long_job(), &options));
        for (i, page) in pages(&text).iter().enumerate() {
            assert!(
                page.contains(copy),
                "{lang:?} page {}: a reprint must say {copy}",
                i + 1
            );
            assert!(
                page.contains("15:10"),
                "{lang:?} page {}: with the reprint time",
                i + 1
            );
        }
    }
    let first = text_of(&render_in(&typical_job(), FormLang::En));
    assert!(
        !first.contains("COPY"),
        "the first printing is the original, not a copy"
    );
}

/// Image XObjects placed in the PDF, counted with `pdfimages -list`.
fn image_count(pdf: &[u8]) -> usize {
    let file = write_temp(pdf);
    let out = run("pdfimages", &["-list", path_str(&file.path)]);
    let listing = String::from_utf8_lossy(&out.stdout);
    listing
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count()
}

#[test]
fn unsigned_roles_print_blank_lines_for_a_pen() {
    let mut doc = typical_job();
    doc.signatures.clear();
    let text = text_of(&render_in(&doc, FormLang::En));
    assert!(
        !text.contains("3fa9c2e1b07d"),
        "no fingerprint without a signature"
    );
    assert_eq!(
        text.matches("Date & time").count(),
        3,
        "three blank boxes, each asking for name and time"
    );
    assert_eq!(
        image_count(&render_in(&doc, FormLang::En)),
        1,
        "only the logo is a picture"
    );

    let mut options = FormOptions::new(FormLang::En);
    options.blank_signatures = true;
    let text = text_of(&render(&typical_job(), &options));
    assert!(
        !text.contains("3fa9c2e1b07d"),
        "printing for paper hides captured signatures"
    );
}

#[test]
fn captured_signatures_print_with_name_time_and_twelve_fingerprint_digits() {
    let text = text_of(&render_in(&typical_job(), FormLang::En));
    assert!(
        text.contains("3fa9c2e1b07d"),
        "the first 12 hex digits of the customer's fingerprint"
    );
    assert!(!text.contains("3fa9c2e1b07d5"), "no more than 12 digits");
    assert!(
        text.contains("14 Mar 2026 09:42"),
        "the time the customer signed"
    );
    assert_eq!(
        image_count(&render_in(&typical_job(), FormLang::En)),
        3,
        "logo and two signatures, embedded once each"
    );
}

#[test]
fn valuables_are_starred_and_no_belongings_differs_from_not_recorded() {
    let text = text_of(&render_in(&typical_job(), FormLang::En));
    assert_eq!(text.matches('★').count(), 2, "each valuable is starred");
    assert!(
        text.contains("6 items listed, 2 of them valuable"),
        "{text}"
    );

    let mut doc = typical_job();
    doc.belongings = Belongings::NoneLeft;
    let none = text_of(&render_in(&doc, FormLang::En));
    assert!(
        none.contains("No belongings left in the vehicle"),
        "the customer's confirmation is printed"
    );
    doc.belongings = Belongings::NotRecorded;
    let unknown = text_of(&render_in(&doc, FormLang::En));
    assert!(
        unknown.contains("Belongings not recorded"),
        "an unrecorded list says so"
    );
    assert!(
        !unknown.contains("No belongings left"),
        "and never claims the car was empty"
    );
}

#[test]
fn an_expired_document_is_called_out() {
    let text = text_of(&render_in(&typical_job(), FormLang::En));
    assert!(
        text.contains("Expired"),
        "the inspection certificate ran out before the car came in"
    );
}

#[test]
fn the_same_snapshot_always_prints_the_same_bytes() {
    let doc = typical_job();
    let json = serde_json::to_string(&doc).unwrap_or_else(|e| panic!("serialize: {e}"));
    let thawed: WorkOrderDoc =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("deserialize: {e}"));
    assert_eq!(thawed, doc, "the snapshot survives being frozen as JSON");
    let a = render_in(&doc, FormLang::Bilingual);
    let b = render_in(&thawed, FormLang::Bilingual);
    assert!(
        a == b,
        "a reprint of a frozen snapshot must be the same document"
    );
}

#[test]
fn impossible_values_are_refused_with_the_field_named() {
    let mut doc = typical_job();
    doc.fuel_eighths = 9;
    let err = render_work_order(&doc, &FormOptions::new(FormLang::En), fonts()).err();
    assert!(
        matches!(&err, Some(FormError::Invalid { field, .. }) if field == "fuelEighths"),
        "{err:?}"
    );

    let mut doc = typical_job();
    doc.damage[0].x = 1200;
    let err = render_work_order(&doc, &FormOptions::new(FormLang::En), fonts()).err();
    assert!(
        matches!(&err, Some(FormError::Invalid { field, .. }) if field == "damage.0"),
        "{err:?}"
    );

    let mut doc = typical_job();
    doc.shop.logo_png = Some(b"not a png".to_vec());
    let err = render_work_order(&doc, &FormOptions::new(FormLang::En), fonts()).err();
    assert!(matches!(err, Some(FormError::Image { .. })), "{err:?}");
}

#[test]
fn every_form_label_used_by_the_code_is_in_all_three_catalogues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = std::collections::BTreeSet::new();
    let mut dirs = vec![root.join("src/forms")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        for piece in source.split('"').skip(1).step_by(2) {
            if piece.starts_with("form.") && !piece.ends_with('.') && !piece.contains('{') {
                used.insert(piece.to_string());
            }
        }
    }
    assert!(
        used.len() > 50,
        "the scan found the labels ({})",
        used.len()
    );
    for lang in ["en", "zh-Hans", "zh-Hant"] {
        let path = root.join(format!("../../assets/i18n/{lang}.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let catalogue: std::collections::HashMap<String, String> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{lang}.json: {e}"));
        let missing: Vec<&String> = used
            .iter()
            .filter(|k| !catalogue.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{lang}.json lacks {missing:?}");
    }
}

/// `FORMS_PREVIEW_DIR=/tmp/forms cargo test --test forms preview` writes the sample
/// forms there, to look at them (pdftoppm -png -r 80) after a layout change.
#[test]
fn preview_pdfs_are_written_when_a_folder_is_given() {
    let Some(dir) = std::env::var_os("FORMS_PREVIEW_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
    let mut reprint = FormOptions::new(FormLang::ZhHans);
    reprint.reprint = Some(Reprint {
        printed_at: at(2026, 3, 20, 15, 10),
    });
    let mut jobs = vec![(
        "long-reprint-zh-hans".to_string(),
        render(&sample::long_job(), &reprint),
    )];
    for lang in FormLang::ALL {
        let tag = format!("{lang:?}").to_lowercase();
        jobs.push((format!("typical-{tag}"), render_in(&typical_job(), lang)));
        jobs.push((
            format!("english-{tag}"),
            render_in(&typical_job_english(), lang),
        ));
        jobs.push((format!("long-{tag}"), render_in(&sample::long_job(), lang)));
    }
    for (name, pdf) in jobs {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    }
}
