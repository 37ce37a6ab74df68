//! Complaints: the current state of each case, one row each, with the dispatch index kept in
//! step in the same transaction.

use crate::events::PendingEvent;
use crate::script::Script;
use crate::{Result, StoreError, Tx, decode, on};
use huixiang_domain::access::{Scope, Shield};
use huixiang_domain::handling::SpecialHandling;
use huixiang_domain::{
    Accusation, ArchiveRecord, Category, Channel, ClosureMaterials, ClosureReview, Complainant,
    Complaint, ComplaintId, ComplaintNumber, DisclosureApproval, Dispatch, Holder, LeaderReview,
    Letter, Rejection, RepeatLink, SpecialMark, State, UnitId, UserId,
};
use sqlx::AssertSqlSafe;
use sqlx::types::Json;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

const COLUMNS: &str = "complaints.id, complaints.number, complaints.channel, complaints.category, \
    complaints.title, complaints.complainant_name, complaints.complainant_work_unit, \
    complaints.complainant_occupation, complaints.complainant_address, complaints.complainant_phone, \
    complaints.problem, complaints.demands, complaints.state, complaints.version, \
    complaints.registered_by, complaints.registered_at, complaints.updated_at, complaints.review, \
    complaints.dispatch, complaints.result, complaints.closure_review, complaints.archive, \
    complaints.holder_id, complaints.holder_name, complaints.last_progress, complaints.accusation, \
    complaints.disclosure_approval, complaints.letter, complaints.special, complaints.repeat_of, complaints.merged_into, \
    complaints.complainant_id_number, complaints.handling";

#[derive(sqlx::FromRow)]
struct ComplaintRow {
    id: Uuid,
    number: String,
    channel: String,
    category: String,
    title: String,
    complainant_name: String,
    complainant_work_unit: Option<String>,
    complainant_occupation: Option<String>,
    complainant_address: Option<String>,
    complainant_phone: Option<String>,
    problem: String,
    demands: String,
    state: String,
    version: i64,
    registered_by: Uuid,
    registered_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    review: Option<Json<LeaderReview>>,
    dispatch: Option<Json<Dispatch>>,
    result: Option<Json<ClosureMaterials>>,
    closure_review: Option<Json<ClosureReview>>,
    archive: Option<Json<ArchiveRecord>>,
    holder_id: Option<Uuid>,
    holder_name: Option<String>,
    last_progress: Option<String>,
    accusation: Option<Json<Accusation>>,
    disclosure_approval: Option<Json<DisclosureApproval>>,
    letter: Option<Json<Letter>>,
    special: Option<Json<Vec<SpecialMark>>>,
    repeat_of: Option<Json<RepeatLink>>,
    merged_into: Option<Json<RepeatLink>>,
    complainant_id_number: Option<String>,
    handling: Option<Json<SpecialHandling>>,
}

impl ComplaintRow {
    fn into_complaint(self) -> Result<Complaint> {
        Ok(Complaint {
            id: ComplaintId(self.id),
            number: ComplaintNumber::parse(&self.number).ok_or_else(|| {
                StoreError::Corrupt(format!("complaints.number = {:?}", self.number))
            })?,
            channel: decode("complaints.channel", &self.channel, Channel::parse)?,
            category: decode("complaints.category", &self.category, Category::parse)?,
            title: self.title,
            complainant: Complainant {
                name: self.complainant_name,
                work_unit: self.complainant_work_unit,
                occupation: self.complainant_occupation,
                address: self.complainant_address,
                phone: self.complainant_phone,
                id_number: self.complainant_id_number,
            },
            problem: self.problem,
            demands: self.demands,
            state: decode("complaints.state", &self.state, State::parse)?,
            version: self.version,
            registered_by: UserId(self.registered_by),
            registered_at: self.registered_at,
            updated_at: self.updated_at,
            review: self.review.map(|j| j.0),
            dispatch: self.dispatch.map(|j| j.0),
            result: self.result.map(|j| j.0),
            closure_review: self.closure_review.map(|j| j.0),
            archive: self.archive.map(|j| j.0),
            holder: match (self.holder_id, self.holder_name) {
                (Some(id), Some(name)) => Some(Holder {
                    id: UserId(id),
                    name,
                }),
                _ => None,
            },
            last_progress: self.last_progress,
            accusation: self.accusation.map(|j| j.0),
            disclosure_approval: self.disclosure_approval.map(|j| j.0),
            letter: self.letter.map(|j| j.0),
            special: self.special.map(|j| j.0).unwrap_or_default(),
            repeat_of: self.repeat_of.map(|j| j.0),
            merged_into: self.merged_into.map(|j| j.0),
            handling: self.handling.map(|j| j.0).unwrap_or_default(),
        })
    }
}

