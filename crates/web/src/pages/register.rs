//! Registration (登记, R1–R3): one handling form with parts that depend on the channel,
//! refused input shown beside its field with everything typed kept.

use super::forms::{FormData, FormError};
use super::{Chrome, PageError, Posted, StaffPage, render, render_with, status_of};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::State as AxState;
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::{
    Category, Channel, EnclosureInput, EnclosureKind, LetterInput, RegistrationInput, Rejection,
    access,
};
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
    "complainant.id_number",
    "complainant.contact",
    "problem",
    "demands",
    "accused_name",
    "accused_unit",
    "accused_user",
];

/// The handling form as typed.
pub fn registration_input(form: &FormData) -> Result<RegistrationInput, Rejection> {
    Ok(RegistrationInput {
        channel: form.get("channel"),
        category: form.get("category"),
        title: form.get("title"),
        complainant_name: form.get("complainant.name"),
        complainant_work_unit: form.get("complainant.work_unit"),
        complainant_occupation: form.get("complainant.occupation"),
        complainant_address: form.get("complainant.address"),
        complainant_phone: form.get("complainant.phone"),
        complainant_id_number: form.get("complainant.id_number"),
        problem: form.get("problem"),
        demands: form.get("demands"),
        accused_name: form.get("accused_name"),
        accused_unit: form.id("accused_unit")?.map(huixiang_domain::UnitId),
        accused_user: form.id("accused_user")?.map(huixiang_domain::UserId),
        accused_center_staff: Some(form.has("accused_center_staff", "true")),
        letter: None,
    })
}

/// Rows of enclosed items the registration form offers (more are added on the case page).
pub const ENCLOSURE_ROWS: [u8; 3] = [1, 2, 3];

/// R15, R18: the envelope and enclosure rows as typed (`None` when all are blank).
pub fn letter_input(form: &FormData) -> Option<LetterInput> {
    let row = |i: u8| {
        let get = |name: &str| form.get(&format!("enc{i}.{name}"));
        EnclosureInput {
            kind: get("kind"),
            amount: get("amount"),
            currency: get("currency"),
            doc_kind: get("doc_kind"),
            doc_number: get("doc_number"),
            description: get("description"),
        }
    };
    let letter = LetterInput {
        postmark_date: form.get("letter.postmark_date"),
        sender_address: form.get("letter.sender_address"),
        received_date: form.get("letter.received_date"),
        enclosures: ENCLOSURE_ROWS
            .iter()
            .map(|i| row(*i))
            .filter(|e| !e.is_blank())
            .collect(),
    };
    (!letter.is_empty()).then_some(letter)
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
    /// R7, R17: the units and staff an accusation may name.
    units: Vec<huixiang_domain::Unit>,
    staff: Vec<huixiang_service::UserView>,
    /// R18: the rows for enclosed items and their kinds.
    enclosure_rows: [u8; 3],
    enclosure_kinds: &'static [EnclosureKind],
}

pub async fn register_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    access::may_register(&page.actor)?;
    let units = state.service.units(&page.actor).await?;
    let staff = state.service.staff_directory(&page.actor).await?;
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
        units,
        staff,
        enclosure_rows: ENCLOSURE_ROWS,
        enclosure_kinds: EnclosureKind::ALL,
    })
}

/// R1, R3: registers the complaint and shows its number on the case page.
pub async fn register_submit(
    AxState(state): AxState<AppState>,
    Posted { page, form, files }: Posted,
) -> Result<Response, PageError> {
    let registered = match registration_input(&form) {
        Ok(mut input) => {
            input.letter = letter_input(&form);
            state.service.register_with(&page.actor, input, files).await
        }
        Err(r) => Err(r.into()),
    };
    match registered {
        Ok(view) => {
            let to = format!("/complaints/{}?registered=1", view.complaint.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(ServiceError::Rejected(r)) => render_with(
            status_of(r.kind()),
            &RegisterPage {
                units: state.service.units(&page.actor).await?,
                staff: state
                    .service
                    .staff_directory(&page.actor)
                    .await
                    .unwrap_or_default(),
                t: page.t,
                chrome: Chrome::new(&page, "/complaints/new"),
                error: Some(FormError::new(&r, page.t.0)),
                form,
                channels: Channel::ALL,
                categories: Category::ALL,
                shown: FORM_FIELDS,
                enclosure_rows: ENCLOSURE_ROWS,
                enclosure_kinds: EnclosureKind::ALL,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "repeat_suggestions_partial.html")]
struct RepeatFragment {
    t: Tr,
    found: Vec<huixiang_service::RepeatSuggestion>,
}

/// htmx fragment (R20): earlier complaints that may be the same matter as the form typed so
/// far, shown beside the registration form before it is saved.
pub async fn repeat_suggestions_partial(
    AxState(state): AxState<AppState>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let typed = form.get("complainant.phone").is_some()
        || form.get("complainant.id_number").is_some()
        || form.get("complainant.name").is_some()
        || form.get("problem").is_some();
    let found = if typed {
        let input = registration_input(&form)?;
        state
            .service
            .repeat_suggestions(&page.actor, &input)
            .await?
    } else {
        Vec::new()
    };
    render(&RepeatFragment { t: page.t, found })
}
