//! Choosing a provider from configuration: `kind:model` strings such as
//! `openai:gpt-4o-mini`, `ollama:llama3.2`, `gemini:gemini-2.5-flash`, `vllm:<model>`,
//! `llamacpp:<model>`, `lmstudio:<model>` or `local:/path/model.gguf`, with the base URL and
//! key from the environment.
//!
//! Variables: `CAREERKIT_LLM` (the spec), `CAREERKIT_LLM_BASE_URL` (overrides the kind's
//! default URL), `CAREERKIT_LLM_API_KEY` (else `OPENAI_API_KEY` for `openai:`,
//! `GEMINI_API_KEY` for `gemini:`).

use std::path::Path;
use std::sync::Arc;

use careerkit_core::llm::LlmProvider;
use careerkit_core::transcribe::Transcriber;
use careerkit_core::{Error, Result};

use crate::local::{LocalModel, LocalOptions};
use crate::openai::{Dialect, OpenAiCompatible};

/// Which kind of provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    /// An OpenAI-compatible server.
    Http(Dialect),
    /// A GGUF file run in process.
    Local,
}

/// A parsed provider configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    /// The kind.
    pub kind: ProviderKind,
    /// The model name (for `local:`, the path of the GGUF file).
    pub model: String,
    /// The base URL; the kind's default when `None`.
    pub base_url: Option<String>,
    /// The API key, if any.
    pub api_key: Option<String>,
}

impl ProviderConfig {
    /// Parses `kind:model`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a missing colon, an unknown kind or an empty model.
    ///
    /// ```
    /// use careerkit_llm::{openai::Dialect, ProviderConfig, ProviderKind};
    ///
    /// let config = ProviderConfig::parse("ollama:llama3.2").unwrap();
    /// assert_eq!(config.kind, ProviderKind::Http(Dialect::Ollama));
    /// assert_eq!(config.model, "llama3.2");
    /// ```
    pub fn parse(spec: &str) -> Result<Self> {
        let (kind, model) = spec.trim().split_once(':').ok_or_else(|| {
            Error::invalid(format!(
                "provider {spec:?} is not kind:model (e.g. openai:gpt-4o-mini, ollama:llama3.2, local:/path/model.gguf)"
            ))
        })?;
        let kind = match kind.to_ascii_lowercase().as_str() {
            "local" => ProviderKind::Local,
            other => ProviderKind::Http(Dialect::from_name(other).ok_or_else(|| {
                Error::invalid(format!(
                    "unknown provider kind {other:?}; use openai, gemini, ollama, vllm, llamacpp, lmstudio or local"
                ))
            })?),
        };
        if model.trim().is_empty() {
            return Err(Error::invalid(format!("provider {spec:?} names no model")));
        }
        Ok(Self {
            kind,
            model: model.trim().to_string(),
            base_url: None,
            api_key: None,
        })
    }

    /// The configuration in the environment, `None` when `CAREERKIT_LLM` is unset.
    ///
    /// # Errors
    /// When `CAREERKIT_LLM` does not parse.
    pub fn from_env() -> Result<Option<Self>> {
        Self::from_vars(env_var)
    }

    /// The configuration a caller passes explicitly, each field left out falling back to the
    /// environment (what the Python and Node bindings' `Workflow.open` take): `spec` instead of
    /// `CAREERKIT_LLM`, `base_url` and `api_key` over the environment's.
    ///
    /// # Errors
    /// When the spec does not parse.
    pub fn with_overrides(
        spec: Option<String>,
        base_url: Option<String>,
        api_key: Option<String>,
    ) -> Result<Option<Self>> {
        let config = Self::from_vars(|name| match name {
            "CAREERKIT_LLM" => spec.clone().or_else(|| env_var(name)),
            _ => env_var(name),
        })?;
        Ok(config.map(|mut config| {
            if base_url.is_some() {
                config.base_url = base_url;
            }
            if api_key.is_some() {
                config.api_key = api_key;
            }
            config
        }))
    }

    /// As [`ProviderConfig::from_env`], reading variables through `var`.
    ///
    /// # Errors
    /// When the spec does not parse.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Option<Self>> {
        let Some(spec) = var("CAREERKIT_LLM") else {
            return Ok(None);
        };
        let mut config = Self::parse(&spec)?;
        config.base_url = var("CAREERKIT_LLM_BASE_URL");
        config.api_key = var("CAREERKIT_LLM_API_KEY").or_else(|| match config.kind {
            ProviderKind::Http(Dialect::OpenAi) => var("OPENAI_API_KEY"),
            ProviderKind::Http(Dialect::Gemini) => var("GEMINI_API_KEY"),
            _ => None,
        });
        Ok(Some(config))
    }

    /// Builds the provider (no layers).
    ///
    /// # Errors
    /// When the HTTP client cannot be built; for `local:`, when the GGUF file cannot be loaded.
    pub fn build(&self) -> Result<Arc<dyn LlmProvider>> {
        match self.kind {
            ProviderKind::Http(dialect) => Ok(Arc::new(self.server(dialect)?)),
            ProviderKind::Local => Ok(Arc::new(LocalModel::load(
                Path::new(&self.model),
                LocalOptions::default(),
            )?)),
        }
    }
}

