//! Chinese search answers the same on PostgreSQL as on SQLite: the same demo decisions in both,
//! then hundreds of queries cut from their public texts — 1 to 5 characters from the decision
//! number, the party as published and the facts, ASCII in lower case, digits, two words, words
//! across a field's end, no match — each compared by total and by the records on its first page.

use crate::complaints::settings;
use crate::helpers::{DEMO_PENALTIES, TestApp};
use crate::postgres::{Database, Template};
use serde_json::Value;
use std::collections::BTreeSet;

/// Query strings cut from a record's public texts, deterministically.
fn cuts(texts: &[String], into: &mut BTreeSet<String>) {
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for len in 1..=5 {
            for start in [
                0,
                chars.len() / 3,
                chars.len() / 2,
                chars.len().saturating_sub(len),
            ] {
                if start + len <= chars.len() {
                    into.insert(chars[start..start + len].iter().collect());
                }
            }
        }
    }
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn ids(page: &Value) -> Vec<u64> {
    page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_u64()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_query_finds_the_same_records_on_postgres_as_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sqlite = TestApp::open(
        &format!("sqlite://{}", dir.path().join("parity.db").display()),
        settings(),
    )
    .await;
    gongshi_server::demo::load_demo(
        sqlite.store.as_ref(),
        DEMO_PENALTIES,
        gongshi_server::today(),
        &|_, _| {},
    )
    .await
    .expect("the demo data is stored");
    let pg_db = Database::from(Template::Demo).await;
    let postgres = TestApp::open(&pg_db.url, settings()).await;

    let mut queries = BTreeSet::new();
    let (_, _, listed) = sqlite.get("/api/v1/penalties?limit=40").await;
    for id in ids(&listed) {
        let (_, _, page) = sqlite.get(&format!("/api/v1/penalties/{id}")).await;
        let record = &page["record"];
        let texts: Vec<String> = [
            &record["decision_number"],
            &record["party"]["name"],
            &record["party"]["credit_code"],
            &record["facts"],
        ]
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
        cuts(&texts, &mut queries);
        if let Some(code) = record["party"]["credit_code"].as_str() {
            queries.insert(code[2..8].to_lowercase());
        }
        // The end of the decision number and the start of the party's name: two fields, one
        // string (a phrase that runs across fields is not a substring of either).
        if let (Some(number), Some(party)) = (
            record["decision_number"].as_str(),
            record["party"]["name"].as_str(),
        ) {
            let tail: String = number.chars().rev().take(1).collect();
            let head: String = party.chars().take(1).collect();
            queries.insert(format!("{tail}{head}"));
        }
    }
    for extra in [
        "罚款 店",
        "占道 经营",
        "２０２",
        "无此内容的查询词语",
        "〔",
        "执罚",
    ] {
        queries.insert(extra.to_owned());
    }
    assert!(queries.len() > 300, "{} queries", queries.len());

    let mut compared = 0;
    for q in &queries {
        let path = format!("/api/v1/penalties?q={}&limit=50", encode(q));
        let (a_status, _, a) = sqlite.get(&path).await;
        let (b_status, _, b) = postgres.get(&path).await;
        assert_eq!(a_status, b_status, "{q:?}: {a} / {b}");
        assert_eq!(a["total"], b["total"], "{q:?}: the same total");
        assert_eq!(
            ids(&a),
            ids(&b),
            "{q:?}: the same records in the same order"
        );
        compared += 1;
    }
    assert_eq!(compared, queries.len());
}
