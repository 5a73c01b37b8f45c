//! The [`Store`] checks, including the transition that enqueues jobs in its transaction.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

use serde_json::json;

use super::{assert_err, is_not_found};
use crate::llm::Usage;
use crate::run::{EventType, RunStatus};
use crate::session::SessionState;
use crate::store::{
    arguments_hash, ApprovalStatus, ArtifactKind, NewApproval, NewAudit, NewEvent, NewJob, OwnerId,
    Queue, Store, Transition, UsageEntry, STORE_METHODS,
};
use crate::ErrorKind;

fn owner(name: &str) -> OwnerId {
    OwnerId::new(format!("{name}-{}", uuid::Uuid::new_v4())).unwrap()
}

/// Runs every [`Store`] check. `queue` must be the queue the store enqueues into (the same
/// database), to check transactional enqueue.
pub async fn store_suite(store: Arc<dyn Store>, queue: Arc<dyn Queue>) {
    sessions_and_transitions(&*store, &*queue).await;
    profiles(&*store).await;
    documents(&*store).await;
    artifacts(&*store).await;
    runs_events_usage(&*store).await;
    approvals(&*store).await;
    audit(&*store).await;
    foreign_owner_sees_nothing(&*store).await;
    export_and_delete(&*store).await;
}

async fn sessions_and_transitions(store: &dyn Store, queue: &dyn Queue) {
    let alice = owner("alice");
    let first = store.create_session(&alice, "First", false).await.unwrap();
    assert_eq!(first.state, SessionState::Draft);
    assert_eq!(first.owner, alice.as_str());
    assert_eq!(first.title, "First");
    assert!(!first.auto_approve);
    assert_eq!(store.get_session(&alice, &first.id).await.unwrap(), first);
    let second = store.create_session(&alice, "Second", true).await.unwrap();
    let listed = store.list_sessions(&alice).await.unwrap();
    assert_eq!(
        listed.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        [second.id.as_str(), first.id.as_str()],
        "newest first"
    );

    // A legal move, recorded with its run, enqueueing a job in the same transaction.
    let key = format!("parse-{}", first.id);
    let moved = store
        .transition_session(
            &alice,
            &first.id,
            Transition::new(SessionState::Draft, SessionState::ResumeUploaded)
                .by_run("run-1")
                .and_enqueue(NewJob::new(
                    "conformance.parse",
                    &key,
                    json!({"s": first.id}),
                )),
        )
        .await
        .unwrap();
    assert_eq!(moved.state, SessionState::ResumeUploaded);
    assert_eq!(moved.state_run_id.as_deref(), Some("run-1"));
    assert!(moved.updated_at >= first.updated_at);
    let enqueued = queue
        .enqueue(NewJob::new("conformance.parse", &key, json!({})))
        .await
        .unwrap();
    assert!(!enqueued.created, "the transition's job exists");
    assert_eq!(enqueued.job.payload, json!({"s": first.id}));

    // A stale `from`: conflict, nothing changes, no job.
    let stale_key = format!("stale-{}", first.id);
    assert_err(
        store
            .transition_session(
                &alice,
                &first.id,
                Transition::new(SessionState::Draft, SessionState::ResumeUploaded)
                    .and_enqueue(NewJob::new("conformance.parse", &stale_key, json!({}))),
            )
            .await,
        ErrorKind::Conflict,
        "stale from",
    );
    let after = store.get_session(&alice, &first.id).await.unwrap();
    assert_eq!(after, moved, "a refused transition changes nothing");
    assert!(
        queue
            .enqueue(NewJob::new("conformance.parse", &stale_key, json!({})))
            .await
            .unwrap()
            .created,
        "a refused transition enqueues nothing"
    );
    // An illegal move.
    assert_err(
        store
            .transition_session(
                &alice,
                &first.id,
                Transition::new(SessionState::ResumeUploaded, SessionState::Exported),
            )
            .await,
        ErrorKind::Conflict,
        "illegal move",
    );
    // Repeating a step keeps the state; cancelling ends the workflow.
    store
        .transition_session(
            &alice,
            &first.id,
            Transition::new(SessionState::ResumeUploaded, SessionState::ResumeUploaded),
        )
        .await
        .unwrap();
    let cancelled = store
        .transition_session(
            &alice,
            &first.id,
            Transition::new(SessionState::ResumeUploaded, SessionState::Cancelled),
        )
        .await
        .unwrap();
    assert_eq!(cancelled.state, SessionState::Cancelled);
    assert_eq!(cancelled.state_run_id, None);

    let toggled = store
        .set_auto_approve(&alice, &first.id, true)
        .await
        .unwrap();
    assert!(toggled.auto_approve);
    assert!(
        store
            .get_session(&alice, &first.id)
            .await
            .unwrap()
            .auto_approve
    );
    assert_err(
        store.get_session(&alice, "no-such-session").await,
        ErrorKind::NotFound,
        "unknown session",
    );
}

