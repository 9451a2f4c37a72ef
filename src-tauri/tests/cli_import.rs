//! `garage-desk import customers FILE [--dry-run]`: the totals and every refused row on
//! stdout; a dry run writes nothing; a file with a refused row writes nothing and exits
//! 1; `--skip-refused` writes the rest; a second run adds nothing.

mod cli_fixtures;
use cli_fixtures::*;

fn customers_on_file(dir: &std::path::Path) -> String {
    let info = garage_desk(dir, &["info"]);
    succeeded(&info);
    String::from_utf8_lossy(&info.stdout).into_owned()
}

#[test]
fn import_customers_plans_refuses_and_writes_all_or_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = tempfile::tempdir().expect("temp dir");
    let list = desk.path().join("客户名单.csv");
    std::fs::write(
        &list,
        "姓名,手机,车牌号,品牌\n王小明,13812345678,粤B12345,比亚迪\n李娜,12,粤B23456,丰田\n",
    )
    .expect("list written");
    let file = list.to_str().expect("utf-8 path");
    let before = customers_on_file(dir.path());

    let dry = garage_desk(dir.path(), &["import", "customers", file, "--dry-run"]);
    succeeded(&dry);
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(stdout.contains("rows 2: new customers 1"), "{stdout}");
    assert!(
        stdout.contains("refused: row 3 李娜 mobile: phone.format"),
        "{stdout}"
    );
    assert_eq!(
        customers_on_file(dir.path()),
        before,
        "a dry run writes nothing"
    );

    let refused = garage_desk(dir.path(), &["import", "customers", file]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "a refused row: nothing written"
    );
    assert_eq!(customers_on_file(dir.path()), before);

    let rest = garage_desk(dir.path(), &["import", "customers", file, "--skip-refused"]);
    succeeded(&rest);
    assert!(
        String::from_utf8_lossy(&rest.stdout).contains("written: 1 new customers, 1 new vehicles")
    );
    assert_ne!(customers_on_file(dir.path()), before);

    let again = garage_desk(dir.path(), &["import", "customers", file, "--dry-run"]);
    assert!(
        String::from_utf8_lossy(&again.stdout)
            .contains("new customers 0, new vehicles 0, matched 1"),
        "a second run adds nothing"
    );

    let wrong = desk.path().join("list.txt");
    std::fs::write(&wrong, "x").expect("written");
    let bad = garage_desk(
        dir.path(),
        &["import", "customers", wrong.to_str().expect("utf-8")],
    );
    assert_eq!(bad.status.code(), Some(2), "only .csv and .xlsx are read");
}
