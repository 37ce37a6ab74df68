//! What `/metrics` reports, in Prometheus's text format (0.0.4): requests by method, route and
//! status with their latencies, the deadline sweeps, and — read from the database at each
//! scrape — the notifications waiting in the outbox and the cases overdue now. The counters
//! are this process's own: with several instances, each is scraped and the sums are taken
//! by Prometheus.

use crate::{Result, Service, SweepReport};
use huixiang_domain::complaint::beijing_date;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process's counters.
#[derive(Default)]
pub struct Metrics(Mutex<Counters>);

#[derive(Default)]
struct Counters {
    /// (method, route, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latencies.
    latency: BTreeMap<String, Histogram>,
    sweeps: Sweeps,
    registrar: Registrar,
}

/// The registration writer's batches (`registrar.rs`).
#[derive(Default)]
struct Registrar {
    /// Batches written whole, and the registrations in them.
    whole: u64,
    whole_registrations: u64,
    /// Batches written one registration per savepoint (one alone, with files, or after a
    /// refusal in the batch).
    one_by_one: u64,
    /// Times the unit tree and calendar kept between batches were read again.
    frame_reads: u64,
}

#[derive(Default)]
struct Histogram {
    /// Requests at or under each bound (cumulative, as Prometheus reads them).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Sweeps {
    runs: u64,
    /// Another instance held the sweep's lease.
    skipped: u64,
    failures: u64,
    seconds: f64,
    reminders: u64,
    overdue: u64,
}

/// What the database says at a scrape.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gauges {
    /// Messages to complainants and staff not sent yet (`outbox_messages`).
    pub outbox_messages: i64,
    /// Units' notifications (reminder slips, R10) not delivered yet.
    pub unit_notifications: i64,
    pub overdue_cases: i64,
}

