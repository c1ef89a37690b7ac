//! The signature of every cash transaction, as Skatteetaten's validator checks it:
//! SHA1withRSA (PKCS#1 v1.5) with a 1024-bit key, public exponent 65537, base64, over
//! `previousSignature;transDate;transTime;nr;transAmntIn;transAmntEx`.
//!
//! The private key is made at first start and kept in a file beside the database, readable by
//! its owner only (0600); its public half goes into the database (`signing_keys`) under a
//! version, so every signature ever made still verifies after a key is replaced. A till that
//! lost its key file makes a new one under the next version and the chain goes on from the
//! last signature: the break is visible, not hidden.

use super::BooksError;
use crate::store::Store;
use base64::Engine as _;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePublicKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use std::path::{Path, PathBuf};

/// The key size the standard asks for.
pub const KEY_BITS: usize = 1024;

/// The signature string of a till's first transaction has `0` for the previous signature.
pub const FIRST_PREVIOUS: &str = "0";

/// The private key of this till and the version its public half is stored under.
pub struct Signer {
    key: SigningKey<Sha1>,
    public_pem: String,
    version: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The private key never reaches a log line.
        f.debug_struct("Signer")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// Where the private key of the database at `database` lives: beside it.
pub fn key_path(database: &Path) -> PathBuf {
    let mut name = database
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "kasse".into());
    name.push(".signing-key.pem");
    database.with_file_name(name)
}

impl Signer {
    /// Loads the till's key, or makes one (first start, or a lost key file), and makes sure its
    /// public half is stored with a version.
    pub fn load_or_create(store: &mut Store, key_file: &Path) -> Result<Signer, BooksError> {
        let key_err = |reason: String| BooksError::Key {
            path: key_file.to_path_buf(),
            reason,
        };
        let private = if key_file.exists() {
            check_private(key_file).map_err(key_err)?;
            let pem = std::fs::read_to_string(key_file).map_err(|e| key_err(e.to_string()))?;
            RsaPrivateKey::from_pkcs1_pem(&pem).map_err(|e| key_err(e.to_string()))?
        } else {
            let mut rng = rsa::rand_core::OsRng;
            let key = RsaPrivateKey::new(&mut rng, KEY_BITS).map_err(|e| key_err(e.to_string()))?;
            let pem = key
                .to_pkcs1_pem(LineEnding::LF)
                .map_err(|e| key_err(e.to_string()))?;
            write_private(key_file, pem.as_bytes()).map_err(|e| key_err(e.to_string()))?;
            tracing::info!(path = %key_file.display(), "made a new signing key for the electronic journal");
            key
        };
        if private.size() * 8 != KEY_BITS || private.e() != &rsa::BigUint::from(65_537u32) {
            return Err(key_err(format!(
                "the key must be {KEY_BITS} bits with public exponent 65537"
            )));
        }
        let public_pem = RsaPublicKey::from(&private)
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| key_err(e.to_string()))?;
        let version = super::journal::key_version_for(store, &public_pem)?;
        Ok(Signer {
            key: SigningKey::<Sha1>::new(private),
            public_pem,
            version,
        })
    }

    /// The base64 signature of `text`.
    pub fn sign(&self, text: &str) -> String {
        let sig: Signature = self.key.sign(text.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(sig.to_bytes())
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// The public key as PEM (`BEGIN PUBLIC KEY`), for the product declaration.
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }
}

/// Whether `signature` (base64) is the SHA1withRSA signature of `text` by `public_pem`.
pub fn verify(public_pem: &str, text: &str, signature: &str) -> bool {
    let Ok(public) = RsaPublicKey::from_public_key_pem(public_pem) else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(signature) else {
        return false;
    };
    let Ok(sig) = Signature::try_from(bytes.as_slice()) else {
        return false;
    };
    VerifyingKey::<Sha1>::new(public)
        .verify(text.as_bytes(), &sig)
        .is_ok()
}

/// The text a cash transaction's signature is made over. Amounts are minor units, written with
/// a `.` and two decimals.
pub fn signed_text(
    previous: &str,
    date: &str,
    time: &str,
    nr: &str,
    amount_in: i64,
    amount_ex: i64,
) -> String {
    format!(
        "{previous};{date};{time};{nr};{};{}",
        decimal(amount_in),
        decimal(amount_ex)
    )
}

/// Minor units as `-12.50`.
pub fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| e.to_string())?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "the signing key is open to other users (mode {:03o}): chmod 600 it",
            mode & 0o777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), String> {
    Ok(())
}

/// Writes the key owner-only, new file only (never over an existing key), and syncs it before
/// the first signature relies on it.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_with_two_decimals() {
        assert_eq!(decimal(0), "0.00");
        assert_eq!(decimal(-40), "-0.40");
        assert_eq!(decimal(29_540), "295.40");
        assert_eq!(
            signed_text("0", "2026-12-01", "09:00:00", "1", 8_640, 7_512),
            "0;2026-12-01;09:00:00;1;86.40;75.12"
        );
    }
}
