//! Issue 9 load generator: drives the release server on a loopback port with `C` clients at
//! once — registrations first, then a mix of a unit's queue, case pages and search — and
//! reports throughput, p50 and p99 per kind. Every phase is bounded by a request count and by
//! time.
//!
//! ```sh
//! cargo build --release -p huixiang-server
//! cargo bench -p huixiang-testkit --bench load -- sqlite /tmp/hx-load
//! cargo bench -p huixiang-testkit --bench load -- postgres postgres://postgres@127.0.0.1:5432/hx_load
//! HX_LOAD_CONCURRENCY=16 HX_LOAD_REQUESTS=20000 HX_LOAD_SECONDS=30 cargo bench … # the defaults
//! ```
//!
//! An empty database is first given the demo center (`huixiang demo --complaints 1000`), whose
//! `clerk`, `handler` and `office` drive the load. Commits are durable: SQLite in WAL mode
//! with `synchronous=FULL`, PostgreSQL as configured. The clients run on the same two cores
//! as the server, so the figures are if anything pessimistic. Results: docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, Server, binary, database_args, ensure_postgres_database, quantile};
use serde_json::json;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The path of the `i`th request of a read phase, given the registered cases' ids.
type PathOf = fn(usize, &[String]) -> String;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one phase did: latencies of the successes (ms, sorted), errors, wall time.
struct Phase {
    times: Vec<f64>,
    errors: usize,
    took: Duration,
}

impl Phase {
    fn print(&self, what: &str, concurrency: usize) {
        let ok = self.times.len();
        println!(
            "| {what} | {concurrency} | {ok} | {} | {:.0} | {:.2} | {:.2} | {:.2} |",
            self.errors,
            ok as f64 / self.took.as_secs_f64(),
            quantile(&self.times, 0.5),
            quantile(&self.times, 0.99),
            self.times.last().copied().unwrap_or(f64::NAN),
        );
    }
}

/// Runs `request(i)` from `concurrency` clients until `count` have been sent or `limit` has
/// passed.
async fn phase<F, Fut>(concurrency: usize, count: usize, limit: Duration, request: F) -> Phase
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let clients: Vec<_> = (0..concurrency)
        .map(|_| {
            let (request, next) = (request.clone(), next.clone());
            tokio::spawn(async move {
                let (mut times, mut errors) = (Vec::new(), 0);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || started.elapsed() > limit {
                        break;
                    }
                    let sent = Instant::now();
                    if request(i).await {
                        times.push(sent.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        errors += 1;
                    }
                }
                (times, errors)
            })
        })
        .collect();
    let (mut times, mut errors) = (Vec::new(), 0);
    for c in clients {
        let (t, e) = c.await.unwrap();
        times.extend(t);
        errors += e;
    }
    let took = started.elapsed();
    times.sort_by(f64::total_cmp);
    Phase {
        times,
        errors,
        took,
    }
}

async fn ensure_demo(backend: &str, target: &str) {
    if backend == "postgres" {
        ensure_postgres_database(target).await;
    }
    // `demo` refuses a database that has users; that is the reuse case.
    let _ = Command::new(binary())
        .arg("demo")
        .args(database_args(backend, target))
        .args(["--complaints", "1000", "--seed", "2026"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the huixiang binary runs (cargo build --release -p huixiang-server)");
}

async fn status_ok(answer: Result<reqwest::Response, reqwest::Error>) -> Option<serde_json::Value> {
    let answer = answer.ok()?;
    if !answer.status().is_success() {
        return None;
    }
    answer.json().await.ok()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [backend, target, ..] = args.as_slice() else {
        eprintln!("usage: cargo bench -p huixiang-testkit --bench load -- sqlite DIR|postgres URL");
        std::process::exit(2);
    };
    let concurrency = setting("HX_LOAD_CONCURRENCY", 16);
    let count = setting("HX_LOAD_REQUESTS", 20_000);
    let limit = Duration::from_secs(setting("HX_LOAD_SECONDS", 30) as u64);
    ensure_demo(backend, target).await;
    let server = Server::start(backend, target);
    let client = Arc::new(Client {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(concurrency)
            .build()
            .unwrap(),
        base: server.url.clone(),
    });
    let clerk = Arc::new(client.login("clerk").await);
    let handler = Arc::new(client.login("handler").await);
    let office = Arc::new(client.login("office").await);
    println!();
    println!(
        "| {backend}: request | clients | answered | errors | per second | p50 ms | p99 ms | max ms |"
    );
    println!("|---|---|---|---|---|---|---|---|");

    let ids = Arc::new(std::sync::Mutex::new(Vec::new()));
    let registered = {
        let (client, clerk, ids) = (client.clone(), clerk.clone(), ids.clone());
        phase(concurrency, count, limit, move |i| {
            let (client, clerk, ids) = (client.clone(), clerk.clone(), ids.clone());
            async move {
                let form = json!({
                    "channel": "phone", "category": "municipal",
                    "title": format!("负载测试 {i} 号楼路灯不亮"),
                    "complainant": {"name": "李建国", "phone": "13900001111"},
                    "problem": "小区路灯坏了一周，晚上出行不便。", "demands": "请尽快修复。"
                });
                let answer = client
                    .http
                    .post(format!("{}/api/v1/complaints", client.base))
                    .bearer_auth(clerk.as_str())
                    .json(&form)
                    .send()
                    .await;
                let Some(body) = status_ok(answer).await else {
                    return false;
                };
                if let Some(id) = body["id"].as_str() {
                    ids.lock().unwrap().push(id.to_owned());
                }
                true
            }
        })
        .await
    };
    registered.print("register a phone complaint (the clerk)", concurrency);

    let ids: Arc<Vec<String>> = Arc::new(ids.lock().unwrap().clone());
    let reads: [(&str, Arc<String>, PathOf); 3] = [
        (
            "a unit's open cases, first page (the handler)",
            handler,
            |_, _| "/api/v1/complaints?with_unit=true&per_page=20".to_owned(),
        ),
        ("a case's page (the office)", office.clone(), |i, ids| {
            format!("/api/v1/complaints/{}", ids[i % ids.len().max(1)])
        }),
        ("search a word (the office)", office, |i, _| {
            let words = ["路灯", "噪音", "电梯", "物业"];
            format!("/api/v1/search?q={}&per_page=20", words[i % words.len()])
        }),
    ];
    for (what, token, path) in reads {
        if ids.is_empty() {
            break;
        }
        let (client, ids) = (client.clone(), ids.clone());
        let done = phase(concurrency, count, limit, move |i| {
            let (client, token, ids) = (client.clone(), token.clone(), ids.clone());
            async move {
                let answer = client
                    .http
                    .get(format!("{}{}", client.base, path(i, &ids)))
                    .bearer_auth(token.as_str())
                    .send()
                    .await;
                status_ok(answer).await.is_some()
            }
        })
        .await;
        done.print(what, concurrency);
    }
    let (now, peak) = server.memory();
    println!();
    println!("{backend}: server resident memory {now:.0} MB now, {peak:.0} MB at its peak");
}
