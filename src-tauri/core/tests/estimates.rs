//! Pricing a job: the requested items become the first draft, lines from the price list,
//! versions, approval by signature or recorded approval, and the frozen version.
mod intake_fixtures;
mod old_schema;

use garage_core::error::CoreError;
use garage_core::intake::SignatureRole;
use garage_core::pricing::estimate::{
    ApprovalChannel, ApprovalInput, EstimateDraftInput, EstimateStatus,
};
use garage_core::pricing::price_list::{CannedJob, LabourOp, Part, PriceKind};
use garage_core::pricing::{
    GuaranteeClass, LineKind, PartGrade, PartSource, PricingMode, PricingSettings, RepairSystem,
    TaxSettings,
};
use garage_core::reason::Reason;
use garage_core::{Store, WorkOrderId};
use intake_fixtures::*;

fn draft_of(store: &Store, id: WorkOrderId) -> EstimateDraftInput {
    let book = store.estimate_book(id, now()).expect("estimate");
    EstimateDraftInput {
        mode: book.current.mode,
        risk_margin_bp: book.current.risk_margin_bp,
        note: book.current.note,
        lines: book.current.lines,
    }
}

fn phone_approval(store: &Store, id: WorkOrderId) -> ApprovalInput {
    let shown = store
        .estimate_book(id, now())
        .expect("estimate")
        .current
        .draft_hash;
    ApprovalInput {
        channel: ApprovalChannel::Phone,
        approved_by: "李建国".into(),
        recorded_by: "周敏".into(),
        signature: None,
        shown_hash: shown,
    }
}

fn price_list(store: &Store) {
    store
        .save_labour_op(
            &LabourOp {
                id: None,
                code: "BR-01".into(),
                name: "更换前刹车片 Replace front pads".into(),
                system: Some(RepairSystem::Brakes),
                hours_milli: Some(800),
                flat_price_minor: None,
                guarantee_class: GuaranteeClass::FirstLevel,
            },
            now(),
        )
        .expect("operation");
    store
        .save_part(
            &Part {
                id: None,
                part_number: "04465-33471".into(),
                name: "前刹车片 Front brake pads".into(),
                brand: "Toyota".into(),
                grade: PartGrade::Genuine,
                unit: "set".into(),
                sell_price_minor: 42_000,
                cost_price_minor: Some(30_000),
                system: Some(RepairSystem::Brakes),
            },
            now(),
        )
        .expect("part");
}

#[test]
fn the_requested_items_become_the_first_draft() {
    let store = Store::open_in_memory().expect("store");
    let id = job(&store).work_order.id;
    let book = store.estimate_book(id, now()).expect("estimate");
    assert_eq!(book.versions.len(), 1);
    assert_eq!(book.current.version, 1);
    assert_eq!(book.current.status, EstimateStatus::Draft);
    assert_eq!(book.current.lines.len(), 1);
    assert_eq!(book.current.lines[0].description, "更换前刹车片");
    assert_eq!(book.current.lines[0].unit_price_minor, 48_000);
    assert_eq!(book.current.totals.gross_minor, 48_000);
    assert_eq!(book.approved_minor, None);
    // Opening it again does not add a version.
    assert_eq!(
        store
            .estimate_book(id, now())
            .expect("again")
            .versions
            .len(),
        1
    );
}

