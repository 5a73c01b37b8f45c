//! PDF intake: pre-checks (encryption, page count) and pdf-extract under the guard.

use super::{Limits, RawText};
use crate::error::{Error, Result};

/// Extracts the text of a PDF, one string per page.
pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<RawText> {
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        return Err(Error::PasswordProtected);
    }
    let owned = bytes.to_vec();
    let max_pages = limits.max_pages;
    let pages = super::guard::run_guarded(limits.parse_timeout, move || {
        let doc = lopdf::Document::load_mem(&owned).map_err(|e| corrupt(e.to_string()))?;
        let count = doc.get_pages().len();
        if count > max_pages {
            return Err(Error::TooManyPages {
                pages: count,
                limit: max_pages,
            });
        }
        pdf_extract::extract_text_from_mem_by_pages(&owned).map_err(|e| corrupt(e.to_string()))
    })?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(Error::NoTextLayer);
    }
    Ok(RawText {
        pages,
        warnings: Vec::new(),
    })
}

fn corrupt(reason: String) -> Error {
    Error::Corrupt {
        format: "pdf".into(),
        reason,
    }
}
