//! Contact details: name, headline, emails, phones, location and links (LinkedIn, GitHub,
//! GitLab, websites), read from the header and any "Contact"/"Links" section.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{collapse_ws, word_count, Line};
use super::pieces::{split, split_around, trimmed};
use super::places::{is_location, is_street_line};
use super::roles::{has_org_word, has_title_word};
use super::sections::heading_kind;
use super::{compile, Ctx};
use crate::profile::{Contact, Link, LinkKind, Phone};

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
});

static PHONE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    compile(r"(?:\(?\+\d{1,3}\)?[ \t.\-‐]{0,3})?(?:\(\d{2,4}\)[ \t.\-‐]{0,3})?\d[\d.\-‐‑ \t]{4,}\d")
});

static YEAR_RANGE: LazyLock<Option<Regex>> =
    LazyLock::new(|| compile(r"^(?:19|20)\d{2}\s*[-‐‑]+\s*(?:19|20)\d{2}$"));

static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:https?://)?(?:www\.)?(?:[a-z0-9][a-z0-9\-]*\.)+(?:com|org|net|io|dev|me|co|ai|app|info|tech|page|site|xyz|edu|us|uk|in|de|ca|eu|blog)\b(?:/[^\s|•,;()<>\[\]]*)?",
    )
});

static HANDLE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    compile(
        r"(?i)\b(linkedin|github|gitlab)(?:-?square|-alt)?(?:\s*:\s*(?://)?|\s*://|\s+)\s*@?([A-Za-z0-9][A-Za-z0-9_.\-]{0,38})",
    )
});

/// Confidence of an email address matched by its pattern.
const EMAIL_CONFIDENCE: f32 = 0.97;
/// Confidence of a phone number in the header or a contact section.
const PHONE_CONFIDENCE: f32 = 0.9;
/// Confidence of a phone number found elsewhere in the document.
const PHONE_ELSEWHERE_CONFIDENCE: f32 = 0.7;
/// Confidence of a written URL.
const URL_CONFIDENCE: f32 = 0.95;
/// Confidence of a "GitHub: handle" link, which careerkit turns into a URL.
const HANDLE_CONFIDENCE: f32 = 0.85;

/// Reads the contact details. `zone` holds the indices of the header and contact-section lines;
/// `elsewhere` the other lines (not references), searched for emails and phones only when the
/// zone has none.
pub(crate) fn extract(
    ctx: &Ctx<'_>,
    lines: &[Line],
    zone: &[usize],
    elsewhere: &[usize],
) -> Contact {
    let mut contact = Contact::default();
    // Template placeholders ("<Your Name>", "<Email address>") are not contact details.
    let zone: Vec<usize> = zone
        .iter()
        .copied()
        .filter(|&i| !(lines[i].text.starts_with('<') && lines[i].text.ends_with('>')))
        .collect();
    let zone = zone.as_slice();
    for &i in zone {
        emails(ctx, &lines[i], &mut contact);
        phones(
            ctx,
            &lines[i],
            PHONE_CONFIDENCE,
            "contact.phone",
            &mut contact,
        );
        links(ctx, &lines[i], &mut contact);
    }
    if contact.emails.is_empty() {
        for &i in elsewhere {
            emails(ctx, &lines[i], &mut contact);
        }
        // Contact details set in a footer: the lines around the email hold the links too.
        let email_lines: Vec<usize> = contact
            .emails
            .iter()
            .filter_map(|e| e.provenance.span)
            .filter_map(|span| {
                elsewhere
                    .iter()
                    .copied()
                    .find(|&i| lines[i].start() <= span.start && span.start < lines[i].end())
            })
            .collect();
        for &i in elsewhere {
            if email_lines.iter().any(|&e| e.abs_diff(i) <= 2) {
                links(ctx, &lines[i], &mut contact);
            }
        }
    }
    if contact.phones.is_empty() {
        for &i in elsewhere {
            phones(
                ctx,
                &lines[i],
                PHONE_ELSEWHERE_CONFIDENCE,
                "contact.phone_elsewhere",
                &mut contact,
            );
        }
    }
    location(ctx, lines, zone, &mut contact);
    name_and_headline(ctx, lines, zone, &mut contact);
    contact
}

