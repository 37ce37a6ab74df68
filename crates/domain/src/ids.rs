//! Identifiers. Every key is a UUIDv7 made by the service layer (which owns the clock), so keys
//! sort by creation time on both databases.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// A complaint (投诉).
    ComplaintId
);
id_type!(
    /// A unit: the center, one of its sections, or an outside body (承办单位, 上级机关).
    UnitId
);
id_type!(
    /// A member of staff with a login.
    UserId
);
id_type!(
    /// One entry of a complaint's event history.
    EventId
);
