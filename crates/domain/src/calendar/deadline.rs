//! R9, R11, R19, R22: deadline rules and due dates. Rules are configuration with the policy's
//! defaults. Counting follows Chinese law on periods: the start day is not counted; N working
//! days end on the Nth working day after it; N months end on the same day number N months
//! later (the month's last day when that day does not exist); a period ending on a rest day
//! moves to the next working day.

use super::WorkCalendar;
use crate::rejection::{FieldProblem, Rejection};
use crate::workflow::string_enum;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

string_enum!(
    /// The unit a period is counted in.
    PeriodUnit, "unit" {
        WorkingDays = "working_days", "个工作日", "working days";
        CalendarDays = "calendar_days", "日", "calendar days";
        Months = "months", "个月", "months";
    }
);

/// A length of time: 15 working days, 60 calendar days, 2 months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub count: u32,
    pub unit: PeriodUnit,
}

impl Period {
    pub const fn working_days(count: u32) -> Self {
        Self {
            count,
            unit: PeriodUnit::WorkingDays,
        }
    }

    pub const fn calendar_days(count: u32) -> Self {
        Self {
            count,
            unit: PeriodUnit::CalendarDays,
        }
    }

    pub const fn months(count: u32) -> Self {
        Self {
            count,
            unit: PeriodUnit::Months,
        }
    }

    /// A period as typed: 1 to 366 of its unit (at most 36 months).
    pub fn parse(count: Option<i64>, unit: Option<&str>) -> Result<Self, Rejection> {
        let unit = PeriodUnit::parse(unit.unwrap_or(""))?;
        let max = if unit == PeriodUnit::Months { 36 } else { 366 };
        let count = count.ok_or(Rejection::InvalidField {
            field: "count",
            problem: FieldProblem::Missing,
        })?;
        if !(1..=max).contains(&count) {
            return Err(Rejection::InvalidField {
                field: "count",
                problem: FieldProblem::BadFormat,
            });
        }
        Ok(Self {
            count: count as u32,
            unit,
        })
    }

    /// The day the period that starts on `start` ends.
    pub fn due(&self, calendar: &WorkCalendar, start: Date) -> Date {
        match self.unit {
            PeriodUnit::WorkingDays => calendar.add_working_days(start, self.count),
            PeriodUnit::CalendarDays => {
                calendar.on_or_after(start + Duration::days(i64::from(self.count)))
            }
            PeriodUnit::Months => calendar.on_or_after(add_months(start, self.count)),
        }
    }
}

/// The same day number `months` later, or the last day of that month.
pub fn add_months(start: Date, months: u32) -> Date {
    let index = start.year() * 12 + (start.month() as i32 - 1) + months as i32;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).unwrap_or(Month::December);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, start.day().min(last)).unwrap_or(start)
}

string_enum!(
    /// Which deadline applies to a dispatch.
    DeadlineRule, "deadline_rule" {
        /// R9: ordinary complaints, 15 working days.
        Ordinary = "ordinary", "一般投诉（15个工作日）", "ordinary (15 working days)";
        /// R9: more complex complaints, two months.
        Complex = "complex", "较复杂投诉（2个月）", "complex (2 months)";
        /// R9: historical, difficult, several departments or units: three months.
        Historic = "historic", "历史遗留或涉及多部门（3个月）", "historic or multi-unit (3 months)";
        /// R19: letters, 15 working days.
        Letter = "letter", "来信（15个工作日）", "letter (15 working days)";
        /// R22: assigned by a leader or higher organ with no limit given: two months.
        Assigned = "assigned", "领导交办（2个月）", "leader-assigned (2 months)";
        /// R22: a complex leader-assigned case with no limit given: three months.
        AssignedComplex = "assigned_complex", "领导交办复杂案件（3个月）", "leader-assigned, complex (3 months)";
        /// R22: the leader's own time limit.
        LeaderLimit = "leader_limit", "领导指定时限", "the leader's own limit";
    }
);

/// The deadline settings of a deployment; the defaults are this center's policy. A deployment
/// may override any of them (for instance the national regulation's 60 calendar days) with a
/// JSON document such as `{"ordinary": {"count": 60, "unit": "calendar_days"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlinePolicy {
    pub ordinary: Period,
    pub complex: Period,
    pub historic: Period,
    pub letter: Period,
    pub assigned: Period,
    pub assigned_complex: Period,
    /// R11: report back on higher-organ or leader assignments.
    pub report_back: Period,
    /// R10: how many working days before the due date the reminder slip is written.
    pub reminder_working_days: u32,
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        Self {
            ordinary: Period::working_days(15),
            complex: Period::months(2),
            historic: Period::months(3),
            letter: Period::working_days(15),
            assigned: Period::months(2),
            assigned_complex: Period::months(3),
            report_back: Period::months(2),
            reminder_working_days: 3,
        }
    }
}

