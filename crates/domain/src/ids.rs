//! Typed identifiers. Every row has a UUIDv7 id (time-ordered, so ids made on different laptops never
//! collide and still sort roughly by creation); the newtypes keep a `PersonId` from being passed where a
//! `HouseholdId` is wanted.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
        #[serde(transparent)]
        #[ts(type = "string")]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// An id from fixed bytes: for deterministic generators and tests.
            pub fn from_u128(v: u128) -> Self {
                Self(Uuid::from_u128(v))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| crate::DomainError::BadId { value: s.to_string() })
            }
        }
    };
}

id_type!(
    /// 行政区划 (county, township, village or group).
    DivisionId
);
id_type!(
    /// 农户.
    HouseholdId
);
id_type!(
    /// 家庭成员.
    PersonId
);
id_type!(
    /// 干部 (team members and pairing cadres alike).
    CadreId
);
id_type!(
    /// 结对帮扶关系.
    PairingId
);
id_type!(
    /// 驻村工作队.
    TeamId
);
id_type!(
    /// 工作队员的一段任职.
    MemberId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = HouseholdId::new();
        let back: HouseholdId = id.to_string().parse().expect("own text parses");
        assert_eq!(id, back, "an id must survive being written as text and read back");
    }

    #[test]
    fn bad_id_text_is_a_typed_error() {
        let err = "not-an-id".parse::<PersonId>().unwrap_err();
        assert_eq!(err.code(), "id.bad", "callers match on the stable code, not the sentence");
    }

    #[test]
    fn new_ids_sort_by_creation() {
        let a = PersonId::new();
        let b = PersonId::new();
        assert!(a < b, "UUIDv7 ids made later sort later");
    }
}
