//! Markdown-aware chunking, measured in the embedder's own tokens.
//!
//! A chunk must fit the embedder (or its tail is silently cut off) and should say where in the
//! document it sits (the heading path shown in citations). Sections are found from ATX headings
//! outside code fences; a section is packed with the subsections under it while they fit (never
//! with a sibling or across top-level sections), and a section too long for one chunk is cut into overlapping
//! windows on token boundaries. Every chunk keeps the character span of its text in the source.

use careerkit_core::rag::{CharSpan, Embedder};
use careerkit_core::text::CharIndex;
use careerkit_core::Result;

/// Chunk sizes, in the embedder's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkOptions {
    /// The most tokens in one chunk (clamped to [`Embedder::max_tokens`]).
    pub max_tokens: usize,
    /// Tokens repeated between consecutive windows of one long section.
    pub overlap: usize,
}

impl Default for ChunkOptions {
    fn default() -> Self {
        ChunkOptions {
            max_tokens: 512,
            overlap: 50,
        }
    }
}

/// A piece of a document, ready to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The chunk's text, exactly as in the source.
    pub text: String,
    /// Where the text is in the source, in characters.
    pub span: CharSpan,
    /// The headings above (and at) the chunk's start, outermost first, shared by all of it.
    pub heading_path: Vec<String>,
}

impl Chunk {
    /// What gets embedded and indexed: the heading path, then the text, so a window from the
    /// middle of a long section still carries its section's words.
    pub fn indexed_text(&self) -> String {
        if self.heading_path.is_empty() {
            self.text.clone()
        } else {
            format!("{}\n{}", self.heading_path.join(" > "), self.text)
        }
    }
}

/// A heading-delimited section: from a heading line to the next heading of any level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The headings down to this one, outermost first (empty before the first heading).
    pub heading_path: Vec<String>,
    /// The heading's level (1-6; 0 before the first heading).
    pub level: usize,
    /// Heading line and body, in characters.
    pub span: CharSpan,
}

/// The document's sections in order, covering all of it (text before the first heading is a
/// section with an empty path). Headings inside fenced code blocks are not headings.
pub fn sections(text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut chars = 0usize;
    let mut current = Section {
        heading_path: Vec::new(),
        level: 0,
        span: CharSpan { start: 0, end: 0 },
    };
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
        } else if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(&trimmed[..3]);
        } else if let Some((level, title)) = atx_heading(line) {
            current.span.end = chars;
            if !current.span.is_empty() {
                out.push(current);
            }
            stack.retain(|(l, _)| *l < level);
            stack.push((level, title));
            current = Section {
                heading_path: stack.iter().map(|(_, t)| t.clone()).collect(),
                level,
                span: CharSpan {
                    start: chars,
                    end: chars,
                },
            };
        }
        chars += line.chars().count();
    }
    current.span.end = chars;
    if !current.span.is_empty() {
        out.push(current);
    }
    out
}

/// `(level, title)` of an ATX heading line (`## Title ##`), else `None`.
fn atx_heading(line: &str) -> Option<(usize, String)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r'])) {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim_end().to_string();
    (!title.is_empty()).then_some((level, title))
}

/// The document title: its first level-1 heading, if any.
pub fn title(text: &str) -> Option<String> {
    sections(text)
        .into_iter()
        .find(|s| s.level == 1)
        .and_then(|s| s.heading_path.last().cloned())
}

/// Cuts Markdown into chunks that fit `embedder`.
#[derive(Debug, Clone, Copy)]
pub struct Chunker {
    options: ChunkOptions,
}

/// A run of consecutive sections (or a window of one) on its way to becoming a chunk.
struct Piece {
    span: CharSpan,
    heading_path: Vec<String>,
    tokens: usize,
    top: usize,
}

impl Chunker {
    /// A chunker with these sizes.
    pub fn new(options: ChunkOptions) -> Self {
        Chunker { options }
    }

    /// The sizes in force.
    pub fn options(&self) -> ChunkOptions {
        self.options
    }

