//! R27: the quarterly statistics page (季度统计分析) — figures for a quarter or a range of days
//! beside the previous period and the same period a year before, with bar and share charts
//! drawn on the server as SVG (nothing loaded from elsewhere, no script).

use super::forms::{FormData, FormError};
use super::lists::UnitNames;
use super::{Chrome, PageError, Posted, StaffPage, render, render_with, status_of};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, Query, State as AxState};
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::report::{Figures, StatisticsReport, Timeliness, change_percent};
use huixiang_domain::{Category, Channel, Lang, Satisfaction, SpecialKind, State, UnitId};
use huixiang_service::{Report, ServiceError, StatisticsView};

pub use crate::api::reports::PeriodParams;

/// One bar of a horizontal bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    /// The bar's length in the chart's units (0–`BAR_MAX`).
    pub length: i64,
    pub y: i64,
}

/// A horizontal bar chart: labels left, bars right, values at their ends.
#[derive(Clone, Debug)]
pub struct BarChart {
    pub bars: Vec<Bar>,
    pub height: i64,
}

pub const BAR_MAX: i64 = 300;
const ROW: i64 = 24;

impl BarChart {
    pub fn new(rows: Vec<(String, i64)>) -> Self {
        let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
        let bars = rows
            .into_iter()
            .enumerate()
            .map(|(i, (label, value))| Bar {
                label,
                value,
                length: (value * BAR_MAX / max).max(i64::from(value > 0)),
                y: i as i64 * ROW,
            })
            .collect::<Vec<_>>();
        BarChart {
            height: (bars.len() as i64 * ROW).max(ROW),
            bars,
        }
    }
}

/// One part of a share chart.
#[derive(Clone, Debug)]
pub struct Share {
    pub label: String,
    pub value: i64,
    /// Where it starts and how wide it is, in percent of the whole.
    pub x: f64,
    pub width: f64,
    pub class: &'static str,
}

/// A share chart: one bar split into parts of a whole.
pub fn shares(parts: Vec<(String, i64, &'static str)>) -> Vec<Share> {
    let total: i64 = parts.iter().map(|p| p.1).sum();
    let mut x = 0.0;
    parts
        .into_iter()
        .filter(|p| p.1 > 0)
        .map(|(label, value, class)| {
            let width = 100.0 * value as f64 / total.max(1) as f64;
            let share = Share {
                label,
                value,
                x,
                width,
                class,
            };
            x += width;
            share
        })
        .collect()
}

/// A headline figure with its comparisons.
#[derive(Clone, Debug)]
pub struct Headline {
    pub key: &'static str,
    pub now: String,
    pub previous: String,
    pub year_before: String,
    /// Change against the previous period and the year before, in percent.
    pub vs_previous: Option<f64>,
    pub vs_year_before: Option<f64>,
}

/// The charts and tables of one comparison, however it is shown (live, filed, printed).
#[derive(Clone, Debug)]
pub struct ReportView {
    pub title: String,
    /// The three periods' names: this one, the one before, a year before.
    pub titles: Vec<String>,
    pub headlines: Vec<Headline>,
    pub channels: BarChart,
    pub categories: BarChart,
    pub units: BarChart,
    pub states: BarChart,
    pub special: BarChart,
    pub timeliness: Vec<Share>,
    pub satisfaction: Vec<Share>,
    pub unit_rows: Vec<(String, Timeliness)>,
    pub handler_rows: Vec<(String, Timeliness)>,
}

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ReportPage {
    pub t: Tr,
    pub chrome: Chrome,
    pub v: ReportView,
    /// The quarter choices, the chosen one marked.
    pub quarters: Vec<(u8, bool)>,
    pub params: PeriodParams,
    /// R27: the office files the report with its analysis.
    pub may_file: bool,
    pub form: FormData,
    pub error: Option<FormError>,
}

fn labelled<T: crate::i18n::Labelled>(
    rows: &[(String, i64)],
    parse: impl Fn(&str) -> Result<T, huixiang_domain::Rejection>,
    lang: Lang,
) -> Vec<(String, i64)> {
    rows.iter()
        .map(|(code, n)| {
            let label = parse(code).map_or(code.clone(), |v| v.label_in(lang).to_owned());
            (label, *n)
        })
        .collect()
}

fn fmt1(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.1}"))
}

