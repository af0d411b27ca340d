//! The crash test: `gongshi serve` on a SQLite file is killed with SIGKILL at a random moment while
//! citizens file tips, a publisher publishes records and a handler writes case notes, all at once;
//! twenty times over, on the same file. After each kill the file passes SQLite's integrity and
//! foreign-key checks, the server starts again on it, the public log's chain is intact, and every
//! write the server acknowledged is there. (A process kill keeps what the OS has cached;
//! `synchronous=FULL` is what covers a power cut, which a test cannot pull.)

use crate::process::{Answer, GONGSHI, file_one, free_port, request, start, user_add};
use crate::publishing::{PASSWORD, person_record};
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ROUNDS: usize = 20;

/// What the server acknowledged, kept across rounds.
#[derive(Debug, Default)]
struct Acknowledged {
    /// Tracking codes of tips answered 201.
    tips: Vec<String>,
    /// Records answered 201: id and log entry.
    records: Vec<(u64, u64)>,
    /// Notes answered 200: the case and the note's text.
    notes: Vec<(String, String)>,
}

/// A staff session on the server of `port`; `None` while no server answers.
fn sign_in(port: u16, username: &str) -> Option<(String, String)> {
    let answer = request(
        port,
        "POST",
        "/api/v1/staff/login",
        &[],
        &json!({ "username": username, "password": PASSWORD }).to_string(),
        || {},
    )?;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let cookie = answer.header("set-cookie")?.split(';').next()?.to_owned();
    let csrf = answer.json()["csrf_token"].as_str()?.to_owned();
    Some((cookie, csrf))
}

fn staff(
    port: u16,
    session: &(String, String),
    method: &str,
    path: &str,
    body: &Value,
) -> Option<Answer> {
    request(
        port,
        method,
        path,
        &[("cookie", &session.0), ("x-csrf-token", &session.1)],
        &body.to_string(),
        || {},
    )
}

/// SQLite's own checks of the file, run while no server has it open.
fn check_file(path: &std::path::Path) -> (String, usize) {
    tokio::runtime::Runtime::new()
        .expect("a runtime")
        .block_on(async {
            use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
            use sqlx::{ConnectOptions, Connection};
            let mut conn: SqliteConnection = SqliteConnectOptions::new()
                .filename(path)
                .connect()
                .await
                .expect("the file opens");
            let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check")
                .fetch_one(&mut conn)
                .await
                .expect("integrity_check runs");
            let broken = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(&mut conn)
                .await
                .expect("foreign_key_check runs")
                .len();
            conn.close().await.expect("closed");
            (integrity, broken)
        })
}

