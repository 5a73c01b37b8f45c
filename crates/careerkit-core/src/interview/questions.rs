//! Interview question plans without a model: 5-8 questions aimed at the posting's gap skills and
//! the resume's riskiest claims (big numbers, leadership, skills listed but never shown in a
//! role), mixed by round type, each with the gap or claim it probes and its evidence span, a
//! knowledge-base query, and a template question good enough to ask as is (a model may rephrase
//! it later, but cannot change what it probes).

use serde::{Deserialize, Serialize};

use super::{Difficulty, QuestionKind};
use crate::analysis::{
    Evidence, EvidenceSource, GapAnalysis, MatchStatus, PartialReason, SkillMatch,
};
use crate::error::{Error, Result};
use crate::jd::{Importance, JobDescription};
use crate::profile::Profile;
use crate::rag::Passage;
use crate::rewrite::facts::{numbers, Unit};
use crate::skills::SkillCategory;

/// The kind of interview round the questions are for.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RoundType {
    /// A mix of technical, behavioural, role-specific and one system-design question.
    #[default]
    Mixed,
    /// A recruiter screen: motivation, role fit, a few light checks.
    Screening,
    /// Mostly technical, with one system-design question.
    Technical,
    /// Mostly behavioural (STAR) questions.
    Behavioural,
    /// System design, backed by technical questions.
    SystemDesign,
}

/// Options for [`plan_questions`]; a field left out of JSON takes its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct QuestionOptions {
    /// How many questions (1-20; default 6).
    pub count: usize,
    /// The round type.
    #[serde(default)]
    pub round: RoundType,
    /// A skill to focus on: the first question probes it.
    #[serde(default)]
    pub focus_skill: Option<String>,
}

impl Default for QuestionOptions {
    fn default() -> Self {
        QuestionOptions {
            count: 6,
            round: RoundType::Mixed,
            focus_skill: None,
        }
    }
}

/// Which kind of risky resume claim a question probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A big number (a large percentage, money, a multiple, a large count).
    BigNumber,
    /// Leading or managing people or work.
    Leadership,
    /// A skill listed on the resume but shown in no role or project.
    ListedWithoutEvidence,
}

/// What a question probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Probe {
    /// A skill the posting asks for that the resume shows only in part or not at all.
    GapSkill {
        /// Canonical skill id.
        skill_id: String,
        /// Canonical name.
        name: String,
        /// Partial or missing.
        status: MatchStatus,
        /// Required or preferred.
        importance: Importance,
    },
    /// A resume claim.
    Claim {
        /// What kind of claim.
        claim: ClaimKind,
        /// The claim as written.
        text: String,
    },
    /// A duty of the role.
    Responsibility {
        /// The duty as the posting wrote it.
        text: String,
    },
    /// Motivation and fit for the role.
    Motivation,
    /// The skill the caller asked to focus on.
    Focus {
        /// The skill as asked.
        skill: String,
    },
}

/// One planned question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuestionPlan {
    /// `"q1"`, `"q2"`, ... in asking order.
    pub id: String,
    /// What it tests.
    pub kind: QuestionKind,
    /// How hard it is meant to be.
    pub difficulty: Difficulty,
    /// The question, written from a template.
    pub text: String,
    /// What it probes.
    pub probe: Probe,
    /// Why it is asked, in one sentence.
    pub rationale: String,
    /// Evidence for the probe: the posting's wording of a gap skill, the resume line of a claim.
    pub evidence: Vec<Evidence>,
    /// What to search in the knowledge base for passages to ground the question and its model
    /// answer.
    pub kb_query: String,
    /// The knowledge-base passages it draws on, best first (filled by
    /// [`cite_questions`](super::cite_questions); empty without a knowledge base).
    #[serde(default)]
    pub sources: Vec<Passage>,
}

struct Candidate {
    priority: f64,
    /// Identity for de-duplication (one question per skill or claim).
    key: String,
    plan: QuestionPlan,
}

