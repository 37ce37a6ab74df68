//! R9: the working-day calendar as a use case: read a year, enter or import arrangements, and
//! preview the deadline a dispatch would get.

use crate::{Result, Service};
use huixiang_domain::calendar::arrangement::{self, YearArrangement};
use huixiang_domain::calendar::deadline::{Deadline, DeadlineInput};
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::{Actor, Channel, Decision, FieldProblem, Rejection, WorkCalendar, access};
use huixiang_store::Tx;
use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};
use time::Date;

/// One year of the calendar as people see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarYear {
    pub year: i32,
    /// Whether an official arrangement exists; without one only weekends are rest days.
    pub has_arrangement: bool,
    pub off: Vec<Date>,
    pub work: Vec<Date>,
}

/// A deadline as it would be set, with a warning when a year it spans has no arrangement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlinePreview {
    pub deadline: Deadline,
    pub calendar_missing: bool,
}

/// The official arrangements with the administrator's entries laid over them.
pub(crate) async fn load_calendar(tx: &mut Tx) -> Result<WorkCalendar> {
    let mut calendar = WorkCalendar::official();
    for (year, days) in tx.calendar_years().await? {
        calendar.set_year(year, &days);
    }
    Ok(calendar)
}

/// Whether any year from `start` to `due` lacks an arrangement; logs it loudly, once per year
/// and process (a deadline is computed at every dispatch; the operator needs telling once).
pub(crate) fn calendar_missing(calendar: &WorkCalendar, start: Date, due: Date) -> bool {
    static WARNED: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());
    let missing: Vec<i32> = (start.year()..=due.year())
        .filter(|y| !calendar.has_arrangement(*y))
        .collect();
    let unsaid: Vec<i32> = {
        let mut warned = WARNED.lock().unwrap_or_else(PoisonError::into_inner);
        missing
            .iter()
            .copied()
            .filter(|y| warned.insert(*y))
            .collect()
    };
    if !unsaid.is_empty() {
        tracing::warn!(
            missing = ?unsaid,
            "no official working-day arrangement: counting weekends only"
        );
    }
    !missing.is_empty()
}

fn check_year(year: i32) -> Result<(), Rejection> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(Rejection::InvalidField {
            field: "year",
            problem: FieldProblem::BadFormat,
        })
    }
}

impl Service {
    /// One year of the calendar (any member of staff).
    pub async fn calendar_year(&self, _actor: &Actor, year: i32) -> Result<CalendarYear> {
        check_year(year)?;
        let mut tx = self.db.read().await?;
        let calendar = load_calendar(&mut tx).await?;
        let days = calendar.arrangement(year);
        if days.is_none() {
            tracing::warn!(year, "no official working-day arrangement for this year");
        }
        let days = days.unwrap_or_default();
        Ok(CalendarYear {
            year,
            has_arrangement: calendar.has_arrangement(year),
            off: days.off,
            work: days.work,
        })
    }

    /// Enters (or corrects) one year's arrangement (administrator only).
    pub async fn set_calendar_year(
        &self,
        actor: &Actor,
        year: i32,
        off: Vec<Date>,
        work: Vec<Date>,
    ) -> Result<CalendarYear> {
        access::may_administer(actor)?;
        check_year(year)?;
        let days = YearArrangement { off, work };
        // The same checks as an imported file: one format, one set of rules.
        let text = arrangement::format(&[(year, days.clone())].into_iter().collect());
        arrangement::parse(&text).map_err(|e| Rejection::CalendarInvalid { detail: e.problem })?;
        let mut tx = self.db.write().await?;
        tx.put_calendar_year(year, &days, Some(actor.id), self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(CalendarYear {
            year,
            has_arrangement: true,
            off: days.off,
            work: days.work,
        })
    }

    /// Imports arrangement text (the operator's `huixiang calendar import`); all years or none.
    pub async fn import_calendar(&self, text: &str) -> Result<Vec<i32>, CalendarImportError> {
        let years = arrangement::parse(text).map_err(CalendarImportError::Format)?;
        let mut tx = self
            .db
            .write()
            .await
            .map_err(|e| CalendarImportError::Service(e.into()))?;
        let now = self.clock.now();
        for (year, days) in &years {
            tx.put_calendar_year(*year, days, None, now)
                .await
                .map_err(|e| CalendarImportError::Service(e.into()))?;
        }
        tx.commit()
            .await
            .map_err(|e| CalendarImportError::Service(e.into()))?;
        Ok(years.into_keys().collect())
    }

    /// The calendar in force (shipped years with the administrator's entries over them).
    pub async fn work_calendar(&self) -> Result<WorkCalendar> {
        let mut tx = self.db.read().await?;
        load_calendar(&mut tx).await
    }

    /// R9, R22: the deadline a dispatch made now would get, shown before it is confirmed.
    pub async fn preview_deadline(
        &self,
        _actor: &Actor,
        input: DeadlineInput,
        decision: Option<String>,
        channel: Option<String>,
    ) -> Result<DeadlinePreview> {
        let decision = decision
            .filter(|d| !d.is_empty())
            .map(|d| Decision::parse(&d))
            .transpose()?;
        let channel = channel
            .filter(|c| !c.is_empty())
            .map(|c| Channel::parse(&c))
            .transpose()?;
        let calendar = self.work_calendar().await?;
        let start = beijing_date(self.clock.now());
        let deadline = self.settings.deadlines.choose(
            &calendar,
            &input,
            decision.unwrap_or(Decision::Transfer),
            channel.unwrap_or(Channel::InPerson),
            start,
        )?;
        let calendar_missing = calendar_missing(&calendar, start, deadline.due);
        Ok(DeadlinePreview {
            deadline,
            calendar_missing,
        })
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum CalendarImportError {
    #[error("{0}")]
    Format(arrangement::ArrangementError),
    #[error(transparent)]
    Service(crate::ServiceError),
}
