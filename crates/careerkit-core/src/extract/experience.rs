//! Work experience entries (also used for volunteering): title, company, location, dates and
//! bullets, from the layouts resumes use:
//!
//! - "Title at Company", "Company — Title", "Title, Company, City, ST, Date";
//! - a title line then a company line, or the other way round, with the dates on either line
//!   (right-aligned) or on a line of their own;
//! - dates before the entry (left column: `June 2020 – Present Developer, OpenAI`) or after its
//!   bullets (`... • bullets ... San Francisco, CA / June 2023 – present`).
//!
//! Every entry is anchored on a date range: the header rows around it are the entry's header,
//! the bullet and body rows after them its description.

use std::sync::LazyLock;

use regex::Regex;

use super::pieces::{split_around, Piece};
use super::places::{comma_parts, split_location};
use super::roles::{has_title_word, title_score};
use super::rows::{rows, Row, RowKind};
use super::{compile, Ctx};
use crate::profile::{Experience, Project};
use crate::provenance::Field;

static DURATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    compile(r"(?i)^(?:\d+\s*(?:years?|yrs?|months?|mos?)\s*)+$|^(?:present|current)$")
});

/// Header rows looked at above an entry's date row.
const MAX_HEADER_ROWS_ABOVE: usize = 3;
/// Header rows looked at below an entry's date row.
const MAX_HEADER_ROWS_BELOW: usize = 2;

/// Parses the body lines of an experience-like section into entries.
///
/// Entries whose header calls them projects ("Individual Projects", "Personal Projects") are
/// returned as projects, not jobs.
pub(crate) fn parse(
    ctx: &Ctx<'_>,
    lines: &[super::lines::Line],
) -> (Vec<Experience>, Vec<Project>) {
    let rows = rows(lines, ctx.wraps());
    let anchors: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.date.is_some())
        .map(|(i, _)| i)
        .collect();
    let Some(&first_anchor) = anchors.first() else {
        return (Vec::new(), Vec::new());
    };
    let first_description = rows.iter().position(Row::is_description);
    let trailing = first_description.is_some_and(|d| d < first_anchor)
        && rows[..first_description.unwrap_or(0)]
            .iter()
            .any(|r| r.kind == RowKind::Header);
    let groups = if trailing {
        trailing_groups(&rows, &anchors)
    } else {
        leading_groups(&rows, &anchors)
    };
    let (projects, jobs): (Vec<Group>, Vec<Group>) = groups
        .into_iter()
        .partition(|g| g.header.iter().any(|&i| names_projects(&rows[i].line.text)));
    let jobs = jobs
        .iter()
        .map(|g| build(ctx, &rows, g))
        .filter(|e| e.title.is_some() || e.company.is_some())
        .collect();
    let projects = projects
        .iter()
        .map(|g| {
            let entry = build(ctx, &rows, g);
            // The name is the piece that is not the "Projects" label.
            let name = [entry.title, entry.company]
                .into_iter()
                .flatten()
                .find(|f| !names_projects(&f.value));
            Project {
                name,
                bullets: entry.bullets,
                url: None,
            }
        })
        .collect();
    (jobs, projects)
}

/// True when a header line calls its entry a project ("Individual Projects").
fn names_projects(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("projects"))
}

/// One entry: its date row, header rows and description rows (indices into the rows).
#[derive(Debug, Default)]
struct Group {
    anchor: usize,
    header: Vec<usize>,
    description: Vec<usize>,
}

/// Entries whose header (with the dates) comes before their bullets.
fn leading_groups(rows: &[Row], anchors: &[usize]) -> Vec<Group> {
    // Where each entry starts: walk up from its date row over header rows on the same page.
    let starts: Vec<usize> = anchors
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            let floor = if k == 0 { 0 } else { anchors[k - 1] + 1 };
            let mut s = a;
            while s > floor
                && a - (s - 1) <= MAX_HEADER_ROWS_ABOVE
                && looks_like_header(&rows[s - 1])
                && rows[s - 1].line.page == rows[a].line.page
            {
                s -= 1;
            }
            s
        })
        .collect();
    anchors
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            let end = starts.get(k + 1).copied().unwrap_or(rows.len());
            if rows[a].is_description() {
                // Dates in the right column of the first bullet: the header is above.
                return Group {
                    anchor: a,
                    header: (starts[k]..a).collect(),
                    description: (a..end).collect(),
                };
            }
            let mut header: Vec<usize> = (starts[k]..=a).collect();
            let mut i = a + 1;
            // A label such as "Responsibilities:" opens the description.
            while i < end
                && i - a <= MAX_HEADER_ROWS_BELOW
                && rows[i].kind == RowKind::Header
                && !rows[i].line.text.ends_with(':')
            {
                header.push(i);
                i += 1;
            }
            Group {
                anchor: a,
                header,
                description: (i..end).collect(),
            }
        })
        .collect()
}

