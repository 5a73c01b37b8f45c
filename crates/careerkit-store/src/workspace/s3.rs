//! The S3-compatible [`BlobBackend`], through the `object_store` crate: AWS S3, MinIO, Ceph,
//! moto... Each segment becomes one object-key part (object_store percent-encodes characters
//! S3 keys should not hold), so a key cannot escape its owner's and session's prefix.

use std::sync::Arc;

use async_trait::async_trait;
use careerkit_core::{Error, Result};
use futures::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};

use super::BlobBackend;

/// A bucket holding workspaces.
#[derive(Debug, Clone)]
pub struct S3Bucket {
    store: Arc<dyn ObjectStore>,
}

fn storage(error: object_store::Error) -> Error {
    Error::Storage {
        message: error.to_string(),
    }
}

impl S3Bucket {
    /// Any `object_store` implementation (an `AmazonS3` configured by the product, or an
    /// in-memory store in tests).
    pub fn new(store: Arc<dyn ObjectStore>) -> Self {
        S3Bucket { store }
    }

    /// A bucket at an S3-compatible endpoint with static credentials (path-style requests;
    /// plain HTTP allowed when the endpoint says `http://`).
    ///
    /// # Errors
    /// [`Error::Storage`] for an unusable configuration.
    pub fn connect(
        endpoint: &str,
        region: &str,
        bucket: &str,
        access_key_id: &str,
        secret_access_key: &str,
    ) -> Result<Self> {
        let store = AmazonS3Builder::new()
            .with_endpoint(endpoint)
            .with_allow_http(endpoint.starts_with("http://"))
            .with_region(region)
            .with_bucket_name(bucket)
            .with_access_key_id(access_key_id)
            .with_secret_access_key(secret_access_key)
            .with_virtual_hosted_style_request(false)
            .build()
            .map_err(storage)?;
        Ok(S3Bucket::new(Arc::new(store)))
    }
}

fn path(key: &[&str]) -> Path {
    Path::from_iter(key.iter().copied())
}

#[async_trait]
impl BlobBackend for S3Bucket {
    async fn put(&self, key: &[&str], bytes: Vec<u8>) -> Result<()> {
        self.store
            .put(&path(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(storage)
    }

    async fn get(&self, key: &[&str]) -> Result<Option<Vec<u8>>> {
        match self.store.get(&path(key)).await {
            Ok(found) => Ok(Some(found.bytes().await.map_err(storage)?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(storage(error)),
        }
    }

    async fn list(&self, prefix: &[&str]) -> Result<Vec<Vec<String>>> {
        let prefix = path(prefix);
        let listed: Vec<_> = self
            .store
            .list(Some(&prefix))
            .try_collect()
            .await
            .map_err(storage)?;
        Ok(listed
            .into_iter()
            .filter_map(|meta| {
                meta.location
                    .prefix_match(&prefix)
                    .map(|rest| rest.map(|part| part.as_ref().to_owned()).collect())
            })
            .collect())
    }

    async fn delete(&self, key: &[&str]) -> Result<bool> {
        let key = path(key);
        match self.store.head(&key).await {
            Ok(_) => {}
            Err(object_store::Error::NotFound { .. }) => return Ok(false),
            Err(error) => return Err(storage(error)),
        }
        self.store.delete(&key).await.map_err(storage)?;
        Ok(true)
    }
}