async fn profiles(store: &dyn Store) {
    let alice = owner("alice");
    let v1 = store
        .save_profile(&alice, "main", None, &json!({"name": "Ada"}))
        .await
        .unwrap();
    assert_eq!((v1.id.as_str(), v1.version), ("main", 1));
    assert_err(
        store.save_profile(&alice, "main", None, &json!({})).await,
        ErrorKind::Conflict,
        "creating an existing profile",
    );
    let v2 = store
        .save_profile(&alice, "main", Some(1), &json!({"name": "Ada L."}))
        .await
        .unwrap();
    assert_eq!(v2.version, 2);
    assert_err(
        store
            .save_profile(&alice, "main", Some(1), &json!({"lost": true}))
            .await,
        ErrorKind::Conflict,
        "saving on a stale read",
    );
    let got = store.get_profile(&alice, "main").await.unwrap();
    assert_eq!(got, v2);
    assert_eq!(got.data, json!({"name": "Ada L."}));
}

async fn documents(store: &dyn Store) {
    let alice = owner("alice");
    let session = store.create_session(&alice, "Docs", false).await.unwrap();
    let v1 = store
        .create_document(&alice, &session.id, "upload", &json!({"sections": [1]}))
        .await
        .unwrap();
    assert_eq!((v1.version, v1.parent_version), (1, None));
    assert_eq!(v1.session_id, session.id);
    let v2 = store
        .append_document_version(
            &alice,
            &v1.document_id,
            1,
            "agent:rewrite",
            &json!({"sections": [2]}),
        )
        .await
        .unwrap();
    assert_eq!((v2.version, v2.parent_version), (2, Some(1)));
    assert_eq!(v2.author, "agent:rewrite");
    assert_err(
        store
            .append_document_version(&alice, &v1.document_id, 1, "user", &json!({}))
            .await,
        ErrorKind::Conflict,
        "appending to an old version",
    );
    assert_eq!(
        store
            .get_document(&alice, &v1.document_id, None)
            .await
            .unwrap(),
        v2
    );
    assert_eq!(
        store
            .get_document(&alice, &v1.document_id, Some(1))
            .await
            .unwrap(),
        v1
    );
    assert_err(
        store.get_document(&alice, &v1.document_id, Some(3)).await,
        ErrorKind::NotFound,
        "a version that does not exist",
    );
    let versions = store
        .list_document_versions(&alice, &v1.document_id)
        .await
        .unwrap();
    assert_eq!(versions, vec![v1, v2]);
    assert_err(
        store
            .create_document(&alice, "no-such-session", "upload", &json!({}))
            .await,
        ErrorKind::NotFound,
        "document in an unknown session",
    );
}

