//! The `gongshi` binary itself: `--help` names every flag, `serve` creates, migrates and seeds a new
//! database and answers over a real socket, and SIGTERM stops it cleanly (SIGKILL: crash.rs).

use crate::process::{GONGSHI, free_port, get, user_add};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn help(args: &[&str]) -> String {
    let out = Command::new(GONGSHI)
        .args(args)
        .arg("--help")
        .output()
        .expect("gongshi runs");
    assert!(out.status.success(), "--help succeeds");
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

#[test]
fn help_lists_every_command_flag_and_variable() {
    let top = help(&[]);
    for command in ["serve", "seed", "migrate", "migrate-data", "user"] {
        assert!(top.contains(command), "gongshi --help names {command}");
    }
    let serve = help(&["serve"]);
    for flag in [
        "--addr",
        "GONGSHI_ADDR",
        "--database",
        "DATABASE_URL",
        "--assets",
        "GONGSHI_ASSETS",
        "--no-seed",
        "GONGSHI_NO_SEED",
        "--complaints-per-hour",
        "GONGSHI_COMPLAINTS_PER_HOUR",
        "--complaints-per-day",
        "GONGSHI_COMPLAINTS_PER_DAY",
        "--pow-max-number",
        "GONGSHI_POW_MAX_NUMBER",
        "--trust-forwarded-for",
        "GONGSHI_TRUST_FORWARDED_FOR",
        "--read-replica",
        "DATABASE_READ_URL",
        "--db-connections",
        "GONGSHI_DB_CONNECTIONS",
        "--drain-seconds",
        "GONGSHI_DRAIN_SECONDS",
    ] {
        assert!(serve.contains(flag), "gongshi serve --help names {flag}");
    }
    assert!(help(&["seed"]).contains("--from"));
    let migrate_data = help(&["migrate-data"]);
    assert!(migrate_data.contains("--from") && migrate_data.contains("--to"));
}

#[test]
fn serve_seeds_a_new_database_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let port = free_port();
    let mut child = Command::new(GONGSHI)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(format!("sqlite://{}", dir.path().join("new.db").display()))
        .arg("--assets")
        .arg(dir.path().join("no-dist"))
        .env("GONGSHI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gongshi serve starts");

    let started = Instant::now();
    let health = loop {
        if let Some(r) = get(port, "/api/v1/health") {
            break r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no health answer within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let districts = get(port, "/api/v1/districts").expect("an answer");
    assert!(
        districts.contains("芗城区"),
        "the demo data was loaded on first start"
    );
    assert!(
        dir.path().join("new.db").is_file(),
        "the database file was created"
    );

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            panic!("gongshi did not stop within 15 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "a graceful stop exits 0, got {status}");
}

#[tokio::test]
async fn user_add_checks_every_field_reads_the_password_from_stdin_and_stores_its_hash() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = format!("sqlite://{}", dir.path().join("users.db").display());
    let seeded = Command::new(GONGSHI)
        .args(["seed", "--database", &db, "--penalties", "0"])
        .env("GONGSHI_LOG", "warn")
        .status()
        .expect("gongshi seed runs");
    assert!(seeded.success());
    let publisher = [
        "--username",
        "Nankeng.Pub",
        "--display-name",
        "南坑发布员",
        "--role",
        "publisher",
        "--district",
        "350602",
        "--authority",
        "xc-nankeng",
    ];
    let good = "correct horse battery staple";
    for (args, password, expected, why) in [
        (publisher.to_vec(), "short", "password", "a short password"),
        (
            publisher[..8].to_vec(),
            good,
            "authority",
            "a publisher without an authority",
        ),
        (
            [&publisher[..9], &["xc-nowhere"]].concat(),
            good,
            "no authority xc-nowhere",
            "an authority the district lacks",
        ),
        (
            [&publisher[..5], &["chief"], &publisher[6..]].concat(),
            good,
            "--role",
            "no such role",
        ),
        (
            [&["--username", "1bad"][..], &publisher[2..]].concat(),
            good,
            "--username",
            "a bad user name",
        ),
    ] {
        let (ok, said) = user_add(&db, &args, password);
        assert!(!ok, "{why}: refused");
        assert!(said.contains(expected), "{why}: says {expected:?}: {said}");
    }
    let (ok, said) = user_add(&db, &publisher, good);
    assert!(ok, "{said}");
    let (ok, said) = user_add(&db, &publisher, good);
    assert!(!ok && said.contains("taken"), "{said}");

    let store = gongshi_server::store::open(&db).await.expect("opens");
    let user = store
        .staff_user(&gongshi_domain::staff::Username::parse("nankeng.pub").expect("valid"))
        .await
        .expect("read")
        .expect("added once");
    assert_eq!(user.grant.role, gongshi_domain::staff::Role::Publisher);
    assert_eq!(
        user.grant.authority.as_ref().map(|a| a.as_str()),
        Some("xc-nankeng")
    );
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains(good));
}
