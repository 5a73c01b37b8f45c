//! The `Transcriber` port: a spoken answer becomes a timed [`Transcript`], from which answer
//! feedback computes pace and pauses instead of guessing them. careerkit-llm implements it for
//! OpenAI-compatible `/audio/transcriptions` servers; a product may bring an on-device model.

use async_trait::async_trait;

use crate::interview::feedback::Transcript;
use crate::Result;

/// A recording to transcribe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audio {
    /// The file's bytes (wav, mp3, m4a, webm, ogg, flac: whatever the transcriber accepts).
    pub bytes: Vec<u8>,
    /// The file name; its extension tells the server the format.
    pub file_name: String,
    /// The spoken language as an ISO-639-1 code (`"en"`), when known.
    pub language: Option<String>,
}

/// Turns recordings into timed transcripts.
#[async_trait]
pub trait Transcriber: Send + Sync {
    /// A stable identifier such as `openai:whisper-1`.
    fn id(&self) -> String;

    /// Transcribes `audio` into segments with start and end times in seconds.
    ///
    /// # Errors
    /// Provider errors as for a chat model (`RateLimited`, `Provider`, `Timeout`, ...);
    /// `InvalidModelOutput` when the answer cannot be read.
    async fn transcribe(&self, audio: &Audio) -> Result<Transcript>;
}