async fn artifacts(store: &dyn Store) {
    let alice = owner("alice");
    let session = store.create_session(&alice, "JD", false).await.unwrap();
    let jd = store
        .put_artifact(
            &alice,
            &session.id,
            ArtifactKind::JobDescription,
            &json!({"title": "Data engineer"}),
        )
        .await
        .unwrap();
    let analysis = store
        .put_artifact(
            &alice,
            &session.id,
            ArtifactKind::Analysis,
            &json!({"score": 0.7}),
        )
        .await
        .unwrap();
    assert_eq!(store.get_artifact(&alice, &jd.id).await.unwrap(), jd);
    assert_eq!(
        store
            .list_artifacts(&alice, &session.id, ArtifactKind::Analysis)
            .await
            .unwrap(),
        vec![analysis]
    );
    assert_eq!(
        store
            .list_artifacts(&alice, &session.id, ArtifactKind::JobDescription)
            .await
            .unwrap(),
        vec![jd]
    );
}

async fn runs_events_usage(store: &dyn Store) {
    let alice = owner("alice");
    let session = store.create_session(&alice, "Runs", false).await.unwrap();
    let other = store.create_session(&alice, "Other", false).await.unwrap();
    let run = store.create_run(&alice, &session.id).await.unwrap();
    assert_eq!(run.status, RunStatus::Running);
    assert_eq!((run.finished_at, run.checkpoint.clone()), (None, None));
    let waiting = store
        .set_run_status(&alice, &run.id, RunStatus::WaitingForApproval)
        .await
        .unwrap();
    assert_eq!(
        (waiting.status, waiting.finished_at),
        (RunStatus::WaitingForApproval, None)
    );
    let checkpoint = json!({"messages": [{"role": "user", "content": "hi"}], "step": 3});
    store
        .save_checkpoint(&alice, &run.id, &checkpoint)
        .await
        .unwrap();
    assert_eq!(
        store.get_run(&alice, &run.id).await.unwrap().checkpoint,
        Some(checkpoint)
    );

    // Events: ids increase, replay after an id, filter by run, limit.
    let second_run = store.create_run(&alice, &session.id).await.unwrap();
    let mut ids = Vec::new();
    for (run_id, kind) in [
        (&run.id, EventType::RunStarted),
        (&second_run.id, EventType::RunStarted),
        (&run.id, EventType::AssistantDelta),
        (&run.id, EventType::RunCompleted),
    ] {
        let event = store
            .append_event(
                &alice,
                NewEvent {
                    run_id: run_id.clone(),
                    session_id: session.id.clone(),
                    kind,
                    payload: json!({"n": ids.len()}),
                },
            )
            .await
            .unwrap();
        assert_eq!((event.kind, &event.run_id), (kind, run_id));
        ids.push(event.event_id);
    }
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "event ids increase: {ids:?}"
    );
    let all = store
        .events_after(&alice, &session.id, None, 0, 100)
        .await
        .unwrap();
    assert_eq!(all.iter().map(|e| e.event_id).collect::<Vec<_>>(), ids);
    assert_eq!(all[2].payload, json!({"n": 2}));
    let later = store
        .events_after(&alice, &session.id, None, ids[1], 100)
        .await
        .unwrap();
    assert_eq!(
        later.iter().map(|e| e.event_id).collect::<Vec<_>>(),
        ids[2..]
    );
    let one_run = store
        .events_after(&alice, &session.id, Some(&run.id), 0, 100)
        .await
        .unwrap();
    assert_eq!(one_run.len(), 3);
    assert_eq!(
        store
            .events_after(&alice, &session.id, None, 0, 2)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(store
        .events_after(&alice, &other.id, None, 0, 100)
        .await
        .unwrap()
        .is_empty());
    assert_err(
        store
            .append_event(
                &alice,
                NewEvent {
                    run_id: run.id.clone(),
                    session_id: other.id.clone(),
                    kind: EventType::RunStarted,
                    payload: json!({}),
                },
            )
            .await,
        ErrorKind::NotFound,
        "an event for a run of another session",
    );

    // Usage per run and per session.
    for (run_id, prompt, cost) in [
        (Some(&run.id), 100, 250),
        (Some(&run.id), 50, 100),
        (None, 7, 1),
    ] {
        store
            .record_usage(
                &alice,
                UsageEntry {
                    session_id: session.id.clone(),
                    run_id: run_id.cloned(),
                    provider: "scripted".into(),
                    usage: Usage {
                        prompt_tokens: prompt,
                        completion_tokens: 10,
                        cached_tokens: 1,
                        estimated: run_id.is_none(),
                    },
                    cost_micros: cost,
                },
            )
            .await
            .unwrap();
    }
    let totals = store.session_usage(&alice, &session.id).await.unwrap();
    assert_eq!(totals.calls, 3);
    assert_eq!(totals.usage.prompt_tokens, 157);
    assert_eq!(totals.usage.completion_tokens, 30);
    assert_eq!(totals.usage.cached_tokens, 3);
    assert!(totals.usage.estimated);
    assert_eq!(totals.cost_micros, 351);
    let run_usage = store.get_run(&alice, &run.id).await.unwrap().usage;
    assert_eq!((run_usage.prompt_tokens, run_usage.estimated), (150, false));
    assert_eq!(
        store.session_usage(&alice, &other.id).await.unwrap().calls,
        0
    );

    // Finishing sets finished_at once; a finished run stays finished.
    let done = store
        .set_run_status(&alice, &run.id, RunStatus::Completed)
        .await
        .unwrap();
    assert!(done.finished_at.is_some());
    assert_err(
        store
            .set_run_status(&alice, &run.id, RunStatus::Running)
            .await,
        ErrorKind::Conflict,
        "reopening a finished run",
    );
    let runs = store.list_runs(&alice, &session.id).await.unwrap();
    assert_eq!(
        runs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [run.id.as_str(), second_run.id.as_str()]
    );
}

