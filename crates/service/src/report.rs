//! R27: the quarterly statistics and analysis — figures for a period beside the previous one
//! and the same period a year before; the center office adds its analysis and files the
//! report (frozen as it stood), which goes to the leaders and the overseeing leader.

use crate::calendar::load_calendar;
use crate::{Result, Service};
use huixiang_domain::handling::Recorded;
use huixiang_domain::report::{Analysis, Comparison, Figures, Period, StatisticsReport};
use huixiang_domain::{Actor, Rejection};
use huixiang_store::Tx;
use time::OffsetDateTime;
use uuid::Uuid;

/// A period's figures with its two comparisons.
pub type Report = Comparison;

/// A filed report as one reader sees it.
#[derive(Clone, Debug)]
pub struct StatisticsView {
    pub id: Uuid,
    pub report: StatisticsReport,
    /// When the reader first opened it.
    pub read_at: Option<OffsetDateTime>,
}

/// The most filed reports a list shows.
pub const STATISTICS_REPORTS_MAX: i64 = 100;

pub use huixiang_domain::report::may_read as may_read_reports;
use huixiang_domain::report::receives as receives_reports;

async fn comparison(tx: &mut Tx, period: Period) -> Result<Comparison> {
    let calendar = load_calendar(tx).await?;
    let mut figures = Vec::with_capacity(3);
    for p in [period, period.previous(), period.year_before()] {
        let counts = tx.report_counts(p.start(), p.end()).await?;
        figures.push(Figures::new(p, counts, &calendar));
    }
    let mut figures = figures.into_iter();
    match (figures.next(), figures.next(), figures.next()) {
        (Some(current), Some(previous), Some(year_before)) => Ok(Comparison {
            current,
            previous,
            year_before,
        }),
        _ => Err(crate::ServiceError::Internal("report periods".into())),
    }
}

impl Service {
    /// R27: the figures of `period`, the period before and the same period a year before.
    pub async fn report(&self, actor: &Actor, period: Period) -> Result<Report> {
        if !may_read_reports(actor) {
            return Err(Rejection::NotPermitted.into());
        }
        let mut tx = self.db.read().await?;
        comparison(&mut tx, period).await
    }

    /// R27: the center office files the report of `period` with its analysis: the figures are
    /// frozen as they stand now, with the names the units have today.
    pub async fn file_statistics(
        &self,
        actor: &Actor,
        period: Period,
        problems: Option<&str>,
        suggestions: Option<&str>,
    ) -> Result<StatisticsView> {
        StatisticsReport::may_file(actor)?;
        let analysis = Analysis::parse(problems, suggestions)?;
        let mut tx = self.db.write().await?;
        let figures = comparison(&mut tx, period).await?;
        let unit_names = tx
            .units()
            .await?
            .iter()
            .map(|u| (u.id, u.name.clone()))
            .collect();
        let report = StatisticsReport {
            figures,
            unit_names,
            analysis,
            filed: Recorded::now(actor, self.clock.now()),
        };
        let id = Uuid::now_v7();
        tx.insert_statistics_report(id, &report).await?;
        tx.commit().await?;
        Ok(StatisticsView {
            id,
            report,
            read_at: None,
        })
    }

    /// R27: the filed reports, latest first.
    pub async fn statistics_reports(&self, actor: &Actor) -> Result<Vec<StatisticsView>> {
        if !may_read_reports(actor) {
            return Err(Rejection::NotPermitted.into());
        }
        let mut tx = self.db.read().await?;
        let read = tx.statistics_reports_read_by(actor.id).await?;
        Ok(tx
            .statistics_reports(STATISTICS_REPORTS_MAX)
            .await?
            .into_iter()
            .map(|s| StatisticsView {
                read_at: read.iter().find(|(id, _)| *id == s.id).map(|(_, at)| *at),
                id: s.id,
                report: s.report,
            })
            .collect())
    }

    /// R27: the filed reports sent to `actor` that they have not opened (their workbench).
    pub async fn unread_statistics_reports(&self, actor: &Actor) -> Result<Vec<StatisticsView>> {
        if !receives_reports(actor) {
            return Ok(Vec::new());
        }
        let mut all = self.statistics_reports(actor).await?;
        all.retain(|r| r.read_at.is_none());
        Ok(all)
    }

    /// R27: one filed report; a leader or the overseer opening it (`mark_read`) is recorded.
    pub async fn statistics_report(
        &self,
        actor: &Actor,
        id: Uuid,
        mark_read: bool,
    ) -> Result<StatisticsView> {
        if !may_read_reports(actor) {
            return Err(Rejection::ReportNotFound.into());
        }
        let mut tx = self.db.write().await?;
        let stored = tx
            .statistics_report(id)
            .await?
            .ok_or(Rejection::ReportNotFound)?;
        if mark_read && receives_reports(actor) {
            tx.mark_statistics_report_read(id, actor.id, self.clock.now())
                .await?;
        }
        let read_at = tx
            .statistics_reports_read_by(actor.id)
            .await?
            .into_iter()
            .find(|(r, _)| *r == id)
            .map(|(_, at)| at);
        tx.commit().await?;
        Ok(StatisticsView {
            id,
            report: stored.report,
            read_at,
        })
    }
}

/// The leaders' and the office's dashboard on the workbench.
#[derive(Clone, Debug)]
pub struct Dashboard {
    /// This month so far, and this quarter so far.
    pub month: Figures,
    pub quarter: Figures,
    /// Registrations per month over the last twelve months, overdue by unit, the places most
    /// complained from this quarter, special cases open.
    pub counts: huixiang_store::DashboardCounts,
}

impl Service {
    /// R27, R30: the dashboard of the office, the leaders and the overseer; `None` for the
    /// rest (their workbench has none).
    pub async fn dashboard(&self, actor: &Actor) -> Result<Option<Dashboard>> {
        if !may_read_reports(actor) {
            return Ok(None);
        }
        let today = huixiang_domain::complaint::beijing_date(self.clock.now());
        let first_of_month = today.replace_day(1).unwrap_or(today);
        let month = Period {
            first: first_of_month,
            last: today,
            quarter: None,
        };
        let quarter = Period::quarter_of(today);
        // Twelve months: this one and the eleven before it.
        let months_back =
            first_of_month.year() * 12 + i32::from(u8::from(first_of_month.month())) - 1 - 11;
        let year_ago = Period {
            first: time::Month::try_from((months_back % 12 + 1) as u8)
                .ok()
                .and_then(|m| time::Date::from_calendar_date(months_back / 12, m, 1).ok())
                .unwrap_or(first_of_month),
            last: today,
            quarter: None,
        };
        let mut tx = self.db.read().await?;
        let calendar = load_calendar(&mut tx).await?;
        let month_counts = tx.report_counts(month.start(), month.end()).await?;
        let quarter_counts = tx.report_counts(quarter.start(), quarter.end()).await?;
        let counts = tx
            .dashboard_counts(year_ago.start(), quarter.start(), today)
            .await?;
        Ok(Some(Dashboard {
            month: Figures::new(month, month_counts, &calendar),
            quarter: Figures::new(quarter, quarter_counts, &calendar),
            counts,
        }))
    }
}
