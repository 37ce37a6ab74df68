//! R32: a member of staff's own declarations of conflict, and recusing from a case.

use super::forms::{FormData, FormError};
use super::{Chrome, PageError, Posted, StaffPage, render, render_with, status_of};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State as AxState};
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::recusal::{ConflictInput, ConflictKind};
use huixiang_service::{DeclaredConflict, ServiceError};

#[derive(Template)]
#[template(path = "conflicts.html")]
struct ConflictsPage {
    t: Tr,
    chrome: Chrome,
    declared: Vec<DeclaredConflict>,
    kinds: Vec<ConflictKind>,
    form: FormData,
    error: Option<FormError>,
}

async fn conflicts_view(
    state: &AppState,
    page: &StaffPage,
    form: FormData,
    error: Option<FormError>,
) -> Result<ConflictsPage, PageError> {
    Ok(ConflictsPage {
        t: page.t,
        chrome: Chrome::new(page, "/conflicts"),
        declared: state.service.my_conflicts(&page.actor).await?,
        // A case is recused from on its own page.
        kinds: ConflictKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != ConflictKind::Case)
            .collect(),
        form,
        error,
    })
}

pub async fn conflicts_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    render(&conflicts_view(&state, &page, FormData::default(), None).await?)
}

/// Declares a conflict, or withdraws one (`withdraw` = `kind:value`).
pub async fn conflicts_submit(
    AxState(state): AxState<AppState>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let done = match form.get("withdraw") {
        Some(which) => {
            let (kind, value) = which.split_once(':').unwrap_or(("", ""));
            state
                .service
                .withdraw_conflict(&page.actor, kind, value)
                .await
        }
        None => {
            let input = ConflictInput {
                kind: form.get("kind"),
                value: form.get("value"),
                note: form.get("note"),
            };
            state.service.declare_conflict(&page.actor, input).await
        }
    };
    match done {
        Ok(()) => Ok(Redirect::to("/conflicts").into_response()),
        Err(ServiceError::Rejected(r)) => {
            let error = Some(FormError::new(&r, page.t.0));
            let view = conflicts_view(&state, &page, form, error).await?;
            render_with(status_of(r.kind()), &view)
        }
        Err(e) => Err(e.into()),
    }
}

/// R32: steps aside from a case; afterwards its page refuses the reader with the reason.
pub async fn recuse_submit(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let id = super::case::case_id(&raw)?;
    state
        .service
        .recuse(&page.actor, id, form.get("note"))
        .await?;
    Ok(Redirect::to("/conflicts").into_response())
}
