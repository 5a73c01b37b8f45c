//! Accuracy evaluation of resume parsing against the hand-labelled resumes in
//! `shared/data/resumes/labels` and the 310 span-labelled plain-text resumes of the dotin set.
//! Shared by the floor test (`tests/profile_accuracy.rs`) and the report example
//! (`examples/profile_accuracy.rs`), so both measure the same thing.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use careerkit_core::extract::dates::parse_date_range;
use careerkit_core::extract::{normalise_phone, parse_resume};
use careerkit_core::intake::IntakeOptions;
use careerkit_core::profile::{DateRange, EndDate, Experience, PartialDate, Profile};
use careerkit_core::provenance::{Field, Provenance};
use serde_json::Value;

/// The shared data folder.
pub fn data_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

/// True positives, false positives and false negatives of one field.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Per-field counts plus per-document notes on what was missed.
#[derive(Debug, Default)]
pub struct Report {
    pub fields: BTreeMap<&'static str, Counts>,
    pub documents: usize,
    pub misses: Vec<String>,
}

impl Report {
    fn add(&mut self, field: &'static str, counts: Counts) {
        self.fields.entry(field).or_default().add(counts);
    }

    /// F1 of a field (1.0 when the field was never evaluated).
    pub fn f1(&self, field: &str) -> f64 {
        self.fields.get(field).map_or(1.0, Counts::f1)
    }

    /// A Markdown table of the fields.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| field | TP | FP | FN | precision | recall | F1 |\n|---|---|---|---|---|---|---|\n",
        );
        for (name, c) in &self.fields {
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} |\n",
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            ));
        }
        out
    }
}

/// Lowercase letters and digits only: the comparison key for names, titles, companies.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Compares two sets of keys: every label matched by a prediction is a TP.
fn set_counts(labels: &[String], preds: &[String], exhaustive: bool) -> Counts {
    let mut used = vec![false; preds.len()];
    let mut c = Counts::default();
    for l in labels {
        match (0..preds.len()).find(|&i| !used[i] && preds[i] == *l) {
            Some(i) => {
                used[i] = true;
                c.tp += 1;
            }
            None => c.fn_ += 1,
        }
    }
    if exhaustive {
        c.fp = used.iter().filter(|u| !**u).count();
    }
    c
}

fn opt_counts(label: Option<String>, pred: Option<String>) -> Counts {
    match (label, pred) {
        (Some(l), Some(p)) if l == p => Counts {
            tp: 1,
            fp: 0,
            fn_: 0,
        },
        (Some(_), Some(_)) => Counts {
            tp: 0,
            fp: 1,
            fn_: 1,
        },
        (Some(_), None) => Counts {
            tp: 0,
            fp: 0,
            fn_: 1,
        },
        (None, Some(_)) => Counts {
            tp: 0,
            fp: 1,
            fn_: 0,
        },
        (None, None) => Counts::default(),
    }
}

/// A link as (kind, handle or host/path), from a label ("github: x", "linkedin.com/in/x",
/// "www.x.com") or a predicted URL.
pub fn link_key(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let bare = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_string();
    for site in ["linkedin", "github", "gitlab"] {
        if let Some(rest) = bare.strip_prefix(&format!("{site}.com/")) {
            let handle = rest.trim_start_matches("in/").trim_end_matches('/');
            return format!("{site}:{handle}");
        }
        if let Some(rest) = bare.strip_prefix(site) {
            let handle =
                rest.trim_start_matches(|c: char| c == ':' || c == '/' || c.is_whitespace());
            return format!("{site}:{handle}");
        }
    }
    format!("web:{bare}")
}

fn degree_tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\''))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && w != "in")
        .collect()
}

