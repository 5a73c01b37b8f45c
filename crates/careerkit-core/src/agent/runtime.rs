//! The tool loop: model turn, tool calls (read at once, write after approval), repeat, with every
//! step persisted as events and a checkpoint.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::checkpoint::{CallStage, Checkpoint, PendingCall};
use super::guards::RunLimits;
use super::prompt::DATA_RULE;
use super::tool::{ToolBox, ToolContext, ToolKind};
use crate::llm::{ChatEvent, ChatMessage, ChatRequest, LlmProvider, ToolChoice, Usage};
use crate::run::{Event, EventType, RunStatus};
use crate::store::{
    arguments_hash, ApprovalStatus, NewApproval, NewAudit, NewEvent, OwnerId, Store, UsageEntry,
};
use crate::{Error, ErrorKind, Result};

/// An agent: a system prompt, the tools it may call, and its limits.
pub struct Agent {
    /// A stable name, stored in checkpoints (`"rewrite"`, `"interview_questions"`).
    pub name: String,
    /// Instructions; [`DATA_RULE`] is appended.
    pub system_prompt: String,
    /// The only tools it may call.
    pub tools: ToolBox,
    /// Its bounds.
    pub limits: RunLimits,
}

/// The sampling temperature of a turn that must call a tool after the last such call was
/// refused.
const RETRY_TEMPERATURE: f32 = 0.8;

/// How a run starts, beyond its agent and message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StartOptions {
    /// A call the model must make on every turn until one passes review: what a product asks
    /// for when the person pressed "propose an edit" rather than typed a question. Once it
    /// has passed review and been answered (approved or not), the run ends with a text answer.
    pub must_call: Option<RequiredCall>,
}

/// A tool call a run requires (see [`StartOptions::must_call`]). A provider that honours
/// `tool_choice` (and careerkit's local model, whose decoding is constrained to the schema)
/// then cannot drift into a text answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequiredCall {
    /// The tool.
    pub tool: String,
    /// A narrower argument schema offered for it in this run (the bullet the person picked),
    /// or `None` for the tool's own. Arguments are still validated against the tool's schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Value>,
    /// The call the runtime proposes itself, once, after the model's calls were refused
    /// [`FALLBACK_AFTER_REFUSALS`] times (the rewrite agent passes its rule-based suggestion):
    /// a model too small for the task still leaves the person something to approve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
}

/// A required call the runtime makes in the model's place (see [`RequiredCall::fallback`]).
/// Its note is streamed as the run's text before the proposal, whose event says
/// `"origin": "fallback"`; once the call is answered the run completes with the note, without
/// asking the model again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fallback {
    /// The call's arguments.
    pub arguments: Value,
    /// What the person is told about it, in one or two sentences.
    pub note: String,
}

/// Refused calls of a required tool after which its fallback is proposed.
pub const FALLBACK_AFTER_REFUSALS: u32 = 2;

/// The id prefix of calls the runtime proposes itself.
const FALLBACK_CALL_PREFIX: &str = "careerkit-fallback-";

impl RequiredCall {
    /// A call of `tool` with its own argument schema.
    pub fn tool(tool: impl Into<String>) -> Self {
        RequiredCall {
            tool: tool.into(),
            arguments: None,
            fallback: None,
        }
    }
}

/// What a drive of a run ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    /// The run finished (completed, failed or interrupted).
    Finished(RunStatus),
    /// A write call waits for a person's decision.
    WaitingForApproval,
}

/// A run driven in this process: its cancellation token, and the lock that keeps one drive of
/// the run at a time.
type LiveRun = (CancellationToken, Arc<tokio::sync::Mutex<()>>);

/// Runs agents over a provider, persisting through a store. Cheap to share (`Arc`).
pub struct AgentRuntime {
    store: Arc<dyn Store>,
    provider: Arc<dyn LlmProvider>,
    agents: HashMap<String, Arc<Agent>>,
    /// Runs being driven in this process: their cancellation token and a lock that keeps one
    /// drive per run at a time.
    live: Mutex<HashMap<String, LiveRun>>,
    /// Wakes event streams of a session when an event was appended in this process.
    appended: tokio::sync::broadcast::Sender<String>,
}

