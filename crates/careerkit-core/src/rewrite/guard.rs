//! The fabrication checks every proposed edit passes before a person sees it. They compare the
//! edit's new text with the user's own profile: numbers (counts, percentages, money, "10x",
//! years), dates, proper names (employers and other organisations), job titles and degrees
//! must all be held by the profile; skills must be evidenced by it (directly or through a more
//! specific skill it shows). Each kept claim carries the evidence that supports it.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::apply::is_permutation;
use super::facts::{numbers, ProfileFacts, Unit};
use super::{document_skills, Edit};
use crate::analysis::Evidence;
use crate::document::ResumeDocument;
use crate::error::{Error, Result};
use crate::interview::{sentences, words};
use crate::jd::DegreeLevel;
use crate::profile::{Profile, SectionKind};
use crate::skills::{Qualifier, SkillExtractor};

/// What a check found about one claim of the edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A number the profile holds.
    SupportedNumber,
    /// A date the profile holds.
    SupportedDate,
    /// A name, title or degree the profile holds.
    SupportedName,
    /// A skill the profile evidences.
    SupportedSkill,
    /// A number (count, percentage, money, multiple) the profile does not hold.
    InventedNumber,
    /// A date (year, month and year) the profile does not hold.
    InventedDate,
    /// A proper name (an employer or other organisation, product, place) the profile does not
    /// hold.
    InventedEmployer,
    /// A job title the profile does not hold.
    InventedTitle,
    /// A degree the profile does not hold.
    InventedDegree,
    /// A skill the profile does not evidence: the user must confirm it.
    UnevidencedSkill,
    /// The edit names a bullet or section that does not exist, or a reorder that adds or drops
    /// items.
    InvalidTarget,
}

impl FindingKind {
    /// Whether the finding rejects the edit.
    pub fn is_blocking(self) -> bool {
        matches!(
            self,
            FindingKind::InventedNumber
                | FindingKind::InventedDate
                | FindingKind::InventedEmployer
                | FindingKind::InventedTitle
                | FindingKind::InventedDegree
                | FindingKind::InvalidTarget
        )
    }
}

/// One claim of the edit and what the checks found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// What was found.
    pub kind: FindingKind,
    /// The claim as written in the edit.
    pub text: String,
    /// Its character span in the edit's new text (`None` for target checks).
    pub span: Option<(usize, usize)>,
    /// Why, in words a person can read.
    pub reason: String,
    /// The profile evidence supporting a kept claim.
    pub evidence: Option<Evidence>,
}

/// The outcome of the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Everything the edit claims is held by the profile.
    Accepted,
    /// Nothing invented, but a skill the profile does not evidence: ask the user.
    NeedsConfirmation,
    /// The edit invents something or names a target that does not exist; it never applies.
    Rejected,
}

/// The checks' verdict on one edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verdict {
    /// The edit checked.
    pub edit: Edit,
    /// Accepted, needs confirmation, or rejected.
    pub decision: Decision,
    /// Every claim checked, supported ones with their evidence.
    pub findings: Vec<Finding>,
}

/// An edit that passed the checks and was approved; the only thing [`super::apply`] accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedEdit {
    edit: Edit,
}

impl ApprovedEdit {
    /// The approved edit.
    pub fn edit(&self) -> &Edit {
        &self.edit
    }
}

