//! The translation catalogue of the staff pages: one file per locale under `locales/` (the
//! `key = value` subset of Fluent, `{ $name }` for arguments), embedded in the binary. Simplified
//! Chinese is the default; English is selectable. Tests check that both locales have the same
//! keys and that every key a template uses exists.

use huixiang_domain::Lang;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::LazyLock;
use time::{Date, OffsetDateTime};

/// One locale's messages.
pub struct Catalogue(HashMap<&'static str, &'static str>);

impl Catalogue {
    /// Reads `key = value` lines; `#` starts a comment line.
    pub fn parse(text: &'static str) -> Self {
        let entries = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim(), v.trim()))
            .collect();
        Catalogue(entries)
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }
}

pub static ZH_CN: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::parse(include_str!("../locales/zh-CN.ftl")));
pub static EN: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::parse(include_str!("../locales/en.ftl")));

/// Something with a people-facing name in each language (the domain's enums).
pub trait Labelled {
    fn label_in(&self, lang: Lang) -> &'static str;
}

macro_rules! labelled {
    ($($t:ty),+) => {$(
        impl Labelled for $t {
            fn label_in(&self, lang: Lang) -> &'static str {
                self.label(lang)
            }
        }
    )+};
}
use huixiang_domain::calendar::deadline::{DeadlineRule, PeriodUnit};
use huixiang_domain::notice::NoticeLevel;
use huixiang_domain::recusal::ConflictKind;
use huixiang_domain::repeat::RepeatReason;
use huixiang_domain::{
    Action, Category, Channel, Criterion, Custody, Decision, EnclosureKind, ExcerptReason,
    FileType, PublicStage, Role, Satisfaction, SpecialKind, State, UnitKind,
};
use huixiang_service::Owed;
labelled!(
    Action,
    NoticeLevel,
    Owed,
    RepeatReason,
    SpecialKind,
    Custody,
    EnclosureKind,
    ExcerptReason,
    FileType,
    PublicStage,
    Satisfaction,
    Category,
    Channel,
    ConflictKind,
    Criterion,
    Decision,
    DeadlineRule,
    PeriodUnit,
    Role,
    State,
    UnitKind
);

impl<T: Labelled> Labelled for &T {
    fn label_in(&self, lang: Lang) -> &'static str {
        (**self).label_in(lang)
    }
}

/// A plain value however many references a template wraps it in.
pub trait Val<T: Copy> {
    fn val(&self) -> T;
}

impl<T: Copy> Val<T> for T {
    fn val(&self) -> T {
        *self
    }
}

impl<T: Copy> Val<T> for &T {
    fn val(&self) -> T {
        **self
    }
}

impl<T: Copy> Val<T> for &&T {
    fn val(&self) -> T {
        ***self
    }
}

/// The translator a page renders with.
#[derive(Clone, Copy, Debug)]
pub struct Tr(pub Lang);

impl Tr {
    fn catalogue(&self) -> &'static Catalogue {
        match self.0 {
            Lang::Zh => &ZH_CN,
            Lang::En => &EN,
        }
    }

    /// The message for `key`; a missing key shows as itself (and fails the catalogue tests).
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        self.catalogue().0.get(key).copied().unwrap_or(key)
    }

    /// The message for `key` with its one argument `{ $name }` filled in.
    pub fn fmt(&self, key: &str, name: &str, value: impl Display) -> String {
        self.get(key)
            .replace(&format!("{{ ${name} }}"), &value.to_string())
    }

    /// The `lang` attribute of the page.
    pub fn code(&self) -> &'static str {
        match self.0 {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn is_en(&self) -> bool {
        self.0 == Lang::En
    }

    pub fn label(&self, value: impl Labelled) -> &'static str {
        value.label_in(self.0)
    }

    /// The name of an input field, as in error messages.
    pub fn field(&self, field: &str) -> String {
        huixiang_domain::rejection::field_label(field, self.0).to_owned()
    }

    pub fn date(&self, date: impl Val<Date>) -> String {
        format_date(date.val())
    }

    /// An instant as a Beijing-time minute: `2026-11-28 14:05`.
    pub fn at(&self, at: impl Val<OffsetDateTime>) -> String {
        let b = at.val().to_offset(huixiang_domain::complaint::BEIJING);
        format!(
            "{} {:02}:{:02}",
            format_date(b.date()),
            b.hour(),
            b.minute()
        )
    }

    /// R9: working days left before the due date, or past it.
    pub fn days(&self, left: impl Val<i64>) -> String {
        let left = left.val();
        if left >= 0 {
            self.fmt("case.days_left", "n", left)
        } else {
            self.fmt("case.days_over", "n", -left)
        }
    }

    /// R9, R22: the rule a deadline came from, with the leader's own period when it is one.
    pub fn deadline(&self, d: &huixiang_domain::Deadline) -> String {
        let label = self.label(d.rule);
        if d.rule == DeadlineRule::LeaderLimit {
            format!("{label}（{}{}）", d.period.count, self.label(d.period.unit))
        } else {
            label.to_owned()
        }
    }

    /// The day of the week of `date`.
    pub fn weekday(&self, date: impl Val<Date>) -> &'static str {
        let n = date.val().weekday().number_days_from_monday() as usize;
        let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        match self.0 {
            Lang::Zh => zh[n],
            Lang::En => en[n],
        }
    }

    pub fn yes_no(&self, value: impl Val<bool>) -> &'static str {
        match (value.val(), self.0) {
            (true, Lang::Zh) => "是",
            (false, Lang::Zh) => "否",
            (true, Lang::En) => "yes",
            (false, Lang::En) => "no",
        }
    }
}

pub fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_locales_have_the_same_keys() {
        let zh: BTreeSet<_> = ZH_CN.keys().collect();
        let en: BTreeSet<_> = EN.keys().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "missing in en.ftl: {only_zh:?}");
        assert!(only_en.is_empty(), "missing in zh-CN.ftl: {only_en:?}");
        assert!(
            zh.len() > 100,
            "the catalogue looks truncated: {}",
            zh.len()
        );
    }

    /// Every `t.get("…")`/`t.fmt("…"` in a template or page module names a catalogue key.
    #[test]
    fn every_key_used_exists() {
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src/pages"),
        ];
        let mut used = BTreeSet::new();
        for dir in dirs {
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for marker in ["t.get(\"", "t.fmt(\""] {
                    for piece in text.split(marker).skip(1) {
                        used.insert(piece.split('"').next().unwrap().to_owned());
                    }
                }
            }
        }
        assert!(used.len() > 50, "found only {} keys", used.len());
        let missing: Vec<_> = used
            .iter()
            .filter(|k| !ZH_CN.0.contains_key(k.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }

    #[test]
    fn arguments_are_filled() {
        let t = Tr(Lang::Zh);
        assert_eq!(
            t.fmt("register.saved", "number", "2026-000001"),
            "登记成功，投诉编号 2026-000001。"
        );
        assert_eq!(Tr(Lang::En).get("no.such.key"), "no.such.key");
    }
}
