//! Encryption at rest for the JSON the store keeps (profiles, document versions, artifacts,
//! checkpoints, event payloads, approval arguments, audit details, session titles).
//!
//! Each value is stored as one byte of format, then the body: `0x00` + the JSON as is (no
//! [`KeyProvider`]), or `0x01` + a random 24-byte nonce + the XChaCha20-Poly1305 ciphertext of
//! the JSON, with `owner \0 table \0 record id` as associated data. A sealed value copied to
//! another owner's or another record's row therefore fails to open instead of leaking.

use std::sync::Arc;

use careerkit_core::store::{KeyProvider, OwnerId};
use careerkit_core::{Error, Result};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde_json::Value;

const PLAIN: u8 = 0;
const SEALED: u8 = 1;
const NONCE_LEN: usize = 24;

/// Turns JSON into stored bytes and back, sealing when a key provider is set.
#[derive(Clone, Default)]
pub(crate) struct Codec {
    keys: Option<Arc<dyn KeyProvider>>,
}

/// Where a value lives, bound into the ciphertext.
pub(crate) struct Slot<'a> {
    pub owner: &'a OwnerId,
    pub table: &'a str,
    pub record: &'a str,
}

impl Slot<'_> {
    fn associated_data(&self) -> Vec<u8> {
        [self.owner.as_str(), self.table, self.record]
            .join("\0")
            .into_bytes()
    }
}

impl Codec {
    /// A codec that seals with `keys` (`None`: stores plain JSON).
    pub(crate) fn new(keys: Option<Arc<dyn KeyProvider>>) -> Self {
        Codec { keys }
    }

    /// The stored form of `value`.
    pub(crate) fn seal(&self, slot: &Slot<'_>, value: &Value) -> Result<Vec<u8>> {
        let json = serde_json::to_vec(value)?;
        let Some(keys) = &self.keys else {
            let mut out = Vec::with_capacity(json.len() + 1);
            out.push(PLAIN);
            out.extend_from_slice(&json);
            return Ok(out);
        };
        let cipher = XChaCha20Poly1305::new(&keys.data_key(slot.owner)?.into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = slot.associated_data();
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: &json,
                    aad: &aad,
                },
            )
            .map_err(|_| storage("sealing failed"))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(SEALED);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The value back from its stored form.
    pub(crate) fn open(&self, slot: &Slot<'_>, stored: &[u8]) -> Result<Value> {
        match stored.split_first() {
            Some((&PLAIN, json)) => Ok(serde_json::from_slice(json)?),
            Some((&SEALED, rest)) if rest.len() > NONCE_LEN => {
                let keys = self
                    .keys
                    .as_ref()
                    .ok_or_else(|| storage("a sealed record needs a key provider"))?;
                let cipher = XChaCha20Poly1305::new(&keys.data_key(slot.owner)?.into());
                let (nonce, body) = rest.split_at(NONCE_LEN);
                let aad = slot.associated_data();
                let json = cipher
                    .decrypt(
                        XNonce::from_slice(nonce),
                        Payload {
                            msg: body,
                            aad: &aad,
                        },
                    )
                    .map_err(|_| {
                        storage(&format!(
                            "{} {} does not open with the owner's key",
                            slot.table, slot.record
                        ))
                    })?;
                Ok(serde_json::from_slice(&json)?)
            }
            _ => Err(storage(&format!(
                "{} {} has an unknown stored format",
                slot.table, slot.record
            ))),
        }
    }
}

fn storage(message: &str) -> Error {
    Error::Storage {
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl KeyProvider for Fixed {
        fn data_key(&self, owner: &OwnerId) -> Result<[u8; 32]> {
            Ok([owner.as_str().len() as u8; 32])
        }
    }

    #[test]
    fn sealed_values_open_only_in_their_slot() {
        let codec = Codec::new(Some(Arc::new(Fixed)));
        let alice = OwnerId::new("alice").unwrap();
        let bob = OwnerId::new("bobby").unwrap();
        let slot = |owner, record| Slot {
            owner,
            table: "profiles",
            record,
        };
        let value = serde_json::json!({"name": "Jane Q. Candidate"});
        let stored = codec.seal(&slot(&alice, "p1"), &value).unwrap();
        assert_eq!(stored[0], SEALED);
        assert!(!String::from_utf8_lossy(&stored).contains("Candidate"));
        assert_eq!(codec.open(&slot(&alice, "p1"), &stored).unwrap(), value);
        assert!(codec.open(&slot(&alice, "p2"), &stored).is_err());
        assert!(codec.open(&slot(&bob, "p1"), &stored).is_err());
        let mut tampered = stored.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(codec.open(&slot(&alice, "p1"), &tampered).is_err());
        // Without keys: plain, and sealed rows refuse to open.
        let plain = Codec::default();
        assert!(plain.open(&slot(&alice, "p1"), &stored).is_err());
        let stored = plain.seal(&slot(&alice, "p1"), &value).unwrap();
        assert_eq!(plain.open(&slot(&alice, "p1"), &stored).unwrap(), value);
    }
}