impl Verdict {
    /// Approves the edit. `confirmed` says the user confirmed the skills the profile does not
    /// evidence (needed for [`Decision::NeedsConfirmation`]).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] for a rejected edit, or one needing confirmation that was not
    /// confirmed.
    pub fn approve(&self, confirmed: bool) -> Result<ApprovedEdit> {
        match self.decision {
            Decision::Accepted => Ok(ApprovedEdit {
                edit: self.edit.clone(),
            }),
            Decision::NeedsConfirmation if confirmed => Ok(ApprovedEdit {
                edit: self.edit.clone(),
            }),
            Decision::NeedsConfirmation => Err(Error::PermissionDenied {
                message:
                    "the edit adds a skill the profile does not evidence; the user must confirm it"
                        .into(),
            }),
            Decision::Rejected => Err(Error::PermissionDenied {
                message: format!(
                    "the edit was rejected: {}",
                    self.findings
                        .iter()
                        .filter(|f| f.kind.is_blocking())
                        .map(|f| f.reason.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            }),
        }
    }
}

/// The checks, with the profile indexed once.
#[derive(Debug, Clone)]
pub struct Guard<'a> {
    facts: ProfileFacts,
    extractor: &'a SkillExtractor,
}

const TITLE_HEADS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "director",
    "architect",
    "analyst",
    "scientist",
    "designer",
    "consultant",
    "administrator",
    "coordinator",
    "accountant",
    "specialist",
    "officer",
    "president",
    "vp",
    "cto",
    "ceo",
    "cfo",
    "head",
    "lead",
    "intern",
    "founder",
    "cofounder",
    "co-founder",
    "programmer",
    "technician",
    "supervisor",
    "executive",
];
const TITLE_MODIFIERS: &[&str] = &[
    "senior",
    "sr",
    "junior",
    "jr",
    "staff",
    "principal",
    "chief",
    "lead",
    "head",
    "associate",
    "assistant",
    "vice",
    "executive",
    "general",
    "managing",
    "group",
    "team",
    "tech",
];
const DEGREE_WORDS: &[&str] = &[
    "bachelor",
    "bachelor's",
    "bachelors",
    "master",
    "master's",
    "masters",
    "phd",
    "ph.d",
    "doctorate",
    "mba",
    "bsc",
    "msc",
    "degree",
    "diploma",
];
/// Capitalised words that are not names: sentence furniture, months, generic acronyms.
const NOT_NAMES: &[&str] = &[
    "i",
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "in",
    "on",
    "at",
    "for",
    "to",
    "with",
    "by",
    "api",
    "apis",
    "sla",
    "slo",
    "slos",
    "kpi",
    "kpis",
    "okr",
    "okrs",
    "ui",
    "ux",
    "qa",
    "ml",
    "ai",
    "ci",
    "cd",
    "etl",
    "saas",
    "b2b",
    "b2c",
    "mvp",
    "poc",
    "rfc",
    "sdk",
    "cli",
    "crud",
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "present",
    "q1",
    "q2",
    "q3",
    "q4",
];
const CONNECTORS: &[&str] = &["of", "&", "and", "de", "for"];

static MONTH_YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+((?:19|20)\d{2})\b",
    )
    .ok()
});