impl std::fmt::Debug for AgentRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentRuntime")
            .field("provider", &self.provider.id())
            .field("agents", &self.agents.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl AgentRuntime {
    /// A runtime over `store` and `provider` with these agents.
    pub fn new(store: Arc<dyn Store>, provider: Arc<dyn LlmProvider>, agents: Vec<Agent>) -> Self {
        let (appended, _) = tokio::sync::broadcast::channel(1024);
        Self {
            store,
            provider,
            agents: agents
                .into_iter()
                .map(|agent| (agent.name.clone(), Arc::new(agent)))
                .collect(),
            live: Mutex::new(HashMap::new()),
            appended,
        }
    }

    /// The store the runtime writes to.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// A receiver woken with the session id whenever this process appends an event.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.appended.subscribe()
    }

    /// Starts a run of `agent` on `message` (untrusted text must already be delimited with
    /// [`super::untrusted_block`]); returns the run id once `run_started` is stored. The run
    /// continues in a background task.
    pub async fn start(
        self: &Arc<Self>,
        owner: &OwnerId,
        session_id: &str,
        agent: &str,
        message: &str,
    ) -> Result<String> {
        self.start_with(owner, session_id, agent, message, StartOptions::default())
            .await
    }

    /// As [`AgentRuntime::start`], with `options`.
    ///
    /// # Errors
    /// As [`AgentRuntime::start`]; [`Error::InvalidInput`] when `options.must_call` is not one
    /// of the agent's tools.
    pub async fn start_with(
        self: &Arc<Self>,
        owner: &OwnerId,
        session_id: &str,
        agent: &str,
        message: &str,
        options: StartOptions,
    ) -> Result<String> {
        let spec = self.agent(agent)?;
        if let Some(required) = &options.must_call {
            if spec.tools.get(&required.tool).is_none() {
                return Err(Error::invalid(format!(
                    "agent {} has no tool {:?} to require",
                    spec.name, required.tool
                )));
            }
        }
        let run = self.store.create_run(owner, session_id).await?;
        let checkpoint = Checkpoint {
            agent: spec.name.clone(),
            messages: vec![
                ChatMessage::system(format!("{}\n\n{DATA_RULE}", spec.system_prompt)),
                ChatMessage::user(message),
            ],
            steps: 0,
            calls: Vec::new(),
            repeats: Default::default(),
            active_ms: 0,
            output: String::new(),
            must_call: options.must_call,
            required_refusals: 0,
            answer_only: false,
        };
        self.save(owner, &run.id, &checkpoint).await?;
        self.emit(
            owner,
            session_id,
            &run.id,
            EventType::RunStarted,
            json!({"agent": spec.name, "provider": self.provider.id()}),
        )
        .await?;
        self.spawn_drive(owner.clone(), run.id.clone());
        Ok(run.id)
    }

    /// Continues a run in the background (after an approval decision, or in a new process
    /// for a run that was waiting).
    pub fn spawn_drive(self: &Arc<Self>, owner: OwnerId, run_id: String) {
        let runtime = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(err) = runtime.drive(&owner, &run_id).await {
                tracing_failure(&run_id, &err);
            }
        });
    }

    /// Drives a run until it finishes or waits for approval. Safe to call again at any time:
    /// it resumes from the stored checkpoint and never repeats a call whose effects started.
    pub async fn drive(&self, owner: &OwnerId, run_id: &str) -> Result<RunOutcome> {
        let (token, lock) = self.live_entry(run_id);
        let _guard = lock.lock().await;
        let run = self.store.get_run(owner, run_id).await?;
        if run.status.is_finished() {
            return Ok(RunOutcome::Finished(run.status));
        }
        let mut checkpoint: Checkpoint = match run.checkpoint {
            Some(value) => serde_json::from_value(value)?,
            None => return Err(Error::invalid(format!("run {run_id} has no checkpoint"))),
        };
        let agent = self.agent(&checkpoint.agent)?;
        let session_id = run.session_id.clone();
        if run.status == RunStatus::WaitingForApproval {
            self.store
                .set_run_status(owner, run_id, RunStatus::Running)
                .await?;
        }
        let remaining = agent
            .limits
            .run_timeout
            .saturating_sub(Duration::from_millis(checkpoint.active_ms));
        let started = Instant::now();
        let outcome = tokio::select! {
            outcome = tokio::time::timeout(
                remaining,
                self.work(owner, &session_id, run_id, &agent, &mut checkpoint, started),
            ) => outcome,
            () = token.cancelled() => {
                return self.finish_interrupted(owner, &session_id, run_id).await;
            }
        };
        let result = match outcome {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                operation: "run".into(),
                limit: agent.limits.run_timeout,
            }),
        };
        let outcome = match result {
            Ok(outcome) => Ok(outcome),
            Err(err) => {
                let payload = json!({
                    "error": err.to_string(),
                    "kind": err.kind(),
                    "output": checkpoint.output,
                });
                self.emit(owner, &session_id, run_id, EventType::RunFailed, payload)
                    .await?;
                self.store
                    .set_run_status(owner, run_id, RunStatus::Failed)
                    .await?;
                Ok(RunOutcome::Finished(RunStatus::Failed))
            }
        };
        drop(self.live_remove(run_id));
        outcome
    }

    /// Interrupts a run: a live drive stops at once; a run waiting for approval ends now.
    /// Output streamed so far is kept in the `run_interrupted` payload.
    pub async fn interrupt(&self, owner: &OwnerId, run_id: &str) -> Result<RunStatus> {
        let run = self.store.get_run(owner, run_id).await?;
        if run.status.is_finished() {
            return Ok(run.status);
        }
        if let Some((token, lock)) = self.live_remove(run_id) {
            token.cancel();
            // A live drive ends itself; wait for it so the caller sees the final state.
            drop(lock.lock().await);
        }
        let run = self.store.get_run(owner, run_id).await?;
        if !run.status.is_finished() {
            self.finish_interrupted(owner, &run.session_id, run_id)
                .await?;
        }
        Ok(self.store.get_run(owner, run_id).await?.status)
    }

    /// Records a person's decision on a pending write call, emits `tool_call_approved` or
    /// `tool_call_rejected`, writes the audit log, and resumes the run in the background.
    pub async fn decide(
        self: &Arc<Self>,
        owner: &OwnerId,
        approval_id: &str,
        approve: bool,
    ) -> Result<()> {
        let approval = self
            .store
            .decide_approval(owner, approval_id, approve)
            .await?;
        let (kind, action) = if approve {
            (EventType::ToolCallApproved, "approval.approved")
        } else {
            (EventType::ToolCallRejected, "approval.rejected")
        };
        self.emit(
            owner,
            &approval.session_id,
            &approval.run_id,
            kind,
            json!({
                "approval_id": approval.id,
                "tool_call_id": approval.tool_call_id,
                "name": approval.tool_name,
                "by": "user",
            }),
        )
        .await?;
        self.store
            .append_audit(
                owner,
                NewAudit {
                    session_id: Some(approval.session_id.clone()),
                    actor: "user".into(),
                    action: action.into(),
                    target: approval.id.clone(),
                    detail: json!({"tool": approval.tool_name, "arguments": approval.arguments}),
                },
            )
            .await?;
        self.spawn_drive(owner.clone(), approval.run_id);
        Ok(())
    }

    fn agent(&self, name: &str) -> Result<Arc<Agent>> {
        self.agents
            .get(name)
            .cloned()
            .ok_or_else(|| Error::NotFound {
                kind: "agent",
                id: name.to_string(),
            })
    }

    fn live_entry(&self, run_id: &str) -> LiveRun {
        let mut live = self
            .live
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        live.entry(run_id.to_string())
            .or_insert_with(|| (CancellationToken::new(), Arc::default()))
            .clone()
    }

    fn live_remove(
        &self,
        run_id: &str,
    ) -> Option<(CancellationToken, Arc<tokio::sync::Mutex<()>>)> {
        let mut live = self
            .live
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        live.remove(run_id)
    }

    async fn finish_interrupted(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
    ) -> Result<RunOutcome> {
        let run = self.store.get_run(owner, run_id).await?;
        let output = run
            .checkpoint
            .and_then(|value| value.get("output").cloned())
            .unwrap_or(Value::Null);
        // Text streamed after the last checkpoint is in the stored deltas; collect them.
        let deltas = self.streamed_text(owner, session_id, run_id).await?;
        self.emit(
            owner,
            session_id,
            run_id,
            EventType::RunInterrupted,
            json!({"output": if deltas.is_empty() { output } else { Value::String(deltas) }}),
        )
        .await?;
        self.store
            .set_run_status(owner, run_id, RunStatus::Interrupted)
            .await?;
        Ok(RunOutcome::Finished(RunStatus::Interrupted))
    }

    async fn streamed_text(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
    ) -> Result<String> {
        let mut text = String::new();
        let mut after = 0;
        loop {
            let events = self
                .store
                .events_after(owner, session_id, Some(run_id), after, 500)
                .await?;
            let Some(last) = events.last() else { break };
            after = last.event_id;
            for event in &events {
                if event.kind == EventType::AssistantDelta {
                    if let Some(delta) = event.payload.get("text").and_then(Value::as_str) {
                        text.push_str(delta);
                    }
                }
            }
        }
        Ok(text)
    }

    /// The loop proper; returns when the run completes or waits.
    async fn work(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        agent: &Agent,
        checkpoint: &mut Checkpoint,
        started: Instant,
    ) -> Result<RunOutcome> {
        let base_ms = checkpoint.active_ms;
        loop {
            checkpoint.active_ms = base_ms + elapsed_ms(started);
            if let Some(outcome) = self
                .answer_calls(owner, session_id, run_id, agent, checkpoint)
                .await?
            {
                return Ok(outcome);
            }
            if let Some(message) = self.budget_stop(owner, session_id, agent).await? {
                self.emit_delta(owner, session_id, run_id, checkpoint, &message)
                    .await?;
                return self
                    .complete(owner, session_id, run_id, checkpoint, "budget")
                    .await;
            }
            if answered_fallback(checkpoint) {
                return self
                    .complete(owner, session_id, run_id, checkpoint, "fallback")
                    .await;
            }
            if let Some((call, note)) = take_fallback(checkpoint) {
                self.emit_delta(owner, session_id, run_id, checkpoint, &note)
                    .await?;
                checkpoint
                    .messages
                    .push(ChatMessage::assistant(note, vec![call.clone()]));
                checkpoint.calls.clear();
                self.propose(owner, session_id, run_id, agent, checkpoint, call)
                    .await?;
                self.save(owner, run_id, checkpoint).await?;
                continue;
            }
            let forced = checkpoint.steps >= agent.limits.max_steps || checkpoint.answer_only;
            let mut request = ChatRequest::new(checkpoint.messages.clone())
                .with_max_tokens(agent.limits.max_tokens_per_call);
            if forced {
                // After a required call the tool's result is the model's cue; small models
                // repeat an added instruction word for word instead of following it.
                if !checkpoint.answer_only {
                    request.messages.push(ChatMessage::system(
                        "The step limit is reached. Give your final answer now, without calling tools.",
                    ));
                }
                request.tool_choice = ToolChoice::None;
            } else {
                let context = tool_context(owner, session_id, run_id, "", false);
                request.tools = agent.tools.specs_in(&context).await?;
                if let Some(required) = &checkpoint.must_call {
                    request.tool_choice = ToolChoice::Tool(required.tool.clone());
                    if let Some(schema) = &required.arguments {
                        for spec in request.tools.iter_mut().filter(|s| s.name == required.tool) {
                            spec.parameters = schema.clone();
                        }
                    }
                    if checkpoint.steps > 0 {
                        // The last forced call was refused: a deterministic decoder would
                        // repeat it word for word, so sample a different one.
                        request.temperature = Some(RETRY_TEMPERATURE);
                    }
                }
            }
            let turn = self
                .model_turn(owner, session_id, run_id, checkpoint, request)
                .await;
            let (content, calls, usage) = match turn {
                Err(err) if err.kind() == ErrorKind::InvalidModelOutput => {
                    let Some(tool) = checkpoint.must_call.as_ref().map(|r| r.tool.clone()) else {
                        return Err(err);
                    };
                    // A forced call the model could not even finish (a small model looping
                    // until the token cap) is refused like a call the guard refused.
                    checkpoint.steps += 1;
                    checkpoint.required_refusals += 1;
                    let reason = err.to_string();
                    self.emit(
                        owner,
                        session_id,
                        run_id,
                        EventType::ToolCallRejected,
                        json!({"tool_call_id": null, "name": tool, "by": "runtime", "reason": reason}),
                    )
                    .await?;
                    self.save(owner, run_id, checkpoint).await?;
                    continue;
                }
                turn => turn?,
            };
            checkpoint.steps += 1;
            self.store
                .record_usage(
                    owner,
                    UsageEntry {
                        session_id: session_id.to_string(),
                        run_id: Some(run_id.to_string()),
                        provider: self.provider.id(),
                        cost_micros: agent.limits.price.map_or(0, |price| {
                            i64::try_from(price.cost_micros(&usage)).unwrap_or(i64::MAX)
                        }),
                        usage,
                    },
                )
                .await?;
            let calls = if forced { Vec::new() } else { calls };
            checkpoint
                .messages
                .push(ChatMessage::assistant(content, calls.clone()));
            if calls.is_empty() {
                return self
                    .complete(owner, session_id, run_id, checkpoint, "answered")
                    .await;
            }
            checkpoint.calls.clear();
            for call in calls {
                self.propose(owner, session_id, run_id, agent, checkpoint, call)
                    .await?;
            }
            self.save(owner, run_id, checkpoint).await?;
        }
    }

    /// Streams one model call, storing each text delta as an `assistant_delta` event.
    async fn model_turn(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        checkpoint: &mut Checkpoint,
        request: ChatRequest,
    ) -> Result<(String, Vec<crate::llm::ToolCall>, Usage)> {
        let mut stream = self.provider.chat_stream(request).await?;
        let mut content = String::new();
        let mut calls = Vec::new();
        let mut usage = Usage::default();
        while let Some(event) = stream.next().await {
            match event? {
                ChatEvent::TextDelta { text } => {
                    content.push_str(&text);
                    self.emit_delta(owner, session_id, run_id, checkpoint, &text)
                        .await?;
                }
                ChatEvent::ToolCall { call } => calls.push(call),
                ChatEvent::Usage { usage: reported } => usage = reported,
                ChatEvent::ToolCallDelta { .. } | ChatEvent::Finished { .. } => {}
            }
        }
        Ok((content, calls, usage))
    }

    /// Checks a proposed call and records it: refused calls (outside the agent's tools, invalid
    /// arguments, repeats) are answered at once with the reason; allowed ones wait in the
    /// checkpoint for [`Self::answer_calls`].
    async fn propose(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        agent: &Agent,
        checkpoint: &mut Checkpoint,
        call: crate::llm::ToolCall,
    ) -> Result<()> {
        let checked = agent.tools.validate(&call.name, &call.arguments);
        let review = match (&checked, agent.tools.get(&call.name)) {
            (Ok(_), Some((tool, _))) => {
                let context = tool_context(owner, session_id, run_id, &call.id, false);
                tool.review(&context, &call.arguments).await
            }
            _ => Ok(None),
        };
        let review_value = review.as_ref().ok().cloned().flatten();
        let checked = checked.and_then(|kind| review.map(|_| kind));
        let verdict = checked.and_then(|kind| {
            if checkpoint
                .repeats
                .is_repeat(&call, agent.limits.max_identical_calls)
            {
                Err(Error::Conflict {
                    message: "this exact call was already made in this run; use its result".into(),
                })
            } else {
                Ok(kind)
            }
        });
        // A write that needs a person gets its approval record before anyone can see the
        // proposal, so a client reacting to the event always finds it pending.
        let approval_id = match &verdict {
            Ok(ToolKind::Write) => {
                self.pending_approval(owner, session_id, run_id, &call)
                    .await?
            }
            _ => None,
        };
        self.emit(
            owner,
            session_id,
            run_id,
            EventType::ToolCallProposed,
            json!({
                "tool_call_id": call.id,
                "name": call.name,
                "arguments": call.arguments,
                "kind": verdict.as_ref().ok(),
                "review": review_value,
                "approval_id": approval_id,
                "origin": if call.id.starts_with(FALLBACK_CALL_PREFIX) { "fallback" } else { "model" },
            }),
        )
        .await?;
        match verdict {
            Ok(kind) => {
                if checkpoint
                    .must_call
                    .as_ref()
                    .is_some_and(|required| required.tool == call.name)
                {
                    checkpoint.must_call = None;
                    checkpoint.answer_only = true;
                }
                checkpoint.calls.push(PendingCall {
                    call,
                    kind,
                    stage: CallStage::Proposed,
                    approval_id,
                });
            }
            Err(refusal) => {
                if checkpoint
                    .must_call
                    .as_ref()
                    .is_some_and(|required| required.tool == call.name)
                {
                    checkpoint.required_refusals += 1;
                }
                let reason = refusal.to_string();
                self.emit(
                    owner,
                    session_id,
                    run_id,
                    EventType::ToolCallRejected,
                    json!({"tool_call_id": call.id, "name": call.name, "by": "runtime", "reason": reason}),
                )
                .await?;
                checkpoint.messages.push(ChatMessage::tool_result(
                    call.id.clone(),
                    json!({"error": reason}).to_string(),
                ));
                checkpoint.calls.push(PendingCall {
                    call,
                    kind: ToolKind::Read,
                    stage: CallStage::Done,
                    approval_id: None,
                });
            }
        }
        Ok(())
    }

    /// Answers the calls of the last model turn in order. Returns `Some(WaitingForApproval)`
    /// when a write call needs a person; `None` when every call is answered.
    async fn answer_calls(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        agent: &Agent,
        checkpoint: &mut Checkpoint,
    ) -> Result<Option<RunOutcome>> {
        for index in 0..checkpoint.calls.len() {
            let pending = checkpoint.calls[index].clone();
            match pending.stage {
                CallStage::Done => continue,
                CallStage::Executing => {
                    // The process stopped while this call ran: its effects may have happened,
                    // so it is never run again.
                    let error = "the outcome of this call is unknown (the process stopped while it ran); it was not repeated";
                    self.answer(
                        owner,
                        session_id,
                        run_id,
                        checkpoint,
                        index,
                        Err(error.into()),
                    )
                    .await?;
                }
                CallStage::Proposed => {
                    if pending.kind == ToolKind::Write {
                        match self
                            .write_permission(owner, session_id, run_id, checkpoint, index)
                            .await?
                        {
                            Permission::Wait => return self.wait(owner, run_id, checkpoint).await,
                            Permission::Rejected => {
                                self.answer(
                                    owner,
                                    session_id,
                                    run_id,
                                    checkpoint,
                                    index,
                                    Err("the user rejected this change; do not propose it again"
                                        .into()),
                                )
                                .await?;
                                continue;
                            }
                            Permission::Granted => {}
                        }
                    }
                    let result = self
                        .execute(owner, session_id, run_id, agent, checkpoint, index)
                        .await?;
                    self.answer(owner, session_id, run_id, checkpoint, index, result)
                        .await?;
                }
            }
        }
        Ok(None)
    }

    /// Decides whether write call `index` may run now: auto-approve, a stored approval that is
    /// consumed here (once, for exactly these arguments), or a new pending approval.
    async fn write_permission(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        checkpoint: &mut Checkpoint,
        index: usize,
    ) -> Result<Permission> {
        let call = checkpoint.calls[index].call.clone();
        let Some(approval_id) = checkpoint.calls[index].approval_id.clone() else {
            let session = self.store.get_session(owner, session_id).await?;
            if session.auto_approve {
                self.emit(
                    owner,
                    session_id,
                    run_id,
                    EventType::ToolCallApproved,
                    json!({"tool_call_id": call.id, "name": call.name, "by": "auto_approve"}),
                )
                .await?;
                return Ok(Permission::Granted);
            }
            // Auto-approve was on when the call was proposed and is off now: ask a person.
            checkpoint.calls[index].approval_id = self
                .pending_approval(owner, session_id, run_id, &call)
                .await?;
            return Ok(Permission::Wait);
        };
        let approval = self.store.get_approval(owner, &approval_id).await?;
        match approval.status {
            ApprovalStatus::Pending => Ok(Permission::Wait),
            ApprovalStatus::Rejected => Ok(Permission::Rejected),
            ApprovalStatus::Approved => {
                // Mark the call as started before consuming: if the process dies between the
                // two, the call is reported as unknown rather than run twice.
                checkpoint.calls[index].stage = CallStage::Executing;
                self.save(owner, run_id, checkpoint).await?;
                self.store
                    .consume_approval(owner, &approval_id, &arguments_hash(&call.arguments))
                    .await?;
                Ok(Permission::Granted)
            }
            ApprovalStatus::Consumed => Err(Error::Conflict {
                message: format!("approval {approval_id} was already used"),
            }),
        }
    }

    /// Records a pending approval for a write call unless the session auto-approves; returns
    /// its id.
    async fn pending_approval(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        call: &crate::llm::ToolCall,
    ) -> Result<Option<String>> {
        if self
            .store
            .get_session(owner, session_id)
            .await?
            .auto_approve
        {
            return Ok(None);
        }
        let approval = self
            .store
            .create_approval(
                owner,
                NewApproval {
                    run_id: run_id.to_string(),
                    session_id: session_id.to_string(),
                    tool_call_id: call.id.clone(),
                    tool_name: call.name.clone(),
                    arguments: call.arguments.clone(),
                },
            )
            .await?;
        Ok(Some(approval.id))
    }

    /// Runs call `index` (marked as executing first) and returns its result or error text.
    async fn execute(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        agent: &Agent,
        checkpoint: &mut Checkpoint,
        index: usize,
    ) -> Result<std::result::Result<Value, String>> {
        let pending = checkpoint.calls[index].clone();
        if pending.stage != CallStage::Executing {
            checkpoint.calls[index].stage = CallStage::Executing;
            self.save(owner, run_id, checkpoint).await?;
        }
        let Some((tool, kind)) = agent.tools.get(&pending.call.name) else {
            return Ok(Err(format!("tool {} is not available", pending.call.name)));
        };
        let by_person = kind == ToolKind::Write && pending.approval_id.is_some();
        let context = tool_context(owner, session_id, run_id, &pending.call.id, by_person);
        let result = tool
            .call(&context, pending.call.arguments.clone())
            .await
            .map_err(|err| err.to_string());
        if kind == ToolKind::Write {
            self.store
                .append_audit(
                    owner,
                    NewAudit {
                        session_id: Some(session_id.to_string()),
                        actor: format!("agent:{}", agent.name),
                        action: format!("tool.{}", pending.call.name),
                        target: pending.call.id.clone(),
                        detail: json!({"arguments": pending.call.arguments, "ok": result.is_ok()}),
                    },
                )
                .await?;
        }
        Ok(result)
    }

    /// Stores a call's answer: a `tool_result` event, the tool message, the stage `Done`.
    async fn answer(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        checkpoint: &mut Checkpoint,
        index: usize,
        result: std::result::Result<Value, String>,
    ) -> Result<()> {
        let call = checkpoint.calls[index].call.clone();
        let (payload, message) = match result {
            Ok(value) => (
                json!({"tool_call_id": call.id, "name": call.name, "ok": true, "result": value}),
                value.to_string(),
            ),
            Err(error) => (
                json!({"tool_call_id": call.id, "name": call.name, "ok": false, "error": error}),
                json!({ "error": error }).to_string(),
            ),
        };
        self.emit(owner, session_id, run_id, EventType::ToolResult, payload)
            .await?;
        checkpoint
            .messages
            .push(ChatMessage::tool_result(call.id, message));
        checkpoint.calls[index].stage = CallStage::Done;
        self.save(owner, run_id, checkpoint).await
    }

    async fn wait(
        &self,
        owner: &OwnerId,
        run_id: &str,
        checkpoint: &Checkpoint,
    ) -> Result<Option<RunOutcome>> {
        self.save(owner, run_id, checkpoint).await?;
        let run = self.store.get_run(owner, run_id).await?;
        if run.status != RunStatus::WaitingForApproval {
            self.store
                .set_run_status(owner, run_id, RunStatus::WaitingForApproval)
                .await?;
        }
        Ok(Some(RunOutcome::WaitingForApproval))
    }

    /// A graceful stop message when the session's token or cost budget cannot cover another
    /// call (one more call at most `max_tokens_per_call` generated tokens).
    async fn budget_stop(
        &self,
        owner: &OwnerId,
        session_id: &str,
        agent: &Agent,
    ) -> Result<Option<String>> {
        let limits = &agent.limits;
        let cost_cap = limits.session_cost_cap_micros.zip(limits.price);
        if limits.session_token_cap.is_none() && cost_cap.is_none() {
            return Ok(None);
        }
        let totals = self.store.session_usage(owner, session_id).await?;
        let next = limits.max_tokens_per_call;
        if let Some(cap) = limits.session_token_cap {
            let used = u64::from(totals.usage.total());
            if used.saturating_add(u64::from(next)) > cap {
                return Ok(Some(format!(
                    "I have to stop here: this session has used {used} of its {cap} tokens."
                )));
            }
        }
        if let Some((cap, price)) = cost_cap {
            let spent = u64::try_from(totals.cost_micros).unwrap_or(0);
            let next_call = price.cost_micros(&crate::llm::Usage {
                completion_tokens: next,
                ..crate::llm::Usage::default()
            });
            if spent.saturating_add(next_call) > cap {
                return Ok(Some(format!(
                    "I have to stop here: this session has spent ${:.4} of its ${:.4} budget.",
                    spent as f64 / 1e6,
                    cap as f64 / 1e6
                )));
            }
        }
        Ok(None)
    }

    async fn complete(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        checkpoint: &Checkpoint,
        reason: &str,
    ) -> Result<RunOutcome> {
        self.save(owner, run_id, checkpoint).await?;
        let content = checkpoint
            .messages
            .iter()
            .rev()
            .find(|message| message.role == crate::llm::Role::Assistant)
            .map(|message| message.content.clone())
            .unwrap_or_default();
        self.emit(
            owner,
            session_id,
            run_id,
            EventType::RunCompleted,
            json!({"content": content, "output": checkpoint.output, "steps": checkpoint.steps, "stop": reason}),
        )
        .await?;
        self.store
            .set_run_status(owner, run_id, RunStatus::Completed)
            .await?;
        Ok(RunOutcome::Finished(RunStatus::Completed))
    }

    async fn emit_delta(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        checkpoint: &mut Checkpoint,
        text: &str,
    ) -> Result<()> {
        checkpoint.output.push_str(text);
        self.emit(
            owner,
            session_id,
            run_id,
            EventType::AssistantDelta,
            json!({ "text": text }),
        )
        .await
        .map(drop)
    }

    async fn emit(
        &self,
        owner: &OwnerId,
        session_id: &str,
        run_id: &str,
        kind: EventType,
        payload: Value,
    ) -> Result<Event> {
        let event = self
            .store
            .append_event(
                owner,
                NewEvent {
                    run_id: run_id.to_string(),
                    session_id: session_id.to_string(),
                    kind,
                    payload,
                },
            )
            .await?;
        // No receiver is fine: nobody is streaming this session in this process.
        let _ = self.appended.send(session_id.to_string());
        Ok(event)
    }

    async fn save(&self, owner: &OwnerId, run_id: &str, checkpoint: &Checkpoint) -> Result<()> {
        let value = serde_json::to_value(checkpoint)?;
        self.store.save_checkpoint(owner, run_id, &value).await
    }
}

