//! Certificate status changes from the staff side: suspended, reinstated and revoked with their
//! reasons, shown at once by the public certificate check, each in the change log; refused when the
//! status does not allow it or the officer is another unit's.

use crate::helpers::{TestApp, assert_error, urlencode};
use crate::publishing::sign_in;
use axum::http::{HeaderMap, Method, StatusCode};
use gongshi_domain::staff::Role;
use serde_json::{Value, json};

/// A 南坑街道 team officer whose certificate is valid today.
pub(crate) async fn nankeng_officer(app: &TestApp) -> String {
    let (_, _, page) = app
        .get("/api/v1/officers?district=350602&locality=xc-nankeng&status=valid&limit=200")
        .await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["unit"]["locality"]["id"] == "xc-nankeng")
        .and_then(|o| o["certificate"].as_str())
        .unwrap_or_else(|| panic!("a 南坑 officer in {page}"))
        .to_owned()
}

async fn status(app: &TestApp, number: &str) -> Value {
    let (status, _, check) = app
        .get(&format!("/api/v1/certificates/{}", urlencode(number)))
        .await;
    assert_eq!(status, StatusCode::OK, "{check}");
    check["status"].clone()
}

#[tokio::test]
async fn a_certificate_is_suspended_reinstated_and_revoked_with_reasons_in_the_log() {
    let app = TestApp::spawn().await;
    let number = nankeng_officer(&app).await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let stranger = sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let path = format!("/api/v1/staff/officers/{}/status", urlencode(&number));
    assert_eq!(status(&app, &number).await["status"], "valid");

    assert_error(
        stranger
            .json(
                &app,
                Method::POST,
                &path,
                &json!({ "change": "suspend", "reason": "测试" }),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
        "another unit's officer",
    );
    assert_error(
        publisher
            .json(
                &app,
                Method::POST,
                &path,
                &json!({ "change": "reinstate", "reason": "恢复" }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("change"),
        "reinstating a valid certificate",
    );
    assert_error(
        publisher
            .json(
                &app,
                Method::POST,
                &path,
                &json!({ "change": "suspend", "reason": "" }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("reason"),
        "no reason",
    );

    let (code, _, logged) = publisher
        .json(
            &app,
            Method::POST,
            &path,
            &json!({ "change": "suspend", "reason": "涉嫌违规执法，依规暂扣执法证" }),
        )
        .await;
    assert_eq!(code, StatusCode::OK, "{logged}");
    assert_eq!(logged["log_seq"], 1);
    let now = status(&app, &number).await;
    assert_eq!(now["status"], "suspended", "{now}");
    assert_eq!(now["reason"], "涉嫌违规执法，依规暂扣执法证");

    let (code, _, _) = publisher
        .json(
            &app,
            Method::POST,
            &path,
            &json!({ "change": "reinstate", "reason": "核查无违规，恢复" }),
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(status(&app, &number).await["status"], "valid");
    // The district's admin may change any officer's.
    let (code, _, _) = admin
        .json(
            &app,
            Method::POST,
            &path,
            &json!({ "change": "revoke", "reason": "调离执法岗位，注销执法证" }),
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(status(&app, &number).await["status"], "revoked");

    let (_, _, history) = app
        .get(&format!(
            "/api/v1/log?subject=officer:{}",
            urlencode(&number)
        ))
        .await;
    let items = history["items"].as_array().expect("items");
    let events: Vec<&str> = items
        .iter()
        .filter_map(|e| e["content"]["change"]["event"].as_str())
        .collect();
    assert_eq!(events, ["suspended", "reinstated", "revoked"], "{history}");
    assert!(
        items
            .iter()
            .all(|e| e["change"]["action"] == "certificate_status_changed")
    );
    assert_eq!(items[2]["content"]["status"]["status"], "revoked");
    let (_, _, verified) = app.get("/api/v1/log/verify").await;
    assert_eq!(verified["verified"]["entries"], 3);
}

/// A resident ID number with a valid check digit, in the non-existent region 999999.
pub(crate) fn id_number(n: u32) -> String {
    let first17 = format!("99999919800101{n:03}");
    let check = gongshi_domain::codes::resident_id_check(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// An officer of `unit` as the form takes it, with personal data the public must never see.
pub(crate) fn officer_fields(number: &str, name: &str, unit: &str, n: u32) -> Value {
    let today = gongshi_server::today();
    json!({
        "name": name,
        "certificate": number,
        "issuer": "漳州市人民政府",
        "categories": "城市管理；市场监管",
        "area": "芗城区",
        "issued": (today - time::Duration::days(10)).to_string(),
        "valid_until": (today + time::Duration::days(5 * 365)).to_string(),
        "unit": unit,
        "id_number": id_number(n),
        "birth_date": "1980-01-01",
        "phone": format!("1990596{n:04}"),
        "home_address": format!("漳州市芗城区秘密小区 {n} 幢"),
    })
}

/// The personal values of [`officer_fields`], none of which any public answer may carry.
pub(crate) fn personal_values(n: u32) -> Vec<String> {
    vec![
        id_number(n),
        "1980-01-01".to_owned(),
        format!("1990596{n:04}"),
        "秘密小区".to_owned(),
    ]
}

/// The log entries about one officer.
pub(crate) async fn officer_log(app: &TestApp, number: &str) -> Vec<Value> {
    let (_, _, page) = app
        .get(&format!(
            "/api/v1/log?subject=officer:{}",
            urlencode(number)
        ))
        .await;
    page["items"].as_array().expect("items").clone()
}

#[tokio::test]
async fn an_added_officer_is_public_at_once_and_logged_without_personal_data() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let stranger = sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;
    let handler = sign_in(&app, "nankeng.handler", Role::Handler, Some("xc-nankeng")).await;
    let number = "闽35060299001";
    let fields = officer_fields(number, "林新来", "南坑街道", 1);

    for (session, why) in [
        (&stranger, "another authority's publisher"),
        (&handler, "a handler"),
    ] {
        assert_error(
            session
                .json(
                    &app,
                    Method::POST,
                    "/api/v1/staff/officers",
                    &json!({ "fields": fields }),
                )
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
            None,
            why,
        );
    }

    let (status, _, written) = publisher
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/officers",
            &json!({ "fields": fields }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    assert_eq!(written, json!({ "certificate": number, "log_seq": 1 }));

    // Public at once: the roster, the locality's officers, the certificate check.
    let (_, _, page) = app
        .get(&format!("/api/v1/officers?q={}", urlencode(number)))
        .await;
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["name"], "林新来");
    assert_eq!(page["items"][0]["unit"]["locality"]["id"], "xc-nankeng");
    let (_, _, here) = app
        .get("/api/v1/officers?locality=xc-nankeng&limit=200")
        .await;
    assert!(
        here["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|o| o["certificate"] == number),
        "{here}"
    );
    let (status, _, check) = app
        .get(&format!("/api/v1/certificates/{}", urlencode(number)))
        .await;
    assert_eq!(status, StatusCode::OK, "{check}");
    assert_eq!(check["status"]["status"], "valid", "{check}");

    // Logged, with the public record only.
    let entries = officer_log(&app, number).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["change"]["action"], "officer_added");
    assert_eq!(entries[0]["change"]["unit"], "xc-nankeng");
    assert_eq!(entries[0]["content"]["officer"]["name"], "林新来");
    assert_eq!(entries[0]["content"]["officer"]["certificate"], number);
    let everything_public = format!("{page}{check}{}", json!(entries));
    for secret in personal_values(1) {
        assert!(
            !everything_public.contains(&secret),
            "{secret} is published: {everything_public}"
        );
    }
    assert!(!everything_public.contains("\"o-"), "no internal id");
    let (_, _, verified) = app.get("/api/v1/log/verify").await;
    assert_eq!(verified["intact"], true, "{verified}");

    // The same number again (typed in full-width and lower case as a phone would), and broken
    // fields by column.
    let again = officer_fields("闽３５０６０２９９００１", "林又来", "南坑街道", 2);
    assert_error(
        publisher
            .json(
                &app,
                Method::POST,
                "/api/v1/staff/officers",
                &json!({ "fields": again }),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
        "the number is on the roster",
    );
    let mut broken = officer_fields("闽35060299002", "林新", "南坑街道", 3);
    broken["valid_until"] = json!("2020-02-30");
    broken["unit"] = json!("不存在的队");
    broken["phone"] = json!("12");
    broken.as_object_mut().expect("an object").remove("issuer");
    let (status, _, body) = publisher
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/officers",
            &json!({ "fields": broken }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_record");
    let cells: Vec<(&str, &str)> = body["error"]["roster_cells"]
        .as_array()
        .expect("roster_cells")
        .iter()
        .map(|c| {
            (
                c["column"].as_str().unwrap_or_default(),
                c["problem"]["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("issuer", "required"),
            ("valid_until", "bad_date"),
            ("unit", "unknown_unit"),
            ("phone", "bad_phone"),
        ]
    );
    assert_eq!(officer_log(&app, "闽35060299002").await.len(), 0);
}

/// A refused secondment's answer names the problem by code (the browser translates it); the rest
/// is an ordinary `invalid_parameter` answer.
fn refusal(
    (status, headers, mut body): (StatusCode, HeaderMap, Value),
    problem: &Value,
) -> (StatusCode, HeaderMap, Value) {
    let removed = body["error"]
        .as_object_mut()
        .and_then(|e| e.remove("secondment"));
    assert_eq!(removed.as_ref(), Some(problem), "{body}");
    (status, headers, body)
}

#[tokio::test]
async fn secondments_are_added_and_ended_early_with_each_change_logged() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let zjj = sign_in(&app, "zjj.pub", Role::Publisher, Some("xc-zjj")).await;
    let stranger = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let today = gongshi_server::today();
    let day = |n: i64| (today + time::Duration::days(n)).to_string();

    // A new officer of 区住建局, entered by the district's admin.
    let number = "闽35060299101";
    let (status, _, _) = admin
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/officers",
            &json!({ "fields": officer_fields(number, "陈借调", "区住建局", 7) }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let path = format!("/api/v1/staff/officers/{}/secondments", urlencode(number));

    assert_error(
        stranger
            .json(
                &app,
                Method::POST,
                &path,
                &json!({ "locality": "xc-nankeng", "from": day(0) }),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
        "the receiving locality's publisher does not keep a department's officer",
    );
    let (status, _, added) = zjj
        .json(
            &app,
            Method::POST,
            &path,
            &json!({ "locality": "xc-nankeng", "from": day(0), "until": day(90) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(
        added["secondments"],
        json!([{ "n": 0, "to": { "locality": "xc-nankeng" }, "from": day(0), "until": day(90) }])
    );

    // Who works at 南坑 today includes them; their record shows the secondment.
    let (_, _, here) = app
        .get("/api/v1/officers?locality=xc-nankeng&seconded=true&limit=200")
        .await;
    assert!(
        here["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|o| o["certificate"] == number),
        "{here}"
    );
    let (_, _, record) = app
        .get(&format!("/api/v1/officers/{}", urlencode(number)))
        .await;
    assert_eq!(
        record["officer"]["secondments"][0]["to"]["locality"]["id"], "xc-nankeng",
        "{record}"
    );

    for (body, field, problem, why) in [
        (
            json!({ "locality": "xc-nankeng", "from": day(-1) }),
            "from",
            json!({ "code": "starts_in_past" }),
            "backdated",
        ),
        (
            json!({ "locality": "xc-nankeng", "from": day(30) }),
            "from",
            json!({ "code": "overlaps" }),
            "overlapping",
        ),
        (
            json!({ "locality": "xc-nankeng", "zone": "xc-east", "from": day(0) }),
            "locality",
            json!({ "code": "place" }),
            "two places",
        ),
        (
            json!({ "zone": "xc-nowhere", "from": day(0) }),
            "zone",
            json!({ "code": "rule", "rule": "unknown_place" }),
            "no such zone",
        ),
        (
            json!({ "zone": "xc-east", "from": day(10), "until": day(5) }),
            "until",
            json!({ "code": "rule", "rule": "ends_before_start" }),
            "ends before it starts",
        ),
    ] {
        assert_error(
            refusal(zjj.json(&app, Method::POST, &path, &body).await, &problem),
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some(field),
            why,
        );
    }
    // A team's officer is not seconded.
    let team_officer = nankeng_officer(&app).await;
    assert_error(
        refusal(
            admin
                .json(
                    &app,
                    Method::POST,
                    &format!(
                        "/api/v1/staff/officers/{}/secondments",
                        urlencode(&team_officer)
                    ),
                    &json!({ "zone": "xc-east", "from": day(0) }),
                )
                .await,
            &json!({ "code": "rule", "rule": "not_a_department_officer" }),
        ),
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("certificate"),
        "a team officer",
    );

    // To the zone as well, then the locality secondment ended early with a reason.
    let (status, _, _) = zjj
        .json(
            &app,
            Method::POST,
            &path,
            &json!({ "zone": "xc-east", "from": day(100) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let end = |n: u32| format!("{path}/{n}/end");
    assert_error(
        zjj.json(
            &app,
            Method::POST,
            &end(0),
            &json!({ "until": day(30), "reason": "" }),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("reason"),
        "no reason",
    );
    assert_error(
        zjj.json(
            &app,
            Method::POST,
            &end(5),
            &json!({ "until": day(30), "reason": "提前结束" }),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        "no such secondment",
    );
    let (status, _, ended) = zjj
        .json(
            &app,
            Method::POST,
            &end(0),
            &json!({ "until": day(30), "reason": "南坑街道执法力量已补充，提前结束下沉" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert_eq!(ended["secondments"][0]["until"], day(30));
    assert_eq!(ended["secondments"][1]["to"], json!({ "zone": "xc-east" }));
    assert_error(
        refusal(
            zjj.json(
                &app,
                Method::POST,
                &end(0),
                &json!({ "until": day(60), "reason": "再延长" }),
            )
            .await,
            &json!({ "code": "not_earlier" }),
        ),
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("until"),
        "ending later is not ending early",
    );

    // The staff view numbers them; the log has the addition, both secondments and the end.
    let (status, _, staff_view) = zjj
        .get(
            &app,
            &format!("/api/v1/staff/officers/{}", urlencode(number)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{staff_view}");
    assert_eq!(staff_view["authority"], "xc-zjj");
    assert_eq!(staff_view["secondments"][1]["n"], 1);
    assert_eq!(
        stranger
            .get(
                &app,
                &format!("/api/v1/staff/officers/{}", urlencode(number))
            )
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let entries = officer_log(&app, number).await;
    let actions: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["change"]["action"].as_str().unwrap_or_default(),
                e["content"]["change"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("officer_added", ""),
            ("secondment_changed", "added"),
            ("secondment_changed", "added"),
            ("secondment_changed", "ended"),
        ]
    );
    assert_eq!(
        entries[3]["content"]["reason"],
        "南坑街道执法力量已补充，提前结束下沉"
    );
    assert_eq!(entries[3]["content"]["secondment"]["until"], day(30));
    assert!(entries.iter().all(|e| e["change"]["unit"] == "xc-zjj"));
    let public = json!(entries).to_string();
    for secret in personal_values(7) {
        assert!(!public.contains(&secret), "{secret} in {public}");
    }
    let (_, _, verified) = app.get("/api/v1/log/verify").await;
    assert_eq!(verified["verified"]["entries"], 4);
}
