//! For tests that run the `gongshi` binary itself: start `serve` and wait for it, talk HTTP/1.1 to it
//! over a real socket (one connection per exchange), file a tip as a browser would (solving the
//! proof of work), add an account with `gongshi user add`.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const GONGSHI: &str = env!("CARGO_BIN_EXE_gongshi");

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `GET path`: the whole raw answer, head and body.
pub(crate) fn get(port: u16, path: &str) -> Option<String> {
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

/// An answer: status, head (status line and headers) and body.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
}

impl Answer {
    /// The first value of a header (names compared without case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }
}

/// One HTTP/1.1 exchange on a fresh connection with extra headers and a JSON body; `sent` runs once
/// the request is written, before the answer is read.
pub(crate) fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
    sent: impl FnOnce(),
) -> Option<Answer> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        req.push_str(&format!("{name}: {value}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).ok()?;
    sent();
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.get(9..12)?.parse().ok()?;
    let (head, body) = out.split_once("\r\n\r\n")?;
    Some(Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}

/// `gongshi serve` on `db` with small puzzles, high limits (unless `args` set the limits) and no web
/// app, once its health check answers 200.
pub(crate) fn start(db: &str, port: u16, args: &[&str]) -> Child {
    let mut serve = Command::new(GONGSHI);
    serve
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(["--database", db, "--assets", "/nonexistent"])
        .args(["--pow-max-number", "300"]);
    if !args.contains(&"--complaints-per-hour") {
        serve.args([
            "--complaints-per-hour",
            "10000",
            "--complaints-per-day",
            "10000",
        ]);
    }
    let mut child = serve
        .args(args)
        .env("GONGSHI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gongshi serve starts");
    let started = Instant::now();
    while get(port, "/api/v1/health").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        // Not another program answering on the port: this server must still be running.
        if let Ok(Some(status)) = child.try_wait() {
            panic!("gongshi serve on port {port} exited before it answered: {status}");
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no health answer within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// A proof-of-work solution to a challenge of the server on `port`, as the form sends it.
pub(crate) fn solve(port: u16) -> Option<Value> {
    let challenge = request(port, "GET", "/api/v1/complaints/challenge", &[], "", || {})?;
    let c = challenge.json();
    let number = altcha_lib_rs::solve_challenge(
        c["challenge"].as_str()?,
        c["salt"].as_str()?,
        None,
        c["maxnumber"].as_u64(),
        0,
    )
    .ok()?;
    Some(serde_json::json!({
        "algorithm": "SHA-256", "challenge": c["challenge"], "number": number,
        "salt": c["salt"], "signature": c["signature"]
    }))
}

/// An anonymous tip about night-time building noise, the `n`th.
pub(crate) fn tip(n: usize) -> Value {
    serde_json::json!({
        "kind": "tip", "district": "350602", "locality": "xc-nankeng",
        "address": format!("南坑街道某路 {n} 号"),
        "happened_on": gongshi_server::today().to_string(),
        "domain": "urban_management",
        "description": format!("第 {n} 次反映：夜间施工噪声扰民，持续到凌晨。"),
        "privacy": "anonymous", "consent": true
    })
}

/// Files the `n`th tip (solving the proof of work); the tracking code when the server acknowledged
/// it. `sent` runs once the submission is on the wire, before its answer.
pub(crate) fn file_one(port: u16, n: usize, sent: impl FnOnce()) -> Option<String> {
    let body = serde_json::json!({ "form": tip(n), "altcha": solve(port)? });
    let answer = request(
        port,
        "POST",
        "/api/v1/complaints",
        &[],
        &body.to_string(),
        sent,
    )?;
    if answer.status != 201 {
        return None;
    }
    answer.json()["code"].as_str().map(str::to_owned)
}

/// Runs `gongshi user add` with `args`, the password on standard input; (success, what it said).
pub(crate) fn user_add(db: &str, args: &[&str], password: &str) -> (bool, String) {
    let mut child = Command::new(GONGSHI)
        .args(["user", "add", "--database", db])
        .args(args)
        .env("GONGSHI_LOG", "info")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gongshi runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("the password is written");
    let out = child.wait_with_output().expect("gongshi ends");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout),
    )
}

/// Runs `gongshi` with `args` to the end; (success, what it said).
pub(crate) fn run(args: &[&str]) -> (bool, String) {
    let out = Command::new(GONGSHI)
        .args(args)
        .env("GONGSHI_LOG", "warn")
        .output()
        .expect("gongshi runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout),
    )
}