/// Dates of a label entry: `dates` ("Mar. 2010 - Aug. 2017") or `start` / `end`.
fn label_dates(e: &Value) -> Option<(Option<PartialDate>, Option<EndDate>)> {
    if let Some(d) = e["dates"].as_str() {
        let r = parse_date_range(d)?;
        return Some((r.start, r.end));
    }
    let start = e["start"]
        .as_str()
        .and_then(parse_date_range)
        .and_then(|r| r.start);
    let end = e["end"]
        .as_str()
        .and_then(parse_date_range)
        .and_then(|r| match (r.start, r.end) {
            (Some(d), _) => Some(EndDate::Date(d)),
            (None, end) => end,
        });
    if start.is_none() && end.is_none() {
        None
    } else {
        Some((start, end))
    }
}

fn pred_dates(d: &Option<Field<DateRange>>) -> Option<(Option<PartialDate>, Option<EndDate>)> {
    d.as_ref().map(|f| (f.value.start, f.value.end))
}

fn value(f: &Option<Field<String>>) -> Option<String> {
    f.as_ref().map(|f| f.value.clone())
}

fn experience_matches(label: &Value, pred: &Experience) -> bool {
    let title_ok = norm(label["title"].as_str().unwrap_or(""))
        == norm(&value(&pred.title).unwrap_or_default());
    let company_ok = norm(label["company"].as_str().unwrap_or(""))
        == norm(&value(&pred.company).unwrap_or_default());
    let dates_ok = label_dates(label) == pred_dates(&pred.dates);
    title_ok && company_ok && dates_ok
}

fn education_matches(label: &Value, pred: &careerkit_core::profile::Education) -> bool {
    let inst_ok = norm(label["institution"].as_str().unwrap_or(""))
        == norm(&value(&pred.institution).unwrap_or_default());
    let degree_ok = match label["degree"].as_str() {
        None => true,
        Some(d) => {
            let mut want = degree_tokens(d);
            want.extend(
                label["area"]
                    .as_str()
                    .map(degree_tokens)
                    .unwrap_or_default(),
            );
            let degree = value(&pred.degree).unwrap_or_default();
            let mut got = degree_tokens(&degree);
            if let Some(field) = value(&pred.field_of_study) {
                if !degree.contains(&field) {
                    got.extend(degree_tokens(&field));
                }
            }
            want == got
        }
    };
    let dates_ok = match label_dates(label) {
        None => true,
        Some(d) => Some(d) == pred_dates(&pred.dates),
    };
    inst_ok && degree_ok && dates_ok
}

/// Greedy one-to-one matching of label entries to predicted entries.
fn entry_counts<P>(
    labels: &[Value],
    preds: &[&P],
    matches: impl Fn(&Value, &P) -> bool,
    exhaustive: bool,
) -> (Counts, Vec<usize>) {
    let mut used = vec![false; preds.len()];
    let mut c = Counts::default();
    let mut missed = Vec::new();
    for (n, l) in labels.iter().enumerate() {
        match (0..preds.len()).find(|&i| !used[i] && matches(l, preds[i])) {
            Some(i) => {
                used[i] = true;
                c.tp += 1;
            }
            None => {
                c.fn_ += 1;
                missed.push(n);
            }
        }
    }
    if exhaustive {
        c.fp = used.iter().filter(|u| !**u).count();
    }
    (c, missed)
}

/// How far a label file's lists can be trusted, read from its `completeness` note.
struct Completeness {
    header_only: bool,
    experience_page1_only: bool,
    skills: Option<bool>,
}

fn completeness(label: &Value) -> Completeness {
    let note = label["completeness"].as_str().unwrap_or("").to_lowercase();
    let skills_listed = label["skills"].as_array().is_some_and(|s| !s.is_empty());
    let skills = if note.is_empty() {
        Some(true)
    } else if note.contains("header only") || !skills_listed && note.contains("only where") {
        None
    } else if note.contains("skills partial") {
        Some(false)
    } else {
        Some(true)
    };
    Completeness {
        header_only: note.contains("header only"),
        experience_page1_only: note.contains("page 1"),
        skills,
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The labelled resume files (PDF and DOCX) with their labels.
pub fn labelled_documents() -> Vec<(PathBuf, Value)> {
    let dir = data_dir().join("resumes/labels");
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(label) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(file) = label["file"].as_str() else {
            continue;
        };
        out.push((data_dir().join(file), label));
    }
    out
}

/// Parses a file with the public API.
pub fn parse_file(path: &Path) -> Option<(careerkit_core::text::ExtractedText, Profile)> {
    let bytes = std::fs::read(path).ok()?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string());
    parse_resume(&bytes, name.as_deref(), &IntakeOptions::default()).ok()
}