/// A computed deadline, stored with the rule and period that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub rule: DeadlineRule,
    pub period: Period,
    /// The day the period starts from (not counted): the dispatch day, Beijing time.
    #[serde(with = "crate::serde_date")]
    pub start: Date,
    #[serde(with = "crate::serde_date")]
    pub due: Date,
}

/// The deadline part of a dispatch as typed: a rule, or the leader's own time limit.
#[derive(Clone, Debug, Default)]
pub struct DeadlineInput {
    pub rule: Option<String>,
    pub time_limit_count: Option<i64>,
    pub time_limit_unit: Option<String>,
}

impl DeadlinePolicy {
    /// Reads a deployment's overrides (JSON) over the defaults, checking every period.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let policy: Self = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let periods = [
            ("ordinary", policy.ordinary),
            ("complex", policy.complex),
            ("historic", policy.historic),
            ("letter", policy.letter),
            ("assigned", policy.assigned),
            ("assigned_complex", policy.assigned_complex),
            ("report_back", policy.report_back),
        ];
        for (name, period) in periods {
            Period::parse(Some(i64::from(period.count)), Some(period.unit.as_str()))
                .map_err(|_| format!("{name}: a period is 1–366 days or 1–36 months"))?;
        }
        if policy.reminder_working_days > 30 {
            return Err("reminder_working_days: at most 30".into());
        }
        Ok(policy)
    }

    /// R9, R19, R22: the deadline of a dispatch made on `start`. With no rule typed: the
    /// leader's limit if one is given, else letters follow R19, formal assignments R22, and
    /// everything else is ordinary.
    pub fn choose(
        &self,
        calendar: &WorkCalendar,
        input: &DeadlineInput,
        decision: crate::Decision,
        channel: crate::Channel,
        start: Date,
    ) -> Result<Deadline, Rejection> {
        let limit = match (input.time_limit_count, input.time_limit_unit.as_deref()) {
            (None, None | Some("")) => None,
            (count, unit) => Some(Period::parse(count, unit)?),
        };
        let typed = input.rule.as_deref().filter(|r| !r.trim().is_empty());
        let rule = match typed.map(DeadlineRule::parse).transpose()? {
            Some(rule) => rule,
            None if limit.is_some() => DeadlineRule::LeaderLimit,
            None if channel == crate::Channel::Letter => DeadlineRule::Letter,
            None if decision == crate::Decision::Assign => DeadlineRule::Assigned,
            None => DeadlineRule::Ordinary,
        };
        if rule != DeadlineRule::LeaderLimit && limit.is_some() {
            return Err(Rejection::InvalidField {
                field: "deadline_rule",
                problem: FieldProblem::BadFormat,
            });
        }
        self.deadline(calendar, rule, limit, start)
    }

    /// The period of `rule`; `LeaderLimit` needs the leader's `limit`.
    pub fn period(&self, rule: DeadlineRule, limit: Option<Period>) -> Result<Period, Rejection> {
        Ok(match rule {
            DeadlineRule::Ordinary => self.ordinary,
            DeadlineRule::Complex => self.complex,
            DeadlineRule::Historic => self.historic,
            DeadlineRule::Letter => self.letter,
            DeadlineRule::Assigned => self.assigned,
            DeadlineRule::AssignedComplex => self.assigned_complex,
            DeadlineRule::LeaderLimit => limit.ok_or(Rejection::InvalidField {
                field: "time_limit",
                problem: FieldProblem::Missing,
            })?,
        })
    }

    /// The deadline of a case dispatched on `start` under `rule`.
    pub fn deadline(
        &self,
        calendar: &WorkCalendar,
        rule: DeadlineRule,
        limit: Option<Period>,
        start: Date,
    ) -> Result<Deadline, Rejection> {
        let period = self.period(rule, limit)?;
        Ok(Deadline {
            rule,
            period,
            start,
            due: period.due(calendar, start),
        })
    }

    /// R10: the day the reminder slip for a case due on `due` is written.
    pub fn reminder_day(&self, calendar: &WorkCalendar, due: Date) -> Date {
        calendar.working_days_before(due, self.reminder_working_days)
    }
}

