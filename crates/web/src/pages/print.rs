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

#[derive(Template)]
#[template(path = "print_enclosures.html")]
struct PrintEnclosures {
    t: crate::i18n::Tr,
    p: CasePage,
    center: String,
    printed_at: String,
}

/// R18: the enclosure receipt and return list: every item, its custody, and the registered
/// mail it went back by, with lines to sign.
pub async fn enclosures_print(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let p = case_page_for(&state, &page, id, "print_enclosures").await?;
    if p.v.complaint.letter.is_none() {
        return Err(huixiang_domain::Rejection::NotALetter.into());
    }
    let center = UnitNames::center(&state.service.units(&page.actor).await?);
    let printed_at = p.t.at(state.service.now());
    render(&PrintEnclosures {
        t: page.t,
        p,
        center,
        printed_at,
    })
}

#[derive(Template)]
#[template(path = "print_notice.html")]
struct PrintNotice {
    t: crate::i18n::Tr,
    notice: huixiang_domain::WriterNotice,
    number: String,
    center: String,
}

/// R16: the notice to a letter's writer, as a letter to the envelope's address. It carries the
/// writer's name and address, so only those who may see the complainant print it.
pub async fn notice_print(
    AxState(state): AxState<AppState>,
    Path((raw, no)): Path<(String, u32)>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let v = state
        .service
        .complaint_view(&page.actor, id, "print_notice")
        .await?;
    if v.complainant_masked {
        return Err(huixiang_domain::Rejection::NotPermitted.into());
    }
    let notice = v
        .complaint
        .letter
        .as_ref()
        .and_then(|l| l.notices.iter().find(|n| n.no == no))
        .cloned()
        .ok_or(huixiang_domain::Rejection::RouteNotFound)?;
    let center = UnitNames::center(&state.service.units(&page.actor).await?);
    render(&PrintNotice {
        t: page.t,
        notice,
        number: v.complaint.number.to_string(),
        center,
    })
}

#[derive(Template)]
#[template(path = "print_report.html")]
struct PrintReport {
    t: crate::i18n::Tr,
    report: huixiang_domain::handling::WrittenReport,
    number: String,
    center: String,
}

/// R22: the written report on a leader-assigned case, as filed, on an A4 sheet.
pub async fn report_print(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let v = state
        .service
        .complaint_view(&page.actor, id, "print_report")
        .await?;
    let report = v
        .complaint
        .handling
        .report
        .clone()
        .ok_or(huixiang_domain::Rejection::RouteNotFound)?;
    let center = UnitNames::center(&state.service.units(&page.actor).await?);
    render(&PrintReport {
        t: page.t,
        report,
        number: v.complaint.number.to_string(),
        center,
    })
}

/// A file of a case the reader may see, as a download (never shown inline).
pub async fn attachment_download(
    AxState(state): AxState<AppState>,
    Path((raw, file)): Path<(String, String)>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let file = file
        .parse()
        .map(huixiang_domain::AttachmentId)
        .map_err(|_| huixiang_domain::Rejection::AttachmentNotFound)?;
    let (meta, bytes) = state.service.attachment(&page.actor, id, file).await?;
    Ok(crate::api::letters::file_response(&meta, bytes))
}
