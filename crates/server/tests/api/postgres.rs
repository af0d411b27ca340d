//! A PostgreSQL server of the test run's own: started on first use in a temporary directory on a
//! free port (Debian's `postgresql` package; `GONGSHI_PG_BIN` names another `bin` directory), one
//! database per test, stopped and deleted when the test process exits. Durability settings are off:
//! these tests are about what the store answers, not about surviving a power cut.
//! `GONGSHI_PG_OPTIONS` adds server settings (`-c shared_buffers=1GB …`: the benchmarks use it).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// Which store `TestApp` runs on: `GONGSHI_TEST_DATABASE=postgres` selects PostgreSQL.
pub(crate) fn selected() -> bool {
    std::env::var("GONGSHI_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

pub(crate) struct Server {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// Run PostgreSQL's programs as this user (the server refuses to run as root).
    user: Option<String>,
}

/// Generated penalties per test database: enough for every kind of record to occur.
pub(crate) const DEMO_PENALTIES: u64 = 2_000;

static SERVER: OnceLock<Server> = OnceLock::new();
static NEXT: AtomicU32 = AtomicU32::new(0);

fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GONGSHI_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| {
            dirs.filter_map(|d| d.ok().map(|d| d.path().join("bin")))
                .filter(|bin| bin.join("initdb").exists())
                .collect()
        })
        .unwrap_or_default();
    // 9.6 < 15 < 17: by the version's number, not its spelling.
    versions.sort_by_key(|bin| {
        bin.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .map(|v| {
                v.split('.')
                    .map(|n| n.parse::<u32>().unwrap_or(0))
                    .collect::<Vec<_>>()
            })
    });
    versions.pop().expect(
        "PostgreSQL is installed (Debian: apt-get install postgresql; `cargo xtask test` does it), \
         or GONGSHI_PG_BIN names its bin directory",
    )
}

impl Server {
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match &self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    /// A directory, a port and the user to run as, for a server not yet made.
    fn prepare() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("gongshi-pg-")
            .tempdir()
            .expect("a temporary directory for PostgreSQL")
            .keep();
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let user = is_root.then(|| "postgres".to_owned());
        if let Some(user) = &user {
            let status = Command::new("chown")
                .arg(user)
                .arg(&dir)
                .status()
                .expect("chown runs");
            assert!(
                status.success(),
                "the PostgreSQL directory is given to {user}"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        Self {
            bin: bin_dir(),
            dir,
            port,
            user,
        }
    }

    /// Starts the server on the data directory, and leaves a watcher to stop it.
    fn launch(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=400 \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off {}",
            self.port,
            self.dir.display(),
            std::env::var("GONGSHI_PG_OPTIONS").unwrap_or_default()
        );
        run(self
            .command("pg_ctl")
            .args(["start", "--wait", "--silent", "--pgdata"])
            .arg(self.dir.join("data"))
            .arg("--log")
            .arg(self.dir.join("log"))
            .args(["--options", &options]));
        self.stop_when_gone(std::process::id());
    }

    fn start() -> Self {
        let server = Self::prepare();
        run(server
            .command("initdb")
            .args(["--auth=trust", "--username=postgres", "--encoding=UTF8"])
            .args(["--locale=C.UTF-8", "--no-sync", "--pgdata"])
            .arg(server.dir.join("data")));
        server.launch();
        server
    }

    /// A server of the test's own (not the run's shared one), for a test that stops it or
    /// replicates it.
    pub(crate) fn own() -> Self {
        Self::start()
    }

    /// A hot standby of this server: a base backup streaming from it (`pg_basebackup -R`),
    /// answering reads on a port of its own.
    pub(crate) fn standby(&self) -> Self {
        let standby = Self::prepare();
        run(standby
            .command("pg_basebackup")
            .args(["--host", "127.0.0.1", "--port"])
            .arg(self.port.to_string())
            .args(["--username", "postgres", "--write-recovery-conf"])
            .args(["--wal-method=stream", "--no-sync", "--pgdata"])
            .arg(standby.dir.join("data")));
        standby.launch();
        standby
    }

