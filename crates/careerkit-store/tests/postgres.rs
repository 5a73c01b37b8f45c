//! The conformance suite on PostgreSQL (feature `postgres`), against the server whose URL is
//! in `CAREERKIT_TEST_POSTGRES_URL` (`scripts/services start` sets it). Each test uses its own
//! schema, so runs never see one another's rows. Without the variable the tests fail under CI
//! (`CI` set) and are skipped with a notice otherwise.
#![cfg(feature = "postgres")]
// Test code: helpers outside #[test] functions unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use careerkit_core::store::conformance::{queue_suite, store_suite};
use careerkit_store::SqlStore;

mod common {
    pub mod postgres;
}
use common::postgres;

/// A store on a fresh schema of the test server, or `None` (skip) outside CI.
async fn fresh() -> Option<SqlStore> {
    Some(postgres::fresh_schema(&postgres::server_url()?).await)
}

#[tokio::test]
async fn store_conformance_postgres() {
    if let Some(store) = fresh().await {
        let store = Arc::new(store);
        store_suite(store.clone(), store).await;
    }
}

#[tokio::test]
async fn queue_conformance_postgres() {
    if let Some(store) = fresh().await {
        queue_suite(Arc::new(store)).await;
    }
}
