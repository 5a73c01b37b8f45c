//! What the user's own profile holds, flattened for the fabrication checks: every text value
//! with where it came from, the numbers (with units), the dates, the degree levels and the
//! skills it evidences (directly, or implied by a more specific skill it shows).

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::{Evidence, EvidenceSource};
use crate::interview::words;
use crate::jd::DegreeLevel;
use crate::profile::{DateRange, EndDate, Profile};
use crate::provenance::{Field, TextSpan};
use crate::skills::{Qualifier, SkillExtractor};

/// The unit a number is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    /// A bare count ("14 services").
    Plain,
    /// A percentage ("28%", "28 percent").
    Percent,
    /// Money ("$2M", "€40k").
    Currency,
    /// A multiple ("10x").
    Multiplier,
    /// A calendar year ("2021").
    Year,
}

/// A number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NumberMention {
    /// As written ("$2.5M", "28%", "four").
    pub text: String,
    /// The value with any scale applied ("$2.5M" -> 2,500,000).
    pub value: f64,
    pub unit: Unit,
    /// Character span in the text.
    pub start: usize,
    pub end: usize,
}

static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?P<cur>[$€£¥]\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<scale>\s?(?:k|m|mm|bn|b|thousand|million|billion)\b)?(?P<suffix>\s?%|\s?percent\b|x\b|×)?",
    )
    .ok()
});

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("twice", 2.0),
    ("double", 2.0),
    ("doubled", 2.0),
    ("tripled", 3.0),
];

/// Every number in `text`: digits with optional currency, scale and unit, and number words
/// ("four engineers").
pub(crate) fn numbers(text: &str) -> Vec<NumberMention> {
    let index = crate::text::CharIndex::new(text);
    let mut out = Vec::new();
    if let Some(re) = NUMBER.as_ref() {
        for c in re.captures_iter(text) {
            let (Some(all), Some(num)) = (c.get(0), c.name("num")) else {
                continue;
            };
            // "v2", "p99", "S3", "EC2": a digit glued to letters is a name, not a quantity.
            let glued = text[..all.start()]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_alphanumeric() || ch == '.');
            if glued && c.name("cur").is_none() {
                continue;
            }
            let Ok(mut value) = num.as_str().replace(',', "").parse::<f64>() else {
                continue;
            };
            let scale = c.name("scale").map(|s| s.as_str().trim().to_lowercase());
            value *= match scale.as_deref() {
                Some("k" | "thousand") => 1e3,
                Some("m" | "mm" | "million") => 1e6,
                Some("b" | "bn" | "billion") => 1e9,
                _ => 1.0,
            };
            let suffix = c.name("suffix").map(|s| s.as_str().trim().to_lowercase());
            let unit = match (c.name("cur"), suffix.as_deref()) {
                (Some(_), _) => Unit::Currency,
                (None, Some("%" | "percent")) => Unit::Percent,
                (None, Some("x" | "×")) => Unit::Multiplier,
                _ if scale.is_none()
                    && !num.as_str().contains(['.', ','])
                    && (1950.0..=2100.0).contains(&value) =>
                {
                    Unit::Year
                }
                _ => Unit::Plain,
            };
            out.push(NumberMention {
                text: all.as_str().trim_end().to_string(),
                value,
                unit,
                start: index.char_of_byte(all.start()),
                end: index.char_of_byte(all.start() + all.as_str().trim_end().len()),
            });
        }
    }
    for w in words(text) {
        if let Some((_, v)) = NUMBER_WORDS.iter().find(|(n, _)| *n == w.lower) {
            out.push(NumberMention {
                text: w.lower.clone(),
                value: *v,
                unit: Unit::Plain,
                start: w.start,
                end: w.end,
            });
        }
    }
    out.sort_by_key(|n| n.start);
    out
}

/// One text value of the profile.
#[derive(Debug, Clone)]
pub(crate) struct Fact {
    pub text: String,
    /// Lowercased words of `text`, for phrase lookups.
    pub words: Vec<String>,
    pub source: EvidenceSource,
    /// The span of the whole value in the resume text, when its provenance has one that covers
    /// exactly the value (so offsets inside carry over).
    pub span: Option<TextSpan>,
}

/// The user's own evidence, indexed for the checks.
#[derive(Debug, Clone)]
pub(crate) struct ProfileFacts {
    pub facts: Vec<Fact>,
    /// (fact index, number).
    pub numbers: Vec<(usize, NumberMention)>,
    /// (year, month) of every dated entry; month `None` for a year-only date.
    pub dates: BTreeSet<(i32, Option<u8>)>,
    pub degrees: Vec<DegreeLevel>,
    /// Skill id -> the evidence that shows it (a direct mention, or the mention of a skill that
    /// implies it) and, for an implied skill, the name of the skill shown.
    pub skills: HashMap<String, (Evidence, Option<String>)>,
}

