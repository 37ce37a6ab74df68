//! The workbench (工作台): the reader's to-do, what awaits their review, what is due within three
//! working days and what is overdue; and the count shown on the navigation.

use super::lists::{CaseRow, UnitNames, today};
use super::{Chrome, PageError, StaffPage, render};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::State as AxState;
use axum::response::{Html, IntoResponse, Response};
use huixiang_domain::Role;
use huixiang_service::DUE_SOON_WORKING_DAYS;

#[derive(Template)]
#[template(path = "workbench.html")]
struct WorkbenchPage {
    t: Tr,
    chrome: Chrome,
    todo: Vec<CaseRow>,
    awaiting_review: Vec<CaseRow>,
    due_soon: Vec<CaseRow>,
    overdue: Vec<CaseRow>,
    /// R11, R22, R23: cases where the reader owes something, with what.
    owed: Vec<(CaseRow, Vec<huixiang_service::Owed>)>,
    /// R27: notices sent to the reader and not read yet.
    notices: Vec<huixiang_service::NoticeView>,
    /// R27: filed statistics reports the reader (a leader, the overseer) has not opened.
    reports: Vec<huixiang_service::StatisticsView>,
    /// R27, R30: the dashboard of the office, the leaders and the overseer.
    dashboard: Option<super::reports::DashboardView>,
    due_soon_days: i64,
    may_register: bool,
}

pub async fn workbench_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    if page.actor.role == Role::Admin {
        // The administrator manages the system and reads no complaints.
        return Ok(axum::response::Redirect::to("/admin/users").into_response());
    }
    let service = &state.service;
    let bench = service.workbench(&page.actor).await?;
    let (units, _) = UnitNames::load(service, &page.actor).await?;
    let dashboard = service
        .dashboard(&page.actor)
        .await?
        .map(|d| super::reports::DashboardView::new(page.t, &d, &units));
    let today = today(service.now());
    let rows = |views: &[huixiang_service::CaseView]| {
        views
            .iter()
            .map(|v| CaseRow::from_view(v, &units, today))
            .collect::<Vec<_>>()
    };
    render(&WorkbenchPage {
        t: page.t,
        chrome: Chrome::new(&page, "/workbench"),
        todo: rows(&bench.todo),
        awaiting_review: rows(&bench.awaiting_review),
        due_soon: rows(&bench.due_soon),
        overdue: rows(&bench.overdue),
        owed: bench
            .owed
            .iter()
            .map(|v| (CaseRow::from_view(v, &units, today), v.owed.clone()))
            .collect(),
        notices: bench.unread_notices,
        reports: bench.unread_reports,
        dashboard,
        due_soon_days: DUE_SOON_WORKING_DAYS,
        may_register: matches!(page.actor.role, Role::Clerk | Role::Office),
    })
}

#[derive(Template)]
#[template(path = "nav_counts_partial.html")]
struct NavCounts {
    t: Tr,
    todo: usize,
    overdue: usize,
    notices: usize,
}

/// htmx fragment: the counts beside "workbench" on the navigation.
pub async fn nav_counts_partial(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    if page.actor.role == Role::Admin {
        return Ok(Html("").into_response());
    }
    let bench = state.service.workbench(&page.actor).await?;
    render(&NavCounts {
        t: page.t,
        todo: bench.todo.len(),
        overdue: bench.overdue.len(),
        notices: bench.unread_notices.len(),
    })
}
