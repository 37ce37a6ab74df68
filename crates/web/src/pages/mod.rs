//! The staff pages: server-rendered HTML (askama), Simplified Chinese by default, htmx only for
//! partial updates. Thin like the API: every page asks the service layer, which re-checks every
//! rule; a page only shows what the core allows this user.

mod admin;
mod case;
mod conflicts;
mod forms;
mod ledger;
mod lists;
mod print;
mod public;
mod records;
mod register;
mod reminders;
mod reports;
mod session;
mod workbench;

pub use crate::error::status as status_of;
pub use forms::{FormData, encode_component};
pub use session::{Posted, StaffPage};

use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use huixiang_domain::{Rejection, RejectionKind, Role};
use huixiang_service::ServiceError;

/// Every staff page, the public pages (R2), and their form targets. Forms that carry files
/// take up to `upload_limit` bytes; every other body keeps the small default.
pub fn router(upload_limit: usize) -> Router<AppState> {
    let uploads = DefaultBodyLimit::max(upload_limit);
    Router::new()
        .route("/public", get(public::submit_page_get))
        .route(
            "/public/complaints",
            post(public::submit_post).layer(uploads),
        )
        .route(
            "/public/lookup",
            get(public::lookup_page_get).post(public::lookup_post),
        )
        .route("/public/rating", post(public::rating_post))
        .route("/", get(|| async { Redirect::to("/workbench") }))
        .route(
            "/login",
            get(session::login_page).post(session::login_submit),
        )
        .route("/logout", post(session::logout_submit))
        .route("/lang/{code}", get(session::language_switch))
        .route("/workbench", get(workbench::workbench_page))
        .route("/nav/counts", get(workbench::nav_counts_partial))
        .route(
            "/reports",
            get(reports::report_page).post(reports::report_file),
        )
        .route("/reports/filed", get(reports::filed_list))
        .route("/reports/filed/{id}", get(reports::filed_report))
        .route("/reports/filed/{id}/export.xlsx", get(reports::filed_xlsx))
        .route("/notices", get(records::notices_page))
        .route("/notices/{id}", get(records::notice_page))
        .route(
            "/incidents",
            get(records::incidents_page).post(records::incident_submit),
        )
        .route("/incidents/new", get(records::incident_new))
        .route("/incidents/{id}", get(records::incident_page))
        .route(
            "/complaints/new",
            get(register::register_page).post(register::register_submit.layer(uploads)),
        )
        .route(
            "/complaints/repeat-suggestions",
            post(register::repeat_suggestions_partial),
        )
        .route("/complaints/{id}", get(case::case_page))
        .route(
            "/complaints/{id}/actions/{action}",
            post(case::action_submit).layer(uploads),
        )
        .route(
            "/complaints/{id}/review-preview",
            post(case::review_preview_partial),
        )
        .route(
            "/complaints/{id}/print/form",
            get(print::handling_form_print),
        )
        .route("/complaints/{id}/print/dossier", get(print::dossier_print))
        .route(
            "/complaints/{id}/print/enclosures",
            get(print::enclosures_print),
        )
        .route("/complaints/{id}/print/report", get(print::report_print))
        .route(
            "/complaints/{id}/print/notice/{no}",
            get(print::notice_print),
        )
        .route(
            "/complaints/{id}/attachments/{file}",
            get(print::attachment_download),
        )
        .route("/review", get(lists::review_inbox_page))
        .route("/queue", get(lists::unit_queue_page))
        .route("/ledger", get(ledger::ledger_page))
        .route("/ledger/export.csv", get(ledger::ledger_csv))
        .route("/ledger/export.xlsx", get(ledger::ledger_xlsx))
        .route("/reminders", get(reminders::reminders_page))
        .route(
            "/conflicts",
            get(conflicts::conflicts_page).post(conflicts::conflicts_submit),
        )
        .route("/complaints/{id}/recuse", post(conflicts::recuse_submit))
        .route(
            "/reminders/{id}/{seq}/print",
            get(reminders::reminder_slip_print),
        )
        .route(
            "/admin/users",
            get(admin::users_page).post(admin::user_submit),
        )
        .route(
            "/admin/units",
            get(admin::units_page).post(admin::unit_submit),
        )
        .route("/admin/calendar", get(admin::calendar_page))
        .route("/admin/calendar/{year}", post(admin::calendar_submit))
}

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    /// No live session: go to the login page, then come back to `next`.
    SignIn {
        next: String,
    },
    Rejected(Rejection),
    Internal(String),
}

impl From<Rejection> for PageError {
    fn from(r: Rejection) -> Self {
        PageError::Rejected(r)
    }
}

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Rejected(Rejection::Unauthenticated) => PageError::SignIn {
                next: "/workbench".into(),
            },
            ServiceError::Rejected(r) => PageError::Rejected(r),
            ServiceError::Internal(cause) => PageError::Internal(cause),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::Internal(format!("template: {e}"))
    }
}

