//! The shop's figures over a period: pure rules, no SQL, no clock.
pub mod dashboard;
pub mod dashboard_text;