#[test]
fn a_job_priced_from_the_list_is_approved_by_phone_and_frozen() {
    let store = Store::open_in_memory().expect("store");
    price_list(&store);
    let settings = PricingSettings {
        tax: TaxSettings::flat(1_300),
        ..PricingSettings::default()
    };
    store.save_pricing_settings(&settings).expect("settings");
    let id = job(&store).work_order.id;

    let hits = store.search_prices("0446533471", 10).expect("search");
    assert_eq!(hits.len(), 1, "a part number without its dash is found");
    assert_eq!(store.search_prices("04465-334", 10).expect("dash").len(), 1);
    let by_initials = store.search_prices("qscp", 10).expect("pinyin");
    assert_eq!(
        by_initials.len(),
        2,
        "前刹车片 by initials: the operation and the part"
    );
    let op = store.search_prices("br-01", 10).expect("code");
    assert_eq!(op[0].kind, PriceKind::Labour);
    assert_eq!(op[0].lines[0].qty_milli, 800);
    assert_eq!(op[0].lines[0].unit_price_minor, 18_000);

    let mut draft = draft_of(&store, id);
    draft.lines = [op[0].lines.clone(), hits[0].lines.clone()].concat();
    draft.lines[1].discount_bp = 1_000;
    let book = store.save_estimate_draft(id, &draft, now()).expect("saved");
    // 0.8 h × 180.00 = 144.00; pads 420.00 − 10 % = 378.00; 13 % on 522.00 = 67.86.
    assert_eq!(book.current.totals.labour_minor, 14_400);
    assert_eq!(book.current.totals.parts_minor, 37_800);
    assert_eq!(book.current.totals.tax_minor, 6_786);
    assert_eq!(book.current.totals.gross_minor, 58_986);

    let stale = ApprovalInput {
        shown_hash: "not what was shown".into(),
        ..phone_approval(&store, id)
    };
    assert!(matches!(
        store.approve_estimate(std::path::Path::new("/nonexistent"), id, &stale, now()),
        Err(CoreError::Conflict {
            code: Reason::EstimateChangedSinceShown
        })
    ));
    let dir = tempfile::tempdir().expect("dir");
    let book = store
        .approve_estimate(dir.path(), id, &phone_approval(&store, id), now())
        .expect("approved");
    assert_eq!(book.current.status, EstimateStatus::Approved);
    assert_eq!(book.approved_minor, Some(58_986));
    assert!(book.current.fingerprint.is_some());
    assert!(book.current.valid_until.is_some());
    assert!(store.estimate_holds(id, 1).expect("holds"));

    // Frozen: the draft cannot be saved; the tax changing later does not move it.
    assert!(matches!(
        store.save_estimate_draft(id, &draft, now()),
        Err(CoreError::Conflict {
            code: Reason::EstimateApproved
        })
    ));
    store
        .save_pricing_settings(&PricingSettings::default())
        .expect("no tax any more");
    let v1 = store.estimate_version(id, Some(1)).expect("v1");
    assert_eq!(v1.totals.gross_minor, 58_986);

    // A revision starts v2 as a copy; approving it supersedes v1.
    let book = store.revise_estimate(id, now()).expect("v2");
    assert_eq!(book.current.version, 2);
    assert_eq!(book.current.lines.len(), 2);
    assert_eq!(
        book.approved_minor,
        Some(58_986),
        "v1 stands until v2 is approved"
    );
    let dir = tempfile::tempdir().expect("dir");
    let mut signed = phone_approval(&store, id);
    signed.channel = ApprovalChannel::Signature;
    signed.signature = Some(signature(SignatureRole::Customer, "李建国"));
    let book = store
        .approve_estimate(dir.path(), id, &signed, now())
        .expect("signed");
    assert_eq!(book.versions[0].status, EstimateStatus::Superseded);
    assert_eq!(book.approved_minor, Some(52_200), "no tax now");
    let png = book.current.approval.and_then(|a| a.signature_sha256);
    let png = png.expect("signature kept");
    assert!(dir
        .path()
        .join("signatures")
        .join(format!("{png}.png"))
        .exists());
}

#[test]
fn a_changed_frozen_line_is_found() {
    let store = Store::open_in_memory().expect("store");
    let id = job(&store).work_order.id;
    let dir = tempfile::tempdir().expect("dir");
    store.estimate_book(id, now()).expect("estimate");
    store
        .approve_estimate(dir.path(), id, &phone_approval(&store, id), now())
        .expect("approved");
    store
        .with_conn(|conn| {
            conn.execute("UPDATE estimate_lines SET unit_price_minor = 1", [])?;
            Ok(())
        })
        .expect("tampered");
    assert!(!store.estimate_holds(id, 1).expect("checked"));
}

