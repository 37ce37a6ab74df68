//! R32: staff declare their conflicts and recuse themselves from cases; every read and every
//! step of a case checks them (with R7's accusation rule) through [`open_case`].

use crate::{Result, Service};
use huixiang_domain::recusal::{Conflict, ConflictInput, ConflictKind, recusal};
use huixiang_domain::{Actor, Complaint, ComplaintId, Rejection, Units, access};
use huixiang_store::{DeclaredConflict, Tx};

/// The conflicts `actor` declared.
pub(crate) async fn conflicts(tx: &mut Tx, actor: &Actor) -> Result<Vec<Conflict>> {
    Ok(tx
        .conflicts_of(actor.id)
        .await?
        .into_iter()
        .map(|d| d.conflict)
        .collect())
}

/// The one gate to a case: R7 — a case `actor` may not see answers as if it did not exist;
/// R32 — a case `actor` must step aside from is refused with the reason.
pub(crate) fn open_case(
    actor: &Actor,
    complaint: Option<Complaint>,
    units: &Units,
    conflicts: &[Conflict],
) -> Result<Complaint> {
    let complaint = complaint
        .filter(|c| access::may_read(actor, c, units))
        .ok_or(Rejection::ComplaintNotFound)?;
    if let Some(reason) = recusal(actor, &complaint, conflicts) {
        return Err(Rejection::from(reason).into());
    }
    Ok(complaint)
}

/// Whether a listing may show `complaint` to an actor with these conflicts (R32).
pub(crate) fn listable(actor: &Actor, complaint: &Complaint, conflicts: &[Conflict]) -> bool {
    recusal(actor, complaint, conflicts).is_none()
}

impl Service {
    /// R32: the conflicts `actor` declared, with when.
    pub async fn my_conflicts(&self, actor: &Actor) -> Result<Vec<DeclaredConflict>> {
        let mut tx = self.db.read().await?;
        Ok(tx.conflicts_of(actor.id).await?)
    }

    /// R32: declares a conflict (a relative's name or phone, an address, a unit).
    pub async fn declare_conflict(&self, actor: &Actor, input: ConflictInput) -> Result<()> {
        let conflict = Conflict::parse(&input)?;
        if conflict.kind == ConflictKind::Case {
            // A case is recused from through `recuse`, which checks the case exists.
            let id =
                conflict
                    .value
                    .parse()
                    .map(ComplaintId)
                    .map_err(|_| Rejection::InvalidField {
                        field: "value",
                        problem: huixiang_domain::FieldProblem::BadFormat,
                    })?;
            return self.recuse(actor, id, conflict.note).await;
        }
        let mut tx = self.db.write().await?;
        tx.declare_conflict(actor.id, &conflict, self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// R32: withdraws a declaration; a recusal from a case stands.
    pub async fn withdraw_conflict(&self, actor: &Actor, kind: &str, value: &str) -> Result<()> {
        let kind = ConflictKind::parse(kind)?;
        let mut tx = self.db.write().await?;
        tx.withdraw_conflict(actor.id, kind, value).await?;
        tx.commit().await?;
        Ok(())
    }

    /// R32: `actor` steps aside from a case they can see; from now on they neither see nor act
    /// on it. The declaration is the record.
    pub async fn recuse(&self, actor: &Actor, id: ComplaintId, note: Option<String>) -> Result<()> {
        let mut tx = self.db.write().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        let note =
            huixiang_domain::text::TextRule::line("remark", 200).optional(note.as_deref())?;
        tx.declare_conflict(actor.id, &Conflict::case(id, note), self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
