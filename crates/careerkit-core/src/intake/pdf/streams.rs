//! Decompression-bomb guard for PDFs, run on the raw bytes before any PDF parser sees them.
//!
//! lopdf inflates object and cross-reference streams while *loading* a document, and
//! pdf-extract inflates content streams, form XObjects, fonts and CMaps with unbounded
//! `read_to_end` calls. A few hundred kilobytes of Flate data can inflate to gigabytes, so the
//! guard cannot wait for a parsed document: it finds every `stream ... endstream` body in the
//! file, decodes its Flate and LZW filters into a counting sink (nothing is kept), and refuses
//! the file once the total would pass [`Limits::max_decompressed_bytes`](crate::intake::Limits).
//!
//! Image streams are skipped: neither lopdf nor pdf-extract decodes them, and a scanned page
//! legitimately inflates to tens of megabytes. Streams in object streams cannot exist (the PDF
//! specification forbids it), so a raw scan sees every stream. Bodies that fail to decode
//! (encrypted streams, unknown filters) count only what decoded before the failure.

use std::io::{self, Read, Write};

use crate::error::{Error, Result};

/// How far back from a `stream` keyword its dictionary may start.
const MAX_DICT_LOOKBACK: usize = 16 * 1024;

/// Checks that the Flate/LZW streams of `pdf` inflate to at most `limit` bytes in total.
///
/// # Errors
/// [`Error::DecompressionLimit`] naming the first stream that crossed the limit.
pub(super) fn check_inflated_size(pdf: &[u8], limit: u64) -> Result<()> {
    let mut total: u64 = 0;
    let mut cursor = 0;
    while let Some(stream) = next_stream(pdf, cursor) {
        cursor = stream.body_end;
        let filters = filters(stream.dict);
        if filters.is_empty() || is_image(stream.dict) {
            continue;
        }
        let budget = limit.saturating_sub(total);
        let inflated = inflated_len(&pdf[stream.body_start..stream.body_end], &filters, budget);
        total = total.saturating_add(inflated);
        if total > limit {
            return Err(Error::DecompressionLimit {
                limit,
                detail: format!(
                    "PDF stream at byte {} ({} bytes compressed) inflates past the limit",
                    stream.body_start,
                    stream.body_end - stream.body_start
                ),
            });
        }
    }
    Ok(())
}

/// One stream found in the raw bytes.
struct RawStream<'a> {
    /// The bytes before the `stream` keyword that hold its dictionary.
    dict: &'a [u8],
    body_start: usize,
    body_end: usize,
}

/// Finds the next `stream` keyword at or after `from` and the extent of its body.
fn next_stream(pdf: &[u8], from: usize) -> Option<RawStream<'_>> {
    let mut at = from;
    loop {
        let pos = at + find(&pdf[at..], b"stream")?;
        at = pos + b"stream".len();
        // `endstream` contains `stream`; a real keyword follows a dictionary's `>>`.
        let before = trim_end(&pdf[from.max(pos.saturating_sub(MAX_DICT_LOOKBACK))..pos]);
        if !before.ends_with(b">>") {
            continue;
        }
        let mut body_start = at;
        if pdf.get(body_start) == Some(&b'\r') {
            body_start += 1;
        }
        if pdf.get(body_start) == Some(&b'\n') {
            body_start += 1;
        }
        let body_end = find(&pdf[body_start..], b"endstream")
            .map(|n| body_start + n)
            .unwrap_or(pdf.len());
        let dict_start = rfind(before, b"obj").map(|n| n + 3).unwrap_or(0);
        return Some(RawStream {
            dict: &before[dict_start..],
            body_start,
            body_end,
        });
    }
}

/// The decoding filters named in a raw stream dictionary, in order.
fn filters(dict: &[u8]) -> Vec<Filter> {
    let Some(at) = find(dict, b"/Filter") else {
        return Vec::new();
    };
    let rest = trim_start(&dict[at + b"/Filter".len()..]);
    let names = if rest.starts_with(b"[") {
        let end = rest.iter().position(|&b| b == b']').unwrap_or(rest.len());
        &rest[1..end]
    } else {
        let end = rest
            .iter()
            .skip(1)
            .position(|&b| b == b'/' || b == b'>' || b.is_ascii_whitespace())
            .map(|n| n + 1)
            .unwrap_or(rest.len());
        &rest[..end]
    };
    names
        .split(|&b| b == b'/')
        .map(trim_end)
        .filter_map(|name| match name {
            b"FlateDecode" | b"Fl" => Some(Filter::Flate),
            b"LZWDecode" | b"LZW" => Some(Filter::Lzw),
            _ => None,
        })
        .collect()
}