fn emails(ctx: &Ctx<'_>, line: &Line, contact: &mut Contact) {
    for m in EMAIL.iter().flat_map(|r| r.find_iter(&line.text)) {
        let value = m.as_str().trim_end_matches('.').to_string();
        if contact
            .emails
            .iter()
            .any(|e| e.value.eq_ignore_ascii_case(&value))
        {
            continue;
        }
        let span = line.span_of(m.start(), m.start() + value.len());
        contact
            .emails
            .push(ctx.field(value, "contact.email", EMAIL_CONFIDENCE, span));
    }
}

/// Digits with an optional leading `+`.
pub fn normalise_phone(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if raw.trim_start_matches('(').trim_start().starts_with('+') {
        format!("+{digits}")
    } else {
        digits
    }
}

fn phones(ctx: &Ctx<'_>, line: &Line, confidence: f32, rule: &str, contact: &mut Contact) {
    let email_spans: Vec<(usize, usize)> = EMAIL
        .iter()
        .flat_map(|r| r.find_iter(&line.text))
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in PHONE.iter().flat_map(|r| r.find_iter(&line.text)) {
        let raw = m.as_str().trim();
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        let inside_email = email_spans
            .iter()
            .any(|&(a, b)| m.start() < b && a < m.end());
        let looks_like_dates = YEAR_RANGE.as_ref().is_some_and(|r| r.is_match(raw))
            || raw.contains('.') && raw.split('.').any(|p| p.len() == 4) && digits < 10;
        // A date-looking number far from the header needs a stronger shape to count.
        let weak = confidence < PHONE_CONFIDENCE
            && digits < 10
            && !raw.contains('+')
            && !raw.contains('(');
        if !(7..=15).contains(&digits) || inside_email || looks_like_dates || weak {
            continue;
        }
        let normalized = normalise_phone(raw);
        if contact
            .phones
            .iter()
            .any(|p| p.value.normalized == normalized)
        {
            continue;
        }
        let lead = m.as_str().len() - m.as_str().trim_start().len();
        let span = line.span_of(m.start() + lead, m.start() + lead + raw.len());
        let value = Phone {
            raw: collapse_ws(raw),
            normalized,
        };
        contact
            .phones
            .push(ctx.field(value, rule, confidence, span));
    }
}

/// The kind of link a host names.
fn link_kind(host_and_path: &str) -> LinkKind {
    let lower = host_and_path.to_lowercase();
    if lower.contains("linkedin.com") {
        LinkKind::Linkedin
    } else if lower.contains("github.com") {
        LinkKind::Github
    } else if lower.contains("gitlab.com") {
        LinkKind::Gitlab
    } else {
        LinkKind::Website
    }
}

/// Where a second site glued onto a URL's path starts (`linkedin.com/in/xgithub.com/x`), if any.
fn glued_site(url: &str) -> Option<usize> {
    let lower = url.to_ascii_lowercase();
    let host = lower.find("://").map_or(0, |i| i + 3);
    let path = host + lower[host..].find('/')?;
    ["linkedin.com", "github.com", "gitlab.com", "www.", "http"]
        .iter()
        .filter_map(|site| lower[path..].find(site).map(|i| i + path))
        .min()
}

/// Capitals glued in front of a known site (`CAlinkedin.com`, a location running into a URL).
fn glued_prefix(url: &str) -> usize {
    let caps = url.chars().take_while(char::is_ascii_uppercase).count();
    let rest = url[caps..].to_lowercase();
    let known = ["linkedin.com", "github.com", "gitlab.com", "www."];
    if caps > 0 && known.iter().any(|k| rest.starts_with(k)) {
        caps
    } else {
        0
    }
}

