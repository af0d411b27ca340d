//! The access matrix: every state-changing staff endpoint, tried by everyone who may not use it —
//! nobody signed in, a session that has ended, a right session without its CSRF token, the wrong
//! role, the wrong unit — answers 401 or 403 and changes nothing.

use crate::complaints::{form, settings, submit, with_solution};
use crate::helpers::{TestApp, urlencode};
use crate::publishing::{
    Session, company_row, csv, header_row, listed_total, log_entries, person_record, sign_in,
};
use crate::roster_changes::{nankeng_officer, officer_fields};
use crate::roster_import::{header_row as roster_header, officer_row};
use axum::http::{Method, StatusCode};
use gongshi_domain::staff::{Role, Username};
use serde_json::{Value, json};

/// Who tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Expired,
    NoCsrf,
    WrongRole,
    WrongUnit,
}

/// One write: its request, whether it is about one unit's data (so a wrong role or unit is
/// refused) or anyone's own (signing out), whether it is a complaint's (so the wrong role and
/// unit are those of the complaint side) and whether it is an account's (the district admin's).
struct Write {
    method: Method,
    path: String,
    content_type: &'static str,
    body: Vec<u8>,
    unit_bound: bool,
    complaint: bool,
    account: bool,
}

impl Write {
    fn json(method: Method, path: String, body: &Value) -> Self {
        Self {
            method,
            complaint: path.contains("/complaints/"),
            account: path.starts_with("/api/v1/staff/users"),
            path,
            content_type: "application/json",
            body: serde_json::to_vec(body).expect("JSON"),
            unit_bound: true,
        }
    }
}

/// What must not change: the log (every roster change appends to it), the public list, the target
/// record as its owner sees it, the target case as its handler sees it, and the district's accounts
/// as its admin sees them (with whether the account the account writes aim at is still signed in).
async fn snapshot(
    app: &TestApp,
    owner: &Session,
    record: u64,
    handler: &Session,
    case: &str,
    (admin, target): (&Session, &Session),
) -> (u64, u64, Value, Value, Value, StatusCode) {
    let (_, _, r) = owner
        .get(app, &format!("/api/v1/staff/penalties/{record}"))
        .await;
    let (_, _, c) = handler
        .get(app, &format!("/api/v1/staff/complaints/{case}"))
        .await;
    let (_, _, mut accounts) = admin.get(app, "/api/v1/staff/users").await;
    // Signing in is not a change.
    if let Some(items) = accounts["items"].as_array_mut() {
        for a in items {
            a["last_login_at"] = Value::Null;
        }
    }
    let (signed_in, _, _) = target.get(app, "/api/v1/staff/me").await;
    (
        log_entries(app).await,
        listed_total(app).await,
        r,
        c,
        accounts,
        signed_in,
    )
}

