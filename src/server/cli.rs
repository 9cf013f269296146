//! The `orgboard` command line: serve (default), create-admin, seed-demo.

use std::io::Read;

use clap::{Parser, Subcommand};

use super::db;

/// Orgboard: the organization dashboard for B2B training.
#[derive(Parser, Debug)]
#[command(name = "orgboard", version, about)]
pub struct Cli {
    /// SQLite database URL; the file and its directory are created if missing.
    #[arg(long, env = "DATABASE_URL", default_value = db::DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web application and API (address from LEPTOS_SITE_ADDR, default 127.0.0.1:3000).
    Serve {
        /// Write the demo (organizations, people, progress) into an empty database at start.
        /// Without it an empty database stays empty: create the first platform admin with
        /// `create-admin`.
        #[arg(long, env = "ORGBOARD_DEMO")]
        demo: bool,
        /// No effect (an empty database gets no demo unless `--demo` is given); kept so older
        /// scripts still start.
        #[arg(long, hide = true)]
        no_demo: bool,
    },
    /// Create a platform admin, or promote an existing account; the password is read from stdin.
    CreateAdmin {
        /// Email to sign in with.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
    },
    /// Fill an empty database with the demo organizations, people and progress.
    SeedDemo,
    /// Recompute the report tables (enrolments, places, summaries) from scratch.
    RebuildReports,
    /// Write a consistent snapshot of the database to FILE (safe while the server runs) and check it.
    Backup {
        /// The snapshot file to create (must not exist).
        file: std::path::PathBuf,
    },
    /// Replace the database with the snapshot FILE (stop the server first); the snapshot is checked first.
    Restore {
        /// A snapshot made by `orgboard backup`.
        file: std::path::PathBuf,
    },
}

/// Runs the command line; returns the process exit code.
pub async fn run(cli: Cli) -> i32 {
    // `cargo leptos serve` starts the binary without a subcommand: `ORGBOARD_DEMO=1` (what
    // `make run` sets) asks for the demo then too.
    let default_serve = || Command::Serve {
        demo: matches!(std::env::var("ORGBOARD_DEMO").as_deref(), Ok("1") | Ok("true")),
        no_demo: false,
    };
    let result = match cli.command.unwrap_or_else(default_serve) {
        Command::Serve { demo, .. } => super::serve::serve(&cli.database_url, demo).await,
        Command::CreateAdmin { email, name } => create_admin(&cli.database_url, &email, &name).await,
        Command::SeedDemo => seed_demo(&cli.database_url).await,
        Command::RebuildReports => rebuild_reports(&cli.database_url).await,
        Command::Backup { file } => backup(&cli.database_url, &file).await,
        Command::Restore { file } => restore(&cli.database_url, &file).await,
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("orgboard: {message}");
            1
        }
    }
}

async fn create_admin(url: &str, email: &str, name: &str) -> Result<(), String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    // One trailing newline belongs to `echo`, not to the password.
    let password = input.strip_suffix('\n').unwrap_or(&input);
    let password = password.strip_suffix('\r').unwrap_or(password);
    let pool = db::open(url).await?;
    let outcome = crate::service::accounts::create_or_promote_admin(&pool, email, name, password)
        .await
        .map_err(|e| e.to_string())?;
    match outcome {
        crate::service::accounts::AdminOutcome::Created(id) => {
            println!("Created platform admin {email} (user {id}).")
        }
        crate::service::accounts::AdminOutcome::Promoted(id) => {
            println!("Promoted {email} (user {id}) to platform admin and set the new password.")
        }
    }
    Ok(())
}

async fn rebuild_reports(url: &str) -> Result<(), String> {
    let pool = db::open(url).await?;
    let started = std::time::Instant::now();
    let orgs = super::repo::report_sync::rebuild(&pool)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Rebuilt the report tables of {orgs} organizations in {} ms.",
        started.elapsed().as_millis()
    );
    Ok(())
}

async fn backup(url: &str, file: &std::path::Path) -> Result<(), String> {
    let pool = db::open(url).await?;
    let summary = super::backup::backup(&pool, file).await?;
    println!(
        "Wrote {} (integrity checked: {}).",
        file.display(),
        super::backup::describe(&summary)
    );
    Ok(())
}

async fn restore(url: &str, file: &std::path::Path) -> Result<(), String> {
    let target = std::str::FromStr::from_str(url)
        .map(|o: sqlx::sqlite::SqliteConnectOptions| o.get_filename().to_path_buf())
        .map_err(|e| format!("DATABASE_URL `{url}` is not a valid SQLite URL: {e}"))?;
    let summary = super::backup::restore(file, &target).await?;
    // Open once the normal way: migrations newer than the snapshot are applied now.
    db::open(url).await?;
    println!(
        "Restored {} from {} ({}).",
        target.display(),
        file.display(),
        super::backup::describe(&summary)
    );
    Ok(())
}

async fn seed_demo(url: &str) -> Result<(), String> {
    let pool = db::open(url).await?;
    super::seed::seed_demo(&pool).await.map_err(|e| e.to_string())?;
    print_demo_logins();
    Ok(())
}

/// Prints the demo sign-in details.
pub fn print_demo_logins() {
    println!(
        "Demo data written. Sign in with any of these (password: {}):",
        super::seed::DEMO_PASSWORD
    );
    for (what, email) in super::seed::DEMO_LOGINS {
        println!("  {what:<32} {email}");
    }
}
