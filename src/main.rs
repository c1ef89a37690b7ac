//! The `kasse` command: the till, and the tools around it for staff and the shop owner.

use anyhow::Result;
use clap::{Parser, Subcommand};
use kasse::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "kasse",
    version,
    about = "A terminal till for Vipps MobilePay in-store payments with customer club"
)]
struct Cli {
    /// Config file (default: $XDG_CONFIG_HOME/kasse/kasse.toml; none at all means demo mode).
    #[arg(long, global = true, env = "KASSE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Members of the customer club.
    #[command(subcommand)]
    Members(MembersCmd),
    /// The product catalogue.
    #[command(subcommand)]
    Products(ProductsCmd),
    /// Show the configuration in force, secrets redacted.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Run the Vipps MobilePay simulator on its own.
    Sim {
        #[arg(long, default_value = "127.0.0.1:8700")]
        addr: SocketAddr,
    },
    /// Webhook registrations for this till's public URL.
    #[command(subcommand)]
    Webhooks(WebhooksCmd),
    /// Barcode scanners: find them and see what they send.
    #[command(subcommand)]
    Scanner(ScannerCmd),
    /// Receipt printers: what is configured and reachable, and a test page.
    #[command(subcommand)]
    Printer(PrinterCmd),
    /// Check config, credentials, database, scanner and webhook registration.
    Doctor,
    /// Every till action: its name for `[keys]`, its keys now, and what it does.
    Keys,
    /// X and Z reports (the Z report once a day per till).
    #[command(subcommand)]
    Report(ReportCmd),
    /// The SAF-T Cash Register export and the signing key.
    #[command(subcommand)]
    Saft(SaftCmd),
    /// The cashiers who sign in at the till.
    #[command(subcommand)]
    Cashiers(CashiersCmd),
    /// The shared customer club on PostgreSQL: the service and its till tokens.
    #[command(subcommand)]
    Club(ClubCmd),
}

#[derive(Subcommand)]
enum ReportCmd {
    /// Totals so far today; resets nothing.
    X,
    /// The day's closing report; the counters start again after it.
    Z,
}

#[derive(Subcommand)]
enum SaftCmd {
    /// Write `SAF-T Cash Register_<orgnr>_<YYYYMMDDhhmmss>.xml` from the electronic journal.
    Export {
        /// First day (YYYY-MM-DD), default the journal's first.
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD), default the journal's last.
        #[arg(long)]
        to: Option<String>,
        /// Directory to write into (default: the current one).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the public signing key (PEM) for the product declaration.
    Key,
    /// Verify every till's signature chain.
    Verify,
}

#[derive(Subcommand)]
enum CashiersCmd {
    /// Add a cashier; the PIN (4 to 8 digits) is asked for without echo.
    Add {
        id: String,
        name: String,
        /// The shop owner (may take Z reports).
        #[arg(long)]
        owner: bool,
    },
    List,
    /// Disable a cashier (they stay in the books).
    Disable {
        id: String,
    },
}

#[derive(Subcommand)]
enum PrinterCmd {
    /// The configured printer (reachable or not) and the printer profiles.
    List {
        /// tcp://HOST:PORT, serial:PATH@BAUD or a path, instead of printer.device.
        #[arg(long)]
        device: Option<String>,
    },
    /// Print a test page (æøå, a long line, a cut).
    Test {
        /// tcp://HOST:PORT, serial:PATH@BAUD or a path, instead of printer.device.
        #[arg(long)]
        device: Option<String>,
        /// A printer profile id, instead of printer.profile.
        #[arg(long)]
        profile: Option<String>,
        /// Also kick the cash drawer.
        #[arg(long)]
        drawer: bool,
    },
}

