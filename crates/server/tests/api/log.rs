//! `GET /api/v1/log`, `GET /api/v1/log/verify` and `gongshi log verify`: the public change log
//! pages in order, verifies, and tells exactly where a row altered in the database breaks it.

use crate::helpers::TestApp;
use axum::http::StatusCode;
use gongshi_domain::log::{LogAction, LogChange};
use serde_json::json;

fn content(n: u64) -> serde_json::Value {
    json!({
        "decision_no": format!("芗南综执罚〔2026〕{n}号"),
        "fine_fen": n * 10_000,
        "party": "漳州市某某餐饮有限公司",
    })
}

fn change(n: u64, subject: &str) -> LogChange {
    LogChange::new(
        LogAction::CertificateStatusChanged,
        subject.to_owned(),
        "xc-nankeng".to_owned(),
        time::macros::datetime!(2026-11-24 08:00 UTC),
        &content(n),
    )
}

#[tokio::test]
async fn the_log_pages_in_order_verifies_and_names_the_row_altered_behind_its_back() {
    let app = TestApp::empty(None).await;
    let (status, _, v) = app.get("/api/v1/log/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["intact"], true, "an empty log is intact: {v}");
    assert_eq!(v["verified"]["entries"], 0);

    for n in 1..=5 {
        let subject = if n % 2 == 0 { "officer:2" } else { "officer:1" };
        let e = app
            .store
            .append_log(&change(n, subject), &content(n))
            .await
            .expect("appended");
        assert_eq!(e.seq, n);
    }

    // Pages, oldest first, each entry naming the one before.
    let (status, _, first) = app.get("/api/v1/log?limit=2").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(first["items"][0]["prev"], "0".repeat(64));
    assert_eq!(first["items"][1]["prev"], first["items"][0]["hash"]);
    let next = first["next"].as_str().expect("a next page");
    let (_, _, rest) = app.get(&format!("/api/v1/log?cursor={next}")).await;
    assert_eq!(rest["items"][0]["seq"], 3);
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(3));
    assert!(rest.get("next").is_none());
    // One record's history.
    let (_, _, history) = app.get("/api/v1/log?subject=officer:2").await;
    let seqs: Vec<u64> = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["seq"].as_u64())
        .collect();
    assert_eq!(seqs, [2, 4]);
    assert_eq!(history["items"][0]["content"], content(2));
    assert_eq!(
        app.get("/api/v1/log?cursor=abc").await.0,
        StatusCode::BAD_REQUEST
    );

    let (_, _, v) = app.get("/api/v1/log/verify").await;
    assert_eq!(v["intact"], true, "{v}");
    assert_eq!(v["verified"]["entries"], 5);
    let head = v["verified"]["head"].clone();
    assert_eq!(head, rest["items"][2]["hash"]);
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["log", "verify", "--database", &app.db_url])
        .output()
        .expect("gongshi runs");
    assert!(cli.status.success());
    assert!(
        String::from_utf8_lossy(&cli.stdout).contains("intact: 5 entries"),
        "{cli:?}"
    );

    // Someone with the database lowers a fine in place: the chain breaks at that entry.
    let pool = app.raw_db().await;
    sqlx::query("UPDATE public_log SET content = replace(content, '30000', '300') WHERE seq = 3")
        .execute(&pool)
        .await
        .expect("tampered");
    let (_, _, v) = app.get("/api/v1/log/verify").await;
    assert_eq!(v["intact"], false, "{v}");
    assert_eq!(v["break"], json!({ "problem": "altered", "seq": 3 }));
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["log", "verify", "--database", &app.db_url])
        .output()
        .expect("gongshi runs");
    assert_eq!(cli.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&cli.stderr).contains("entry 3 was altered"),
        "{cli:?}"
    );

    // Deleting an entry instead is a gap.
    sqlx::query("UPDATE public_log SET content = replace(content, '\"fine_fen\":300,', '\"fine_fen\":30000,') WHERE seq = 3")
        .execute(&pool)
        .await
        .expect("restored");
    assert_eq!(app.get("/api/v1/log/verify").await.2["intact"], true);
    // Changing the digest with the content does not help: the entry's own hash breaks.
    sqlx::query("UPDATE public_log SET change = replace(change, '\"digest\":\"', '\"digest\":\"0') WHERE seq = 4")
        .execute(&pool)
        .await
        .expect("tampered");
    assert_eq!(
        app.get("/api/v1/log/verify").await.2["break"],
        json!({ "problem": "altered", "seq": 4 })
    );
    sqlx::query("UPDATE public_log SET change = replace(change, '\"digest\":\"0', '\"digest\":\"') WHERE seq = 4")
        .execute(&pool)
        .await
        .expect("restored");
    assert_eq!(app.get("/api/v1/log/verify").await.2["intact"], true);
    sqlx::query("DELETE FROM public_log WHERE seq = 2")
        .execute(&pool)
        .await
        .expect("deleted");
    assert_eq!(
        app.get("/api/v1/log/verify").await.2["break"],
        json!({ "problem": "gap", "after": 1, "seq": 3 })
    );
}
