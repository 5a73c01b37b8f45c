//! What job titles and organisation names look like: the vocabulary that decides which half of
//! "Google | Software Engineer" is the title, keeps "Senior Software Engineer" from being taken
//! for a person's name, and spots institutions ("... University", "Institute of ...").

/// Words that make a phrase a job title.
const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "programmer",
    "manager",
    "intern",
    "internship",
    "director",
    "analyst",
    "assistant",
    "associate",
    "consultant",
    "lead",
    "leader",
    "head",
    "specialist",
    "coordinator",
    "technician",
    "accountant",
    "researcher",
    "scientist",
    "architect",
    "designer",
    "officer",
    "administrator",
    "member",
    "volunteer",
    "coach",
    "founder",
    "cofounder",
    "co-founder",
    "cto",
    "ceo",
    "cfo",
    "coo",
    "vp",
    "president",
    "fellow",
    "representative",
    "teacher",
    "professor",
    "lecturer",
    "instructor",
    "tutor",
    "trainee",
    "supervisor",
    "executive",
    "contributor",
    "advisor",
    "adviser",
    "editor",
    "writer",
    "nurse",
    "clerk",
    "agent",
    "owner",
    "partner",
    "sre",
    "devops",
    "senior",
    "junior",
    "sr",
    "jr",
    "principal",
    "staff",
    "chief",
    "student",
    "apprentice",
    "operator",
    "receptionist",
    "auditor",
    "strategist",
    "marketer",
    "recruiter",
    "planner",
    "producer",
    "attorney",
    "paralegal",
    "physician",
    "therapist",
    "pharmacist",
    "mechanic",
    "electrician",
    "cashier",
    "secretary",
    "chair",
    "mentor",
    "ambassador",
    "organizer",
    "organiser",
    "maintainer",
    "tester",
    "qa",
    "physicist",
    "chemist",
    "biologist",
    "statistician",
    "economist",
    "journalist",
    "photographer",
    "chef",
    "driver",
    "technologist",
];

/// Words that make a phrase an organisation.
const ORG_WORDS: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "ltd",
    "llc",
    "llp",
    "co",
    "company",
    "gmbh",
    "plc",
    "limited",
    "pvt",
    "technologies",
    "technology",
    "solutions",
    "systems",
    "group",
    "labs",
    "lab",
    "bank",
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "organization",
    "organisation",
    "foundation",
    "agency",
    "partners",
    "consulting",
    "services",
    "studio",
    "studios",
    "networks",
    "financial",
    "capital",
    "holdings",
    "industries",
    "international",
    "hospital",
    "clinic",
    "center",
    "centre",
    "council",
    "department",
    "ministry",
    "command",
    "market",
    "media",
    "ventures",
    "enterprises",
    "associates",
    "firm",
    "club",
    "society",
    "ymca",
];

/// Words that make a phrase an educational institution.
pub(crate) const INSTITUTION_WORDS: &[&str] = &[
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "polytechnic",
    "universität",
    "université",
    "universidad",
    "università",
    "iit",
    "mit",
    "caltech",
    "seminary",
    "conservatory",
];

/// Lowercase words of `s`, punctuation stripped.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '(' | ')' | '&' | '+' | '|'))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .filter(|&c| c != '.')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// How much `s` reads like a job title (positive) rather than an organisation (negative).
pub(crate) fn title_score(s: &str) -> i32 {
    // A parenthetical ("(Front-End)", "(KarrotPay)") does not change what the phrase is.
    let outside: String = {
        let mut depth = 0i32;
        s.chars()
            .filter(|&c| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0 && c != ')'
            })
            .collect()
    };
    let ws = words(&outside);
    let mut score = 0;
    for (i, w) in ws.iter().enumerate() {
        if TITLE_WORDS.contains(&w.as_str()) {
            // The head noun of a title comes last ("Software Engineer").
            score += if i + 1 == ws.len() { 3 } else { 1 };
        }
        if ORG_WORDS.contains(&w.as_str()) {
            score -= if i + 1 == ws.len() { 3 } else { 2 };
        }
    }
    score
}

/// True when `s` contains a job-title word.
pub(crate) fn has_title_word(s: &str) -> bool {
    words(s).iter().any(|w| TITLE_WORDS.contains(&w.as_str()))
}

/// True when `s` contains an organisation word.
pub(crate) fn has_org_word(s: &str) -> bool {
    words(s).iter().any(|w| ORG_WORDS.contains(&w.as_str()))
}

/// True when `s` contains an institution word.
pub(crate) fn has_institution_word(s: &str) -> bool {
    words(s)
        .iter()
        .any(|w| INSTITUTION_WORDS.contains(&w.as_str()))
}

/// Byte offsets inside `s` where two words were glued by extraction, a title or institution
/// word running straight into a capitalised name: `CTONexus`, `InternNVIDIA`, `UniversityPhD`.
pub(crate) fn glue_points(s: &str) -> Vec<usize> {
    const GLUE_WORDS: &[&str] = &[
        "Intern",
        "Engineer",
        "Developer",
        "Manager",
        "CTO",
        "CEO",
        "Founder",
        "Director",
        "Scientist",
        "Researcher",
        "Analyst",
        "Designer",
        "Architect",
        "Consultant",
        "Lead",
        "University",
        "College",
        "Institute",
        "School",
        "Academy",
    ];
    let mut out = Vec::new();
    for (i, _) in s.char_indices() {
        let at_word_start = i == 0
            || s[..i]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_alphanumeric());
        if !at_word_start {
            continue;
        }
        for w in GLUE_WORDS {
            if s[i..].starts_with(w) {
                let after = i + w.len();
                let next = s[after..].chars().next();
                let next2 = s[after..].chars().nth(1);
                if next.is_some_and(char::is_uppercase) && next2.is_some_and(char::is_alphabetic) {
                    out.push(after);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_outscore_organisations() {
        assert!(title_score("Software Engineer") > title_score("Google"));
        assert!(title_score("Research Intern") > title_score("NVIDIA Research"));
        assert!(title_score("Gilmore Financial") < 0);
        assert!(title_score("Co-Founder & CTO") > 0);
    }

    #[test]
    fn glued_words_are_found() {
        assert_eq!(glue_points("Co-Founder & CTONexus AI"), [16]);
        assert_eq!(glue_points("Princeton UniversityPhD in CS"), [20]);
        assert!(glue_points("Internship at Google").is_empty());
    }
}
