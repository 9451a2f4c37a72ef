//! Files in the data folder that must survive a power cut: written under a temporary name,
//! `fsync`ed, renamed into place and the folder `fsync`ed, so a file is either whole or
//! absent. Content-addressed files (photos, signatures, logo) are checked against their
//! hash before being trusted, so a damaged copy left by a crash is rewritten when the same
//! content arrives again. Also: reading with a size bound, refusing FIFOs and devices.
//! An original written once, never replaced: `once`.
use crate::reason::Reason;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

mod once;
pub mod photos;
pub mod signatures;
pub use once::write_once;

/// The suffix of a file being written; anything left with it after a crash is removed at
/// the next start ([`clean_partial_files`]).
pub const PARTIAL_SUFFIX: &str = ".partial";

/// Written into a data folder when its shop is created, so the folder is recognised as
/// used even before it holds any photo or form.
pub const MARKER_FILE_NAME: &str = ".garage-desk-shop";

pub(crate) const MARKER_TEXT: &[u8] =
    b"This folder holds a Garage Desk shop: garage-desk.sqlite3 is its database.\n";

/// The folders of the data folder that hold written files.
pub const DATA_SUBDIRS: [&str; 5] = ["photos", "signatures", "forms", "print", "logo"];

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Fsyncs a folder so a rename or a new entry in it survives a power cut.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    // Directories can be opened read-only and fsynced on Unix; elsewhere this is a no-op
    // the OS does not offer, so a failure to open is not an error.
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

/// Writes `bytes` to `path` durably: temp file, fsync, rename, fsync of the folder. The
/// folder must exist (`create_dir` says whether to make it). The temporary file is made
/// new, never opened through a link left at its name.
pub fn write_durably(path: &Path, bytes: &[u8], create_dir: bool) -> Result<()> {
    let (dir, partial) = partial_path(path)?;
    if create_dir {
        std::fs::create_dir_all(dir)?;
    }
    // A leftover under the temporary name (a crash, or a planted link) is removed, never
    // written through: removing a link removes the link, not what it points at.
    if let Err(e) = std::fs::remove_file(&partial) {
        if e.kind() != std::io::ErrorKind::NotFound {
            return Err(e.into());
        }
    }
    let written = (|| -> std::io::Result<()> {
        let mut file = create_exclusive(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&partial, path)?;
        sync_dir(dir)
    })();
    if let Err(e) = written {
        // A full disk leaves no half file behind under either name.
        let _ = std::fs::remove_file(&partial);
        return Err(e.into());
    }
    Ok(())
}

/// Writes `bytes` as `dir/name`, a file named by its content hash `sha256`: skipped when a
/// file with exactly that content is already there, rewritten when one is there but
/// damaged (zero length, cut short, flipped bytes).
pub fn write_content_addressed(dir: &Path, name: &str, sha256: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(name);
    if file_hash(&path)?.as_deref() == Some(sha256) {
        return Ok(());
    }
    write_durably(&path, bytes, true)
}

/// The folder of `path` and the temporary name its content is written under first.
pub(crate) fn partial_path(path: &Path) -> std::io::Result<(&Path, std::path::PathBuf)> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("a file path without a folder"))?;
    let file_name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("a file path without a name"))?;
    let mut partial_name = file_name.to_os_string();
    partial_name.push(PARTIAL_SUFFIX);
    Ok((dir, dir.join(partial_name)))
}

/// A new file at `path`: never one that is there already, and never through a link
/// (`O_EXCL` refuses any name that exists, `O_NOFOLLOW` says so again for links).
pub(crate) fn create_exclusive(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags =
            i32::try_from(rustix::fs::OFlags::NOFOLLOW.bits()).map_err(std::io::Error::other)?;
        options.custom_flags(flags);
    }
    options.open(path)
}

