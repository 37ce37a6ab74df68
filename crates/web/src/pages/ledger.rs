//! The ledger (台账, R5): every complaint the reader may see, filtered by period, channel, unit,
//! state, special kind and overdue, paginated, and exported with the same filters to Excel or
//! CSV; with words typed, a full-text search under the same filters, matches marked.

use super::forms::{FormError, encode};
use super::lists::{CaseRow, UnitNames, counted, today};
use super::{Chrome, PageError, StaffPage, render_with};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State as AxState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use huixiang_domain::{Channel, FieldProblem, Rejection, State, Unit, UnitId};
use huixiang_service::{ListQuery, SearchHit, ServiceError};
use serde::Deserialize;

const PER_PAGE: i64 = 50;

/// The ledger's filters as given in the address.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LedgerParams {
    /// Words to search for (full-text); blank: the plain ledger.
    pub q: Option<String>,
    /// R20: `any` or one kind of special complaint.
    pub special: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub channel: Option<String>,
    pub state: Option<String>,
    pub unit: Option<String>,
    pub overdue: Option<String>,
    pub page: Option<String>,
}

impl LedgerParams {
    fn query(&self, page: Option<i64>, per_page: Option<i64>) -> Result<ListQuery, Rejection> {
        let unit = self
            .unit
            .as_deref()
            .filter(|u| !u.is_empty())
            .map(|u| {
                u.parse().map(UnitId).map_err(|_| Rejection::InvalidField {
                    field: "unit",
                    problem: FieldProblem::BadFormat,
                })
            })
            .transpose()?;
        Ok(ListQuery {
            state: self.state.clone(),
            channel: self.channel.clone(),
            lead_unit: unit,
            from: self.from.clone(),
            until: self.until.clone(),
            overdue: self.overdue.as_deref() == Some("1"),
            with_unit: false,
            special: self.special.clone(),
            page,
            per_page,
        })
    }

    fn page(&self) -> Result<i64, Rejection> {
        match self.page.as_deref().filter(|p| !p.is_empty()) {
            None => Ok(1),
            Some(p) => p.parse().map_err(|_| Rejection::InvalidField {
                field: "page",
                problem: FieldProblem::BadFormat,
            }),
        }
    }

