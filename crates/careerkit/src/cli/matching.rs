//! `careerkit match RESUME JD [--json] [--chart DIR]`.

use std::path::Path;

use careerkit::Careerkit;

/// Scores a resume against a job description and prints or writes the analysis.
pub fn run(
    kit: &Careerkit,
    resume_path: &Path,
    jd_path: &Path,
    json: bool,
    chart_dir: Option<&Path>,
) -> anyhow::Result<()> {
    let resume = super::read_resume(kit, resume_path)?;
    let job = super::read_job(kit, jd_path)?;
    let gap = kit.analyze(&resume, &job);
    if let Some(dir) = chart_dir {
        let written = super::charts::write_charts(&gap, dir)?;
        if !json {
            for path in written {
                println!("wrote {}", path.display());
            }
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&gap)?);
    } else {
        super::report::print_analysis(&gap);
        println!();
        super::report::print_ats(&kit.ats_check(&resume));
    }
    Ok(())
}
