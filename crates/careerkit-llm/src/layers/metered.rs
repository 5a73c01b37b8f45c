//! Metering and caps: tokens and cost per call from a price table, charged to shared
//! [`Budget`]s (one per run, one per session, ...), with a cap that stops the next call.
//!
//! Before a call, its maximum (estimated prompt plus `max_tokens`, which `Metered` fills in
//! when the request has none) is reserved on every budget; a call is refused with
//! [`Error::BudgetExceeded`] when a budget's used plus reserved amount already reached its cap.
//! When the call ends (finished, failed or dropped) the reservation is replaced by the real
//! usage (estimated when the provider sent none). So a cap is exceeded by at most one call's
//! maximum, whatever retries and fallbacks happen below this layer.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use futures::StreamExt;
use serde::{Deserialize, Serialize};

pub use careerkit_core::llm::Price;
use careerkit_core::llm::{ChatEvent, ChatRequest, ChatStream, LlmProvider, Usage};
use careerkit_core::{Error, Result};

use crate::estimate;

/// Prices by model name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PriceTable {
    prices: BTreeMap<String, Price>,
}

impl PriceTable {
    /// An empty table (every model free: local models, tests).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the price of `model` (a model name such as `gpt-4o-mini`, or a full provider id).
    pub fn with(mut self, model: impl Into<String>, price: Price) -> Self {
        self.prices.insert(model.into(), price);
        self
    }

    /// The price for a provider id such as `openai:gpt-4o-mini-2024-07-18`: the exact id, else
    /// the model part, else the longest listed name the model starts with.
    pub fn get(&self, provider_id: &str) -> Option<Price> {
        if let Some(price) = self.prices.get(provider_id) {
            return Some(*price);
        }
        let model = provider_id.split_once(':').map_or(provider_id, |(_, m)| m);
        self.prices.get(model).copied().or_else(|| {
            self.prices
                .iter()
                .filter(|(name, _)| model.starts_with(name.as_str()))
                .max_by_key(|(name, _)| name.len())
                .map(|(_, price)| *price)
        })
    }
}

/// One metered call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageRecord {
    /// The provider id that was called.
    pub provider: String,
    /// Tokens (estimated when the provider sent none).
    pub usage: Usage,
    /// Cost in micro-dollars (0 when the model has no price).
    pub cost_micros: u64,
    /// Whether the model had a price.
    pub priced: bool,
    /// Whether the call finished (false: failed or cancelled).
    pub completed: bool,
}

#[derive(Debug, Default)]
struct Ledger {
    used_tokens: u64,
    used_cost_micros: u64,
    reserved_tokens: u64,
    reserved_cost_micros: u64,
    records: Vec<UsageRecord>,
}

/// Token and cost totals with optional caps, shared (`Arc`) by every call of a run or a
/// session.
///
/// ```
/// use careerkit_llm::Budget;
///
/// let session = Budget::new("session").with_token_cap(50_000).with_cost_cap_micros(200_000);
/// assert_eq!(session.used_tokens(), 0);
/// ```
#[derive(Debug)]
pub struct Budget {
    scope: String,
    token_cap: Option<u64>,
    cost_cap_micros: Option<u64>,
    ledger: Mutex<Ledger>,
}

impl Budget {
    /// An uncapped budget named `scope` (`"run"`, `"session"`).
    pub fn new(scope: impl Into<String>) -> Self {
        Self {
            scope: scope.into(),
            token_cap: None,
            cost_cap_micros: None,
            ledger: Mutex::new(Ledger::default()),
        }
    }

    /// Caps total tokens.
    pub fn with_token_cap(mut self, tokens: u64) -> Self {
        self.token_cap = Some(tokens);
        self
    }

    /// Caps total cost in micro-dollars.
    pub fn with_cost_cap_micros(mut self, micros: u64) -> Self {
        self.cost_cap_micros = Some(micros);
        self
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Tokens used by finished calls.
    pub fn used_tokens(&self) -> u64 {
        self.ledger().used_tokens
    }

    /// Cost of finished calls in micro-dollars.
    pub fn used_cost_micros(&self) -> u64 {
        self.ledger().used_cost_micros
    }

    /// Every metered call charged here, in order of completion.
    pub fn records(&self) -> Vec<UsageRecord> {
        self.ledger().records.clone()
    }

    fn reserve(&self, tokens: u64, cost: u64) -> Result<()> {
        let mut ledger = self.ledger();
        let committed_tokens = ledger.used_tokens + ledger.reserved_tokens;
        let committed_cost = ledger.used_cost_micros + ledger.reserved_cost_micros;
        if let Some(cap) = self.token_cap.filter(|cap| committed_tokens >= *cap) {
            return Err(self.exceeded(format!(
                "{committed_tokens} of {cap} tokens used or reserved"
            )));
        }
        if let Some(cap) = self.cost_cap_micros.filter(|cap| committed_cost >= *cap) {
            return Err(self.exceeded(format!(
                "{committed_cost} of {cap} micro-dollars used or reserved"
            )));
        }
        ledger.reserved_tokens += tokens;
        ledger.reserved_cost_micros += cost;
        Ok(())
    }

    fn exceeded(&self, detail: String) -> Error {
        Error::BudgetExceeded {
            scope: self.scope.clone(),
            detail,
        }
    }

    fn release(&self, tokens: u64, cost: u64) {
        let mut ledger = self.ledger();
        ledger.reserved_tokens = ledger.reserved_tokens.saturating_sub(tokens);
        ledger.reserved_cost_micros = ledger.reserved_cost_micros.saturating_sub(cost);
    }

    fn settle(&self, reserved: (u64, u64), record: &UsageRecord) {
        let mut ledger = self.ledger();
        ledger.reserved_tokens = ledger.reserved_tokens.saturating_sub(reserved.0);
        ledger.reserved_cost_micros = ledger.reserved_cost_micros.saturating_sub(reserved.1);
        ledger.used_tokens += u64::from(record.usage.total());
        ledger.used_cost_micros += record.cost_micros;
        ledger.records.push(record.clone());
    }
}

/// The metering layer.
///
/// ```
/// use std::sync::Arc;
/// use careerkit_llm::{openai::{Dialect, OpenAiCompatible}, Budget, Metered, Price, PriceTable};
///
/// let http = Arc::new(OpenAiCompatible::new(Dialect::OpenAi, "gpt-4o-mini").unwrap());
/// let prices = PriceTable::new().with("gpt-4o-mini", Price::new(0.15, 0.60));
/// let session = Arc::new(Budget::new("session").with_cost_cap_micros(100_000));
/// let run = Arc::new(Budget::new("run").with_token_cap(20_000));
/// let metered = Metered::new(http, prices).with_budget(session).with_budget(run);
/// ```
pub struct Metered {
    inner: Arc<dyn LlmProvider>,
    prices: PriceTable,
    budgets: Vec<Arc<Budget>>,
    default_max_tokens: u32,
}

impl Metered {
    /// Meters `inner` with `prices`; add budgets with [`Metered::with_budget`].
    pub fn new(inner: Arc<dyn LlmProvider>, prices: PriceTable) -> Self {
        Self {
            inner,
            prices,
            budgets: Vec::new(),
            default_max_tokens: 1024,
        }
    }

