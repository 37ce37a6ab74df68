//! R2: the citizens' online channel. A complaint submitted on the public page is registered
//! under the portal's system account, gets a number and a query code (shown once, kept only as
//! a hash), and can be looked up with that pair — which shows where it stands and the public
//! reply, and nothing else. Wrong pairs and submissions are limited per address.

use crate::attachments::Upload;
use crate::auth::sha256_hex;
use crate::complaints::Frame;
use crate::throttle::{minutes_until, step};
use crate::{Result, Service};
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::decide::{self, Command};
use huixiang_domain::{
    Actor, Complaint, ComplaintId, ComplaintNumber, PublicStage, QueryCode, Rating,
    RegistrationInput, Rejection, Role, UnitKind, UserId,
};
use huixiang_store::{NewUser, Tx};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The username of the portal's system account. The colon keeps it out of reach of every
/// account an administrator can create.
pub const PORTAL_USERNAME: &str = "portal:online";

/// The most files one online submission carries.
pub const MAX_PUBLIC_FILES: usize = 5;

/// What a citizen submits on the public page.
#[derive(Clone, Debug, Default)]
pub struct OnlineSubmission {
    pub category: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub work_unit: Option<String>,
    pub occupation: Option<String>,
    pub problem: Option<String>,
    pub demands: Option<String>,
    /// The hidden field people never see; anything in it marks an automated submission.
    pub honeypot: Option<String>,
    pub files: Vec<Upload>,
}

/// What the citizen takes away: the number and the query code, shown once.
#[derive(Clone, Debug)]
pub struct Receipt {
    pub number: ComplaintNumber,
    pub code: QueryCode,
}

/// What a lookup shows: where the case stands, its dates and the public reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicCase {
    pub number: ComplaintNumber,
    pub stage: PublicStage,
    pub registered_on: Date,
    pub updated_on: Date,
    /// The answer to the complainant, once the case is concluded.
    pub reply: Option<String>,
    pub rating: Option<Rating>,
    /// Concluded and not rated yet.
    pub may_rate: bool,
}

impl PublicCase {
    fn new(c: &Complaint, rating: Option<Rating>) -> Self {
        let stage = PublicStage::of(c.state);
        let concluded = stage == PublicStage::Concluded;
        PublicCase {
            number: c.number,
            stage,
            registered_on: beijing_date(c.registered_at),
            updated_on: beijing_date(c.updated_at),
            reply: c
                .result
                .as_ref()
                .filter(|_| concluded)
                .map(|r| r.reply.clone()),
            may_rate: concluded && rating.is_none(),
            rating,
        }
    }
}

/// The stored form of a query code: a hash bound to the case it opens.
fn code_hash(id: ComplaintId, code: &QueryCode) -> String {
    sha256_hex(&[
        b"huixiang query code\0",
        id.0.as_bytes(),
        code.as_str().as_bytes(),
    ])
}

/// Compares two hashes in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn address_key(kind: &str, address: Option<&str>) -> String {
    let address = address.filter(|a| !a.is_empty() && a.len() <= 64);
    format!("{kind}:{}", address.unwrap_or("unknown"))
}

impl Service {
    /// R2: registers a complaint submitted online, with its files, under the portal account.
    pub async fn submit_online(
        &self,
        s: OnlineSubmission,
        address: Option<&str>,
    ) -> Result<Receipt> {
        let now = self.clock.now();
        let limits = self.settings.public_limits;
        let key = address_key("public-submit", address);
        self.refuse_if_locked(&key, now).await?;
        if s.honeypot.as_deref().is_some_and(|h| !h.trim().is_empty()) {
            self.count(&key, limits.submissions, now).await?;
            return Err(Rejection::SubmissionRefused.into());
        }
        if s.files.len() > MAX_PUBLIC_FILES {
            return Err(Rejection::TooManyAttachments {
                max: MAX_PUBLIC_FILES,
            }
            .into());
        }
        let form = RegistrationInput {
            channel: Some("online".into()),
            category: s.category,
            title: s.title,
            complainant_name: s.name,
            complainant_work_unit: s.work_unit,
            complainant_occupation: s.occupation,
            complainant_address: s.address,
            complainant_phone: s.phone,
            problem: s.problem,
            demands: s.demands,
            ..RegistrationInput::default()
        };
        huixiang_domain::Registration::parse(&form)?;
        let mut tx = self.db.write().await?;
        let portal = portal_actor(&mut tx, now).await?;
        let files = s
            .files
            .iter()
            .map(|f| Ok((self.inspect_upload(f, portal.id, now)?, f.bytes.as_slice())))
            .collect::<Result<Vec<_>>>()?;
        let frame = Frame::load(&mut tx).await?;
        let ctx = frame.context(&portal, &self.settings.deadlines, now);
        let year = ComplaintNumber::year_of(now);
        let seq = tx.next_in_counter(&ComplaintNumber::counter(year)).await?;
        let number = ComplaintNumber { year, seq };
        let change = decide::register(ctx, ComplaintId(Uuid::now_v7()), number, &form)?;
        crate::complaints::insert_new(&mut tx, &portal, &change).await?;
        let complaint = self
            .attach_new(&mut tx, ctx, change.complaint, files)
            .await?;
        let code = QueryCode::from_random(Uuid::new_v4().as_bytes());
        tx.set_query_code_hash(complaint.id, &code_hash(complaint.id, &code))
            .await?;
        self.count_in(&mut tx, &key, limits.submissions, now)
            .await?;
        tx.commit().await?;
        Ok(Receipt { number, code })
    }

