//! Text extracted from a document, in reading order, with page boundaries, quality signals and
//! warnings. Every span careerkit reports points into [`ExtractedText::text`].

use serde::{Deserialize, Serialize};

/// The format careerkit decided a file has, from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    /// PDF (`%PDF-` magic).
    Pdf,
    /// Office Open XML word-processing document.
    Docx,
    /// Plain text in any supported encoding.
    Text,
    /// Markdown (plain text with Markdown structure).
    Markdown,
}

impl DocumentFormat {
    /// A short lowercase name (`"pdf"`, `"docx"`, `"text"`, `"markdown"`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Text => "text",
            DocumentFormat::Markdown => "markdown",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Text => "txt",
            DocumentFormat::Markdown => "md",
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Docx => DOCX_MEDIA_TYPE,
            DocumentFormat::Text => "text/plain",
            DocumentFormat::Markdown => "text/markdown",
        }
    }
}

/// The media type of a Word (DOCX) document.
pub const DOCX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Something a caller should know about the extracted text; never fatal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Text a reader would not see (white or tiny glyphs, DOCX vanished runs): a known way to
    /// smuggle instructions to a model. `text` is what was hidden.
    HiddenText {
        /// The hidden text (truncated to 200 characters).
        text: String,
    },
    /// The primary extractor's output looked poor and a fallback was used or considered.
    LowTextQuality {
        /// Why the text was judged poor.
        reason: String,
    },
    /// Some content could not be read (an embedded font without a Unicode map, a skipped part).
    ContentSkipped {
        /// What was skipped.
        detail: String,
    },
    /// The text encoding was guessed, not declared.
    EncodingGuessed {
        /// The encoding that was used.
        encoding: String,
    },
}

/// Text extracted from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExtractedText {
    /// The detected format.
    pub format: DocumentFormat,
    /// The text in reading order, NFKC-normalised, one line per visual line, pages separated by
    /// a line holding only a form feed (`"\n\u{c}\n"`).
    pub text: String,
    /// Character offset (in Unicode scalar values) at which each page starts; one entry per
    /// page, the first is 0. Formats without pages have one entry.
    pub page_starts: Vec<usize>,
    /// Warnings gathered while extracting.
    pub warnings: Vec<Warning>,
}

impl ExtractedText {
    /// The 1-based page that contains character offset `char_offset`.
    pub fn page_of(&self, char_offset: usize) -> u32 {
        let idx = self
            .page_starts
            .partition_point(|&start| start <= char_offset);
        idx.max(1) as u32
    }

    /// Number of pages (at least 1).
    pub fn page_count(&self) -> usize {
        self.page_starts.len().max(1)
    }
}

/// Converts byte offsets into `text` to character offsets (Unicode scalar values), the unit of
/// every public span. Build once per text, then look up many offsets in O(log n).
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every character, plus `text.len()` at the end.
    byte_offsets: Vec<usize>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut byte_offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_offsets.push(text.len());
        Self { byte_offsets }
    }

    /// The character offset of byte offset `byte` (rounded down to a character boundary).
    pub fn char_of_byte(&self, byte: usize) -> usize {
        self.byte_offsets
            .partition_point(|&b| b <= byte)
            .saturating_sub(1)
    }

    /// The byte offset of character offset `ch` (clamped to the end of the text).
    pub fn byte_of_char(&self, ch: usize) -> usize {
        let last = self.byte_offsets.len() - 1;
        self.byte_offsets[ch.min(last)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_round_trips_multibyte_text() {
        let text = "Boğaziçi → Zürich";
        let idx = CharIndex::new(text);
        let z = text.find('Z').unwrap_or_default();
        let ch = idx.char_of_byte(z);
        assert_eq!(text.chars().nth(ch), Some('Z'));
        assert_eq!(idx.byte_of_char(ch), z);
        assert_eq!(idx.char_of_byte(text.len()), text.chars().count());
    }

    #[test]
    fn page_of_finds_the_page_holding_an_offset() {
        let t = ExtractedText {
            format: DocumentFormat::Pdf,
            text: "a\u{c}b\u{c}c".into(),
            page_starts: vec![0, 2, 4],
            warnings: vec![],
        };
        assert_eq!(t.page_of(0), 1);
        assert_eq!(t.page_of(2), 2);
        assert_eq!(t.page_of(3), 2);
        assert_eq!(t.page_of(4), 3);
    }
}
