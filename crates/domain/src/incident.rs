//! R26: incidents (现场突发情况). A visitor who makes trouble after being received, disrupts the
//! office or behaves dangerously: the center office records what happened, the measures taken,
//! which leaders it reported to and the police contact, linked to the visitor's complaints.
//! Records are kept, never changed or removed.

use crate::complaint::BEIJING;
use crate::handling::Recorded;
use crate::ids::{ComplaintId, UserId};
use crate::letter::Named;
use crate::privacy::{mask_name, mask_number, mask_phone};
use crate::rejection::{FieldProblem, Rejection};
use crate::staff::{Actor, Role};
use crate::text::{self, TextRule};
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime};

/// The person concerned, as far as known (personal data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    /// Anything else that identifies them (appearance, who came with them).
    pub description: Option<String>,
}

/// The police station contacted, the officer, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceContact {
    pub station: String,
    pub officer: String,
    #[serde(with = "time::serde::rfc3339")]
    pub contacted_at: OffsetDateTime,
}

/// A complaint an incident is linked to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRef {
    pub id: ComplaintId,
    pub number: String,
}

/// R26: one incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub place: Option<String>,
    pub person: Person,
    pub what_happened: String,
    pub measures: String,
    pub leaders_informed: Vec<Named>,
    pub police: Option<PoliceContact>,
    pub cases: Vec<CaseRef>,
    pub recorded: Recorded,
}

/// An incident as typed. Times are Beijing time, `YYYY-MM-DDTHH:MM` (a browser's
/// `datetime-local`) or with seconds.
#[derive(Clone, Debug, Default)]
pub struct IncidentInput {
    pub occurred_at: Option<String>,
    pub place: Option<String>,
    pub person_name: Option<String>,
    pub person_phone: Option<String>,
    pub person_id_number: Option<String>,
    pub person_description: Option<String>,
    pub what_happened: Option<String>,
    pub measures: Option<String>,
    pub leaders_informed: Vec<UserId>,
    pub police_contacted: Option<bool>,
    pub police_station: Option<String>,
    pub police_officer: Option<String>,
    pub police_contacted_at: Option<String>,
}

fn invalid(field: &'static str, problem: FieldProblem) -> Rejection {
    Rejection::InvalidField { field, problem }
}

/// A Beijing-time moment as typed, which must not lie in the future.
pub fn past_moment(
    field: &'static str,
    value: Option<&str>,
    now: OffsetDateTime,
) -> Result<OffsetDateTime, Rejection> {
    let value = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| invalid(field, FieldProblem::Missing))?;
    let short = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let long = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let local = PrimitiveDateTime::parse(value, short)
        .or_else(|_| PrimitiveDateTime::parse(value, long))
        .or_else(|_| PrimitiveDateTime::parse(&value.replacen(' ', "T", 1), short))
        .map_err(|_| invalid(field, FieldProblem::BadFormat))?;
    let at = local.assume_offset(BEIJING).to_offset(time::UtcOffset::UTC);
    // A minute's grace for clocks a little apart.
    if at > now + time::Duration::minutes(1) {
        return Err(Rejection::DateInFuture { field });
    }
    Ok(at)
}

impl Incident {
    /// An incident as typed; `staff` names the leaders informed, `cases` are the linked
    /// complaints the caller found by number.
    pub fn parse(
        input: &IncidentInput,
        staff: &[Actor],
        cases: Vec<CaseRef>,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Self, Rejection> {
        let occurred_at = past_moment("occurred_at", input.occurred_at.as_deref(), now)?;
        let person = Person {
            name: TextRule::line("person.name", 50).required(input.person_name.as_deref())?,
            phone: text::phone("person.phone", input.person_phone.as_deref())?,
            id_number: text::id_number("person.id_number", input.person_id_number.as_deref())?,
            description: TextRule::block("person.description", 500)
                .optional(input.person_description.as_deref())?,
        };
        let mut leaders: Vec<Named> = Vec::new();
        for id in &input.leaders_informed {
            let leader = staff
                .iter()
                .find(|s| s.id == *id && (s.role.is_leader() || s.role == Role::Overseer))
                .ok_or_else(|| invalid("leaders_informed", FieldProblem::UnknownValue))?;
            if !leaders.iter().any(|l| l.id == leader.id) {
                leaders.push(Named {
                    id: leader.id,
                    name: leader.name.clone(),
                });
            }
        }
        // R26: the office reports to the leaders.
        if leaders.is_empty() {
            return Err(invalid("leaders_informed", FieldProblem::Missing));
        }
        let police = match input.police_contacted {
            None => return Err(invalid("police_contacted", FieldProblem::Missing)),
            Some(false) => None,
            Some(true) => {
                let contacted_at = past_moment(
                    "police.contacted_at",
                    input.police_contacted_at.as_deref(),
                    now,
                )?;
                if contacted_at < occurred_at {
                    return Err(invalid("police.contacted_at", FieldProblem::UnknownValue));
                }
                Some(PoliceContact {
                    station: TextRule::line("police.station", 100)
                        .required(input.police_station.as_deref())?,
                    officer: TextRule::line("police.officer", 50)
                        .required(input.police_officer.as_deref())?,
                    contacted_at,
                })
            }
        };
        Ok(Incident {
            occurred_at,
            place: TextRule::line("place", 100).optional(input.place.as_deref())?,
            person,
            what_happened: TextRule::block("what_happened", 5000)
                .required(input.what_happened.as_deref())?,
            measures: TextRule::block("measures", 2000).required(input.measures.as_deref())?,
            leaders_informed: leaders,
            police,
            cases,
            recorded: Recorded::now(actor, now),
        })
    }

    /// R26: the center office records incidents.
    pub fn may_record(actor: &Actor) -> Result<(), Rejection> {
        if actor.role == Role::Office {
            Ok(())
        } else {
            Err(Rejection::NotPermitted)
        }
    }

    /// Who reads incidents: the window (to know a visitor), the office, the leaders and the
    /// overseeing leader.
    pub fn may_read(actor: &Actor) -> bool {
        matches!(
            actor.role,
            Role::Clerk | Role::Office | Role::Leader | Role::Director | Role::Overseer
        )
    }

    /// The incident as `actor` may see it: the overseeing leader sees the person masked.
    pub fn for_reader(mut self, actor: &Actor) -> Self {
        if actor.role == Role::Overseer {
            self.person = Person {
                name: mask_name(&self.person.name),
                phone: self.person.phone.as_deref().map(mask_phone),
                id_number: self.person.id_number.as_deref().map(mask_number),
                description: self.person.description.map(|_| "****".into()),
            };
        }
        self
    }
}
