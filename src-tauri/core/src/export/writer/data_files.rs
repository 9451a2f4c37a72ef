//! The shop's data files (photos, signatures, signed forms, the logo) carried by a
//! bundle: listed with their sizes, then copied into the target's shared store, or
//! sealed into it when the bundle is encrypted; only what is not there already.
use std::collections::HashSet;
use std::path::Path;

use super::Job;
use crate::error::Result;
use crate::export::bundle::{folders_below, ManifestFile};
use crate::export::progress::Tracker;
use crate::export::sealed::{BundleKey, SEALED_SUFFIX};
use crate::export::EXPORTED_SUBDIRS;
use crate::files::{self, PARTIAL_SUFFIX};

/// A data file of the shop to carry, with its size for the totals.
pub(super) struct DataFile {
    sub: &'static str,
    name: String,
    pub(super) size: u64,
}

/// The data folder's files an export carries, sorted, with their sizes.
pub(super) fn list_data_files(data_dir: &Path) -> Result<Vec<DataFile>> {
    let mut listed = Vec::new();
    for sub in EXPORTED_SUBDIRS {
        let entries = match std::fs::read_dir(data_dir.join(sub)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let meta = entry.metadata()?;
            if meta.is_file() && !name.ends_with(PARTIAL_SUFFIX) {
                names.push(DataFile {
                    sub,
                    name,
                    size: meta.len(),
                });
            }
        }
        names.sort_by(|a, b| a.name.cmp(&b.name));
        listed.extend(names);
    }
    Ok(listed)
}

/// The data files as listed in the manifest, how many were copied and reused, and
/// those read whole on the target.
type DataFilesOut = (Vec<ManifestFile>, u64, u64, HashSet<String>);

/// Goes on with the next data file only while the bundle's temporary folder is there:
/// it is on the target, so when it is gone the stick went with it (a mount point left
/// behind on the PC's own disk must not receive the shop's files).
fn next_data_file(job: &Job<'_>, tracker: &Tracker<'_>) -> Result<()> {
    tracker.go_on()?;
    if !job.partial.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::NotFound).into());
    }
    Ok(())
}

/// Copies the data files into the target's shared store, only those not already there
/// with the same content.
pub(super) fn copy_data_files(
    job: &Job<'_>,
    data: &[DataFile],
    shared: &Path,
    tracker: &Tracker<'_>,
) -> Result<DataFilesOut> {
    let mut listed = Vec::new();
    let mut just_read = HashSet::new();
    let (mut copied, mut reused) = (0, 0);
    for file in data {
        next_data_file(job, tracker)?;
        let bytes = std::fs::read(job.data_dir.join(file.sub).join(&file.name))?;
        let sha256 = files::sha256_hex(&bytes);
        let dir = shared.join(file.sub);
        let rel = format!("{}/{}", file.sub, file.name);
        if files::file_hash(&dir.join(&file.name))?.as_deref() == Some(sha256.as_str()) {
            reused += 1;
            just_read.insert(rel.clone());
        } else {
            folders_below(job.target, &dir)?;
            files::write_durably(&dir.join(&file.name), &bytes, false)?;
            copied += 1;
        }
        tracker.bytes(bytes.len() as u64);
        tracker.file_done();
        listed.push(ManifestFile::stored(rel, bytes.len() as u64, sha256));
    }
    Ok((listed, copied, reused, just_read))
}

/// Encrypts the data files to the target's key into its shared store `store`
/// (`<sub>/<name>.age`): one already there that opens to the same content is kept, the
/// others are written; like the files in clear, a second export copies only what is new.
pub(super) fn seal_data_files(
    job: &Job<'_>,
    data: &[DataFile],
    key: &BundleKey,
    store: &Path,
    tracker: &Tracker<'_>,
) -> Result<DataFilesOut> {
    let mut listed = Vec::new();
    let mut just_read = HashSet::new();
    let (mut copied, mut reused) = (0, 0);
    for file in data {
        next_data_file(job, tracker)?;
        let bytes = std::fs::read(job.data_dir.join(file.sub).join(&file.name))?;
        let plain = files::sha256_hex(&bytes);
        let rel = format!("{}/{}", file.sub, file.name);
        let path = store
            .join(file.sub)
            .join(format!("{}{SEALED_SUFFIX}", file.name));
        let there = match std::fs::read(&path) {
            Ok(sealed) => key
                .unseal_bytes(&sealed)
                .ok()
                .filter(|opened| files::sha256_hex(opened) == plain)
                .map(|_| sealed),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        let sealed = match there {
            Some(sealed) => {
                reused += 1;
                just_read.insert(rel.clone());
                sealed
            }
            None => {
                let sealed = key.seal_bytes(&bytes)?;
                if let Some(dir) = path.parent() {
                    folders_below(job.target, dir)?;
                }
                files::write_durably(&path, &sealed, false)?;
                copied += 1;
                sealed
            }
        };
        tracker.bytes(bytes.len() as u64);
        tracker.file_done();
        let mut stored = ManifestFile::stored(rel, sealed.len() as u64, files::sha256_hex(&sealed));
        stored.plain_sha256 = Some(plain);
        listed.push(stored);
    }
    Ok((listed, copied, reused, just_read))
}
