//! What the tests that run `huixiang serve` as a process share.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `huixiang serve`, killed when dropped.
pub struct Instance {
    pub child: Child,
    pub base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on (just now).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `huixiang serve` on `url` (sweeping every second) and waits until it is ready.
pub async fn start(url: &str, client: &reqwest::Client) -> Instance {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_huixiang"))
        .args(["serve", "--sweep-interval", "1"])
        .args(["--database-url", url])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("huixiang starts");
    let instance = Instance {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    loop {
        let ready = client.get(format!("{}/readyz", instance.base)).send().await;
        if ready.is_ok_and(|r| r.status() == StatusCode::OK) {
            return instance;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "not ready in a minute"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn login(
    client: &reqwest::Client,
    at: &Instance,
    user: &str,
    password: &str,
) -> (StatusCode, Value) {
    let answer = client
        .post(format!("{}/api/v1/auth/login", at.base))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap();
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

pub async fn get(
    client: &reqwest::Client,
    at: &Instance,
    token: &str,
    path: &str,
) -> (StatusCode, Value) {
    let answer = client
        .get(format!("{}{path}", at.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}
