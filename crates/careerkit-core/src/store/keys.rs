//! Keys for encryption at rest. The product supplies one 256-bit data key per owner (from its
//! KMS, a vault, a derived key...); engines seal profile, document and other personal JSON
//! with it, so the raw database holds none of a resume's personal data. Deleting an owner's key
//! also makes any copy of their sealed rows unreadable (crypto-shredding).

use crate::Result;

use super::OwnerId;

/// Supplies the data key that seals one owner's records.
///
/// ```
/// use careerkit_core::store::{KeyProvider, OwnerId};
///
/// struct OneKey([u8; 32]);
/// impl KeyProvider for OneKey {
///     fn data_key(&self, _owner: &OwnerId) -> careerkit_core::Result<[u8; 32]> {
///         Ok(self.0)
///     }
/// }
/// let key = OneKey([7; 32]).data_key(&OwnerId::new("u1")?)?;
/// assert_eq!(key.len(), 32);
/// # Ok::<(), careerkit_core::Error>(())
/// ```
pub trait KeyProvider: Send + Sync {
    /// The 32-byte key for `owner`. Called on every seal and open; cache inside if fetching
    /// is slow.
    ///
    /// # Errors
    /// Whatever the product's key source reports (usually [`crate::Error::Storage`] or
    /// [`crate::Error::PermissionDenied`]).
    fn data_key(&self, owner: &OwnerId) -> Result<[u8; 32]>;
}
