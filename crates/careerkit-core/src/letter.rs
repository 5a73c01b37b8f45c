//! Cover letters grounded in the resume: every claim about the person is one of their own
//! resume bullets, quoted as written under the employer it belongs to, chosen for the skills the
//! posting asks for. Tone and length change the framing sentences, never the facts. The letter
//! exports through the resume exporters (Markdown, HTML, PDF, DOCX) as a one-section document.

use serde::{Deserialize, Serialize};

use crate::analysis::{GapAnalysis, MatchStatus, SkillMatch};
use crate::document::{DocEntry, DocSection, ResumeDocument};
use crate::jd::{Importance, JobDescription};
use crate::profile::{Profile, SectionKind};

/// The voice of a letter.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Conventional and reserved.
    #[default]
    Formal,
    /// Friendly and enthusiastic.
    Warm,
    /// Short sentences, straight to the point.
    Direct,
}

/// How much of the resume a letter draws on.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LetterLength {
    /// One achievement.
    Short,
    /// Two achievements and the skills they show.
    #[default]
    Standard,
    /// Three achievements, the skills they show and what the person wants to grow into.
    Long,
}

impl LetterLength {
    fn achievements(self) -> usize {
        match self {
            LetterLength::Short => 1,
            LetterLength::Standard => 2,
            LetterLength::Long => 3,
        }
    }
}

/// How a letter is written.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct LetterOptions {
    /// Its voice.
    #[serde(default)]
    pub tone: Tone,
    /// Its length.
    #[serde(default)]
    pub length: LetterLength,
}

/// A resume bullet a letter quotes, with what it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LetterEvidence {
    /// The bullet, exactly as the resume has it.
    pub bullet: String,
    /// The employer it sits under.
    pub employer: Option<String>,
    /// The posting's skills it mentions.
    pub skills: Vec<String>,
}

/// A cover letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CoverLetter {
    /// The line above it: "Application for Senior Platform Engineer at Northwind".
    pub subject: String,
    /// "Dear Northwind hiring team,".
    pub greeting: String,
    /// The body, in order.
    pub paragraphs: Vec<String>,
    /// "Sincerely," or its tone's equivalent.
    pub closing: String,
    /// The person's name.
    pub signature: String,
    /// The resume bullets the body quotes, in the order quoted.
    pub evidence: Vec<LetterEvidence>,
}

impl CoverLetter {
    /// Writes a letter for `profile` applying to `job`, drawing on `analysis` (the gap analysis
    /// of the same pair) for the skills that matter.
    ///
    /// ```
    /// use careerkit_core::analysis::GapAnalysis;
    /// use careerkit_core::jd::JobDescription;
    /// use careerkit_core::letter::{CoverLetter, LetterOptions};
    /// use careerkit_core::profile::Profile;
    ///
    /// # fn letter(profile: &Profile, job: &JobDescription, gap: &GapAnalysis) {
    /// let letter = CoverLetter::write(profile, job, gap, LetterOptions::default());
    /// println!("{}", letter.to_markdown());
    /// # }
    /// ```
    pub fn write(
        profile: &Profile,
        job: &JobDescription,
        analysis: &GapAnalysis,
        options: LetterOptions,
    ) -> CoverLetter {
        let role = job.title.as_ref().map_or("this role", |t| t.value.as_str());
        let company = job.company.as_ref().map(|c| c.value.as_str());
        let wanted: Vec<&SkillMatch> = analysis.matched.iter().chain(&analysis.partial).collect();
        let evidence = pick_evidence(profile, &wanted, options.length.achievements());
        let at_company = company.map_or(String::new(), |c| format!(" at {c}"));

        let mut paragraphs = vec![opening(profile, role, &at_company, options.tone)];
        let achievements: Vec<String> = evidence.iter().map(achievement).collect();
        if !achievements.is_empty() {
            paragraphs.push(achievements.join(" "));
        }
        let shown = shown_skills(&evidence, &wanted);
        if options.length != LetterLength::Short && !shown.is_empty() {
            paragraphs.push(match options.tone {
                Tone::Formal => format!(
                    "This work draws on {}, which the role asks for.",
                    list(&shown)
                ),
                Tone::Warm => format!(
                    "I would bring the same {} experience to your team.",
                    list(&shown)
                ),
                Tone::Direct => format!("Relevant skills: {}.", list(&shown)),
            });
        }
        if options.length == LetterLength::Long {
            if let Some(gap) = analysis
                .missing
                .iter()
                .find(|m| m.importance == Importance::Required)
            {
                paragraphs.push(format!(
                    "I am also keen to grow my {} experience in this role.",
                    gap.name
                ));
            }
        }
        paragraphs.push(match options.tone {
            Tone::Formal => format!(
                "Thank you for your consideration. I would welcome the opportunity to discuss how I can contribute{at_company}."
            ),
            Tone::Warm => format!(
                "Thank you for reading. I would love to talk about what I could build with you{at_company}."
            ),
            Tone::Direct => "I would like to discuss the role. Thank you for your time.".into(),
        });

        CoverLetter {
            subject: format!("Application for {role}{at_company}"),
            greeting: match (company, options.tone) {
                (Some(c), Tone::Warm) => format!("Dear {c} team,"),
                (Some(c), _) => format!("Dear {c} hiring team,"),
                (None, _) => "Dear hiring manager,".into(),
            },
            paragraphs,
            closing: match options.tone {
                Tone::Formal => "Sincerely,",
                Tone::Warm => "Warm regards,",
                Tone::Direct => "Best,",
            }
            .into(),
            signature: profile
                .contact
                .name
                .as_ref()
                .map_or_else(String::new, |n| n.value.clone()),
            evidence,
        }
    }

