//! ATS readiness: checks on the resume itself that applicant tracking systems are known to trip
//! on (missing contact details, unusual headings, unparseable dates, columns and tables, length,
//! bullets without measurable results). Each check passes or fails with a message to act on.
//!
//! ```
//! use careerkit_core::analysis::ats::{check, AtsCheckId};
//! use careerkit_core::profile::Profile;
//! use careerkit_core::text::{DocumentFormat, ExtractedText};
//!
//! let resume = ExtractedText {
//!     format: DocumentFormat::Text,
//!     text: "Jane Doe\njane@example.com | +1 415 555 0100\n".into(),
//!     page_starts: vec![0],
//!     warnings: vec![],
//! };
//! let report = check(&Profile::default(), &resume);
//! let contact = report.checks.iter().find(|c| c.id == AtsCheckId::Contact).unwrap();
//! assert!(contact.passed);
//! ```

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::profile::{Profile, SectionKind};
use crate::text::{ExtractedText, Warning};

/// Which check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AtsCheckId {
    /// An email address and a phone number are present.
    Contact,
    /// Experience, Education and Skills sections under standard headings.
    SectionHeadings,
    /// Every experience entry has a date range with a readable start.
    Dates,
    /// No sign of columns or tables, which ATS parsers often scramble.
    Layout,
    /// 250-1,000 words on at most two pages.
    Length,
    /// At least a third of the bullets state a number or percentage.
    MeasurableResults,
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AtsCheck {
    /// Which check.
    pub id: AtsCheckId,
    /// Whether it passed.
    pub passed: bool,
    /// What was found, and what to do when it failed.
    pub message: String,
}

/// All checks on one resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AtsReport {
    /// The checks, in a fixed order.
    pub checks: Vec<AtsCheck>,
    /// How many passed.
    pub passed: usize,
}

static EMAIL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").ok());
static PHONE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d[\d\s().\-\u{2010}-\u{2015}]{6,}\d").ok());
/// A date range as ATS parsers read it: "Jan 2021 - Present", "01/2021 – 03/2023", "2019 - 2021".
static DATE_RANGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let date = r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d|(?:0?[1-9]|1[0-2])/(?:19|20)\d\d|(?:19|20)\d\d)";
    Regex::new(&format!(
        r"(?i)\b{date}\s*(?:-|–|—|to)\s*(?:{date}|present|current|now|today)\b"
    ))
    .ok()
});
/// A year range ("2019 - 2023"), which has a phone number's shape but is not one.
static YEAR_RANGE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d\D+(?:19|20)\d\d$").ok());
static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\d|%|\b(?i:one|two|three|four|five|ten|twice|double|half)\b").ok()
});

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(text))
}

/// Headings an ATS recognises, per section kind, lowercase.
const STANDARD_HEADINGS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Experience,
        &[
            "experience",
            "work experience",
            "professional experience",
            "employment history",
            "work history",
            "employment",
        ],
    ),
    (
        SectionKind::Education,
        &["education", "academic background"],
    ),
    (
        SectionKind::Skills,
        &[
            "skills",
            "technical skills",
            "core skills",
            "key skills",
            "skills & tools",
        ],
    ),
];

const BULLET_MARKERS: &[char] = &['-', '*', '•', '·', '▪', '◦', '●', '–'];

/// Runs every check on a resume (its profile and the text it was read from).
pub fn check(profile: &Profile, resume: &ExtractedText) -> AtsReport {
    let checks = vec![
        contact(profile, &resume.text),
        headings(profile, &resume.text),
        dates(profile, &resume.text),
        layout(resume),
        length(resume),
        measurable(profile, &resume.text),
    ];
    AtsReport {
        passed: checks.iter().filter(|c| c.passed).count(),
        checks,
    }
}

fn result(id: AtsCheckId, passed: bool, message: String) -> AtsCheck {
    AtsCheck {
        id,
        passed,
        message,
    }
}

