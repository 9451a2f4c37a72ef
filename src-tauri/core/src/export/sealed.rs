//! The optional passphrase of the export, in the age format: each bundle gets a fresh
//! key (an age X25519 identity) that only the passphrase opens (`key.age`, scrypt), and
//! every file of the bundle is encrypted to that key — one slow scrypt per bundle, not
//! one per file. The shop keeps no passphrase, only an Argon2 verifier so the window can
//! tell a mistyped one before exporting with it.
use std::io::{Read, Write};
use std::iter;
use std::path::Path;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{CoreError, Result};
use crate::reason::Reason;

pub use age::secrecy::SecretString as Passphrase;

/// The bundle's key file, opened by the passphrase.
pub const KEY_FILE: &str = "key.age";
/// What an encrypted file's name ends with.
pub const SEALED_SUFFIX: &str = ".age";
/// The shortest and the longest passphrase the shop may set.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
pub const MAX_PASSPHRASE_CHARS: usize = 1024;
/// The highest scrypt work factor a key file may ask of this machine (2^22: a few
/// seconds), so a hostile bundle cannot make the app work for hours.
const MAX_WORK_FACTOR: u8 = 22;

/// The key that encrypts one bundle's files.
pub struct BundleKey(age::x25519::Identity);

impl BundleKey {
    pub fn generate() -> Self {
        Self(age::x25519::Identity::generate())
    }

    /// The key file's bytes: the key encrypted with the passphrase.
    pub fn sealed_with(&self, passphrase: &SecretString) -> Result<Vec<u8>> {
        let recipient = age::scrypt::Recipient::new(passphrase.clone());
        let encryptor =
            age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
                .map_err(std::io::Error::other)?;
        let mut out = Vec::new();
        let mut writer = encryptor.wrap_output(&mut out)?;
        writer.write_all(self.0.to_string().expose_secret().as_bytes())?;
        writer.finish()?;
        Ok(out)
    }

    /// Opens a key file; a passphrase that does not open it is `bundle.wrong_passphrase`.
    pub fn open(key_file: &Path, passphrase: &SecretString) -> Result<Self> {
        let bytes =
            crate::files::read_bounded(key_file, 64 * 1024, "bundle", Reason::BundleDamaged)
                .map_err(|e| match e {
                    CoreError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                        CoreError::conflict(Reason::BundleDamaged)
                    }
                    other => other,
                })?;
        let decryptor = age::Decryptor::new_buffered(&bytes[..]).map_err(damaged)?;
        let mut identity = age::scrypt::Identity::new(passphrase.clone());
        identity.set_max_work_factor(MAX_WORK_FACTOR);
        let mut reader = decryptor
            .decrypt(iter::once(&identity as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::DecryptionFailed
                | age::DecryptError::NoMatchingKeys
                | age::DecryptError::KeyDecryptionFailed => {
                    CoreError::conflict(Reason::BundleWrongPassphrase)
                }
                other => damaged(other),
            })?;
        let mut text = String::new();
        reader.read_to_string(&mut text).map_err(damaged)?;
        let identity = age::x25519::Identity::from_str(text.trim())
            .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
        Ok(Self(identity))
    }

    /// A short name of the key (from its public half), for the shared store's folder.
    pub fn id(&self) -> String {
        let public = self.0.to_public().to_string();
        crate::files::sha256_hex(public.as_bytes())[..16].to_string()
    }

    /// The key of the encrypted data files shared on a target, for this passphrase: the
    /// key file `sealed/key-<id>.age` of the shared store `shared` that the passphrase
    /// opens, else a new key written there. Returns the key and its key file's bytes
    /// (each bundle carries a copy as its `key.age`, so it opens on its own).
    pub fn for_target(shared: &Path, passphrase: &SecretString) -> Result<(Self, Vec<u8>)> {
        let dir = shared.join(crate::export::bundle::SHARED_SEALED);
        let mut found: Vec<_> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("key-") && n.ends_with(SEALED_SUFFIX))
                })
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        // Newest first: the key of the passphrase in use now was made last. Keys of an
        // earlier passphrase do not open; a few tries at most (each a slow scrypt).
        found.sort_by_key(|p| {
            std::cmp::Reverse(std::fs::metadata(p).and_then(|m| m.modified()).ok())
        });
        for path in found.iter().take(8) {
            if let Ok(key) = Self::open(path, passphrase) {
                let bytes = std::fs::read(path)?;
                return Ok((key, bytes));
            }
        }
        let key = Self::generate();
        let bytes = key.sealed_with(passphrase)?;
        // Made below the target only, never again in place of a stick pulled out.
        if let Some(target) = shared.parent() {
            crate::export::bundle::folders_below(target, &dir)?;
        }
        crate::files::write_durably(
            &dir.join(format!("key-{}{SEALED_SUFFIX}", key.id())),
            &bytes,
            false,
        )?;
        Ok((key, bytes))
    }

    /// Wraps `output` so what is written to it is encrypted to this key.
    pub fn seal<W: Write>(&self, output: W) -> Result<age::stream::StreamWriter<W>> {
        let recipient = self.0.to_public();
        let encryptor =
            age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
                .map_err(std::io::Error::other)?;
        Ok(encryptor.wrap_output(output)?)
    }

    pub fn seal_bytes(&self, bytes: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(bytes.len() + 256);
        let mut writer = self.seal(&mut out)?;
        writer.write_all(bytes)?;
        writer.finish()?;
        Ok(out)
    }

    /// Wraps `input` so what is read from it is decrypted; an altered file fails with
    /// `bundle.damaged` while it is read.
    pub fn unseal<R: Read>(&self, input: R) -> Result<impl Read> {
        let decryptor = age::Decryptor::new(input).map_err(damaged)?;
        decryptor
            .decrypt(iter::once(&self.0 as &dyn age::Identity))
            .map_err(damaged)
    }

    pub fn unseal_bytes(&self, bytes: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(bytes.len());
        self.unseal(bytes)?
            .read_to_end(&mut out)
            .map_err(|_| CoreError::conflict(Reason::BundleDamaged))?;
        Ok(out)
    }

    /// The key as text, for a restore the window leaves for the next start: it is
    /// written only into the data folder, which holds the shop in clear anyway.
    pub fn to_text(&self) -> SecretString {
        self.0.to_string()
    }

    pub fn from_text(text: &str) -> Result<Self> {
        age::x25519::Identity::from_str(text)
            .map(Self)
            .map_err(|_| CoreError::invalid("bundle", Reason::BundleNotABundle))
    }
}