/// A header row, or a short lowercase title such as "Associate network engineer" right above
/// the dates.
fn looks_like_header(row: &Row) -> bool {
    row.kind == RowKind::Header
        || row.kind == RowKind::Body
            && super::lines::word_count(&row.line.text) <= 8
            && !row.line.text.ends_with(['.', ':'])
            && has_title_word(&row.line.text)
}

/// Entries whose dates come after their bullets.
fn trailing_groups(rows: &[Row], anchors: &[usize]) -> Vec<Group> {
    anchors
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            let from = if k == 0 { 0 } else { anchors[k - 1] + 1 };
            let (header, description) = (from..=a).partition(|&i| rows[i].kind == RowKind::Header);
            Group {
                anchor: a,
                header,
                description,
            }
        })
        .collect()
}

/// What the header rows of an entry hold, once dates and places are set aside.
#[derive(Default)]
struct HeaderParts<'l> {
    candidates: Vec<Piece<'l>>,
    location: Option<Piece<'l>>,
    at_pair: Option<(Piece<'l>, Piece<'l>)>,
    labelled_title: Option<Piece<'l>>,
    labelled_company: Option<Piece<'l>>,
}

/// What a "Key: value" piece labels.
enum Label {
    Title,
    Company,
    /// Something else an entry describes ("Client:", "Project Title:", "Technology:").
    Other,
}

/// Splits a "Designation: Engineer" piece into what it labels and the value.
fn labelled(piece: Piece<'_>) -> Option<(Label, Option<Piece<'_>>)> {
    let raw = piece.raw();
    let colon = raw.find(':')?;
    let key: String = raw[..colon]
        .chars()
        .filter(|c| c.is_alphabetic() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let label = match key.as_str() {
        "designation" | "title" | "job title" | "role" | "position" | "current role" => {
            Label::Title
        }
        "company" | "employer" | "organisation" | "organization" | "company name" => Label::Company,
        "client"
        | "project"
        | "project title"
        | "project name"
        | "technology"
        | "technologies"
        | "tools"
        | "technologytools"
        | "environment"
        | "team size"
        | "duration"
        | "period"
        | "location"
        | "responsibilities"
        | "roles and responsibilities"
        | "domain"
        | "platform"
        | "description"
        | "project description" => Label::Other,
        _ => return None,
    };
    Some((label, piece.sub(colon + 1, raw.len())))
}

/// Cuts a piece at commas when that reveals a location in the middle
/// ("Montgomery, AL, Desktop Support Technician"), or when it is the only candidate.
fn comma_split<'l>(piece: Piece<'l>, only: bool, parts: &mut HeaderParts<'l>) -> Vec<Piece<'l>> {
    let (location, pieces) = comma_parts(piece);
    match location {
        Some(loc) => {
            parts.location.get_or_insert(loc);
            pieces
        }
        None if only => pieces,
        None => vec![piece],
    }
}

fn header_parts<'r>(rows: &'r [Row], group: &Group) -> HeaderParts<'r> {
    let mut parts = HeaderParts::default();
    let mut strong: Vec<Piece<'r>> = Vec::new();
    for &i in &group.header {
        let row = &rows[i];
        let holes: Vec<(usize, usize)> = row.date.iter().map(|d| (d.start, d.end)).collect();
        let pieces = split_around(&row.line, &holes, false);
        if let Some(at) = row.line.text.find(" at ") {
            let left = pieces.iter().find(|p| p.end <= at);
            let right = pieces.iter().find(|p| p.start >= at + 4);
            if let (Some(&l), Some(&r)) = (left, right) {
                parts.at_pair = Some((l, r));
            }
        }
        for p in pieces {
            match labelled(p) {
                Some((Label::Title, value)) => {
                    parts.labelled_title = parts.labelled_title.or(value);
                    continue;
                }
                Some((Label::Company, value)) => {
                    let (location, rest) = value.map_or((None, None), split_location);
                    parts.labelled_company = parts.labelled_company.or(rest);
                    if let Some(loc) = location {
                        parts.location.get_or_insert(loc);
                    }
                    continue;
                }
                Some((Label::Other, _)) => continue,
                None => {}
            }
            let (location, rest) = split_location(p);
            if let Some(loc) = location {
                parts.location.get_or_insert(loc);
            }
            strong.extend(rest);
        }
    }
    strong.retain(|p| {
        let t = p.text();
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !DURATION.as_ref().is_some_and(|r| r.is_match(&t))
    });
    let only = strong.len() == 1;
    for p in strong {
        if p.raw().contains(',') {
            let split = comma_split(p, only, &mut parts);
            parts.candidates.extend(split);
        } else {
            parts.candidates.push(p);
        }
    }
    parts
}

