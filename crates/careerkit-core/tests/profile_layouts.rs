//! Layouts the parser must handle: a two-column LaTeX resume (Deedy), Markdown and plain-text
//! resumes written here (fictional people), and letter-spaced headings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod profile_eval;

use careerkit_core::extract::parse_resume;
use careerkit_core::intake::IntakeOptions;
use careerkit_core::profile::{EndDate, LinkKind, PartialDate, Profile, SectionKind};
use careerkit_core::provenance::Field;

fn parse(text: &str, name: &str) -> Profile {
    parse_resume(text.as_bytes(), Some(name), &IntakeOptions::default())
        .unwrap()
        .1
}

fn v(f: &Option<Field<String>>) -> &str {
    f.as_ref().map_or("", |f| f.value.as_str())
}

fn ym(year: i32, month: u8) -> PartialDate {
    PartialDate {
        year,
        month: Some(month),
    }
}

#[test]
fn deedy_two_column_resume() {
    let path = profile_eval::data_dir().join("resumes/pdf/deedy__resume_openfont.pdf");
    let (_, p) = profile_eval::parse_file(&path).unwrap();
    assert_eq!(v(&p.contact.name), "Debarghya Das");
    let emails: Vec<&str> = p.contact.emails.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(emails, ["deedy@fb.com", "dd367@cornell.edu"]);
    let kinds: Vec<SectionKind> = p.sections.iter().map(|s| s.kind).collect();
    for k in [
        SectionKind::Education,
        SectionKind::Skills,
        SectionKind::Experience,
        SectionKind::Awards,
        SectionKind::Publications,
    ] {
        assert!(kinds.contains(&k), "{k:?} in {kinds:?}");
    }
    let jobs: Vec<(&str, &str)> = p
        .experience
        .iter()
        .map(|e| (v(&e.company), v(&e.title)))
        .collect();
    assert_eq!(jobs.len(), 6, "{jobs:?}");
    assert_eq!(jobs[0], ("FACEBOOK", "SOFTWARE ENGINEER"));
    assert_eq!(jobs[4], ("CORNELL ROBOT LEARNING LAB", "RESEARCHER"));
    let first = p.experience[0].dates.as_ref().unwrap();
    assert_eq!(first.value.start, Some(ym(2015, 1)));
    assert_eq!(first.value.end, Some(EndDate::Present));
    let schools: Vec<&str> = p.education.iter().map(|e| v(&e.institution)).collect();
    assert_eq!(
        schools,
        [
            "CORNELL UNIVERSITY",
            "CORNELL UNIVERSITY",
            "LA MARTINIERE FOR BOYS"
        ]
    );
    assert_eq!(v(&p.education[1].grade), "3.83 / 4.0");
    let github = p
        .contact
        .links
        .iter()
        .find(|l| l.value.kind == LinkKind::Github)
        .unwrap();
    assert_eq!(github.value.url, "https://github.com/deedydas");
}

const MARKDOWN: &str = "# Priya Raman
Platform Engineer

