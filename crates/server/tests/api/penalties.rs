//! The penalty endpoints: over a handful of hand-made records dated around today (so every edge of
//! the publication window is exact), and over the generated demo decisions for filters, search,
//! paging and the rule that nothing personal leaves the server.

use crate::helpers::{TestApp, assert_error, urlencode};
use axum::http::StatusCode;
use gongshi_domain::mask::personal_numbers;
use gongshi_domain::penalty::{Penalty, PublicPenalty, add_months};
use gongshi_domain::search::SearchQuery;
use gongshi_server::demo::CALENDAR;
use gongshi_server::store::{PenaltyFilter, PenaltySort, PenaltyWrite};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use time::{Date, Duration};

const ROAD: &str = "350602001F004200";

fn day(d: Date) -> String {
    d.to_string()
}

/// A record at 南坑 under the road matter, decided `decided`, published `published`.
fn record(id: u64, decided: Date, published: Date, extra: Value) -> Penalty {
    let mut v = json!({
        "id": id,
        "decision_number": format!("芗南坑综执简罚〔{}〕{id}号", decided.year()),
        "party": {"kind": "natural_person", "name": "王小明", "credit_code": null,
                  "representative": null, "id_number": "11010519491231002X",
                  "address": "漳州市芗城区胜利西路12号"},
        "violation": "擅自占用城市道路",
        "facts": "当事人王小明（电话13812345678）在胜利西路12号门前擅自占用城市道路堆放杂物。",
        "basis": "依据《城市道路管理条例》第四十二条的规定",
        "kinds": ["warning"],
        "content": "警告",
        "decided": day(decided),
        "in_effect_until": null,
        "published": day(published),
        "severity": "minor",
        "procedure": "summary",
        "authority": "xc-nankeng",
        "authority_credit_code": null,
        "locality": "xc-nankeng",
        "matter": ROAD,
        "source": "南坑街道综合行政执法队",
        "remarks": null,
        "restriction": null,
        "withdrawal": null,
    });
    if let (Some(v), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in extra {
            v.insert(k.clone(), x.clone());
        }
    }
    serde_json::from_value(v).expect("a well-formed record")
}

/// The decision date whose three-month window ends on `end`.
fn decided_for_end(end: Date) -> Date {
    (80..100)
        .map(|n| end - Duration::days(n))
        .find(|d| add_months(*d, 3) == end)
        .expect("some day three months earlier")
}

async fn with_records(records: Vec<Penalty>) -> TestApp {
    let app = TestApp::empty(None).await;
    gongshi_server::demo::load_demo(app.store.as_ref(), 0, gongshi_server::today(), &|_, _| {})
        .await
        .expect("the demo organisation and catalog are stored");
    let district = "350602".parse().expect("a district code");
    let mut writes = records.into_iter().map(|p| {
        assert_eq!(p.problems(), [], "record {} is sound", p.id);
        let public = PublicPenalty::project(&p, &CALENDAR);
        PenaltyWrite {
            district: "350602".parse().expect("a district code"),
            penalty: p,
            public,
            domain: gongshi_domain::catalog::Domain::UrbanManagement,
        }
    });
    app.store
        .replace_penalties(&district, &mut writes, &|_| {}, gongshi_server::today())
        .await
        .expect("the records are stored");
    app
}