impl ProfileFacts {
    pub(crate) fn new(profile: &Profile, extractor: &SkillExtractor) -> ProfileFacts {
        let mut facts = Vec::new();
        let mut dates = BTreeSet::new();
        let mut push = |field: &Field<String>, source: EvidenceSource| {
            let span = field
                .provenance
                .span
                .filter(|s| s.end - s.start == field.value.chars().count());
            facts.push(Fact {
                words: words(&field.value).into_iter().map(|w| w.lower).collect(),
                text: field.value.clone(),
                source,
                span,
            });
        };
        let named = |name: &str| EvidenceSource::Profile { field: name.into() };
        let c = &profile.contact;
        for f in c.name.iter().chain(&c.headline).chain(&c.location) {
            push(f, named("contact"));
        }
        if let Some(f) = &profile.summary {
            push(f, named("summary"));
        }
        let mut add_dates = |range: &DateRange| {
            let end = match range.end {
                Some(EndDate::Date(d)) => Some(d),
                _ => None,
            };
            for d in range.start.iter().chain(end.iter()) {
                dates.insert((d.year, d.month));
                dates.insert((d.year, None));
            }
        };
        for (index, job) in profile.experience.iter().enumerate() {
            let source = EvidenceSource::Experience { index };
            for f in job
                .title
                .iter()
                .chain(&job.company)
                .chain(&job.location)
                .chain(&job.bullets)
            {
                push(f, source.clone());
            }
            if let Some(d) = &job.dates {
                add_dates(&d.value);
                push(
                    &Field::new(d.value.raw.clone(), d.provenance.clone()),
                    source.clone(),
                );
            }
        }
        for job in &profile.volunteering {
            for f in job
                .title
                .iter()
                .chain(&job.company)
                .chain(&job.location)
                .chain(&job.bullets)
            {
                push(f, named("volunteering"));
            }
            if let Some(d) = &job.dates {
                add_dates(&d.value);
                push(
                    &Field::new(d.value.raw.clone(), d.provenance.clone()),
                    named("volunteering"),
                );
            }
        }
        let mut degrees = Vec::new();
        for ed in &profile.education {
            for f in ed
                .institution
                .iter()
                .chain(&ed.degree)
                .chain(&ed.field_of_study)
                .chain(&ed.grade)
                .chain(&ed.location)
            {
                push(f, named("education"));
            }
            if let Some(d) = &ed.dates {
                add_dates(&d.value);
                push(
                    &Field::new(d.value.raw.clone(), d.provenance.clone()),
                    named("education"),
                );
            }
            degrees.extend(
                ed.degree
                    .as_ref()
                    .and_then(|d| DegreeLevel::from_degree(&d.value)),
            );
        }
        for (name, list) in [
            ("skills", &profile.skills),
            ("certifications", &profile.certifications),
            ("languages", &profile.languages),
            ("awards", &profile.awards),
            ("publications", &profile.publications),
        ] {
            for f in list {
                push(f, named(name));
            }
        }
        for p in &profile.projects {
            for f in p.name.iter().chain(&p.bullets).chain(&p.url) {
                push(f, named("projects"));
            }
        }
        let mut numbers_found = Vec::new();
        let mut skills: HashMap<String, (Evidence, Option<String>)> = HashMap::new();
        for (i, fact) in facts.iter().enumerate() {
            for n in numbers(&fact.text) {
                if n.unit == Unit::Year {
                    dates.insert((n.value as i32, None));
                }
                numbers_found.push((i, n));
            }
            for m in extractor.extract(&fact.text) {
                if m.qualifier == Qualifier::Negated {
                    continue;
                }
                let evidence = fact_evidence(fact, m.start, m.end);
                for implied in extractor.taxonomy().implied(&m.skill_id) {
                    skills
                        .entry(implied.id.clone())
                        .or_insert_with(|| (evidence.clone(), Some(m.name.clone())));
                }
                // A direct mention beats an implied one.
                let direct = skills
                    .get(&m.skill_id)
                    .is_some_and(|(_, via)| via.is_none());
                if !direct {
                    skills.insert(m.skill_id.clone(), (evidence, None));
                }
            }
        }
        ProfileFacts {
            facts,
            numbers: numbers_found,
            dates,
            degrees,
            skills,
        }
    }

    /// The first fact holding the word sequence of `phrase` (case aside), as evidence.
    pub(crate) fn find_phrase(&self, phrase: &str) -> Option<Evidence> {
        let needle: Vec<String> = words(phrase).into_iter().map(|w| w.lower).collect();
        if needle.is_empty() {
            return None;
        }
        self.facts.iter().find_map(|fact| {
            let at = fact
                .words
                .windows(needle.len())
                .position(|w| w == needle.as_slice())?;
            let fact_words = words(&fact.text);
            let (start, end) = (fact_words[at].start, fact_words[at + needle.len() - 1].end);
            Some(fact_evidence(fact, start, end))
        })
    }

    /// The profile number equal to `n` with a compatible unit (equal, or either one plain), as
    /// evidence.
    pub(crate) fn find_number(&self, n: &NumberMention) -> Option<Evidence> {
        self.numbers.iter().find_map(|(i, p)| {
            let same = (p.value - n.value).abs() < 1e-9 * n.value.abs().max(1.0);
            // "28" may restate "28%"; "12" never restates "12x" or "$12".
            let units = p.unit == n.unit
                || matches!(
                    (p.unit, n.unit),
                    (Unit::Plain, Unit::Percent) | (Unit::Percent, Unit::Plain)
                );
            (same && units).then(|| fact_evidence(&self.facts[*i], p.start, p.end))
        })
    }
}

/// Evidence for characters `start..end` of a fact's value.
fn fact_evidence(fact: &Fact, start: usize, end: usize) -> Evidence {
    Evidence {
        text: fact.text.chars().skip(start).take(end - start).collect(),
        span: fact.span.map(|s| TextSpan {
            start: s.start + start,
            end: s.start + end,
            page: s.page,
        }),
        source: fact.source.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_units_and_scales() {
        let found = numbers("Cut spend by 28% ($1.2M) for 3,200 rps, 10x faster, in 2021 with four engineers on EC2 and p99");
        let got: Vec<(f64, Unit)> = found.iter().map(|n| (n.value, n.unit)).collect();
        assert_eq!(
            got,
            [
                (28.0, Unit::Percent),
                (1_200_000.0, Unit::Currency),
                (3200.0, Unit::Plain),
                (10.0, Unit::Multiplier),
                (2021.0, Unit::Year),
                (4.0, Unit::Plain),
            ]
        );
        assert_eq!(found[1].text, "$1.2M");
    }
}
