//! R27: the quarterly statistics page (季度统计分析) — figures for a quarter or a range of days
//! beside the previous period and the same period a year before, with bar and share charts
//! drawn on the server as SVG (nothing loaded from elsewhere, no script).

use super::lists::UnitNames;
use super::{Chrome, PageError, StaffPage, render};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State as AxState};
use axum::response::Response;
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::report::{Figures, Period, Timeliness, change_percent};
use huixiang_domain::{Category, Channel, Lang, Satisfaction, SpecialKind, State};
use huixiang_service::Report;
use serde::Deserialize;

/// The period as given in the address.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PeriodParams {
    pub year: Option<i32>,
    pub quarter: Option<u8>,
    pub from: Option<String>,
    pub until: Option<String>,
}

impl PeriodParams {
    pub fn period(&self, today: time::Date) -> Result<Period, huixiang_domain::Rejection> {
        Period::parse(
            self.year,
            self.quarter,
            self.from.as_deref(),
            self.until.as_deref(),
            today,
        )
    }
}

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

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ReportPage {
    pub t: Tr,
    pub chrome: Chrome,
    pub title: String,
    /// The three periods' names: this one, the one before, a year before.
    pub titles: Vec<String>,
    /// The quarter choices, the chosen one marked.
    pub quarters: Vec<(u8, bool)>,
    pub params: PeriodParams,
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

impl ReportPage {
    pub async fn load(
        state: &AppState,
        page: &StaffPage,
        params: PeriodParams,
    ) -> Result<Self, PageError> {
        let service = &state.service;
        let today = beijing_date(service.now());
        let period = params.period(today)?;
        let r = service.report(&page.actor, period).await?;
        let (names, _) = UnitNames::load(service, &page.actor).await?;
        let t = page.t;
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
        Ok(ReportPage {
            title: period.title(lang),
            titles: [&r.current, &r.previous, &r.year_before]
                .iter()
                .map(|f| f.period.title(lang))
                .collect(),
            quarters: (1..=4).map(|q| (q, params.quarter == Some(q))).collect(),
            headlines: headlines(&r),
            channels: BarChart::new(labelled(&c.by_channel, Channel::parse, lang)),
            categories: BarChart::new(labelled(&c.by_category, Category::parse, lang)),
            states: BarChart::new(labelled(&c.by_state, State::parse, lang)),
            special: BarChart::new(labelled(&c.by_special, SpecialKind::parse, lang)),
            units: BarChart::new(c.by_unit.iter().map(|(u, n)| (names.name(u), *n)).collect()),
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
                .map(|(u, tl)| (names.name(u), tl.clone()))
                .collect(),
            handler_rows: r.current.by_handler_timeliness.clone(),
            params,
            t,
            chrome: Chrome::new(page, "/reports"),
        })
    }
}

pub async fn report_page(
    AxState(state): AxState<AppState>,
    Query(params): Query<PeriodParams>,
    page: StaffPage,
) -> Result<Response, PageError> {
    render(&ReportPage::load(&state, &page, params).await?)
}