    /// Stops the server now (fast shutdown).
    pub(crate) fn stop(&self) {
        run(self
            .command("pg_ctl")
            .args(["stop", "--mode=fast", "--silent", "--pgdata"])
            .arg(self.dir.join("data")));
    }

    /// The URL of a database on this server.
    pub(crate) fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs `sql` in `database`; what it printed (unaligned, tuples only).
    pub(crate) fn sql(&self, database: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["--quiet", "--no-psqlrc", "--tuples-only", "--no-align"])
            .args(["--host", "127.0.0.1", "--port"])
            .arg(self.port.to_string())
            .args(["--username", "postgres", "--dbname", database])
            .args(["--set", "ON_ERROR_STOP=1", "--command", sql])
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Leaves behind a watcher that stops the server and deletes its directory once the process
    /// `pid` (this test binary) has exited, however it exits.
    #[expect(
        clippy::zombie_processes,
        reason = "the watcher outlives this process on purpose"
    )]
    fn stop_when_gone(&self, pid: u32) {
        let pg_ctl = self.command("pg_ctl").get_program().to_owned();
        let stop = format!(
            "{} {} stop --mode=immediate --silent --pgdata '{}'",
            pg_ctl.display(),
            self.command("pg_ctl")
                .get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" "),
            self.dir.join("data").display()
        );
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop}; rm -rf '{}'",
            self.dir.display()
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the watcher starts");
    }

    fn admin(&self, sql: &str) {
        self.sql("postgres", sql);
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?} runs: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A database on the run's server (started if it is not yet), dropped with this.
pub(crate) struct Database {
    pub(crate) url: String,
    name: String,
}

/// What a template holds: made once per run, then copied for each test (a file copy, far quicker
/// than migrating and loading the demo data again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Template {
    /// Migrated, nothing loaded.
    Migrated,
    /// Migrated, with the demo data `TestApp::spawn` loads.
    Demo,
}

static MIGRATED: tokio::sync::OnceCell<&'static str> = tokio::sync::OnceCell::const_new();
static DEMO: tokio::sync::OnceCell<&'static str> = tokio::sync::OnceCell::const_new();

impl Template {
    fn name(self) -> &'static str {
        match self {
            Self::Migrated => "template_migrated",
            Self::Demo => "template_demo",
        }
    }

    /// Makes the template on first use: migrated by the store itself (and given the demo data),
    /// then closed to connections so that it can be copied. Answers its name.
    async fn ensure(self) -> &'static str {
        let cell = match self {
            Self::Migrated => &MIGRATED,
            Self::Demo => &DEMO,
        };
        cell.get_or_init(|| async move {
            let server = SERVER.get_or_init(Server::start);
            let name = self.name();
            // What a template made by a test that failed half-way left behind.
            server.admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            server.admin(&format!("CREATE DATABASE {name}"));
            let url = format!("postgres://postgres@127.0.0.1:{}/{name}", server.port);
            let store = gongshi_server::store::open(&url)
                .await
                .expect("the template opens and migrates");
            if self == Self::Demo {
                gongshi_server::demo::load_demo(
                    store.as_ref(),
                    DEMO_PENALTIES,
                    gongshi_server::today(),
                    &|_, _| {},
                )
                .await
                .expect("the demo data is stored");
            }
            drop(store);
            server.admin(&format!(
                "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true"
            ));
            server.admin(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ));
            name
        })
        .await
    }
}

impl Database {
    /// A new, empty database (not migrated).
    pub(crate) fn create() -> Self {
        Self::copy_of(None)
    }

    /// A new database holding what `template` holds.
    pub(crate) async fn from(template: Template) -> Self {
        let name = template.ensure().await;
        Self::copy_of(Some(name))
    }

    fn copy_of(template: Option<&str>) -> Self {
        let server = SERVER.get_or_init(Server::start);
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        match template {
            Some(t) => server.admin(&format!("CREATE DATABASE {name} TEMPLATE {t}")),
            None => server.admin(&format!("CREATE DATABASE {name}")),
        }
        Self {
            url: format!("postgres://postgres@127.0.0.1:{}/{name}", server.port),
            name,
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some(server) = SERVER.get() {
            server.admin(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
