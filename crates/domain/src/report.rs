//! R27, R30: the figures of the quarterly statistics and analysis (季度统计分析), for a quarter
//! or any range of Beijing days: what came in (by channel, category, lead unit, state, special
//! kind; repeats), what was concluded on time or late (by unit and by handler) and how long it
//! took in working days, reminders, extensions and satisfaction — with the previous quarter and
//! the same quarter a year before beside it. The store counts; this module names the period and
//! turns the counts into figures.

use crate::calendar::WorkCalendar;
use crate::calendar::arrangement::parse_date;
use crate::complaint::BEIJING;
use crate::ids::UnitId;
use crate::rejection::{FieldProblem, Rejection};
use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime};

/// A range of Beijing days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    #[serde(with = "crate::serde_date")]
    pub first: Date,
    #[serde(with = "crate::serde_date")]
    pub last: Date,
    /// `Some((year, q))` when the period is a calendar quarter.
    pub quarter: Option<(i32, u8)>,
}

fn bad(field: &'static str) -> Rejection {
    Rejection::InvalidField {
        field,
        problem: FieldProblem::BadFormat,
    }
}

impl Period {
    /// Quarter `q` (1–4) of `year`.
    pub fn quarter(year: i32, q: u8) -> Result<Self, Rejection> {
        if !(1..=4).contains(&q) {
            return Err(bad("quarter"));
        }
        if !(2000..=2100).contains(&year) {
            return Err(bad("year"));
        }
        let first_month = Month::try_from(q * 3 - 2).map_err(|_| bad("quarter"))?;
        let first = Date::from_calendar_date(year, first_month, 1).map_err(|_| bad("year"))?;
        let next = match q {
            4 => Date::from_calendar_date(year + 1, Month::January, 1),
            _ => Date::from_calendar_date(
                year,
                Month::try_from(q * 3 + 1).map_err(|_| bad("quarter"))?,
                1,
            ),
        }
        .map_err(|_| bad("year"))?;
        Ok(Period {
            first,
            last: next.previous_day().ok_or_else(|| bad("year"))?,
            quarter: Some((year, q)),
        })
    }

    /// The quarter a Beijing day falls in.
    pub fn quarter_of(day: Date) -> Self {
        let q = (u8::from(day.month()) - 1) / 3 + 1;
        // A day's own year and a quarter 1–4 always make a period.
        Period::quarter(day.year(), q).unwrap_or(Period {
            first: day,
            last: day,
            quarter: None,
        })
    }

    /// A range of days as typed (`YYYY-MM-DD`), at most about three years.
    pub fn range(from: &str, until: &str) -> Result<Self, Rejection> {
        let first = parse_date(from.trim()).ok_or_else(|| bad("from"))?;
        let last = parse_date(until.trim()).ok_or_else(|| bad("until"))?;
        if last < first || (last - first).whole_days() > 1200 {
            return Err(Rejection::InvalidField {
                field: "until",
                problem: FieldProblem::UnknownValue,
            });
        }
        Ok(Period {
            first,
            last,
            quarter: None,
        })
    }

    /// The period as typed: a quarter (`year` and `quarter`) or a range (`from`, `until`);
    /// nothing typed is the current quarter.
    pub fn parse(
        year: Option<i32>,
        quarter: Option<u8>,
        from: Option<&str>,
        until: Option<&str>,
        today: Date,
    ) -> Result<Self, Rejection> {
        match (year, quarter, given(from), given(until)) {
            (None, None, None, None) => Ok(Self::quarter_of(today)),
            (Some(y), Some(q), None, None) => Self::quarter(y, q),
            (None, None, Some(f), Some(u)) => Self::range(f, u),
            (_, _, Some(_), None) => Err(Rejection::InvalidField {
                field: "until",
                problem: FieldProblem::Missing,
            }),
            (_, _, None, Some(_)) => Err(Rejection::InvalidField {
                field: "from",
                problem: FieldProblem::Missing,
            }),
            (Some(_), None, ..) => Err(Rejection::InvalidField {
                field: "quarter",
                problem: FieldProblem::Missing,
            }),
            _ => Err(Rejection::InvalidField {
                field: "year",
                problem: FieldProblem::Missing,
            }),
        }
    }

