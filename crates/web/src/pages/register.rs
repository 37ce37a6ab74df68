//! Registration (登记, R1–R3): one handling form with parts that depend on the channel,
//! refused input shown beside its field with everything typed kept.

use super::forms::{FormData, FormError};
use super::{Chrome, PageError, Posted, StaffPage, render, render_with, status_of};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::State as AxState;
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::{Category, Channel, RegistrationInput, access};
use huixiang_service::ServiceError;

/// The inputs of the handling form, named as the core names them in its refusals.
pub const FORM_FIELDS: &[&str] = &[
    "channel",
    "category",
    "title",
    "complainant.name",
    "complainant.work_unit",
    "complainant.occupation",
    "complainant.address",
    "complainant.phone",
    "complainant.contact",
    "problem",
    "demands",
];

/// The handling form as typed.
pub fn registration_input(form: &FormData) -> RegistrationInput {
    RegistrationInput {
        channel: form.get("channel"),
        category: form.get("category"),
        title: form.get("title"),
        complainant_name: form.get("complainant.name"),
        complainant_work_unit: form.get("complainant.work_unit"),
        complainant_occupation: form.get("complainant.occupation"),
        complainant_address: form.get("complainant.address"),
        complainant_phone: form.get("complainant.phone"),
        problem: form.get("problem"),
        demands: form.get("demands"),
    }
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    t: Tr,
    chrome: Chrome,
    form: FormData,
    error: Option<FormError>,
    channels: &'static [Channel],
    categories: &'static [Category],
    shown: &'static [&'static str],
}

pub async fn register_page(page: StaffPage) -> Result<Response, PageError> {
    access::may_register(&page.actor)?;
    let mut form = FormData::default();
    form.set("channel", Channel::InPerson.as_str());
    render(&RegisterPage {
        t: page.t,
        chrome: Chrome::new(&page, "/complaints/new"),
        form,
        error: None,
        channels: Channel::ALL,
        categories: Category::ALL,
        shown: FORM_FIELDS,
    })
}

/// R1, R3: registers the complaint and shows its number on the case page.
pub async fn register_submit(
    AxState(state): AxState<AppState>,
    Posted { page, form }: Posted,
) -> Result<Response, PageError> {
    match state
        .service
        .register(&page.actor, registration_input(&form))
        .await
    {
        Ok(view) => {
            let to = format!("/complaints/{}?registered=1", view.complaint.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(ServiceError::Rejected(r)) => render_with(
            status_of(r.kind()),
            &RegisterPage {
                t: page.t,
                chrome: Chrome::new(&page, "/complaints/new"),
                error: Some(FormError::new(&r, page.t.0)),
                form,
                channels: Channel::ALL,
                categories: Category::ALL,
                shown: FORM_FIELDS,
            },
        ),
        Err(e) => Err(e.into()),
    }
}