fn push_link(
    ctx: &Ctx<'_>,
    contact: &mut Contact,
    link: Link,
    rule: &str,
    confidence: f32,
    span: (usize, usize),
) {
    let key = |u: &str| {
        u.trim_end_matches('/')
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .to_lowercase()
    };
    if contact
        .links
        .iter()
        .any(|l| key(&l.value.url) == key(&link.url))
    {
        return;
    }
    contact.links.push(ctx.field(link, rule, confidence, span));
}

fn links(ctx: &Ctx<'_>, line: &Line, contact: &mut Contact) {
    let text = &line.text;
    let mut pos = 0;
    // Search each remainder on its own so a site glued to the previous URL still starts a match.
    while let Some((start, match_end)) = URL
        .as_ref()
        .and_then(|r| r.find(&text[pos..]))
        .map(|m| (m.start() + pos, m.end() + pos))
    {
        let found = &text[start..match_end];
        let end = glued_site(found).map_or(match_end, |cut| start + cut);
        pos = end.max(start + found.chars().next().map_or(1, char::len_utf8));
        let begin = start + glued_prefix(&text[start..end]);
        let url = text[begin..end].trim_end_matches(['.', '/']);
        let before = text[..begin].chars().next_back().filter(|_| begin == start);
        let after = text[end..].chars().next();
        let has_prefix = url.contains("://") || url.to_lowercase().starts_with("www.");
        let kind = link_kind(url);
        let lowercase_host = url
            .split('/')
            .next()
            .is_some_and(|h| !h.chars().any(char::is_uppercase));
        if matches!(before, Some('@' | '.' | '_' | '-')) || after == Some('@') {
            continue;
        }
        if !has_prefix && kind == LinkKind::Website && !lowercase_host {
            continue;
        }
        let full = if url.contains("://") {
            url.to_string()
        } else {
            format!("https://{url}")
        };
        let span = line.span_of(begin, begin + url.len());
        push_link(
            ctx,
            contact,
            Link { kind, url: full },
            "contact.link_url",
            URL_CONFIDENCE,
            span,
        );
    }
    for caps in HANDLE.iter().flat_map(|r| r.captures_iter(text)) {
        let (Some(whole), Some(site), Some(handle)) = (caps.get(0), caps.get(1), caps.get(2))
        else {
            continue;
        };
        let h = handle.as_str().trim_end_matches(['.', '-']);
        let next = text[handle.end()..].chars().next();
        // "LINKEDIN handle" (an icon's name) but not "LinkedIn link" (a placeholder or prose).
        let between = &text[site.end()..handle.start()];
        let spaced_only = !between.contains(':') && !between.to_lowercase().contains("square");
        let icon_name = site.as_str().chars().all(|c| c.is_ascii_uppercase());
        if h.contains(".com")
            || next == Some('/')
            || next == Some('@')
            || h.len() < 2
            || spaced_only && !icon_name
        {
            continue;
        }
        let (kind, base) = match site.as_str().to_lowercase().as_str() {
            "linkedin" => (LinkKind::Linkedin, "https://www.linkedin.com/in/"),
            "github" => (LinkKind::Github, "https://github.com/"),
            _ => (LinkKind::Gitlab, "https://gitlab.com/"),
        };
        let span = line.span_of(whole.start(), handle.start() + h.len());
        let link = Link {
            kind,
            url: format!("{base}{h}"),
        };
        push_link(
            ctx,
            contact,
            link,
            "contact.link_handle",
            HANDLE_CONFIDENCE,
            span,
        );
    }
}

/// True when a line holds contact data (email, phone, URL) rather than a name or headline.
fn is_contact_line(line: &Line) -> bool {
    let t = &line.text;
    EMAIL.as_ref().is_some_and(|r| r.is_match(t))
        || URL.as_ref().is_some_and(|r| r.is_match(t))
        || t.chars().filter(char::is_ascii_digit).count() >= 7
}

