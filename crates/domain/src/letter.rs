//! Letters (来信, R15–R19): the envelope, the cash and original documents enclosed in them and
//! their custody until they are returned by registered mail (R18), the excerpt for leaders and
//! their instructions (R15), and the notice that tells the writer where the letter went (R16).

use crate::calendar::arrangement::parse_date;
use crate::complaint::{Complaint, beijing_date};
use crate::ids::UserId;
use crate::rejection::{FieldProblem, Rejection};
use crate::staff::{Actor, Role, Units};
use crate::text::TextRule;
use crate::workflow::string_enum;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

string_enum!(
    /// R18: what a letter encloses.
    EnclosureKind, "enclosure.kind" {
        Cash = "cash", "现金", "cash";
        Document = "document", "原件", "original document";
    }
);

string_enum!(
    /// R18: where an enclosed item stands. Received → held → returned, or an exception recorded
    /// with who and why. Returned and exception are final.
    Custody, "custody" {
        Received = "received", "已登记", "received";
        Held = "held", "保管中", "held in custody";
        Returned = "returned", "已挂号退还", "returned by registered mail";
        Exception = "exception", "异常（已说明）", "exception (explained)";
    }
);

string_enum!(
    /// R15: why the office excerpts a letter for the leaders.
    ExcerptReason, "excerpt.reason" {
        ImportantProblem = "important_problem", "反映重要问题", "reports an important problem";
        ValuableSuggestion = "valuable_suggestion", "提出有价值的建议", "makes a valuable suggestion";
    }
);

/// The most items one letter may list.
pub const MAX_ENCLOSURES: usize = 50;

/// The envelope of a letter as it arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// The postmark, when legible.
    #[serde(with = "crate::serde_date::option", default)]
    pub postmark_date: Option<Date>,
    /// The sender's address on the envelope: where notices and returned items go.
    pub sender_address: String,
    #[serde(with = "crate::serde_date")]
    pub received_date: Date,
}

/// R18: one enclosed item, numbered from 1 in the order it was registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    pub no: u32,
    pub kind: EnclosureKind,
    /// Cash: the amount in fen (分) and the currency.
    pub amount_fen: Option<i64>,
    pub currency: Option<String>,
    /// A document: its kind (身份证, 房产证, …) and number.
    pub doc_kind: Option<String>,
    pub doc_number: Option<String>,
    pub description: Option<String>,
    pub custody: Custody,
    pub returned: Option<ReturnRecord>,
    pub exception: Option<CustodyException>,
}

/// R18: the return of an item by registered mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRecord {
    /// The registered-mail number (挂号信函号).
    pub mail_number: String,
    #[serde(with = "crate::serde_date")]
    pub date: Date,
    pub by: UserId,
    pub by_name: String,
}

/// R18: an item that could not be held or returned as it should, with who recorded it and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyException {
    pub why: String,
    pub by: UserId,
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Enclosure {
    /// Returned, or its exception explained: nothing more is owed for it.
    pub fn is_settled(&self) -> bool {
        matches!(self.custody, Custody::Returned | Custody::Exception)
    }

    /// The amount as written on a receipt: `1,234.50`.
    pub fn amount_text(&self) -> Option<String> {
        let fen = self.amount_fen?;
        let yuan = (fen / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        Some(format!("{grouped}.{:02}", fen % 100))
    }

    /// What the item is, in a few words: `现金 500.00 人民币`, `身份证 310…`.
    pub fn summary(&self) -> String {
        let pair: [Option<String>; 2] = match self.kind {
            EnclosureKind::Cash => [self.amount_text(), self.currency.clone()],
            EnclosureKind::Document => [self.doc_kind.clone(), self.doc_number.clone()],
        };
        let parts: Vec<String> = pair
            .into_iter()
            .flatten()
            .chain(self.description.clone())
            .collect();
        parts.join(" ")
    }
}

/// R15: the excerpt sent to chosen leaders, and what they instructed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excerpt {
    pub reason: ExcerptReason,
    pub text: String,
    pub leaders: Vec<Named>,
    pub by: UserId,
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(default)]
    pub instructions: Vec<Instruction>,
}

/// A member of staff by id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: UserId,
    pub name: String,
}

