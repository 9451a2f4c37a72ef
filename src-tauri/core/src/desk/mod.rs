//! The use cases: one file per thing the desk does. Each opens the transaction, loads
//! through the store, asks the rules, writes, writes the files and the journal. The shell
//! and the CLI call this layer.
//!
//! Most files only add `impl Store` blocks, which the shell reaches through `Store`
//! itself, so their modules are private.

// Named by path from the shell, the CLI and the tests: the forms to print, signing and
// archiving, the logo, Today's task list, the verification report, the appointment book's
// views.
pub mod appointment_views;
pub mod archive;
pub mod letters;
pub mod logo;
pub mod print;
pub mod service_due;
pub mod today;
pub mod verify;

// Named by the demo shop, which writes its jobs through the same steps as the desk.
pub(crate) mod sign;
pub(crate) mod work_orders;

// Only `impl Store` blocks and what the other use cases here call.
mod amend;
mod appointment_agreement;
mod appointment_arrival;
mod appointment_room;
mod appointments;
pub(crate) mod approvals;
mod carry_overs;
mod comebacks;
mod complaints;
mod credit_note;
mod customer_care;
mod customer_import;
mod customers;
mod diagnosis;
mod dispatch;
pub(crate) mod estimate_book;
mod estimates;
mod exit;
mod figures;
mod figures_dashboard;
mod figures_dashboard_targets;
pub(crate) mod follow_up_queue;
mod follow_ups;
mod gate;
mod inspection_template;
mod intake;
mod lost_customers;
mod merge;
mod numbering;
mod odometer;
mod overruns;
mod payments;
mod pickup;
mod price_import;
mod price_list;
mod repair_category;
mod search;
mod settle;
mod settlement_view;
mod shop_settings;
mod staff;
mod vehicles;
mod workshop;
mod write_offs;

pub use archive::{ArchivedForm, ArchivedFormFile, SignOutcome};
pub use print::work_order::{PrintOutcome, PrintRequest, PrintedFor};