    /// The period just before, as long as this one (the previous quarter for a quarter).
    pub fn previous(&self) -> Self {
        if let Some((y, q)) = self.quarter {
            let (y, q) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
            if let Ok(p) = Period::quarter(y, q) {
                return p;
            }
        }
        let days = self.last - self.first;
        let last = self.first.previous_day().unwrap_or(self.first);
        Period {
            first: last - days,
            last,
            quarter: None,
        }
    }

    /// The same period a year before.
    pub fn year_before(&self) -> Self {
        if let Some((y, q)) = self.quarter
            && let Ok(p) = Period::quarter(y - 1, q)
        {
            return p;
        }
        // 29 February a year before is the 28th.
        let back = |d: Date| {
            Date::from_calendar_date(d.year() - 1, d.month(), d.day())
                .or_else(|_| Date::from_calendar_date(d.year() - 1, d.month(), 28))
                .unwrap_or(d)
        };
        Period {
            first: back(self.first),
            last: back(self.last),
            quarter: None,
        }
    }

    /// The first instant of the period (Beijing midnight of its first day).
    pub fn start(&self) -> OffsetDateTime {
        self.first.midnight().assume_offset(BEIJING)
    }

    /// The first instant after the period.
    pub fn end(&self) -> OffsetDateTime {
        self.last
            .next_day()
            .unwrap_or(self.last)
            .midnight()
            .assume_offset(BEIJING)
    }

    /// `2026年第1季度` or `2026-01-05 至 2026-02-20`.
    pub fn title(&self, lang: crate::Lang) -> String {
        match (self.quarter, lang) {
            (Some((y, q)), crate::Lang::Zh) => format!("{y}年第{q}季度"),
            (Some((y, q)), crate::Lang::En) => format!("Q{q} {y}"),
            (None, crate::Lang::Zh) => format!("{} 至 {}", self.first, self.last),
            (None, crate::Lang::En) => format!("{} to {}", self.first, self.last),
        }
    }
}

fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// One concluded case, as the report needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Concluded {
    pub lead_unit: UnitId,
    pub handler: Option<String>,
    /// The dispatch day the deadline counted from.
    pub started: Date,
    pub due: Date,
    /// The Beijing day the final result was submitted.
    pub concluded: Date,
}

/// What the store counted for a period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Complaints registered in the period.
    pub registered: i64,
    pub by_channel: Vec<(String, i64)>,
    pub by_category: Vec<(String, i64)>,
    /// By state now.
    pub by_state: Vec<(String, i64)>,
    /// By lead unit (dispatched ones).
    pub by_unit: Vec<(UnitId, i64)>,
    /// By kind of special mark (a case marked twice counts under each kind).
    pub by_special: Vec<(String, i64)>,
    /// Registered cases marked special for any reason.
    pub special: i64,
    /// Registered cases linked as repeats of an earlier one (R20).
    pub repeats: i64,
    /// Cases whose final result was submitted in the period and that are closed or archived
    /// (not kept in a filed report: its figures are).
    #[serde(skip)]
    pub concluded: Vec<Concluded>,
    /// Reminder slips written in the period (R10).
    pub reminders: i64,
    /// Extensions asked for, and approved, in the period (R9).
    pub extensions_requested: i64,
    pub extensions_approved: i64,
    /// Ratings given in the period, by satisfaction (R2).
    pub ratings: Vec<(String, i64)>,
}

/// On time and late, for one unit or handler.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeliness {
    pub on_time: i64,
    pub late: i64,
}

impl Timeliness {
    pub fn total(&self) -> i64 {
        self.on_time + self.late
    }

    /// The on-time share in percent, if anything was concluded.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.total() > 0).then(|| 100.0 * self.on_time as f64 / self.total() as f64)
    }
}

