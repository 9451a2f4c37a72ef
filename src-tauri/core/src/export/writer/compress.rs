//! The zstd side of bundles and backups: the one encoder they share, the database's
//! page stream compressed into a bundle (counted, and stopped by a cancel), and a local
//! backup packed the same way.
use std::io::Write;
use std::path::Path;

use super::stream::write_stream;
use crate::error::Result;
use crate::export::bundle::{ManifestFile, DB_PAGES_IN_BUNDLE};
use crate::export::moment::Moment;
use crate::export::progress::Tracker;
use crate::export::sealed::{BundleKey, SEALED_SUFFIX};

/// Streams the database's pages through zstd (and age) into the bundle, so the database
/// is written once, compressed, and a cancel stops it between pages.
pub(super) fn compress_database(
    moment: &Moment,
    partial: &Path,
    key: Option<&BundleKey>,
    tracker: &Tracker<'_>,
) -> Result<ManifestFile> {
    let rel = match key {
        Some(_) => format!("{DB_PAGES_IN_BUNDLE}{SEALED_SUFFIX}"),
        None => DB_PAGES_IN_BUNDLE.to_string(),
    };
    let (mut stored, _, ()) = write_stream(&partial.join(&rel), key, |out| {
        let mut encoder = zstd_encoder(out)?;
        feed(moment, &mut encoder, tracker)?;
        encoder.finish()?;
        Ok(())
    })?;
    stored.path = rel;
    Ok(stored)
}

/// The page stream into the compressor a mebibyte at a time (not a call per 4 KiB page).
fn feed(moment: &Moment, encoder: &mut impl Write, tracker: &Tracker<'_>) -> Result<()> {
    let mut chunks = std::io::BufWriter::with_capacity(
        1 << 20,
        Counting {
            inner: encoder,
            tracker,
        },
    );
    crate::export::pages::write_page_stream(moment, &mut chunks)?;
    chunks.flush()?;
    Ok(())
}

/// A writer that counts what passes through it and stops when the export is cancelled.
struct Counting<'w, 't, 'a, W> {
    inner: &'w mut W,
    tracker: &'t Tracker<'a>,
}

impl<W: Write> Write for Counting<'_, '_, '_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.tracker.go_on().is_err() {
            return Err(std::io::Error::other("export cancelled"));
        }
        let n = self.inner.write(buf)?;
        self.tracker.bytes(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The zstd encoder of every bundle and backup: level 1 with an 8 MiB window, on the
/// PC's cores (up to four, in jobs of 4 MiB; the frames are standard zstd whatever the
/// number of workers). Level 1 because the export is bound by the processor, not the stick: on
/// the demo shop's page stream, level 3 saves 4 % of the bytes for half again the time.
pub(crate) fn zstd_encoder<W: Write>(out: W) -> Result<zstd::stream::Encoder<'static, W>> {
    let mut encoder = zstd::stream::Encoder::new(out, 1)?;
    encoder.window_log(23)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if workers > 1 {
        encoder.multithread(workers as u32)?;
        // Jobs of 4 MiB rather than zstd's 32 MiB (four windows at this level): its
        // input ring is then 20 MiB instead of 160 MiB of fresh memory, and the export
        // takes a tenth less processor time for 0.1 % more bytes.
        encoder.set_parameter(zstd::stream::raw::CParameter::JobSize(4 << 20))?;
    }
    Ok(encoder)
}

/// The database of `moment` as a page stream compressed (zstd) into the new file `to`,
/// fsynced: a local backup.
pub(crate) fn pack_pages(moment: &Moment, to: &Path) -> Result<()> {
    let output = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let encoder = zstd_encoder(std::io::BufWriter::with_capacity(1 << 20, output))?;
    let mut pages = std::io::BufWriter::with_capacity(1 << 20, encoder);
    crate::export::pages::write_page_stream(moment, &mut pages)?;
    let encoder = pages.into_inner().map_err(|e| e.into_error())?;
    let output = encoder.finish()?.into_inner().map_err(|e| e.into_error())?;
    output.sync_all()?;
    Ok(())
}
