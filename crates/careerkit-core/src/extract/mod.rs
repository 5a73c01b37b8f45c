//! Resume text to a structured [`Profile`]: sections, contact details, experience, education,
//! skills and the other lists, every value with its [`Provenance`] (the rule that found it, a
//! confidence, and the exact character span of [`ExtractedText::text`] it was read from).
//!
//! The rules are deterministic and need no model. Confidences follow one scale: about 0.95 for a
//! value a pattern pins down (an email address), 0.8-0.9 for a value a keyword or layout rule
//! decided, and 0.5-0.7 for positional guesses a product should ask the user to confirm.
//!
//! ```
//! use careerkit_core::extract::parse_resume;
//! use careerkit_core::intake::IntakeOptions;
//!
//! let cv = b"Jane Roe\nBackend Engineer\njane@example.com | +1 415 555 0100\n\nEXPERIENCE\nSenior Engineer at Acme Corp\nJan 2020 - Present\n- Built the billing system\n";
//! let (_text, profile) = parse_resume(cv, Some("cv.txt"), &IntakeOptions::default())?;
//! assert_eq!(profile.contact.name.as_ref().map(|f| f.value.as_str()), Some("Jane Roe"));
//! assert_eq!(profile.contact.emails[0].value, "jane@example.com");
//! let job = &profile.experience[0];
//! assert_eq!(job.company.as_ref().map(|f| f.value.as_str()), Some("Acme Corp"));
//! assert_eq!(job.bullets[0].value, "Built the billing system");
//! # Ok::<(), careerkit_core::Error>(())
//! ```

mod contact;
pub mod dates;
mod education;
mod experience;
mod lines;
mod lists;
mod pieces;
mod places;
mod projects;
mod roles;
mod rows;
mod sections;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use regex::Regex;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::intake::{extract_text, IntakeOptions};
use crate::profile::{Profile, Section, SectionKind};
use crate::provenance::{Extractor, Field, Provenance, Source, TextSpan};
use crate::text::ExtractedText;
use lines::{collapse_ws, split_lines, Line};
use pieces::Piece;
use sections::{find_sections, SectionRange};

pub use contact::normalise_phone;

/// Compiles a constant pattern; `None` (the rule finds nothing) instead of a panic should a
/// pattern ever fail to build. Every pattern is exercised by the unit tests.
pub(crate) fn compile(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

/// What every rule needs to record provenance: the document, its source and one timestamp.
pub(crate) struct Ctx<'a> {
    doc: &'a ExtractedText,
    source: Source,
    at: DateTime<Utc>,
}

impl Ctx<'_> {
    /// Wraps `value` with the provenance of rule `rule` and the character span `span`.
    pub fn field<T>(
        &self,
        value: T,
        rule: &str,
        confidence: f32,
        span: (usize, usize),
    ) -> Field<T> {
        Field::new(
            value,
            Provenance {
                source: self.source.clone(),
                extracted_at: self.at,
                extractor: Extractor::Rule {
                    name: rule.to_string(),
                },
                confidence: confidence.clamp(0.0, 1.0),
                span: Some(TextSpan {
                    start: span.0,
                    end: span.1,
                    page: self.doc.page_of(span.0),
                }),
            },
        )
    }

    /// True when the format wraps paragraphs over several lines (everything but DOCX).
    pub fn wraps(&self) -> bool {
        self.doc.format != crate::text::DocumentFormat::Docx
    }

    /// A field holding a piece's text (whitespace collapsed) and span.
    pub fn piece_field(&self, piece: &Piece<'_>, rule: &str, confidence: f32) -> Field<String> {
        self.field(piece.text(), rule, confidence, piece.span())
    }
}

/// Builds a [`Profile`] from extracted resume text. Never fails: what the rules cannot find is
/// left empty.
///
/// ```
/// use careerkit_core::extract::parse_profile;
/// use careerkit_core::intake::{extract_text, IntakeOptions};
/// use careerkit_core::provenance::Source;
///
/// let text = extract_text(b"Jane Roe\njane@example.com\n\nSkills\nRust, SQL\n", Some("cv.txt"), &IntakeOptions::default())?;
/// let profile = parse_profile(&text, Source::User);
/// let skills: Vec<&str> = profile.skills.iter().map(|s| s.value.as_str()).collect();
/// assert_eq!(skills, ["Rust", "SQL"]);
/// # Ok::<(), careerkit_core::Error>(())
/// ```
pub fn parse_profile(text: &ExtractedText, source: Source) -> Profile {
    let ctx = Ctx {
        doc: text,
        source,
        at: Utc::now(),
    };
    let mut lines = split_lines(&text.text, |c| text.page_of(c));
    blank_page_furniture(&mut lines);
    // Blank lines separate blocks only in documents that have them (not DOCX paragraphs, not
    // PDFs whose extractor emits one line per visual line without gaps).
    let blank = lines.iter().filter(|l| l.is_blank()).count();
    let blank_lines_separate =
        text.format != crate::text::DocumentFormat::Docx && blank * 8 > lines.len();
    let sections = find_sections(&lines, blank_lines_separate);
    let mut profile = Profile {
        sections: sections.iter().map(|s| section(&lines, s)).collect(),
        ..Profile::default()
    };
    let (zone, elsewhere) = contact_zones(&lines, &sections);
    profile.contact = contact::extract(&ctx, &lines, &zone, &elsewhere);
    for s in &sections {
        let body = &lines[s.body.clone()];
        match s.kind {
            SectionKind::Summary if profile.summary.is_none() => {
                profile.summary = summary(&ctx, body);
            }
            SectionKind::Experience | SectionKind::Volunteering => {
                let (jobs, projects) = experience::parse(&ctx, body);
                if s.kind == SectionKind::Experience {
                    profile.experience.extend(jobs);
                } else {
                    profile.volunteering.extend(jobs);
                }
                profile.projects.extend(projects);
            }
            SectionKind::Education => profile.education.extend(education::parse(&ctx, body)),
            SectionKind::Skills => {
                let found = lists::short_items(&ctx, body, "skills.item", 6);
                for skill in found {
                    if !profile
                        .skills
                        .iter()
                        .any(|s| s.value.eq_ignore_ascii_case(&skill.value))
                    {
                        profile.skills.push(skill);
                    }
                }
            }
            SectionKind::Languages => profile.languages.extend(lists::languages(&ctx, body)),
            SectionKind::Certifications => profile.certifications.extend(lists::line_items(
                &ctx,
                body,
                "certifications.line",
                0.8,
            )),
            SectionKind::Awards => {
                profile
                    .awards
                    .extend(lists::line_items(&ctx, body, "awards.line", 0.75))
            }
            SectionKind::Publications => profile.publications.extend(lists::line_items(
                &ctx,
                body,
                "publications.line",
                0.75,
            )),
            SectionKind::Projects => profile.projects.extend(projects::parse(&ctx, body)),
            _ => {}
        }
    }
    profile
}

