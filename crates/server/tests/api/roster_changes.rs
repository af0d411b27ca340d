//! Certificate status changes from the staff side: suspended, reinstated and revoked with their
//! reasons, shown at once by the public certificate check, each in the change log; refused when the
//! status does not allow it or the officer is another unit's.

use crate::helpers::{TestApp, assert_error, urlencode};
use crate::publishing::sign_in;
use axum::http::{Method, StatusCode};
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
