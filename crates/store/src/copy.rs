//! Copying a whole center from one database to another, of either kind: `huixiang restore`
//! (from a backup file) and `huixiang migrate-data` (SQLite to PostgreSQL).
//!
//! [`TABLES`] names every table that holds the center's data, parents before children, with
//! each column's kind; values travel as those kinds, so a SQLite BLOB id arrives in PostgreSQL
//! as a `uuid`, RFC 3339 text as a `timestamptz`, JSON text as `jsonb`. What is not copied is
//! listed in [`NOT_COPIED`]: sessions and tokens (people sign in again), rate-limit and lease
//! state, and the search index, which the service rebuilds from the cases. A test holds both
//! lists against both schemas, so a new table or column cannot be left behind silently.
//!
//! The copy reads one snapshot of the source and writes the target in one transaction: it
//! lands whole or not at all. Before committing, it reads the target back and compares each
//! table's row count and checksum with the source's.

use crate::{Db, Result, StoreError, Tx, on};
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, Row};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// How a column's values are read, written and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Uuid,
    Text,
    Int,
    Bool,
    Instant,
    Date,
    Json,
    Bytes,
}

impl Kind {
    /// The column type PostgreSQL reports for this kind (`information_schema.columns`).
    pub fn postgres_type(self) -> &'static str {
        match self {
            Kind::Uuid => "uuid",
            Kind::Text => "text",
            Kind::Int => "bigint",
            Kind::Bool => "boolean",
            Kind::Instant => "timestamp with time zone",
            Kind::Date => "date",
            Kind::Json => "jsonb",
            Kind::Bytes => "bytea",
        }
    }
}

/// A table the copy carries.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// A column referring to this same table: written empty first and filled in once every
    /// row is there, so the order rows come in does not matter.
    pub self_reference: Option<&'static str>,
    /// Rows the migrations themselves write (replaced by the source's, and not counted when
    /// asking whether the target is empty).
    pub seeded: bool,
}

use Kind::{Bool, Bytes, Instant, Int, Json as J, Text, Uuid as U};

