//! Huixiang's persistence: one [`Db`] over SQLite or PostgreSQL with the same SQL text for both,
//! migrations per backend embedded in the binary, and rows turned into domain values here so
//! that no sqlx type leaves this crate.
//!
//! Every use goes through a [`Tx`]: [`Db::write`] starts one that may write (SQLite takes the
//! write lock up front with `BEGIN IMMEDIATE`, so a read-then-write never fails on a stale
//! snapshot), [`Db::read`] one that only reads. Dropping a `Tx` without `commit` rolls back.

pub mod audit;
mod calendar;
mod complaints;
mod conflicts;
pub mod copy;
mod counters;
mod events;
mod portal;
mod reads;
mod records;
mod reminders;
mod report;
mod script;
mod sessions;
mod throttle;
mod tokens;
mod units;
mod users;

pub use complaints::{COUNT_CAP, ComplaintFilter, ComplaintPage, SpecialFilter};
pub use conflicts::DeclaredConflict;
pub use counters::Drawn;
pub use events::{EventRecord, PendingEvent};
pub use portal::OutboxMessage;
pub use reads::CaseRead;
pub use records::{NoticeRead, StoredNotice};
pub use reminders::{OverdueRecord, ReminderSlip, Swept};
pub use report::{DashboardCounts, StoredReport};
pub use sessions::SessionRecord;
pub use throttle::ThrottleState;
pub use users::{NewUser, UserRecord};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// Why the store failed. None of these is the user's fault: the service reports them as
/// internal errors, except a unique violation, which it may turn into a named rejection.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unique constraint violated: {0}")]
    Unique(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported database url (expected sqlite:// or postgres://): {0}")]
    BadUrl(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database is behind a [`Db`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool to one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Db {
    /// Connects to `url` (`sqlite://path`, `sqlite::memory:` or `postgres://…`). A SQLite file is
    /// created if missing and runs in WAL mode with foreign keys on.
    pub async fn connect(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            let memory = url.contains(":memory:") || url.contains("mode=memory");
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .journal_mode(if memory {
                    SqliteJournalMode::Memory
                } else {
                    SqliteJournalMode::Wal
                })
                // FULL: a registration answered with success survives a power cut.
                .synchronous(SqliteSynchronous::Full);
            let pool = if memory {
                // One connection that never idles out, or the in-memory database vanishes.
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
                    .connect_with(options)
                    .await?
            } else {
                // A file on this machine: there is no link to test before each use (the test
                // is a round trip to the connection's thread, on every transaction).
                SqlitePoolOptions::new()
                    .max_connections(8)
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await?
            };
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // Plans for solid-state storage, where a random read costs little more than a
            // sequential one (PostgreSQL's default assumes spinning disks): with the default,
            // a unit's queue was counted through a hash join over all the unit's cases
            // (1.4 s on a million) instead of an index (90 ms). And short reads stay on one
            // process: counting a unit's open cases to 200 took 12 ms with a parallel worker
            // (its start is the cost) against 3.6 ms without.
            let options = PgConnectOptions::from_str(url)?.options([
                ("random_page_cost", "1.1"),
                ("parallel_setup_cost", "10000"),
            ]);
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::BadUrl(url.to_owned()))
        }
    }

    /// Brings the schema up to date. Safe to run from several instances at once.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Starts a transaction that may write.
    pub async fn write(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Starts a transaction that only reads: one consistent snapshot for a whole page.
    pub async fn read(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// After a bulk load: PostgreSQL's planner statistics and visibility map brought up to
    /// date (`VACUUM ANALYZE`, so the report's covering indexes answer without the table).
    /// Nothing on SQLite, whose plans here are chosen without statistics.
    pub async fn after_bulk_load(&self) -> Result<()> {
        if let Db::Postgres(pool) = self {
            sqlx::query("VACUUM ANALYZE").execute(pool).await?;
        }
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        let mut tx = self.read().await?;
        let one: i64 =
            on!(&mut tx, c => sqlx::query_scalar("SELECT CAST(1 AS BIGINT)").fetch_one(c).await)?;
        debug_assert_eq!(one, 1);
        Ok(())
    }

    /// How many of this build's migrations the database has not applied (for `/readyz`: an
    /// instance of a newer version started on a database nobody migrated yet is not ready).
    pub async fn pending_migrations(&self) -> Result<usize> {
        Ok(self.schema_difference().await?.pending)
    }

    /// How the database's schema differs from this build's.
    pub async fn schema_difference(&self) -> Result<SchemaDifference> {
        let (migrator, applied): (sqlx::migrate::Migrator, Vec<i64>) = match self {
            Db::Sqlite(pool) => (
                sqlx::migrate!("./migrations/sqlite"),
                sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                    .fetch_all(pool)
                    .await?,
            ),
            Db::Postgres(pool) => (
                sqlx::migrate!("./migrations/postgres"),
                sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                    .fetch_all(pool)
                    .await?,
            ),
        };
        let known: Vec<i64> = migrator
            .iter()
            .filter(|m| m.migration_type.is_up_migration())
            .map(|m| m.version)
            .collect();
        Ok(SchemaDifference {
            pending: known.iter().filter(|v| !applied.contains(v)).count(),
            unknown: applied.iter().filter(|v| !known.contains(v)).count(),
        })
    }

    /// Opens a backup file (a SQLite database written by [`Db::backup_to`]) to read only: the
    /// file is never changed, not even by taking a lock.
    pub async fn open_backup(path: &std::path::Path) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .immutable(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// SQLite: writes a consistent copy of the whole database to `path` (which must not exist)
    /// while others go on reading and writing (`VACUUM INTO`). Returns false on PostgreSQL,
    /// whose backup is a copy into a new SQLite file ([`Db::copy_center_to`]).
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<bool> {
        let Db::Sqlite(pool) = self else {
            return Ok(false);
        };
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_string_lossy().into_owned())
            .execute(pool)
            .await?;
        Ok(true)
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Migrations this build knows that the database lacks (`pending`), and migrations the
/// database has that this build does not know (`unknown`: a newer version wrote it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaDifference {
    pub pending: usize,
    pub unknown: usize,
}

/// A transaction on either database. The store's operations are methods on it.
#[derive(Debug)]
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// Undoes everything the transaction did (as dropping it does, but at once).
    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await?,
            Tx::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    /// Marks a point to come back to: [`Tx::rollback_to_savepoint`] undoes what came after it
    /// and keeps what came before; [`Tx::release_savepoint`] keeps both. Several steps share
    /// one commit this way, each standing or falling on its own.
    pub async fn savepoint(&mut self) -> Result<()> {
        self.execute_plain("SAVEPOINT step").await
    }

    pub async fn release_savepoint(&mut self) -> Result<()> {
        self.execute_plain("RELEASE SAVEPOINT step").await
    }

    pub async fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.execute_plain("ROLLBACK TO SAVEPOINT step").await?;
        // SQLite keeps the savepoint after going back to it; PostgreSQL too. Let it go.
        self.release_savepoint().await
    }

    async fn execute_plain(&mut self, sql: &'static str) -> Result<()> {
        on!(self, c => sqlx::query(sql).execute(c).await.map(|_| ()))?;
        Ok(())
    }
}

/// Runs one query body against whichever connection the transaction holds. The body is
/// compiled once per backend, so every bound and decoded type is checked against both drivers.
macro_rules! on {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on;

impl Tx {
    /// The placeholders of a multi-row `VALUES` list: `rows` rows of `columns` each, bound in
    /// order. PostgreSQL numbers them (`$1`); SQLite takes plain `?`, because looking up
    /// numbered ones costs it time in proportion to their count, for each one bound.
    pub(crate) fn values_list(&self, rows: usize, columns: usize) -> String {
        let mut out = String::with_capacity(rows * columns * 6);
        for r in 0..rows {
            out.push_str(if r == 0 { "(" } else { ", (" });
            for c in 1..=columns {
                if c > 1 {
                    out.push_str(", ");
                }
                match self {
                    Tx::Postgres(_) => {
                        out.push('$');
                        out.push_str(&(r * columns + c).to_string());
                    }
                    Tx::Sqlite(_) => out.push('?'),
                }
            }
            out.push(')');
        }
        out
    }
}

/// Turns a unique-constraint violation into [`StoreError::Unique`], so callers can name it.
pub(crate) fn unique(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Unique(db.constraint().unwrap_or_else(|| db.message()).to_owned())
        }
        _ => StoreError::Database(e),
    }
}

/// Reads a stored code back into a domain enum; anything else means the data is corrupt.
pub(crate) fn decode<T>(
    column: &str,
    value: &str,
    parse: impl FnOnce(&str) -> std::result::Result<T, huixiang_domain::Rejection>,
) -> Result<T> {
    parse(value).map_err(|_| StoreError::Corrupt(format!("{column} = {value:?}")))
}