impl<'a> Guard<'a> {
    /// Indexes `profile` (the user's own evidence) for checking edits.
    pub fn new(profile: &Profile, extractor: &'a SkillExtractor) -> Guard<'a> {
        Guard {
            facts: ProfileFacts::new(profile, extractor),
            extractor,
        }
    }

    /// Checks `edit` against the profile and `document` (whose ids it must name).
    pub fn check(&self, document: &ResumeDocument, edit: &Edit) -> Verdict {
        let mut findings = target_findings(document, edit);
        if let Some(text) = edit.new_text() {
            findings.extend(self.numbers(text));
            findings.extend(self.dates(text));
            findings.extend(self.degrees(text));
            findings.extend(self.titles(text));
            findings.extend(self.names(text));
            findings.extend(self.skills(text, matches!(edit, Edit::AddSkill { .. })));
        }
        let decision = if findings.iter().any(|f| f.kind.is_blocking()) {
            Decision::Rejected
        } else if findings
            .iter()
            .any(|f| f.kind == FindingKind::UnevidencedSkill)
        {
            Decision::NeedsConfirmation
        } else {
            Decision::Accepted
        };
        Verdict {
            edit: edit.clone(),
            decision,
            findings,
        }
    }

    fn numbers(&self, text: &str) -> Vec<Finding> {
        numbers(text)
            .into_iter()
            // Years are dates, checked by `dates`.
            .filter(|n| n.unit != Unit::Year)
            .map(|n| {
                let evidence = self.facts.find_number(&n);
                let kind = if evidence.is_some() {
                    FindingKind::SupportedNumber
                } else {
                    FindingKind::InventedNumber
                };
                let reason = match &evidence {
                    Some(e) => format!("\"{}\" is held by the profile (\"{}\")", n.text, e.text),
                    None => format!("the profile holds no number \"{}\"", n.text),
                };
                Finding {
                    kind,
                    text: n.text.clone(),
                    span: Some((n.start, n.end)),
                    reason,
                    evidence,
                }
            })
            .collect()
    }

    fn dates(&self, text: &str) -> Vec<Finding> {
        let index = crate::text::CharIndex::new(text);
        let mut out = Vec::new();
        let mut covered: Vec<(usize, usize)> = Vec::new();
        if let Some(re) = MONTH_YEAR.as_ref() {
            for c in re.captures_iter(text) {
                let (Some(all), Some(month), Some(year)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                let month = month_number(month.as_str());
                let year: i32 = year.as_str().parse().unwrap_or_default();
                let span = (
                    index.char_of_byte(all.start()),
                    index.char_of_byte(all.end()),
                );
                covered.push(span);
                let held = self.facts.dates.contains(&(year, month))
                    || self.facts.find_phrase(all.as_str()).is_some();
                out.push(self.date_finding(all.as_str(), span, held));
            }
        }
        for n in numbers(text).into_iter().filter(|n| n.unit == Unit::Year) {
            if covered.iter().any(|(s, e)| n.start >= *s && n.end <= *e) {
                continue;
            }
            let held = self.facts.dates.contains(&(n.value as i32, None));
            out.push(self.date_finding(&n.text, (n.start, n.end), held));
        }
        out
    }

    fn date_finding(&self, text: &str, span: (usize, usize), held: bool) -> Finding {
        let evidence = held.then(|| self.facts.find_phrase(text)).flatten();
        Finding {
            kind: if held {
                FindingKind::SupportedDate
            } else {
                FindingKind::InventedDate
            },
            text: text.to_string(),
            span: Some(span),
            reason: if held {
                format!("\"{text}\" is a date of the profile")
            } else {
                format!("the profile holds no date \"{text}\"")
            },
            evidence,
        }
    }

    fn degrees(&self, text: &str) -> Vec<Finding> {
        let toks = words(text);
        let Some(level) = DegreeLevel::from_degree(text) else {
            return Vec::new();
        };
        let first = toks.iter().find(|w| {
            DEGREE_WORDS.contains(&w.lower.as_str()) || DegreeLevel::from_degree(&w.lower).is_some()
        });
        let span = first.map(|w| (w.start, w.end));
        let shown: String = first
            .map(|w| crate::interview::slice_chars(text, w.start, w.end))
            .unwrap_or_else(|| format!("{level:?}"));
        // The profile's own wording counts too ("worked with PhD researchers").
        let evidence = self.facts.find_phrase(&shown);
        let held = self.facts.degrees.contains(&level) || evidence.is_some();
        vec![Finding {
            kind: if held {
                FindingKind::SupportedName
            } else {
                FindingKind::InventedDegree
            },
            text: shown.clone(),
            span,
            reason: if held {
                format!("the profile holds a {level:?} degree").to_lowercase()
            } else {
                let level = format!("{level:?}").to_lowercase();
                format!("the profile holds no {level} degree (\"{shown}\")")
            },
            evidence,
        }]
    }

    /// Job titles: a title head word ("engineer", "manager") with the level word before it
    /// ("senior manager"); held when the profile has the same words.
    fn titles(&self, text: &str) -> Vec<Finding> {
        let toks = words(text);
        let starts: Vec<usize> = sentences(text).into_iter().map(|(s, _)| s).collect();
        let mut out = Vec::new();
        for (i, w) in toks.iter().enumerate() {
            if !TITLE_HEADS.contains(&w.lower.as_str()) {
                continue;
            }
            // "lead" and "head" as verbs ("Led", "head of") are not titles on their own.
            // The words before the head that belong to the title: level words and capitalised
            // words ("Senior Data Engineer"), at most three.
            let mut start = i;
            while start > 0 && i - start < 3 {
                let prev = &toks[start - 1];
                let capital = crate::interview::slice_chars(text, prev.start, prev.end)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                // A sentence's first word is capitalised anyway ("Successfully led...").
                let proper = capital && prev.lower != "i" && !starts.contains(&prev.start);
                if TITLE_MODIFIERS.contains(&prev.lower.as_str()) || proper {
                    start -= 1;
                } else {
                    break;
                }
            }
            if start == i && matches!(w.lower.as_str(), "lead" | "head") {
                continue;
            }
            // "Director of Engineering": the capitalised words after "of" belong to the title.
            let capital = |k: usize| {
                toks.get(k).is_some_and(|t| {
                    crate::interview::slice_chars(text, t.start, t.end)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                })
            };
            let mut end = i;
            if toks.get(i + 1).is_some_and(|t| t.lower == "of") && capital(i + 2) {
                end = i + 2;
                while capital(end + 1) {
                    end += 1;
                }
            }
            let end_char = toks[end].end;
            let phrase = crate::interview::slice_chars(text, toks[start].start, end_char);
            let evidence = self.facts.find_phrase(&phrase);
            out.push(Finding {
                kind: if evidence.is_some() {
                    FindingKind::SupportedName
                } else {
                    FindingKind::InventedTitle
                },
                reason: match &evidence {
                    Some(_) => format!("the profile holds \"{phrase}\""),
                    None => format!("the profile holds no title \"{phrase}\""),
                },
                text: phrase,
                span: Some((toks[start].start, end_char)),
                evidence,
            });
        }
        out
    }

    /// Proper names: runs of capitalised words (not a sentence's first word, not a skill, a
    /// title or a degree, which have their own checks) that the profile does not hold.
    fn names(&self, text: &str) -> Vec<Finding> {
        let skills: Vec<(usize, usize)> = self
            .extractor
            .extract(text)
            .into_iter()
            .map(|m| (m.start, m.end))
            .collect();
        let starts: Vec<usize> = sentences(text).into_iter().map(|(s, _)| s).collect();
        let toks = words(text);
        let original =
            |w: &crate::interview::Word| crate::interview::slice_chars(text, w.start, w.end);
        let is_proper = |i: usize| {
            let w = &toks[i];
            let s = original(w);
            let capital = s.chars().next().is_some_and(char::is_uppercase)
                || s.chars().skip(1).any(char::is_uppercase);
            capital
                && !NOT_NAMES.contains(&w.lower.as_str())
                && !TITLE_HEADS.contains(&w.lower.as_str())
                && !TITLE_MODIFIERS.contains(&w.lower.as_str())
                && !DEGREE_WORDS.contains(&w.lower.as_str())
                && DegreeLevel::from_degree(&w.lower).is_none()
                && !w.lower.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                && !skills.iter().any(|(a, b)| w.start >= *a && w.end <= *b)
                // A sentence's first word is capitalised anyway.
                && !starts.contains(&w.start)
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if !is_proper(i) {
                i += 1;
                continue;
            }
            let mut end = i;
            while end + 1 < toks.len() {
                let gap_ok = toks[end + 1].start - toks[end].end <= 2;
                if gap_ok && is_proper(end + 1) {
                    end += 1;
                } else if end + 2 < toks.len()
                    && CONNECTORS.contains(&toks[end + 1].lower.as_str())
                    && is_proper(end + 2)
                {
                    end += 2;
                } else {
                    break;
                }
            }
            let phrase = crate::interview::slice_chars(text, toks[i].start, toks[end].end);
            let evidence = self.facts.find_phrase(&phrase);
            out.push(Finding {
                kind: if evidence.is_some() {
                    FindingKind::SupportedName
                } else {
                    FindingKind::InventedEmployer
                },
                reason: match &evidence {
                    Some(_) => format!("the profile holds \"{phrase}\""),
                    None => format!(
                        "the profile holds no name \"{phrase}\" (an employer or other organisation the user never listed)"
                    ),
                },
                text: phrase,
                span: Some((toks[i].start, toks[end].end)),
                evidence,
            });
            i = end + 1;
        }
        out
    }

    fn skills(&self, text: &str, whole_is_skill: bool) -> Vec<Finding> {
        let mentions: Vec<_> = self
            .extractor
            .extract(text)
            .into_iter()
            .filter(|m| m.qualifier != Qualifier::Negated)
            .collect();
        let mut out: Vec<Finding> = mentions
            .iter()
            .map(|m| match self.facts.skills.get(&m.skill_id) {
                Some((evidence, via)) => Finding {
                    kind: FindingKind::SupportedSkill,
                    text: m.text.clone(),
                    span: Some((m.start, m.end)),
                    reason: match via {
                        None => format!("the profile shows {}", m.name),
                        Some(shown) => {
                            format!("the profile shows {shown}, which implies {}", m.name)
                        }
                    },
                    evidence: Some(evidence.clone()),
                },
                None => unevidenced(&m.text, Some((m.start, m.end))),
            })
            .collect();
        // A skill the taxonomy does not know: only the profile's own wording evidences it.
        if whole_is_skill && mentions.is_empty() {
            out.push(match self.facts.find_phrase(text) {
                Some(evidence) => Finding {
                    kind: FindingKind::SupportedSkill,
                    text: text.to_string(),
                    span: Some((0, text.chars().count())),
                    reason: format!("the profile mentions \"{text}\""),
                    evidence: Some(evidence),
                },
                None => unevidenced(text, Some((0, text.chars().count()))),
            });
        }
        out
    }
}

fn unevidenced(text: &str, span: Option<(usize, usize)>) -> Finding {
    Finding {
        kind: FindingKind::UnevidencedSkill,
        text: text.to_string(),
        span,
        reason: format!("the profile does not show {text}: needs your confirmation"),
        evidence: None,
    }
}

fn month_number(name: &str) -> Option<u8> {
    let key: String = name.to_lowercase().chars().take(3).collect();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| *m == key)
    .and_then(|i| u8::try_from(i + 1).ok())
}

/// Checks that the ids the edit names exist and that reorders neither add nor drop items.
fn target_findings(doc: &ResumeDocument, edit: &Edit) -> Vec<Finding> {
    let invalid = |reason: String| {
        vec![Finding {
            kind: FindingKind::InvalidTarget,
            text: String::new(),
            span: None,
            reason,
            evidence: None,
        }]
    };
    let skills = || document_skills(doc);
    match edit {
        Edit::RewriteBullet { bullet_id, .. } => {
            if doc.bullets().any(|b| &b.id == bullet_id) {
                Vec::new()
            } else {
                invalid(format!("no bullet \"{bullet_id}\" in the document"))
            }
        }
        Edit::RewriteSummary { .. } if doc.section(SectionKind::Summary).is_none() => {
            invalid("the document has no summary".into())
        }
        Edit::ReorderSkills { order } if !is_permutation(&skills(), order) => {
            invalid("the new skill order adds or drops skills".into())
        }
        Edit::ReorderSections { order } => {
            let ids: Vec<String> = doc.sections.iter().map(|s| s.id.clone()).collect();
            if is_permutation(&ids, order) {
                Vec::new()
            } else {
                invalid("the new section order adds or drops sections".into())
            }
        }
        _ => Vec::new(),
    }
}