/// What to list. Filters combine with AND.
#[derive(Clone, Debug)]
pub struct ComplaintFilter {
    /// In any of these states (any state when empty).
    pub states: Vec<State>,
    pub channel: Option<Channel>,
    /// Cases whose current lead unit is this one.
    pub lead_unit: Option<UnitId>,
    /// Visibility: which cases the actor may see at all.
    pub scope: Scope,
    /// R7, R17: the accusation cases to leave out for the actor.
    pub shield: Option<Shield>,
    /// Registered at or after.
    pub registered_from: Option<OffsetDateTime>,
    /// Registered before.
    pub registered_until: Option<OffsetDateTime>,
    /// R9: still with a unit and due before this day.
    pub overdue_on: Option<Date>,
    /// Full-text search: cases indexed under every one of these terms
    /// ([`huixiang_domain::search::query`]).
    pub terms: Vec<String>,
    /// R20: special cases only (of one kind, or of any).
    pub special: Option<SpecialFilter>,
    pub limit: i64,
    pub offset: i64,
    /// Count the matches up to this many (or to the end of the page, if that is further), then
    /// stop and say "more" ([`COUNT_CAP`] unless configured; 0 where nobody reads the total:
    /// just past the page).
    pub count_cap: i64,
}

/// R20: which special cases a listing keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecialFilter {
    Any,
    Kind(huixiang_domain::SpecialKind),
}

/// One page of a listing, newest first, with how many matched.
#[derive(Clone, Debug)]
pub struct ComplaintPage {
    pub items: Vec<Complaint>,
    /// How many matched — or, when `capped`, how many were counted before counting stopped.
    pub total: i64,
    /// More than `total` matched: counting stopped at the filter's `count_cap` (or at the
    /// page's end, if that is further), because counting every one of a million cases costs
    /// more than the page itself and nobody pages through them.
    pub capped: bool,
}

/// How many matches a listing counts by default before it says "more than": four pages of
/// the ledger (50 a page). Counting costs as much as reading that many cases (on a million,
/// a count to 1,000 took 60–100 ms on PostgreSQL, more than the page); nobody pages further
/// than this without narrowing the filters.
pub const COUNT_CAP: i64 = 200;

/// SQLite's search reads the FTS index joined to its keys and the cases, the index first, so
/// that matches come newest first (see `search_page`). PostgreSQL searches `complaints` itself.
const SQLITE_SEARCH_FROM: &str = "complaint_search \
    CROSS JOIN complaint_search_keys k ON k.key = complaint_search.rowid \
    CROSS JOIN complaints ON complaints.id = k.complaint_id";

/// SQLite: a case's search key (the FTS rowid) is this many milliseconds since 1970 shifted
/// left [`KEY_SHIFT`] bits, plus its number among the cases of that millisecond — so rowid
/// order is registration order. The same expression as migration 0017's.
const KEY_MILLIS: &str = "CAST(round(unixepoch(registered_at, 'subsec') * 1000) AS INTEGER)";
const KEY_SHIFT: u32 = 20;

/// The lowest search key a case registered at `at` can have, give or take a millisecond of
/// SQLite's rounding (`adjust` milliseconds added).
fn search_key_floor(at: OffsetDateTime, adjust: i64) -> i64 {
    let millis = (at.unix_timestamp_nanos() / 1_000_000) as i64 + adjust;
    millis << KEY_SHIFT
}

