//! The customer (客户): a person or a company, how to reach them and whether they may
//! be called back. Plain data; the rules are in `validate`, the SQL in `store::customers`.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::ids::CustomerId;
use crate::vehicle::{OwnershipPeriod, Vehicle};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    #[default]
    Person,
    Company,
}

impl CustomerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Person => "person",
            CustomerKind::Company => "company",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(CustomerKind::Person),
            "company" => Some(CustomerKind::Company),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PhoneLabel {
    #[default]
    Mobile,
    Home,
    Work,
    Other,
}

impl PhoneLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneLabel::Mobile => "mobile",
            PhoneLabel::Home => "home",
            PhoneLabel::Work => "work",
            PhoneLabel::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mobile" => Some(PhoneLabel::Mobile),
            "home" => Some(PhoneLabel::Home),
            "work" => Some(PhoneLabel::Work),
            "other" => Some(PhoneLabel::Other),
            _ => None,
        }
    }
}

/// A phone number on file, stored normalised (see `validate::phone`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    pub label: PhoneLabel,
    pub number: String,
    pub is_primary: bool,
}

/// A phone as typed in the form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PhoneInput {
    pub label: PhoneLabel,
    pub number: String,
    pub is_primary: bool,
}

/// What the customer form sends, for create and update alike.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInput {
    pub kind: CustomerKind,
    /// The person's name; for a company, optional (falls back to the company name).
    pub name: String,
    /// Required for a company; for a person, where they work (optional).
    pub company_name: String,
    pub contact_person: String,
    /// Exactly one must be primary when any are given.
    pub phones: Vec<PhoneInput>,
    pub address: String,
    pub notes: String,
    pub preferred_language: Lang,
    pub agrees_to_follow_up: bool,
    /// Set once the user has seen the duplicate and confirmed (a family sharing a phone).
    pub allow_duplicate_phone: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: CustomerId,
    pub kind: CustomerKind,
    pub name: String,
    pub company_name: String,
    pub contact_person: String,
    pub display_name: String,
    pub phones: Vec<Phone>,
    pub address: String,
    pub notes: String,
    pub preferred_language: Lang,
    pub agrees_to_follow_up: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub archived_at: Option<NaiveDateTime>,
    /// Set when this file was merged into another one (and so archived).
    pub merged_into: Option<CustomerId>,
}

impl Customer {
    pub fn primary_phone(&self) -> Option<&Phone> {
        self.phones.iter().find(|p| p.is_primary)
    }
}

/// The name shown everywhere: the company for a company, else the person.
pub fn display_name(kind: CustomerKind, name: &str, company_name: &str) -> String {
    let (first, second) = match kind {
        CustomerKind::Company => (company_name.trim(), name.trim()),
        CustomerKind::Person => (name.trim(), company_name.trim()),
    };
    if first.is_empty() { second } else { first }.to_string()
}

/// One line of the customer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerSummary {
    pub id: CustomerId,
    pub kind: CustomerKind,
    pub display_name: String,
    pub company_name: String,
    pub primary_phone: Option<String>,
    pub plates: Vec<String>,
    pub updated_at: NaiveDateTime,
    pub archived: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerListQuery {
    pub offset: i64,
    pub limit: i64,
    pub include_archived: bool,
}

impl Default for CustomerListQuery {
    fn default() -> Self {
        Self {
            offset: 0,
            limit: 50,
            include_archived: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPage {
    pub items: Vec<CustomerSummary>,
    pub total: i64,
}

/// The customer file (客户档案): the customer, the vehicles they own now (newest
/// odometer reading on each) and who owned what when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerFile {
    pub customer: Customer,
    /// Vehicles owned now, archived ones last.
    pub vehicles: Vec<Vehicle>,
    /// Every ownership period of the vehicles owned now (earlier owners included).
    pub ownership_history: Vec<OwnershipPeriod>,
    /// Vehicles this customer owned once and no longer does.
    pub former_vehicles: Vec<OwnershipPeriod>,
    /// Today at the shop and a new job's promise time (`intake::desk_day::dated`).
    #[serde(default)]
    pub day: crate::shop_day::DeskDay,
    /// Per vehicle: its dates past or coming due, and a new-energy plate.
    #[serde(default)]
    pub vehicle_marks: Vec<crate::shop_day::VehicleMarks>,
}
