//! The subcommands that run without a window, against the same store as the app.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use garage_core::desk::print::additional::{save_additional_pdf, AdditionalSlipRequest};
use garage_core::desk::print::appointment_slip::{
    save_appointment_slip_pdf, AppointmentSlipRequest,
};
use garage_core::desk::print::complaint::{save_complaint_sheet_pdf, ComplaintSheetRequest};
use garage_core::desk::print::diagnosis::{save_diagnosis_pdf, DiagnosisRequest};
use garage_core::desk::print::dispatch::{save_dispatch_pdf, DispatchRequest};
use garage_core::desk::print::estimate::{save_estimate_pdf, EstimatePrintRequest};
use garage_core::desk::print::settlement::{save_settle_pdf, SettleForm, SettlePrintRequest};
use garage_core::desk::print::work_order::{
    builtin_fonts, save_work_order_pdf, PrintRequest, PrintedFor,
};
use garage_core::desk::verify::verify_work_order;
use garage_core::error::CoreError;
use garage_core::forms::{FormLang, ReceiptWidth};
use garage_core::i18n::tr;
use garage_core::store::Store;

use crate::cli::Command;
use crate::cli_error::{fail, message_lang, refuse};

pub fn run(command: Command, data_dir: &Path, start_new: bool) -> ExitCode {
    let command = match crate::headless_export::run_without_store(command, data_dir) {
        Ok(code) => return code,
        Err(command) => command,
    };
    // Refusals are told in the language asked for (`print … --lang`), else the shop's.
    let asked = match &command {
        Command::Print { lang, .. } => *lang,
        _ => None,
    };
    let store = match garage_core::shop_folder::open_shop(data_dir, start_new) {
        Ok(store) => store,
        Err(e) if garage_core::shop_folder::is_database_missing(&e) => {
            eprintln!("{}", crate::cli::database_missing_hint(data_dir));
            return ExitCode::from(2);
        }
        Err(e) => return fail(message_lang(asked, None, data_dir), data_dir, e),
    };
    let msg_lang = message_lang(asked, Some(&store), data_dir);
    let outcome = match command {
        Command::DemoData { customers, seed } => {
            let now = chrono::Local::now().naive_local();
            garage_core::demo::generate(&store, customers, seed, now).map(|summary| {
                println!(
                    "demo-data: {} customers, {} vehicles, {} work orders, {} appointments \
                     written to {}",
                    summary.customers,
                    summary.vehicles,
                    summary.work_orders,
                    summary.appointments,
                    data_dir.display()
                );
            })
        }
        Command::Info => store.counts().map(|c| {
            println!("data folder: {}", data_dir.display());
            println!("customers:   {}", c.customers);
            println!("vehicles:    {}", c.vehicles);
        }),
        Command::Print {
            number,
            form,
            estimate_version,
            payment,
            note,
            width,
            lang,
            out,
        } => {
            if form == "appointment" || form == "complaint" || form == "customer-file" {
                let stray = [
                    (estimate_version.is_some(), "--version", "estimate"),
                    (payment.is_some(), "--payment", "receipt"),
                    (width.is_some(), "--width", "receipt"),
                    (note.is_some(), "--note", "credit-note"),
                ];
                if let Some((_, argument, form)) = stray.into_iter().find(|s| s.0) {
                    return only_for_form(msg_lang, argument, form);
                }
                if form == "customer-file" {
                    return crate::headless_care::print_customer_file(
                        &store, data_dir, msg_lang, &number, lang, &out,
                    );
                }
                let printed = if form == "complaint" {
                    print_complaint(&store, data_dir, &number, lang, &out)
                } else {
                    print_appointment(&store, data_dir, &number, lang, &out)
                };
                return match printed {
                    Ok(path) => {
                        println!("print: {number} written to {}", path.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(msg_lang, data_dir, e),
                };
            }
            let settle = match form.as_str() {
                "settlement" => Some(SettleForm::Settlement),
                "receipt" => Some(SettleForm::Receipt {
                    payment,
                    width: width.unwrap_or(ReceiptWidth::A4),
                }),
                "service-card" => Some(SettleForm::ServiceCard),
                "credit-note" => Some(SettleForm::CreditNote { note }),
                _ => None,
            };
            if note.is_some() && form != "credit-note" {
                return only_for_form(msg_lang, "--note", "credit-note");
            }
            if (payment.is_some() || width.is_some()) && form != "receipt" {
                let argument = if payment.is_some() {
                    "--payment"
                } else {
                    "--width"
                };
                return only_for_form(msg_lang, argument, "receipt");
            }
            if let Some(settle) = settle {
                if estimate_version.is_some() {
                    return only_for_form(msg_lang, "--version", "estimate");
                }
                return match print_settle(&store, data_dir, &number, settle, lang, &out) {
                    Ok(path) => {
                        println!("print: {number} written to {}", path.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(msg_lang, data_dir, e),
                };
            }
            let form = match (form.as_str(), estimate_version) {
                ("work-order", None) => Form::WorkOrder,
                ("estimate", version) => Form::Estimate(version),
                ("additional-items", None) => Form::AdditionalItems,
                ("exit-notice", None) => Form::ExitNotice,
                ("diagnosis", None) => Form::Diagnosis,
                ("dispatch", None) => Form::Dispatch,
                (
                    "work-order" | "additional-items" | "exit-notice" | "diagnosis" | "dispatch",
                    Some(_),
                ) => {
                    return only_for_form(msg_lang, "--version", "estimate");
                }
                _ => {
                    return refuse(
                        msg_lang,
                        "cli.unknown_form",
                        &[
                            ("form", &form),
                            (
                                "known",
                                "work-order, estimate, additional-items, settlement, receipt, \
                                 service-card, credit-note, exit-notice, diagnosis, dispatch, appointment, \
                                 customer-file",
                            ),
                        ],
                    );
                }
            };
            print(&store, data_dir, &number, form, lang, &out).map(|path| {
                println!("print: {number} written to {}", path.display());
            })
        }
        Command::Report { what } => crate::headless_report::run(&store, data_dir, what),
        Command::Import { what } => {
            return crate::headless_import::run(&store, what, msg_lang)
                .unwrap_or_else(|e| fail(msg_lang, data_dir, e));
        }
        Command::CheckExit { payload } => {
            return crate::headless_exit_notice::check_exit(&store, &payload)
                .unwrap_or_else(|e| fail(msg_lang, data_dir, e));
        }
        Command::Verify { journal: true, .. } => {
            return verify_journal(&store).unwrap_or_else(|e| fail(msg_lang, data_dir, e));
        }
        Command::Verify { number, .. } => {
            let number = number.unwrap_or_default();
            return verify(&store, data_dir, &number)
                .unwrap_or_else(|e| fail(msg_lang, data_dir, e));
        }
        other => {
            return crate::headless_export::run_with_store(other, &store, data_dir)
                .unwrap_or(ExitCode::from(2));
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(msg_lang, data_dir, e),
    }
}

/// The forms `print` writes.
enum Form {
    WorkOrder,
    /// One version of the estimate, the latest when `None`.
    Estimate(Option<u32>),
    /// The additional-items slip.
    AdditionalItems,
    /// The exit notice (the gate pass).
    ExitNotice,
    /// The diagnosis report (汽车检测诊断报告单).
    Diagnosis,
    /// The dispatch sheet (派工单).
    Dispatch,
}

fn print(
    store: &Store,
    data_dir: &Path,
    number: &str,
    form: Form,
    lang: Option<FormLang>,
    out: &Path,
) -> Result<PathBuf, CoreError> {
    let id = store.find_work_order(number)?;
    let fonts = builtin_fonts()?;
    let now = chrono::Local::now().naive_local();
    // The CLI writes where it is told, outside the data folder as in the window.
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    // The language and COPY marking come from the same rule as the window's.
    match form {
        Form::WorkOrder => {
            let request = PrintRequest {
                id,
                lang,
                printed_for: PrintedFor::Signed,
            };
            save_work_order_pdf(store, data_dir, fonts, &request, &out, now)
        }
        Form::Estimate(version) => {
            let request = EstimatePrintRequest { id, version, lang };
            save_estimate_pdf(store, data_dir, fonts, &request, &out, now)
        }
        Form::AdditionalItems => {
            let request = AdditionalSlipRequest { id, lang };
            save_additional_pdf(store, data_dir, fonts, &request, &out, now)
        }
        Form::ExitNotice => crate::headless_exit_notice::save_exit_notice(
            store, data_dir, fonts, id, lang, &out, now,
        ),
        Form::Diagnosis => {
            let request = DiagnosisRequest { id, lang };
            save_diagnosis_pdf(store, data_dir, fonts, &request, &out, now)
        }
        Form::Dispatch => {
            let request = DispatchRequest { id, lang };
            save_dispatch_pdf(store, data_dir, fonts, &request, &out, now)
        }
    }
}

/// `print … --form settlement | receipt | service-card | credit-note`: the settlement's paper.
fn print_settle(
    store: &Store,
    data_dir: &Path,
    number: &str,
    form: SettleForm,
    lang: Option<FormLang>,
    out: &Path,
) -> Result<PathBuf, CoreError> {
    let id = store.find_work_order(number)?;
    let fonts = builtin_fonts()?;
    let now = chrono::Local::now().naive_local();
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let request = SettlePrintRequest { id, form, lang };
    save_settle_pdf(store, data_dir, fonts, &request, &out, now)
}

/// `print APPT-… --form appointment`: the appointment slip, a COPY once agreed.
fn print_appointment(
    store: &Store,
    data_dir: &Path,
    number: &str,
    lang: Option<FormLang>,
    out: &Path,
) -> Result<PathBuf, CoreError> {
    let id = store.find_appointment(number)?;
    let fonts = builtin_fonts()?;
    let now = chrono::Local::now().naive_local();
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let request = AppointmentSlipRequest { id, lang };
    save_appointment_slip_pdf(store, data_dir, fonts, &request, &out, now)
}

/// `print C-… --form complaint`: the complaint sheet as the complaint stands now.
fn print_complaint(
    store: &Store,
    data_dir: &Path,
    number: &str,
    lang: Option<FormLang>,
    out: &Path,
) -> Result<PathBuf, CoreError> {
    let now = chrono::Local::now().naive_local();
    let id = store.complaint_by_number(number, now)?.id;
    let fonts = builtin_fonts()?;
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let request = ComplaintSheetRequest { id, lang };
    save_complaint_sheet_pdf(store, data_dir, fonts, &request, &out, now)
}

/// `verify WO-…`: every check, one line each, in the shop's language; exit 0 when all
/// match, 1 when a part fails.
fn verify(store: &Store, data_dir: &Path, number: &str) -> Result<ExitCode, CoreError> {
    let id = store.find_work_order(number)?;
    let report = verify_work_order(store, data_dir, id)?;
    let lang = store.get_settings()?.default_language;
    for check in &report.checks {
        let part = tr(lang, &format!("verify.part.{}", code_of(&check.part)));
        let status = tr(lang, &format!("verify.status.{}", code_of(&check.status)));
        println!(
            "{:<13} {:<22} {part} · {}: {status}",
            code_of(&check.status),
            code_of(&check.part),
            check.subject
        );
    }
    if report.matches {
        println!("verify: {} {}", report.number, tr(lang, "verify.matches"));
        Ok(ExitCode::SUCCESS)
    } else {
        let failed: Vec<String> = report
            .failures()
            .map(|c| format!("{} ({})", code_of(&c.part), c.subject))
            .collect();
        println!("verify: {} FAILS: {}", report.number, failed.join(", "));
        Ok(ExitCode::from(1))
    }
}

/// `verify --journal`: exit 0 when the chain is whole, 1 naming the first entry that was
/// changed or removed.
fn verify_journal(store: &Store) -> Result<ExitCode, CoreError> {
    let check = store.verify_journal()?;
    let lang = store.get_settings()?.default_language;
    let count = check.entries.to_string();
    match (check.broken_at, check.why) {
        (Some(id), Some(why)) => {
            let why = tr(lang, &format!("journal.break.{}", code_of(&why)));
            let id = id.to_string();
            let args = [
                ("id", id.as_str()),
                ("count", count.as_str()),
                ("why", why.as_str()),
            ];
            let line = garage_core::i18n::tr_with(lang, "journal.broken_at", &args);
            println!("verify --journal: {line}");
            Ok(ExitCode::from(1))
        }
        _ => {
            let line = garage_core::i18n::tr_with(lang, "journal.whole", &[("count", &count)]);
            println!("verify --journal: {line}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The snake_case code of an enum, as the catalogue keys use it.
fn code_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `<argument>: applies to --form <form> only`, in the language of the messages.
fn only_for_form(lang: garage_core::i18n::Lang, argument: &str, form: &str) -> ExitCode {
    refuse(
        lang,
        "cli.only_for_form",
        &[("argument", argument), ("form", form)],
    )
}
