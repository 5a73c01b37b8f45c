//! JSON Resume import and export: a parsed profile survives the trip through the format.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod profile_eval;

use careerkit_core::jsonresume::{from_json_resume, to_json_resume};
use careerkit_core::profile::{DateRange, Profile};
use careerkit_core::provenance::{Extractor, Field, Source};

fn values(fields: &[Field<String>]) -> Vec<String> {
    fields.iter().map(|f| f.value.clone()).collect()
}

fn opt(f: &Option<Field<String>>) -> Option<String> {
    f.as_ref().map(|f| f.value.clone())
}

fn dates(
    f: &Option<Field<DateRange>>,
) -> Option<(
    Option<careerkit_core::profile::PartialDate>,
    Option<careerkit_core::profile::EndDate>,
)> {
    f.as_ref().map(|d| (d.value.start, d.value.end))
}

fn assert_same(a: &Profile, b: &Profile) {
    let (ca, cb) = (&a.contact, &b.contact);
    assert_eq!(opt(&ca.name), opt(&cb.name));
    assert_eq!(values(&ca.emails), values(&cb.emails));
    let phones = |p: &Profile| {
        p.contact
            .phones
            .iter()
            .map(|p| p.value.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(phones(a), phones(b));
    let mut la: Vec<_> = ca
        .links
        .iter()
        .map(|l| l.value.clone())
        .map(|l| (format!("{:?}", l.kind), l.url))
        .collect();
    let mut lb: Vec<_> = cb
        .links
        .iter()
        .map(|l| l.value.clone())
        .map(|l| (format!("{:?}", l.kind), l.url))
        .collect();
    la.sort();
    lb.sort();
    assert_eq!(la, lb);
    assert_eq!(a.experience.len(), b.experience.len());
    for (x, y) in a.experience.iter().zip(&b.experience) {
        assert_eq!(opt(&x.title), opt(&y.title));
        assert_eq!(opt(&x.company), opt(&y.company));
        assert_eq!(dates(&x.dates), dates(&y.dates));
        assert_eq!(values(&x.bullets), values(&y.bullets));
    }
    assert_eq!(a.education.len(), b.education.len());
    for (x, y) in a.education.iter().zip(&b.education) {
        assert_eq!(opt(&x.institution), opt(&y.institution));
        assert_eq!(opt(&x.degree), opt(&y.degree));
        assert_eq!(opt(&x.field_of_study), opt(&y.field_of_study));
        assert_eq!(dates(&x.dates), dates(&y.dates));
        assert_eq!(opt(&x.grade), opt(&y.grade));
    }
    assert_eq!(values(&a.skills), values(&b.skills));
}

#[test]
fn parsed_profiles_round_trip_through_json_resume() {
    for file in [
        "resumes/pdf/resumematcher__john_doe.pdf",
        "resumes/pdf/awesomecv__resume.pdf",
        "resumes/pdf/deedy__resume_openfont.pdf",
    ] {
        let (_, parsed) = profile_eval::parse_file(&profile_eval::data_dir().join(file)).unwrap();
        assert!(
            !parsed.experience.is_empty() && !parsed.contact.links.is_empty(),
            "{file}"
        );
        let json = to_json_resume(&parsed);
        let back = from_json_resume(&json).unwrap();
        assert_same(&parsed, &back);
        // Imported values are the user's data.
        let name = back.contact.name.as_ref().unwrap();
        assert_eq!(name.provenance.source, Source::User);
        assert_eq!(name.provenance.extractor, Extractor::User);
    }
}

#[test]
fn export_follows_the_json_resume_schema() {
    let (_, parsed) = profile_eval::parse_file(
        &profile_eval::data_dir().join("resumes/pdf/deedy__resume_openfont.pdf"),
    )
    .unwrap();
    let json = to_json_resume(&parsed);
    assert_eq!(json["basics"]["name"], "Debarghya Das");
    assert_eq!(json["basics"]["email"], "deedy@fb.com");
    assert_eq!(json["basics"]["x-careerkit-emails"][1], "dd367@cornell.edu");
    assert_eq!(json["basics"]["url"], "https://debarghyadas.com");
    let networks: Vec<&str> = json["basics"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["network"].as_str())
        .collect();
    assert!(
        networks.contains(&"GitHub") && networks.contains(&"LinkedIn"),
        "{networks:?}"
    );
    let job = &json["work"][0];
    assert_eq!(job["name"], "FACEBOOK");
    assert_eq!(job["position"], "SOFTWARE ENGINEER");
    assert_eq!(job["startDate"], "2015-01");
    assert!(
        job.get("endDate").is_none(),
        "a current job has no end date"
    );
    assert_eq!(json["work"][1]["endDate"], "2014-09");
    assert_eq!(json["education"][1]["score"], "3.83 / 4.0");
}

#[test]
fn import_rejects_non_objects_and_reads_locations() {
    assert!(from_json_resume(&serde_json::json!([1, 2])).is_err());
    let p = from_json_resume(&serde_json::json!({
        "basics": { "name": "Ana Souza", "location": { "city": "Porto", "countryCode": "PT" } },
        "education": [{ "institution": "Universidade do Porto", "studyType": "MSc", "area": "Physics", "endDate": "2019" }]
    }))
    .unwrap();
    assert_eq!(opt(&p.contact.location).as_deref(), Some("Porto, PT"));
    let school = &p.education[0];
    assert_eq!(opt(&school.degree).as_deref(), Some("MSc"));
    assert_eq!(
        school.dates.as_ref().unwrap().value.end,
        Some(careerkit_core::profile::EndDate::Date(
            careerkit_core::profile::PartialDate {
                year: 2019,
                month: None
            }
        ))
    );
}
