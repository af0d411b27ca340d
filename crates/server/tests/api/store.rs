//! Underneath the API: `replace_organisation` replaces everything or nothing, the database survives
//! reopening, and `demo::from_dir` loads a dataset directory or says which file is wrong.

use crate::helpers::TestApp;
use axum::http::StatusCode;
use gongshi_domain::{DistrictOrg, LocalityId, TeamId, ZoneId};
use gongshi_server::store;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn demo() -> Vec<DistrictOrg> {
    gongshi_server::demo::demo().expect("the committed demo dataset loads")
}

/// An organisation with every list in id order, as the store reads it back.
fn by_id(mut org: DistrictOrg) -> DistrictOrg {
    org.departments.sort_by(|a, b| a.id.cmp(&b.id));
    org.authorities.sort_by(|a, b| a.id.cmp(&b.id));
    org.teams.sort_by(|a, b| a.id.cmp(&b.id));
    org
}

/// What the API shows of the whole organisation, to compare before and after a failed write.
async fn everything(app: &TestApp) -> Vec<serde_json::Value> {
    let mut seen = Vec::new();
    for path in [
        "/api/v1/districts",
        "/api/v1/districts/350602",
        "/api/v1/districts/310105",
        "/api/v1/localities",
        "/api/v1/zones/xc-east",
        "/api/v1/localities/cn-linkong",
    ] {
        let (status, _, body) = app.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        seen.push(body);
    }
    seen
}

#[tokio::test]
async fn a_failed_replacement_changes_nothing() {
    let app = TestApp::spawn().await;
    let before = everything(&app).await;

    type Break = fn(&mut Vec<DistrictOrg>);
    let cases: [(&str, Break); 4] = [
        (
            "a locality's team does not exist (a deferred foreign key, caught at commit)",
            |orgs| orgs[0].localities[0].team = TeamId::parse("no-such-team").expect("a slug"),
        ),
        ("a zone's centre does not exist", |orgs| {
            orgs[0].zones[0].centre = LocalityId::parse("no-such-place").expect("a slug")
        }),
        ("a locality in a zone that does not exist", |orgs| {
            orgs[0].localities[0].zone = Some(ZoneId::parse("no-such-zone").expect("a slug"))
        }),
        (
            "the same district twice (a primary key, caught at once)",
            |orgs| {
                let again = orgs[0].clone();
                orgs.push(again);
            },
        ),
    ];
    for (why, break_it) in cases {
        let mut orgs = demo();
        break_it(&mut orgs);
        let result = app.store.replace_organisation(&orgs).await;
        assert!(result.is_err(), "{why}: refused");
        assert!(
            !app.store.is_empty().await.expect("the store answers"),
            "{why}"
        );
        assert_eq!(
            everything(&app).await,
            before,
            "{why}: the old data is intact"
        );
    }
    let (_, _, districts) = app.get("/api/v1/districts").await;
    assert_eq!(districts["items"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_replacement_replaces_rather_than_merges() {
    let app = TestApp::spawn().await;
    let mut changning = demo();
    changning.retain(|org| org.district.code.as_str() == "310105");
    app.store
        .replace_organisation(&changning)
        .await
        .expect("one district stores");
    let (_, _, districts) = app.get("/api/v1/districts").await;
    assert_eq!(crate::helpers::ids(&districts, "code"), ["310105"]);
    for path in [
        "/api/v1/districts/350602",
        "/api/v1/zones/xc-east",
        "/api/v1/localities/xc-nankeng",
    ] {
        let (status, _, _) = app.get(path).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{path} went with its district"
        );
    }

    app.store
        .replace_organisation(&[])
        .await
        .expect("an empty organisation stores");
    assert!(app.store.is_empty().await.expect("the store answers"));
    let (status, _, districts) = app.get("/api/v1/districts").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(districts["items"], serde_json::json!([]));
    let (_, _, localities) = app.get("/api/v1/localities").await;
    assert_eq!(localities["items"], serde_json::json!([]));
}

#[tokio::test]
async fn a_new_database_is_empty_and_reopening_keeps_the_data() {
    let app = TestApp::empty(None).await;
    assert!(app.store.is_empty().await.expect("the store answers"));
    app.store
        .replace_organisation(&demo())
        .await
        .expect("the demo stores");

    let reopened = store::open(&app.db_url)
        .await
        .expect("an existing database opens; migrations already applied are skipped");
    assert!(!reopened.is_empty().await.expect("the store answers"));
    let code = "350602".parse().expect("a district code");
    let stored = reopened
        .district_org(&code)
        .await
        .expect("the store answers")
        .expect("芗城区 is there");
    let original = demo()
        .into_iter()
        .find(|org| org.district.code == code)
        .expect("芗城区 is in the demo");
    assert_eq!(
        stored,
        by_id(original),
        "what is read back is what was written"
    );
}

#[tokio::test]
async fn only_sqlite_and_postgres_urls_are_supported() {
    for url in ["mysql://x", "/plain/path.db"] {
        let err = store::open(url).await.expect_err(url);
        assert!(
            err.to_string().contains(url),
            "{url}: the error names it: {err}"
        );
    }
    let sqlite_with_replica = store::open_with(&store::Options {
        url: "sqlite::memory:".to_owned(),
        read_replica: Some("postgres://replica/gongshi".to_owned()),
        connections: 4,
    })
    .await
    .expect_err("SQLite has no replicas");
    assert!(
        sqlite_with_replica.to_string().contains("PostgreSQL"),
        "{sqlite_with_replica}"
    );
    let bad_replica = store::open_with(&store::Options {
        url: "postgres://127.0.0.1:1/gongshi".to_owned(),
        read_replica: Some("sqlite://replica.db".to_owned()),
        connections: 4,
    })
    .await
    .expect_err("a replica of PostgreSQL is PostgreSQL");
    assert!(
        bad_replica.to_string().contains("sqlite://replica.db"),
        "{bad_replica}"
    );
    // A PostgreSQL URL is taken: where nothing listens, the error is about connecting.
    let unreachable = store::open("postgres://gongshi@127.0.0.1:1/gongshi")
        .await
        .expect_err("nothing listens on port 1");
    assert!(
        !unreachable.to_string().contains("unsupported"),
        "{unreachable}"
    );
}

/// `data/demo/`, the files the binary embeds.
fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo")
}

/// A temporary copy of `data/demo/`.
fn copy_of_demo() -> TempDir {
    let dir = TempDir::new().expect("a temporary dataset directory");
    for entry in std::fs::read_dir(demo_dir()).expect("data/demo is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().expect("a file name");
            std::fs::copy(&path, dir.path().join(name)).expect("a demo file is copied");
        }
    }
    dir
}