#[test]
fn every_acknowledged_write_survives_twenty_sigkills_at_random_moments() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("crash.db");
    let db = format!("sqlite://{}", file.display());
    let seeded = Command::new(GONGSHI)
        .args(["seed", "--database", &db, "--penalties", "20"])
        .env("GONGSHI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("gongshi seed runs");
    assert!(seeded.success());
    // Tips about the street go to the district's urban management bureau (the route is unclear
    // without a matter); its handler writes the notes.
    for (username, role, authority) in [
        ("nankeng.pub", "publisher", "xc-nankeng"),
        ("cgzf.handler", "handler", "xc-cgzf"),
    ] {
        let (added, said) = user_add(
            &db,
            &[
                "--username",
                username,
                "--display-name",
                username,
                "--role",
                role,
                "--district",
                "350602",
                "--authority",
                authority,
            ],
            PASSWORD,
        );
        assert!(added, "{said}");
    }
    let seed: u64 = rand::random();
    eprintln!("crash test seed {seed}");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let port = free_port();

    for round in 0..ROUNDS {
        let mut child = start(&db, port, &[]);
        let publisher = sign_in(port, "nankeng.pub").expect("the publisher signs in");
        let handler = sign_in(port, "cgzf.handler").expect("the handler signs in");
        // A case for this round's notes: the first tip acknowledged at all.
        let first = acknowledged
            .lock()
            .expect("not poisoned")
            .tips
            .first()
            .cloned();
        let case = first.unwrap_or_else(|| {
            let code = file_one(port, 0, || {}).expect("the first tip is filed");
            acknowledged
                .lock()
                .expect("not poisoned")
                .tips
                .push(code.clone());
            code
        });

        let stop = Arc::new(AtomicBool::new(false));
        let mut writers = Vec::new();
        for stream in 0..2_usize {
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            writers.push(std::thread::spawn(move || {
                let mut n = 1 + (round * 2 + stream) * 10_000;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    if let Some(code) = file_one(port, n, || {}) {
                        acknowledged.lock().expect("not poisoned").tips.push(code);
                    }
                }
            }));
        }
        {
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            writers.push(std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let number = format!("芗南综执罚[2026]第{}号", 10_000 + round * 1_000 + n);
                    let body = json!({ "fields": person_record(&number) });
                    let Some(answer) =
                        staff(port, &publisher, "POST", "/api/v1/staff/penalties", &body)
                    else {
                        continue;
                    };
                    assert!(answer.status == 201, "{}", answer.body);
                    let written = answer.json();
                    let id = written["id"].as_u64().expect("an id");
                    let seq = written["log_seq"].as_u64().expect("a log entry");
                    acknowledged
                        .lock()
                        .expect("not poisoned")
                        .records
                        .push((id, seq));
                }
            }));
        }
        {
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            writers.push(std::thread::spawn(move || {
                let path = format!("/api/v1/staff/complaints/{case}/notes");
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let text = format!("第{round}轮第{n}条：已联系属地中队核实");
                    let Some(answer) =
                        staff(port, &handler, "POST", &path, &json!({ "text": text }))
                    else {
                        continue;
                    };
                    assert!(answer.status == 200, "{}", answer.body);
                    acknowledged
                        .lock()
                        .expect("not poisoned")
                        .notes
                        .push((case.clone(), text));
                }
            }));
        }

        // The kill: at a random moment once the writes are under way.
        std::thread::sleep(Duration::from_millis(rng.gen_range(150..1_500)));
        let killed = Command::new("kill")
            .args(["-KILL", &child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(killed, "kill -KILL runs");
        let _ = child.wait();
        stop.store(true, Ordering::SeqCst);
        for w in writers {
            w.join().expect("a writer ends without a wrong answer");
        }

        let (integrity, broken) = check_file(&file);
        assert_eq!(integrity, "ok", "round {round}: integrity_check");
        assert_eq!(
            broken, 0,
            "round {round}: rows whose foreign key points nowhere"
        );

        let mut child = start(&db, port, &[]);
        let missing = missing(port, &acknowledged.lock().expect("not poisoned"));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            missing.is_empty(),
            "round {round} (seed {seed}): gone after SIGKILL: {missing:?}"
        );
    }
    let acknowledged = acknowledged.lock().expect("not poisoned");
    eprintln!(
        "{} tips, {} records and {} notes acknowledged over {ROUNDS} kills",
        acknowledged.tips.len(),
        acknowledged.records.len(),
        acknowledged.notes.len()
    );
    assert!(
        acknowledged.tips.len() > ROUNDS
            && !acknowledged.records.is_empty()
            && !acknowledged.notes.is_empty(),
        "every kind of write was acknowledged before some kill"
    );
}

/// Every acknowledged write the restarted server on `port` does not show, and a broken log.
fn missing(port: u16, acknowledged: &Acknowledged) -> Vec<String> {
    let get = |path: &str, session: Option<&(String, String)>| {
        let headers: Vec<(&str, &str)> = session
            .map(|s| vec![("cookie", s.0.as_str())])
            .unwrap_or_default();
        request(port, "GET", path, &headers, "", || {}).expect("the restarted server answers")
    };
    let mut missing: Vec<String> = acknowledged
        .tips
        .iter()
        .filter(|code| get(&format!("/api/v1/complaints/{code}"), None).status != 200)
        .map(|code| format!("tip {code}"))
        .collect();
    for (id, _) in &acknowledged.records {
        let page = get(&format!("/api/v1/penalties/{id}"), None);
        if page.status != 200 || page.json()["status"] != "public" {
            missing.push(format!("record {id}: {} {}", page.status, page.body));
        }
    }
    let log = get("/api/v1/log/verify", None).json();
    let entries = log["verified"]["entries"].as_u64().unwrap_or(0);
    let last = acknowledged
        .records
        .iter()
        .map(|(_, seq)| *seq)
        .max()
        .unwrap_or(0);
    if log["intact"] != true || entries < last {
        missing.push(format!("the log: {log} (acknowledged entry {last})"));
    }
    let handler = sign_in(port, "cgzf.handler").expect("the handler signs in");
    let mut cases: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (code, text) in &acknowledged.notes {
        let case = cases.entry(code.as_str()).or_insert_with(|| {
            get(&format!("/api/v1/staff/complaints/{code}"), Some(&handler)).body
        });
        if !case.contains(text.as_str()) {
            missing.push(format!("note {text:?} on {code}"));
        }
    }
    missing
}
