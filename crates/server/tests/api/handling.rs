//! Handling complaints from the staff side: the inbox of a body and of the district's supervisors,
//! the contact only for the handlers of the body holding the case, accept, notes, a transfer the
//! jurisdiction rules allow, a public reply the citizen's tracking page shows, and closing.

use crate::complaints::{form, settings, submit, with_solution};
use crate::helpers::{TestApp, assert_error};
use crate::publishing::sign_in;
use axum::http::{Method, StatusCode};
use gongshi_domain::staff::Role;
use serde_json::{Value, json};

/// Submits a tip; its code and secret.
pub(crate) async fn tip(app: &TestApp, key: &str) -> (String, String) {
    let body = with_solution(app, form()).await;
    let (status, _, answer) = submit(app, &body, Some(key)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    (
        answer["code"].as_str().expect("a code").replace('-', ""),
        answer["secret"].as_str().expect("a secret").to_owned(),
    )
}

pub(crate) fn codes(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["code"].as_str().map(|c| c.replace('-', "")))
        .collect()
}

#[tokio::test]
async fn a_case_is_accepted_noted_transferred_answered_and_closed_and_the_citizen_reads_the_reply()
{
    let app = TestApp::with_complaint_settings(settings()).await;
    let (code, secret) = tip(&app, "handling-0001").await;
    let handler = sign_in(&app, "tongbei.handler", Role::Handler, Some("xc-tongbei")).await;
    let other = sign_in(&app, "nankeng.handler", Role::Handler, Some("xc-nankeng")).await;
    let bureau = sign_in(&app, "cgzf.handler", Role::Handler, Some("xc-cgzf")).await;
    let supervisor = sign_in(&app, "district.supervisor", Role::Supervisor, None).await;

    // Inboxes: the body routed to, and the district's supervisors; nobody else.
    let (status, _, mine) = handler.get(&app, "/api/v1/staff/complaints").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(codes(&mine), std::slice::from_ref(&code));
    assert_eq!(mine["items"][0]["status"], "received");
    assert_eq!(mine["items"][0]["overdue"], false);
    assert_eq!(
        codes(&other.get(&app, "/api/v1/staff/complaints").await.2),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&supervisor.get(&app, "/api/v1/staff/complaints").await.2),
        std::slice::from_ref(&code)
    );
    let path = format!("/api/v1/staff/complaints/{code}");

    // The contact only for the handlers of the body holding it.
    let (status, _, case) = handler.get(&app, &path).await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["contact"]["phone"], "13812345678");
    assert_eq!(case["may_handle"], true);
    assert_eq!(case["transfer_targets"][0]["id"], "xc-cgzf", "{case}");
    let (_, _, seen) = supervisor.get(&app, &path).await;
    assert!(seen.get("contact").is_none_or(Value::is_null), "{seen}");
    assert_eq!(seen["may_handle"], false);
    assert!(!seen.to_string().contains("13812345678"));
    assert_error(
        other.get(&app, &path).await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
        "another body's case",
    );

    // Closing before any reply is refused; accepting works once.
    let status_path = format!("{path}/status");
    assert_error(
        handler
            .json(
                &app,
                Method::POST,
                &status_path,
                &json!({ "status": "closed" }),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
        "closed without a reply",
    );
    let (status, _, case) = handler
        .json(
            &app,
            Method::POST,
            &status_path,
            &json!({ "status": "accepted" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["status"], "accepted");
    assert_eq!(case["timeline"][1]["actor"], "tongbei.handler");

    // Internal notes: the handler's and the supervisor's, never public.
    let (status, _, _) = handler
        .json(
            &app,
            Method::POST,
            &format!("{path}/notes"),
            &json!({ "text": "已电话联系城管中队核实" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, case) = supervisor
        .json(
            &app,
            Method::POST,
            &format!("{path}/notes"),
            &json!({ "text": "请三日内答复" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["notes"][1]["actor"], "district.supervisor");

    // A transfer goes only where the jurisdiction rules allow, with a reason.
    let transfer_path = format!("{path}/transfer");
    assert_error(
        handler
            .json(
                &app,
                Method::POST,
                &transfer_path,
                &json!({ "authority": "xc-nankeng", "reason": "不属本街道" }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("authority"),
        "a body the rules do not name",
    );
    let (status, _, moved) = handler
        .json(
            &app,
            Method::POST,
            &transfer_path,
            &json!({ "authority": "xc-cgzf", "reason": "涉及跨街道占道经营，移送区城管执法局办理" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["status"], "referred");
    assert_eq!(moved["authority"]["id"], "xc-cgzf");
    assert_eq!(moved["may_handle"], false);
    assert!(moved.get("contact").is_none_or(Value::is_null));
    assert_eq!(
        codes(&handler.get(&app, "/api/v1/staff/complaints").await.2),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&bureau.get(&app, "/api/v1/staff/complaints").await.2),
        std::slice::from_ref(&code)
    );

    // The new body sees the contact (the citizen let the handling body have it), accepts, replies.
    let (_, _, case) = bureau.get(&app, &path).await;
    assert_eq!(case["contact"]["phone"], "13812345678", "{case}");
    let (status, _, _) = bureau
        .json(
            &app,
            Method::POST,
            &status_path,
            &json!({ "status": "accepted" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let reply = "经现场核查，已责令当事人清理占道物品，并依法立案调查。感谢您的监督。";
    assert_error(
        bureau
            .json(
                &app,
                Method::POST,
                &format!("{path}/reply"),
                &json!({ "text": "  " }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("text"),
        "an empty reply",
    );
    let (status, _, case) = bureau
        .json(
            &app,
            Method::POST,
            &format!("{path}/reply"),
            &json!({ "text": reply }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["status"], "replied");

    // The citizen's tracking page: the reply and the transfer's reason, no notes, no actors.
    let (status, _, tracked) = app
        .get_with(
            &format!("/api/v1/complaints/{code}"),
            &[("x-tracking-secret", &secret)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tracked}");
    assert_eq!(tracked["status"], "replied");
    assert_eq!(tracked["authority"]["id"], "xc-cgzf");
    let timeline = tracked["timeline"].as_array().expect("a timeline");
    let statuses: Vec<&str> = timeline
        .iter()
        .filter_map(|e| e["status"].as_str())
        .collect();
    assert_eq!(
        statuses,
        ["received", "accepted", "referred", "accepted", "replied"]
    );
    assert_eq!(timeline[4]["note"], reply);
    assert_eq!(
        timeline[2]["note"],
        "涉及跨街道占道经营，移送区城管执法局办理"
    );
    let text = tracked.to_string();
    for private in [
        "已电话联系",
        "请三日内答复",
        "tongbei.handler",
        "13812345678",
    ] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    // Public statistics count the reply.
    let (_, _, stats) = app.get("/api/v1/complaints/stats?district=350602").await;
    assert_eq!(stats["replied"], 1, "{stats}");

    // Closed, and closed for good.
    let (status, _, case) = bureau
        .json(
            &app,
            Method::POST,
            &status_path,
            &json!({ "status": "closed" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(case["status"], "closed");
    assert_error(
        bureau
            .json(
                &app,
                Method::POST,
                &format!("{path}/reply"),
                &json!({ "text": "补充答复" }),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
        "a closed case",
    );
}

#[tokio::test]
async fn supervisors_see_the_supervised_list_and_handler_only_contacts_stay_with_the_first_body() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let (first, _) = tip(&app, "handling-0101").await;
    let (second, _) = tip(&app, "handling-0102").await;
    let (third, _) = tip(&app, "handling-0103").await;
    let supervisor = sign_in(&app, "district.supervisor", Role::Supervisor, None).await;
    let (_, _, all) = supervisor.get(&app, "/api/v1/staff/complaints").await;
    assert_eq!(codes(&all), [third.clone(), second, first]);
    let (_, _, supervised) = supervisor
        .get(&app, "/api/v1/staff/complaints?supervised=true")
        .await;
    assert_eq!(
        codes(&supervised),
        std::slice::from_ref(&third),
        "the third repeat is supervised"
    );
    assert_eq!(supervised["items"][0]["authority"], "xc-cgzf");
    assert_error(
        supervisor
            .get(&app, "/api/v1/staff/complaints?status=lost")
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("query"),
        "an unknown status",
    );
    let publisher = sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;
    assert_error(
        publisher.get(&app, "/api/v1/staff/complaints").await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
        "a publisher has no inbox",
    );

    // Contact for the case officer only: not passed on with a transfer.
    let mut private = form();
    private["privacy"] = json!("handler_only");
    private["description"] = json!("夜间施工噪声扰民，持续到凌晨两点，已多次劝阻无效。");
    let body = with_solution(&app, private).await;
    let (status, _, answer) = submit(&app, &body, Some("handling-0104")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let code = answer["code"].as_str().expect("a code").replace('-', "");
    let path = format!("/api/v1/staff/complaints/{code}");
    let routed = answer["authority"]["id"]
        .as_str()
        .expect("routed")
        .to_owned();
    let first_handler = sign_in(&app, "first.handler", Role::Handler, Some(&routed)).await;
    let (_, _, case) = first_handler.get(&app, &path).await;
    assert_eq!(case["contact"]["phone"], "13812345678", "{case}");
    let target = case["transfer_targets"][0]["id"]
        .as_str()
        .expect("a target")
        .to_owned();
    let (status, _, _) = first_handler
        .json(
            &app,
            Method::POST,
            &format!("{path}/transfer"),
            &json!({ "authority": target, "reason": "移送主管部门" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let next_handler = sign_in(&app, "next.handler", Role::Handler, Some(&target)).await;
    let (_, _, case) = next_handler.get(&app, &path).await;
    assert_eq!(case["may_handle"], true);
    assert!(case.get("contact").is_none_or(Value::is_null), "{case}");
}