/// Evaluates every labelled PDF/DOCX resume.
pub fn evaluate_labelled() -> Report {
    let mut report = Report::default();
    for (path, label) in labelled_documents() {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some((_, profile)) = parse_file(&path) else {
            report.misses.push(format!("{file}: could not be parsed"));
            continue;
        };
        report.documents += 1;
        let comp = completeness(&label);
        let c = &profile.contact;
        let name = opt_counts(
            label["name"].as_str().map(norm),
            value(&c.name).map(|s| norm(&s)),
        );
        report.add("name", name);
        let headline = opt_counts(
            label["headline"].as_str().map(norm),
            value(&c.headline).map(|s| norm(&s)),
        );
        report.add("headline", headline);
        let location = opt_counts(
            label["location"].as_str().map(norm),
            value(&c.location).map(|s| norm(&s)),
        );
        report.add("location", location);
        let emails = set_counts(
            &strings(&label["emails"])
                .iter()
                .map(|e| e.to_lowercase())
                .collect::<Vec<_>>(),
            &c.emails
                .iter()
                .map(|e| e.value.to_lowercase())
                .collect::<Vec<_>>(),
            true,
        );
        report.add("emails", emails);
        let phones = set_counts(
            &strings(&label["phones"])
                .iter()
                .map(|p| normalise_phone(p))
                .collect::<Vec<_>>(),
            &c.phones
                .iter()
                .map(|p| p.value.normalized.clone())
                .collect::<Vec<_>>(),
            true,
        );
        report.add("phones", phones);
        let links = set_counts(
            &strings(&label["links"])
                .iter()
                .map(|l| link_key(l))
                .collect::<Vec<_>>(),
            &c.links
                .iter()
                .map(|l| link_key(&l.value.url))
                .collect::<Vec<_>>(),
            true,
        );
        report.add("links", links);
        for (field, counts) in [
            ("name", name),
            ("headline", headline),
            ("location", location),
            ("emails", emails),
            ("phones", phones),
            ("links", links),
        ] {
            if counts.fp + counts.fn_ > 0 {
                report.misses.push(format!("{file}: {field} {counts:?}"));
            }
        }
        if comp.header_only {
            continue;
        }
        let edu_labels = label["education"].as_array().cloned().unwrap_or_default();
        let edu_preds: Vec<_> = profile.education.iter().collect();
        let (edu, missed) = entry_counts(&edu_labels, &edu_preds, education_matches, true);
        report.add("education entries", edu);
        for n in missed {
            report
                .misses
                .push(format!("{file}: education entry missed: {}", edu_labels[n]));
        }
        let exp_labels = label["experience"].as_array().cloned().unwrap_or_default();
        let exp_preds: Vec<&Experience> = profile
            .experience
            .iter()
            .chain(profile.volunteering.iter())
            .filter(|e| {
                !comp.experience_page1_only
                    || e.dates
                        .as_ref()
                        .and_then(|d| d.provenance.span)
                        .is_some_and(|s| s.page == 1)
            })
            .collect();
        let (exp, missed) = entry_counts(&exp_labels, &exp_preds, experience_matches, true);
        report.add("experience entries", exp);
        for n in missed {
            report.misses.push(format!(
                "{file}: experience entry missed: {}",
                exp_labels[n]
            ));
        }
        if exp.fp > 0 {
            report
                .misses
                .push(format!("{file}: {} extra experience entries", exp.fp));
        }
        if let Some(exhaustive) = comp.skills {
            let skills = set_counts(
                &strings(&label["skills"])
                    .iter()
                    .map(|s| norm(s))
                    .collect::<Vec<_>>(),
                &profile
                    .skills
                    .iter()
                    .map(|s| norm(&s.value))
                    .collect::<Vec<_>>(),
                exhaustive,
            );
            report.add("skills", skills);
        }
    }
    report
}

