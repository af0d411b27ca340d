//! A read replica (`--read-replica`): a real hot standby streaming from the primary. Public reads
//! go to it and may lag; writes, the staff side and sign-ins stay on the primary; readiness needs
//! both. Runs on PostgreSQL servers of the test's own whichever store the rest of the suite uses.

use crate::complaints::settings;
use crate::helpers::TestApp;
use crate::postgres::Server;
use crate::publishing::{person_record, sign_in};
use axum::http::{Method, StatusCode};
use gongshi_domain::staff::Role;
use gongshi_server::store;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn public_reads_go_to_the_replica_and_everything_else_to_the_primary() {
    let primary = Server::own();
    primary.sql("postgres", "CREATE DATABASE gongshi");
    let loaded = store::open(&primary.url("gongshi"))
        .await
        .expect("the primary opens and migrates");
    gongshi_server::demo::load_demo(loaded.as_ref(), 200, gongshi_server::today(), &|_, _| {})
        .await
        .expect("the demo data is stored");
    drop(loaded);
    let standby = primary.standby();
    let app = TestApp::open_with(
        &store::Options {
            url: primary.url("gongshi"),
            read_replica: Some(standby.url("gongshi")),
            connections: 4,
        },
        settings(),
    )
    .await;
    assert_eq!(app.get("/api/v1/health/ready").await.0, StatusCode::OK);

    // With the standby's replay paused, a publication is on the primary only: its publisher sees
    // it at once, the public does not yet.
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let (_, _, before) = app.get("/api/v1/penalties?district=350602").await;
    standby.sql("gongshi", "SELECT pg_wal_replay_pause()");
    let (status, _, written) = publisher
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/penalties",
            &json!({ "fields": person_record("芗南综执罚[2026]第9501号") }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    let id = written["id"].as_u64().expect("an id");
    let (status, _, staff) = publisher
        .get(&app, &format!("/api/v1/staff/penalties/{id}"))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the staff side reads the primary: {staff}"
    );
    let (status, _, _) = app.get(&format!("/api/v1/penalties/{id}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the replica has not replayed it"
    );
    let (_, _, during) = app.get("/api/v1/penalties?district=350602").await;
    assert_eq!(
        during["total"], before["total"],
        "the public list is the replica's"
    );

    // Replay resumes: the public sees it within moments.
    standby.sql("gongshi", "SELECT pg_wal_replay_resume()");
    let started = Instant::now();
    loop {
        let (status, _, page) = app.get(&format!("/api/v1/penalties/{id}")).await;
        if status == StatusCode::OK {
            assert_eq!(page["status"], "public");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the replica caught up within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (_, _, after) = app.get("/api/v1/penalties?district=350602").await;
    assert_eq!(
        after["total"].as_u64(),
        before["total"].as_u64().map(|n| n + 1)
    );

    // Without the replica the instance is not ready (the balancer sends its readers elsewhere),
    // yet alive, and the staff side still works.
    standby.stop();
    assert_eq!(
        app.get("/api/v1/health/ready").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.get("/api/v1/health/live").await.0, StatusCode::OK);
    let (status, _, _) = publisher
        .get(&app, &format!("/api/v1/staff/penalties/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    primary.stop();
}
