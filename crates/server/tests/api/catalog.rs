//! The catalog endpoints over a small hand-made catalog of 芗城区 (so every expectation is exact):
//! matter search and filters, a matter's timeline, the jurisdiction resolver over HTTP, a
//! locality's changes between two dates, and their 4xx answers.

use crate::helpers::{TestApp, assert_error, urlencode};
use axum::http::StatusCode;
use gongshi_domain::catalog_dataset::CatalogFile;
use serde_json::{Value, json};

const ROAD: &str = "350602001F004200";
const DOGS: &str = "350602001F007300";
const NOISE: &str = "350602001J001000";
const BUILD: &str = "350602002Q000500";

/// 占道 delegated to 南坑 and 芝山 in 2022 and revoked from 南坑 in 2024; 犬 delegated to 芝山 in
/// 2023; a district-level inspection; a 住建局 coercion never delegated.
fn catalog() -> Value {
    let basis = |law: &str, article: &str| json!([{"law": law, "article": article}]);
    json!({
        "district": "350602",
        "matters": [
            {"code": ROAD, "name": "对擅自占用城市道路的处罚", "domain": "urban_management",
             "power_kind": "penalty", "class": "A", "level": "locality", "department": "xc-cgzf",
             "legal_basis": basis("《城市道路管理条例》", "第四十二条")},
            {"code": DOGS, "name": "对违反规定饲养犬只的处罚", "domain": "urban_management",
             "power_kind": "penalty", "class": "B", "level": "locality", "department": "xc-cgzf",
             "legal_basis": basis("《漳州市养犬管理规定》", "第二十条")},
            {"code": NOISE, "name": "对社会生活噪声污染情况的行政检查", "domain": "urban_management",
             "power_kind": "inspection", "class": "A", "level": "district", "department": "xc-cgzf",
             "legal_basis": basis("《中华人民共和国噪声污染防治法》", "第八十七条")},
            {"code": BUILD, "name": "对违法建设施工现场的查封", "domain": "housing_construction",
             "power_kind": "coercion", "class": "C", "level": "locality", "department": "xc-zjj",
             "legal_basis": basis("《中华人民共和国城乡规划法》", "第六十八条")}
        ],
        "rounds": [
            {"document": "芗政文〔2022〕8号", "effective": "2022-07-01", "acts": [
                {"act": "delegate", "localities": ["xc-nankeng", "xc-zhishan"], "matters": [ROAD]}]},
            {"document": "芗政文〔2023〕21号", "effective": "2023-10-01", "acts": [
                {"act": "delegate", "localities": ["xc-zhishan"], "matters": [DOGS]}]},
            {"document": "芗政文〔2024〕12号", "effective": "2024-07-01", "acts": [
                {"act": "revoke", "localities": ["xc-nankeng"], "matters": [ROAD]}]}
        ]
    })
}

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    let file: CatalogFile = serde_json::from_value(catalog()).expect("the fixture parses");
    let district = file.district.clone();
    let org = gongshi_server::demo::demo()
        .expect("the demo organisation")
        .into_iter()
        .find(|o| o.district.code == district)
        .expect("芗城区");
    let (matters, history) = file.into_catalog(&org).expect("the fixture is consistent");
    app.store
        .replace_catalog(&district, &matters, &history)
        .await
        .expect("the catalog stores");
    app
}

