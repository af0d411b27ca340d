//! `GET /api/v1/districts` and `/districts/{code}`: the list and its keyset paging, each demo
//! district's organisation as the seed files describe it, and the 400s and 404s around them.

use crate::helpers::{TestApp, assert_error, ids};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::collections::BTreeSet;

#[tokio::test]
async fn lists_both_demo_districts_by_code() {
    let app = TestApp::spawn().await;
    let (status, _, body) = app.get("/api/v1/districts").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&body, "code"), ["310105", "350602"]);
    assert!(body.get("next").is_none(), "one page holds both: {body}");
    insta::assert_json_snapshot!("districts", body);
}

#[tokio::test]
async fn limit_one_walks_both_districts_with_the_next_cursor() {
    let app = TestApp::spawn().await;
    let mut seen = Vec::new();
    let mut url = "/api/v1/districts?limit=1".to_owned();
    for _ in 0..5 {
        let (status, _, page) = app.get(&url).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        let codes = ids(&page, "code");
        assert_eq!(codes.len(), 1, "{url}: one item per page: {page}");
        seen.extend(codes);
        match page["next"].as_str() {
            Some(next) => url = format!("/api/v1/districts?limit=1&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["310105", "350602"], "every district once, in order");
}

#[tokio::test]
async fn bad_list_parameters_are_400_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let not_a_code = format!("cursor={}", URL_SAFE_NO_PAD.encode("xc-nankeng"));
    let cases = [
        ("limit=0", "limit", "an empty page is not a page"),
        ("limit=201", "limit", "above the maximum of 200"),
        ("limit=abc", "limit", "not a number"),
        ("limit=-1", "limit", "negative"),
        ("limit=", "limit", "empty"),
        ("cursor=!!!", "cursor", "not base64url"),
        (
            "cursor=garbage",
            "cursor",
            "decodes to bytes that are no district code",
        ),
        (
            not_a_code.as_str(),
            "cursor",
            "well-encoded, but a locality id",
        ),
        ("limit=1&limit=2", "query", "the same parameter twice"),
    ];
    for (query, field, why) in cases {
        let res = app.get(&format!("/api/v1/districts?{query}")).await;
        assert_error(
            res,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some(field),
            why,
        );
    }
}

/// The zones of a district view as `name → (centre name, lead department short name)`.
fn zone_plan(view: &Value) -> Vec<(String, String, String)> {
    let zones = view["zones"].as_array().expect("zones is a list");
    let mut plan: Vec<_> = zones
        .iter()
        .map(|z| {
            let text = |v: &Value| v.as_str().expect("a string").to_owned();
            (
                text(&z["name"]),
                text(&z["centre"]["name"]),
                text(&z["lead"]["department"]["short_name"]),
            )
        })
        .collect();
    plan.sort();
    plan
}

#[tokio::test]
async fn xiangcheng_has_the_three_zones_of_its_plan() {
    let app = TestApp::spawn().await;
    let (status, _, view) = app.get("/api/v1/districts/350602").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("district_350602", view);

    let expected = [
        ("东部片区", "南坑街道", "区住建局"),
        ("中部片区", "芝山街道", "区城管执法局"),
        ("西部片区", "石亭街道", "区自然资源局"),
    ];
    let mut expected: Vec<_> = expected
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(zone_plan(&view), expected);

    for zone in view["zones"].as_array().expect("zones is a list") {
        assert_eq!(
            zone["members"][0], zone["centre"],
            "the centre is listed first in {}",
            zone["name"]
        );
    }
    let members: usize = view["zones"]
        .as_array()
        .expect("zones is a list")
        .iter()
        .map(|z| z["members"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(members, 10, "every locality is in exactly one zone");
    assert_eq!(view["unzoned"], serde_json::json!([]));
    assert_eq!(view["special_areas"], serde_json::json!([]));
    assert_eq!(
        view["teams"],
        serde_json::json!([]),
        "no district-level teams"
    );
    assert_eq!(view["bureau"]["short_name"], "区城管执法局");
    assert_eq!(view["district"]["demo"], true, "demo data is marked");
    assert_eq!(view["district"]["zone_count"], 3);
    assert_eq!(view["district"]["locality_count"], 10);
    let bureaus: Vec<_> = view["departments"]
        .as_array()
        .expect("departments is a list")
        .iter()
        .filter(|d| d["is_bureau"] == true)
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(
        bureaus,
        [view["bureau"]["id"].clone()],
        "exactly one bureau"
    );
}

#[tokio::test]
async fn changning_has_a_mobile_and_a_special_area_team_and_no_zones() {
    let app = TestApp::spawn().await;
    let (status, _, view) = app.get("/api/v1/districts/310105").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("district_310105", view);

    let teams = view["teams"].as_array().expect("teams is a list");
    let kinds: BTreeSet<_> = teams.iter().filter_map(|t| t["kind"].as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["mobile", "special_area"]));
    assert_eq!(teams.len(), 2);
    for team in teams {
        assert_eq!(
            team["authority"]["id"], "cn-cgzf",
            "district teams act in the bureau's name"
        );
        let area = &team["area"];
        match team["kind"].as_str() {
            Some("mobile") => assert!(area.is_null(), "the mobile team covers the district"),
            _ => assert_eq!(area["id"], "cn-linkong"),
        }
    }
    let special: Vec<_> = view["special_areas"]
        .as_array()
        .expect("special_areas is a list")
        .iter()
        .map(|l| l["name"].clone())
        .collect();
    assert_eq!(special, ["虹桥临空经济园区"]);
    assert_eq!(
        view["unzoned"].as_array().map(Vec::len),
        Some(10),
        "nine subdistricts and one town"
    );
    assert_eq!(view["zones"], serde_json::json!([]));
    assert_eq!(view["district"]["zone_count"], 0);
    assert_eq!(view["district"]["locality_count"], 11);
    assert!(
        view["district"]["city"].is_null(),
        "Shanghai has no city level"
    );
}

#[tokio::test]
async fn an_unknown_district_is_404() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/districts/110101").await;
    assert_error(
        res,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        "东城区 is a real code without data",
    );
}

#[tokio::test]
async fn a_malformed_district_code_is_400() {
    let app = TestApp::spawn().await;
    let cases = [
        ("35060", "five digits"),
        ("3506021", "seven digits"),
        ("abcdef", "letters"),
        ("350600", "a city (漳州市), not a district"),
        ("350000", "a province"),
        ("990602", "no province has prefix 99"),
        (
            "%EF%BC%93%EF%BC%95%EF%BC%90%EF%BC%96%EF%BC%90%EF%BC%92",
            "full-width digits ３５０６０２",
        ),
    ];
    for (code, why) in cases {
        let res = app.get(&format!("/api/v1/districts/{code}")).await;
        assert_error(
            res,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("code"),
            why,
        );
    }
}