/// Reads a resume file and builds its profile: hashes the bytes (the provenance source is
/// [`Source::File`] with the SHA-256), extracts the text with [`extract_text`], then runs
/// [`parse_profile`].
///
/// # Errors
/// Whatever [`extract_text`] returns for a file it cannot read (unsupported format, limits,
/// password-protected, corrupt, parser crash).
pub fn parse_resume(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &IntakeOptions,
) -> Result<(ExtractedText, Profile)> {
    let sha256: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let text = extract_text(bytes, file_name, options)?;
    let source = Source::File {
        name: file_name.map(str::to_string),
        sha256,
    };
    let profile = parse_profile(&text, source);
    Ok((text, profile))
}

/// Blanks page numbers ("2", "1/2", "Page 2 of 3") and running headers or footers (a line that
/// repeats on several pages once its digits are ignored: "John Doe – 1/3", "John Doe – 2/3").
fn blank_page_furniture(lines: &mut [Line]) {
    let key = |l: &Line| -> String {
        l.text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let is_page_number = |l: &Line| {
        let t = l.text.to_lowercase();
        let t = t.trim_start_matches("page").trim();
        !t.is_empty()
            && t.len() <= 12
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '/' | ' ' | '-' | '|'))
            || t.split(" of ").count() == 2
                && t.split(" of ")
                    .all(|p| p.trim().chars().all(|c| c.is_ascii_digit()) && !p.trim().is_empty())
    };
    // Headers and footers sit in the first or last two lines of a page.
    let mut edge: BTreeSet<usize> = BTreeSet::new();
    let mut by_page: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| !l.is_blank()) {
        by_page.entry(l.page).or_default().push(i);
    }
    for on_page in by_page.values() {
        edge.extend(on_page.iter().take(2));
        edge.extend(on_page.iter().rev().take(2));
    }
    // Key -> (pages, distinct texts): a running header changes only in its digits.
    let mut seen: HashMap<String, (BTreeSet<u32>, BTreeSet<String>)> = HashMap::new();
    for l in edge.iter().map(|&i| &lines[i]) {
        let entry = seen.entry(key(l)).or_default();
        entry.0.insert(l.page);
        entry.1.insert(l.text.clone());
    }
    for (i, l) in lines.iter_mut().enumerate() {
        let running = edge.contains(&i)
            && seen
                .get(&key(l))
                .is_some_and(|(pages, texts)| pages.len() >= 2 && texts.len() >= 2);
        if !l.is_blank()
            && (is_page_number(l) && edge.contains(&i) || running && key(l).chars().count() >= 6)
        {
            *l = l.blanked();
        }
    }
}

/// The section as reported in [`Profile::sections`], with the span from its heading to its last
/// non-blank line.
fn section(lines: &[Line], s: &SectionRange) -> Section {
    let first = if s.kind == SectionKind::Header {
        s.body.start
    } else {
        s.heading_line
    };
    let last = (first..s.body.end.max(first + 1))
        .rev()
        .find(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .unwrap_or(first);
    let start = lines.get(first).map_or(0, Line::start);
    let end = lines.get(last).map_or(start, Line::end).max(start);
    Section {
        kind: s.kind,
        heading: s.heading.clone(),
        span: TextSpan {
            start,
            end,
            page: lines.get(first).map_or(1, |l| l.page),
        },
    }
}

/// Line indices where contact details are expected (header, contact sections) and the rest of
/// the document apart from references.
fn contact_zones(lines: &[Line], sections: &[SectionRange]) -> (Vec<usize>, Vec<usize>) {
    let mut zone = Vec::new();
    let mut elsewhere = Vec::new();
    for s in sections {
        match s.kind {
            SectionKind::Header | SectionKind::Contact => zone.extend(s.body.clone()),
            SectionKind::References => {}
            _ => elsewhere.extend(s.body.clone()),
        }
    }
    zone.retain(|&i| !lines[i].is_blank());
    elsewhere.retain(|&i| !lines[i].is_blank());
    (zone, elsewhere)
}

/// The summary: the section's text with whitespace collapsed.
fn summary(ctx: &Ctx<'_>, body: &[Line]) -> Option<Field<String>> {
    let kept: Vec<&Line> = body.iter().filter(|l| !l.is_blank()).collect();
    let (first, last) = (kept.first()?, kept.last()?);
    let text = collapse_ws(
        &kept
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    Some(ctx.field(text, "summary.section", 0.85, (first.start(), last.end())))
}
