//! Backups, restores and moving a center to another database (`huixiang backup`, `restore`,
//! `migrate-data`).
//!
//! A backup is always one SQLite file with Huixiang's schema, whichever database the center
//! runs on: SQLite writes it with `VACUUM INTO` (a consistent online copy), PostgreSQL by copying
//! its snapshot into a new file. So a backup can be opened with any SQLite tool, restored into
//! either database, or even served as it is. Restoring and migrating are the same copy
//! ([`huixiang_store::Db::copy_center_to`]), followed by rebuilding the search index and a full
//! integrity check of the result.

use crate::{IntegrityReport, Service, Settings, SystemClock};
pub use huixiang_store::copy::{CopyError, NOT_COPIED, TABLES, TableSum};
use huixiang_store::{Db, StoreError};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why a backup, restore or migration did not happen. Nothing was written where it failed.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("{0} already exists; a backup never overwrites a file")]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("the source holds no center (no units, no staff): is it the right database?")]
    SourceEmpty,
    #[error(
        "the backup lacks {0} migration(s) of this version: migrate a copy of it first (huixiang migrate --database-url sqlite://COPY)"
    )]
    BackupOlder(usize),
    #[error(
        "the backup was written by a newer version of Huixiang ({0} migration(s) unknown here)"
    )]
    BackupNewer(usize),
    #[error(transparent)]
    Copy(#[from] CopyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Service(#[from] crate::ServiceError),
}

/// What a restore or migration did.
#[derive(Debug)]
pub struct Transferred {
    /// Each table's rows and checksum, the same on both sides.
    pub tables: Vec<TableSum>,
    /// Cases given search terms in the target.
    pub indexed: usize,
    /// The target checked after the copy.
    pub integrity: IntegrityReport,
    /// How long the copy (with its verification), the search index and the check took.
    pub took: [(&'static str, Duration); 3],
}

/// Writes a consistent backup of `db` to the new file `to`, while the server may go on
/// working. Returns the rows and checksum of each table in the backup.
pub async fn backup(db: &Db, to: &Path) -> Result<Vec<TableSum>, TransferError> {
    if to.exists() {
        return Err(TransferError::Exists(to.to_owned()));
    }
    let written = write_backup(db, to).await;
    if written.is_err() {
        remove_sqlite_files(to);
    }
    written?;
    let file = Db::open_backup(to).await?;
    let sums = file.snapshot().await?.table_sums().await;
    file.close().await;
    Ok(sums?)
}

async fn write_backup(db: &Db, to: &Path) -> Result<(), TransferError> {
    if db.backup_to(to).await? {
        return Ok(());
    }
    let file = Db::connect(&format!("sqlite://{}", to.display())).await?;
    let copied = async {
        file.migrate().await?;
        db.copy_center_to(&file).await?;
        Ok::<_, TransferError>(())
    }
    .await;
    file.close().await;
    copied
}

/// A SQLite file and the journal files SQLite may have left beside it.
fn remove_sqlite_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Brings the backup file `from` back into `to`, which must be migrated and hold no data.
pub async fn restore(from: &Path, to: &Db) -> Result<Transferred, TransferError> {
    if !from.exists() {
        return Err(TransferError::Missing(from.to_owned()));
    }
    let backup = Db::open_backup(from).await?;
    let copied = async {
        let schema = backup.schema_difference().await?;
        if schema.unknown > 0 {
            return Err(TransferError::BackupNewer(schema.unknown));
        }
        if schema.pending > 0 {
            return Err(TransferError::BackupOlder(schema.pending));
        }
        copy_center(&backup, to).await
    }
    .await;
    backup.close().await;
    copied
}

/// Copies the whole center from `from` into `to` (migrated, holding no data), rebuilds the
/// search index there, and checks the result.
pub async fn copy_center(from: &Db, to: &Db) -> Result<Transferred, TransferError> {
    // A mistyped path opens a new, empty database: copying nothing must not look like success.
    let mut source = from.read().await?;
    if source.count_rows("units").await? == 0 && source.count_rows("users").await? == 0 {
        return Err(TransferError::SourceEmpty);
    }
    drop(source);
    let started = Instant::now();
    let tables = from.copy_center_to(to).await?;
    let copied = started.elapsed();
    let service = Service::new(to.clone(), Arc::new(SystemClock), Settings::default());
    let indexed = service.index_unindexed().await?;
    to.after_bulk_load().await?;
    let searchable = started.elapsed() - copied;
    let integrity = service.check_integrity().await?;
    let checked = started.elapsed() - copied - searchable;
    Ok(Transferred {
        tables,
        indexed,
        integrity,
        took: [
            ("copy", copied),
            ("search index", searchable),
            ("check", checked),
        ],
    })
}
