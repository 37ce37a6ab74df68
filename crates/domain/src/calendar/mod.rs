//! R9: China's official working-day calendar. Weekends and public holidays are rest days; the
//! weekend days the State Council declares working days (调休) are working days. The official
//! arrangements for 2020–2026 ship inside the binary; an administrator adds each new year's as
//! soon as it is published. A year with no arrangement falls back to Monday–Friday and is
//! reported as missing.

pub mod arrangement;
pub mod deadline;

use arrangement::{YearArrangement, is_weekend};
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Duration};

/// The official arrangements shipped with Huixiang (国务院办公厅节假日安排, 2020–2026).
pub const OFFICIAL_ARRANGEMENTS: &str = include_str!("../../data/cn-workdays.toml");

/// The working-day calendar: the Monday–Friday rule corrected by each year's arrangement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    off: BTreeSet<Date>,
    work: BTreeSet<Date>,
    years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// Builds a calendar from yearly arrangements.
    pub fn new(years: &BTreeMap<i32, YearArrangement>) -> Self {
        let mut calendar = Self::default();
        for (year, arrangement) in years {
            calendar.set_year(*year, arrangement);
        }
        calendar
    }

    /// The calendar with the shipped official arrangements.
    pub fn official() -> Self {
        // The shipped file is checked by a test; an unreadable one would leave weekends only.
        Self::new(&arrangement::parse(OFFICIAL_ARRANGEMENTS).unwrap_or_default())
    }

    /// Replaces one year's arrangement (an administrator's correction or a new year).
    pub fn set_year(&mut self, year: i32, arrangement: &YearArrangement) {
        self.off.retain(|d| d.year() != year);
        self.work.retain(|d| d.year() != year);
        self.off.extend(arrangement.off.iter().copied());
        self.work.extend(arrangement.work.iter().copied());
        self.years.insert(year);
    }

    /// Whether `year` has an official arrangement; without one, only weekends are rest days.
    pub fn has_arrangement(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The arrangement of `year` as stored, if any.
    pub fn arrangement(&self, year: i32) -> Option<YearArrangement> {
        self.has_arrangement(year).then(|| YearArrangement {
            off: self
                .off
                .iter()
                .filter(|d| d.year() == year)
                .copied()
                .collect(),
            work: self
                .work
                .iter()
                .filter(|d| d.year() == year)
                .copied()
                .collect(),
        })
    }

    /// R9: whether `date` is an official working day.
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.work.contains(&date) {
            return true;
        }
        !self.off.contains(&date) && !is_weekend(date)
    }

    /// The first working day on or after `date` (a period ending on a rest day moves there).
    pub fn on_or_after(&self, date: Date) -> Date {
        let mut day = date;
        while !self.is_working_day(day) {
            day = next(day);
        }
        day
    }

    /// The `n`th working day after `start` (the start day itself is not counted).
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = next(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to` (negative when `to` is before `from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0;
        let mut day = lo;
        while day < hi {
            day = next(day);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        sign * count
    }
}

/// Working days between many pairs of days, each in constant time: a running count of working
/// days over one span, for the report's tens of thousands of concluded cases.
#[derive(Clone, Debug)]
pub struct WorkingDayCount<'a> {
    calendar: &'a WorkCalendar,
    first: Date,
    /// Working days from `first` to each day of the span, that day included.
    running: Vec<i64>,
}

impl WorkCalendar {
    /// A running count of working days over the days from `first` to `last`.
    pub fn counter(&self, first: Date, last: Date) -> WorkingDayCount<'_> {
        let mut running = Vec::with_capacity((last - first).whole_days().max(0) as usize + 1);
        let (mut day, mut count) = (first, 0);
        while day <= last {
            if self.is_working_day(day) {
                count += 1;
            }
            running.push(count);
            let following = next(day);
            if following == day {
                break;
            }
            day = following;
        }
        WorkingDayCount {
            calendar: self,
            first,
            running,
        }
    }
}

