//! Printable A4 pages of a case: the handling form (投诉处理单, R3) and the dossier (卷宗, R14)
//! of the whole case. Print CSS lays them out; the browser prints or saves them as PDF.

use super::case::{CasePage, case_id, case_page_for};
use super::lists::UnitNames;
use super::{PageError, StaffPage, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State as AxState};
use axum::response::Response;

#[derive(Template)]
#[template(path = "print_case.html")]
struct PrintCase {
    t: crate::i18n::Tr,
    p: CasePage,
    /// The dossier (the whole case) rather than the handling form alone.
    dossier: bool,
    center: String,
    registered_by: String,
    printed_at: String,
}

async fn print_case(
    state: AppState,
    page: StaffPage,
    raw: String,
    dossier: bool,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let view = if dossier {
        "print_dossier"
    } else {
        "print_form"
    };
    let p = case_page_for(&state, &page, id, view).await?;
    let center = UnitNames::center(&state.service.units(&page.actor).await?);
    let registered_by = p
        .timeline
        .first()
        .map(|e| e.actor.clone())
        .unwrap_or_default();
    let printed_at = p.t.at(state.service.now());
    render(&PrintCase {
        t: page.t,
        p,
        dossier,
        center,
        registered_by,
        printed_at,
    })
}

/// R3: the handling form (投诉处理单) of one complaint.
pub async fn handling_form_print(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    print_case(state, page, raw, false).await
}

/// R14: the dossier (卷宗): handling form, leader opinion, dispatch, reminder slips, progress,
/// result, closure review and the full history.
pub async fn dossier_print(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    print_case(state, page, raw, true).await
}
