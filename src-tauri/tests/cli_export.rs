//! `garage-desk export / check / restore / backup`: the exit codes a scheduled task acts
//! on (0 done, 1 bundle damaged, 2 error) and a round trip through a fresh data folder.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use garage_core::Store;

fn garage_desk(data_dir: &Path, args: &[&str]) -> std::process::Output {
    garage_desk_with_input(data_dir, args, "")
}

fn garage_desk_with_input(data_dir: &Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_garage-desk"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the garage-desk binary runs");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes());
    }
    child.wait_with_output().expect("it ends")
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn only_bundle(stick: &Path) -> PathBuf {
    let bundles: Vec<PathBuf> = std::fs::read_dir(stick)
        .expect("stick")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with("GarageDesk-") && n != "GarageDesk-files"
            })
        })
        .collect();
    assert_eq!(bundles.len(), 1, "{bundles:?}");
    bundles[0].clone()
}

#[test]
fn export_check_and_restore_give_exit_codes_a_scheduler_can_act_on() {
    let shop = tempfile::tempdir().expect("shop");
    let demo = garage_desk(
        shop.path(),
        &["demo-data", "--customers", "30", "--seed", "5"],
    );
    assert!(demo.status.success(), "{}", text(&demo));
    let customers = Store::open_in_dir(shop.path())
        .expect("store")
        .counts()
        .expect("counts")
        .customers;

    let stick = tempfile::tempdir().expect("stick");
    let stick_arg = stick.path().to_str().expect("utf-8");
    let exported = garage_desk(shop.path(), &["export", "--to", stick_arg]);
    assert!(exported.status.success(), "{}", text(&exported));
    let bundle = only_bundle(stick.path());
    let bundle_arg = bundle.to_str().expect("utf-8");

    let checked = garage_desk(shop.path(), &["check", bundle_arg]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));

    let backup = garage_desk(shop.path(), &["backup"]);
    assert_eq!(backup.status.code(), Some(0), "{}", text(&backup));
    assert!(text(&backup).contains("backups/garage-desk-"));

    // Into an empty folder: no question asked.
    let fresh = tempfile::tempdir().expect("fresh");
    let restored = garage_desk(fresh.path(), &["restore", bundle_arg]);
    assert_eq!(restored.status.code(), Some(0), "{}", text(&restored));
    let info = garage_desk(fresh.path(), &["info"]);
    assert!(
        text(&info).contains(&format!("customers:   {customers}")),
        "the restored shop holds the same customers: {}",
        text(&info)
    );

    // Over a shop: asked first, and "no" changes nothing.
    let declined = garage_desk_with_input(shop.path(), &["restore", bundle_arg], "n\n");
    assert_eq!(declined.status.code(), Some(2), "{}", text(&declined));
    assert!(!shop
        .path()
        .join("backups")
        .read_dir()
        .expect("backups")
        .any(|e| e
            .map(|e| e
                .file_name()
                .to_string_lossy()
                .starts_with("before-restore"))
            .unwrap_or(false)));
    // Replacing a shop that has a supervisor takes her PIN.
    let unasked = garage_desk(shop.path(), &["restore", bundle_arg, "--yes"]);
    assert_eq!(unasked.status.code(), Some(2), "{}", text(&unasked));
    assert!(
        text(&unasked).contains("主管") && text(&unasked).contains("--supervisor NAME --pin-file"),
        "the refusal says who is needed (in the shop's language) and how to give her PIN: {}",
        text(&unasked)
    );
    let pin_file = stick.path().join("pin.txt");
    let pin_arg = pin_file.to_str().expect("utf-8");
    let with_pin = |pin: &str| {
        std::fs::write(&pin_file, format!("{pin}\n")).expect("pin file");
        let args = [
            "restore",
            bundle_arg,
            "--yes",
            "--supervisor",
            "赵主管",
            "--pin-file",
            pin_arg,
        ];
        garage_desk(shop.path(), &args)
    };
    let guessed = with_pin("0000");
    assert_eq!(guessed.status.code(), Some(2), "{}", text(&guessed));
    let accepted = with_pin("2468");
    assert_eq!(accepted.status.code(), Some(0), "{}", text(&accepted));

    // A flipped byte: exit 1, the file named.
    let csv = bundle.join("csv/customers.csv");
    let mut bytes = std::fs::read(&csv).expect("csv");
    let last = bytes.len() - 2;
    bytes[last] ^= 0x20;
    std::fs::write(&csv, &bytes).expect("flipped");
    let damaged = garage_desk(shop.path(), &["check", bundle_arg]);
    assert_eq!(damaged.status.code(), Some(1), "{}", text(&damaged));
    assert!(text(&damaged).contains("csv/customers.csv"));

    // Not a bundle at all: exit 2.
    let nothing = garage_desk(shop.path(), &["check", stick_arg]);
    assert_eq!(nothing.status.code(), Some(2), "{}", text(&nothing));
}