fn damaged<E>(_: E) -> CoreError {
    CoreError::conflict(Reason::BundleDamaged)
}

/// The verifier the shop stores for its passphrase (Argon2id, PHC string).
pub fn passphrase_verifier(passphrase: &SecretString) -> Result<String> {
    let chars = passphrase.expose_secret().chars().count();
    if !(MIN_PASSPHRASE_CHARS..=MAX_PASSPHRASE_CHARS).contains(&chars) {
        return Err(CoreError::invalid("passphrase", Reason::PassphraseLength));
    }
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(passphrase.expose_secret().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| std::io::Error::other(e.to_string()).into())
}

/// Whether `passphrase` is the one the verifier was made from.
pub fn passphrase_matches(verifier: &str, passphrase: &SecretString) -> bool {
    PasswordHash::new(verifier).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(passphrase.expose_secret().as_bytes(), &hash)
            .is_ok()
    })
}

/// A passphrase read from a file (`--passphrase-file`): its first line, without the
/// line end; an empty one is refused.
pub fn passphrase_from_file(path: &Path) -> Result<SecretString> {
    let bytes = crate::files::read_bounded(path, 4096, "passphrase", Reason::PassphraseLength)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CoreError::invalid("passphrase", Reason::PassphraseLength))?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(CoreError::invalid("passphrase", Reason::PassphraseLength));
    }
    Ok(SecretString::from(line.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verifier_accepts_the_passphrase_and_nothing_else() {
        let right = SecretString::from("correct horse".to_string());
        let verifier = passphrase_verifier(&right).expect("verifier");
        assert!(
            !verifier.contains("correct horse"),
            "the passphrase is never kept in clear"
        );
        assert!(passphrase_matches(&verifier, &right));
        assert!(!passphrase_matches(
            &verifier,
            &SecretString::from("correct horsf".to_string())
        ));
        assert!(passphrase_verifier(&SecretString::from("short".to_string())).is_err());
    }

    #[test]
    fn a_sealed_file_opens_with_its_key_only() {
        let key = BundleKey::generate();
        let sealed = key.seal_bytes(b"customers").expect("sealed");
        assert!(!sealed.windows(9).any(|w| w == b"customers"));
        assert_eq!(key.unseal_bytes(&sealed).expect("opened"), b"customers");
        assert!(BundleKey::generate().unseal_bytes(&sealed).is_err());
    }
}
