//! Importing officers: `POST /api/v1/staff/officers/import?commit=` with CSV (UTF-8 or GB18030) or
//! XLSX files whose broken rows are named by line and column and write nothing, a commit that adds
//! every officer with its change-log entry, and `GET /api/v1/staff/officers/template`.

use crate::helpers::{TestApp, header_str, urlencode};
use crate::publishing::{Session, csv, log_entries, sign_in};
use crate::roster_changes::{id_number, officer_log, personal_values};
use axum::http::{HeaderMap, Method, StatusCode, header};
use gongshi_domain::staff::Role;
use serde_json::{Value, json};

/// The header in another order than the template's, with a column the import does not read and
/// one of the accepted variants (执法证件号码).
const HEADER: [&str; 14] = [
    "序号",
    "姓名",
    "所属单位",
    "执法证件号码",
    "发证机关",
    "执法类别",
    "执法区域",
    "发证日期",
    "有效期至",
    "派驻地",
    "派驻起始日期",
    "身份证号码",
    "联系电话",
    "籍贯",
];

pub(crate) fn header_row() -> Vec<String> {
    HEADER.iter().map(|h| (*h).to_owned()).collect()
}

/// An officer numbered `n` of `unit`; a department's (a name with 局) is seconded to 东部片区.
pub(crate) fn officer_row(n: u32, unit: &str) -> Vec<String> {
    let today = gongshi_server::today();
    let seconded = unit.contains('局');
    vec![
        n.to_string(),
        format!("导入{n}号"),
        unit.to_owned(),
        format!("闽350602990{n:02}"),
        "漳州市人民政府".to_owned(),
        "城市管理、住房建设".to_owned(),
        "芗城区".to_owned(),
        (today - time::Duration::days(30)).to_string(),
        format!("{}年12月31日", today.year() + 4),
        if seconded { "东部片区" } else { "" }.to_owned(),
        if seconded {
            today.to_string()
        } else {
            String::new()
        },
        id_number(n),
        format!("1990596{n:04}"),
        "福建漳州".to_owned(),
    ]
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
            &format!("/api/v1/staff/officers/import?commit={commit}"),
            content_type,
            body,
        )
        .await
}

/// (line, column, problem code) of every problem.
fn problems(list: &Value) -> Vec<(u64, String, String)> {
    list.as_array()
        .unwrap_or_else(|| panic!("problems: {list}"))
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

/// How many officers the district's roster has.
async fn roster_total(app: &TestApp) -> u64 {
    let (_, _, page) = app.get("/api/v1/officers?district=350602&limit=1").await;
    page["total"].as_u64().expect("a total")
}

#[tokio::test]
async fn an_import_with_broken_rows_names_each_cell_writes_nothing_and_commits_once_fixed() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let before = roster_total(&app).await;

    let mut bad_date = officer_row(3, "南坑街道");
    bad_date[8] = "2030年13月1日".into();
    let mut unknown_unit = officer_row(4, "南坑街道");
    unknown_unit[2] = "不存在的中队".into();
    let mut on_roster = officer_row(5, "南坑街道");
    on_roster[3] = "闽35060200001".into();
    let mut team_seconded = officer_row(6, "南坑街道");
    team_seconded[9] = "东部片区".into();
    team_seconded[10] = gongshi_server::today().to_string();
    let rows = vec![
        header_row(),
        officer_row(1, "南坑街道"),
        officer_row(2, "区住建局"),
        bad_date,
        unknown_unit,
        on_roster,
        team_seconded,
        officer_row(1, "南坑街道"),
        vec![String::new(); HEADER.len()],
    ];
    let file = csv(&rows);

    let (status, _, report) = import(&app, &admin, false, "text/csv", file.clone().into()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["rows"], 7);
    assert_eq!(report["unknown_columns"], json!(["籍贯"]));
    assert_eq!(
        problems(&report["problems"]),
        [
            (4, "valid_until".into(), "bad_date".into()),
            (5, "unit".into(), "unknown_unit".into()),
            (6, "certificate".into(), "already_on_roster".into()),
            (7, "seconded_to".into(), "secondment".into()),
            (8, "certificate".into(), "duplicate_in_file".into()),
        ]
    );
    assert_eq!(
        report["problems"][3]["problem"]["rule"],
        "not_a_department_officer"
    );
    assert_eq!(report["problems"][4]["problem"]["line"], 2);
    let valid = report["valid"].as_array().expect("valid");
    assert_eq!(valid.len(), 2);
    assert_eq!(valid[1]["unit"], json!({ "department": "xc-zjj" }));
    assert_eq!(valid[1]["seconded_to"], json!({ "zone": "xc-east" }));

    // A commit with any problem writes nothing.
    let (status, _, body) = import(&app, &admin, true, "text/csv", file.into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_record");
    assert_eq!(problems(&body["error"]["roster_cells"]).len(), 5);
    assert_eq!(roster_total(&app).await, before);
    assert_eq!(log_entries(&app).await, 0);

    // Fixed: every officer added, each logged, all public.
    let fixed = csv(&[
        header_row(),
        officer_row(1, "南坑街道"),
        officer_row(2, "区住建局"),
        officer_row(3, "xc-nankeng-team"),
        officer_row(4, "漳州市芗城区住房和城乡建设局"),
    ]);
    let (status, _, report) = import(&app, &admin, true, "text/csv", fixed.clone().into()).await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let written = report["written"].as_array().expect("written");
    let seqs: Vec<u64> = written
        .iter()
        .filter_map(|w| w["log_seq"].as_u64())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert_eq!(written[3]["certificate"], "闽35060299004");
    assert_eq!(roster_total(&app).await, before + 4);
    for n in 1..=4 {
        let number = format!("闽350602990{n:02}");
        let (status, _, check) = app
            .get(&format!("/api/v1/certificates/{}", urlencode(&number)))
            .await;
        assert_eq!(status, StatusCode::OK, "{check}");
        assert_eq!(check["name"], format!("导入{n}号"), "{check}");
        let entries = officer_log(&app, &number).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["change"]["action"], "officer_added");
        let public = format!("{check}{}", json!(entries));
        for secret in personal_values(n) {
            assert!(!public.contains(&secret), "{secret} in {public}");
        }
    }
    let (_, _, record) = app
        .get(&format!("/api/v1/officers/{}", urlencode("闽35060299002")))
        .await;
    assert_eq!(
        record["officer"]["secondments"][0]["to"]["zone"]["id"],
        "xc-east"
    );

    // The same file again: every number is on the roster already.
    let (_, _, report) = import(&app, &admin, false, "text/csv", fixed.into()).await;
    assert_eq!(
        problems(&report["problems"])
            .iter()
            .filter(|p| p.2 == "already_on_roster")
            .count(),
        4
    );
}

