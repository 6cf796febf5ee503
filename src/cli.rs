//! The command line: `serve` (the default), `migrate`, `seed`, `create-user`, `import`,
//! `generate`, `remind`, and the whole-database operations of `ops`: `copy`, `backup`,
//! `restore`.

use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::roles::GlobalRole;
use crate::models::audit::AuditActor;
use crate::models::person::{NewPerson, Person};
use crate::{auth, generate, ops, seed, web};
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
    /// Run the web service (migrates; loads the demo on a loopback address unless PDSA_DEMO=0, elsewhere only with PDSA_DEMO=1; listens on PDSA_BIND).
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
    /// Import records from a file, all or nothing: `pdsa import observations FILE --team ID`.
    Import {
        /// What the file holds.
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Fill an empty database with a large synthetic network for benchmarks and trying pdsa at
    /// scale: every district a member each year with a team of eight, 20 to 30 classrooms, four
    /// shared measures, four cycles, and observations three days a week (about two million for
    /// the defaults). Refuses a database that holds districts already. Everyone generated signs
    /// in with the demo password.
    Generate {
        /// Member districts, 1 to 500 (one or two schools each).
        #[arg(long, default_value_t = 50, allow_negative_numbers = true)]
        districts: u32,
        /// Program years, ending with the current one, 1 to 20.
        #[arg(long, default_value_t = 5, allow_negative_numbers = true)]
        years: u32,
    },
    /// Send the email that is due (reminders, changes, cancellations, invitations, resets)
    /// once and exit: for cron when PDSA_REMIND_EVERY=0. Safe to run beside `serve` or another
    /// `pdsa remind`: a message is sent by one worker only.
    Remind,
    /// Copy the whole collective into an empty database: SQLite to PostgreSQL, back, or
    /// SQLite to SQLite. The target is migrated, filled in one transaction, read back and
    /// compared table by table (row counts and checksums), and committed only when all agree;
    /// a failed or interrupted copy leaves it empty. Prints the counts.
    Copy {
        /// The database to copy (postgres://… or a SQLite file); it is only read.
        #[arg(long)]
        from: String,
        /// The empty database to fill (postgres://… or a SQLite file, created when missing).
        #[arg(long)]
        to: String,
    },
    /// Write a consistent copy of the DATABASE_URL SQLite database to FILE, also while
    /// `pdsa serve` writes (PostgreSQL: use pg_dump -Fc).
    Backup {
        /// The backup to write; it must not exist.
        file: std::path::PathBuf,
    },
    /// Put a backup from `pdsa backup` back as the DATABASE_URL SQLite file, migrated to this
    /// version of pdsa; stop `pdsa serve` first (PostgreSQL: use pg_restore).
    Restore {
        /// The backup to restore.
        file: std::path::PathBuf,
        /// Replace a database that holds data.
        #[arg(long)]
        force: bool,
    },
}

/// What `pdsa import` reads.
#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Observations from a CSV file (UTF-8, header row date,classroom,measure,value,cycle,note;
    /// classroom by label, measure by name, cycle by id or empty). Every row is checked first;
    /// one bad row imports nothing and every bad row and column is listed.
    Observations {
        /// The CSV file.
        file: std::path::PathBuf,
        /// The team the observations belong to.
        #[arg(long)]
        team: i32,
        /// Overwrite values that exist already for the same classroom, measure and date
        /// (otherwise they are errors).
        #[arg(long)]
        replace: bool,
    },
}

/// Runs a command; an `Err` is printed and exits 1.
pub fn run(args: Args) -> Result<(), String> {
    let config = Config::from_env()?;
    init_logging(&config)?;
    match args.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => migrate_only(&config),
        Command::Seed => seed_only(&config),
        Command::Import { what } => import(&config, what),
        Command::Generate { districts, years } => generate_network(&config, districts, years),
        Command::Remind => remind(&config),
        Command::Copy { from, to } => ops::copy::command(&from, &to),
        Command::Backup { file } => ops::backup::command(&config.database_url, &file),
        Command::Restore { file, force } => {
            ops::restore::command(&config.database_url, &file, force)
        }
        Command::CreateUser { role, email, name } => {
            create_user(&config, &role, &email, name.as_deref())
        }
    }
}

