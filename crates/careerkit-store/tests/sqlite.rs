//! The conformance suite on the default engines (SQLite store and queue, local workspace), with
//! and without encryption at rest, plus what only these engines can show: the raw database
//! file holds no personal data when sealed, and the local workspace refuses symlinks out.
// Test code: helpers outside #[test] functions unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::Arc;

use careerkit_core::store::conformance::{assert_err, queue_suite, store_suite, workspace_suite};
use careerkit_core::store::{
    KeyProvider, OwnerId, Store, Workspace, WorkspacePath, WorkspacePolicy,
};
use careerkit_core::ErrorKind;
use careerkit_store::{LocalDir, LocalWorkspace, SqlOptions, SqlStore};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

struct TestKeys;
impl KeyProvider for TestKeys {
    fn data_key(&self, owner: &OwnerId) -> careerkit_core::Result<[u8; 32]> {
        let mut key = [0u8; 32];
        for (i, b) in owner.as_str().bytes().enumerate() {
            key[i % 32] ^= b;
        }
        Ok(key)
    }
}

async fn open(dir: &Path, keys: bool) -> SqlStore {
    let options = SqlOptions {
        keys: keys.then(|| Arc::new(TestKeys) as Arc<dyn KeyProvider>),
        ..SqlOptions::default()
    };
    SqlStore::open_sqlite(dir.join("careerkit.db"), options)
        .await
        .unwrap()
}

fn resume_pdf() -> Vec<u8> {
    std::fs::read(format!("{DATA}/resumes/pdf/rendercv__john_doe_classic.pdf")).unwrap()
}

#[tokio::test]
async fn store_conformance_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(open(dir.path(), false).await);
    store_suite(store.clone(), store.clone()).await;
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn store_conformance_sqlite_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(open(dir.path(), true).await);
    store_suite(store.clone(), store.clone()).await;
}

#[tokio::test]
async fn queue_conformance_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    queue_suite(Arc::new(open(dir.path(), false).await)).await;
}

#[tokio::test]
async fn workspace_conformance_local() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(open(dir.path(), false).await);
    let ws = LocalWorkspace::new(
        LocalDir::new(dir.path().join("files")).unwrap(),
        store.clone(),
        WorkspacePolicy::default(),
    );
    workspace_suite(Arc::new(ws), store, resume_pdf()).await;
}

/// With a key provider, the database file (and its WAL) never holds the resume's name or text.
#[tokio::test]
async fn sealed_database_file_holds_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), true).await;
    let text = std::fs::read_to_string(format!(
        "{DATA}/resumes/pdf_text_poppler/rendercv__john_doe_classic.txt"
    ))
    .unwrap();
    let name = "John Doe";
    assert!(text.contains(name));
    let owner = OwnerId::new("u1").unwrap();
    let session = store
        .create_session(&owner, &format!("{name} - tailoring"), false)
        .await
        .unwrap();
    let doc = serde_json::json!({"name": name, "text": text});
    store
        .create_document(&owner, &session.id, "upload", &doc)
        .await
        .unwrap();
    store
        .save_profile(&owner, "main", None, &doc)
        .await
        .unwrap();
    let run = store.create_run(&owner, &session.id).await.unwrap();
    store.save_checkpoint(&owner, &run.id, &doc).await.unwrap();
    let mut raw = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        raw.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    assert!(raw.len() > 4096);
    let haystack = String::from_utf8_lossy(&raw);
    assert!(
        !haystack.contains(name),
        "the raw database holds the resume's name"
    );
    assert!(
        !haystack.contains("John"),
        "the raw database holds the first name"
    );
    // Reading through the store opens it again.
    assert_eq!(store.get_profile(&owner, "main").await.unwrap().data, doc);
    assert!(store
        .get_session(&owner, &session.id)
        .await
        .unwrap()
        .title
        .starts_with(name));

    // The same file without keys: plain rows would be readable; sealed ones refuse.
    store.close().await;
    let unkeyed = open(dir.path(), false).await;
    assert_err(
        unkeyed.get_profile(&owner, "main").await,
        ErrorKind::Storage,
        "sealed without key",
    );
}

/// Without a key provider the same write is in the file in plain text: the check above can fail.
#[tokio::test]
async fn plain_database_file_holds_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), false).await;
    let owner = OwnerId::new("u1").unwrap();
    store
        .save_profile(
            &owner,
            "main",
            None,
            &serde_json::json!({"name": "John Doe"}),
        )
        .await
        .unwrap();
    let mut raw = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        raw.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    assert!(String::from_utf8_lossy(&raw).contains("John Doe"));
}

#[tokio::test]
async fn local_workspace_refuses_symlinks_out_of_its_root() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let store: Arc<dyn Store> = Arc::new(open(dir.path(), false).await);
    let owner = OwnerId::new("u1").unwrap();
    let session = store.create_session(&owner, "s", false).await.unwrap();
    let root = dir.path().join("files");
    let ws = LocalWorkspace::new(
        LocalDir::new(&root).unwrap(),
        store.clone(),
        WorkspacePolicy::default(),
    );
    let path = |p: &str| WorkspacePath::parse(p).unwrap();
    ws.put(
        &owner,
        &session.id,
        &path("a.txt"),
        "text/plain",
        b"ok".to_vec(),
        "u",
    )
    .await
    .unwrap();
    let files = root.join("u1").join(&session.id).join("files");
    let metas = root.join("u1").join(&session.id).join("meta");

    // A directory link planted inside the workspace, pointing out.
    std::os::unix::fs::symlink(outside.path(), files.join("out")).unwrap();
    std::os::unix::fs::symlink(outside.path(), metas.join("out")).unwrap();
    assert_err(
        ws.get(&owner, &session.id, &path("out/secret.txt")).await,
        ErrorKind::PermissionDenied,
        "read through a link",
    );
    assert_err(
        ws.put(
            &owner,
            &session.id,
            &path("out/new.txt"),
            "text/plain",
            b"x".to_vec(),
            "u",
        )
        .await,
        ErrorKind::PermissionDenied,
        "write through a link",
    );
    assert!(!outside.path().join("new.txt").exists());
    // A file link.
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), files.join("b.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), metas.join("b.txt")).unwrap();
    assert_err(
        ws.get(&owner, &session.id, &path("b.txt")).await,
        ErrorKind::PermissionDenied,
        "file link",
    );
    assert_err(
        ws.delete(&owner, &session.id, &path("b.txt"), "u").await,
        ErrorKind::PermissionDenied,
        "delete link",
    );
    assert!(outside.path().join("secret.txt").exists());
    // Links are not listed.
    let listed = ws.list(&owner, &session.id).await.unwrap();
    assert_eq!(
        listed.iter().map(|m| m.path.as_str()).collect::<Vec<_>>(),
        ["a.txt"]
    );
    // The session directory itself swapped for a link.
    let other = store.create_session(&owner, "t", false).await.unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("u1").join(&other.id)).unwrap();
    assert_err(
        ws.put(
            &owner,
            &other.id,
            &path("x.txt"),
            "text/plain",
            b"x".to_vec(),
            "u",
        )
        .await,
        ErrorKind::PermissionDenied,
        "session dir link",
    );
    // Traversal spellings never become a path at all.
    for bad in ["../x", "%2e%2e/x", "/etc/passwd", "a\\b", "a\0b", ".%2e/x"] {
        assert_err(WorkspacePath::parse(bad), ErrorKind::PermissionDenied, bad);
    }
}
