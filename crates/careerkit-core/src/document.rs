//! The editable resume: sections, entries and bullets with stable ids, so rewrites can patch one
//! bullet and every exporter renders the same structure.

use serde::{Deserialize, Serialize};

use crate::profile::{DateRange, EndDate, Profile, SectionKind};
use crate::provenance::Field;

/// A resume as a person edits it and exporters render it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResumeDocument {
    /// The person's name.
    pub name: String,
    /// A headline under the name.
    pub headline: Option<String>,
    /// Contact items in display order (email, phone, location, links).
    pub contact: Vec<String>,
    /// Sections in display order.
    pub sections: Vec<DocSection>,
}

/// One section of a [`ResumeDocument`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocSection {
    /// Stable id (`"experience"`, `"education"`, ...).
    pub id: String,
    /// What kind of section it is.
    pub kind: SectionKind,
    /// The heading shown.
    pub title: String,
    /// Entries in display order.
    pub entries: Vec<DocEntry>,
}

/// One entry of a section: a job, a degree, a project, or a block of text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocEntry {
    /// Stable id (`"experience-0"`).
    pub id: String,
    /// Main line (job title, degree, project name).
    pub title: Option<String>,
    /// Second line (employer, institution).
    pub subtitle: Option<String>,
    /// Dates and location.
    pub meta: Option<String>,
    /// Free paragraphs (a summary, a skills list).
    pub paragraphs: Vec<String>,
    /// Bullets.
    pub bullets: Vec<DocBullet>,
}

/// One bullet, addressable by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocBullet {
    /// Stable id (`"experience-0-b2"`).
    pub id: String,
    /// The bullet's text.
    pub text: String,
}

impl DocEntry {
    /// The entry's heading line: `"title — subtitle"`, or whichever of the two it has.
    pub fn heading(&self) -> Option<String> {
        match (&self.title, &self.subtitle) {
            (Some(t), Some(s)) => Some(format!("{t} — {s}")),
            (t, s) => t.clone().or_else(|| s.clone()),
        }
    }
}

impl ResumeDocument {
    /// Lays a profile out as a resume: header, summary, experience, education, skills, projects,
    /// certifications, awards, publications, languages.
    ///
    /// ```
    /// use careerkit_core::document::ResumeDocument;
    /// use careerkit_core::profile::Profile;
    /// use careerkit_core::provenance::Field;
    ///
    /// let mut profile = Profile::default();
    /// profile.contact.name = Some(Field::from_user("Ada Lovelace".to_string()));
    /// profile.skills = vec![Field::from_user("Rust".into()), Field::from_user("SQL".into())];
    /// let doc = ResumeDocument::from_profile(&profile);
    /// assert_eq!(doc.name, "Ada Lovelace");
    /// assert_eq!(doc.sections[0].entries[0].paragraphs[0], "Rust, SQL");
    /// ```
    pub fn from_profile(profile: &Profile) -> ResumeDocument {
        let contact = &profile.contact;
        let mut items: Vec<String> = contact.emails.iter().map(|f| f.value.clone()).collect();
        items.extend(contact.phones.iter().map(|f| f.value.raw.clone()));
        items.extend(contact.location.iter().map(|f| f.value.clone()));
        items.extend(contact.links.iter().map(|f| f.value.url.clone()));

        let mut sections = Vec::new();
        if let Some(summary) = &profile.summary {
            sections.push(text_section(
                SectionKind::Summary,
                "Summary",
                vec![summary.value.clone()],
            ));
        }
        let jobs = profile.experience.iter().map(|job| {
            (
                value(&job.title),
                value(&job.company),
                meta(job.dates.as_ref(), job.location.as_ref()),
                job.bullets.iter().map(|b| b.value.clone()).collect(),
            )
        });
        push_entries(&mut sections, SectionKind::Experience, "Experience", jobs);
        let schools = profile.education.iter().map(|ed| {
            let degree = match (value(&ed.degree), value(&ed.field_of_study)) {
                (Some(d), Some(f)) => Some(format!("{d}, {f}")),
                (d, f) => d.or(f),
            };
            let grade = ed.grade.iter().map(|g| g.value.clone()).collect();
            (
                degree,
                value(&ed.institution),
                meta(ed.dates.as_ref(), ed.location.as_ref()),
                grade,
            )
        });
        push_entries(&mut sections, SectionKind::Education, "Education", schools);
        if !profile.skills.is_empty() {
            let list = join_values(&profile.skills, ", ");
            sections.push(text_section(SectionKind::Skills, "Skills", vec![list]));
        }
        let projects = profile.projects.iter().map(|p| {
            let bullets = p.bullets.iter().map(|b| b.value.clone()).collect();
            (value(&p.name), None, value(&p.url), bullets)
        });
        push_entries(&mut sections, SectionKind::Projects, "Projects", projects);
        for (kind, title, list) in [
            (
                SectionKind::Certifications,
                "Certifications",
                &profile.certifications,
            ),
            (SectionKind::Awards, "Awards", &profile.awards),
            (
                SectionKind::Publications,
                "Publications",
                &profile.publications,
            ),
        ] {
            if !list.is_empty() {
                let bullets = list.iter().map(|f| f.value.clone()).collect();
                push_entries(
                    &mut sections,
                    kind,
                    title,
                    std::iter::once((None, None, None, bullets)),
                );
            }
        }
        if !profile.languages.is_empty() {
            let list = join_values(&profile.languages, ", ");
            sections.push(text_section(
                SectionKind::Languages,
                "Languages",
                vec![list],
            ));
        }
        ResumeDocument {
            name: value(&contact.name).unwrap_or_default(),
            headline: value(&contact.headline),
            contact: items,
            sections,
        }
    }