/// R15: a leader's instruction (批示) on an excerpted letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    pub leader: UserId,
    pub leader_name: String,
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// R16: the notice telling the writer where the letter was sent. Printed as a letter to the
/// envelope's address; queued as an SMS when the writer gave a phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriterNotice {
    pub no: u32,
    pub to_name: String,
    pub to_address: String,
    pub sms_to: Option<String>,
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Everything a letter carries beyond the handling form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub envelope: Envelope,
    #[serde(default)]
    pub enclosures: Vec<Enclosure>,
    pub excerpt: Option<Excerpt>,
    #[serde(default)]
    pub notices: Vec<WriterNotice>,
}

impl Letter {
    /// R18: items neither returned nor explained.
    pub fn outstanding(&self) -> usize {
        self.enclosures.iter().filter(|e| !e.is_settled()).count()
    }
}

/// The envelope and enclosures as typed when the letter is opened.
#[derive(Clone, Debug, Default)]
pub struct LetterInput {
    pub postmark_date: Option<String>,
    pub sender_address: Option<String>,
    pub received_date: Option<String>,
    pub enclosures: Vec<EnclosureInput>,
}

impl LetterInput {
    /// Whether anything was typed at all.
    pub fn is_empty(&self) -> bool {
        [
            &self.postmark_date,
            &self.sender_address,
            &self.received_date,
        ]
        .iter()
        .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
            && self.enclosures.is_empty()
    }
}

/// One enclosed item as typed.
#[derive(Clone, Debug, Default)]
pub struct EnclosureInput {
    pub kind: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub doc_kind: Option<String>,
    pub doc_number: Option<String>,
    pub description: Option<String>,
}

impl EnclosureInput {
    /// A row of the form left blank.
    pub fn is_blank(&self) -> bool {
        [
            &self.kind,
            &self.amount,
            &self.doc_kind,
            &self.doc_number,
            &self.description,
        ]
        .iter()
        .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

/// A step in an item's custody as typed.
#[derive(Clone, Debug, Default)]
pub struct CustodyInput {
    /// The item's number.
    pub item: Option<String>,
    /// `held`, `returned` or `exception`.
    pub step: Option<String>,
    pub mail_number: Option<String>,
    /// The day it was posted back (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub why: Option<String>,
}

/// R15: an excerpt as typed: why, what, and for which leaders.
#[derive(Clone, Debug, Default)]
pub struct ExcerptInput {
    pub reason: Option<String>,
    pub text: Option<String>,
    pub leaders: Vec<UserId>,
}

fn missing(field: &'static str) -> Rejection {
    Rejection::InvalidField {
        field,
        problem: FieldProblem::Missing,
    }
}

fn bad(field: &'static str) -> Rejection {
    Rejection::InvalidField {
        field,
        problem: FieldProblem::BadFormat,
    }
}

fn date(field: &'static str, value: Option<&str>) -> Result<Option<Date>, Rejection> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => parse_date(v).map(Some).ok_or(bad(field)),
    }
}

impl Letter {
    /// R15, R18: the envelope and the items found in it. The sender's address defaults to the
    /// writer's home address and the received day to today; it cannot be in the future, nor
    /// before the postmark.
    pub fn parse(
        input: &LetterInput,
        writer_address: Option<&str>,
        today: Date,
    ) -> Result<Self, Rejection> {
        let received_date = date("received_date", input.received_date.as_deref())?.unwrap_or(today);
        let postmark_date = date("postmark_date", input.postmark_date.as_deref())?;
        if received_date > today || postmark_date.is_some_and(|p| p > received_date) {
            return Err(Rejection::InvalidField {
                field: "received_date",
                problem: FieldProblem::UnknownValue,
            });
        }
        let sender_address = TextRule::line("sender_address", 200)
            .optional(input.sender_address.as_deref())?
            .or_else(|| writer_address.map(str::to_owned))
            .ok_or(missing("sender_address"))?;
        let mut letter = Letter {
            envelope: Envelope {
                postmark_date,
                sender_address,
                received_date,
            },
            enclosures: Vec::new(),
            excerpt: None,
            notices: Vec::new(),
        };
        for item in input.enclosures.iter().filter(|e| !e.is_blank()) {
            letter.add_enclosure(item)?;
        }
        Ok(letter)
    }

