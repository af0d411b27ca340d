//! The staff start page's figures: each role sees only its own unit's, the counts agree with the
//! lists they summarise (the publisher's records by state, the inbox's overdue marks, the roster's
//! statuses) and follow each change at once.

use crate::complaints::settings;
use crate::handling::{codes, tip};
use crate::helpers::{TestApp, assert_error, urlencode};
use crate::publishing::{PASSWORD, Session, person_record, sign_in, sign_in_at};
use crate::roster_changes::{nankeng_officer, officer_fields, personal_values};
use axum::http::{Method, StatusCode};
use gongshi_domain::staff::Role;
use gongshi_server::ComplaintSettings;
use gongshi_server::store::RateLimits;
use serde_json::{Value, json};
use std::collections::BTreeMap;

async fn dashboard(app: &TestApp, who: &Session) -> Value {
    let (status, headers, d) = who.get(app, "/api/v1/staff/dashboard").await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(headers["cache-control"], "private, no-store");
    assert_eq!(d["today"], gongshi_server::today().to_string());
    d
}

/// The parts a role's dashboard has.
fn parts(d: &Value) -> Vec<&str> {
    ["complaints", "penalties", "roster", "accounts"]
        .into_iter()
        .filter(|p| !d[*p].is_null())
        .collect()
}

#[tokio::test]
async fn each_role_sees_its_own_parts_and_nobody_signed_out_sees_any() {
    let app = TestApp::spawn().await;
    assert_error(
        app.get("/api/v1/staff/dashboard").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
        "signed out",
    );
    for (role, authority, expected) in [
        (Role::Admin, None, vec!["roster", "accounts"]),
        (
            Role::Publisher,
            Some("xc-nankeng"),
            vec!["penalties", "roster"],
        ),
        (Role::Handler, Some("xc-nankeng"), vec!["complaints"]),
        (Role::Supervisor, None, vec!["complaints"]),
    ] {
        let who = sign_in(
            &app,
            &format!("{role:?}.one").to_lowercase(),
            role,
            authority,
        )
        .await;
        assert_eq!(parts(&dashboard(&app, &who).await), expected, "{role:?}");
    }
}

/// Every record of the publisher's authority, counted by the list's own status.
async fn list_by_status(app: &TestApp, publisher: &Session) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    let mut path = "/api/v1/staff/penalties?limit=200".to_owned();
    loop {
        let (status, _, page) = publisher.get(app, &path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for item in page["items"].as_array().expect("items") {
            *counts
                .entry(item["status"].as_str().expect("a status").to_owned())
                .or_default() += 1;
        }
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/staff/penalties?limit=200&cursor={next}"),
            None => return counts,
        }
    }
}

