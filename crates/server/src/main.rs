//! The `huixiang` binary: `serve`, `migrate`, `check`, `backup`, `restore`, `migrate-data`,
//! `demo`, `user add` and `calendar`. Every flag can also come from the environment
//! (`HUIXIANG_LISTEN`, `HUIXIANG_DATA_DIR`, `DATABASE_URL`).

mod config;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use huixiang_domain::UnitId;
use huixiang_service::backup::{self, TableSum};
use huixiang_service::{
    Clock, Db, IntegrityReport, NewUserInput, Service, Settings, SystemClock, demo,
};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "huixiang",
    version,
    about = "回响 — complaint handling for community affairs acceptance centers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// A configuration file of `NAME=value` lines, with the names of the environment variables
    /// (also `HUIXIANG_CONFIG`); the command line and the environment win over it. See
    /// docs/deploy.md.
    #[arg(long, global = true, value_name = "FILE")]
    #[allow(dead_code)] // taken off the command line by `config::apply`, before parsing
    config: Option<PathBuf>,
    /// How log lines are written to standard output: `text` for people, `json` (one object
    /// a line, with the request id of each request's lines) for a log collector. Levels come
    /// from `RUST_LOG` (default `info`).
    #[arg(
        long,
        global = true,
        env = "HUIXIANG_LOG_FORMAT",
        default_value = "text"
    )]
    log_format: LogFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Args, Clone)]
