//! PDF -> text throughput and quality, called by `benches/pdf_text/run.sh`.
//!
//! ```text
//! cargo run --release -p careerkit-core --example pdf_text_bench -- extract OUT_DIR [ROUNDS]
//!     extracts the resume PDFs ROUNDS times (default 20) with careerkit, writes OUT_DIR/<stem>.txt
//!     and prints `resumes/s`
//! cargo run --release -p careerkit-core --example pdf_text_bench -- baseline OUT_DIR
//!     writes pdf-extract's own plain text (what careerkit used before) for comparison
//! cargo run --release -p careerkit-core --example pdf_text_bench -- score NAME TEXT_DIR
//!     scores TEXT_DIR/<stem>.txt against poppler's text (word F1) and the labels (fields intact)
//! cargo run -p careerkit-core --example pdf_text_bench -- show FILE
//!     prints one file's text and warnings
//! ```

#[path = "../tests/pdf_common/mod.rs"]
mod pdf_common;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use careerkit_core::intake::{extract_text, IntakeOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["extract", out] => extract(Path::new(out), 20),
        ["extract", out, rounds] => match rounds.parse() {
            Ok(n) => extract(Path::new(out), n),
            Err(e) => Err(format!("ROUNDS: {e}")),
        },
        ["baseline", out] => baseline(Path::new(out)),
        ["score", name, dir] => score(name, Path::new(dir)),
        ["show", file] => show(Path::new(file)),
        _ => Err(
            "usage: pdf_text_bench extract OUT_DIR [ROUNDS] | baseline OUT_DIR | score NAME TEXT_DIR | show FILE"
                .into(),
        ),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn extract(out: &Path, rounds: u32) -> Result<(), String> {
    let files: Vec<(PathBuf, Vec<u8>)> = pdf_common::resume_pdfs()
        .into_iter()
        .map(|p| std::fs::read(&p).map(|b| (p, b)))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let options = IntakeOptions::default();
    for (path, bytes) in &files {
        let text = extract_text(bytes, Some("resume.pdf"), &options)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let target = out.join(format!("{}.txt", pdf_common::stem(path)));
        std::fs::write(target, text.text).map_err(|e| e.to_string())?;
    }
    let start = Instant::now();
    for _ in 0..rounds {
        for (_, bytes) in &files {
            let _ = extract_text(bytes, Some("resume.pdf"), &options);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = files.len() as f64 * f64::from(rounds);
    println!(
        "careerkit\t{:.1} resumes/s\t({n} extractions in {secs:.2} s)",
        n / secs
    );
    Ok(())
}

fn baseline(out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    for path in pdf_common::resume_pdfs() {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        // pdf-extract panics on purpose on some input; a panic counts as no text.
        let pages =
            std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(&bytes));
        let text = match pages {
            Ok(Ok(pages)) => pages.join("\u{c}"),
            Ok(Err(e)) => format!("error: {e:?}"),
            Err(_) => "panic".to_string(),
        };
        let target = out.join(format!("{}.txt", pdf_common::stem(&path)));
        std::fs::write(target, text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn show(file: &Path) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let name = file.file_name().and_then(|n| n.to_str());
    let text = extract_text(&bytes, name, &IntakeOptions::default()).map_err(|e| e.to_string())?;
    println!("{}", text.text);
    for warning in &text.warnings {
        eprintln!("warning: {warning:?}");
    }
    Ok(())
}

fn score(name: &str, dir: &Path) -> Result<(), String> {
    let mut f1s = Vec::new();
    let (mut found, mut labelled) = (0usize, 0usize);
    for pdf in pdf_common::resume_pdfs() {
        let stem = pdf_common::stem(&pdf);
        let text = std::fs::read_to_string(dir.join(format!("{stem}.txt"))).unwrap_or_default();
        let reference =
            pdf_common::poppler_text(&stem).ok_or(format!("no poppler text for {stem}"))?;
        let f1 = pdf_common::word_f1(&text, &reference);
        let fields = pdf_common::labelled_fields(&stem);
        let missing = pdf_common::missing_fields(&text, &fields);
        found += fields.len() - missing.len();
        labelled += fields.len();
        println!("{name}\t{stem}\tF1 {f1:.3}\tmissing {missing:?}");
        f1s.push(f1);
    }
    f1s.sort_by(f64::total_cmp);
    let mean = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;
    println!(
        "{name}\tSUMMARY\tmean F1 {mean:.3}\tmin F1 {:.3}\tfields intact {found}/{labelled} ({:.1}%)",
        f1s.first().copied().unwrap_or(0.0),
        100.0 * found as f64 / labelled.max(1) as f64
    );
    Ok(())
}