/// Plans questions for a candidate (`profile`, analysed against `jd` as `gap`).
///
/// # Errors
/// [`Error::InvalidInput`] when `options.count` is 0 or over 20.
pub fn plan_questions(
    profile: &Profile,
    jd: &JobDescription,
    gap: &GapAnalysis,
    options: &QuestionOptions,
) -> Result<Vec<QuestionPlan>> {
    if options.count == 0 || options.count > 20 {
        return Err(Error::invalid(format!(
            "question count must be 1-20, got {}",
            options.count
        )));
    }
    let mut pool: Vec<Candidate> = Vec::new();
    pool.extend(gap_questions(gap));
    pool.extend(claim_questions(profile));
    pool.extend(listed_skill_questions(gap));
    pool.extend(role_questions(jd));
    let mut chosen: Vec<Candidate> = Vec::new();
    if let Some(skill) = options
        .focus_skill
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        chosen.push(focus_question(skill, gap, &mut pool));
    }
    let sequence = sequence(options.round);
    let mut slot = 0;
    while chosen.len() < options.count && !pool.is_empty() {
        let want = sequence[slot % sequence.len()];
        slot += 1;
        let best_of = |kind: Option<QuestionKind>| {
            pool.iter()
                .enumerate()
                .filter(|(_, c)| kind.is_none_or(|k| c.plan.kind == k))
                .filter(|(_, c)| {
                    !chosen
                        .iter()
                        .any(|x| x.key == c.key || x.plan.text == c.plan.text)
                })
                .max_by(|a, b| a.1.priority.total_cmp(&b.1.priority))
                .map(|(i, _)| i)
        };
        let Some(i) = best_of(Some(want)).or_else(|| best_of(None)) else {
            break;
        };
        chosen.push(pool.swap_remove(i));
    }
    Ok(chosen
        .into_iter()
        .enumerate()
        .map(|(i, c)| QuestionPlan {
            id: format!("q{}", i + 1),
            ..c.plan
        })
        .collect())
}

/// The kinds asked, slot by slot, for a round type.
fn sequence(round: RoundType) -> &'static [QuestionKind] {
    use QuestionKind::{Behavioural as B, RoleSpecific as R, SystemDesign as S, Technical as T};
    match round {
        RoundType::Mixed => &[T, B, R, T, B, S, T, R],
        RoundType::Screening => &[R, B, T, R, B],
        RoundType::Technical => &[T, T, S, T, T, R],
        RoundType::Behavioural => &[B, B, R, B, B],
        RoundType::SystemDesign => &[S, T, S, T],
    }
}

fn plan(
    kind: QuestionKind,
    difficulty: Difficulty,
    text: String,
    probe: Probe,
    rationale: String,
    evidence: Vec<Evidence>,
    kb_query: String,
) -> QuestionPlan {
    QuestionPlan {
        id: String::new(),
        kind,
        difficulty,
        text,
        probe,
        rationale,
        evidence,
        kb_query,
        sources: Vec::new(),
    }
}

fn gap_probe(m: &SkillMatch) -> Probe {
    Probe::GapSkill {
        skill_id: m.skill_id.clone(),
        name: m.name.clone(),
        status: m.status,
        importance: m.importance,
    }
}

/// A technical question per partial or missing skill, and a behavioural "learning fast" one
/// for the most important missing skill.
fn gap_questions(gap: &GapAnalysis) -> Vec<Candidate> {
    let mut out = Vec::new();
    for m in gap.missing.iter().chain(&gap.partial) {
        let required = m.importance == Importance::Required;
        let base = if required { 50.0 } else { 25.0 } + m.max_points - m.points;
        let name = &m.name;
        let importance = if required { "required" } else { "preferred" };
        let (text, rationale, difficulty, priority) = match &m.reason {
            None => (
                format!("This role needs {name}, which your resume doesn't show yet. What's the closest thing you've worked with, and how would you get productive with {name} in your first month?"),
                format!("{name} is {importance} by the posting and missing from the resume"),
                Difficulty::Medium,
                base,
            ),
            Some(PartialReason::RelatedSkill { name: related, .. }) => (
                format!("You've worked with {related}. How does it relate to {name}, and how would you apply what you know to {name} in this role?"),
                format!("{name} is {importance}; the resume shows only the related {related}"),
                Difficulty::Medium,
                base - 10.0,
            ),
            Some(PartialReason::FewerYears { have, need }) => (
                format!("The role asks for {need} years of {name}. Walk me through the most complex {name} work you've done, and what you would do differently today."),
                format!("{name} is {importance} for {need} years; the resume shows {have}"),
                Difficulty::Hard,
                base - 10.0,
            ),
        };
        let evidence: Vec<Evidence> = m
            .jd_evidence
            .iter()
            .take(1)
            .chain(m.resume_evidence.iter().take(1))
            .cloned()
            .collect();
        if m.category == SkillCategory::SoftSkill {
            // A soft skill is shown by what one did, not by what one knows.
            let lower = name.to_lowercase();
            out.push(Candidate {
                priority: priority - 5.0,
                key: format!("skill:{}", m.skill_id),
                plan: plan(
                    QuestionKind::Behavioural,
                    Difficulty::Medium,
                    format!("The role calls for {lower}. Tell me about a time it made the difference in your work: the situation, what you did, and the result."),
                    gap_probe(m),
                    rationale,
                    evidence,
                    format!("behavioural interview questions {lower} STAR"),
                ),
            });
            continue;
        }
        out.push(Candidate {
            priority,
            key: format!("skill:{}", m.skill_id),
            plan: plan(
                QuestionKind::Technical,
                difficulty,
                text,
                gap_probe(m),
                rationale.clone(),
                evidence.clone(),
                format!("{name}: technical discussion of past work, depth and trade-offs; learning a new technology quickly"),
            ),
        });
        if m.status == MatchStatus::Missing && required {
            out.push(Candidate {
                priority: base - 20.0,
                key: format!("learn:{}", m.skill_id),
                plan: plan(
                    QuestionKind::Behavioural,
                    Difficulty::Medium,
                    format!("Tell me about a time you had to learn a new technology quickly to deliver something. How would you do the same with {name} here?"),
                    gap_probe(m),
                    rationale,
                    evidence,
                    "behavioural interview learning quickly new technology STAR".into(),
                ),
            });
        }
    }
    out
}

