//! The roster endpoints: over a small hand-made roster of 芗城区 (so every expectation is exact)
//! for filters, paging, checks, zone rosters and authorization; over the whole demo roster for the
//! rule that nothing outside the public projection ever leaves the server.

use crate::helpers::{TestApp, assert_error, urlencode};
use axum::http::StatusCode;
use gongshi_domain::roster_dataset::RosterFile;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const ROAD: &str = "350602001F004200";
const HOUSING: &str = "350602002F000700";

fn issued(on: &str, until: &str) -> Value {
    json!({"event": "issued", "date": on, "valid_until": until})
}

fn certificate(number: &str, categories: Value, history: Value) -> Value {
    json!({"number": number, "issuer": "漳州市人民政府", "categories": categories, "area": "芗城区",
           "history": history})
}

fn personal(n: u32) -> Value {
    json!({"id_number": format!("99999919850302{n:04}"), "birth_date": "1985-03-02",
           "phone": format!("1990596{n:04}"), "home_address": format!("示例小区 {n} 幢")})
}

/// Six officers and one auxiliary:
/// - 闽TEST0001 林南坑: 南坑's team, urban management and housing, valid 2021–2026.
/// - 闽TEST0002 陈住建: 住建局, seconded to 南坑 from 2022-07-01.
/// - 闽TEST0003 王片区: 住建局, seconded to 中部片区 2023-01-01 to 2025-12-31.
/// - 闽TEST0004 张芝山: 芝山's team, revoked 2025-05-01 (调离执法岗位).
/// - 闽TEST0005 李城管: the bureau, suspended 2026-01-01.
/// - 闽TEST0006 赵新桥: 新桥's team, expired at the end of 2023.
fn roster() -> Value {
    let um = json!(["urban_management"]);
    let valid = json!([issued("2021-01-01", "2026-12-31")]);
    json!({
        "district": "350602",
        "officers": [
            {"id": "t-1", "name": "林南坑", "team": "xc-nankeng-team", "personal": personal(1),
             "certificate": certificate("闽TEST0001", json!(["urban_management", "housing_construction"]), valid.clone())},
            {"id": "t-2", "name": "陈住建", "department": "xc-zjj", "personal": personal(2),
             "secondments": [{"locality": "xc-nankeng", "from": "2022-07-01"}],
             "certificate": certificate("闽TEST0002", json!(["housing_construction"]), valid.clone())},
            {"id": "t-3", "name": "王片区", "department": "xc-zjj", "personal": personal(3),
             "secondments": [{"zone": "xc-central", "from": "2023-01-01", "until": "2025-12-31"}],
             "certificate": certificate("闽TEST0003", json!(["housing_construction"]), valid.clone())},
            {"id": "t-4", "name": "张芝山", "team": "xc-zhishan-team", "personal": personal(4),
             "certificate": certificate("闽TEST0004", um.clone(), json!([
                 issued("2021-01-01", "2026-12-31"),
                 {"event": "revoked", "date": "2025-05-01", "reason": "调离执法岗位"}]))},
            {"id": "t-5", "name": "李城管", "department": "xc-cgzf", "personal": personal(5),
             "certificate": certificate("闽TEST0005", um.clone(), json!([
                 issued("2021-01-01", "2026-12-31"),
                 {"event": "suspended", "date": "2026-01-01", "reason": "违反执法程序被投诉查实"}]))},
            {"id": "t-6", "name": "赵新桥", "team": "xc-xinqiao-team", "personal": personal(6),
             "certificate": certificate("闽TEST0006", um, json!([issued("2019-01-01", "2023-12-31")]))}
        ],
        "auxiliaries": [{"id": "t-a1", "name": "周辅助", "team": "xc-nankeng-team", "personal": personal(9)}]
    })
}

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    let file: RosterFile = serde_json::from_value(roster()).expect("the fixture parses");
    let org = gongshi_server::demo::demo()
        .expect("the demo organisation")
        .into_iter()
        .find(|o| o.district.code == file.district)
        .expect("芗城区");
    let district = file.district.clone();
    let (officers, auxiliaries) = file.into_roster(&org).expect("the fixture is consistent");
    app.store
        .replace_roster(&district, &officers, &auxiliaries)
        .await
        .expect("the roster stores");
    app
}

