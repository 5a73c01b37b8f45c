//! Rules that read single facts from a posting (title, level, years, degree, pay, remote policy,
//! contract type, duties). Each returns byte offsets; the caller turns them into char spans.

use std::sync::LazyLock;

use regex::Regex;

use super::layout::{clause_around, clauses, contains_word, Context, Layout};
use super::{DegreeLevel, EmploymentType, RemotePolicy, SalaryPeriod, Seniority, YearsRange};

/// A regex compiled once; `None` only if the pattern were invalid (a unit test compiles all).
type LazyRegex = LazyLock<Option<Regex>>;

macro_rules! lazy_regex {
    ($name:ident, $pattern:expr) => {
        static $name: LazyRegex = LazyLock::new(|| Regex::new($pattern).ok());
    };
}

lazy_regex!(
    YEARS,
    r"(?i)\b(at\s+least\s+|minimum\s+(?:of\s+)?|min\.?\s+)?(\d{1,2}(?:\.\d)?)\s*(\+|plus)?\s*(?:(?:-|–|—|to)\s*(\d{1,2})\s*\+?\s*)?(?:years?|yrs?)\b"
);
lazy_regex!(
    TITLE_PHRASE,
    r"(?:(?i:looking\s+for|hiring|seeking|searching\s+for|recruiting)\s+(?:an?\s+)?(?:(?i:dedicated|talented|experienced|motivated|passionate)\s+)?)([A-Z][\w.+#/-]*(?:\s+[A-Z][\w.+#/-]*){0,6})"
);
lazy_regex!(DOCTORATE, r"\b(?i:ph\.?\s?d|doctorate|doctoral)\b");
lazy_regex!(
    MASTER,
    r"\b(?i:master'?s?|m\.sc|msc|m\.s\.|mba|m\.eng|meng)\b|\bM\.?S\b|\bMA\b"
);
lazy_regex!(
    BACHELOR,
    r"\b(?i:bachelor'?s?|b\.sc|bsc|b\.s\.|b\.a\.|b\.eng|beng|b\.tech|btech)\b|\bB\.?S\b|\bBA\b"
);
lazy_regex!(ASSOCIATE, r"\b(?i:associate'?s?\s+degree)\b");
lazy_regex!(
    GENERIC_DEGREE,
    r"\b(?i:(?:university|college|academic|undergraduate|graduate|post\s?graduate)\s+degree|degree\s+in|diploma)\b"
);
lazy_regex!(
    DEGREE_FIELD,
    r"\b(?:in|of)\s+([A-Za-z][A-Za-z/&\- ]{0,60}?)(?:\s+or\s+|\s+and\s+|\s+with\s+|[.,;()\n]|$)"
);
lazy_regex!(
    SALARY_PREFIX,
    r"(?i)([$€£]|\b(?:usd|eur|gbp|cad|aud|chf|inr)\b)\s?(\d[\d,.]*\d|\d)\s?(k\b)?(?:\s*(?:-|–|—|to)\s*(?:[$€£]|\b(?:usd|eur|gbp|cad|aud|chf|inr)\b)?\s?(\d[\d,.]*\d|\d)\s?(k\b)?)?"
);
lazy_regex!(
    SALARY_SUFFIX,
    r"(?i)\b(\d[\d,.]*\d|\d)\s?(k)?\s*(?:-|–|—|to)\s*(\d[\d,.]*\d|\d)\s?(k)?\s*\b(usd|eur|gbp|cad|aud|chf|inr)\b"
);
lazy_regex!(
    SALARY_PERIOD,
    r"(?i)^\s*(?:/\s*|per\s+|an?\s+|p\.?\s?)(hour|hr|day|week|month|mo|year|yr|annum|a\.)\b|^\s*(annually|yearly|monthly|hourly)\b"
);

fn find_iter<'t>(
    re: &'static LazyRegex,
    text: &'t str,
) -> impl Iterator<Item = regex::Captures<'t>> {
    re.as_ref()
        .into_iter()
        .flat_map(move |r| r.captures_iter(text))
}

/// "N+ years" stated somewhere, with its byte range.
#[derive(Debug, Clone, Copy)]
pub(super) struct YearsStatement {
    pub range: YearsRange,
    pub start: usize,
    pub end: usize,
}

