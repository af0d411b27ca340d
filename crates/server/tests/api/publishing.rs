//! Publishing penalties from the staff side: one record through the form, corrected and withdrawn
//! with every version in the change log; imports of CSV and XLSX files whose broken rows are named
//! by line and column and write nothing; and the access matrix over every staff write.

use crate::helpers::{TestApp, assert_error};
use axum::http::{HeaderMap, Method, StatusCode, header};
use gongshi_domain::codes::CreditCode;
use gongshi_domain::staff::{Grant, Role, Username};
use gongshi_domain::{AuthorityId, DistrictCode};
use gongshi_server::store::NewStaffUser;
use serde_json::{Value, json};

pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// A signed-in staff member: the session cookie and the CSRF token.
pub(crate) struct Session {
    pub(crate) cookie: String,
    pub(crate) csrf: String,
}

/// Adds an account with `role` over 芗城区 (and `authority`) and signs it in.
pub(crate) async fn sign_in(
    app: &TestApp,
    username: &str,
    role: Role,
    authority: Option<&str>,
) -> Session {
    sign_in_at(app, username, role, "350602", authority).await
}

/// Adds an account with `role` over `district` (and `authority`) and signs it in.
pub(crate) async fn sign_in_at(
    app: &TestApp,
    username: &str,
    role: Role,
    district: &str,
    authority: Option<&str>,
) -> Session {
    let added = app
        .store
        .add_staff_user(&NewStaffUser {
            username: Username::parse(username).expect("valid"),
            display_name: username.to_owned(),
            password_hash: gongshi_server::hash_password(PASSWORD).expect("hashed"),
            grant: Grant::new(
                role,
                DistrictCode::parse(district).expect("valid"),
                authority.map(|a| AuthorityId::parse(a).expect("valid")),
            )
            .expect("a valid grant"),
        })
        .await
        .expect("stored");
    assert!(added);
    let (status, headers, me) = app
        .with_body(
            Method::POST,
            "/api/v1/staff/login",
            &[
                ("content-type", "application/json"),
                ("host", "127.0.0.1:9000"),
            ],
            serde_json::to_vec(&json!({ "username": username, "password": PASSWORD }))
                .expect("JSON"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let cookie = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    Session {
        cookie,
        csrf: me["csrf_token"].as_str().expect("a CSRF token").to_owned(),
    }
}

impl Session {
    pub(crate) async fn send(
        &self,
        app: &TestApp,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, HeaderMap, Value) {
        app.with_body(
            method,
            path,
            &[
                ("cookie", &self.cookie),
                ("x-csrf-token", &self.csrf),
                ("content-type", content_type),
            ],
            body,
        )
        .await
    }

    pub(crate) async fn json(
        &self,
        app: &TestApp,
        method: Method,
        path: &str,
        body: &Value,
    ) -> (StatusCode, HeaderMap, Value) {
        self.send(
            app,
            method,
            path,
            "application/json",
            serde_json::to_vec(body).expect("JSON"),
        )
        .await
    }

    pub(crate) async fn get(&self, app: &TestApp, path: &str) -> (StatusCode, HeaderMap, Value) {
        app.get_with(path, &[("cookie", &self.cookie)]).await
    }
}

fn credit_code() -> String {
    CreditCode::complete("91350602MA2YQWER1")
        .expect("valid")
        .to_string()
}

/// A natural person's record at 南坑街道, decided two days ago.
pub(crate) fn person_record(number: &str) -> Value {
    let decided = gongshi_server::today() - time::Duration::days(2);
    json!({
        "party_name": "王小明",
        "party_kind": "自然人",
        "id_number": "11010519491231002X",
        "address": "漳州市芗城区胜利西路12号",
        "decision_number": number,
        "violation": "擅自占用城市道路",
        "facts": "当事人王小明在胜利西路12号门前擅自占用城市道路堆放建筑材料，证人李华在场。",
        "basis": "《城市道路管理条例》第四十二条",
        "kinds": "警告；罚款",
        "content": "警告，并处罚款人民币伍佰元整",
        "fine": "0.05",
        "decided": decided.to_string(),
        "authority": "xc-nankeng",
        "source": "南坑街道综合行政执法队",
        "matter": "350602001F004200",
        "procedure": "普通程序",
        "locality": "南坑街道",
        "severity": "一般",
        "others_named": "李华",
    })
}

pub(crate) async fn listed_total(app: &TestApp) -> u64 {
    let (_, _, page) = app
        .get("/api/v1/penalties?district=350602&authority=xc-nankeng&limit=1")
        .await;
    page["total"].as_u64().expect("a total")
}

pub(crate) async fn log_entries(app: &TestApp) -> u64 {
    let (_, _, v) = app.get("/api/v1/log/verify").await;
    assert_eq!(v["intact"], true, "{v}");
    v["verified"]["entries"].as_u64().expect("a count")
}

#[tokio::test]
async fn a_record_is_published_corrected_and_withdrawn_and_the_log_keeps_every_version() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let before = listed_total(&app).await;

    let (status, _, written) = publisher
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/penalties",
            &json!({ "fields": person_record("芗南综执罚[2026]第9001号") }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    let id = written["id"].as_u64().expect("an id");
    assert_eq!(written["log_seq"], 1);

    // Public at once: masked, listed, counted and searchable.
    let (status, _, page) = app.get(&format!("/api/v1/penalties/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["status"], "public");
    assert_eq!(page["record"]["party"]["name"], "王某某");
    assert_eq!(
        page["record"]["decision_number"],
        "芗南综执罚〔2026〕第9001号"
    );
    assert_eq!(page["record"]["fine"], 50_000);
    assert_eq!(
        page["record"]["published"],
        gongshi_server::today().to_string()
    );
    let text = page.to_string();
    for secret in ["王小明", "李华", "11010519491231002X", "胜利西路12号"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert_eq!(listed_total(&app).await, before + 1);
    let (_, _, found) = app
        .get("/api/v1/penalties?district=350602&q=%E7%AC%AC9001%E5%8F%B7")
        .await;
    assert_eq!(found["items"][0]["id"], id, "{found}");

    // Its publishers see it as typed, ID number included; the public log does not.
    let (status, _, record) = publisher
        .get(&app, &format!("/api/v1/staff/penalties/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{record}");
    assert_eq!(record["status"], "listed");
    assert_eq!(record["fields"]["id_number"], "11010519491231002X");
    let (_, _, mine) = publisher.get(&app, "/api/v1/staff/penalties?limit=5").await;
    assert_eq!(mine["items"][0]["id"], id);
    assert_eq!(mine["items"][0]["party_name"], "王某某");

    let first_version = page["record"].clone();

    // A correction needs its reason, and keeps the day it was published.
    let mut fields = record["fields"].clone();
    fields["fine"] = json!("0.08");
    fields["content"] = json!("警告，并处罚款人民币捌佰元整");
    let path = format!("/api/v1/staff/penalties/{id}");
    assert_error(
        publisher
            .json(&app, Method::PUT, &path, &json!({ "fields": fields }))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("reason"),
        "a correction without a reason",
    );
    let (status, _, corrected) = publisher
        .json(
            &app,
            Method::PUT,
            &path,
            &json!({ "fields": fields, "reason": "罚款金额录入错误，依决定书更正" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{corrected}");
    assert_eq!(corrected["log_seq"], 2);
    let (_, _, page) = app.get(&format!("/api/v1/penalties/{id}")).await;
    assert_eq!(page["record"]["fine"], 80_000);
    assert_eq!(
        page["record"]["published"],
        gongshi_server::today().to_string()
    );
    assert_eq!(listed_total(&app).await, before + 1);

    // The history holds both entries; only the current version's content is served (a correction
    // may have taken personal data out), the first one's digest still proves what it said.
    let (_, _, history) = app.get(&format!("/api/v1/log?subject=penalty:{id}")).await;
    let items = history["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["change"]["action"], "penalty_published");
    assert_eq!(items[0]["change"]["unit"], "xc-nankeng");
    assert_eq!(items[0]["content"], Value::Null);
    let first = json!({ "record": first_version });
    assert_eq!(
        items[0]["change"]["digest"],
        gongshi_domain::log::content_digest(&first)
    );
    assert_eq!(items[1]["change"]["action"], "penalty_corrected");
    assert_eq!(items[1]["content"]["record"]["fine"], 80_000);
    assert_eq!(
        items[1]["content"]["reason"],
        "罚款金额录入错误，依决定书更正"
    );
    assert!(!history.to_string().contains("王小明"));

    // Withdrawn: a stub stays public, the log stops serving the earlier versions and keeps the
    // withdrawal; the chain still verifies.
    let withdraw = format!("/api/v1/staff/penalties/{id}/withdraw");
    assert_error(
        publisher
            .json(
                &app,
                Method::POST,
                &withdraw,
                &json!({ "reason": "revoked", "explanation": " " }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("explanation"),
        "a withdrawal without an explanation",
    );
    let (status, _, withdrawn) = publisher
        .json(
            &app,
            Method::POST,
            &withdraw,
            &json!({ "reason": "revoked", "explanation": "经复议，芗城区人民政府撤销原处罚决定" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    assert_eq!(withdrawn["log_seq"], 3);
    let (_, _, page) = app.get(&format!("/api/v1/penalties/{id}")).await;
    assert_eq!(page["status"], "withdrawn", "{page}");
    assert_eq!(page["withdrawal"]["reason"], "revoked");
    assert!(page.get("record").is_none());
    let (_, _, history) = app.get(&format!("/api/v1/log?subject=penalty:{id}")).await;
    let items = history["items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["content"], Value::Null);
    assert_eq!(items[1]["content"], Value::Null);
    assert_eq!(
        items[2]["content"]["record"]["withdrawal"]["explanation"],
        "经复议，芗城区人民政府撤销原处罚决定"
    );
    assert_eq!(log_entries(&app).await, 3);
    assert_error(
        publisher
            .json(
                &app,
                Method::POST,
                &withdraw,
                &json!({ "reason": "revoked", "explanation": "再次撤回" }),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
        "withdrawn twice",
    );
    assert_error(
        publisher
            .json(
                &app,
                Method::PUT,
                &path,
                &json!({ "fields": fields, "reason": "再更正" }),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
        "a withdrawn record corrected",
    );
}

#[tokio::test]
async fn a_record_with_mistakes_is_refused_cell_by_cell_and_a_number_cannot_be_published_twice() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let mut fields = person_record("芗南综执罚〔2026〕第9002号");
    fields["party_kind"] = json!("法人及非法人组织");
    fields["credit_code"] = json!("91350602MA2YQWER10");
    fields["matter"] = json!("350602001F999999");
    fields["decided"] = json!("2026-02-30");
    let (status, _, body) = publisher
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/penalties",
            &json!({ "fields": fields }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_record");
    let cells: Vec<(String, String)> = body["error"]["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| {
            (
                c["column"].as_str().unwrap_or_default().to_owned(),
                c["problem"]["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("credit_code", "bad_credit_code"),
        ("decided", "bad_date"),
        ("matter", "unknown_matter"),
    ] {
        assert!(
            cells.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {cells:?}"
        );
    }
    assert_eq!(log_entries(&app).await, 0);
    // Another unit's authority named in the record is not a typing mistake: 403.
    let mut theirs = person_record("芗南综执罚〔2026〕第9003号");
    theirs["authority"] = json!("xc-tongbei");
    assert_error(
        publisher
            .json(
                &app,
                Method::POST,
                "/api/v1/staff/penalties",
                &json!({ "fields": theirs }),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
        "another unit's record",
    );

    let good = json!({ "fields": person_record("芗南综执罚〔2026〕第9002号") });
    let (status, _, _) = publisher
        .json(&app, Method::POST, "/api/v1/staff/penalties", &good)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _, body) = publisher
        .json(&app, Method::POST, "/api/v1/staff/penalties", &good)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["cells"],
        json!([{ "column": "decision_number", "problem": { "code": "already_published" } }])
    );
    assert_eq!(log_entries(&app).await, 1);
}

/// The import layout's header and rows as CSV text.
pub(crate) fn csv(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("written");
    }
    String::from_utf8(w.into_inner().expect("flushed")).expect("UTF-8")
}

const COLUMNS: [&str; 20] = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "处罚决定日期",
    "处罚有效期",
    "处罚机关",
    "数据来源单位",
    "执法事项编码",
    "程序类型",
    "违法行为发生地",
    "情节",
    "公示截止期",
];

/// A company's row with decision number `n`.
pub(crate) fn company_row(n: u32) -> Vec<String> {
    let decided = gongshi_server::today() - time::Duration::days(3);
    vec![
        "漳州市某某餐饮管理有限公司".into(),
        "法人及非法人组织".into(),
        credit_code(),
        "陈建国".into(),
        format!("芗南综执罚〔2026〕第{n}号"),
        "擅自占用城市道路".into(),
        "当事人在胜利西路门前擅自占用城市道路摆放桌椅经营。".into(),
        "《城市道路管理条例》第四十二条".into(),
        "罚款".into(),
        "罚款人民币贰仟元整".into(),
        "0.2".into(),
        decided.to_string(),
        "长期".into(),
        "漳州市芗城区人民政府南坑街道办事处".into(),
        "南坑街道综合行政执法队".into(),
        "350602001F004200".into(),
        "普通程序".into(),
        "南坑街道".into(),
        "一般".into(),
        String::new(),
    ]
}

pub(crate) fn header_row() -> Vec<String> {
    COLUMNS.iter().map(|c| (*c).to_owned()).collect()
}

async fn import(
    app: &TestApp,
    session: &Session,
    commit: bool,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, HeaderMap, Value) {
    session
        .send(
            app,
            Method::POST,
            &format!("/api/v1/staff/penalties/import?commit={commit}"),
            content_type,
            body,
        )
        .await
}

/// (line, column, problem code) of every problem.
fn problems(list: &Value) -> Vec<(u64, String, String)> {
    list.as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap_or(0),
                p["column"].as_str().unwrap_or_default().to_owned(),
                p["problem"]["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_import_with_broken_rows_names_each_cell_writes_nothing_and_commits_once_fixed() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let before = listed_total(&app).await;

    let mut bad_code = company_row(9102);
    bad_code[2] = "91350602MA2YQWER19".into();
    let mut unknown_matter = company_row(9103);
    unknown_matter[15] = "350602001F999999".into();
    let mut bad_date = company_row(9104);
    bad_date[11] = "2026年13月1日".into();
    let mut formula = company_row(9105);
    formula[10] = "=2000/10000".into();
    let rows = vec![
        header_row(),
        company_row(9101),
        bad_code,
        unknown_matter,
        bad_date,
        formula,
        company_row(9101),
        vec![String::new(); COLUMNS.len()],
    ];
    let file = csv(&rows);

    let (status, _, report) =
        import(&app, &publisher, false, "text/csv", file.clone().into()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["rows"], 6);
    assert_eq!(
        problems(&report["problems"]),
        [
            (3, "credit_code".into(), "bad_credit_code".into()),
            (4, "matter".into(), "unknown_matter".into()),
            (5, "decided".into(), "bad_date".into()),
            (6, "fine".into(), "formula".into()),
            (7, "decision_number".into(), "duplicate_in_file".into()),
        ]
    );
    assert_eq!(report["problems"][4]["problem"]["line"], 2);
    assert_eq!(report["valid"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["valid"][0]["line"], 2);
    assert_eq!(report["valid"][0]["fine"], 200_000);

    // A commit with any problem writes nothing.
    let (status, _, body) = import(&app, &publisher, true, "text/csv", file.into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_record");
    assert_eq!(problems(&body["error"]["cells"]).len(), 5);
    assert_eq!(listed_total(&app).await, before);
    assert_eq!(log_entries(&app).await, 0);

    // Fixed, saved by Excel on Chinese Windows (GB18030): every row written, each logged.
    let fixed = csv(&[
        header_row(),
        company_row(9101),
        company_row(9102),
        company_row(9103),
        company_row(9104),
    ]);
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&fixed);
    assert!(!unmappable);
    let (status, _, report) = import(&app, &publisher, false, "text/csv", gbk.to_vec()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["problems"], json!([]), "{report}");
    let (status, _, report) = import(&app, &publisher, true, "text/csv", gbk.to_vec()).await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let written = report["written"].as_array().expect("written");
    assert_eq!(written.len(), 4);
    let seqs: Vec<u64> = written
        .iter()
        .filter_map(|w| w["log_seq"].as_u64())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert_eq!(listed_total(&app).await, before + 4);
    assert_eq!(log_entries(&app).await, 4);
    let (_, _, page) = app
        .get(&format!("/api/v1/penalties/{}", written[3]["id"]))
        .await;
    assert_eq!(
        page["record"]["decision_number"],
        "芗南综执罚〔2026〕第9104号"
    );
    assert_eq!(page["record"]["party"]["representative"], "陈建国");

    // The same file again: every number is published already.
    let (_, _, report) = import(&app, &publisher, false, "text/csv", gbk.to_vec()).await;
    assert_eq!(
        problems(&report["problems"])
            .iter()
            .filter(|p| p.2 == "already_published")
            .count(),
        4
    );
}

#[tokio::test]
async fn an_xlsx_import_refuses_formula_cells_and_reads_dates_and_numbers_as_typed() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let workbook = |with_formula: bool| -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in COLUMNS.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("written");
        }
        for (r, n) in [9201u32, 9202].into_iter().enumerate() {
            let row = company_row(n);
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r, c as u16, v).expect("written");
            }
            // The amount as a number and the date as a date cell, as people type them.
            sheet.write_number(r, 10, 0.2).expect("written");
            let decided = gongshi_server::today() - time::Duration::days(3);
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(
                u16::try_from(decided.year()).expect("a year"),
                u8::from(decided.month()),
                decided.day(),
            )
            .expect("a date");
            let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
            sheet
                .write_datetime_with_format(r, 11, &date, &format)
                .expect("written");
        }
        if with_formula {
            sheet.write_formula(2, 10, "=2000/10000").expect("written");
        }
        book.save_to_buffer().expect("saved")
    };
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let (status, _, body) = import(&app, &publisher, true, xlsx, workbook(true)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        problems(&body["error"]["cells"]),
        [(3, "fine".into(), "formula".into())]
    );
    assert_eq!(log_entries(&app).await, 0);
    let (status, _, report) = import(&app, &publisher, true, xlsx, workbook(false)).await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    assert_eq!(report["written"].as_array().map(Vec::len), Some(2));
    let (_, _, page) = app
        .get(&format!("/api/v1/penalties/{}", report["written"][0]["id"]))
        .await;
    assert_eq!(page["record"]["fine"], 200_000);
    assert_eq!(
        page["record"]["decided"],
        (gongshi_server::today() - time::Duration::days(3)).to_string()
    );

    // Not a spreadsheet at all, or without the layout's columns.
    let (_, _, report) = import(
        &app,
        &publisher,
        false,
        "text/csv",
        b"\xff\xfe\x00garbage".to_vec(),
    )
    .await;
    assert_eq!(
        problems(&report["problems"]),
        [(0, String::new(), "unreadable".into())]
    );
    let (_, _, report) = import(
        &app,
        &publisher,
        false,
        "text/csv",
        "名称,金额\n甲,1\n".into(),
    )
    .await;
    assert!(
        problems(&report["problems"]).contains(&(1, "matter".into(), "missing_column".into())),
        "{report}"
    );
}

#[tokio::test]
async fn every_demo_record_reads_back_as_typed_and_parses_to_itself() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let (_, _, mine) = publisher
        .get(&app, "/api/v1/staff/penalties?limit=20")
        .await;
    let items = mine["items"].as_array().expect("items");
    assert!(!items.is_empty(), "the demo has 南坑街道 records: {mine}");
    for item in items {
        let id = &item["id"];
        let (status, _, record) = publisher
            .get(&app, &format!("/api/v1/staff/penalties/{id}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{record}");
        if record["status"] == "withdrawn" {
            continue;
        }
        // Sent back unchanged as a correction, the record is the same.
        let (status, _, corrected) = publisher
            .json(
                &app,
                Method::PUT,
                &format!("/api/v1/staff/penalties/{id}"),
                &json!({ "fields": record["fields"], "reason": "核对" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{id}: {corrected}");
        let (_, _, again) = publisher
            .get(&app, &format!("/api/v1/staff/penalties/{id}"))
            .await;
        assert_eq!(again["fields"], record["fields"]);
    }
}
