//! R9: properties of working-day counting that hold for every start day and length.

#![allow(clippy::unwrap_used)]

use huixiang_domain::{Period, WorkCalendar};
use proptest::prelude::*;
use time::{Date, Duration};

fn any_day() -> impl Strategy<Value = Date> {
    // 2019-12-01 .. 2027-12-31: the shipped years and both edges without an arrangement.
    (0i64..2950).prop_map(|n| time::macros::date!(2019 - 12 - 01) + Duration::days(n))
}

proptest! {
    #[test]
    fn r9_adding_n_working_days_lands_on_a_working_day_exactly_n_away(start in any_day(), n in 1u32..120) {
        let calendar = WorkCalendar::official();
        let due = calendar.add_working_days(start, n);
        prop_assert!(calendar.is_working_day(due));
        prop_assert!(due > start);
        prop_assert_eq!(calendar.working_days_between(start, due), i64::from(n));
        prop_assert_eq!(calendar.working_days_between(due, start), -i64::from(n));
        // No working day is skipped: the day before the due date is still short of N.
        prop_assert_eq!(calendar.working_days_between(start, due - Duration::days(1)), i64::from(n) - 1);
        // Counting back undoes counting forward from a working day.
        if calendar.is_working_day(start) {
            prop_assert_eq!(calendar.working_days_before(due, n), start);
        }
    }

    #[test]
    fn r9_every_period_ends_on_a_working_day_not_before_its_length(start in any_day(), n in 1u32..36, unit in 0u8..3) {
        let calendar = WorkCalendar::official();
        let period = match unit {
            0 => Period::working_days(n),
            1 => Period::calendar_days(n),
            _ => Period::months(n),
        };
        let due = period.due(&calendar, start);
        prop_assert!(calendar.is_working_day(due));
        prop_assert!(due > start);
        if unit == 1 {
            prop_assert!(due >= start + Duration::days(i64::from(n)));
            // It moved only across rest days.
            let mut day = start + Duration::days(i64::from(n));
            while day < due {
                prop_assert!(!calendar.is_working_day(day));
                day += Duration::days(1);
            }
        }
    }
}
