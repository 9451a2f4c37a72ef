//! From a snapshot of the intake to the printed work order's [`WorkOrderDoc`]: labels
//! translated into the form's language, codes back into the form's enums. A frozen job
//! prints from its frozen snapshot, so every reprint shows the same content.
use crate::forms::{
    self, CustomerPart, FormLang, InspectionGroup, InspectionStatus, KeysLog, Odometer,
    ServiceLine, ShopHeader, VehiclePart, WorkOrderDoc,
};
use crate::intake::from_code;
pub use crate::intake::paper::form_lang_for;
pub(crate) use crate::intake::paper::{form_text, printed_terms, terms};
use crate::intake::snapshot::{IntakeSnapshot, SnapLabel, SnapShop};
use crate::settings::ShopSettings;
use crate::vehicle::{DistanceUnit, FuelType};

fn snap_text(lang: FormLang, label: &SnapLabel) -> String {
    form_text(lang, &label.to_label())
}

fn some_text(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// The header of a signed form, from its frozen paper, with the logo read by its hash.
pub(crate) fn frozen_header(shop: &SnapShop, logo_png: Option<Vec<u8>>) -> ShopHeader {
    ShopHeader {
        name: shop.name.clone(),
        address: shop.address.clone(),
        phone: shop.phone.clone(),
        tax_number: some_text(&shop.tax_number),
        logo_png,
    }
}

/// The header of every form: the shop as set up now, with its logo.
pub(crate) fn shop_header(settings: &ShopSettings, logo_png: Option<Vec<u8>>) -> ShopHeader {
    ShopHeader {
        name: settings.shop_name.clone(),
        address: settings.address.clone(),
        phone: settings.phone.clone(),
        tax_number: some_text(&settings.tax_number),
        logo_png,
    }
}

/// The form's content; signatures are added by the caller.
pub(crate) fn doc_from_snapshot(
    snap: &IntakeSnapshot,
    shop: ShopHeader,
    lang: FormLang,
) -> WorkOrderDoc {
    let mut inspection: Vec<InspectionGroup> = Vec::new();
    let mut last_group: Option<&SnapLabel> = None;
    for item in &snap.inspection {
        if last_group != Some(&item.group) {
            inspection.push(InspectionGroup {
                name: snap_text(lang, &item.group),
                items: Vec::new(),
            });
            last_group = Some(&item.group);
        }
        if let Some(group) = inspection.last_mut() {
            group.items.push(forms::InspectionItem {
                name: snap_text(lang, &item.item),
                status: from_code(&item.status).unwrap_or(InspectionStatus::NotChecked),
                note: item.note.clone(),
            });
        }
    }
    let customer = &snap.customer;
    let belongings = match snap.belongings.as_str() {
        "none_left" => forms::Belongings::NoneLeft,
        "listed" => forms::Belongings::Listed(
            snap.belonging_items
                .iter()
                .map(|b| forms::Belonging {
                    item: snap_text(lang, &b.item),
                    quantity: b.quantity,
                    note: b.note.clone(),
                    storage_box: b.storage_box.clone(),
                    valuable: b.valuable,
                })
                .collect(),
        ),
        _ => forms::Belongings::NotRecorded,
    };
    WorkOrderDoc {
        shop,
        number: snap.number.clone(),
        opened_at: snap.opened_at,
        promised_at: snap.promised_at,
        advisor: snap.advisor.clone(),
        repair_category: None,
        customer: CustomerPart {
            name: customer.name.clone(),
            company: some_text(&customer.company).filter(|c| *c != customer.name),
            phones: customer.phones.clone(),
            address: some_text(&customer.address),
        },
        contact: snap.contact.as_ref().map(|c| forms::JobContact {
            name: c.name.clone(),
            phone: c.phone.clone(),
        }),
        vehicle: VehiclePart {
            plate: snap.vehicle.plate.clone(),
            vin: snap.vehicle.vin.clone(),
            make: snap.vehicle.make.clone(),
            model: snap.vehicle.model.clone(),
            year: snap.vehicle.year.and_then(|y| u16::try_from(y).ok()),
            colour: snap.vehicle.colour.clone(),
            fuel: FuelType::parse(&snap.vehicle.fuel_type).unwrap_or_default(),
        },
        complaint: snap.complaint.clone(),
        diagnosis: snap.diagnosis.clone(),
        services: snap
            .services
            .iter()
            .map(|s| ServiceLine {
                description: s.description.clone(),
                estimate_minor: s.estimate_minor,
            })
            .collect(),
        currency: snap.currency.clone(),
        other_requests: snap.other_requests.clone(),
        inspection,
        damage: snap
            .damage
            .iter()
            .filter_map(|m| {
                Some(forms::DamageMark {
                    kind: from_code(&m.kind)?,
                    x: m.x,
                    y: m.y,
                    note: m.note.clone(),
                })
            })
            .collect(),
        warning_lights: snap
            .warning_lights
            .iter()
            .filter_map(|l| from_code(l))
            .collect(),
        fuel_eighths: snap.fuel_eighths.unwrap_or(0),
        odometer: Odometer {
            value: snap
                .odometer
                .as_ref()
                .map_or(0, |o| u32::try_from(o.value).unwrap_or(u32::MAX)),
            unit: snap
                .odometer
                .as_ref()
                .and_then(|o| DistanceUnit::parse(&o.unit))
                .unwrap_or_default(),
        },
        documents: snap
            .documents
            .iter()
            .filter_map(|d| {
                Some(forms::DocumentReceived {
                    kind: from_code(&d.kind)?,
                    description: d.label.clone(),
                    expires_on: d.expires_on,
                    checked_valid: d.checked_valid,
                })
            })
            .collect(),
        keys: KeysLog {
            count: snap.keys.count,
            tag_number: snap.keys.tag_number.clone(),
            cabinet_slot: snap.keys.cabinet_slot.clone(),
        },
        belongings,
        terms: terms(lang),
        signatures: Vec::new(),
    }
}
