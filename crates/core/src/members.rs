//! Team members: `zhucun member add|list`, and later the app's 设置 page.

use crate::error::{refused, CoreError, Result};
use chrono::NaiveDate;
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::team::TeamRole;
use zhucun_store::households::villages;
use zhucun_store::members::{self, MemberRow, NewMember};
use zhucun_store::sync as ss;
use zhucun_store::Store;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct MemberInput {
    pub name: String,
    pub role: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub phone: Option<String>,
    pub unit: Option<String>,
    /// Needed only on an unenrolled laptop with several villages.
    pub village_id: Option<String>,
}

pub fn add_member(store: &mut Store, input: &MemberInput) -> Result<String> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(CoreError::BadArgument { what: "姓名", value: input.name.clone() });
    }
    let role = TeamRole::parse(&input.role).map_err(|_| CoreError::BadArgument { what: "职务（第一书记、队长或队员）", value: input.role.clone() })?;
    if let Some(to) = input.to {
        if to < input.from {
            return Err(refused("member.dates", format!("离队日期不能早于驻村开始日期：离队{}，驻村开始{}。", zh(to), zh(input.from))));
        }
    }
    // The domain's own refusal (phone.bad), so the form shows it beside the phone.
    let phone = input.phone.as_deref().filter(|p| !p.trim().is_empty()).map(zhucun_domain::phone::normalize_phone).transpose()?;
    let me = ss::device(store.read())?;
    let village = match (&me.team_id, &input.village_id) {
        (Some(_), _) => None,
        (None, Some(v)) => Some(v.clone()),
        (None, None) => {
            let all = villages(store.read())?;
            match all.as_slice() {
                [one] => Some(one.id.clone()),
                [] => return Err(CoreError::BadArgument { what: "村（数据库中还没有村：请先导入花名册，或导入县里的登记文件）", value: String::new() }),
                _ => return Err(CoreError::BadArgument { what: "村（数据库中有多个村，请用 --village 指定）", value: String::new() }),
            }
        }
    };
    let mut w = store.write()?;
    let team = match (&me.team_id, village) {
        (Some(t), _) => t.clone(),
        (None, Some(v)) => members::team_of_village(&mut w, &v)?,
        (None, None) => unreachable!("a village was chosen above"),
    };
    let from = input.from.to_string();
    let to = input.to.map(|d| d.to_string());
    let id = members::add_member(
        &mut w,
        &NewMember {
            team_id: &team,
            name,
            role: role.label(),
            from_date: &from,
            to_date: to.as_deref(),
            phone: phone.as_deref(),
            unit: input.unit.as_deref(),
        },
    )?;
    w.commit()?;
    Ok(id)
}

pub fn list_members(store: &Store) -> Result<Vec<MemberRow>> {
    Ok(members::list_members(store.read())?)
}

/// A member of the team by id, or a clear refusal.
pub(crate) fn member(store: &Store, id: &str) -> Result<MemberRow> {
    zhucun_store::members::list_members(store.read())?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| refused("member.unknown", format!("没有编号为“{id}”的工作队员。队员编号可在“设置—工作队成员”或用 zhucun member list 查看。")))
}

/// Refuse a record for a day outside the member's assignment.
pub(crate) fn check_assigned(m: &MemberRow, d: NaiveDate) -> Result<()> {
    let from = NaiveDate::parse_from_str(&m.from_date, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    let to = m.to_date.as_deref().and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
    if d < from || to.is_some_and(|t| d > t) {
        let span = match to {
            Some(t) => format!("{}至{}", zh(from), zh(t)),
            None => format!("{}起", zh(from)),
        };
        return Err(refused("member.not_assigned", format!("{}的驻村时间是{span}，{}不在驻村期间。请核对日期，或在设置中修改驻村时间。", m.name, zh(d))));
    }
    Ok(())
}