    /// The letter as Markdown: subject, greeting, body, closing and name.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("**{}**\n\n{}\n\n", self.subject, self.greeting);
        for paragraph in &self.paragraphs {
            out.push_str(paragraph);
            out.push_str("\n\n");
        }
        out.push_str(&format!("{}\n\n{}\n", self.closing, self.signature));
        out
    }

    /// The letter as a one-section document under the person's own header (name, headline,
    /// contact), for the exporters: `export::export(&letter.to_document(profile), format)`.
    pub fn to_document(&self, profile: &Profile) -> ResumeDocument {
        let header = ResumeDocument::from_profile(profile);
        let mut paragraphs = vec![self.greeting.clone()];
        paragraphs.extend(self.paragraphs.iter().cloned());
        paragraphs.push(self.closing.clone());
        paragraphs.push(self.signature.clone());
        ResumeDocument {
            sections: vec![DocSection {
                id: "letter".into(),
                kind: SectionKind::Other,
                title: self.subject.clone(),
                entries: vec![DocEntry {
                    id: "letter-0".into(),
                    paragraphs,
                    ..DocEntry::default()
                }],
            }],
            ..header
        }
    }

    /// The number of words in the body.
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum()
    }
}

/// The first paragraph: the role, and who is applying (the most recent title as written). No
/// count of years: a number the resume does not state (years are computed from its dates, and
/// resumes often say something else in their summary) has no place in a letter that quotes.
fn opening(profile: &Profile, role: &str, at_company: &str, tone: Tone) -> String {
    let first = match tone {
        Tone::Formal => format!("I am writing to apply for the {role} position{at_company}."),
        Tone::Warm => format!("I was excited to see the {role} opening{at_company}."),
        Tone::Direct => format!("I am applying for the {role} role{at_company}."),
    };
    let title = profile
        .experience
        .first()
        .and_then(|e| e.title.as_ref())
        .map(|t| t.value.as_str())
        .or_else(|| profile.contact.headline.as_ref().map(|h| h.value.as_str()));
    match title {
        Some(title) => format!(
            "{first} As {} {title}, I believe I can contribute from day one.",
            article(title)
        ),
        None => first,
    }
}

/// The bullets worth most for the posting: required skills count double, a number helps, at
/// most one bullet per employer until every employer had its turn.
fn pick_evidence(profile: &Profile, wanted: &[&SkillMatch], count: usize) -> Vec<LetterEvidence> {
    let mut scored: Vec<(usize, usize, LetterEvidence)> = Vec::new();
    for (job_index, job) in profile.experience.iter().enumerate() {
        for bullet in &job.bullets {
            let skills: Vec<&SkillMatch> = wanted
                .iter()
                .copied()
                .filter(|skill| mentions_skill(&bullet.value, skill))
                .collect();
            if skills.is_empty() {
                continue;
            }
            let weight: usize = skills
                .iter()
                .map(|s| {
                    if s.importance == Importance::Required {
                        2
                    } else {
                        1
                    }
                })
                .sum::<usize>()
                + usize::from(bullet.value.chars().any(|c| c.is_ascii_digit()));
            scored.push((
                weight,
                job_index,
                LetterEvidence {
                    bullet: bullet.value.clone(),
                    employer: job.company.as_ref().map(|c| c.value.clone()),
                    skills: skills.iter().map(|s| s.name.clone()).collect(),
                },
            ));
        }
    }
    // Best first; ties keep resume order (the sort is stable).
    scored.sort_by_key(|(weight, _, _)| std::cmp::Reverse(*weight));
    let mut picked: Vec<(usize, LetterEvidence)> = Vec::new();
    for round_robin in [true, false] {
        for (_, job_index, evidence) in &scored {
            if picked.len() == count {
                break;
            }
            let employer_used = picked.iter().any(|(j, _)| j == job_index);
            let already = picked.iter().any(|(_, e)| e.bullet == evidence.bullet);
            let skip = already || (round_robin && employer_used);
            if !skip {
                picked.push((*job_index, evidence.clone()));
            }
        }
    }
    picked.into_iter().map(|(_, evidence)| evidence).collect()
}