#[tokio::test]
async fn a_gb18030_csv_from_a_publisher_adds_their_own_units_officers_only() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let handler = sign_in(&app, "nankeng.handler", Role::Handler, Some("xc-nankeng")).await;
    // Saved by Excel on Chinese Windows.
    let encode = |rows: &[Vec<String>]| {
        let text = csv(rows);
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        bytes.to_vec()
    };
    let theirs = encode(&[
        header_row(),
        officer_row(11, "南坑街道"),
        officer_row(12, "区住建局"),
    ]);

    assert_eq!(
        import(&app, &handler, false, "text/csv", theirs.clone())
            .await
            .0,
        StatusCode::FORBIDDEN,
        "a handler does not keep the roster"
    );
    // A dry run names the other unit's row; a commit is refused as another unit's.
    let (status, _, report) = import(&app, &publisher, false, "text/csv", theirs.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        problems(&report["problems"]),
        [(3, "unit".into(), "not_your_unit".into())]
    );
    let (status, _, body) = import(&app, &publisher, true, "text/csv", theirs).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(log_entries(&app).await, 0);

    let own = encode(&[
        header_row(),
        officer_row(11, "南坑街道"),
        officer_row(13, "南坑街道"),
    ]);
    let (status, _, report) = import(&app, &publisher, true, "text/csv", own).await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    assert_eq!(report["written"].as_array().map(Vec::len), Some(2));
    let (_, _, page) = app
        .get(&format!("/api/v1/officers?q={}", urlencode("闽3506029901")))
        .await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert_eq!(names, ["导入11号", "导入13号"], "{page}");
}

#[tokio::test]
async fn an_xlsx_import_refuses_formula_cells_and_reads_date_cells() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let workbook = |with_formula: bool| -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("written");
        }
        for (r, n) in [21u32, 22].into_iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in officer_row(n, "南坑街道").iter().enumerate() {
                sheet.write_string(r, c as u16, v).expect("written");
            }
            // The issue date as a date cell, as people type it.
            let issued = gongshi_server::today() - time::Duration::days(30);
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(
                u16::try_from(issued.year()).expect("a year"),
                u8::from(issued.month()),
                issued.day(),
            )
            .expect("a date");
            let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
            sheet
                .write_datetime_with_format(r, 7, &date, &format)
                .expect("written");
        }
        if with_formula {
            sheet
                .write_formula(2, 3, "=\"闽\"&\"35060299022\"")
                .expect("written");
        }
        book.save_to_buffer().expect("saved")
    };
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let (status, _, body) = import(&app, &admin, true, xlsx, workbook(true)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        problems(&body["error"]["roster_cells"]),
        [(3, "certificate".into(), "formula".into())]
    );
    assert_eq!(log_entries(&app).await, 0);

    let (status, _, report) = import(&app, &admin, true, xlsx, workbook(false)).await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    assert_eq!(report["written"].as_array().map(Vec::len), Some(2));
    let (_, _, check) = app
        .get(&format!(
            "/api/v1/certificates/{}",
            urlencode("闽35060299022")
        ))
        .await;
    assert_eq!(
        check["validity"]["from"],
        (gongshi_server::today() - time::Duration::days(30)).to_string(),
        "{check}"
    );

    // Not a spreadsheet at all, or without the layout's columns.
    let (_, _, report) = import(
        &app,
        &admin,
        false,
        "text/csv",
        b"\xff\xfe\x00garbage".to_vec(),
    )
    .await;
    assert_eq!(
        problems(&report["problems"]),
        [(0, String::new(), "unreadable".into())]
    );
    let (_, _, report) = import(&app, &admin, false, "text/csv", "姓名,年龄\n甲,30\n".into()).await;
    assert!(
        problems(&report["problems"]).contains(&(1, "certificate".into(), "missing_column".into())),
        "{report}"
    );
}

#[tokio::test]
async fn the_template_is_the_layouts_header_in_utf8_with_a_bom() {
    let app = TestApp::spawn().await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let (status, headers, body) = app
        .raw(
            Method::GET,
            "/api/v1/staff/officers/template",
            &[("cookie", &publisher.cookie)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(header_str(&headers, header::CONTENT_TYPE).starts_with("text/csv"));
    let text = std::str::from_utf8(&body).expect("UTF-8");
    let header = text.strip_prefix('\u{feff}').expect("a BOM");
    assert!(
        header.starts_with("姓名,执法证号,发证机关,执法类别,执法区域,发证日期,有效期至,所属单位,"),
        "{header}"
    );
    assert_eq!(
        app.raw(Method::GET, "/api/v1/staff/officers/template", &[])
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}
