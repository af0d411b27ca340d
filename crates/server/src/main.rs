//! The `gongshi` binary: `serve`, `seed`, `migrate`, `migrate-data`, `user add`, `log verify`.

use anyhow::Context;
use clap::Parser;
use gongshi_domain::staff::{Grant, Role, Username, check_new_password};
use gongshi_server::config::{Cli, Command, LogCommand, MigrateData, UserAdd, UserCommand};
use gongshi_server::{demo, store};
use indicatif::{ProgressBar, ProgressStyle};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("GONGSHI_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn")),
        )
        .init();
    match Cli::parse().command {
        Command::Serve(config) => gongshi_server::serve(config).await,
        Command::Seed(seed) => {
            let store = seed.db.open().await?;
            match &seed.from {
                Some(dir) => {
                    let orgs = demo::from_dir(dir)?;
                    store.replace_organisation(&orgs).await?;
                    tracing::info!(
                        districts = orgs.len(),
                        "organisation data replaced (catalogs, rosters and penalties cleared)"
                    );
                }
                None => {
                    let bar = ProgressBar::new(seed.penalties).with_style(
                        ProgressStyle::with_template(
                            "{msg} [{bar:40}] {human_pos}/{human_len} ({per_sec}, {eta} left)",
                        )?
                        .progress_chars("=> "),
                    );
                    bar.set_message("penalties");
                    let loaded = demo::load_demo(
                        store.as_ref(),
                        seed.penalties,
                        gongshi_server::today(),
                        &|n, of| {
                            bar.set_length(of);
                            bar.set_position(n);
                        },
                    )
                    .await?;
                    bar.finish_and_clear();
                    tracing::info!(
                        districts = loaded.districts,
                        matters = loaded.matters,
                        officers = loaded.officers,
                        penalties = loaded.penalties,
                        "demo organisation, catalog, rosters and penalties loaded"
                    );
                }
            }
            Ok(())
        }
        Command::Migrate(db) => {
            db.open().await?;
            tracing::info!("database migrated");
            Ok(())
        }
        Command::MigrateData(m) => migrate_data(m).await,
        Command::User(UserCommand::Add(add)) => add_user(add).await,
        Command::Log(LogCommand::Verify(db)) => {
            let store = db.open().await?;
            match gongshi_server::check_chain(store.as_ref()).await? {
                Ok(v) => {
                    println!("intact: {} entries, head {}", v.entries, v.head);
                    Ok(())
                }
                Err(broken) => {
                    eprintln!("broken: {broken}");
                    std::process::exit(1);
                }
            }
        }
    }
}

/// `gongshi migrate-data`: SQLite into PostgreSQL, with a line of progress per table.
async fn migrate_data(m: MigrateData) -> anyhow::Result<()> {
    anyhow::ensure!(
        m.from.starts_with("sqlite:"),
        "--from {:?}: a sqlite:// URL",
        m.from
    );
    anyhow::ensure!(
        m.to.starts_with("postgres://") || m.to.starts_with("postgresql://"),
        "--to {:?}: a postgres:// URL",
        m.to
    );
    let source = store::SqliteStore::open(&m.from)
        .await
        .context("opening --from")?;
    let target = store::PgStore::open(&m.to).await.context("opening --to")?;
    let bar = ProgressBar::new_spinner()
        .with_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})")?);
    let copied = store::copy::copy(&source, &target, &|table, n| {
        bar.set_message(format!("{table}: {n} rows"));
        bar.tick();
    })
    .await;
    bar.finish_and_clear();
    let copied = copied?;
    for (table, n) in &copied.tables {
        println!("{table:<28} {n:>10}");
    }
    println!(
        "copied and checked: every table's rows counted; change log intact, {} entries, head {}",
        copied.log_entries, copied.log_head
    );
    Ok(())
}

/// `gongshi user add`: checks every field with the domain's parsers, reads the password from
/// standard input, stores its argon2id hash.
async fn add_user(add: UserAdd) -> anyhow::Result<()> {
    let username = Username::parse(&add.username).context("--username")?;
    let role: Role = serde_json::from_value(serde_json::Value::String(add.role.clone()))
        .with_context(|| {
            format!(
                "--role {:?}: admin, publisher, handler or supervisor",
                add.role
            )
        })?;
    let district = gongshi_domain::DistrictCode::parse(&add.district).context("--district")?;
    let authority = add
        .authority
        .as_deref()
        .map(gongshi_domain::AuthorityId::parse)
        .transpose()
        .context("--authority")?;
    let grant = Grant::new(role, district.clone(), authority.clone()).context("--role")?;
    let display_name = add.display_name.trim().to_owned();
    anyhow::ensure!(!display_name.is_empty(), "--display-name is empty");

    let store = add.db.open().await?;
    let org = store
        .district_org(&district)
        .await?
        .with_context(|| format!("no district {district} in the database"))?;
    if let Some(a) = &authority {
        anyhow::ensure!(
            org.authority_ref(a).is_some(),
            "no authority {a} in district {district}"
        );
    }

    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("reading the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']);
    check_new_password(password).context("the password")?;
    let password_hash = gongshi_server::hash_password(password)
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    let added = store
        .add_staff_user(&gongshi_server::store::NewStaffUser {
            username: username.clone(),
            display_name,
            password_hash,
            grant,
        })
        .await?;
    anyhow::ensure!(added, "the user name {username} is taken");
    tracing::info!(%username, role = add.role, %district, "staff account added");
    Ok(())
}
