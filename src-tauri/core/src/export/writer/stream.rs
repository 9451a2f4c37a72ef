//! One file of a bundle written as a stream: the filling thread hands chunks to a
//! writing thread that seals them (age, when encrypting) and writes them, keeping the
//! size and CRC-32 sent and the SHA-256 in clear, then compares what was sent with what
//! the target gives back ([`Durable`]).
use std::io::Write;
use std::path::Path;

use super::durable::Durable;
use crate::error::{CoreError, Result};
use crate::export::bundle::ManifestFile;
use crate::export::sealed::BundleKey;
use crate::reason::Reason;

/// Creates `path` with what `fill` writes (through age to `key` when encrypting), its
/// pages sent to the disk as it grows, fsynced. The file as
/// stored (path left empty), the SHA-256 of the content in clear when encrypted, and
/// what `fill` returned. Sealing and writing run on a thread of their own, so the thread
/// that fills the file (reading the database, say) goes on meanwhile. The file is read
/// back from the target as it is made durable ([`Durable`]): its SHA-256 is that of the
/// bytes read back, and they must be the bytes sent (same size and CRC-32, taken on the
/// way out), else `export.verify_failed`. One SHA-256 per file, not two: they cost a
/// tenth of the export.
pub(super) fn write_stream<T>(
    path: &Path,
    key: Option<&BundleKey>,
    fill: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<(ManifestFile, Option<String>, T)> {
    let output = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let (chunks, arrived) = std::sync::mpsc::sync_channel::<Vec<u8>>(Handoff::QUEUED);
    let (spare, returned) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let writing = scope.spawn(move || -> Result<(ManifestFile, Option<String>)> {
            let mut output = Summed::new(std::io::BufWriter::with_capacity(
                1 << 20,
                Durable::new(output, path),
            ));
            // Each chunk written, its buffer sent back to be filled again.
            let drain = |out: &mut dyn Write| -> std::io::Result<()> {
                for chunk in arrived {
                    out.write_all(&chunk)?;
                    let _ = spare.send(chunk);
                }
                Ok(())
            };
            let (output, plain_sha256) = match key {
                None => {
                    drain(&mut output)?;
                    (output, None)
                }
                Some(key) => {
                    let mut plain = Hashed::new(key.seal(output)?);
                    drain(&mut plain)?;
                    let (_, plain_sha256, sealed) = plain.into_parts();
                    (sealed.finish()?, Some(plain_sha256))
                }
            };
            let (sent, file) = output.into_parts();
            let read_back = file.into_inner().map_err(|e| e.into_error())?.finish()?;
            // Read back from the target and found different: a stick that does not keep
            // what it is given.
            if (read_back.size, read_back.crc32) != (sent.size, sent.crc32) {
                return Err(CoreError::conflict(Reason::ExportVerifyFailed));
            }
            Ok((
                ManifestFile::stored(String::new(), read_back.size, read_back.sha256),
                plain_sha256,
            ))
        });
        let mut handoff = Handoff {
            chunk: Vec::new(),
            chunks: Some(chunks),
            returned,
        };
        let filled = fill(&mut handoff).and_then(|value| {
            handoff.close()?;
            Ok(value)
        });
        // Whatever happened, the writing thread ends: its channel closes with `handoff`.
        drop(handoff);
        let written = writing
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the file writing stopped").into()));
        // The writing's own error (a full stick, one pulled out) before the filling's,
        // which then only says the hand-off broke.
        let (stored, plain_sha256) = written?;
        Ok((stored, plain_sha256, filled?))
    })
}

/// What a thread filling a file writes: handed, a mebibyte at a time, to the thread
/// writing the file ([`write_stream`]), the buffers coming back to be filled again.
struct Handoff {
    chunk: Vec<u8>,
    chunks: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    returned: std::sync::mpsc::Receiver<Vec<u8>>,
}

impl Handoff {
    const CHUNK: usize = 1 << 20;
    /// Chunks waiting for the writing thread before the filling one waits.
    const QUEUED: usize = 4;

    fn send(&mut self) -> std::io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let next = self
            .returned
            .try_recv()
            .map(|mut spare| {
                spare.clear();
                spare
            })
            .unwrap_or_else(|_| Vec::with_capacity(Self::CHUNK));
        let full = std::mem::replace(&mut self.chunk, next);
        match &self.chunks {
            Some(chunks) if chunks.send(full).is_ok() => Ok(()),
            _ => Err(std::io::Error::other("the file writing stopped")),
        }
    }

    /// Sends what is left and tells the writing thread that the file is whole.
    fn close(&mut self) -> std::io::Result<()> {
        self.send()?;
        self.chunks = None;
        Ok(())
    }
}

impl Write for Handoff {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.chunk.capacity() == 0 {
            self.chunk.reserve_exact(Self::CHUNK);
        }
        let n = buf.len().min(Self::CHUNK - self.chunk.len());
        self.chunk.extend_from_slice(&buf[..n]);
        if self.chunk.len() == Self::CHUNK {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A file being written, with its size and CRC-32 kept as the bytes go by.
struct Summed<W> {
    inner: W,
    crc: crc32fast::Hasher,
    size: u64,
}

/// What was sent to a file: its size and CRC-32.
struct Sent {
    size: u64,
    crc32: u32,
}

impl<W: Write> Summed<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            crc: crc32fast::Hasher::new(),
            size: 0,
        }
    }

    /// What was sent, and the writer (not flushed).
    fn into_parts(self) -> (Sent, W) {
        let sent = Sent {
            size: self.size,
            crc32: self.crc.finalize(),
        };
        (sent, self.inner)
    }
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A file being written, with its size and SHA-256 kept as the bytes go by.
struct Hashed<W> {
    inner: W,
    hasher: sha2::Sha256,
    size: u64,
}

impl<W: Write> Hashed<W> {
    fn new(inner: W) -> Self {
        use sha2::Digest;
        Self {
            inner,
            hasher: sha2::Sha256::new(),
            size: 0,
        }
    }

    /// The size, the hex SHA-256 and the writer (not flushed).
    fn into_parts(self) -> (u64, String, W) {
        use sha2::Digest;
        (self.size, hex::encode(self.hasher.finalize()), self.inner)
    }
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files;

    fn sha(bytes: &[u8]) -> String {
        files::sha256_hex(bytes)
    }

    #[test]
    fn a_stream_written_through_the_hand_off_is_whole_and_hashed() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("stream");
        let content: Vec<u8> = (0..5_000_000u32).map(|i| (i % 251) as u8).collect();
        let (stored, plain, value) = write_stream(&path, None, |out| {
            for piece in content.chunks(70_001) {
                out.write_all(piece)?;
            }
            Ok(42)
        })
        .expect("written");
        assert_eq!(value, 42);
        assert_eq!(plain, None);
        assert_eq!(stored.size, content.len() as u64);
        assert_eq!(stored.sha256, sha(&content));
        assert!(std::fs::read(&path).expect("read") == content);

        // The filling's error comes out.
        let failed = write_stream(&dir.path().join("failed"), None, |out| -> Result<()> {
            out.write_all(b"half")?;
            Err(std::io::Error::other("cancelled").into())
        });
        assert!(failed.is_err());
    }
}
