//! Deterministic edit proposals aimed at a posting's gaps. Each proposal carries the profile
//! evidence behind it, the guard's verdict, and the score change it buys, measured by applying
//! the edit to the profile and the resume text and running [`GapAnalysis::analyze`] again (the
//! same scoring as everywhere else; nothing is estimated here).
//!
//! Proposals never reach beyond the evidence: a skill's posting wording is woven into a bullet
//! only where the bullet already shows that skill (or a more specific one that implies it).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::guard::{Decision, Guard, Verdict};
use super::{skill_items, Edit};
use crate::analysis::{
    Evidence, EvidenceSource, GapAnalysis, MatchStatus, PartialReason, Relation, SuggestionKind,
};
use crate::document::ResumeDocument;
use crate::jd::{Importance, JobDescription};
use crate::profile::{Profile, SectionKind};
use crate::provenance::Field;
use crate::skills::SkillExtractor;
use crate::text::{CharIndex, ExtractedText};

/// Everything proposals are computed from.
#[derive(Debug, Clone, Copy)]
pub struct ProposalContext<'a> {
    /// The user's profile (the evidence).
    pub profile: &'a Profile,
    /// The resume text the profile was read from.
    pub resume: &'a ExtractedText,
    /// The working document the edits address.
    pub document: &'a ResumeDocument,
    /// The posting.
    pub jd: &'a JobDescription,
    /// The skill extractor used for the analysis.
    pub extractor: &'a SkillExtractor,
    /// The day "Present" ends on.
    pub today: NaiveDate,
}

/// A proposed edit with its grounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Proposal {
    /// The edit.
    pub edit: Edit,
    /// Why, in one sentence.
    pub rationale: String,
    /// The profile evidence it rests on.
    pub evidence: Vec<Evidence>,
    /// Score after the edit minus the score before (re-scored with the gap analysis).
    pub expected_gain: f64,
    /// The fabrication checks' verdict (never [`Decision::Rejected`] for a returned proposal).
    pub verdict: Verdict,
}

/// Proposals for `ctx`, most points first; edits the guard would reject are dropped.
pub fn propose(ctx: &ProposalContext<'_>) -> Vec<Proposal> {
    let base = GapAnalysis::analyze(ctx.profile, ctx.resume, ctx.jd, ctx.extractor, ctx.today);
    let guard = Guard::new(ctx.profile, ctx.extractor);
    let mut candidates: Vec<(Edit, String, Vec<Evidence>)> = Vec::new();
    candidates.extend(keyword_bullets(ctx, &base));
    candidates.extend(implied_skills(ctx, &base));
    candidates.extend(reorder_skills(ctx));
    candidates.extend(tighten_summary(ctx));
    candidates.extend(reorder_sections(ctx));
    let mut seen: Vec<Edit> = Vec::new();
    let mut out: Vec<Proposal> = candidates
        .into_iter()
        .filter_map(|(edit, rationale, evidence)| {
            if seen.contains(&edit) {
                return None;
            }
            seen.push(edit.clone());
            let verdict = guard.check(ctx.document, &edit);
            if verdict.decision == Decision::Rejected {
                return None;
            }
            Some(Proposal {
                expected_gain: gain(ctx, base.score, &edit),
                edit,
                rationale,
                evidence,
                verdict,
            })
        })
        .collect();
    out.sort_by(|a, b| b.expected_gain.total_cmp(&a.expected_gain));
    out
}

/// The score change of `edit`: the analysis of the edited profile and text minus `base`.
pub(crate) fn gain(ctx: &ProposalContext<'_>, base: f64, edit: &Edit) -> f64 {
    let Some((profile, text)) = edited(ctx.profile, ctx.resume, edit) else {
        return 0.0;
    };
    let after = GapAnalysis::analyze(&profile, &text, ctx.jd, ctx.extractor, ctx.today);
    ((after.score - base) * 100.0).round() / 100.0
}

/// The profile and resume text with `edit` applied (reorders change neither: `None`).
fn edited(
    profile: &Profile,
    resume: &ExtractedText,
    edit: &Edit,
) -> Option<(Profile, ExtractedText)> {
    let mut p = profile.clone();
    let mut t = resume.clone();
    match edit {
        Edit::RewriteBullet { bullet_id, text } => {
            let field = bullet_field(&mut p, bullet_id)?;
            replace_in_text(&mut t, field, text);
            field.value = text.clone();
        }
        Edit::RewriteSummary { text } => {
            let field = p.summary.as_mut()?;
            replace_in_text(&mut t, field, text);
            field.value = text.clone();
        }
        Edit::AddSkill { skill } => {
            p.skills.push(Field::from_user(skill.clone()));
            t.text.push('\n');
            t.text.push_str(skill);
        }
        Edit::ReorderSkills { .. } | Edit::ReorderSections { .. } => return None,
    }
    Some((p, t))
}

