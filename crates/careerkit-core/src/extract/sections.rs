//! Section headings: which line starts "Experience", "Education", "Skills"... in any of the
//! common spellings (`WORK EXPERIENCE`, `Work History:`, `## Experience`,
//! `E X P E R I E N C E`, `Honors/Awards`), and the line range each section covers.

use super::lines::{word_count, Line};
use crate::profile::SectionKind;

/// A section found in the lines: its kind, heading and line range.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SectionRange {
    /// What kind of section it is.
    pub kind: SectionKind,
    /// The heading as written (empty for the header).
    pub heading: String,
    /// Index of the heading line (the first line for the header).
    pub heading_line: usize,
    /// Line indices of the body, heading excluded.
    pub body: std::ops::Range<usize>,
}

/// Heading phrases (normalised: lowercase, `&` and `/` as "and", no punctuation) and their kind.
const HEADINGS: &[(&str, SectionKind)] = {
    use SectionKind::*;
    &[
        ("summary", Summary),
        ("professional summary", Summary),
        ("career summary", Summary),
        ("profile", Summary),
        ("professional profile", Summary),
        ("objective", Summary),
        ("career objective", Summary),
        ("about", Summary),
        ("about me", Summary),
        ("overview", Summary),
        ("personal statement", Summary),
        ("introduction", Summary),
        ("experience", Experience),
        ("experiences", Experience),
        ("work experience", Experience),
        ("professional experience", Experience),
        ("employment", Experience),
        ("employment history", Experience),
        ("work history", Experience),
        ("career history", Experience),
        ("job experience", Experience),
        ("research", Experience),
        ("research experience", Experience),
        ("internships", Experience),
        ("internship experience", Experience),
        ("teaching experience", Experience),
        ("education", Education),
        ("academic background", Education),
        ("educational background", Education),
        ("education and training", Education),
        ("academics", Education),
        ("academic qualifications", Education),
        ("qualifications", Education),
        ("skills", Skills),
        ("technical skills", Skills),
        ("key skills", Skills),
        ("core skills", Skills),
        ("skill set", Skills),
        ("skillset", Skills),
        ("competencies", Skills),
        ("core competencies", Skills),
        ("computer skills", Skills),
        ("technologies", Skills),
        ("tech stack", Skills),
        ("areas of expertise", Skills),
        ("expertise", Skills),
        ("projects", Projects),
        ("project", Projects),
        ("personal projects", Projects),
        ("academic projects", Projects),
        ("side projects", Projects),
        ("open source", Projects),
        ("certifications", Certifications),
        ("certification", Certifications),
        ("certificates", Certifications),
        ("licenses", Certifications),
        ("licenses and certifications", Certifications),
        ("certifications and licenses", Certifications),
        ("awards", Awards),
        ("honors", Awards),
        ("honours", Awards),
        ("honors and awards", Awards),
        ("honours and awards", Awards),
        ("awards and honors", Awards),
        ("awards and honours", Awards),
        ("achievements", Awards),
        ("accomplishments", Awards),
        ("scholarships", Awards),
        ("publications", Publications),
        ("papers", Publications),
        ("research papers", Publications),
        ("languages", Languages),
        ("spoken languages", Languages),
        ("language skills", Languages),
        ("volunteering", Volunteering),
        ("volunteer", Volunteering),
        ("volunteer experience", Volunteering),
        ("volunteer work", Volunteering),
        ("community service", Volunteering),
        ("involvement", Volunteering),
        ("campus involvement", Volunteering),
        ("on campus involvement", Volunteering),
        ("activities", Volunteering),
        ("extracurricular activities", Volunteering),
        ("leadership", Volunteering),
        ("leadership and activities", Volunteering),
        ("interests", Interests),
        ("hobbies", Interests),
        ("hobbies and interests", Interests),
        ("personal interests", Interests),
        ("references", References),
        ("contact", Contact),
        ("contact information", Contact),
        ("contact details", Contact),
        ("personal details", Contact),
        ("personal information", Contact),
        ("links", Contact),
        ("profiles", Contact),
        ("social", Contact),
        // Sections careerkit does not parse, named so they end the section before them.
        ("coursework", Other),
        ("relevant coursework", Other),
        ("courses", Other),
        ("patents", Other),
        ("talks", Other),
        ("invited talks", Other),
        ("presentations", Other),
        ("additional information", Other),
        ("miscellaneous", Other),
        ("others", Other),
        ("other", Other),
    ]
};

