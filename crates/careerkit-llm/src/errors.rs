//! Maps HTTP outcomes to careerkit's typed errors: 429 is `RateLimited` with the server's
//! `Retry-After`; 408, 409 and 5xx and dropped connections are retryable `Provider` errors;
//! other 4xx are final.

use std::time::Duration;

use careerkit_core::Error;
use reqwest::header::HeaderMap;

/// The delay a server asked for: `retry-after-ms` (OpenAI) or `retry-after` in seconds.
/// (The HTTP-date form is not used by model APIs and is ignored.)
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    header("retry-after")
        .and_then(|v| v.parse::<f64>().ok())
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
}

/// The error for an unsuccessful status, with the server's message when its body has one.
pub(crate) fn status_error(
    provider: &str,
    status: u16,
    retry_after: Option<Duration>,
    body: &str,
) -> Error {
    if status == 429 {
        return Error::RateLimited {
            provider: provider.to_string(),
            retry_after,
        };
    }
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| body.chars().take(300).collect());
    Error::Provider {
        provider: provider.to_string(),
        status: Some(status),
        message,
        retryable: matches!(status, 408 | 409) || status >= 500,
    }
}

/// The error for a failed connection or an interrupted body: always worth a retry when no
/// output reached the caller (the retry layer decides that).
pub(crate) fn transport_error(provider: &str, what: &str, err: &dyn std::error::Error) -> Error {
    let mut message = format!("{what}: {err}");
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Error::Provider {
        provider: provider.to_string(),
        status: None,
        message,
        retryable: true,
    }
}

/// The error for bytes that are not the format the API promises.
pub(crate) fn malformed(provider: &str, what: &str) -> Error {
    Error::Provider {
        provider: provider.to_string(),
        status: None,
        message: format!("malformed response: {what}"),
        retryable: false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn statuses_map_to_kinds() {
        let limited = status_error("p", 429, Some(Duration::from_secs(2)), "");
        assert!(
            matches!(limited, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(2))
        );
        assert!(status_error("p", 503, None, "").is_retryable());
        let bad = status_error(
            "p",
            400,
            None,
            r#"{"error":{"message":"unknown parameter: temperature"}}"#,
        );
        assert!(!bad.is_retryable());
        assert!(bad.to_string().contains("unknown parameter"), "{bad}");
    }

    #[test]
    fn retry_after_reads_seconds_and_milliseconds() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert("retry-after-ms", "250".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(250)));
    }
}
