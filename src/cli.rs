//! The `bangfu` command line: serve, migrate, admin create, seed demo.

use crate::config::{self, Config};
use crate::startup::{Application, Options};
use crate::{seed, store, telemetry};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

fn settings_help() -> String {
    let mut s = String::from("Settings (environment variables):\n");
    for (name, default, what) in config::SETTINGS {
        s.push_str(&format!("  {name:<40} {what} [default: {default}]\n"));
    }
    s
}

#[derive(Parser)]
#[command(name = "bangfu", version, about = "Bangfu (帮扶): matching social help to households in need", after_help = settings_help())]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database if missing, apply migrations, load regions, and serve the API and web app
    /// with the job workers (BANGFU_JOB_WORKERS). Stops gracefully on SIGINT/SIGTERM, finishing
    /// requests in flight and the jobs being run.
    Serve {
        /// Serve HTTP only and leave the jobs to `bangfu work` processes. With the embedded engine
        /// the process still keeps its own index up to date from the search change feed.
        #[arg(long)]
        no_workers: bool,
    },
    /// Run the job workers only (index updates, mail, deadlines), without the HTTP server, beside
    /// `bangfu serve --no-workers` processes on the same database (with the embedded engine it
    /// opens no index: each serving process follows the search change feed itself).
    Work,
    /// Create the database if missing, apply pending migrations and load the region data (idempotent).
    Migrate {
        /// Revert every migration instead (destroys all data).
        #[arg(long)]
        revert_all: bool,
    },
    /// Rebuild the search index from PostgreSQL (no downtime: Meilisearch fills a staging index and
    /// swaps it in; the embedded engine replaces documents in place and removes stale ones). While a
    /// server holds the embedded index, the server does the rebuild (a job) and this waits for it.
    Reindex,
    /// Search index tools.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Manage admin accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the OpenAPI document (JSON) of the HTTP API; the web app's types are generated from it.
    Openapi,
    /// Audit trail tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Load data.
    Seed {
        #[command(subcommand)]
        command: SeedCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin, or reset the password and name of an existing admin with that email. The
    /// password is asked for at a prompt, or read from the first line of stdin with
    /// `--password-stdin`; never from the command line, where `ps` and shell history would show it.
    Create {
        #[arg(long)]
        email: String,
        /// Read the password from the first line of stdin (for scripts: `printf '%s\n' "$PW" | ...`).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the audit chain; with --checkpoints, also check it against checkpoints saved from
    /// `GET /api/v1/audit/checkpoints`, which catches a chain rewritten with recomputed hashes.
    /// Also checks that each project's ledger totals equal the sums of their rows. Exits non-zero
    /// on any mismatch.
    Verify {
        #[arg(long)]
        checkpoints: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Compare PostgreSQL's public needs and offers with the index; exits non-zero on any
    /// difference. Reads the embedded index without its writer lock, so it runs beside a server.
    Check,
}

#[derive(Subcommand)]
enum SeedCommand {
    /// Demo data in Lushi County's real villages: officials for the county and two townships, a
    /// donor, an enterprise, a social organization, households and their needs (with pledges).
    /// Running it again adds nothing.
    Demo {
        /// Households to make.
        #[arg(long, default_value_t = 300)]
        households: usize,
        /// Needs to make, spread over the households.
        #[arg(long, default_value_t = 1000)]
        needs: usize,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Needs neither configuration nor a database.
    if matches!(cli.command, Command::Openapi) {
        use utoipa::OpenApi;
        return match crate::api::openapi::ApiDoc::openapi().to_pretty_json() {
            Ok(json) => {
                use std::io::Write;
                match writeln!(std::io::stdout(), "{json}") {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(_) => ExitCode::FAILURE,
                }
            }
            Err(e) => {
                eprintln!("bangfu: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bangfu: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config);
    if config.jwt_secret_generated {
        tracing::warn!(
            path = %config.data_dir.join("jwt_secret").display(),
            "BANGFU_JWT_SECRET is not set: generated one and stored it in the data directory (development only)"
        );
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bangfu: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bangfu: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Creates the database when missing and migrates it, explaining what to do when PostgreSQL is down.
async fn prepare_database(config: &Config) -> anyhow::Result<()> {
    let url = config.database_url.expose();
    let created = store::ensure_database(url).await.map_err(|e| {
        anyhow::anyhow!(
            "PostgreSQL is not reachable at {} ({e}).\n  Start it (on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start),\n  install it (apt-get install postgresql), or set DATABASE_URL. ./scripts/run.sh does this for you.",
            config.database_url_for_display()
        )
    })?;
    if created {
        tracing::info!(database = %config.database_url_for_display(), "created the database");
    }
    let applied = store::migrate(url).await?;
    tracing::info!(
        applied = applied.len(),
        "migrations applied; regions loaded"
    );
    Ok(())
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Openapi => {}
        Command::Serve { no_workers } => {
            let mut config = config;
            if no_workers {
                config.job_workers = 0;
            }
            prepare_database(&config).await?;
            let pool = store::pool(config.database_url.expose(), config.db_pool_size)?;
            let app = Application::build(config.clone(), pool, Options::default()).await?;
            tracing::info!(url = %format!("http://{}:{}", config.bind.ip(), app.port()), "Bangfu is serving");
            app.run_until_stopped().await?;
        }
        Command::Work => {
            prepare_database(&config).await?;
            let pool = store::pool(config.database_url.expose(), config.db_pool_size)?;
            crate::workers::run(config, pool).await?;
        }
        Command::Migrate { revert_all } => {
            if revert_all {
                let n = store::revert_all(config.database_url.expose()).await?;
                println!("reverted {n} migrations");
            } else {
                prepare_database(&config).await?;
                println!("database {} is migrated", config.database_url_for_display());
            }
        }
        Command::Reindex => {
            prepare_database(&config).await?;
            let pool = store::pool(config.database_url.expose(), 2)?;
            let mut conn = pool.get().await?;
            crate::search::ops::reindex(&config, &mut conn).await?;
        }
        Command::Search {
            command: SearchCommand::Check,
        } => {
            prepare_database(&config).await?;
            let pool = store::pool(config.database_url.expose(), 2)?;
            let mut conn = pool.get().await?;
            crate::search::ops::check(&config, &mut conn).await?;
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    password_stdin,
                    name,
                },
        } => {
            let password = read_password(password_stdin)?;
            prepare_database(&config).await?;
            let pool = store::pool(config.database_url.expose(), 2)?;
            let mut conn = pool.get().await?;
            let outcome = seed::create_or_reset_admin(&mut conn, &email, &password, &name).await?;
            println!("{outcome}");
        }
        Command::Audit {
            command: AuditCommand::Verify { checkpoints },
        } => {
            let saved = match &checkpoints {
                Some(path) => crate::checkpoints::parse_saved(&std::fs::read_to_string(path)?)?,
                None => Vec::new(),
            };
            let pool = store::pool(config.database_url.expose(), 2)?;
            let mut conn = pool.get().await?;
            let problems = crate::checkpoints::verify_against(&mut conn, &saved).await?;
            for p in &problems {
                println!("{p}");
            }
            // The crowdfunding ledger: every total equals the sum of its rows.
            let ledger = store::project_totals::mismatches(&mut conn).await?;
            for m in &ledger {
                println!(
                    "ledger mismatch: {} {} {} is {} but its rows sum to {}",
                    m.subject, m.id, m.column, m.recorded, m.sum
                );
            }
            if !problems.is_empty() || !ledger.is_empty() {
                anyhow::bail!(
                    "the audit chain does not match ({} problem(s)) or the projects' ledger does not add up ({} mismatch(es))",
                    problems.len(),
                    ledger.len()
                );
            }
            println!(
                "the audit chain is intact and matches {} saved checkpoint(s); the projects' ledger adds up",
                saved.len()
            );
        }
        Command::Seed {
            command: SeedCommand::Demo { households, needs },
        } => {
            // Demo accounts share one published password: never on a real platform.
            if config.env == config::Environment::Production {
                anyhow::bail!("`seed demo` refuses to run in production (BANGFU_ENV=production): its accounts share a published password");
            }
            prepare_database(&config).await?;
            let pool = store::pool(config.database_url.expose(), 2)?;
            let mut conn = pool.get().await?;
            for line in seed::demo_sized(&mut conn, seed::DemoSize { households, needs }).await? {
                println!("{line}");
            }
            for line in seed::demo_household(&mut conn, &config).await? {
                println!("{line}");
            }
        }
    }
    Ok(())
}

/// The admin's password: the first line of stdin with `--password-stdin`, else a prompt on the
/// terminal with echo off.
fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if !from_stdin && !stdin.is_terminal() {
        anyhow::bail!("give the password at the prompt (run in a terminal) or pass --password-stdin and pipe it in");
    }
    let prompt = !from_stdin;
    if prompt {
        eprint!("Password for the admin: ");
        std::io::stderr().flush()?;
        set_echo(false);
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if prompt {
        set_echo(true);
        eprintln!();
    }
    read?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        anyhow::bail!("no password given");
    }
    Ok(password)
}

/// Terminal echo on or off through `stty`; best effort (without it the prompt still works, visibly).
fn set_echo(on: bool) {
    let _ = std::process::Command::new("stty")
        .arg(if on { "echo" } else { "-echo" })
        .stdin(std::process::Stdio::inherit())
        .status();
}