    /// R18: registers one more enclosed item, numbered after the others, as received.
    pub fn add_enclosure(&mut self, input: &EnclosureInput) -> Result<&Enclosure, Rejection> {
        if self.enclosures.len() >= MAX_ENCLOSURES {
            return Err(Rejection::InvalidField {
                field: "enclosures",
                problem: FieldProblem::TooLong {
                    max: MAX_ENCLOSURES,
                },
            });
        }
        let kind = EnclosureKind::parse(input.kind.as_deref().unwrap_or(""))?;
        let description =
            TextRule::line("enclosure.description", 200).optional(input.description.as_deref())?;
        let (amount_fen, currency, doc_kind, doc_number) = match kind {
            EnclosureKind::Cash => {
                let amount = input
                    .amount
                    .as_deref()
                    .filter(|a| !a.trim().is_empty())
                    .ok_or(missing("enclosure.amount"))?;
                let fen = parse_amount(amount).ok_or(bad("enclosure.amount"))?;
                let currency = TextRule::line("enclosure.currency", 20)
                    .optional(input.currency.as_deref())?
                    .unwrap_or_else(|| "人民币".to_owned());
                (Some(fen), Some(currency), None, None)
            }
            EnclosureKind::Document => {
                let doc_kind =
                    TextRule::line("enclosure.doc_kind", 50).required(input.doc_kind.as_deref())?;
                let doc_number = TextRule::line("enclosure.doc_number", 50)
                    .optional(input.doc_number.as_deref())?;
                (None, None, Some(doc_kind), doc_number)
            }
        };
        let no = self.enclosures.len() as u32 + 1;
        self.enclosures.push(Enclosure {
            no,
            kind,
            amount_fen,
            currency,
            doc_kind,
            doc_number,
            description,
            custody: Custody::Received,
            returned: None,
            exception: None,
        });
        Ok(&self.enclosures[self.enclosures.len() - 1])
    }