#[tokio::test]
async fn every_staff_write_refuses_everyone_who_may_not_make_it_and_changes_nothing() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let owner = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let wrong_role = sign_in(&app, "nankeng.handler", Role::Handler, Some("xc-nankeng")).await;
    let wrong_unit = sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;
    // For the complaint writes: the tip goes to 通北街道, whose handler owns it; a publisher there
    // has the wrong role, 南坑's handler the wrong unit.
    let handler = sign_in(&app, "tongbei.handler", Role::Handler, Some("xc-tongbei")).await;
    let body = with_solution(&app, form()).await;
    let (status, _, answer) = submit(&app, &body, Some("access-0001")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let case = answer["code"].as_str().expect("a code").replace('-', "");
    // A session of the owner's that ended an hour ago.
    let user = app
        .store
        .staff_user(&Username::parse("nankeng.pub").expect("valid"))
        .await
        .expect("read")
        .expect("exists");
    let token = "0123456789abcdef".repeat(4);
    app.store
        .open_session(
            user.id,
            &gongshi_server_sha256(&token),
            &"c".repeat(64),
            time::OffsetDateTime::now_utc() - time::Duration::hours(1),
        )
        .await
        .expect("stored");
    let expired = Session {
        cookie: format!("gongshi_session={token}"),
        csrf: "c".repeat(64),
    };

    // The record the writes aim at.
    let (status, _, written) = owner
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/penalties",
            &json!({ "fields": person_record("芗南综执罚〔2026〕第9301号") }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    let id = written["id"].as_u64().expect("an id");
    let (_, _, record) = owner
        .get(&app, &format!("/api/v1/staff/penalties/{id}"))
        .await;

    let mut writes = vec![
        Write::json(
            Method::POST,
            "/api/v1/staff/penalties".into(),
            &json!({ "fields": person_record("芗南综执罚〔2026〕第9302号") }),
        ),
        Write::json(
            Method::PUT,
            format!("/api/v1/staff/penalties/{id}"),
            &json!({ "fields": record["fields"], "reason": "更正" }),
        ),
        Write::json(
            Method::POST,
            format!("/api/v1/staff/penalties/{id}/withdraw"),
            &json!({ "reason": "revoked", "explanation": "决定被撤销" }),
        ),
        Write {
            method: Method::POST,
            path: "/api/v1/staff/penalties/import?commit=true".into(),
            content_type: "text/csv",
            body: csv(&[header_row(), company_row(9303)]).into_bytes(),
            unit_bound: true,
            complaint: false,
            account: false,
        },
        Write {
            method: Method::POST,
            path: "/api/v1/staff/logout".into(),
            content_type: "application/json",
            body: Vec::new(),
            unit_bound: false,
            complaint: false,
            account: false,
        },
        Write::json(
            Method::POST,
            format!("/api/v1/staff/complaints/{case}/status"),
            &json!({ "status": "accepted" }),
        ),
        Write::json(
            Method::POST,
            format!("/api/v1/staff/complaints/{case}/reply"),
            &json!({ "text": "已处理" }),
        ),
        Write::json(
            Method::POST,
            format!("/api/v1/staff/complaints/{case}/notes"),
            &json!({ "text": "内部备注" }),
        ),
        Write::json(
            Method::POST,
            format!("/api/v1/staff/complaints/{case}/transfer"),
            &json!({ "authority": "xc-cgzf", "reason": "移送" }),
        ),
    ];

    // A 南坑街道 officer, whose certificate 南坑's publishers keep.
    let encoded = urlencode(&nankeng_officer(&app).await);
    writes.push(Write::json(
        Method::POST,
        format!("/api/v1/staff/officers/{encoded}/status"),
        &json!({ "change": "suspend", "reason": "暂扣" }),
    ));
    // The roster's other writes: a new 南坑 officer (by the form and by import), a secondment added
    // and one ended.
    writes.push(Write::json(
        Method::POST,
        "/api/v1/staff/officers".into(),
        &json!({ "fields": officer_fields("闽35060299901", "林新来", "南坑街道", 1) }),
    ));
    writes.push(Write::json(
        Method::POST,
        format!("/api/v1/staff/officers/{encoded}/secondments"),
        &json!({ "zone": "xc-east", "from": gongshi_server::today().to_string() }),
    ));
    writes.push(Write::json(
        Method::POST,
        format!("/api/v1/staff/officers/{encoded}/secondments/0/end"),
        &json!({ "until": gongshi_server::today().to_string(), "reason": "提前结束" }),
    ));
    writes.push(Write {
        method: Method::POST,
        path: "/api/v1/staff/officers/import?commit=true".into(),
        content_type: "text/csv",
        body: csv(&[roster_header(), officer_row(90, "南坑街道")]).into_bytes(),
        unit_bound: true,
        complaint: false,
        account: false,
    });

    // A catalog round is the district admin's: a publisher has the wrong role; another district's
    // admin would be the wrong unit, and an admin's grant names one district, so a 南坑 publisher
    // stands for both here.
    writes.push(Write {
        method: Method::POST,
        path: "/api/v1/staff/catalog/rounds".into(),
        content_type: "application/json",
        body: serde_json::to_vec(&json!({
            "document": "芗政文〔2026〕90号",
            "effective": (gongshi_server::today() + time::Duration::days(40)).to_string(),
            "acts": [{ "act": "delegate", "localities": ["xc-nankeng"], "matters": ["350602001F004200"] }],
        }))
        .expect("JSON"),
        unit_bound: true,
        complaint: false,
        account: false,
    });

    // Accounts are the district admin's: a publisher has the wrong role; a 南坑 publisher again
    // stands for the wrong unit (another district's admin finds no such account: 404, see
    // users.rs). They aim at the 南坑 handler's account.
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    writes.push(Write::json(
        Method::POST,
        "/api/v1/staff/users".into(),
        &json!({ "username": "new.user", "display_name": "新用户", "role": "supervisor",
                 "password": "correct horse battery staple" }),
    ));
    writes.push(Write::json(
        Method::POST,
        "/api/v1/staff/users/nankeng.handler/status".into(),
        &json!({ "disabled": true }),
    ));
    writes.push(Write::json(
        Method::POST,
        "/api/v1/staff/users/nankeng.handler/password".into(),
        &json!({ "password": "another long pass phrase" }),
    ));

    let before = snapshot(&app, &owner, id, &handler, &case, (&admin, &wrong_role)).await;
    let mut tried = 0;
    for w in &writes {
        for who in [
            Who::Anonymous,
            Who::Expired,
            Who::NoCsrf,
            Who::WrongRole,
            Who::WrongUnit,
        ] {
            if !w.unit_bound && matches!(who, Who::WrongRole | Who::WrongUnit) {
                continue;
            }
            let mut headers: Vec<(&str, &str)> = vec![("content-type", w.content_type)];
            // On the complaint side the roles swap: a publisher is the wrong role, another body's
            // handler the wrong unit, and the right session without CSRF is the handler's.
            let (right, role, unit) = if w.complaint {
                (&handler, &owner, &wrong_role)
            } else if w.account {
                (&admin, &owner, &wrong_unit)
            } else {
                (&owner, &wrong_role, &wrong_unit)
            };
            let session = match who {
                Who::Anonymous => None,
                Who::Expired => Some((&expired, true)),
                Who::NoCsrf => Some((right, false)),
                Who::WrongRole => Some((role, true)),
                Who::WrongUnit => Some((unit, true)),
            };
            if let Some((s, with_csrf)) = session {
                headers.push(("cookie", &s.cookie));
                if with_csrf {
                    headers.push(("x-csrf-token", &s.csrf));
                }
            }
            let (status, _, body) = app
                .with_body(w.method.clone(), &w.path, &headers, w.body.clone())
                .await;
            let expected = match who {
                Who::Anonymous | Who::Expired => StatusCode::UNAUTHORIZED,
                Who::NoCsrf | Who::WrongRole | Who::WrongUnit => StatusCode::FORBIDDEN,
            };
            assert_eq!(status, expected, "{who:?} {} {}: {body}", w.method, w.path);
            let code = match who {
                Who::Anonymous | Who::Expired => "unauthorized",
                Who::NoCsrf => "csrf_failed",
                Who::WrongRole | Who::WrongUnit => "forbidden",
            };
            assert_eq!(body["error"]["code"], code, "{who:?} {}: {body}", w.path);
            tried += 1;
        }
    }
    assert_eq!(tried, 17 * 5 + 3);
    assert_eq!(
        snapshot(&app, &owner, id, &handler, &case, (&admin, &wrong_role)).await,
        before,
        "nothing changed"
    );
}

/// The session token's SHA-256 as the store keeps it.
fn gongshi_server_sha256(token: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
