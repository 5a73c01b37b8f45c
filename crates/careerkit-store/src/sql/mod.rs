//! One SQL engine for the [`Store`](careerkit_core::store::Store) and
//! [`Queue`](careerkit_core::store::Queue) ports on SQLite (default) and PostgreSQL.
//!
//! Both databases run the same statements through sqlx's `Any` driver (`$1`-style parameters
//! work on both; times are integer milliseconds, flags 0/1), so the two engines cannot drift
//! apart; only the migrations (column types, identity columns) and a few clauses differ, in
//! [`Dialect`]. Store and queue share the database, which is what lets a state transition
//! enqueue its jobs in the same transaction.
//!
//! SQLite: WAL, a 30 s busy timeout, and every write transaction starts with `BEGIN IMMEDIATE`
//! (the write lock is taken up front, so a transaction never fails half way with "database is
//! locked"); writers of one process also queue on an async mutex instead of spinning in
//! SQLite's busy handler.

mod export;
mod queue;
mod rows;
mod store;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use careerkit_core::store::{KeyProvider, RetryPolicy};
use careerkit_core::{Error, Result};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Any, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::seal::Codec;

/// Which database a [`SqlStore`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Options for opening a [`SqlStore`].
#[derive(Clone, Default)]
pub struct SqlOptions {
    /// Seals personal JSON at rest with the owner's key (see [`KeyProvider`]).
    pub keys: Option<Arc<dyn KeyProvider>>,
    /// Backoff between a failed job's attempts.
    pub retry: RetryPolicy,
    /// Pool size (default: 8 for SQLite, 16 for PostgreSQL).
    pub max_connections: Option<u32>,
}

/// The SQL engine: a [`Store`](careerkit_core::store::Store) and a
/// [`Queue`](careerkit_core::store::Queue) over one database.
///
/// ```no_run
/// # async fn demo() -> careerkit_core::Result<()> {
/// use careerkit_core::store::{OwnerId, Store};
/// use careerkit_store::SqlStore;
///
/// let store = SqlStore::open_sqlite("careerkit.db", Default::default()).await?;
/// let owner = OwnerId::new("user-1")?;
/// let session = store.create_session(&owner, "Data engineer at Acme", false).await?;
/// assert_eq!(store.get_session(&owner, &session.id).await?.title, "Data engineer at Acme");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    dialect: Dialect,
    codec: Codec,
    retry: RetryPolicy,
    /// Serialises this process's SQLite writers (`None` on PostgreSQL).
    write_lock: Option<Arc<Mutex<()>>>,
}

/// A write transaction, holding the process's SQLite write turn while it lives.
pub(crate) struct WriteTx {
    /// Declared first so it is dropped (rolled back) before the turn is released.
    pub(crate) tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl SqlStore {
    /// Opens (creating if needed) an SQLite database file and applies the migrations.
    ///
    /// # Errors
    /// [`Error::Storage`] when the file cannot be opened or migrated.
    pub async fn open_sqlite(path: impl AsRef<Path>, options: SqlOptions) -> Result<Self> {
        let url = format!("sqlite://{}?mode=rwc", path.as_ref().display());
        Self::connect(&url, options).await
    }

    /// Connects to `url` (`sqlite://...` or `postgres://...`) and applies the migrations.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for another scheme; [`Error::Storage`] when connecting or
    /// migrating fails.
    pub async fn connect(url: &str, options: SqlOptions) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Dialect::Postgres
        } else {
            return Err(Error::invalid(format!(
                "unsupported database URL scheme in {url:?} (sqlite: or postgres:)"
            )));
        };
        let connect: AnyConnectOptions = url.parse().map_err(storage)?;
        let default_size = match dialect {
            Dialect::Sqlite => 8,
            Dialect::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections.unwrap_or(default_size))
            .acquire_timeout(Duration::from_secs(60))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        conn.execute("PRAGMA busy_timeout = 30000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(connect)
            .await
            .map_err(storage)?;
        if dialect == Dialect::Sqlite {
            // Persistent in the file; set before anything else writes.
            pool.execute("PRAGMA journal_mode = WAL")
                .await
                .map_err(storage)?;
        }
        migrator(dialect)
            .run(&pool)
            .await
            .map_err(|e| Error::Storage {
                message: format!("migration failed: {e}"),
            })?;
        Ok(SqlStore {
            pool,
            dialect,
            codec: Codec::new(options.keys),
            retry: options.retry,
            write_lock: (dialect == Dialect::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    /// The database this store talks to.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Runs SQLite's `PRAGMA integrity_check` (PostgreSQL: `Ok("ok")`); `"ok"` when sound.
    ///
    /// # Errors
    /// [`Error::Storage`] when the check cannot run.
    pub async fn integrity_check(&self) -> Result<String> {
        if self.dialect == Dialect::Postgres {
            return Ok("ok".to_owned());
        }
        let row: (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await
            .map_err(storage)?;
        Ok(row.0)
    }

    /// Closes the pool, waiting for connections to return.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The underlying pool, for products that keep their own tables beside careerkit's.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite, after this process's turn).
    pub(crate) async fn write(&self) -> Result<WriteTx> {
        let turn = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let tx = match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Dialect::Postgres => self.pool.begin().await,
        }
        .map_err(storage)?;
        Ok(WriteTx { tx, _turn: turn })
    }

    /// `FOR UPDATE` where the database has row locks (SQLite's write transaction already
    /// excludes every other writer).
    pub(crate) fn for_update(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }
}

impl WriteTx {
    /// Commits.
    pub(crate) async fn commit(self) -> Result<()> {
        self.tx.commit().await.map_err(storage)
    }
}

/// The embedded migrations of one dialect.
fn migrator(dialect: Dialect) -> Migrator {
    let (sql, name) = match dialect {
        Dialect::Sqlite => (
            include_str!("../../migrations/sqlite/0001_init.sql"),
            "init",
        ),
        Dialect::Postgres => (
            include_str!("../../migrations/postgres/0001_init.sql"),
            "init",
        ),
    };
    Migrator {
        migrations: vec![Migration::new(
            1,
            name.into(),
            MigrationType::Simple,
            sql.into(),
            false,
        )]
        .into(),
        ..Migrator::DEFAULT
    }
}

/// Maps a database error: unique violations become [`Error::Conflict`], the rest
/// [`Error::Storage`].
pub(crate) fn storage(error: sqlx::Error) -> Error {
    if let sqlx::Error::Database(db) = &error {
        if db.is_unique_violation() {
            return Error::Conflict {
                message: format!("duplicate: {}", db.message()),
            };
        }
    }
    Error::Storage {
        message: error.to_string(),
    }
}
