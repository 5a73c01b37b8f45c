//! [`OpenAiTranscriber`]: the [`Transcriber`] port over `POST /audio/transcriptions`
//! (multipart, `response_format=verbose_json` with segment timestamps), as OpenAI, vLLM,
//! LocalAI and faster-whisper servers speak it.

use async_trait::async_trait;
use careerkit_core::interview::feedback::{Segment, Transcript};
use careerkit_core::transcribe::{Audio, Transcriber};
use careerkit_core::Result;
use serde::Deserialize;

use super::OpenAiCompatible;
use crate::errors::{malformed, transport_error};

/// Transcribes through an OpenAI-compatible server; made by [`OpenAiCompatible::transcriber`].
///
/// ```
/// use careerkit_llm::openai::{Dialect, OpenAiCompatible};
/// use careerkit_core::transcribe::Transcriber;
///
/// let server = OpenAiCompatible::new(Dialect::OpenAi, "gpt-4o-mini").unwrap();
/// assert_eq!(server.transcriber("whisper-1").id(), "openai:whisper-1");
/// ```
#[derive(Debug, Clone)]
pub struct OpenAiTranscriber {
    server: OpenAiCompatible,
    model: String,
}

#[derive(Deserialize)]
struct VerboseSegment {
    start: f64,
    end: f64,
    text: String,
}

#[derive(Deserialize)]
struct VerboseTranscript {
    text: String,
    #[serde(default)]
    duration: Option<f64>,
    #[serde(default)]
    segments: Vec<VerboseSegment>,
}

impl OpenAiTranscriber {
    pub(super) fn new(server: OpenAiCompatible, model: String) -> Self {
        Self { server, model }
    }
}

/// Segments as the server timed them; a server that sends only text gives one segment spanning
/// the recording's duration (0 when unknown, so no pace is computed from it).
fn transcript(answer: VerboseTranscript) -> Transcript {
    let segments = if answer.segments.is_empty() {
        vec![Segment {
            start_s: 0.0,
            end_s: answer.duration.unwrap_or(0.0),
            text: answer.text.trim().to_string(),
        }]
    } else {
        answer
            .segments
            .into_iter()
            .map(|s| Segment {
                start_s: s.start,
                end_s: s.end,
                text: s.text.trim().to_string(),
            })
            .collect()
    };
    Transcript { segments }
}

#[async_trait]
impl Transcriber for OpenAiTranscriber {
    fn id(&self) -> String {
        format!("{}:{}", self.server.dialect.name(), self.model)
    }

    async fn transcribe(&self, audio: &Audio) -> Result<Transcript> {
        let id = self.id();
        let file =
            reqwest::multipart::Part::bytes(audio.bytes.clone()).file_name(audio.file_name.clone());
        let mut form = reqwest::multipart::Form::new()
            .part("file", file)
            .text("model", self.model.clone())
            .text("response_format", "verbose_json")
            .text("timestamp_granularities[]", "segment");
        if let Some(language) = &audio.language {
            form = form.text("language", language.clone());
        }
        let builder = self
            .server
            .client
            .post(format!("{}/audio/transcriptions", self.server.base_url))
            .multipart(form);
        let response = self.server.send(builder).await?;
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(&id, "reading the transcript", &e))?;
        let answer: VerboseTranscript = serde_json::from_slice(&body)
            .map_err(|_| malformed(&id, "the transcript is not verbose_json"))?;
        Ok(transcript(answer))
    }
}
