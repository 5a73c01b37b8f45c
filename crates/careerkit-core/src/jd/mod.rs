//! Job descriptions: the structured facts a posting states (title, seniority, years, education,
//! salary, responsibilities) and the skills it asks for, split into required and preferred, each
//! with evidence spans into the posting's text. Gap analysis scores a profile against this.
//!
//! ```
//! use careerkit_core::jd::{JobDescription, Seniority, Importance};
//! use careerkit_core::skills::{SkillExtractor, SkillTaxonomy};
//!
//! let extractor = SkillExtractor::new(SkillTaxonomy::embedded())?;
//! let jd = JobDescription::parse(
//!     "Senior Backend Engineer\nLocation: Berlin (hybrid)\n\nRequirements\n\
//!      - 5+ years of Python\n- Docker and PostgreSQL\n\nNice to have\n- Kubernetes",
//!     &extractor,
//! )?;
//! assert_eq!(jd.seniority, Some(Seniority::Senior));
//! let python = jd.skills.iter().find(|s| s.name == "Python").unwrap();
//! assert_eq!(python.importance, Importance::Required);
//! assert_eq!(python.years.map(|y| y.min), Some(5.0));
//! let k8s = jd.skills.iter().find(|s| s.name == "Kubernetes").unwrap();
//! assert_eq!(k8s.importance, Importance::Preferred);
//! # Ok::<(), careerkit_core::Error>(())
//! ```

mod facts;
mod layout;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::provenance::TextSpan;
use crate::skills::{Qualifier, SkillCategory, SkillExtractor, SkillMention};
use crate::text::CharIndex;
use layout::{Context, Layout};

/// A value read from the posting, with the span of the text it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where in [`JobDescription::text`] it was read (character offsets, page 1).
    pub span: TextSpan,
}

/// Where the work happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemotePolicy {
    /// Fully remote.
    Remote,
    /// Part remote, part in the office.
    Hybrid,
    /// In the office.
    Onsite,
}

/// The kind of contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    /// Full-time or permanent.
    FullTime,
    /// Part-time.
    PartTime,
    /// Contract or freelance.
    Contract,
    /// Internship.
    Internship,
    /// Temporary.
    Temporary,
}

/// Career level, ordered from intern to principal; [`Seniority::Manager`] is a people-manager
/// role, ranked with lead for fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Seniority {
    /// Intern or working student.
    Intern,
    /// Junior, entry level, graduate.
    Junior,
    /// Mid level, intermediate.
    Mid,
    /// Senior.
    Senior,
    /// Staff.
    Staff,
    /// Principal.
    Principal,
    /// Lead (team or tech lead).
    Lead,
    /// People manager (engineering manager, head of, director).
    Manager,
}

impl Seniority {
    /// Rank for comparing levels: intern 0, junior 1, mid 2, senior 3, lead/staff/manager 4,
    /// principal 5.
    pub fn rank(self) -> i32 {
        match self {
            Seniority::Intern => 0,
            Seniority::Junior => 1,
            Seniority::Mid => 2,
            Seniority::Senior => 3,
            Seniority::Staff | Seniority::Lead | Seniority::Manager => 4,
            Seniority::Principal => 5,
        }
    }

    /// The level a title names ("Sr. Data Engineer" -> senior), if any.
    pub fn from_title(title: &str) -> Option<Seniority> {
        facts::seniority_in(title)
    }

    /// The level usual for `years` of professional experience.
    pub fn from_years(years: f64) -> Seniority {
        match years {
            y if y < 0.5 => Seniority::Intern,
            y if y < 2.0 => Seniority::Junior,
            y if y < 5.0 => Seniority::Mid,
            y if y < 8.0 => Seniority::Senior,
            _ => Seniority::Staff,
        }
    }
}

/// A number of years, as "3+ years" (min 3, no max) or "2-4 years" (min 2, max 4).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct YearsRange {
    /// The least.
    pub min: f64,
    /// The most, if stated.
    pub max: Option<f64>,
}

/// Academic degree levels, ordered.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    /// Associate degree.
    Associate,
    /// Bachelor's degree.
    Bachelor,
    /// Master's degree or MBA.
    Master,
    /// Doctorate.
    Doctorate,
}

impl DegreeLevel {
    /// The level a degree name states ("BSc" -> bachelor, "Ph.D." -> doctorate), if any.
    pub fn from_degree(text: &str) -> Option<DegreeLevel> {
        facts::degree_levels(text).into_iter().map(|(l, _)| l).max()
    }
}

/// Whether a posting needs something or would merely like it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    /// A must-have.
    Required,
    /// A nice-to-have ("bonus", "preferred", "a plus").
    Preferred,
}

