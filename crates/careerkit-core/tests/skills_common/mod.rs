//! Shared by the skills evaluation test, the tagger training example and the skills bench:
//! loading SkillSpan postings and dotin resumes from the shared dev data, the train/test split,
//! and scoring an extractor on them.
#![allow(dead_code)]
// each user needs a different part
// Test-support code (also compiled into the training example and the bench): missing dev data
// should fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use careerkit_core::skills::{LabelledSpan, LabelledText, PhraseKind, SkillExtractor, SpanScores};
use serde::Deserialize;

/// The shared dev data (read-only, never copied into the repository).
pub fn data_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).to_path_buf()
}

/// One SkillSpan posting.
pub struct Posting {
    /// "tech" or "house".
    pub split: String,
    /// Posting number within the dev set.
    pub number: usize,
    /// Text and labelled spans.
    pub doc: LabelledText,
}

impl Posting {
    /// The postings every reported number is measured on and no training ever sees: the
    /// even-numbered "tech" postings (14 of 29).
    pub fn held_out(&self) -> bool {
        self.split == "tech" && self.number % 2 == 0
    }
}

#[derive(Deserialize)]
struct SkillSpanLabels {
    posting_source: String,
    posting_idx: usize,
    spans: Vec<LabelledSpan>,
}

/// All 58 SkillSpan dev postings, sorted by file name.
pub fn skillspan() -> Vec<Posting> {
    let dir = data_dir().join("jds/labels/skillspan");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let labels: SkillSpanLabels =
                serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            let stem = f.file_stem().unwrap().to_str().unwrap();
            let text =
                std::fs::read_to_string(data_dir().join(format!("jds/text/skillspan/{stem}.txt")))
                    .unwrap();
            Posting {
                split: labels.posting_source,
                number: labels.posting_idx,
                doc: LabelledText {
                    text,
                    spans: labels.spans,
                },
            }
        })
        .collect()
}

/// Scores of one extractor on a set of postings.
#[derive(Default, Debug)]
pub struct JdReport {
    /// Tagged knowledge phrases against gold knowledge spans.
    pub knowledge: SpanScores,
    /// Tagged phrases of either kind against gold spans of either kind.
    pub any: SpanScores,
    /// Taxonomy mentions (all) against gold knowledge spans.
    pub taxonomy: SpanScores,
    /// Taxonomy mentions the tagger reads as requirements, against gold knowledge spans.
    pub taxonomy_required: SpanScores,
}

fn gold(doc: &LabelledText, kind: Option<PhraseKind>) -> Vec<(usize, usize)> {
    doc.spans
        .iter()
        .filter(|s| kind.is_none_or(|k| s.kind == k))
        .map(|s| (s.start, s.end))
        .collect()
}

/// Runs `extractor` on every posting and scores it.
pub fn score_postings<'a>(
    extractor: &SkillExtractor,
    postings: impl IntoIterator<Item = &'a Posting>,
) -> JdReport {
    let mut report = JdReport::default();
    for p in postings {
        let phrases = extractor.phrases(&p.doc.text);
        let mentions = extractor.extract(&p.doc.text);
        let knowledge: Vec<(usize, usize)> = phrases
            .iter()
            .filter(|x| x.kind == PhraseKind::Knowledge)
            .map(|x| (x.start, x.end))
            .collect();
        let any: Vec<(usize, usize)> = phrases.iter().map(|x| (x.start, x.end)).collect();
        let tax: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
        let tax_req: Vec<(usize, usize)> = mentions
            .iter()
            .filter(|m| m.requirement)
            .map(|m| (m.start, m.end))
            .collect();
        let gk = gold(&p.doc, Some(PhraseKind::Knowledge));
        report.knowledge.add(&knowledge, &gk);
        report.any.add(&any, &gold(&p.doc, None));
        report.taxonomy.add(&tax, &gk);
        report.taxonomy_required.add(&tax_req, &gk);
    }
    report
}

/// One line of a report: loose P/R/F1 and char-level F1.
pub fn line(name: &str, s: &SpanScores) -> String {
    format!(
        "{name:<34} P {:.3}  R {:.3}  F1 {:.3}  charF1 {:.3}  (pred {}, gold {})",
        s.precision(),
        s.recall(),
        s.f1(),
        s.char_f1(),
        s.predicted,
        s.gold
    )
}

/// One dotin resume: text and its labelled spans by label ("Tech Tools", ...).
pub struct Resume {
    /// File number.
    pub number: usize,
    /// Text.
    pub text: String,
    /// (label, start, end) in characters.
    pub spans: Vec<(String, usize, usize)>,
}

#[derive(Deserialize)]
struct DotinLabels {
    spans: Vec<DotinSpan>,
}

#[derive(Deserialize)]
struct DotinSpan {
    label: String,
    start: usize,
    end: usize,
}

/// The 310 dotin resumes (CC0), sorted by number.
pub fn dotin() -> Vec<Resume> {
    let dir = data_dir().join("resumes/labels/dotin");
    let mut out: Vec<Resume> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            let labels: DotinLabels =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let text =
                std::fs::read_to_string(data_dir().join(format!("resumes/text/dotin/{stem}.txt")))
                    .unwrap();
            Resume {
                number: stem.trim_start_matches("train_").parse().unwrap(),
                text,
                spans: labels
                    .spans
                    .into_iter()
                    .map(|s| (s.label, s.start, s.end))
                    .collect(),
            }
        })
        .collect();
    out.sort_by_key(|r| r.number);
    out
}

impl std::ops::AddAssign for JdReport {
    fn add_assign(&mut self, other: JdReport) {
        self.knowledge += other.knowledge;
        self.any += other.any;
        self.taxonomy += other.taxonomy;
        self.taxonomy_required += other.taxonomy_required;
    }
}

impl JdReport {
    /// The report as printable lines.
    pub fn lines(&self, title: &str) -> String {
        [
            format!("== {title}"),
            line("knowledge phrases (tagger)", &self.knowledge),
            line("skill+knowledge phrases (tagger)", &self.any),
            line("taxonomy mentions vs knowledge", &self.taxonomy),
            line("taxonomy mentions, requirement", &self.taxonomy_required),
        ]
        .join("\n")
    }
}

/// Labels of a dotin resume that name tools, technologies or job skills.
pub const DOTIN_SKILL_LABELS: [&str; 2] = ["Tech Tools", "Job Specific Skills"];
