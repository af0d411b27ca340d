//! `GET /api/v1/localities` (filters, facets, keyset paging) and `/localities/{id}`: who enforces in
//! a locality and in whose name, including the special area the district bureau covers.

use crate::helpers::{TestApp, assert_error, ids};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// Every demo locality, by id.
const ALL: [&str; 21] = [
    "cn-beixinjing",
    "cn-chengjiaqiao",
    "cn-hongqiao",
    "cn-huayanglu",
    "cn-jiangsulu",
    "cn-linkong",
    "cn-tianshanlu",
    "cn-xianxia",
    "cn-xinhualu",
    "cn-xinjing",
    "cn-zhoujiaqiao",
    "xc-dongputou",
    "xc-nankeng",
    "xc-punan",
    "xc-shiting",
    "xc-tianbao",
    "xc-tongbei",
    "xc-xiangkou",
    "xc-xinqiao",
    "xc-xiqiao",
    "xc-zhishan",
];

/// A facet as `[(value, count)]`.
fn facet(page: &Value, field: &str) -> Vec<(String, u64)> {
    let facets = page["facets"]
        .as_array()
        .expect("a locality page has facets");
    let facet = facets
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("a {field} facet: {page}"));
    facet["counts"]
        .as_array()
        .expect("counts is a list")
        .iter()
        .map(|c| {
            (
                c["value"].as_str().expect("a value").to_owned(),
                c["count"].as_u64().expect("a count"),
            )
        })
        .collect()
}

fn counts(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
}

#[tokio::test]
async fn lists_every_locality_by_id_with_facets_over_the_whole_set() {
    let app = TestApp::spawn().await;
    let (status, _, page) = app.get("/api/v1/localities").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&page, "id"), ALL);
    assert!(
        page.get("next").is_none(),
        "21 fit in the default page of 50"
    );
    assert_eq!(
        facet(&page, "kind"),
        counts(&[("special_area", 1), ("subdistrict", 17), ("town", 3)])
    );
    assert_eq!(
        facet(&page, "zone"),
        counts(&[("", 11), ("xc-central", 4), ("xc-east", 3), ("xc-west", 3)]),
        "\"\" counts the localities in no zone"
    );
}

#[tokio::test]
async fn filters_select_what_they_name() {
    let app = TestApp::spawn().await;
    let xiangcheng: Vec<_> = ALL
        .iter()
        .filter(|id| id.starts_with("xc-"))
        .copied()
        .collect();
    let changning: Vec<_> = ALL
        .iter()
        .filter(|id| id.starts_with("cn-"))
        .copied()
        .collect();
    let cases: [(&str, Vec<&str>, &str); 11] = [
        ("district=350602", xiangcheng.clone(), "芗城区's ten"),
        ("district=310105", changning.clone(), "长宁区's eleven"),
        (
            "zone=xc-east",
            vec!["xc-nankeng", "xc-xiangkou", "xc-xinqiao"],
            "the east zone's members",
        ),
        (
            "kind=town",
            vec!["cn-xinjing", "xc-punan", "xc-tianbao"],
            "towns",
        ),
        ("kind=special_area", vec!["cn-linkong"], "the special area"),
        ("kind=township", vec![], "no township in the demo"),
        (
            "zoned=true",
            xiangcheng,
            "every zoned locality is in 芗城区",
        ),
        ("zoned=false", changning, "长宁区 has no zones"),
        (
            "district=350602&kind=town&zoned=true",
            vec!["xc-punan", "xc-tianbao"],
            "filters combine with AND",
        ),
        (
            "district=310105&zone=xc-east",
            vec![],
            "contradictory filters match nothing",
        ),
        (
            "district=110101",
            vec![],
            "a well-formed district without data",
        ),
    ];
    for (query, expected, why) in cases {
        let (status, _, page) = app.get(&format!("/api/v1/localities?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{why}: {page}");
        assert_eq!(ids(&page, "id"), expected, "{why}");
        assert_eq!(
            page["total"],
            expected.len() as u64,
            "{why}: total counts the filtered set"
        );
    }
}

#[tokio::test]
async fn list_items_carry_district_and_zone() {
    let app = TestApp::spawn().await;
    let (_, _, page) = app.get("/api/v1/localities?zone=xc-west").await;
    insta::assert_json_snapshot!("localities_zone_xc_west", page);
    for item in page["items"].as_array().expect("items is a list") {
        assert_eq!(
            item["district"],
            json!({"code": "350602", "name": "芗城区", "demo": true})
        );
        assert_eq!(item["zone"], json!({"id": "xc-west", "name": "西部片区"}));
    }
    let (_, _, page) = app.get("/api/v1/localities?district=310105&limit=1").await;
    assert!(
        page["items"][0]["zone"].is_null(),
        "an unzoned locality: {page}"
    );
}

#[tokio::test]
async fn paging_visits_every_locality_once_and_facets_ignore_paging() {
    let app = TestApp::spawn().await;
    let (_, _, whole) = app.get("/api/v1/localities").await;
    for (filter, limit) in [
        ("", 5),
        ("", 1),
        ("district=350602&", 3),
        ("zoned=false&", 200),
    ] {
        let mut seen = Vec::new();
        let mut pages = 0;
        let mut url = format!("/api/v1/localities?{filter}limit={limit}");
        loop {
            let (status, _, page) = app.get(&url).await;
            assert_eq!(status, StatusCode::OK, "{url}: {page}");
            let page_ids = ids(&page, "id");
            assert!(page_ids.len() <= limit, "{url}: at most {limit}");
            if filter.is_empty() {
                assert_eq!(
                    page["facets"], whole["facets"],
                    "{url}: facets of the whole set"
                );
            }
            seen.extend(page_ids);
            pages += 1;
            assert!(pages <= ALL.len() + 1, "{url}: paging ends");
            match page["next"].as_str() {
                Some(next) => {
                    url = format!("/api/v1/localities?{filter}limit={limit}&cursor={next}")
                }
                None => break,
            }
        }
        let (_, _, unpaged) = app.get(&format!("/api/v1/localities?{filter}")).await;
        assert_eq!(
            seen,
            ids(&unpaged, "id"),
            "{filter} limit {limit}: each once, in order"
        );
        assert_eq!(
            pages,
            seen.len().div_ceil(limit).max(1),
            "{filter} limit {limit}: no empty last page"
        );
    }
}

#[tokio::test]
async fn bad_list_parameters_are_400_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let not_a_slug = format!("cursor={}", URL_SAFE_NO_PAD.encode("Not A Slug"));
    let cases = [
        ("district=1", "district", "one digit"),
        ("district=350600", "district", "a city code"),
        ("kind=city", "kind", "not a locality kind"),
        ("kind=Town", "kind", "kinds are lower case"),
        ("kind=", "kind", "empty"),
        ("zoned=maybe", "zoned", "neither true nor false"),
        ("zoned=1", "zoned", "1 is not spelled true"),
        ("zone=UPPER", "zone", "zone ids are lower case"),
        ("zone=", "zone", "empty"),
        ("limit=0", "limit", "below 1"),
        ("limit=201", "limit", "above 200"),
        ("cursor=garbage", "cursor", "not a cursor the API issued"),
        (
            not_a_slug.as_str(),
            "cursor",
            "well-encoded, but no locality id",
        ),
        ("kind=town&kind=city", "query", "the same parameter twice"),
    ];
    for (query, field, why) in cases {
        let res = app.get(&format!("/api/v1/localities?{query}")).await;
        assert_error(
            res,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some(field),
            why,
        );
    }
}

