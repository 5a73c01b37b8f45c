//! Job pages from the web: fetch a URL (bounded in size and time) and strip the page to the text
//! a person would read as the job description.
//!
//! Job boards usually embed a schema.org `JobPosting` as JSON-LD; when present it is the most
//! reliable source (title, company, location, description). Otherwise the page's main content
//! (`<main>`, `<article>`, `[role=main]`, else `<body>`) is turned into lines, leaving out
//! navigation, headers, footers, scripts and forms.

use std::time::Duration;

use scraper::{ElementRef, Html, Node, Selector};
use serde::{Deserialize, Serialize};

use careerkit_core::{Error, Result};

/// Limits for [`fetch_job_page`].
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Whole-request timeout. Default 15 s.
    pub timeout: Duration,
    /// Largest body read. Default 3 MB.
    pub max_bytes: usize,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(15),
            max_bytes: 3 * 1024 * 1024,
        }
    }
}

/// A job page reduced to text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobPage {
    /// The URL after redirects.
    pub url: String,
    /// The page's `<title>`, if any.
    pub page_title: Option<String>,
    /// True when the text came from an embedded schema.org `JobPosting`.
    pub from_structured_data: bool,
    /// The job description as lines of text.
    pub text: String,
}

/// Fetches `url` and returns its job description text.
///
/// # Errors
/// [`Error::Fetch`] for a URL that is not http(s), a connection failure, an HTTP error status,
/// a timeout, or a body over [`FetchOptions::max_bytes`]; [`Error::InvalidInput`] if the page
/// has no readable text.
pub async fn fetch_job_page(url: &str, options: &FetchOptions) -> Result<JobPage> {
    let fail = |reason: String| Error::Fetch {
        url: url.to_string(),
        reason,
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| fail(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(fail("only http and https URLs are fetched".into()));
    }
    let client = reqwest::Client::builder()
        .timeout(options.timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("careerkit/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let mut response = client
        .get(parsed)
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!("HTTP {status}")));
    }
    let final_url = response.url().to_string();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| fail(e.to_string()))? {
        if body.len() + chunk.len() > options.max_bytes {
            return Err(fail(format!(
                "page is larger than {} bytes",
                options.max_bytes
            )));
        }
        body.extend_from_slice(&chunk);
    }
    let html = String::from_utf8_lossy(&body);
    let mut page = job_page_from_html(&html);
    page.url = final_url;
    if page.text.trim().is_empty() {
        return Err(Error::invalid(format!("{url} has no readable text")));
    }
    Ok(page)
}

/// Reduces an HTML page to its job description (the `url` field is left empty).
///
/// ```
/// let page = careerkit::web::job_page_from_html(
///     "<html><body><nav>Home | Jobs</nav><main><h1>Data Engineer</h1><ul><li>Python</li><li>SQL</li></ul></main></body></html>",
/// );
/// assert_eq!(page.text, "Data Engineer\n- Python\n- SQL");
/// ```
pub fn job_page_from_html(html: &str) -> JobPage {
    let document = Html::parse_document(html);
    let page_title = select_first(&document, "title")
        .map(|t| collapse(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    if let Some(text) = structured_job_posting(&document) {
        return JobPage {
            url: String::new(),
            page_title,
            from_structured_data: true,
            text,
        };
    }
    let root = ["main", "article", "[role=main]", "body"]
        .iter()
        .find_map(|css| select_first(&document, css));
    let mut lines = Lines::default();
    if let Some(root) = root {
        lines.walk(root);
    }
    JobPage {
        url: String::new(),
        page_title,
        from_structured_data: false,
        text: lines.finish(),
    }
}

fn select_first<'a>(document: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(css).ok()?;
    document.select(&selector).next()
}

/// Text from the first schema.org `JobPosting` in the page's JSON-LD, if any.
fn structured_job_posting(document: &Html) -> Option<String> {
    let selector = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    document.select(&selector).find_map(|script| {
        let json: serde_json::Value =
            serde_json::from_str(&script.text().collect::<String>()).ok()?;
        let posting = find_job_posting(&json)?;
        let field = |v: &serde_json::Value| v.as_str().map(collapse).filter(|s| !s.is_empty());
        let mut lines: Vec<String> = Vec::new();
        lines.extend(posting.get("title").and_then(field));
        lines.extend(posting.pointer("/hiringOrganization/name").and_then(field));
        let address = posting
            .get("jobLocation")
            .map(|l| if l.is_array() { &l[0] } else { l })
            .and_then(|l| l.get("address"));
        if let Some(address) = address {
            let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
                .iter()
                .filter_map(|k| address.get(*k).and_then(field))
                .collect();
            if !parts.is_empty() {
                lines.push(parts.join(", "));
            }
        }
        let description = posting.get("description").and_then(|d| d.as_str())?;
        let fragment = Html::parse_fragment(description);
        let mut text = Lines::default();
        text.walk(fragment.root_element());
        lines.push(text.finish());
        Some(lines.join("\n"))
    })
}

fn find_job_posting(json: &serde_json::Value) -> Option<&serde_json::Value> {
    match json {
        serde_json::Value::Array(items) => items.iter().find_map(find_job_posting),
        serde_json::Value::Object(map) => {
            let is_posting = match map.get("@type") {
                Some(serde_json::Value::String(t)) => t == "JobPosting",
                Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == "JobPosting"),
                _ => false,
            };
            if is_posting {
                Some(json)
            } else {
                map.get("@graph").and_then(find_job_posting)
            }
        }
        _ => None,
    }
}