    /// R2: a new query code for a case registered at the window, by phone or by letter (or one
    /// that replaces a lost code): shown to the clerk once, to pass on; an earlier code stops
    /// working.
    pub async fn issue_query_code(&self, actor: &Actor, id: ComplaintId) -> Result<Receipt> {
        let mut tx = self.db.write().await?;
        let view = self.act_in(&mut tx, actor, id, Command::IssueCode).await?;
        let code = QueryCode::from_random(Uuid::new_v4().as_bytes());
        tx.set_query_code_hash(id, &code_hash(id, &code)).await?;
        tx.commit().await?;
        Ok(Receipt {
            number: view.complaint.number,
            code,
        })
    }

    /// R2: where a case stands, for the right number and query code. A wrong pair answers the
    /// same whether the number exists or not, and counts against the address.
    pub async fn lookup(
        &self,
        number: &str,
        code: &str,
        address: Option<&str>,
    ) -> Result<PublicCase> {
        let id = self.verify_pair(number, code, address).await?;
        let mut tx = self.db.read().await?;
        let complaint = tx.complaint(id).await?.ok_or(Rejection::LookupFailed)?;
        let rating = tx.rating(id).await?;
        Ok(PublicCase::new(&complaint, rating))
    }

    /// R2: the complainant rates a concluded case, once.
    pub async fn rate(
        &self,
        number: &str,
        code: &str,
        satisfaction: Option<&str>,
        comment: Option<&str>,
        address: Option<&str>,
    ) -> Result<PublicCase> {
        let id = self.verify_pair(number, code, address).await?;
        let now = self.clock.now();
        let mut tx = self.db.write().await?;
        let complaint = tx.complaint(id).await?.ok_or(Rejection::LookupFailed)?;
        let rating = Rating::parse(complaint.state, satisfaction, comment, now)?;
        if !tx.insert_rating(id, &rating).await? {
            return Err(Rejection::AlreadyRated.into());
        }
        tx.commit().await?;
        Ok(PublicCase::new(&complaint, Some(rating)))
    }

    /// The case a number and query code open, or `lookup_failed` (counted per address).
    async fn verify_pair(
        &self,
        number: &str,
        code: &str,
        address: Option<&str>,
    ) -> Result<ComplaintId> {
        let now = self.clock.now();
        let key = address_key("public-lookup", address);
        self.refuse_if_locked(&key, now).await?;
        let number = ComplaintNumber::parse(number.trim());
        let code = QueryCode::parse(code);
        let stored = match number {
            Some(n) => self.db.read().await?.query_code_hash(n).await?,
            None => None,
        };
        // Hash even when there is nothing to compare with, so both answer alike.
        let (id, expected) = stored.unwrap_or_else(|| (ComplaintId(Uuid::nil()), String::new()));
        let given = code.map(|c| code_hash(id, &c)).unwrap_or_default();
        if !expected.is_empty() && same(&given, &expected) {
            return Ok(id);
        }
        let limit = self.settings.public_limits.lookup_failures;
        self.count(&key, limit, now).await?;
        Err(Rejection::LookupFailed.into())
    }

    async fn refuse_if_locked(&self, key: &str, now: OffsetDateTime) -> Result<()> {
        let state = self.db.read().await?.throttle(key).await?;
        if let Some(until) = state.and_then(|s| s.locked_until).filter(|u| *u > now) {
            let minutes = minutes_until(until, now);
            return Err(Rejection::TooManyRequests { minutes }.into());
        }
        Ok(())
    }

    async fn count(&self, key: &str, limit: i64, now: OffsetDateTime) -> Result<()> {
        let mut tx = self.db.write().await?;
        self.count_in(&mut tx, key, limit, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn count_in(
        &self,
        tx: &mut Tx,
        key: &str,
        limit: i64,
        now: OffsetDateTime,
    ) -> Result<()> {
        let l = self.settings.public_limits;
        let state = tx.throttle_for_update(key, now).await?;
        tx.put_throttle(key, &step(l.window, l.lockout, &state, limit, now))
            .await?;
        Ok(())
    }
}

/// The portal's system account, created on first use in the center's root unit.
async fn portal_actor(tx: &mut Tx, now: OffsetDateTime) -> Result<Actor> {
    if let Some(user) = tx.user_by_username(PORTAL_USERNAME).await? {
        return match user.role {
            Role::Portal => Ok(user.actor()),
            _ => Err(Rejection::PortalUnavailable.into()),
        };
    }
    let units = tx.units().await?;
    // The center's root: the first of its kind (HashMap order is not stable).
    let center = units
        .iter()
        .filter(|u| u.kind == UnitKind::Center)
        .min_by_key(|u| u.id.0)
        .ok_or(Rejection::PortalUnavailable)?;
    let user = NewUser {
        id: UserId(Uuid::now_v7()),
        username: PORTAL_USERNAME.into(),
        display_name: "网上投诉平台".into(),
        role: Role::Portal,
        unit: center.id,
        password_hash: "!".into(),
    };
    Ok(tx.ensure_system_user(&user, now).await?.actor())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r2_code_hashes_bind_the_case_and_compare_whole() {
        let code = QueryCode::from_random(&[3; 16]);
        let a = ComplaintId(Uuid::from_u128(1));
        let b = ComplaintId(Uuid::from_u128(2));
        assert_ne!(code_hash(a, &code), code_hash(b, &code));
        assert!(same(&code_hash(a, &code), &code_hash(a, &code)));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert_eq!(address_key("k", Some("")), "k:unknown");
    }
}