/// The profile field behind a document bullet id (ids as [`ResumeDocument::from_profile`]
/// assigns them: `experience-{i}-b{j}`, `projects-{i}-b{j}`).
fn bullet_field<'p>(profile: &'p mut Profile, id: &str) -> Option<&'p mut Field<String>> {
    let (section, rest) = id.split_once('-')?;
    let (entry, bullet) = rest.split_once("-b")?;
    let (i, j): (usize, usize) = (entry.parse().ok()?, bullet.parse().ok()?);
    match section {
        "experience" => profile.experience.get_mut(i)?.bullets.get_mut(j),
        "projects" => profile.projects.get_mut(i)?.bullets.get_mut(j),
        _ => None,
    }
}

/// Replaces a field's text in the resume text: at its provenance span when that covers exactly
/// the value, else its first occurrence; appended when the text does not hold it.
fn replace_in_text(t: &mut ExtractedText, field: &Field<String>, new: &str) {
    let index = CharIndex::new(&t.text);
    let exact = field.provenance.span.and_then(|s| {
        let (a, b) = (index.byte_of_char(s.start), index.byte_of_char(s.end));
        (t.text.get(a..b) == Some(field.value.as_str())).then_some((a, b))
    });
    let found = exact.or_else(|| {
        t.text
            .find(&field.value)
            .filter(|_| !field.value.is_empty())
            .map(|a| (a, a + field.value.len()))
    });
    match found {
        Some((a, b)) => t.text.replace_range(a..b, new),
        None => {
            t.text.push('\n');
            t.text.push_str(new);
        }
    }
}

/// For a skill shown but not in the posting's words: the bullet that shows it, with the
/// posting's wording in place of the resume's.
fn keyword_bullets(
    ctx: &ProposalContext<'_>,
    gap: &GapAnalysis,
) -> Vec<(Edit, String, Vec<Evidence>)> {
    let mut out = Vec::new();
    for s in &gap.suggestions {
        let SuggestionKind::UseKeyword { skill_id, keyword } = &s.kind else {
            continue;
        };
        let Some((bullet_id, text)) = bullets(ctx.document).find_map(|(id, text)| {
            let m = ctx
                .extractor
                .extract(text)
                .into_iter()
                .find(|m| &m.skill_id == skill_id && !m.text.eq_ignore_ascii_case(keyword))?;
            let chars: Vec<char> = text.chars().collect();
            let new: String = chars[..m.start]
                .iter()
                .chain(keyword.chars().collect::<Vec<_>>().iter())
                .chain(chars[m.end..].iter())
                .collect();
            Some((id.to_string(), new))
        }) else {
            continue;
        };
        let evidence = evidence_for(gap, skill_id);
        out.push((
            Edit::RewriteBullet { bullet_id, text },
            format!(
                "Use the posting's wording \"{keyword}\" where your bullet already shows the skill"
            ),
            evidence,
        ));
    }
    out
}

/// For a skill asked and shown only through a more specific skill that implies it (Next.js for
/// React): name it next to the skill shown, in the bullet that shows it, and in the skills list.
fn implied_skills(
    ctx: &ProposalContext<'_>,
    gap: &GapAnalysis,
) -> Vec<(Edit, String, Vec<Evidence>)> {
    let mut out = Vec::new();
    for m in &gap.partial {
        let Some(PartialReason::RelatedSkill {
            skill_id: related,
            name: related_name,
            relation: Relation::Implies,
        }) = &m.reason
        else {
            continue;
        };
        let keyword = m
            .jd_evidence
            .first()
            .map_or(m.name.clone(), |e| e.text.clone());
        let rationale = format!(
            "You show {related_name}, which implies {}: name it in the posting's words",
            m.name
        );
        for (id, text) in bullets(ctx.document) {
            let Some(mention) = ctx
                .extractor
                .extract(text)
                .into_iter()
                .find(|x| &x.skill_id == related)
            else {
                continue;
            };
            let chars: Vec<char> = text.chars().collect();
            let new: String = chars[..mention.end].iter().collect::<String>()
                + &format!(" ({keyword})")
                + &chars[mention.end..].iter().collect::<String>();
            out.push((
                Edit::RewriteBullet {
                    bullet_id: id.to_string(),
                    text: new,
                },
                rationale.clone(),
                m.resume_evidence.clone(),
            ));
            break;
        }
        out.push((
            Edit::AddSkill { skill: keyword },
            rationale,
            m.resume_evidence.clone(),
        ));
    }
    out
}