#[test]
fn bad_lines_are_reported_by_field_and_nothing_is_saved() {
    let store = Store::open_in_memory().expect("store");
    let id = job(&store).work_order.id;
    let mut draft = draft_of(&store, id);
    let mut bad = draft.lines[0].clone();
    bad.qty_milli = -1;
    bad.discount_bp = 20_000;
    bad.description = " ".into();
    let mut part = draft.lines[0].clone();
    part.kind = LineKind::Part;
    part.guarantee.days = 3;
    draft.lines.push(bad);
    draft.lines.push(part);
    let Err(CoreError::Invalid(issues)) = store.save_estimate_draft(id, &draft, now()) else {
        panic!("bad lines must be refused");
    };
    let fields: Vec<(String, Reason)> = issues.into_iter().map(|i| (i.field, i.code)).collect();
    assert!(fields.contains(&("lines.1.qtyMilli".into(), Reason::QuantityRange)));
    assert!(fields.contains(&("lines.1.discountBp".into(), Reason::DiscountRange)));
    assert!(fields.contains(&(
        "lines.1.description".into(),
        Reason::LineDescriptionRequired
    )));
    assert!(fields.contains(&("lines.2.guarantee".into(), Reason::GuaranteeBelowShop)));
    assert_eq!(
        store
            .estimate_book(id, now())
            .expect("estimate")
            .current
            .lines
            .len(),
        1,
        "nothing was saved"
    );
}

#[test]
fn a_customer_part_prints_no_guarantee_and_a_canned_job_adds_its_lines() {
    let store = Store::open_in_memory().expect("store");
    let settings = PricingSettings::default();
    let oil = garage_core::pricing::price_list::part_line(
        &Part {
            id: None,
            part_number: "OIL-5W30".into(),
            name: "机油 5W-30".into(),
            brand: "Mobil".into(),
            grade: PartGrade::OemEquivalent,
            unit: "L".into(),
            sell_price_minor: 6_850,
            cost_price_minor: None,
            system: Some(RepairSystem::Maintenance),
        },
        &settings,
    );
    let mut oil = oil;
    oil.qty_milli = 4_500;
    let minor = store
        .save_canned_job(
            &CannedJob {
                id: None,
                code: "MS".into(),
                name: "小保养 Minor service".into(),
                lines: vec![oil],
            },
            now(),
        )
        .expect("canned job");
    let hit = store
        .price_item_lines(PriceKind::Canned, minor.id.expect("id"))
        .expect("lines");
    assert_eq!(hit.lines[0].qty_milli, 4_500);
    assert_eq!(
        store.search_prices("xby", 5).expect("pinyin")[0].kind,
        PriceKind::Canned
    );

    let id = job(&store).work_order.id;
    let mut draft = draft_of(&store, id);
    let mut own = hit.lines[0].clone();
    own.source = Some(PartSource::Customer);
    draft.lines.push(own);
    let book = store.save_estimate_draft(id, &draft, now()).expect("saved");
    assert_eq!(book.current.no_guarantee, vec![false, true]);
    assert_eq!(book.current.lines[1].guarantee.class, GuaranteeClass::None);

    let mut taken = minor.clone();
    taken.id = None;
    assert!(matches!(
        store.save_canned_job(&taken, now()),
        Err(CoreError::Invalid(ref i)) if i[0].code == Reason::PriceCodeTaken
    ));
    draft.mode = PricingMode::BySymptom;
    draft.risk_margin_bp = 1_000;
    let book = store
        .save_estimate_draft(id, &draft, now())
        .expect("by symptom");
    assert_eq!(book.current.totals.risk_margin_minor, 4_800 + 3_083);
}

#[test]
fn jobs_of_the_previous_release_keep_their_amounts_as_estimate_lines() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(garage_core::store::DB_FILE_NAME);
    let signed_id;
    {
        let store = Store::open(&path).expect("store");
        let id = job(&store).work_order.id;
        fill_intake(&store, id);
        check_in(&store, dir.path(), id, now());
        signed_id = id;
        // Back to the previous release's schema: drop what migrations 4 to 9 added.
        store
            .with_conn(|conn| {
                old_schema::back_to_version(conn, 3);
                Ok(())
            })
            .expect("previous release");
    }
    let store = Store::open(&path).expect("migrated");
    let book = store.estimate_book(signed_id, now()).expect("estimate");
    assert_eq!(book.current.lines.len(), 1);
    assert_eq!(book.current.lines[0].unit_price_minor, 48_000);
    assert_eq!(book.current.lines[0].description, "更换前刹车片");
    let report = garage_core::desk::verify::verify_work_order(&store, dir.path(), signed_id)
        .expect("verify");
    assert!(
        report.matches,
        "the frozen intake still verifies: {report:?}"
    );
}

