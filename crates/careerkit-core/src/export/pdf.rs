//! PDF rendering on lopdf: US Letter, the standard Helvetica fonts (no font files to ship, so it
//! works on a phone), WinAnsi text so every extractor reads it back, lines wrapped with
//! Helvetica's metrics and paginated.

use encoding_rs::WINDOWS_1252;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

use super::contact_line;
use crate::document::ResumeDocument;
use crate::error::{Error, Result};

const PAGE_WIDTH: f32 = 612.0;
const PAGE_HEIGHT: f32 = 792.0;
const MARGIN: f32 = 54.0;
const BULLET_INDENT: f32 = 12.0;

/// The three faces the renderer uses, by their resource names.
#[derive(Clone, Copy, PartialEq)]
enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    fn resource(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Bold => "F2",
            Face::Italic => "F3",
        }
    }
}

/// Renders `doc` as a PDF.
pub(super) fn render(doc: &ResumeDocument) -> Result<Vec<u8>> {
    let mut layout = Layout::new();
    layout.paragraph(&doc.name, 20.0, Face::Bold, 0.0);
    if let Some(headline) = &doc.headline {
        layout.paragraph(headline, 12.0, Face::Regular, 0.0);
    }
    if let Some(contact) = contact_line(doc) {
        layout.paragraph(&contact, 10.0, Face::Regular, 0.0);
    }
    for section in &doc.sections {
        layout.gap(8.0);
        layout.paragraph(&section.title.to_uppercase(), 12.0, Face::Bold, 0.0);
        layout.rule();
        for entry in &section.entries {
            if let Some(heading) = entry.heading() {
                layout.gap(3.0);
                layout.paragraph(&heading, 11.0, Face::Bold, 0.0);
            }
            if let Some(meta) = &entry.meta {
                layout.paragraph(meta, 10.0, Face::Italic, 0.0);
            }
            for paragraph in &entry.paragraphs {
                layout.paragraph(paragraph, 10.5, Face::Regular, 0.0);
            }
            for bullet in &entry.bullets {
                layout.bullet(&bullet.text, 10.5);
            }
        }
    }
    layout.finish(&doc.name)
}

/// Places text top to bottom, page by page, as lopdf content operations.
struct Layout {
    pages: Vec<Vec<Operation>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    fn ensure_room(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.pages.push(Vec::new());
            self.y = PAGE_HEIGHT - MARGIN;
        }
    }

    fn ops(&mut self) -> &mut Vec<Operation> {
        // `pages` starts with one page and only grows.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn paragraph(&mut self, text: &str, size: f32, face: Face, indent: f32) {
        let width = PAGE_WIDTH - 2.0 * MARGIN - indent;
        for line in wrap(text, size, face, width) {
            self.line(&line, size, face, MARGIN + indent);
        }
    }

    fn bullet(&mut self, text: &str, size: f32) {
        let width = PAGE_WIDTH - 2.0 * MARGIN - BULLET_INDENT;
        for (i, line) in wrap(text, size, Face::Regular, width)
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                self.ensure_room(size * 1.3);
                let y = self.y - size;
                self.show("•", size, Face::Regular, MARGIN + 2.0, y);
            }
            self.line(&line, size, Face::Regular, MARGIN + BULLET_INDENT);
        }
    }

    fn line(&mut self, text: &str, size: f32, face: Face, x: f32) {
        let leading = size * 1.3;
        self.ensure_room(leading);
        let baseline = self.y - size;
        self.show(text, size, face, x, baseline);
        self.y -= leading;
    }

    fn show(&mut self, text: &str, size: f32, face: Face, x: f32, y: f32) {
        let ops = self.ops();
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new(
            "Tf",
            vec![face.resource().into(), size.into()],
        ));
        ops.push(Operation::new("Td", vec![x.into(), y.into()]));
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal(win_ansi(text))],
        ));
        ops.push(Operation::new("ET", vec![]));
    }

    fn rule(&mut self) {
        let y = self.y - 2.0;
        let ops = self.ops();
        ops.push(Operation::new("w", vec![0.5.into()]));
        ops.push(Operation::new("m", vec![MARGIN.into(), y.into()]));
        ops.push(Operation::new(
            "l",
            vec![(PAGE_WIDTH - MARGIN).into(), y.into()],
        ));
        ops.push(Operation::new("S", vec![]));
        self.y -= 5.0;
    }

    fn finish(self, title: &str) -> Result<Vec<u8>> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = |base: &str| {
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "BaseFont" => base,
                "Encoding" => "WinAnsiEncoding",
            }
        };
        let fonts = dictionary! {
            "F1" => doc.add_object(font("Helvetica")),
            "F2" => doc.add_object(font("Helvetica-Bold")),
            "F3" => doc.add_object(font("Helvetica-Oblique")),
        };
        let resources_id = doc.add_object(dictionary! { "Font" => fonts });
        let mut kids = Vec::with_capacity(self.pages.len());
        for operations in self.pages {
            let content = Content { operations }.encode().map_err(pdf_error)?;
            let content_id = doc.add_object(Stream::new(dictionary! {}, content));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
            });
            kids.push(Object::from(page_id));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        let info_id = doc.add_object(dictionary! {
            "Title" => Object::string_literal(win_ansi(title)),
            "Producer" => "careerkit",
        });
        doc.trailer.set("Root", catalog_id);
        doc.trailer.set("Info", info_id);
        doc.compress();
        let mut out = Vec::new();
        doc.save_to(&mut out).map_err(pdf_error)?;
        Ok(out)
    }
}

fn pdf_error(e: impl std::fmt::Display) -> Error {
    Error::Io(std::io::Error::other(format!("PDF writer: {e}")))
}

/// Encodes text in WinAnsi (Windows-1252), the encoding of the standard fonts; characters it
/// lacks become `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for ch in text.chars() {
        let (bytes, _, unmappable) = WINDOWS_1252.encode(ch.encode_utf8(&mut buf));
        if unmappable {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// Breaks `text` into lines no wider than `width` points.
fn wrap(text: &str, size: f32, face: Face, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if !current.is_empty() && text_width(&candidate, size, face) > width {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Width of `text` in points, from Helvetica's advance widths (thousandths of an em, from the
/// font's public AFM metrics); bold is taken as 10% wider, which never underestimates it.
fn text_width(text: &str, size: f32, face: Face) -> f32 {
    const ASCII_WIDTHS: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
        556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
        722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
        667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
        556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
        500, 334, 260, 334, 584,
    ];
    let units: u32 = text
        .chars()
        .map(|c| match c as u32 {
            code @ 32..=126 => u32::from(ASCII_WIDTHS[(code - 32) as usize]),
            _ => 1000,
        })
        .sum();
    let factor = if face == Face::Bold { 1.1 } else { 1.0 };
    units as f32 / 1000.0 * size * factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "Designed and shipped a streaming ingestion pipeline handling 40k events per second with exactly-once semantics across three regions";
        let lines = wrap(text, 10.5, Face::Regular, 200.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.join(" "), text);
        assert!(lines
            .iter()
            .all(|l| text_width(l, 10.5, Face::Regular) <= 200.0));
    }

    #[test]
    fn unmappable_characters_become_question_marks() {
        assert_eq!(win_ansi("Zoë → 東"), b"Zo\xeb ? ?");
    }
}
