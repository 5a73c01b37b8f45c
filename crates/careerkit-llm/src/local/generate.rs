//! One generation: the prompt is processed in a single batched forward pass, then tokens are
//! sampled one at a time (masked by the constraint, if any) on a blocking thread that sends
//! events through a channel and stops when the receiver is dropped.

use std::sync::Arc;

use candle_core::{Device, Tensor};
use careerkit_core::llm::{
    ChatEvent, ChatMessage, ChatRequest, ChatStream, FinishReason, Role, Usage,
};
use careerkit_core::{Error, Result};
use tokio::sync::mpsc;

use super::json_grammar::{GrammarState, JsonGrammar};
use super::sampling::{Sampler, SamplingOptions};
use super::text_stream::TextStream;
use super::tool_format::{self, ToolOutput};
use super::Inner;

/// Rejected samples before the whole vocabulary is checked against the grammar at once.
const LAZY_REJECTIONS: usize = 8;

/// What the output must look like.
pub(crate) enum Constraint {
    /// Free text.
    None,
    /// A JSON value of the grammar, streamed as text.
    Json(JsonGrammar),
    /// A tool call or an answer (see `tool_format`), reported once complete.
    Tools(JsonGrammar),
}

/// A prepared generation.
pub(crate) struct Job {
    inner: Arc<Inner>,
    prompt: Vec<u32>,
    max_tokens: usize,
    stops: Vec<String>,
    sampling: SamplingOptions,
    constraint: Constraint,
}

/// The prompt text for `request`: tool instructions join the system message.
pub(crate) fn prompt_text(inner: &Inner, request: &ChatRequest) -> String {
    let offered = tool_format::offered(&request.tools, &request.tool_choice);
    if offered.is_empty() {
        return inner.template.render(&request.messages);
    }
    let instructions = tool_format::instructions(&offered, &request.tool_choice);
    let mut messages = request.messages.clone();
    match messages.first_mut() {
        Some(first) if first.role == Role::System => {
            first.content = format!("{}\n\n{instructions}", first.content);
        }
        _ => messages.insert(0, ChatMessage::system(instructions)),
    }
    inner.template.render(&messages)
}

fn runtime_error(inner: &Inner, e: impl std::fmt::Display) -> Error {
    Error::Provider {
        provider: inner.id.clone(),
        status: None,
        message: e.to_string(),
        retryable: false,
    }
}

impl Job {
    /// Tokenizes the prompt; a prompt that does not fit the context is an error, never cut.
    pub(crate) fn new(
        inner: Arc<Inner>,
        request: &ChatRequest,
        constraint: Constraint,
    ) -> Result<Self> {
        let prompt = inner.tokenizer.encode(&prompt_text(&inner, request))?;
        let room = inner.context_length.saturating_sub(prompt.len());
        if room == 0 {
            return Err(Error::ContextOverflow {
                tokens: prompt.len(),
                limit: inner.context_length,
            });
        }
        let max_tokens = request.max_tokens.map_or(room, |m| (m as usize).min(room));
        let mut sampling = inner.options.sampling;
        if let Some(t) = request.temperature {
            sampling.temperature = t;
        }
        Ok(Self {
            inner,
            prompt,
            max_tokens,
            stops: request.stop.clone(),
            sampling,
            constraint,
        })
    }

    /// Starts generating on a blocking thread; the stream ends (and generation stops) when
    /// either side is done.
    pub(crate) fn spawn(self) -> ChatStream {
        let (tx, mut rx) = mpsc::channel(32);
        tokio::task::spawn_blocking(move || {
            let error_tx = tx.clone();
            if let Err(e) = self.run(&tx) {
                let _ = error_tx.blocking_send(Err(e));
            }
        });
        Box::pin(futures::stream::poll_fn(move |cx| rx.poll_recv(cx)))
    }

    fn forward(
        &self,
        weights: &mut candle_transformers::models::quantized_llama::ModelWeights,
        tokens: &[u32],
        pos: usize,
    ) -> Result<Vec<f32>> {
        let input = Tensor::new(tokens, &Device::Cpu)
            .and_then(|t| t.unsqueeze(0))
            .map_err(|e| runtime_error(&self.inner, e))?;
        weights
            .forward(&input, pos)
            .and_then(|l| l.squeeze(0))
            .and_then(|l| l.to_dtype(candle_core::DType::F32))
            .and_then(|l| l.to_vec1::<f32>())
            .map_err(|e| runtime_error(&self.inner, e))
    }