    /// The section of this kind, if present.
    pub fn section(&self, kind: SectionKind) -> Option<&DocSection> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// Every bullet, in display order.
    ///
    /// ```
    /// use careerkit_core::document::{DocBullet, DocEntry, DocSection, ResumeDocument};
    /// use careerkit_core::profile::SectionKind;
    ///
    /// let bullet = DocBullet { id: "experience-0-b0".into(), text: "Shipped it".into() };
    /// let entry = DocEntry { bullets: vec![bullet], ..DocEntry::default() };
    /// let section = DocSection {
    ///     id: "experience".into(),
    ///     kind: SectionKind::Experience,
    ///     title: "Experience".into(),
    ///     entries: vec![entry],
    /// };
    /// let document = ResumeDocument { sections: vec![section], ..ResumeDocument::default() };
    /// assert_eq!(document.bullets().map(|b| b.id.as_str()).collect::<Vec<_>>(), ["experience-0-b0"]);
    /// ```
    pub fn bullets(&self) -> impl Iterator<Item = &DocBullet> {
        self.sections
            .iter()
            .flat_map(|section| &section.entries)
            .flat_map(|entry| &entry.bullets)
    }
}

/// (title, subtitle, meta, bullets) of one entry.
type EntryParts = (Option<String>, Option<String>, Option<String>, Vec<String>);

fn push_entries(
    sections: &mut Vec<DocSection>,
    kind: SectionKind,
    title: &str,
    entries: impl Iterator<Item = EntryParts>,
) {
    let id = section_id(kind);
    let entries: Vec<DocEntry> = entries
        .enumerate()
        .map(|(i, (title, subtitle, meta, bullets))| {
            let entry_id = format!("{id}-{i}");
            DocEntry {
                bullets: bullets
                    .into_iter()
                    .enumerate()
                    .map(|(j, text)| DocBullet {
                        id: format!("{entry_id}-b{j}"),
                        text,
                    })
                    .collect(),
                id: entry_id,
                title,
                subtitle,
                meta,
                paragraphs: Vec::new(),
            }
        })
        .collect();
    if !entries.is_empty() {
        sections.push(DocSection {
            id,
            kind,
            title: title.to_string(),
            entries,
        });
    }
}

fn text_section(kind: SectionKind, title: &str, paragraphs: Vec<String>) -> DocSection {
    let id = section_id(kind);
    DocSection {
        entries: vec![DocEntry {
            id: format!("{id}-0"),
            paragraphs,
            ..DocEntry::default()
        }],
        id,
        kind,
        title: title.to_string(),
    }
}

fn section_id(kind: SectionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "section".to_string())
}

fn value(field: &Option<Field<String>>) -> Option<String> {
    field.as_ref().map(|f| f.value.clone())
}

fn join_values(fields: &[Field<String>], sep: &str) -> String {
    fields
        .iter()
        .map(|f| f.value.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

/// "Jun 2020 – Present · Berlin": the range as written, else rebuilt, then the location.
fn meta(dates: Option<&Field<DateRange>>, location: Option<&Field<String>>) -> Option<String> {
    let dates = dates.map(|d| {
        let range = &d.value;
        if !range.raw.trim().is_empty() {
            return range.raw.trim().to_string();
        }
        let start = range.start.map(|s| s.to_iso()).unwrap_or_default();
        let end = match range.end {
            Some(EndDate::Present) => "Present".to_string(),
            Some(EndDate::Date(d)) => d.to_iso(),
            None => String::new(),
        };
        format!("{start} – {end}")
    });
    let parts: Vec<String> = dates
        .into_iter()
        .chain(location.map(|l| l.value.clone()))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}