fn is_image(dict: &[u8]) -> bool {
    find(dict, b"/Image").is_some()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Filter {
    Flate,
    Lzw,
}

/// Decodes `body` through `filters`, counting at most `budget + 1` output bytes; intermediate
/// results are capped the same way, so memory stays within the budget.
fn inflated_len(body: &[u8], filters: &[Filter], budget: u64) -> u64 {
    let cap = budget.saturating_add(1);
    let mut input: Vec<u8> = Vec::new();
    let mut source: &[u8] = body;
    for (i, filter) in filters.iter().enumerate() {
        let last = i + 1 == filters.len();
        let mut counter = CountingSink {
            kept: Vec::new(),
            keep: !last,
            count: 0,
            cap,
        };
        // A decode error (encrypted or damaged data) ends the stream; what decoded so far counts.
        let _ = match filter {
            Filter::Flate => io::copy(
                &mut flate2::read::ZlibDecoder::new(source).take(cap),
                &mut counter,
            )
            .map(|_| ()),
            Filter::Lzw => {
                let mut decoder =
                    weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
                decoder.into_stream(&mut counter).decode_all(source).status
            }
        };
        if last || counter.count >= cap {
            return counter.count;
        }
        input = counter.kept;
        source = &input;
    }
    input.len() as u64
}

/// A writer that counts bytes, optionally keeps them, and fails once `cap` is reached.
struct CountingSink {
    kept: Vec<u8>,
    keep: bool,
    count: u64,
    cap: u64,
}

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.cap.saturating_sub(self.count);
        if room == 0 {
            return Err(io::Error::other("decompression budget exhausted"));
        }
        let n = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        if self.keep {
            self.kept.extend_from_slice(&buf[..n]);
        }
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |n| n + 1);
    &bytes[..end]
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flate(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn pdf_with_stream(dict: &str, body: &[u8]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
        pdf.extend_from_slice(dict.as_bytes());
        pdf.extend_from_slice(b"\nstream\n");
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        pdf
    }

    #[test]
    fn a_flate_stream_over_the_limit_is_refused() {
        let body = flate(&vec![b' '; 2_000_000]);
        let pdf = pdf_with_stream("<< /Length 10 /Filter /FlateDecode >>", &body);
        assert!(check_inflated_size(&pdf, 3_000_000).is_ok());
        let err = check_inflated_size(&pdf, 1_000_000).unwrap_err();
        assert!(
            matches!(
                err,
                Error::DecompressionLimit {
                    limit: 1_000_000,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn chained_filters_and_images_are_handled() {
        let twice = flate(&flate(&vec![b'a'; 500_000]));
        let chained = pdf_with_stream("<< /Filter [/FlateDecode /FlateDecode] >>", &twice);
        assert!(check_inflated_size(&chained, 100_000).is_err());
        let image = pdf_with_stream("<< /Subtype /Image /Filter /FlateDecode >>", &twice);
        assert!(check_inflated_size(&image, 100_000).is_ok());
    }

    #[test]
    fn an_lzw_stream_over_the_limit_is_refused() {
        let mut enc = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let body = enc.encode(&vec![0u8; 2_000_000]).unwrap();
        let pdf = pdf_with_stream("<< /Filter /LZWDecode >>", &body);
        assert!(check_inflated_size(&pdf, 3_000_000).is_ok());
        assert!(check_inflated_size(&pdf, 1_000_000).is_err());
    }

    #[test]
    fn filter_names_are_read_from_names_and_arrays() {
        assert_eq!(
            filters(b"<< /Filter /FlateDecode /Length 3 >>"),
            [Filter::Flate]
        );
        assert_eq!(
            filters(b"<</Filter[/LZWDecode /FlateDecode]>>"),
            [Filter::Lzw, Filter::Flate]
        );
        assert!(filters(b"<< /Filter /DCTDecode >>").is_empty());
    }
}
