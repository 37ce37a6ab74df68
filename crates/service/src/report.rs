//! R27: the quarterly statistics and analysis — figures for a period beside the previous one
//! and the same period a year before. The center office writes the report; the leaders and
//! the overseeing leader read it.

use crate::calendar::load_calendar;
use crate::{Result, Service};
use huixiang_domain::report::{Figures, Period};
use huixiang_domain::{Actor, Rejection, Role};

/// A period's figures with its two comparisons.
#[derive(Clone, Debug)]
pub struct Report {
    pub current: Figures,
    pub previous: Figures,
    pub year_before: Figures,
}

/// R27: who reads the statistics: the center office, the leaders and the overseeing leader.
pub fn may_read_reports(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Office | Role::Leader | Role::Director | Role::Overseer
    )
}

impl Service {
    /// R27: the figures of `period`, the period before and the same period a year before.
    pub async fn report(&self, actor: &Actor, period: Period) -> Result<Report> {
        if !may_read_reports(actor) {
            return Err(Rejection::NotPermitted.into());
        }
        let mut tx = self.db.read().await?;
        let calendar = load_calendar(&mut tx).await?;
        let mut figures = Vec::with_capacity(3);
        for p in [period, period.previous(), period.year_before()] {
            let counts = tx.report_counts(p.start(), p.end()).await?;
            figures.push(Figures::new(p, counts, &calendar));
        }
        let year_before = figures.pop();
        let previous = figures.pop();
        match (figures.pop(), previous, year_before) {
            (Some(current), Some(previous), Some(year_before)) => Ok(Report {
                current,
                previous,
                year_before,
            }),
            _ => Err(crate::ServiceError::Internal("report periods".into())),
        }
    }
}
