//! A large file made durable as it grows and read back from the target once there, so
//! the closing fsync waits for the tail only and the check reads nothing twice.
use std::io::Write;
use std::path::{Path, PathBuf};

/// A large file being written whose pages go to the disk as it grows, and are read back
/// from it once there: every 32 MiB a second handle's `fdatasync` runs on a thread of its
/// own, which then reads what it made durable back through a third handle and hashes it.
/// So the closing fsync waits for the tail only, the writing never waits for the disk,
/// and the file is read back and checked as it is written rather than all after.
pub(super) struct Durable {
    file: std::fs::File,
    path: PathBuf,
    written: u64,
    unsynced: u64,
    syncing: Option<std::thread::JoinHandle<std::io::Result<ReadBack>>>,
    /// `None` while a sync thread has it, or before the first.
    read_back: Option<ReadBack>,
}

/// The file read back from the target in order, hashed.
struct ReadBack {
    file: std::fs::File,
    hasher: sha2::Sha256,
    crc: crc32fast::Hasher,
    read: u64,
    buffer: Vec<u8>,
}

/// What the target gave back: its size, SHA-256 (hex) and CRC-32.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ReadBackSums {
    pub(super) size: u64,
    pub(super) sha256: String,
    pub(super) crc32: u32,
}

impl ReadBack {
    fn open(path: &Path) -> std::io::Result<Self> {
        use sha2::Digest;
        Ok(Self {
            file: std::fs::File::open(path)?,
            hasher: sha2::Sha256::new(),
            crc: crc32fast::Hasher::new(),
            read: 0,
            buffer: vec![0; 1 << 20],
        })
    }

    /// Reads and hashes the file on up to byte `end`.
    /// A file that ends sooner is read to its end: its size then tells.
    fn up_to(&mut self, end: u64) -> std::io::Result<()> {
        use sha2::Digest;
        use std::io::Read;
        while self.read < end {
            let n = (end - self.read).min(self.buffer.len() as u64) as usize;
            let got = self.file.read(&mut self.buffer[..n])?;
            if got == 0 {
                break;
            }
            self.hasher.update(&self.buffer[..got]);
            self.crc.update(&self.buffer[..got]);
            self.read += got as u64;
        }
        Ok(())
    }
}

impl Durable {
    const EVERY: u64 = 32 << 20;

    pub(super) fn new(file: std::fs::File, path: &Path) -> Self {
        Self {
            file,
            path: path.to_path_buf(),
            written: 0,
            unsynced: 0,
            syncing: None,
            read_back: None,
        }
    }

    /// Waits for the last background sync and read-back, telling its error.
    fn settle(&mut self) -> std::io::Result<()> {
        if let Some(thread) = self.syncing.take() {
            let read_back = thread
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the disk sync stopped")))?;
            self.read_back = Some(read_back);
        }
        Ok(())
    }

    fn take_read_back(&mut self) -> std::io::Result<ReadBack> {
        match self.read_back.take() {
            Some(read_back) => Ok(read_back),
            None => ReadBack::open(&self.path),
        }
    }

    /// Everything written made durable (fsync) and read back: what the target gave back.
    pub(super) fn finish(mut self) -> std::io::Result<ReadBackSums> {
        use sha2::Digest;
        self.settle()?;
        self.file.sync_all()?;
        let mut read_back = self.take_read_back()?;
        read_back.up_to(self.written)?;
        // A file longer than what was sent is read back longer.
        let mut past_the_end = [0u8; 1];
        let more = std::io::Read::read(&mut read_back.file, &mut past_the_end)?;
        let sums = ReadBackSums {
            size: read_back.read + more as u64,
            sha256: hex::encode(read_back.hasher.finalize()),
            crc32: read_back.crc.finalize(),
        };
        Ok(sums)
    }
}

impl Write for Durable {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        self.unsynced += n as u64;
        let idle = self.syncing.as_ref().is_none_or(|t| t.is_finished());
        if self.unsynced >= Self::EVERY && idle {
            self.settle()?;
            let handle = self.file.try_clone()?;
            let mut read_back = self.take_read_back()?;
            let end = self.written;
            self.syncing = Some(std::thread::spawn(move || {
                handle.sync_data()?;
                read_back.up_to(end)?;
                Ok(read_back)
            }));
            self.unsynced = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
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
    fn a_large_file_is_read_back_from_the_target_as_it_is_made_durable() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("large");
        let file = std::fs::File::create(&path).expect("file");
        let mut durable = Durable::new(file, &path);
        // Three syncs' worth and a tail, in odd pieces.
        let content: Vec<u8> = (0..(100u32 << 20) / 4 + 777)
            .flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes())
            .collect();
        for piece in content.chunks(3 << 20) {
            durable.write_all(piece).expect("write");
        }
        let read_back = durable.finish().expect("finish");
        assert_eq!(read_back.sha256, sha(&content));
        assert_eq!(read_back.crc32, crc32fast::hash(&content));
        assert_eq!(read_back.size, content.len() as u64);
    }

    #[test]
    fn what_the_target_holds_is_what_is_read_back_not_what_was_sent() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("small");
        let file = std::fs::File::create(&path).expect("file");
        let mut durable = Durable::new(file, &path);
        durable.write_all(b"the shop's rows").expect("write");
        // The stick changes a byte behind the writer's back.
        let mut other = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("other");
        std::io::Seek::seek(&mut other, std::io::SeekFrom::Start(4)).expect("seek");
        other.write_all(b"S").expect("flip");
        let read_back = durable.finish().expect("finish");
        assert_ne!(read_back.crc32, crc32fast::hash(b"the shop's rows"));
        assert_eq!(read_back.sha256, sha(b"the Shop's rows"));
    }

    #[test]
    fn a_file_the_target_cuts_short_or_lengthens_is_read_back_so() {
        let dir = tempfile::tempdir().expect("dir");
        for (change, size) in [(5u64, 5u64), (20, 16)] {
            let path = dir.path().join(format!("changed-{change}"));
            let file = std::fs::File::create(&path).expect("file");
            let mut durable = Durable::new(file, &path);
            durable.write_all(b"the shop's rows").expect("write");
            std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_len(change))
                .expect("changed");
            let read_back = durable.finish().expect("finish");
            assert_eq!(
                read_back.size, size,
                "15 bytes sent, {change} on the target"
            );
        }
    }
}