/// The skills list ordered by the posting: required skills it asks for first, then preferred,
/// then the rest in their order.
fn reorder_skills(ctx: &ProposalContext<'_>) -> Option<(Edit, String, Vec<Evidence>)> {
    let entry = ctx.document.section(SectionKind::Skills)?.entries.first()?;
    let items = skill_items(&entry.paragraphs.join(", "));
    let rank = |item: &String| {
        let ids: Vec<String> = ctx
            .extractor
            .extract(item)
            .into_iter()
            .map(|m| m.skill_id)
            .collect();
        ctx.jd
            .skills
            .iter()
            .position(|s| ids.contains(&s.skill_id))
            .map_or((2, 0), |i| {
                let tier = usize::from(ctx.jd.skills[i].importance != Importance::Required);
                (tier, i)
            })
    };
    let mut order = items.clone();
    order.sort_by_key(rank);
    (order != items).then(|| {
        (
            Edit::ReorderSkills { order },
            "Lead the skills list with the skills the posting asks for".to_string(),
            Vec::new(),
        )
    })
}

const SUMMARY_FLUFF: &[&str] = &[
    "highly motivated ",
    "results-driven ",
    "results driven ",
    "detail-oriented ",
    "hard-working ",
    "hardworking ",
    "passionate ",
    "dynamic ",
    "self-starter ",
    "team player ",
    "various ",
    "very ",
    "really ",
];

/// The summary without stock phrases that say nothing checkable.
fn tighten_summary(ctx: &ProposalContext<'_>) -> Option<(Edit, String, Vec<Evidence>)> {
    let summary = ctx.profile.summary.as_ref()?;
    let mut text = summary.value.clone();
    for fluff in SUMMARY_FLUFF {
        // ASCII lowercasing keeps byte offsets; a fluff word must start a word ("very", not
        // "delivery").
        let mut from = 0;
        while let Some(rel) = text.to_ascii_lowercase()[from..].find(fluff) {
            let at = from + rel;
            if at == 0 || text.as_bytes()[at - 1] == b' ' {
                text.replace_range(at..at + fluff.len(), "");
                from = at;
            } else {
                from = at + 1;
            }
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = text.chars();
    let text: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return None,
    };
    (text
        != summary
            .value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "))
    .then(|| {
        (
            Edit::RewriteSummary { text },
            "Tighten the summary: drop stock phrases a recruiter skips".to_string(),
            vec![Evidence {
                text: summary.value.clone(),
                span: summary.provenance.span,
                source: EvidenceSource::Profile {
                    field: "summary".into(),
                },
            }],
        )
    })
}

/// Summary, experience and skills ahead of education and the rest.
fn reorder_sections(ctx: &ProposalContext<'_>) -> Option<(Edit, String, Vec<Evidence>)> {
    let rank = |kind: SectionKind| match kind {
        SectionKind::Header | SectionKind::Contact => 0,
        SectionKind::Summary => 1,
        SectionKind::Experience => 2,
        SectionKind::Skills => 3,
        SectionKind::Projects => 4,
        SectionKind::Education => 5,
        _ => 6,
    };
    let ids: Vec<String> = ctx.document.sections.iter().map(|s| s.id.clone()).collect();
    let mut sections: Vec<_> = ctx.document.sections.iter().collect();
    sections.sort_by_key(|s| rank(s.kind));
    let order: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
    (order != ids).then(|| {
        (
            Edit::ReorderSections { order },
            "Put experience and skills where a recruiter looks first".to_string(),
            Vec::new(),
        )
    })
}

/// Every bullet of the document's experience and project sections: (id, text).
fn bullets(doc: &ResumeDocument) -> impl Iterator<Item = (&str, &str)> + '_ {
    doc.sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Experience | SectionKind::Projects))
        .flat_map(|s| &s.entries)
        .flat_map(|e| &e.bullets)
        .map(|b| (b.id.as_str(), b.text.as_str()))
}

fn evidence_for(gap: &GapAnalysis, skill_id: &str) -> Vec<Evidence> {
    gap.matched
        .iter()
        .chain(&gap.partial)
        .filter(|m| m.skill_id == skill_id && m.status != MatchStatus::Missing)
        .flat_map(|m| m.resume_evidence.clone())
        .collect()
}
