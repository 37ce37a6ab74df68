//! R27: the quarterly statistics as data, for a quarter or a range of Beijing days.

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Query, ReqLang, Staff};
use axum::Json;
use axum::extract::State;
use huixiang_domain::Lang;
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::report::{Figures, Period, Timeliness};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The period of a report as given in the address (the API's and the page's alike).
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PeriodParams {
    /// With `quarter`: a calendar quarter.
    pub year: Option<i32>,
    /// 1–4.
    pub quarter: Option<u8>,
    /// With `until`: a range of Beijing days (`YYYY-MM-DD`), both included.
    pub from: Option<String>,
    pub until: Option<String>,
}

impl PeriodParams {
    /// The period; nothing given is the quarter of `today`.
    pub fn period(&self, today: time::Date) -> Result<Period, huixiang_domain::Rejection> {
        Period::parse(
            self.year,
            self.quarter,
            self.from.as_deref(),
            self.until.as_deref(),
            today,
        )
    }
}

/// On time and late for one unit or handler.
#[derive(Serialize, ToSchema)]
pub struct TimelinessDto {
    /// The unit's id, or the handler's name.
    pub who: String,
    pub on_time: i64,
    pub late: i64,
}

fn timeliness(who: String, t: &Timeliness) -> TimelinessDto {
    TimelinessDto {
        who,
        on_time: t.on_time,
        late: t.late,
    }
}

/// One period's figures. Maps are keyed by the stable codes (unit ids for units).
#[derive(Serialize, ToSchema)]
pub struct FiguresDto {
    /// `YYYY-MM-DD`, both included.
    pub from: String,
    pub until: String,
    pub title: String,
    /// Complaints registered in the period, and how they divide.
    pub registered: i64,
    pub by_channel: BTreeMap<String, i64>,
    pub by_category: BTreeMap<String, i64>,
    pub by_state: BTreeMap<String, i64>,
    pub by_unit: BTreeMap<String, i64>,
    pub by_special: BTreeMap<String, i64>,
    pub special: i64,
    pub repeats: i64,
    pub repeat_percent: Option<f64>,
    /// Closed or archived cases whose final result was submitted in the period.
    pub concluded: i64,
    pub on_time: i64,
    pub late: i64,
    pub on_time_percent: Option<f64>,
    pub mean_working_days: Option<f64>,
    pub median_working_days: Option<f64>,
    pub by_unit_timeliness: Vec<TimelinessDto>,
    pub by_handler_timeliness: Vec<TimelinessDto>,
    pub reminders: i64,
    pub extensions_requested: i64,
    pub extensions_approved: i64,
    pub ratings: BTreeMap<String, i64>,
}

impl FiguresDto {
    pub fn new(f: &Figures, lang: Lang) -> Self {
        let map = |rows: &[(String, i64)]| rows.iter().cloned().collect::<BTreeMap<_, _>>();
        let c = &f.counts;
        FiguresDto {
            from: f.period.first.to_string(),
            until: f.period.last.to_string(),
            title: f.period.title(lang),
            registered: c.registered,
            by_channel: map(&c.by_channel),
            by_category: map(&c.by_category),
            by_state: map(&c.by_state),
            by_unit: c
                .by_unit
                .iter()
                .map(|(u, n)| (u.0.to_string(), *n))
                .collect(),
            by_special: map(&c.by_special),
            special: c.special,
            repeats: c.repeats,
            repeat_percent: f.repeat_percent,
            concluded: f.timeliness.total(),
            on_time: f.timeliness.on_time,
            late: f.timeliness.late,
            on_time_percent: f.timeliness.on_time_percent(),
            mean_working_days: f.mean_working_days,
            median_working_days: f.median_working_days,
            by_unit_timeliness: f
                .by_unit_timeliness
                .iter()
                .map(|(u, t)| timeliness(u.0.to_string(), t))
                .collect(),
            by_handler_timeliness: f
                .by_handler_timeliness
                .iter()
                .map(|(h, t)| timeliness(h.clone(), t))
                .collect(),
            reminders: c.reminders,
            extensions_requested: c.extensions_requested,
            extensions_approved: c.extensions_approved,
            ratings: map(&c.ratings),
        }
    }
}

