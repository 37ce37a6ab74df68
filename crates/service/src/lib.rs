//! Huixiang's use cases. Each one loads what it needs, lets the domain decide, and saves the new
//! state with its event in one transaction. Authorization is enforced here for every caller —
//! API, UI, CLI or job — by asking the domain's access rules.

mod attachments;
mod auth;
pub mod backup;
mod calendar;
mod clock;
mod complaints;
pub mod demo;
mod integrity;
mod metrics;
mod public;
mod records;
mod recusal;
mod registrar;
mod reminders;
mod repeats;
mod report;
pub mod scale;
mod search;
mod staff;
mod throttle;
mod web_sessions;
mod workbench;

pub use attachments::Upload;
pub use auth::{LoginInput, Session};
pub use calendar::{CalendarImportError, CalendarYear, DeadlinePreview};
pub use clock::{Clock, ManualClock, SystemClock};
pub use complaints::{CaseView, ComplaintList, EXPORT_MAX, ListQuery, Owed};
pub use huixiang_store::{Backend, Db, EventRecord};
pub use huixiang_store::{CaseRead, DeclaredConflict, OutboxMessage, OverdueRecord, ReminderSlip};
pub use integrity::{ChainBreak, ChainProblem, ChainReport, IntegrityReport};
pub use metrics::{Gauges, Metrics};
pub use public::{MAX_PUBLIC_FILES, OnlineSubmission, PORTAL_USERNAME, PublicCase, Receipt};
pub use records::{INCIDENTS_PER_PAGE, IncidentView, NOTICES_MAX, NoticeView};
pub use reminders::{OverdueReport, SweepReport};
pub use repeats::{REPEAT_SCAN_MAX, RepeatSuggestion};
pub use report::{Dashboard, Report, STATISTICS_REPORTS_MAX, StatisticsView, may_read_reports};
pub use search::{SNIPPET_CHARS, SearchHit, SearchResults};
pub use staff::{NewUserInput, UserChange, UserView};
pub use throttle::{LoginLimits, PublicLimits};
pub use web_sessions::{SessionUser, WebSession};
pub use workbench::{DUE_SOON_WORKING_DAYS, WORKBENCH_MAX, Workbench};

use huixiang_domain::{DeadlinePolicy, Rejection, UploadLimits};
use huixiang_store::StoreError;
use std::sync::Arc;
use std::time::Duration;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The policy or the input refuses it; nothing was changed.
    #[error(transparent)]
    Rejected(#[from] Rejection),
    /// Something broke below us (database, hashing). Logged with its cause; the user sees a
    /// generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        ServiceError::Internal(e.to_string())
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Settings of the service layer.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long an API token or a web session stays valid after login, at most.
    pub token_lifetime: Duration,
    /// A web session ends after this long without a request.
    pub session_idle: Duration,
    /// R9–R11, R19, R22: the deadline rules in force.
    pub deadlines: DeadlinePolicy,
    /// How long one instance keeps the deadline sweep to itself.
    pub sweep_lease: Duration,
    /// How many cases one transaction of the deadline sweep takes (see `run_deadline_sweep`).
    pub sweep_chunk: i64,
    /// How many matches a listing or search counts before it says "more than" (the count
    /// costs more than the page once there are many).
    pub count_cap: i64,
    /// Failed logins allowed per account and per address.
    pub login_limits: LoginLimits,
    /// Attachments: bytes per file and files per case.
    pub uploads: UploadLimits,
    /// R2: online submissions and wrong lookups allowed per address.
    pub public_limits: PublicLimits,
    /// R20: how far back registration looks for repeat complaints (12 months by default).
    pub repeat_window: time::Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            token_lifetime: Duration::from_secs(12 * 3600),
            session_idle: Duration::from_secs(60 * 60),
            deadlines: DeadlinePolicy::default(),
            sweep_lease: Duration::from_secs(300),
            sweep_chunk: 500,
            count_cap: huixiang_store::COUNT_CAP,
            login_limits: LoginLimits::default(),
            uploads: UploadLimits::default(),
            public_limits: PublicLimits::default(),
            repeat_window: time::Duration::days(365),
        }
    }
}

/// The use cases, over one database and one clock. Cheap to clone.
#[derive(Clone)]
pub struct Service {
    db: Db,
    clock: Arc<dyn Clock>,
    settings: Settings,
    metrics: Arc<Metrics>,
    registrar: registrar::Registrar,
}

impl Service {
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        Self {
            db,
            clock,
            settings,
            metrics: Arc::default(),
            registrar: registrar::Registrar::default(),
        }
    }

    /// The current instant by the service's clock (pages show dates relative to it).
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn health(&self) -> Result<()> {
        Ok(self.db.ping().await?)
    }
}
