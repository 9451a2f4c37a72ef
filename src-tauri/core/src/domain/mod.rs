//! The shop's nouns that more than one layer speaks: the types and enums of the intake,
//! pricing and settling a job, and the day's figures. Types only — no rules, no SQL, no
//! drawing — so the rules, the store and the forms can all import them and none of them
//! has to import another. Each is re-exported from the module whose rules own it
//! (`pricing::EstimateLine` is `domain::pricing::EstimateLine`).
pub mod appointment;
pub mod care;
pub mod care_file;
pub(crate) mod code;
pub mod complaint;
pub mod day;
pub mod day_export;
pub mod diagnosis;
pub mod dispatch;
pub mod figures;
pub mod figures_dashboard;
pub mod follow_up;
pub mod intake;
pub mod letters;
pub mod price_list;
pub mod pricing;
pub mod settlement;
pub mod shop;
pub mod signature;
pub mod staff;
pub mod walkaround;
pub mod workshop;