/// A failed page on its way to [`render_page_errors`], which knows the reader's language.
#[derive(Clone, Debug)]
enum PageRefusal {
    Rejected(Rejection),
    Internal,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignIn { next } => {
                let target = format!("/login?next={}", forms::encode(&next));
                let mut response = Redirect::to(&target).into_response();
                // htmx follows this header instead of swapping the login page into a fragment.
                if let Ok(value) = header::HeaderValue::from_str(&target) {
                    response.headers_mut().insert("HX-Redirect", value);
                }
                response
            }
            PageError::Rejected(r) => {
                let mut response = status_of(r.kind()).into_response();
                response.extensions_mut().insert(PageRefusal::Rejected(r));
                response
            }
            PageError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                response.extensions_mut().insert(PageRefusal::Internal);
                response
            }
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: Tr,
    title: String,
    message: String,
    code: String,
}

/// Middleware: writes the HTML of every refused page in the reader's language.
pub async fn render_page_errors(request: Request, next: Next) -> Response {
    let lang = session::lang_of_request(request.uri().query(), request.headers());
    let mut response = next.run(request).await;
    let Some(refusal) = response.extensions_mut().remove::<PageRefusal>() else {
        return response;
    };
    let t = Tr(lang);
    let page = match refusal {
        PageRefusal::Internal => ErrorPage {
            t,
            title: t.get("error.internal.title").to_owned(),
            message: t.get("error.internal.message").to_owned(),
            code: "internal".into(),
        },
        PageRefusal::Rejected(rejection) => ErrorPage {
            t,
            title: t.get(title_key(rejection.kind())).to_owned(),
            message: rejection.message(lang),
            code: rejection.code().into(),
        },
    };
    let status = response.status();
    let body = page.render().unwrap_or_else(|_| page.message.clone());
    (status, Html(body)).into_response()
}

fn title_key(kind: RejectionKind) -> &'static str {
    match kind {
        RejectionKind::NotFound => "error.not_found.title",
        RejectionKind::Forbidden | RejectionKind::Unauthenticated => "error.forbidden.title",
        _ => "error.refused.title",
    }
}

/// The page shown for an unknown address outside the API.
pub async fn page_not_found() -> PageError {
    PageError::Rejected(Rejection::RouteNotFound)
}

/// Renders a template into a response.
pub fn render(template: &impl Template) -> Result<Response, PageError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a template with a status other than 200 (a form shown again with its error).
pub fn render_with(status: StatusCode, template: &impl Template) -> Result<Response, PageError> {
    Ok((status, Html(template.render()?)).into_response())
}

/// The navigation and header every staff page shares.
#[derive(Clone, Debug)]
pub struct Chrome {
    pub user_name: String,
    pub role: Role,
    pub csrf: String,
    pub nav: Vec<NavLink>,
    /// The page's own address, encoded for a query string.
    pub here: String,
}

#[derive(Clone, Debug)]
pub struct NavLink {
    pub href: &'static str,
    pub key: &'static str,
    pub active: bool,
    /// Whether the workbench count is shown beside it.
    pub counted: bool,
}

impl Chrome {
    pub fn new(page: &StaffPage, current: &str) -> Self {
        let role = page.actor.role;
        let mut links: Vec<(&'static str, &'static str)> = Vec::new();
        if role == Role::Admin {
            links.extend([
                ("/admin/users", "nav.users"),
                ("/admin/units", "nav.units"),
                ("/admin/calendar", "nav.calendar"),
            ]);
        } else {
            links.push(("/workbench", "nav.workbench"));
            if matches!(role, Role::Clerk | Role::Office) {
                links.push(("/complaints/new", "nav.register"));
            }
            if role.is_leader() {
                links.push(("/review", "nav.review"));
            }
            if role.is_handling_staff() {
                links.push(("/queue", "nav.queue"));
            }
            links.push(("/ledger", "nav.ledger"));
            links.push(("/reminders", "nav.reminders"));
            links.push(("/notices", "nav.notices"));
            if huixiang_service::may_read_reports(&page.actor) {
                links.push(("/reports", "nav.reports"));
            }
            if huixiang_domain::incident::Incident::may_read(&page.actor) {
                links.push(("/incidents", "nav.incidents"));
            }
            links.push(("/conflicts", "nav.conflicts"));
        }
        Chrome {
            user_name: page.actor.name.clone(),
            role,
            csrf: page.csrf.clone(),
            here: forms::encode(&page.here),
            nav: links
                .into_iter()
                .map(|(href, key)| NavLink {
                    href,
                    key,
                    active: href == current,
                    counted: href == "/workbench",
                })
                .collect(),
        }
    }
}
