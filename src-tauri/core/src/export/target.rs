//! Where bundles go and what they are called: the shop's slug and the day in the folder's
//! name, the target checked (there, outside the data folder), what a killed export left
//! removed, and the rotation down to the bundles the target keeps.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::BUNDLE_PREFIX;
use crate::error::{CoreError, Result};
use crate::files::PARTIAL_SUFFIX;
use crate::reason::Reason;

/// The shop's name as a folder-name part: pinyin for Chinese, lower-case ASCII letters
/// and digits, words joined by `-`; `shop` when nothing is left.
pub fn shop_slug(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            words.push(p.plain().to_string());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let slug: String = words.join("-").chars().take(60).collect();
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "shop".to_string()
    } else {
        slug
    }
}

/// The bundle folder's name for a shop and a day.
pub fn bundle_name(shop_name: &str, now: NaiveDateTime) -> String {
    format!(
        "{BUNDLE_PREFIX}{}-{}",
        shop_slug(shop_name),
        now.format("%Y-%m-%d")
    )
}

/// Checks the target folder: it must exist and lie outside the data folder.
pub fn check_target(data_dir: &Path, target: &Path) -> Result<PathBuf> {
    let missing = || CoreError::invalid("target", Reason::ExportTargetMissing);
    let target = target.canonicalize().map_err(|_| missing())?;
    if !target.is_dir() {
        return Err(missing());
    }
    if let Ok(data) = data_dir.canonicalize() {
        if target.starts_with(&data) {
            return Err(CoreError::invalid("target", Reason::ExportTargetInsideData));
        }
    }
    Ok(target)
}

/// Removes what an export killed half-way left on the target; returns how many.
pub fn clean_partial_bundles(target: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(target) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(BUNDLE_PREFIX)
            && name.ends_with(PARTIAL_SUFFIX)
            && std::fs::remove_dir_all(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Keeps the newest `keep` bundles of the shop on the target (by day, in the name);
/// `newest` (the bundle just verified) is never removed.
pub(super) fn rotate(
    target: &Path,
    shop_name: &str,
    newest: &str,
    keep: u32,
) -> Result<Vec<String>> {
    let prefix = format!("{BUNDLE_PREFIX}{}-", shop_slug(shop_name));
    let mut bundles: Vec<String> = std::fs::read_dir(target)?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_prefix(&prefix)
                .is_some_and(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok())
        })
        .collect();
    bundles.sort_by(|a, b| b.cmp(a));
    let keep = keep.max(1) as usize;
    let mut removed = Vec::new();
    for name in bundles.into_iter().skip(keep) {
        if name != newest {
            std::fs::remove_dir_all(target.join(&name))?;
            removed.push(name);
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_shop_name_becomes_a_pinyin_folder_name() {
        assert_eq!(
            shop_slug("顺达汽修 Shunda Auto"),
            "shun-da-qi-xiu-shunda-auto"
        );
        assert_eq!(shop_slug(""), "shop");
        assert_eq!(shop_slug("../../etc"), "etc");
    }
}