enum Arg {
    Int(i64),
    Text(&'static str),
    Owned(String),
    Id(Uuid),
    At(OffsetDateTime),
    Day(Date),
}

impl ComplaintFilter {
    /// The WHERE clause (with `$N` placeholders) and its arguments in order, for PostgreSQL
    /// (`postgres`) or SQLite.
    fn clause(&self, postgres: bool) -> (String, Vec<Arg>) {
        let mut conditions = Vec::new();
        if !self.states.is_empty() {
            // Codes of our own enum, never user text: safe to inline.
            let list: Vec<String> = self.states.iter().map(|s| format!("'{s}'")).collect();
            conditions.push(format!("complaints.state IN ({})", list.join(", ")));
        }
        let mut args = Vec::new();
        // Each `?` of a condition takes the next argument, numbered across the whole clause.
        let mut add = |condition: &str, new_args: Vec<Arg>| {
            let mut pieces = condition.split('?');
            let mut text = pieces.next().unwrap_or_default().to_owned();
            for (piece, arg) in pieces.zip(new_args) {
                args.push(arg);
                text.push_str(&format!("${}{piece}", args.len()));
            }
            conditions.push(text);
        };
        if let Some(channel) = self.channel {
            add("complaints.channel = ?", vec![Arg::Text(channel.as_str())]);
        }
        // `LIMIT 1` in these EXISTS keeps the SQLite we bundle (3.51; 3.40 did not) from turning
        // them into a join, which made a unit's queue on a million cases 50 ms instead of 1 ms;
        // PostgreSQL drops such a LIMIT and plans a semi-join as before.
        if let Some(unit) = self.lead_unit {
            add(
                "EXISTS (SELECT 1 FROM complaint_units cu WHERE cu.complaint_id = complaints.id \
                 AND cu.unit_id = ? AND cu.role = 'lead' LIMIT 1)",
                vec![Arg::Id(unit.0)],
            );
        }
        if let Scope::Unit {
            unit,
            assigning_too,
        } = self.scope
        {
            let roles = if assigning_too {
                "('lead', 'co', 'assigning')"
            } else {
                "('lead', 'co')"
            };
            add(
                &format!(
                    "EXISTS (SELECT 1 FROM complaint_units cu WHERE cu.complaint_id = complaints.id \
                     AND cu.unit_id = ? AND cu.role IN {roles} LIMIT 1)"
                ),
                vec![Arg::Id(unit.0)],
            );
        }
        if let Some(shield) = &self.shield {
            add(
                "(complaints.accused_user_id IS NULL OR complaints.accused_user_id <> ?)",
                vec![Arg::Id(shield.user.0)],
            );
            if !shield.units.is_empty() {
                let marks = vec!["?"; shield.units.len()].join(", ");
                let mut ids = vec![Arg::Id(shield.user.0)];
                ids.extend(shield.units.iter().map(|u| Arg::Id(u.0)));
                add(
                    &format!(
                        "(complaints.accused_unit_id IS NULL OR complaints.disclosure_approved \
                         OR complaints.registered_by = ? OR complaints.accused_unit_id NOT IN ({marks}))"
                    ),
                    ids,
                );
            }
        }
        let sqlite_search = !postgres && !self.terms.is_empty();
        if let Some(from) = self.registered_from {
            add("complaints.registered_at >= ?", vec![Arg::At(from)]);
            if sqlite_search {
                // The period as a range of keys too, so the FTS index skips what is newer.
                let key = search_key_floor(from, -1);
                add("complaint_search.rowid >= ?", vec![Arg::Int(key)]);
            }
        }
        if let Some(until) = self.registered_until {
            add("complaints.registered_at < ?", vec![Arg::At(until)]);
            if sqlite_search {
                let key = search_key_floor(until, 2);
                add("complaint_search.rowid < ?", vec![Arg::Int(key)]);
            }
        }
        if let Some(day) = self.overdue_on {
            add(
                &format!(
                    "complaints.due_on < ? AND complaints.state IN {}",
                    crate::reminders::OPEN.as_str()
                ),
                vec![Arg::Day(day)],
            );
        }
        if !self.terms.is_empty() {
            // The terms are letters and digits only (the domain's tokenizer): quoting is safe.
            let quoted: Vec<String> = self.terms.iter().map(|t| format!("\"{t}\"")).collect();
            if postgres {
                let query: Vec<String> = self.terms.iter().map(|t| format!("'{t}'")).collect();
                add(
                    "complaints.search @@ to_tsquery('simple', ?)",
                    vec![Arg::Owned(query.join(" & "))],
                );
            } else {
                add(
                    "complaint_search MATCH ?",
                    vec![Arg::Owned(quoted.join(" AND "))],
                );
            }
        }
        match self.special {
            None => {}
            Some(SpecialFilter::Any) => add("complaints.special IS NOT NULL", vec![]),
            Some(SpecialFilter::Kind(kind)) if postgres => add(
                "complaints.special @> jsonb_build_array(jsonb_build_object('kind', ?::text))",
                vec![Arg::Text(kind.as_str())],
            ),
            Some(SpecialFilter::Kind(kind)) => add(
                "EXISTS (SELECT 1 FROM json_each(complaints.special) \
                 WHERE json_extract(value, '$.kind') = ?)",
                vec![Arg::Text(kind.as_str())],
            ),
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        (clause, args)
    }
}

/// Binds the filter's arguments in order onto a query of either backend.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Int(n) => q.bind(*n),
                Arg::Text(s) => q.bind(*s),
                Arg::Owned(s) => q.bind(s.clone()),
                Arg::Id(id) => q.bind(*id),
                // In UTC like every stored instant: SQLite compares them as text.
                Arg::At(at) => q.bind(at.to_offset(time::UtcOffset::UTC)),
                Arg::Day(day) => q.bind(*day),
            };
        }
        q
    }};
}

