//! Catalog rounds from the staff side: an admin records a round that delegates a matter to a
//! locality again (it was revoked in 2024); "who may enforce" answers by it from its date, and the log keeps it.

use crate::helpers::{TestApp, assert_error};
use crate::publishing::sign_in;
use axum::http::{Method, StatusCode};
use gongshi_domain::staff::Role;
use serde_json::json;

const ROAD: &str = "350602001F004200";

#[tokio::test]
async fn an_admin_records_a_round_and_who_may_enforce_follows_it_from_its_date() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let today = gongshi_server::today();
    let effective = today + time::Duration::days(30);
    let who = |date: time::Date| {
        format!("/api/v1/jurisdiction?matter={ROAD}&locality=xc-nankeng&date={date}")
    };
    let (_, _, before) = app.get(&who(effective)).await;
    assert_eq!(before["authority"]["id"], "xc-cgzf", "{before}");

    let round = json!({
        "document": "芗政文〔2026〕88号",
        "effective": effective.to_string(),
        "acts": [{ "act": "delegate", "localities": ["xc-nankeng"], "matters": [ROAD] }],
    });
    assert_error(
        publisher
            .json(&app, Method::POST, "/api/v1/staff/catalog/rounds", &round)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
        "a publisher records no round",
    );
    let mut wrong = round.clone();
    wrong["acts"][0]["matters"] = json!(["350602001F999999", "350602001F000100"]);
    wrong["acts"][0]["localities"] = json!(["xc-nankeng", "xc-tongbei"]);
    let refused = admin
        .json(&app, Method::POST, "/api/v1/staff/catalog/rounds", &wrong)
        .await;
    assert_eq!(refused.0, StatusCode::BAD_REQUEST, "{}", refused.2);
    assert_eq!(refused.2["error"]["code"], "invalid_parameter");
    assert_eq!(refused.2["error"]["field"], "acts");
    // Each problem by matter and locality, so the page says it in the reader's language.
    assert_eq!(
        refused.2["error"]["round"],
        json!([
            { "locality": "xc-nankeng", "matter": "350602001F999999", "problem": "unknown_matter" },
            { "locality": "xc-nankeng", "matter": "350602001F000100", "problem": "already_delegated" },
            { "locality": "xc-tongbei", "matter": "350602001F999999", "problem": "unknown_matter" },
            { "locality": "xc-tongbei", "matter": "350602001F000100", "problem": "already_delegated" },
        ])
    );
    let (status, _, logged) = admin
        .json(&app, Method::POST, "/api/v1/staff/catalog/rounds", &round)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{logged}");
    assert_eq!(logged["log_seq"], 1);

    // Before its date nothing changes; from it the street enforces the matter in its own name.
    let (_, _, now) = app.get(&who(today)).await;
    assert_eq!(now["authority"]["id"], "xc-cgzf");
    let (_, _, after) = app.get(&who(effective)).await;
    assert_eq!(after["authority"]["id"], "xc-nankeng", "{after}");

    // Recorded once, in date order.
    assert_error(
        admin
            .json(&app, Method::POST, "/api/v1/staff/catalog/rounds", &round)
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("document"),
        "the same document again",
    );
    let mut earlier = round.clone();
    earlier["document"] = json!("芗政文〔2026〕89号");
    earlier["effective"] = json!(today.to_string());
    let refused = admin
        .json(&app, Method::POST, "/api/v1/staff/catalog/rounds", &earlier)
        .await;
    assert_eq!(refused.0, StatusCode::BAD_REQUEST, "{}", refused.2);
    assert_eq!(refused.2["error"]["code"], "invalid_parameter");
    assert_eq!(refused.2["error"]["field"], "effective");
    // The date it may not precede, for the page to say in the reader's language.
    assert_eq!(
        refused.2["error"]["latest"],
        json!(effective.to_string()),
        "{}",
        refused.2
    );

    let (_, _, entry) = app
        .get("/api/v1/log?subject=catalog:350602:%E8%8A%97%E6%94%BF%E6%96%87%E3%80%942026%E3%80%9588%E5%8F%B7")
        .await;
    assert_eq!(
        entry["items"][0]["change"]["action"], "catalog_round",
        "{entry}"
    );
    assert_eq!(entry["items"][0]["content"]["acts"][0]["act"], "delegate");
    assert_eq!(entry["items"][0]["change"]["unit"], "350602");
}
