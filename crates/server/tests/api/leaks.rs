//! The leak walk: every public endpoint and export, over the demo data plus complaints and a
//! published, corrected and withdrawn record, read the way a scraper would (every page, every
//! record, every export format). It fails if any answer carries a complainant's name or contact,
//! an ID number, a mobile number, a natural person's unmasked name or address, or an officer's
//! personal data — and if the OpenAPI document names a public path the walk did not visit, so a new
//! endpoint cannot escape it.

use crate::complaints::{form, settings, submit, with_solution};
use crate::helpers::{TestApp, urlencode};
use crate::publishing::{person_record, sign_in};
use axum::http::{Method, StatusCode};
use gongshi_domain::codes::ResidentId;
use gongshi_domain::staff::Role;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A penalty's id, party kind, party name, representative, ID number, address and the others it
/// names (a JSON list), as stored apart from the public projection.
type PrivateRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// Values that must never appear in a public answer, each with what it is, and the natural
/// persons each penalty names.
///
/// A name is a few characters drawn from common ones, so a person's name can also be, rightly, an
/// officer's, a zone lead's or an organisation's legal representative's (all public by law), or part of one (张明
/// in 张明华). Such a name is not
/// searched for everywhere; it is still searched for in its own record's page and export line,
/// where it would be the leak.
#[derive(Debug, Default)]
struct Secrets {
    values: BTreeMap<String, &'static str>,
    people: HashMap<i64, Vec<String>>,
}