fn numbers(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| o["certificate"].as_str().unwrap_or_default())
        .collect()
}

async fn list(app: &TestApp, query: &str) -> Value {
    let (status, _, page) = app
        .get(&format!("/api/v1/officers?district=350602&{query}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page
}

#[tokio::test]
async fn filters_search_and_facets_on_a_date() {
    let app = app().await;
    let cases: [(&str, &[&str]); 16] = [
        (
            "date=2024-01-01",
            &[
                "闽TEST0001",
                "闽TEST0002",
                "闽TEST0003",
                "闽TEST0004",
                "闽TEST0005",
                "闽TEST0006",
            ],
        ),
        (
            "date=2024-01-01&status=valid",
            &[
                "闽TEST0001",
                "闽TEST0002",
                "闽TEST0003",
                "闽TEST0004",
                "闽TEST0005",
            ],
        ),
        ("date=2024-01-01&status=expired", &["闽TEST0006"]),
        ("date=2026-02-01&status=suspended", &["闽TEST0005"]),
        ("date=2026-02-01&status=revoked", &["闽TEST0004"]),
        (
            "date=2020-06-01&status=not_issued",
            &[
                "闽TEST0001",
                "闽TEST0002",
                "闽TEST0003",
                "闽TEST0004",
                "闽TEST0005",
            ],
        ),
        (
            "date=2024-01-01&seconded=true",
            &["闽TEST0002", "闽TEST0003"],
        ),
        ("date=2026-02-01&seconded=true", &["闽TEST0002"]),
        (
            "date=2024-01-01&locality=xc-nankeng",
            &["闽TEST0001", "闽TEST0002"],
        ),
        ("date=2024-01-01&locality=xc-tongbei", &["闽TEST0003"]),
        (
            "date=2024-01-01&zone=xc-central",
            &["闽TEST0003", "闽TEST0004"],
        ),
        (
            "date=2024-01-01&department=xc-zjj",
            &["闽TEST0002", "闽TEST0003"],
        ),
        (
            "date=2024-01-01&domain=housing_construction",
            &["闽TEST0001", "闽TEST0002", "闽TEST0003"],
        ),
        ("q=%E6%9E%97", &["闽TEST0001"]),
        ("q=test0005", &["闽TEST0005"]),
        (
            "q=%EF%BD%94%EF%BD%85%EF%BD%93%EF%BD%94%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%96",
            &["闽TEST0006"],
        ),
    ];
    for (query, expected) in cases {
        let page = list(&app, query).await;
        assert_eq!(numbers(&page), expected, "{query}");
        assert_eq!(page["total"], expected.len(), "{query}: total");
    }

    // Facets leave out their own filter: with status=valid the status facet still counts every
    // status, and the domain facet counts the valid certificates' categories.
    let page = list(&app, "date=2024-01-01&status=valid").await;
    assert_eq!(
        page["facets"],
        json!([
            {"field": "status", "counts": [{"value": "valid", "count": 5}, {"value": "expired", "count": 1}]},
            {"field": "domain", "counts": [{"value": "urban_management", "count": 3},
                                            {"value": "housing_construction", "count": 3}]}
        ])
    );
}

#[tokio::test]
async fn paging_walks_every_officer_once_in_number_order() {
    let app = app().await;
    let mut seen = Vec::new();
    let mut query = "limit=4".to_owned();
    loop {
        let page = list(&app, &query).await;
        seen.extend(numbers(&page).into_iter().map(str::to_owned));
        match page["next"].as_str() {
            Some(next) => query = format!("limit=4&cursor={next}"),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "in order, no repeats");
    assert_eq!(seen.len(), 6);
}

#[tokio::test]
async fn a_certificate_check_answers_with_the_status_on_the_date() {
    let app = app().await;
    let check = |n: &str, date: &str| format!("/api/v1/certificates/{}?date={date}", urlencode(n));

    let (status, _, body) = app.get(&check("闽TEST0001", "2024-01-01")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "林南坑");
    assert_eq!(
        body["status"],
        json!({"status": "valid", "since": "2021-01-01", "until": "2026-12-31"})
    );
    assert_eq!(body["unit"]["locality"]["id"], "xc-nankeng");

    // Typed on a phone: lower case and full-width.
    let (status, _, body) = app.get(&check("闽ｔｅｓｔ０００１", "2024-01-01")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["certificate"], "闽TEST0001");

    for (n, date, expected) in [
        (
            "闽TEST0004",
            "2025-05-01",
            json!({"status": "revoked", "since": "2025-05-01", "reason": "调离执法岗位"}),
        ),
        (
            "闽TEST0004",
            "2025-04-30",
            json!({"status": "valid", "since": "2021-01-01", "until": "2026-12-31"}),
        ),
        (
            "闽TEST0005",
            "2026-02-01",
            json!({"status": "suspended", "since": "2026-01-01", "reason": "违反执法程序被投诉查实"}),
        ),
        (
            "闽TEST0006",
            "2024-01-01",
            json!({"status": "expired", "since": "2024-01-01"}),
        ),
        ("闽TEST0006", "2018-12-31", json!({"status": "not_issued"})),
    ] {
        let (status, _, body) = app.get(&check(n, date)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["status"], expected, "{n} on {date}");
    }

    let secondment = app.get(&check("闽TEST0002", "2024-01-01")).await.2;
    assert_eq!(
        secondment["secondments"],
        json!([{"to": {"kind": "locality", "locality": {"id": "xc-nankeng", "name": "南坑街道", "kind": "subdistrict"}},
                "from": "2022-07-01", "until": null}])
    );

    assert_error(
        app.get(&check("闽TEST9999", "2024-01-01")).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        "an unknown number",
    );
    for bad in ["ab", "闽TEST%200001", "%3Cscript%3E1234", &"9".repeat(40)] {
        assert_error(
            app.get(&format!("/api/v1/certificates/{bad}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("number"),
            bad,
        );
    }
    assert_error(
        app.get(&check("闽TEST0001", "2024-02-30")).await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("date"),
        "not a real date",
    );
}

#[tokio::test]
async fn an_officer_page_shows_where_they_may_enforce_what() {
    let app = app().await;
    let officer = |n: &str, date: &str| format!("/api/v1/officers/{}?date={date}", urlencode(n));

    // 南坑's own officer: at 南坑 only, in the office's name.
    let (status, _, body) = app.get(&officer("闽TEST0001", "2023-01-01")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let places: Vec<&str> = body["powers"]
        .as_array()
        .expect("powers")
        .iter()
        .map(|p| p["locality"]["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(places, ["xc-nankeng"]);
    assert_eq!(body["powers"][0]["authority"]["kind"], "locality_office");
    assert_eq!(body["powers"][0]["via"], json!({"via": "own_unit"}));

    // 住建局's seconded officer: 住建局's matters everywhere they are not delegated, in its name,
    // and 南坑's delegated housing matters through the secondment.
    let body = app.get(&officer("闽TEST0002", "2023-01-01")).await.2;
    let powers = body["powers"].as_array().expect("powers");
    let at_nankeng: Vec<&Value> = powers
        .iter()
        .filter(|p| p["locality"]["id"] == "xc-nankeng")
        .collect();
    assert!(
        at_nankeng
            .iter()
            .any(|p| p["via"]["via"] == "secondment" && p["authority"]["id"] == "xc-nankeng"),
        "through the secondment: {at_nankeng:?}"
    );
    assert!(
        powers
            .iter()
            .any(|p| p["authority"]["id"] == "xc-zjj" && p["via"]["via"] == "own_unit"),
        "in the department's own name"
    );

    // A revoked certificate allows nothing.
    let body = app.get(&officer("闽TEST0004", "2025-06-01")).await.2;
    assert_eq!(body["powers"], json!([]));
    assert_eq!(body["officer"]["status"]["status"], "revoked");

    assert_error(
        app.get(&officer("闽TEST9999", "2023-01-01")).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        "unknown",
    );
    assert_error(
        app.get("/api/v1/officers/x").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("certificate"),
        "too short",
    );
}

#[tokio::test]
async fn a_zone_roster_lists_secondments_then_each_member() {
    let app = app().await;
    let (status, _, body) = app
        .get("/api/v1/zones/xc-central/roster?date=2024-01-01")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let entries: Vec<(String, String)> = body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["role"]["role"].as_str().unwrap_or_default().to_owned(),
                e["officer"]["certificate"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("zone_secondment".to_owned(), "闽TEST0003".to_owned()),
            ("locality_team".to_owned(), "闽TEST0004".to_owned()),
        ]
    );
    // Revoked in 2025: off the roster; the zone secondment ended with 2025.
    let body = app
        .get("/api/v1/zones/xc-central/roster?date=2026-01-01")
        .await
        .2;
    assert_eq!(body["entries"], json!([]));

    let body = app
        .get("/api/v1/zones/xc-east/roster?date=2024-01-01")
        .await
        .2;
    let roles: Vec<&Value> = body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["role"])
        .collect();
    // The centre (南坑) first: its seconded officer, its team; then 新桥's expired officer, who
    // is still on the roster, with the status shown.
    assert_eq!(roles.len(), 3, "{body}");
    assert_eq!(roles[0]["role"], "locality_secondment");
    assert_eq!(roles[0]["locality"]["id"], "xc-nankeng");
    assert_eq!(roles[1]["role"], "locality_team");
    assert_eq!(roles[2]["locality"]["id"], "xc-xinqiao");
    assert_eq!(body["entries"][2]["officer"]["status"]["status"], "expired");

    assert_error(
        app.get("/api/v1/zones/xc-nowhere/roster").await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        "unknown zone",
    );
}

#[tokio::test]
async fn authorization_reports_every_check() {
    let app = app().await;
    let ask = |n: &str, matter: &str, locality: &str, date: &str| {
        format!(
            "/api/v1/authorization?officer={}&matter={matter}&locality={locality}&date={date}",
            urlencode(n)
        )
    };
    // Delegated to 南坑 2022-07-01, revoked 2024-07-01: 南坑's officer, then the bureau's.
    let (status, _, body) = app
        .get(&ask("闽TEST0001", ROAD, "xc-nankeng", "2023-01-01"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["allowed"], true);
    assert_eq!(body["authority"]["id"], "xc-nankeng");
    assert_eq!(
        body["checks"],
        json!([
            {"check": "certificate", "status": {"status": "valid", "since": "2021-01-01", "until": "2026-12-31"}},
            {"check": "category", "domain": "urban_management", "covered": true},
            {"check": "assignment", "authority": "xc-nankeng", "via": {"via": "own_unit"}}
        ])
    );
    let body = app
        .get(&ask("闽TEST0001", ROAD, "xc-nankeng", "2025-01-01"))
        .await
        .2;
    assert_eq!(body["allowed"], false);
    assert_eq!(body["authority"]["id"], "xc-cgzf");
    assert_eq!(
        body["checks"][2],
        json!({"check": "assignment", "authority": "xc-cgzf", "via": null})
    );

    let body = app
        .get(&ask("闽TEST0005", ROAD, "xc-nankeng", "2025-01-01"))
        .await
        .2;
    assert_eq!(
        body["allowed"], true,
        "the bureau's officer, once revoked from 南坑"
    );
    let body = app
        .get(&ask("闽TEST0005", ROAD, "xc-nankeng", "2026-02-01"))
        .await
        .2;
    assert_eq!(body["allowed"], false, "suspended");
    assert_eq!(body["checks"][0]["status"]["status"], "suspended");

    let body = app
        .get(&ask("闽TEST0002", HOUSING, "xc-nankeng", "2023-01-01"))
        .await
        .2;
    assert_eq!(body["allowed"], true, "seconded to 南坑");
    assert_eq!(body["checks"][2]["via"]["via"], "secondment");
    let body = app
        .get(&ask("闽TEST0002", ROAD, "xc-nankeng", "2023-01-01"))
        .await
        .2;
    assert_eq!(body["allowed"], false);
    assert_eq!(
        body["checks"][1],
        json!({"check": "category", "domain": "urban_management", "covered": false})
    );

    for (query, field) in [
        (ask("x", ROAD, "xc-nankeng", "2023-01-01"), "officer"),
        (
            ask("闽TEST0001", "123", "xc-nankeng", "2023-01-01"),
            "matter",
        ),
        (ask("闽TEST0001", ROAD, "XC", "2023-01-01"), "locality"),
        (ask("闽TEST0001", ROAD, "xc-nankeng", "yesterday"), "date"),
    ] {
        assert_error(
            app.get(&query).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some(field),
            &query,
        );
    }
    for query in [
        ask("闽TEST9999", ROAD, "xc-nankeng", "2023-01-01"),
        ask("闽TEST0001", ROAD, "cn-huayanglu", "2023-01-01"),
        ask("闽TEST0001", ROAD, "xc-nowhere", "2023-01-01"),
    ] {
        assert_error(
            app.get(&query).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            &query,
        );
    }
}

#[tokio::test]
async fn bad_list_parameters_are_clear_4xx() {
    let app = app().await;
    for (query, field) in [
        ("status=lapsed", "status"),
        ("seconded=yes", "seconded"),
        ("domain=roads", "domain"),
        ("district=35", "district"),
        ("locality=XC", "locality"),
        ("limit=0", "limit"),
        ("cursor=%25%25", "cursor"),
        ("date=2024-13-01", "date"),
    ] {
        assert_error(
            app.get(&format!("/api/v1/officers?{query}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some(field),
            query,
        );
    }
    let long = urlencode(&"林".repeat(33));
    assert_error(
        app.get(&format!("/api/v1/officers?q={long}")).await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("q"),
        "a long search",
    );
    for query in [
        "locality=xc-nowhere",
        "zone=xc-nowhere",
        "department=xc-nowhere",
        "district=350603",
    ] {
        assert_error(
            app.get(&format!("/api/v1/officers?{query}")).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            query,
        );
    }
}

/// Every string of a JSON value, keys included.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

/// The keys a public officer has, and nothing else.
const PUBLIC_KEYS: [&str; 11] = [
    "name",
    "certificate",
    "district",
    "unit",
    "categories",
    "area",
    "issuer",
    "validity",
    "status",
    "as_of",
    "secondments",
];

fn assert_public_officer(o: &Value, path: &str) {
    let keys: BTreeSet<&str> = o
        .as_object()
        .unwrap_or_else(|| panic!("{path}: an officer is an object: {o}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(PUBLIC_KEYS),
        "{path}: exactly the public fields"
    );
}

/// Walks every roster endpoint over the whole demo roster and fails if a personal value, an
/// internal id or an auxiliary shows up anywhere, or an officer carries a field outside the public
/// projection.
#[tokio::test]
async fn no_roster_response_carries_anything_outside_the_public_projection() {
    let app = TestApp::spawn().await;
    let orgs = gongshi_server::demo::demo().expect("the demo organisation");
    let rosters = gongshi_server::demo::demo_roster(&orgs).expect("the demo rosters");
    let mut forbidden: Vec<String> = Vec::new();
    for r in &rosters {
        for o in &r.officers {
            forbidden.push(o.id.to_string());
            let p = &o.personal;
            forbidden.extend(p.id_number.iter().map(ToString::to_string));
            forbidden.extend(p.phone.iter().map(ToString::to_string));
            forbidden.extend(p.home_address.iter().map(ToString::to_string));
            forbidden.extend(p.birth_date.iter().map(ToString::to_string));
        }
        for a in &r.auxiliaries {
            forbidden.push(a.id.to_string());
            forbidden.push(a.name.to_string());
            let p = &a.personal;
            forbidden.extend(p.id_number.iter().map(ToString::to_string));
            forbidden.extend(p.phone.iter().map(ToString::to_string));
            forbidden.extend(p.home_address.iter().map(ToString::to_string));
            forbidden.extend(p.birth_date.iter().map(ToString::to_string));
        }
    }
    assert!(
        forbidden.len() > 1000,
        "the demo data has personal data to leak"
    );
    // The staff side's data is there to leak: the store keeps it.
    let first = &rosters[0].officers[0];
    let kept = app
        .store
        .officer_personal(&first.id)
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(kept, first.personal);
    let forbidden: BTreeSet<String> = forbidden.into_iter().collect();

    let mut responses: Vec<(String, Value)> = Vec::new();
    let mut cursor = String::new();
    let mut numbers = Vec::new();
    loop {
        let path = format!("/api/v1/officers?limit=200{cursor}");
        let (status, _, page) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        for o in page["items"].as_array().expect("items") {
            assert_public_officer(o, &path);
            numbers.push(o["certificate"].as_str().expect("a number").to_owned());
        }
        let next = page["next"].as_str().map(str::to_owned);
        responses.push((path, page));
        match next {
            Some(n) => cursor = format!("&cursor={n}"),
            None => break,
        }
    }
    let officers: usize = rosters.iter().map(|r| r.officers.len()).sum();
    assert_eq!(
        numbers.len(),
        officers,
        "every officer, and no auxiliary, is listed"
    );

    for n in &numbers {
        let n = urlencode(n);
        for path in [
            format!("/api/v1/officers/{n}"),
            format!("/api/v1/certificates/{n}"),
        ] {
            let (status, _, body) = app.get(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let officer = if body.get("powers").is_some() {
                &body["officer"]
            } else {
                &body
            };
            assert_public_officer(officer, &path);
            responses.push((path, body));
        }
    }
    for zone in ["xc-east", "xc-central", "xc-west"] {
        let path = format!("/api/v1/zones/{zone}/roster");
        let (status, _, body) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let entries = body["entries"].as_array().expect("entries");
        assert!(!entries.is_empty(), "{zone}: a joint roster");
        for e in entries {
            assert_public_officer(&e["officer"], &path);
        }
        responses.push((path, body));
    }
    for n in numbers.iter().take(40) {
        let path = format!(
            "/api/v1/authorization?officer={}&matter={ROAD}&locality=xc-nankeng",
            urlencode(n)
        );
        let (status, _, body) = app.get(&path).await;
        // 长宁区's officers are asked about a 芗城区 place: they are simply not allowed.
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert_public_officer(&body["officer"], &path);
        responses.push((path, body));
    }

    for (path, body) in &responses {
        let mut found = Vec::new();
        strings(body, &mut found);
        for s in found {
            assert!(
                !forbidden.contains(&s)
                    && !forbidden
                        .iter()
                        .any(|f| f.len() > 8 && s.contains(f.as_str())),
                "{path} carries {s:?}, which is not public"
            );
        }
    }
}

/// The officer page reads only the matters and acts that can matter (the officer's places and
/// categories); its powers equal the domain's answer over the whole catalog and history.
#[tokio::test]
async fn an_officers_powers_equal_the_answer_over_the_whole_catalog() {
    use gongshi_domain::officer::powers;
    use time::macros::date;
    let app = TestApp::spawn().await;
    let orgs = gongshi_server::demo::demo().expect("the demo organisation");
    let catalog = gongshi_server::demo::demo_catalog(&orgs)
        .expect("the demo catalog")
        .remove(0);
    let org = orgs
        .iter()
        .find(|o| o.district.code == catalog.district)
        .expect("芗城区");
    let rosters = gongshi_server::demo::demo_roster(&orgs).expect("the demo rosters");
    let officers = &rosters
        .iter()
        .find(|r| r.district == catalog.district)
        .expect("芗城区's roster")
        .officers;
    let on = date!(2026 - 01 - 15);
    // Every 7th officer: locality teams, departments, seconded and not.
    for o in officers.iter().step_by(7) {
        let path = format!(
            "/api/v1/officers/{}?date=2026-01-15",
            urlencode(o.certificate.number.as_str())
        );
        let (status, _, body) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let expected = powers(org, o, &catalog.matters, &catalog.history, on);
        assert_eq!(
            body["powers"],
            serde_json::to_value(&expected).expect("serialises"),
            "{}",
            o.certificate.number
        );
    }
}
