//! Cover letters on the samples: every achievement is the resume's own bullet under its own
//! employer, no number the resume lacks, tone and length change the framing only, and the
//! exported letter reads back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use careerkit::export::{export, ExportFormat};
use careerkit::letter::{CoverLetter, LetterLength, LetterOptions, Tone};
use careerkit::{Careerkit, ParsedResume};

const RESUME: &[u8] = include_bytes!("../../../samples/resume_jordan_rivera.md");
const JD: &[u8] = include_bytes!("../../../samples/jd_platform_engineer.txt");

fn letter(options: LetterOptions) -> (Careerkit, ParsedResume, CoverLetter) {
    let kit = Careerkit::builder().build().unwrap();
    let resume = kit.parse_resume(RESUME, Some("resume.md")).unwrap();
    let job = kit.read_job(JD, Some("jd.txt")).unwrap();
    let letter = kit.cover_letter(&resume, &job, options);
    (kit, resume, letter)
}

/// Every run of digits in `text` ("3,200" gives "3" and "200").
fn numbers(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_claim_is_the_resumes_own_bullet_under_its_own_employer() {
    for tone in [Tone::Formal, Tone::Warm, Tone::Direct] {
        for length in [
            LetterLength::Short,
            LetterLength::Standard,
            LetterLength::Long,
        ] {
            let (_, resume, letter) = letter(LetterOptions { tone, length });
            let body = letter.paragraphs.join("\n");
            assert!(!letter.evidence.is_empty(), "{tone:?} {length:?}");
            for quoted in &letter.evidence {
                let job = resume
                    .profile
                    .experience
                    .iter()
                    .find(|job| job.bullets.iter().any(|b| b.value == quoted.bullet))
                    .unwrap_or_else(|| panic!("not a resume bullet: {}", quoted.bullet));
                let employer = job.company.as_ref().map(|c| c.value.clone());
                assert_eq!(quoted.employer, employer);
                // Quoted as written, only the first letter lowered after "I".
                assert!(body.contains(&quoted.bullet[1..]), "{body}");
                assert!(body.contains(&format!("At {}, I ", employer.unwrap())));
                // A skill it claims is named in the bullet itself (Docker never stands in for
                // Kubernetes).
                let bullet = quoted.bullet.to_lowercase();
                for skill in &quoted.skills {
                    assert!(
                        bullet.contains(&skill.to_lowercase()),
                        "{skill} claimed from {bullet}"
                    );
                }
                assert!(!quoted.skills.is_empty());
            }
            let invented: Vec<String> = numbers(&body)
                .difference(&numbers(&resume.text.text))
                .cloned()
                .collect();
            // Not one number the resume does not state.
            assert!(invented.is_empty(), "{invented:?} in {body}");
            assert_eq!(letter.signature, "Jordan Rivera");
        }
    }
}

#[test]
fn length_draws_on_more_achievements_and_tone_changes_the_framing() {
    let counts: Vec<(usize, usize)> = [
        LetterLength::Short,
        LetterLength::Standard,
        LetterLength::Long,
    ]
    .into_iter()
    .map(|length| {
        let (_, _, letter) = letter(LetterOptions {
            tone: Tone::Formal,
            length,
        });
        (letter.evidence.len(), letter.word_count())
    })
    .collect();
    assert_eq!(counts.iter().map(|c| c.0).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(
        counts[0].1 < counts[1].1 && counts[1].1 < counts[2].1,
        "{counts:?}"
    );

    let openings: BTreeSet<String> = [Tone::Formal, Tone::Warm, Tone::Direct]
        .into_iter()
        .map(|tone| {
            let (_, _, letter) = letter(LetterOptions {
                tone,
                length: LetterLength::Standard,
            });
            format!("{} / {}", letter.paragraphs[0], letter.closing)
        })
        .collect();
    assert_eq!(openings.len(), 3, "{openings:?}");
    // The two achievements of a standard letter come from both employers.
    let (_, _, standard) = letter(LetterOptions::default());
    let employers: BTreeSet<_> = standard
        .evidence
        .iter()
        .map(|e| e.employer.clone())
        .collect();
    assert_eq!(employers.len(), 2, "{:?}", standard.evidence);
    assert!(standard.subject.contains("Senior Platform Engineer"));
}

#[test]
fn the_exported_letter_reads_back() {
    let (kit, resume, letter) = letter(LetterOptions::default());
    let document = letter.to_document(&resume.profile);
    for (format, name) in [
        (ExportFormat::Pdf, "letter.pdf"),
        (ExportFormat::Docx, "letter.docx"),
    ] {
        let bytes = export(&document, format).unwrap();
        let text = kit.read_text(&bytes, Some(name)).unwrap().text;
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // The PDF template sets section titles (the subject) in capitals.
        for expected in [&letter.greeting, &letter.closing, &letter.subject] {
            assert!(
                flat.to_lowercase().contains(&expected.to_lowercase()),
                "{name}: {expected} missing from {flat}"
            );
        }
        let achievement = &letter.evidence[0].bullet;
        assert!(flat.contains(&achievement[1..]), "{name}: {flat}");
        assert!(flat.contains("jordan.rivera@example.com"), "{name}");
    }
}