impl Secrets {
    fn add(&mut self, value: Option<&str>, what: &'static str) {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            self.values.insert(v.to_owned(), what);
        }
    }

    /// Everything personal the database holds: the parties' and named persons' data behind each
    /// penalty, officers' and auxiliaries' personal data, complainants' contacts and words.
    async fn stored(app: &TestApp) -> Self {
        let pool = app.raw_db().await;
        let mut secrets = Self::default();
        let mut public_names: HashSet<String> =
            sqlx::query_as::<_, (String,)>("SELECT name FROM officers")
                .fetch_all(&pool)
                .await
                .expect("the officers' names")
                .into_iter()
                .map(|(name,)| name)
                .collect();
        // The zones' leads, deputy leads and legal reviewers are published with the organisation.
        let leads: Vec<(String, String)> = sqlx::query_as("SELECT lead, legal_reviewer FROM zones")
            .fetch_all(&pool)
            .await
            .expect("the zones' leads");
        public_names.extend(
            leads
                .into_iter()
                .flat_map(|(lead, reviewer)| [lead, reviewer]),
        );
        let deputies: Vec<(Option<String>,)> = sqlx::query_as("SELECT deputy_lead FROM localities")
            .fetch_all(&pool)
            .await
            .expect("the zones' deputy leads");
        public_names.extend(deputies.into_iter().filter_map(|(d,)| d));
        let rows: Vec<PrivateRow> = sqlx::query_as(
            "SELECT x.id, p.party_kind, x.party_name, x.representative, x.id_number, x.address, \
                 x.others_named FROM penalty_private x JOIN penalties p ON p.id = x.id",
        )
        .fetch_all(&pool)
        .await
        .expect("the penalties' private columns");
        assert!(rows.len() > 1_000, "the demo penalties are there");
        let mut names = Vec::new();
        for (id, kind, name, representative, id_number, address, others) in &rows {
            let mut people: Vec<String> = serde_json::from_str(others).expect("a JSON list");
            match kind.as_str() {
                "natural_person" => {
                    people.push(name.clone());
                    secrets.add(address.as_deref(), "a natural person's address");
                }
                "individual_business" => people.extend(representative.clone()),
                _ => public_names.extend(representative.clone()),
            }
            secrets.add(id_number.as_deref(), "a party's ID number");
            names.extend(
                people
                    .iter()
                    .map(|p| (p.clone(), "a natural person named in a record")),
            );
            secrets.people.insert(*id, people);
        }
        let auxiliaries: Vec<(String, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT name, id_number, phone FROM auxiliaries")
                .fetch_all(&pool)
                .await
                .expect("the auxiliaries");
        for (name, id_number, phone) in &auxiliaries {
            names.push((name.clone(), "an auxiliary's name (never listed)"));
            secrets.add(id_number.as_deref(), "an auxiliary's ID number");
            secrets.add(phone.as_deref(), "an auxiliary's phone");
        }
        for (name, what) in names {
            if !public_names
                .iter()
                .any(|public| public.contains(name.as_str()))
            {
                secrets.add(Some(&name), what);
            }
        }
        let officers: Vec<(Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT id_number, phone, home_address FROM officer_personal")
                .fetch_all(&pool)
                .await
                .expect("the officers' personal data");
        for (id_number, phone, address) in &officers {
            secrets.add(id_number.as_deref(), "an officer's ID number");
            secrets.add(phone.as_deref(), "an officer's phone");
            secrets.add(address.as_deref(), "an officer's home address");
        }
        let contacts: Vec<(Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT name, phone, email FROM complaint_contacts")
                .fetch_all(&pool)
                .await
                .expect("the complainants' contacts");
        assert!(!contacts.is_empty(), "the walk runs with complaints stored");
        for (name, phone, email) in &contacts {
            secrets.add(name.as_deref(), "a complainant's name");
            secrets.add(phone.as_deref(), "a complainant's phone");
            secrets.add(email.as_deref(), "a complainant's e-mail");
        }
        let words: Vec<(Option<String>, String)> =
            sqlx::query_as("SELECT address, description FROM complaints")
                .fetch_all(&pool)
                .await
                .expect("the complaints' words");
        for (address, description) in &words {
            secrets.add(address.as_deref(), "a complaint's address");
            secrets.add(Some(description), "a complaint's description");
        }
        secrets
    }

    /// The natural persons record `id` names that `text` (its page or export line) shows.
    fn people_in(&self, id: i64, text: &str) -> Vec<String> {
        self.people
            .get(&id)
            .into_iter()
            .flatten()
            .filter(|name| text.contains(name.as_str()))
            .map(|name| format!("record {id} names {name}"))
            .collect()
    }

    /// What `body` gives away: a known value, or anything shaped like a mobile or ID number.
    fn found_in(&self, body: &str) -> Vec<String> {
        let mut found: Vec<String> = self
            .values
            .iter()
            .filter(|(value, _)| body.contains(value.as_str()))
            .map(|(value, what)| format!("{what} ({value})"))
            .collect();
        for token in numbers(body) {
            let digits = token.as_bytes();
            if digits.len() == 11 && digits[0] == b'1' && (b'3'..=b'9').contains(&digits[1]) {
                found.push(format!("a mobile number ({token})"));
            }
            if ResidentId::parse(&token).is_ok() {
                found.push(format!("an ID number ({token})"));
            }
        }
        found
    }
}

/// The runs of digits in `text` (full-width digits as ASCII; a single space or hyphen between
/// digits joined, as in 138-1234-5678; a trailing X kept), skipping those inside a longer word of
/// ASCII letters and digits such as a hash or a credit code.
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'Ｘ' => 'X',
            _ => c,
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut run = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                run.push(c);
                i += 1;
            } else if (c == ' ' || c == '-')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && chars
                    .get(i.wrapping_sub(1))
                    .is_some_and(char::is_ascii_digit)
            {
                i += 1;
            } else {
                break;
            }
        }
        if chars.get(i).is_some_and(|c| *c == 'X' || *c == 'x') {
            run.push('X');
            i += 1;
        }
        let inside_word = |c: Option<&char>| c.is_some_and(char::is_ascii_alphanumeric);
        if !inside_word(start.checked_sub(1).and_then(|s| chars.get(s)))
            && !inside_word(chars.get(i))
        {
            out.push(run);
        }
    }
    out
}

/// The walk's state: which documented paths it visited and what it found where.
struct Walk<'a> {
    app: &'a TestApp,
    secrets: Secrets,
    visited: BTreeSet<&'static str>,
    findings: Vec<String>,
    answers: usize,
}

impl Walk<'_> {
    /// `GET path` (documented as `template`), its body checked; the body as text.
    async fn text(
        &mut self,
        template: &'static str,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let (status, _, bytes) = self.app.raw(Method::GET, path, headers).await;
        assert!(!status.is_server_error(), "GET {path} answered {status}");
        let body = String::from_utf8(bytes.to_vec()).expect("every answer is UTF-8");
        for found in self.secrets.found_in(&body) {
            self.findings.push(format!("GET {path}: {found}"));
        }
        self.visited.insert(template);
        self.answers += 1;
        (status, body)
    }

    /// `GET path` answered 200 with JSON.
    async fn json(&mut self, template: &'static str, path: &str) -> Value {
        let (status, body) = self.text(template, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// Every item of a paged list, following `next` at the largest page.
    async fn all(&mut self, template: &'static str, path: &str) -> Vec<Value> {
        let join = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut next: Option<String> = None;
        loop {
            let page_path = match &next {
                None => format!("{path}{join}limit=200"),
                Some(cursor) => format!("{path}{join}limit=200&cursor={cursor}"),
            };
            let page = self.json(template, &page_path).await;
            items.extend(page["items"].as_array().cloned().unwrap_or_default());
            match page["next"].as_str() {
                Some(cursor) => next = Some(cursor.to_owned()),
                None => return items,
            }
        }
    }
}

fn strings<'v>(items: &'v [Value], key: &str) -> Vec<&'v str> {
    items.iter().filter_map(|i| i[key].as_str()).collect()
}