/// The education a posting asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EducationRequirement {
    /// The lowest degree level that satisfies it ("BSc/MSc" -> bachelor).
    pub level: DegreeLevel,
    /// The field of study, as written ("Computer Science"), if stated.
    pub field: Option<String>,
    /// Whether "or equivalent (experience)" was allowed.
    pub or_equivalent: bool,
    /// Required or preferred.
    pub importance: Importance,
    /// The clause it was read from.
    pub span: TextSpan,
}

/// How often a salary is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SalaryPeriod {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

/// A stated pay range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SalaryRange {
    /// The lower bound.
    pub min: f64,
    /// The upper bound (equal to `min` for a single figure).
    pub max: f64,
    /// ISO 4217 code (`"USD"`, `"EUR"`, `"GBP"`, ...).
    pub currency: String,
    /// The period, when stated or clear from the amount (five figures and up: per year).
    pub period: Option<SalaryPeriod>,
    /// Where it was stated.
    pub span: TextSpan,
}

/// A skill the posting asks for, with every mention as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct JdSkill {
    /// Canonical skill id.
    pub skill_id: String,
    /// Canonical name.
    pub name: String,
    /// Category.
    pub category: SkillCategory,
    /// Required if any mention is in a must-have context, else preferred.
    pub importance: Importance,
    /// Years of experience asked for this skill ("4+ years of Python"), if stated.
    pub years: Option<YearsRange>,
    /// Every non-negated mention, in order (spans are character offsets into the posting).
    pub mentions: Vec<SkillMention>,
}

impl JdSkill {
    /// The keyword an ATS would look for: the skill as the posting first wrote it.
    pub fn keyword(&self) -> &str {
        self.mentions.first().map_or(&self.name, |m| &m.text)
    }
}

/// A parsed job description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct JobDescription {
    /// The posting's text, as given (every span points into it).
    pub text: String,
    /// Job title.
    pub title: Option<Spanned<String>>,
    /// Employer.
    pub company: Option<Spanned<String>>,
    /// Location as written.
    pub location: Option<Spanned<String>>,
    /// Remote, hybrid or on-site.
    pub remote: Option<Spanned<RemotePolicy>>,
    /// Contract type.
    pub employment_type: Option<Spanned<EmploymentType>>,
    /// Career level, from the title or an "Experience level" label.
    pub seniority: Option<Seniority>,
    /// Years of experience asked for overall (the largest must-have minimum stated).
    pub years_required: Option<Spanned<YearsRange>>,
    /// Education asked for.
    pub education: Option<EducationRequirement>,
    /// Duties, one per bullet or clause.
    pub responsibilities: Vec<Spanned<String>>,
    /// Skills asked for, required first, each once, in order of first mention.
    pub skills: Vec<JdSkill>,
    /// Pay range, when stated.
    pub salary: Option<SalaryRange>,
}

/// Input limits for [`JobDescription::parse_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JdLimits {
    /// Fewer words than this is too short to analyse.
    pub min_words: usize,
    /// More characters than this is refused.
    pub max_chars: usize,
}

impl Default for JdLimits {
    /// 15 words to 50,000 characters (a long posting is about 10,000).
    fn default() -> Self {
        JdLimits {
            min_words: 15,
            max_chars: 50_000,
        }
    }
}

impl JobDescription {
    /// Parses a posting with [`JdLimits::default`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the text is empty, too short to analyse or too long.
    pub fn parse(text: &str, extractor: &SkillExtractor) -> Result<JobDescription> {
        Self::parse_with(text, extractor, &JdLimits::default())
    }

