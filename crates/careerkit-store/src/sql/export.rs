//! [`Store::export_owner`](careerkit_core::store::Store::export_owner) on the SQL engine: every
//! row of one owner, decrypted, as JSON lines in a zip (one file per record type).

use std::io::{Cursor, Write};

use careerkit_core::store::OwnerId;
use careerkit_core::{Error, Result};
use serde::Serialize;
use sqlx::any::AnyRow;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use super::rows::{col, time, Reader};
use super::store::{RUN_GROUP, RUN_SELECT};
use super::{storage, SqlStore};

/// One file of the archive: its name, the query of one owner's rows, and how a row becomes JSON.
struct Part {
    file: &'static str,
    sql: String,
    to_json: fn(&Reader<'_>, &AnyRow) -> Result<serde_json::Value>,
}

fn json<T: Serialize>(value: Result<T>) -> Result<serde_json::Value> {
    Ok(serde_json::to_value(value?)?)
}

fn parts() -> Vec<Part> {
    let by_owner = |table: &str, order: &str| {
        format!("SELECT * FROM {table} WHERE owner = $1 ORDER BY {order}")
    };
    vec![
        Part {
            file: "sessions.jsonl",
            sql: by_owner("sessions", "created_at, id"),
            to_json: |r, row| json(r.session(row)),
        },
        Part {
            file: "profiles.jsonl",
            sql: by_owner("profiles", "id"),
            to_json: |r, row| json(r.profile(row)),
        },
        Part {
            file: "documents.jsonl",
            sql: by_owner("document_versions", "document_id, version"),
            to_json: |r, row| json(r.document_version(row)),
        },
        Part {
            file: "artifacts.jsonl",
            sql: by_owner("artifacts", "created_at, id"),
            to_json: |r, row| json(r.artifact(row)),
        },
        Part {
            file: "runs.jsonl",
            sql: format!("{RUN_SELECT} WHERE r.owner = $1 {RUN_GROUP} ORDER BY r.created_at, r.id"),
            to_json: |r, row| json(r.run(row)),
        },
        Part {
            file: "events.jsonl",
            sql: by_owner("events", "event_id"),
            to_json: |r, row| json(r.event(row)),
        },
        Part {
            file: "approvals.jsonl",
            sql: by_owner("approvals", "created_at, id"),
            to_json: |r, row| json(r.approval(row)),
        },
        Part {
            file: "audit.jsonl",
            sql: by_owner("audit", "id"),
            to_json: |r, row| json(r.audit(row)),
        },
        Part {
            file: "usage.jsonl",
            sql: by_owner("usage_log", "id"),
            to_json: |_, row| {
                Ok(serde_json::json!({
                    "session_id": col::<String>(row, "session_id")?,
                    "run_id": col::<Option<String>>(row, "run_id")?,
                    "provider": col::<String>(row, "provider")?,
                    "prompt_tokens": col::<i64>(row, "prompt_tokens")?,
                    "completion_tokens": col::<i64>(row, "completion_tokens")?,
                    "cached_tokens": col::<i64>(row, "cached_tokens")?,
                    "estimated": col::<i64>(row, "estimated")? != 0,
                    "cost_micros": col::<i64>(row, "cost_micros")?,
                    "ts": time(col(row, "ts")?)?,
                }))
            },
        },
    ]
}

fn zip_error(error: impl std::fmt::Display) -> Error {
    Error::Storage {
        message: format!("writing the export archive failed: {error}"),
    }
}

impl SqlStore {
    /// Builds the export archive of one owner from a consistent snapshot (one transaction).
    pub(super) async fn export(&self, owner: &OwnerId) -> Result<Vec<u8>> {
        let reader = Reader {
            codec: &self.codec,
            owner,
        };
        let mut tx = self.pool.begin().await.map_err(storage)?;
        let mut archive = ZipWriter::new(Cursor::new(Vec::new()));
        for part in parts() {
            let rows = sqlx::query(&part.sql)
                .bind(owner.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err(storage)?;
            archive
                .start_file(part.file, SimpleFileOptions::default())
                .map_err(zip_error)?;
            for row in &rows {
                let line = serde_json::to_string(&(part.to_json)(&reader, row)?)?;
                archive.write_all(line.as_bytes())?;
                archive.write_all(b"\n")?;
            }
        }
        tx.commit().await.map_err(storage)?;
        Ok(archive.finish().map_err(zip_error)?.into_inner())
    }
}