/// The figures of one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub period: Period,
    pub counts: Counts,
    pub timeliness: Timeliness,
    /// R30: by lead unit and by handler, most concluded first.
    pub by_unit_timeliness: Vec<(UnitId, Timeliness)>,
    pub by_handler_timeliness: Vec<(String, Timeliness)>,
    /// Working days from dispatch to the final result, over the concluded cases.
    pub mean_working_days: Option<f64>,
    pub median_working_days: Option<f64>,
    /// Repeats among registered, in percent.
    pub repeat_percent: Option<f64>,
}

impl Figures {
    /// Turns a period's counts into figures; working days follow `calendar`.
    pub fn new(period: Period, counts: Counts, calendar: &WorkCalendar) -> Self {
        let mut timeliness = Timeliness::default();
        let mut units: Vec<(UnitId, Timeliness)> = Vec::new();
        let mut handlers: Vec<(String, Timeliness)> = Vec::new();
        let mut days: Vec<i64> = Vec::with_capacity(counts.concluded.len());
        let first = counts
            .concluded
            .iter()
            .map(|c| c.started.min(c.concluded))
            .min();
        let last = counts
            .concluded
            .iter()
            .map(|c| c.started.max(c.concluded))
            .max();
        let counter = match (first, last) {
            (Some(first), Some(last)) => calendar.counter(first, last),
            _ => calendar.counter(period.first, period.first),
        };
        for c in &counts.concluded {
            let late = c.concluded > c.due;
            let tally = |t: &mut Timeliness| {
                if late {
                    t.late += 1;
                } else {
                    t.on_time += 1;
                }
            };
            tally(&mut timeliness);
            match units.iter_mut().find(|(u, _)| *u == c.lead_unit) {
                Some((_, t)) => tally(t),
                None => {
                    let mut t = Timeliness::default();
                    tally(&mut t);
                    units.push((c.lead_unit, t));
                }
            }
            let name = c.handler.as_deref().unwrap_or_default();
            match handlers.iter_mut().find(|(h, _)| h == name) {
                Some((_, t)) => tally(t),
                None => {
                    let mut t = Timeliness::default();
                    tally(&mut t);
                    handlers.push((name.to_owned(), t));
                }
            }
            days.push(counter.between(c.started, c.concluded).max(0));
        }
        units.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then(a.0.cmp(&b.0)));
        handlers.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then(a.0.cmp(&b.0)));
        days.sort_unstable();
        let mean = (!days.is_empty()).then(|| days.iter().sum::<i64>() as f64 / days.len() as f64);
        let median = match days.len() {
            0 => None,
            n if n % 2 == 1 => Some(days[n / 2] as f64),
            n => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
        };
        let repeat_percent = (counts.registered > 0)
            .then(|| 100.0 * counts.repeats as f64 / counts.registered as f64);
        Figures {
            period,
            timeliness,
            by_unit_timeliness: units,
            by_handler_timeliness: handlers,
            mean_working_days: mean,
            median_working_days: median,
            repeat_percent,
            counts,
        }
    }
}

/// A period's figures with the previous period's and those of a year before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub current: Figures,
    pub previous: Figures,
    pub year_before: Figures,
}

/// R27: the office's analysis: the problems seen and its suggestions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub problems: String,
    pub suggestions: String,
}

impl Analysis {
    pub fn parse(problems: Option<&str>, suggestions: Option<&str>) -> Result<Self, Rejection> {
        Ok(Analysis {
            problems: crate::text::TextRule::block("problems", 10_000).required(problems)?,
            suggestions: crate::text::TextRule::block("suggestions", 10_000)
                .required(suggestions)?,
        })
    }
}

/// R27: a filed quarterly report: the figures frozen as they stood when filed, the unit names
/// of the day, the analysis, and who filed it when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatisticsReport {
    pub figures: Comparison,
    pub unit_names: Vec<(UnitId, String)>,
    pub analysis: Analysis,
    pub filed: crate::handling::Recorded,
}

/// R27: who reads the statistics: the center office, the leaders and the overseeing leader.
pub fn may_read(actor: &crate::Actor) -> bool {
    use crate::Role;
    matches!(
        actor.role,
        Role::Office | Role::Leader | Role::Director | Role::Overseer
    )
}