impl Metrics {
    fn counters(&self) -> std::sync::MutexGuard<'_, Counters> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One answered request. `route` is the route's pattern (`/api/v1/complaints/{id}`), never
    /// the path itself, so that the series stay few.
    pub fn record_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let mut c = self.counters();
        *c.requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let seconds = took.as_secs_f64();
        let h = c.latency.entry(route.to_owned()).or_default();
        for (bound, n) in BUCKETS.iter().zip(h.buckets.iter_mut()) {
            if seconds <= *bound {
                *n += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    pub(crate) fn record_sweep(&self, outcome: &Result<Option<SweepReport>>, took: Duration) {
        let mut c = self.counters();
        let s = &mut c.sweeps;
        match outcome {
            Ok(Some(report)) => {
                s.runs += 1;
                s.seconds += took.as_secs_f64();
                s.reminders += report.reminders;
                s.overdue += report.overdue;
            }
            Ok(None) => s.skipped += 1,
            Err(_) => s.failures += 1,
        }
    }

    /// A batch of `registrations` written whole (`true`) or one by one.
    pub(crate) fn record_registration_batch(&self, whole: bool, registrations: usize) {
        let r = &mut self.counters().registrar;
        if whole {
            r.whole += 1;
            r.whole_registrations += registrations as u64;
        } else {
            r.one_by_one += 1;
        }
    }

    /// The registration writer read the unit tree and calendar again.
    pub(crate) fn record_frame_read(&self) {
        self.counters().registrar.frame_reads += 1;
    }

    /// The text Prometheus reads; without the database's gauges when it did not answer.
    pub fn render(&self, gauges: Option<Gauges>) -> String {
        let c = self.counters();
        let mut out = String::new();
        let head = |out: &mut String, name: &str, kind: &str, help: &str| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        };
        head(
            &mut out,
            "huixiang_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route and status.",
        );
        for ((method, route, status), n) in &c.requests {
            let _ = writeln!(
                out,
                "huixiang_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(method),
                label(route)
            );
        }
        head(
            &mut out,
            "huixiang_http_request_duration_seconds",
            "histogram",
            "Time to answer an HTTP request, by route.",
        );
        for (route, h) in &c.latency {
            let route = label(route);
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(
                    out,
                    "huixiang_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "huixiang_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 huixiang_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 huixiang_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        let s = &c.sweeps;
        let counters = [
            (
                "huixiang_sweeps_total",
                "Deadline sweeps run by this instance (R10, R30).",
                s.runs as f64,
            ),
            (
                "huixiang_sweeps_skipped_total",
                "Deadline sweeps left to another instance holding the lease.",
                s.skipped as f64,
            ),
            (
                "huixiang_sweep_failures_total",
                "Deadline sweeps that failed.",
                s.failures as f64,
            ),
            (
                "huixiang_sweep_seconds_total",
                "Time spent in deadline sweeps.",
                s.seconds,
            ),
            (
                "huixiang_sweep_reminders_total",
                "Reminder slips written by the sweeps (R10).",
                s.reminders as f64,
            ),
            (
                "huixiang_sweep_overdue_total",
                "Overdue records written by the sweeps (R30).",
                s.overdue as f64,
            ),
        ];
        let r = &c.registrar;
        let counters = counters.into_iter().chain([
            (
                "huixiang_registration_batches_whole_total",
                "Registration batches written whole, in one transaction (R3).",
                r.whole as f64,
            ),
            (
                "huixiang_registrations_in_whole_batches_total",
                "Registrations in those batches (divided by the batches: their average size).",
                r.whole_registrations as f64,
            ),
            (
                "huixiang_registration_batches_one_by_one_total",
                "Registration batches written one registration per savepoint: one alone, with files, or after a refusal among them.",
                r.one_by_one as f64,
            ),
            (
                "huixiang_registration_frame_reads_total",
                "Times the registration writer read the unit tree and calendar again, after they changed.",
                r.frame_reads as f64,
            ),
        ]);
        for (name, help, value) in counters {
            head(&mut out, name, "counter", help);
            let _ = writeln!(out, "{name} {value}");
        }
        head(
            &mut out,
            "huixiang_database_up",
            "gauge",
            "Whether the database answered this scrape.",
        );
        let _ = writeln!(out, "huixiang_database_up {}", u8::from(gauges.is_some()));
        if let Some(g) = gauges {
            head(
                &mut out,
                "huixiang_outbox_backlog",
                "gauge",
                "What waits to be sent: messages, and units' notifications.",
            );
            let _ = writeln!(
                out,
                "huixiang_outbox_backlog{{queue=\"messages\"}} {}\n\
                 huixiang_outbox_backlog{{queue=\"unit_notifications\"}} {}",
                g.outbox_messages, g.unit_notifications
            );
            head(
                &mut out,
                "huixiang_overdue_cases",
                "gauge",
                "Cases with a unit past their due day now (R9).",
            );
            let _ = writeln!(out, "huixiang_overdue_cases {}", g.overdue_cases);
        }
        out
    }
}

/// A label value as the text format wants it.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Service {
    /// The process's counters (the HTTP layer records its requests here).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// `/metrics`: the counters with the database's gauges read now (left out, with
    /// `huixiang_database_up 0`, when the database does not answer).
    pub async fn metrics_text(&self) -> String {
        let gauges = async {
            let mut tx = self.db.read().await?;
            let (outbox_messages, unit_notifications, overdue_cases) =
                tx.operations_gauges(beijing_date(self.clock.now())).await?;
            Ok::<_, crate::ServiceError>(Gauges {
                outbox_messages,
                unit_notifications,
                overdue_cases,
            })
        };
        let gauges = match gauges.await {
            Ok(g) => Some(g),
            Err(e) => {
                tracing::warn!(error = %e, "metrics: the database did not answer");
                None
            }
        };
        self.metrics.render(gauges)
    }

    /// `/readyz`: the database answers and has every migration this build knows; `Err` says
    /// why not.
    pub async fn readiness(&self) -> Result<usize> {
        self.db.ping().await?;
        Ok(self.db.pending_migrations().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_format_counts_requests_latencies_and_sweeps() {
        let m = Metrics::default();
        m.record_request("GET", "/api/v1/complaints", 200, Duration::from_millis(3));
        m.record_request("GET", "/api/v1/complaints", 200, Duration::from_millis(30));
        m.record_request("POST", "/api/v1/complaints", 422, Duration::from_millis(7));
        m.record_sweep(
            &Ok(Some(SweepReport {
                reminders: 4,
                overdue: 2,
            })),
            Duration::from_millis(250),
        );
        m.record_sweep(&Ok(None), Duration::ZERO);
        let text = m.render(Some(Gauges {
            outbox_messages: 5,
            unit_notifications: 3,
            overdue_cases: 9,
        }));
        for line in [
            "huixiang_http_requests_total{method=\"GET\",route=\"/api/v1/complaints\",status=\"200\"} 2",
            "huixiang_http_requests_total{method=\"POST\",route=\"/api/v1/complaints\",status=\"422\"} 1",
            "huixiang_http_request_duration_seconds_bucket{route=\"/api/v1/complaints\",le=\"0.005\"} 1",
            "huixiang_http_request_duration_seconds_bucket{route=\"/api/v1/complaints\",le=\"0.01\"} 2",
            "huixiang_http_request_duration_seconds_bucket{route=\"/api/v1/complaints\",le=\"0.05\"} 3",
            "huixiang_http_request_duration_seconds_bucket{route=\"/api/v1/complaints\",le=\"+Inf\"} 3",
            "huixiang_http_request_duration_seconds_count{route=\"/api/v1/complaints\"} 3",
            "huixiang_sweeps_total 1",
            "huixiang_sweeps_skipped_total 1",
            "huixiang_sweep_reminders_total 4",
            "huixiang_sweep_overdue_total 2",
            "huixiang_outbox_backlog{queue=\"messages\"} 5",
            "huixiang_outbox_backlog{queue=\"unit_notifications\"} 3",
            "huixiang_overdue_cases 9",
            "huixiang_database_up 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
        }
        let down = m.render(None);
        assert!(down.contains("huixiang_database_up 0\n"), "{down}");
        assert!(!down.contains("huixiang_overdue_cases"), "{down}");
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
