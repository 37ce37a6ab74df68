//! Issue 8 benchmark: reading a center of 1,000,000 complaints through the running server, on
//! SQLite and PostgreSQL — a unit's first page of open cases, search for a common two-character
//! word with a filter, the quarterly statistics — and the server's resident memory meanwhile.
//!
//! ```sh
//! cargo build --release -p huixiang-server
//! cargo bench -p huixiang-testkit --bench read -- sqlite /tmp/hx-bench 1000000
//! cargo bench -p huixiang-testkit --bench read -- postgres postgres://postgres@127.0.0.1:5432/hx_bench 1000000
//! ```
//!
//! An empty (or missing) database is first filled with `huixiang demo --complaints N --seed
//! 2026`; a filled one is reused as it is, so the load is paid once. The server is the release
//! binary (`HX_BINARY` to use another), started on a loopback port and stopped at the end.
//! Every request is timed one after another from this process; each kind runs a fixed number of
//! times. Results are recorded in docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, Server, binary, database_args, ensure_postgres_database, line};
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How many times each timed request runs (after a few untimed ones): `HX_BENCH_ROUNDS`, 300
/// unless set.
fn rounds() -> usize {
    std::env::var("HX_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}
const WARM_UP: usize = 10;
/// The quarterly statistics are heavier: fewer rounds.
const REPORT_ROUNDS: usize = 10;

/// Fills the database with the scale demo unless it holds complaints already.
async fn ensure_loaded(backend: &str, target: &str, n: usize) {
    if backend == "postgres" {
        ensure_postgres_database(target).await;
    }
    let url = match backend {
        "sqlite" => format!("sqlite://{target}/huixiang.db"),
        _ => target.to_owned(),
    };
    if backend == "sqlite" {
        std::fs::create_dir_all(target).unwrap();
    }
    let db = huixiang_service::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let count: i64 = match &db {
        huixiang_service::Db::Sqlite(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM complaints")
            .fetch_one(pool)
            .await
            .unwrap(),
        huixiang_service::Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM complaints")
                .fetch_one(pool)
                .await
                .unwrap()
        }
    };
    db.close().await;
    if count > 0 {
        println!("{backend}: reusing {count} complaints in {target}");
        return;
    }
    println!("{backend}: loading {n} complaints into {target} …");
    let started = Instant::now();
    let status = Command::new(binary())
        .arg("demo")
        .args(database_args(backend, target))
        .args(["--complaints", &n.to_string(), "--seed", "2026"])
        .stdout(Stdio::null())
        .status()
        .expect("the huixiang binary runs (cargo build --release -p huixiang-server)");
    assert!(status.success(), "huixiang demo failed");
    println!(
        "{backend}: loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Times `rounds` requests (after `WARM_UP` untimed ones), `paths` taken in turn; answers the
/// latencies in milliseconds, sorted, and the last answer.
async fn time(client: &Client, token: &str, paths: &[String], rounds: usize) -> (Vec<f64>, Value) {
    let mut last = Value::Null;
    for path in paths.iter().cycle().take(WARM_UP.min(rounds)) {
        last = client.get(token, path).await;
    }
    let mut times = Vec::with_capacity(rounds);
    for path in paths.iter().cycle().take(rounds) {
        let started = Instant::now();
        last = client.get(token, path).await;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times, last)
}

async fn bench(backend: &str, target: &str, n: usize) {
    ensure_loaded(backend, target, n).await;
    let server = Server::start(backend, target);
    let client = Client {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap(),
        base: server.url.clone(),
    };
    let handler = client.login("handler").await;
    let office = client.login("office").await;
    let unit = client.get(&handler, "/api/v1/me").await["unit"]
        .as_str()
        .unwrap()
        .to_owned();
    let rounds = rounds();
    println!();
    println!("| {backend}: request | n | p50 ms | p99 ms | max ms | answer |");
    println!("|---|---|---|---|---|---|");
    // A unit's open cases: the handler's own queue, and the office looking at that unit.
    let queue = ["/api/v1/complaints?with_unit=true&per_page=20".to_owned()];
    let (times, answer) = time(&client, &handler, &queue, rounds).await;
    line(
        "a unit's open cases, first page (the unit's handler)",
        &times,
        &format!("{} open", total(&answer)),
    );
    let queue = [format!(
        "/api/v1/complaints?with_unit=true&lead_unit={unit}&per_page=20"
    )];
    let (times, answer) = time(&client, &office, &queue, rounds).await;
    line(
        "a unit's open cases, first page (the office, filtered by unit)",
        &times,
        &format!("{} open", total(&answer)),
    );
    // Common two-character words, each with a filter.
    let words = [
        ("噪音", "channel=phone"),
        ("电梯", "state=archived"),
        ("物业", "from=2026-01-01&until=2026-06-30"),
        ("垃圾", "channel=online"),
    ];
    let searches: Vec<String> = words
        .iter()
        .map(|(word, filter)| format!("/api/v1/search?q={word}&{filter}&per_page=20"))
        .collect();
    let (times, answer) = time(&client, &office, &searches, rounds).await;
    line(
        "search a common two-character word with a filter (the office)",
        &times,
        &format!("last: {} found", total(&answer)),
    );
    let report = ["/api/v1/reports/figures?year=2026&quarter=3".to_owned()];
    let (times, answer) = time(&client, &office, &report, REPORT_ROUNDS).await;
    line(
        "the quarterly statistics, 2026 Q3 (the office)",
        &times,
        &format!("{} registered", answer["current"]["registered"]),
    );
    let (now, peak) = server.memory();
    println!();
    println!("{backend}: server resident memory {now:.0} MB now, {peak:.0} MB at its peak");
}

/// A listing's total as the ledger shows it: "1000+" when counting stopped.
fn total(answer: &Value) -> String {
    let capped = answer["total_capped"].as_bool().unwrap_or(false);
    format!("{}{}", answer["total"], if capped { "+" } else { "" })
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; the rest are ours: BACKEND TARGET [N].
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [backend, target, rest @ ..] = args.as_slice() else {
        eprintln!(
            "usage: cargo bench -p huixiang-testkit --bench read -- sqlite DIR|postgres URL [N]"
        );
        std::process::exit(2);
    };
    let n = rest
        .first()
        .map_or(1_000_000, |n| n.parse().expect("N is a number"));
    bench(backend, target, n).await;
}
