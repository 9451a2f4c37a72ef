//! Builders shared by the store tests.
#![allow(dead_code)]
use chrono::{NaiveDate, NaiveDateTime};
use garage_core::{CustomerInput, CustomerKind, Lang, PhoneInput, PhoneLabel, Store, VehicleInput};

pub fn store() -> Store {
    Store::open_in_memory().expect("an in-memory store opens and migrates")
}

pub fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .expect("a valid test time")
}

pub fn now() -> NaiveDateTime {
    at(22, 10)
}

pub fn person(name: &str, phone: &str) -> CustomerInput {
    CustomerInput {
        kind: CustomerKind::Person,
        name: name.to_string(),
        phones: vec![PhoneInput {
            label: PhoneLabel::Mobile,
            number: phone.to_string(),
            is_primary: true,
        }],
        preferred_language: Lang::ZhHans,
        agrees_to_follow_up: true,
        ..CustomerInput::default()
    }
}

pub fn car(plate: &str) -> VehicleInput {
    VehicleInput {
        plate: plate.to_string(),
        make: "BYD".into(),
        model: "Han".into(),
        ..VehicleInput::default()
    }
}
