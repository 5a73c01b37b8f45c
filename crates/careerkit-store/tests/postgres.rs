//! The conformance suite on PostgreSQL (feature `postgres`), against the server whose URL is
//! in `CAREERKIT_TEST_POSTGRES_URL` (`scripts/services start` sets it). Each test uses its own
//! schema, so runs never see one another's rows. Without the variable the tests fail under CI
//! (`CI` set) and are skipped with a notice otherwise.
#![cfg(feature = "postgres")]
// Test code: helpers outside #[test] functions unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use careerkit_core::store::conformance::{queue_suite, store_suite};
use careerkit_store::{Dialect, SqlOptions, SqlStore};

/// A store on a fresh schema of the test server, or `None` (skip) outside CI.
async fn fresh() -> Option<SqlStore> {
    let Ok(url) = std::env::var("CAREERKIT_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CAREERKIT_TEST_POSTGRES_URL is not set under CI: run scripts/services start"
        );
        eprintln!("skipped: CAREERKIT_TEST_POSTGRES_URL is not set (scripts/services start)");
        return None;
    };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let admin = SqlStore::connect(&url, SqlOptions::default())
        .await
        .unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(admin.pool())
        .await
        .unwrap();
    admin.close().await;
    let separator = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{separator}options=-csearch_path%3D{schema}");
    let store = SqlStore::connect(&scoped, SqlOptions::default())
        .await
        .unwrap();
    assert_eq!(store.dialect(), Dialect::Postgres);
    Some(store)
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
