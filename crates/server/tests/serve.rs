//! `huixiang serve` as an operator runs it: settings from a configuration file, JSON log lines
//! that carry each request's id, and on SIGTERM (what systemd sends on `stop`) a clean exit once
//! the requests in flight are answered.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A plain HTTP/1.1 GET on loopback; the whole answer as text.
fn get(port: u16, path: &str, request_id: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: {request_id}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

/// Kills the server if the test fails before it stops it.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = Command::new("kill")
                .args(["-KILL", &self.0.to_string()])
                .status();
        }
    }
}

#[test]
fn configured_by_file_it_logs_json_with_request_ids_and_answers_requests_in_flight_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    // Where to listen and keep data comes from the configuration file.
    let config = dir.path().join("huixiang.conf");
    let data = dir.path().join("data");
    std::fs::write(
        &config,
        format!(
            "# huixiang\nHUIXIANG_LISTEN=127.0.0.1:{port}\nHUIXIANG_DATA_DIR=\"{}\"\n\
             HUIXIANG_SWEEP_INTERVAL=3600\n",
            data.display()
        ),
    )
    .unwrap();
    let server = Command::new(env!("CARGO_BIN_EXE_huixiang"))
        .args(["serve", "--log-format", "json", "--sweep-interval", "0"])
        .arg("--config")
        .arg(&config)
        .env_remove("DATABASE_URL")
        .env_remove("HUIXIANG_LISTEN")
        .env_remove("HUIXIANG_DATA_DIR")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("huixiang starts");
    let _stop = KillOnDrop(server.id());
    let started = Instant::now();
    let ready = loop {
        match get(port, "/readyz", "ops-test-wait") {
            Ok(answer) => break answer,
            Err(_) if started.elapsed() < Duration::from_secs(60) => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("no answer within a minute: {e}"),
        }
    };
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    let health = get(port, "/healthz", "ops-test-42").unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(
        health
            .to_ascii_lowercase()
            .contains("x-request-id: ops-test-42"),
        "the id is answered back: {health}"
    );

    // A request in flight: its headers and half its body are in when SIGTERM comes.
    let body = r#"{"username": "nobody", "password": "not-a-password"}"#;
    let (first, rest) = body.split_at(20);
    let mut in_flight = TcpStream::connect(("127.0.0.1", port)).unwrap();
    in_flight
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        in_flight,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    in_flight.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let mut server = server;
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.try_wait().unwrap().is_none(),
        "the server waits for the request in flight"
    );
    in_flight.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    in_flight.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 401"),
        "the request in flight is answered in full: {answer}"
    );
    let out = server.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "SIGTERM ends the server cleanly: {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("every log line is JSON"))
        .collect();
    let answered = lines
        .iter()
        .find(|l| l["span"]["request_id"] == "ops-test-42")
        .unwrap_or_else(|| panic!("no line for the request:\n{stdout}"));
    assert_eq!(answered["span"]["path"], "/healthz");
    assert_eq!(answered["level"], "INFO");
    assert_eq!(answered["fields"]["status"], 200);
    assert!(
        data.join("huixiang.db").exists(),
        "the data directory came from the file"
    );
}
