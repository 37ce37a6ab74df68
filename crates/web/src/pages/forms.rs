//! Posted forms as people typed them: kept whole so a refused form shows again with every value,
//! and read field by field into the core's input types.

use huixiang_domain::{Lang, Rejection};

/// The fields of a posted form (`application/x-www-form-urlencoded`), in order; a name may
/// repeat (checkbox lists).
#[derive(Clone, Debug, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// The first value of `name`, if given and not blank.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.trim().is_empty())
    }

    /// What to show back in the input `name` (empty when not given).
    pub fn value(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether `name` was posted with `value` (a ticked box, a chosen option).
    pub fn has(&self, name: &str, value: impl AsRef<str>) -> bool {
        let value = value.as_ref();
        self.0.iter().any(|(k, v)| k == name && v == value)
    }

    /// [`Self::has`] for the input named `prefix` + `code` (one per criterion, say).
    pub fn has_in(&self, prefix: &str, code: &str, value: &str) -> bool {
        self.has(&format!("{prefix}{code}"), value)
    }

    /// [`Self::value`] for the input named `prefix` + `code`.
    pub fn value_in(&self, prefix: &str, code: &str) -> String {
        self.value(&format!("{prefix}{code}")).to_owned()
    }

    /// A yes/no choice: `true`/`yes`/`on` or `false`/`no`; anything else is not given.
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name)?.as_str() {
            "true" | "yes" | "on" | "1" => Some(true),
            "false" | "no" | "off" | "0" => Some(false),
            _ => None,
        }
    }

    /// The id chosen in input `name` (a select's value), if any; a value that is not an id is
    /// refused for that input.
    pub fn id(&self, name: &'static str) -> Result<Option<uuid::Uuid>, Rejection> {
        self.get(name).map(|v| parse_id(&v, name)).transpose()
    }

    /// Every id chosen in input `name` (a checkbox list).
    pub fn ids(&self, name: &'static str) -> Result<Vec<uuid::Uuid>, Rejection> {
        self.all(name).iter().map(|v| parse_id(v, name)).collect()
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_owned(), value.into()));
    }
}

fn parse_id(value: &str, field: &'static str) -> Result<uuid::Uuid, Rejection> {
    value.trim().parse().map_err(|_| Rejection::InvalidField {
        field,
        problem: huixiang_domain::FieldProblem::BadFormat,
    })
}

/// A refusal to show beside the form: the message and, when it concerns one input, its name.
#[derive(Clone, Debug, Default)]
pub struct FormError {
    pub field: Option<String>,
    pub message: String,
}

impl FormError {
    pub fn new(rejection: &Rejection, lang: Lang) -> Self {
        FormError {
            field: rejection.field().map(str::to_owned),
            message: rejection.message(lang),
        }
    }

    /// Whether the error concerns input `field`.
    pub fn is(&self, field: &str) -> bool {
        self.field.as_deref() == Some(field)
    }

    /// Whether the error concerns no input shown (it goes above the form).
    pub fn is_general(&self, shown: &[&str]) -> bool {
        !shown.iter().any(|f| self.is(f))
    }
}

/// Percent-encodes a value for a query string (a path keeps its slashes).
pub fn encode(value: &str) -> String {
    percent_encode(value, b"/")
}

/// Percent-encodes every byte but unreserved ASCII (RFC 8187 `filename*`).
pub fn encode_component(value: &str) -> String {
    percent_encode(value, b"")
}

fn percent_encode(value: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || keep.contains(&b)
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_flags() {
        let f = FormData(vec![
            ("a".into(), " ".into()),
            ("b".into(), "x".into()),
            ("c".into(), "1".into()),
            ("c".into(), "2".into()),
            ("ok".into(), "yes".into()),
        ]);
        assert_eq!(f.get("a"), None);
        assert_eq!(f.value("a"), " ");
        assert_eq!(f.get("b").as_deref(), Some("x"));
        assert_eq!(f.all("c"), vec!["1", "2"]);
        assert!(f.has("c", "2"));
        assert_eq!(f.flag("ok"), Some(true));
        assert_eq!(f.flag("b"), None);
        assert_eq!(f.id("a"), Ok(None));
        assert!(f.id("b").is_err());
        assert_eq!(
            encode("/complaints/1?x=中"),
            "/complaints/1%3Fx%3D%E4%B8%AD"
        );
    }
}
