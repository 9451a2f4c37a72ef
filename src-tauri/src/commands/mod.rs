//! The commands the window calls, one file per area. Each reads its arguments, takes the
//! state, calls one core function and maps the error: no SQL and no rules here.
pub mod appointment_print;
pub mod appointments;
pub mod care;
pub mod complaints;
pub mod customer_import;
pub mod customers;
pub mod day;
pub mod exit_print;
pub mod export;
pub mod figures;
pub mod figures_dashboard;
pub mod follow_ups;
pub mod letters;
pub mod overruns;
mod paper;
pub mod pricing;
pub mod settings;
pub mod settlement;
pub mod vehicles;
pub mod work_orders;
pub mod workshop_paper;

/// Shop-local wall-clock time: the only place the app reads the clock for the core.
pub(crate) fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}
