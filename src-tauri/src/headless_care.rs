//! `garage-desk print CUST-… --form customer-file`: the customer file sheet (客户档案资料表)
//! written as PDF, in the language asked (else the shop's form language, else the
//! customer's). Refusals are told as every other `print` tells them.
use std::path::Path;
use std::process::ExitCode;

use garage_core::desk::print::customer_file::{
    find_customer_file, save_customer_file_pdf, CustomerFileRequest,
};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::error::CoreError;
use garage_core::forms::FormLang;
use garage_core::i18n::Lang;
use garage_core::store::Store;

use crate::cli_error::fail;

pub fn print_customer_file(
    store: &Store,
    data_dir: &Path,
    msg_lang: Lang,
    number: &str,
    lang: Option<FormLang>,
    out: &Path,
) -> ExitCode {
    match write(store, data_dir, number, lang, out) {
        Ok(path) => {
            println!("print: {number} written to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(msg_lang, data_dir, e),
    }
}

fn write(
    store: &Store,
    data_dir: &Path,
    number: &str,
    lang: Option<FormLang>,
    out: &Path,
) -> Result<std::path::PathBuf, CoreError> {
    let id = find_customer_file(store, number)?;
    let fonts = builtin_fonts()?;
    let now = chrono::Local::now().naive_local();
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let request = CustomerFileRequest { id, lang };
    save_customer_file_pdf(store, data_dir, fonts, &request, &out, now)
}
