//! The command line: with no subcommand the window opens; the subcommands run headless
//! against the same store (demo data for trying the app and for benchmarks).
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use garage_core::forms::{FormLang, ReceiptWidth};

#[derive(Debug, Parser)]
#[command(
    name = "garage-desk",
    version,
    about = "Garage Desk: customer files, intake, signed work orders and their proof for a repair shop's front desk.",
    long_about = "Garage Desk keeps the whole shop in one local SQLite file.\n\
                  Run without a command to open the window."
)]
pub struct Cli {
    /// Folder holding the shop's data (database, photos, archived forms).
    /// Defaults to the OS data folder; the GARAGE_DESK_DATA_DIR variable also sets it.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Start an empty shop even though the folder was used before (its database is missing).
    #[arg(long, global = true)]
    pub start_new_shop: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the store with a realistic bilingual demo shop (same seed, same data).
    DemoData {
        /// How many customers to create.
        #[arg(long, default_value_t = 200)]
        customers: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print where the data folder is and how many records it holds.
    Info,
    /// Write a form of a job as PDF, e.g. `print WO-2026-00042 --out wo.pdf`,
    /// `print WO-2026-00042 --form estimate --version 2 --out estimate.pdf` or
    /// `print WO-2026-00042 --form additional-items --out slip.pdf` (refused when the job
    /// has no additional items), `print WO-2026-00042 --form settlement --out set.pdf`,
    /// `print WO-2026-00042 --form receipt --payment 2 --width 80mm --out r.pdf`,
    /// `print WO-2026-00042 --form service-card --out card.pdf`,
    /// `print WO-2026-00042 --form credit-note --note 1 --out cn.pdf` or
    /// `print WO-2026-00042 --form exit-notice --out exit.pdf` (the gate pass; a COPY
    /// once the original is archived, and the reprint is logged),
    /// `print WO-2026-00042 --form diagnosis --out diag.pdf` (the diagnosis report),
    /// `print WO-2026-00042 --form dispatch --out dispatch.pdf` (the dispatch sheet) or
    /// `print APPT-2026-00012 --form appointment --out slip.pdf` (the appointment slip;
    /// a COPY once the customer agreed it), `print C-2026-0007 --form complaint --out
    /// c.pdf` (the complaint sheet, as the complaint stands) or
    /// `print CUST-00042 --form customer-file --out file.pdf` (the customer file sheet).
    Print {
        /// The work-order number, as printed on it (`APPT-…` with `--form appointment`).
        number: String,
        /// Which form: `customer-file` (the customer file sheet of a `CUST-…` number),
        /// `appointment` (the appointment slip of an `APPT-…` number),
        /// `complaint` (the complaint sheet of a `C-…` number), `work-order`, `estimate`, `additional-items` (the slip of every
        /// item the workshop found, with the customer's answers), `settlement` (the signed
        /// slip's COPY, or the draft), `receipt` (of one payment), `service-card` (the
        /// after-sales card, once the settlement is signed), `credit-note` (a correction of
        /// the signed settlement), `exit-notice` (the gate pass), `diagnosis` (the
        /// diagnosis report, once saved) or `dispatch` (the dispatch sheet, once saved).
        #[arg(long, default_value = "work-order")]
        form: String,
        /// The estimate's version (`--form estimate`); the latest when omitted.
        #[arg(long = "version", value_name = "N")]
        estimate_version: Option<u32>,
        /// The payment's number on the job, from 1 (`--form receipt`); the latest when
        /// omitted.
        #[arg(long, value_name = "N")]
        payment: Option<u32>,
        /// The credit note's number on the job, from 1 (`--form credit-note`); the latest
        /// when omitted.
        #[arg(long, value_name = "N")]
        note: Option<u32>,
        /// The receipt's paper (`--form receipt`): `a4` (the default) or `80mm` for a
        /// receipt printer.
        #[arg(long, value_parser = parse_width)]
        width: Option<ReceiptWidth>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the language the job's work order
        /// was signed in (a job not signed yet: the shop's form language, or the customer's).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
        /// Where to write the PDF (outside the data folder).
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Check a signed job: the frozen intake, every signature's fingerprint, signature
    /// images, photos, the logo and the archived PDF; names each part that fails
    /// (exit 1), e.g. `verify WO-2026-00042`. `verify --journal` checks the chain of the
    /// guarded-actions journal instead and names the first entry changed or removed.
    Verify {
        /// The work-order number, as printed on it.
        #[arg(required_unless_present = "journal")]
        number: Option<String>,
        /// Check the guarded-actions journal's chain of SHA-256s.
        #[arg(long, conflicts_with = "number")]
        journal: bool,
    },
    /// Check a scanned exit-notice QR text at the gate, e.g.
    /// `check-exit 'GD-EXIT/1|EX-2026-00012|…'`: exit 0 when it matches a notice this shop
    /// issued (number, plate and settlement fingerprint), 1 when not.
    CheckExit {
        /// The text the QR code carries.
        payload: String,
    },
    /// Export the shop to a folder (a USB stick): a verified bundle
    /// `GarageDesk-<shop>-<date>/`; the target then keeps the last bundles (30 unless set).
    Export {
        /// The folder to export to; when omitted, the folder chosen in the window.
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// Encrypt the bundle with the passphrase on the first line of this file (it
        /// must be the shop's passphrase when one is set in the window).
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Take a compressed backup of the database into the data folder's `backups/`.
    Backup,
    /// Restore the shop from an export bundle (a `GarageDesk-…` folder) or a local backup
    /// file of `backups/`. Asks first when the data folder holds a shop; a shop that has a
    /// supervisor is replaced only with her PIN (`--supervisor NAME --pin-file F`).
    Restore {
        /// The bundle folder, or a backup file name from `backups/`.
        bundle: PathBuf,
        /// Replace the shop without asking.
        #[arg(long)]
        yes: bool,
        /// The supervisor who allows the restore, by name as in Settings → Staff.
        #[arg(long, value_name = "NAME", requires = "pin_file")]
        supervisor: Option<String>,
        /// Her PIN, on the first line of this file.
        #[arg(long, value_name = "FILE", requires = "supervisor")]
        pin_file: Option<PathBuf>,
        /// The passphrase of an encrypted bundle, on the first line of this file.
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// A report of the shop's records, e.g. `report day --date 2026-12-01 --out day.pdf`
    /// or `report appointments --from 2026-12-01 --to 2026-12-07 --out tally.pdf`
    /// or `report letters --from 2026-12-01 --to 2026-12-31 --out letters.pdf`
    /// or `report follow-ups --from 2026-12-01 --to 2026-12-31 --out register.pdf`
    /// or `report dashboard --from 2026-12-01 --to 2026-12-31`.
    Report {
        #[command(subcommand)]
        what: Report,
    },
    /// Bring in a list from a file, e.g. `import customers list.xlsx --dry-run`.
    Import {
        #[command(subcommand)]
        what: Import,
    },
    /// Check a bundle file by file: exit 0 when whole, 1 when damaged (names each file),
    /// 2 on any other error.
    Check {
        /// The bundle folder.
        bundle: PathBuf,
        /// The passphrase of an encrypted bundle, on the first line of this file; without
        /// it an encrypted bundle's files are checked but not opened.
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
}

/// The lists `import` brings in.
#[derive(Debug, Subcommand)]
pub enum Import {
    /// Customers and their vehicles from a CSV (UTF-8 or GBK) or XLSX, the columns
    /// mapped as last saved in the window for the same headers, else guessed from them.
    /// Prints the totals and every refused row; writes all rows or none, and exits 1
    /// with nothing written when a row is refused (unless --skip-refused).
    Customers {
        /// The .csv or .xlsx file.
        file: PathBuf,
        /// Only print the plan; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rows that can be taken and leave out the refused ones.
        #[arg(long, conflicts_with = "dry_run")]
        skip_refused: bool,
    },
}

/// The reports `report` writes.
#[derive(Debug, Subcommand)]
pub enum Report {
    /// The daily cash-up (日结): jobs opened, settled and collected, revenue by kind,
    /// payments by method, the cash the drawer should hold, receivables, voids and who
    /// approved them, printed as text; with --out also the daily report PDF.
    Day {
        /// The day, YYYY-MM-DD; today when omitted.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// Also write the daily report PDF here (outside the data folder).
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
    /// The week's business statistics (业务统计表, Sunday to Saturday): revenue by kind,
    /// discounts, credit notes, collected, written off, still owed, vehicles in and out
    /// by repair category and vehicle kind, advisors, against the week before and the
    /// same week last year, printed as text.
    Week {
        /// A day of the week, YYYY-MM-DD; today when omitted.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
    /// The month's business statistics, as `week` prints them.
    Month {
        /// A day of the month, YYYY-MM-DD; today when omitted.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
    /// The year's business statistics, as `week` prints them.
    Year {
        /// A day of the year, YYYY-MM-DD; today when omitted.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
    /// The appointment register (维修预约登记表) and tally (预约统计表) of a period: every
    /// booking with its outcome and the counts (booked, confirmed, arrived, no-show,
    /// cancelled, jobs, deposits, show rate) printed as text; with --out also the tally
    /// PDF, with --register also the register PDF.
    Appointments {
        /// The first day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: chrono::NaiveDate,
        /// The last day, YYYY-MM-DD (included; at most a year after --from).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: chrono::NaiveDate,
        /// Also write the tally PDF here (outside the data folder).
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        /// Also write the register PDF here (outside the data folder).
        #[arg(long, value_name = "FILE.pdf")]
        register: Option<PathBuf>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
    /// The follow-up letter register (跟踪服务信函登记表) of a period: every mailing with
    /// its kind, subject, letters and sender printed as text; with --out also the PDF.
    Letters {
        /// The first day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: chrono::NaiveDate,
        /// The last day, YYYY-MM-DD (included; at most a year after --from).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: chrono::NaiveDate,
        /// Also write the register PDF here (outside the data folder).
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
    /// The follow-up calls (跟踪回访) made in a period: each call with its result and the
    /// counts (calls, reached, unhappy, checks booked, to the supervisor, missed) printed
    /// as text; with --out also the call register PDF (跟踪服务电话登记表), with --record
    /// also the call record PDF (跟踪服务客户电话记录表).
    FollowUps {
        /// The first day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: chrono::NaiveDate,
        /// The last day, YYYY-MM-DD (included; at most a year after --from).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: chrono::NaiveDate,
        /// Also write the register PDF here (outside the data folder).
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        /// Also write the call record PDF here (outside the data folder).
        #[arg(long, value_name = "FILE.pdf")]
        record: Option<PathBuf>,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
    /// The service desk's dashboard (4S) of a period as text: warranty parts,
    /// appointments, follow-ups, complaints, neglected and lost customers, comebacks and
    /// first-time fixes, additional items, satisfaction, revenue, the trade's ratios with
    /// their definitions, the bands set, and the month to --to against its target.
    Dashboard {
        /// The first day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: chrono::NaiveDate,
        /// The last day, YYYY-MM-DD (included; at most a year after --from).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: chrono::NaiveDate,
        /// en, zh-Hans, zh-Hant or bilingual; when omitted, the shop's form language (or its default language).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<FormLang>,
    },
}

/// Where the store lives: `--data-dir`, then `GARAGE_DESK_DATA_DIR`, then the OS data folder.
pub fn resolve_data_dir(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os("GARAGE_DESK_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("shop", "Garage Desk", "garage-desk")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| "no home folder found; pass --data-dir DIR".to_string())
}

/// What to say when the data folder was used before but its database is gone: the file
/// expected and the two ways out.
pub fn database_missing_hint(data_dir: &Path) -> String {
    format!(
        "garage-desk: the folder {} was used by Garage Desk before, but its database {} \
         is missing (an unplugged drive or a wrong folder?). Nothing was changed.\n  \
         To open the right folder: garage-desk --data-dir DIR\n  \
         To start an empty shop here on purpose: garage-desk --start-new-shop",
        data_dir.display(),
        data_dir.join(garage_core::store::DB_FILE_NAME).display()
    )
}

fn parse_width(code: &str) -> Result<ReceiptWidth, String> {
    match code {
        "a4" | "A4" => Ok(ReceiptWidth::A4),
        "80mm" => Ok(ReceiptWidth::Mm80),
        _ => Err(format!("unknown width {code:?}: use a4 or 80mm")),
    }
}

fn parse_lang(code: &str) -> Result<FormLang, String> {
    garage_core::desk::print::work_order::parse_form_lang(code)
        .ok_or_else(|| format!("unknown language {code:?}: use en, zh-Hans, zh-Hant or bilingual"))
}
