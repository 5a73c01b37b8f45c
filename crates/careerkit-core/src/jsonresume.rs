//! [JSON Resume](https://jsonresume.org/schema) import and export, so a profile can travel to and
//! from the many tools and themes that read that format.
//!
//! JSON Resume holds one email and one phone; further ones travel in `basics.x-careerkit-emails`
//! and `basics.x-careerkit-phones` (the schema allows extra properties). Dates are written as
//! ISO `YYYY-MM` or `YYYY`; a job that is still going has no `endDate`, as the schema intends.
//! Imported values are [`Source::User`](crate::provenance::Source::User) data: the person (or
//! their tool) typed them.
//!
//! ```
//! use careerkit_core::jsonresume::{from_json_resume, to_json_resume};
//!
//! let json = serde_json::json!({
//!     "basics": { "name": "Ada Lovelace", "email": "ada@example.org",
//!                 "profiles": [{ "network": "GitHub", "username": "ada", "url": "https://github.com/ada" }] },
//!     "work": [{ "name": "Analytical Engines Ltd", "position": "Programmer", "startDate": "1842-09",
//!                "highlights": ["Wrote the first program"] }]
//! });
//! let profile = from_json_resume(&json)?;
//! assert_eq!(profile.experience[0].title.as_ref().map(|f| f.value.as_str()), Some("Programmer"));
//! assert_eq!(to_json_resume(&profile)["work"][0]["startDate"], "1842-09");
//! # Ok::<(), careerkit_core::Error>(())
//! ```

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::extract::dates::parse_date;
use crate::profile::{
    Contact, DateRange, Education, EndDate, Experience, Link, LinkKind, Phone, Profile, Project,
};
use crate::provenance::Field;

/// Writes a profile as a JSON Resume document.
pub fn to_json_resume(profile: &Profile) -> Value {
    let c = &profile.contact;
    let mut basics = Map::new();
    put(
        &mut basics,
        "name",
        c.name.as_ref().map(|f| f.value.as_str()),
    );
    put(
        &mut basics,
        "label",
        c.headline.as_ref().map(|f| f.value.as_str()),
    );
    put(
        &mut basics,
        "email",
        c.emails.first().map(|f| f.value.as_str()),
    );
    put(
        &mut basics,
        "phone",
        c.phones.first().map(|f| f.value.raw.as_str()),
    );
    put(
        &mut basics,
        "summary",
        profile.summary.as_ref().map(|f| f.value.as_str()),
    );
    let website = c.links.iter().find(|l| l.value.kind == LinkKind::Website);
    put(&mut basics, "url", website.map(|l| l.value.url.as_str()));
    if let Some(loc) = &c.location {
        basics.insert("location".into(), json!({ "address": loc.value }));
    }
    if c.emails.len() > 1 {
        basics.insert("x-careerkit-emails".into(), json!(values(&c.emails)));
    }
    if c.phones.len() > 1 {
        let phones: Vec<&str> = c.phones.iter().map(|p| p.value.raw.as_str()).collect();
        basics.insert("x-careerkit-phones".into(), json!(phones));
    }
    let profiles: Vec<Value> = c
        .links
        .iter()
        .filter(|l| website.is_none_or(|w| !std::ptr::eq(*l, w)))
        .map(|l| {
            let username = l.value.url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            json!({ "network": network_name(l.value.kind), "username": username, "url": l.value.url })
        })
        .collect();
    if !profiles.is_empty() {
        basics.insert("profiles".into(), Value::Array(profiles));
    }
    let mut out = Map::new();
    out.insert("basics".into(), Value::Object(basics));
    out.insert(
        "work".into(),
        Value::Array(profile.experience.iter().map(|e| work(e, "name")).collect()),
    );
    if !profile.volunteering.is_empty() {
        let volunteer = profile
            .volunteering
            .iter()
            .map(|e| work(e, "organization"))
            .collect();
        out.insert("volunteer".into(), Value::Array(volunteer));
    }
    out.insert(
        "education".into(),
        Value::Array(profile.education.iter().map(education).collect()),
    );
    let skills: Vec<Value> = profile
        .skills
        .iter()
        .map(|s| json!({ "name": s.value }))
        .collect();
    out.insert("skills".into(), Value::Array(skills));
    let list = |items: &[Field<String>], key: &str| -> Value {
        Value::Array(items.iter().map(|f| json!({ key: f.value })).collect())
    };
    out.insert("languages".into(), list(&profile.languages, "language"));
    out.insert("certificates".into(), list(&profile.certifications, "name"));
    out.insert("awards".into(), list(&profile.awards, "title"));
    out.insert("publications".into(), list(&profile.publications, "name"));
    let projects: Vec<Value> = profile.projects.iter().map(project).collect();
    out.insert("projects".into(), Value::Array(projects));
    Value::Object(out)
}

