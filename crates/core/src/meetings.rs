//! Meetings and their rules (M1–M3): what `zhucun meeting|check meetings` and the 会议 page call.

use crate::error::{refused, Result};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::rules::{meetings as m_rules, Finding, Period};
use zhucun_domain::worklog::MeetingKind;
use zhucun_store::worklog::{self as wl, MeetingRow};
use zhucun_store::Store;
use crate::attendance::{calendar, month};

/// M1 for each ISO week whose Monday is in the month, M3 for the month, M2 for its half-year.
pub fn check_meetings(store: &Store, period: &str, today: NaiveDate) -> Result<Vec<Finding>> {
    check_meetings_with(store, period, today, &wl::rule_params(store.read())?)
}

/// [`check_meetings`] with the given parameters instead of the stored ones (what a change would do).
pub(crate) fn check_meetings_with(store: &Store, period: &str, today: NaiveDate, params: &zhucun_domain::rules::RuleParams) -> Result<Vec<Finding>> {
    let p = month(period)?;
    let (a, b) = p.range();
    let half = Period::half_of(a).range();
    // Members as assigned in the month; meetings over the half-year (for M2). No logs needed.
    let mut records = wl::team_records(store.read(), a, b)?;
    records.meetings = wl::meeting_records(store.read(), half.0.min(a), half.1.max(b + Days::new(6)))?;
    Ok(m_rules::check_month(&records, p, &calendar(store)?, params, today))
}

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct MeetingInput {
    pub kind: String,
    pub date: NaiveDate,
    pub topic: String,
    /// Who led it; for 党课 and 领学 the first secretary when not given.
    pub host_id: Option<String>,
    pub attendees: Vec<String>,
    pub minutes: String,
}

pub fn add_meeting(store: &mut Store, input: &MeetingInput, today: NaiveDate) -> Result<MeetingRow> {
    let kind = MeetingKind::parse(&input.kind)?;
    let topic = input.topic.trim();
    if topic.is_empty() {
        return Err(refused("meeting.topic", "请填写会议主题。"));
    }
    if input.date > today {
        return Err(refused("meeting.future", format!("{}还没到：会议开过之后再记录。如果今天确实是这一天，请检查电脑的日期设置。", zh(input.date))));
    }
    let all = zhucun_store::members::list_members(store.read())?;
    let mut team: Option<String> = None;
    let mut attendees = Vec::new();
    for a in input.attendees.iter().chain(input.host_id.iter()) {
        let m = all.iter().find(|m| &m.id == a).ok_or_else(|| refused("member.unknown", format!("没有编号为“{a}”的工作队员。")))?;
        let t = team_of_member(store, &m.id)?;
        if team.as_ref().is_some_and(|x| *x != t) {
            return Err(refused("meeting.teams", "参会的队员不属于同一个工作队。"));
        }
        team = Some(t);
        if input.attendees.contains(a) && !attendees.contains(a) {
            attendees.push(a.clone());
        }
    }
    let team = match team {
        Some(t) => t,
        None => only_team(store)?,
    };
    let host = match (&input.host_id, kind) {
        (Some(h), _) => Some(h.clone()),
        (None, MeetingKind::Lecture | MeetingKind::Study) => all
            .iter()
            .find(|m| m.role == "第一书记" && team_of_member(store, &m.id).is_ok_and(|t| t == team))
            .map(|m| m.id.clone()),
        _ => None,
    };
    let mut w = store.write()?;
    let id = wl::add_meeting(
        &mut w,
        &wl::MeetingInput { team_id: &team, kind, date: input.date, topic, host_id: host.as_deref(), attendees: &attendees, minutes: input.minutes.trim() },
    )?;
    w.commit()?;
    wl::meetings(store.read(), input.date, input.date)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| refused("meeting.lost", "会议保存后未能读回，请重试。"))
}

pub fn delete_meeting(store: &mut Store, id: &str) -> Result<()> {
    let mut w = store.write()?;
    wl::delete_meeting(&mut w, id)?;
    w.commit()?;
    Ok(())
}

pub fn meetings(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<MeetingRow>> {
    Ok(wl::meetings(store.read(), from, to)?)
}

fn team_of_member(store: &Store, member_id: &str) -> Result<String> {
    wl::team_of_member(store.read(), member_id)?.ok_or_else(|| refused("member.unknown", format!("没有编号为“{member_id}”的工作队员。")))
}

/// The laptop's team: the enrolled one, or the only team in the database.
fn only_team(store: &Store) -> Result<String> {
    if let Some(t) = zhucun_store::sync::device(store.read())?.team_id {
        return Ok(t);
    }
    match wl::team_ids(store.read())?.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(refused("team.none", "还没有工作队：请先添加队员。")),
        _ => Err(refused("team.many", "数据库中有多个工作队：请写明参会队员，以确定是哪个队的会议。")),
    }
}
