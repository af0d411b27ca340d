//! Open311 GeoReport v2 at `/open311/v2/`: services and definitions, a partner's POST with its API
//! key, requests read back with public fields only, tokens, and errors in the specification's
//! format — in JSON and in XML read by a real XML parser, against the specification's field lists.

use crate::helpers::{TestApp, json};
use axum::http::{Method, StatusCode, header};
use gongshi_server::ComplaintSettings;
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;
use std::sync::Arc;

/// GeoReport v2 fields of a service (GET services).
const SERVICE_FIELDS: [&str; 7] = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
];
/// GeoReport v2 fields of a service request (GET requests).
const REQUEST_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];
/// GeoReport v2 fields of a service definition attribute.
const ATTRIBUTE_FIELDS: [&str; 8] = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
];
const KEY: &str = "partner-hotline-key";

async fn app() -> TestApp {
    TestApp::with_complaint_settings(ComplaintSettings {
        open311_keys: Arc::from(vec![KEY.to_owned()]),
        ..ComplaintSettings::default()
    })
    .await
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let (status, headers, bytes) = app.raw(Method::GET, path, &[]).await;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let body = serde_urlencoded::to_string(form).expect("form-encodes");
    let (status, _, bytes) = app
        .send(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(body))
                .expect("a request"),
        )
        .await;
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Parses `xml` completely and returns the names of the root's children and how many elements
/// have each name.
fn xml_elements(xml: &str) -> (String, std::collections::BTreeMap<String, usize>) {
    let mut reader = Reader::from_str(xml);
    let mut root = None;
    let mut counts = std::collections::BTreeMap::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if root.is_none() {
                    root = Some(name.clone());
                }
                *counts.entry(name).or_insert(0) += 1;
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML ({e}): {xml}"),
        }
    }
    (root.expect("a root element"), counts)
}

fn only_spec_fields(item: &Value, allowed: &[&str], what: &str) {
    for key in item.as_object().expect("an object").keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{what}: {key} is not a GeoReport v2 field"
        );
    }
}

