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

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
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

fn binary() -> PathBuf {
    std::env::var_os("HX_BINARY").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/huixiang"),
        PathBuf::from,
    )
}

/// `--data-dir DIR` or `--database-url URL`, as the binary takes them.
fn database_args(backend: &str, target: &str) -> [String; 2] {
    match backend {
        "sqlite" => ["--data-dir".into(), target.into()],
        "postgres" => ["--database-url".into(), target.into()],
        other => panic!("backend is sqlite or postgres, not {other}"),
    }
}

/// Creates the PostgreSQL database if it does not exist yet.
async fn ensure_postgres_database(url: &str) {
    let (server, name) = url.rsplit_once('/').expect("postgres://…/DATABASE");
    let pool = sqlx::PgPool::connect(&format!("{server}/postgres"))
        .await
        .expect("PostgreSQL answers");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&pool)
        .await
        .unwrap();
    if exists.is_none() {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

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

/// The server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(backend: &str, target: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary())
            .arg("serve")
            .args(database_args(backend, target))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the huixiang binary runs (cargo build --release -p huixiang-server)");
        Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// The server's resident memory now and at its peak, in MB (from /proc).
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches(" kB").parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn login(&self, username: &str) -> String {
        // The server may still be starting: try for up to a minute.
        for _ in 0..600 {
            let answer = self
                .http
                .post(format!("{}/api/v1/auth/login", self.base))
                .json(&json!({"username": username, "password": format!("{username}-demo-2026")}))
                .send()
                .await;
            if let Ok(answer) = answer {
                assert!(answer.status().is_success(), "login {username}: {answer:?}");
                let body: Value = answer.json().await.unwrap();
                return body["token"].as_str().unwrap().to_owned();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not answer within a minute");
    }

    async fn get(&self, token: &str, path: &str) -> Value {
        let answer = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{path}: {}", answer.status());
        answer.json().await.unwrap()
    }

    /// Times `rounds` requests (after `WARM_UP` untimed ones), `paths` taken in turn; answers
    /// the latencies in milliseconds, sorted, and the last answer.
    async fn time(&self, token: &str, paths: &[String], rounds: usize) -> (Vec<f64>, Value) {
        let mut last = Value::Null;
        for path in paths.iter().cycle().take(WARM_UP.min(rounds)) {
            last = self.get(token, path).await;
        }
        let mut times = Vec::with_capacity(rounds);
        for path in paths.iter().cycle().take(rounds) {
            let started = Instant::now();
            last = self.get(token, path).await;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        (times, last)
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[i - 1]
}

fn line(what: &str, times: &[f64], note: &str) {
    println!(
        "| {what} | {} | {:.2} | {:.2} | {:.2} | {note} |",
        times.len(),
        quantile(times, 0.5),
        quantile(times, 0.99),
        times.last().copied().unwrap_or(f64::NAN)
    );
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
    let (times, answer) = client.time(&handler, &queue, rounds).await;
    line(
        "a unit's open cases, first page (the unit's handler)",
        &times,
        &format!("{} open", total(&answer)),
    );
    let queue = [format!(
        "/api/v1/complaints?with_unit=true&lead_unit={unit}&per_page=20"
    )];
    let (times, answer) = client.time(&office, &queue, rounds).await;
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
    let (times, answer) = client.time(&office, &searches, rounds).await;
    line(
        "search a common two-character word with a filter (the office)",
        &times,
        &format!("last: {} found", total(&answer)),
    );
    let report = ["/api/v1/reports/figures?year=2026&quarter=3".to_owned()];
    let (times, answer) = client.time(&office, &report, REPORT_ROUNDS).await;
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
