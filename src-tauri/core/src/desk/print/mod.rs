//! Printing each form: load what it shows, fill the form's own document model, draw it,
//! and archive the signed original once.
pub mod additional;
pub mod appointment_book;
pub mod appointment_slip;
pub mod complaint;
pub mod customer_file;
pub mod day_report;
pub mod diagnosis;
pub mod dispatch;
pub mod estimate;
pub mod exit_notice;
pub mod figures_text;
pub mod follow_up_calls;
pub mod letters;
pub mod settlement;
pub mod settlement_docs;
pub mod work_order;
pub mod work_order_doc;
