//! The command line and environment, read once at start-up. Every flag has an environment variable;
//! `gongshi --help` and `gongshi serve --help` list them all.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "gongshi",
    version,
    about = "公示 gongshi: the public transparency portal for street- and township-level comprehensive administrative law enforcement"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web app; a new database is created, migrated and given the demo data.
    Serve(Serve),
    /// Load the demo organisation, catalog, rosters and generated penalties, or replace the
    /// organisation with the *.toml files in a directory (which clears everything else).
    Seed(Seed),
    /// Create the database if needed and apply pending migrations, then exit.
    Migrate(Database),
    /// Copy a SQLite deployment into a new PostgreSQL database, all or nothing, then check the copy
    /// (every table's rows counted, the change log's chain recomputed to the same head).
    MigrateData(MigrateData),
    /// Staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The public change log.
    #[command(subcommand)]
    Log(LogCommand),
}

#[derive(Debug, Clone, Subcommand)]
pub enum LogCommand {
    /// Recompute every hash of the log; exit 1 and say where it breaks if it does.
    Verify(Database),
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Add a staff account. The password is read from standard input (one line), so it is never
    /// on the command line or in the shell's history.
    Add(UserAdd),
}

#[derive(Debug, Clone, Args)]
pub struct UserAdd {
    #[command(flatten)]
    pub db: Database,
    /// The login name (3–32 characters: a-z, 0-9, '.', '_', '-'; starting with a letter).
    #[arg(long)]
    pub username: String,
    /// The name shown in the staff area.
    #[arg(long)]
    pub display_name: String,
    /// admin, publisher, handler or supervisor.
    #[arg(long)]
    pub role: String,
    /// The district (6-digit code).
    #[arg(long)]
    pub district: String,
    /// The authority, for publishers and handlers (e.g. xc-nankeng, or a department's id).
    #[arg(long)]
    pub authority: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct Database {
    /// The database: sqlite://PATH (created if missing; relative to the working directory),
    /// sqlite:///ABSOLUTE/PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE (which must exist;
    /// gongshi creates its tables).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://gongshi.db")]
    pub database: String,
    /// PostgreSQL only: a read replica (postgres://…) that public reads go to — penalty lists,
    /// searches, pages, exports and statistics, catalog searches, the change log and Open311
    /// lists. Writes, the staff side, sign-ins, complaint tracking and certificate checks stay on
    /// the primary.
    #[arg(long, env = "DATABASE_READ_URL")]
    pub read_replica: Option<String>,
    /// PostgreSQL only: connections per pool (the primary's and the replica's), per instance.
    #[arg(long, env = "GONGSHI_DB_CONNECTIONS", default_value_t = crate::store::DEFAULT_CONNECTIONS)]
    pub db_connections: u32,
}

impl Database {
    /// Opens the store these settings name (see [`crate::store::open_with`]).
    pub async fn open(&self) -> crate::store::StoreResult<std::sync::Arc<dyn crate::store::Store>> {
        crate::store::open_with(&crate::store::Options {
            url: self.database.clone(),
            read_replica: self.read_replica.clone(),
            connections: self.db_connections,
        })
        .await
    }
}

#[derive(Debug, Clone, Args)]
pub struct MigrateData {
    /// The SQLite database to copy: sqlite://PATH (stop the server first, or writes after the copy
    /// starts stay behind).
    #[arg(long)]
    pub from: String,
    /// The PostgreSQL database to copy into: postgres://USER:PASSWORD@HOST:PORT/DATABASE. It must
    /// exist and hold no data; gongshi creates the tables.
    #[arg(long)]
    pub to: String,
}

#[derive(Debug, Clone, Args)]
pub struct Serve {
    /// Address and port to listen on.
    #[arg(long, env = "GONGSHI_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: Database,
    /// The built web app (trunk's dist directory).
    #[arg(long, env = "GONGSHI_ASSETS", default_value = "dist")]
    pub assets: PathBuf,
    /// Do not load the demo data into a new, empty database.
    #[arg(long, env = "GONGSHI_NO_SEED")]
    pub no_seed: bool,
    /// Complaints accepted per client address in an hour.
    #[arg(long, env = "GONGSHI_COMPLAINTS_PER_HOUR", default_value_t = 6)]
    pub complaints_per_hour: u32,
    /// Complaints accepted per client address in a day.
    #[arg(long, env = "GONGSHI_COMPLAINTS_PER_DAY", default_value_t = 20)]
    pub complaints_per_day: u32,
    /// The proof-of-work puzzle's size (a browser tries half this many SHA-256 hashes on average).
    #[arg(long, env = "GONGSHI_POW_MAX_NUMBER", default_value_t = 200_000)]
    pub pow_max_number: u64,
    /// On SIGTERM, answer /api/v1/health/ready with 503 for this many seconds before closing the
    /// listener (behind a balancer: a little more than its readiness check interval).
    #[arg(long, env = "GONGSHI_DRAIN_SECONDS", default_value_t = 0)]
    pub drain_seconds: u64,
    /// Take the client address from X-Forwarded-For: only behind a balancer that sets it.
    #[arg(long, env = "GONGSHI_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// An API key a partner system may post Open311 requests with (repeat the flag, or separate
    /// keys with commas in the variable). Without any, Open311 is read-only.
    #[arg(
        long = "open311-key",
        env = "GONGSHI_OPEN311_KEYS",
        value_delimiter = ','
    )]
    pub open311_keys: Vec<String>,
    /// An origin whose pages may read the API (GET, without cookies), e.g.
    /// https://data.example.gov.cn (repeat the flag, or separate origins with commas in the
    /// variable). Without any, only the portal's own pages may.
    #[arg(
        long = "cors-origin",
        env = "GONGSHI_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct Seed {
    #[command(flatten)]
    pub db: Database,
    /// A directory of district files (same format as data/demo/*.toml) instead of the demo data.
    #[arg(long)]
    pub from: Option<PathBuf>,
    /// How many demo penalty decisions to generate per district with a catalog (deterministic;
    /// a million take a few minutes and show a progress bar).
    #[arg(long, default_value_t = crate::demo::penalties::DEMO_COUNT)]
    pub penalties: u64,
}
