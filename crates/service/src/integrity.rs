//! Integrity checks an operator runs (`huixiang check`): the database file, references, each
//! case's history, and the tamper-evident audit chain.

use crate::{Result, Service};
use huixiang_domain::{ComplaintId, EventId};
use huixiang_store::audit::GENESIS;
use huixiang_store::copy::{BrokenReference, TABLES};

/// Where and how the audit chain broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainProblem {
    /// An event that is not in the chain at all (written around the application).
    NotInChain,
    /// The chain skips positions: events were removed here.
    Gap { expected: i64 },
    /// The event does not link to the one before it: an event was removed or inserted.
    LinkMismatch,
    /// The event's contents no longer match its hash: it was changed.
    ContentChanged,
    /// The recorded end of the chain is not its last event: the tail was cut or the end
    /// record changed.
    HeadMismatch { recorded_seq: i64 },
}

/// The first broken link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The chain position, if the event has one.
    pub position: Option<i64>,
    pub event: Option<EventId>,
    pub complaint: Option<ComplaintId>,
    pub problem: ChainProblem,
}

/// What a check of the audit chain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainReport {
    /// Events verified before the first break (all of them when there is none).
    pub verified: i64,
    /// The last link, to note down elsewhere: a chain rewritten from some point on, head
    /// included, can only be caught against such a note.
    pub last_hash: String,
    pub first_break: Option<ChainBreak>,
}

const PAGE: i64 = 5_000;

impl Service {
    /// Recomputes the audit chain from the first event to the last and reports the first
    /// broken link, if any.
    pub async fn check_audit_chain(&self) -> Result<ChainReport> {
        let mut tx = self.db.read().await?;
        let (head_seq, head_hash) = tx.chain_head().await?;
        let mut prev = GENESIS.to_owned();
        let mut expected = 1;
        let report = |verified: i64, prev: &str, brk: Option<ChainBreak>| ChainReport {
            verified,
            last_hash: prev.to_owned(),
            first_break: brk,
        };
        loop {
            let links = tx.chain_links(expected - 1, PAGE).await?;
            let done = (links.len() as i64) < PAGE;
            for link in links {
                let at = |problem| ChainBreak {
                    position: link.chain_seq,
                    event: Some(EventId(link.event.id)),
                    complaint: Some(ComplaintId(link.event.complaint)),
                    problem,
                };
                let problem = match link.chain_seq {
                    None => Some(ChainProblem::NotInChain),
                    Some(seq) if seq != expected => Some(ChainProblem::Gap { expected }),
                    Some(_) if link.prev_hash.as_deref() != Some(prev.as_str()) => {
                        Some(ChainProblem::LinkMismatch)
                    }
                    Some(_) if link.hash.as_deref() != Some(link.event.hash(&prev).as_str()) => {
                        Some(ChainProblem::ContentChanged)
                    }
                    Some(_) => None,
                };
                if let Some(problem) = problem {
                    return Ok(report(expected - 1, &prev, Some(at(problem))));
                }
                prev = link.hash.unwrap_or_default();
                expected += 1;
            }
            if done {
                break;
            }
        }
        let verified = expected - 1;
        if head_seq != verified || head_hash != prev {
            let problem = ChainProblem::HeadMismatch {
                recorded_seq: head_seq,
            };
            let brk = ChainBreak {
                position: Some(verified),
                event: None,
                complaint: None,
                problem,
            };
            return Ok(report(verified, &prev, Some(brk)));
        }
        Ok(report(verified, &prev, None))
    }
}

/// Everything `huixiang check` looks at.
#[derive(Clone, Debug)]
pub struct IntegrityReport {
    /// Rows per table of the center's data.
    pub tables: Vec<(&'static str, i64)>,
    /// What SQLite's own check of its file found (empty when sound, and on PostgreSQL).
    pub storage: Vec<String>,
    /// References to rows that are not there.
    pub broken_references: Vec<BrokenReference>,
    /// Cases whose recorded history stops short of their version.
    pub cases_without_history: i64,
    pub chain: ChainReport,
}

impl IntegrityReport {
    pub fn is_sound(&self) -> bool {
        self.storage.is_empty()
            && self.broken_references.is_empty()
            && self.cases_without_history == 0
            && self.chain.first_break.is_none()
    }
}

impl Service {
    /// Checks the whole database: the file itself (SQLite), every reference, every case's
    /// history against its version, and the audit chain; and counts the rows of each table.
    pub async fn check_integrity(&self) -> Result<IntegrityReport> {
        let mut tx = self.db.read().await?;
        let storage = tx.storage_problems().await?;
        let mut tables = Vec::with_capacity(TABLES.len());
        for t in TABLES {
            tables.push((t.name, tx.count_rows(t.name).await?));
        }
        let broken_references = tx.broken_references().await?;
        let cases_without_history = tx.cases_without_history().await?;
        drop(tx);
        let chain = self.check_audit_chain().await?;
        Ok(IntegrityReport {
            tables,
            storage,
            broken_references,
            cases_without_history,
            chain,
        })
    }
}