#[derive(Subcommand)]
enum ClubCmd {
    /// Serve the club's HTTP API (migrates the schema first).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8710")]
        listen: SocketAddr,
        /// PostgreSQL URL, e.g. postgres://kasse@db/kasse (no password in a shared shell
        /// history: use the environment variable or ~/.pgpass).
        #[arg(long, env = "KASSE_CLUB_DATABASE")]
        database: String,
        /// Connections this instance keeps to PostgreSQL.
        #[arg(long, default_value_t = kasse::club::cli::DEFAULT_POOL)]
        pool: usize,
    },
    /// Bring the club's schema up to date and exit.
    Migrate {
        #[arg(long, env = "KASSE_CLUB_DATABASE")]
        database: String,
    },
    /// Till tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Move this till's own members into the configured club (safe to repeat).
    PushLocal,
}

#[derive(Subcommand)]
enum TokenCmd {
    /// Issue a token for a till (replaces the one it had); printed once.
    Add {
        till: String,
        #[arg(long, env = "KASSE_CLUB_DATABASE")]
        database: String,
    },
    /// Revoke a till's token.
    Revoke {
        till: String,
        #[arg(long, env = "KASSE_CLUB_DATABASE")]
        database: String,
    },
    /// Tills with tokens.
    List {
        #[arg(long, env = "KASSE_CLUB_DATABASE")]
        database: String,
    },
}

#[derive(Subcommand)]
enum MembersCmd {
    /// Import members from CSV (all rows or none).
    Import { file: PathBuf },
    /// Export all members as CSV to stdout.
    Export,
    /// List members.
    List,
    /// Remove a member and what is stored about them.
    Forget { phone: String },
}

