//! Interfaces a host app implements in Swift or Kotlin and hands to careerkit.

use std::sync::Arc;

use careerkit::store::{KeyProvider, OwnerId};

use crate::errors::CareerkitError;
use crate::types::ExtraSkill;

/// Supplies a product's own skills (from its database, a remote config, ...), added to the
/// shipped taxonomy when a `Careerkit` is built; a skill with an existing id replaces it.
#[uniffi::export(with_foreign)]
pub trait SkillSource: Send + Sync {
    /// The skills to add. Throwing a `CareerkitError` fails the engine's construction with it.
    fn skills(&self) -> Result<Vec<ExtraSkill>, CareerkitError>;
}

/// Where the app keeps each user's 32-byte data key (the iOS Keychain, the Android Keystore, a
/// key service). With one, `openWorkflow` seals sessions, artifacts and run records in the
/// database with XChaCha20-Poly1305 under the owner's key; the session files stay in the app's
/// sandbox as they are.
#[uniffi::export(with_foreign)]
pub trait HostKeyProvider: Send + Sync {
    /// The 32-byte key of `owner_id`. Called on every read and write of a sealed record: cache
    /// it in the app if fetching is slow. A thrown error fails that read or write with its kind.
    fn data_key(&self, owner_id: String) -> Result<Vec<u8>, CareerkitError>;
}

/// A [`HostKeyProvider`] as careerkit's [`KeyProvider`].
pub(crate) struct HostKeys(pub(crate) Arc<dyn HostKeyProvider>);

impl KeyProvider for HostKeys {
    fn data_key(&self, owner: &OwnerId) -> careerkit::Result<[u8; 32]> {
        let key = self
            .0
            .data_key(owner.as_str().to_owned())
            .map_err(|err| match err {
                CareerkitError::InvalidInput { reason } => careerkit::Error::invalid(reason),
                CareerkitError::PermissionDenied { reason } => {
                    careerkit::Error::PermissionDenied { message: reason }
                }
                CareerkitError::Cancelled { reason } => careerkit::Error::Cancelled { reason },
                other => careerkit::Error::Storage {
                    message: format!("the host's key provider failed: {other}"),
                },
            })?;
        <[u8; 32]>::try_from(key.as_slice()).map_err(|_| {
            careerkit::Error::invalid(format!(
                "the host's data key for {owner} has {} bytes; it must have 32",
                key.len()
            ))
        })
    }
}