async fn approvals(store: &dyn Store) {
    let alice = owner("alice");
    let session = store
        .create_session(&alice, "Approvals", false)
        .await
        .unwrap();
    let run = store.create_run(&alice, &session.id).await.unwrap();
    let arguments = json!({"bullet": 2, "text": "Led a team of 5"});
    let new = |call: &str| NewApproval {
        run_id: run.id.clone(),
        session_id: session.id.clone(),
        tool_call_id: call.into(),
        tool_name: "rewrite_bullet".into(),
        arguments: arguments.clone(),
    };
    let pending = store.create_approval(&alice, new("call-1")).await.unwrap();
    assert_eq!(pending.status, ApprovalStatus::Pending);
    assert_eq!(pending.arguments_hash, arguments_hash(&arguments));
    assert_eq!(pending.arguments, arguments);
    assert_err(
        store.create_approval(&alice, new("call-1")).await,
        ErrorKind::Conflict,
        "a second approval for one tool call",
    );
    let hash = pending.arguments_hash.clone();
    assert_err(
        store.consume_approval(&alice, &pending.id, &hash).await,
        ErrorKind::Conflict,
        "consuming a pending approval",
    );
    let approved = store
        .decide_approval(&alice, &pending.id, true)
        .await
        .unwrap();
    assert_eq!(approved.status, ApprovalStatus::Approved);
    assert!(approved.decided_at.is_some());
    assert_err(
        store.decide_approval(&alice, &pending.id, false).await,
        ErrorKind::Conflict,
        "deciding twice",
    );
    assert_err(
        store
            .consume_approval(&alice, &pending.id, &arguments_hash(&json!({"bullet": 3})))
            .await,
        ErrorKind::Conflict,
        "consuming with other arguments",
    );
    let consumed = store
        .consume_approval(&alice, &pending.id, &hash)
        .await
        .unwrap();
    assert_eq!(consumed.status, ApprovalStatus::Consumed);
    assert_err(
        store.consume_approval(&alice, &pending.id, &hash).await,
        ErrorKind::Conflict,
        "replaying an approval",
    );
    let rejected = store.create_approval(&alice, new("call-2")).await.unwrap();
    store
        .decide_approval(&alice, &rejected.id, false)
        .await
        .unwrap();
    assert_err(
        store.consume_approval(&alice, &rejected.id, &hash).await,
        ErrorKind::Conflict,
        "consuming a rejected approval",
    );
    let listed = store.list_approvals(&alice, &run.id, None).await.unwrap();
    assert_eq!(listed.len(), 2);
    let only_rejected = store
        .list_approvals(&alice, &run.id, Some(ApprovalStatus::Rejected))
        .await
        .unwrap();
    assert_eq!(only_rejected.len(), 1);
    assert_eq!(only_rejected[0].id, rejected.id);
    assert_eq!(
        store.get_approval(&alice, &consumed.id).await.unwrap(),
        consumed
    );
}

