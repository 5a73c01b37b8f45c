//! Applying an approved edit to a document, by stable id. The input document is never changed:
//! the edited copy is returned, so a rejected or failed edit leaves the original as it was.

use super::guard::ApprovedEdit;
use super::{skill_items, Edit};
use crate::document::{DocEntry, DocSection, ResumeDocument};
use crate::error::{Error, Result};
use crate::profile::SectionKind;

/// Applies `edit` to a copy of `document` and returns it.
///
/// # Errors
/// [`Error::NotFound`] when the bullet or section the edit names is not in the document;
/// [`Error::InvalidInput`] when a reorder is not a permutation of the current items.
pub fn apply(document: &ResumeDocument, edit: &ApprovedEdit) -> Result<ResumeDocument> {
    let mut doc = document.clone();
    match edit.edit() {
        Edit::RewriteBullet { bullet_id, text } => {
            let bullet = doc
                .sections
                .iter_mut()
                .flat_map(|s| s.entries.iter_mut())
                .flat_map(|e| e.bullets.iter_mut())
                .find(|b| &b.id == bullet_id)
                .ok_or_else(|| Error::NotFound {
                    kind: "bullet",
                    id: bullet_id.clone(),
                })?;
            bullet.text = text.clone();
        }
        Edit::RewriteSummary { text } => {
            let entry =
                first_entry(&mut doc, SectionKind::Summary).ok_or_else(|| Error::NotFound {
                    kind: "section",
                    id: "summary".into(),
                })?;
            entry.paragraphs = vec![text.clone()];
        }
        Edit::AddSkill { skill } => {
            if doc.section(SectionKind::Skills).is_none() {
                doc.sections.push(DocSection {
                    id: "skills".into(),
                    kind: SectionKind::Skills,
                    title: "Skills".into(),
                    entries: vec![DocEntry {
                        id: "skills-0".into(),
                        ..DocEntry::default()
                    }],
                });
            }
            let entry =
                first_entry(&mut doc, SectionKind::Skills).ok_or_else(|| Error::NotFound {
                    kind: "section",
                    id: "skills".into(),
                })?;
            let mut items = skill_items(&entry.paragraphs.join(", "));
            if !items.iter().any(|i| i.eq_ignore_ascii_case(skill)) {
                items.push(skill.trim().to_string());
            }
            entry.paragraphs = vec![items.join(", ")];
        }
        Edit::ReorderSkills { order } => {
            let entry =
                first_entry(&mut doc, SectionKind::Skills).ok_or_else(|| Error::NotFound {
                    kind: "section",
                    id: "skills".into(),
                })?;
            let items = skill_items(&entry.paragraphs.join(", "));
            if !is_permutation(&items, order) {
                return Err(Error::invalid(
                    "the new skill order is not a permutation of the skills list",
                ));
            }
            entry.paragraphs = vec![order.join(", ")];
        }
        Edit::ReorderSections { order } => {
            let ids: Vec<String> = doc.sections.iter().map(|s| s.id.clone()).collect();
            if !is_permutation(&ids, order) {
                return Err(Error::invalid(
                    "the new section order is not a permutation of the section ids",
                ));
            }
            let mut sections = std::mem::take(&mut doc.sections);
            for id in order {
                if let Some(i) = sections.iter().position(|s| &s.id == id) {
                    doc.sections.push(sections.remove(i));
                }
            }
        }
    }
    Ok(doc)
}

fn first_entry(doc: &mut ResumeDocument, kind: SectionKind) -> Option<&mut DocEntry> {
    doc.sections
        .iter_mut()
        .find(|s| s.kind == kind)
        .and_then(|s| s.entries.first_mut())
}

/// Whether `order` holds exactly the items of `current` (each once).
pub(crate) fn is_permutation(current: &[String], order: &[String]) -> bool {
    let mut a: Vec<&String> = current.iter().collect();
    let mut b: Vec<&String> = order.iter().collect();
    a.sort();
    b.sort();
    a == b
}