fn location(ctx: &Ctx<'_>, lines: &[Line], zone: &[usize], contact: &mut Contact) {
    for (n, &i) in zone.iter().enumerate() {
        let line = &lines[i];
        // Emails, phones and URLs separate the other items of a contact line.
        let holes: Vec<(usize, usize)> = [&EMAIL, &PHONE, &URL]
            .iter()
            .filter_map(|r| r.as_ref())
            .flat_map(|r| r.find_iter(&line.text))
            // "San Francisco, CAlinkedin.com/...": the capitals belong to the place.
            .map(|m| (m.start() + glued_prefix(m.as_str()), m.end()))
            .collect();
        for piece in split_around(line, &holes, false) {
            let text = piece.text();
            if !is_location(&text) {
                continue;
            }
            let mut span = piece.span();
            let mut value = text;
            // An address written over two lines: "123 Gotham St" / "Gotham, USA".
            if let Some(&prev) = n.checked_sub(1).and_then(|p| zone.get(p)) {
                let street = &lines[prev];
                if prev + 1 == i
                    && piece.start == line.content_start()
                    && is_street_line(&street.text)
                {
                    value = format!("{}, {value}", collapse_ws(&street.text));
                    span.0 = street.start();
                }
            }
            contact.location = Some(ctx.field(value, "contact.location", 0.8, span));
            return;
        }
    }
}

/// True when `s` reads as a person's name: two to four capitalised words, no digits or symbols,
/// no job-title or organisation words.
fn is_name_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '’'))
        })
        && !has_title_word(s)
        && !has_org_word(s)
        && !is_location(s)
}

fn name_and_headline(ctx: &Ctx<'_>, lines: &[Line], zone: &[usize], contact: &mut Contact) {
    let candidates: Vec<usize> = zone
        .iter()
        .copied()
        .filter(|&i| !lines[i].is_blank() && heading_kind(&lines[i]).is_none())
        .take(8)
        .collect();
    let mut name_at = None;
    for (n, &i) in candidates.iter().enumerate() {
        let line = &lines[i];
        let Some(first) =
            trimmed(line, 0, line.text.len()).and_then(|p| split(p, false).into_iter().next())
        else {
            continue;
        };
        if !is_name_like(&first.text()) {
            continue;
        }
        let (rule, confidence) = if n == 0 {
            ("contact.name_first_line", 0.8)
        } else {
            ("contact.name_header_line", 0.55)
        };
        contact.name = Some(ctx.field(first.text(), rule, confidence, first.span()));
        name_at = Some(n);
        break;
    }
    // A headline sits right under the name (blank lines aside); without a name near the top
    // (a two-column layout that sets the name elsewhere), the first line naming a job title.
    let under_name = name_at.and_then(|n| {
        candidates
            .get(n + 1)
            .copied()
            .filter(|&i| i <= candidates[n] + 3)
    });
    let top_title = || {
        candidates
            .iter()
            .take(2)
            .copied()
            .find(|&i| has_title_word(&lines[i].text))
    };
    let fits = |i: usize| {
        let text = collapse_ws(&lines[i].text);
        !(is_contact_line(&lines[i])
            || is_location(&text)
            || text.starts_with(['"', '“', '\''])
            || word_count(&text) > 14
            || text.ends_with('.'))
    };
    // Failing that, a job title a few lines further down, past the contact lines.
    let further = || {
        name_at.and_then(|n| {
            candidates
                .iter()
                .skip(n + 1)
                .take(4)
                .copied()
                .find(|&i| fits(i) && has_title_word(&lines[i].text))
        })
    };
    let headline_line = match name_at {
        Some(n) if n < 3 => under_name.filter(|&i| fits(i)).or_else(further),
        _ => top_title().filter(|&i| fits(i)),
    };
    let Some(i) = headline_line else {
        return;
    };
    let line = &lines[i];
    // The first column only ("MERN Stack Developer\tbwayne"), not "A · B" parts.
    let column_end = line
        .text
        .find(['\t'])
        .or_else(|| line.text.find("   "))
        .unwrap_or(line.text.len());
    let Some(piece) = trimmed(line, 0, column_end) else {
        return;
    };
    let confidence = if headline_line == under_name {
        0.65
    } else {
        0.5
    };
    contact.headline = Some(ctx.field(piece.text(), "contact.headline", confidence, piece.span()));
}