/// R27: whom a filed report is sent to: the center leaders and the overseeing leader.
pub fn receives(actor: &crate::Actor) -> bool {
    use crate::Role;
    matches!(actor.role, Role::Leader | Role::Director | Role::Overseer)
}

impl StatisticsReport {
    /// R27: the center office files the quarterly report.
    pub fn may_file(actor: &crate::Actor) -> Result<(), Rejection> {
        if actor.role == crate::Role::Office {
            Ok(())
        } else {
            Err(Rejection::NotPermitted)
        }
    }

    /// The name a unit had when the report was filed.
    pub fn unit_name(&self, id: UnitId) -> String {
        self.unit_names
            .iter()
            .find(|(u, _)| *u == id)
            .map_or_else(|| id.0.to_string(), |(_, n)| n.clone())
    }
}

/// The change from `before` to `now`, in percent, when `before` is not zero.
pub fn change_percent(now: i64, before: i64) -> Option<f64> {
    (before != 0).then(|| 100.0 * (now - before) as f64 / before as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn r27_quarters_are_beijing_days() {
        let q1 = Period::quarter(2026, 1).unwrap();
        assert_eq!(
            (q1.first, q1.last),
            (date!(2026 - 01 - 01), date!(2026 - 03 - 31))
        );
        // 23:30 on 31 March Beijing time is in Q1; 00:10 on 1 April is not.
        assert!(datetime!(2026-03-31 23:30 +8) < q1.end());
        assert!(datetime!(2026-04-01 00:10 +8) >= q1.end());
        assert_eq!(q1.end(), datetime!(2026-03-31 16:00 UTC));
        assert_eq!(q1.previous(), Period::quarter(2025, 4).unwrap());
        assert_eq!(q1.year_before(), Period::quarter(2025, 1).unwrap());
        assert_eq!(
            Period::quarter(2026, 4).unwrap().last,
            date!(2026 - 12 - 31)
        );
        assert_eq!(
            Period::quarter_of(date!(2026 - 11 - 28)),
            Period::quarter(2026, 4).unwrap()
        );
        assert!(Period::quarter(2026, 5).is_err());
        let r = Period::range("2026-01-10", "2026-01-19").unwrap();
        assert_eq!(r.previous().last, date!(2026 - 01 - 09));
        assert_eq!(r.previous().first, date!(2025 - 12 - 31));
        assert!(Period::range("2026-02-01", "2026-01-01").is_err());
        assert!(Period::parse(Some(2026), None, None, None, date!(2026 - 01 - 01)).is_err());
    }

    #[test]
    fn r30_on_time_late_and_working_days() {
        let calendar = WorkCalendar::official();
        let unit = UnitId(uuid::Uuid::from_u128(1));
        let c = |due, concluded, handler: &str| Concluded {
            lead_unit: unit,
            handler: Some(handler.into()),
            started: date!(2026 - 03 - 02),
            due,
            concluded,
        };
        let counts = Counts {
            registered: 4,
            repeats: 1,
            concluded: vec![
                c(date!(2026 - 03 - 20), date!(2026 - 03 - 06), "张伟"),
                c(date!(2026 - 03 - 20), date!(2026 - 03 - 20), "张伟"),
                c(date!(2026 - 03 - 20), date!(2026 - 03 - 23), "赵敏"),
            ],
            ..Counts::default()
        };
        let f = Figures::new(Period::quarter(2026, 1).unwrap(), counts, &calendar);
        assert_eq!((f.timeliness.on_time, f.timeliness.late), (2, 1));
        assert_eq!(f.by_handler_timeliness[0].0, "张伟");
        assert_eq!(f.by_handler_timeliness[0].1.on_time, 2);
        // 2 March (Mon) to 6 March: 4 working days; to 20 March: 14; to 23 March: 15.
        assert_eq!(f.median_working_days, Some(14.0));
        assert_eq!(f.mean_working_days, Some((4.0 + 14.0 + 15.0) / 3.0));
        assert_eq!(f.repeat_percent, Some(25.0));
        assert_eq!(change_percent(12, 10), Some(20.0));
        assert_eq!(change_percent(3, 0), None);
    }
}
