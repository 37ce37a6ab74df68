//! The citizens' side (R2 online channel): the query code that lets a complainant look a case
//! up, what the lookup may show (and nothing more), and the satisfaction rating after closure.

use crate::rejection::Rejection;
use crate::text::TextRule;
use crate::workflow::{State, string_enum};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The letters of a query code: no 0/O, 1/I/L, so it can be read out over the phone.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Characters in a query code: 12 of 31 letters, about 59 bits.
pub const CODE_LEN: usize = 12;

/// A query code (查询码), shown to the complainant once and stored only as a hash.
#[derive(Clone, PartialEq, Eq)]
pub struct QueryCode(String);

impl std::fmt::Debug for QueryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("QueryCode(****)")
    }
}

impl QueryCode {
    /// A code from random bytes (the caller draws them: the core has no randomness).
    pub fn from_random(bytes: &[u8; 16]) -> Self {
        let mut n = u128::from_le_bytes(*bytes);
        let mut code = String::with_capacity(CODE_LEN);
        for _ in 0..CODE_LEN {
            code.push(ALPHABET[(n % ALPHABET.len() as u128) as usize] as char);
            n /= ALPHABET.len() as u128;
        }
        QueryCode(code)
    }

    /// A code as typed: case, spaces and dashes do not matter; anything else is no code.
    pub fn parse(typed: &str) -> Option<Self> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b)))
            .then_some(QueryCode(code))
    }

    /// The code as stored in the hash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as shown: `ABCD-EFGH-JKMN`.
    pub fn display(&self) -> String {
        let c = &self.0;
        format!("{}-{}-{}", &c[0..4], &c[4..8], &c[8..12])
    }
}

string_enum!(
    /// What the public sees of where a case stands: coarser than the internal states.
    PublicStage, "stage" {
        Received = "received", "已受理，等待处理", "received";
        Handling = "handling", "办理中", "being handled";
        Concluded = "concluded", "已办结", "concluded";
        NotAccepted = "not_accepted", "不予受理", "not accepted";
        Withdrawn = "withdrawn", "已撤回", "withdrawn";
        Merged = "merged", "已与同一事项的投诉合并办理", "handled together with an earlier complaint";
    }
);

impl PublicStage {
    pub fn of(state: State) -> Self {
        match state {
            State::Registered => PublicStage::Received,
            State::Dispatched | State::InProgress | State::ResultSubmitted | State::Returned => {
                PublicStage::Handling
            }
            State::Closed | State::Archived => PublicStage::Concluded,
            State::NotAccepted => PublicStage::NotAccepted,
            State::Withdrawn => PublicStage::Withdrawn,
            State::Merged => PublicStage::Merged,
        }
    }
}

string_enum!(
    /// The complainant's verdict on the handling, given once after closure.
    Satisfaction, "satisfaction" {
        Satisfied = "satisfied", "满意", "satisfied";
        BasicallySatisfied = "basically_satisfied", "基本满意", "basically satisfied";
        Dissatisfied = "dissatisfied", "不满意", "dissatisfied";
    }
);

/// The complainant's rating of a concluded case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub satisfaction: Satisfaction,
    pub comment: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Rating {
    /// A rating as typed, for a case in `state`: only a concluded case is rated.
    pub fn parse(
        state: State,
        satisfaction: Option<&str>,
        comment: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Self, Rejection> {
        if PublicStage::of(state) != PublicStage::Concluded {
            return Err(Rejection::NotYetConcluded);
        }
        Ok(Rating {
            satisfaction: Satisfaction::parse(satisfaction.unwrap_or(""))?,
            comment: TextRule::block("rating.comment", 500).optional(comment)?,
            at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r2_codes_read_back_however_typed() {
        let code = QueryCode::from_random(&[7; 16]);
        assert_eq!(code.as_str().len(), CODE_LEN);
        let shown = code.display();
        assert_eq!(QueryCode::parse(&shown), Some(code.clone()));
        assert_eq!(
            QueryCode::parse(&format!(" {} ", shown.to_lowercase())),
            Some(code.clone())
        );
        assert_eq!(
            QueryCode::parse("ABCD-EFGH-JKM0"),
            None,
            "0 is not a letter of codes"
        );
        assert_eq!(QueryCode::parse("ABCD"), None);
        assert_ne!(QueryCode::from_random(&[8; 16]), code);
        assert_eq!(format!("{code:?}"), "QueryCode(****)");
    }

    #[test]
    fn r2_a_rating_comes_after_closure_only() {
        let now = time::macros::datetime!(2026-03-02 09:00 UTC);
        assert_eq!(
            Rating::parse(State::InProgress, Some("satisfied"), None, now),
            Err(Rejection::NotYetConcluded)
        );
        let r = Rating::parse(State::Archived, Some("dissatisfied"), Some(" 太慢 "), now).unwrap();
        assert_eq!(r.comment.as_deref(), Some("太慢"));
        assert!(Rating::parse(State::Closed, Some("great"), None, now).is_err());
    }
}
