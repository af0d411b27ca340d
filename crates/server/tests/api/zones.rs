//! `GET /api/v1/zones/{id}`: a zone with its centre first, and the 400s and 404s around it.

use crate::helpers::{TestApp, assert_error};
use axum::http::StatusCode;

#[tokio::test]
async fn the_east_zone_lists_its_centre_first() {
    let app = TestApp::spawn().await;
    let (status, _, zone) = app.get("/api/v1/zones/xc-east").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("zone_xc_east", zone);

    let members: Vec<_> = zone["members"]
        .as_array()
        .expect("members is a list")
        .iter()
        .map(|m| {
            (
                m["locality"]["id"].as_str().unwrap_or_default(),
                m["is_centre"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        members,
        [
            ("xc-nankeng", true),
            ("xc-xinqiao", false),
            ("xc-xiangkou", false)
        ],
        "the centre 南坑 first, then as the plan lists them (新桥, 巷口)"
    );
    assert_eq!(zone["name"], "东部片区");
    assert_eq!(zone["district"]["code"], "350602");
    assert_eq!(zone["lead"]["department"]["short_name"], "区住建局");
    assert!(
        zone["members"]
            .as_array()
            .expect("members is a list")
            .iter()
            .all(|m| m["deputy_lead"].is_string()),
        "every member names a deputy lead"
    );
}

#[tokio::test]
async fn every_zone_of_a_district_page_has_its_own_page() {
    let app = TestApp::spawn().await;
    let (_, _, district) = app.get("/api/v1/districts/350602").await;
    for summary in district["zones"].as_array().expect("zones is a list") {
        let id = summary["id"].as_str().expect("a zone id");
        let (status, _, zone) = app.get(&format!("/api/v1/zones/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        assert_eq!(zone["name"], summary["name"], "{id}");
        assert_eq!(zone["lead"], summary["lead"], "{id}");
        let members: Vec<_> = zone["members"]
            .as_array()
            .expect("members is a list")
            .iter()
            .map(|m| m["locality"].clone())
            .collect();
        assert_eq!(
            &serde_json::Value::from(members),
            &summary["members"],
            "{id}: the same members in the same order"
        );
    }
}

#[tokio::test]
async fn unknown_and_malformed_zone_ids() {
    let app = TestApp::spawn().await;
    let not_found = [
        ("xc-north", "no such zone"),
        ("xc-nankeng", "a locality id, not a zone id"),
        ("350602", "a district code, not a zone id"),
    ];
    for (id, why) in not_found {
        let res = app.get(&format!("/api/v1/zones/{id}")).await;
        assert_error(res, StatusCode::NOT_FOUND, "not_found", None, why);
    }
    let long = "a".repeat(65);
    let malformed = [
        ("Bad%20Id", "upper case and a space"),
        ("XC-EAST", "upper case"),
        ("-east", "leading hyphen"),
        ("xc--east", "doubled hyphen"),
        ("xc_east", "underscore"),
        ("%E4%B8%9C%E9%83%A8", "not ASCII (东部)"),
        (long.as_str(), "longer than 64 characters"),
    ];
    for (id, why) in malformed {
        let res = app.get(&format!("/api/v1/zones/{id}")).await;
        assert_error(
            res,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("id"),
            why,
        );
    }
}
