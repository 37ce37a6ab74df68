//! R27: major-issue notices (the reader's list, and one notice, whose opening is the read
//! receipt); R26: incidents with visitors (list, one, and the office's form).

use super::forms::{FormData, FormError};
use super::{Chrome, PageError, Posted, StaffPage, render, render_with, status_of};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, Query, State as AxState};
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::incident::{Incident, IncidentInput};
use huixiang_domain::{Rejection, Role, UserId};
use huixiang_service::{INCIDENTS_PER_PAGE, IncidentView, NoticeView, ServiceError, UserView};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "notices.html")]
struct NoticesPage {
    t: Tr,
    chrome: Chrome,
    notices: Vec<NoticeView>,
}

pub async fn notices_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let notices = state.service.notices(&page.actor).await?;
    render(&NoticesPage {
        t: page.t,
        chrome: Chrome::new(&page, "/notices"),
        notices,
    })
}

#[derive(Template)]
#[template(path = "notice.html")]
struct NoticePage {
    t: Tr,
    chrome: Chrome,
    n: NoticeView,
}

/// One notice; a recipient opening it is recorded as having read it.
pub async fn notice_page(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id: Uuid = raw.parse().map_err(|_| Rejection::NoticeNotFound)?;
    let n = state.service.notice(&page.actor, id, true).await?;
    render(&NoticePage {
        t: page.t,
        chrome: Chrome::new(&page, "/notices"),
        n,
    })
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct IncidentsPage {
    t: Tr,
    chrome: Chrome,
    incidents: Vec<IncidentView>,
    total: i64,
    page: i64,
    pages: i64,
    may_record: bool,
}

#[derive(Deserialize, Default)]
pub struct PageParams {
    page: Option<i64>,
}

pub async fn incidents_page(
    AxState(state): AxState<AppState>,
    Query(params): Query<PageParams>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let n = params.page.unwrap_or(1);
    let (incidents, total) = state.service.incidents(&page.actor, n).await?;
    render(&IncidentsPage {
        t: page.t,
        chrome: Chrome::new(&page, "/incidents"),
        incidents,
        total,
        page: n,
        pages: (total + INCIDENTS_PER_PAGE - 1) / INCIDENTS_PER_PAGE,
        may_record: Incident::may_record(&page.actor).is_ok(),
    })
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    t: Tr,
    chrome: Chrome,
    i: IncidentView,
}

pub async fn incident_page(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id: Uuid = raw.parse().map_err(|_| Rejection::IncidentNotFound)?;
    let i = state.service.incident(&page.actor, id).await?;
    render(&IncidentPage {
        t: page.t,
        chrome: Chrome::new(&page, "/incidents"),
        i,
    })
}

#[derive(Template)]
#[template(path = "incident_form.html")]
struct IncidentForm {
    t: Tr,
    chrome: Chrome,
    leaders: Vec<UserView>,
    form: FormData,
    error: Option<FormError>,
}

async fn incident_form(
    state: &AppState,
    page: &StaffPage,
    form: FormData,
    error: Option<FormError>,
) -> Result<IncidentForm, PageError> {
    Incident::may_record(&page.actor)?;
    let leaders = state
        .service
        .staff_directory(&page.actor)
        .await?
        .into_iter()
        .filter(|u| u.role.is_leader() || u.role == Role::Overseer)
        .collect();
    Ok(IncidentForm {
        t: page.t,
        chrome: Chrome::new(page, "/incidents"),
        leaders,
        form,
        error,
    })
}

#[derive(Deserialize, Default)]
pub struct NewParams {
    /// The number of the case whose page linked here.
    case: Option<String>,
}

pub async fn incident_new(
    AxState(state): AxState<AppState>,
    Query(params): Query<NewParams>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let mut form = FormData::default();
    // A case page's "record an incident" link names the case.
    if let Some(number) = params.case {
        form.set("cases", number);
    }
    render(&incident_form(&state, &page, form, None).await?)
}

/// The office records an incident; a refusal shows the form again with what was typed.
pub async fn incident_submit(
    AxState(state): AxState<AppState>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let leaders: Result<Vec<UserId>, Rejection> = form
        .ids("leaders_informed")
        .map(|ids| ids.into_iter().map(UserId).collect());
    let outcome = match leaders {
        Ok(leaders_informed) => {
            let input = IncidentInput {
                occurred_at: form.get("occurred_at"),
                place: form.get("place"),
                person_name: form.get("person.name"),
                person_phone: form.get("person.phone"),
                person_id_number: form.get("person.id_number"),
                person_description: form.get("person.description"),
                what_happened: form.get("what_happened"),
                measures: form.get("measures"),
                leaders_informed,
                police_contacted: form.flag("police_contacted"),
                police_station: form.get("police.station"),
                police_officer: form.get("police.officer"),
                police_contacted_at: form.get("police.contacted_at"),
            };
            let cases: Vec<String> = form
                .get("cases")
                .unwrap_or_default()
                .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
                .map(str::to_owned)
                .collect();
            state
                .service
                .record_incident(&page.actor, input, &cases)
                .await
        }
        Err(r) => Err(r.into()),
    };
    match outcome {
        Ok(view) => Ok(Redirect::to(&format!("/incidents/{}", view.id)).into_response()),
        Err(ServiceError::Rejected(r)) => {
            let error = Some(FormError::new(&r, page.t.0));
            let view = incident_form(&state, &page, form, error).await?;
            render_with(status_of(r.kind()), &view)
        }
        Err(e) => Err(e.into()),
    }
}
