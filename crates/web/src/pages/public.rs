//! R2: the citizens' pages — submit a complaint online (no login, phone-sized screens), receive
//! the number and query code once, look the case up and rate it once concluded. A refusal is
//! shown on the same page; a wrong number/code pair reads the same whether the number exists.

use super::forms::FormData;
use super::session::PublicPosted;
use super::{PageError, render_with, status_of};
use crate::AppState;
use crate::extract::ClientAddr;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::State as AxState;
use axum::http::StatusCode;
use axum::response::Response;
use huixiang_domain::{Category, Lang, Rejection, Satisfaction};
use huixiang_service::{MAX_PUBLIC_FILES, OnlineSubmission, PublicCase, ServiceError};

#[derive(Template)]
#[template(path = "public_submit.html")]
struct SubmitPage {
    t: Tr,
    form: FormData,
    error: Option<String>,
    categories: &'static [Category],
    max_files: usize,
    max_mb: usize,
}

#[derive(Template)]
#[template(path = "public_receipt.html")]
struct ReceiptPage {
    t: Tr,
    number: String,
    code: String,
}

#[derive(Template)]
#[template(path = "public_lookup.html")]
struct LookupPage {
    t: Tr,
    form: FormData,
    error: Option<String>,
    banner: Option<String>,
    found: Option<PublicCase>,
    satisfactions: &'static [Satisfaction],
}

const T: Tr = Tr(Lang::Zh);

fn submit_page(form: FormData, error: Option<String>, state: &AppState) -> SubmitPage {
    SubmitPage {
        t: T,
        form,
        error,
        categories: Category::ALL,
        max_files: MAX_PUBLIC_FILES,
        max_mb: state.service.settings().uploads.max_bytes / (1024 * 1024),
    }
}

fn lookup_page(form: FormData) -> LookupPage {
    LookupPage {
        t: T,
        form,
        error: None,
        banner: None,
        found: None,
        satisfactions: Satisfaction::ALL,
    }
}

/// A refusal to show on a public page, with its status; anything else is an internal error.
fn refused(e: ServiceError) -> Result<(StatusCode, String), PageError> {
    match e {
        ServiceError::Rejected(r) => Ok((status_of(r.kind()), r.message(Lang::Zh))),
        ServiceError::Internal(cause) => Err(PageError::Internal(cause)),
    }
}

/// The online complaint form.
pub async fn submit_page_get(AxState(state): AxState<AppState>) -> Result<Response, PageError> {
    render_with(
        StatusCode::OK,
        &submit_page(FormData::default(), None, &state),
    )
}

/// R2: registers the complaint and shows the number and query code, once.
pub async fn submit_post(
    AxState(state): AxState<AppState>,
    ClientAddr(address): ClientAddr,
    PublicPosted { form, files }: PublicPosted,
) -> Result<Response, PageError> {
    let submission = OnlineSubmission {
        category: form.get("category"),
        title: form.get("title"),
        name: form.get("name"),
        phone: form.get("phone"),
        address: form.get("address"),
        work_unit: form.get("work_unit"),
        occupation: form.get("occupation"),
        problem: form.get("problem"),
        demands: form.get("demands"),
        honeypot: form.get("website"),
        files,
    };
    match state
        .service
        .submit_online(submission, address.as_deref())
        .await
    {
        Ok(receipt) => render_with(
            StatusCode::CREATED,
            &ReceiptPage {
                t: T,
                number: receipt.number.to_string(),
                code: receipt.code.display(),
            },
        ),
        Err(e) => {
            let (status, message) = refused(e)?;
            render_with(status, &submit_page(form, Some(message), &state))
        }
    }
}

/// The lookup form.
pub async fn lookup_page_get() -> Result<Response, PageError> {
    render_with(StatusCode::OK, &lookup_page(FormData::default()))
}

/// R2: where the case stands, for the right number and query code.
pub async fn lookup_post(
    AxState(state): AxState<AppState>,
    ClientAddr(address): ClientAddr,
    PublicPosted { form, .. }: PublicPosted,
) -> Result<Response, PageError> {
    let found = state
        .service
        .lookup(form.value("number"), form.value("code"), address.as_deref())
        .await;
    show_lookup(form, found, None)
}

/// R2: the rating of a concluded case, once.
pub async fn rating_post(
    AxState(state): AxState<AppState>,
    ClientAddr(address): ClientAddr,
    PublicPosted { form, .. }: PublicPosted,
) -> Result<Response, PageError> {
    let rated = state
        .service
        .rate(
            form.value("number"),
            form.value("code"),
            form.get("satisfaction").as_deref(),
            form.get("comment").as_deref(),
            address.as_deref(),
        )
        .await;
    let banner = rated.is_ok().then(|| T.get("public.rated").to_owned());
    match rated {
        // A refused rating still shows the case it was for.
        Err(ServiceError::Rejected(r)) if r != Rejection::LookupFailed && !is_throttle(&r) => {
            let found = state
                .service
                .lookup(form.value("number"), form.value("code"), address.as_deref())
                .await;
            let mut page = lookup_page(form);
            page.error = Some(r.message(Lang::Zh));
            page.found = found.ok();
            render_with(status_of(r.kind()), &page)
        }
        other => show_lookup(form, other, banner),
    }
}

fn is_throttle(r: &Rejection) -> bool {
    matches!(r, Rejection::TooManyRequests { .. })
}

fn show_lookup(
    form: FormData,
    found: Result<PublicCase, ServiceError>,
    banner: Option<String>,
) -> Result<Response, PageError> {
    let mut page = lookup_page(form);
    match found {
        Ok(case) => {
            page.found = Some(case);
            page.banner = banner;
            render_with(StatusCode::OK, &page)
        }
        Err(e) => {
            let (status, message) = refused(e)?;
            page.error = Some(message);
            render_with(status, &page)
        }
    }
}