/// The columns of a complaint's row, in the order [`bind_row!`] binds them.
const ROW: [&str; 42] = [
    "id",
    "number",
    "channel",
    "category",
    "title",
    "complainant_name",
    "complainant_work_unit",
    "complainant_occupation",
    "complainant_address",
    "complainant_phone",
    "problem",
    "demands",
    "state",
    "version",
    "registered_by",
    "registered_at",
    "updated_at",
    "accusation",
    "accused_unit_id",
    "accused_user_id",
    "letter",
    "complainant_id_number",
    "review",
    "dispatch",
    "result",
    "closure_review",
    "archive",
    "due_on",
    "holder_id",
    "holder_name",
    "last_progress",
    "disclosure_approval",
    "disclosure_approved",
    "special",
    "repeat_of",
    "repeat_of_id",
    "merged_into",
    "handling",
    "concluded_at",
    "lead_unit_id",
    "deadline_start",
    "special_kinds",
];

/// How many complaints one multi-row statement writes ([`ROW`]'s values each: within both
/// backends' limits on bound values).
const ROWS_PER_STATEMENT: usize = 400;

/// Binds the values of complaint `$c` for [`ROW`], in order, onto a query of either backend.
macro_rules! bind_row {
    ($query:expr, $c:expr) => {{
        let c: &Complaint = $c;
        let p = &c.complainant;
        $query
            .bind(c.id.0)
            .bind(c.number.to_string())
            .bind(c.channel.as_str())
            .bind(c.category.as_str())
            .bind(&c.title)
            .bind(&p.name)
            .bind(&p.work_unit)
            .bind(&p.occupation)
            .bind(&p.address)
            .bind(&p.phone)
            .bind(&c.problem)
            .bind(&c.demands)
            .bind(c.state.as_str())
            .bind(c.version)
            .bind(c.registered_by.0)
            .bind(c.registered_at)
            .bind(c.updated_at)
            .bind(c.accusation.as_ref().map(Json))
            .bind(
                c.accusation
                    .as_ref()
                    .and_then(|a| a.accused_unit)
                    .map(|u| u.0),
            )
            .bind(
                c.accusation
                    .as_ref()
                    .and_then(|a| a.accused_user)
                    .map(|u| u.0),
            )
            .bind(c.letter.as_ref().map(Json))
            .bind(&p.id_number)
            .bind(c.review.as_ref().map(Json))
            .bind(c.dispatch.as_ref().map(Json))
            .bind(c.result.as_ref().map(Json))
            .bind(c.closure_review.as_ref().map(Json))
            .bind(c.archive.as_ref().map(Json))
            .bind(c.dispatch.as_ref().map(|d| d.due()))
            .bind(c.holder.as_ref().map(|h| h.id.0))
            .bind(c.holder.as_ref().map(|h| h.name.as_str()))
            .bind(&c.last_progress)
            .bind(c.disclosure_approval.as_ref().map(Json))
            .bind(c.disclosure_approval.is_some())
            .bind((!c.special.is_empty()).then_some(Json(&c.special)))
            .bind(c.repeat_of.as_ref().map(Json))
            .bind(c.repeat_of.as_ref().map(|r| r.original.0))
            .bind(c.merged_into.as_ref().map(Json))
            .bind((!c.handling.is_empty()).then_some(Json(&c.handling)))
            .bind(concluded_at(c))
            .bind(c.dispatch.as_ref().map(|d| d.lead_unit.0))
            .bind(c.dispatch.as_ref().map(|d| d.deadline.start))
            .bind(special_kinds(c))
    }};
}