/// Builds lines from an element tree: block elements break lines, list items become `- ` lines.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    current: String,
    /// The last text node ended in white space, so the next inline text starts a new word.
    pending_space: bool,
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "button",
    "template", "iframe", "select",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "tr",
    "table",
    "br",
    "dd",
    "dt",
    "dl",
    "blockquote",
    "pre",
    "hr",
];

impl Lines {
    fn walk(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => {
                    let piece = collapse(text);
                    if piece.is_empty() {
                        self.pending_space |= !text.is_empty();
                        continue;
                    }
                    let spaced = self.pending_space || text.starts_with(char::is_whitespace);
                    if spaced && !self.current.is_empty() {
                        self.current.push(' ');
                    }
                    self.current.push_str(&piece);
                    self.pending_space = text.ends_with(char::is_whitespace);
                }
                Node::Element(el) => {
                    let name = el.name();
                    if SKIPPED.contains(&name) {
                        continue;
                    }
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let block = BLOCKS.contains(&name);
                    if block {
                        self.break_line();
                    }
                    if name == "li" {
                        self.current.push_str("- ");
                    }
                    self.walk(child);
                    if block {
                        self.break_line();
                    }
                }
                _ => {}
            }
        }
    }

    fn break_line(&mut self) {
        self.pending_space = false;
        let line = std::mem::take(&mut self.current);
        let line = line.trim();
        if !line.is_empty() && line != "-" {
            self.lines.push(line.to_string());
        }
    }

    fn finish(mut self) -> String {
        self.break_line();
        self.lines.join("\n")
    }
}

/// Collapses runs of whitespace into single spaces and trims.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_job_posting_wins_over_page_chrome() {
        let html = r#"<html><head><title>Jobs at Acme</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"Acme"},
            {"@type":"JobPosting","title":"Platform Engineer","hiringOrganization":{"name":"Acme"},
             "jobLocation":{"address":{"addressLocality":"Berlin","addressCountry":"DE"}},
             "description":"<p>Run <b>Kubernetes</b>.</p><ul><li>Go</li></ul>"}]}</script></head>
            <body><nav>Menu</nav><main>Cookie banner</main></body></html>"#;
        let page = job_page_from_html(html);
        assert!(page.from_structured_data);
        assert_eq!(
            page.text,
            "Platform Engineer\nAcme\nBerlin, DE\nRun Kubernetes.\n- Go"
        );
        assert_eq!(page.page_title.as_deref(), Some("Jobs at Acme"));
    }

    #[test]
    fn chrome_and_scripts_are_left_out() {
        let html = "<body><header>Logo</header><script>var x = 1;</script><div>Role: <em>SRE</em></div><footer>(c)</footer></body>";
        assert_eq!(job_page_from_html(html).text, "Role: SRE");
    }
}
