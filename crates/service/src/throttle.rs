//! Limits on failed logins, per account and per address, kept in the database so that every
//! app instance counts the same failures.

use huixiang_store::ThrottleState;
use std::time::Duration;
use time::OffsetDateTime;

/// How many failures earn a lock, within which window, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failures for one username before it is locked.
    pub per_account: i64,
    /// Failures from one address (any usernames) before it is locked.
    pub per_address: i64,
    pub window: Duration,
    pub lockout: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 30,
            window: Duration::from_secs(15 * 60),
            lockout: Duration::from_secs(15 * 60),
        }
    }
}

/// A throttled key and the failures it may have.
pub(crate) struct Key {
    pub name: String,
    pub limit: i64,
}

impl LoginLimits {
    /// The keys a login counts against: the username (known or not, so both answer alike)
    /// and, when known, the address it came from.
    pub(crate) fn keys(&self, username: &str, address: Option<&str>) -> Vec<Key> {
        let mut keys = vec![Key {
            name: format!("account:{}", username.trim().to_lowercase()),
            limit: self.per_account,
        }];
        if let Some(address) = address.filter(|a| !a.is_empty() && a.len() <= 64) {
            keys.push(Key {
                name: format!("address:{address}"),
                limit: self.per_address,
            });
        }
        keys
    }

    /// The state after one more failure at `now`: a window that ran out starts again; the
    /// failure that reaches the limit earns the lock.
    pub(crate) fn after_failure(
        &self,
        s: &ThrottleState,
        limit: i64,
        now: OffsetDateTime,
    ) -> ThrottleState {
        step(self.window, self.lockout, s, limit, now)
    }
}

/// One more counted event on a key: a window that ran out starts again; the event that reaches
/// `limit` within `window` locks the key for `lockout`.
pub(crate) fn step(
    window: Duration,
    lockout: Duration,
    s: &ThrottleState,
    limit: i64,
    now: OffsetDateTime,
) -> ThrottleState {
    let (failures, window_start) = if now - s.window_start >= window {
        (1, now)
    } else {
        (s.failures + 1, s.window_start)
    };
    if failures >= limit {
        // Locked; the count starts again for when the lock ends.
        ThrottleState {
            failures: 0,
            window_start: now,
            locked_until: Some(now + lockout),
        }
    } else {
        ThrottleState {
            failures,
            window_start,
            locked_until: s.locked_until.filter(|until| *until > now),
        }
    }
}

/// R2: what the public may do from one address: submissions, and wrong number/code pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicLimits {
    /// Online complaints from one address within the window before it must wait.
    pub submissions: i64,
    /// Wrong lookups (number and code not matching) from one address within the window.
    pub lookup_failures: i64,
    pub window: Duration,
    pub lockout: Duration,
}

impl Default for PublicLimits {
    fn default() -> Self {
        Self {
            submissions: 5,
            lookup_failures: 10,
            window: Duration::from_secs(60 * 60),
            lockout: Duration::from_secs(30 * 60),
        }
    }
}

/// Whole minutes (rounded up) until `until`.
pub(crate) fn minutes_until(until: OffsetDateTime, now: OffsetDateTime) -> i64 {
    let seconds = (until - now).whole_seconds().max(0);
    (seconds + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn fresh(at: OffsetDateTime) -> ThrottleState {
        ThrottleState {
            failures: 0,
            window_start: at,
            locked_until: None,
        }
    }

    #[test]
    fn the_fifth_failure_in_the_window_locks_for_fifteen_minutes() {
        let limits = LoginLimits::default();
        let t0 = datetime!(2026-03-02 09:00 UTC);
        let mut s = fresh(t0);
        for minute in 0..4 {
            s = limits.after_failure(&s, 5, t0 + time::Duration::minutes(minute));
            assert_eq!(s.locked_until, None);
        }
        s = limits.after_failure(&s, 5, t0 + time::Duration::minutes(4));
        assert_eq!(s.locked_until, Some(datetime!(2026-03-02 09:19 UTC)));
        assert_eq!(s.failures, 0, "the count starts again once locked");
        assert_eq!(
            minutes_until(
                datetime!(2026-03-02 09:19 UTC),
                t0 + time::Duration::minutes(4)
            ),
            15
        );
    }

    #[test]
    fn failures_spread_beyond_the_window_never_lock() {
        let limits = LoginLimits::default();
        let t0 = datetime!(2026-03-02 09:00 UTC);
        let mut s = fresh(t0);
        for step in 0..20 {
            s = limits.after_failure(&s, 5, t0 + time::Duration::minutes(4 * step));
            assert_eq!(s.locked_until, None, "step {step}");
        }
    }

    #[test]
    fn keys_name_the_account_case_blind_and_the_address() {
        let keys = LoginLimits::default().keys(" Clerk ", Some("127.0.0.1"));
        let names: Vec<_> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["account:clerk", "address:127.0.0.1"]);
        assert_eq!(LoginLimits::default().keys("clerk", None).len(), 1);
    }
}
