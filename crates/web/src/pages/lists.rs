//! Lists of cases: the rows every list shares, the leader's review inbox (阅处) and a unit's
//! queue (本单位办理).

use super::{Chrome, PageError, StaffPage, render};
use crate::AppState;
use crate::i18n::{Tr, Val, format_date};
use askama::Template;
use axum::extract::State as AxState;
use axum::response::Response;
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::{Actor, Category, Channel, Complaint, ComplaintId, State, Unit, UnitId};
use huixiang_service::{CaseView, ListQuery, Service};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// Unit names by id, for showing dispatches.
#[derive(Clone, Debug, Default)]
pub struct UnitNames(pub HashMap<UnitId, String>);

impl UnitNames {
    pub async fn load(service: &Service, actor: &Actor) -> Result<(Self, Vec<Unit>), PageError> {
        let units = service.units(actor).await?;
        let names = units.iter().map(|u| (u.id, u.name.clone())).collect();
        Ok((UnitNames(names), units))
    }

    /// The name of the center itself (the root of the tree), for printed headings.
    pub fn center(units: &[Unit]) -> String {
        units
            .iter()
            .find(|u| u.kind == huixiang_domain::UnitKind::Center)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    pub fn name(&self, id: impl Val<UnitId>) -> String {
        let id = id.val();
        self.0.get(&id).cloned().unwrap_or_else(|| id.0.to_string())
    }
}

/// One case in a list.
#[derive(Clone, Debug)]
pub struct CaseRow {
    pub id: ComplaintId,
    pub number: String,
    pub title: String,
    pub state: State,
    pub channel: Channel,
    pub category: Category,
    pub registered: String,
    pub complainant: String,
    pub lead_unit: String,
    pub holder: String,
    pub due: String,
    pub days_left: Option<i64>,
    pub overdue: bool,
    /// R20: why the case is special (shown as badges in every list).
    pub special: Vec<huixiang_domain::SpecialKind>,
}

impl CaseRow {
    /// A row from a case; `days_left` when the working days are known (a [`CaseView`]).
    pub fn new(c: &Complaint, days_left: Option<i64>, units: &UnitNames, today: Date) -> Self {
        let with_unit = c.state.is_with_unit();
        let due = c.dispatch.as_ref().filter(|_| with_unit).map(|d| d.due());
        let overdue = match days_left {
            Some(left) => left < 0,
            None => due.is_some_and(|d| d < today),
        };
        let t = Tr(huixiang_domain::Lang::Zh);
        CaseRow {
            special: c.special.iter().map(|m| m.kind).collect(),
            id: c.id,
            number: c.number.to_string(),
            title: c.title.clone(),
            state: c.state,
            channel: c.channel,
            category: c.category,
            registered: t.at(c.registered_at),
            complainant: c.complainant.name.clone(),
            lead_unit: c
                .dispatch
                .as_ref()
                .map(|d| units.name(d.lead_unit))
                .unwrap_or_default(),
            holder: c
                .holder
                .as_ref()
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            due: due.map(format_date).unwrap_or_default(),
            days_left: days_left.filter(|_| with_unit),
            overdue,
        }
    }

    pub fn from_view(v: &CaseView, units: &UnitNames, today: Date) -> Self {
        Self::new(&v.complaint, v.working_days_left, units, today)
    }
}

/// A listing's total as shown: "200+" when counting stopped there.
pub fn counted(total: i64, capped: bool) -> String {
    if capped {
        format!("{total}+")
    } else {
        total.to_string()
    }
}

pub fn today(now: OffsetDateTime) -> Date {
    beijing_date(now)
}

#[derive(Template)]
#[template(path = "case_list.html")]
struct CaseListPage {
    t: Tr,
    chrome: Chrome,
    title_key: &'static str,
    intro_key: &'static str,
    empty_key: &'static str,
    rows: Vec<CaseRow>,
    total: String,
}

/// R4: the leader's inbox — registered complaints awaiting review, oldest first.
pub async fn review_inbox_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let query = ListQuery {
        state: Some(State::Registered.as_str().into()),
        per_page: Some(100),
        ..ListQuery::default()
    };
    list_page(
        &state,
        page,
        "/review",
        query,
        ("review.title", "review.intro", "review.empty"),
    )
    .await
}

/// A unit's queue: the cases with the reader's unit, to acknowledge, handle and conclude.
pub async fn unit_queue_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let query = ListQuery {
        with_unit: true,
        per_page: Some(100),
        ..ListQuery::default()
    };
    list_page(
        &state,
        page,
        "/queue",
        query,
        ("queue.title", "queue.intro", "queue.empty"),
    )
    .await
}

async fn list_page(
    state: &AppState,
    page: StaffPage,
    here: &str,
    query: ListQuery,
    (title_key, intro_key, empty_key): (&'static str, &'static str, &'static str),
) -> Result<Response, PageError> {
    let service = &state.service;
    let found = service.complaints(&page.actor, query).await?;
    let (units, _) = UnitNames::load(service, &page.actor).await?;
    let today = today(service.now());
    let mut rows: Vec<CaseRow> = found
        .items
        .iter()
        .map(|c| CaseRow::new(c, None, &units, today))
        .collect();
    rows.reverse();
    render(&CaseListPage {
        t: page.t,
        chrome: Chrome::new(&page, here),
        title_key,
        intro_key,
        empty_key,
        rows,
        total: counted(found.total, found.capped),
    })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn r5_a_total_that_stopped_counting_reads_as_more_than() {
        assert_eq!(counted(200, true), "200+");
        assert_eq!(counted(7, false), "7");
    }
}
