//! Dates as `YYYY-MM-DD` in stored JSON and the API (time's own serde form is a tuple).

use serde::{Deserialize, Deserializer, Serializer};
use time::Date;

pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = String::deserialize(d)?;
    crate::calendar::arrangement::parse_date(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("not a date YYYY-MM-DD: {text}")))
}

/// The same for `Option<Date>`.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|t| {
            crate::calendar::arrangement::parse_date(&t)
                .ok_or_else(|| serde::de::Error::custom(format!("not a date YYYY-MM-DD: {t}")))
        })
        .transpose()
    }
}