    /// The filters as a query string (without the page).
    fn filters(&self) -> String {
        let pairs = [
            ("q", &self.q),
            ("special", &self.special),
            ("from", &self.from),
            ("until", &self.until),
            ("channel", &self.channel),
            ("state", &self.state),
            ("unit", &self.unit),
            ("overdue", &self.overdue),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| {
                v.as_deref()
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{k}={}", encode(v)))
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    fn value(&self, name: &str) -> &str {
        let v = match name {
            "q" => &self.q,
            "special" => &self.special,
            "from" => &self.from,
            "until" => &self.until,
            "channel" => &self.channel,
            "state" => &self.state,
            "unit" => &self.unit,
            "overdue" => &self.overdue,
            _ => &None,
        };
        v.as_deref().unwrap_or("")
    }
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage {
    t: Tr,
    chrome: Chrome,
    f: LedgerView,
    rows: Vec<CaseRow>,
    /// The total as shown ("1000+" when counting stopped).
    total: String,
    page: i64,
    pages: i64,
    /// Counting stopped: there are pages after `pages`.
    more_pages: bool,
    error: Option<FormError>,
    general_error: Option<String>,
    channels: &'static [Channel],
    states: &'static [State],
    units: Vec<Unit>,
    special_kinds: &'static [huixiang_domain::SpecialKind],
    /// Full-text search: the hits (matches marked), when words were typed.
    hits: Option<Vec<SearchHit>>,
}

/// The filter values shown back in the form, and the links that keep them.
struct LedgerView {
    params: LedgerParams,
    filters: String,
}

impl LedgerView {
    pub fn value(&self, name: &str) -> &str {
        self.params.value(name)
    }

    pub fn is(&self, name: &str, value: impl AsRef<str>) -> bool {
        self.params.value(name) == value.as_ref()
    }

    pub fn page_link(&self, page: impl crate::i18n::Val<i64>) -> String {
        let sep = if self.filters.is_empty() { "" } else { "&" };
        format!("/ledger?{}{sep}page={}", self.filters, page.val())
    }

    pub fn export_link(&self, kind: &str) -> String {
        format!("/ledger/export.{kind}?{}", self.filters)
    }
}

pub async fn ledger_page(
    AxState(state): AxState<AppState>,
    page: StaffPage,
    Query(params): Query<LedgerParams>,
) -> Result<Response, PageError> {
    let service = &state.service;
    let (names, units) = UnitNames::load(service, &page.actor).await?;
    let words = params.q.as_deref().filter(|q| !q.trim().is_empty());
    let found = match params
        .page()
        .and_then(|p| params.query(Some(p), Some(PER_PAGE)))
    {
        Ok(query) => match words {
            Some(q) => service.search(&page.actor, Some(q), query).await.map(|r| {
                let items = r.hits.iter().map(|h| h.complaint.clone()).collect();
                (items, (r.total, r.capped), r.page, Some(r.hits))
            }),
            None => service
                .complaints(&page.actor, query)
                .await
                .map(|l| (l.items, (l.total, l.capped), l.page, None)),
        }
        .map_err(|e| match e {
            ServiceError::Rejected(r) => Err(r),
            e => Ok(e),
        }),
        Err(r) => Err(Err(r)),
    };
    let (rows, total, current, hits, error) = match found {
        Ok((items, total, current, hits)) => {
            let today = today(service.now());
            let rows = items
                .iter()
                .map(|c| CaseRow::new(c, None, &names, today))
                .collect();
            (rows, total, current, hits, None)
        }
        Err(Err(r)) if r.kind() != huixiang_domain::RejectionKind::Forbidden => {
            (Vec::new(), (0, false), 1, None, Some(r))
        }
        Err(Err(r)) => return Err(r.into()),
        Err(Ok(e)) => return Err(e.into()),
    };
    let status = error
        .as_ref()
        .map_or(StatusCode::OK, |_| StatusCode::BAD_REQUEST);
    let filters = params.filters();
    let error = error.map(|r| FormError::new(&r, page.t.0));
    let general_error = error
        .as_ref()
        .filter(|e| e.is_general(&["from", "until", "unit", "q"]))
        .map(|e| e.message.clone());
    render_with(
        status,
        &LedgerPage {
            t: page.t,
            chrome: Chrome::new(&page, "/ledger"),
            f: LedgerView { params, filters },
            rows,
            total: counted(total.0, total.1),
            page: current,
            pages: ((total.0 + PER_PAGE - 1) / PER_PAGE).max(1),
            more_pages: total.1,
            error,
            general_error,
            channels: Channel::ALL,
            states: State::ALL,
            units,
            special_kinds: huixiang_domain::SpecialKind::ALL,
            hits,
        },
    )
}

/// The columns of an export, in order.
fn export_rows(
    t: Tr,
    rows: &[CaseRow],
    complainant_phone: &[String],
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let head = vec![
        "case.number",
        "case.registered_at",
        "case.channel",
        "case.category",
        "case.title",
        "case.complainant",
        "case.phone",
        "case.lead_unit",
        "case.holder",
        "case.state",
        "case.due_on",
        "case.overdue",
        "case.special",
    ];
    let body = rows
        .iter()
        .zip(complainant_phone)
        .map(|(r, phone)| {
            vec![
                r.number.clone(),
                r.registered.clone(),
                t.label(r.channel).to_owned(),
                t.label(r.category).to_owned(),
                r.title.clone(),
                r.complainant.clone(),
                phone.clone(),
                r.lead_unit.clone(),
                r.holder.clone(),
                t.label(r.state).to_owned(),
                r.due.clone(),
                if r.overdue { t.yes_no(true) } else { "" }.to_owned(),
                r.special
                    .iter()
                    .map(|k| t.label(k))
                    .collect::<Vec<_>>()
                    .join("、"),
            ]
        })
        .collect();
    (head, body)
}

async fn export(
    state: &AppState,
    page: &StaffPage,
    params: &LedgerParams,
) -> Result<(Vec<String>, Vec<Vec<String>>), PageError> {
    let service = &state.service;
    let query = params.query(None, None)?;
    let list = service.export_complaints(&page.actor, query).await?;
    let (names, _) = UnitNames::load(service, &page.actor).await?;
    let today = today(service.now());
    let rows: Vec<CaseRow> = list
        .items
        .iter()
        .map(|c| CaseRow::new(c, None, &names, today))
        .collect();
    let phones: Vec<String> = list
        .items
        .iter()
        .map(|c| c.complainant.phone.clone().unwrap_or_default())
        .collect();
    let (head, body) = export_rows(page.t, &rows, &phones);
    let head = head.into_iter().map(|k| page.t.get(k).to_owned()).collect();
    Ok((head, body))
}

/// A download with a safe ASCII file name and the Chinese one for browsers that read it.
pub(super) fn attachment(name: &str, ext: &str, mime: &'static str, body: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename=\"ledger.{ext}\"; filename*=UTF-8''{}.{ext}",
        encode(name)
    );
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// Guards a spreadsheet against formulas smuggled in through complaint text.
pub(super) fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// R5: the ledger with its filters as CSV (UTF-8 with a byte-order mark, so Excel reads the
/// Chinese text correctly).
pub async fn ledger_csv(
    AxState(state): AxState<AppState>,
    page: StaffPage,
    Query(params): Query<LedgerParams>,
) -> Result<Response, PageError> {
    let (head, body) = export(&state, &page, &params).await?;
    let mut out = String::from("\u{feff}");
    let line = |fields: &[String]| {
        fields
            .iter()
            .map(|f| format!("\"{}\"", cell(f).replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(",")
    };
    out.push_str(&line(&head));
    out.push_str("\r\n");
    for row in &body {
        out.push_str(&line(row));
        out.push_str("\r\n");
    }
    let name = file_name(&state, page.t);
    Ok(attachment(
        &name,
        "csv",
        "text/csv; charset=utf-8",
        out.into_bytes(),
    ))
}

/// R5: the ledger with its filters as an Excel workbook.
pub async fn ledger_xlsx(
    AxState(state): AxState<AppState>,
    page: StaffPage,
    Query(params): Query<LedgerParams>,
) -> Result<Response, PageError> {
    use rust_xlsxwriter::{Format, Workbook};
    let (head, body) = export(&state, &page, &params).await?;
    let xlsx = |e: rust_xlsxwriter::XlsxError| PageError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(page.t.get("ledger.sheet")).map_err(xlsx)?;
    let bold = Format::new().set_bold();
    for (col, title) in head.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, title, &bold)
            .map_err(xlsx)?;
    }
    for (r, row) in body.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            sheet
                .write_string((r + 1) as u32, col as u16, cell(value))
                .map_err(xlsx)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    for (col, width) in [12, 17, 8, 12, 30, 10, 14, 20, 10, 12, 12, 6]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, *width).map_err(xlsx)?;
    }
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    let name = file_name(&state, page.t);
    Ok(attachment(
        &name,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    ))
}

fn file_name(state: &AppState, t: Tr) -> String {
    let day = huixiang_domain::complaint::beijing_date(state.service.now());
    format!("{}-{}", t.get("ledger.sheet"), t.date(day))
}