#[derive(Subcommand)]
enum ProductsCmd {
    /// Import products from CSV (all rows or none).
    Import { file: PathBuf },
    /// List products.
    List,
    /// Export the catalogue as CSV to stdout (the format `import` takes).
    Export,
    /// Delete one product; asks first. Issued receipts keep their own copy of the line.
    Delete {
        gtin: String,
        /// Do not ask.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum ConfigCmd {
    Show,
}

#[derive(Subcommand)]
enum WebhooksCmd {
    /// Register the configured public URL for the ePayment events and the login ping.
    Register,
    /// List registrations of this sales unit.
    List,
    /// Delete a registration by id.
    Delete { id: String },
}

#[derive(Subcommand)]
enum ScannerCmd {
    /// Serial ports with their USB ids and the profile that matches.
    List,
    /// Show every frame a scanner sends, raw and classified.
    Probe {
        #[arg(long)]
        port: Option<String>,
        #[arg(long)]
        profile: Option<String>,
    },
}

/// Errors end as one readable line (with its causes), never a backtrace: the shop owner reads
/// them, not a developer.
fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // Causes that an error's own message already quotes are not repeated.
            let mut line = e.to_string();
            for cause in e.chain().skip(1) {
                let cause = cause.to_string();
                if !line.contains(&cause) {
                    line.push_str(": ");
                    line.push_str(&cause);
                }
            }
            eprintln!("kasse: {line}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    // Before any thread starts: the books write local times.
    kasse::books::journal::init_local_offset();
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref())?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    match cli.command {
        None => rt.block_on(kasse::runtime::run_till(config)),
        Some(Command::Doctor) => rt.block_on(kasse::runtime::doctor(&config)),
        Some(Command::Keys) => {
            print!(
                "{}",
                kasse::ui::text::keys_table(config.language, &config.keys)
            );
            Ok(())
        }
        Some(Command::Members(c)) => match (&config.club, c) {
            (None, MembersCmd::Import { file }) => {
                kasse::store::cli::members_import(&config, &file)
            }
            (None, MembersCmd::Export) => kasse::store::cli::members_export(&config),
            (None, MembersCmd::List) => kasse::store::cli::members_list(&config),
            (None, MembersCmd::Forget { phone }) => {
                kasse::store::cli::members_forget(&config, &phone)
            }
            // With a club, the till's table is the club's cache: brought up to date, then read.
            (Some(club), MembersCmd::Import { file }) => {
                rt.block_on(kasse::club::cli::members_import(&config, club, &file))
            }
            (Some(club), MembersCmd::Export) => {
                rt.block_on(kasse::club::cli::refresh_cache(&config, club))?;
                kasse::store::cli::members_export(&config)
            }
            (Some(club), MembersCmd::List) => {
                rt.block_on(kasse::club::cli::refresh_cache(&config, club))?;
                kasse::store::cli::members_list(&config)
            }
            (Some(club), MembersCmd::Forget { phone }) => {
                rt.block_on(kasse::club::cli::members_forget(&config, club, &phone))
            }
        },
        Some(Command::Club(c)) => rt.block_on(club(&config, c)),
        Some(Command::Products(c)) => match c {
            ProductsCmd::Import { file } => kasse::store::cli::products_import(&config, &file),
            ProductsCmd::List => kasse::store::cli::products_list(&config),
            ProductsCmd::Export => kasse::store::cli::products_export(&config),
            ProductsCmd::Delete { gtin, yes } => {
                kasse::store::cli::products_delete(&config, &gtin, yes)
            }
        },
        Some(Command::Report(c)) => kasse::books::cli::report(
            &config,
            match c {
                ReportCmd::X => kasse::books::ReportKind::X,
                ReportCmd::Z => kasse::books::ReportKind::Z,
            },
        ),
        Some(Command::Saft(c)) => match c {
            SaftCmd::Export { from, to, out } => kasse::books::cli::saft_export(
                &config,
                from.as_deref(),
                to.as_deref(),
                out.as_deref(),
            ),
            SaftCmd::Key => kasse::books::cli::saft_key(&config),
            SaftCmd::Verify => kasse::books::cli::saft_verify(&config),
        },
        Some(Command::Cashiers(c)) => match c {
            CashiersCmd::Add { id, name, owner } => {
                kasse::books::cli::cashiers_add(&config, &id, &name, owner)
            }
            CashiersCmd::List => kasse::books::cli::cashiers_list(&config),
            CashiersCmd::Disable { id } => kasse::books::cli::cashiers_disable(&config, &id),
        },
        Some(Command::Config(ConfigCmd::Show)) => {
            print!("{}", config.redacted());
            Ok(())
        }
        Some(Command::Sim { addr }) => rt.block_on(kasse::sim::cli::serve(addr)),
        Some(Command::Webhooks(c)) => rt.block_on(async {
            match c {
                WebhooksCmd::Register => kasse::vipps::cli::webhooks_register(&config).await,
                WebhooksCmd::List => kasse::vipps::cli::webhooks_list(&config).await,
                WebhooksCmd::Delete { id } => {
                    kasse::vipps::cli::webhooks_delete(&config, &id).await
                }
            }
        }),
        Some(Command::Printer(c)) => rt.block_on(async {
            match c {
                PrinterCmd::List { device } => kasse::printer::cli::list(&config, device).await,
                PrinterCmd::Test {
                    device,
                    profile,
                    drawer,
                } => kasse::printer::cli::test(&config, device, profile, drawer).await,
            }
        }),
        Some(Command::Scanner(c)) => match c {
            ScannerCmd::List => kasse::scanner::cli::list(&config),
            ScannerCmd::Probe { port, profile } => {
                rt.block_on(kasse::scanner::cli::probe(&config, port, profile))
            }
        },
    }
}

async fn club(config: &Config, c: ClubCmd) -> Result<()> {
    use kasse::club::cli;
    match c {
        ClubCmd::Serve {
            listen,
            database,
            pool,
        } => {
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| "info".into()),
                )
                .init();
            cli::serve(listen, &database, pool).await
        }
        ClubCmd::Migrate { database } => cli::migrate(&database).await,
        ClubCmd::Token(TokenCmd::Add { till, database }) => cli::token_add(&database, &till).await,
        ClubCmd::Token(TokenCmd::Revoke { till, database }) => {
            cli::token_revoke(&database, &till).await
        }
        ClubCmd::Token(TokenCmd::List { database }) => cli::token_list(&database).await,
        ClubCmd::PushLocal => match &config.club {
            Some(club) => cli::push_local(config, club).await,
            None => anyhow::bail!("no [club] in the config: set club.url and club.token first"),
        },
    }
}