const LEADERSHIP: &[&str] = &[
    "led",
    "lead",
    "leading",
    "managed",
    "manage",
    "managing",
    "mentored",
    "mentoring",
    "headed",
    "supervised",
    "directed",
    "coached",
    "hired",
    "owned",
    "spearheaded",
];

/// Behavioural questions on the resume's riskiest bullets: big numbers and leadership.
fn claim_questions(profile: &Profile) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (index, job) in profile.experience.iter().enumerate() {
        for bullet in &job.bullets {
            let text = bullet.value.trim();
            let evidence = vec![Evidence {
                text: text.to_string(),
                span: bullet.provenance.span,
                source: EvidenceSource::Experience { index },
            }];
            let big = numbers(text)
                .into_iter()
                .filter_map(|n| {
                    let risk = match n.unit {
                        Unit::Percent if n.value >= 20.0 => n.value / 10.0,
                        Unit::Currency => 5.0 + n.value.max(1.0).log10(),
                        Unit::Multiplier if n.value >= 2.0 => 3.0 + n.value,
                        Unit::Plain if n.value >= 100.0 => n.value.log10() * 2.0,
                        _ => return None,
                    };
                    Some((risk, n))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((risk, n)) = big {
                out.push(Candidate {
                    priority: 35.0 + risk.min(10.0),
                    key: format!("claim:{text}"),
                    plan: plan(
                        QuestionKind::Behavioural,
                        Difficulty::Hard,
                        format!("Your resume says: \"{text}\". How did you measure the {}, and what exactly was your own part in getting there?", n.text),
                        Probe::Claim { claim: ClaimKind::BigNumber, text: text.to_string() },
                        format!("A big number ({}) an interviewer will ask you to defend", n.text),
                        evidence,
                        "STAR result quantify impact metrics behavioural interview".into(),
                    ),
                });
                continue;
            }
            let lower: Vec<String> = super::words(text).into_iter().map(|w| w.lower).collect();
            if lower.iter().any(|w| LEADERSHIP.contains(&w.as_str())) {
                out.push(Candidate {
                    priority: 30.0,
                    key: format!("claim:{text}"),
                    plan: plan(
                        QuestionKind::Behavioural,
                        Difficulty::Medium,
                        format!("Your resume says: \"{text}\". Tell me about a moment in that work when people disagreed with your direction: what did you do, and how did it end?"),
                        Probe::Claim { claim: ClaimKind::Leadership, text: text.to_string() },
                        "A leadership claim an interviewer will probe for your personal role".into(),
                        evidence,
                        "leadership behavioural interview questions STAR conflict".into(),
                    ),
                });
            }
        }
    }
    out
}

/// Skills the posting asks for that the resume lists but never shows in a role or project.
fn listed_skill_questions(gap: &GapAnalysis) -> Vec<Candidate> {
    gap.matched
        .iter()
        .filter(|m| {
            !m.resume_evidence.iter().any(|e| match &e.source {
                EvidenceSource::Experience { .. } => true,
                EvidenceSource::Profile { field } => field == "projects",
                _ => false,
            })
        })
        .map(|m| {
            let name = &m.name;
            let required = m.importance == Importance::Required;
            Candidate {
                priority: if required { 28.0 } else { 20.0 } + m.max_points / 10.0,
                key: format!("skill:{}", m.skill_id),
                plan: plan(
                    QuestionKind::Technical,
                    Difficulty::Medium,
                    format!("You list {name} among your skills, but none of your roles mention it. Tell me about a project where you used {name} and a problem it helped you solve."),
                    Probe::Claim { claim: ClaimKind::ListedWithoutEvidence, text: name.clone() },
                    format!("{name} is asked for and listed on the resume, but no role or project shows it"),
                    m.resume_evidence.iter().take(1).chain(m.jd_evidence.iter().take(1)).cloned().collect(),
                    format!("{name}: technical discussion of past work, specific examples from projects"),
                ),
            }
        })
        .collect()
}

const DESIGN_VERBS: &[&str] = &[
    "design",
    "build",
    "architect",
    "operate",
    "scale",
    "own",
    "develop",
    "run",
];

/// Role-specific questions from the posting's duties, a system-design question on the first
/// duty that builds or runs something, and a motivation question.
fn role_questions(jd: &JobDescription) -> Vec<Candidate> {
    let title = jd.title.as_ref().map_or("this", |t| t.value.as_str());
    let mut out = Vec::new();
    for (i, r) in jd.responsibilities.iter().enumerate() {
        let duty = r.value.trim_end_matches('.');
        // The span's own text, as written (the duty's value has its whitespace collapsed).
        let written: String = jd
            .text
            .chars()
            .skip(r.span.start)
            .take(r.span.end - r.span.start)
            .collect();
        let evidence = vec![Evidence {
            text: written,
            span: Some(r.span),
            source: EvidenceSource::JobDescription,
        }];
        let probe = Probe::Responsibility {
            text: r.value.clone(),
        };
        out.push(Candidate {
            priority: 15.0 - i as f64,
            key: format!("duty:{i}"),
            plan: plan(
                QuestionKind::RoleSpecific,
                Difficulty::Medium,
                format!("In this role you would: \"{duty}\". How would you approach that in your first 90 days?"),
                probe.clone(),
                "A core duty of the role".into(),
                evidence.clone(),
                "ambiguity and prioritisation: what to do first when starting a new job".into(),
            ),
        });
        let first = duty
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if DESIGN_VERBS.contains(&first.as_str()) {
            let mut chars = duty.chars();
            let lowered: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            out.push(Candidate {
                priority: 14.0 - i as f64,
                key: format!("duty:{i}"),
                plan: plan(
                    QuestionKind::SystemDesign,
                    Difficulty::Hard,
                    format!("How would you {lowered}? Walk through the design: the components, the data flow, failure modes and how you would operate it."),
                    probe,
                    "A duty of the role that calls for design".into(),
                    evidence,
                    format!("system design interview method: clarifying requirements, high-level design, trade-offs ({lowered})"),
                ),
            });
        }
    }
    let company = jd
        .company
        .as_ref()
        .map(|c| format!(" at {}", c.value))
        .unwrap_or_default();
    out.push(Candidate {
        priority: 10.0,
        key: "motivation".into(),
        plan: plan(
            QuestionKind::RoleSpecific,
            Difficulty::Easy,
            format!("What draws you to the {title} role{company}, and which part of your experience fits it best?"),
            Probe::Motivation,
            "Every round checks motivation and fit".into(),
            jd.title.iter().map(|t| Evidence { text: t.value.clone(), span: Some(t.span), source: EvidenceSource::JobDescription }).collect(),
            "why this role interview answer motivation".into(),
        ),
    });
    out
}

/// The question on the focus skill: the pool's question on it when there is one, else one
/// written for it.
fn focus_question(skill: &str, gap: &GapAnalysis, pool: &mut Vec<Candidate>) -> Candidate {
    let all = || gap.matched.iter().chain(&gap.partial).chain(&gap.missing);
    let matched = all()
        .find(|m| m.name.eq_ignore_ascii_case(skill) || m.skill_id.eq_ignore_ascii_case(skill));
    if let Some(m) = matched {
        let key = format!("skill:{}", m.skill_id);
        if let Some(i) = pool.iter().position(|c| c.key == key) {
            return pool.swap_remove(i);
        }
        return Candidate {
            priority: 100.0,
            key,
            plan: plan(
                QuestionKind::Technical,
                Difficulty::Hard,
                format!("Walk me through the hardest problem you solved with {}: the constraints, the options you weighed and why you chose what you did.", m.name),
                Probe::Focus { skill: skill.to_string() },
                format!("The focus skill {}, which the posting asks for and the resume shows", m.name),
                m.resume_evidence.iter().take(1).chain(m.jd_evidence.iter().take(1)).cloned().collect(),
                format!("{}: technical discussion of past work, deep dives and trade-offs", m.name),
            ),
        };
    }
    Candidate {
        priority: 100.0,
        key: format!("focus:{}", skill.to_lowercase()),
        plan: plan(
            QuestionKind::Technical,
            Difficulty::Medium,
            format!("Tell me about your experience with {skill}: what you built with it and what you found hard."),
            Probe::Focus { skill: skill.to_string() },
            format!("The focus skill {skill}, asked for by the caller"),
            Vec::new(),
            format!("{skill} interview questions"),
        ),
    }
}