struct DatabaseArgs {
    /// Directory for the SQLite database (used when no --database-url is given).
    #[arg(long, env = "HUIXIANG_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`; overrides --data-dir.
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the server.
    Serve {
        #[command(flatten)]
        db: DatabaseArgs,
        /// Address to listen on.
        #[arg(long, env = "HUIXIANG_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// On an empty database, create a demo center and print its accounts.
        #[arg(long, env = "HUIXIANG_DEMO")]
        demo: bool,
        /// Seconds between deadline sweeps (reminder slips, overdue records); 0 turns them off.
        /// With several instances on one database, each sweep still runs exactly once.
        #[arg(long, env = "HUIXIANG_SWEEP_INTERVAL", default_value_t = 300)]
        sweep_interval: u64,
        /// A JSON file overriding deadline rules, e.g. `{"ordinary": {"count": 60, "unit":
        /// "calendar_days"}, "reminder_working_days": 3}`; rules not named keep the policy's
        /// defaults.
        #[arg(long, env = "HUIXIANG_DEADLINE_RULES")]
        deadline_rules: Option<PathBuf>,
        /// Minutes without a request after which a staff web session ends.
        #[arg(long, env = "HUIXIANG_SESSION_IDLE_MINUTES", default_value_t = 60)]
        session_idle_minutes: u64,
        /// Mark cookies Secure: set this when users reach the site over HTTPS (behind a proxy).
        #[arg(long, env = "HUIXIANG_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Requests come through a reverse proxy you run (nginx): take the client's address from
        /// the last `X-Forwarded-For` entry, for login and public rate limits. Never set it when
        /// clients can reach the server directly.
        #[arg(long, env = "HUIXIANG_BEHIND_PROXY")]
        behind_proxy: bool,
        /// The largest attachment accepted, in MB (a form's files together stay within it).
        #[arg(long, env = "HUIXIANG_ATTACHMENT_MAX_MB", default_value_t = 20,
              value_parser = clap::value_parser!(u16).range(1..=1024))]
        attachment_max_mb: u16,
    },
    /// Brings the database schema up to date and exits.
    Migrate {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Fills an empty database with the demo center and many more varied complaints over the
    /// last three years (the same for the same seed), for trying the system at scale and for
    /// benchmarks.
    Demo {
        #[command(flatten)]
        db: DatabaseArgs,
        /// How many complaints to add to the demo center's own.
        #[arg(long, default_value_t = 10_000)]
        complaints: usize,
        /// The seed: the same seed gives the same complaints.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Checks the database: the file itself (SQLite), that every reference finds its row, that
    /// every case's history reaches its version, and the tamper-evident audit chain (the first
    /// broken link is named). Prints the rows of each table; exits with status 1 on any problem.
    Check {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Writes a consistent backup while the server runs: one SQLite file, whichever database
    /// the center is on (sessions included on SQLite; `restore` leaves them out). Prints each
    /// table's rows and checksum.
    Backup {
        #[command(flatten)]
        db: DatabaseArgs,
        /// The backup file to write; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
    /// Brings a backup back into an empty database (migrated here first), verifies the copy
    /// table by table, rebuilds the search index and checks the result. Sessions are not
    /// restored: staff sign in again.
    Restore {
        #[command(flatten)]
        db: DatabaseArgs,
        /// The backup file written by `huixiang backup` (read, never changed).
        #[arg(long)]
        from: PathBuf,
    },
    /// Copies a whole center from one database to another, e.g. from SQLite to PostgreSQL:
    /// everything but sessions, verified table by table (rows and checksum); refuses a target
    /// that already holds data. Stop the server on the source first: what it writes after the
    /// copy has begun stays behind.
    MigrateData {
        /// The database the center is on now: `sqlite://PATH` or `postgres://…`.
        #[arg(long)]
        from: String,
        /// The new, empty database (its schema is created here).
        #[arg(long)]
        to: String,
    },
    /// Staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The official working-day calendar (R9).
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Imports yearly arrangements from a file; each year in it replaces that year.
    ///
    /// The format (one section per year; dates not listed follow Monday–Friday):
    ///   [2027]
    ///   off = ["2027-01-01", "2027-02-06"]   # public-holiday rest days
    ///   work = ["2027-02-14"]                # weekend days declared working days
    Import {
        #[command(flatten)]
        db: DatabaseArgs,
        file: PathBuf,
    },
    /// Shows a year's rest days and working weekend days.
    Show {
        #[command(flatten)]
        db: DatabaseArgs,
        year: i32,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Adds a staff account. The password is read from HUIXIANG_PASSWORD.
    Add {
        #[command(flatten)]
        db: DatabaseArgs,
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// clerk, leader, director, office, handler, dept_head, overseer or admin.
        #[arg(long)]
        role: String,
        /// The unit's id (see GET /api/v1/units).
        #[arg(long)]
        unit: uuid::Uuid,
        #[arg(long, env = "HUIXIANG_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

impl DatabaseArgs {
    async fn open(&self) -> Result<Db> {
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => {
                std::fs::create_dir_all(&self.data_dir).with_context(|| {
                    format!("cannot create data directory {}", self.data_dir.display())
                })?;
                format!("sqlite://{}", self.data_dir.join("huixiang.db").display())
            }
        };
        open(&url).await
    }
}

/// Connects to `url` and brings its schema up to date.
async fn open(url: &str) -> Result<Db> {
    let db = Db::connect(url)
        .await
        .with_context(|| format!("cannot open database {}", redact(url)))?;
    db.migrate().await.context("database migration failed")?;
    Ok(db)
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..scheme + 3], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let (args, from_file) = config::apply::<Cli>(std::env::args_os().collect())?;
    let cli = Cli::parse_from(args);
    // PostgreSQL's notices ("relation … already exists, skipping" at each start) are not news;
    // and the commands that read whole tables need no warning that a statement took a second.
    let default = match cli.command {
        Command::Backup { .. }
        | Command::Restore { .. }
        | Command::MigrateData { .. }
        | Command::Check { .. } => "info,sqlx::postgres::notice=warn,sqlx::query=error",
        _ => "info,sqlx::postgres::notice=warn",
    };
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(from_file.get("RUST_LOG").map_or(default, |v| v)))
        .unwrap_or_else(|_| EnvFilter::new(default));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    match cli.command {
        Command::Serve {
            db,
            listen,
            demo,
            sweep_interval,
            deadline_rules,
            session_idle_minutes,
            secure_cookies,
            behind_proxy,
            attachment_max_mb,
        } => {
            let mut settings = Settings {
                session_idle: Duration::from_secs(session_idle_minutes.max(1) * 60),
                ..Settings::default()
            };
            settings.uploads.max_bytes = usize::from(attachment_max_mb) * 1024 * 1024;
            if let Some(path) = deadline_rules {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                settings.deadlines = huixiang_domain::DeadlinePolicy::from_json(&text)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            }
            let web = huixiang_web::WebSettings {
                secure_cookies,
                behind_proxy,
            };
            serve(db, listen, demo, sweep_interval, settings, web).await
        }
        Command::Migrate { db } => {
            db.open().await?;
            println!("数据库已是最新结构 / database schema is up to date");
            Ok(())
        }
        Command::Check { db } => check(db).await,
        Command::Backup { db, to } => {
            let db = db.open().await?;
            let sums = backup::backup(&db, &to).await;
            db.close().await;
            print_tables(&sums.with_context(|| format!("backup to {} failed", to.display()))?);
            println!("备份已写入 / backup written: {}", to.display());
            Ok(())
        }
        Command::Restore { db, from } => {
            // Before the target is created or migrated: a wrong path changes nothing.
            if !from.is_file() {
                bail!("{} is not a backup file", from.display());
            }
            let db = db.open().await?;
            let restored = backup::restore(&from, &db).await;
            db.close().await;
            transferred(
                restored.with_context(|| format!("restore from {} failed", from.display()))?,
            )
        }
        Command::MigrateData { from, to } => {
            let (source, target) = (open(&from).await?, open(&to).await?);
            let copied = backup::copy_center(&source, &target).await;
            source.close().await;
            target.close().await;
            transferred(copied.with_context(|| {
                format!("copy from {} to {} failed", redact(&from), redact(&to))
            })?)
        }
        Command::Demo {
            db,
            complaints,
            seed,
        } => demo_at_scale(db, complaints, seed).await,
        Command::Calendar { command } => calendar(command).await,
        Command::User {
            command:
                UserCommand::Add {
                    db,
                    username,
                    name,
                    role,
                    unit,
                    password,
                },
        } => {
            let service = service(db.open().await?);
            let input = NewUserInput {
                username: Some(username),
                display_name: Some(name),
                role: Some(role),
                unit: Some(UnitId(unit)),
                password: Some(password),
            };
            match service.add_user(input).await {
                Ok(user) => {
                    println!("已添加用户 / added user {} ({})", user.username, user.id);
                    Ok(())
                }
                Err(huixiang_service::ServiceError::Rejected(r)) => {
                    bail!("{} [{}]", r.message(huixiang_domain::Lang::Zh), r.code())
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}

fn service(db: Db) -> Service {
    Service::new(db, Arc::new(SystemClock), Settings::default())
}

async fn demo_at_scale(db_args: DatabaseArgs, n: usize, seed: u64) -> Result<()> {
    let db = db_args.open().await?;
    if service(db.clone()).has_users().await? {
        bail!("the database is not empty; demo data goes into an empty one");
    }
    let started = std::time::Instant::now();
    let made = huixiang_service::scale::fill(&db, SystemClock.now(), n, seed, |done| {
        if done % 10_000 == 0 || done == n {
            eprintln!("{done} / {n} ({:.0} s)", started.elapsed().as_secs_f64());
        }
    })
    .await
    .context("demo data failed")?;
    println!(
        "{} complaints in {:.1} s",
        made.complaints,
        started.elapsed().as_secs_f64()
    );
    println!("{:<10} {:<20} role", "username", "password");
    for a in &made.accounts {
        println!("{:<10} {:<20} {}", a.username, a.password, a.role);
    }
    Ok(())
}

async fn serve(
    db_args: DatabaseArgs,
    listen: SocketAddr,
    with_demo: bool,
    sweep_interval: u64,
    settings: Settings,
    web: huixiang_web::WebSettings,
) -> Result<()> {
    let db = db_args.open().await?;
    let service = Service::new(db.clone(), Arc::new(SystemClock), settings);
    // Complaints stored before full-text search existed get their terms now.
    let indexed = service
        .index_unindexed()
        .await
        .context("search indexing failed")?;
    if indexed > 0 {
        println!("已为 {indexed} 件投诉建立检索索引 / indexed {indexed} complaints for search");
    }
    if with_demo {
        if service.has_users().await? {
            println!(
                "数据库中已有数据，未再生成演示数据 / the database is not empty; demo data was not added"
            );
        } else {
            let center = demo::fill(&db, SystemClock.now())
                .await
                .context("demo data failed")?;
            println!(
                "演示中心已建立：{} 件投诉 / demo center ready with {} complaints",
                center.complaints, center.complaints
            );
            println!("{:<10} {:<20} {:<12} role", "username", "password", "name");
            for a in &center.accounts {
                println!(
                    "{:<10} {:<20} {:<12} {}",
                    a.username,
                    a.password,
                    a.display_name,
                    a.role.as_str()
                );
            }
        }
    }
    // Bind before announcing: when the line below is printed, the port accepts connections.
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    println!(
        "回响 listening on http://{addr}  (staff pages: http://{addr}/ · API: http://{addr}/api/v1/openapi.json)"
    );
    if sweep_interval > 0 {
        tokio::spawn(sweep_forever(
            service.clone(),
            Duration::from_secs(sweep_interval),
        ));
    }
    huixiang_web::serve(listener, service, web, shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

/// Checks the database; any problem is reported and ends the process with status 1.
async fn check(db_args: DatabaseArgs) -> Result<()> {
    let db = db_args.open().await?;
    let report = service(db.clone()).check_integrity().await?;
    db.close().await;
    print_integrity(&report);
    if !report.is_sound() {
        std::process::exit(1);
    }
    Ok(())
}

/// Rows and checksum of each table.
fn print_tables(sums: &[TableSum]) {
    println!("{:<26} {:>10}  checksum", "table", "rows");
    for s in sums {
        println!("{:<26} {:>10}  {}", s.table, s.rows, s.checksum);
    }
}

/// What a restore or migration copied and what the check of the target found; status 1 if the
/// target is not sound (it keeps the copy, for a look).
fn transferred(t: backup::Transferred) -> Result<()> {
    print_tables(&t.tables);
    println!("已复制并逐表核对 / copied and verified table by table");
    println!(
        "已建立检索索引 / search index built for {} complaints",
        t.indexed
    );
    print_integrity(&t.integrity);
    let took: Vec<String> = t
        .took
        .iter()
        .map(|(step, d)| format!("{step} {:.1} s", d.as_secs_f64()))
        .collect();
    println!("用时 / took: {}", took.join(", "));
    if !t.integrity.is_sound() {
        std::process::exit(1);
    }
    Ok(())
}

/// The integrity report: problems on standard error, the rest on standard output.
fn print_integrity(report: &IntegrityReport) {
    for line in &report.storage {
        eprintln!("数据库文件有误 / database file damaged: {line}");
    }
    for b in &report.broken_references {
        eprintln!(
            "引用缺失 / broken references: {} rows of {}.{} name no {} row",
            b.count, b.table, b.column, b.parent
        );
    }
    if report.cases_without_history > 0 {
        eprintln!(
            "记录不全 / cases whose history stops short of their version: {}",
            report.cases_without_history
        );
    }
    let chain = &report.chain;
    match &chain.first_break {
        None => {
            println!(
                "审计链完整：{} 条事件 / audit chain intact: {} events",
                chain.verified, chain.verified
            );
            println!("最后一环 / last link: {}", chain.last_hash);
        }
        Some(b) => {
            let position = b.position.map_or("-".to_owned(), |p| p.to_string());
            let event = b.event.map_or("-".to_owned(), |e| e.0.to_string());
            let complaint = b.complaint.map_or("-".to_owned(), |c| c.0.to_string());
            eprintln!(
                "审计链断开 / audit chain broken at link {position}: {:?} (event {event}, complaint {complaint}); {} events before it verified",
                b.problem, chain.verified
            );
        }
    }
    let rows: Vec<String> = report
        .tables
        .iter()
        .map(|(table, n)| format!("{table} {n}"))
        .collect();
    println!("各表行数 / rows: {}", rows.join(", "));
    if report.is_sound() {
        println!("检查通过 / check passed");
    }
}

/// R10, R30: runs the deadline sweep at every tick; the lease in the database lets one
/// instance at a time do it.
async fn sweep_forever(service: Service, every: Duration) {
    let instance = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(e) = service.run_deadline_sweep(&instance).await {
            tracing::error!(error = %e, "deadline sweep failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

async fn calendar(command: CalendarCommand) -> Result<()> {
    match command {
        CalendarCommand::Import { db, file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let service = service(db.open().await?);
            match service.import_calendar(&text).await {
                Ok(years) => {
                    println!("已导入工作日安排 / imported working-day arrangements: {years:?}");
                    Ok(())
                }
                Err(huixiang_service::CalendarImportError::Format(e)) => {
                    bail!("{}: {e}", file.display())
                }
                Err(e) => Err(e.into()),
            }
        }
        CalendarCommand::Show { db, year } => {
            let service = service(db.open().await?);
            let calendar = service.work_calendar().await?;
            if !calendar.has_arrangement(year) {
                println!(
                    "警告：{year}年尚无官方节假日安排，仅按周末计算 / \
                     warning: no official arrangement for {year}; weekends only"
                );
            }
            let days = calendar.arrangement(year).unwrap_or_default();
            let show = |label: &str, dates: &[time::Date]| {
                println!("{label}:");
                for d in dates {
                    println!("  {d} {}", d.weekday());
                }
            };
            show("休 rest days", &days.off);
            show("班 working weekend days", &days.work);
            Ok(())
        }
    }
}
