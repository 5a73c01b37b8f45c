//! Places: recognising "City, Region" locations (`San Francisco, CA`, `Seoul, S.Korea`,
//! `Pune, Maharashtra`, `123 Main St, Anywhere, USA`) in header lines and at the end of entry
//! lines, where right-aligned locations get glued to the employer (`Dunamu Inc. Seoul, S.Korea`).
//!
//! A small gazetteer of regions (US states, Canadian provinces, Indian states, countries) anchors
//! the match so that "Bachelor of Arts, Business Administration" is not taken for a place.

use super::pieces::{split, Piece};
use super::roles::has_title_word;

/// Regions (lowercase, dots removed) that end a location.
const REGIONS: &[&str] = &[
    // US states and territories.
    "al",
    "ak",
    "az",
    "ar",
    "ca",
    "co",
    "ct",
    "de",
    "dc",
    "fl",
    "ga",
    "hi",
    "id",
    "il",
    "in",
    "ia",
    "ks",
    "ky",
    "la",
    "me",
    "md",
    "ma",
    "mi",
    "mn",
    "ms",
    "mo",
    "mt",
    "ne",
    "nv",
    "nh",
    "nj",
    "nm",
    "ny",
    "nc",
    "nd",
    "oh",
    "ok",
    "or",
    "pa",
    "ri",
    "sc",
    "sd",
    "tn",
    "tx",
    "ut",
    "vt",
    "va",
    "wa",
    "wv",
    "wi",
    "wy",
    "pr",
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "west virginia",
    "wisconsin",
    "wyoming",
    // Canadian provinces.
    "on",
    "qc",
    "bc",
    "ab",
    "mb",
    "sk",
    "ns",
    "nb",
    "nl",
    "pe",
    "ontario",
    "quebec",
    "british columbia",
    "alberta",
    "manitoba",
    "saskatchewan",
    "nova scotia",
    // Indian states and union territories.
    "andhra pradesh",
    "arunachal pradesh",
    "assam",
    "bihar",
    "chhattisgarh",
    "goa",
    "gujarat",
    "haryana",
    "himachal pradesh",
    "jharkhand",
    "karnataka",
    "kerala",
    "madhya pradesh",
    "maharashtra",
    "manipur",
    "meghalaya",
    "mizoram",
    "nagaland",
    "odisha",
    "orissa",
    "punjab",
    "rajasthan",
    "sikkim",
    "tamil nadu",
    "telangana",
    "tripura",
    "uttar pradesh",
    "uttarakhand",
    "west bengal",
    "delhi",
    "new delhi",
    "chandigarh",
    "puducherry",
    "jammu and kashmir",
    // Countries and common short forms.
    "usa",
    "us",
    "united states",
    "united states of america",
    "america",
    "uk",
    "united kingdom",
    "england",
    "scotland",
    "wales",
    "ireland",
    "canada",
    "mexico",
    "brazil",
    "argentina",
    "chile",
    "colombia",
    "peru",
    "india",
    "pakistan",
    "bangladesh",
    "sri lanka",
    "nepal",
    "china",
    "japan",
    "korea",
    "skorea",
    "south korea",
    "republic of korea",
    "taiwan",
    "hong kong",
    "singapore",
    "malaysia",
    "indonesia",
    "philippines",
    "vietnam",
    "thailand",
    "australia",
    "new zealand",
    "germany",
    "france",
    "spain",
    "portugal",
    "italy",
    "netherlands",
    "belgium",
    "switzerland",
    "austria",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "poland",
    "czech republic",
    "czechia",
    "hungary",
    "romania",
    "greece",
    "turkey",
    "türkiye",
    "turkiye",
    "israel",
    "egypt",
    "nigeria",
    "kenya",
    "south africa",
    "uae",
    "united arab emirates",
    "saudi arabia",
    "qatar",
    "russia",
    "ukraine",
    "remote",
];

/// First words of two-word city names.
const CITY_PREFIXES: &[&str] = &[
    "san", "santa", "new", "los", "las", "palo", "mountain", "menlo", "salt", "st", "saint", "el",
    "fort", "hong", "tel", "rio", "buenos", "kuala", "cape", "sao", "são", "ho", "abu", "port",
    "la", "le", "north", "south", "east", "west", "long", "grand", "baton", "redwood", "foster",
    "ann", "navi", "greater", "kansas", "jersey", "oklahoma", "carson", "cedar",
];

/// Second words of two-word city names.
const CITY_SUFFIXES: &[&str] = &[
    "city", "park", "beach", "view", "alto", "springs", "valley", "heights", "falls", "harbor",
    "island", "hills", "lake", "bay", "rapids", "creek",
];

/// Words that end an organisation's name, never a city.
const ORG_WORDS: &[&str] = &[
    "inc",
    "corp",
    "ltd",
    "llc",
    "co",
    "gmbh",
    "plc",
    "limited",
    "company",
    "corporation",
    "technologies",
    "solutions",
    "group",
    "labs",
    "lab",
    "university",
    "college",
    "institute",
    "school",
    "systems",
    "bank",
    "hq",
    "pvt",
    "research",
    "foundation",
];

/// Lowercase, dots removed: the key the word lists use.
fn key(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .filter(|&c| c != '.')
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `s` names a region (state, province, country).
pub(crate) fn is_region(s: &str) -> bool {
    let k = key(s);
    // Two-letter codes only count when capitalised ("CA", "Mo"), not as words ("in", "or").
    let capitalised = s.trim().chars().next().is_some_and(char::is_uppercase);
    !k.is_empty() && REGIONS.contains(&k.as_str()) && (k.chars().count() > 2 || capitalised)
}

/// True for a capitalised place word (`Seoul`, `Mapo-gu`, `S.Korea`).
fn is_place_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| c == '(' || c == ')');
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        && !ORG_WORDS.contains(&key(w).as_str())
        && !has_title_word(w)
}