const fn table(name: &'static str, columns: &'static [(&'static str, Kind)]) -> Table {
    Table {
        name,
        columns,
        self_reference: None,
        seeded: false,
    }
}

/// Every table of the center's data, in an order where each row's references are already
/// there when it is written.
pub const TABLES: &[Table] = &[
    Table {
        self_reference: Some("parent_id"),
        ..table(
            "units",
            &[
                ("id", U),
                ("name", Text),
                ("kind", Text),
                ("parent_id", U),
                ("principal_leader", Text),
                ("created_at", Instant),
                ("updated_at", Instant),
            ],
        )
    },
    table(
        "users",
        &[
            ("id", U),
            ("username", Text),
            ("display_name", Text),
            ("role", Text),
            ("unit_id", U),
            ("password_hash", Text),
            ("active", Bool),
            ("created_at", Instant),
        ],
    ),
    table("counters", &[("name", Text), ("value", Int)]),
    table(
        "calendar_years",
        &[
            ("year", Int),
            ("arrangement", Text),
            ("updated_by", U),
            ("updated_at", Instant),
        ],
    ),
    Table {
        self_reference: Some("repeat_of_id"),
        ..table(
            "complaints",
            &[
                ("id", U),
                ("number", Text),
                ("channel", Text),
                ("category", Text),
                ("title", Text),
                ("complainant_name", Text),
                ("complainant_work_unit", Text),
                ("complainant_occupation", Text),
                ("complainant_address", Text),
                ("complainant_phone", Text),
                ("problem", Text),
                ("demands", Text),
                ("state", Text),
                ("version", Int),
                ("registered_by", U),
                ("registered_at", Instant),
                ("updated_at", Instant),
                ("review", J),
                ("dispatch", J),
                ("result", J),
                ("closure_review", J),
                ("archive", J),
                ("due_on", Kind::Date),
                ("holder_id", U),
                ("holder_name", Text),
                ("last_progress", Text),
                ("reminder_count", Int),
                ("reminded_for", Kind::Date),
                ("last_reminded_at", Instant),
                ("overdue_for", Kind::Date),
                ("accusation", J),
                ("accused_unit_id", U),
                ("accused_user_id", U),
                ("disclosure_approval", J),
                ("disclosure_approved", Bool),
                ("letter", J),
                ("query_code_hash", Text),
                ("special", J),
                ("repeat_of", J),
                ("merged_into", J),
                ("repeat_of_id", U),
                ("complainant_id_number", Text),
                ("handling", J),
                ("concluded_at", Instant),
                ("lead_unit_id", U),
                ("deadline_start", Kind::Date),
                ("special_kinds", Text),
            ],
        )
    },
    table(
        "complaint_units",
        &[("complaint_id", U), ("unit_id", U), ("role", Text)],
    ),
    table(
        "complaint_events",
        &[
            ("id", U),
            ("complaint_id", U),
            ("seq", Int),
            ("at", Instant),
            ("actor_id", U),
            ("actor_name", Text),
            ("action", Text),
            ("from_state", Text),
            ("to_state", Text),
            ("reason", Text),
            ("detail", J),
            ("chain_seq", Int),
            ("prev_hash", Text),
            ("hash", Text),
        ],
    ),
    Table {
        seeded: true,
        ..table(
            "audit_head",
            &[("id", Int), ("last_seq", Int), ("last_hash", Text)],
        )
    },
    table(
        "reminder_slips",
        &[
            ("complaint_id", U),
            ("seq", Int),
            ("kind", Text),
            ("due_on", Kind::Date),
            ("unit_id", U),
            ("handler_name", Text),
            ("state", Text),
            ("progress", Text),
            ("created_at", Instant),
            ("created_by", U),
        ],
    ),
    table(
        "overdue_records",
        &[
            ("complaint_id", U),
            ("due_on", Kind::Date),
            ("unit_id", U),
            ("holder_id", U),
            ("holder_name", Text),
            ("recorded_at", Instant),
        ],
    ),
    table(
        "notifications",
        &[
            ("kind", Text),
            ("complaint_id", U),
            ("seq", Int),
            ("unit_id", U),
            ("created_at", Instant),
            ("delivered_at", Instant),
        ],
    ),
    table(
        "case_reads",
        &[
            ("complaint_id", U),
            ("user_id", U),
            ("user_name", Text),
            ("view", Text),
            ("at", Instant),
        ],
    ),
    table(
        "staff_conflicts",
        &[
            ("user_id", U),
            ("kind", Text),
            ("value", Text),
            ("note", Text),
            ("created_at", Instant),
        ],
    ),
    table(
        "ratings",
        &[
            ("complaint_id", U),
            ("satisfaction", Text),
            ("comment", Text),
            ("rated_at", Instant),
        ],
    ),
    table(
        "attachments",
        &[
            ("id", U),
            ("complaint_id", U),
            ("name", Text),
            ("file_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("content", Bytes),
            ("uploaded_by", U),
            ("uploaded_at", Instant),
        ],
    ),
    table(
        "outbox_messages",
        &[
            ("id", U),
            ("complaint_id", U),
            ("channel", Text),
            ("recipient", Text),
            ("body", Text),
            ("created_at", Instant),
            ("sent_at", Instant),
        ],
    ),
    table(
        "incidents",
        &[
            ("id", U),
            ("occurred_at", Instant),
            ("recorded_by", U),
            ("recorded_at", Instant),
            ("record", J),
        ],
    ),
    table("incident_cases", &[("incident_id", U), ("complaint_id", U)]),
    table(
        "notices",
        &[
            ("id", U),
            ("complaint_id", U),
            ("level", Text),
            ("raised_by", U),
            ("raised_at", Instant),
            ("record", J),
        ],
    ),
    table(
        "notice_reads",
        &[("notice_id", U), ("user_id", U), ("read_at", Instant)],
    ),
    table(
        "statistics_reports",
        &[
            ("id", U),
            ("period_first", Kind::Date),
            ("period_last", Kind::Date),
            ("filed_by", U),
            ("filed_at", Instant),
            ("record", J),
        ],
    ),
    table(
        "statistics_report_reads",
        &[("report_id", U), ("user_id", U), ("read_at", Instant)],
    ),
];

/// What the copy leaves behind, and why: tables, or `table.column`.
pub const NOT_COPIED: &[(&str, &str)] = &[
    ("web_sessions", "sessions: staff sign in again"),
    ("api_tokens", "API sign-in tokens: sessions by another name"),
    (
        "login_throttle",
        "failed-login counts, which expire within the hour",
    ),
    ("leases", "which instance sweeps now; taken afresh"),
    ("_sqlx_migrations", "written by the target's own migrations"),
    (
        "complaints.search",
        "PostgreSQL's search terms, rebuilt from the cases",
    ),
    (
        "complaint_search",
        "SQLite's search index, rebuilt from the cases",
    ),
    ("complaint_search_keys", "the keys of SQLite's search index"),
    (
        "frame_version",
        "when the unit tree or calendar last changed, kept by the target's own triggers",
    ),
];

/// One table's copy: rows and a checksum of their contents, the same for the same rows on
/// either database and in any order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSum {
    pub table: &'static str,
    pub rows: u64,
    pub checksum: String,
}

/// Why a copy did not happen.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the target already holds data ({table}: {rows} rows)")]
    TargetNotEmpty { table: &'static str, rows: i64 },
    #[error(
        "{table}: the copy does not match (source {source_rows} rows, {source_sum}; target {target_rows} rows, {target_sum})"
    )]
    Mismatch {
        table: &'static str,
        source_rows: u64,
        source_sum: String,
        target_rows: u64,
        target_sum: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CopyError {
    fn from(e: sqlx::Error) -> Self {
        CopyError::Store(e.into())
    }
}

/// One value of a row, typed by its column's kind (an empty value keeps its type: PostgreSQL
/// will not take a text NULL into a uuid column).
#[derive(Clone, Debug)]
enum Value {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Instant(Option<OffsetDateTime>),
    Date(Option<Date>),
    Json(Option<serde_json::Value>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    fn is_null(&self) -> bool {
        match self {
            Value::Uuid(v) => v.is_none(),
            Value::Text(v) => v.is_none(),
            Value::Int(v) => v.is_none(),
            Value::Bool(v) => v.is_none(),
            Value::Instant(v) => v.is_none(),
            Value::Date(v) => v.is_none(),
            Value::Json(v) => v.is_none(),
            Value::Bytes(v) => v.is_none(),
        }
    }

    fn null(kind: Kind) -> Value {
        match kind {
            Kind::Uuid => Value::Uuid(None),
            Kind::Text => Value::Text(None),
            Kind::Int => Value::Int(None),
            Kind::Bool => Value::Bool(None),
            Kind::Instant => Value::Instant(None),
            Kind::Date => Value::Date(None),
            Kind::Json => Value::Json(None),
            Kind::Bytes => Value::Bytes(None),
        }
    }

    /// Roughly how many bytes it holds, to keep a batch of attachments small.
    fn weight(&self) -> usize {
        match self {
            Value::Text(Some(s)) => s.len(),
            Value::Bytes(Some(b)) => b.len(),
            Value::Json(Some(_)) => 256,
            _ => 16,
        }
    }

    /// Feeds the value into a row's hash unambiguously: a tag, then a fixed-size or
    /// length-prefixed body. Instants count in microseconds, as both databases keep them;
    /// JSON is hashed as serde writes it, with keys sorted.
    fn hash_into(&self, h: &mut Sha256) {
        fn text(h: &mut Sha256, tag: u8, bytes: &[u8]) {
            h.update([tag]);
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        match self {
            Value::Uuid(Some(u)) => text(h, b'U', u.as_bytes()),
            Value::Text(Some(s)) => text(h, b'T', s.as_bytes()),
            Value::Int(Some(i)) => text(h, b'I', &i.to_le_bytes()),
            Value::Bool(Some(b)) => text(h, b'B', &[u8::from(*b)]),
            Value::Instant(Some(t)) => {
                let micros = t.unix_timestamp_nanos() / 1000;
                text(h, b'S', &micros.to_le_bytes());
            }
            Value::Date(Some(d)) => text(h, b'D', &d.to_julian_day().to_le_bytes()),
            Value::Json(Some(j)) => text(h, b'J', &serde_json::to_vec(j).unwrap_or_default()),
            Value::Bytes(Some(b)) => text(h, b'X', b),
            _ => h.update(b"N"),
        }
    }
}

/// Row count and order-free checksum of one table: the sum of the rows' hashes.
#[derive(Default)]
struct Sum {
    rows: u64,
    total: u128,
}

impl Sum {
    fn add(&mut self, row: &[Value]) {
        let mut h = Sha256::new();
        for v in row {
            v.hash_into(&mut h);
        }
        let digest = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        self.total = self.total.wrapping_add(u128::from_le_bytes(first));
        self.rows += 1;
    }

    fn finish(&self, table: &'static str) -> TableSum {
        TableSum {
            table,
            rows: self.rows,
            checksum: format!("{:032x}", self.total),
        }
    }
}

/// Reads one column of a row as `kind`.
macro_rules! read_value {
    ($row:expr, $i:expr, $kind:expr) => {
        match $kind {
            Kind::Uuid => Value::Uuid($row.try_get($i)?),
            Kind::Text => Value::Text($row.try_get($i)?),
            Kind::Int => Value::Int($row.try_get($i)?),
            Kind::Bool => Value::Bool($row.try_get($i)?),
            Kind::Instant => Value::Instant($row.try_get($i)?),
            Kind::Date => Value::Date($row.try_get($i)?),
            Kind::Json => Value::Json(
                $row.try_get::<Option<Json<serde_json::Value>>, _>($i)?
                    .map(|j| j.0),
            ),
            Kind::Bytes => Value::Bytes($row.try_get($i)?),
        }
    };
}

/// Binds one value to a query.
macro_rules! bind_value {
    ($q:expr, $v:expr) => {
        match $v {
            Value::Uuid(v) => $q.bind(*v),
            Value::Text(v) => $q.bind(v.clone()),
            Value::Int(v) => $q.bind(*v),
            Value::Bool(v) => $q.bind(*v),
            Value::Instant(v) => $q.bind(*v),
            Value::Date(v) => $q.bind(*v),
            Value::Json(v) => $q.bind(v.clone().map(Json)),
            Value::Bytes(v) => $q.bind(v.clone()),
        }
    };
}

/// A batch holds at most this many bound values (SQLite takes 32,766, PostgreSQL 65,535) and
/// about this many bytes.
const BATCH_VALUES: usize = 16_000;
const BATCH_BYTES: usize = 8 << 20;

fn select_sql(t: &Table) -> String {
    let columns: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
    format!("SELECT {} FROM {}", columns.join(", "), t.name)
}

impl Tx {
    /// How many rows `table` holds.
    pub async fn count_rows(&mut self, table: &str) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        Ok(on!(self, c => sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(c).await)?)
    }

    /// Every row of `t` through `each`, in no particular order.
    async fn each_row(
        &mut self,
        t: &Table,
        mut each: impl AsyncFnMut(Vec<Value>) -> Result<(), CopyError>,
    ) -> Result<(), CopyError> {
        let sql = select_sql(t);
        on!(self, c => {
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(c);
            while let Some(row) = rows.try_next().await? {
                let mut values = Vec::with_capacity(t.columns.len());
                for (i, (_, kind)) in t.columns.iter().enumerate() {
                    values.push(read_value!(row, i, kind));
                }
                each(values).await?;
            }
        });
        Ok(())
    }

    /// Writes `rows` into `t` in one statement.
    async fn insert_rows(&mut self, t: &Table, rows: &[Vec<Value>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let columns: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            t.name,
            columns.join(", "),
            self.values_list(rows.len(), columns.len())
        );
        on!(self, c => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for row in rows {
                for v in row {
                    q = bind_value!(q, v);
                }
            }
            q.execute(c).await.map(|_| ())
        })?;
        Ok(())
    }

    /// Sets the self-referring column of the row whose first column (its id) is `id`.
    async fn set_reference(
        &mut self,
        t: &Table,
        column: &str,
        id: &Value,
        to: &Value,
    ) -> Result<()> {
        let key = t.columns[0].0;
        let sql = format!("UPDATE {} SET {column} = $1 WHERE {key} = $2", t.name);
        on!(self, c => {
            let q = sqlx::query(AssertSqlSafe(sql));
            let q = bind_value!(q, to);
            bind_value!(q, id).execute(c).await.map(|_| ())
        })?;
        Ok(())
    }

    /// The count and checksum of every copied table, read in this transaction.
    pub async fn table_sums(&mut self) -> Result<Vec<TableSum>, CopyError> {
        let mut sums = Vec::with_capacity(TABLES.len());
        for t in TABLES {
            let mut sum = Sum::default();
            self.each_row(t, async |row| {
                sum.add(&row);
                Ok(())
            })
            .await?;
            sums.push(sum.finish(t.name));
        }
        Ok(sums)
    }
}

impl Db {
    /// A transaction that reads one consistent snapshot of everything, however long it takes,
    /// while the server goes on writing (PostgreSQL: repeatable read; SQLite in WAL mode: any
    /// read transaction).
    pub async fn snapshot(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }

    /// Copies the center in `self` into `target`, which must hold no data of its own (its
    /// schema must be current, like the source's). Returns each table's rows and checksum,
    /// verified against the target before it commits.
    pub async fn copy_center_to(&self, target: &Db) -> Result<Vec<TableSum>, CopyError> {
        let mut from = self.snapshot().await?;
        let mut to = target.write().await?;
        for t in TABLES {
            let rows = to.count_rows(t.name).await?;
            if rows > 0 && !t.seeded {
                return Err(CopyError::TargetNotEmpty {
                    table: t.name,
                    rows,
                });
            }
        }
        let mut sums = Vec::with_capacity(TABLES.len());
        for t in TABLES {
            if t.seeded {
                let sql = format!("DELETE FROM {}", t.name);
                on!(&mut to, c => sqlx::query(AssertSqlSafe(sql)).execute(c).await.map(|_| ()))?;
            }
            let later = t
                .self_reference
                .and_then(|name| t.columns.iter().position(|(c, _)| *c == name));
            let per_batch = (BATCH_VALUES / t.columns.len()).max(1);
            let mut sum = Sum::default();
            let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_batch);
            let mut bytes = 0;
            let mut references = Vec::new();
            let to = &mut to;
            from.each_row(t, async |mut row| {
                sum.add(&row);
                if let Some(i) = later
                    && !row[i].is_null()
                {
                    let value = std::mem::replace(&mut row[i], Value::null(t.columns[i].1));
                    references.push((row[0].clone(), value));
                }
                bytes += row.iter().map(Value::weight).sum::<usize>();
                batch.push(row);
                if batch.len() >= per_batch || bytes >= BATCH_BYTES {
                    to.insert_rows(t, &batch).await?;
                    batch.clear();
                    bytes = 0;
                }
                Ok(())
            })
            .await?;
            to.insert_rows(t, &batch).await?;
            if let Some(i) = later {
                for (id, value) in &references {
                    to.set_reference(t, t.columns[i].0, id, value).await?;
                }
            }
            sums.push(sum.finish(t.name));
        }
        drop(from);
        let written = to.table_sums().await?;
        for (source, target) in sums.iter().zip(&written) {
            if source != target {
                return Err(CopyError::Mismatch {
                    table: source.table,
                    source_rows: source.rows,
                    source_sum: source.checksum.clone(),
                    target_rows: target.rows,
                    target_sum: target.checksum.clone(),
                });
            }
        }
        to.commit().await?;
        Ok(sums)
    }
}

/// References that point at nothing: `count` rows of `table` whose `column` names no row of
/// `parent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenReference {
    pub table: String,
    pub column: String,
    pub parent: String,
    pub count: i64,
}

