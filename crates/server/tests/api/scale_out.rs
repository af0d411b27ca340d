//! Two `gongshi serve` processes on one PostgreSQL database, as behind a load balancer: citizens'
//! tips and publishers' records go to both at once, and nothing is lost, duplicated or forked;
//! sessions, idempotency keys, proof-of-work replay protection and rate limits hold across them.
//! Runs on a PostgreSQL server of the test run's own whichever store the rest of the suite uses.

use crate::postgres::Database;
use crate::process::{Answer, request, run, solve, start, tip, user_add};
use crate::publishing::{PASSWORD, person_record};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::process::Child;

/// Stops a server when the test ends, passing or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Files a tip to the server on `port` as if from `address` (the servers trust X-Forwarded-For);
/// the answer.
fn file(port: u16, n: usize, address: &str, key: Option<&str>) -> Answer {
    let body = json!({ "form": tip(n), "altcha": solve(port).expect("a challenge, solved") });
    send_tip(port, &body, address, key)
}

fn send_tip(port: u16, body: &Value, address: &str, key: Option<&str>) -> Answer {
    let mut headers = vec![("x-forwarded-for", address)];
    if let Some(key) = key {
        headers.push(("idempotency-key", key));
    }
    request(
        port,
        "POST",
        "/api/v1/complaints",
        &headers,
        &body.to_string(),
        || {},
    )
    .expect("an answer")
}

fn get(port: u16, path: &str, cookie: Option<&str>) -> Answer {
    let headers: Vec<(&str, &str)> = cookie.map(|c| ("cookie", c)).into_iter().collect();
    request(port, "GET", path, &headers, "", || {}).expect("an answer")
}

/// A staff session: the cookie and the CSRF token.
struct Session {
    cookie: String,
    csrf: String,
}

impl Session {
    fn post(&self, port: u16, path: &str, body: &Value) -> Answer {
        request(
            port,
            "POST",
            path,
            &[("cookie", &self.cookie), ("x-csrf-token", &self.csrf)],
            &body.to_string(),
            || {},
        )
        .expect("an answer")
    }
}

fn sign_in(port: u16, username: &str) -> Session {
    let answer = request(
        port,
        "POST",
        "/api/v1/staff/login",
        &[],
        &json!({ "username": username, "password": PASSWORD }).to_string(),
        || {},
    )
    .expect("an answer");
    assert_eq!(answer.status, 200, "{}", answer.body);
    Session {
        cookie: answer
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_owned(),
        csrf: answer.json()["csrf_token"]
            .as_str()
            .expect("a CSRF token")
            .to_owned(),
    }
}