fn headlines(r: &Report) -> Vec<Headline> {
    let figures = [&r.current, &r.previous, &r.year_before];
    let count = |key, f: fn(&Figures) -> i64| {
        let [now, prev, year] = figures.map(f);
        Headline {
            key,
            now: now.to_string(),
            previous: prev.to_string(),
            year_before: year.to_string(),
            vs_previous: change_percent(now, prev),
            vs_year_before: change_percent(now, year),
        }
    };
    let ratio = |key, f: fn(&Figures) -> Option<f64>| {
        let [now, prev, year] = figures.map(f);
        Headline {
            key,
            now: fmt1(now),
            previous: fmt1(prev),
            year_before: fmt1(year),
            vs_previous: None,
            vs_year_before: None,
        }
    };
    vec![
        count("report.registered", |f| f.counts.registered),
        count("report.concluded", |f| f.timeliness.total()),
        count("report.on_time", |f| f.timeliness.on_time),
        count("report.late", |f| f.timeliness.late),
        ratio("report.on_time_percent", |f| f.timeliness.on_time_percent()),
        ratio("report.mean_days", |f| f.mean_working_days),
        ratio("report.median_days", |f| f.median_working_days),
        count("report.special", |f| f.counts.special),
        count("report.repeats", |f| f.counts.repeats),
        ratio("report.repeat_percent", |f| f.repeat_percent),
        count("report.reminders", |f| f.counts.reminders),
        count("report.extensions_requested", |f| {
            f.counts.extensions_requested
        }),
        count("report.extensions_approved", |f| {
            f.counts.extensions_approved
        }),
        count("report.ratings", |f| {
            f.counts.ratings.iter().map(|(_, n)| n).sum()
        }),
    ]
}

impl ReportView {
    pub fn new(t: Tr, r: &Report, unit_name: impl Fn(UnitId) -> String) -> Self {
        let lang = t.0;
        let c = &r.current.counts;
        let sat = |code: &str, class| {
            let n = c
                .ratings
                .iter()
                .find(|(s, _)| s == code)
                .map_or(0, |(_, n)| *n);
            let label =
                Satisfaction::parse(code).map_or(code.to_owned(), |s| s.label(lang).to_owned());
            (label, n, class)
        };
        ReportView {
            title: r.current.period.title(lang),
            titles: [&r.current, &r.previous, &r.year_before]
                .iter()
                .map(|f| f.period.title(lang))
                .collect(),
            headlines: headlines(r),
            channels: BarChart::new(labelled(&c.by_channel, Channel::parse, lang)),
            categories: BarChart::new(labelled(&c.by_category, Category::parse, lang)),
            states: BarChart::new(labelled(&c.by_state, State::parse, lang)),
            special: BarChart::new(labelled(&c.by_special, SpecialKind::parse, lang)),
            units: BarChart::new(c.by_unit.iter().map(|(u, n)| (unit_name(*u), *n)).collect()),
            timeliness: shares(vec![
                (
                    t.get("report.on_time").to_owned(),
                    r.current.timeliness.on_time,
                    "good",
                ),
                (
                    t.get("report.late").to_owned(),
                    r.current.timeliness.late,
                    "bad",
                ),
            ]),
            satisfaction: shares(vec![
                sat("satisfied", "good"),
                sat("basically_satisfied", "fair"),
                sat("dissatisfied", "bad"),
            ]),
            unit_rows: r
                .current
                .by_unit_timeliness
                .iter()
                .map(|(u, tl)| (unit_name(*u), tl.clone()))
                .collect(),
            handler_rows: r.current.by_handler_timeliness.clone(),
        }
    }
}

impl ReportPage {
    pub async fn load(
        state: &AppState,
        page: &StaffPage,
        params: PeriodParams,
        form: FormData,
        error: Option<FormError>,
    ) -> Result<Self, PageError> {
        let service = &state.service;
        let today = beijing_date(service.now());
        let period = params.period(today)?;
        let r = service.report(&page.actor, period).await?;
        let (names, _) = UnitNames::load(service, &page.actor).await?;
        Ok(ReportPage {
            v: ReportView::new(page.t, &r, |u| names.name(u)),
            quarters: (1..=4).map(|q| (q, params.quarter == Some(q))).collect(),
            params,
            may_file: StatisticsReport::may_file(&page.actor).is_ok(),
            form,
            error,
            t: page.t,
            chrome: Chrome::new(page, "/reports"),
        })
    }
}

pub async fn report_page(
    AxState(state): AxState<AppState>,
    Query(params): Query<PeriodParams>,
    page: StaffPage,
) -> Result<Response, PageError> {
    render(&ReportPage::load(&state, &page, params, FormData::default(), None).await?)
}