    /// Parses a posting with explicit limits.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the text is empty, has fewer than `limits.min_words` words or
    /// more than `limits.max_chars` characters.
    pub fn parse_with(
        text: &str,
        extractor: &SkillExtractor,
        limits: &JdLimits,
    ) -> Result<JobDescription> {
        if text.trim().is_empty() {
            return Err(Error::invalid("job description is empty"));
        }
        let chars = text.chars().count();
        if chars > limits.max_chars {
            return Err(Error::invalid(format!(
                "job description has {chars} characters, over the limit of {}",
                limits.max_chars
            )));
        }
        let words = text.split_whitespace().count();
        if words < limits.min_words {
            return Err(Error::invalid(format!(
                "job description is too short to analyse ({words} words, need at least {})",
                limits.min_words
            )));
        }
        let layout = Layout::new(text);
        let index = CharIndex::new(text);
        let span = |start: usize, end: usize| TextSpan {
            start: index.char_of_byte(start),
            end: index.char_of_byte(end),
            page: 1,
        };
        let spanned = |(value, start, end)| Spanned {
            value,
            span: span(start, end),
        };
        let years = facts::years_statements(text);
        let title = facts::title(text, &layout);
        let seniority = title
            .as_ref()
            .and_then(|(t, _, _)| facts::seniority_in(t))
            .or_else(|| {
                facts::label_value(text, &layout, &["experience level", "seniority", "level"])
                    .and_then(|(v, _, _)| facts::lowest_seniority_in(&v))
            });
        let company = facts::company(text, &layout, title.as_ref().map(|(_, _, end)| *end));
        let company_name = company.as_ref().map(|(name, _, _)| name.as_str());
        let skills = collect_skills(text, &layout, extractor, &years, &index, company_name);
        let years_required = years
            .iter()
            .filter(|y| layout.context_at(text, y.start) != Context::Preferred)
            .max_by(|a, b| a.range.min.total_cmp(&b.range.min))
            .map(|y| Spanned {
                value: y.range,
                span: span(y.start, y.end),
            });
        let education = facts::education(text).map(|e| EducationRequirement {
            level: e.level,
            field: e.field,
            or_equivalent: e.or_equivalent,
            importance: if layout.context_at(text, e.start) == Context::Preferred {
                Importance::Preferred
            } else {
                Importance::Required
            },
            span: span(e.start, e.end),
        });
        let salary = facts::salary(text).map(|s| SalaryRange {
            min: s.min,
            max: s.max,
            currency: s.currency,
            period: s.period,
            span: span(s.start, s.end),
        });
        Ok(JobDescription {
            title: title.map(spanned),
            company: company.map(spanned),
            location: facts::label_value(text, &layout, &["location", "workplace", "based in"])
                .map(spanned),
            remote: facts::remote_policy(text).map(|(v, s, e)| Spanned {
                value: v,
                span: span(s, e),
            }),
            employment_type: facts::employment_type(text).map(|(v, s, e)| Spanned {
                value: v,
                span: span(s, e),
            }),
            seniority,
            years_required,
            education,
            responsibilities: facts::responsibilities(text, &layout)
                .into_iter()
                .map(|(s, e)| Spanned {
                    value: text[s..e].split_whitespace().collect::<Vec<_>>().join(" "),
                    span: span(s, e),
                })
                .collect(),
            skills,
            salary,
            text: text.to_string(),
        })
    }

    /// Required skills, in order.
    pub fn required_skills(&self) -> impl Iterator<Item = &JdSkill> {
        self.skills
            .iter()
            .filter(|s| s.importance == Importance::Required)
    }

    /// Preferred skills, in order.
    pub fn preferred_skills(&self) -> impl Iterator<Item = &JdSkill> {
        self.skills
            .iter()
            .filter(|s| s.importance == Importance::Preferred)
    }
}