/// If `s` ends with "City, Region" (or "City, State, Country"), the byte offset where that
/// location starts. The city is one word, or two when the words form a known two-word city
/// pattern (`San Francisco`, `Mountain View`). Returns `None` when no location ends the string.
pub(crate) fn trailing_location(s: &str) -> Option<usize> {
    let s = s.trim_end();
    // Consume comma parts that are regions, from the right.
    let mut cut = s.len();
    let mut regions = 0;
    while let Some(comma) = s[..cut].rfind(',') {
        if !is_region(&s[comma + 1..cut]) {
            break;
        }
        regions += 1;
        cut = comma;
    }
    if regions == 0 {
        return None;
    }
    let left = &s[..cut];
    let words: Vec<(usize, &str)> = word_offsets(left);
    let Some(&(last_off, last)) = words.last() else {
        return Some(0);
    };
    if !is_place_word(last) {
        return None;
    }
    let mut start = last_off;
    if words.len() >= 2 {
        let (prev_off, prev) = words[words.len() - 2];
        let two_word = CITY_PREFIXES.contains(&key(prev).as_str())
            || CITY_SUFFIXES.contains(&key(last).as_str());
        if two_word && is_place_word(prev) {
            start = prev_off;
        }
    }
    Some(start)
}

/// True when the whole of `s` reads as a location: comma-separated short capitalised parts
/// ending in a region (`Mapo-gu, Seoul, Republic of Korea`, `555 La Verne Way, La Verne, CA`),
/// or a lone region or "Remote".
pub(crate) fn is_location(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.contains('@') || s.contains("://") || s.chars().count() > 70 {
        return false;
    }
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let Some(last) = parts.last() else {
        return false;
    };
    if parts.len() == 1 {
        return key(s) == "remote";
    }
    if !is_region(last) {
        return false;
    }
    parts[..parts.len() - 1].iter().enumerate().all(|(i, p)| {
        let words: Vec<&str> = p.split_whitespace().collect();
        !words.is_empty()
            && words.len() <= 4
            && words.iter().enumerate().all(|(j, w)| {
                // A house number may open the first part.
                (i == 0 && j == 0 && w.chars().all(|c| c.is_ascii_digit()))
                    || is_place_word(w)
                    || key(w) == "hq"
                    || matches!(key(w).as_str(), "of" | "and" | "de" | "upon")
            })
    })
}

/// True for a street line such as `123 Gotham St` (a house number then capitalised words).
pub(crate) fn is_street_line(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 6
        && words[0].chars().all(|c| c.is_ascii_digit())
        && words[1..]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Splits a location off a piece: the whole piece when it is one, or a "City, Region" at its
/// end. Returns `(location, rest)`.
pub(crate) fn split_location(piece: Piece<'_>) -> (Option<Piece<'_>>, Option<Piece<'_>>) {
    match trailing_location(piece.raw()) {
        Some(off) if off > 0 => (piece.sub(off, piece.raw().len()), piece.sub(0, off)),
        _ if is_location(&piece.text()) => (Some(piece), None),
        _ => (None, Some(piece)),
    }
}

/// Cuts a piece at commas and finds a "City, Region" among the parts
/// ("Gilmore Financial, New Orleans, LA, Certified Public Accountant"). Returns the location, if
/// any, and the other parts.
pub(crate) fn comma_parts(piece: Piece<'_>) -> (Option<Piece<'_>>, Vec<Piece<'_>>) {
    let mut out: Vec<Piece<'_>> = Vec::new();
    let mut found = None;
    for p in split(piece, true) {
        if !is_region(&p.text()) {
            out.push(p);
            continue;
        }
        let Some(prev) = out.pop() else {
            continue;
        };
        let joined = Piece {
            line: p.line,
            start: prev.start,
            end: p.end,
        };
        match trailing_location(joined.raw()) {
            Some(off) => {
                if found.is_none() {
                    found = joined.sub(off, joined.raw().len());
                }
                out.extend(joined.sub(0, off));
            }
            None => out.push(prev),
        }
    }
    (found, out)
}

/// Words of `s` with their byte offsets.
fn word_offsets(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail(s: &str) -> Option<&str> {
        trailing_location(s).map(|i| &s[i..])
    }

    #[test]
    fn trailing_locations_split_from_employers() {
        assert_eq!(tail("Dunamu Inc. Seoul, S.Korea"), Some("Seoul, S.Korea"));
        assert_eq!(tail("Kasa Seoul, S.Korea"), Some("Seoul, S.Korea"));
        assert_eq!(
            tail("Nexus AI San Francisco, CA"),
            Some("San Francisco, CA")
        );
        assert_eq!(tail("Google DeepMind London, UK"), Some("London, UK"));
        assert_eq!(tail("Bachelor of Arts, Business Administration"), None);
        assert_eq!(tail("ABC Company, Inc."), None);
        assert_eq!(
            tail("Software Engineer, Google, Mountain View, CA, USA"),
            Some("Mountain View, CA, USA")
        );
    }

    #[test]
    fn whole_locations() {
        for s in [
            "Mapo-gu, Seoul, Republic of Korea",
            "555 La Verne Way, La Verne, CA",
            "Google HQ, Mountain View, CA, USA",
            "NYC, NY",
            "Bengaluru, Karnataka",
        ] {
            assert!(is_location(s), "{s}");
        }
        for s in [
            "Cloverfield College",
            "Java, Python",
            "Bachelor of Arts, Business Administration",
        ] {
            assert!(!is_location(s), "{s}");
        }
    }
}
