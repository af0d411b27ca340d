//! The `gongshi` binary: `serve`, `seed`, `migrate`.

use clap::Parser;
use gongshi_server::config::{Cli, Command};
use gongshi_server::{demo, store};
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
                        "organisation data replaced (catalogs and rosters cleared)"
                    );
                }
                None => {
                    let loaded = demo::load_demo(store.as_ref()).await?;
                    tracing::info!(
                        districts = loaded.districts,
                        matters = loaded.matters,
                        officers = loaded.officers,
                        "demo organisation, catalog and rosters loaded"
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
