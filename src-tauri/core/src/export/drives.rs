//! Finding the stick: the mounted removable drives (USB sticks, SD cards) with their name
//! and free space, read through `sysinfo` (Linux: removable block devices and anything
//! mounted under /media or /run/media; Windows: removable drive letters; macOS:
//! /Volumes). A drive picked in the window is looked up again here by its mount point,
//! so the page never hands the shell a path of its own. Also what an error says of the
//! drive: gone from under the export, or full.
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// A mounted removable drive the export can write to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemovableDrive {
    /// The volume's label, or its mount folder's name.
    pub name: String,
    pub mount_point: String,
    pub available_bytes: u64,
    pub total_bytes: u64,
}

/// Whether a mount point is where the desktop mounts sticks.
fn is_media_mount(mount: &Path) -> bool {
    ["/media/", "/run/media/", "/Volumes/"]
        .iter()
        .any(|root| mount.starts_with(root) && mount != Path::new(root.trim_end_matches('/')))
}

/// The removable drives mounted now and writable, by name.
pub fn removable_drives() -> Vec<RemovableDrive> {
    let disks = sysinfo::Disks::new_with_refreshed_list();
    let mut drives: Vec<RemovableDrive> = disks
        .list()
        .iter()
        .filter(|d| !d.is_read_only())
        .filter(|d| d.is_removable() || is_media_mount(d.mount_point()))
        .map(|d| {
            let mount = d.mount_point();
            let name = mount
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| d.name().to_string_lossy().into_owned());
            RemovableDrive {
                name,
                mount_point: mount.to_string_lossy().into_owned(),
                available_bytes: d.available_space(),
                total_bytes: d.total_space(),
            }
        })
        .collect();
    drives.sort_by(|a, b| a.name.cmp(&b.name).then(a.mount_point.cmp(&b.mount_point)));
    drives.dedup_by(|a, b| a.mount_point == b.mount_point);
    drives
}

/// The mount point of the listed drive `mount_point`, refused when no such drive is
/// mounted now (`export.drive_unknown`).
pub fn listed_drive(mount_point: &str) -> Result<PathBuf> {
    removable_drives()
        .into_iter()
        .find(|d| d.mount_point == mount_point)
        .map(|d| PathBuf::from(d.mount_point))
        .ok_or_else(|| CoreError::invalid("target", Reason::ExportDriveUnknown))
}

/// Whether an export's error means the target went away under it: the stick pulled out
/// or failing (an I/O error, no such device, turned read-only by its driver), or the
/// bundle's temporary folder or the target itself gone.
pub(crate) fn is_target_lost(e: &CoreError, target: &Path, partial: &Path) -> bool {
    let CoreError::Io(io) = e else {
        return false;
    };
    const EIO: i32 = 5;
    const ENXIO: i32 = 6;
    const ENODEV: i32 = 19;
    const EROFS: i32 = 30;
    matches!(io.raw_os_error(), Some(EIO | ENXIO | ENODEV | EROFS))
        || io.kind() == std::io::ErrorKind::ReadOnlyFilesystem
        || !target.is_dir()
        || !partial.is_dir()
}

/// Whether an error means the disk (or quota) written to is full.
pub(crate) fn is_disk_full(e: &CoreError) -> bool {
    let io = match e {
        CoreError::Io(io) => io,
        CoreError::Db(rusqlite::Error::SqliteFailure(f, _)) => {
            return f.code == rusqlite::ErrorCode::DiskFull;
        }
        _ => return false,
    };
    matches!(
        io.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) || io.raw_os_error() == Some(28)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stick_is_mounted_under_media_but_media_itself_is_no_stick() {
        assert!(is_media_mount(Path::new("/media/desk/KINGSTON")));
        assert!(is_media_mount(Path::new("/run/media/desk/USB")));
        assert!(is_media_mount(Path::new("/Volumes/STICK")));
        assert!(!is_media_mount(Path::new("/media")));
        assert!(!is_media_mount(Path::new("/home/desk/media")));
        assert!(!is_media_mount(Path::new("/")));
    }

    #[test]
    fn an_unlisted_mount_point_is_refused() {
        assert!(listed_drive("/etc").is_err());
    }
}
