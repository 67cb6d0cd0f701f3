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

choice!(
    /// 性别 of a team member, as the 人员信息台账 writes it.
    MemberSex {
        Male = "男" | "男性",
        Female = "女" | "女性",
    }
);

choice!(
    /// 政治面貌 of a team member (the closed list of the 人员信息台账).
    Politics {
        PartyMember = "中共党员" | "党员" | "中国共产党党员",
        Probationary = "中共预备党员" | "预备党员",
        League = "共青团员" | "团员",
        Democratic = "民主党派" | "民主党派成员",
        Masses = "群众",
    }
);

/// 出生年月 as `YYYY-MM`: accepts 1985-03, 1985-3, 1985.3, 1985/03, 1985年3月 and 198503. A year
/// outside 1900–2100 or a month outside 1–12 is refused (`DomainError::Date`).
pub fn parse_birth_month(text: &str) -> Result<String, crate::DomainError> {
    let t = text.trim();
    let bad = || crate::DomainError::Date { value: text.to_string() };
    let (y, m) = if let Some(rest) = t.strip_suffix('月') {
        rest.split_once('年').ok_or_else(bad)?
    } else if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        (&t[..4], &t[4..])
    } else {
        t.split_once(['-', '/', '.']).ok_or_else(bad)?
    };
    let num = |s: &str, max_len: usize| -> Result<u32, crate::DomainError> {
        let s = s.trim();
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (y, m) = (num(y, 4)?, num(m, 2)?);
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) {
        return Err(bad());
    }
    Ok(format!("{y:04}-{m:02}"))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_details_are_closed_lists_and_a_month() {
        assert_eq!(MemberSex::parse("女").unwrap().label(), "女");
        assert!(MemberSex::parse("未知").is_err());
        assert_eq!(Politics::parse("党员").unwrap(), Politics::PartyMember);
        assert_eq!(Politics::parse("预备党员").unwrap().label(), "中共预备党员");
        assert_eq!(Politics::parse("群众").unwrap().label(), "群众");
        assert_eq!(Politics::allowed(), "中共党员、中共预备党员、共青团员、民主党派、群众");
        assert!(matches!(Politics::parse("无党派"), Err(crate::DomainError::Choice { .. })));
        for t in ["1985-03", "1985-3", "1985.3", "1985/03", "1985年3月", "198503", " 1985年03月 "] {
            assert_eq!(parse_birth_month(t).unwrap(), "1985-03", "{t}");
        }
        for t in ["1985-13", "1985-00", "85-03", "1985", "1985-03-01", "abcd-ef", ""] {
            assert!(parse_birth_month(t).is_err(), "{t}");
        }
    }
}
