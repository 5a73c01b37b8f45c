//! The structured profile a resume becomes. Every attribute is a [`Field`] with provenance.
//!
//! Stored profiles stay readable as the schema grows: [`Profile::schema_version`] says which
//! version wrote it, new attributes are optional, and attributes this version does not know are
//! kept in [`Profile::extra`] and written back unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::provenance::{Field, TextSpan};

/// The profile schema version this build writes.
pub const PROFILE_SCHEMA_VERSION: u32 = 1;

/// A month-precision date as resumes write them.
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
pub struct PartialDate {
    /// Four-digit year.
    pub year: i32,
    /// Month 1-12, if the resume gave one.
    pub month: Option<u8>,
}

impl PartialDate {
    /// Months since year 0, taking a missing month as January (start) for ordering and spans.
    pub fn month_index(&self) -> i32 {
        self.year * 12 + i32::from(self.month.unwrap_or(1)) - 1
    }

    /// ISO-style text: `2021-05` or `2021`.
    pub fn to_iso(&self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{:02}", self.year, m),
            None => format!("{:04}", self.year),
        }
    }
}

/// The end of a date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndDate {
    /// A past date.
    Date(PartialDate),
    /// "Present", "Current", "Now", "Today".
    Present,
}

/// A date range as written on a resume, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DateRange {
    /// Start, if given.
    pub start: Option<PartialDate>,
    /// End, if given.
    pub end: Option<EndDate>,
    /// The text as it appeared (`"Jun 2023 – Present"`).
    pub raw: String,
}

/// A normalised phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Phone {
    /// As written on the resume.
    pub raw: String,
    /// Digits with an optional leading `+` (E.164-like when the country code was written).
    pub normalized: String,
}

/// What kind of link a URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// linkedin.com.
    Linkedin,
    /// github.com.
    Github,
    /// gitlab.com.
    Gitlab,
    /// Any other site (portfolio, blog).
    Website,
}

/// A link on the resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Link {
    /// What kind of site it is.
    pub kind: LinkKind,
    /// The URL (with `https://` added when the resume left it out).
    pub url: String,
}

/// Contact details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Contact {
    /// The person's name.
    pub name: Option<Field<String>>,
    /// A headline under the name ("Senior Backend Engineer").
    #[serde(default)]
    pub headline: Option<Field<String>>,
    /// Email addresses.
    #[serde(default)]
    pub emails: Vec<Field<String>>,
    /// Phone numbers.
    #[serde(default)]
    pub phones: Vec<Field<Phone>>,
    /// Location ("San Francisco, CA").
    #[serde(default)]
    pub location: Option<Field<String>>,
    /// Links (LinkedIn, GitHub, portfolio).
    #[serde(default)]
    pub links: Vec<Field<Link>>,
}

/// One job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Experience {
    /// Job title.
    pub title: Option<Field<String>>,
    /// Employer.
    pub company: Option<Field<String>>,
    /// Where.
    #[serde(default)]
    pub location: Option<Field<String>>,
    /// When.
    #[serde(default)]
    pub dates: Option<Field<DateRange>>,
    /// Bullets or sentences describing the work.
    #[serde(default)]
    pub bullets: Vec<Field<String>>,
}

/// One education entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Education {
    /// School, college or university.
    pub institution: Option<Field<String>>,
    /// Degree ("BS", "Master of Science", "PhD").
    #[serde(default)]
    pub degree: Option<Field<String>>,
    /// Field of study ("Computer Science").
    #[serde(default)]
    pub field_of_study: Option<Field<String>>,
    /// When.
    #[serde(default)]
    pub dates: Option<Field<DateRange>>,
    /// Grade (GPA, classification).
    #[serde(default)]
    pub grade: Option<Field<String>>,
    /// Where.
    #[serde(default)]
    pub location: Option<Field<String>>,
}

/// A project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Project {
    /// Project name.
    pub name: Option<Field<String>>,
    /// Description lines.
    #[serde(default)]
    pub bullets: Vec<Field<String>>,
    /// Link, if any.
    #[serde(default)]
    pub url: Option<Field<String>>,
}

/// The kinds of resume section careerkit recognises.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// The part above the first heading: name, headline, contact.
    Header,
    /// Summary, profile, objective, about.
    Summary,
    /// Work experience.
    Experience,
    /// Education.
    Education,
    /// Skills.
    Skills,
    /// Projects.
    Projects,
    /// Certifications and licences.
    Certifications,
    /// Awards and honours.
    Awards,
    /// Publications.
    Publications,
    /// Spoken languages.
    Languages,
    /// Volunteering.
    Volunteering,
    /// Interests and hobbies.
    Interests,
    /// References.
    References,
    /// Contact details under their own heading.
    Contact,
    /// A heading careerkit did not classify.
    Other,
}

/// A section of the resume as found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Section {
    /// What kind of section it is.
    pub kind: SectionKind,
    /// The heading as written (empty for [`SectionKind::Header`]).
    pub heading: String,
    /// The span of the whole section, heading included.
    pub span: TextSpan,
}

/// A structured profile built from a resume (and later edited by the user or agents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Profile {
    /// The schema version that wrote this profile.
    pub schema_version: u32,
    /// Contact details.
    #[serde(default)]
    pub contact: Contact,
    /// Summary paragraph.
    #[serde(default)]
    pub summary: Option<Field<String>>,
    /// Work experience, in the order of the resume.
    #[serde(default)]
    pub experience: Vec<Experience>,
    /// Volunteering, activities and involvement, in the order of the resume (same shape as
    /// work experience).
    #[serde(default)]
    pub volunteering: Vec<Experience>,
    /// Education, in the order of the resume.
    #[serde(default)]
    pub education: Vec<Education>,
    /// Skills as listed on the resume (canonical matching happens in skill extraction).
    #[serde(default)]
    pub skills: Vec<Field<String>>,
    /// Certifications.
    #[serde(default)]
    pub certifications: Vec<Field<String>>,
    /// Spoken languages.
    #[serde(default)]
    pub languages: Vec<Field<String>>,
    /// Projects.
    #[serde(default)]
    pub projects: Vec<Project>,
    /// Awards and honours.
    #[serde(default)]
    pub awards: Vec<Field<String>>,
    /// Publications.
    #[serde(default)]
    pub publications: Vec<Field<String>>,
    /// Sections found, in order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Attributes written by a newer schema version or a product, kept verbatim.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            schema_version: PROFILE_SCHEMA_VERSION,
            contact: Contact::default(),
            summary: None,
            experience: Vec::new(),
            volunteering: Vec::new(),
            education: Vec::new(),
            skills: Vec::new(),
            certifications: Vec::new(),
            languages: Vec::new(),
            projects: Vec::new(),
            awards: Vec::new(),
            publications: Vec::new(),
            sections: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

impl Profile {
    /// The JSON Schema of the profile, for products that validate or generate forms.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Profile)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let json = r#"{"schema_version":1,"contact":{"name":null},"pronouns":{"value":"she/her"}}"#;
        let profile: Profile = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(profile.extra["pronouns"]["value"], "she/her");
        let back = serde_json::to_value(&profile).unwrap_or_default();
        assert_eq!(back["pronouns"]["value"], "she/her");
    }

    #[test]
    fn schema_names_the_profile_fields() {
        let schema = Profile::json_schema().to_string();
        for field in [
            "contact",
            "experience",
            "education",
            "provenance",
            "confidence",
        ] {
            assert!(schema.contains(field), "schema lacks {field}");
        }
    }
}