priya.raman@example.net · +44 20 7946 0958 · London, UK
[github.com/praman-dev](https://github.com/praman-dev) · LinkedIn: priya-raman-dev

## Summary
Platform engineer who builds paved roads for product teams.

## Experience

### Staff Platform Engineer at Northwind Traders
Jun 2021 – Present · London, UK
- Built a self-service deployment platform used by 40 teams
- Cut cloud spend by 22% with autoscaling policies

### Fabrikam Ltd — Site Reliability Engineer
06/2018 - 05/2021
- Ran the on-call rotation for payments

## Education
**University of Leeds**
BSc in Computer Science, 2014 - 2018, First Class Honours

## Skills
- Languages: Go, Rust, Python
- Infrastructure: Kubernetes | Terraform | AWS

## Languages
English (native), Tamil (fluent)
";

#[test]
fn markdown_resume() {
    let p = parse(MARKDOWN, "priya.md");
    let c = &p.contact;
    assert_eq!(v(&c.name), "Priya Raman");
    assert_eq!(v(&c.headline), "Platform Engineer");
    assert_eq!(c.emails[0].value, "priya.raman@example.net");
    assert_eq!(c.phones[0].value.normalized, "+442079460958");
    assert_eq!(v(&c.location), "London, UK");
    let urls: Vec<&str> = c.links.iter().map(|l| l.value.url.as_str()).collect();
    assert!(urls.contains(&"https://github.com/praman-dev"), "{urls:?}");
    assert!(
        urls.contains(&"https://www.linkedin.com/in/priya-raman-dev"),
        "{urls:?}"
    );
    assert!(v(&p.summary).starts_with("Platform engineer who builds"));

    assert_eq!(p.experience.len(), 2);
    let first = &p.experience[0];
    assert_eq!(v(&first.title), "Staff Platform Engineer");
    assert_eq!(v(&first.company), "Northwind Traders");
    assert_eq!(v(&first.location), "London, UK");
    assert_eq!(first.dates.as_ref().unwrap().value.start, Some(ym(2021, 6)));
    assert_eq!(first.bullets.len(), 2);
    let second = &p.experience[1];
    assert_eq!(v(&second.title), "Site Reliability Engineer");
    assert_eq!(v(&second.company), "Fabrikam Ltd");
    let d = &second.dates.as_ref().unwrap().value;
    assert_eq!(
        (d.start, d.end),
        (Some(ym(2018, 6)), Some(EndDate::Date(ym(2021, 5))))
    );

    let school = &p.education[0];
    assert_eq!(v(&school.institution), "University of Leeds");
    assert_eq!(v(&school.field_of_study), "Computer Science");
    let skills: Vec<&str> = p.skills.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(
        skills,
        ["Go", "Rust", "Python", "Kubernetes", "Terraform", "AWS"]
    );
    let languages: Vec<&str> = p.languages.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(languages, ["English", "Tamil"]);
}

const PLAIN: &str = "MARCUS OYELARAN
Data Analyst
Lagos, Nigeria | marcus.o@example.com | 0803 555 0199

W O R K   E X P E R I E N C E

Senior Data Analyst
Contoso Bank
2019 - 2023
Built the credit-risk dashboards used by the lending team.
Automated monthly regulatory reports.

Data Analyst, Tailspin Logistics, Summer 2018

E D U C A T I O N

University of Ibadan
B.Sc. Statistics
Graduated 2018 | GPA: 4.5/5.0

S K I L L S
SQL, Power BI, Python (pandas), Excel
";

#[test]
fn plain_text_resume_with_letter_spaced_headings() {
    let p = parse(PLAIN, "marcus.txt");
    let kinds: Vec<(SectionKind, &str)> = p
        .sections
        .iter()
        .map(|s| (s.kind, s.heading.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (SectionKind::Header, ""),
            (SectionKind::Experience, "WORK EXPERIENCE"),
            (SectionKind::Education, "EDUCATION"),
            (SectionKind::Skills, "SKILLS")
        ]
    );
    let heading = &p.sections[1].span;
    let covered: String = PLAIN.chars().skip(heading.start).take(21).collect();
    assert_eq!(covered, "W O R K   E X P E R I");
    assert_eq!(v(&p.contact.name), "MARCUS OYELARAN");
    assert_eq!(v(&p.contact.location), "Lagos, Nigeria");
    assert_eq!(p.contact.phones[0].value.normalized, "08035550199");

    assert_eq!(p.experience.len(), 2);
    assert_eq!(v(&p.experience[0].title), "Senior Data Analyst");
    assert_eq!(v(&p.experience[0].company), "Contoso Bank");
    assert_eq!(p.experience[0].bullets.len(), 2);
    assert_eq!(v(&p.experience[1].title), "Data Analyst");
    assert_eq!(v(&p.experience[1].company), "Tailspin Logistics");
    assert_eq!(
        p.experience[1].dates.as_ref().unwrap().value.start,
        Some(ym(2018, 6))
    );

    let school = &p.education[0];
    assert_eq!(v(&school.institution), "University of Ibadan");
    assert_eq!(v(&school.degree), "B.Sc. Statistics");
    assert_eq!(v(&school.grade), "4.5/5.0");
    let skills: Vec<&str> = p.skills.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(skills, ["SQL", "Power BI", "Python (pandas)", "Excel"]);
}

#[test]
fn odd_input_never_panics_and_spans_stay_in_bounds() {
    // Characters whose lowercase form has another byte length, combining marks, RTL text, form
    // feeds, tabs, lone bullets and dashes, in a deterministic jumble.
    let alphabet: Vec<&str> = vec![
        "K",
        "İ",
        "ſ",
        "é",
        "\u{301}",
        "שלום",
        "•",
        "-",
        "–",
        "|",
        "\t",
        "  ",
        "\n",
        "\u{c}",
        "2020",
        "Jan",
        "Present",
        ",",
        ".",
        "@",
        "http://",
        "github.com/",
        "Experience",
        "Skills",
        ":",
        "(",
        ")",
        "#",
        "Engineer",
        "University",
        "B.S.",
        "in",
        "GPA 3.9",
        "+1",
        "555",
        "e.x@y.io",
        "\u{212a}github.com/\u{17f}x",
        "www.\u{212a}.com",
    ];
    let mut seed = 0x2545F4914F6CDD1Du64;
    for round in 0..200 {
        let mut doc = String::new();
        for _ in 0..(20 + round % 60) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            doc.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            if seed % 3 == 0 {
                doc.push(' ');
            }
        }
        let text = careerkit_core::intake::extract_text(
            doc.as_bytes(),
            Some("x.txt"),
            &IntakeOptions::default(),
        );
        let Ok(text) = text else { continue };
        let profile =
            careerkit_core::extract::parse_profile(&text, careerkit_core::provenance::Source::User);
        let len = text.text.chars().count();
        for (kind, value, prov) in profile_eval::all_fields(&profile) {
            let span = prov.span.unwrap();
            assert!(
                span.start <= span.end && span.end <= len,
                "{kind} {value:?} {span:?} in {doc:?}"
            );
        }
    }
}

