//! An original written once and never replaced (the signed PDFs of `forms/`): the
//! temporary file is made new and never through a link, and it is given the final name
//! by a hard link, which fails when anything has that name, so no check-then-rename race
//! can replace a signed original.
use std::io::Write;
use std::path::Path;

use super::{create_exclusive, partial_path, sync_dir};
use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// Writes `bytes` to `path` only if nothing is there yet (an archived original is written
/// once). Refused with `Conflict { archive.exists }` when something is at `path`, checked
/// by the publish itself so that no check-then-rename race can replace an original, and
/// with `Conflict { archive.busy }` when something is already at the temporary name (a
/// second writer, or a planted link, which is never followed).
pub fn write_once(path: &Path, bytes: &[u8]) -> Result<()> {
    let (dir, partial) = partial_path(path)?;
    std::fs::create_dir_all(dir)?;
    let mut file = match create_exclusive(&partial) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists || is_symlink_loop(&e) => {
            return Err(CoreError::conflict(Reason::ArchiveBusy));
        }
        Err(e) => return Err(e.into()),
    };
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let published = written.and_then(|()| publish_no_replace(&partial, path));
    // The temporary name goes in every case: after the link it is a second name of the
    // original, after a failure a half file.
    let _ = std::fs::remove_file(&partial);
    match published {
        Ok(()) => Ok(sync_dir(dir)?),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(CoreError::conflict(Reason::ArchiveExists))
        }
        Err(e) => Err(e.into()),
    }
}

fn is_symlink_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Gives the written `partial` the name `path` only if nothing has that name: a hard
/// link fails with `AlreadyExists` whatever is there (a file, a folder, a link, even a
/// dangling one), where a rename would replace it. A file system without hard links
/// (FAT) falls back to a rename after a last look, the best it offers.
fn publish_no_replace(partial: &Path, path: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(partial, path) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::Unsupported | std::io::ErrorKind::PermissionDenied
            ) =>
        {
            if path.symlink_metadata().is_ok() {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            std::fs::rename(partial, path)
        }
        linked => linked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_original_is_written_once() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("forms").join("a.pdf");
        write_once(&path, b"first")?;
        let again = write_once(&path, b"second");
        assert!(matches!(again, Err(CoreError::Conflict { ref code }) if code == "archive.exists"));
        assert_eq!(std::fs::read(&path)?, b"first");
        assert!(
            !dir.path().join("forms/a.pdf.partial").exists(),
            "the refused write leaves no temporary file"
        );
        Ok(())
    }

    #[test]
    fn a_file_that_appears_while_the_original_is_written_is_never_replaced() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.pdf");
        // What a racing writer does between a check and a rename: the final name is taken
        // after the temporary file is complete.
        std::fs::write(dir.path().join("a.pdf.partial"), b"ours")?;
        std::fs::write(&path, b"signed original")?;
        let published = publish_no_replace(&dir.path().join("a.pdf.partial"), &path);
        assert_eq!(
            published.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read(&path)?, b"signed original");
        Ok(())
    }

    #[test]
    fn writers_racing_for_one_original_leave_exactly_one_whole_file() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("forms").join("race.pdf");
        let results: Vec<(usize, Result<()>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let path = &path;
                    scope.spawn(move || (i, write_once(path, format!("writer {i}").as_bytes())))
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        let winners: Vec<usize> = results
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(i, _)| *i)
            .collect();
        assert_eq!(winners.len(), 1, "exactly one writer wins: {results:?}");
        for (_, r) in &results {
            if let Err(e) = r {
                assert!(
                    matches!(e, CoreError::Conflict { code } if *code == Reason::ArchiveExists || *code == Reason::ArchiveBusy),
                    "a loser is told why: {e:?}"
                );
            }
        }
        assert_eq!(
            std::fs::read(&path)?,
            format!("writer {}", winners[0]).as_bytes(),
            "the file is the winner's, never replaced by a later writer"
        );
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_temporary_name_is_not_followed() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let forms = dir.path().join("forms");
        std::fs::create_dir_all(&forms)?;
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"not yours")?;
        std::os::unix::fs::symlink(&victim, forms.join("a.pdf.partial"))?;
        let dangling = dir.path().join("would-be-created.txt");
        std::os::unix::fs::symlink(&dangling, forms.join("b.pdf.partial"))?;

        for name in ["a.pdf", "b.pdf"] {
            let refused = write_once(&forms.join(name), b"%PDF signed");
            assert!(
                matches!(refused, Err(CoreError::Conflict { code }) if code == Reason::ArchiveBusy),
                "{name}: {refused:?}"
            );
            assert!(!forms.join(name).exists(), "{name}: nothing is published");
        }
        assert_eq!(
            std::fs::read(&victim)?,
            b"not yours",
            "the link's target is untouched"
        );
        assert!(
            !dangling.exists(),
            "a dangling link does not create its target"
        );
        Ok(())
    }
}
