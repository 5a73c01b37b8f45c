//! The [`Workspace`] checks: round trips, the owner boundary, the policy, the audit log.

use std::sync::Arc;

use super::assert_err;
use crate::store::{OwnerId, Store, Workspace, WorkspacePath};
use crate::ErrorKind;

/// Runs every [`Workspace`] check; `store` is the one the workspace audits to and checks
/// sessions against. `pdf` is a real PDF to store.
pub async fn workspace_suite(ws: Arc<dyn Workspace>, store: Arc<dyn Store>, pdf: Vec<u8>) {
    let alice = OwnerId::new(format!("alice-{}", uuid::Uuid::new_v4())).unwrap();
    let mallory = OwnerId::new(format!("mallory-{}", uuid::Uuid::new_v4())).unwrap();
    let session = store.create_session(&alice, "Files", false).await.unwrap();
    let s = session.id.as_str();
    let original = WorkspacePath::parse("uploads/resume.pdf").unwrap();
    let notes = WorkspacePath::parse("notes.txt").unwrap();

    let meta = ws
        .put(&alice, s, &original, "application/pdf", pdf.clone(), "user")
        .await
        .unwrap();
    assert_eq!(meta.size, pdf.len() as u64);
    assert_eq!(meta.sha256.len(), 64);
    let sha = meta.sha256.clone();
    let (got_meta, bytes) = ws.get(&alice, s, &original).await.unwrap();
    assert_eq!((got_meta, bytes), (meta.clone(), pdf.clone()));
    ws.put(
        &alice,
        s,
        &notes,
        "text/plain",
        b"first".to_vec(),
        "agent:notes",
    )
    .await
    .unwrap();
    let replaced = ws
        .put(
            &alice,
            s,
            &notes,
            "text/plain",
            "second, é".as_bytes().to_vec(),
            "agent:notes",
        )
        .await
        .unwrap();
    assert_eq!(
        ws.get(&alice, s, &notes).await.unwrap().1,
        "second, é".as_bytes()
    );
    let listed = ws.list(&alice, s).await.unwrap();
    assert_eq!(listed, vec![replaced, meta]);

    // The owner boundary: another owner, or an unknown session, finds nothing and writes nothing.
    assert_err(
        ws.get(&mallory, s, &original).await,
        ErrorKind::NotFound,
        "foreign get",
    );
    assert_err(
        ws.list(&mallory, s).await,
        ErrorKind::NotFound,
        "foreign list",
    );
    assert_err(
        ws.put(&mallory, s, &notes, "text/plain", b"x".to_vec(), "m")
            .await,
        ErrorKind::NotFound,
        "foreign put",
    );
    assert_err(
        ws.delete(&mallory, s, &notes, "m").await,
        ErrorKind::NotFound,
        "foreign delete",
    );
    assert_err(
        ws.put(&alice, "../other", &notes, "text/plain", b"x".to_vec(), "u")
            .await,
        ErrorKind::PermissionDenied,
        "a session id that is a path",
    );

    // The policy at the boundary.
    assert_err(
        ws.put(
            &alice,
            s,
            &notes,
            "application/pdf",
            b"MZ\x90\x00".to_vec(),
            "u",
        )
        .await,
        ErrorKind::InvalidInput,
        "bytes that are not what the type says",
    );
    assert_err(
        ws.put(
            &alice,
            s,
            &notes,
            "application/x-sh",
            b"#!/bin/sh".to_vec(),
            "u",
        )
        .await,
        ErrorKind::InvalidInput,
        "a type not allowed",
    );
    assert_err(
        ws.put(
            &alice,
            s,
            &notes,
            "text/plain",
            vec![b'a'; 26 * 1024 * 1024],
            "u",
        )
        .await,
        ErrorKind::LimitExceeded,
        "too large",
    );

    ws.delete(&alice, s, &notes, "user").await.unwrap();
    assert_err(
        ws.get(&alice, s, &notes).await,
        ErrorKind::NotFound,
        "deleted file",
    );
    assert_err(
        ws.delete(&alice, s, &notes, "user").await,
        ErrorKind::NotFound,
        "deleting twice",
    );
    assert_eq!(ws.list(&alice, s).await.unwrap().len(), 1);

    // Every mutation is in the audit log, with its actor; refused ones are not.
    let audit = store.list_audit(&alice, Some(s), 100).await.unwrap();
    let trail: Vec<(&str, &str, &str)> = audit
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str(), e.target.as_str()))
        .collect();
    assert_eq!(
        trail,
        [
            ("user", "file.put", "uploads/resume.pdf"),
            ("agent:notes", "file.put", "notes.txt"),
            ("agent:notes", "file.put", "notes.txt"),
            ("user", "file.delete", "notes.txt"),
        ]
    );
    assert_eq!(audit[0].detail["sha256"], sha.as_str());
}
