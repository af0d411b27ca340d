//! The `gongshi` binary: `serve`, `seed`, `migrate`.

use clap::Parser;
use gongshi_server::config::{Cli, Command};
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
            let store = store::open(&seed.db.database).await?;
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
            store::open(&db.database).await?;
            tracing::info!("database migrated");
            Ok(())
        }
    }
}