#[tokio::test]
async fn nankeng_is_the_east_zone_centre_with_its_own_office_and_team() {
    let app = TestApp::spawn().await;
    let (status, _, l) = app.get("/api/v1/localities/xc-nankeng").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("locality_xc_nankeng", l);
    assert_eq!(l["name"], "南坑街道");
    assert_eq!(l["zone"]["id"], "xc-east");
    assert_eq!(l["is_zone_centre"], true);
    assert_eq!(l["deputy_lead"], "王建国");
    assert_eq!(l["authority"]["kind"], "locality_office");
    assert_eq!(l["authority"]["name"], "漳州市芗城区人民政府南坑街道办事处");
    assert_eq!(l["team"]["kind"], "locality");
    assert_eq!(l["team"]["name"], "南坑街道综合执法大队");
}

#[tokio::test]
async fn the_special_area_is_enforced_in_the_bureaus_name_by_its_team() {
    let app = TestApp::spawn().await;
    let (status, _, l) = app.get("/api/v1/localities/cn-linkong").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("locality_cn_linkong", l);
    assert_eq!(l["kind"], "special_area");
    assert_eq!(l["authority"]["name"], "上海市长宁区城市管理行政执法局");
    assert_eq!(l["authority"]["kind"], "department");
    assert_eq!(l["team"]["id"], "cn-linkong-team");
    assert_eq!(l["team"]["kind"], "special_area");
    assert!(l["zone"].is_null());
    assert_eq!(l["is_zone_centre"], false);
}

#[tokio::test]
async fn only_zone_centres_say_so() {
    let app = TestApp::spawn().await;
    let mut centres = Vec::new();
    for id in ALL {
        let (status, _, l) = app.get(&format!("/api/v1/localities/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        assert_eq!(l["id"], id);
        if l["is_zone_centre"] == true {
            centres.push(id);
        }
    }
    assert_eq!(centres, ["xc-nankeng", "xc-shiting", "xc-zhishan"]);
}

#[tokio::test]
async fn unknown_and_malformed_locality_ids() {
    let app = TestApp::spawn().await;
    let not_found = [
        ("xc-nowhere", "no such locality"),
        ("xc-east", "a zone id, not a locality id"),
        ("cn-linkong-team", "a team id, not a locality id"),
    ];
    for (id, why) in not_found {
        let res = app.get(&format!("/api/v1/localities/{id}")).await;
        assert_error(res, StatusCode::NOT_FOUND, "not_found", None, why);
    }
    let malformed = [
        ("Bad%20Id", "upper case and a space"),
        ("XC-NANKENG", "upper case"),
        ("xc-nankeng-", "trailing hyphen"),
        ("%E5%8D%97%E5%9D%91", "not ASCII (南坑)"),
        ("xc.nankeng", "a dot"),
    ];
    for (id, why) in malformed {
        let res = app.get(&format!("/api/v1/localities/{id}")).await;
        assert_error(
            res,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("id"),
            why,
        );
    }
}