#[test]
fn an_export_with_a_passphrase_file_is_checked_and_restored_only_with_that_passphrase() {
    let shop = tempfile::tempdir().expect("shop");
    let demo = garage_desk(
        shop.path(),
        &["demo-data", "--customers", "20", "--seed", "7"],
    );
    assert!(demo.status.success(), "{}", text(&demo));
    let secrets = tempfile::tempdir().expect("secrets");
    let right = secrets.path().join("right.txt");
    std::fs::write(&right, "lotus garden 42\n").expect("passphrase file");
    let wrong = secrets.path().join("wrong.txt");
    std::fs::write(&wrong, "lotus garden 43\n").expect("passphrase file");
    let (right_arg, wrong_arg) = (
        right.to_str().expect("utf-8"),
        wrong.to_str().expect("utf-8"),
    );

    let stick = tempfile::tempdir().expect("stick");
    let stick_arg = stick.path().to_str().expect("utf-8");
    let exported = garage_desk(
        shop.path(),
        &["export", "--to", stick_arg, "--passphrase-file", right_arg],
    );
    assert!(exported.status.success(), "{}", text(&exported));
    let bundle = only_bundle(stick.path());
    let bundle_arg = bundle.to_str().expect("utf-8");
    assert!(bundle.join("key.age").is_file(), "the bundle is encrypted");

    let without = garage_desk(shop.path(), &["check", bundle_arg]);
    assert_eq!(without.status.code(), Some(2), "{}", text(&without));
    assert!(
        text(&without).contains("passphrase") || text(&without).contains("密码"),
        "{}",
        text(&without)
    );
    let mistyped = garage_desk(
        shop.path(),
        &["check", bundle_arg, "--passphrase-file", wrong_arg],
    );
    assert_eq!(mistyped.status.code(), Some(2), "{}", text(&mistyped));
    assert!(
        text(&mistyped).to_lowercase().contains("wrong passphrase")
            || text(&mistyped).contains("密码错误"),
        "the wrong passphrase is named: {}",
        text(&mistyped)
    );
    let checked = garage_desk(
        shop.path(),
        &["check", bundle_arg, "--passphrase-file", right_arg],
    );
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));

    let fresh = tempfile::tempdir().expect("fresh");
    let refused = garage_desk(
        fresh.path(),
        &["restore", bundle_arg, "--passphrase-file", wrong_arg],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert_eq!(
        std::fs::read_dir(fresh.path()).expect("fresh").count(),
        0,
        "a wrong passphrase changes nothing"
    );
    let restored = garage_desk(
        fresh.path(),
        &["restore", bundle_arg, "--passphrase-file", right_arg],
    );
    assert_eq!(restored.status.code(), Some(0), "{}", text(&restored));
    let info = garage_desk(fresh.path(), &["info"]);
    assert!(text(&info).contains("customers:   20"), "{}", text(&info));
}

#[test]
fn verify_journal_names_the_entry_whose_amount_was_edited_in_the_database() {
    use garage_core::settlement::staff::{PinChange, StaffInput, StaffRole};
    use garage_core::settlement::supervision::SupervisorWord;
    let shop = tempfile::tempdir().expect("shop");
    let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a time");
    {
        let store = Store::open_in_dir(shop.path()).expect("store");
        let mut settings = store.get_settings().expect("settings");
        settings.default_language = garage_core::Lang::En;
        store.save_settings(&settings).expect("an English shop");
        let input = StaffInput {
            name: "赵主管".into(),
            role: StaffRole::Supervisor,
            active: true,
        };
        let boss = store.save_staff(None, &input, None, at).expect("boss");
        let pin = PinChange {
            pin: "246813".into(),
            old_pin: None,
            word: None,
        };
        store.set_supervisor_pin(boss.id, &pin, at).expect("pin");
        let word = SupervisorWord {
            supervisor_id: boss.id,
            pin: "246813".into(),
        };
        let mut rules = store.get_settlement_settings().expect("rules");
        for bp in [600, 800] {
            rules.discount_limit_bp = bp;
            store
                .save_settlement_settings(&rules, Some(&word), at)
                .expect("raised");
        }
    }
    let whole = garage_desk(shop.path(), &["verify", "--journal"]);
    assert_eq!(whole.status.code(), Some(0), "{}", text(&whole));
    let edited = {
        let store = Store::open_in_dir(shop.path()).expect("store");
        store
            .with_conn(|conn| {
                conn.execute(
                    "UPDATE guard_journal SET after = '10000 bp' WHERE after = '600 bp'",
                    [],
                )?;
                Ok(conn.query_row(
                    "SELECT id FROM guard_journal WHERE after = '10000 bp'",
                    [],
                    |r| r.get::<_, i64>(0),
                )?)
            })
            .expect("edited")
    };
    let broken = garage_desk(shop.path(), &["verify", "--journal"]);
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken));
    assert!(
        text(&broken).contains(&format!("entry {edited} of 4")),
        "the edited entry is named: {}",
        text(&broken)
    );
}