#[test]
fn the_figures_of_a_draft_being_typed_are_shown_before_it_is_saved() {
    let store = Store::open_in_memory().expect("store");
    price_list(&store);
    let id = job(&store).work_order.id;
    let mut draft = draft_of(&store, id);
    let hit = store.search_prices("0446533471", 1).expect("search");
    draft.lines.extend(hit[0].lines.clone());
    // A line added but not described yet: refused by the save, priced by the preview.
    let mut blank = hit[0].lines[0].clone();
    blank.description = String::new();
    blank.source = Some(PartSource::Customer);
    draft.lines.push(blank);
    let figures = store.preview_estimate(&draft).expect("preview");
    assert_eq!(
        figures.totals.gross_minor,
        48_000 + 42_000 + 42_000,
        "every line counts, described or not"
    );
    assert_eq!(
        figures.no_guarantee,
        vec![false, false, true],
        "a customer's part is marked as it will print"
    );
    assert!(
        store.save_estimate_draft(id, &draft, now()).is_err(),
        "the save still wants the description"
    );
    assert_eq!(
        store
            .estimate_book(id, now())
            .expect("book")
            .current
            .lines
            .len(),
        1,
        "the preview saved nothing"
    );
    // A figure out of range is named at its field, not computed.
    draft.lines[1].discount_bp = 20_000;
    match store.preview_estimate(&draft) {
        Err(CoreError::Invalid(issues)) => {
            assert_eq!(issues[0].field, "lines.1.discountBp");
            assert_eq!(issues[0].code, Reason::DiscountRange);
        }
        other => panic!("a 200 % discount is refused: {other:?}"),
    }
}

#[test]
fn a_margin_typed_before_the_mode_changed_is_previewed_as_a_save_keeps_it() {
    let store = Store::open_in_memory().expect("store");
    price_list(&store);
    let id = job(&store).work_order.id;
    let mut draft = draft_of(&store, id);
    let hit = store.search_prices("0446533471", 1).expect("search");
    draft.lines.extend(hit[0].lines.clone());
    draft.risk_margin_bp = 6_000;
    draft.mode = PricingMode::BySymptom;
    assert!(
        store.preview_estimate(&draft).is_err(),
        "60 % is beyond any margin by symptom"
    );
    draft.mode = PricingMode::ByItem;
    let figures = store
        .preview_estimate(&draft)
        .expect("by item the typed margin is none, as the save keeps it");
    assert_eq!(figures.totals.risk_margin_minor, 0, "no margin by item");
}

#[test]
fn the_price_list_is_saved_as_a_file_only_outside_the_data_folder() {
    use garage_core::pricing::sheet::SheetFormat;
    let store = Store::open_in_memory().expect("store");
    price_list(&store);
    let data = tempfile::tempdir().expect("data");
    let outside = tempfile::tempdir().expect("outside");
    let csv = store
        .save_price_list_as(
            data.path(),
            &outside.path().join("prices.csv"),
            SheetFormat::Csv,
        )
        .expect("csv saved");
    let bytes = std::fs::read(&csv).expect("read back");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    assert!(String::from_utf8_lossy(&bytes).contains("04465-33471"));
    for (target, why) in [
        (data.path().join("prices.csv"), "inside the data folder"),
        (outside.path().join("prices.pdf"), "not a .csv"),
        (
            outside.path().join("missing/prices.csv"),
            "a folder that does not exist",
        ),
    ] {
        assert!(
            store
                .save_price_list_as(data.path(), &target, SheetFormat::Csv)
                .is_err(),
            "refused: {why}"
        );
    }
}