/// Every statement of years of experience: "4+ years", "at least 3 years", "2-4 years of
/// experience". A bare "2 years" counts only when its clause speaks of experience (so "a 2 years
/// contract" does not).
pub(super) fn years_statements(text: &str) -> Vec<YearsStatement> {
    find_iter(&YEARS, text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let min: f64 = c.get(2)?.as_str().parse().ok()?;
            let max: Option<f64> = c.get(4).and_then(|m| m.as_str().parse().ok());
            let emphatic = c.get(1).is_some() || c.get(3).is_some() || max.is_some();
            let (cs, ce) = clause_around(text, whole.start());
            let about_experience = text[cs..ce].to_lowercase().contains("experience");
            (emphatic || about_experience).then_some(YearsStatement {
                range: YearsRange { min, max },
                start: whole.start(),
                end: whole.end(),
            })
        })
        .collect()
}

const ROLE_NOUNS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "scientist",
    "analyst",
    "designer",
    "architect",
    "lead",
    "intern",
    "specialist",
    "consultant",
    "researcher",
    "administrator",
    "officer",
    "director",
    "coordinator",
    "programmer",
    "accountant",
    "technician",
    "head",
];

/// The job title: a "Job title:" label, else a short first line naming a role, else the role in
/// "we are looking for a Senior Backend Engineer to ...", else a "Role:" label (job boards use
/// it for a category such as "DevOps", so it comes last).
pub(super) fn title(text: &str, layout: &Layout) -> Option<(String, usize, usize)> {
    label_value(text, layout, &["job title", "title", "position"])
        .or_else(|| title_from_text(text, layout))
        .or_else(|| label_value(text, layout, &["role"]))
}

fn title_from_text(text: &str, layout: &Layout) -> Option<(String, usize, usize)> {
    let first = layout
        .lines
        .iter()
        .find(|l| !text[l.start..l.end].trim().is_empty())?;
    let line = &text[first.start..first.end];
    let lower = line.to_lowercase();
    if line.split_whitespace().count() <= 12
        && !line.trim_end().ends_with('.')
        && ROLE_NOUNS.iter().any(|n| contains_word(&lower, n))
    {
        let cleaned = clean_title(line);
        if !cleaned.is_empty() {
            let offset = first.start + line.find(cleaned).unwrap_or(0);
            return Some((cleaned.to_string(), offset, offset + cleaned.len()));
        }
    }
    let caps = find_iter(&TITLE_PHRASE, text).next()?;
    let m = caps.get(1)?;
    let phrase = m.as_str();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut from = 0;
    for word in phrase.split_whitespace() {
        let at = from + phrase[from..].find(word).unwrap_or(0);
        from = at + word.len();
        words.push((at, word.trim_end_matches(['.', ',', ';', ':'])));
    }
    // Stop the capitalised run at the last role noun ("Senior Engineer Berlin" -> "Senior
    // Engineer").
    let last = words
        .iter()
        .rposition(|(_, w)| ROLE_NOUNS.contains(&w.to_lowercase().as_str()))
        .unwrap_or(words.len().checked_sub(1)?);
    let (at, word) = words[last];
    let end = m.start() + at + word.len();
    Some((text[m.start()..end].to_string(), m.start(), end))
}

/// Trims a title line of "(m/f/d)" tags and `<PLACEHOLDER>`s.
fn clean_title(line: &str) -> &str {
    let mut cut = line.len();
    for marker in [
        "(m/f", "(f/m", "(w/m", "(m/w", "<", " - ", " – ", " — ", " | ",
    ] {
        if let Some(i) = line.to_ascii_lowercase().find(marker) {
            cut = cut.min(i);
        }
    }
    line[..cut].trim()
}

/// The employer: a "Company:" label, else the line under the title when it reads
/// "Acme Corp — Remote (US)", else an "About Acme" heading (not "About us", "About the role").
pub(super) fn company(
    text: &str,
    layout: &Layout,
    title_end: Option<usize>,
) -> Option<(String, usize, usize)> {
    if let Some(found) = label_value(text, layout, &["company", "employer", "company name"]) {
        return Some(found);
    }
    if let Some(found) = title_end.and_then(|end| company_under_title(text, layout, end)) {
        return Some(found);
    }
    const NOT_A_NAME: &[&str] = &["us", "you", "the", "this", "our", "the role", "the team"];
    layout.lines.iter().find_map(|line| {
        let body = &text[line.start..line.end];
        let name = body
            .trim()
            .strip_prefix("About ")?
            .trim_end_matches(':')
            .trim();
        let lower = name.to_ascii_lowercase();
        let generic = NOT_A_NAME
            .iter()
            .any(|w| lower == *w || lower.starts_with(&format!("{w} ")));
        let looks_like_name = name.starts_with(|c: char| c.is_uppercase())
            && name.split_whitespace().count() <= 4
            && !name.starts_with('<');
        (looks_like_name && !generic).then(|| {
            let start = line.start + body.find(name).unwrap_or(0);
            (name.to_string(), start, start + name.len())
        })
    })
}