fn codes(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["code"].as_str().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn search_finds_one_and_two_character_chinese_queries() {
    let app = app().await;
    for (q, expected) in [
        ("占道", vec![ROAD]),
        ("占用", vec![ROAD]),
        ("城市道路　占用", vec![ROAD]),
        ("占用 犬", vec![]),
        ("狗", vec![DOGS]),
        ("噪音", vec![NOISE]),
        ("ｆ００７３", vec![DOGS]),
        ("犬", vec![DOGS]),
        ("噪声", vec![NOISE]),
        ("城乡规划法", vec![BUILD]),
        ("第四十二条", vec![ROAD]),
        ("F0073", vec![DOGS]),
        ("100%", vec![]),
    ] {
        let (status, _, page) = app
            .get(&format!("/api/v1/matters?q={}", urlencode(q)))
            .await;
        assert_eq!(status, StatusCode::OK, "{q}");
        assert_eq!(codes(&page), expected, "search {q:?}");
    }
}

#[tokio::test]
async fn filters_facets_and_a_localitys_catalog_on_a_date() {
    let app = app().await;
    let (_, _, page) = app.get("/api/v1/matters?domain=urban_management").await;
    assert_eq!(codes(&page), [ROAD, DOGS, NOISE]);
    let domain = page["facets"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|f| f["field"] == "domain")
        .expect("a domain facet");
    assert_eq!(
        domain["counts"],
        json!([{"value": "housing_construction", "count": 1},
               {"value": "urban_management", "count": 3}]),
        "the domain facet leaves out the domain filter: it shows what choosing another would give"
    );
    assert_eq!(page["total"], 3);
    let (_, _, page) = app
        .get("/api/v1/matters?domain=urban_management&power_kind=penalty")
        .await;
    assert_eq!(codes(&page), [ROAD, DOGS]);
    let kinds = page["facets"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|f| f["field"] == "power_kind")
        .expect("a power kind facet");
    assert_eq!(
        kinds["counts"],
        json!([{"value": "inspection", "count": 1}, {"value": "penalty", "count": 2}]),
        "other facets' filters still apply: only urban management is counted"
    );

    let (_, _, page) = app.get("/api/v1/matters?level=district").await;
    assert_eq!(codes(&page), [NOISE]);

    let catalog_on = |locality: &str, date: &str, delegated: &str| {
        format!("/api/v1/matters?locality={locality}&date={date}&delegated={delegated}")
    };
    let (_, _, page) = app
        .get(&catalog_on("xc-nankeng", "2024-06-30", "true"))
        .await;
    assert_eq!(
        codes(&page),
        [ROAD],
        "南坑 holds 占道 the day before the revocation"
    );
    let (_, _, page) = app
        .get(&catalog_on("xc-nankeng", "2024-07-01", "true"))
        .await;
    assert_eq!(
        codes(&page),
        Vec::<&str>::new(),
        "and not from the revocation on"
    );
    let (_, _, page) = app
        .get("/api/v1/matters?locality=xc-zhishan&date=2024-01-01")
        .await;
    assert_eq!(
        codes(&page),
        [ROAD, DOGS],
        "a locality alone lists its catalog"
    );
    let (_, _, page) = app
        .get(&catalog_on("xc-zhishan", "2024-01-01", "false"))
        .await;
    assert_eq!(codes(&page), [NOISE, BUILD]);

    let (_, _, first) = app.get("/api/v1/matters?limit=2").await;
    assert_eq!(codes(&first), [ROAD, DOGS]);
    let next = first["next"].as_str().expect("a next cursor");
    let (_, _, second) = app
        .get(&format!("/api/v1/matters?limit=2&cursor={next}"))
        .await;
    assert_eq!(codes(&second), [NOISE, BUILD]);
    assert!(second.get("next").is_none(), "the last page has no next");
}

#[tokio::test]
async fn a_matter_shows_its_timeline_at_every_locality() {
    let app = app().await;
    let (status, _, view) = app
        .get(&format!("/api/v1/matters/{ROAD}?date=2025-01-01"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["department"]["short_name"], "区城管执法局");
    let localities = view["localities"].as_array().expect("localities");
    assert_eq!(localities.len(), 10, "every locality of 芗城区");
    let at = |id: &str| {
        localities
            .iter()
            .find(|l| l["locality"]["id"] == id)
            .unwrap_or_else(|| panic!("{id} is listed"))
    };
    assert_eq!(at("xc-zhishan")["delegated"], true);
    assert_eq!(at("xc-zhishan")["since"], "2022-07-01");
    assert_eq!(at("xc-nankeng")["delegated"], false);
    assert_eq!(at("xc-nankeng")["since"], "2024-07-01");
    assert_eq!(
        at("xc-nankeng")["acts"],
        json!([
            {"act": "delegate", "effective": "2022-07-01", "document": "芗政文〔2022〕8号"},
            {"act": "revoke", "effective": "2024-07-01", "document": "芗政文〔2024〕12号"}
        ])
    );
    assert_eq!(at("xc-xinqiao")["since"], Value::Null, "never acted on");
}

#[tokio::test]
async fn jurisdiction_answers_with_its_reason_chain_and_changes_with_the_date() {
    let app = app().await;
    let ask =
        |date: &str| format!("/api/v1/jurisdiction?matter={ROAD}&locality=xc-nankeng&date={date}");
    let (status, _, before) = app.get(&ask("2024-06-30")).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(
        before["authority"]["name"],
        "漳州市芗城区人民政府南坑街道办事处"
    );
    assert_eq!(before["team"]["name"], "南坑街道综合执法大队");
    assert_eq!(
        before["contact"],
        json!({"name": "南坑街道综合执法大队", "phone": "0596-2102003",
               "address": before["contact"]["address"]})
    );
    assert!(before["contact"]["address"].is_string());
    assert_eq!(
        before["complaints"],
        json!([{"role": "locality_supervision", "name": "南坑街道", "phone": "0596-2102003"}]),
        "a class A matter: the locality alone answers for it"
    );
    assert_eq!(
        before["reasons"],
        json!([
            {"rule": "place_of_violation", "locality": "xc-nankeng"},
            {"rule": "delegated", "document": "芗政文〔2022〕8号", "effective": "2022-07-01"}
        ])
    );
    let (_, _, after) = app.get(&ask("2024-07-01")).await;
    assert_eq!(after["date"], "2024-07-01");
    assert_eq!(
        after["authority"]["name"],
        "漳州市芗城区城市管理和综合执法局"
    );
    assert_eq!(after["reasons"][1]["rule"], "revoked");
    assert_eq!(
        after["reasons"][2],
        json!({"rule": "department", "department": "xc-cgzf"})
    );
    assert_eq!(
        after["contact"],
        json!({"name": "漳州市芗城区城市管理和综合执法局", "phone": "0596-2101001", "address": null})
    );
    assert_eq!(after["complaints"][0]["role"], "department");

    // A 芗城区 matter at a 长宁区 locality is no answer, not a guess.
    let (status, _, _) = app
        .get(&format!(
            "/api/v1/jurisdiction?matter={ROAD}&locality=cn-huayanglu&date=2025-01-01"
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_delegated_class_b_matter_also_lists_the_delegating_department_for_complaints() {
    let app = app().await;
    let (status, _, answer) = app
        .get(&format!(
            "/api/v1/jurisdiction?matter={DOGS}&locality=xc-zhishan&date=2024-01-01"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["class"], "B");
    assert_eq!(answer["authority"]["kind"], "locality_office");
    let roles: Vec<&str> = answer["complaints"]
        .as_array()
        .expect("complaints")
        .iter()
        .map(|c| c["role"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(roles, ["locality_supervision", "delegating_department"]);
    assert_eq!(
        answer["complaints"][1]["name"],
        "漳州市芗城区城市管理和综合执法局"
    );
}

#[tokio::test]
async fn a_localitys_changes_between_two_dates() {
    let app = app().await;
    let (status, _, changes) = app
        .get("/api/v1/localities/xc-nankeng/catalog/changes?from=2022-07-01&to=2024-12-31")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        changes,
        json!([{"matter": {"code": ROAD, "name": "对擅自占用城市道路的处罚"}, "act": "revoke",
                "effective": "2024-07-01", "document": "芗政文〔2024〕12号"}]),
        "`from` is exclusive, `to` inclusive"
    );
}

#[tokio::test]
async fn bad_parameters_are_clear_4xx() {
    let app = app().await;
    let cases = [
        (
            "/api/v1/matters?domain=weather",
            StatusCode::BAD_REQUEST,
            Some("domain"),
            "unknown domain",
        ),
        (
            "/api/v1/matters?class=D",
            StatusCode::BAD_REQUEST,
            Some("class"),
            "unknown class",
        ),
        (
            "/api/v1/matters?q=a+b+c+d+e+f+g",
            StatusCode::BAD_REQUEST,
            Some("q"),
            "too many words",
        ),
        (
            "/api/v1/matters?date=2024-02-30",
            StatusCode::BAD_REQUEST,
            Some("date"),
            "no such day",
        ),
        (
            "/api/v1/matters?delegated=true",
            StatusCode::BAD_REQUEST,
            Some("locality"),
            "delegated without a locality",
        ),
        (
            "/api/v1/matters?locality=Nankeng",
            StatusCode::BAD_REQUEST,
            Some("locality"),
            "not an id",
        ),
        (
            "/api/v1/matters/35060200",
            StatusCode::BAD_REQUEST,
            Some("code"),
            "short code",
        ),
        (
            "/api/v1/matters/350602009F999900",
            StatusCode::NOT_FOUND,
            None,
            "unknown matter",
        ),
        (
            "/api/v1/jurisdiction?locality=xc-nankeng",
            StatusCode::BAD_REQUEST,
            Some("matter"),
            "no matter",
        ),
        (
            "/api/v1/jurisdiction?matter=350602001F004200",
            StatusCode::BAD_REQUEST,
            Some("locality"),
            "no locality",
        ),
        (
            "/api/v1/jurisdiction?matter=350602001F004200&locality=xc-nowhere",
            StatusCode::NOT_FOUND,
            None,
            "unknown locality",
        ),
        (
            "/api/v1/jurisdiction?matter=350602001F004200&locality=xc-nankeng&date=01/07/2024",
            StatusCode::BAD_REQUEST,
            Some("date"),
            "not ISO",
        ),
        (
            "/api/v1/localities/xc-nankeng/catalog/changes",
            StatusCode::BAD_REQUEST,
            Some("from"),
            "no from",
        ),
        (
            "/api/v1/localities/xc-nankeng/catalog/changes?from=2024-01-01&to=2023-01-01",
            StatusCode::BAD_REQUEST,
            Some("to"),
            "reversed",
        ),
        (
            "/api/v1/localities/xc-nowhere/catalog/changes?from=2024-01-01",
            StatusCode::NOT_FOUND,
            None,
            "unknown locality",
        ),
    ];
    for (path, status, field, why) in cases {
        let code = if status == StatusCode::NOT_FOUND {
            "not_found"
        } else {
            "invalid_parameter"
        };
        assert_error(app.get(path).await, status, code, field, why);
    }
}

#[tokio::test]
async fn the_demo_catalog_answers_the_seed_question() {
    // The demo catalog as loaded on first start: a two-character search finds the road matter, and
    // the answer for 南坑街道 changes with its 2024 revocation.
    let app = TestApp::spawn().await;
    let (status, _, page) = app
        .get(&format!(
            "/api/v1/matters?q={}&limit=200",
            urlencode("占用")
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        codes(&page).contains(&ROAD),
        "占用 finds {ROAD}: {:?}",
        codes(&page)
    );
    let total: u64 = page["facets"][0]["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|c| c["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        total as usize,
        codes(&page).len(),
        "facets count the filtered set"
    );

    let ask =
        |date: &str| format!("/api/v1/jurisdiction?matter={ROAD}&locality=xc-nankeng&date={date}");
    let (_, _, before) = app.get(&ask("2024-06-30")).await;
    assert_eq!(before["authority"]["id"], "xc-nankeng");
    let (_, _, after) = app.get(&ask("2024-07-01")).await;
    assert_eq!(after["authority"]["id"], "xc-cgzf");
    assert!(
        after["team"].is_null(),
        "芗城区's bureau has no mobile team in the demo data, so no team is named: {after}"
    );
}

#[tokio::test]
async fn every_plain_word_expansion_finds_something_in_the_demo_catalog() {
    // The synonym list promises each phrase is the catalog's own wording; hold it to that.
    let app = TestApp::spawn().await;
    for (word, phrases) in gongshi_domain::search::SYNONYMS {
        for phrase in phrases.iter().chain(std::iter::once(word)) {
            let (status, _, page) = app
                .get(&format!(
                    "/api/v1/matters?district=350602&limit=1&q={}",
                    urlencode(phrase)
                ))
                .await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                !codes(&page).is_empty(),
                "{word} → {phrase} finds nothing in the demo catalog"
            );
        }
    }
}