async fn audit(store: &dyn Store) {
    let alice = owner("alice");
    let session = store.create_session(&alice, "Audit", false).await.unwrap();
    let entry = |session_id: Option<&str>, action: &str| NewAudit {
        session_id: session_id.map(str::to_owned),
        actor: "user".into(),
        action: action.into(),
        target: "approval-1".into(),
        detail: json!({"why": action}),
    };
    let first = store
        .append_audit(&alice, entry(Some(&session.id), "approval.approved"))
        .await
        .unwrap();
    let second = store
        .append_audit(&alice, entry(None, "owner.exported"))
        .await
        .unwrap();
    assert!(first.id < second.id);
    assert_eq!(first.detail, json!({"why": "approval.approved"}));
    assert_eq!(
        store.list_audit(&alice, None, 10).await.unwrap(),
        vec![first.clone(), second]
    );
    assert_eq!(
        store
            .list_audit(&alice, Some(&session.id), 10)
            .await
            .unwrap(),
        vec![first]
    );
    assert_err(
        store
            .append_audit(&alice, entry(Some("no-such-session"), "x"))
            .await,
        ErrorKind::NotFound,
        "audit entry for an unknown session",
    );
}

/// Calls every [`Store`] method as another owner on this owner's items: nothing is found,
/// nothing changes. The calls are checked against [`STORE_METHODS`], so a new method fails
/// here until it is scoped and added.
async fn foreign_owner_sees_nothing(store: &dyn Store) {
    let alice = owner("alice");
    let mallory = owner("mallory");
    let session = store
        .create_session(&alice, "Private", false)
        .await
        .unwrap();
    let run = store.create_run(&alice, &session.id).await.unwrap();
    let doc = store
        .create_document(&alice, &session.id, "upload", &json!({"n": 1}))
        .await
        .unwrap();
    let artifact = store
        .put_artifact(&alice, &session.id, ArtifactKind::Analysis, &json!({}))
        .await
        .unwrap();
    let approval = store
        .create_approval(
            &alice,
            NewApproval {
                run_id: run.id.clone(),
                session_id: session.id.clone(),
                tool_call_id: "c".into(),
                tool_name: "t".into(),
                arguments: json!({}),
            },
        )
        .await
        .unwrap();
    store
        .save_profile(&alice, "main", None, &json!({"name": "Ada"}))
        .await
        .unwrap();
    store
        .append_audit(
            &alice,
            NewAudit {
                session_id: Some(session.id.clone()),
                actor: "user".into(),
                action: "x".into(),
                target: "y".into(),
                detail: json!({}),
            },
        )
        .await
        .unwrap();
    let m = &mallory;
    let mut called: Vec<&str> = Vec::new();
    let mut check = |name: &'static str, not_found: bool| {
        assert!(not_found, "Store::{name} let another owner reach an item");
        called.push(name);
    };
    check("create_session", true); // creates only the caller's own
    check(
        "get_session",
        is_not_found(&store.get_session(m, &session.id).await),
    );
    check(
        "list_sessions",
        store.list_sessions(m).await.unwrap().is_empty(),
    );
    check(
        "transition_session",
        is_not_found(
            &store
                .transition_session(
                    m,
                    &session.id,
                    Transition::new(SessionState::Draft, SessionState::ResumeUploaded),
                )
                .await,
        ),
    );
    check(
        "set_auto_approve",
        is_not_found(&store.set_auto_approve(m, &session.id, true).await),
    );
    check(
        "save_profile",
        store
            .save_profile(m, "main", Some(1), &json!({"name": "Mallory"}))
            .await
            .is_err(),
    );
    check(
        "get_profile",
        is_not_found(&store.get_profile(m, "main").await),
    );
    check(
        "create_document",
        is_not_found(&store.create_document(m, &session.id, "x", &json!({})).await),
    );
    check(
        "append_document_version",
        is_not_found(
            &store
                .append_document_version(m, &doc.document_id, 1, "x", &json!({}))
                .await,
        ),
    );
    check(
        "get_document",
        is_not_found(&store.get_document(m, &doc.document_id, None).await),
    );
    check(
        "list_document_versions",
        is_not_found(&store.list_document_versions(m, &doc.document_id).await),
    );
    check(
        "put_artifact",
        is_not_found(
            &store
                .put_artifact(m, &session.id, ArtifactKind::Analysis, &json!({}))
                .await,
        ),
    );
    check(
        "get_artifact",
        is_not_found(&store.get_artifact(m, &artifact.id).await),
    );
    check(
        "list_artifacts",
        is_not_found(
            &store
                .list_artifacts(m, &session.id, ArtifactKind::Analysis)
                .await,
        ),
    );
    check(
        "create_run",
        is_not_found(&store.create_run(m, &session.id).await),
    );
    check("get_run", is_not_found(&store.get_run(m, &run.id).await));
    check(
        "list_runs",
        is_not_found(&store.list_runs(m, &session.id).await),
    );
    check(
        "set_run_status",
        is_not_found(&store.set_run_status(m, &run.id, RunStatus::Failed).await),
    );
    check(
        "save_checkpoint",
        is_not_found(&store.save_checkpoint(m, &run.id, &json!({})).await),
    );
    check(
        "append_event",
        is_not_found(
            &store
                .append_event(
                    m,
                    NewEvent {
                        run_id: run.id.clone(),
                        session_id: session.id.clone(),
                        kind: EventType::RunStarted,
                        payload: json!({}),
                    },
                )
                .await,
        ),
    );
    check(
        "events_after",
        is_not_found(&store.events_after(m, &session.id, None, 0, 10).await),
    );
    check(
        "create_approval",
        is_not_found(
            &store
                .create_approval(
                    m,
                    NewApproval {
                        run_id: run.id.clone(),
                        session_id: session.id.clone(),
                        tool_call_id: "c2".into(),
                        tool_name: "t".into(),
                        arguments: json!({}),
                    },
                )
                .await,
        ),
    );
    check(
        "get_approval",
        is_not_found(&store.get_approval(m, &approval.id).await),
    );
    check(
        "list_approvals",
        is_not_found(&store.list_approvals(m, &run.id, None).await),
    );
    check(
        "decide_approval",
        is_not_found(&store.decide_approval(m, &approval.id, true).await),
    );
    check(
        "consume_approval",
        is_not_found(
            &store
                .consume_approval(m, &approval.id, &approval.arguments_hash)
                .await,
        ),
    );
    check(
        "append_audit",
        is_not_found(
            &store
                .append_audit(
                    m,
                    NewAudit {
                        session_id: Some(session.id.clone()),
                        actor: "m".into(),
                        action: "x".into(),
                        target: "y".into(),
                        detail: json!({}),
                    },
                )
                .await,
        ),
    );
    check(
        "list_audit",
        store.list_audit(m, None, 100).await.unwrap().is_empty(),
    );
    check(
        "record_usage",
        is_not_found(
            &store
                .record_usage(
                    m,
                    UsageEntry {
                        session_id: session.id.clone(),
                        run_id: None,
                        provider: "x".into(),
                        usage: Usage::default(),
                        cost_micros: 1,
                    },
                )
                .await,
        ),
    );
    check(
        "session_usage",
        is_not_found(&store.session_usage(m, &session.id).await),
    );
    check("delete_owner", store.delete_owner(m).await.unwrap() == 0);
    let archive = store.export_owner(m).await.unwrap();
    check(
        "export_owner",
        read_archive(&archive)
            .values()
            .all(|lines| lines.is_empty()),
    );
    assert_eq!(
        called, STORE_METHODS,
        "every Store method is checked against another owner"
    );

    // And nothing of alice's changed.
    let still = store.get_session(&alice, &session.id).await.unwrap();
    assert_eq!(still, session);
    assert_eq!(
        store.get_profile(&alice, "main").await.unwrap().data,
        json!({"name": "Ada"})
    );
    assert_eq!(
        store
            .get_approval(&alice, &approval.id)
            .await
            .unwrap()
            .status,
        ApprovalStatus::Pending
    );
    assert_eq!(
        store.get_run(&alice, &run.id).await.unwrap().status,
        RunStatus::Running
    );
}