/// "Acme Corp — Remote (US)" on the first line after the title: the part before the separator,
/// when it looks like a name (capitalised, at most four words, no digits).
fn company_under_title(
    text: &str,
    layout: &Layout,
    title_end: usize,
) -> Option<(String, usize, usize)> {
    let line = layout
        .lines
        .iter()
        .find(|l| l.start >= title_end && !text[l.start..l.end].trim().is_empty())?;
    let body = &text[line.start..line.end];
    let cut = [" — ", " – ", " | ", " · ", " - "]
        .iter()
        .filter_map(|sep| body.find(sep))
        .min()?;
    let name = body[..cut].trim();
    let looks_like_name = name.starts_with(|c: char| c.is_uppercase())
        && (1..=4).contains(&name.split_whitespace().count())
        && !name.contains(|c: char| c.is_ascii_digit() || c == ':');
    looks_like_name.then(|| {
        let start = line.start + body.find(name).unwrap_or(0);
        (name.to_string(), start, start + name.len())
    })
}

/// The career level a title names; with several, the most senior ("Senior Staff Engineer" ->
/// staff).
pub(super) fn seniority_in(text: &str) -> Option<Seniority> {
    levels_in(text).into_iter().next()
}

/// The lowest level a label lists ("Experience level: Junior Mid-Level Senior" -> junior): the
/// posting accepts any of them.
pub(super) fn lowest_seniority_in(text: &str) -> Option<Seniority> {
    levels_in(text).into_iter().min_by_key(|l| l.rank())
}

/// Every level named in `text`, most senior first; people-manager words only when no level word
/// is present and the role is not a product, project or program manager.
fn levels_in(text: &str) -> Vec<Seniority> {
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| contains_word(&lower, w));
    let levels: Vec<Seniority> = [
        (Seniority::Principal, &["principal", "distinguished"][..]),
        (Seniority::Staff, &["staff"]),
        (Seniority::Lead, &["lead", "tech lead", "team lead"]),
        (Seniority::Senior, &["senior", "sr", "sr."]),
        (Seniority::Mid, &["mid", "mid-level", "intermediate"]),
        (
            Seniority::Junior,
            &["junior", "jr", "entry level", "entry-level", "graduate"],
        ),
        (
            Seniority::Intern,
            &["intern", "internship", "trainee", "working student"],
        ),
    ]
    .into_iter()
    .filter_map(|(level, words)| has(words).then_some(level))
    .collect();
    let product_like = has(&["product manager", "project manager", "program manager"]);
    if levels.is_empty() && !product_like && has(&["manager", "head of", "director", "vp"]) {
        return vec![Seniority::Manager];
    }
    levels
}

/// The value after a label ("Location: Berlin", or "Job type:" with the value on the next line).
pub(super) fn label_value(
    text: &str,
    layout: &Layout,
    labels: &[&str],
) -> Option<(String, usize, usize)> {
    for (i, line) in layout.lines.iter().enumerate() {
        let body = &text[line.start..line.end];
        let Some((label, rest)) = body.split_once(':') else {
            continue;
        };
        let label = label
            .trim()
            .trim_start_matches(['-', '*', '#', ' '])
            .to_lowercase();
        if !labels.contains(&label.as_str()) {
            continue;
        }
        let (value, start) = if rest.trim().is_empty() {
            let next = layout.lines[i + 1..]
                .iter()
                .find(|l| !text[l.start..l.end].trim().is_empty())?;
            let value = &text[next.start..next.end];
            if value.split_whitespace().count() > 8 || value.contains(':') {
                continue;
            }
            (value, next.start)
        } else {
            (rest, line.start + label_end(body))
        };
        let trimmed = value.trim();
        let start = start + (value.len() - value.trim_start().len());
        return Some((trimmed.to_string(), start, start + trimmed.len()));
    }
    None
}

fn label_end(body: &str) -> usize {
    body.find(':').map_or(0, |i| i + 1)
}

/// An education requirement as byte offsets.
#[derive(Debug, Clone)]
pub(super) struct EducationFact {
    pub level: DegreeLevel,
    pub field: Option<String>,
    pub or_equivalent: bool,
    pub start: usize,
    pub end: usize,
}

