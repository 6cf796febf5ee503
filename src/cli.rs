//! The command line: `serve` (the default), `migrate`, `seed`, `create-user`.

use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::roles::GlobalRole;
use crate::models::person::{NewPerson, Person};
use crate::{auth, seed, web};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read};
use std::time::Instant;

/// pdsa — PDSA cycles, convenings and tune-ups for a learning collective.
#[derive(Parser, Debug)]
#[command(name = "pdsa", version, about)]
pub struct Args {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web service (migrates, loads the demo unless PDSA_DEMO=0, listens on PDSA_BIND).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo collective (idempotent: running it again adds nothing twice).
    Seed,
    /// Create a person who can sign in; the password is read from standard input, or generated
    /// and printed once when standard input is a terminal or empty.
    CreateUser {
        /// director | facilitator | member.
        #[arg(long)]
        role: String,
        /// Sign-in address.
        #[arg(long)]
        email: String,
        /// Full name (defaults to the part of the address before @).
        #[arg(long)]
        name: Option<String>,
    },
}

/// Runs a command; an `Err` is printed and exits 1.
pub fn run(args: Args) -> Result<(), String> {
    let config = Config::from_env()?;
    init_logging();
    match args.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => migrate_only(&config),
        Command::Seed => seed_only(&config),
        Command::CreateUser { role, email, name } => {
            create_user(&config, &role, &email, name.as_deref())
        }
    }
}

fn init_logging() {
    let env = env_logger::Env::default().default_filter_or("info");
    let _ = env_logger::Builder::from_env(env)
        .format_timestamp_secs()
        .try_init();
}

/// Opens the pool and runs pending migrations.
pub fn open(config: &Config) -> Result<DbPool, String> {
    let pool = db::connect(&config.database_url, config.pool_size)?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db::migrate(&mut conn)?;
    Ok(pool)
}

fn migrate_only(config: &Config) -> Result<(), String> {
    let pool = db::connect(&config.database_url, 1)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let n = db::migrate(&mut conn)?;
    println!("{n} migration(s) applied to {}", config.database_url);
    Ok(())
}

fn seed_only(config: &Config) -> Result<(), String> {
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let report =
        seed::load_demo(&mut conn, chrono::Local::now().date_naive()).map_err(|e| e.to_string())?;
    println!("{report}");
    Ok(())
}

fn create_user(config: &Config, role: &str, email: &str, name: Option<&str>) -> Result<(), String> {
    let role: GlobalRole = role.parse().map_err(|m| format!("--role: {m}"))?;
    let email =
        crate::domain::validate::email(email).map_err(|v| format!("--email: {}", v.message))?;
    let (password, generated) = password_from_stdin()?;
    auth::password::check_new(&password)
        .map_err(|v| format!("password from stdin: {}", v.message))?;
    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| email.split('@').next().unwrap_or("").to_string());
    let name = crate::domain::validate::required("name", &name, 200)
        .map_err(|v| format!("--name: {}", v.message))?;
    let hash = auth::password::hash(&password)?;
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let new = NewPerson {
        name: &name,
        email: &email,
        password_hash: Some(&hash),
        role: role.as_str(),
        created_at: crate::models::now(),
    };
    let person = Person::create(&mut conn, &new).map_err(|e| match e.violations().first() {
        Some(v) => format!("--{}: {}", v.field, v.message),
        None => e.to_string(),
    })?;
    println!(
        "created {} <{}> as {}",
        person.name,
        person.email,
        role.as_str()
    );
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

/// The password piped in on stdin, or a generated one when stdin is a terminal or empty.
fn password_from_stdin() -> Result<(String, bool), String> {
    let mut stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut input = String::new();
        stdin
            .read_to_string(&mut input)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        let line = input.lines().next().unwrap_or("").to_string();
        if !line.is_empty() {
            return Ok((line, false));
        }
    }
    Ok((auth::password::generate(), true))
}

fn serve(config: Config) -> Result<(), String> {
    let started = Instant::now();
    let pool = open(&config)?;
    if config.demo {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let report = seed::load_demo(&mut conn, chrono::Local::now().date_naive())
            .map_err(|e| e.to_string())?;
        log::info!("{report}");
    }
    let key = web::session::load_key(&config)?;
    let templates = web::render::templates()?;
    let bind = config.bind.clone();
    let demo = config.demo;
    let public_url = config.public_url.clone();
    let state = actix_web::web::Data::new(web::AppState {
        pool,
        config,
        templates,
        throttle: Default::default(),
    });
    actix_web::rt::System::new().block_on(async move {
        let server =
            actix_web::HttpServer::new(move || crate::build_app(state.clone(), key.clone()))
                .bind(&bind)
                .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
        println!(
            "pdsa is ready at {public_url} (started in {} ms)",
            started.elapsed().as_millis()
        );
        if demo {
            println!("{}", seed::SIGN_IN_HELP);
        }
        server.run().await.map_err(|e| e.to_string())
    })
}
