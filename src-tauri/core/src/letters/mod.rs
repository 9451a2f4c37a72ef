//! The rules of follow-up letters (跟踪服务信函): a template's checks and its placeholders
//! (`placeholders`), the group filter's checks (`group`), and the event rule — phone two
//! weeks ahead, the letter within two days (提前两周电话…两日内信函) — in `event`. Pure: no
//! SQL, no clock.
pub mod event;
pub mod group;
pub mod placeholders;

pub use crate::domain::letters::{
    LetterGroup, LetterKind, LetterRecipient, LetterTemplate, LetterTemplateInput, LetterText,
    Mailing, MailingOutput, MailingRecipient, NewMailing, SentLetter,
};
use crate::error::FieldIssue;
use crate::reason::Reason;
use crate::validate::too_long;

/// The longest template name, subject and body, in characters.
pub const NAME_MAX: usize = 60;
pub const SUBJECT_MAX: usize = 120;
/// A body that fills one A4 page under the letterhead and the address.
pub const BODY_MAX: usize = 2400;

/// Every error in a template as typed, all at once: the name, and in each language a
/// subject and a body with only known placeholders.
pub fn check_template(input: &LetterTemplateInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.name.trim().is_empty() {
        issues.push(FieldIssue::new("name", Reason::LetterNameRequired));
    }
    too_long(&mut issues, "name", &input.name, NAME_MAX);
    for (code, text) in [
        ("en", &input.en),
        ("zhHans", &input.zh_hans),
        ("zhHant", &input.zh_hant),
    ] {
        let subject = format!("{code}.subject");
        let body = format!("{code}.body");
        if text.subject.trim().is_empty() {
            issues.push(FieldIssue::new(&subject, Reason::LetterSubjectRequired));
        }
        if text.body.trim().is_empty() {
            issues.push(FieldIssue::new(&body, Reason::LetterBodyRequired));
        }
        too_long(&mut issues, &subject, &text.subject, SUBJECT_MAX);
        too_long(&mut issues, &body, &text.body, BODY_MAX);
        issues.extend(placeholders::check(&subject, &text.subject));
        issues.extend(placeholders::check(&body, &text.body));
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(subject: &str, body: &str) -> LetterText {
        LetterText {
            subject: subject.into(),
            body: body.into(),
        }
    }

    fn input(body_hant: &str) -> LetterTemplateInput {
        LetterTemplateInput {
            id: None,
            kind: LetterKind::Seasonal,
            name: "Winter check".into(),
            en: text("Winter check for {plate}", "Dear {name}, …"),
            zh_hans: text("冬季检查", "尊敬的{name}：…"),
            zh_hant: text("冬季檢查", body_hant),
        }
    }

    #[test]
    fn a_template_with_known_placeholders_passes() {
        assert!(check_template(&input("尊敬的{name}：{model} {date}")).is_empty());
    }

    #[test]
    fn an_unknown_placeholder_is_refused_next_to_its_field() {
        let issues = check_template(&input("尊敬的{nmae}"));
        assert_eq!(
            issues,
            vec![FieldIssue::new("zhHant.body", Reason::LetterPlaceholder)]
        );
    }

    #[test]
    fn an_empty_name_subject_or_body_is_refused() {
        let mut bad = input("");
        bad.name = " ".into();
        bad.en.subject.clear();
        let fields: Vec<_> = check_template(&bad).into_iter().map(|i| i.field).collect();
        assert_eq!(fields, ["name", "en.subject", "zhHant.body"]);
    }
}