fn contact(profile: &Profile, text: &str) -> AtsCheck {
    let email = !profile.contact.emails.is_empty() || matches(&EMAIL, text);
    let phone = !profile.contact.phones.is_empty()
        || PHONE.as_ref().is_some_and(|r| {
            r.find_iter(text).any(|m| {
                let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
                // Not part of a longer token (a DOI "10.1234/x.2023.1234", a version number).
                let before = text[..m.start()].chars().next_back();
                let after = &text[m.end()..];
                let glued_before =
                    before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '/');
                let glued_after = after.starts_with('/')
                    || after
                        .strip_prefix('.')
                        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
                let bare = m.as_str().trim_matches(|c: char| !c.is_ascii_digit());
                (7..=15).contains(&digits)
                    && !glued_before
                    && !glued_after
                    && !matches(&YEAR_RANGE, bare)
            })
        });
    let missing: Vec<&str> = [(email, "an email address"), (phone, "a phone number")]
        .into_iter()
        .filter_map(|(present, what)| (!present).then_some(what))
        .collect();
    if missing.is_empty() {
        result(AtsCheckId::Contact, true, "Email and phone found.".into())
    } else {
        result(
            AtsCheckId::Contact,
            false,
            format!(
                "Add {} in the text near your name (not in a header or image).",
                missing.join(" and ")
            ),
        )
    }
}

fn headings(profile: &Profile, text: &str) -> AtsCheck {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_end_matches(':').to_lowercase())
        .collect();
    let missing: Vec<&str> = STANDARD_HEADINGS
        .iter()
        .filter(|(kind, names)| {
            let in_profile = profile.sections.iter().any(|s| {
                s.kind == *kind
                    && names.contains(
                        &s.heading
                            .trim()
                            .trim_end_matches(':')
                            .to_lowercase()
                            .as_str(),
                    )
            });
            !in_profile && !lines.iter().any(|l| names.contains(&l.as_str()))
        })
        .map(|(_, names)| names[0])
        .collect();
    if missing.is_empty() {
        result(
            AtsCheckId::SectionHeadings,
            true,
            "Experience, Education and Skills headings found.".into(),
        )
    } else {
        result(
            AtsCheckId::SectionHeadings,
            false,
            format!(
                "No standard heading for: {}. Use plain headings such as \"Experience\", \"Education\", \"Skills\".",
                missing.join(", ")
            ),
        )
    }
}

fn dates(profile: &Profile, text: &str) -> AtsCheck {
    if profile.experience.is_empty() {
        // No structured roles: look for date ranges in the text itself.
        let ranges = DATE_RANGE.as_ref().map_or(0, |r| r.find_iter(text).count());
        return if ranges > 0 {
            result(
                AtsCheckId::Dates,
                true,
                format!("{ranges} date range(s) in a standard format found in the text."),
            )
        } else {
            result(
                AtsCheckId::Dates,
                false,
                "No date ranges found. Date each role as \"Jan 2021 - Present\" or \"01/2021 - 03/2023\".".into(),
            )
        };
    }
    let undated: Vec<String> = profile
        .experience
        .iter()
        .enumerate()
        .filter(|(_, e)| e.dates.as_ref().is_none_or(|d| d.value.start.is_none()))
        .map(|(i, e)| {
            e.title
                .as_ref()
                .map_or_else(|| format!("entry {}", i + 1), |t| t.value.clone())
        })
        .collect();
    if undated.is_empty() {
        result(
            AtsCheckId::Dates,
            true,
            "Every role has readable dates.".into(),
        )
    } else {
        result(
            AtsCheckId::Dates,
            false,
            format!(
                "Dates missing or unreadable for: {}. Write them as \"Jan 2021 - Present\" or \"01/2021 - 03/2023\".",
                undated.join(", ")
            ),
        )
    }
}

fn layout(resume: &ExtractedText) -> AtsCheck {
    let lines: Vec<&str> = resume
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let gapped = lines
        .iter()
        .filter(|l| l.trim().contains("    ") || l.trim().contains('\t'))
        .count();
    let piped_lines = lines.iter().filter(|l| l.matches('|').count() >= 2).count();
    let box_drawing = resume
        .text
        .chars()
        .any(|c| ('\u{2500}'..='\u{257f}').contains(&c));
    let table = piped_lines >= 3 || box_drawing;
    let low_quality = resume
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::LowTextQuality { .. }));
    let columns = !lines.is_empty() && gapped * 5 > lines.len();
    let mut hints = Vec::new();
    if columns {
        hints.push("wide gaps inside many lines suggest columns");
    }
    if table {
        hints.push("table borders or many '|' separators");
    }
    if low_quality {
        hints.push("text extraction quality was low (unusual layout or fonts)");
    }
    if hints.is_empty() {
        result(
            AtsCheckId::Layout,
            true,
            "Single-column layout without tables.".into(),
        )
    } else {
        result(
            AtsCheckId::Layout,
            false,
            format!("{}; use a single column without tables.", hints.join("; ")),
        )
    }
}

