//! Measures resume parsing accuracy on the labelled data in `shared/data/resumes` and writes
//! `benches/profile_accuracy/RESULTS.md`.
//!
//! Run from the workspace root:
//!
//! ```text
//! cargo run -p careerkit-core --example profile_accuracy
//! ```

#[path = "../tests/profile_eval/mod.rs"]
mod profile_eval;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let labelled = profile_eval::evaluate_labelled();
    let dotin = profile_eval::evaluate_dotin(None);
    let dotin_lines = profile_eval::evaluate_dotin(Some(false));
    let dotin_flat = profile_eval::evaluate_dotin(Some(true));
    let mut md = String::new();
    md.push_str("# Resume parsing accuracy\n\n");
    md.push_str("Produced by `cargo run -p careerkit-core --example profile_accuracy` ");
    md.push_str("(rules in `crates/careerkit-core/src/extract`, scoring in ");
    md.push_str("`crates/careerkit-core/tests/profile_eval/mod.rs`). The floor test ");
    md.push_str("`tests/profile_accuracy.rs` fails if these numbers drop.\n\n");
    md.push_str(&format!(
        "## Labelled PDF and DOCX resumes ({} documents)\n\n",
        labelled.documents
    ));
    md.push_str(
        "Scoring: names, headline and location compared on letters and digits (case-insensitive); \
         emails lowercase; phones as digits with optional `+`; links as (site, handle) or host/path. \
         An experience entry counts only when title, company and both dates are right; an \
         education entry when institution, degree (with field) and the labelled dates are right. \
         `completeness` is honoured: header-only labels score only contact fields, \"verified on \
         page 1\" scores experience predictions on page 1 only, partial skill lists score recall \
         only.\n\n",
    );
    md.push_str(&labelled.table());
    md.push_str("\n### Confidence calibration\n\n");
    md.push_str(
        "Share of reported values the labels confirm, by confidence band (contact fields, \
         experience titles and companies, education institutions; documents whose labels are \
         exhaustive for those fields).\n\n| confidence | values | confirmed | share |\n|---|---|---|---|\n",
    );
    for (band, n, ok) in profile_eval::calibration() {
        let share = if n == 0 { 0.0 } else { ok as f64 / n as f64 };
        md.push_str(&format!("| {band} | {n} | {ok} | {share:.2} |\n"));
    }
    md.push_str("\n### What was missed\n\n");
    md.push_str(
        "Known causes: links shown only as an icon plus a handle (`bwayne`, `rendercv`) or as \
         link text (`LinkedIn`) carry no site name in the text layer (the URL sits in a PDF link \
         annotation intake does not expose); projects listed under an Experience heading with \
         dates read as jobs (billryan); an institution name wrapped onto the next line (\
         `Indian Institute of Technology` / `Delhi`); moderncv's placeholder address uses ` – ` \
         between parts. Skill chips laid out on one line without separators (`Go Python \
         Node.js`) stay one item.\n\n",
    );
    for m in &labelled.misses {
        md.push_str(&format!("- {m}\n"));
    }
    md.push_str(&format!(
        "\n## dotin plain-text resumes ({} documents)\n\n",
        dotin.documents
    ));
    md.push_str(
        "The dotin labels mark every mention of a field (a company named in a bullet counts), so \
         a prediction is right when it matches some labelled mention, and recall is the share of \
         distinct labelled mentions found: recall here understates what a profile needs. Degrees \
         and colleges match by containment (labels are spans like `B.E.`; careerkit reports the \
         degree phrase). Location: the contact location against the labelled locations.\n\n",
    );
    md.push_str(&dotin.table());
    md.push_str(&format!(
        "\n{} of the {} files are flattened: the text is a quoted Python byte-string repr on one \
         line, runs of spaces where the line breaks were and `\\xe2\\x80\\xa2`-style escapes for \
         non-ASCII characters (a conversion artefact of the data set). careerkit splits flattened \
         text at runs of spaces; the two subsets separately:\n\n#### Multi-line files ({})\n\n",
        dotin_flat.documents, dotin.documents, dotin_lines.documents
    ));
    md.push_str(&dotin_lines.table());
    md.push_str(&format!(
        "\n#### Flattened files ({})\n\n",
        dotin_flat.documents
    ));
    md.push_str(&dotin_flat.table());
    md.push_str("\n### Name confidence by rule (dotin)\n\n| rule | confidence | names | match the label | share |\n|---|---|---|---|---|\n");
    for (rule, conf, n, ok) in profile_eval::dotin_name_calibration() {
        let share = if n == 0 { 0.0 } else { ok as f64 / n as f64 };
        md.push_str(&format!(
            "| {rule} | {conf:.2} | {n} | {ok} | {share:.2} |\n"
        ));
    }
    let out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../benches/profile_accuracy"
    ));
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("RESULTS.md"), &md)?;
    println!("{md}");
    Ok(())
}
