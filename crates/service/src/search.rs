//! Chinese full-text search over title, problem, demands, progress notes and results, combined
//! with the ledger's filters and bound by the same visibility: a user never finds a case they
//! may not see, and the total counts only what they may see.

use crate::complaints::{ListQuery, masked_for, paging, without_recused};
use crate::recusal::conflicts;
use crate::{Result, Service};
use huixiang_domain::search::{self, Piece};
use huixiang_domain::{Actor, Complaint, privacy};

/// One case found, with where the words matched.
#[derive(Clone, Debug)]
pub struct SearchHit {
    pub complaint: Complaint,
    /// The title, matches marked.
    pub title: Vec<Piece>,
    /// The first other field that matched (`problem`, `demands`, `note`, `findings`,
    /// `handling`, `reply`) and the words around the match.
    pub snippet: Option<(&'static str, Vec<Piece>)>,
}

/// One page of search results, newest first.
#[derive(Clone, Debug)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// How many matched, or at least how many when `capped` (see [`huixiang_store::COUNT_CAP`]).
    pub total: i64,
    pub capped: bool,
    pub page: i64,
    pub per_page: i64,
}

/// How many characters a snippet shows.
pub const SNIPPET_CHARS: usize = 80;

/// How many complaints one indexing transaction takes.
const INDEX_BATCH: i64 = 500;

impl Service {
    /// The cases `actor` may see that contain every word of `q` (one character, a pair of
    /// characters, a longer phrase, or ASCII words), filtered like the ledger.
    pub async fn search(
        &self,
        actor: &Actor,
        q: Option<&str>,
        query: ListQuery,
    ) -> Result<SearchResults> {
        let terms = search::query(q)?;
        let q = q.unwrap_or_default();
        let (page, per_page) = paging(&query)?;
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mut filter = self.filter(actor, &units, query, per_page, (page - 1) * per_page)?;
        filter.terms = terms;
        let mine = conflicts(&mut tx, actor).await?;
        let found = tx.complaints(&filter).await?;
        drop(tx);
        let found = without_recused(actor, found, &mine);
        let hits = found
            .items
            .into_iter()
            .map(|c| masked_for(actor, c, privacy::may_see_complainant))
            .map(|c| hit(c, q))
            .collect();
        Ok(SearchResults {
            hits,
            total: found.total,
            capped: found.capped,
            page,
            per_page,
        })
    }

    /// Indexes every complaint that has no search terms yet (those registered before search
    /// existed), a batch per transaction; returns how many. Run at start; cheap when none.
    pub async fn index_unindexed(&self) -> Result<usize> {
        let mut done = 0;
        loop {
            let mut tx = self.db.write().await?;
            let ids = tx.unindexed_complaints(INDEX_BATCH).await?;
            if ids.is_empty() {
                return Ok(done);
            }
            // The batch's terms go in together: a few statements for them all.
            let mut docs = Vec::with_capacity(ids.len());
            for complaint in tx.complaints_by_ids(&ids).await? {
                let terms = crate::complaints::search_document(&mut tx, &complaint).await?;
                docs.push((complaint.id, terms));
            }
            let docs: Vec<_> = docs.iter().map(|(id, t)| (*id, t.as_str())).collect();
            tx.set_search_terms(&docs).await?;
            tx.commit().await?;
            done += ids.len();
        }
    }
}

fn hit(complaint: Complaint, q: &str) -> SearchHit {
    let c = &complaint;
    let mut fields: Vec<(&'static str, &str)> =
        vec![("problem", &c.problem), ("demands", &c.demands)];
    if let Some(note) = &c.last_progress {
        fields.push(("note", note));
    }
    if let Some(r) = &c.result {
        fields.extend([
            ("findings", r.findings.as_str()),
            ("handling", r.handling.as_str()),
            ("reply", r.reply.as_str()),
        ]);
    }
    let snippet = fields
        .into_iter()
        .find_map(|(field, text)| search::snippet(text, q, SNIPPET_CHARS).map(|s| (field, s)));
    SearchHit {
        title: search::highlight(&c.title, q),
        snippet,
        complaint,
    }
}