/// Groups the posting's non-negated skill mentions by skill, decides required vs preferred from
/// each mention's context, and attaches "N+ years" stated in the same clause. Words of the
/// employer's own name ("Northwind Logistics") are not skills asked for.
fn collect_skills(
    text: &str,
    layout: &Layout,
    extractor: &SkillExtractor,
    years: &[facts::YearsStatement],
    index: &CharIndex,
    company: Option<&str>,
) -> Vec<JdSkill> {
    let company_spans: Vec<(usize, usize)> = company
        .filter(|name| !name.is_empty())
        .map(|name| {
            text.match_indices(name)
                .map(|(s, m)| (s, s + m.len()))
                .collect()
        })
        .unwrap_or_default();
    let mut skills: Vec<JdSkill> = Vec::new();
    for mention in extractor.extract(text) {
        if mention.qualifier == Qualifier::Negated {
            continue;
        }
        let at = index.byte_of_char(mention.start);
        let end = index.byte_of_char(mention.end);
        if company_spans.iter().any(|&(s, e)| at >= s && end <= e) {
            continue;
        }
        let importance = match layout.context_at(text, at) {
            Context::Benefits | Context::About => continue,
            Context::Preferred => Importance::Preferred,
            _ => Importance::Required,
        };
        let clause = layout::clause_around(text, at);
        let stated_years = years
            .iter()
            .filter(|y| y.start >= clause.0 && y.end <= clause.1)
            .min_by_key(|y| y.start.abs_diff(at))
            .map(|y| y.range);
        match skills.iter_mut().find(|s| s.skill_id == mention.skill_id) {
            Some(skill) => {
                if importance == Importance::Required {
                    skill.importance = Importance::Required;
                }
                skill.years = skill.years.or(stated_years);
                skill.mentions.push(mention);
            }
            None => skills.push(JdSkill {
                skill_id: mention.skill_id.clone(),
                name: mention.name.clone(),
                category: mention.category,
                importance,
                years: stated_years,
                mentions: vec![mention],
            }),
        }
    }
    // Required first; the sort is stable, so mention order holds within each group.
    skills.sort_by_key(|s| s.importance != Importance::Required);
    skills
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::SkillTaxonomy;

    fn extractor() -> SkillExtractor {
        SkillExtractor::new(SkillTaxonomy::embedded()).unwrap()
    }

    #[test]
    fn input_limits_are_typed_errors() {
        let ex = extractor();
        for text in ["", "   \n", "Rust developer wanted."] {
            let err = JobDescription::parse(text, &ex).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::InvalidInput, "{text:?}");
        }
        let long = "word ".repeat(20_000);
        let err = JobDescription::parse(&long, &ex).unwrap_err();
        assert!(err.to_string().contains("over the limit"));
    }

    #[test]
    fn labels_and_headings_give_company_location_and_policy() {
        let text = "Data Engineer\nLocation: Lisbon, Portugal\nJob type: Contract\n\nAbout Acme Robotics\n\
                    We build robots. This is a hybrid role, 3 days in office.\n\nRequirements\n\
                    - 2-4 years of experience with Python and SQL\n- Master's degree in Statistics preferred\n\
                    Salary: 60,000 - 75,000 EUR per year";
        let jd = JobDescription::parse(text, &extractor()).unwrap();
        assert_eq!(jd.title.unwrap().value, "Data Engineer");
        assert_eq!(jd.company.unwrap().value, "Acme Robotics");
        assert_eq!(jd.location.unwrap().value, "Lisbon, Portugal");
        assert_eq!(jd.remote.unwrap().value, RemotePolicy::Hybrid);
        assert_eq!(jd.employment_type.unwrap().value, EmploymentType::Contract);
        let years = jd.years_required.unwrap().value;
        assert_eq!((years.min, years.max), (2.0, Some(4.0)));
        let edu = jd.education.unwrap();
        assert_eq!(edu.level, DegreeLevel::Master);
        assert_eq!(edu.importance, Importance::Preferred);
        assert_eq!(edu.field.as_deref(), Some("Statistics"));
        let salary = jd.salary.unwrap();
        assert_eq!(
            (salary.min, salary.max, salary.currency.as_str()),
            (60_000.0, 75_000.0, "EUR")
        );
        assert_eq!(salary.period, Some(SalaryPeriod::Year));
        assert_eq!(
            jd.skills
                .iter()
                .find(|s| s.name == "SQL")
                .and_then(|s| s.years),
            Some(years)
        );
    }

    #[test]
    fn hostile_text_never_panics() {
        let ex = extractor();
        let pieces = [
            "İstanbul ",
            "Requirements:",
            "\n",
            "\n\n",
            "- ",
            "5+ years ",
            "€42k - 50k",
            "Rust",
            "ß",
            "Nice to have",
            ";",
            ". ",
            "k8s",
            "(m/f/d)",
            "<LOCATION>",
            "BSc in ",
            "Senior ",
            "Engineer",
            "Job type:",
            "remote",
            "  ",
            "\u{c}",
            "😀",
            "$",
            "1,2.",
            "at least ",
        ];
        // A deterministic walk through combinations (no randomness in tests).
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300 {
            let mut text = String::from("We are looking for a Senior Engineer ");
            for _ in 0..40 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            if let Ok(jd) = JobDescription::parse(&text, &ex) {
                let chars = text.chars().count();
                assert!(jd
                    .skills
                    .iter()
                    .flat_map(|s| &s.mentions)
                    .all(|m| m.end <= chars));
            }
        }
    }

    #[test]
    fn negated_skills_are_not_asked_for() {
        let jd = JobDescription::parse(
            "We need a Rust engineer for our platform team. No Java required. You will build services \
             in Rust and deploy them with Docker every day.",
            &extractor(),
        )
        .unwrap();
        let ids: Vec<&str> = jd.skills.iter().map(|s| s.skill_id.as_str()).collect();
        assert_eq!(ids, ["rust", "docker"]);
    }

    #[test]
    fn evidence_spans_are_character_offsets() {
        let text = "Zürich-based team — we are hiring a Senior Engineer. Requirements: Kubernetes and Go for our backend services in production.";
        let jd = JobDescription::parse(text, &extractor()).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for skill in &jd.skills {
            for m in &skill.mentions {
                let s: String = chars[m.start..m.end].iter().collect();
                assert_eq!(s, m.text);
            }
        }
        assert_eq!(jd.skills.len(), 2);
        let title = jd.title.unwrap();
        let s: String = chars[title.span.start..title.span.end].iter().collect();
        assert_eq!(s, "Senior Engineer");
    }
}