/// True when a text was flattened into (almost) one line by its converter: most of the dotin
/// files are Python byte-string reprs with runs of spaces where line breaks were.
pub fn is_flattened(text: &str) -> bool {
    let total = text.chars().count();
    total > 1000 && text.chars().filter(|&c| c == '\n').count() * 400 < total
}

/// Evaluates the dotin plain-text resumes (NER-style labels: every mention of a field);
/// `flattened` keeps only flattened (`Some(true)`) or only multi-line (`Some(false)`) files.
pub fn evaluate_dotin(flattened: Option<bool>) -> Report {
    let mut report = Report::default();
    let dir = data_dir().join("resumes/labels/dotin");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(label) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(file) = label["file"].as_str() else {
            continue;
        };
        let raw = std::fs::read_to_string(data_dir().join(file)).unwrap_or_default();
        if flattened.is_some_and(|want| want != is_flattened(&raw)) {
            continue;
        }
        let Some((_, profile)) = parse_file(&data_dir().join(file)) else {
            continue;
        };
        report.documents += 1;
        let f = &label["fields"];
        let c = &profile.contact;
        report.add(
            "name",
            opt_counts(
                strings(&f["name"]).first().map(|s| norm(s)),
                value(&c.name).map(|s| norm(&s)),
            ),
        );
        let mut label_emails: Vec<String> = strings(&f["email"])
            .iter()
            .map(|e| e.to_lowercase())
            .collect();
        label_emails.dedup();
        report.add(
            "emails",
            set_counts(
                &label_emails,
                &c.emails
                    .iter()
                    .map(|e| e.value.to_lowercase())
                    .collect::<Vec<_>>(),
                true,
            ),
        );
        let titles: Vec<String> = profile
            .experience
            .iter()
            .filter_map(|e| value(&e.title))
            .chain(value(&c.headline))
            .collect();
        report.add(
            "designations",
            mention_counts(&strings(&f["designations"]), &titles, false),
        );
        let companies: Vec<String> = profile
            .experience
            .iter()
            .filter_map(|e| value(&e.company))
            .collect();
        report.add(
            "companies",
            mention_counts(&strings(&f["companies"]), &companies, false),
        );
        let degrees: Vec<String> = profile
            .education
            .iter()
            .filter_map(|e| value(&e.degree))
            .collect();
        report.add(
            "degrees",
            mention_counts(&strings(&f["degrees"]), &degrees, true),
        );
        let colleges: Vec<String> = profile
            .education
            .iter()
            .filter_map(|e| value(&e.institution))
            .collect();
        report.add(
            "colleges",
            mention_counts(&strings(&f["colleges"]), &colleges, true),
        );
        let location: Vec<String> = value(&c.location).into_iter().collect();
        let label_locations = strings(&f["locations"]);
        let loc = mention_counts(&label_locations, &location, true);
        // Recall here is whether the header location was found: count at most one label.
        report.add(
            "location",
            Counts {
                tp: loc.tp.min(1),
                fp: loc.fp,
                fn_: usize::from(loc.tp == 0 && !label_locations.is_empty()),
            },
        );
    }
    report
}

/// Predictions against labelled mentions: a prediction is right if it equals (or, with
/// `containment`, contains or is contained in) some mention; recall counts distinct mentions
/// found.
fn mention_counts(mentions: &[String], preds: &[String], containment: bool) -> Counts {
    let mut distinct: Vec<String> = mentions
        .iter()
        .map(|m| norm(m))
        .filter(|m| !m.is_empty())
        .collect();
    distinct.sort();
    distinct.dedup();
    let hit = |m: &str, p: &str| {
        m == p || containment && !p.is_empty() && (m.contains(p) || p.contains(m))
    };
    let preds: Vec<String> = preds
        .iter()
        .map(|p| norm(p))
        .filter(|p| !p.is_empty())
        .collect();
    let tp_preds = preds
        .iter()
        .filter(|p| distinct.iter().any(|m| hit(m, p)))
        .count();
    let found = distinct
        .iter()
        .filter(|m| preds.iter().any(|p| hit(m, p)))
        .count();
    Counts {
        tp: found,
        fp: preds.len() - tp_preds,
        fn_: distinct.len() - found,
    }
}

