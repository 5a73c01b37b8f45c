//! [`Price`]: what a model's tokens cost, so usage can be charged and capped in money.

use serde::{Deserialize, Serialize};

use super::Usage;

/// A model's price in US dollars per million tokens (which is micro-dollars per token).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Price {
    /// Prompt tokens.
    pub input_per_mtok: f64,
    /// Generated tokens.
    pub output_per_mtok: f64,
    /// Prompt tokens served from the provider's cache.
    pub cached_input_per_mtok: f64,
}

impl Price {
    /// A price with cached input at the input price.
    pub fn new(input_per_mtok: f64, output_per_mtok: f64) -> Self {
        Self {
            input_per_mtok,
            output_per_mtok,
            cached_input_per_mtok: input_per_mtok,
        }
    }

    /// Sets the cached-input price.
    pub fn with_cached_input(mut self, per_mtok: f64) -> Self {
        self.cached_input_per_mtok = per_mtok;
        self
    }

    /// The cost of `usage` in micro-dollars (rounded up).
    ///
    /// ```
    /// use careerkit_core::llm::Price;
    /// use careerkit_core::llm::Usage;
    ///
    /// let price = Price::new(0.15, 0.60); // gpt-4o-mini
    /// let usage = Usage { prompt_tokens: 1000, completion_tokens: 500, ..Usage::default() };
    /// assert_eq!(price.cost_micros(&usage), 450);
    /// ```
    pub fn cost_micros(&self, usage: &Usage) -> u64 {
        let cached = usage.cached_tokens.min(usage.prompt_tokens);
        let fresh = usage.prompt_tokens - cached;
        let micros = f64::from(fresh) * self.input_per_mtok
            + f64::from(cached) * self.cached_input_per_mtok
            + f64::from(usage.completion_tokens) * self.output_per_mtok;
        // Prices and token counts are small and non-negative; the cast saturates anyway.
        micros.max(0.0).ceil() as u64
    }
}
