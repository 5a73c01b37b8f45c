//! Format detection from content: magic bytes, then the zip directory, then a text sniff.

use std::io::Cursor;

use super::Limits;
use crate::error::{Error, Result};
use crate::text::DocumentFormat;

/// Decides the format of `bytes` from their content; `file_name` only tells Markdown from plain
/// text. Also enforces [`Limits::max_file_bytes`].
///
/// # Errors
/// [`Error::FileTooLarge`] over the size limit; [`Error::UnsupportedFormat`] for empty files,
/// images, spreadsheets, presentations, legacy Office files and other binary data.
pub fn detect_format(
    bytes: &[u8],
    file_name: Option<&str>,
    limits: &Limits,
) -> Result<DocumentFormat> {
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(Error::FileTooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(unsupported("empty file"));
    }
    // The PDF header may be preceded by junk within the first 1,024 bytes (PDF 32000-1, 7.5.2).
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(DocumentFormat::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return classify_zip(bytes);
    }
    if let Some(kind) = binary_magic(bytes) {
        return Err(unsupported(kind));
    }
    if !looks_like_text(bytes) {
        return Err(unsupported("binary data"));
    }
    let markdown_name = file_name
        .map(|n| {
            let n = n.to_ascii_lowercase();
            n.ends_with(".md") || n.ends_with(".markdown")
        })
        .unwrap_or(false);
    if markdown_name || looks_like_markdown(bytes) {
        Ok(DocumentFormat::Markdown)
    } else {
        Ok(DocumentFormat::Text)
    }
}

fn unsupported(detected: &str) -> Error {
    Error::UnsupportedFormat {
        detected: detected.to_string(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Names the zip-based format from the archive's entries; only word-processing documents pass.
fn classify_zip(bytes: &[u8]) -> Result<DocumentFormat> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::Corrupt {
        format: "zip".into(),
        reason: e.to_string(),
    })?;
    let names: Vec<&str> = archive.file_names().collect();
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if has("word/document") || names.contains(&"word/document.xml") {
        return Ok(DocumentFormat::Docx);
    }
    if has("xl/") {
        return Err(unsupported("spreadsheet (xlsx)"));
    }
    if has("ppt/") {
        return Err(unsupported("presentation (pptx)"));
    }
    if names.contains(&"mimetype") && names.contains(&"content.xml") {
        return Err(unsupported("OpenDocument file (odt/ods/odp)"));
    }
    Err(unsupported("zip archive"))
}

fn binary_magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGICS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"RIFF", "RIFF media (WebP, WAV, AVI)"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "legacy Office file (doc/xls)",
        ),
        (b"{\\rtf", "RTF document"),
        (b"%!PS", "PostScript"),
        (b"\x1f\x8b", "gzip archive"),
        (b"7z\xbc\xaf\x27\x1c", "7z archive"),
        (b"Rar!", "RAR archive"),
        (b"\x7fELF", "executable"),
    ];
    MAGICS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, name)| *name)
}

/// True for UTF-16 with a BOM, and for byte strings with no NUL and few control characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return false;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // Latin-1 text has bytes >= 0x80 too, so only control characters count against it; and a
    // sample that is mostly invalid UTF-8 *and* full of C1-range bytes is noise, not text.
    let invalid_utf8 = std::str::from_utf8(sample).is_err();
    let c1 = sample
        .iter()
        .filter(|&&b| (0x80..0xa0).contains(&b))
        .count();
    control * 100 <= sample.len() && !(invalid_utf8 && c1 * 10 > sample.len())
}

fn looks_like_markdown(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(16 * 1024)]);
    text.lines()
        .any(|l| l.starts_with("# ") || l.starts_with("## ") || l.starts_with("### "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(bytes: &[u8], name: &str) -> Result<DocumentFormat> {
        detect_format(bytes, Some(name), &Limits::default())
    }

    #[test]
    fn empty_and_whitespace_files_are_unsupported() {
        for bytes in [&b""[..], b"   \n\t "] {
            let err = detect(bytes, "cv.pdf").unwrap_err();
            assert!(
                matches!(err, Error::UnsupportedFormat { ref detected } if detected == "empty file")
            );
        }
    }

    #[test]
    fn images_renamed_pdf_are_unsupported() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        let err = detect(png, "resume.pdf").unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedFormat { ref detected } if detected == "PNG image")
        );
    }

    #[test]
    fn oversized_files_are_refused_before_anything_else() {
        let limits = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        let err = detect_format(b"%PDF-1.7 and more bytes", None, &limits).unwrap_err();
        assert!(matches!(
            err,
            Error::FileTooLarge {
                size: 23,
                limit: 10
            }
        ));
    }

    #[test]
    fn text_and_markdown_are_told_apart() {
        assert_eq!(
            detect(b"Jane Doe\nEngineer", "cv.txt").unwrap(),
            DocumentFormat::Text
        );
        assert_eq!(
            detect(b"Jane Doe\nEngineer", "cv.md").unwrap(),
            DocumentFormat::Markdown
        );
        assert_eq!(
            detect(b"# Jane Doe\n", "upload").unwrap(),
            DocumentFormat::Markdown
        );
        assert_eq!(
            detect(b"Ren\xe9 Dupont", "cv.txt").unwrap(),
            DocumentFormat::Text
        );
    }

    #[test]
    fn random_bytes_are_binary() {
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(matches!(
            detect(&noise, "x.pdf"),
            Err(Error::UnsupportedFormat { .. })
        ));
    }
}
