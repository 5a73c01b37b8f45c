//! DOCX rendering with docx-rs: real heading sizes, real Word bullets (a numbering definition,
//! not typed glyphs), one column, no tables or text boxes, so applicant tracking systems read it.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
    NumberingId, Paragraph, Run, SpecialIndentType, Start,
};

use super::contact_line;
use crate::document::ResumeDocument;
use crate::error::{Error, Result};

const BULLET_NUMBERING: usize = 1;

/// Renders `doc` as a DOCX file.
pub(super) fn render(doc: &ResumeDocument) -> Result<Vec<u8>> {
    let bullet_level = Level::new(
        0,
        Start::new(1),
        NumberFormat::new("bullet"),
        LevelText::new("•"),
        LevelJc::new("left"),
    )
    .indent(Some(360), Some(SpecialIndentType::Hanging(240)), None, None);
    let mut docx = Docx::new()
        .add_abstract_numbering(AbstractNumbering::new(BULLET_NUMBERING).add_level(bullet_level))
        .add_numbering(Numbering::new(BULLET_NUMBERING, BULLET_NUMBERING))
        .add_paragraph(line(&doc.name, 36, true, false));
    if let Some(headline) = &doc.headline {
        docx = docx.add_paragraph(line(headline, 24, false, false));
    }
    if let Some(contact) = contact_line(doc) {
        docx = docx.add_paragraph(line(&contact, 20, false, false));
    }
    for section in &doc.sections {
        docx = docx.add_paragraph(line(&section.title.to_uppercase(), 24, true, false));
        for entry in &section.entries {
            if let Some(heading) = entry.heading() {
                docx = docx.add_paragraph(line(&heading, 22, true, false));
            }
            if let Some(meta) = &entry.meta {
                docx = docx.add_paragraph(line(meta, 20, false, true));
            }
            for paragraph in &entry.paragraphs {
                docx = docx.add_paragraph(line(paragraph, 21, false, false));
            }
            for bullet in &entry.bullets {
                docx = docx.add_paragraph(
                    line(&bullet.text, 21, false, false)
                        .numbering(NumberingId::new(BULLET_NUMBERING), IndentLevel::new(0)),
                );
            }
        }
    }
    let mut out = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| Error::Io(std::io::Error::other(e)))?;
    Ok(out.into_inner())
}

/// A paragraph of one run; `half_points` is Word's font size unit.
fn line(text: &str, half_points: usize, bold: bool, italic: bool) -> Paragraph {
    let mut run = Run::new().add_text(text).size(half_points);
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    Paragraph::new().add_run(run)
}
