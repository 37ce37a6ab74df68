//! R9: the working-day calendar and the deadline preview.

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, Staff};
use axum::Json;
use axum::extract::{Path, State};
use huixiang_domain::calendar::arrangement::parse_date;
use huixiang_domain::calendar::deadline::DeadlineInput;
use huixiang_domain::{FieldProblem, Rejection};
use huixiang_service::{CalendarYear, DeadlinePreview};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One year: rest days (休) and weekend days declared working days (班).
#[derive(Serialize, ToSchema)]
pub struct CalendarYearDto {
    pub year: i32,
    /// False: no official arrangement yet, only weekends are rest days. Enter it when the
    /// State Council publishes it.
    pub has_arrangement: bool,
    /// `YYYY-MM-DD`
    pub off: Vec<String>,
    pub work: Vec<String>,
}

impl From<CalendarYear> for CalendarYearDto {
    fn from(y: CalendarYear) -> Self {
        Self {
            year: y.year,
            has_arrangement: y.has_arrangement,
            off: y.off.iter().map(ToString::to_string).collect(),
            work: y.work.iter().map(ToString::to_string).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CalendarYearRequest {
    #[serde(default)]
    pub off: Vec<String>,
    #[serde(default)]
    pub work: Vec<String>,
}

fn year_of(raw: &str) -> Result<i32, ApiError> {
    raw.parse().map_err(|_| {
        Rejection::InvalidField {
            field: "year",
            problem: FieldProblem::BadFormat,
        }
        .into()
    })
}

fn dates(field: &'static str, raw: &[String]) -> Result<Vec<time::Date>, ApiError> {
    raw.iter()
        .map(|d| {
            parse_date(d).ok_or(
                Rejection::InvalidField {
                    field,
                    problem: FieldProblem::BadFormat,
                }
                .into(),
            )
        })
        .collect()
}

/// One year of the working-day calendar.
#[utoipa::path(get, path = "/calendar/{year}", tag = "calendar", security(("bearer" = [])),
    params(("year" = i32, Path)),
    responses((status = 200, body = CalendarYearDto), (status = 400, body = ErrorBody)))]
pub async fn year(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(year): Path<String>,
) -> Result<Json<CalendarYearDto>, ApiError> {
    let year = state.service.calendar_year(&actor, year_of(&year)?).await?;
    Ok(Json(year.into()))
}

/// Enters or corrects one year's arrangement (administrator).
#[utoipa::path(put, path = "/calendar/{year}", tag = "calendar", security(("bearer" = [])),
    params(("year" = i32, Path)), request_body = CalendarYearRequest,
    responses((status = 200, body = CalendarYearDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn set_year(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(year): Path<String>,
    Body(r): Body<CalendarYearRequest>,
) -> Result<Json<CalendarYearDto>, ApiError> {
    let (off, work) = (dates("off", &r.off)?, dates("work", &r.work)?);
    let year = state
        .service
        .set_calendar_year(&actor, year_of(&year)?, off, work)
        .await?;
    Ok(Json(year.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct DeadlinePreviewRequest {
    /// `ordinary`, `complex`, `historic`, `letter`, `assigned`, `assigned_complex` or
    /// `leader_limit`; empty: chosen from the decision and channel.
    pub deadline_rule: Option<String>,
    /// The leader's own limit: a count and a unit (`working_days`, `calendar_days`, `months`).
    pub time_limit_count: Option<i64>,
    pub time_limit_unit: Option<String>,
    pub decision: Option<String>,
    pub channel: Option<String>,
}

/// A deadline: the rule, the period, the start day (not counted) and the due day.
#[derive(Serialize, ToSchema)]
pub struct DeadlineDto {
    pub rule: String,
    pub rule_label: String,
    pub period_count: u32,
    pub period_unit: String,
    pub start: String,
    pub due: String,
    /// A year in the period has no official arrangement: weekends only were counted.
    pub calendar_missing: bool,
}

impl DeadlineDto {
    pub fn new(preview: DeadlinePreview, lang: huixiang_domain::Lang) -> Self {
        let d = preview.deadline;
        Self {
            rule: d.rule.as_str().into(),
            rule_label: d.rule.label(lang).into(),
            period_count: d.period.count,
            period_unit: d.period.unit.as_str().into(),
            start: d.start.to_string(),
            due: d.due.to_string(),
            calendar_missing: preview.calendar_missing,
        }
    }
}

/// R9, R22: the due date a dispatch made now would get, before it is confirmed.
#[utoipa::path(post, path = "/deadlines/preview", tag = "calendar", security(("bearer" = [])),
    request_body = DeadlinePreviewRequest,
    responses((status = 200, body = DeadlineDto), (status = 400, body = ErrorBody)))]
pub async fn preview(
    State(state): State<AppState>,
    Staff(actor): Staff,
    crate::extract::ReqLang(lang): crate::extract::ReqLang,
    Body(r): Body<DeadlinePreviewRequest>,
) -> Result<Json<DeadlineDto>, ApiError> {
    let input = DeadlineInput {
        rule: r.deadline_rule,
        time_limit_count: r.time_limit_count,
        time_limit_unit: r.time_limit_unit,
    };
    let preview = state
        .service
        .preview_deadline(&actor, input, r.decision, r.channel)
        .await?;
    Ok(Json(DeadlineDto::new(preview, lang)))
}
