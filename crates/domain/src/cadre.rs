//! 干部: team members and pairing cadres alike, and 结对帮扶 pairings with their history.

use crate::ids::{CadreId, HouseholdId, PairingId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A cadre: name, unit (后盾单位 or own unit) and phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Cadre {
    pub id: CadreId,
    pub name: String,
    pub unit: Option<String>,
    pub phone: Option<String>,
}

/// 结对帮扶关系: one cadre paired with one household from `start` until `end` (open when `None`).
/// A change of cadre ends one pairing and starts another, so the history stays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Pairing {
    pub id: PairingId,
    pub household_id: HouseholdId,
    pub cadre_id: CadreId,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Pairing {
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|e| day <= e)
    }
}
