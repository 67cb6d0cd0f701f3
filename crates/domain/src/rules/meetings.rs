//! M1 (a weekly team meeting), M2 (the first secretary's party lecture each half-year) and M3 (policy
//! study led by the first secretary each month). M1 binds the team; M2 and M3 the first secretary
//! assigned during the period (the team when it has none). A week with no working day at all (a
//! holiday week) owes no meeting.

use super::{dates_zh, Finding, Meeting, Period, Records, RuleParams, Status};
use crate::calendar::Calendar;
use crate::team::TeamRole;
use crate::worklog::MeetingKind;
use chrono::NaiveDate;

/// M1 for every ISO week whose Monday is in the month, M3 for the month and M2 for the half-year that
/// contains it, for every team with a member assigned during the month.
pub fn check_month(records: &Records, month: Period, cal: &Calendar, p: &RuleParams, today: NaiveDate) -> Vec<Finding> {
    let (a, b) = month.range();
    let mut out = Vec::new();
    for team in &records.teams {
        let members: Vec<_> = records.members.iter().filter(|m| m.team_id == team.id && m.assigned_days(a, b) > 0).collect();
        if members.is_empty() {
            continue;
        }
        let meetings: Vec<&Meeting> = records.meetings.iter().filter(|m| m.team_id == team.id).collect();
        let secretary = members.iter().find(|m| m.role == TeamRole::FirstSecretary);
        let (subject, label, host) = match secretary {
            Some(m) => (m.id.clone(), m.name.clone(), Some(m.id.as_str())),
            None => (team.id.clone(), team.label.clone(), None),
        };
        for w in month.weeks_starting_in() {
            let (wa, wb) = w.range();
            let working = wa.iter_days().take_while(|d| *d <= wb).any(|d| cal.is_workday(d));
            let required = if working { p.meetings_per_week } else { 0 };
            let min = usize::try_from(p.weekly_min_minutes_chars).unwrap_or(0);
            let mut f = count(&meetings, MeetingKind::Weekly, w, required, min, today, "M1", (&team.id, &team.label), None);
            if !working {
                f.explain = format!("{}全部为法定节假日，不要求开周例会；{}", w.label_zh(), f.explain.split_once('；').map_or("", |x| x.1));
            }
            out.push(f);
        }
        out.push(count(&meetings, MeetingKind::Study, month, p.studies_per_month, 0, today, "M3", (&subject, &label), host));
        let half = Period::half_of(a);
        out.push(count(&meetings, MeetingKind::Lecture, half, p.lectures_per_half, 0, today, "M2", (&subject, &label), host));
    }
    out
}

/// Characters of minutes, spaces and line breaks not counted.
pub fn minutes_chars(minutes: &str) -> usize {
    minutes.chars().filter(|c| !c.is_whitespace()).count()
}

/// Count the meetings of `kind` in `period`. With `host` (the first secretary), only the meetings that
/// host led count (or whose host was not recorded); the others are named as not counting. With
/// `min_minutes` above 0, a meeting whose minutes are shorter does not count either, and is named
/// with the reason (a township checking the weekly meeting reads its minutes).
#[allow(clippy::too_many_arguments)]
fn count(
    meetings: &[&Meeting],
    kind: MeetingKind,
    period: Period,
    required: i64,
    min_minutes: usize,
    today: NaiveDate,
    rule: &str,
    (subject, label): (&str, &str),
    host: Option<&str>,
) -> Finding {
    let of_kind: Vec<&&Meeting> = meetings.iter().filter(|m| m.kind == kind && period.contains(m.date)).collect();
    let (held, others): (Vec<&&Meeting>, Vec<&&Meeting>) =
        of_kind.into_iter().partition(|m| host.is_none() || m.host_id.is_none() || m.host_id.as_deref() == host);
    let (held, unminuted): (Vec<&&Meeting>, Vec<&&Meeting>) = held.into_iter().partition(|m| minutes_chars(&m.minutes) >= min_minutes);
    let found = held.len() as i64;
    let what = match kind {
        MeetingKind::Weekly => "召开周例会",
        MeetingKind::Lecture => "由第一书记讲党课",
        MeetingKind::Study => "由第一书记领学政策",
        _ => "开会",
    };
    let found_text = if held.is_empty() && others.is_empty() && unminuted.is_empty() {
        "没有记录".to_string()
    } else if held.is_empty() {
        "没有可计入的记录".to_string()
    } else {
        let dates: Vec<NaiveDate> = held.iter().map(|m| m.date).collect();
        let topics: Vec<String> = held.iter().map(|m| format!("“{}”", m.topic)).collect();
        format!("记录{}次：{}{}", found, dates_zh(&dates), topics.join("、"))
    };
    let found_text = if others.is_empty() {
        found_text
    } else {
        let dates: Vec<NaiveDate> = others.iter().map(|m| m.date).collect();
        format!("{found_text}（另有{}由其他队员主持的{}{}次，不计入）", dates_zh(&dates), kind.label(), others.len())
    };
    let found_text = if unminuted.is_empty() {
        found_text
    } else {
        let dates: Vec<NaiveDate> = unminuted.iter().map(|m| m.date).collect();
        format!(
            "{found_text}（另有{}的{}{}次没有会议记录或会议记录不足{min_minutes}个字，不计入：补写会议记录后即计入）",
            dates_zh(&dates),
            kind.label(),
            unminuted.len()
        )
    };
    Finding {
        rule: rule.into(),
        subject: subject.to_string(),
        subject_label: label.to_string(),
        period: period.to_string(),
        required,
        found,
        status: Status::of(required, found),
        explain: format!("{}要求{what}{required}次；{}{found_text}。", period.label_zh(), kind.label()),
        records: held.iter().map(|m| m.id.clone()).collect(),
        in_progress: today <= period.range().1,
    }
}
