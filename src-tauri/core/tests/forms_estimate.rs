//! The printed estimate, read back the way a customer reads it: the text with
//! `pdftotext` (groups, subtotals, guarantees, the no-guarantee marks, tax, total,
//! validity, approval), the font with `pdffonts`, the file with `qpdf`.
#[path = "forms_fixtures/estimate_sample.rs"]
mod estimate_sample;
#[path = "forms_fixtures/sample.rs"]
mod sample;
#[path = "forms_fixtures/tools.rs"]
mod tools;

use garage_core::forms::*;
use garage_core::i18n::format_money;
use garage_core::Lang;
use tools::{fonts, pages, path_str, run, squash, text_of, write_temp};

fn render_estimate_in(doc: &EstimateDoc, lang: FormLang) -> Vec<u8> {
    match render_estimate(doc, &FormOptions::new(lang), fonts()) {
        Ok(pdf) => pdf,
        Err(err) => panic!("rendering the estimate of {} failed: {err}", doc.number),
    }
}

fn money(minor: i64) -> String {
    format_money(minor, "CNY", Lang::En)
}

fn assert_has(text: &str, values: &[&str], context: &str) {
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

#[test]
fn an_approved_estimate_prints_its_groups_subtotals_tax_total_and_approval() {
    let doc = estimate_sample::approved_by_phone();
    let t = &doc.totals;
    assert_eq!(
        (t.labour_minor, t.parts_minor, t.other_minor),
        (23_400, 68_625, 2_500)
    );
    let text = text_of(&render_estimate_in(&doc, FormLang::En));
    assert_has(
        &text,
        &[
            "Estimate",
            &doc.number,
            "v2",
            &doc.vehicle.plate,
            &doc.customer.name,
            "86,420 km",
            "Labour subtotal",
            "Parts subtotal",
            "Other subtotal",
            &money(t.labour_minor),
            &money(t.parts_minor),
            &money(t.other_minor),
            "Risk margin (priced by symptom, 10%)",
            &money(t.risk_margin_minor),
            "Net (excluding tax)",
            &money(t.net_minor),
            &format!("Tax 13% on {}", money(t.net_minor)),
            &money(t.tax_minor),
            "Total",
            &money(t.gross_minor),
            "Valid until",
            "By phone",
            "李建国",
            "周敏",
            "3f9a0c77e1b2",
        ],
        "approved, English",
    );
    assert!(
        !squash(&text).contains("3f9a0c77e1b24"),
        "twelve digits of the fingerprint, no more"
    );
    assert!(!text.contains("DRAFT"), "an approved version is no draft");
}

#[test]
fn every_line_shows_quantity_unit_price_discount_source_grade_and_guarantee() {
    let doc = estimate_sample::approved_by_phone();
    let text = text_of(&render_estimate_in(&doc, FormLang::En));
    assert_has(
        &text,
        &[
            "BR-01",
            "0.8",
            "0.5",
            "4.5",
            &money(6_850),
            "10%",
            &money(4_200),
            &money(37_800),
            "Shop",
            "Genuine",
            "OEM equivalent",
            "Customer-supplied",
            "20,000 km / 100 days",
            "2,000 km / 10 days",
            "none",
        ],
        "lines, English",
    );
    let marks = text.matches("No quality guarantee").count();
    let expected = doc.no_guarantee.iter().filter(|&&n| n).count();
    assert_eq!(expected, 2, "the customer's wipers and the sundries");
    assert!(
        marks > expected,
        "a mark beside each of the {expected} lines, and the note explaining it:\n{text}"
    );
}

#[test]
fn the_printed_total_is_the_sum_of_the_printed_figures() {
    for doc in [
        estimate_sample::approved_by_phone(),
        estimate_sample::draft_without_tax(),
        estimate_sample::forty_lines(),
    ] {
        let t = &doc.totals;
        let amounts: i64 = t.lines.iter().map(|l| l.amount_minor).sum();
        assert_eq!(amounts, t.labour_minor + t.parts_minor + t.other_minor);
        assert_eq!(
            t.labour_minor + t.parts_minor + t.other_minor + t.risk_margin_minor,
            t.net_minor,
            "tax added: the subtotals and the margin make the net"
        );
        let tax: i64 = t.tax.iter().map(|r| r.tax_minor).sum();
        assert_eq!(
            t.net_minor + tax,
            t.gross_minor,
            "net and tax rows make the total"
        );
        let text = squash(&text_of(&render_estimate_in(&doc, FormLang::En)));
        for figure in [
            t.labour_minor,
            t.parts_minor,
            t.other_minor,
            t.net_minor,
            t.gross_minor,
        ]
        .into_iter()
        .chain(t.tax.iter().map(|r| r.tax_minor))
        {
            assert!(
                text.contains(&squash(&money(figure))),
                "{} printed",
                money(figure)
            );
        }
    }
}

#[test]
fn a_draft_says_it_is_not_approved_and_a_shop_without_tax_prints_no_tax_row() {
    let doc = estimate_sample::draft_without_tax();
    let text = text_of(&render_estimate_in(&doc, FormLang::En));
    assert_has(&text, &["DRAFT — not approved", "Total"], "draft");
    assert!(
        !text.contains("% on "),
        "no tax row for a shop without tax:\n{text}"
    );
    assert!(!text.contains("Risk margin"), "priced by item: no margin");

    let zh = text_of(&render_estimate_in(&doc, FormLang::ZhHans));
    assert_has(
        &zh,
        &[
            "维修估价单",
            "草稿",
            "工时小计",
            "配件小计",
            "其他小计",
            "不提供质量保证",
        ],
        "简体",
    );
    let hant = text_of(&render_estimate_in(&doc, FormLang::ZhHant));
    assert_has(&hant, &["維修估價單", "工時小計", "零件小計"], "繁體");
}

#[test]
fn a_signed_estimate_carries_the_signature_image() {
    let file = write_temp(&render_estimate_in(
        &estimate_sample::signed(),
        FormLang::Bilingual,
    ));
    let out = run("pdfimages", &["-list", path_str(&file.path)]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        listing.lines().skip(2).count() >= 2,
        "the logo and the signature are embedded:\n{listing}"
    );
    let text = text_of(&std::fs::read(&file.path).unwrap_or_default());
    assert_has(
        &text,
        &["现场签字", "Signed at the desk"],
        "signed, bilingual",
    );
}

#[test]
fn forty_lines_run_onto_more_pages_under_a_repeated_table_header() {
    let pdf = render_estimate_in(&estimate_sample::forty_lines(), FormLang::Bilingual);
    assert!(
        pdf.len() < 200 * 1024,
        "{} bytes: must stay under 200 KB",
        pdf.len()
    );
    let text = text_of(&pdf);
    let all = pages(&text);
    assert!(all.len() >= 2, "40 bilingual lines need more than a page");
    // Every page the lines run onto (a page of totals alone has no table).
    for (i, page) in all.iter().enumerate().filter(|(_, p)| p.contains('#')) {
        assert!(
            squash(page).contains("金额") && squash(page).contains("Amount"),
            "page {}: the table header is repeated",
            i + 1
        );
    }
    assert_has(&text, &["#40"], "the last line is printed");

    let file = write_temp(&pdf);
    let out = run("qpdf", &["--check", path_str(&file.path)]);
    assert!(
        out.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run("pdffonts", &[path_str(&file.path)]);
    let listing = String::from_utf8_lossy(&out.stdout);
    let fonts: Vec<&str> = listing
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(fonts.len(), 1, "one font, the form font:\n{listing}");
    assert!(fonts[0].contains("+NotoSansSC"), "subset:\n{listing}");
}

#[test]
fn every_language_renders_a_clean_file() {
    for lang in FormLang::ALL {
        let file = write_temp(&render_estimate_in(&estimate_sample::signed(), lang));
        let out = run("qpdf", &["--check", path_str(&file.path)]);
        assert!(
            out.status.success(),
            "{lang:?}: qpdf --check: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// Writes the sample estimates to `$ESTIMATE_PREVIEW_DIR` for a look at the layout
/// (`pdftoppm -png -r 70`); does nothing without it.
#[test]
fn preview_files_when_asked() {
    let Some(dir) = std::env::var_os("ESTIMATE_PREVIEW_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    for (name, doc, lang) in [
        (
            "approved-en",
            estimate_sample::approved_by_phone(),
            FormLang::En,
        ),
        ("signed-bi", estimate_sample::signed(), FormLang::Bilingual),
        (
            "draft-zh",
            estimate_sample::draft_without_tax(),
            FormLang::ZhHans,
        ),
        (
            "forty-bi",
            estimate_sample::forty_lines(),
            FormLang::Bilingual,
        ),
    ] {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, render_estimate_in(&doc, lang))
            .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}
