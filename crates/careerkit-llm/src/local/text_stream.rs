//! Turns generated token bytes into text deltas that never split a UTF-8 character and never
//! show any part of a stop sequence: incomplete byte sequences and possible stop-sequence
//! prefixes are held back until the next token decides them.

/// Accumulates token bytes and releases safe text.
pub(crate) struct TextStream {
    pending: Vec<u8>,
    held: String,
    stops: Vec<String>,
}

/// What pushing a token produced.
#[derive(Debug, PartialEq)]
pub(crate) struct Pushed {
    /// Text that can be shown now (may be empty).
    pub(crate) text: String,
    /// A stop sequence was completed; `text` ends just before it.
    pub(crate) stopped: bool,
}

impl TextStream {
    pub(crate) fn new(stops: Vec<String>) -> Self {
        Self {
            pending: Vec::new(),
            held: String::new(),
            stops: stops.into_iter().filter(|s| !s.is_empty()).collect(),
        }
    }

    /// Adds a token's bytes.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Pushed {
        self.pending.extend_from_slice(bytes);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // An invalid sequence (not just an incomplete one): replace it.
            Err(_) => {
                let text = String::from_utf8_lossy(&self.pending).into_owned();
                self.pending.clear();
                self.held.push_str(&text);
                return self.release();
            }
        };
        let complete: Vec<u8> = self.pending.drain(..valid).collect();
        self.held.push_str(&String::from_utf8_lossy(&complete));
        self.release()
    }

    fn release(&mut self) -> Pushed {
        if let Some(at) = self
            .stops
            .iter()
            .filter_map(|s| self.held.find(s.as_str()))
            .min()
        {
            let text = self.held[..at].to_string();
            self.held.clear();
            return Pushed {
                text,
                stopped: true,
            };
        }
        // Hold back the longest suffix that could start a stop sequence.
        let mut keep_from = self.held.len();
        for stop in &self.stops {
            for (at, _) in self.held.char_indices() {
                if at < keep_from && stop.starts_with(&self.held[at..]) {
                    keep_from = at;
                    break;
                }
            }
        }
        let text = self.held[..keep_from].to_string();
        self.held.drain(..keep_from);
        Pushed {
            text,
            stopped: false,
        }
    }

    /// The rest when generation ends (a trailing incomplete byte sequence becomes U+FFFD).
    pub(crate) fn finish(&mut self) -> String {
        let mut text = std::mem::take(&mut self.held);
        text.push_str(&String::from_utf8_lossy(&self.pending));
        self.pending.clear();
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_back_split_characters() {
        let mut s = TextStream::new(vec![]);
        let bytes = "é🙂".as_bytes();
        let mut out = String::new();
        for b in bytes {
            let p = s.push(&[*b]);
            assert!(!p.stopped);
            out.push_str(&p.text);
        }
        out.push_str(&s.finish());
        assert_eq!(out, "é🙂");
    }

    #[test]
    fn stops_before_a_stop_sequence_split_across_tokens() {
        let mut s = TextStream::new(vec!["END".into()]);
        assert_eq!(s.push(b"abc E").text, "abc ");
        let p = s.push(b"NDx");
        assert_eq!(
            p,
            Pushed {
                text: String::new(),
                stopped: true
            }
        );
    }

    #[test]
    fn releases_a_false_start() {
        let mut s = TextStream::new(vec!["END".into()]);
        assert_eq!(s.push(b"E").text, "");
        assert_eq!(s.push(b"x").text, "Ex");
    }
}
