//! Time on a resume: dated experience entries as month intervals, and their union, so years of
//! experience (overall or per skill) never count an overlapping month twice.

use chrono::{Datelike, NaiveDate};

use crate::profile::{DateRange, EndDate, PartialDate};

/// A half-open range of months, `[start, end)`, as months since year 0.
pub(crate) type Months = (i32, i32);

/// Month index of `today`'s month, plus one: the exclusive end of "Present".
pub(crate) fn present_end(today: NaiveDate) -> i32 {
    today.year() * 12 + today.month0() as i32 + 1
}

/// A year without a month is taken as mid-year, so "2018 – 2020" counts two years.
fn month_of(date: &PartialDate) -> i32 {
    match date.month {
        Some(_) => date.month_index(),
        None => date.year * 12 + 6,
    }
}

/// The months a date range covers. A month-precise end counts its month ("Jan – Dec 2020" is 12
/// months); "Present" runs through `today`'s month; a range without a start is undated (`None`);
/// one without an end covers its start month. Future ends are clipped to today.
pub(crate) fn months_of(range: &DateRange, today: NaiveDate) -> Option<Months> {
    let start = month_of(range.start.as_ref()?);
    let now = present_end(today);
    let end = match range.end {
        Some(EndDate::Present) => now,
        Some(EndDate::Date(d)) if d.month.is_some() => d.month_index() + 1,
        Some(EndDate::Date(d)) => month_of(&d),
        None => start + 1,
    };
    let end = end.min(now).max(start + 1);
    (start < now).then_some((start, end))
}

/// Total months covered by `ranges`, overlaps counted once.
pub(crate) fn union_months(ranges: &[Months]) -> i32 {
    let mut sorted: Vec<Months> = ranges.to_vec();
    sorted.sort_unstable();
    let mut total = 0;
    let mut current: Option<Months> = None;
    for (start, end) in sorted {
        current = match current {
            Some((cs, ce)) if start <= ce => Some((cs, ce.max(end))),
            Some((cs, ce)) => {
                total += ce - cs;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    total + current.map_or(0, |(s, e)| e - s)
}

/// Months as years.
pub(crate) fn years(months: i32) -> f64 {
    f64::from(months) / 12.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: Option<u8>) -> PartialDate {
        PartialDate { year, month }
    }

    fn range(start: PartialDate, end: Option<EndDate>) -> DateRange {
        DateRange {
            start: Some(start),
            end,
            raw: String::new(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
    }

    #[test]
    fn ranges_become_months() {
        let full_year = range(d(2020, Some(1)), Some(EndDate::Date(d(2020, Some(12)))));
        assert_eq!(
            months_of(&full_year, today()),
            Some((2020 * 12, 2020 * 12 + 12))
        );
        let present = range(d(2023, Some(7)), Some(EndDate::Present));
        let (s, e) = months_of(&present, today()).unwrap();
        assert_eq!(e - s, 12, "Jul 2023 through Jun 2024");
        let years_only = range(d(2018, None), Some(EndDate::Date(d(2020, None))));
        let (s, e) = months_of(&years_only, today()).unwrap();
        assert_eq!(e - s, 24);
        let undated = DateRange {
            start: None,
            end: Some(EndDate::Present),
            raw: "Present".into(),
        };
        assert_eq!(months_of(&undated, today()), None);
    }

    #[test]
    fn overlaps_count_once() {
        assert_eq!(union_months(&[(0, 12), (6, 18), (24, 30), (25, 26)]), 24);
        assert_eq!(union_months(&[]), 0);
    }
}
