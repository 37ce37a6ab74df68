//! The unit tree.

use crate::{Result, Tx, decode, on};
use huixiang_domain::{Unit, UnitFields, UnitId, UnitKind, Units};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct UnitRow {
    id: Uuid,
    name: String,
    kind: String,
    parent_id: Option<Uuid>,
    principal_leader: Option<String>,
}

impl UnitRow {
    fn into_unit(self) -> Result<Unit> {
        Ok(Unit {
            id: UnitId(self.id),
            name: self.name,
            kind: decode("units.kind", &self.kind, UnitKind::parse)?,
            parent: self.parent_id.map(UnitId),
            principal_leader: self.principal_leader,
        })
    }
}

impl Tx {
    /// The unit tree.
    pub async fn units(&mut self) -> Result<Units> {
        Ok(Units::new(self.unit_list().await?))
    }

    /// Every unit as a list, ordered by name.
    pub async fn unit_list(&mut self) -> Result<Vec<Unit>> {
        let rows: Vec<UnitRow> = on!(self, c => sqlx::query_as(
            "SELECT id, name, kind, parent_id, principal_leader FROM units ORDER BY name, id",
        )
        .fetch_all(c)
        .await)?;
        rows.into_iter().map(UnitRow::into_unit).collect()
    }

    pub async fn insert_unit(
        &mut self,
        id: UnitId,
        unit: &UnitFields,
        now: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO units (id, name, kind, parent_id, principal_leader, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(id.0)
        .bind(&unit.name)
        .bind(unit.kind.as_str())
        .bind(unit.parent.map(|p| p.0))
        .bind(&unit.principal_leader)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Changes a unit; returns whether it existed.
    pub async fn update_unit(
        &mut self,
        id: UnitId,
        unit: &UnitFields,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let changed = on!(self, c => sqlx::query(
            "UPDATE units SET name = $2, kind = $3, parent_id = $4, principal_leader = $5,
             updated_at = $6 WHERE id = $1",
        )
        .bind(id.0)
        .bind(&unit.name)
        .bind(unit.kind.as_str())
        .bind(unit.parent.map(|p| p.0))
        .bind(&unit.principal_leader)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(changed == 1)
    }
}