impl ProviderConfig {
    /// The OpenAI-compatible server with the configured URL and key.
    fn server(&self, dialect: Dialect) -> Result<OpenAiCompatible> {
        let mut server = OpenAiCompatible::new(dialect, self.model.clone())?;
        if let Some(url) = &self.base_url {
            server = server.with_base_url(url.clone());
        }
        if let Some(key) = &self.api_key {
            server = server.with_api_key(key.clone());
        }
        Ok(server)
    }

    /// A transcriber for `model` (`whisper-1`, ...) on the configured server, with its key.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for `local:` (careerkit ships no local speech model); as
    /// [`ProviderConfig::build`] otherwise.
    pub fn transcriber(&self, model: &str) -> Result<Arc<dyn Transcriber>> {
        match self.kind {
            ProviderKind::Http(dialect) => Ok(Arc::new(self.server(dialect)?.transcriber(model))),
            ProviderKind::Local => Err(Error::invalid(
                "local: has no speech model; transcribe through an OpenAI-compatible server \
                 (CAREERKIT_LLM=openai:..., vLLM or a faster-whisper server)",
            )),
        }
    }
}

/// A non-blank environment variable.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The provider configured by `CAREERKIT_LLM` and friends; when it is unset, the embedded
/// default: the local model at [`LocalModel::default_path`] (what `scripts/fetch-models` unpacks).
///
/// # Errors
/// [`Error::InvalidInput`] when `CAREERKIT_LLM` is invalid, or unset with no local model on
/// disk; see [`ProviderConfig::build`].
pub fn provider_from_env() -> Result<Arc<dyn LlmProvider>> {
    match ProviderConfig::from_env()? {
        Some(config) => config.build(),
        None => {
            let path = LocalModel::default_path();
            if !path.exists() {
                return Err(Error::invalid(format!(
                    "CAREERKIT_LLM is not set and there is no local model at {}: set CAREERKIT_LLM \
                     to a provider such as openai:gpt-4o-mini, ollama:llama3.2 or local:/path/model.gguf \
                     (with CAREERKIT_LLM_BASE_URL / CAREERKIT_LLM_API_KEY as needed), or run \
                     scripts/fetch-models",
                    path.display()
                )));
            }
            Ok(Arc::new(LocalModel::load(&path, LocalOptions::default())?))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::HashMap;

    use super::*;

    #[test]
    fn parses_every_kind_and_rejects_nonsense() {
        for dialect in Dialect::ALL {
            let config = ProviderConfig::parse(&format!("{}:m-1", dialect.name())).unwrap();
            assert_eq!(config.kind, ProviderKind::Http(dialect));
        }
        let local = ProviderConfig::parse("local:/models/SmolLM2.gguf").unwrap();
        assert_eq!(
            (local.kind, local.model.as_str()),
            (ProviderKind::Local, "/models/SmolLM2.gguf")
        );
        assert!(ProviderConfig::parse("gpt-4o").is_err());
        assert!(ProviderConfig::parse("claude:x").is_err());
        assert!(ProviderConfig::parse("openai:").is_err());
        let missing = local.build().err().unwrap();
        assert_eq!(missing.kind(), careerkit_core::ErrorKind::InvalidInput);
        assert!(
            missing.to_string().contains("/models/SmolLM2.gguf"),
            "{missing}"
        );
    }

    #[test]
    fn reads_url_and_keys_from_variables() {
        let vars: HashMap<&str, &str> = [
            ("CAREERKIT_LLM", "openai:gpt-4o-mini"),
            ("CAREERKIT_LLM_BASE_URL", "http://127.0.0.1:9/v1"),
            ("OPENAI_API_KEY", "sk-openai"),
        ]
        .into();
        let config = ProviderConfig::from_vars(|n| vars.get(n).map(|v| v.to_string()))
            .unwrap()
            .unwrap();
        assert_eq!(config.api_key.as_deref(), Some("sk-openai"));
        assert_eq!(config.base_url.as_deref(), Some("http://127.0.0.1:9/v1"));
        assert_eq!(config.build().unwrap().id(), "openai:gpt-4o-mini");
        assert_eq!(ProviderConfig::from_vars(|_| None).unwrap(), None);
    }
}