    fn run(&self, tx: &mpsc::Sender<Result<ChatEvent>>) -> Result<()> {
        let inner = &self.inner;
        let mut weights = inner.weights.clone();
        let mut logits = self.forward(&mut weights, &self.prompt, 0)?;
        let mut sampler = Sampler::new(self.sampling);
        let grammar = match &self.constraint {
            Constraint::None => None,
            Constraint::Json(g) | Constraint::Tools(g) => Some(g),
        };
        let mut state = grammar.map(JsonGrammar::start);
        let mut text = TextStream::new(if grammar.is_some() {
            Vec::new()
        } else {
            self.stops.clone()
        });
        let mut generated: Vec<u32> = Vec::new();
        let mut output = String::new();
        let mut reason = FinishReason::Length;
        let structural = |t: u32| {
            grammar.is_some()
                && inner
                    .tokenizer
                    .bytes(t)
                    .iter()
                    .all(|b| b"{}[]:,\" \n".contains(b))
        };
        while generated.len() < self.max_tokens {
            sampler.penalize(&mut logits, &generated, &structural);
            let token = match (grammar, state.as_mut()) {
                (Some(g), Some(s)) => self.constrained_pick(g, s, &mut sampler, &mut logits)?,
                _ => {
                    for (id, l) in logits.iter_mut().enumerate() {
                        if inner.tokenizer.is_special(id as u32)
                            && !inner.end_tokens.contains(&(id as u32))
                        {
                            *l = f32::NEG_INFINITY;
                        }
                    }
                    sampler
                        .sample(&logits)
                        .ok_or_else(|| runtime_error(inner, "no token can be sampled"))?
                }
            };
            if inner.end_tokens.contains(&token) {
                reason = FinishReason::Stop;
                break;
            }
            generated.push(token);
            let pushed = text.push(inner.tokenizer.bytes(token));
            output.push_str(&pushed.text);
            if !pushed.text.is_empty()
                && !matches!(self.constraint, Constraint::Tools(_))
                && tx
                    .blocking_send(Ok(ChatEvent::TextDelta { text: pushed.text }))
                    .is_err()
            {
                return Ok(()); // The caller dropped the stream: cancelled.
            }
            if pushed.stopped
                || grammar
                    .zip(state.as_ref())
                    .is_some_and(|(g, s)| g.is_closed(s))
            {
                reason = FinishReason::Stop;
                break;
            }
            if generated.len() >= self.max_tokens
                || self.prompt.len() + generated.len() >= inner.context_length
            {
                break;
            }
            if tx.is_closed() {
                return Ok(());
            }
            logits = self.forward(
                &mut weights,
                &[token],
                self.prompt.len() + generated.len() - 1,
            )?;
        }
        let rest = text.finish();
        output.push_str(&rest);
        let mut events = Vec::new();
        if let Constraint::Tools(_) = self.constraint {
            if reason == FinishReason::Length {
                return Err(Error::InvalidModelOutput {
                    message: format!(
                        "the tool-call reply was cut off at {} tokens: {output}",
                        generated.len()
                    ),
                });
            }
            match tool_format::parse_reply(&output)? {
                ToolOutput::Answer(answer) => events.push(ChatEvent::TextDelta { text: answer }),
                ToolOutput::Call(call) => {
                    events.push(ChatEvent::ToolCallDelta {
                        index: 0,
                        id: Some(call.id.clone()),
                        name: Some(call.name.clone()),
                        arguments: call.arguments.to_string(),
                    });
                    events.push(ChatEvent::ToolCall { call });
                    reason = FinishReason::ToolCalls;
                }
            }
        } else if !rest.is_empty() {
            events.push(ChatEvent::TextDelta { text: rest });
        }
        let usage = Usage {
            prompt_tokens: u32::try_from(self.prompt.len()).unwrap_or(u32::MAX),
            completion_tokens: u32::try_from(generated.len()).unwrap_or(u32::MAX),
            cached_tokens: 0,
            estimated: false,
        };
        events.push(ChatEvent::Usage { usage });
        events.push(ChatEvent::Finished { reason });
        for event in events {
            if tx.blocking_send(Ok(event)).is_err() {
                break;
            }
        }
        Ok(())
    }

    /// Samples a token the grammar accepts: lazily (reject and resample) at first, then with
    /// the whole vocabulary masked at once.
    fn constrained_pick(
        &self,
        grammar: &JsonGrammar,
        state: &mut GrammarState,
        sampler: &mut Sampler,
        logits: &mut [f32],
    ) -> Result<u32> {
        let tokenizer = &self.inner.tokenizer;
        let complete = grammar.is_complete(state);
        let allowed = |token: u32, state: &GrammarState| {
            if self.inner.end_tokens.contains(&token) {
                complete
            } else {
                !tokenizer.is_special(token) && grammar.accepts(state, tokenizer.bytes(token))
            }
        };
        for _ in 0..LAZY_REJECTIONS {
            let token = sampler
                .sample(logits)
                .ok_or_else(|| runtime_error(&self.inner, "the grammar allows no token"))?;
            if allowed(token, state) {
                self.commit(grammar, state, token);
                return Ok(token);
            }
            if let Some(l) = logits.get_mut(token as usize) {
                *l = f32::NEG_INFINITY;
            }
        }
        let first_ok: Vec<bool> = (0..=255u8).map(|b| grammar.accepts(state, &[b])).collect();
        for (id, l) in logits.iter_mut().enumerate() {
            let id = id as u32;
            let bytes = tokenizer.bytes(id);
            let plausible = self.inner.end_tokens.contains(&id)
                || bytes.first().is_some_and(|b| first_ok[*b as usize]);
            if l.is_finite() && !(plausible && allowed(id, state)) {
                *l = f32::NEG_INFINITY;
            }
        }
        let token = sampler
            .sample(logits)
            .ok_or_else(|| Error::InvalidModelOutput {
                message: "no token can continue the constrained output".into(),
            })?;
        self.commit(grammar, state, token);
        Ok(token)
    }

    fn commit(&self, grammar: &JsonGrammar, state: &mut GrammarState, token: u32) {
        if !self.inner.end_tokens.contains(&token) {
            grammar.advance(state, self.inner.tokenizer.bytes(token));
        }
    }
}
