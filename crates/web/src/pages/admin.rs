//! Administration: staff accounts (role, unit), the unit tree with each unit's principal
//! leader, and the working-day calendar per year (holidays and 调休 days, R9). The service
//! checks that the reader is the administrator.

use super::forms::{FormData, FormError};
use super::lists::UnitNames;
use super::{Chrome, PageError, Posted, StaffPage, render, render_with, status_of};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, Query, State as AxState};
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::calendar::arrangement::{self, YearArrangement};
use huixiang_domain::{FieldProblem, Rejection, Role, Unit, UnitId, UnitInput, UnitKind, access};
use huixiang_service::{CalendarYear, NewUserInput, ServiceError, UserChange, UserView};
use serde::Deserialize;

fn unit_field(form: &FormData, name: &'static str) -> Result<Option<UnitId>, Rejection> {
    Ok(form.id(name)?.map(UnitId))
}

#[derive(Deserialize, Default)]
pub struct SavedParam {
    saved: Option<String>,
    year: Option<String>,
    /// The account whose edit form is shown.
    edit: Option<String>,
}

// ----- users -----

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    t: Tr,
    chrome: Chrome,
    users: Vec<UserView>,
    units: UnitNames,
    unit_list: Vec<Unit>,
    roles: &'static [Role],
    form: FormData,
    error: Option<FormError>,
    saved: bool,
    /// The account being changed, if the edit form is shown.
    editing: Option<UserView>,
}

async fn users_view(
    state: &AppState,
    page: &StaffPage,
    form: FormData,
    error: Option<FormError>,
    saved: bool,
) -> Result<UsersPage, PageError> {
    let users = state.service.users(&page.actor).await?;
    let (units, unit_list) = UnitNames::load(&state.service, &page.actor).await?;
    let editing = form
        .get("id")
        .and_then(|id| users.iter().find(|u| u.id.0.to_string() == id).cloned());
    Ok(UsersPage {
        editing,
        t: page.t,
        chrome: Chrome::new(page, "/admin/users"),
        users,
        units,
        unit_list,
        roles: Role::ALL,
        form,
        error,
        saved,
    })
}

pub async fn users_page(
    AxState(state): AxState<AppState>,
    Query(q): Query<SavedParam>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let mut form = FormData::default();
    if let Some(id) = q.edit.as_deref() {
        // The edit form starts from the account as it is.
        let users = state.service.users(&page.actor).await?;
        let user = users
            .iter()
            .find(|u| u.id.0.to_string() == id)
            .ok_or(Rejection::UserNotFound)?;
        form.set("id", id);
        form.set("display_name", user.display_name.clone());
        form.set("role", user.role.as_str());
        form.set("unit", user.unit.0.to_string());
        if user.active {
            form.set("active", "true");
        }
    }
    let view = users_view(&state, &page, form, None, q.saved.is_some()).await?;
    render(&view)
}

/// Adds an account, or changes the one named by `id`.
pub async fn user_submit(
    AxState(state): AxState<AppState>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let created = async {
        let unit = unit_field(&form, "unit")?;
        match form.id("id")? {
            Some(id) => {
                let change = UserChange {
                    display_name: form.get("display_name"),
                    role: form.get("role"),
                    unit,
                    active: form.has("active", "true"),
                    password: form.get("password"),
                };
                state
                    .service
                    .update_user(&page.actor, huixiang_domain::UserId(id), change)
                    .await
            }
            None => {
                let input = NewUserInput {
                    username: form.get("username"),
                    display_name: form.get("display_name"),
                    role: form.get("role"),
                    unit,
                    password: form.get("password"),
                };
                state.service.create_user(&page.actor, input).await
            }
        }
    }
    .await;
    match created {
        Ok(_) => Ok(Redirect::to("/admin/users?saved=1").into_response()),
        Err(ServiceError::Rejected(r)) => {
            let mut form = form;
            form.set("password", "");
            let error = Some(FormError::new(&r, page.t.0));
            let view = users_view(&state, &page, form, error, false).await?;
            render_with(status_of(r.kind()), &view)
        }
        Err(e) => Err(e.into()),
    }
}

// ----- units -----

/// A unit in the tree, with its depth for indentation.
pub struct TreeUnit {
    pub unit: Unit,
    pub depth: usize,
    pub parent_name: String,
}