/// Words that qualify a heading without changing its kind ("Selected Honors").
const MODIFIERS: &[&str] = &[
    "selected",
    "relevant",
    "professional",
    "technical",
    "key",
    "other",
    "additional",
    "recent",
    "notable",
    "academic",
    "personal",
    "my",
    "software",
    "development",
    "international",
    "domestic",
    "industry",
    "work",
    "job",
    "research",
];

/// Normalises a heading candidate: strips Markdown and emphasis markers and a trailing colon,
/// lowercases, writes `&` and `/` as "and", drops other punctuation.
fn normalise(text: &str) -> String {
    let t = text
        .trim_start_matches('#')
        .trim()
        .trim_matches(|c| c == '*' || c == '_')
        .trim_end_matches(':')
        .trim();
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' | '/' => out.push_str(" and "),
            c if c.is_alphanumeric() || c == ' ' => out.extend(c.to_lowercase()),
            '-' | '–' | '|' => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The kind of section a line heads, if it is a heading.
pub(crate) fn heading_kind(line: &Line) -> Option<SectionKind> {
    let text = line.text.as_str();
    if text.is_empty() || text.chars().count() > 45 || line.bullet_len().is_some() {
        return None;
    }
    if text.chars().next().is_some_and(|c| c.is_lowercase()) {
        return None;
    }
    let norm = normalise(text);
    if norm.is_empty() || word_count(&norm) > 5 || norm.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(kind) = lookup(&norm) {
        return Some(kind);
    }
    // Strip qualifying words from the front ("Selected Honors", "Software Development Projects").
    let words: Vec<&str> = norm.split(' ').collect();
    for skip in 1..words.len() {
        if !MODIFIERS.contains(&words[skip - 1]) {
            break;
        }
        if let Some(kind) = lookup(&words[skip..].join(" ")) {
            return Some(kind);
        }
    }
    // Unknown Markdown headings ("# Jane Doe", "### Engineer at Acme") are names and entries,
    // not sections.
    None
}

fn lookup(norm: &str) -> Option<SectionKind> {
    HEADINGS
        .iter()
        .find(|(phrase, _)| *phrase == norm)
        .map(|&(_, kind)| kind)
}

/// Splits the lines into the header (before the first heading) and one range per heading.
///
/// In formats that separate blocks with blank lines (PDF, text), a heading that is neither in
/// capitals, nor Markdown, nor followed by a colon must follow a blank line, so that a role such
/// as "Volunteer" under an organisation is not taken for a heading.
pub(crate) fn find_sections(lines: &[Line], blank_lines_separate: bool) -> Vec<SectionRange> {
    let marked = |l: &Line| {
        let t = l.text.trim_end_matches(':');
        l.text.starts_with('#') || l.text.ends_with(':') || !t.chars().any(char::is_lowercase)
    };
    let headings: Vec<(usize, SectionKind)> = lines
        .iter()
        .enumerate()
        .filter(|&(i, l)| !blank_lines_separate || i == 0 || lines[i - 1].is_blank() || marked(l))
        .filter_map(|(i, l)| heading_kind(l).map(|k| (i, k)))
        .collect();
    let first = headings.first().map_or(lines.len(), |&(i, _)| i);
    let mut out = vec![SectionRange {
        kind: SectionKind::Header,
        heading: String::new(),
        heading_line: 0,
        body: 0..first,
    }];
    for (n, &(i, kind)) in headings.iter().enumerate() {
        let end = headings.get(n + 1).map_or(lines.len(), |&(j, _)| j);
        let heading = lines[i]
            .text
            .trim_start_matches('#')
            .trim()
            .trim_end_matches(':')
            .trim()
            .to_string();
        out.push(SectionRange {
            kind,
            heading,
            heading_line: i,
            body: i + 1..end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    fn kinds(text: &str) -> Vec<Option<SectionKind>> {
        split_lines(text, |_| 1).iter().map(heading_kind).collect()
    }

    #[test]
    fn heading_styles_are_recognised() {
        use SectionKind::*;
        let got = kinds(
            "WORK EXPERIENCE\nEducation:\n## Skills\nE X P E R I E N C E\nHonors/Awards\nSelected Honors\nSoftware Development Projects\n# Jane Doe",
        );
        assert_eq!(
            got,
            [
                Some(Experience),
                Some(Education),
                Some(Skills),
                Some(Experience),
                Some(Awards),
                Some(Awards),
                Some(Projects),
                None
            ]
        );
    }

    #[test]
    fn sentences_and_entries_are_not_headings() {
        let got = kinds("Experience in Java and Python for five years\n• Skills\nCORNELL UNIVERSITY\n2019 Projects");
        assert!(got.iter().all(Option::is_none), "{got:?}");
    }
}
