//! The `orgboard` binary: see `server::cli`.

use clap::Parser;
use orgboard::server::cli::{self, Cli};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let code = cli::run(Cli::parse()).await;
    std::process::exit(code);
}