/// R27: the kinds of the case's special marks, comma-separated in the order marked (for the
/// report's covering index).
fn special_kinds(c: &Complaint) -> Option<String> {
    let kinds: Vec<&str> = c.special.iter().map(|m| m.kind.as_str()).collect();
    (!kinds.is_empty()).then(|| kinds.join(","))
}

/// When a case was concluded (closed or archived): its final result's submission, in UTC.
fn concluded_at(c: &Complaint) -> Option<OffsetDateTime> {
    c.result
        .as_ref()
        .filter(|_| matches!(c.state, State::Closed | State::Archived))
        .map(|r| r.at.to_offset(time::UtcOffset::UTC))
}

/// The rows of the dispatch index for a case: its lead, co-handling and assigning units.
fn dispatch_rows(d: &Dispatch) -> impl Iterator<Item = (UnitId, &'static str)> + '_ {
    std::iter::once((d.lead_unit, "lead"))
        .chain(d.co_units.iter().map(|u| (*u, "co")))
        .chain(std::iter::once((d.assigning_unit, "assigning")))
}

impl Tx {
    /// Stores new complaints whole, as they stand (one just registered, or many at once for
    /// a load), each with its search terms ([`huixiang_domain::search::case_document`]) and
    /// its dispatch index — many rows per statement.
    pub async fn insert_complaints(&mut self, complaints: &[(&Complaint, &str)]) -> Result<()> {
        let mut script = self.script(complaints.len());
        self.complaints_into(&mut script, complaints);
        self.run(script).await
    }

    /// R3: new complaints as [`Tx::insert_complaints`] stores them, with their first events
    /// chained on from `chain_head` (the audit chain's last link, held by this transaction:
    /// see [`Tx::take_from_counter`] and [`Tx::lock_chain_head`]) — for a batch of
    /// registrations, one script, which SQLite runs in one trip.
    pub async fn insert_new_cases(
        &mut self,
        complaints: &[(&Complaint, &str)],
        events: &[PendingEvent<'_>],
        chain_head: (i64, String),
    ) -> Result<()> {
        let mut script = self.script(complaints.len().max(events.len()));
        self.complaints_into(&mut script, complaints);
        self.chain_events(&mut script, chain_head, events)?;
        self.run(script).await
    }

    /// Adds to `script` the statements of [`Tx::insert_complaints`].
    fn complaints_into(&self, script: &mut Script, complaints: &[(&Complaint, &str)]) {
        let postgres = matches!(self, Tx::Postgres(_));
        for chunk in complaints.chunks(ROWS_PER_STATEMENT) {
            let sql = if postgres {
                // The terms go into the row itself (a later UPDATE would write it twice).
                let n = ROW.len() + 1;
                let rows: Vec<String> = (0..chunk.len())
                    .map(|r| {
                        let marks: Vec<String> =
                            (1..n).map(|c| format!("${}", r * n + c)).collect();
                        let terms = r * n + n;
                        format!("({}, to_tsvector('simple', ${terms}))", marks.join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO complaints ({}, search) VALUES {}",
                    ROW.join(", "),
                    rows.join(", ")
                )
            } else {
                format!(
                    "INSERT INTO complaints ({}) VALUES {}",
                    ROW.join(", "),
                    self.values_list(chunk.len(), ROW.len())
                )
            };
            script.statement(&sql);
            for (c, terms) in chunk {
                bind_row!(script, c);
                if postgres {
                    script.bind(*terms);
                }
            }
        }
        if !postgres {
            let docs: Vec<_> = complaints.iter().map(|(c, terms)| (c.id, *terms)).collect();
            self.search_terms_into(script, &docs, false);
        }
        let units: Vec<(ComplaintId, UnitId, &str)> = complaints
            .iter()
            .filter_map(|(c, _)| c.dispatch.as_ref().map(|d| (c.id, d)))
            .flat_map(|(id, d)| dispatch_rows(d).map(move |(u, role)| (id, u, role)))
            .collect();
        self.dispatch_rows_into(script, &units);
    }

    /// Writes `c` over the stored row, provided nobody changed it since version
    /// `expected_version`; refreshes the dispatch index when the dispatch changed.
    pub async fn update_complaint(
        &mut self,
        c: &Complaint,
        expected_version: i64,
        dispatch_changed: bool,
    ) -> Result<Result<(), Rejection>> {
        // `id` is the key ($1); the row's other columns follow in order, then the version.
        let sql = format!(
            "UPDATE complaints SET ({}) = ({}) WHERE id = $1 AND version = ${}",
            ROW[1..].join(", "),
            (2..=ROW.len())
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", "),
            ROW.len() + 1
        );
        let updated = on!(self, conn => bind_row!(sqlx::query(AssertSqlSafe(sql)), c)
            .bind(expected_version)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
        if updated != 1 {
            return Ok(Err(Rejection::VersionConflict));
        }
        if dispatch_changed {
            on!(self, conn => sqlx::query("DELETE FROM complaint_units WHERE complaint_id = $1")
                .bind(c.id.0)
                .execute(conn)
                .await
                .map(|_| ()))?;
            if let Some(d) = &c.dispatch {
                let rows: Vec<_> = dispatch_rows(d).map(|(u, role)| (c.id, u, role)).collect();
                let mut script = self.script(rows.len());
                self.dispatch_rows_into(&mut script, &rows);
                self.run(script).await?;
            }
        }
        Ok(Ok(()))
    }

    fn dispatch_rows_into(&self, script: &mut Script, rows: &[(ComplaintId, UnitId, &str)]) {
        for chunk in rows.chunks(1000) {
            let sql = format!(
                "INSERT INTO complaint_units (complaint_id, unit_id, role) VALUES {}",
                self.values_list(chunk.len(), 3)
            );
            script.statement(&sql);
            for (complaint, unit, role) in chunk {
                script.bind(complaint.0).bind(unit.0).bind(*role);
            }
        }
    }

    /// The complaints with these ids (any order; unknown ids are skipped).
    pub async fn complaints_by_ids(&mut self, ids: &[ComplaintId]) -> Result<Vec<Complaint>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {COLUMNS} FROM complaints WHERE id IN ({})",
                marks.join(", ")
            );
            let rows: Vec<ComplaintRow> = on!(self, c => {
                let mut q = sqlx::query_as(AssertSqlSafe(sql.clone()));
                for id in chunk {
                    q = q.bind(id.0);
                }
                q.fetch_all(c).await
            })?;
            for row in rows {
                out.push(row.into_complaint()?);
            }
        }
        Ok(out)
    }

    /// The complaint with this number, if any.
    pub async fn complaint_by_number(
        &mut self,
        number: ComplaintNumber,
    ) -> Result<Option<Complaint>> {
        let sql = format!("SELECT {COLUMNS} FROM complaints WHERE number = $1");
        let row: Option<ComplaintRow> = on!(self, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
            .bind(number.to_string())
            .fetch_optional(c)
            .await)?;
        row.map(ComplaintRow::into_complaint).transpose()
    }

    /// R20: how many complaints are linked to `original` as its repeats.
    pub async fn repeat_count(&mut self, original: ComplaintId) -> Result<i64> {
        Ok(on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM complaints WHERE repeat_of_id = $1",
        )
        .bind(original.0)
        .fetch_one(c)
        .await)?)
    }

    /// The complaint with this id, if any.
    pub async fn complaint(&mut self, id: ComplaintId) -> Result<Option<Complaint>> {
        let sql = format!("SELECT {COLUMNS} FROM complaints WHERE id = $1");
        let row: Option<ComplaintRow> = on!(self, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
            .bind(id.0)
            .fetch_optional(c)
            .await)?;
        row.map(ComplaintRow::into_complaint).transpose()
    }

    /// The complaint with this id, locked against concurrent changes until the transaction
    /// ends. SQLite's write transaction already holds the database's single write lock.
    pub async fn complaint_for_update(&mut self, id: ComplaintId) -> Result<Option<Complaint>> {
        let row: Option<ComplaintRow> = match self {
            Tx::Sqlite(t) => {
                let sql = format!("SELECT {COLUMNS} FROM complaints WHERE id = $1");
                sqlx::query_as(AssertSqlSafe(sql))
                    .bind(id.0)
                    .fetch_optional(&mut **t)
                    .await?
            }
            Tx::Postgres(t) => {
                let sql = format!("SELECT {COLUMNS} FROM complaints WHERE id = $1 FOR UPDATE");
                sqlx::query_as(AssertSqlSafe(sql))
                    .bind(id.0)
                    .fetch_optional(&mut **t)
                    .await?
            }
        };
        row.map(ComplaintRow::into_complaint).transpose()
    }

    /// Full-text search: (re)indexes each complaint under its terms (space-separated, from
    /// [`huixiang_domain::search::document`]), a few statements for them all.
    pub async fn set_search_terms(&mut self, docs: &[(ComplaintId, &str)]) -> Result<()> {
        let mut script = self.script(docs.len());
        self.search_terms_into(&mut script, docs, true);
        self.run(script).await
    }

    /// Adds to `script` the statements of [`Self::set_search_terms`]; `replace` removes terms
    /// written before (a new case has none, and a registration is spared the statement).
    fn search_terms_into(&self, script: &mut Script, docs: &[(ComplaintId, &str)], replace: bool) {
        for chunk in docs.chunks(1000) {
            let pairs = self.values_list(chunk.len(), 2);
            let ids = self.values_list(1, chunk.len());
            match self {
                Tx::Postgres(_) => {
                    let sql = format!(
                        "UPDATE complaints SET search = to_tsvector('simple', v.terms)
                         FROM (VALUES {pairs}) AS v (id, terms) WHERE complaints.id = v.id"
                    );
                    script.statement(&sql);
                    for (id, terms) in chunk {
                        script.bind(id.0).bind(*terms);
                    }
                }
                Tx::Sqlite(_) => {
                    // The FTS table's rowid is the case's key in `complaint_search_keys`: new
                    // cases get the next free key of their millisecond (see `KEY_MILLIS`).
                    let mut statements = vec![format!(
                            "INSERT INTO complaint_search_keys (key, complaint_id)
                             SELECT COALESCE((SELECT MAX(k.key) FROM complaint_search_keys k
                                     WHERE k.key >= g.base AND k.key < g.base + {span}),
                                     g.base - 1)
                                 + ROW_NUMBER() OVER (PARTITION BY g.base ORDER BY g.id), g.id
                             FROM (SELECT id, {KEY_MILLIS} << {KEY_SHIFT} AS base FROM complaints
                                 WHERE id IN {ids}
                                 AND id NOT IN (SELECT complaint_id FROM complaint_search_keys)) AS g",
                        span = 1_i64 << KEY_SHIFT
                    )];
                    if replace {
                        statements.push(format!(
                            "DELETE FROM complaint_search WHERE rowid IN (SELECT key
                             FROM complaint_search_keys WHERE complaint_id IN {ids})"
                        ));
                    }
                    for sql in statements {
                        script.statement(&sql);
                        for (id, _) in chunk {
                            script.bind(id.0);
                        }
                    }
                    let sql = format!(
                        "INSERT INTO complaint_search (rowid, terms)
                         SELECT k.key, v.column2 FROM (VALUES {pairs}) AS v
                         JOIN complaint_search_keys k ON k.complaint_id = v.column1"
                    );
                    script.statement(&sql);
                    for (id, terms) in chunk {
                        script.bind(id.0).bind(*terms);
                    }
                }
            }
        }
    }

    /// Full-text search: up to `limit` complaints not indexed yet (registered before search
    /// existed, or by an older version), oldest first.
    pub async fn unindexed_complaints(&mut self, limit: i64) -> Result<Vec<ComplaintId>> {
        let sql = match self {
            Tx::Postgres(_) => {
                "SELECT id FROM complaints WHERE search IS NULL ORDER BY registered_at, id LIMIT $1"
            }
            Tx::Sqlite(_) => {
                "SELECT id FROM complaints WHERE id NOT IN (SELECT complaint_id FROM complaint_search_keys)
                 ORDER BY registered_at, id LIMIT $1"
            }
        };
        let ids: Vec<Uuid> =
            on!(self, c => sqlx::query_scalar(sql).bind(limit).fetch_all(c).await)?;
        Ok(ids.into_iter().map(ComplaintId).collect())
    }

    /// One page of complaints matching `filter`, newest first.
    pub async fn complaints(&mut self, filter: &ComplaintFilter) -> Result<ComplaintPage> {
        let postgres = matches!(self, Tx::Postgres(_));
        let (clause, args) = filter.clause(postgres);
        let n = args.len();
        let sqlite_search = !postgres && !filter.terms.is_empty();
        let from = if sqlite_search {
            SQLITE_SEARCH_FROM
        } else if !postgres && filter.states == State::WITH_UNIT {
            // The open cases (a unit's queue): SQLite's planner prefers the state index and
            // then reads each case's row for the visibility checks; the partial index of open
            // cases holds those columns (on a million: count to 200 in 1.1 ms, not 3.2).
            "complaints INDEXED BY complaints_open"
        } else {
            "complaints"
        };
        let items = if sqlite_search {
            let ids = self.search_page(filter, &clause, &args).await?;
            let mut found = self.complaints_by_ids(&ids).await?;
            found.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
            found
        } else {
            self.list_page(filter, from, &clause, &args).await?
        };
        let cap = filter
            .count_cap
            .max(filter.offset.saturating_add(filter.limit));
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {from}{clause} LIMIT ${}) AS counted",
            n + 1
        );
        let counted: i64 = on!(self, c => {
            let q = bind_args!(sqlx::query_scalar(AssertSqlSafe(count_sql.clone())), &args);
            q.bind(cap + 1).fetch_one(c).await
        })?;
        Ok(ComplaintPage {
            items,
            total: counted.min(cap),
            capped: counted > cap,
        })
    }

    /// A page of a listing (not SQLite's search), newest first.
    async fn list_page(
        &mut self,
        filter: &ComplaintFilter,
        from: &str,
        clause: &str,
        args: &[Arg],
    ) -> Result<Vec<Complaint>> {
        let n = args.len();
        // The page's cases are chosen first and their rows read after, so that the sort carries
        // ids and instants, not whole rows with their records (SQLite sorts what it selects).
        // On a million it took a unit's queue on SQLite from 74 to 67 ms p50; the rest of that
        // was the EXISTS below, see `clause`.
        let list_sql = format!(
            "SELECT {COLUMNS} FROM complaints WHERE id IN (
                SELECT complaints.id FROM {from}{clause}
                ORDER BY complaints.registered_at DESC, complaints.id DESC LIMIT ${} OFFSET ${})
             ORDER BY registered_at DESC, id DESC",
            n + 1,
            n + 2
        );
        let rows: Vec<ComplaintRow> = on!(self, c => {
            let q = bind_args!(sqlx::query_as(AssertSqlSafe(list_sql.clone())), args);
            q.bind(filter.limit).bind(filter.offset).fetch_all(c).await
        })?;
        rows.into_iter().map(ComplaintRow::into_complaint).collect()
    }

    /// SQLite's search: the ids of the page's cases, newest first. Matches are read from the
    /// FTS index by key, newest first, and reading stops at the end of the page — a common
    /// word is in tens of thousands of cases. Keys order by registration millisecond only, so
    /// the rest of the last millisecond's matches are read too and the lot is sorted exactly
    /// (instant, then id, newest first: the order PostgreSQL gives).
    async fn search_page(
        &mut self,
        filter: &ComplaintFilter,
        clause: &str,
        args: &[Arg],
    ) -> Result<Vec<ComplaintId>> {
        let n = args.len();
        let wanted = filter.offset.saturating_add(filter.limit);
        let select = format!(
            "SELECT complaint_search.rowid, complaints.id, complaints.registered_at \
             FROM {SQLITE_SEARCH_FROM}{clause}"
        );
        let sql = format!(
            "{select} ORDER BY complaint_search.rowid DESC LIMIT ${}",
            n + 1
        );
        let mut hits: Vec<(i64, Uuid, OffsetDateTime)> = on!(self, c => {
            let q = bind_args!(sqlx::query_as(AssertSqlSafe(sql.clone())), args);
            q.bind(wanted).fetch_all(c).await
        })?;
        let full = i64::try_from(hits.len()).is_ok_and(|len| len == wanted);
        if let Some(&(last, ..)) = hits.last().filter(|_| full) {
            let millisecond = (last >> KEY_SHIFT) << KEY_SHIFT;
            let sql = format!(
                "{select} AND complaint_search.rowid >= ${} AND complaint_search.rowid < ${}",
                n + 1,
                n + 2
            );
            let rest: Vec<(i64, Uuid, OffsetDateTime)> = on!(self, c => {
                let q = bind_args!(sqlx::query_as(AssertSqlSafe(sql.clone())), args);
                q.bind(millisecond).bind(last).fetch_all(c).await
            })?;
            hits.extend(rest);
        }
        hits.sort_by_key(|&(_, id, at)| std::cmp::Reverse((at, id)));
        let skip = usize::try_from(filter.offset).unwrap_or(0);
        let take = usize::try_from(filter.limit).unwrap_or(0);
        Ok(hits
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|(_, id, _)| ComplaintId(id))
            .collect())
    }
}
