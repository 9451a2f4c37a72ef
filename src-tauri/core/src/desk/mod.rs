//! The use cases: one file per thing the desk does. Each opens the transaction, loads
//! through the store, asks the rules, writes, writes the files and the journal. The shell
//! and the CLI call this layer.
pub mod amend;
pub mod approvals;
pub mod archive;
pub mod carry_overs;
pub mod credit_note;
mod customers;
pub mod diagnosis;
pub mod dispatch;
pub mod estimates;
pub mod exit;
pub mod gate;
mod inspection_template;
pub mod logo;
mod merge;
mod numbering;
mod odometer;
pub mod pickup;
mod price_import;
pub(crate) mod price_list;
pub mod print;
mod search;
pub mod settle;
mod shop_settings;
pub(crate) mod sign;
pub mod staff;
pub mod today;
mod vehicles;
pub mod verify;

pub use archive::{ArchivedForm, ArchivedFormFile, SignOutcome};
pub use print::work_order::{PrintOutcome, PrintRequest, PrintedFor};
