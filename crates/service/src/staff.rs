//! Units and staff accounts.

use crate::auth::hash_password;
use crate::{Result, Service};
use huixiang_domain::access;
use huixiang_domain::text::TextRule;
use huixiang_domain::{
    Actor, FieldProblem, Rejection, Role, Unit, UnitFields, UnitId, UnitInput, UserId,
};
use huixiang_store::{NewUser, StoreError};
use uuid::Uuid;

/// What an administrator types to add a staff account.
#[derive(Clone, Debug, Default)]
pub struct NewUserInput {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub role: Option<String>,
    pub unit: Option<UnitId>,
    pub password: Option<String>,
}

/// A staff account as others may see it: never the password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserView {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: UnitId,
    pub active: bool,
}

impl From<huixiang_store::UserRecord> for UserView {
    fn from(u: huixiang_store::UserRecord) -> Self {
        UserView {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            unit: u.unit,
            active: u.active,
        }
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// What an administrator changes on an account.
#[derive(Clone, Debug, Default)]
pub struct UserChange {
    pub display_name: Option<String>,
    pub role: Option<String>,
    pub unit: Option<UnitId>,
    pub active: bool,
    /// A new password, or none to keep the old one.
    pub password: Option<String>,
}

/// The password policy: at least [`MIN_PASSWORD_CHARS`] characters, at most 1000 bytes.
fn check_password(password: &str) -> Result<(), Rejection> {
    let problem = if password.chars().count() < MIN_PASSWORD_CHARS {
        FieldProblem::TooShort {
            min: MIN_PASSWORD_CHARS,
        }
    } else if password.len() > 1000 {
        FieldProblem::TooLong { max: 1000 }
    } else {
        return Ok(());
    };
    Err(Rejection::InvalidField {
        field: "password",
        problem,
    })
}

impl Service {
    /// Every unit, for any member of staff (forms need them).
    pub async fn units(&self, _actor: &Actor) -> Result<Vec<Unit>> {
        let mut tx = self.db.read().await?;
        Ok(tx.unit_list().await?)
    }

    /// Adds a unit (administrator only).
    pub async fn create_unit(&self, actor: &Actor, input: UnitInput) -> Result<Unit> {
        access::may_administer(actor)?;
        self.add_unit(input).await
    }

    /// Adds a unit with no actor: for the operator's CLI and the demo.
    pub async fn add_unit(&self, input: UnitInput) -> Result<Unit> {
        let mut tx = self.db.write().await?;
        let units = tx.units().await?;
        let fields = UnitFields::parse(&input, &units, None)?;
        let id = UnitId(Uuid::now_v7());
        tx.insert_unit(id, &fields, self.clock.now()).await?;
        tx.commit().await?;
        Ok(fields.into_unit(id))
    }

    /// Changes a unit (administrator only).
    pub async fn update_unit(&self, actor: &Actor, id: UnitId, input: UnitInput) -> Result<Unit> {
        access::may_administer(actor)?;
        let mut tx = self.db.write().await?;
        let units = tx.units().await?;
        units.require(id, "unit")?;
        let fields = UnitFields::parse(&input, &units, Some(id))?;
        tx.update_unit(id, &fields, self.clock.now()).await?;
        tx.commit().await?;
        Ok(fields.into_unit(id))
    }

    /// Every staff account (administrator only).
    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserView>> {
        access::may_administer(actor)?;
        let mut tx = self.db.read().await?;
        Ok(tx
            .user_list()
            .await?
            .into_iter()
            .map(UserView::from)
            .collect())
    }

    /// R7: the staff who can be named as accused on a handling form: every active account, by
    /// name and unit (no login details), for those who register and review complaints.
    pub async fn staff_directory(&self, actor: &Actor) -> Result<Vec<UserView>> {
        let may = matches!(actor.role, Role::Clerk | Role::Office) || actor.role.is_leader();
        if !may {
            return Err(Rejection::NotPermitted.into());
        }
        let mut tx = self.db.read().await?;
        Ok(tx
            .user_list()
            .await?
            .into_iter()
            .filter(|u| u.active && u.role != Role::Admin)
            .map(UserView::from)
            .collect())
    }

    /// Adds a staff account (administrator only).
    pub async fn create_user(&self, actor: &Actor, input: NewUserInput) -> Result<UserView> {
        access::may_administer(actor)?;
        self.add_user(input).await
    }

    /// Adds a staff account with no actor: for the operator's CLI and the demo.
    pub async fn add_user(&self, input: NewUserInput) -> Result<UserView> {
        let username = TextRule::line("username", 50).required(input.username.as_deref())?;
        let valid_username = username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !valid_username {
            return Err(Rejection::InvalidField {
                field: "username",
                problem: FieldProblem::BadFormat,
            }
            .into());
        }
        let display_name =
            TextRule::line("display_name", 50).required(input.display_name.as_deref())?;
        let role = Role::parse(input.role.as_deref().unwrap_or(""))?;
        let unit = input.unit.ok_or(Rejection::InvalidField {
            field: "unit",
            problem: FieldProblem::Missing,
        })?;
        let password = input.password.unwrap_or_default();
        check_password(&password)?;
        let password_hash = hash_password(password).await?;
        let mut tx = self.db.write().await?;
        tx.units().await?.require(unit, "unit")?;
        let user = NewUser {
            id: UserId(Uuid::now_v7()),
            username,
            display_name,
            role,
            unit,
            password_hash,
        };
        match tx.insert_user(&user, self.clock.now()).await {
            Err(StoreError::Unique(_)) => return Err(Rejection::UsernameTaken.into()),
            other => other?,
        }
        tx.commit().await?;
        Ok(UserView {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            role,
            unit,
            active: true,
        })
    }

    /// Changes an account's name, role, unit or standing, or sets a new password (administrator
    /// only). A new password ends the account's sessions; so does deactivation, since only
    /// active accounts are ever authenticated.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: UserId,
        change: UserChange,
    ) -> Result<UserView> {
        access::may_administer(actor)?;
        let display_name =
            TextRule::line("display_name", 50).required(change.display_name.as_deref())?;
        let role = Role::parse(change.role.as_deref().unwrap_or(""))?;
        let unit = change.unit.ok_or(Rejection::InvalidField {
            field: "unit",
            problem: FieldProblem::Missing,
        })?;
        let password = change.password.filter(|p| !p.is_empty());
        let password_hash = match password {
            Some(p) => {
                check_password(&p)?;
                Some(hash_password(p).await?)
            }
            None => None,
        };
        let mut tx = self.db.write().await?;
        tx.units().await?.require(unit, "unit")?;
        let found = tx
            .update_user(
                id,
                &display_name,
                role,
                unit,
                change.active,
                password_hash.as_deref(),
            )
            .await?;
        if !found {
            return Err(Rejection::UserNotFound.into());
        }
        if password_hash.is_some() {
            tx.end_sessions_of(id).await?;
        }
        let username = tx
            .user_list()
            .await?
            .into_iter()
            .find(|u| u.id == id)
            .map(|u| u.username)
            .unwrap_or_default();
        tx.commit().await?;
        Ok(UserView {
            id,
            username,
            display_name,
            role,
            unit,
            active: change.active,
        })
    }

    /// Whether any account exists (the demo fills only an empty database).
    pub async fn has_users(&self) -> Result<bool> {
        let mut tx = self.db.read().await?;
        Ok(tx.user_count().await? > 0)
    }
}