/// Whether a write call may run.
enum Permission {
    Granted,
    Wait,
    Rejected,
}

/// The runtime's own call of the required tool, when the model's were refused often enough
/// and a fallback is left (it is taken: proposed once at most).
/// The required call's fallback with its note, taken (so proposed once) when the model's
/// calls of it were refused often enough.
fn take_fallback(checkpoint: &mut Checkpoint) -> Option<(crate::llm::ToolCall, String)> {
    if checkpoint.required_refusals < FALLBACK_AFTER_REFUSALS {
        return None;
    }
    let required = checkpoint.must_call.as_mut()?;
    let fallback = required.fallback.take()?;
    let call = crate::llm::ToolCall {
        id: format!("{FALLBACK_CALL_PREFIX}{}", checkpoint.steps),
        name: required.tool.clone(),
        arguments: fallback.arguments,
    };
    Some((call, fallback.note))
}

/// Whether the run's last assistant turn was a fallback call, now answered: the model already
/// failed at the task, so the run ends on the fallback's note rather than another turn.
fn answered_fallback(checkpoint: &Checkpoint) -> bool {
    checkpoint
        .messages
        .iter()
        .rev()
        .find(|message| message.role == crate::llm::Role::Assistant)
        .is_some_and(|message| {
            message
                .tool_calls
                .iter()
                .any(|call| call.id.starts_with(FALLBACK_CALL_PREFIX))
        })
}

fn tool_context(
    owner: &OwnerId,
    session_id: &str,
    run_id: &str,
    tool_call_id: &str,
    approved_by_person: bool,
) -> ToolContext {
    ToolContext {
        owner: owner.as_str().to_string(),
        session_id: session_id.to_string(),
        run_id: run_id.to_string(),
        tool_call_id: tool_call_id.to_string(),
        approved_by_person,
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn tracing_failure(run_id: &str, err: &Error) {
    tracing::warn!(run_id, error = %err, "agent run could not be driven");
}
