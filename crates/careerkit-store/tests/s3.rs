//! The workspace conformance suite on S3-compatible object storage (feature `s3`), against the
//! server in `CAREERKIT_TEST_S3_ENDPOINT` (moto, started by `scripts/services start`). Without
//! the variable the test fails under CI (`CI` set) and is skipped with a notice otherwise.
#![cfg(feature = "s3")]
// Test code: helpers outside #[test] functions unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use careerkit_core::store::conformance::workspace_suite;
use careerkit_core::store::{Store, WorkspacePolicy};
use careerkit_store::{S3Bucket, S3Workspace, SqlOptions, SqlStore};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

#[tokio::test]
async fn workspace_conformance_s3() {
    let Ok(endpoint) = std::env::var("CAREERKIT_TEST_S3_ENDPOINT") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CAREERKIT_TEST_S3_ENDPOINT is not set under CI: run scripts/services start"
        );
        eprintln!("skipped: CAREERKIT_TEST_S3_ENDPOINT is not set (scripts/services start)");
        return;
    };
    let bucket = format!("careerkit-{}", uuid::Uuid::new_v4().simple());
    // moto accepts any credentials; create the bucket with a plain path-style PUT.
    let status = std::process::Command::new("curl")
        .args(["-fsS", "-X", "PUT", &format!("{endpoint}/{bucket}")])
        .status()
        .unwrap();
    assert!(status.success(), "creating the bucket failed");
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(
        SqlStore::open_sqlite(dir.path().join("s.db"), SqlOptions::default())
            .await
            .unwrap(),
    );
    let backend = S3Bucket::connect(&endpoint, "us-east-1", &bucket, "testing", "testing").unwrap();
    let ws = S3Workspace::new(backend, store.clone(), WorkspacePolicy::default());
    let pdf = std::fs::read(format!("{DATA}/resumes/pdf/rendercv__john_doe_classic.pdf")).unwrap();
    workspace_suite(Arc::new(ws), store, pdf).await;
}
