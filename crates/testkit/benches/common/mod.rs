//! What the benches that drive the release server share: starting it on a loopback port,
//! logging in, requests, and the table lines of their results.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The release binary (`HX_BINARY` to use another).
pub fn binary() -> PathBuf {
    std::env::var_os("HX_BINARY").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/huixiang"),
        PathBuf::from,
    )
}

/// `--data-dir DIR` or `--database-url URL`, as the binary takes them.
pub fn database_args(backend: &str, target: &str) -> [String; 2] {
    match backend {
        "sqlite" => ["--data-dir".into(), target.into()],
        "postgres" => ["--database-url".into(), target.into()],
        other => panic!("backend is sqlite or postgres, not {other}"),
    }
}

/// Creates the PostgreSQL database if it does not exist yet.
pub async fn ensure_postgres_database(url: &str) {
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

/// The server, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Server {
    pub fn start(backend: &str, target: &str) -> Server {
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
    pub fn memory(&self) -> (f64, f64) {
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

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub async fn login(&self, username: &str) -> String {
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

    pub async fn get(&self, token: &str, path: &str) -> Value {
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
}

pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[i - 1]
}

pub fn line(what: &str, times: &[f64], note: &str) {
    println!(
        "| {what} | {} | {:.2} | {:.2} | {:.2} | {note} |",
        times.len(),
        quantile(times, 0.5),
        quantile(times, 0.99),
        times.last().copied().unwrap_or(f64::NAN)
    );
}