    /// Charges every call to `budget` too.
    pub fn with_budget(mut self, budget: Arc<Budget>) -> Self {
        self.budgets.push(budget);
        self
    }

    /// The `max_tokens` set on requests that have none (1024 by default), which bounds the
    /// reservation.
    pub fn with_default_max_tokens(mut self, max_tokens: u32) -> Self {
        self.default_max_tokens = max_tokens;
        self
    }
}

/// Settles a call's reservation when the call ends, however it ends (dropped included).
struct Settlement {
    budgets: Vec<Arc<Budget>>,
    reserved: (u64, u64),
    provider: String,
    price: Option<Price>,
    prompt_estimate: u32,
    usage: Option<Usage>,
    output_chars: usize,
    completed: bool,
}

impl Settlement {
    fn observe(&mut self, item: &Result<ChatEvent>) {
        match item {
            Ok(ChatEvent::TextDelta { text }) => self.output_chars += text.chars().count(),
            Ok(ChatEvent::ToolCallDelta { arguments, .. }) => {
                self.output_chars += arguments.chars().count()
            }
            Ok(ChatEvent::Usage { usage }) => self.usage = Some(*usage),
            Ok(ChatEvent::Finished { .. }) => self.completed = true,
            Ok(ChatEvent::ToolCall { .. }) | Err(_) => {}
        }
    }
}

impl Drop for Settlement {
    fn drop(&mut self) {
        let usage = self.usage.unwrap_or_else(|| {
            if self.output_chars == 0 {
                // Failed before any output: nothing generated, and providers do not bill it.
                Usage::default()
            } else {
                Usage {
                    prompt_tokens: self.prompt_estimate,
                    completion_tokens: estimate::tokens_for_chars(self.output_chars),
                    cached_tokens: 0,
                    estimated: true,
                }
            }
        });
        let record = UsageRecord {
            provider: self.provider.clone(),
            usage,
            cost_micros: self.price.map_or(0, |p| p.cost_micros(&usage)),
            priced: self.price.is_some(),
            completed: self.completed,
        };
        for budget in &self.budgets {
            budget.settle(self.reserved, &record);
        }
    }
}

#[async_trait]
impl LlmProvider for Metered {
    fn id(&self) -> String {
        self.inner.id()
    }

    async fn chat_stream(&self, mut request: ChatRequest) -> Result<ChatStream> {
        let max_tokens = *request.max_tokens.get_or_insert(self.default_max_tokens);
        let provider = match &request.model {
            Some(model) => match self.inner.id().split_once(':') {
                Some((kind, _)) => format!("{kind}:{model}"),
                None => model.clone(),
            },
            None => self.inner.id(),
        };
        let price = self.prices.get(&provider);
        let prompt_estimate = estimate::prompt_tokens(&request);
        let maximum = Usage {
            prompt_tokens: prompt_estimate,
            completion_tokens: max_tokens,
            ..Usage::default()
        };
        let reserved = (
            u64::from(maximum.total()),
            price.map_or(0, |p| p.cost_micros(&maximum)),
        );
        for (reserved_so_far, budget) in self.budgets.iter().enumerate() {
            if let Err(err) = budget.reserve(reserved.0, reserved.1) {
                for earlier in &self.budgets[..reserved_so_far] {
                    earlier.release(reserved.0, reserved.1);
                }
                return Err(err);
            }
        }
        let mut settlement = Settlement {
            budgets: self.budgets.clone(),
            reserved,
            provider,
            price,
            prompt_estimate,
            usage: None,
            output_chars: 0,
            completed: false,
        };
        // On error the settlement drops here and records a failed call at zero usage.
        let stream = self.inner.chat_stream(request).await?;
        Ok(stream
            .map(move |item| {
                settlement.observe(&item);
                item
            })
            .boxed())
    }
}
