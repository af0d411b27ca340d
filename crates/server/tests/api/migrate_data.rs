//! `gongshi migrate-data`: a SQLite deployment with records published, corrected and withdrawn,
//! complaints filed and answered, and accounts, copied into a new PostgreSQL database. Every
//! public answer is the same afterwards, the accounts sign in, the change log continues, new
//! complaints get new ids; a second copy into the same database, and a copy of an empty file (a
//! mistyped `--from`), are refused.

use crate::complaints::{form, settings, submit, with_solution};
use crate::helpers::TestApp;
use crate::postgres::Database;
use crate::process::run;
use crate::publishing::{PASSWORD, person_record, sign_in};
use axum::http::{Method, StatusCode};
use gongshi_domain::staff::Role;
use serde_json::json;

#[tokio::test]
async fn a_sqlite_deployment_is_copied_into_postgres_and_answers_the_same() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sqlite = format!("sqlite://{}", dir.path().join("old.db").display());
    let (seeded, said) = run(&["seed", "--database", &sqlite, "--penalties", "300"]);
    assert!(seeded, "{said}");

    // What a year of use leaves behind: published, corrected and withdrawn records with their log
    // entries, a complaint with a reply, accounts and a session.
    let old = TestApp::open(&sqlite, settings()).await;
    let publisher = sign_in(&old, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let (status, _, written) = publisher
            .json(
                &old,
                Method::POST,
                "/api/v1/staff/penalties",
                &json!({ "fields": person_record(&format!("芗南综执罚[2026]第{}号", 9300 + n)) }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{written}");
        ids.push(written["id"].as_u64().expect("an id"));
    }
    let (status, _, withdrawn) = publisher
        .json(
            &old,
            Method::POST,
            &format!("/api/v1/staff/penalties/{}/withdraw", ids[2]),
            &json!({ "reason": "revoked", "explanation": "经复议，芗城区人民政府撤销原处罚决定" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    let (status, _, filed) = submit(&old, &with_solution(&old, form()).await, None).await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");
    let code = filed["code"].as_str().expect("a tracking code").to_owned();
    let handler = sign_in(&old, "tongbei.handler", Role::Handler, Some("xc-tongbei")).await;
    let case = format!("/api/v1/staff/complaints/{code}");
    let (status, _, accepted) = handler
        .json(
            &old,
            Method::POST,
            &format!("{case}/status"),
            &json!({ "status": "accepted" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let (status, _, replied) = handler
        .json(
            &old,
            Method::POST,
            &format!("{case}/reply"),
            &json!({ "text": "已安排执法队员夜间巡查。" }),
        )
        .await;
    assert!(status.is_success(), "{replied}");

    let pg = Database::create();
    let (copied, said) = run(&["migrate-data", "--from", &sqlite, "--to", &pg.url]);
    assert!(copied, "{said}");
    assert!(said.contains("copied and checked"), "{said}");

    let new = TestApp::open(&pg.url, settings()).await;
    let paths = [
        "/api/v1/districts".to_owned(),
        "/api/v1/districts/350602".to_owned(),
        "/api/v1/localities?district=350602".to_owned(),
        "/api/v1/matters?district=350602&q=%E5%8D%A0%E9%81%93".to_owned(),
        "/api/v1/officers?district=350602".to_owned(),
        "/api/v1/penalties?district=350602".to_owned(),
        "/api/v1/penalties?district=350602&sort=fine_desc".to_owned(),
        "/api/v1/penalties?q=%E5%BE%81".to_owned(),
        "/api/v1/penalties?q=%E7%AC%AC9301%E5%8F%B7".to_owned(),
        "/api/v1/penalties/stats?district=350602".to_owned(),
        format!("/api/v1/penalties/{}", ids[0]),
        format!("/api/v1/penalties/{}", ids[2]),
        "/api/v1/log".to_owned(),
        format!("/api/v1/log?subject=penalty:{}", ids[2]),
        "/api/v1/log/verify".to_owned(),
        format!("/api/v1/complaints/{code}"),
    ];
    for path in &paths {
        let (before, _, expected) = old.get(path).await;
        let (after, _, got) = new.get(path).await;
        assert_eq!(before, StatusCode::OK, "{path} on SQLite: {expected}");
        assert_eq!(after, before, "{path}: {got}");
        assert_eq!(got, expected, "{path} answers the same");
    }

    // The accounts and their passwords came along; the log goes on from where it was; PostgreSQL
    // numbers new complaints after the copied ones.
    let again = sign_in_existing(&new, "nankeng.pub").await;
    assert_eq!(again, StatusCode::OK);
    let before = new.get("/api/v1/log/verify").await.2["verified"]["entries"].clone();
    let publisher = sign_in(&new, "nankeng.pub2", Role::Publisher, Some("xc-nankeng")).await;
    let (status, _, written) = publisher
        .json(
            &new,
            Method::POST,
            "/api/v1/staff/penalties",
            &json!({ "fields": person_record("芗南综执罚[2026]第9399号") }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    assert_eq!(written["log_seq"], before.as_u64().expect("entries") + 1);
    assert_eq!(new.get("/api/v1/log/verify").await.2["intact"], true);
    let (status, _, filed) = submit(&new, &with_solution(&new, form()).await, None).await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");

    let (refused, said) = run(&["migrate-data", "--from", &sqlite, "--to", &pg.url]);
    assert!(
        !refused,
        "a second copy into a database with data is refused"
    );
    assert!(said.contains("already holds data"), "{said}");

    let mistyped = format!("sqlite://{}", dir.path().join("olld.db").display());
    let empty = Database::create();
    let (refused, said) = run(&["migrate-data", "--from", &mistyped, "--to", &empty.url]);
    assert!(!refused, "a SQLite file without data is not copied");
    assert!(said.contains("nothing to copy"), "{said}");
}

async fn sign_in_existing(app: &TestApp, username: &str) -> StatusCode {
    app.with_body(
        Method::POST,
        "/api/v1/staff/login",
        &[
            ("content-type", "application/json"),
            ("host", "127.0.0.1:9000"),
        ],
        serde_json::to_vec(&json!({ "username": username, "password": PASSWORD })).expect("JSON"),
    )
    .await
    .0
}