/// The SHA-256 of the file at `path`, `None` when there is none.
pub fn file_hash(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(sha256_hex(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Reads a regular file of at most `max` bytes. A FIFO, device or folder is refused
/// before anything is read (`field`/`code` name the message), and so is a larger file.
pub fn read_bounded(path: &Path, max: u64, field: &str, code_format: Reason) -> Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(CoreError::invalid(field, code_format));
    }
    // Checked again on the opened handle: the path may have been swapped for a FIFO or a
    // device between the two calls. A non-blocking open never waits for a FIFO's writer.
    let file = open_no_wait(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(CoreError::invalid(field, code_format));
    }
    if meta.len() > max {
        return Err(CoreError::invalid(field, Reason::FileTooLarge));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` also bounds a file that grows while it is read.
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(CoreError::invalid(field, Reason::FileTooLarge));
    }
    Ok(bytes)
}

#[cfg(target_os = "linux")]
fn open_no_wait(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK on Linux; on a regular file it changes nothing about the reads.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(0o4000)
        .open(path)
}

#[cfg(not(target_os = "linux"))]
fn open_no_wait(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Whether `part` is one plain name: a single normal component, with no separator,
/// drive (`C:x` on Windows replaces the path it is joined to), root, `.` or `..`.
pub fn is_plain_name(part: &str) -> bool {
    let mut parts = Path::new(part).components();
    !part.contains(['/', '\\', ':', '\0'])
        && matches!(parts.next(), Some(Component::Normal(n)) if n.to_str() == Some(part))
        && parts.next().is_none()
}

/// `rel` (parts joined by `/`) under `base`, or `None` unless every part is a plain name.
pub fn join_plain(base: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = base.to_path_buf();
    for part in rel.split('/') {
        if !is_plain_name(part) {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

/// A file name kept on record (an archived form, a photo, a signature) as a path in the
/// data folder. A database may come from a crafted bundle: a name that is absolute or
/// climbs out never reaches the viewer, a read or a write.
pub fn stored_path(data_dir: &Path, rel: &str) -> Result<PathBuf> {
    join_plain(data_dir, rel)
        .ok_or_else(|| CoreError::invalid("file_name", Reason::StoredNameRefused))
}

/// Opens `path` for reading only if it is a regular file: a link, FIFO, device or folder
/// is refused (`field`/`reason`) before it is opened, and again on the handle, opened
/// without following a link or waiting for a FIFO's writer (the path may be swapped
/// between the two).
pub fn open_regular(path: &Path, field: &str, reason: Reason) -> Result<File> {
    if !path.symlink_metadata()?.file_type().is_file() {
        return Err(CoreError::invalid(field, reason));
    }
    let file = open_no_follow(path)?;
    if !file.metadata()?.is_file() {
        return Err(CoreError::invalid(field, reason));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let flags = (OFlags::NOFOLLOW | OFlags::NONBLOCK).bits();
    let flags = i32::try_from(flags).map_err(std::io::Error::other)?;
    OpenOptions::new().read(true).custom_flags(flags).open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// The bytes free for this user on the disk that holds `dir`.
#[cfg(unix)]
pub fn free_space(dir: &Path) -> Result<u64> {
    let stat = rustix::fs::statvfs(dir).map_err(std::io::Error::from)?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// The bytes free on the disk that holds `dir` (the disk with the longest mount point
/// above it; `absolute`, not `canonicalize`, whose `\\?\` prefix no mount point has).
#[cfg(not(unix))]
pub fn free_space(dir: &Path) -> Result<u64> {
    let dir = std::path::absolute(dir)?;
    let disks = sysinfo::Disks::new_with_refreshed_list();
    Ok(disks
        .list()
        .iter()
        .filter(|d| dir.starts_with(d.mount_point()))
        .max_by_key(|d| d.mount_point().as_os_str().len())
        .map_or(u64::MAX, |d| d.available_space()))
}

/// Removes the temporary files a crash left behind in the data folder's file folders;
/// returns how many.
pub fn clean_partial_files(data_dir: &Path) -> usize {
    let mut removed = 0;
    for sub in DATA_SUBDIRS {
        let Ok(entries) = std::fs::read_dir(data_dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let is_partial = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.ends_with(PARTIAL_SUFFIX));
            if is_partial && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// Checks a Save as… target chosen by the user: a `.pdf` in a folder that exists, not
/// inside the data folder (the database and the archived originals live there), not a
/// link or a folder. Returns the path to write.
pub fn check_save_target(data_dir: &Path, target: &Path) -> Result<PathBuf> {
    check_file_target(data_dir, target, "pdf", Reason::SaveNotPdf)
}

/// [`check_save_target`] for a file ending in `.<ext>`; a name ending otherwise is
/// refused with `wrong_ext`.
pub fn check_file_target(
    data_dir: &Path,
    target: &Path,
    ext: &str,
    wrong_ext: Reason,
) -> Result<PathBuf> {
    let bad = |code: Reason| CoreError::invalid("path", code);
    let has_ext = target
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    let name = target.file_name().ok_or_else(|| bad(wrong_ext))?;
    if !has_ext || !target.is_absolute() {
        return Err(bad(wrong_ext));
    }
    let folder = target
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .filter(|p| p.is_dir())
        .ok_or_else(|| bad(Reason::SaveFolderMissing))?;
    let data = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_path_buf());
    if folder.starts_with(&data) {
        return Err(bad(Reason::SaveInsideData));
    }
    let path = folder.join(name);
    if let Ok(meta) = path.symlink_metadata() {
        if !meta.is_file() {
            return Err(bad(Reason::SaveNotAFile));
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_content_file_is_rewritten_when_the_same_content_comes_again() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let bytes = b"signature ink";
        let hash = sha256_hex(bytes);
        let name = format!("{hash}.png");
        std::fs::write(dir.path().join(&name), b"")?;
        write_content_addressed(dir.path(), &name, &hash, bytes)?;
        assert_eq!(
            std::fs::read(dir.path().join(&name))?,
            bytes,
            "a zero-length file left by a crash must not stand for the content"
        );
        Ok(())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let fifo = dir.path().join("logo.png");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status()?;
        assert!(made.success(), "mkfifo failed");
        let read = read_bounded(&fifo, 1024, "logo", Reason::LogoFormat);
        assert!(
            matches!(read, Err(CoreError::Invalid(_))),
            "a FIFO must be refused, got {read:?}"
        );
        // The handle check alone (as after a swap between the two calls) must not block.
        let file = open_no_wait(&fifo)?;
        assert!(!file.metadata()?.is_file());
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_link_left_at_a_durable_writes_temporary_name_is_replaced_not_followed() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"not yours")?;
        let path = dir.path().join("copy.pdf");
        std::os::unix::fs::symlink(&victim, dir.path().join("copy.pdf.partial"))?;
        write_durably(&path, b"%PDF copy", false)?;
        assert_eq!(std::fs::read(&path)?, b"%PDF copy");
        assert_eq!(
            std::fs::read(&victim)?,
            b"not yours",
            "the link's target is untouched"
        );
        Ok(())
    }

    #[test]
    fn leftover_partial_files_are_cleaned_and_nothing_else() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let photos = dir.path().join("photos");
        std::fs::create_dir_all(&photos)?;
        std::fs::write(photos.join("x.jpg.partial"), b"half")?;
        std::fs::write(photos.join("x.jpg"), b"whole")?;
        assert_eq!(clean_partial_files(dir.path()), 1);
        assert!(photos.join("x.jpg").exists());
        Ok(())
    }

    #[test]
    fn only_plain_names_join_a_path() {
        let base = Path::new("/data");
        assert_eq!(
            join_plain(base, "forms/a.pdf"),
            Some(base.join("forms").join("a.pdf"))
        );
        for bad in [
            "../x",
            "/etc/passwd",
            "C:x",
            "forms/../../x",
            "a\\b",
            "",
            "forms//a",
            "./a",
        ] {
            assert_eq!(
                join_plain(base, bad),
                None,
                "{bad:?} must not become a path"
            );
        }
        assert!(matches!(
            stored_path(base, "/etc/passwd"),
            Err(CoreError::Invalid(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_or_a_fifo_is_not_opened_as_a_regular_file() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let real = dir.path().join("real");
        std::fs::write(&real, b"x")?;
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link)?;
        assert!(open_regular(&real, "bundle", Reason::BundleNotAFile).is_ok());
        let refused = open_regular(&link, "bundle", Reason::BundleNotAFile);
        assert!(
            matches!(refused, Err(CoreError::Invalid(ref i)) if i[0].code == Reason::BundleNotAFile)
        );
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_before_it_is_read() {
        let err = read_bounded(Path::new("/dev/zero"), 1024, "photo", Reason::PhotoFormat);
        assert!(matches!(err, Err(CoreError::Invalid(ref i)) if i[0].code == "photo.format"));
    }
}
