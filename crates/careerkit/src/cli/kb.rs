//! `careerkit kb seed [DIR] [--reset]` and `careerkit kb search "QUERY" [-k N] [--json]`: the
//! knowledge base that interview questions and feedback cite, kept under the data directory.

use std::path::Path;

use anyhow::Context;
use careerkit::rag::{KnowledgeBase, RetrievalFilter, SeedProgress};
use careerkit::Careerkit;
use indicatif::{ProgressBar, ProgressStyle};

/// Seeds `dir` (the shipped knowledge base when `None`), after emptying the index if `reset`.
pub fn seed(kit: &Careerkit, dir: Option<&Path>, reset: bool) -> anyhow::Result<()> {
    let kb = kit.open_knowledge_base()?;
    if reset {
        kb.reset()?;
    }
    let bar = seed_bar()?;
    let mut progress = |p: SeedProgress| advance(&bar, p);
    let report = match dir {
        Some(dir) => kb
            .seed_dir(dir, &mut progress)
            .with_context(|| dir.display().to_string())?,
        None => kb.seed_builtin(&mut progress)?,
    };
    bar.finish_and_clear();
    println!(
        "{} documents indexed, {} unchanged; {} chunks written, {} embedded; {} chunks in {}",
        report.documents_indexed,
        report.documents_unchanged,
        report.chunks,
        report.chunks_embedded,
        kb.chunk_count()?,
        kit.knowledge_base_dir().display()
    );
    Ok(())
}

/// A progress bar for seeding, counting documents.
fn seed_bar() -> anyhow::Result<ProgressBar> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} documents ({elapsed})")?
            .progress_chars("=> "),
    );
    bar.set_message("seeding");
    Ok(bar)
}

fn advance(bar: &ProgressBar, p: SeedProgress) {
    bar.set_length(p.total as u64);
    bar.set_position(p.done as u64);
}

/// The knowledge base, seeded with the shipped one (progress bar on stderr) when empty.
pub fn open_seeded(kit: &Careerkit) -> anyhow::Result<KnowledgeBase> {
    let bar = seed_bar()?;
    let kb = kit.open_seeded_knowledge_base(&mut |p| advance(&bar, p))?;
    bar.finish_and_clear();
    Ok(kb)
}

/// Prints the top `k` passages for `query` with their citations.
pub fn search(
    kit: &Careerkit,
    query: &str,
    k: usize,
    filter: RetrievalFilter,
    json: bool,
) -> anyhow::Result<()> {
    let kb = kit.open_knowledge_base()?;
    if kb.chunk_count()? == 0 {
        anyhow::bail!("the knowledge base is empty: run `careerkit kb seed` first");
    }
    let passages = kb.search(query, k, filter)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&passages)?);
        return Ok(());
    }
    for (rank, p) in passages.iter().enumerate() {
        let c = &p.citation;
        println!(
            "{}. {}  (chars {}-{}, score {:.4})",
            rank + 1,
            c.label(),
            c.span.start,
            c.span.end,
            p.score
        );
        let text: String = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown: String = text.chars().take(320).collect();
        let more = if shown.len() < text.len() { "..." } else { "" };
        println!("   {shown}{more}\n");
    }
    Ok(())
}
