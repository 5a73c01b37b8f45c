//! The PostgreSQL test server, shared by `tests/postgres.rs` and the store bench
//! (`benches/store/store.rs`, which includes this file by path): its URL, and a store on a fresh
//! schema of it so runs never see one another's rows.

use careerkit_store::{Dialect, SqlOptions, SqlStore};

/// The server's URL from `CAREERKIT_TEST_POSTGRES_URL` (`scripts/services start` sets it), or
/// `None` with a notice on stderr. Under CI (`CI` set) a missing URL fails instead of skipping.
pub fn server_url() -> Option<String> {
    let Ok(url) = std::env::var("CAREERKIT_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CAREERKIT_TEST_POSTGRES_URL is not set under CI: run scripts/services start"
        );
        eprintln!("skipped: CAREERKIT_TEST_POSTGRES_URL is not set (scripts/services start)");
        return None;
    };
    Some(url)
}

/// Creates a new schema on the server at `url` and opens a store on it (migrations applied).
pub async fn fresh_schema(url: &str) -> SqlStore {
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let admin = SqlStore::connect(url, SqlOptions::default()).await.unwrap();
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
    store
}