/// Every field of a profile with a printable value, for span and provenance checks.
pub fn all_fields(p: &Profile) -> Vec<(&'static str, String, &Provenance)> {
    let mut out: Vec<(&'static str, String, &Provenance)> = Vec::new();
    fn s<'a>(
        out: &mut Vec<(&'static str, String, &'a Provenance)>,
        kind: &'static str,
        f: &'a Option<Field<String>>,
    ) {
        if let Some(f) = f {
            out.push((kind, f.value.clone(), &f.provenance));
        }
    }
    let c = &p.contact;
    s(&mut out, "name", &c.name);
    s(&mut out, "headline", &c.headline);
    s(&mut out, "location", &c.location);
    s(&mut out, "summary", &p.summary);
    for e in p.experience.iter().chain(p.volunteering.iter()) {
        s(&mut out, "title", &e.title);
        s(&mut out, "company", &e.company);
        s(&mut out, "location", &e.location);
    }
    for e in &p.education {
        s(&mut out, "institution", &e.institution);
        s(&mut out, "degree", &e.degree);
        s(&mut out, "field", &e.field_of_study);
        s(&mut out, "grade", &e.grade);
        s(&mut out, "location", &e.location);
    }
    for e in &p.projects {
        s(&mut out, "project", &e.name);
    }
    for e in &c.emails {
        out.push(("email", e.value.clone(), &e.provenance));
    }
    for e in &c.phones {
        out.push(("phone", e.value.raw.clone(), &e.provenance));
    }
    for e in &c.links {
        let handle = e
            .value
            .url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        out.push(("link", handle, &e.provenance));
    }
    for e in p.experience.iter().chain(p.volunteering.iter()) {
        if let Some(d) = &e.dates {
            out.push(("dates", d.value.raw.clone(), &d.provenance));
        }
        for b in &e.bullets {
            out.push(("bullet", b.value.clone(), &b.provenance));
        }
    }
    for e in &p.education {
        if let Some(d) = &e.dates {
            out.push(("dates", d.value.raw.clone(), &d.provenance));
        }
    }
    for e in &p.projects {
        for b in &e.bullets {
            out.push(("bullet", b.value.clone(), &b.provenance));
        }
    }
    for (kind, list) in [
        ("skill", &p.skills),
        ("certification", &p.certifications),
        ("language", &p.languages),
        ("award", &p.awards),
        ("publication", &p.publications),
    ] {
        for f in list {
            out.push((kind, f.value.clone(), &f.provenance));
        }
    }
    out
}