fn by_code(mut orgs: Vec<DistrictOrg>) -> Vec<DistrictOrg> {
    orgs.sort_by(|a, b| a.district.code.cmp(&b.district.code));
    orgs
}

#[test]
fn a_copy_of_the_demo_files_loads_as_the_demo() {
    let dir = copy_of_demo();
    std::fs::write(dir.path().join("README.md"), "not a district").expect("a stray file");
    let orgs = gongshi_server::demo::from_dir(dir.path()).expect("the demo files load");
    assert_eq!(orgs.len(), 2);
    assert_eq!(
        by_code(orgs),
        by_code(demo()),
        "the same as the embedded copy"
    );
}

#[test]
fn a_bad_dataset_is_refused_with_the_reason() {
    let district = |code: &str| {
        format!(
            "[district]\ncode = \"{code}\"\nname = \"测试区\"\nprovince = \"测试省\"\nbureau = \"t-cgzf\"\n\n\
             [[departments]]\nid = \"t-cgzf\"\nname = \"测试区城市管理局\"\nshort_name = \"区城管局\"\n\n"
        )
    };
    let locality = "[[localities]]\nid = \"t-one\"\nname = \"一街道\"\nkind = \"subdistrict\"\n\
                    office = \"一街道办事处\"\nteam = \"一街道综合执法队\"\naddress = \"示例路 1 号\"\n\
                    supervision_phone = \"0596-2100000\"\n";
    let cases = [
        (
            "broken.toml",
            "this is = = not toml".to_owned(),
            "broken.toml",
            "not TOML at all",
        ),
        (
            "extra.toml",
            format!("{}{locality}colour = \"red\"\n", district("350603")),
            "extra.toml",
            "an unknown field",
        ),
        (
            "city.toml",
            format!("{}{locality}", district("350600")),
            "city.toml",
            "a city code where a district belongs",
        ),
        (
            "dangling.toml",
            format!(
                "{}{locality}\n[[zones]]\nid = \"t-zone\"\nname = \"一片区\"\nlead_department = \"t-cgzf\"\n\
                 lead = \"某人\"\ncentre = \"t-two\"\nlegal_reviewer = \"某人\"\nmembers = [\"t-two\"]\n",
                district("350603")
            ),
            "t-two",
            "a zone member that does not exist",
        ),
        (
            "twice.toml",
            std::fs::read_to_string(demo_dir().join("350602-xiangcheng.toml"))
                .expect("the demo file reads"),
            "350602",
            "the same district in two files",
        ),
    ];
    for (file, text, named, why) in cases {
        let dir = copy_of_demo();
        std::fs::write(dir.path().join(file), text).expect("the bad file is written");
        let err = gongshi_server::demo::from_dir(dir.path()).expect_err(why);
        let message = format!("{err:#}");
        assert!(message.contains(named), "{why}: names {named}: {message}");
    }
}

#[test]
fn a_directory_without_district_files_is_refused() {
    let empty = TempDir::new().expect("a temporary directory");
    let err = gongshi_server::demo::from_dir(empty.path()).expect_err("nothing to load");
    assert!(format!("{err:#}").contains("no *.toml"), "{err:#}");

    let missing = empty.path().join("nowhere");
    let err = gongshi_server::demo::from_dir(&missing).expect_err("no such directory");
    assert!(format!("{err:#}").contains("nowhere"), "{err:#}");
}
