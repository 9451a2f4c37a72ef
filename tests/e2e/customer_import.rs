//! Importing the shop's customer list in the real window: an XLSX the sales department
//! keeps (Chinese headers, a phone typed as a number, one bad row) is chosen in Settings,
//! its columns guessed, its dry run shown row by row with the refused row's reason, the
//! report saved, and only then imported with the refused row skipped; the customers are
//! then found by the search, and a vehicle's kind, purchase date (an Excel date cell) and
//! dealer from the list show on its customer file.

mod harness;
mod steps;

use harness::{squash, text_of, App, Options, TIMEOUT};
use rust_xlsxwriter::Workbook;

/// The list as the sales department saves it from Excel.
fn sales_list(path: &std::path::Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let vin = steps::with_check_digit("LSVAB4180ES123456");
    let rows: [[&str; 9]; 4] = [
        [
            "客户名称",
            "手机",
            "车牌号",
            "车架号",
            "品牌",
            "会员等级",
            "车辆类型",
            "购车日期",
            "经销商",
        ],
        [
            "陈大文",
            "",
            "粤B7K321",
            &vin,
            "丰田",
            "金卡",
            "轿车",
            "",
            "",
        ],
        [
            "林美玲",
            "13922221111",
            "粤B8M654",
            "",
            "本田",
            "",
            "SUV",
            "",
            "广州骏达本田4S店",
        ],
        ["黄志强", "12", "粤B9N987", "", "大众", "", "", "", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, *text).expect("cell");
            }
        }
    }
    // A mobile typed as a number and a purchase date as a date cell, as Excel keeps them.
    sheet.write_number(1, 1, 13811112222.0).expect("phone");
    let bought = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 5, 1).expect("date");
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    sheet
        .write_datetime_with_format(2, 7, &bought, &format)
        .expect("purchase date");
    workbook.save(path).expect("xlsx written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_list_is_imported_from_xlsx_after_its_dry_run() {
    let test = "a_customer_list_is_imported_from_xlsx_after_its_dry_run";
    let app = App::launch(Options::new(test)).await;
    std::fs::create_dir_all(app.artifacts_dir()).expect("artifacts folder");
    let list = app.artifacts_dir().join("sales-list.xlsx");
    sales_list(&list);

    app.click("nav-settings").await;
    app.answer_next_dialog(&list);
    app.click("customer-import-choose").await;
    app.wait_for("customer-import-dialog", TIMEOUT).await;
    let rows = app.wait_count("customer-import-row", 3).await;
    let totals = squash(&app.text("customer-import-totals").await);
    assert!(
        totals.contains(&squash("3 rows: 2 new customers"))
            && totals.contains(&squash("1 refused")),
        "the dry run counts the rows: {totals}"
    );
    let refused = squash(&text_of(&rows[2]).await);
    assert!(
        refused.contains("黄志强")
            && refused.contains(&squash("Refused"))
            && refused.contains(&squash("Mobile")),
        "the refused row names its column and reason: {refused}"
    );
    let guessed = [
        "name",
        "mobile",
        "plate",
        "vin",
        "make",
        "",
        "vehicle_kind",
        "purchase_date",
        "dealer",
    ];
    for (i, key) in guessed.iter().enumerate() {
        let select = app.find(&format!("map-{i}")).await;
        assert_eq!(
            select.prop("value").await.ok().flatten().as_deref(),
            Some(*key),
            "column {i} is guessed from its Chinese header"
        );
    }
    let lin = squash(&text_of(&rows[1]).await);
    assert!(
        lin.contains("SUV") && lin.contains("2021") && lin.contains("广州骏达本田4S店"),
        "the dry run shows the kind, purchase date and dealer: {lin}"
    );
    app.wait_for("customer-import-blocked", TIMEOUT).await;
    assert!(
        !app.find("customer-import-apply")
            .await
            .is_enabled()
            .await
            .unwrap_or(true),
        "a refused row stops the import until the user skips it"
    );

    // Only the refused rows, then the report of every row saved.
    app.select("customer-import-filter", "refused").await;
    app.wait_count("customer-import-row", 1).await;
    let folder = app.artifacts_dir();
    app.answer_next_dialog(&folder);
    app.click("customer-import-report").await;
    app.wait_for("customer-import-done", TIMEOUT).await;
    let report = std::fs::read_to_string(folder.join("customer-import-report.csv"))
        .expect("the report is saved");
    assert!(
        report.contains("黄志强") && report.contains("phone.format"),
        "{report}"
    );
    assert_eq!(
        report.lines().count(),
        4,
        "a header and every row: {report}"
    );
    app.screenshot("customer-import-plan").await;

    app.set_checked("customer-import-skip", true).await;
    app.wait_gone("customer-import-blocked", TIMEOUT).await;
    app.click("customer-import-apply").await;
    // The report's "saved" note stays until the import's own line replaces it.
    let done = app.wait_text("customer-import-done", "Imported").await;
    let done = squash(&text_of(&done).await);
    assert!(
        done.contains(&squash("2 new customers, 2 new vehicles")),
        "{done}"
    );

    for (query, name) in [("7K321", "陈大文"), ("13922221111", "林美玲")] {
        app.type_into("search-input", query).await;
        app.wait_text("search-result", name).await;
    }

    // The customer file shows the vehicle's care as the list gave it.
    steps::open_customer(&app, "林美玲").await;
    app.wait_text("care-kind-shown", "SUV").await;
    let bought = app
        .wait_text("care-purchase-shown", "广州骏达本田4S店")
        .await;
    let bought = text_of(&bought).await;
    assert!(
        bought.contains("1 May 2021"),
        "the purchase date from the Excel date cell: {bought}"
    );
    app.screenshot("customer-file-care").await;
}
