//! The yearly working-day arrangement (节假日安排) as text: the State Council's notice for one or
//! more years, in a small TOML subset that an administrator can type or import:
//!
//! ```toml
//! # comments start with '#'
//! [2027]
//! off = ["2027-01-01", "2027-02-06"]   # public-holiday rest days (休)
//! work = ["2027-02-14"]                # weekend days declared working days (班, 调休)
//! ```
//!
//! A day not listed follows the Monday–Friday rule. A year section with empty lists is a
//! valid arrangement (a year with no holidays moved), which is not the same as a missing year.

use std::collections::BTreeMap;
use time::{Date, Month};

/// One year's arrangement: the listed rest days and working days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearArrangement {
    pub off: Vec<Date>,
    pub work: Vec<Date>,
}

/// Why an arrangement text could not be read, with the line it happened on (1-based).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct ArrangementError {
    pub line: usize,
    pub problem: String,
}

/// Reads arrangement text into one entry per year, checking that every date belongs to its
/// section's year, that `off` days are not also `work` days, and that `work` days are
/// weekends (a weekday is a working day already).
pub fn parse(text: &str) -> Result<BTreeMap<i32, YearArrangement>, ArrangementError> {
    let mut years: BTreeMap<i32, YearArrangement> = BTreeMap::new();
    let mut current: Option<i32> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fail = |problem: String| ArrangementError { line, problem };
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        if let Some(section) = content.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            let year: i32 = section
                .trim()
                .trim_matches('"')
                .parse()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| fail(format!("not a year section: {content}")))?;
            if years.contains_key(&year) {
                return Err(fail(format!("year {year} appears twice")));
            }
            years.insert(year, YearArrangement::default());
            current = Some(year);
            continue;
        }
        let year = current.ok_or_else(|| fail("a [YEAR] section must come first".into()))?;
        let (key, value) = content.split_once('=').ok_or_else(|| {
            fail(format!(
                "expected `off = [...]` or `work = [...]`: {content}"
            ))
        })?;
        let dates = parse_list(value.trim()).map_err(fail)?;
        for date in &dates {
            if date.year() != year {
                return Err(fail(format!("{date} is not in year {year}")));
            }
        }
        let entry = years.entry(year).or_default();
        match key.trim() {
            "off" => entry.off.extend(dates),
            "work" => {
                if let Some(weekday) = dates.iter().find(|d| !is_weekend(**d)) {
                    return Err(fail(format!(
                        "{weekday} is a weekday; only weekend days can be declared working days"
                    )));
                }
                entry.work.extend(dates)
            }
            other => {
                return Err(fail(format!(
                    "unknown key `{other}` (expected off or work)"
                )));
            }
        }
        if let Some(both) = entry.off.iter().find(|d| entry.work.contains(d)) {
            return Err(fail(format!("{both} is listed both as off and as work")));
        }
    }
    Ok(years)
}

/// Writes arrangements back in the same format (the inverse of [`parse`]).
pub fn format(years: &BTreeMap<i32, YearArrangement>) -> String {
    let list = |dates: &[Date]| {
        let mut sorted = dates.to_vec();
        sorted.sort();
        sorted
            .iter()
            .map(|d| format!("\"{d}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    years
        .iter()
        .map(|(year, a)| {
            format!(
                "[{year}]\noff = [{}]\nwork = [{}]\n",
                list(&a.off),
                list(&a.work)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn is_weekend(date: Date) -> bool {
    matches!(
        date.weekday(),
        time::Weekday::Saturday | time::Weekday::Sunday
    )
}

fn parse_list(value: &str) -> Result<Vec<Date>, String> {
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .ok_or_else(|| format!("expected a list in brackets: {value}"))?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let quoted = item.strip_prefix('"').and_then(|i| i.strip_suffix('"'));
            quoted
                .and_then(parse_date)
                .ok_or_else(|| format!("not a date \"YYYY-MM-DD\": {item}"))
        })
        .collect()
}

/// `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reads_the_format_with_comments() {
        let text = "# notice\n[2027]\noff = [\"2027-01-01\", \"2027-02-06\"] # new year\nwork = [\"2027-02-14\"]\n\n[2028]\noff = []\nwork = []\n";
        let years = parse(text).unwrap();
        assert_eq!(
            years[&2027].off,
            vec![date!(2027 - 01 - 01), date!(2027 - 02 - 06)]
        );
        assert_eq!(years[&2027].work, vec![date!(2027 - 02 - 14)]);
        assert_eq!(years[&2028], YearArrangement::default());
        assert_eq!(parse(&format(&years)).unwrap(), years);
    }

    #[test]
    fn refuses_bad_text_with_the_line() {
        let cases = [
            ("off = [\"2027-01-01\"]", 1, "section must come first"),
            ("[2027]\noff = [\"2028-01-01\"]", 2, "not in year 2027"),
            ("[2027]\nwork = [\"2027-02-15\"]", 2, "is a weekday"),
            (
                "[2027]\noff = [\"2027-02-14\"]\nwork = [\"2027-02-14\"]",
                3,
                "both as off and as work",
            ),
            ("[2027]\nholiday = []", 2, "unknown key"),
            ("[2027]\noff = [\"2027-02-30\"]", 2, "not a date"),
            ("[2027]\n[2027]", 2, "appears twice"),
            ("[twenty]", 1, "not a year"),
        ];
        for (text, line, problem) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text}");
            assert!(err.problem.contains(problem), "{text}: {}", err.problem);
        }
    }
}