impl Tx {
    /// Every foreign key's dangling rows, grouped. SQLite checks them itself
    /// (`PRAGMA foreign_key_check`); on PostgreSQL each declared key is looked up.
    pub async fn broken_references(&mut self) -> Result<Vec<BrokenReference>> {
        let mut found = Vec::new();
        match self {
            Tx::Sqlite(t) => {
                let rows: Vec<(String, String, i64)> =
                    sqlx::query_as("SELECT \"table\", parent, fkid FROM pragma_foreign_key_check")
                        .fetch_all(&mut **t)
                        .await?;
                for (table, parent, fkid) in rows {
                    let column: Option<String> = sqlx::query_scalar(
                        "SELECT \"from\" FROM pragma_foreign_key_list($1) WHERE id = $2",
                    )
                    .bind(&table)
                    .bind(fkid)
                    .fetch_optional(&mut **t)
                    .await?;
                    let column = column.unwrap_or_default();
                    match found
                        .iter_mut()
                        .find(|b: &&mut BrokenReference| b.table == table && b.column == column)
                    {
                        Some(b) => b.count += 1,
                        None => found.push(BrokenReference {
                            table,
                            column,
                            parent,
                            count: 1,
                        }),
                    }
                }
            }
            Tx::Postgres(t) => {
                let keys: Vec<(String, String, String, String)> = sqlx::query_as(
                    "SELECT c.conrelid::regclass::text, a.attname::text,
                            c.confrelid::regclass::text, p.attname::text
                     FROM pg_constraint c
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                     JOIN pg_attribute p ON p.attrelid = c.confrelid AND p.attnum = c.confkey[1]
                     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
                     ORDER BY 1, 2",
                )
                .fetch_all(&mut **t)
                .await?;
                for (table, column, parent, parent_column) in keys {
                    let sql = format!(
                        "SELECT COUNT(*) FROM {table} AS child WHERE child.{column} IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM {parent} AS p
                                         WHERE p.{parent_column} = child.{column})"
                    );
                    let count: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
                        .fetch_one(&mut **t)
                        .await?;
                    if count > 0 {
                        found.push(BrokenReference {
                            table,
                            column,
                            parent,
                            count,
                        });
                    }
                }
            }
        }
        Ok(found)
    }

    /// What SQLite's own check of its file finds (`PRAGMA quick_check`: pages, records and
    /// indexes); nothing when all is well, and always nothing on PostgreSQL, which checks its
    /// pages as it reads them.
    pub async fn storage_problems(&mut self) -> Result<Vec<String>> {
        let Tx::Sqlite(t) = self else {
            return Ok(Vec::new());
        };
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_all(&mut **t)
            .await?;
        Ok(lines.into_iter().filter(|l| l != "ok").collect())
    }

    /// Cases whose history does not reach their version: each step writes the case and its
    /// event together, so a case without the event of its latest step was half-written.
    pub async fn cases_without_history(&mut self) -> Result<i64> {
        Ok(on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM complaints AS c WHERE c.version <> COALESCE(
                 (SELECT MAX(e.seq) FROM complaint_events AS e WHERE e.complaint_id = c.id), 0)"
        )
        .fetch_one(c)
        .await)?)
    }
}
