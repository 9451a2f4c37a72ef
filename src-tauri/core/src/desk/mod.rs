//! The use cases: one file per thing the desk does. Each opens the transaction, loads
//! through the store, asks the rules, writes, writes the files and the journal. The shell
//! and the CLI call this layer.
pub mod archive;
mod customers;
mod inspection_template;
pub mod logo;
mod merge;
mod numbering;
mod odometer;
mod price_import;
pub(crate) mod price_list;
pub mod print;
mod search;
mod shop_settings;
mod vehicles;
pub mod verify;

pub use archive::{ArchivedForm, ArchivedFormFile, SignOutcome};
pub use print::work_order::{PrintOutcome, PrintRequest, PrintedFor};
