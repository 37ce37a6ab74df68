//! What the tests that run `huixiang serve` as a process share.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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

/// Registrations sent by several clients at once, each answered with success remembered.
pub struct RegistrationLoad {
    stop: Arc<AtomicBool>,
    writers: Vec<tokio::task::JoinHandle<()>>,
    answered: Arc<Mutex<Vec<(String, String)>>>,
}

impl RegistrationLoad {
    /// Starts `writers` clients registering at `at` as the clerk holding `token`, until
    /// [`RegistrationLoad::finish`], until the server stops answering, or for a minute at most.
    pub fn start(client: &reqwest::Client, at: &Instance, token: &str, writers: usize) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let writers = (0..writers)
            .map(|w| {
                let (client, base, token) = (client.clone(), at.base.clone(), token.to_owned());
                let (stop, answered) = (stop.clone(), answered.clone());
                tokio::spawn(async move {
                    let until = Instant::now() + Duration::from_secs(60);
                    for i in 0.. {
                        if Instant::now() > until || stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let form = json!({
                            "channel": "phone", "category": "municipal",
                            "title": format!("路灯不亮 {w}-{i}"),
                            "complainant": {"name": "李建国", "phone": "13900001111"},
                            "problem": "小区路灯坏了一周。", "demands": "请尽快修复。"
                        });
                        let sent = client
                            .post(format!("{base}/api/v1/complaints"))
                            .bearer_auth(&token)
                            .json(&form)
                            .send()
                            .await;
                        let Ok(answer) = sent else { break };
                        if answer.status() != StatusCode::CREATED {
                            break;
                        }
                        let Ok(body) = answer.json::<Value>().await else {
                            break;
                        };
                        let id = body["id"].as_str().unwrap().to_owned();
                        let title = body["title"].as_str().unwrap().to_owned();
                        answered.lock().unwrap().push((id, title));
                    }
                })
            })
            .collect();
        RegistrationLoad {
            stop,
            writers,
            answered,
        }
    }

    /// How many have been answered so far.
    pub fn answered(&self) -> usize {
        self.answered.lock().unwrap().len()
    }

    /// Stops the clients and gives the (id, title) of every registration answered with success.
    pub async fn finish(self) -> Vec<(String, String)> {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.writers {
            w.await.unwrap();
        }
        self.answered.lock().unwrap().clone()
    }
}