    /// R18: moves one item along its custody: into safekeeping, back to the writer by
    /// registered mail, or into an explained exception. Returned and exception are final.
    pub fn record_custody(
        &mut self,
        input: &CustodyInput,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Enclosure, Rejection> {
        let no: u32 = input
            .item
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or(missing("item"))?
            .parse()
            .map_err(|_| bad("item"))?;
        let received = self.envelope.received_date;
        let item =
            self.enclosures
                .iter_mut()
                .find(|e| e.no == no)
                .ok_or(Rejection::InvalidField {
                    field: "item",
                    problem: FieldProblem::UnknownValue,
                })?;
        let to = Custody::parse(input.step.as_deref().unwrap_or(""))?;
        let allowed = match to {
            Custody::Held => item.custody == Custody::Received,
            Custody::Returned | Custody::Exception => !item.is_settled(),
            Custody::Received => false,
        };
        if !allowed {
            return Err(Rejection::CustodyStepInvalid {
                from: item.custody,
                to,
            });
        }
        match to {
            Custody::Returned => {
                let mail_number =
                    TextRule::line("mail_number", 40).required(input.mail_number.as_deref())?;
                let day = date("date", input.date.as_deref())?.ok_or(missing("date"))?;
                if day < received || day > beijing_date(now) {
                    return Err(Rejection::InvalidField {
                        field: "date",
                        problem: FieldProblem::UnknownValue,
                    });
                }
                item.returned = Some(ReturnRecord {
                    mail_number,
                    date: day,
                    by: actor.id,
                    by_name: actor.name.clone(),
                });
            }
            Custody::Exception => {
                let why = TextRule::block("why", 1000).required(input.why.as_deref())?;
                item.exception = Some(CustodyException {
                    why,
                    by: actor.id,
                    by_name: actor.name.clone(),
                    at: now,
                });
            }
            Custody::Held | Custody::Received => {}
        }
        item.custody = to;
        Ok(item.clone())
    }

    /// R15: the excerpt for the chosen leaders (center leaders or overseeing leaders), once.
    pub fn excerpt(
        &mut self,
        input: &ExcerptInput,
        staff: &[Actor],
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Excerpt, Rejection> {
        if self.excerpt.is_some() {
            return Err(Rejection::ExcerptExists);
        }
        let reason = ExcerptReason::parse(input.reason.as_deref().unwrap_or(""))?;
        let text = TextRule::block("excerpt.text", 2000).required(input.text.as_deref())?;
        if input.leaders.is_empty() {
            return Err(missing("leaders"));
        }
        let mut leaders: Vec<Named> = Vec::new();
        for id in &input.leaders {
            let leader = staff
                .iter()
                .find(|s| s.id == *id)
                .filter(|s| s.role.is_leader() || s.role == Role::Overseer)
                .ok_or(Rejection::InvalidField {
                    field: "leaders",
                    problem: FieldProblem::UnknownValue,
                })?;
            if !leaders.iter().any(|l| l.id == leader.id) {
                leaders.push(Named {
                    id: leader.id,
                    name: leader.name.clone(),
                });
            }
        }
        let excerpt = Excerpt {
            reason,
            text,
            leaders,
            by: actor.id,
            by_name: actor.name.clone(),
            at: now,
            instructions: Vec::new(),
        };
        self.excerpt = Some(excerpt.clone());
        Ok(excerpt)
    }

    /// R15: a chosen leader's instruction on the excerpt.
    pub fn instruct(
        &mut self,
        text: Option<&str>,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Instruction, Rejection> {
        let excerpt = self
            .excerpt
            .as_mut()
            .filter(|e| e.leaders.iter().any(|l| l.id == actor.id))
            .ok_or(Rejection::NotExcerptedToYou)?;
        let instruction = Instruction {
            leader: actor.id,
            leader_name: actor.name.clone(),
            text: TextRule::block("instruction", 2000).required(text)?,
            at: now,
        };
        excerpt.instructions.push(instruction.clone());
        Ok(instruction)
    }

    /// Whether `actor` is one of the leaders the letter was excerpted for.
    pub fn excerpted_to(&self, actor: &Actor) -> bool {
        self.excerpt
            .as_ref()
            .is_some_and(|e| e.leaders.iter().any(|l| l.id == actor.id))
    }
}

/// R16: the notice to the writer of a letter just dispatched: where it went (lead and
/// co-handling units) and that the lead unit will answer.
pub fn writer_notice(
    complaint: &Complaint,
    units: &Units,
    now: OffsetDateTime,
) -> Option<WriterNotice> {
    let letter = complaint.letter.as_ref()?;
    let dispatch = complaint.dispatch.as_ref()?;
    let name = |id| units.get(id).map_or_else(String::new, |u| u.name.clone());
    let co: Vec<String> = dispatch.co_units.iter().map(|u| name(*u)).collect();
    let co = if co.is_empty() {
        String::new()
    } else {
        format!("，协办单位：{}", co.join("、"))
    };
    let received = letter.envelope.received_date;
    let text = format!(
        "{writer}：您好！您的来信（受理编号 {number}）已于{y}年{m}月{d}日收悉。根据有关规定，\
         此件已转{lead}办理{co}。办理结果将由承办单位答复您；您也可凭受理编号向本中心查询办理情况。特此告知。",
        writer = complaint.complainant.name,
        number = complaint.number,
        y = received.year(),
        m = u8::from(received.month()),
        d = received.day(),
        lead = name(dispatch.lead_unit),
    );
    Some(WriterNotice {
        no: letter.notices.len() as u32 + 1,
        to_name: complaint.complainant.name.clone(),
        to_address: letter.envelope.sender_address.clone(),
        sms_to: complaint.complainant.phone.clone(),
        text,
        at: now,
    })
}

/// `500`, `500.5`, `1,234.50` → fen. Positive, at most two decimals, below a trillion yuan.
fn parse_amount(raw: &str) -> Option<i64> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let (yuan, frac) = s.split_once('.').unwrap_or((s.as_str(), "0"));
    if frac.is_empty() || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fen = frac.parse::<i64>().ok()? * if frac.len() == 1 { 10 } else { 1 };
    if yuan.is_empty() || yuan.len() > 12 || !yuan.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let total = yuan.parse::<i64>().ok()? * 100 + fen;
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn clerk() -> Actor {
        Actor {
            id: UserId(uuid::Uuid::from_u128(1)),
            name: "李办公".into(),
            role: Role::Office,
            unit: crate::UnitId(uuid::Uuid::from_u128(2)),
        }
    }

    fn letter() -> Letter {
        Letter::parse(
            &LetterInput {
                postmark_date: Some("2026-03-02".into()),
                sender_address: None,
                received_date: Some("2026-03-04".into()),
                enclosures: vec![
                    EnclosureInput {
                        kind: Some("cash".into()),
                        amount: Some("1,500.5".into()),
                        ..Default::default()
                    },
                    EnclosureInput {
                        kind: Some("document".into()),
                        doc_kind: Some("身份证".into()),
                        doc_number: Some("310101195001011234".into()),
                        ..Default::default()
                    },
                    EnclosureInput::default(),
                ],
            },
            Some("幸福路88弄3号502室"),
            date!(2026 - 03 - 05),
        )
        .unwrap()
    }

    #[test]
    fn r18_enclosures_are_registered_item_by_item() {
        let l = letter();
        assert_eq!(l.envelope.sender_address, "幸福路88弄3号502室");
        assert_eq!(l.enclosures.len(), 2, "the blank row is not an item");
        assert_eq!(l.enclosures[0].amount_fen, Some(150_050));
        assert_eq!(l.enclosures[0].summary(), "1,500.50 人民币");
        assert_eq!(l.enclosures[1].no, 2);
        assert_eq!(l.outstanding(), 2);
    }

    #[test]
    fn r18_bad_items_and_dates_are_refused() {
        let mut l = letter();
        let cash = |amount: &str| EnclosureInput {
            kind: Some("cash".into()),
            amount: Some(amount.into()),
            ..Default::default()
        };
        for amount in ["0", "-5", "12.345", "abc", "1.2.3", ""] {
            assert!(l.add_enclosure(&cash(amount)).is_err(), "{amount}");
        }
        let doc = EnclosureInput {
            kind: Some("document".into()),
            ..Default::default()
        };
        assert!(l.add_enclosure(&doc).is_err(), "a document names its kind");
        let future = LetterInput {
            received_date: Some("2026-03-06".into()),
            ..Default::default()
        };
        assert!(Letter::parse(&future, Some("x"), date!(2026 - 03 - 05)).is_err());
        let no_address = LetterInput {
            received_date: Some("2026-03-05".into()),
            ..Default::default()
        };
        assert!(Letter::parse(&no_address, None, date!(2026 - 03 - 05)).is_err());
    }

    #[test]
    fn r18_custody_runs_forward_only() {
        let mut l = letter();
        let now = datetime!(2026-03-10 02:00 UTC);
        let step = |item: &str, step: &str| CustodyInput {
            item: Some(item.into()),
            step: Some(step.into()),
            ..Default::default()
        };
        l.record_custody(&step("1", "held"), &clerk(), now).unwrap();
        let returned = CustodyInput {
            mail_number: Some("XA123456789CN".into()),
            date: Some("2026-03-10".into()),
            ..step("1", "returned")
        };
        let item = l.record_custody(&returned, &clerk(), now).unwrap();
        assert_eq!(item.custody, Custody::Returned);
        assert_eq!(
            l.record_custody(&step("1", "held"), &clerk(), now),
            Err(Rejection::CustodyStepInvalid {
                from: Custody::Returned,
                to: Custody::Held
            })
        );
        assert!(
            l.record_custody(&step("2", "exception"), &clerk(), now)
                .is_err(),
            "an exception says why"
        );
        let why = CustodyInput {
            why: Some("信封内原件已破损，经写信人电话确认".into()),
            ..step("2", "exception")
        };
        l.record_custody(&why, &clerk(), now).unwrap();
        assert_eq!(l.outstanding(), 0);
        assert!(l.record_custody(&step("3", "held"), &clerk(), now).is_err());
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("500"), Some(50_000));
        assert_eq!(parse_amount("0.05"), Some(5));
        assert_eq!(parse_amount("1，000.10"), Some(100_010));
        assert_eq!(parse_amount("."), None);
    }
}