/// R27: the office files the report of the period shown, with its analysis; a refusal shows
/// the page again with what was typed.
pub async fn report_file(
    AxState(state): AxState<AppState>,
    Query(params): Query<PeriodParams>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let today = beijing_date(state.service.now());
    let filed = match params.period(today) {
        Ok(period) => {
            state
                .service
                .file_statistics(
                    &page.actor,
                    period,
                    form.get("problems").as_deref(),
                    form.get("suggestions").as_deref(),
                )
                .await
        }
        Err(r) => Err(r.into()),
    };
    match filed {
        Ok(view) => Ok(Redirect::to(&format!("/reports/filed/{}", view.id)).into_response()),
        Err(ServiceError::Rejected(r)) if r.kind() != huixiang_domain::RejectionKind::Forbidden => {
            let error = Some(FormError::new(&r, page.t.0));
            let p = ReportPage::load(&state, &page, params, form, error).await?;
            render_with(status_of(r.kind()), &p)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "reports_filed.html")]
struct FiledList {
    t: Tr,
    chrome: Chrome,
    reports: Vec<StatisticsView>,
}

/// R27: the filed reports, latest first.
pub async fn filed_list(
    AxState(state): AxState<AppState>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let reports = state.service.statistics_reports(&page.actor).await?;
    render(&FiledList {
        t: page.t,
        chrome: Chrome::new(&page, "/reports"),
        reports,
    })
}

#[derive(Template)]
#[template(path = "report_print.html")]
struct FiledReportPage {
    t: Tr,
    id: uuid::Uuid,
    v: ReportView,
    s: StatisticsView,
    center: String,
}

/// A filed report by the id in the address, with its charts; `opened` records a leader's or
/// the overseer's read.
async fn load_filed(
    state: &AppState,
    page: &StaffPage,
    raw: &str,
    opened: bool,
) -> Result<(uuid::Uuid, StatisticsView, ReportView), PageError> {
    let id: uuid::Uuid = raw
        .parse()
        .map_err(|_| PageError::from(huixiang_domain::Rejection::ReportNotFound))?;
    let s = state
        .service
        .statistics_report(&page.actor, id, opened)
        .await?;
    let v = ReportView::new(page.t, &s.report.figures, |u| s.report.unit_name(u));
    Ok((id, s, v))
}

/// R27: a filed report on an A4 sheet: the frozen figures and charts and the analysis. A
/// leader or the overseer opening it is recorded.
pub async fn filed_report(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let (id, s, v) = load_filed(&state, &page, &raw, true).await?;
    let center = UnitNames::center(&state.service.units(&page.actor).await?);
    render(&FiledReportPage {
        t: page.t,
        id,
        v,
        s,
        center,
    })
}

/// R27: a filed report as an Excel workbook, one sheet per table.
pub async fn filed_xlsx(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    page: StaffPage,
) -> Result<Response, PageError> {
    use rust_xlsxwriter::{Format, Workbook};
    let (_, s, v) = load_filed(&state, &page, &raw, false).await?;
    let t = page.t;
    let xlsx = |e: rust_xlsxwriter::XlsxError| PageError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut sheets: Vec<(String, Vec<String>, Vec<Vec<String>>)> = Vec::new();
    sheets.push((
        t.get("report.headlines").to_owned(),
        vec![
            String::new(),
            v.titles[0].clone(),
            v.titles[1].clone(),
            t.get("report.vs_previous").to_owned(),
            v.titles[2].clone(),
            t.get("report.vs_year_before").to_owned(),
        ],
        v.headlines
            .iter()
            .map(|h| {
                let pct = |c: Option<f64>| c.map_or(String::new(), |c| format!("{c:+.1}%"));
                vec![
                    t.get(h.key).to_owned(),
                    h.now.clone(),
                    h.previous.clone(),
                    pct(h.vs_previous),
                    h.year_before.clone(),
                    pct(h.vs_year_before),
                ]
            })
            .collect(),
    ));
    for (key, chart) in [
        ("report.by_channel", &v.channels),
        ("report.by_category", &v.categories),
        ("report.by_unit", &v.units),
        ("report.by_state", &v.states),
        ("report.by_special", &v.special),
    ] {
        sheets.push((
            t.get(key).to_owned(),
            vec![String::new(), t.get("report.count").to_owned()],
            chart
                .bars
                .iter()
                .map(|b| vec![b.label.clone(), b.value.to_string()])
                .collect(),
        ));
    }
    for (key, rows) in [
        ("report.unit_timeliness", &v.unit_rows),
        ("report.handler_timeliness", &v.handler_rows),
    ] {
        sheets.push((
            t.get(key).to_owned(),
            vec![
                String::new(),
                t.get("report.on_time").to_owned(),
                t.get("report.late").to_owned(),
            ],
            rows.iter()
                .map(|(n, tl)| vec![n.clone(), tl.on_time.to_string(), tl.late.to_string()])
                .collect(),
        ));
    }
    sheets.push((
        t.get("report.satisfaction").to_owned(),
        vec![String::new(), t.get("report.count").to_owned()],
        v.satisfaction
            .iter()
            .map(|p| vec![p.label.clone(), p.value.to_string()])
            .collect(),
    ));
    sheets.push((
        t.get("report.analysis").to_owned(),
        vec![t.field("problems"), t.field("suggestions")],
        vec![vec![
            s.report.analysis.problems.clone(),
            s.report.analysis.suggestions.clone(),
        ]],
    ));
    for (name, head, rows) in sheets {
        let sheet = book.add_worksheet();
        // Sheet names are at most 31 characters.
        let name: String = name.chars().take(31).collect();
        sheet.set_name(&name).map_err(xlsx)?;
        for (col, title) in head.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, title, &bold)
                .map_err(xlsx)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (col, value) in row.iter().enumerate() {
                match value.parse::<f64>() {
                    Ok(n) if !value.starts_with('+') => {
                        sheet.write_number((r + 1) as u32, col as u16, n)
                    }
                    _ => sheet.write_string((r + 1) as u32, col as u16, super::ledger::cell(value)),
                }
                .map_err(xlsx)?;
            }
        }
        sheet.set_column_width(0, 24).map_err(xlsx)?;
    }
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    let name = format!("{}-{}", t.get("report.title"), v.title);
    Ok(super::ledger::attachment(
        &name,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    ))
}