/// The units in tree order: each parent before its children, siblings by name.
fn tree(units: &[Unit]) -> Vec<TreeUnit> {
    fn visit(units: &[Unit], parent: Option<UnitId>, depth: usize, out: &mut Vec<TreeUnit>) {
        let mut children: Vec<&Unit> = units.iter().filter(|u| u.parent == parent).collect();
        children.sort_by(|a, b| a.name.cmp(&b.name));
        for u in children {
            let parent_name = parent
                .and_then(|p| units.iter().find(|x| x.id == p))
                .map(|p| p.name.clone())
                .unwrap_or_default();
            out.push(TreeUnit {
                unit: u.clone(),
                depth,
                parent_name,
            });
            if depth < 32 {
                visit(units, Some(u.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(units.len());
    visit(units, None, 0, &mut out);
    out
}

#[derive(Template)]
#[template(path = "admin_units.html")]
struct UnitsPage {
    t: Tr,
    chrome: Chrome,
    tree: Vec<TreeUnit>,
    kinds: &'static [UnitKind],
    form: FormData,
    error: Option<FormError>,
    saved: bool,
}

async fn units_view(
    state: &AppState,
    page: &StaffPage,
    form: FormData,
    error: Option<FormError>,
    saved: bool,
) -> Result<UnitsPage, PageError> {
    access::may_administer(&page.actor)?;
    let units = state.service.units(&page.actor).await?;
    Ok(UnitsPage {
        t: page.t,
        chrome: Chrome::new(page, "/admin/units"),
        tree: tree(&units),
        kinds: UnitKind::ALL,
        form,
        error,
        saved,
    })
}

pub async fn units_page(
    AxState(state): AxState<AppState>,
    Query(q): Query<SavedParam>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let view = units_view(&state, &page, FormData::default(), None, q.saved.is_some()).await?;
    render(&view)
}

/// Adds a unit, or changes the one named by `id`.
pub async fn unit_submit(
    AxState(state): AxState<AppState>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let saved = async {
        let input = UnitInput {
            name: form.get("name"),
            kind: form.get("kind"),
            parent: unit_field(&form, "parent")?,
            principal_leader: form.get("principal_leader"),
        };
        match unit_field(&form, "id")? {
            Some(id) => state.service.update_unit(&page.actor, id, input).await,
            None => state.service.create_unit(&page.actor, input).await,
        }
    }
    .await;
    match saved {
        Ok(_) => Ok(Redirect::to("/admin/units?saved=1").into_response()),
        Err(ServiceError::Rejected(r)) => {
            let error = Some(FormError::new(&r, page.t.0));
            let view = units_view(&state, &page, form, error, false).await?;
            render_with(status_of(r.kind()), &view)
        }
        Err(e) => Err(e.into()),
    }
}

// ----- calendar -----

#[derive(Template)]
#[template(path = "admin_calendar.html")]
struct CalendarPage {
    t: Tr,
    chrome: Chrome,
    year: CalendarYear,
    text: String,
    error: Option<FormError>,
    saved: bool,
}

fn arrangement_text(year: &CalendarYear) -> String {
    let days = YearArrangement {
        off: year.off.clone(),
        work: year.work.clone(),
    };
    arrangement::format(&[(year.year, days)].into_iter().collect())
}

fn year_param(raw: Option<&str>, state: &AppState) -> Result<i32, Rejection> {
    match raw.filter(|y| !y.is_empty()) {
        None => Ok(huixiang_domain::complaint::beijing_date(state.service.now()).year()),
        Some(y) => y.trim().parse().map_err(|_| Rejection::InvalidField {
            field: "year",
            problem: FieldProblem::BadFormat,
        }),
    }
}

pub async fn calendar_page(
    AxState(state): AxState<AppState>,
    Query(q): Query<SavedParam>,
    page: StaffPage,
) -> Result<Response, PageError> {
    access::may_administer(&page.actor)?;
    let year = year_param(q.year.as_deref(), &state)?;
    let year = state.service.calendar_year(&page.actor, year).await?;
    render(&CalendarPage {
        t: page.t,
        chrome: Chrome::new(&page, "/admin/calendar"),
        text: arrangement_text(&year),
        year,
        error: None,
        saved: q.saved.is_some(),
    })
}

/// R9: replaces one year's arrangement with the text typed (the import format).
pub async fn calendar_submit(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let year = year_param(Some(&raw), &state)?;
    let text = form.value("arrangement").to_owned();
    let saved = async {
        let mut years = arrangement::parse(&text).map_err(|e| Rejection::CalendarInvalid {
            detail: e.to_string(),
        })?;
        let days = years.remove(&year).unwrap_or_default();
        if !years.is_empty() {
            return Err(Rejection::CalendarInvalid {
                detail: format!("only [{year}] may be entered here"),
            }
            .into());
        }
        state
            .service
            .set_calendar_year(&page.actor, year, days.off, days.work)
            .await
    }
    .await;
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/admin/calendar?year={year}&saved=1")).into_response()),
        Err(ServiceError::Rejected(r)) => {
            let shown = state.service.calendar_year(&page.actor, year).await?;
            render_with(
                status_of(r.kind()),
                &CalendarPage {
                    t: page.t,
                    chrome: Chrome::new(&page, "/admin/calendar"),
                    year: shown,
                    text,
                    error: Some(FormError::new(&r, page.t.0)),
                    saved: false,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}
