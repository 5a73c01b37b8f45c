//! Dates as resumes write them: `Jun 2020 – Present`, `06/2020 - 08/2021`, `2019 - 2021`,
//! `Summer 2020`, `Sep. 2023  Mar. 2024` (a dash lost in extraction), `2018-09`.
//!
//! ```
//! use careerkit_core::extract::dates::parse_date_range;
//! use careerkit_core::profile::{EndDate, PartialDate};
//!
//! let r = parse_date_range("Jun 2020 – Present").ok_or("no date")?;
//! assert_eq!(r.start, Some(PartialDate { year: 2020, month: Some(6) }));
//! assert_eq!(r.end, Some(EndDate::Present));
//! # Ok::<(), &str>(())
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::compile;
use crate::profile::{DateRange, EndDate, PartialDate};

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const SEASON: &str = r"(?:spring|summer|fall|autumn|winter)";
const YEAR: &str = r"(?:19|20)\d{2}";
const PRESENT: &str = r"(?:present|current(?:ly)?|now|today|ongoing|to date|till date)";

/// One date: month name + year, season + year, `MM/YYYY`, `YYYY-MM`, or a year.
fn single() -> String {
    format!(
        r"(?:{MONTH}\s*,?\s*'?{YEAR}|{SEASON}\s*,?\s*{YEAR}|(?:0?[1-9]|1[0-2])\s*/\s*{YEAR}|{YEAR}-(?:0[1-9]|1[0-2])\b|{YEAR})"
    )
}

/// A range (`DATE – DATE`, `DATE to Present`, two dates separated by spaces only) or one date.
static RANGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let d = single();
    let sep = r"(?:\s*(?:[-–—‐‑~]+|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*|\s+)";
    compile(&format!(
        r"(?i)\b(?:(?P<a>{d})(?:{sep}(?P<b>{d}|{PRESENT}\b))?|(?P<since>since)\s+(?P<c>{d}))"
    ))
});

/// A date with a day (`February 10, 2026`): page footers, not periods of work or study.
static DAY_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}\b"
    ))
});

static PRESENT_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| compile(&format!(r"(?i)^{PRESENT}$")));

/// True when `s` is a word meaning "present".
fn is_present(s: &str) -> bool {
    PRESENT_RE.as_ref().is_some_and(|r| r.is_match(s.trim()))
}

/// A date range found in a string, with its byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateMatch {
    /// The parsed range (`raw` is the matched text).
    pub range: DateRange,
    /// Byte offset of the match.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

/// Finds the date ranges in `s`, leftmost first, skipping dates that carry a day (footers).
pub(crate) fn find_date_ranges(s: &str) -> Vec<DateMatch> {
    let day_spans: Vec<(usize, usize)> = DAY_DATE
        .iter()
        .flat_map(|r| r.find_iter(s))
        .map(|m| (m.start(), m.end()))
        .collect();
    RANGE
        .iter()
        .flat_map(|r| r.captures_iter(s))
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            if day_spans
                .iter()
                .any(|&(a, b)| whole.start() < b && a < whole.end())
            {
                return None;
            }
            let (start, end) = if caps.name("since").is_some() {
                (caps.name("c").and_then(|m| parse_date(m.as_str())), None)
            } else {
                let start = caps.name("a").and_then(|m| parse_date(m.as_str()));
                let end = caps.name("b").and_then(|m| parse_end(m.as_str()));
                (start, end)
            };
            start?;
            Some(DateMatch {
                range: DateRange {
                    start,
                    end,
                    raw: whole.as_str().to_string(),
                },
                start: whole.start(),
                end: whole.end(),
            })
        })
        .collect()
}

/// Parses one written date range (`"Jun 2020 – Present"`, `"2019"`, `"2018-09"`). A lone
/// `"Present"` gives a range with only an end.
pub fn parse_date_range(s: &str) -> Option<DateRange> {
    let s = s.trim();
    if is_present(s) {
        return Some(DateRange {
            start: None,
            end: Some(EndDate::Present),
            raw: s.to_string(),
        });
    }
    let m = find_date_ranges(s).into_iter().next()?;
    Some(DateRange {
        raw: s.to_string(),
        ..m.range
    })
}

/// Parses the end of a range: a date or a word meaning "present".
fn parse_end(s: &str) -> Option<EndDate> {
    if is_present(s) {
        Some(EndDate::Present)
    } else {
        parse_date(s).map(EndDate::Date)
    }
}

/// Parses one date. Seasons map to their first month (spring 3, summer 6, fall 9, winter 12).
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let lower = s.trim().to_lowercase();
    let digits: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect();
    let year_str = digits.iter().find(|d| d.len() == 4)?;
    let year: i32 = year_str.parse().ok()?;
    let letters: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    let month = if letters.is_empty() {
        // "06/2020" or "2020-06".
        digits
            .iter()
            .find(|d| d.len() <= 2)
            .and_then(|d| d.parse::<u8>().ok())
            .filter(|m| (1..=12).contains(m))
    } else {
        month_of(&letters)
    };
    Some(PartialDate { year, month })
}

/// The month number of a month or season name.
fn month_of(word: &str) -> Option<u8> {
    const NAMES: [(&str, u8); 16] = [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
        ("spring", 3),
        ("summer", 6),
        ("fall", 9),
        ("autumn", 9),
    ];
    if word.starts_with("winter") {
        return Some(12);
    }
    NAMES
        .iter()
        .find(|(name, _)| word.starts_with(name))
        .map(|&(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: Option<u8>) -> PartialDate {
        PartialDate { year, month }
    }

    #[test]
    fn common_layouts_parse() {
        let cases = [
            (
                "Jun 2020 – Present",
                Some(d(2020, Some(6))),
                Some(EndDate::Present),
            ),
            (
                "06/2020 - 08/2021",
                Some(d(2020, Some(6))),
                Some(EndDate::Date(d(2021, Some(8)))),
            ),
            (
                "2019 - 2021",
                Some(d(2019, None)),
                Some(EndDate::Date(d(2021, None))),
            ),
            ("Summer 2020", Some(d(2020, Some(6))), None),
            (
                "Sep. 2023  Mar. 2024",
                Some(d(2023, Some(9))),
                Some(EndDate::Date(d(2024, Some(3)))),
            ),
            ("2018-09", Some(d(2018, Some(9))), None),
            (
                "February 2016 to Present",
                Some(d(2016, Some(2))),
                Some(EndDate::Present),
            ),
            (
                "Sept 2014 – June 2018",
                Some(d(2014, Some(9))),
                Some(EndDate::Date(d(2018, Some(6)))),
            ),
            (
                "January 2019 - current",
                Some(d(2019, Some(1))),
                Some(EndDate::Present),
            ),
        ];
        for (text, start, end) in cases {
            let r = parse_date_range(text);
            assert_eq!(r.as_ref().and_then(|r| r.start), start, "{text}");
            assert_eq!(r.and_then(|r| r.end), end, "{text}");
        }
    }

    #[test]
    fn finds_ranges_inside_lines_with_offsets() {
        let line = "Software Engineer May 2023 - Present";
        let found = find_date_ranges(line);
        assert_eq!(found.len(), 1);
        assert_eq!(&line[found[0].start..found[0].end], "May 2023 - Present");
    }

    #[test]
    fn footer_dates_with_a_day_are_skipped() {
        assert!(find_date_ranges("February 10, 2026 Byungjin Park · Résumé 1").is_empty());
    }
}