fn length(resume: &ExtractedText) -> AtsCheck {
    let words = resume.text.split_whitespace().count();
    let pages = resume.page_count();
    let passed = (250..=1000).contains(&words) && pages <= 2;
    let advice = if words < 250 {
        " Add detail on your roles and results."
    } else if words > 1000 || pages > 2 {
        " Trim to the most relevant two pages."
    } else {
        ""
    };
    result(
        AtsCheckId::Length,
        passed,
        format!("{words} words on {pages} page(s).{advice}"),
    )
}

fn measurable(profile: &Profile, text: &str) -> AtsCheck {
    let mut bullets: Vec<&str> = profile
        .experience
        .iter()
        .flat_map(|e| e.bullets.iter().map(|b| b.value.as_str()))
        .collect();
    if bullets.is_empty() {
        bullets = text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with(BULLET_MARKERS))
            .collect();
    }
    if bullets.is_empty() {
        bullets = experience_lines(text);
    }
    if bullets.is_empty() {
        return result(
            AtsCheckId::MeasurableResults,
            false,
            "No bullets found; describe each role in bullets with results.".into(),
        );
    }
    let measured = bullets.iter().filter(|b| matches(&NUMBER, b)).count();
    let passed = measured * 3 >= bullets.len();
    let advice = if passed {
        ""
    } else {
        " Quantify results (%, time saved, users, revenue) in at least a third of them."
    };
    result(
        AtsCheckId::MeasurableResults,
        passed,
        format!(
            "{measured} of {} bullets state a number.{advice}",
            bullets.len()
        ),
    )
}

/// Lines of four words or more (date lines aside) under an experience heading, up to the next
/// standard heading: the description lines of a resume that writes them without bullet markers.
fn experience_lines(text: &str) -> Vec<&str> {
    let heading_kind = |line: &str| {
        let normalized = line.trim().trim_end_matches(':').to_lowercase();
        STANDARD_HEADINGS
            .iter()
            .find(|(_, names)| names.contains(&normalized.as_str()))
            .map(|(kind, _)| *kind)
    };
    let mut inside = false;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        match heading_kind(line) {
            Some(kind) => inside = kind == SectionKind::Experience,
            // Date lines ("January 2019 - current") have digits but are not results.
            None if inside
                && line.split_whitespace().count() >= 4
                && !matches(&DATE_RANGE, line) =>
            {
                out.push(line)
            }
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::DocumentFormat;

    fn text(t: &str) -> ExtractedText {
        ExtractedText {
            format: DocumentFormat::Text,
            text: t.into(),
            page_starts: vec![0],
            warnings: vec![],
        }
    }

    fn passed(report: &AtsReport, id: AtsCheckId) -> bool {
        report.checks.iter().any(|c| c.id == id && c.passed)
    }

    #[test]
    fn checks_fail_and_pass_on_what_the_text_shows() {
        let bare = check(
            &Profile::default(),
            &text("Jane\nStuff    | more | x | y | z | w\n- Did things\n"),
        );
        assert!(!passed(&bare, AtsCheckId::Contact));
        assert!(!passed(&bare, AtsCheckId::SectionHeadings));
        assert!(!passed(&bare, AtsCheckId::Layout));
        assert!(!passed(&bare, AtsCheckId::MeasurableResults));
        assert!(!passed(&bare, AtsCheckId::Length));

        let good = check(
            &Profile::default(),
            &text(&format!(
                "Jane Doe\njane@example.com +44 20 7946 0958\nExperience\n- Cut costs 30%\n- Led team\nEducation\nBSc\nSkills\nRust\n{}",
                "word ".repeat(300)
            )),
        );
        for id in [
            AtsCheckId::Contact,
            AtsCheckId::SectionHeadings,
            AtsCheckId::Layout,
            AtsCheckId::Length,
            AtsCheckId::MeasurableResults,
        ] {
            assert!(passed(&good, id), "{id:?}: {:?}", good.checks);
        }
        assert!(!passed(&good, AtsCheckId::Dates), "no date in the text");
        let plain = check(
            &Profile::default(),
            &text("Experience\nAcme\nGrew revenue by 20% in a year\nRan the weekly team meeting\nSkills\nRust"),
        );
        assert!(
            passed(&plain, AtsCheckId::MeasurableResults),
            "{:?}",
            plain.checks
        );
        let dated = check(
            &Profile::default(),
            &text("Acme, Engineer, Sept 2019 – Present\n"),
        );
        assert!(passed(&dated, AtsCheckId::Dates), "{:?}", dated.checks);
    }
}