/// The files of an export archive as lines of JSON.
pub fn read_archive(bytes: &[u8]) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        let lines = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        files.insert(file.name().to_owned(), lines);
    }
    files
}

async fn export_and_delete(store: &dyn Store) {
    let alice = owner("alice");
    let bob = owner("bob");
    let session = store
        .create_session(&alice, "Export me", false)
        .await
        .unwrap();
    store
        .create_document(
            &alice,
            &session.id,
            "upload",
            &json!({"name": "Ada Lovelace"}),
        )
        .await
        .unwrap();
    let run = store.create_run(&alice, &session.id).await.unwrap();
    store
        .append_event(
            &alice,
            NewEvent {
                run_id: run.id.clone(),
                session_id: session.id.clone(),
                kind: EventType::RunStarted,
                payload: json!({}),
            },
        )
        .await
        .unwrap();
    store
        .save_profile(&alice, "main", None, &json!({"name": "Ada Lovelace"}))
        .await
        .unwrap();
    let bobs = store.create_session(&bob, "Bob's", false).await.unwrap();

    let files = read_archive(&store.export_owner(&alice).await.unwrap());
    for name in [
        "sessions.jsonl",
        "profiles.jsonl",
        "documents.jsonl",
        "artifacts.jsonl",
        "runs.jsonl",
        "events.jsonl",
        "approvals.jsonl",
        "audit.jsonl",
        "usage.jsonl",
    ] {
        assert!(files.contains_key(name), "export lacks {name}");
    }
    assert_eq!(files["sessions.jsonl"].len(), 1);
    assert_eq!(files["sessions.jsonl"][0]["title"], "Export me");
    assert_eq!(files["documents.jsonl"][0]["data"]["name"], "Ada Lovelace");
    assert_eq!(files["profiles.jsonl"][0]["data"]["name"], "Ada Lovelace");
    assert_eq!(files["events.jsonl"].len(), 1);
    assert_eq!(files["runs.jsonl"][0]["id"], run.id);

    let deleted = store.delete_owner(&alice).await.unwrap();
    assert!(deleted >= 6, "deleted {deleted} records");
    assert!(store.list_sessions(&alice).await.unwrap().is_empty());
    assert_err(
        store.get_profile(&alice, "main").await,
        ErrorKind::NotFound,
        "deleted profile",
    );
    assert_err(
        store.get_run(&alice, &run.id).await,
        ErrorKind::NotFound,
        "deleted run",
    );
    let empty = read_archive(&store.export_owner(&alice).await.unwrap());
    assert!(empty.values().all(|lines| lines.is_empty()));
    assert_eq!(
        store.get_session(&bob, &bobs.id).await.unwrap(),
        bobs,
        "other owners untouched"
    );
}
