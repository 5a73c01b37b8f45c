//! HTML rendering: one self-contained, ATS-friendly page (single column, real headings, no
//! tables) with print CSS for US Letter and A4.

use std::fmt::Write;

use super::contact_line;
use crate::document::ResumeDocument;

const STYLE: &str = "body{font-family:Helvetica,Arial,sans-serif;color:#111;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.4}\
h1{font-size:1.8rem;margin:0}h2{font-size:1.05rem;text-transform:uppercase;letter-spacing:.05em;border-bottom:1px solid #999;margin:1.4rem 0 .4rem}\
h3{font-size:1rem;margin:.8rem 0 .1rem}.headline{margin:.2rem 0}.contact{color:#333;margin:.2rem 0}.meta{color:#555;font-style:italic;margin:0}\
ul{margin:.2rem 0 .4rem 1.1rem;padding:0}p{margin:.3rem 0}\
@media print{body{margin:0;max-width:none;font-size:10.5pt}@page{margin:.6in}h2,h3{break-after:avoid}li{break-inside:avoid}}";

/// Renders `doc` as a standalone HTML page.
pub(super) fn render(doc: &ResumeDocument) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(&doc.name),
        escape(&doc.name)
    );
    if let Some(headline) = &doc.headline {
        let _ = writeln!(out, "<p class=\"headline\">{}</p>", escape(headline));
    }
    if let Some(contact) = contact_line(doc) {
        let _ = writeln!(out, "<p class=\"contact\">{}</p>", escape(&contact));
    }
    out.push_str("</header>\n");
    for section in &doc.sections {
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            escape(&section.id),
            escape(&section.title)
        );
        for entry in &section.entries {
            if let Some(heading) = entry.heading() {
                let _ = writeln!(out, "<h3>{}</h3>", escape(&heading));
            }
            if let Some(meta) = &entry.meta {
                let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(meta));
            }
            for paragraph in &entry.paragraphs {
                let _ = writeln!(out, "<p>{}</p>", escape(paragraph));
            }
            if !entry.bullets.is_empty() {
                out.push_str("<ul>\n");
                for bullet in &entry.bullets {
                    let _ = writeln!(
                        out,
                        "<li id=\"{}\">{}</li>",
                        escape(&bullet.id),
                        escape(&bullet.text)
                    );
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_is_escaped() {
        let doc = ResumeDocument {
            name: "<script>alert('x')</script>".into(),
            ..Default::default()
        };
        let html = render(&doc);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    }
}
