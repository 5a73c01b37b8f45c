//! Projects: a name line (dates and links set aside) followed by description bullets.

use super::experience::bullets;
use super::lines::Line;
use super::pieces::split_around;
use super::rows::{rows, RowKind};
use super::Ctx;
use crate::profile::Project;

/// Parses the body lines of a projects section.
pub(crate) fn parse(ctx: &Ctx<'_>, lines: &[Line]) -> Vec<Project> {
    let rows = rows(lines, ctx.wraps());
    let mut projects: Vec<(Project, Vec<usize>)> = Vec::new();
    let mut in_description = true;
    for (i, row) in rows.iter().enumerate() {
        let holes: Vec<(usize, usize)> = row.date.iter().map(|d| (d.start, d.end)).collect();
        let name = split_around(&row.line, &holes, false).into_iter().next();
        let starts = row.kind == RowKind::Header && (in_description || row.blank_before);
        in_description = row.is_description();
        if let Some(name) = name.filter(|_| starts) {
            let project = Project {
                name: Some(ctx.piece_field(&name, "projects.name", 0.7)),
                ..Project::default()
            };
            projects.push((project, Vec::new()));
        } else if let Some((_, description)) = projects.last_mut() {
            if row.is_description() {
                description.push(i);
            }
        }
    }
    projects
        .into_iter()
        .map(|(mut project, description)| {
            project.bullets = bullets(ctx, &rows, &description, "projects.bullet");
            project
        })
        .collect()
}