fn build(ctx: &Ctx<'_>, rows: &[Row], group: &Group) -> Experience {
    let mut entry = Experience::default();
    let anchor = &rows[group.anchor];
    if let Some(d) = &anchor.date {
        let span = anchor
            .date_span
            .unwrap_or_else(|| anchor.line.span_of(d.start, d.end));
        entry.dates = Some(ctx.field(d.range.clone(), "experience.dates", 0.9, span));
    }
    let parts = header_parts(rows, group);
    if let Some(loc) = parts.location {
        entry.location = Some(ctx.piece_field(&loc, "experience.location", 0.75));
    }
    if let Some((title, company)) = parts.at_pair {
        entry.title = Some(ctx.piece_field(&title, "experience.title_at_company", 0.85));
        entry.company = Some(ctx.piece_field(&company, "experience.title_at_company", 0.85));
    } else {
        assign_title_company(ctx, &parts.candidates, &mut entry);
    }
    // "Designation: ..." / "Company: ..." say outright what they are.
    if let Some(title) = parts.labelled_title {
        entry.title = Some(ctx.piece_field(&title, "experience.labelled_title", 0.9));
    }
    if let Some(company) = parts.labelled_company {
        entry.company = Some(ctx.piece_field(&company, "experience.labelled_company", 0.9));
    }
    entry.bullets = bullets(ctx, rows, &group.description, "experience.bullet");
    entry
}

/// Picks the title (most title-like) and company (most organisation-like) among the pieces.
fn assign_title_company(ctx: &Ctx<'_>, candidates: &[Piece<'_>], entry: &mut Experience) {
    let scored: Vec<(i32, &Piece<'_>)> = candidates
        .iter()
        .take(3)
        .map(|p| (title_score(&p.text()), p))
        .collect();
    match scored.as_slice() {
        [] => {}
        [(score, p)] => {
            if *score > 0 {
                entry.title = Some(ctx.piece_field(p, "experience.title_only", 0.6));
            } else {
                entry.company = Some(ctx.piece_field(p, "experience.company_only", 0.5));
            }
        }
        _ => {
            let Some(ti) = (0..scored.len()).max_by_key(|&i| (scored[i].0, -(i as i32))) else {
                return;
            };
            let Some(ci) = (0..scored.len())
                .filter(|&i| i != ti)
                .min_by_key(|&i| (scored[i].0, i))
            else {
                return;
            };
            let decided = scored[ti].0 > 0 && scored[ci].0 <= 0;
            let (rule, confidence) = if decided {
                ("experience.title_company_keywords", 0.8)
            } else {
                ("experience.title_company_position", 0.55)
            };
            entry.title = Some(ctx.piece_field(scored[ti].1, rule, confidence));
            entry.company = Some(ctx.piece_field(scored[ci].1, rule, confidence));
        }
    }
}

/// The description rows as bullets: each bullet or paragraph with its continuation lines.
pub(crate) fn bullets(
    ctx: &Ctx<'_>,
    rows: &[Row],
    indices: &[usize],
    rule: &str,
) -> Vec<Field<String>> {
    let mut items: Vec<(String, (usize, usize))> = Vec::new();
    for &i in indices {
        let row = &rows[i];
        let content = &row.line.text[row.line.content_start()..];
        let lead = content.len() - content.trim_start().len();
        // A date set beside the bullet belongs to the entry, not to the bullet's text; when the
        // bullet wraps onto the next line the date stays, so the text remains one exact span.
        let wraps_on = rows
            .get(i + 1)
            .is_some_and(|next| next.kind == RowKind::Continuation);
        let end = match &row.date {
            Some(d) if !wraps_on => row.line.text[..d.start].trim_end().len(),
            _ => row.line.text.len(),
        };
        let piece = Piece {
            line: &row.line,
            start: row.line.content_start() + lead,
            end: end.max(row.line.content_start() + lead),
        };
        if piece.raw().is_empty() {
            continue;
        }
        let text = piece.text();
        let span = piece.span();
        match (row.kind, items.last_mut()) {
            (RowKind::Continuation, Some(last)) => {
                last.0.push(' ');
                last.0.push_str(&text);
                last.1 .1 = span.1;
            }
            _ => items.push((text, span)),
        }
    }
    items
        .into_iter()
        .map(|(text, span)| ctx.field(text, rule, 0.8, span))
        .collect()
}