/// Reads a JSON Resume document into a profile; every value gets user provenance.
///
/// # Errors
/// [`Error::InvalidInput`] when `value` is not a JSON object.
pub fn from_json_resume(value: &Value) -> Result<Profile> {
    let root = value
        .as_object()
        .ok_or_else(|| Error::invalid("a JSON Resume document must be a JSON object"))?;
    let basics = &value["basics"];
    let mut contact = Contact {
        name: text(&basics["name"]),
        headline: text(&basics["label"]),
        location: location(&basics["location"]),
        ..Contact::default()
    };
    let extra_emails = basics["x-careerkit-emails"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let emails = std::iter::once(&basics["email"]).chain(extra_emails.iter());
    for email in emails.filter_map(Value::as_str) {
        if !contact.emails.iter().any(|e| e.value == email) {
            contact.emails.push(Field::from_user(email.to_string()));
        }
    }
    let extra_phones = basics["x-careerkit-phones"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let phones = std::iter::once(&basics["phone"]).chain(extra_phones.iter());
    for raw in phones.filter_map(Value::as_str) {
        let normalized = crate::extract::normalise_phone(raw);
        if !contact
            .phones
            .iter()
            .any(|p| p.value.normalized == normalized)
        {
            contact.phones.push(Field::from_user(Phone {
                raw: raw.to_string(),
                normalized,
            }));
        }
    }
    if let Some(url) = basics["url"].as_str() {
        contact.links.push(Field::from_user(Link {
            kind: LinkKind::Website,
            url: url.to_string(),
        }));
    }
    for p in basics["profiles"].as_array().into_iter().flatten() {
        if let Some(link) = profile_link(p) {
            contact.links.push(Field::from_user(link));
        }
    }
    let array = |key: &str| {
        root.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let names = |key: &str, field: &str| -> Vec<Field<String>> {
        array(key).iter().filter_map(|v| text(&v[field])).collect()
    };
    Ok(Profile {
        contact,
        summary: text(&basics["summary"]),
        experience: array("work")
            .iter()
            .map(|w| experience(w, "name"))
            .collect(),
        volunteering: array("volunteer")
            .iter()
            .map(|w| experience(w, "organization"))
            .collect(),
        education: array("education").iter().map(read_education).collect(),
        skills: names("skills", "name"),
        languages: names("languages", "language"),
        certifications: names("certificates", "name"),
        awards: names("awards", "title"),
        publications: names("publications", "name"),
        projects: array("projects").iter().map(read_project).collect(),
        ..Profile::default()
    })
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        map.insert(key.into(), Value::String(v.to_string()));
    }
}

fn values(fields: &[Field<String>]) -> Vec<&str> {
    fields.iter().map(|f| f.value.as_str()).collect()
}

fn network_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Linkedin => "LinkedIn",
        LinkKind::Github => "GitHub",
        LinkKind::Gitlab => "GitLab",
        LinkKind::Website => "Website",
    }
}

/// Writes the dates of a range into `map` as `startDate` / `endDate`.
fn put_dates(map: &mut Map<String, Value>, dates: &Option<Field<DateRange>>) {
    let Some(d) = dates else {
        return;
    };
    if let Some(start) = d.value.start {
        map.insert("startDate".into(), Value::String(start.to_iso()));
    }
    match d.value.end {
        Some(EndDate::Date(end)) => {
            map.insert("endDate".into(), Value::String(end.to_iso()));
        }
        // A job still going has no end date in JSON Resume.
        Some(EndDate::Present) | None => {}
    }
}

