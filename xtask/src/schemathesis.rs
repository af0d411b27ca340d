//! The API against its own OpenAPI document: schemathesis (from PyPI, pinned, in a virtualenv under
//! `target/`) generates requests for every operation of `/api/v1/openapi.json` with a fixed seed and
//! a bounded number of cases, and fails on a 5xx, an undocumented status code or content type, or a
//! body or header that does not match the documented schema.
//!
//! `gongshi serve` runs on a free port with a fresh SQLite database (the demo data), one complaint
//! filed through Open311 (whose API key stands in for the proof of work a citizen's form solves) and
//! three staff accounts (`gongshi user add`). Four runs: every operation without a session (the
//! public side, and the staff side's 401s), then the staff operations as a handler, a publisher and
//! last an admin (who may disable the others or set their passwords, which ends their sessions). The
//! runs leave out `POST /staff/login` and `/staff/logout` (the first run covers them; a logout would
//! end the session the rest of a run uses).

use crate::sh;
use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The newest schemathesis that installs here, and the Hypothesis it was tested with (the seed
/// picks the same cases only with the same generator).
const PINS: [&str; 2] = ["schemathesis==4.32.5", "hypothesis==6.170.27"];
/// The seed of every run: the same cases each time.
const SEED: &str = "20240909";
/// Test cases per operation and phase: about three minutes in all on two cores.
const MAX_EXAMPLES: &str = "30";
/// What every response must satisfy: no 5xx; a documented status code and content type; headers
/// and body as documented; malformed input (and a missing required header) refused with a 4xx; an
/// undocumented method answered 405 with an `Allow` header naming the documented ones; what a POST
/// created can be read back. Left out: `positive_data_acceptance`, which expects every string the
/// document allows to be accepted — the parameters are documented as plain strings and the server
/// answers `400 invalid_parameter` to one that is not a district code, a date or a known value;
/// and `ignored_auth` and `object_level_authorization`, which need security schemes the document
/// does not declare (the session is a cookie the runs send).
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance,\
                      negative_data_rejection,missing_required_header,unsupported_method,\
                      allow_header_conformance,use_after_free,ensure_resource_availability";
/// The district the staff accounts and the complaint belong to (demo data).
const DISTRICT: &str = "350602";
/// The staff accounts, in the order of their runs: (user name, role, authority).
const ACCOUNTS: [(&str, &str, Option<&str>); 3] = [
    ("st.handler", "handler", Some("xc-nankeng")),
    ("st.publisher", "publisher", Some("xc-nankeng")),
    ("st.admin", "admin", None),
];
const PASSWORD: &str = "schemathesis, not a secret";

/// Values from the demo data that schemathesis uses for half of a parameter's cases, so they get
/// past "no such district" to real answers (the other half it makes up). `COMPLAINT` is replaced by
/// the tracking code of the complaint filed before the runs.
const CONFIG: &str = r#"
[dictionaries]
district = { values = ["350602", "310105"] }
locality = { values = ["xc-nankeng", "xc-tianbao", "cn-hongqiao"] }
zone = { values = ["xc-central", "xc-east"] }
matter = { values = ["350602001F004200", "350602001F000100", "350602009F000400"] }
officer = { values = ["闽35060200024", "闽35060200112", "闽35060200001", "沪31010500001"] }
authority = { values = ["xc-nankeng", "xc-cgzf", "xc-tianbao", "xc-nyncj"] }
domain = { values = ["urban_management", "water", "market_regulation"] }
day = { values = ["2026-01-15", "2025-06-30"] }
year = { values = ["2025", "2026"] }
limit = { values = ["1", "5", "200"] }
flag = { values = ["true", "false"] }
words = { values = ["罚", "漳州 公司", "道路"] }
penalty_kind = { values = ["warning", "fine"] }
party_kind = { values = ["legal_person", "individual_business", "natural_person"] }
procedure = { values = ["summary", "ordinary"] }
sort = { values = ["newest", "oldest", "fine_desc", "fine_asc"] }
fen = { values = ["0", "100000"] }
export_format = { values = ["csv", "shuanggongshi", "json", "ndjson"] }
officer_status = { values = ["valid", "expired", "suspended"] }
power_kind = { values = ["penalty", "coercion"] }
class = { values = ["A", "B", "C"] }
level = { values = ["district", "locality"] }
locality_kind = { values = ["subdistrict", "town", "special_area"] }
complaint_kind = { values = ["tip", "conduct"] }
complaint = { values = ["COMPLAINT"] }
username = { values = ["st.handler", "st.publisher", "st.admin"] }

[parameters]
"query.district" = { dictionary = "district", probability = 0.5 }
"query.locality" = { dictionary = "locality", probability = 0.5 }
"query.zone" = { dictionary = "zone", probability = 0.5 }
"query.matter" = { dictionary = "matter", probability = 0.5 }
"query.officer" = { dictionary = "officer", probability = 0.5 }
"query.authority" = { dictionary = "authority", probability = 0.5 }
"query.department" = { dictionary = "authority", probability = 0.5 }
"query.domain" = { dictionary = "domain", probability = 0.5 }
"query.date" = { dictionary = "day", probability = 0.5 }
"query.from" = { dictionary = "day", probability = 0.5 }
"query.to" = { dictionary = "day", probability = 0.5 }
"query.year" = { dictionary = "year", probability = 0.5 }
"query.limit" = { dictionary = "limit", probability = 0.5 }
"query.q" = { dictionary = "words", probability = 0.5 }
"query.party_kind" = { dictionary = "party_kind", probability = 0.5 }
"query.procedure" = { dictionary = "procedure", probability = 0.5 }
"query.sort" = { dictionary = "sort", probability = 0.5 }
"query.fine_min" = { dictionary = "fen", probability = 0.5 }
"query.fine_max" = { dictionary = "fen", probability = 0.5 }
"query.format" = { dictionary = "export_format", probability = 0.5 }
"query.power_kind" = { dictionary = "power_kind", probability = 0.5 }
"query.class" = { dictionary = "class", probability = 0.5 }
"query.level" = { dictionary = "level", probability = 0.5 }
"query.delegated" = { dictionary = "flag", probability = 0.5 }
"query.seconded" = { dictionary = "flag", probability = 0.5 }
"query.zoned" = { dictionary = "flag", probability = 0.5 }
"path.certificate" = { dictionary = "officer", probability = 0.5 }
"path.number" = { dictionary = "officer", probability = 0.5 }
"path.username" = { dictionary = "username", probability = 0.5 }
"body.authority" = { dictionary = "authority", probability = 0.5 }

[[operations]]
include-path-regex = "^/api/v1/districts/"
parameters = { "path.code" = { dictionary = "district", probability = 0.5 } }

[[operations]]
include-path-regex = "^/api/v1/matters/"
parameters = { "path.code" = { dictionary = "matter", probability = 0.5 } }

[[operations]]
include-path-regex = "^/api/v1/(staff/)?complaints/"
parameters = { "path.code" = { dictionary = "complaint", probability = 0.5 } }

[[operations]]
include-path-regex = "^/api/v1/localities/"
parameters = { "path.id" = { dictionary = "locality", probability = 0.5 } }

[[operations]]
include-path-regex = "^/api/v1/zones/"
parameters = { "path.id" = { dictionary = "zone", probability = 0.5 } }

[[operations]]
include-path-regex = "^/api/v1/penalties"
parameters = { "query.kind" = { dictionary = "penalty_kind", probability = 0.5 } }

[[operations]]
include-path = "/api/v1/localities"
parameters = { "query.kind" = { dictionary = "locality_kind", probability = 0.5 } }

[[operations]]
include-path = "/api/v1/complaints/route"
parameters = { "query.kind" = { dictionary = "complaint_kind", probability = 0.5 } }

[[operations]]
include-path = "/api/v1/officers"
parameters = { "query.status" = { dictionary = "officer_status", probability = 0.5 } }
"#;

/// Runs schemathesis against `gongshi serve` started from `gongshi_bin`; fails if any run finds a
/// failure.
pub(crate) fn run(gongshi_bin: &Path) -> Result<()> {
    let started = Instant::now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let schemathesis = ensure_schemathesis(&root)?;

    let dir = std::env::temp_dir().join(format!("gongshi-schemathesis-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let outcome = run_in(gongshi_bin, &schemathesis, &dir);
    match &outcome {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&dir);
            eprintln!(
                "\nschemathesis: no failures (seed {SEED}, up to {MAX_EXAMPLES} cases per operation) in {:.0?}",
                started.elapsed()
            );
        }
        Err(_) => eprintln!(
            "\nschemathesis: the server's log and the configuration are kept in {}",
            dir.display()
        ),
    }
    outcome
}

/// Everything from starting the server to the last run, in `dir`; the server is stopped however
/// this ends.
fn run_in(gongshi_bin: &Path, schemathesis: &Path, dir: &Path) -> Result<()> {
    let port = free_port()?;
    let db = format!("sqlite://{}", dir.join("gongshi.db").display());
    let open311_key = random_hex();
    let log = std::fs::File::create(dir.join("server.log"))?;
    let mut serve = Command::new(gongshi_bin);
    serve
        .args(["serve", "--database", &db, "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--assets")
        .arg(dir.join("no-web-app"))
        .args(["--open311-key", &open311_key]);
    for var in [
        "DATABASE_URL",
        "DATABASE_READ_URL",
        "GONGSHI_ASSETS",
        "GONGSHI_NO_SEED",
        "GONGSHI_COMPLAINTS_PER_HOUR",
        "GONGSHI_COMPLAINTS_PER_DAY",
        "GONGSHI_POW_MAX_NUMBER",
        "GONGSHI_DRAIN_SECONDS",
        "GONGSHI_TRUST_FORWARDED_FOR",
        "GONGSHI_OPEN311_KEYS",
        "GONGSHI_CORS_ORIGINS",
    ] {
        serve.env_remove(var);
    }
    eprintln!(
        "\n$ {} serve --database {db} --addr 127.0.0.1:{port} (log: server.log)",
        gongshi_bin.display()
    );
    let child = serve
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("could not start {}", gongshi_bin.display()))?;
    let mut server = Server(child);
    server.wait_ready(port)?;

    let complaint = file_complaint(port, &open311_key)?;
    let mut sessions = Vec::new();
    for (username, role, authority) in ACCOUNTS {
        add_account(gongshi_bin, &db, username, role, authority)?;
        // Signed in before any run: the first run's failed logins trip the per-address limit.
        sessions.push((username, login(port, username)?));
    }

    let config = CONFIG.replace("COMPLAINT", &complaint);
    let url = format!("http://127.0.0.1:{port}/api/v1/openapi.json");
    let mut failed = Vec::new();
    let mut runs: Vec<(&str, Option<Session>)> = vec![("public", None)];
    runs.extend(sessions.into_iter().map(|(u, s)| (u, Some(s))));
    for (name, session) in runs {
        let file = dir.join(format!("{name}.toml"));
        let headers = session.as_ref().map_or_else(String::new, |s| {
            format!(
                "headers = {{ \"Cookie\" = \"{}\", \"X-CSRF-Token\" = \"{}\" }}\n",
                s.cookie, s.csrf
            )
        });
        std::fs::write(&file, format!("{headers}{config}"))?;
        let mut cmd = Command::new(schemathesis);
        cmd.arg("--config-file")
            .arg(&file)
            .args(["run", &url, "--seed", SEED, "--max-examples", MAX_EXAMPLES])
            .args(["--checks", CHECKS, "--generation-database", "none"])
            .current_dir(dir);
        if session.is_some() {
            cmd.args(["--include-path-regex", "^/api/v1/staff/"])
                .args(["--exclude-path", "/api/v1/staff/login"])
                .args(["--exclude-path", "/api/v1/staff/logout"]);
        }
        eprintln!(
            "\nschemathesis, {}",
            if session.is_some() {
                format!("staff operations signed in as {name}")
            } else {
                "every operation without a session".to_owned()
            }
        );
        if let Err(e) = sh(&mut cmd) {
            eprintln!("{e:#}");
            failed.push(name);
        }
    }
    server.stop();
    if !failed.is_empty() {
        bail!(
            "schemathesis found failures in the runs: {}",
            failed.join(", ")
        );
    }
    Ok(())
}

/// The virtualenv `target/schemathesis-venv` with the pinned schemathesis; answers its
/// `schemathesis` program.
fn ensure_schemathesis(root: &Path) -> Result<PathBuf> {
    let venv = root.join("target").join("schemathesis-venv");
    let program = venv.join("bin").join("schemathesis");
    let marker = venv.join("gongshi-pins.txt");
    let pins = PINS.join("\n");
    if program.is_file() && std::fs::read_to_string(&marker).is_ok_and(|m| m == pins) {
        return Ok(program);
    }
    eprintln!(
        "installing {} into target/schemathesis-venv (not there yet, or other versions): it \
         checks the API against its own OpenAPI document",
        PINS.join(", ")
    );
    let python = venv.join("bin").join("python");
    if !python.is_file() {
        sh(Command::new("python3").args(["-m", "venv"]).arg(&venv)).context(
            "schemathesis needs Python 3 with its venv module (Debian: apt-get install python3-venv)",
        )?;
    }
    sh(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(PINS))?;
    std::fs::write(&marker, pins)?;
    Ok(program)
}

/// `gongshi serve`, killed (and waited for) when dropped, so an early return never leaves it
/// running.
#[derive(Debug)]
struct Server(Child);

impl Server {
    fn wait_ready(&mut self, port: u16) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            if let Some(status) = self.0.try_wait()? {
                bail!("gongshi serve stopped before it was ready ({status})");
            }
            if http(port, "GET", "/api/v1/health/ready", "", "").is_ok_and(|r| r.status == 200) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("gongshi serve was not ready within 3 minutes");
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nobody listens on now (the server binds it a moment later).
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// 128 random bits as hex, from the standard library's per-process random hash keys.
fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request to the server on loopback, answered in full (`Connection: close`).
fn http(port: u16, method: &str, path: &str, content_type: &str, body: &str) -> Result<Answer> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if !content_type.is_empty() {
        request.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("{method} {path}: not an HTTP answer"))?;
    Ok(Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}

/// The string value of `"key":"…"` in a JSON text (values without escapes: codes and tokens).
fn json_string(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let len = json[start..].find('"')?;
    Some(json[start..start + len].to_owned())
}

/// `application/x-www-form-urlencoded` for `pairs`.
fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Files a conduct complaint about 南坑街道 (which the handler account handles) through Open311,
/// so the staff complaint operations and tracking have a case to answer about; its tracking code.
fn file_complaint(port: u16, open311_key: &str) -> Result<String> {
    let body = form(&[
        ("api_key", open311_key),
        ("service_code", "conduct"),
        ("attribute[district]", DISTRICT),
        ("attribute[locality]", "xc-nankeng"),
        ("attribute[privacy]", "name_withheld"),
        ("attribute[consent]", "yes"),
        ("address_string", "南坑街道办事处门前"),
        ("description", "执法人员检查时未出示执法证件，态度粗暴。"),
        ("last_name", "王"),
        ("first_name", "小明"),
        ("phone", "13812345678"),
    ]);
    let answer = http(
        port,
        "POST",
        "/open311/v2/requests.json",
        "application/x-www-form-urlencoded",
        &body,
    )?;
    if answer.status != 201 {
        bail!(
            "filing the complaint through Open311 answered {}: {}",
            answer.status,
            answer.body
        );
    }
    json_string(&answer.body, "service_request_id")
        .with_context(|| format!("no service_request_id in {}", answer.body))
}

/// `gongshi user add`, the password on standard input.
fn add_account(
    gongshi_bin: &Path,
    db: &str,
    username: &str,
    role: &str,
    authority: Option<&str>,
) -> Result<()> {
    let mut cmd = Command::new(gongshi_bin);
    cmd.args(["user", "add", "--database", db, "--username", username])
        .args([
            "--display-name",
            username,
            "--role",
            role,
            "--district",
            DISTRICT,
        ]);
    if let Some(a) = authority {
        cmd.args(["--authority", a]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("could not start gongshi user add")?;
    child
        .stdin
        .take()
        .context("no standard input")?
        .write_all(format!("{PASSWORD}\n").as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "gongshi user add --username {username} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

#[derive(Debug)]
struct Session {
    /// `gongshi_session=…`
    cookie: String,
    csrf: String,
}

fn login(port: u16, username: &str) -> Result<Session> {
    let answer = http(
        port,
        "POST",
        "/api/v1/staff/login",
        "application/json",
        &format!("{{\"username\":\"{username}\",\"password\":\"{PASSWORD}\"}}"),
    )?;
    if answer.status != 200 {
        bail!(
            "signing in as {username} answered {}: {}",
            answer.status,
            answer.body
        );
    }
    let cookie = answer
        .head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next())
        .map(str::trim)
        .find(|c| c.starts_with("gongshi_session="))
        .context("no session cookie in the login answer")?
        .to_owned();
    let csrf =
        json_string(&answer.body, "csrf_token").context("no csrf_token in the login answer")?;
    Ok(Session { cookie, csrf })
}
