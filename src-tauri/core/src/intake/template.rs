//! The walk-around checklist template the shop edits in settings, copied into every new
//! work order, and the quick-add list of common belongings. Built-in labels are catalogue
//! keys so they read in all three languages; what the shop adds is its own text.
use crate::reason::Reason;
use serde::{Deserialize, Serialize};

use super::Label;
use crate::error::FieldIssue;
use crate::i18n::{has_key, Lang};

pub use crate::domain::walkaround::{InspectionTemplate, TemplateGroup};

const MAX_GROUPS: usize = 30;
const MAX_ITEMS: usize = 40;
const MAX_LABEL: usize = 100;

fn check_label(issues: &mut Vec<FieldIssue>, field: &str, label: &Label) {
    match label {
        Label::Key(key) if !has_key(Lang::En, key) => {
            issues.push(FieldIssue::new(field, Reason::TemplateUnknownKey));
        }
        Label::Text(text) if text.trim().chars().count() > MAX_LABEL => {
            issues.push(FieldIssue::new(field, Reason::TextTooLong));
        }
        _ if label.is_blank() => issues.push(FieldIssue::new(field, Reason::TemplateLabelRequired)),
        _ => {}
    }
}

/// Every problem with an edited template, all at once.
pub fn check_template(template: &InspectionTemplate) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if template.groups.len() > MAX_GROUPS {
        issues.push(FieldIssue::new("groups", Reason::TemplateTooMany));
    }
    for (g, group) in template.groups.iter().enumerate() {
        check_label(&mut issues, &format!("groups.{g}.label"), &group.label);
        if group.items.len() > MAX_ITEMS {
            issues.push(FieldIssue::new(
                format!("groups.{g}.items"),
                Reason::TemplateTooMany,
            ));
        }
        for (i, item) in group.items.iter().enumerate() {
            check_label(&mut issues, &format!("groups.{g}.items.{i}"), item);
        }
    }
    issues
}

/// The template with the shop's own texts trimmed.
pub(crate) fn clean_template(template: &InspectionTemplate) -> InspectionTemplate {
    let clean = |label: &Label| match label {
        Label::Key(key) => Label::Key(key.trim().to_string()),
        Label::Text(text) => Label::Text(text.trim().to_string()),
    };
    InspectionTemplate {
        groups: template
            .groups
            .iter()
            .map(|group| TemplateGroup {
                label: clean(&group.label),
                items: group.items.iter().map(clean).collect(),
            })
            .collect(),
    }
}

/// A belonging the desk adds with one click.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct QuickBelonging {
    pub item: Label,
    pub valuable: bool,
}

const QUICK_BELONGINGS: &[(&str, bool)] = &[
    ("spare_wheel", false),
    ("jack", false),
    ("warning_triangle", false),
    ("child_seat", false),
    ("umbrella", false),
    ("sunglasses", false),
    ("dash_cam", false),
    ("charging_cable", false),
    ("documents", false),
    ("cash_valuables", true),
];

/// The quick-add list, cash and valuables flagged.
pub fn quick_belongings() -> Vec<QuickBelonging> {
    QUICK_BELONGINGS
        .iter()
        .map(|(key, valuable)| QuickBelonging {
            item: Label::Key(format!("intake.belonging.{key}")),
            valuable: *valuable,
        })
        .collect()
}

/// Checklist items whose "needs attention" is a safety matter: offered again on the
/// vehicle's next job. The shop's own items are not known to be.
pub fn is_safety_critical(item: &Label) -> bool {
    const SAFETY: &[&str] = &[
        "windscreen",
        "mirrors",
        "wipers",
        "headlights",
        "tail_lights",
        "indicators",
        "brake_lights",
        "front_tyres",
        "rear_tyres",
        "rims",
        "wheel_nuts",
        "seat_belts",
        "horn",
    ];
    match item {
        Label::Key(key) => key
            .strip_prefix("intake.item.")
            .is_some_and(|k| SAFETY.contains(&k)),
        Label::Text(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::ItemStatus;

    #[test]
    fn the_default_template_has_seven_groups_all_in_three_languages() {
        let template = InspectionTemplate::default();
        assert_eq!(template.groups.len(), 7);
        assert!(
            check_template(&template).is_empty(),
            "{:?}",
            check_template(&template)
        );
        for lang in Lang::ALL {
            for group in &template.groups {
                for label in std::iter::once(&group.label).chain(&group.items) {
                    if let Label::Key(key) = label {
                        assert!(has_key(lang, key), "{key} missing in {}", lang.code());
                    }
                }
            }
        }
    }

    #[test]
    fn a_copied_checklist_starts_not_checked() {
        let items = InspectionTemplate::default().to_items();
        assert!(items.len() > 30);
        assert!(items.iter().all(|i| i.status == ItemStatus::NotChecked));
    }

    #[test]
    fn unknown_keys_and_blank_labels_are_refused() {
        let template = InspectionTemplate {
            groups: vec![TemplateGroup {
                label: Label::Text("  ".into()),
                items: vec![
                    Label::Key("intake.item.nope".into()),
                    Label::Text("Roof box".into()),
                ],
            }],
        };
        let codes: Vec<_> = check_template(&template)
            .into_iter()
            .map(|i| i.code)
            .collect();
        assert_eq!(codes, ["template.label_required", "template.unknown_key"]);
    }

    #[test]
    fn only_cash_and_valuables_are_flagged_in_the_quick_list() {
        let quick = quick_belongings();
        assert_eq!(quick.len(), 10);
        let flagged: Vec<_> = quick.iter().filter(|q| q.valuable).collect();
        assert_eq!(flagged.len(), 1);
        for q in &quick {
            if let Label::Key(key) = &q.item {
                for lang in Lang::ALL {
                    assert!(has_key(lang, key), "{key} missing in {}", lang.code());
                }
            }
        }
    }
}
