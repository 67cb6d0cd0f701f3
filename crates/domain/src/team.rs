//! 驻村工作队: a team in a village, its backing units and its members' assignments.

use crate::choice;
use crate::ids::{CadreId, DivisionId, MemberId, TeamId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice!(
    /// Role in the team.
    TeamRole {
        FirstSecretary = "第一书记",
        Leader = "队长",
        Member = "队员" | "工作队员",
    }
);

/// A work team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Team {
    pub id: TeamId,
    pub village_id: DivisionId,
    /// 后盾单位.
    pub backing_units: Vec<String>,
}

/// One assignment of a cadre to a team, from `from` until `to` (open when `None`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TeamMember {
    pub id: MemberId,
    pub team_id: TeamId,
    pub cadre_id: CadreId,
    pub role: TeamRole,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}
