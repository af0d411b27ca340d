//! The `gongshi` binary itself: `--help` names every flag, `serve` creates, migrates and seeds a new
//! database and answers over a real socket, and SIGTERM stops it cleanly.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GONGSHI: &str = env!("CARGO_BIN_EXE_gongshi");

fn help(args: &[&str]) -> String {
    let out = Command::new(GONGSHI)
        .args(args)
        .arg("--help")
        .output()
        .expect("gongshi runs");
    assert!(out.status.success(), "--help succeeds");
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

#[test]
fn help_lists_every_command_flag_and_variable() {
    let top = help(&[]);
    for command in ["serve", "seed", "migrate"] {
        assert!(top.contains(command), "gongshi --help names {command}");
    }
    let serve = help(&["serve"]);
    for flag in [
        "--addr",
        "GONGSHI_ADDR",
        "--database",
        "DATABASE_URL",
        "--assets",
        "GONGSHI_ASSETS",
        "--no-seed",
        "GONGSHI_NO_SEED",
    ] {
        assert!(serve.contains(flag), "gongshi serve --help names {flag}");
    }
    assert!(help(&["seed"]).contains("--from"));
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

#[test]
fn serve_seeds_a_new_database_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut child = Command::new(GONGSHI)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(format!("sqlite://{}", dir.path().join("new.db").display()))
        .arg("--assets")
        .arg(dir.path().join("no-dist"))
        .env("GONGSHI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gongshi serve starts");

    let started = Instant::now();
    let health = loop {
        if let Some(r) = get(port, "/api/v1/health") {
            break r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no health answer within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let districts = get(port, "/api/v1/districts").expect("an answer");
    assert!(
        districts.contains("芗城区"),
        "the demo data was loaded on first start"
    );
    assert!(
        dir.path().join("new.db").is_file(),
        "the database file was created"
    );

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            panic!("gongshi did not stop within 15 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "a graceful stop exits 0, got {status}");
}