#[tokio::test]
async fn the_publication_window_to_the_day() {
    let today = gongshi_server::today();
    let d = Duration::DAY;
    let withdrawal = |on: Date| {
        json!({"withdrawal": {"date": day(on), "reason": "revoked",
                              "explanation": "经行政复议，原决定被撤销"}})
    };
    let app = with_records(vec![
        record(1, today - d * 3, today, json!({})),
        record(2, today - d, today + d, json!({})),
        record(3, decided_for_end(today), today - d * 80, json!({})),
        record(4, decided_for_end(today + d), today - d * 80, json!({})),
        record(
            5,
            today - d * 5,
            today - d * 4,
            json!({"restriction": "minor"}),
        ),
        record(6, today - d * 20, today - d * 19, withdrawal(today - d)),
        record(7, today - d * 20, today - d * 19, withdrawal(today + d)),
    ])
    .await;

    let (status, _, page) = app.get("/api/v1/penalties?district=350602").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let listed: Vec<u64> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_u64().expect("an id"))
        .collect();
    assert_eq!(
        listed.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from([1, 4, 6, 7]),
        "published today, ending tomorrow, withdrawn, withdrawal still to come: {page}"
    );
    assert_eq!(page["total"], 4);
    assert!(page.get("total_is_lower_bound").is_none());
    let status_of = |id: u64| {
        page["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["id"] == id))
            .map(|i| i["status"].clone())
    };
    assert_eq!(status_of(6), Some(json!("withdrawn")));
    assert_eq!(status_of(7), Some(json!("public")));

    // A decision-date range, to the day.
    let (_, _, on_day) = app
        .get(&format!(
            "/api/v1/penalties?from={0}&to={0}",
            day(today - d * 3)
        ))
        .await;
    assert_eq!(on_day["total"], 1, "{on_day}");
    assert_eq!(on_day["items"][0]["id"], 1);
    let (_, _, before) = app
        .get(&format!("/api/v1/penalties?to={}", day(today - d * 4)))
        .await;
    assert_eq!(
        before["total"], 3,
        "decided before: the withdrawn pair and record 4: {before}"
    );

    // Addresses.
    let (status, _, one) = app.get("/api/v1/penalties/1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["status"], "public");
    assert_eq!(one["record"]["party"]["name"], "王某某");
    assert_eq!(one["locality"]["id"], "xc-nankeng");
    assert_eq!(one["matter"]["code"], ROAD);
    assert_eq!(one["district"]["demo"], true);
    for hidden in [2, 5, 99] {
        assert_error(
            app.get(&format!("/api/v1/penalties/{hidden}")).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            "not yet published, a minor's case, no such record",
        );
    }
    let (_, _, removed) = app.get("/api/v1/penalties/3").await;
    assert_eq!(
        removed,
        json!({"status": "removed", "id": 3, "removed_on": day(today)})
    );
    let (_, _, withdrawn) = app.get("/api/v1/penalties/6").await;
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["withdrawal"]["reason"], "revoked");
    assert_eq!(
        withdrawn["withdrawal"]["explanation"],
        "经行政复议，原决定被撤销"
    );
    assert!(withdrawn.get("party").is_none() && withdrawn.get("record").is_none());

    // Nothing private in any of it.
    for body in [&page, &one, &withdrawn] {
        let text = body.to_string();
        for secret in [
            "王小明",
            "11010519491231002X",
            "13812345678",
            "胜利西路12号",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
}

#[tokio::test]
async fn demo_decisions_filter_sort_page_and_count_consistently() {
    let app = TestApp::spawn().await;
    let (status, _, all) = app.get("/api/v1/penalties?district=350602&limit=200").await;
    assert_eq!(status, StatusCode::OK);
    let total = all["total"].as_u64().expect("a total");
    assert!(total > 100, "a demo with plenty listed: {total}");
    // Newest first: decision dates never increase down the list.
    let dates: Vec<&str> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["decided"].as_str().expect("a date"))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    // Facets add up, and a locality plus a kind gives a total the pages agree with.
    let facet = |page: &Value, field: &str| -> Vec<(String, u64)> {
        page["facets"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["field"] == field))
            .map(|f| {
                f["counts"]
                    .as_array()
                    .expect("counts")
                    .iter()
                    .map(|c| {
                        (
                            c["value"].as_str().unwrap_or_default().to_owned(),
                            c["count"].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let by_locality = facet(&all, "locality");
    assert_eq!(by_locality.iter().map(|(_, n)| n).sum::<u64>(), total);
    assert_eq!(
        facet(&all, "procedure").iter().map(|(_, n)| n).sum::<u64>(),
        total
    );
    let (locality, _) = by_locality
        .iter()
        .max_by_key(|(_, n)| *n)
        .expect("a locality");
    let path = format!("/api/v1/penalties?district=350602&locality={locality}&kind=fine&limit=7");
    let (_, _, first) = app.get(&path).await;
    let expected = first["total"].as_u64().expect("a total");
    assert_eq!(
        facet(&first, "locality")
            .iter()
            .map(|(_, n)| n)
            .sum::<u64>(),
        facet(&all, "kind")
            .iter()
            .find(|(k, _)| k == "fine")
            .map(|(_, n)| *n)
            .unwrap_or(0),
        "the locality facet leaves out the locality filter"
    );
    let mut seen = Vec::new();
    let mut next = Some(path.clone());
    while let Some(p) = next {
        let (_, _, page) = app.get(&p).await;
        for item in page["items"].as_array().expect("items") {
            if item["status"] == "public" {
                assert_eq!(item["locality"]["id"], locality.as_str());
                assert!(
                    item["kinds"]
                        .as_array()
                        .is_some_and(|k| k.contains(&json!("fine")))
                );
            }
            seen.push(item["id"].as_u64().expect("an id"));
        }
        next = page["next"].as_str().map(|c| format!("{path}&cursor={c}"));
    }
    assert_eq!(seen.len() as u64, expected, "paging visits the total");
    assert_eq!(
        seen.iter().collect::<BTreeSet<_>>().len(),
        seen.len(),
        "no repeats"
    );

    // Largest fine first.
    let (_, _, by_fine) = app
        .get("/api/v1/penalties?district=350602&sort=fine_desc&limit=50")
        .await;
    let fines: Vec<u64> = by_fine["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["fine"].as_u64())
        .collect();
    assert!(fines.windows(2).all(|w| w[0] >= w[1]), "{fines:?}");
}

#[tokio::test]
async fn search_finds_one_and_two_character_words_in_what_is_published() {
    let app = TestApp::spawn().await;
    let (_, _, all) = app
        .get("/api/v1/penalties?district=350602&party_kind=legal_person&limit=1")
        .await;
    let company = all["items"][0]["party_name"]
        .as_str()
        .expect("a company")
        .to_owned();
    let two: String = company.chars().skip(3).take(2).collect();
    for word in [two.as_str(), "罚", "现场照片", "经查"] {
        let path = format!("/api/v1/penalties?q={}&limit=200", urlencode(word));
        let (status, _, page) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().expect("items");
        assert!(!items.is_empty(), "{word} finds something");
        for item in items.iter().filter(|i| i["status"] == "public").take(20) {
            let (_, _, detail) = app.get(&format!("/api/v1/penalties/{}", item["id"])).await;
            let r = &detail["record"];
            let text = format!(
                "{}{}{}{}",
                r["decision_number"].as_str().unwrap_or_default(),
                r["party"]["name"].as_str().unwrap_or_default(),
                r["party"]["credit_code"].as_str().unwrap_or_default(),
                r["facts"].as_str().unwrap_or_default()
            );
            assert!(text.contains(word), "{word} is in {text}");
        }
    }
    // A masked name is not searchable by the full name: only 某某 is published.
    let (_, _, masked) = app
        .get(&format!("/api/v1/penalties?q={}", urlencode("某某")))
        .await;
    assert!(masked["total"].as_u64().is_some_and(|n| n > 0));
}

/// When the day turns, the listing follows: a record published today is listed (and found) from
/// today, one whose window ends is not, whatever day the listing was last built for.
#[tokio::test]
async fn the_listing_and_its_search_move_with_the_day() {
    let today = gongshi_server::today();
    let d = Duration::DAY;
    let app = with_records(vec![
        record(1, today - d * 3, today - d * 2, json!({})),
        record(
            2,
            today - d,
            today + d,
            json!({"facts": "次日公示的记录，堆放杂物。"}),
        ),
        record(3, decided_for_end(today + d), today - d * 80, json!({})),
    ])
    .await;
    let listed = async |day: Date, q: Option<&str>| -> BTreeSet<u64> {
        let filter = PenaltyFilter {
            q: q.and_then(|q| SearchQuery::parse(q).ok().flatten()),
            ..PenaltyFilter::listed_on(day)
        };
        let rows = app
            .store
            .penalties(&filter, PenaltySort::Newest, None, 50)
            .await
            .expect("a list");
        let count = app
            .store
            .penalty_count(&filter, 100)
            .await
            .expect("a count");
        assert_eq!(count.value, rows.len() as u64, "{day} {q:?}");
        rows.iter().map(|r| r.item.id().0).collect()
    };
    assert_eq!(listed(today, None).await, BTreeSet::from([1, 3]));
    assert_eq!(
        listed(today, Some("堆放杂物")).await,
        BTreeSet::from([1, 3])
    );
    assert_eq!(listed(today, Some("次日公示")).await, BTreeSet::new());
    let tomorrow = today + d;
    assert_eq!(listed(tomorrow, None).await, BTreeSet::from([1, 2]));
    assert_eq!(
        listed(tomorrow, Some("堆放杂物")).await,
        BTreeSet::from([1, 2])
    );
    assert_eq!(
        listed(tomorrow, Some("次日公示")).await,
        BTreeSet::from([2])
    );
    assert_eq!(listed(tomorrow, Some("某")).await, BTreeSet::from([1, 2]));
}

/// Where one field ends and the next begins, both stores answer alike: a word is found across the
/// seam only when the two share the character there (the pairs of SQLite's index meet; PostgreSQL
/// keeps its text so), and three or more characters must stand together, not merely all their pairs.
#[tokio::test]
async fn search_answers_alike_where_fields_meet() {
    let today = gongshi_server::today();
    let d = Duration::DAY;
    let app = with_records(vec![
        // Published as 王某某, whose facts begin with 某.
        record(
            1,
            today - d * 3,
            today,
            json!({"facts": "某日在胜利西路门前堆放杂物，占用道路。"}),
        ),
        record(
            2,
            today - d * 3,
            today,
            json!({"facts": "经查在胜利西路堆放杂物，路门前亦然。"}),
        ),
    ])
    .await;
    for (word, found) in [
        ("某某日", vec![1]),
        ("王某某某日", vec![]),
        ("某某经", vec![]),
        ("堆放杂物", vec![2, 1]),
        // Every pair of 胜利西路门前 is in record 2, but not together.
        ("胜利西路门前", vec![1]),
        ("路门前", vec![2, 1]),
        ("号王", vec![]),
    ] {
        let path = format!("/api/v1/penalties?q={}", urlencode(word));
        let (status, _, page) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let ids: Vec<u64> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["id"].as_u64())
            .collect();
        assert_eq!(ids, found, "{word}");
        assert_eq!(page["total"], json!(found.len()), "{word}");
    }
}

/// Every string and number of a response but the credit codes, which organisations publish and
/// whose digits can read like a phone number.
fn public_text(v: &Value) -> String {
    match v {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !k.ends_with("credit_code"))
            .map(|(_, v)| public_text(v))
            .collect::<Vec<_>>()
            .join("|"),
        Value::Array(items) => items.iter().map(public_text).collect::<Vec<_>>().join("|"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn nothing_personal_leaves_in_lists_or_records() {
    let app = TestApp::spawn().await;
    let mut next = Some("/api/v1/penalties?limit=200".to_owned());
    let mut details = 0;
    while let Some(path) = next {
        let (_, _, page) = app.get(&path).await;
        let text = public_text(&page);
        assert!(
            personal_numbers(&text).is_empty(),
            "{:?} in {path}",
            personal_numbers(&text)
        );
        for item in page["items"].as_array().expect("items") {
            if item["party_kind"] == "natural_person" {
                let name = item["party_name"].as_str().unwrap_or_default();
                assert!(name.ends_with("某某"), "{name} is masked");
            }
            if details < 300 {
                let (_, _, detail) = app.get(&format!("/api/v1/penalties/{}", item["id"])).await;
                let text = public_text(&detail);
                assert!(personal_numbers(&text).is_empty(), "{text}");
                assert!(!text.contains("999999"), "no ID number fragment: {text}");
                details += 1;
            }
        }
        next = page["next"]
            .as_str()
            .map(|c| format!("/api/v1/penalties?limit=200&cursor={c}"));
    }
    assert!(details > 100);
}

#[tokio::test]
async fn bad_filters_are_named() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "kind=jail",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("kind"),
            "unknown kind",
        ),
        (
            "party_kind=robot",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("party_kind"),
            "unknown party",
        ),
        (
            "from=2024-02-30",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("from"),
            "no such day",
        ),
        (
            "from=2025-01-01&to=2024-01-01",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("to"),
            "backwards range",
        ),
        (
            "fine_min=-5",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("fine_min"),
            "negative amount",
        ),
        (
            "fine_min=500&fine_max=100",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("fine_max"),
            "backwards amounts",
        ),
        (
            "sort=random",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("sort"),
            "unknown order",
        ),
        (
            "cursor=abc",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("cursor"),
            "forged cursor",
        ),
        (
            "locality=xc-nowhere",
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            "no such locality",
        ),
        (
            "authority=xc-nobody",
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            "no such authority",
        ),
        (
            "matter=350602001F999999",
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            "no such matter",
        ),
    ];
    for (query, status, code, field, why) in cases {
        assert_error(
            app.get(&format!("/api/v1/penalties?{query}")).await,
            status,
            code,
            field,
            why,
        );
    }
    assert_error(
        app.get("/api/v1/penalties/abc").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("id"),
        "not a number",
    );
}

/// The whole body of a GET, as bytes, with its content type.
async fn download(app: &TestApp, path: &str) -> (String, Vec<u8>) {
    let (status, headers, body) = app.raw(axum::http::Method::GET, path, &[]).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&body)
    );
    let content_type =
        crate::helpers::header_str(&headers, axum::http::header::CONTENT_TYPE).to_owned();
    (content_type, body.to_vec())
}

#[tokio::test]
async fn exports_parse_and_carry_the_filter() {
    let today = gongshi_server::today();
    let d = Duration::DAY;
    let company = |name: &str, fine: u64| {
        json!({"party": {"kind": "legal_person", "name": name,
                         "credit_code": gongshi_domain::codes::CreditCode::complete("91350602MA2YABCD1").map(String::from),
                         "representative": "陈建国", "id_number": null, "address": null},
               "kinds": ["fine"], "fine": fine, "content": "罚款", "procedure": "ordinary", "severity": "ordinary",
               "facts": "当事人未经批准擅自占用城市道路堆放建筑材料。"})
    };
    let app = with_records(vec![
        record(1, today - d * 3, today - d, company("=HYPERLINK(\"x\")有限公司", 1_234_567)),
        record(2, today - d * 2, today - d, json!({})),
        record(3, today - d * 20, today - d * 19, json!({"withdrawal": {"date": day(today - d), "reason": "changed", "explanation": "决定已变更"}})),
    ])
    .await;

    // CSV: a BOM, a header, one row per listed record, the formula neutralised.
    let (content_type, bytes) = download(&app, "/api/v1/penalties/export?district=350602").await;
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a BOM for Excel and WPS"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..3], ["status", "id", "decision_number"]);
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("well-formed CSV");
    assert_eq!(rows.len(), 3);
    let by_id = |id: &str| rows.iter().find(|r| &r[1] == id).expect("the row");
    let name_at = header
        .iter()
        .position(|h| h == "party_name")
        .expect("party_name");
    assert_eq!(
        &by_id("1")[name_at],
        "'=HYPERLINK(\"x\")有限公司",
        "neutralised"
    );
    assert_eq!(&by_id("2")[name_at], "王某某");
    assert_eq!(&by_id("3")[0], "withdrawn");
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("王小明") && !text.contains("13812345678"));

    // The 双公示 layout: Chinese columns, amounts in 万元.
    let (_, bytes) = download(
        &app,
        "/api/v1/penalties/export?format=shuanggongshi&sort=fine_desc",
    )
    .await;
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "行政相对人名称");
    let fine_at = header
        .iter()
        .position(|h| h == "罚款金额（万元）")
        .expect("the fine column");
    let first = reader
        .records()
        .next()
        .expect("a row")
        .expect("well-formed");
    assert_eq!(
        &first[fine_at], "1.234567",
        "1,234,567 fen is 1.234567 万元"
    );

    // JSON and NDJSON.
    let (content_type, bytes) =
        download(&app, "/api/v1/penalties/export?format=json&kind=fine").await;
    assert_eq!(content_type, "application/json");
    let all: Vec<Value> = serde_json::from_slice(&bytes).expect("a JSON array");
    assert_eq!(all.len(), 1, "the filter applies: only the fine");
    assert_eq!(all[0]["record"]["fine"], 1_234_567);
    let (_, bytes) = download(&app, "/api/v1/penalties/export?format=ndjson").await;
    let lines: Vec<Value> = String::from_utf8_lossy(&bytes)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one object per line"))
        .collect();
    assert_eq!(lines.len(), 3);

    // Atom.
    let (content_type, bytes) =
        download(&app, "/api/v1/penalties/feed.atom?locality=xc-nankeng").await;
    assert!(
        content_type.starts_with("application/atom+xml"),
        "{content_type}"
    );
    let feed = atom_syndication::Feed::read_from(&bytes[..]).expect("a well-formed Atom feed");
    assert_eq!(feed.entries().len(), 3);
    assert!(
        feed.entries()
            .iter()
            .any(|e| e.title().as_str().starts_with("【已撤回】"))
    );
    assert!(
        feed.entries()
            .iter()
            .all(|e| e.links()[0].href().starts_with("/penalties/"))
    );

    assert_error(
        app.get("/api/v1/penalties/export?format=xlsx").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("format"),
        "an unknown format",
    );
}

#[tokio::test]
async fn a_demo_export_holds_exactly_the_listed_records() {
    let app = TestApp::spawn().await;
    let (_, _, page) = app
        .get("/api/v1/penalties?district=350602&procedure=ordinary")
        .await;
    let total = page["total"].as_u64().expect("a total");
    let (_, bytes) = download(
        &app,
        "/api/v1/penalties/export?district=350602&procedure=ordinary",
    )
    .await;
    let rows = csv::Reader::from_reader(&bytes[3..]).records().count();
    assert_eq!(rows as u64, total);
}

#[tokio::test]
async fn statistics_count_every_standing_decision() {
    let today = gongshi_server::today();
    let d = Duration::DAY;
    // A penalty matter delegated to 南坑 today, so the case counts towards its coverage.
    let orgs = gongshi_server::demo::demo().expect("the demo organisation");
    let catalog = &gongshi_server::demo::demo_catalog(&orgs).expect("the demo catalog")[0];
    let nankeng = "xc-nankeng".parse().expect("an id");
    let matter = gongshi_domain::catalog::delegated_on(&catalog.history, &nankeng, today)
        .into_iter()
        .find(|m| m.power_kind() == gongshi_domain::catalog::PowerKind::Penalty)
        .expect("南坑 holds a penalty matter")
        .to_string();
    let fine = |yuan: u64| {
        json!({"kinds": ["warning", "fine"], "fine": yuan * 100, "content": "警告并罚款",
               "matter": matter})
    };
    let late = cal_late(today - d * 60);
    let app = with_records(vec![
        record(1, today - d * 3, today - d, fine(100)),
        // Years old and out of public view, still counted.
        record(2, today - d * 700, today - d * 699, fine(50)),
        // A minor's case: never published, still counted.
        record(3, today - d * 5, today - d * 4, json!({"restriction": "minor"})),
        // Withdrawn: not counted.
        record(4, today - d * 20, today - d * 19, json!({"withdrawal": {"date": day(today - d), "reason": "revoked", "explanation": "撤销"}})),
        // Published late.
        record(5, late.0, late.1, json!({})),
    ])
    .await;
    let (status, _, stats) = app.get("/api/v1/penalties/stats?district=350602").await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(
        stats["total"],
        json!({"decisions": 4, "fine": 15_000, "confiscated": 0})
    );
    let kinds: Vec<(String, u64)> = stats["by_kind"]
        .as_array()
        .expect("by kind")
        .iter()
        .map(|k| {
            (
                k["kind"].as_str().unwrap_or_default().to_owned(),
                k["decisions"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(kinds, [("warning".to_owned(), 4), ("fine".to_owned(), 2)]);
    let nankeng = &stats["timeliness"][0];
    assert_eq!(nankeng["authority"]["id"], "xc-nankeng");
    assert_eq!(
        (nankeng["decisions"].as_u64(), nankeng["late"].as_u64()),
        (Some(4), Some(1))
    );
    let coverage = stats["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["locality"]["id"] == "xc-nankeng")
        .expect("南坑");
    assert_eq!(coverage["used"], 1, "one delegated matter used: {coverage}");
    assert_eq!(stats["by_locality"][0]["decisions"], 4);
    assert!(coverage["delegated"].as_u64().is_some_and(|n| n > 100));

    let this_year = today.year();
    let (_, _, year) = app
        .get(&format!(
            "/api/v1/penalties/stats?district=350602&year={this_year}"
        ))
        .await;
    assert!(
        year["total"]["decisions"]
            .as_u64()
            .is_some_and(|n| n < 4 || today.ordinal() > 300)
    );
    assert!(year["years"].as_array().is_some_and(|y| y.len() >= 2));
    for (query, field) in [("", "district"), ("district=350602&year=twenty", "year")] {
        assert_error(
            app.get(&format!("/api/v1/penalties/stats?{query}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some(field),
            "bad statistics parameters",
        );
    }
}

/// A decision date and a publication date ten working days later, both in the past.
fn cal_late(decided: Date) -> (Date, Date) {
    let published = CALENDAR
        .add_working_days(decided, 10)
        .expect("inside the calendar");
    (decided, published)
}

#[tokio::test]
async fn demo_statistics_add_up() {
    let app = TestApp::spawn().await;
    let (_, _, stats) = app.get("/api/v1/penalties/stats?district=350602").await;
    let sum = |field: &str| -> u64 {
        stats[field]
            .as_array()
            .expect("a breakdown")
            .iter()
            .map(|g| g["decisions"].as_u64().unwrap_or(0))
            .sum()
    };
    let total = stats["total"]["decisions"].as_u64().expect("a total");
    assert!(
        total > 1900,
        "nearly all 2,000 demo decisions stand: {total}"
    );
    for field in [
        "by_month",
        "by_locality",
        "by_domain",
        "by_procedure",
        "timeliness",
    ] {
        assert_eq!(sum(field), total, "{field} adds up");
    }
}

#[tokio::test]
async fn exports_longer_than_a_batch_keep_every_row_once_and_in_order() {
    let today = gongshi_server::today();
    let records = (1..=2_500u64)
        .map(|id| {
            let decided = today - Duration::days(1 + (id % 90) as i64);
            let fine = json!({"kinds": ["fine"], "fine": (id % 37) * 1000 + 100,
                              "content": "罚款", "severity": "serious", "procedure": "ordinary"});
            record(id, decided, decided, fine)
        })
        .collect();
    let app = with_records(records).await;
    for sort in ["newest", "fine_desc"] {
        let (_, bytes) = download(
            &app,
            &format!("/api/v1/penalties/export?format=ndjson&sort={sort}"),
        )
        .await;
        let rows: Vec<Value> = String::from_utf8_lossy(&bytes)
            .lines()
            .map(|l| serde_json::from_str(l).expect("one object per line"))
            .collect();
        assert_eq!(rows.len(), 2_500, "{sort}: every listed record");
        let ids: BTreeSet<u64> = rows
            .iter()
            .filter_map(|r| r["record"]["id"].as_u64())
            .collect();
        assert_eq!(ids.len(), 2_500, "{sort}: none twice");
        let keys: Vec<(u64, String, u64)> = rows
            .iter()
            .map(|r| {
                let rec = &r["record"];
                (
                    rec["fine"].as_u64().unwrap_or(0),
                    rec["decided"].as_str().unwrap_or_default().to_owned(),
                    rec["id"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        let ordered = match sort {
            "newest" => keys
                .windows(2)
                .all(|w| (&w[0].1, w[0].2) > (&w[1].1, w[1].2)),
            _ => keys.windows(2).all(|w| w[0].0 >= w[1].0),
        };
        assert!(ordered, "{sort}: in the list's order");
    }
}