impl WorkCalendar {
    /// The `n`th working day before `date`.
    pub fn working_days_before(&self, date: Date, n: u32) -> Date {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = day.previous_day().unwrap_or(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn r9_fifteen_working_days_across_holidays_and_adjusted_weekends() {
        let c = WorkCalendar::official();
        let p = Period::working_days(15);
        let cases = [
            // Spring Festival 2026 (15–23 Feb off; Sat 14 and Sat 28 Feb worked).
            (date!(2026 - 02 - 10), date!(2026 - 03 - 09)),
            (date!(2026 - 02 - 13), date!(2026 - 03 - 12)),
            // A start on a rest day: counting begins the next working day.
            (date!(2026 - 02 - 15), date!(2026 - 03 - 13)),
            // National Day 2025 (1–8 Oct off; Sun 28 Sep and Sat 11 Oct worked).
            (date!(2025 - 09 - 25), date!(2025 - 10 - 22)),
            (date!(2025 - 09 - 30), date!(2025 - 10 - 28)),
            // National Day 2026 (25–27 Sep and 1–7 Oct off; Sun 20 Sep and Sat 10 Oct worked).
            (date!(2026 - 09 - 24), date!(2026 - 10 - 22)),
            (date!(2026 - 09 - 18), date!(2026 - 10 - 15)),
            // Labour Day 2025 and 2026 with their adjusted weekends.
            (date!(2026 - 04 - 28), date!(2026 - 05 - 21)),
            (date!(2025 - 04 - 25), date!(2025 - 05 - 20)),
            // An ordinary stretch: three weeks.
            (date!(2026 - 03 - 02), date!(2026 - 03 - 23)),
        ];
        for (start, due) in cases {
            assert_eq!(p.due(&c, start), due, "15 working days from {start}");
        }
    }

    #[test]
    fn r9_months_end_on_the_same_day_number_or_the_months_last_day() {
        let c = WorkCalendar::official();
        let cases = [
            (
                date!(2026 - 01 - 31),
                1,
                date!(2026 - 02 - 28),
                "31 Jan + 1 month: 28 Feb, a worked Saturday",
            ),
            (date!(2025 - 12 - 31), 2, date!(2026 - 02 - 28), "no 31 Feb"),
            (
                date!(2025 - 11 - 29),
                3,
                date!(2026 - 02 - 28),
                "no 29 Feb in 2026",
            ),
            (date!(2024 - 01 - 29), 1, date!(2024 - 02 - 29), "leap year"),
            (
                date!(2026 - 03 - 31),
                2,
                date!(2026 - 06 - 01),
                "31 May 2026 is a Sunday",
            ),
            (date!(2026 - 05 - 31), 1, date!(2026 - 06 - 30), "no 31 Jun"),
            (
                date!(2026 - 08 - 01),
                2,
                date!(2026 - 10 - 08),
                "1 Oct is National Day",
            ),
            (
                date!(2026 - 07 - 30),
                3,
                date!(2026 - 10 - 30),
                "an ordinary Friday",
            ),
            (
                date!(2025 - 12 - 15),
                2,
                date!(2026 - 02 - 24),
                "15 Feb 2026 is Spring Festival",
            ),
        ];
        for (start, months, due, why) in cases {
            assert_eq!(Period::months(months).due(&c, start), due, "{why}");
        }
    }

    #[test]
    fn r9_calendar_days_move_off_rest_days() {
        let c = WorkCalendar::official();
        assert_eq!(
            Period::calendar_days(15).due(&c, date!(2026 - 09 - 20)),
            date!(2026 - 10 - 08)
        );
        assert_eq!(
            Period::calendar_days(60).due(&c, date!(2026 - 03 - 02)),
            date!(2026 - 05 - 06)
        );
        assert_eq!(
            Period::calendar_days(10).due(&c, date!(2026 - 03 - 02)),
            date!(2026 - 03 - 12)
        );
    }

    #[test]
    fn r9_r19_r22_default_rules() {
        let c = WorkCalendar::official();
        let policy = DeadlinePolicy::default();
        let start = date!(2026 - 03 - 02);
        let due = |rule, limit| policy.deadline(&c, rule, limit, start).map(|d| d.due);
        assert_eq!(due(DeadlineRule::Ordinary, None), Ok(date!(2026 - 03 - 23)));
        assert_eq!(due(DeadlineRule::Letter, None), Ok(date!(2026 - 03 - 23)));
        assert_eq!(
            due(DeadlineRule::Complex, None),
            Ok(date!(2026 - 05 - 06)),
            "2 May is Labour Day"
        );
        assert_eq!(due(DeadlineRule::Assigned, None), Ok(date!(2026 - 05 - 06)));
        assert_eq!(due(DeadlineRule::Historic, None), Ok(date!(2026 - 06 - 02)));
        assert_eq!(
            due(DeadlineRule::AssignedComplex, None),
            Ok(date!(2026 - 06 - 02))
        );
        assert_eq!(
            due(DeadlineRule::LeaderLimit, Some(Period::working_days(5))),
            Ok(date!(2026 - 03 - 09))
        );
        assert!(due(DeadlineRule::LeaderLimit, None).is_err());
    }

    #[test]
    fn r10_the_reminder_is_three_working_days_before() {
        let c = WorkCalendar::official();
        let policy = DeadlinePolicy::default();
        assert_eq!(
            policy.reminder_day(&c, date!(2026 - 03 - 23)),
            date!(2026 - 03 - 18)
        );
        // Across Spring Festival 2026: three working days before 26 Feb are 24 Feb, 14 Feb, 13 Feb.
        assert_eq!(
            policy.reminder_day(&c, date!(2026 - 02 - 26)),
            date!(2026 - 02 - 14)
        );
    }

    #[test]
    fn r9_r19_r22_the_rule_a_dispatch_gets_by_default() {
        use crate::{Channel, Decision};
        let c = WorkCalendar::official();
        let policy = DeadlinePolicy::default();
        let start = date!(2026 - 03 - 02);
        let rule = |input: DeadlineInput, decision, channel| {
            policy
                .choose(&c, &input, decision, channel, start)
                .map(|d| d.rule)
        };
        let none = DeadlineInput::default;
        assert_eq!(
            rule(none(), Decision::Transfer, Channel::Phone),
            Ok(DeadlineRule::Ordinary)
        );
        assert_eq!(
            rule(none(), Decision::Transfer, Channel::Letter),
            Ok(DeadlineRule::Letter)
        );
        assert_eq!(
            rule(none(), Decision::Assign, Channel::Online),
            Ok(DeadlineRule::Assigned)
        );
        let limit = DeadlineInput {
            time_limit_count: Some(10),
            time_limit_unit: Some("working_days".into()),
            ..none()
        };
        let chosen = policy
            .choose(&c, &limit, Decision::Assign, Channel::Phone, start)
            .unwrap();
        assert_eq!(
            (chosen.rule, chosen.due),
            (DeadlineRule::LeaderLimit, date!(2026 - 03 - 16))
        );
        let complex = DeadlineInput {
            rule: Some("complex".into()),
            ..none()
        };
        assert_eq!(
            rule(complex, Decision::InHouse, Channel::Phone),
            Ok(DeadlineRule::Complex)
        );
        let both = DeadlineInput {
            rule: Some("ordinary".into()),
            ..limit.clone()
        };
        assert!(rule(both, Decision::Assign, Channel::Phone).is_err());
        let unknown = DeadlineInput {
            rule: Some("asap".into()),
            ..none()
        };
        assert!(rule(unknown, Decision::Assign, Channel::Phone).is_err());
        let no_count = DeadlineInput {
            time_limit_unit: Some("months".into()),
            ..none()
        };
        assert!(rule(no_count, Decision::Assign, Channel::Phone).is_err());
    }

    #[test]
    fn a_deployment_overrides_rules_with_json() {
        let national = DeadlinePolicy::from_json(
            r#"{"ordinary": {"count": 60, "unit": "calendar_days"}, "reminder_working_days": 5}"#,
        )
        .unwrap();
        assert_eq!(national.ordinary, Period::calendar_days(60));
        assert_eq!(national.reminder_working_days, 5);
        assert_eq!(
            national.complex,
            DeadlinePolicy::default().complex,
            "others keep defaults"
        );
        assert!(
            DeadlinePolicy::from_json(r#"{"ordinary": {"count": 0, "unit": "months"}}"#).is_err()
        );
        assert!(
            DeadlinePolicy::from_json(r#"{"ordinary": {"count": 5, "unit": "weeks"}}"#).is_err()
        );
        assert!(
            DeadlinePolicy::from_json(r#"{"ordnary": {"count": 5, "unit": "months"}}"#).is_err()
        );
        assert_eq!(
            DeadlinePolicy::from_json("{}").unwrap(),
            DeadlinePolicy::default()
        );
    }

    #[test]
    fn periods_as_typed() {
        assert_eq!(
            Period::parse(Some(15), Some("working_days")),
            Ok(Period::working_days(15))
        );
        assert!(Period::parse(Some(0), Some("months")).is_err());
        assert!(Period::parse(Some(37), Some("months")).is_err());
        assert!(Period::parse(Some(5), Some("weeks")).is_err());
        assert!(Period::parse(None, Some("months")).is_err());
    }
}