/// A period's figures beside the previous period and the same period a year before.
#[derive(Serialize, ToSchema)]
pub struct ReportDto {
    pub current: FiguresDto,
    pub previous: FiguresDto,
    pub year_before: FiguresDto,
}

/// R27: the statistics of a quarter (`year`, `quarter`) or a range of days (`from`, `until`);
/// nothing given: the current quarter. For the center office, the leaders and the overseer.
#[utoipa::path(get, path = "/reports/figures", tag = "reports", security(("bearer" = [])),
    params(PeriodParams),
    responses((status = 200, body = ReportDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn figures(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    Query(p): Query<PeriodParams>,
) -> Result<Json<ReportDto>, ApiError> {
    let today = beijing_date(state.service.now());
    let r = state.service.report(&actor, p.period(today)?).await?;
    Ok(Json(ReportDto {
        current: FiguresDto::new(&r.current, lang),
        previous: FiguresDto::new(&r.previous, lang),
        year_before: FiguresDto::new(&r.year_before, lang),
    }))
}

/// R27: the office's analysis, filed with the period's figures.
#[derive(Deserialize, ToSchema)]
pub struct FileReportRequest {
    pub year: Option<i32>,
    pub quarter: Option<u8>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub problems: Option<String>,
    pub suggestions: Option<String>,
}

/// R27: a filed report: its frozen figures and the analysis.
#[derive(Serialize, ToSchema)]
pub struct FiledReportDto {
    pub id: uuid::Uuid,
    pub report: ReportDto,
    pub problems: String,
    pub suggestions: String,
    pub filed_by: uuid::Uuid,
    pub filed_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub filed_at: time::OffsetDateTime,
    /// When the caller first opened it (leaders and the overseer).
    #[serde(with = "time::serde::rfc3339::option")]
    pub read_at: Option<time::OffsetDateTime>,
}

impl FiledReportDto {
    fn new(v: huixiang_service::StatisticsView, lang: Lang) -> Self {
        let f = &v.report.figures;
        FiledReportDto {
            id: v.id,
            report: ReportDto {
                current: FiguresDto::new(&f.current, lang),
                previous: FiguresDto::new(&f.previous, lang),
                year_before: FiguresDto::new(&f.year_before, lang),
            },
            problems: v.report.analysis.problems,
            suggestions: v.report.analysis.suggestions,
            filed_by: v.report.filed.by.0,
            filed_by_name: v.report.filed.by_name,
            filed_at: v.report.filed.at,
            read_at: v.read_at,
        }
    }
}

/// R27: the center office files the report of a period with its analysis; the figures are
/// frozen as they stand, and the report goes to the leaders and the overseer.
#[utoipa::path(post, path = "/reports", tag = "reports", security(("bearer" = [])),
    request_body = FileReportRequest,
    responses((status = 201, body = FiledReportDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    crate::extract::Body(r): crate::extract::Body<FileReportRequest>,
) -> Result<(axum::http::StatusCode, Json<FiledReportDto>), ApiError> {
    let today = beijing_date(state.service.now());
    let period = Period::parse(
        r.year,
        r.quarter,
        r.from.as_deref(),
        r.until.as_deref(),
        today,
    )?;
    let view = state
        .service
        .file_statistics(
            &actor,
            period,
            r.problems.as_deref(),
            r.suggestions.as_deref(),
        )
        .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(FiledReportDto::new(view, lang)),
    ))
}

/// R27: the filed reports, latest first.
#[utoipa::path(get, path = "/reports", tag = "reports", security(("bearer" = [])),
    responses((status = 200, body = Vec<FiledReportDto>), (status = 403, body = ErrorBody)))]
pub async fn filed(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
) -> Result<Json<Vec<FiledReportDto>>, ApiError> {
    let list = state.service.statistics_reports(&actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| FiledReportDto::new(v, lang))
            .collect(),
    ))
}

/// R27: one filed report; a leader or the overseer reading it is recorded.
#[utoipa::path(get, path = "/reports/{id}", tag = "reports", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = FiledReportDto), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<FiledReportDto>, ApiError> {
    let id: uuid::Uuid = id
        .parse()
        .map_err(|_| ApiError::from(huixiang_domain::Rejection::ReportNotFound))?;
    let view = state.service.statistics_report(&actor, id, true).await?;
    Ok(Json(FiledReportDto::new(view, lang)))
}
