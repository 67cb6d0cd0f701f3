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
use crate::corrections::{diff, update_traced, Correction, Trace};
use std::collections::HashMap;
use zhucun_store::corrections::CorrectionChange;
use zhucun_store::Table;

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
    /// 地点 (村部会议室、某某组屋场 …).
    #[serde(default)]
    pub place: String,
    /// Who led it (主持人), a team member; for 党课 and 领学 the first secretary when not given.
    pub host_id: Option<String>,
    /// The team members who took part.
    pub attendees: Vec<String>,
    /// Who took part besides the team (村两委、群众代表 …): names or a description.
    #[serde(default)]
    pub others: String,
    /// How many took part besides the team, when known.
    #[serde(default)]
    pub others_count: Option<i64>,
    /// 会议记录: a 周例会 counts for M1 only with at least `meeting.weekly_min_minutes_chars` characters.
    pub minutes: String,
}

const PLACE_MAX: usize = 50;
const OTHERS_MAX: usize = 200;
const OTHERS_COUNT_MAX: i64 = 9999;
const MINUTES_MAX: usize = 5000;
/// 会议主题, as the form bounds it.
const TOPIC_MAX: usize = 100;

/// A meeting as it will be written: checked, trimmed, its team and host known.
struct Checked {
    kind: MeetingKind,
    team: String,
    topic: String,
    place: String,
    host: Option<String>,
    attendees: Vec<String>,
    others: String,
    others_count: Option<i64>,
    minutes: String,
}

impl Checked {
    fn input(&self, date: NaiveDate) -> wl::MeetingInput<'_> {
        wl::MeetingInput {
            team_id: &self.team,
            kind: self.kind,
            date,
            topic: &self.topic,
            place: &self.place,
            host_id: self.host.as_deref(),
            attendees: &self.attendees,
            others: &self.others,
            others_count: self.others_count,
            minutes: &self.minutes,
        }
    }
}

/// What adding and editing both check. `team` is the meeting's team when it is known (an edit).
fn check(store: &Store, input: &MeetingInput, today: NaiveDate, team: Option<&str>) -> Result<Checked> {
    let kind = MeetingKind::parse(&input.kind)?;
    let topic = input.topic.trim();
    if topic.is_empty() {
        return Err(refused("meeting.topic", "请填写会议主题。"));
    }
    if topic.chars().count() > TOPIC_MAX {
        return Err(refused("meeting.topic", format!("会议主题写得太长了：请不超过{TOPIC_MAX}个字，详细内容写在会议记录里。")));
    }
    if input.date > today {
        return Err(refused("meeting.future", format!("{}还没到：会议开过之后再记录。如果今天确实是这一天，请检查电脑的日期设置。", zh(input.date))));
    }
    let place = input.place.trim();
    if place.chars().count() > PLACE_MAX {
        return Err(refused("meeting.place", format!("地点写得太长了：请不超过{PLACE_MAX}个字，如“村部会议室”。")));
    }
    let others = input.others.trim();
    if others.chars().count() > OTHERS_MAX {
        return Err(refused("meeting.others", format!("其他参会人员写得太长了：请不超过{OTHERS_MAX}个字；人多时写类别和人数，如“村两委5人、群众代表12人”。")));
    }
    if let Some(n) = input.others_count {
        if !(0..=OTHERS_COUNT_MAX).contains(&n) {
            return Err(refused("meeting.others_count", format!("其他参会人数应为0到{OTHERS_COUNT_MAX}之间的整数（收到的是{n}）。")));
        }
    }
    let minutes = input.minutes.trim();
    if minutes.chars().count() > MINUTES_MAX {
        return Err(refused("meeting.minutes", format!("会议记录太长了：请不超过{MINUTES_MAX}个字，详细材料可另附。")));
    }
    let all = zhucun_store::members::list_members(store.read())?;
    let mut found: Option<String> = team.map(String::from);
    let mut attendees = Vec::new();
    for a in input.attendees.iter().chain(input.host_id.iter()) {
        let m = all.iter().find(|m| &m.id == a).ok_or_else(|| refused("member.unknown", format!("没有编号为“{a}”的工作队员。")))?;
        let t = team_of_member(store, &m.id)?;
        if found.as_ref().is_some_and(|x| *x != t) {
            return Err(refused("meeting.teams", "参会的队员不属于同一个工作队。"));
        }
        found = Some(t);
        if input.attendees.contains(a) && !attendees.contains(a) {
            attendees.push(a.clone());
        }
    }
    let team = match found {
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
    Ok(Checked {
        kind,
        team,
        topic: topic.to_string(),
        place: place.to_string(),
        host,
        attendees,
        others: others.to_string(),
        others_count: input.others_count,
        minutes: minutes.to_string(),
    })
}

pub fn add_meeting(store: &mut Store, input: &MeetingInput, today: NaiveDate) -> Result<MeetingRow> {
    let c = check(store, input, today, None)?;
    let mut w = store.write()?;
    let id = wl::add_meeting(&mut w, &c.input(input.date))?;
    w.commit()?;
    read_back(store, &id)
}

fn read_back(store: &Store, id: &str) -> Result<MeetingRow> {
    wl::meeting(store.read(), id)?.ok_or_else(|| refused("meeting.lost", "会议保存后未能读回，请重试。"))
}

/// A meeting to correct: it exists and is not voided.
fn correctable(store: &Store, id: &str) -> Result<MeetingRow> {
    let row = meeting(store, id)?;
    if let Some(on) = &row.voided_on {
        return Err(refused("meeting.voided", format!("这次会议已于{}作废，不能再修改或作废。", date_zh(on))));
    }
    Ok(row)
}

fn date_zh(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_string(), zh)
}