fn work(e: &Experience, org_key: &str) -> Value {
    let mut map = Map::new();
    put(
        &mut map,
        org_key,
        e.company.as_ref().map(|f| f.value.as_str()),
    );
    put(
        &mut map,
        "position",
        e.title.as_ref().map(|f| f.value.as_str()),
    );
    put(
        &mut map,
        "location",
        e.location.as_ref().map(|f| f.value.as_str()),
    );
    put_dates(&mut map, &e.dates);
    map.insert("highlights".into(), json!(values(&e.bullets)));
    Value::Object(map)
}

fn education(e: &Education) -> Value {
    let mut map = Map::new();
    put(
        &mut map,
        "institution",
        e.institution.as_ref().map(|f| f.value.as_str()),
    );
    put(
        &mut map,
        "studyType",
        e.degree.as_ref().map(|f| f.value.as_str()),
    );
    put(
        &mut map,
        "area",
        e.field_of_study.as_ref().map(|f| f.value.as_str()),
    );
    put(
        &mut map,
        "score",
        e.grade.as_ref().map(|f| f.value.as_str()),
    );
    put_dates(&mut map, &e.dates);
    Value::Object(map)
}

fn project(p: &Project) -> Value {
    let mut map = Map::new();
    put(&mut map, "name", p.name.as_ref().map(|f| f.value.as_str()));
    put(&mut map, "url", p.url.as_ref().map(|f| f.value.as_str()));
    map.insert("highlights".into(), json!(values(&p.bullets)));
    Value::Object(map)
}

fn text(v: &Value) -> Option<Field<String>> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Field::from_user(s.to_string()))
}

fn strings(v: &Value) -> Vec<Field<String>> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(text)
        .collect()
}

/// `location` is an object (`address`, `city`, `region`, `countryCode`); joined as written.
fn location(v: &Value) -> Option<Field<String>> {
    if let Some(address) = v["address"].as_str().filter(|a| !a.is_empty()) {
        return Some(Field::from_user(address.to_string()));
    }
    let parts: Vec<&str> = ["city", "region", "countryCode"]
        .iter()
        .filter_map(|k| v[*k].as_str())
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| Field::from_user(parts.join(", ")))
}

fn profile_link(p: &Value) -> Option<Link> {
    let network = p["network"].as_str().unwrap_or("").to_lowercase();
    let username = p["username"].as_str().unwrap_or("");
    let (kind, base) = match network.as_str() {
        "linkedin" => (LinkKind::Linkedin, "https://www.linkedin.com/in/"),
        "github" => (LinkKind::Github, "https://github.com/"),
        "gitlab" => (LinkKind::Gitlab, "https://gitlab.com/"),
        _ => (LinkKind::Website, ""),
    };
    let url = match p["url"].as_str().filter(|u| !u.is_empty()) {
        Some(url) => url.to_string(),
        None if !username.is_empty() && !base.is_empty() => format!("{base}{username}"),
        None => return None,
    };
    Some(Link { kind, url })
}

/// Reads `startDate` / `endDate`; a start without an end is a job still going.
fn dates(v: &Value) -> Option<Field<DateRange>> {
    let start_raw = v["startDate"].as_str().unwrap_or("");
    let end_raw = v["endDate"].as_str().unwrap_or("");
    let start = parse_date(start_raw);
    let end = match parse_date(end_raw) {
        Some(d) => Some(EndDate::Date(d)),
        None if start.is_some() => Some(EndDate::Present),
        None => None,
    };
    if start.is_none() && end.is_none() {
        return None;
    }
    let raw = match end {
        Some(EndDate::Present) => format!("{start_raw} – Present"),
        _ if start_raw.is_empty() => end_raw.to_string(),
        _ => format!("{start_raw} – {end_raw}"),
    };
    Some(Field::from_user(DateRange { start, end, raw }))
}

fn experience(v: &Value, org_key: &str) -> Experience {
    Experience {
        title: text(&v["position"]),
        company: text(&v[org_key]),
        location: text(&v["location"]),
        dates: dates(v),
        bullets: strings(&v["highlights"]),
    }
}

fn read_education(v: &Value) -> Education {
    Education {
        institution: text(&v["institution"]),
        degree: text(&v["studyType"]),
        field_of_study: text(&v["area"]),
        dates: dates(v),
        grade: text(&v["score"]),
        location: None,
    }
}

fn read_project(v: &Value) -> Project {
    Project {
        name: text(&v["name"]),
        bullets: strings(&v["highlights"]),
        url: text(&v["url"]),
    }
}