/// Confidence calibration on the labelled resumes: for each confidence band, how many values
/// careerkit reported and how many the labels confirm. Covers the contact fields and the
/// title, company, institution and degree of entries (judged against any labelled entry).
pub fn calibration() -> Vec<(&'static str, usize, usize)> {
    const BANDS: [(&str, f32); 5] = [
        ("0.90-1.00", 0.9),
        ("0.80-0.89", 0.8),
        ("0.70-0.79", 0.7),
        ("0.50-0.69", 0.5),
        ("< 0.50", 0.0),
    ];
    let mut counts = vec![(0usize, 0usize); BANDS.len()];
    for (path, label) in labelled_documents() {
        let Some((_, p)) = parse_file(&path) else {
            continue;
        };
        let comp = completeness(&label);
        let mut judged: Vec<(f32, bool)> = Vec::new();
        let c = &p.contact;
        let one = |f: &Option<Field<String>>, key: &str| {
            f.as_ref().map(|f| {
                (
                    f.provenance.confidence,
                    label[key]
                        .as_str()
                        .is_some_and(|l| norm(l) == norm(&f.value)),
                )
            })
        };
        judged.extend(one(&c.name, "name"));
        judged.extend(one(&c.headline, "headline"));
        judged.extend(one(&c.location, "location"));
        let emails = strings(&label["emails"])
            .iter()
            .map(|e| e.to_lowercase())
            .collect::<Vec<_>>();
        judged.extend(c.emails.iter().map(|e| {
            (
                e.provenance.confidence,
                emails.contains(&e.value.to_lowercase()),
            )
        }));
        let phones = strings(&label["phones"])
            .iter()
            .map(|p| normalise_phone(p))
            .collect::<Vec<_>>();
        judged.extend(c.phones.iter().map(|e| {
            (
                e.provenance.confidence,
                phones.contains(&e.value.normalized),
            )
        }));
        let links = strings(&label["links"])
            .iter()
            .map(|l| link_key(l))
            .collect::<Vec<_>>();
        judged.extend(c.links.iter().map(|e| {
            (
                e.provenance.confidence,
                links.contains(&link_key(&e.value.url)),
            )
        }));
        if !comp.header_only && !comp.experience_page1_only {
            let entries = label["experience"].as_array().cloned().unwrap_or_default();
            let known = |key: &str, v: &str| {
                entries
                    .iter()
                    .any(|e| norm(e[key].as_str().unwrap_or("")) == norm(v))
            };
            for e in p.experience.iter().chain(p.volunteering.iter()) {
                judged.extend(
                    e.title
                        .as_ref()
                        .map(|f| (f.provenance.confidence, known("title", &f.value))),
                );
                judged.extend(
                    e.company
                        .as_ref()
                        .map(|f| (f.provenance.confidence, known("company", &f.value))),
                );
            }
        }
        if !comp.header_only {
            let entries = label["education"].as_array().cloned().unwrap_or_default();
            for e in &p.education {
                let inst_ok = |v: &str| {
                    entries
                        .iter()
                        .any(|l| norm(l["institution"].as_str().unwrap_or("")) == norm(v))
                };
                judged.extend(
                    e.institution
                        .as_ref()
                        .map(|f| (f.provenance.confidence, inst_ok(&f.value))),
                );
            }
        }
        for (conf, ok) in judged {
            let band = BANDS
                .iter()
                .position(|&(_, lo)| conf >= lo)
                .unwrap_or(BANDS.len() - 1);
            counts[band].0 += 1;
            counts[band].1 += usize::from(ok);
        }
    }
    BANDS
        .iter()
        .zip(counts)
        .map(|(&(name, _), (n, ok))| (name, n, ok))
        .collect()
}

/// Name calibration on the dotin resumes: for each rule that reported a name, how many names it
/// gave and how many match the labelled name.
pub fn dotin_name_calibration() -> Vec<(String, f32, usize, usize)> {
    let mut by_rule: BTreeMap<String, (f32, usize, usize)> = BTreeMap::new();
    let dir = data_dir().join("resumes/labels/dotin");
    let paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(label) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(file) = label["file"].as_str() else {
            continue;
        };
        let Some((_, profile)) = parse_file(&data_dir().join(file)) else {
            continue;
        };
        let Some(name) = &profile.contact.name else {
            continue;
        };
        let rule = match &name.provenance.extractor {
            careerkit_core::provenance::Extractor::Rule { name } => name.clone(),
            _ => String::new(),
        };
        let ok = strings(&label["fields"]["name"])
            .first()
            .is_some_and(|l| norm(l) == norm(&name.value));
        let entry = by_rule
            .entry(rule)
            .or_insert((name.provenance.confidence, 0, 0));
        entry.1 += 1;
        entry.2 += usize::from(ok);
    }
    by_rule
        .into_iter()
        .map(|(rule, (conf, n, ok))| (rule, conf, n, ok))
        .collect()
}