    /// The document's chunks in order.
    ///
    /// # Errors
    /// When the embedder's tokenizer fails.
    pub fn chunk(&self, text: &str, embedder: &dyn Embedder) -> Result<Vec<Chunk>> {
        let max = self.options.max_tokens.min(embedder.max_tokens()).max(8);
        let overlap = self.options.overlap.min(max / 2);
        let index = CharIndex::new(text);
        let slice =
            |span: CharSpan| &text[index.byte_of_char(span.start)..index.byte_of_char(span.end)];
        let all = sections(text);
        // The level that splits the document: below a lone title, the next level down.
        let h1s = all.iter().filter(|s| s.level == 1).count();
        let min_level = all
            .iter()
            .map(|s| s.level)
            .filter(|&l| l > 0)
            .min()
            .unwrap_or(1);
        let top_level = if h1s == 1 && min_level == 1 {
            all.iter()
                .map(|s| s.level)
                .filter(|&l| l > 1)
                .min()
                .unwrap_or(2)
        } else {
            min_level
        };

        let mut pieces: Vec<Piece> = Vec::new();
        let mut top = 0usize;
        for section in &all {
            if section.level > 0 && section.level <= top_level {
                top += 1;
            }
            let body = slice(section.span);
            if body.trim().is_empty() {
                continue;
            }
            let budget = max
                .saturating_sub(heading_tokens(&section.heading_path, embedder)?)
                .max(max / 2);
            let tokens = embedder.tokenize(body)?;
            if tokens.len() <= budget {
                pieces.push(Piece {
                    span: section.span,
                    heading_path: section.heading_path.clone(),
                    tokens: tokens.len(),
                    top,
                });
                continue;
            }
            let mut first = 0;
            while first < tokens.len() {
                let last = (first + budget).min(tokens.len());
                let start = if first == 0 { 0 } else { tokens[first].start };
                let end = if last == tokens.len() {
                    section.span.len()
                } else {
                    tokens[last - 1].end
                };
                pieces.push(Piece {
                    span: CharSpan {
                        start: section.span.start + start,
                        end: section.span.start + end,
                    },
                    heading_path: section.heading_path.clone(),
                    tokens: last - first,
                    top,
                });
                if last == tokens.len() {
                    break;
                }
                first = last - overlap;
            }
        }

        // A section packs with the subsections that follow it while they fit (never across
        // top-level sections, never siblings: each chunk keeps one precise heading path).
        let mut packed: Vec<Piece> = Vec::new();
        for piece in pieces {
            match packed.last_mut() {
                Some(prev)
                    if prev.top == piece.top
                        && prev.span.end == piece.span.start
                        && piece.heading_path.len() > prev.heading_path.len()
                        && piece.heading_path.starts_with(&prev.heading_path)
                        && prev.tokens
                            + piece.tokens
                            + heading_tokens(&prev.heading_path, embedder)?
                            <= max =>
                {
                    prev.span.end = piece.span.end;
                    prev.tokens += piece.tokens;
                }
                _ => packed.push(piece),
            }
        }
        Ok(packed
            .into_iter()
            .map(|p| {
                let raw = slice(p.span);
                // Trailing blank lines belong to no chunk's meaning; trim them from the span too.
                let kept = raw.trim_end();
                let span = CharSpan {
                    start: p.span.start,
                    end: p.span.start + kept.chars().count(),
                };
                Chunk {
                    text: kept.to_string(),
                    span,
                    heading_path: p.heading_path,
                }
            })
            .filter(|c| !c.text.trim().is_empty())
            .collect())
    }
}

impl Default for Chunker {
    fn default() -> Self {
        Chunker::new(ChunkOptions::default())
    }
}

fn heading_tokens(path: &[String], embedder: &dyn Embedder) -> Result<usize> {
    if path.is_empty() {
        return Ok(0);
    }
    Ok(embedder.tokenize(&path.join(" > "))?.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::HashingEmbedder;

    const DOC: &str = "# Guide\n\nIntro text.\n\n## One\n\nAlpha beta.\n\n```\n# not a heading\n```\n\n### One A\n\nGamma.\n\n## Two\n\nDelta épsilon.\n";

    #[test]
    fn sections_follow_headings_outside_fences() {
        let s = sections(DOC);
        let paths: Vec<Vec<&str>> = s
            .iter()
            .map(|s| s.heading_path.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            paths,
            vec![
                vec!["Guide"],
                vec!["Guide", "One"],
                vec!["Guide", "One", "One A"],
                vec!["Guide", "Two"]
            ]
        );
        assert_eq!(s.last().unwrap().span.end, DOC.chars().count());
        assert_eq!(title(DOC).as_deref(), Some("Guide"));
        assert_eq!(atx_heading("#hashtag"), None);
        assert_eq!(atx_heading("## Closed ##\n"), Some((2, "Closed".into())));
    }

    #[test]
    fn sections_pack_with_their_subsections_only() {
        let e = HashingEmbedder::new(64, 512);
        let chunks = Chunker::default().chunk(DOC, &e).unwrap();
        let paths: Vec<String> = chunks.iter().map(|c| c.heading_path.join(">")).collect();
        // The title's intro stands alone; "One A" packs under "One"; the sibling "Two" does not.
        assert_eq!(paths, ["Guide", "Guide>One", "Guide>Two"]);
        let chars: Vec<char> = DOC.chars().collect();
        for c in &chunks {
            let from_span: String = chars[c.span.start..c.span.end].iter().collect();
            assert_eq!(from_span, c.text);
        }
        assert!(chunks[1].text.contains("Gamma"));
    }

    #[test]
    fn long_sections_become_overlapping_windows_within_budget() {
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let doc = format!(
            "# T\n\n## Long\n\n{}\n\n## Next\n\nshort\n",
            words.join(" ")
        );
        let e = HashingEmbedder::new(32, 512);
        let opts = ChunkOptions {
            max_tokens: 100,
            overlap: 10,
        };
        let chunks = Chunker::new(opts).chunk(&doc, &e).unwrap();
        let long: Vec<&Chunk> = chunks
            .iter()
            .filter(|c| c.heading_path.ends_with(&["Long".to_string()]))
            .collect();
        assert!(long.len() >= 3, "{long:?}");
        for c in &chunks {
            assert!(
                e.tokenize(&c.indexed_text()).unwrap().len() <= 100,
                "{}",
                c.text
            );
        }
        // Consecutive windows share `overlap` tokens.
        let first_end: Vec<&str> = long[0].text.split_whitespace().rev().take(10).collect();
        for w in first_end {
            assert!(long[1].text.contains(w), "{w} not repeated");
        }
        // Nothing is lost: every word is in some chunk.
        for w in &words {
            assert!(
                long.iter()
                    .any(|c| c.text.split_whitespace().any(|x| x == w)),
                "{w}"
            );
        }
        assert_eq!(chunks.last().unwrap().heading_path, ["T", "Next"]);
    }

    #[test]
    fn the_model_limit_caps_the_chunk_size() {
        let doc = "word ".repeat(1000);
        let e = HashingEmbedder::new(16, 64);
        let chunks = Chunker::default().chunk(&doc, &e).unwrap();
        assert!(chunks.len() > 10);
        assert!(chunks
            .iter()
            .all(|c| e.tokenize(&c.text).unwrap().len() <= 64));
    }
}