impl WorkingDayCount<'_> {
    /// The same as [`WorkCalendar::working_days_between`]; days outside the span are counted
    /// the slow way.
    pub fn between(&self, from: Date, to: Date) -> i64 {
        let at = |day: Date| {
            usize::try_from((day - self.first).whole_days())
                .ok()
                .and_then(|i| self.running.get(i))
        };
        match (at(from), at(to)) {
            (Some(from), Some(to)) => to - from,
            _ => self.calendar.working_days_between(from, to),
        }
    }
}

fn next(day: Date) -> Date {
    day.next_day().unwrap_or(day + Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn r9_r27_a_running_count_agrees_with_counting_day_by_day() {
        let c = WorkCalendar::official();
        let (first, last) = (date!(2025 - 09 - 20), date!(2026 - 03 - 10));
        let counter = c.counter(first, last);
        let days: Vec<Date> = (0..=(last - first).whole_days())
            .step_by(3)
            .map(|i| first + Duration::days(i))
            .collect();
        for a in &days {
            for b in &days {
                assert_eq!(
                    counter.between(*a, *b),
                    c.working_days_between(*a, *b),
                    "{a} {b}"
                );
            }
        }
        // Outside the span: still right.
        let outside = date!(2026 - 05 - 06);
        assert_eq!(
            counter.between(first, outside),
            c.working_days_between(first, outside)
        );
    }

    #[test]
    fn r9_the_shipped_arrangements_parse_and_cover_2020_to_2026() {
        let years = arrangement::parse(OFFICIAL_ARRANGEMENTS).expect("the shipped file parses");
        assert_eq!(
            years.keys().copied().collect::<Vec<_>>(),
            (2020..=2026).collect::<Vec<_>>()
        );
        let calendar = WorkCalendar::official();
        assert!(calendar.has_arrangement(2026));
        assert!(!calendar.has_arrangement(2027));
    }

    #[test]
    fn r9_official_days_with_literal_dates() {
        let c = WorkCalendar::official();
        let cases = [
            (
                date!(2026 - 02 - 16),
                false,
                "Spring Festival 2026, a Monday",
            ),
            (
                date!(2026 - 02 - 14),
                true,
                "调休 Saturday before Spring Festival 2026",
            ),
            (
                date!(2026 - 02 - 28),
                true,
                "调休 Saturday after Spring Festival 2026",
            ),
            (date!(2026 - 02 - 24), true, "first day back"),
            (
                date!(2025 - 10 - 08),
                false,
                "National Day 2025, a Wednesday",
            ),
            (
                date!(2025 - 09 - 28),
                true,
                "调休 Sunday before National Day 2025",
            ),
            (
                date!(2025 - 10 - 11),
                true,
                "调休 Saturday after National Day 2025",
            ),
            (
                date!(2026 - 10 - 10),
                true,
                "调休 Saturday after National Day 2026",
            ),
            (date!(2026 - 10 - 07), false, "National Day 2026"),
            (date!(2026 - 03 - 07), false, "an ordinary Saturday"),
            (date!(2026 - 03 - 09), true, "an ordinary Monday"),
            (
                date!(2027 - 02 - 08),
                true,
                "a Monday in 2027: weekends only, no arrangement yet",
            ),
            (date!(2027 - 02 - 06), false, "a Saturday in 2027"),
        ];
        for (day, working, why) in cases {
            assert_eq!(c.is_working_day(day), working, "{day}: {why}");
        }
    }

    #[test]
    fn r9_an_administrator_sets_a_new_year() {
        let mut c = WorkCalendar::official();
        let new_year = YearArrangement {
            off: vec![date!(2027 - 01 - 01)],
            work: vec![date!(2027 - 01 - 02)],
        };
        c.set_year(2027, &new_year);
        assert!(c.has_arrangement(2027));
        assert!(!c.is_working_day(date!(2027 - 01 - 01)));
        assert!(c.is_working_day(date!(2027 - 01 - 02)));
        assert_eq!(c.arrangement(2027), Some(new_year));
        // Replacing a year drops what it had before.
        c.set_year(2027, &YearArrangement::default());
        assert!(c.is_working_day(date!(2027 - 01 - 01)));
    }
}