/// Every degree level named in `text`, with its byte offset ("degree" alone is not a level).
pub(super) fn degree_levels(text: &str) -> Vec<(DegreeLevel, usize)> {
    let mut out = Vec::new();
    for (re, level) in [
        (&DOCTORATE, DegreeLevel::Doctorate),
        (&MASTER, DegreeLevel::Master),
        (&BACHELOR, DegreeLevel::Bachelor),
        (&ASSOCIATE, DegreeLevel::Associate),
    ] {
        out.extend(find_iter(re, text).filter_map(|c| Some((level, c.get(0)?.start()))));
    }
    out.sort_by_key(|&(_, at)| at);
    out
}

/// The first clause asking for a degree: its lowest level ("BSc/MSc" -> bachelor; a bare
/// "degree in X" -> bachelor), the field, and whether equivalent experience is accepted.
pub(super) fn education(text: &str) -> Option<EducationFact> {
    let levels = degree_levels(text);
    let generic = find_iter(&GENERIC_DEGREE, text).filter_map(|c| c.get(0).map(|m| m.start()));
    let first = levels.iter().map(|&(_, at)| at).chain(generic).min()?;
    let (start, end) = clause_around(text, first);
    let clause = &text[start..end];
    let level = levels
        .iter()
        .filter(|&&(_, at)| at >= start && at < end)
        .map(|&(level, _)| level)
        .min()
        .unwrap_or(DegreeLevel::Bachelor);
    let field = find_iter(&DEGREE_FIELD, &text[first..end])
        .next()
        .and_then(|c| c.get(1))
        .map(|m| trim_field(m.as_str()))
        .filter(|f| !f.is_empty());
    Some(EducationFact {
        level,
        field,
        or_equivalent: clause.to_lowercase().contains("equivalent"),
        start,
        end,
    })
}