const FORM_STYLE: &str = "Arjun Mehta
arjun.mehta@example.in

WORK EXPERIENCE

Company: Sundaram Softworks Pvt. Ltd, Chennai, Tamil Nadu
Designation: Senior Test Engineer
Duration: March 2017 to Present
Client: A large insurer
• Automated the regression suite

Weekend Tools | Individual Projects | Jan 2016 - Dec 2016
• Wrote a budgeting app
";

#[test]
fn labelled_fields_and_projects_under_experience() {
    let p = parse(FORM_STYLE, "arjun.txt");
    assert_eq!(
        p.experience.len(),
        1,
        "{:?}",
        p.experience.iter().map(|e| v(&e.title)).collect::<Vec<_>>()
    );
    let job = &p.experience[0];
    assert_eq!(v(&job.title), "Senior Test Engineer");
    assert_eq!(v(&job.company), "Sundaram Softworks Pvt. Ltd");
    assert_eq!(v(&job.location), "Chennai, Tamil Nadu");
    assert_eq!(
        job.dates.as_ref().unwrap().value.end,
        Some(EndDate::Present)
    );
    let rule = match &job.title.as_ref().unwrap().provenance.extractor {
        careerkit_core::provenance::Extractor::Rule { name } => name.clone(),
        _ => String::new(),
    };
    assert_eq!(rule, "experience.labelled_title");
    assert_eq!(p.projects.len(), 1);
    assert_eq!(v(&p.projects[0].name), "Weekend Tools");
    assert_eq!(p.projects[0].bullets[0].value, "Wrote a budgeting app");
}
