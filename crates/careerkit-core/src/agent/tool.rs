//! Typed tools: a name, a JSON Schema for the arguments (validated before a tool runs), and
//! whether the tool only reads or also writes (writes wait for approval).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::llm::ToolSpec;
use crate::{Error, Result};

/// Whether a tool changes anything a person owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolKind {
    /// Reads only; runs at once.
    Read,
    /// Changes the resume, the profile or files; waits for approval unless auto-approve is on.
    Write,
}

/// What a tool may know about the call it serves.
#[derive(Debug, Clone)]
pub struct ToolContext {
    /// The owner whose data the call may touch.
    pub owner: String,
    /// The session.
    pub session_id: String,
    /// The run.
    pub run_id: String,
    /// The model's id for this call; write tools use it as an idempotency key.
    pub tool_call_id: String,
    /// Whether a person approved this call (false for read tools and auto-approved writes).
    pub approved_by_person: bool,
}

/// A tool an agent can call.
#[async_trait::async_trait]
pub trait Tool: Send + Sync {
    /// Name, description and argument schema, as the model sees them.
    fn spec(&self) -> ToolSpec;

    /// The spec offered in one session's run: [`Tool::spec`] unless the tool narrows its
    /// schema to the session's data (the ids that exist), which lets a provider that decodes
    /// under the schema produce only calls that can succeed. `context.tool_call_id` is empty.
    async fn spec_in(&self, _context: &ToolContext) -> Result<ToolSpec> {
        Ok(self.spec())
    }

    /// Read or write.
    fn kind(&self) -> ToolKind;

    /// Checks a proposed call before anyone sees it (arguments already schema-valid). An error
    /// refuses the call; `Some(review)` is shown with the proposal (findings, evidence, what a
    /// person must confirm). The default accepts every call without a review.
    async fn review(&self, _context: &ToolContext, _arguments: &Value) -> Result<Option<Value>> {
        Ok(None)
    }

    /// Runs the tool on arguments already validated against its schema.
    async fn call(&self, context: &ToolContext, arguments: Value) -> Result<Value>;
}

/// A registered tool with its compiled argument validator.
struct Registered {
    tool: Arc<dyn Tool>,
    validator: jsonschema::Validator,
}

/// The set of tools an agent may call. Anything not in it is refused, whatever a model (or a
/// resume that tries to instruct one) asks for.
#[derive(Default)]
pub struct ToolBox {
    tools: BTreeMap<String, Registered>,
}

impl std::fmt::Debug for ToolBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolBox")
            .field("tools", &self.tools.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ToolBox {
    /// An empty tool box.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a tool; its argument schema must compile.
    pub fn with(mut self, tool: Arc<dyn Tool>) -> Result<Self> {
        let spec = tool.spec();
        let validator = jsonschema::validator_for(&spec.parameters).map_err(|err| {
            Error::invalid(format!("tool {} has an invalid schema: {err}", spec.name))
        })?;
        self.tools.insert(spec.name, Registered { tool, validator });
        Ok(self)
    }

    /// The specs to offer the model, in name order.
    pub fn specs(&self) -> Vec<ToolSpec> {
        self.tools.values().map(|entry| entry.tool.spec()).collect()
    }

    /// The specs to offer the model in one run (see [`Tool::spec_in`]), in name order.
    ///
    /// # Errors
    /// Whatever a tool's [`Tool::spec_in`] reports.
    pub async fn specs_in(&self, context: &ToolContext) -> Result<Vec<ToolSpec>> {
        let mut specs = Vec::with_capacity(self.tools.len());
        for entry in self.tools.values() {
            specs.push(entry.tool.spec_in(context).await?);
        }
        Ok(specs)
    }

    /// The tool named `name` and its kind, if the agent may call it.
    pub fn get(&self, name: &str) -> Option<(Arc<dyn Tool>, ToolKind)> {
        self.tools
            .get(name)
            .map(|entry| (Arc::clone(&entry.tool), entry.tool.kind()))
    }

    /// Checks `arguments` against the tool's schema: `PermissionDenied` for a tool outside the
    /// set, `InvalidModelOutput` listing every violation otherwise.
    pub fn validate(&self, name: &str, arguments: &Value) -> Result<ToolKind> {
        let entry = self
            .tools
            .get(name)
            .ok_or_else(|| Error::PermissionDenied {
                message: format!("tool {name:?} is not available to this agent"),
            })?;
        let problems: Vec<String> = entry
            .validator
            .iter_errors(arguments)
            .map(|err| format!("{}: {err}", err.instance_path()))
            .collect();
        if problems.is_empty() {
            Ok(entry.tool.kind())
        } else {
            Err(Error::InvalidModelOutput {
                message: format!("arguments for {name}: {}", problems.join("; ")),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    struct Echo;

    #[async_trait::async_trait]
    impl Tool for Echo {
        fn spec(&self) -> ToolSpec {
            ToolSpec {
                name: "echo".into(),
                description: "Echoes its text.".into(),
                parameters: json!({
                    "type": "object",
                    "properties": {"text": {"type": "string", "maxLength": 10}},
                    "required": ["text"],
                    "additionalProperties": false
                }),
            }
        }

        fn kind(&self) -> ToolKind {
            ToolKind::Read
        }

        async fn call(&self, _context: &ToolContext, arguments: Value) -> Result<Value> {
            Ok(arguments)
        }
    }

    #[test]
    fn arguments_are_validated_and_unknown_tools_refused() {
        let tools = ToolBox::new().with(Arc::new(Echo)).unwrap();
        assert_eq!(
            tools.validate("echo", &json!({"text": "hi"})).unwrap(),
            ToolKind::Read
        );
        let err = tools
            .validate("echo", &json!({"text": 5, "extra": 1}))
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidModelOutput);
        assert!(err.to_string().contains("/text"), "{err}");
        let err = tools.validate("export", &json!({})).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::PermissionDenied);
        assert_eq!(tools.specs().len(), 1);
    }
}