/// The Chinese name of a meeting's column, as 修改记录 shows it.
pub fn field_label(column: &str) -> String {
    match column {
        "kind" => "类型",
        "date" => "日期",
        "topic" => "主题",
        "place" => "地点",
        "host_id" => "主持人",
        "attendees" => "参会队员",
        "others" => "其他参会人员",
        "others_count" => "其他参会人数",
        "minutes" => "会议记录",
        "voided_on" => "作废日期",
        other => other,
    }
    .to_string()
}

/// Correct a meeting: checked as a new one is (a date not yet come refused, a topic required …), only
/// the fields that change written, and one 修改记录 naming who, why, and each field before and after
/// (the host and attendees by name). Nothing changed: nothing written, no trace.
pub fn update_meeting(store: &mut Store, id: &str, input: &MeetingInput, trace: &Trace, today: NaiveDate) -> Result<MeetingRow> {
    let by = trace.by()?;
    let before = correctable(store, id)?;
    let c = check(store, input, today, Some(&before.team_id))?;
    let names: HashMap<String, String> = zhucun_store::members::list_members(store.read())?.into_iter().map(|m| (m.id, m.name)).collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| "（已移除的队员）".into());
    let names_of = |ids: &[String]| -> Option<String> {
        let s = ids.iter().map(|i| name(i)).collect::<Vec<_>>().join("、");
        (!s.is_empty()).then_some(s)
    };
    let new = c.input(input.date);
    let (people, mut rest): (Vec<_>, Vec<_>) = new.fields().into_iter().partition(|(col, _)| matches!(*col, "host_id" | "attendees"));
    // A kind stored under another of its names (屋场会, 院落会（屋场会）) is the same kind: no change.
    if MeetingKind::parse(&before.kind).is_ok_and(|k| k == c.kind) {
        rest.retain(|(col, _)| *col != "kind");
    }
    let mut w = store.write()?;
    // Host and attendees are ids in the row: written here, shown by name in the trace.
    let moved = diff(&w, Table::Meeting, id, &people, field_label)?.unwrap_or_default();
    let mut extra = Vec::new();
    if !moved.is_empty() {
        let cols: Vec<(&'static str, zhucun_store::Value)> = moved.iter().map(|(f, _)| f.clone()).collect();
        w.update(Table::Meeting, id, &cols)?;
        for (col, _) in &cols {
            extra.push(match *col {
                "host_id" => CorrectionChange {
                    field: field_label(col),
                    before: before.host_id.as_deref().map(name),
                    after: c.host.as_deref().map(name),
                },
                _ => CorrectionChange { field: field_label(col), before: names_of(&before.attendees), after: names_of(&c.attendees) },
            });
        }
    }
    let correction = Correction { table: Table::Meeting, id, team_id: &before.team_id, action: "修改", by, reason: trace.reason.trim() };
    update_traced(&mut w, &correction, &rest, field_label, extra)?;
    w.commit()?;
    read_back(store, id)
}

