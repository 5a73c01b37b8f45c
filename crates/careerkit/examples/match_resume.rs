//! Embedding careerkit in a Rust service: parse a resume, analyse a job description, and print
//! the score with the changes worth most.
//!
//! Run from the repository root:
//! `cargo run -p careerkit --example match_resume -- samples/resume_jordan_rivera.md samples/jd_platform_engineer.txt`

use careerkit::Careerkit;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let resume_path = args
        .next()
        .unwrap_or_else(|| "samples/resume_jordan_rivera.md".into());
    let jd_path = args
        .next()
        .unwrap_or_else(|| "samples/jd_platform_engineer.txt".into());

    let kit = Careerkit::builder().build()?;
    let resume = kit.parse_resume(&std::fs::read(&resume_path)?, Some(&resume_path))?;
    let job = kit.read_job(&std::fs::read(&jd_path)?, Some(&jd_path))?;
    let gap = kit.analyze(&resume, &job);

    let name = resume
        .profile
        .contact
        .name
        .as_ref()
        .map(|n| n.value.as_str())
        .unwrap_or("(unnamed)");
    println!("{name}: {:.1} / 100", gap.score);
    for factor in &gap.factors {
        println!(
            "  {:<22} {:>5.1} of {:>4.1}  {}",
            factor.label, factor.points, factor.weight, factor.detail
        );
    }
    for suggestion in gap.suggestions.iter().take(3) {
        println!("  {}", suggestion.message);
    }
    Ok(())
}