fn by_state(d: &Value) -> BTreeMap<String, u64> {
    ["listed", "withdrawn", "removed", "restricted"]
        .into_iter()
        .map(|s| (s.to_owned(), d["penalties"][s].as_u64().expect("a count")))
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[tokio::test]
async fn a_publishers_counts_agree_with_the_list_and_follow_a_publication_and_a_withdrawal() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let before = dashboard(&app, &publisher).await;
    assert_eq!(by_state(&before), list_by_status(&app, &publisher).await);
    assert!(before["penalties"]["listed"].as_u64() > Some(0), "{before}");

    let (status, _, written) = publisher
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/penalties",
            &json!({ "fields": person_record("芗南综执罚〔2026〕901号") }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    let after = dashboard(&app, &publisher).await;
    let count = |d: &Value, k: &str| d["penalties"][k].as_u64().expect("a count");
    assert_eq!(count(&after, "listed"), count(&before, "listed") + 1);
    assert_eq!(count(&after, "recent"), count(&before, "recent") + 1);
    assert_eq!(
        count(&after, "late"),
        count(&before, "late"),
        "two days after the decision is in time"
    );
    assert_eq!(
        after["penalties"]["last_published"],
        gongshi_server::today().to_string()
    );

    let id = written["id"].as_u64().expect("an id");
    let (status, _, withdrawn) = publisher
        .json(
            &app,
            Method::POST,
            &format!("/api/v1/staff/penalties/{id}/withdraw"),
            &json!({ "reason": "revoked", "explanation": "经复议撤销" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    let withdrawn = dashboard(&app, &publisher).await;
    assert_eq!(count(&withdrawn, "listed"), count(&before, "listed"));
    assert_eq!(
        count(&withdrawn, "withdrawn"),
        count(&before, "withdrawn") + 1
    );
    assert_eq!(by_state(&withdrawn), list_by_status(&app, &publisher).await);

    // Another authority's publisher counts none of these.
    let other = sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;
    assert_eq!(
        by_state(&dashboard(&app, &other).await),
        list_by_status(&app, &other).await
    );
}

#[tokio::test]
async fn open_cases_are_counted_for_their_body_and_the_district_and_overdue_as_the_inbox_marks() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let (code, _) = tip(&app, "dashboard-0001").await;
    let handler = sign_in(&app, "tongbei.handler", Role::Handler, Some("xc-tongbei")).await;
    let other = sign_in(&app, "nankeng.handler", Role::Handler, Some("xc-nankeng")).await;
    let supervisor = sign_in(&app, "district.supervisor", Role::Supervisor, None).await;
    let cases = |d: &Value| d["complaints"].clone();

    let mine = cases(&dashboard(&app, &handler).await);
    assert_eq!(
        (
            mine["to_accept"].as_u64(),
            mine["accepted"].as_u64(),
            mine["overdue"].as_u64()
        ),
        (Some(1), Some(0), Some(0)),
        "{mine}"
    );
    assert_eq!(cases(&dashboard(&app, &other).await)["to_accept"], 0);
    assert_eq!(cases(&dashboard(&app, &supervisor).await)["to_accept"], 1);

    let (status, _, accepted) = handler
        .json(
            &app,
            Method::POST,
            &format!("/api/v1/staff/complaints/{code}/status"),
            &json!({ "status": "accepted" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let mine = cases(&dashboard(&app, &handler).await);
    assert_eq!(
        (mine["to_accept"].as_u64(), mine["accepted"].as_u64()),
        (Some(0), Some(1))
    );

    // The reply date passes: overdue on the dashboard as in the inbox.
    let pool = app.raw_db().await;
    let yesterday = gongshi_server::today() - time::Duration::days(1);
    sqlx::query("UPDATE complaints SET reply_due = $1")
        .bind(yesterday.to_string())
        .execute(&pool)
        .await
        .expect("the reply date moved");
    let mine = cases(&dashboard(&app, &handler).await);
    assert_eq!(
        (mine["overdue"].as_u64(), mine["due_soon"].as_u64()),
        (Some(1), Some(0))
    );
    let (_, _, inbox) = handler.get(&app, "/api/v1/staff/complaints").await;
    assert_eq!(inbox["items"][0]["overdue"], true, "{inbox}");
    assert_eq!(cases(&dashboard(&app, &supervisor).await)["overdue"], 1);

    // Replied: no longer overdue, waiting to be closed.
    let (status, _, replied) = handler
        .json(
            &app,
            Method::POST,
            &format!("/api/v1/staff/complaints/{code}/reply"),
            &json!({ "text": "已到现场核查并责令整改。" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{replied}");
    let mine = cases(&dashboard(&app, &handler).await);
    assert_eq!(
        (mine["overdue"].as_u64(), mine["replied"].as_u64()),
        (Some(0), Some(1))
    );
}

#[tokio::test]
async fn each_figure_opens_the_inbox_on_exactly_the_cases_it_counts() {
    // Seven tips from one address.
    let app = TestApp::with_complaint_settings(ComplaintSettings {
        limits: RateLimits {
            per_hour: 10,
            per_day: 10,
        },
        ..settings()
    })
    .await;
    let supervisor = sign_in(&app, "district.supervisor", Role::Supervisor, None).await;
    let pool = app.raw_db().await;
    let today = gongshi_server::today();
    let day = |n: i64| Some((today + time::Duration::days(n)).to_string());
    // (status, reply date, in to_accept, overdue, due_soon)
    let cases = [
        ("received", day(10), true, false, false),
        ("referred", day(0), true, false, true),
        ("accepted", day(-1), false, true, false),
        ("accepted", day(2), false, false, true),
        ("accepted", day(3), false, false, false),
        ("replied", day(-5), false, false, false),
        ("received", None, true, false, false),
    ];
    let mut expected: [Vec<String>; 3] = Default::default();
    for (n, (status, due, to_accept, overdue, soon)) in cases.iter().enumerate() {
        let (code, _) = tip(&app, &format!("queues-{n:04}")).await;
        sqlx::query("UPDATE complaints SET status = $1, reply_due = $2 WHERE code = $3")
            .bind(status)
            .bind(due)
            .bind(&code)
            .execute(&pool)
            .await
            .expect("the case moved");
        for (list, member) in expected.iter_mut().zip([to_accept, overdue, soon]) {
            if *member {
                list.insert(0, code.clone());
            }
        }
    }
    let figures = dashboard(&app, &supervisor).await["complaints"].clone();
    for (queue, cases) in ["to_accept", "overdue", "due_soon"].iter().zip(expected) {
        let (status, _, inbox) = supervisor
            .get(&app, &format!("/api/v1/staff/complaints?queue={queue}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{inbox}");
        assert_eq!(codes(&inbox), cases, "{queue}");
        assert_eq!(
            figures[queue].as_u64(),
            Some(cases.len() as u64),
            "{queue}: {figures}"
        );
    }
    // With the other filters: the accepted ones due soon.
    let (_, _, accepted) = supervisor
        .get(
            &app,
            "/api/v1/staff/complaints?queue=due_soon&status=accepted",
        )
        .await;
    assert_eq!(codes(&accepted).len(), 1, "{accepted}");
    assert_error(
        supervisor
            .get(&app, "/api/v1/staff/complaints?queue=late")
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("query"),
        "an unknown queue",
    );
}

#[tokio::test]
async fn the_roster_part_counts_the_kept_officers_and_lists_the_certificates_about_to_expire() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let before = dashboard(&app, &publisher).await["roster"].clone();
    let district_before = dashboard(&app, &admin).await["roster"].clone();
    let count = |r: &Value, k: &str| r[k].as_u64().expect("a count");
    assert!(count(&district_before, "officers") > count(&before, "officers"));

    // An officer whose certificate ends in ten days.
    let mut fields = officer_fields("闽35060299011", "林将满", "南坑街道", 11);
    let until = gongshi_server::today() + time::Duration::days(10);
    fields["valid_until"] = json!(until.to_string());
    let (status, _, added) = publisher
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/officers",
            &json!({ "fields": fields }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    // A valid one suspended.
    let number = nankeng_officer(&app).await;
    let (status, _, suspended) = publisher
        .json(
            &app,
            Method::POST,
            &format!("/api/v1/staff/officers/{}/status", urlencode(&number)),
            &json!({ "change": "suspend", "reason": "涉嫌违规执法" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{suspended}");

    let after = dashboard(&app, &publisher).await["roster"].clone();
    assert_eq!(count(&after, "officers"), count(&before, "officers") + 1);
    assert_eq!(count(&after, "valid"), count(&before, "valid"));
    assert_eq!(count(&after, "suspended"), count(&before, "suspended") + 1);
    assert_eq!(count(&after, "expiring"), count(&before, "expiring") + 1);
    let listed = after["expiring_soonest"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["certificate"] == "闽35060299011")
        .unwrap_or_else(|| panic!("the new officer in {after}"));
    assert_eq!(listed["until"], until.to_string());
    assert_eq!(listed["name"], "林将满");
    assert_eq!(listed["authority"]["id"], "xc-nankeng");
    assert_eq!(
        listed["authority"]["name"],
        "漳州市芗城区人民政府南坑街道办事处"
    );
    for value in personal_values(11) {
        assert!(
            !after.to_string().contains(&value),
            "no personal data: {value}"
        );
    }

    // The admin's district counts it too; another authority's publisher does not.
    let district = dashboard(&app, &admin).await["roster"].clone();
    assert_eq!(
        count(&district, "officers"),
        count(&district_before, "officers") + 1
    );
    let other = sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;
    let theirs = dashboard(&app, &other).await["roster"].clone();
    assert!(!theirs.to_string().contains("闽35060299011"), "{theirs}");
}

#[tokio::test]
async fn an_admin_counts_the_districts_accounts_by_state() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;
    sign_in_at(&app, "changning.admin", Role::Admin, "310105", None).await;
    let accounts = |d: Value| d["accounts"].clone();
    assert_eq!(
        accounts(dashboard(&app, &admin).await),
        json!({ "active": 2, "disabled": 0, "never_signed_in": 0 }),
        "another district's admin is not counted"
    );

    let (status, _, created) = admin
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/users",
            &json!({ "username": "new.handler", "display_name": "新承办人", "role": "handler",
                     "authority": "xc-nankeng", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (status, _, disabled) = admin
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/users/tongbei.pub/status",
            &json!({ "disabled": true }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{disabled}");
    assert_eq!(
        accounts(dashboard(&app, &admin).await),
        json!({ "active": 2, "disabled": 1, "never_signed_in": 1 })
    );
}