#[tokio::test]
async fn services_and_their_definitions_in_json_and_xml() {
    let app = app().await;
    let (status, content_type, body) = get(&app, "/open311/v2/services.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let services = json(body.as_bytes(), "services");
    let services = services.as_array().expect("a list");
    assert_eq!(services.len(), 16, "a tip service per domain, and conduct");
    for s in services {
        only_spec_fields(s, &SERVICE_FIELDS, "service");
        for field in SERVICE_FIELDS {
            assert!(!s[field].is_null(), "{field} in {s}");
        }
        assert_eq!(s["type"], "realtime");
        assert_eq!(s["metadata"], true);
    }
    assert!(
        services
            .iter()
            .any(|s| s["service_code"] == "tip_urban_management"
                && s["service_name"] == "举报：城市管理")
    );

    let (status, content_type, body) = get(&app, "/open311/v2/services.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/xml"), "{content_type}");
    let (root, counts) = xml_elements(&body);
    assert_eq!(root, "services");
    assert_eq!(counts.get("service"), Some(&16));
    assert!(body.contains("<service_code>conduct</service_code>"));

    let (status, _, body) = get(&app, "/open311/v2/services/conduct.json").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let definition = json(body.as_bytes(), "definition");
    assert_eq!(definition["service_code"], "conduct");
    let attributes = definition["attributes"].as_array().expect("attributes");
    let codes: Vec<&str> = attributes
        .iter()
        .filter_map(|a| a["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "district",
            "locality",
            "happened_on",
            "matter",
            "officer",
            "privacy",
            "consent"
        ]
    );
    for a in attributes {
        only_spec_fields(a, &ATTRIBUTE_FIELDS, "attribute");
    }
    assert!(
        attributes[1]["values"]
            .as_array()
            .is_some_and(|v| v.iter().any(|l| l["key"] == "xc-tongbei")),
        "localities are listed"
    );
    let (_, _, tip) = get(&app, "/open311/v2/services/tip_water.json").await;
    assert!(!tip.contains("\"officer\""), "an officer only for conduct");

    let (status, _, body) = get(&app, "/open311/v2/services/conduct.xml").await;
    assert_eq!(status, StatusCode::OK);
    let (root, counts) = xml_elements(&body);
    assert_eq!(root, "service_definition");
    assert_eq!(counts.get("attribute"), Some(&7));
    assert!(counts.get("value").is_some_and(|n| *n > 10));

    let (status, _, body) = get(&app, "/open311/v2/services/nothing.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let errors = json(body.as_bytes(), "an error");
    assert_eq!(errors[0]["code"], 404);
}

#[tokio::test]
async fn a_partner_posts_a_request_and_reads_back_public_fields_only() {
    let app = app().await;
    let today = gongshi_server::today().to_string();
    let form = [
        ("api_key", KEY),
        ("service_code", "tip_urban_management"),
        ("address_string", "北环城路 12 号门前"),
        ("attribute[district]", "350602"),
        ("attribute[locality]", "xc-tongbei"),
        ("attribute[happened_on]", today.as_str()),
        ("attribute[matter]", "350602001F004200"),
        ("attribute[privacy]", "name_withheld"),
        ("attribute[consent]", "yes"),
        (
            "description",
            "每天晚上十点后在人行道上摆摊经营，占用盲道。",
        ),
        ("first_name", "小明"),
        ("last_name", "王"),
        ("phone", "13812345678"),
    ];
    let (status, body) = post(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created = json(body.as_bytes(), "created");
    let id = created[0]["service_request_id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert!(
        created[0]["service_notice"]
            .as_str()
            .is_some_and(|n| n.contains("通北街道")),
        "{created}"
    );

    let (status, _, body) = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let request = json(body.as_bytes(), "request");
    let r = &request[0];
    only_spec_fields(r, &REQUEST_FIELDS, "request");
    assert_eq!(r["service_request_id"], id.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "tip_urban_management");
    assert!(
        r.get("agency_responsible").is_none() && r.get("status_notes").is_none(),
        "who handles it and the reply need the tracking secret: {r}"
    );
    for private in ["13812345678", "王", "摆摊", "北环城路"] {
        assert!(!body.contains(private), "{private} is not public: {body}");
    }

    let (_, _, list) = get(
        &app,
        "/open311/v2/requests.json?service_code=tip_urban_management",
    )
    .await;
    assert!(list.contains(&id), "{list}");
    let (_, _, closed) = get(&app, "/open311/v2/requests.json?status=closed").await;
    assert_eq!(json(closed.as_bytes(), "closed"), Value::Array(Vec::new()));
    let (_, _, xml) = get(&app, &format!("/open311/v2/requests/{id}.xml")).await;
    let (root, counts) = xml_elements(&xml);
    assert_eq!(root, "service_requests");
    assert_eq!(counts.get("request"), Some(&1));
    let (status, _, token) = get(&app, &format!("/open311/v2/tokens/{id}.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        json(token.as_bytes(), "token")[0]["service_request_id"],
        id.as_str()
    );

    // The request is also a complaint the citizen-facing tracking knows.
    let (status, _, tracked) = app.get(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{tracked}");
}

#[tokio::test]
async fn errors_come_in_the_specifications_format() {
    let app = app().await;
    let (status, body) = post(
        &app,
        "/open311/v2/requests.json",
        &[("service_code", "conduct")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let errors = json(body.as_bytes(), "no key");
    assert_eq!(errors[0]["code"], 403);
    assert!(
        errors[0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("api_key"))
    );

    let (status, body) = post(
        &app,
        "/open311/v2/requests.xml",
        &[("api_key", "guess"), ("service_code", "conduct")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (root, counts) = xml_elements(&body);
    assert_eq!(root, "errors");
    assert_eq!(counts.get("error"), Some(&1));

    // A request missing what the form needs: one error per field, by its Open311 name.
    let (status, body) = post(
        &app,
        "/open311/v2/requests.json",
        &[
            ("api_key", KEY),
            ("service_code", "tip_water"),
            ("attribute[district]", "350602"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let errors = json(body.as_bytes(), "bad request");
    let descriptions: Vec<&str> = errors
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["description"].as_str())
        .collect();
    for field in [
        "attribute[locality]",
        "description",
        "attribute[privacy]",
        "attribute[consent]",
    ] {
        assert!(
            descriptions.iter().any(|d| d.starts_with(field)),
            "{field} in {descriptions:?}"
        );
    }
    let (status, _, body) = get(&app, "/open311/v2/requests.json?status=pending").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json(body.as_bytes(), "bad status")[0]["code"], 400);
    let (status, _, _) = get(&app, "/open311/v2/services.yaml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