/// Whether `text` names the skill as a whole word: its canonical name, or a way the resume
/// wrote it. A partial match's evidence may be a related skill (Docker for Kubernetes), which
/// must not be claimed as the skill itself, so only the name counts for it.
fn mentions_skill(text: &str, skill: &SkillMatch) -> bool {
    let written = skill
        .resume_evidence
        .iter()
        .filter(|_| skill.status == MatchStatus::Matched)
        .map(|e| e.text.as_str());
    std::iter::once(skill.name.as_str())
        .chain(written)
        .any(|term| mentions(text, term))
}

/// Whether `term` occurs in `text`, ignoring case, not inside a longer word.
fn mentions(text: &str, term: &str) -> bool {
    let term = term.trim().to_lowercase();
    if term.is_empty() {
        return false;
    }
    let text = text.to_lowercase();
    text.match_indices(&term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Past tenses that do not end in "-ed", for bullets that open with one ("Built ...", "Led ...").
const IRREGULAR_PAST: [&str; 24] = [
    "beat", "began", "bought", "brought", "built", "chose", "cut", "drew", "drove", "founded",
    "gave", "grew", "held", "kept", "led", "made", "met", "ran", "saw", "set", "sold", "taught",
    "took", "wrote",
];

/// One achievement sentence: the bullet as written, under its employer, framed by how it
/// opens: "At X, I designed ..." for a past-tense verb, "At X, my work included monitoring
/// ..." for an -ing form, "At X: ..." for anything else (a role line, a noun phrase).
fn achievement(evidence: &LetterEvidence) -> String {
    let bullet = evidence.bullet.trim().trim_end_matches('.');
    let Some(employer) = &evidence.employer else {
        return format!("{bullet}.");
    };
    let first = bullet
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if first.len() > 3 && first.ends_with("ed") || IRREGULAR_PAST.contains(&first.as_str()) {
        format!("At {employer}, I {}.", lower_first_word(bullet))
    } else if first.len() > 4 && first.ends_with("ing") {
        format!(
            "At {employer}, my work included {}.",
            lower_first_word(bullet)
        )
    } else {
        format!("At {employer}: {bullet}.")
    }
}

/// "a" or "an" before `word`, by its first letter.
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// `"Designed a ..."` -> `"designed a ..."`; a name or acronym (`"AWS ..."`, `"iOS ..."`) stays.
fn lower_first_word(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or_default();
    let capitalised_word = first.chars().skip(1).all(|c| !c.is_uppercase());
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && capitalised_word => c.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// The posting's skills the quoted bullets show, required first, each once.
fn shown_skills(evidence: &[LetterEvidence], wanted: &[&SkillMatch]) -> Vec<String> {
    let mut ordered: Vec<&SkillMatch> = wanted.to_vec();
    ordered.sort_by_key(|s| s.importance != Importance::Required);
    ordered
        .into_iter()
        .filter(|s| evidence.iter().any(|e| e.skills.contains(&s.name)))
        .map(|s| s.name.clone())
        .take(5)
        .collect()
}

/// "a", "a and b", "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_and_names_keep_their_case() {
        assert!(mentions("Built it in Go and Rust", "go"));
        assert!(!mentions("Worked at Google", "go"));
        assert!(mentions("CI/CD pipelines", "CI/CD"));
        assert_eq!(lower_first_word("Designed an API"), "designed an API");
        assert_eq!(lower_first_word("AWS migration led"), "AWS migration led");
        assert_eq!(lower_first_word("iOS app"), "iOS app");
        let at = |bullet: &str| {
            achievement(&LetterEvidence {
                bullet: bullet.into(),
                employer: Some("Acme".into()),
                skills: Vec::new(),
            })
        };
        assert_eq!(at("Led the migration."), "At Acme, I led the migration.");
        assert_eq!(at("Designed an API"), "At Acme, I designed an API.");
        assert_eq!(
            at("Monitoring payables"),
            "At Acme, my work included monitoring payables."
        );
        assert_eq!(
            at("Full-stack developer - Wrote code"),
            "At Acme: Full-stack developer - Wrote code."
        );
        assert_eq!(
            at("Present Developing UIs"),
            "At Acme: Present Developing UIs."
        );
        assert_eq!(article("Engineer"), "an");
        assert_eq!(article("DevOps Engineer"), "a");
        assert_eq!(
            list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c".to_string()
        );
    }
}