/// Drops trailing words that qualify the degree rather than name the field ("Statistics
/// preferred", "Physics is a plus").
fn trim_field(raw: &str) -> String {
    const TRAILING: &[&str] = &[
        "preferred",
        "required",
        "desired",
        "is",
        "a",
        "plus",
        "strongly",
    ];
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| TRAILING.contains(&w.to_ascii_lowercase().as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

/// A salary as byte offsets.
#[derive(Debug, Clone)]
pub(super) struct SalaryFact {
    pub min: f64,
    pub max: f64,
    pub currency: String,
    pub period: Option<SalaryPeriod>,
    pub start: usize,
    pub end: usize,
}

/// The first pay range: "$120,000 - $150,000 per year", "€42k - 50k", "90-110k EUR", "$45/hour".
/// Bare small amounts ("$5 million in funding") are ignored unless a period follows.
pub(super) fn salary(text: &str) -> Option<SalaryFact> {
    let prefixed = find_iter(&SALARY_PREFIX, text).filter_map(|c| {
        let whole = c.get(0)?;
        salary_from(
            text,
            c.get(1)?.as_str(),
            (c.get(2)?.as_str(), c.get(3).is_some()),
            c.get(4).map(|m| (m.as_str(), c.get(5).is_some())),
            whole.start(),
            whole.end(),
        )
    });
    let suffixed = find_iter(&SALARY_SUFFIX, text).filter_map(|c| {
        let whole = c.get(0)?;
        salary_from(
            text,
            c.get(5)?.as_str(),
            (c.get(1)?.as_str(), c.get(2).is_some()),
            Some((c.get(3)?.as_str(), c.get(4).is_some())),
            whole.start(),
            whole.end(),
        )
    });
    prefixed.chain(suffixed).min_by_key(|s| s.start)
}

fn salary_from(
    text: &str,
    currency: &str,
    low: (&str, bool),
    high: Option<(&str, bool)>,
    start: usize,
    end: usize,
) -> Option<SalaryFact> {
    let high_k = high.is_some_and(|(_, k)| k);
    let mut min = parse_amount(low.0)?;
    let mut max = high.and_then(|(h, _)| parse_amount(h)).unwrap_or(min);
    // "42-50k": the k on the upper bound applies to the lower one too.
    if low.1 || (high_k && min < 1000.0) {
        min *= 1000.0;
    }
    if high_k || (high.is_none() && low.1) {
        max *= 1000.0;
    }
    let (period, end) = match find_iter(&SALARY_PERIOD, &text[end..]).next() {
        Some(c) => {
            let word = c.get(1).or_else(|| c.get(2))?.as_str().to_lowercase();
            (period_of(&word), end + c.get(0).map_or(0, |m| m.end()))
        }
        None => (None, end),
    };
    if min < 1000.0 && period.is_none() {
        return None;
    }
    let period = period.or((min >= 10_000.0).then_some(SalaryPeriod::Year));
    Some(SalaryFact {
        min: min.min(max),
        max: max.max(min),
        currency: currency_code(currency),
        period,
        start,
        end,
    })
}

fn parse_amount(raw: &str) -> Option<f64> {
    let raw = raw.trim_end_matches(['.', ',']);
    let mut digits = raw.replace(',', "");
    // "42.000" is forty-two thousand in much of Europe.
    if let Some((_, tail)) = digits.rsplit_once('.') {
        if tail.len() == 3 {
            digits = digits.replace('.', "");
        }
    }
    digits.parse().ok()
}

fn period_of(word: &str) -> Option<SalaryPeriod> {
    Some(match word {
        "hour" | "hr" | "hourly" => SalaryPeriod::Hour,
        "day" => SalaryPeriod::Day,
        "week" => SalaryPeriod::Week,
        "month" | "mo" | "monthly" => SalaryPeriod::Month,
        "year" | "yr" | "annum" | "a." | "annually" | "yearly" => SalaryPeriod::Year,
        _ => return None,
    })
}

fn currency_code(raw: &str) -> String {
    match raw {
        "$" => "USD".into(),
        "€" => "EUR".into(),
        "£" => "GBP".into(),
        code => code.to_uppercase(),
    }
}

/// Hybrid wins over remote ("remote or hybrid"), remote over on-site; a negated "no remote" is
/// not remote.
pub(super) fn remote_policy(text: &str) -> Option<(RemotePolicy, usize, usize)> {
    // ASCII lowercasing keeps byte offsets, so they hold for `text` too.
    let lower = text.to_ascii_lowercase();
    let find = |words: &[&str]| {
        words.iter().find_map(|w| {
            lower.match_indices(w).find_map(|(i, _)| {
                let before = &lower[..i];
                let negated = before.ends_with("no ") || before.ends_with("not ");
                (word_at(&lower, i, w.len()) && !negated).then_some((i, i + w.len()))
            })
        })
    };
    [
        (RemotePolicy::Hybrid, &["hybrid"][..]),
        (
            RemotePolicy::Remote,
            &["fully remote", "remote-first", "remote first", "remote"],
        ),
        (
            RemotePolicy::Onsite,
            &[
                "on-site",
                "onsite",
                "on site",
                "in-office",
                "in office",
                "office-based",
            ],
        ),
    ]
    .into_iter()
    .find_map(|(policy, words)| find(words).map(|(s, e)| (policy, s, e)))
}

fn word_at(text: &str, i: usize, len: usize) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The contract type: the "Job type" label if any, else the first contract word in the text.
pub(super) fn employment_type(text: &str) -> Option<(EmploymentType, usize, usize)> {
    const WORDS: &[(&str, EmploymentType)] = &[
        ("full-time", EmploymentType::FullTime),
        ("full time", EmploymentType::FullTime),
        ("fulltime", EmploymentType::FullTime),
        ("permanent", EmploymentType::FullTime),
        ("part-time", EmploymentType::PartTime),
        ("part time", EmploymentType::PartTime),
        ("contractor", EmploymentType::Contract),
        ("contract", EmploymentType::Contract),
        ("freelance", EmploymentType::Contract),
        ("internship", EmploymentType::Internship),
        ("temporary", EmploymentType::Temporary),
    ];
    let lower = text.to_ascii_lowercase();
    let label_at = ["job type:", "employment type:", "contract type:"]
        .iter()
        .filter_map(|l| lower.find(l))
        .min()
        .unwrap_or(0);
    WORDS
        .iter()
        .filter_map(|&(w, kind)| {
            lower[label_at..]
                .match_indices(w)
                .map(|(i, _)| i + label_at)
                .find(|&i| word_at(&lower, i, w.len()))
                .map(|i| (kind, i, i + w.len()))
        })
        .min_by_key(|&(_, start, _)| start)
}

const BULLETS: &[char] = &['-', '*', '•', '·', '–', '▪', '◦', '●'];

/// Duties: every clause in a responsibilities section; without one, the "You will ..." clauses.
pub(super) fn responsibilities(text: &str, layout: &Layout) -> Vec<(usize, usize)> {
    // Blocks of consecutive lines under a responsibilities heading, so hard-wrapped sentences
    // stay whole; then one item per clause, bullet markers dropped.
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut previous_in_block = false;
    for line in &layout.lines {
        let inside = line.context == Context::Responsibilities && !line.is_heading;
        match blocks.last_mut() {
            Some(block) if inside && previous_in_block => block.1 = line.end,
            _ if inside => blocks.push((line.content_start, line.end)),
            _ => {}
        }
        previous_in_block = inside;
    }
    let mut out: Vec<(usize, usize)> = blocks
        .into_iter()
        .flat_map(|(start, end)| clauses(text, start, end))
        .map(|(s, e)| {
            let stripped = text[s..e].trim_start_matches(BULLETS).trim_start();
            (e - stripped.len(), e)
        })
        .filter(|&(s, e)| text[s..e].split_whitespace().count() >= 3)
        .collect();
    if out.is_empty() {
        out = clauses(text, 0, text.len())
            .into_iter()
            .filter(|&(s, e)| {
                let clause = &text[s..e];
                ["You will ", "You'll ", "You own ", "You take "]
                    .iter()
                    .any(|p| clause.starts_with(p))
                    && !clause.starts_with("You will not")
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for re in [
            &YEARS,
            &TITLE_PHRASE,
            &DOCTORATE,
            &MASTER,
            &BACHELOR,
            &ASSOCIATE,
            &GENERIC_DEGREE,
            &DEGREE_FIELD,
            &SALARY_PREFIX,
            &SALARY_SUFFIX,
            &SALARY_PERIOD,
        ] {
            assert!(re.is_some());
        }
    }

    #[test]
    fn years_need_emphasis_or_experience() {
        let ys = years_statements(
            "3-5 years of Go. At least 2 years in a team. Contract of 2 years. 7 years experience.",
        );
        let mins: Vec<(f64, Option<f64>)> = ys.iter().map(|y| (y.range.min, y.range.max)).collect();
        assert_eq!(mins, [(3.0, Some(5.0)), (2.0, None), (7.0, None)]);
    }

    #[test]
    fn salaries_in_common_shapes() {
        let s = |t: &str| salary(t).map(|s| (s.min, s.max, s.currency, s.period));
        assert_eq!(
            s("Pay: $120,000 - $150,000 per year."),
            Some((120_000.0, 150_000.0, "USD".into(), Some(SalaryPeriod::Year)))
        );
        assert_eq!(
            s("Compensation:\n€42k - 42k\n"),
            Some((42_000.0, 42_000.0, "EUR".into(), Some(SalaryPeriod::Year)))
        );
        assert_eq!(
            s("90-110k EUR gross"),
            Some((90_000.0, 110_000.0, "EUR".into(), Some(SalaryPeriod::Year)))
        );
        assert_eq!(
            s("£45/hour"),
            Some((45.0, 45.0, "GBP".into(), Some(SalaryPeriod::Hour)))
        );
        assert_eq!(s("We raised $5 million."), None);
    }

    #[test]
    fn education_takes_the_lowest_level_and_field() {
        let e =
            education("Requirements\nBSc/MSc in CS/Engineering or other relevant field\n").unwrap();
        assert_eq!(e.level, DegreeLevel::Bachelor);
        assert_eq!(e.field.as_deref(), Some("CS/Engineering"));
        let e = education("A PhD degree or equivalent.").unwrap();
        assert_eq!(e.level, DegreeLevel::Doctorate);
        assert!(e.or_equivalent);
    }

    #[test]
    fn seniority_words() {
        assert_eq!(
            seniority_in("Senior Product Manager"),
            Some(Seniority::Senior)
        );
        assert_eq!(
            seniority_in("Engineering Manager"),
            Some(Seniority::Manager)
        );
        assert_eq!(seniority_in("Product Manager"), None);
        assert_eq!(seniority_in("Sr. Data Engineer"), Some(Seniority::Senior));
        assert_eq!(
            seniority_in("Software Engineering Intern"),
            Some(Seniority::Intern)
        );
    }

    #[test]
    fn remote_and_contract_words() {
        assert_eq!(
            remote_policy("Remote or hybrid, your choice").map(|r| r.0),
            Some(RemotePolicy::Hybrid)
        );
        assert_eq!(
            remote_policy("This role is not remote; on-site in Paris").map(|r| r.0),
            Some(RemotePolicy::Onsite)
        );
        assert_eq!(
            employment_type("Job type:\nFull-time\nWe offer part-time too").map(|r| r.0),
            Some(EmploymentType::FullTime)
        );
    }
}
