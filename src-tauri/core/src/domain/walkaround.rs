//! The walk-around as the desk records it — checklist lines, damage marks, the dashboard —
//! and the checklist template new jobs copy. Types only: the intake's rules check them,
//! the store keeps them, the forms print them.
use serde::{Deserialize, Serialize};

use crate::domain::intake::{DamageKind, WarningLight};
use crate::vehicle::DistanceUnit;

/// A label the shop did not type: a catalogue key (shown in the reader's language), or
/// the shop's own words for what it added.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Label {
    Key(String),
    Text(String),
}

impl Label {
    /// The text in `lang`, for screens and forms.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Label::Key(key) => crate::i18n::tr(lang, key),
            Label::Text(text) => text.clone(),
        }
    }

    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Label::Key(key) => key.trim().is_empty(),
            Label::Text(text) => text.trim().is_empty(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Ok,
    Attention,
    Damaged,
    #[default]
    NotChecked,
}

/// One checklist line of the walk-around, copied from the shop's template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InspectionItem {
    pub group: Label,
    pub item: Label,
    pub status: ItemStatus,
    pub note: String,
    /// Photo file names (`<sha256>.<ext>`, see [`store_photo`]).
    pub photos: Vec<String>,
}

/// Existing damage, placed on the diagram in its own coordinates (0..=1000 × 0..=500).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DamageMark {
    pub kind: DamageKind,
    pub x: u16,
    pub y: u16,
    pub note: String,
    pub photos: Vec<String>,
}

/// The width and height of `assets/diagram/car-top.svg`'s viewBox.
pub const DIAGRAM_SIZE: (u16, u16) = (1000, 500);

/// The odometer read at the walk-around. A reading below the vehicle's last one needs
/// `lower_reason` (instrument cluster replaced, earlier typo…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntakeOdometer {
    pub value: i64,
    pub unit: DistanceUnit,
    pub lower_reason: String,
}

/// The dashboard at reception: lights on, fuel in eighths, odometer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub warning_lights: Vec<WarningLight>,
    /// 0 (empty) ..= 8 (full); `None` until read.
    pub fuel_eighths: Option<u8>,
    pub odometer: Option<IntakeOdometer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InspectionTemplate {
    pub groups: Vec<TemplateGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateGroup {
    pub label: Label,
    pub items: Vec<Label>,
}

const DEFAULT_GROUPS: &[(&str, &[&str])] = &[
    (
        "exterior",
        &[
            "front_bumper",
            "rear_bumper",
            "bonnet",
            "roof",
            "left_side",
            "right_side",
        ],
    ),
    (
        "glass",
        &[
            "windscreen",
            "rear_window",
            "side_windows",
            "mirrors",
            "wipers",
        ],
    ),
    (
        "lights",
        &[
            "headlights",
            "tail_lights",
            "indicators",
            "brake_lights",
            "fog_lights",
        ],
    ),
    (
        "tyres",
        &["front_tyres", "rear_tyres", "rims", "wheel_nuts"],
    ),
    (
        "interior",
        &[
            "seats",
            "seat_belts",
            "floor_mats",
            "headliner",
            "door_trims",
        ],
    ),
    (
        "dashboard",
        &[
            "gauges",
            "horn",
            "air_conditioning",
            "audio",
            "power_windows",
        ],
    ),
    (
        "boot",
        &["boot_lid", "boot_floor", "spare_wheel", "tool_kit"],
    ),
];

impl Default for InspectionTemplate {
    fn default() -> Self {
        let groups = DEFAULT_GROUPS
            .iter()
            .map(|(group, items)| TemplateGroup {
                label: Label::Key(format!("intake.group.{group}")),
                items: items
                    .iter()
                    .map(|item| Label::Key(format!("intake.item.{item}")))
                    .collect(),
            })
            .collect();
        InspectionTemplate { groups }
    }
}

impl InspectionTemplate {
    /// The checklist of a new work order: every item, not checked yet.
    pub fn to_items(&self) -> Vec<InspectionItem> {
        self.groups
            .iter()
            .flat_map(|group| {
                group.items.iter().map(|item| InspectionItem {
                    group: group.label.clone(),
                    item: item.clone(),
                    status: ItemStatus::NotChecked,
                    note: String::new(),
                    photos: Vec::new(),
                })
            })
            .collect()
    }
}
