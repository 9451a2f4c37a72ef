//! The use cases: one file per thing the desk does. Each opens the transaction, loads
//! through the store, asks the rules, writes, writes the files and the journal. The shell
//! and the CLI call this layer.
pub mod amend;
pub mod approvals;
pub mod archive;
pub mod carry_overs;
pub mod credit_note;
pub mod estimates;
pub mod exit;
pub mod gate;
pub mod logo;
pub mod pickup;
pub mod print;
pub mod settle;
pub(crate) mod sign;
pub mod staff;
pub mod today;
pub mod verify;

pub use archive::{ArchivedForm, ArchivedFormFile, SignOutcome};
pub use print::work_order::{PrintOutcome, PrintRequest, PrintedFor};
