//! Plain text and Markdown uploads: encoding detection (BOMs, UTF-8, then a statistical guess
//! for legacy single-byte encodings such as Latin-1 / Windows-1252).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::RawText;
use crate::error::Result;
use crate::text::Warning;

/// Decodes `bytes` into one page of text.
pub(super) fn extract(bytes: &[u8]) -> Result<RawText> {
    let (text, warning) = decode(bytes);
    Ok(RawText {
        pages: vec![text.replace("\r\n", "\n").replace('\r', "\n")],
        warnings: warning.into_iter().collect(),
    })
}

/// Decodes text in whatever encoding it is in; returns a warning when the encoding was guessed.
fn decode(bytes: &[u8]) -> (String, Option<Warning>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), None);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return (text.into_owned(), guessed(encoding));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let encoding = if encoding == UTF_8 {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), guessed(encoding))
}

fn guessed(encoding: &'static Encoding) -> Option<Warning> {
    Some(Warning::EncodingGuessed {
        encoding: encoding.name().to_string(),
    })
}

/// UTF-16 without a BOM shows as a NUL in every other byte of ASCII-heavy text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 > pairs * 7 {
        Some(UTF_16LE)
    } else if even_nul * 10 > pairs * 7 {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> String {
        extract(bytes).unwrap().pages.concat()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(text_of("Zoë Müller".as_bytes()), "Zoë Müller");
        assert_eq!(text_of(b"\xef\xbb\xbfZo\xc3\xab"), "Zoë");
    }

    #[test]
    fn utf16_with_bom_both_endians() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text_of(&le), "Zoë");
        assert_eq!(text_of(&be), "Zoë");
    }

    #[test]
    fn latin1_is_guessed_and_reported() {
        let raw = extract(b"Ren\xe9 Dupont, d\xe9veloppeur \xe0 Paris").unwrap();
        assert_eq!(raw.pages[0], "René Dupont, développeur à Paris");
        assert!(matches!(raw.warnings[0], Warning::EncodingGuessed { .. }));
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(text_of(b"a\r\nb\rc"), "a\nb\nc");
    }
}