/// A line through one value per label (months), with the values written at the points.
#[derive(Clone, Debug)]
pub struct LineChart {
    /// `x,y` pairs for the polyline.
    pub points: String,
    pub marks: Vec<(i64, i64, String, i64)>,
}

impl LineChart {
    pub const WIDTH: i64 = 560;
    pub const HEIGHT: i64 = 160;

    pub fn new(rows: &[(String, i64)]) -> Self {
        let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
        let step = if rows.len() > 1 {
            (Self::WIDTH - 60) / (rows.len() as i64 - 1)
        } else {
            0
        };
        let marks: Vec<(i64, i64, String, i64)> = rows
            .iter()
            .enumerate()
            .map(|(i, (label, v))| {
                let x = 30 + i as i64 * step;
                let y = Self::HEIGHT - 30 - v * (Self::HEIGHT - 60) / max;
                // `2026-03` shows as `03`; January shows its year.
                let short = match label.split_once('-') {
                    Some((y, "01")) => format!("{y}-01"),
                    Some((_, m)) => m.to_owned(),
                    None => label.clone(),
                };
                (x, y, short, *v)
            })
            .collect();
        LineChart {
            points: marks
                .iter()
                .map(|(x, y, _, _)| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" "),
            marks,
        }
    }
}

/// The dashboard as the workbench shows it.
#[derive(Clone, Debug)]
pub struct DashboardView {
    pub month: (i64, i64, String),
    pub quarter: (i64, i64, String),
    pub overdue: i64,
    pub special_open: i64,
    pub trend: LineChart,
    pub overdue_by_unit: BarChart,
    pub top_categories: BarChart,
    pub places: BarChart,
}

impl DashboardView {
    pub fn new(t: Tr, d: &huixiang_service::Dashboard, names: &UnitNames) -> Self {
        let summary = |f: &Figures| {
            (
                f.counts.registered,
                f.timeliness.total(),
                f.timeliness
                    .on_time_percent()
                    .map_or("—".into(), |p| format!("{p:.0}%")),
            )
        };
        let c = &d.counts;
        let mut categories = labelled(&d.quarter.counts.by_category, Category::parse, t.0);
        categories.truncate(5);
        DashboardView {
            month: summary(&d.month),
            quarter: summary(&d.quarter),
            overdue: c.overdue_by_unit.iter().map(|(_, n)| n).sum(),
            special_open: c.special_open,
            trend: LineChart::new(&c.monthly),
            overdue_by_unit: BarChart::new(
                c.overdue_by_unit
                    .iter()
                    .map(|(u, n)| (names.name(u), *n))
                    .collect(),
            ),
            top_categories: BarChart::new(categories),
            places: BarChart::new(c.places.clone()),
        }
    }
}
