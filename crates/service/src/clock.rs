//! The one place that reads the time. The domain takes `now` as a parameter; tests and the demo
//! use a [`ManualClock`].

use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// A source of the current time, in UTC, to the microsecond (both databases keep microseconds).
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

fn to_micros(t: OffsetDateTime) -> OffsetDateTime {
    let micros = t.microsecond();
    t.replace_nanosecond(micros * 1000).unwrap_or(t)
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        to_micros(OffsetDateTime::now_utc())
    }
}

/// A clock that stands still until told to move.
#[derive(Debug)]
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(to_micros(at.to_offset(time::UtcOffset::UTC))))
    }

    pub fn set(&self, at: OffsetDateTime) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now = to_micros(at.to_offset(time::UtcOffset::UTC));
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    /// The set time, in UTC like the system clock: stored instants share one offset, so that
    /// SQLite (which keeps them as RFC 3339 text) compares them in time order.
    fn now(&self) -> OffsetDateTime {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .to_offset(time::UtcOffset::UTC)
    }
}