#[test]
fn two_instances_on_one_database_lose_nothing_duplicate_nothing_and_keep_one_log_chain() {
    let db = Database::create();
    let (seeded, said) = run(&["seed", "--database", &db.url, "--penalties", "50"]);
    assert!(seeded, "{said}");
    let (added, said) = user_add(
        &db.url,
        &[
            "--username",
            "nankeng.pub",
            "--display-name",
            "南坑发布员",
            "--role",
            "publisher",
            "--district",
            "350602",
            "--authority",
            "xc-nankeng",
        ],
        PASSWORD,
    );
    assert!(added, "{said}");
    let limits = [
        "--trust-forwarded-for",
        "--complaints-per-hour",
        "3",
        "--complaints-per-day",
        "100",
    ];
    let a = crate::process::free_port();
    let b = std::iter::repeat_with(crate::process::free_port)
        .find(|b| *b != a)
        .expect("a second free port");
    let _servers = (
        Server(start(&db.url, a, &limits)),
        Server(start(&db.url, b, &limits)),
    );
    let log_before = get(a, "/api/v1/log/verify", None).json()["verified"]["entries"]
        .as_u64()
        .expect("an intact log");

    // A session opened on one instance works on the other.
    let publisher = sign_in(a, "nankeng.pub");
    let me = get(b, "/api/v1/staff/me", Some(&publisher.cookie));
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.json()["csrf_token"], publisher.csrf.as_str());

    // At once: four citizens' streams of tips (two to each instance, every tip from its own
    // address) and two publishers' streams of records (one to each).
    const TIPS: usize = 10;
    const RECORDS: usize = 6;
    let tips: Vec<_> = (0..4_usize)
        .map(|t| {
            let port = if t < 2 { a } else { b };
            std::thread::spawn(move || {
                (0..TIPS)
                    .map(|n| {
                        let answer = file(port, t * 100 + n, &format!("10.0.{t}.{n}"), None);
                        assert_eq!(answer.status, 201, "{}", answer.body);
                        answer.json()["code"]
                            .as_str()
                            .expect("a tracking code")
                            .to_owned()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let records: Vec<_> = [a, b]
        .into_iter()
        .enumerate()
        .map(|(p, port)| {
            let session = Session {
                cookie: publisher.cookie.clone(),
                csrf: publisher.csrf.clone(),
            };
            std::thread::spawn(move || {
                (0..RECORDS)
                    .map(|n| {
                        let number = format!("芗南综执罚[2026]第{}号", 9100 + p * 100 + n);
                        let answer = session.post(
                            port,
                            "/api/v1/staff/penalties",
                            &json!({ "fields": person_record(&number) }),
                        );
                        assert_eq!(answer.status, 201, "{}", answer.body);
                        let written = answer.json();
                        (
                            written["id"].as_u64().expect("an id"),
                            written["log_seq"].as_u64().expect("a log entry"),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let codes: Vec<String> = tips
        .into_iter()
        .flat_map(|t| t.join().expect("a tip stream ends"))
        .collect();
    let written: Vec<(u64, u64)> = records
        .into_iter()
        .flat_map(|r| r.join().expect("a record stream ends"))
        .collect();

    // Nothing duplicated: every tracking code, record id and log entry is distinct.
    let distinct: HashSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 4 * TIPS, "tracking codes are unique");
    let ids: HashSet<u64> = written.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 2 * RECORDS, "record ids are unique");
    let mut seqs: Vec<u64> = written.iter().map(|(_, seq)| *seq).collect();
    seqs.sort_unstable();
    let expected: Vec<u64> = (log_before + 1..=log_before + 2 * RECORDS as u64).collect();
    assert_eq!(
        seqs, expected,
        "every record has its own entry, one after another"
    );

    // Nothing lost: each instance finds every tip and every record.
    for port in [a, b] {
        for code in &codes {
            let tracked = get(port, &format!("/api/v1/complaints/{code}"), None);
            assert_eq!(tracked.status, 200, "{code} on {port}: {}", tracked.body);
        }
        for id in &ids {
            let page = get(port, &format!("/api/v1/penalties/{id}"), None);
            assert_eq!(page.status, 200, "record {id} on {port}: {}", page.body);
            assert_eq!(page.json()["status"], "public");
        }
        // Not forked: one chain, recomputed by either instance.
        let verified = get(port, "/api/v1/log/verify", None).json();
        assert_eq!(verified["intact"], true, "{verified}");
        assert_eq!(
            verified["verified"]["entries"],
            log_before + 2 * RECORDS as u64
        );
    }

    // An Idempotency-Key sent to one instance and retried on the other files once.
    let body = json!({ "form": tip(900), "altcha": solve(a).expect("solved") });
    let first = send_tip(a, &body, "10.1.0.1", Some("retry-across-instances"));
    assert_eq!(first.status, 201, "{}", first.body);
    let retried = send_tip(b, &body, "10.1.0.1", Some("retry-across-instances"));
    assert!(retried.status < 300, "{}", retried.body);
    assert_eq!(retried.json()["code"], first.json()["code"]);

    // A proof-of-work solution spent on one instance is refused by the other.
    let altcha = solve(a).expect("solved");
    let spent = send_tip(
        a,
        &json!({ "form": tip(901), "altcha": altcha }),
        "10.1.0.2",
        None,
    );
    assert_eq!(spent.status, 201, "{}", spent.body);
    let replayed = send_tip(
        b,
        &json!({ "form": tip(902), "altcha": altcha }),
        "10.1.0.3",
        None,
    );
    assert_eq!(replayed.status, 400, "{}", replayed.body);
    assert_eq!(replayed.json()["error"]["code"], "challenge_failed");

    // The hourly limit (3 here) counts an address's tips on every instance.
    for (n, port) in [a, b, a].into_iter().enumerate() {
        let answer = file(port, 910 + n, "203.0.113.7", None);
        assert_eq!(answer.status, 201, "tip {n}: {}", answer.body);
    }
    let over = file(b, 913, "203.0.113.7", None);
    assert_eq!(over.status, 429, "{}", over.body);

    // Signing out on one instance ends the session on the other.
    let out = publisher.post(b, "/api/v1/staff/logout", &json!({}));
    assert!(out.status < 300, "{}", out.body);
    assert_eq!(
        get(a, "/api/v1/staff/me", Some(&publisher.cookie)).status,
        401
    );
}