/// Logs to stderr through `tracing`, filtered by `RUST_LOG`, as text or (`PDSA_LOG_FORMAT=json`)
/// one JSON object per line with the request's span (its id) in each. The `log` records of
/// our code and of the crates below come through the same subscriber (tracing-log's bridge).
fn init_logging(config: &Config) -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_filter)
        .map_err(|e| format!("RUST_LOG: {e}"))?;
    let text = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // Only fails when a subscriber is set already: a second `run` in one process keeps it.
    let _ = if config.log_json {
        text.json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        text.try_init()
    };
    Ok(())
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
    crate::models::shared::bump_generation(&mut conn).map_err(|e| e.to_string())?;
    println!("{report}");
    Ok(())
}

/// `pdsa generate`: the flags are checked before the database is opened, so a bad one changes
/// nothing, not even creating the file.
fn generate_network(config: &Config, districts: u32, years: u32) -> Result<(), String> {
    let options = generate::Options::new(districts, years)?;
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let report = generate::run(&mut conn, options)?;
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
    let name = crate::domain::validate::name("name", &name, 200)
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
    let person =
        Person::create(&mut conn, &AuditActor::system("pdsa create-user"), &new).map_err(|e| {
            match e.violations().first() {
                Some(v) => format!("--{}: {}", v.field, v.message),
                None => e.to_string(),
            }
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
    if config.demo_in_public {
        warn_demo_in_public(&config.bind);
    }
    if config.demo {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let report = seed::load_demo(&mut conn, chrono::Local::now().date_naive())
            .map_err(|e| e.to_string())?;
        log::info!("{report}");
    }
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let key = web::session::load_key(&config, &mut conn)?;
    drop(conn);
    let templates = web::render::templates(&crate::assets::Assets::of(&config))?;
    // The sign-in's dummy hash, made off the start-up path.
    std::thread::spawn(crate::auth::password::warm_up);
    let bind = config.bind.clone();
    let metrics_bind = config.metrics_bind.clone();
    let demo = config.demo;
    let public_url = config.public_url.clone();
    let mail = start_mail_worker(&pool, &config)?;
    let mail_wake = mail.wake.clone();
    let state = actix_web::web::Data::new(web::AppState {
        pool,
        config,
        templates,
        cache: Default::default(),
        mail_wake,
        metrics: Default::default(),
    });
    // On SIGTERM (or SIGINT) actix stops accepting and finishes the requests in flight (up
    // to 30 s); then the mail worker records its batch before the process ends.
    let served = actix_web::rt::System::new().block_on(async move {
        if let Some(at) = metrics_bind {
            actix_web::rt::spawn(web::metrics::scrape::listener(state.clone(), &at)?);
            log::info!("metrics at http://{at}/metrics");
        }
        let server =
            actix_web::HttpServer::new(move || crate::build_app(state.clone(), key.clone()))
                .on_connect(no_delay)
                .shutdown_timeout(30)
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
    });
    mail.stop();
    log::info!("pdsa stopped");
    served
}

/// Says loudly, in the log and on the console, that anyone who can reach `bind` can sign in
/// with the demo's published password.
fn warn_demo_in_public(bind: &str) {
    let text = format!(
        "PDSA_DEMO=1 on {bind}, an address others can reach: the demo accounts' password is \
         published (see the README), so anyone who reaches this server can sign in as its \
         director. Use PDSA_DEMO=0 for real data."
    );
    log::warn!("{text}");
    eprintln!("\n*** WARNING ***\n{text}\n");
}

/// The mail transport from `SMTP_URL` (or `.eml` files), logged so people see where mail goes.
fn mailer(config: &Config) -> Result<crate::mail::Mailer, String> {
    let mailer = crate::mail::Mailer::from_settings(config.smtp_url.as_deref(), &config.outbox_dir)
        .map_err(|e| e.to_string())?;
    log::info!("{}", mailer.describe());
    Ok(mailer)
}

/// The mail worker thread inside `serve`, if one runs, and the nudge that wakes or stops it.
struct MailWorker {
    wake: crate::mail::Wake,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl MailWorker {
    /// Lets the worker finish and record the batch it is sending, then waits for it: a stop
    /// never leaves rows claimed for the lease's ten minutes, nor sends them twice.
    fn stop(self) {
        self.wake.stop();
        if let Some(thread) = self.thread {
            log::info!("waiting for the mail worker to record its batch");
            if thread.join().is_err() {
                log::warn!("the mail worker stopped with a panic");
            }
        }
    }
}

/// Starts the worker thread when `PDSA_REMIND_EVERY` is above 0; its nudge is what the web
/// handlers use to make it run at once.
fn start_mail_worker(pool: &DbPool, config: &Config) -> Result<MailWorker, String> {
    let wake = crate::mail::Wake::default();
    let mailer = mailer(config)?;
    if config.remind_every == 0 {
        log::info!("PDSA_REMIND_EVERY=0: no mail worker in serve; run `pdsa remind` from cron");
        return Ok(MailWorker { wake, thread: None });
    }
    let worker = crate::mail::worker::Worker::new(pool.clone(), config, mailer)?;
    let every = std::time::Duration::from_secs(config.remind_every);
    let thread = Some(worker.spawn(every, wake.clone())?);
    Ok(MailWorker { wake, thread })
}

/// `pdsa remind`: one run of the worker; prints what it did.
fn remind(config: &Config) -> Result<(), String> {
    let mailer = mailer(config)?;
    let pool = open(config)?;
    let worker = crate::mail::worker::Worker::new(pool, config, mailer)?;
    let report = worker.run_once(crate::models::now())?;
    println!("{report}");
    Ok(())
}

/// `pdsa import observations FILE --team ID [--replace]`: prints what was imported, or every
/// bad row and column (and changes nothing).
fn import(config: &Config, what: ImportCommand) -> Result<(), String> {
    use crate::models::{csv_files, observation, team::Team};
    use diesel::OptionalExtension;
    let ImportCommand::Observations {
        file,
        team,
        replace,
    } = what;
    let (shown, text) = read_text(&file)?;
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let team = Team::find(&mut conn, team)
        .optional()
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("--team: there is no team with id {team}"))?;
    let drafts = csv_files::read_observations(&text).map_err(|vs| not_imported(&shown, &vs))?;
    let today = observation::local_today(&mut conn).map_err(|e| e.to_string())?;
    let imported = observation::import(
        &mut conn,
        &AuditActor::system("pdsa import"),
        &team,
        &drafts,
        replace,
        None,
        today,
    );
    let report = imported.map_err(|e| match e.violations() {
        [] => e.to_string(),
        vs => not_imported(&shown, vs),
    })?;
    // Running servers' dashboards show the new data on their next read.
    crate::models::shared::bump_generation(&mut conn).map_err(|e| e.to_string())?;
    println!("{report}");
    Ok(())
}

/// The file's name as typed and its text, which must be UTF-8.
fn read_text(file: &std::path::Path) -> Result<(String, String), String> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{shown} is not UTF-8 text; save it as \"CSV UTF-8\""))?;
    Ok((shown, text))
}

/// Every problem of a refused import, a line each.
fn not_imported(shown: &str, problems: &[crate::domain::Violation]) -> String {
    let lines: Vec<String> = problems.iter().map(|v| format!("  {v}")).collect();
    format!(
        "{shown} was not imported (nothing changed):\n{}",
        lines.join("\n")
    )
}

/// Sends each write at once (TCP_NODELAY). Responses written in more than one piece — a static
/// file streamed in 64 KiB chunks — otherwise wait for the client's delayed ACK on a kept-alive
/// connection: 40 ms for the stylesheet on every first page view.
fn no_delay(conn: &dyn std::any::Any, _: &mut actix_web::dev::Extensions) {
    if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>()
        && let Err(e) = tcp.set_nodelay(true)
    {
        log::warn!("cannot set TCP_NODELAY: {e}");
    }
}