/// The public GET paths the OpenAPI document names.
async fn documented(app: &TestApp) -> BTreeSet<String> {
    let (_, _, doc) = app.get("/api/v1/openapi.json").await;
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter(|(path, item)| !path.starts_with("/api/v1/staff/") && item.get("get").is_some())
        .map(|(path, _)| path.clone())
        .collect()
}

/// Complaints in every privacy mode, contacts and personal words in every field; one handled to a
/// public reply. Their tracking codes and secrets.
async fn complaints(app: &TestApp) -> Vec<(String, String)> {
    let mut tracked = Vec::new();
    let people = [
        (
            "name_withheld",
            "欧阳晓明",
            "13912345678",
            "oyxm@example.cn",
        ),
        ("handler_only", "司马青青", "15800001111", ""),
        ("anonymous", "", "", ""),
    ];
    for (n, (privacy, name, phone, email)) in people.into_iter().enumerate() {
        let mut f = form();
        f["privacy"] = json!(privacy);
        f["name"] = json!(name);
        f["phone"] = json!(phone);
        f["email"] = json!(email);
        f["address"] = json!(format!("胜利东路{}号楼下，我家住3栋402室", 30 + n));
        f["description"] = json!(format!(
            "第{n}次反映：门前占道经营，我的电话 137 0000 {n}{n}{n}{n}，身份证号 11010519491231002X，请回电。"
        ));
        let body = with_solution(app, f).await;
        let (status, _, answer) = submit(app, &body, Some(&format!("leak-walk-{n:04}"))).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        tracked.push((
            answer["code"].as_str().expect("a code").replace('-', ""),
            answer["secret"].as_str().expect("a secret").to_owned(),
        ));
    }
    let handler = sign_in(app, "tongbei.handler", Role::Handler, Some("xc-tongbei")).await;
    let case = format!("/api/v1/staff/complaints/{}", tracked[0].0);
    for (path, body) in [
        (format!("{case}/status"), json!({ "status": "accepted" })),
        (
            format!("{case}/notes"),
            json!({ "text": "已电话联系欧阳晓明（13912345678）核实" }),
        ),
        (
            format!("{case}/reply"),
            json!({ "text": "经现场核查，已责令当事人清理占道物品。感谢您的监督。" }),
        ),
    ] {
        let (status, _, answer) = handler.json(app, Method::POST, &path, &body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
    }
    tracked
}

/// A natural person's record published, corrected and withdrawn, so the log carries every kind of
/// entry about a person.
async fn publications(app: &TestApp) {
    let publisher = sign_in(app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let (status, _, written) = publisher
        .json(
            app,
            Method::POST,
            "/api/v1/staff/penalties",
            &json!({ "fields": person_record("芗南综执罚[2026]第9101号") }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    let path = format!("/api/v1/staff/penalties/{}", written["id"]);
    let (_, _, record) = publisher.get(app, &path).await;
    let mut fields = record["fields"].clone();
    fields["fine"] = json!("0.08");
    let (status, _, answer) = publisher
        .json(
            app,
            Method::PUT,
            &path,
            &json!({ "fields": fields, "reason": "罚款金额录入有误，更正为捌佰元" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _, answer) = publisher
        .json(
            app,
            Method::POST,
            &format!("{path}/withdraw"),
            &json!({ "reason": "revoked", "explanation": "行政复议决定撤销该处罚决定" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn no_public_answer_or_export_carries_personal_data() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let tracked = complaints(&app).await;
    publications(&app).await;
    let mut walk = Walk {
        app: &app,
        secrets: Secrets::stored(&app).await,
        visited: BTreeSet::new(),
        findings: Vec::new(),
        answers: 0,
    };
    assert!(
        walk.secrets.values.contains_key("13912345678")
            && walk.secrets.values.contains_key("王小明"),
        "the walk knows the data it looks for"
    );

    for path in [
        "/api/v1/health",
        "/api/v1/health/live",
        "/api/v1/health/ready",
    ] {
        walk.text(path, path, &[]).await;
    }
    walk.json("/api/v1/openapi.json", "/api/v1/openapi.json")
        .await;

    // The organisation: districts, localities, zones.
    let districts = walk.all("/api/v1/districts", "/api/v1/districts").await;
    let district_codes: Vec<String> = strings(&districts, "code")
        .into_iter()
        .map(str::to_owned)
        .collect();
    for code in &district_codes {
        walk.json(
            "/api/v1/districts/{code}",
            &format!("/api/v1/districts/{code}"),
        )
        .await;
    }
    let localities = walk.all("/api/v1/localities", "/api/v1/localities").await;
    let today = gongshi_server::today();
    let mut zones = BTreeSet::new();
    for locality in &localities {
        let id = locality["id"].as_str().expect("an id");
        walk.json(
            "/api/v1/localities/{id}",
            &format!("/api/v1/localities/{id}"),
        )
        .await;
        walk.json(
            "/api/v1/localities/{id}/catalog/changes",
            &format!("/api/v1/localities/{id}/catalog/changes?from=2021-01-01&to={today}"),
        )
        .await;
        zones.extend(locality["zone"]["id"].as_str().map(str::to_owned));
    }
    assert!(!zones.is_empty(), "the demo has joint zones");
    for zone in &zones {
        walk.json("/api/v1/zones/{id}", &format!("/api/v1/zones/{zone}"))
            .await;
        walk.json(
            "/api/v1/zones/{id}/roster",
            &format!("/api/v1/zones/{zone}/roster"),
        )
        .await;
    }

    // The catalog and who may enforce what where.
    let matters = walk.all("/api/v1/matters", "/api/v1/matters").await;
    for code in strings(&matters, "code") {
        walk.json("/api/v1/matters/{code}", &format!("/api/v1/matters/{code}"))
            .await;
    }
    let locality_ids = strings(&localities, "id");
    for (code, locality) in strings(&matters, "code")
        .iter()
        .zip(locality_ids.iter().cycle())
        .take(40)
    {
        let path = format!("/api/v1/jurisdiction?matter={code}&locality={locality}");
        walk.text("/api/v1/jurisdiction", &path, &[]).await;
    }

    // The roster and certificate checks.
    let officers = walk.all("/api/v1/officers", "/api/v1/officers").await;
    assert!(!officers.is_empty());
    for (n, certificate) in strings(&officers, "certificate").into_iter().enumerate() {
        let c = urlencode(certificate);
        walk.json(
            "/api/v1/officers/{certificate}",
            &format!("/api/v1/officers/{c}"),
        )
        .await;
        walk.json(
            "/api/v1/certificates/{number}",
            &format!("/api/v1/certificates/{c}"),
        )
        .await;
        if n < 40 {
            let (matter, locality) = (
                strings(&matters, "code")[n % matters.len()],
                locality_ids[n % locality_ids.len()],
            );
            let path =
                format!("/api/v1/authorization?officer={c}&matter={matter}&locality={locality}");
            walk.text("/api/v1/authorization", &path, &[]).await;
        }
    }

    // Penalties: every listed page, every record ever stored (listed, expired, withdrawn or never
    // public), every export format, the feed and the statistics.
    let listed = walk.all("/api/v1/penalties", "/api/v1/penalties").await;
    assert!(listed.len() > 100, "the demo lists penalties");
    walk.all(
        "/api/v1/penalties",
        "/api/v1/penalties?party_kind=natural_person&sort=fine_desc",
    )
    .await;
    for q in ["王", "张某", "身份证", "电话", "住址", "138"] {
        walk.all(
            "/api/v1/penalties",
            &format!("/api/v1/penalties?q={}", urlencode(q)),
        )
        .await;
    }
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM penalties")
        .fetch_all(&app.raw_db().await)
        .await
        .expect("every record's id");
    for (id,) in &ids {
        let path = format!("/api/v1/penalties/{id}");
        let (_, page) = walk.text("/api/v1/penalties/{id}", &path, &[]).await;
        let own = walk.secrets.people_in(*id, &page);
        walk.findings
            .extend(own.into_iter().map(|f| format!("GET {path}: {f}")));
    }
    for format in ["csv", "shuanggongshi", "json", "ndjson"] {
        for filter in [
            "",
            "&party_kind=natural_person",
            "&party_kind=individual_business",
        ] {
            let path = format!("/api/v1/penalties/export?format={format}{filter}");
            let (status, body) = walk.text("/api/v1/penalties/export", &path, &[]).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.len() > 1_000, "{path} exported records");
            if format == "ndjson" {
                for line in body.lines() {
                    let record: Value = serde_json::from_str(line).expect("a JSON line");
                    let id = record["record"]["id"]
                        .as_i64()
                        .or_else(|| record["id"].as_i64())
                        .expect("an id, of a record or a withdrawn one's stub");
                    let own = walk.secrets.people_in(id, line);
                    walk.findings
                        .extend(own.into_iter().map(|f| format!("GET {path}: {f}")));
                }
            }
        }
    }
    for filter in ["", "?party_kind=natural_person"] {
        walk.text(
            "/api/v1/penalties/feed.atom",
            &format!("/api/v1/penalties/feed.atom{filter}"),
            &[],
        )
        .await;
    }
    for code in &district_codes {
        walk.json(
            "/api/v1/penalties/stats",
            &format!("/api/v1/penalties/stats?district={code}"),
        )
        .await;
        walk.json(
            "/api/v1/complaints/stats",
            &format!("/api/v1/complaints/stats?district={code}"),
        )
        .await;
    }

    // Complaints: the puzzle, the routing, the statistics, tracking with and without the secret.
    walk.json(
        "/api/v1/complaints/challenge",
        "/api/v1/complaints/challenge",
    )
    .await;
    walk.json(
        "/api/v1/complaints/route",
        "/api/v1/complaints/route?kind=tip&district=350602&locality=xc-tongbei&matter=350602001F004200",
    )
    .await;
    for (code, secret) in &tracked {
        let path = format!("/api/v1/complaints/{code}");
        walk.json("/api/v1/complaints/{code}", &path).await;
        let (status, body) = walk
            .text(
                "/api/v1/complaints/{code}",
                &path,
                &[("x-tracking-secret", secret)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // The public log of changes, whole and verified.
    let log = walk.all("/api/v1/log", "/api/v1/log").await;
    assert!(
        log.len() >= 3,
        "publication, correction and withdrawal are logged"
    );
    walk.json("/api/v1/log/verify", "/api/v1/log/verify").await;

    // Open311: the services and the public requests, in both formats.
    for format in ["json", "xml"] {
        walk.text("open311", &format!("/open311/v2/services.{format}"), &[])
            .await;
        walk.text("open311", &format!("/open311/v2/requests.{format}"), &[])
            .await;
        walk.text(
            "open311",
            &format!("/open311/v2/services/tip_urban_management.{format}"),
            &[],
        )
        .await;
        for (code, _) in &tracked {
            walk.text(
                "open311",
                &format!("/open311/v2/requests/{code}.{format}"),
                &[],
            )
            .await;
            walk.text(
                "open311",
                &format!("/open311/v2/tokens/{code}.{format}"),
                &[],
            )
            .await;
        }
    }

    let missed: Vec<String> = documented(&app)
        .await
        .into_iter()
        .filter(|path| !walk.visited.contains(path.as_str()))
        .collect();
    assert!(missed.is_empty(), "the walk does not visit {missed:?}");
    assert!(walk.answers > 3_000, "{} answers read", walk.answers);
    assert!(
        walk.findings.is_empty(),
        "{} leaks in {} answers:\n{}",
        walk.findings.len(),
        walk.answers,
        walk.findings.join("\n")
    );
}

#[test]
fn numbers_are_found_however_they_are_written() {
    assert_eq!(numbers("电话138-1234-5678。"), ["13812345678"]);
    assert_eq!(numbers("电话１３８１２３４５６７８"), ["13812345678"]);
    assert_eq!(
        numbers("身份证 110105 19491231 002x"),
        ["11010519491231002X"]
    );
    assert_eq!(numbers("2026-12-03 共 3 件"), ["20261203", "3"]);
    assert!(numbers("hash 9a13812345678f and 91350602MA2YQWER1X").is_empty());
    let secrets = Secrets::default();
    assert_eq!(secrets.found_in("罚款 13812345678 元").len(), 1);
    assert_eq!(secrets.found_in("身份证号11010519491231002X").len(), 1);
    assert!(
        secrets
            .found_in("芗南综执罚〔2026〕第9001号，罚款50000分")
            .is_empty()
    );
}