/// Void (作废) a meeting recorded by mistake (twice, or one that was not held): the row stays, marked
/// with the day, counts for no rule and prints in no ledger; 修改记录 keeps who and why (required).
/// Meetings are not deleted: a delete is final across sync and would leave no trace.
pub fn void_meeting(store: &mut Store, id: &str, trace: &Trace, today: NaiveDate) -> Result<MeetingRow> {
    let by = trace.by()?;
    let reason = trace.reason_required()?;
    let before = correctable(store, id)?;
    let mut w = store.write()?;
    let correction = Correction { table: Table::Meeting, id, team_id: &before.team_id, action: "作废", by, reason };
    update_traced(&mut w, &correction, &[("voided_on", zhucun_store::Value::Text(today.to_string()))], field_label, vec![])?;
    w.commit()?;
    read_back(store, id)
}

/// One meeting, voided or not.
pub fn meeting(store: &Store, id: &str) -> Result<MeetingRow> {
    wl::meeting(store.read(), id)?.ok_or_else(|| refused("meeting.unknown", "没有这条会议记录（可能已在另一台电脑上删除），请刷新后再试。"))
}

/// The meetings between two dates, the voided ones too (marked): what the 会议 page lists.
pub fn meetings(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<MeetingRow>> {
    Ok(wl::meetings_with_voided(store.read(), from, to, true)?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoreError;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A village and a team of two: the first secretary and a member.
    fn team() -> (tempfile::TempDir, Store, [String; 2]) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        let village = zhucun_store::households::villages(s.read()).unwrap()[0].id.clone();
        let mut w = s.write().unwrap();
        let team = zhucun_store::members::team_of_village(&mut w, &village).unwrap();
        let add = |w: &mut zhucun_store::Writer, name: &str, role: &str| {
            zhucun_store::members::add_member(
                w,
                &zhucun_store::members::NewMember { team_id: &team, name, role, from_date: "2024-01-01", to_date: None, phone: None, unit: None },
            )
            .unwrap()
        };
        let ids = [add(&mut w, "周建国", "第一书记"), add(&mut w, "李娟", "队员")];
        w.commit().unwrap();
        (dir, s, ids)
    }

    fn input(ids: &[String; 2]) -> MeetingInput {
        MeetingInput {
            kind: "周例会".into(),
            date: d("2024-09-02"),
            topic: "部署本周走访".into(),
            place: "村部会议室".into(),
            host_id: Some(ids[0].clone()),
            attendees: ids.to_vec(),
            others: "村两委成员".into(),
            others_count: Some(5),
            minutes: "各队员汇报上周工作，第一书记部署本周任务。".into(),
        }
    }

    fn code(e: CoreError) -> &'static str {
        e.code()
    }

    #[test]
    fn a_meeting_keeps_its_place_others_and_minutes_and_屋场会_reads_as_院落会() {
        let (_d, mut s, ids) = team();
        let m = add_meeting(&mut s, &input(&ids), d("2024-09-20")).unwrap();
        assert_eq!((m.place.as_str(), m.others.as_str(), m.others_count, m.host_name.as_deref()), ("村部会议室", "村两委成员", Some(5), Some("周建国")));
        let m = add_meeting(&mut s, &MeetingInput { kind: "屋场会".into(), ..input(&ids) }, d("2024-09-20")).unwrap();
        assert_eq!(m.kind, "院落会", "stored as every replica reads it");
        let bad = |f: &dyn Fn(&mut MeetingInput)| {
            let mut i = input(&ids);
            f(&mut i);
            check(&s, &i, d("2024-09-20"), None).err().map(code)
        };
        assert_eq!(bad(&|i| i.others_count = Some(-1)), Some("meeting.others_count"));
        assert_eq!(bad(&|i| i.place = "村".repeat(51)), Some("meeting.place"));
        assert_eq!(bad(&|i| i.others = "人".repeat(201)), Some("meeting.others"));
        assert_eq!(bad(&|i| i.minutes = "记".repeat(5001)), Some("meeting.minutes"));
        assert_eq!(bad(&|i| i.topic = "题".repeat(101)), Some("meeting.topic"));
        assert_eq!(bad(&|i| i.topic = "题".repeat(100)), None);
        assert_eq!(bad(&|i| i.kind = "茶话会".into()), Some("value.choice"));
    }

    #[test]
    fn an_edit_writes_what_changed_with_one_trace_and_checks_as_adding_does() {
        let (_d, mut s, ids) = team();
        let today = d("2024-09-20");
        let m = add_meeting(&mut s, &input(&ids), today).unwrap();
        let trace = Trace { by: "周建国".into(), reason: "主题写错了".into() };

        // Refused as adding is: a date not yet come, no topic; and a correction needs its signer.
        let refused_with = |s: &mut Store, i: MeetingInput, t: &Trace| update_meeting(s, &m.id, &i, t, today).map(|_| ()).unwrap_err().code();
        assert_eq!(refused_with(&mut s, MeetingInput { date: d("2024-09-21"), ..input(&ids) }, &trace), "meeting.future");
        assert_eq!(refused_with(&mut s, MeetingInput { topic: "  ".into(), ..input(&ids) }, &trace), "meeting.topic");
        assert_eq!(refused_with(&mut s, input(&ids), &Trace::default()), "correction.by");
        assert!(crate::corrections::history(&s, "meeting", &m.id).unwrap().is_empty(), "nothing refused leaves a trace");

        // The topic, the host and the attendees change: one trace, names not ids.
        let edited = MeetingInput { topic: "部署防返贫监测排查".into(), host_id: Some(ids[1].clone()), attendees: vec![ids[1].clone()], ..input(&ids) };
        let row = update_meeting(&mut s, &m.id, &edited, &trace, today).unwrap();
        assert_eq!((row.topic.as_str(), row.host_name.as_deref(), row.attendee_names.clone()), ("部署防返贫监测排查", Some("李娟"), vec!["李娟".to_string()]));
        let h = crate::corrections::history(&s, "meeting", &m.id).unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].action.as_str(), h[0].by.as_str(), h[0].reason.as_str()), ("修改", "周建国", "主题写错了"));
        let change = |f: &str| h[0].changes.iter().find(|c| c.field == f).map(|c| (c.before.clone(), c.after.clone()));
        assert_eq!(change("主题"), Some((Some("部署本周走访".into()), Some("部署防返贫监测排查".into()))));
        assert_eq!(change("主持人"), Some((Some("周建国".into()), Some("李娟".into()))));
        assert_eq!(change("参会队员"), Some((Some("周建国、李娟".into()), Some("李娟".into()))));
        assert_eq!(h[0].changes.len(), 3, "only what changed: {:?}", h[0].changes);

        // The same again: nothing written, no second trace.
        update_meeting(&mut s, &m.id, &edited, &trace, today).unwrap();
        assert_eq!(crate::corrections::history(&s, "meeting", &m.id).unwrap().len(), 1);
        assert_eq!(update_meeting(&mut s, "no-such", &edited, &trace, today).map(|_| ()).unwrap_err().code(), "meeting.unknown");
    }

    #[test]
    fn a_院落会_stored_under_another_name_is_not_a_kind_change() {
        let (_d, mut s, ids) = team();
        let today = d("2024-09-20");
        for stored in ["院落会（屋场会）", "屋场会"] {
            let m = add_meeting(&mut s, &MeetingInput { kind: "院落会".into(), ..input(&ids) }, today).unwrap();
            {
                // As a short-lived version (or a township's typing) stored it.
                let mut w = s.write().unwrap();
                w.update(zhucun_store::Table::Meeting, &m.id, &[("kind", zhucun_store::Value::Text(stored.into()))]).unwrap();
                w.commit().unwrap();
            }
            assert_eq!(read_back(&s, &m.id).unwrap().kind, "院落会");
            let edited = MeetingInput { kind: "院落会".into(), topic: "议定村道维修".into(), ..input(&ids) };
            update_meeting(&mut s, &m.id, &edited, &Trace { by: "周建国".into(), reason: String::new() }, today).unwrap();
            let h = crate::corrections::history(&s, "meeting", &m.id).unwrap();
            let fields: Vec<&str> = h[0].changes.iter().map(|c| c.field.as_str()).collect();
            assert_eq!(fields, ["主题"], "{stored}: no 类型 change nobody made");
        }
    }

    #[test]
    fn a_voided_meeting_counts_for_nothing_and_keeps_its_trace() {
        let (_d, mut s, ids) = team();
        let today = d("2024-09-20");
        let m = add_meeting(&mut s, &input(&ids), today).unwrap();
        let m1 = |s: &Store| check_meetings(s, "2024-09", today).unwrap().into_iter().find(|f| f.rule == "M1" && f.period == "2024-W36").unwrap();
        assert_eq!(m1(&s).found, 1);
        let no_reason = Trace { by: "周建国".into(), reason: String::new() };
        assert_eq!(void_meeting(&mut s, &m.id, &no_reason, today).map(|_| ()).unwrap_err().code(), "correction.reason");
        let row = void_meeting(&mut s, &m.id, &Trace { by: "周建国".into(), reason: "重复登记".into() }, today).unwrap();
        assert_eq!(row.voided_on.as_deref(), Some("2024-09-20"));
        assert_eq!(m1(&s).found, 0, "a voided meeting does not count");
        assert_eq!(meetings(&s, d("2024-09-01"), d("2024-09-30")).unwrap().len(), 1, "the page still lists it, marked");
        assert!(wl::meetings(s.read(), d("2024-09-01"), d("2024-09-30")).unwrap().is_empty(), "ledgers and 今日 do not");
        let h = crate::corrections::history(&s, "meeting", &m.id).unwrap();
        assert_eq!((h[0].action.as_str(), h[0].reason.as_str()), ("作废", "重复登记"));
        let t = Trace { by: "周建国".into(), reason: "再改".into() };
        assert_eq!(update_meeting(&mut s, &m.id, &input(&ids), &t, today).map(|_| ()).unwrap_err().code(), "meeting.voided");
        assert_eq!(void_meeting(&mut s, &m.id, &t, today).map(|_| ()).unwrap_err().code(), "meeting.voided");
    }

    #[test]
    fn a_weekly_meeting_counts_once_its_minutes_are_written() {
        let (_d, mut s, ids) = team();
        let today = d("2024-09-20");
        let m = add_meeting(&mut s, &MeetingInput { minutes: String::new(), ..input(&ids) }, today).unwrap();
        let m1 = |s: &Store| check_meetings(s, "2024-09", today).unwrap().into_iter().find(|f| f.rule == "M1" && f.period == "2024-W36").unwrap();
        let f = m1(&s);
        assert_eq!(f.found, 0);
        assert!(f.explain.contains("没有会议记录或会议记录不足10个字，不计入"), "{}", f.explain);
        update_meeting(&mut s, &m.id, &input(&ids), &Trace { by: "李娟".into(), reason: String::new() }, today).unwrap();
        assert_eq!(m1(&s).found, 1);
    }
}
