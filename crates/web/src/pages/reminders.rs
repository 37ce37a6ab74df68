//! Reminders (催办, R10, R30): the slips written lately and the cases overdue, and a printable
//! reminder slip (催办单).

use super::lists::{CaseRow, UnitNames, today};
use super::{Chrome, PageError, StaffPage, render};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State as AxState};
use axum::response::Response;
use huixiang_domain::{ComplaintId, Rejection};
use huixiang_service::{DUE_SOON_WORKING_DAYS, OverdueReport, ReminderSlip};

#[derive(Template)]
#[template(path = "reminders.html")]
struct RemindersPage {
    t: Tr,
    chrome: Chrome,
    slips: Vec<ReminderSlip>,
    /// R10: cases with a unit due within three working days: their slips fall due now.
    due_soon: Vec<CaseRow>,
    due_soon_days: i64,
    overdue: OverdueReport,
    units: UnitNames,
}

pub async fn reminders_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let service = &state.service;
    let slips = service.recent_reminders(&page.actor).await?;
    let overdue = service.overdue(&page.actor).await?;
    let (units, _) = UnitNames::load(service, &page.actor).await?;
    let today = today(service.now());
    let due_soon = service
        .workbench(&page.actor)
        .await?
        .due_soon
        .iter()
        .map(|v| CaseRow::from_view(v, &units, today))
        .collect();
    render(&RemindersPage {
        t: page.t,
        chrome: Chrome::new(&page, "/reminders"),
        slips,
        due_soon,
        due_soon_days: DUE_SOON_WORKING_DAYS,
        overdue,
        units,
    })
}

#[derive(Template)]
#[template(path = "print_slip.html")]
struct SlipPrint {
    t: Tr,
    s: ReminderSlip,
    unit: String,
    center: String,
    printed_at: String,
}

/// R10: one reminder slip (催办单), printable.
pub async fn reminder_slip_print(
    AxState(state): AxState<AppState>,
    Path((raw, seq)): Path<(String, String)>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id = raw
        .parse()
        .map(ComplaintId)
        .map_err(|_| Rejection::ComplaintNotFound)?;
    let seq: i64 = seq.parse().map_err(|_| Rejection::RouteNotFound)?;
    let service = &state.service;
    let s = service
        .reminders(&page.actor, id)
        .await?
        .into_iter()
        .find(|s| s.seq == seq)
        .ok_or(Rejection::RouteNotFound)?;
    let (names, units) = UnitNames::load(service, &page.actor).await?;
    let center = UnitNames::center(&units);
    render(&SlipPrint {
        t: page.t,
        unit: names.name(s.unit),
        s,
        center,
        printed_at: page.t.at(service.now()),
    })
}
