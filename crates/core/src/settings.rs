//! The rules' parameters and the holiday calendar: what `zhucun param|holiday` and the 设置 page call.

use crate::error::{refused, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use zhucun_domain::calendar::{builtin, Calendar, CalendarDay, DayKind};
use zhucun_domain::params::{param_def, ParamDef};
use zhucun_domain::rules::{Finding, RuleParams};
use zhucun_store::worklog::{self as wl, ParamRow};
use zhucun_store::Store;

pub fn params(store: &Store) -> Result<Vec<ParamRow>> {
    Ok(wl::params_list(store.read())?)
}

/// Check a proposed value of `key`: its definition and the value as it is stored (`20`, `1.5`).
fn checked_value(key: &str, value: &str) -> Result<(&'static ParamDef, String)> {
    let def = param_def(key).ok_or_else(|| {
        let keys: Vec<&str> = zhucun_domain::params::PARAMS.iter().map(|p| p.key).collect();
        refused("param.unknown", format!("没有参数“{key}”。可设置的参数：{}。", keys.join("、")))
    })?;
    if let Some(choices) = def.choices() {
        return Ok((def, checked_list(def, &choices, value)?));
    }
    if zhucun_domain::params::param_is_window(key) {
        // 年度, or a campaign's dates: stored as 年度 or 2024-07-29至2024-10-31.
        return match zhucun_domain::rules::visits::VisitWindow::parse(value) {
            Some(w) => Ok((def, w.text())),
            None => Err(refused(
                "param.value",
                format!("{}的值应为“年度”或起止日期（如 2024-07-29至2024-10-31，开始不晚于结束），收到的是“{}”。", param_name(def.label), zhucun_domain::text::excerpt(value)),
            )),
        };
    }
    let v: f64 = value.trim().parse().map_err(|_| refused("param.value", format!("参数{}（{}）的值应为数字，收到的是“{value}”。", def.key, def.label)))?;
    let whole = v.fract() == 0.0;
    let half_steps = (v * 2.0).fract() == 0.0;
    if !v.is_finite() || v < 0.0 || v > def.max || (def.integer && !whole) || !half_steps {
        let allowed = if def.unit == "0/1" {
            "0 或 1".to_string()
        } else if def.integer {
            format!("0 到 {} 之间的整数", def.max)
        } else {
            format!("0 到 {} 之间的数（可以有半天，如 1.5）", def.max)
        };
        return Err(refused("param.value", format!("参数{}（{}）的值应为{allowed}，收到的是“{value}”。", def.key, def.label)));
    }
    let text = if v.fract() == 0.0 { format!("{}", v as i64) } else { v.to_string() };
    Ok((def, text))
}

/// A list parameter's value (`leave.kinds`): items from its closed set only (the county may narrow or
/// reorder the list, never invent an item), each once, at least one; stored joined by 、 in the order
/// given, each item in its canonical wording.
fn checked_list(def: &ParamDef, choices: &[&'static str], value: &str) -> Result<String> {
    let allowed = choices.join("、");
    let mut out: Vec<&'static str> = Vec::new();
    for item in zhucun_domain::params::list_items(value) {
        // Canonical wording for a known variant (年假 → 年休假).
        let canonical = zhucun_domain::worklog::LeaveKind::parse(&item).ok().map(|k| k.label()).filter(|_| def.key == "leave.kinds");
        let Some(c) = canonical.or_else(|| choices.iter().copied().find(|c| *c == item)).filter(|c| choices.contains(c)) else {
            return Err(refused("param.list_item", format!("{}里的“{item}”不是可选的项目。可选：{allowed}。", param_name(def.label))));
        };
        if out.contains(&c) {
            return Err(refused("param.list_item", format!("{}里的“{c}”写了两次。", param_name(def.label))));
        }
        out.push(c);
    }
    if out.is_empty() {
        return Err(refused("param.list_empty", format!("{}至少要有一项（用“、”分隔）。可选：{allowed}。", param_name(def.label))));
    }
    Ok(out.join("、"))
}

/// The fewest characters a 依据 may have (a document's name or number: 绥农发〔2024〕5号).
pub const MIN_SOURCE_CHARS: usize = 4;

/// Set a parameter. The value must be a number ≥ 0 (0 or 1 for switches). On a laptop that is not
/// enrolled the change needs its 依据 (a document's name or number); an enrolled laptop's change is a
/// proposal the county decides, and keeps 本机设置 when none is given.
pub fn set_param(store: &mut Store, key: &str, value: &str, source: Option<&str>) -> Result<ParamRow> {
    let (_, text) = checked_value(key, value)?;
    let given = source.map(str::trim).filter(|s| !s.is_empty());
    let enrolled = zhucun_store::sync::device(store.read())?.enrolled();
    if !enrolled && given.is_none_or(|s| s.chars().count() < MIN_SOURCE_CHARS) {
        return Err(refused(
            "param.source_required",
            format!("改动规则参数要写明依据（文件名称或文号，如“绥农发〔2024〕5号”，至少{MIN_SOURCE_CHARS}个字）。"),
        ));
    }
    let source = given.unwrap_or("本机设置");
    let before = wl::params_list(store.read())?.into_iter().find(|p| p.key == key);
    let team = zhucun_store::sync::device(store.read())?.team_id.unwrap_or_default();
    let mut w = store.write()?;
    wl::set_param(&mut w, key, &text, source)?;
    // 修改记录: the value before and after, with the 依据 as the reason.
    if let Some(before) = before.filter(|b| b.value != text) {
        let name = zhucun_domain::params::param_def(key).map_or(key, |d| d.label);
        let unit = zhucun_domain::params::param_def(key).map_or("", |d| d.unit).trim_start_matches("0/1");
        // On an enrolled laptop the change is a proposal the county decides.
        let action = if enrolled { "参数修改（待县里确认）" } else { "参数修改" };
        let c = crate::corrections::Correction { table: zhucun_store::Table::Parameter, id: key, team_id: &team, action, by: "", reason: source };
        let change = zhucun_store::corrections::CorrectionChange {
            field: name.to_string(),
            before: Some(format!("{}{unit}", before.value)),
            after: Some(format!("{text}{unit}")),
        };
        crate::corrections::record(&mut w, &c, &[change])?;
    }
    w.commit()?;
    wl::params_list(store.read())?.into_iter().find(|p| p.key == key).ok_or_else(|| refused("param.lost", "参数保存后未能读回。"))
}

/// One result a parameter change would turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EffectChange {
    /// The member's (or team's) id.
    pub subject: String,
    /// The member (or team).
    pub subject_label: String,
    /// `A1`, `A2.days`, …
    pub rule: String,
    /// 每月驻村天数, 每周在村天数, …
    pub rule_zh: String,
    /// `2024-09`, `2024-W38`, …
    pub period: String,
    /// 达标 / 不足 / 进行中 / 免于要求 (as [`Finding::state_zh`] words them).
    pub before: String,
    pub after: String,
}

/// What changing a parameter would do to this month's attendance and meeting results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ParamEffect {
    pub key: String,
    /// The parameter's Chinese name without its rule code: 每月驻村天数.
    pub name: String,
    pub old: String,
    pub new: String,
    pub unit: String,
    /// The month checked: `2024-09`.
    pub period: String,
    /// Results whose status changes.
    pub findings: u32,
    /// People (or teams) with a result that changes.
    pub people: u32,
    /// The changes, at most [`EFFECT_LIST_MAX`].
    pub changes: Vec<EffectChange>,
    /// 每月驻村天数 20 → 15：本月3人的考勤结果会变（张三 不足→达标、…）。
    pub sentence: String,
}

pub const EFFECT_LIST_MAX: usize = 20;

/// A rule's name in Chinese, as a change lists it.
pub fn rule_zh(rule: &str) -> &'static str {
    match rule {
        "A1" => "每月驻村天数",
        "A2.days" => "每周在村天数",
        "A2.nights" => "每周住宿晚数",
        "A3" => "请假审批权限",
        "M1" => "每周例会",
        "M2" => "半年党课",
        "M3" => "每月领学",
        _ => "规则",
    }
}

/// A parameter's Chinese name without the rule code in brackets: 每月驻村天数（A1） → 每月驻村天数.
fn param_name(label: &str) -> String {
    label.split('（').next().unwrap_or(label).trim().to_string()
}

/// What setting `key` to `value` would change in the month of `today`: the checks run with the
/// stored parameters and with the proposed one (in memory; nothing is written).
pub fn param_effect(store: &Store, key: &str, value: &str, today: NaiveDate) -> Result<ParamEffect> {
    let (def, text) = checked_value(key, value)?;
    let stored = wl::params_list(store.read())?;
    let old = stored.iter().find(|p| p.key == key).map(|p| p.value.clone()).unwrap_or_else(|| def.default.to_string());
    let current = RuleParams::resolve(|k| stored.iter().find(|p| p.key == k).map(|p| p.value.clone()));
    let proposed = RuleParams::resolve(|k| if k == key { Some(text.clone()) } else { stored.iter().find(|p| p.key == k).map(|p| p.value.clone()) });
    let period = format!("{:04}-{:02}", today.year(), today.month());
    let run = |params: &RuleParams| -> Result<Vec<Finding>> {
        let mut all = crate::attendance::check_attendance_with(store, &period, today, params)?;
        all.extend(crate::meetings::check_meetings_with(store, &period, today, params)?);
        Ok(all)
    };
    let before = run(&current)?;
    let after = run(&proposed)?;
    let mut changes = Vec::new();
    let mut subjects: Vec<(String, String)> = Vec::new();
    for a in &after {
        let b = before.iter().find(|b| b.rule == a.rule && b.subject == a.subject && b.period == a.period);
        let (was, now) = (b.map(|b| b.state_zh()).unwrap_or("无要求"), a.state_zh());
        if was == now {
            continue;
        }
        if !subjects.iter().any(|(id, _)| id == &a.subject) {
            subjects.push((a.subject.clone(), a.subject_label.clone()));
        }
        changes.push(EffectChange { subject: a.subject.clone(), subject_label: a.subject_label.clone(), rule: a.rule.clone(), rule_zh: rule_zh(&a.rule).into(), period: a.period.clone(), before: was.into(), after: now.into() });
    }
    for b in &before {
        if !after.iter().any(|a| a.rule == b.rule && a.subject == b.subject && a.period == b.period) {
            if !subjects.iter().any(|(id, _)| id == &b.subject) {
                subjects.push((b.subject.clone(), b.subject_label.clone()));
            }
            changes.push(EffectChange { subject: b.subject.clone(), subject_label: b.subject_label.clone(), rule: b.rule.clone(), rule_zh: rule_zh(&b.rule).into(), period: b.period.clone(), before: b.state_zh().into(), after: "无要求".into() });
        }
    }
    let name = param_name(def.label);
    let head = format!("{name} {old} → {text}");
    let sentence = if old == text {
        format!("{head}：与现在相同，结果不变。")
    } else if changes.is_empty() {
        format!("{head}：本月的考勤和会议结果不变。")
    } else {
        // One change a person in the sentence; the list names them all.
        let shown: Vec<String> = subjects
            .iter()
            .take(3)
            .filter_map(|(id, _)| changes.iter().find(|c| &c.subject == id))
            .map(|c| format!("{} {}→{}", c.subject_label, c.before, c.after))
            .collect();
        let more = if subjects.len() > 3 { "…" } else { "" };
        format!("{head}：本月{}人的考勤或会议结果会变（{}{more}），共{}项。", subjects.len(), shown.join("、"), changes.len())
    };
    let findings = changes.len() as u32;
    changes.truncate(EFFECT_LIST_MAX);
    Ok(ParamEffect { key: key.into(), name, old, new: text, unit: def.unit.into(), period, findings, people: subjects.len() as u32, changes, sentence })
}

/// A special day of the calendar as the 设置 page lists it.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct HolidayRow {
    pub date: NaiveDate,
    /// 休 / 班 / 常 (常: a built-in day cancelled).
    pub kind: String,
    pub name: String,
    /// In the built-in calendar.
    pub builtin: bool,
    /// Differs from the built-in calendar.
    pub edited: bool,
}

/// The year's special days: the effective ones, and the cancelled built-in ones (kind 常).
pub fn holidays(store: &Store, year: i32) -> Result<Vec<HolidayRow>> {
    let overrides = wl::holiday_overrides(store.read())?;
    let base: Vec<CalendarDay> = builtin().into_iter().filter(|d| d.date.year() == year).collect();
    let effective = Calendar::new(&overrides).year(year);
    let mut out: Vec<HolidayRow> = effective
        .into_iter()
        .map(|d| {
            let b = base.iter().find(|x| x.date == d.date);
            HolidayRow { builtin: b.is_some(), edited: b.is_none_or(|b| b.kind != d.kind || b.name != d.name), date: d.date, kind: d.kind.label().into(), name: d.name }
        })
        .collect();
    for b in &base {
        if !out.iter().any(|r| r.date == b.date) {
            out.push(HolidayRow { date: b.date, kind: DayKind::Ordinary.label().into(), name: b.name.clone(), builtin: true, edited: true });
        }
    }
    out.sort_by_key(|r| r.date);
    Ok(out)
}

/// Mark a day as holiday (休), make-up working day (班) or ordinary (常); `restore` puts the built-in
/// entry back (for a day the built-in calendar does not have: ordinary).
pub fn set_holiday(store: &mut Store, date: NaiveDate, kind: &str, name: &str) -> Result<()> {
    let kind = DayKind::parse(kind)?;
    if kind != DayKind::Ordinary && name.trim().is_empty() {
        return Err(refused("holiday.name", "请写明节日名称（如“国庆节”）。"));
    }
    let mut w = store.write()?;
    wl::set_holiday(&mut w, &CalendarDay { date, kind, name: name.trim().to_string() })?;
    w.commit()?;
    Ok(())
}

pub fn restore_holiday(store: &mut Store, date: NaiveDate) -> Result<()> {
    let day = builtin().into_iter().find(|d| d.date == date).unwrap_or(CalendarDay { date, kind: DayKind::Ordinary, name: String::new() });
    let mut w = store.write()?;
    wl::set_holiday(&mut w, &day)?;
    w.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attendance::{set_log, LogInput};
    use crate::members::{add_member, MemberInput};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A village, one member 在村 on the first 16 working days of September 2024; today the 30th.
    fn team() -> (Store, String) {
        let mut store = Store::open_in_memory().unwrap();
        crate::roster::load_demo(&mut store, 10, 10, 7).unwrap();
        let input = MemberInput { name: "张三".into(), role: "队员".into(), from: d("2024-01-01"), to: None, phone: None, unit: Some("县农业农村局".into()), village_id: None, ..Default::default() };
        let id = add_member(&mut store, &input).unwrap();
        let mut day = d("2024-09-02");
        let mut n = 0;
        while n < 16 {
            if day.weekday().num_days_from_monday() < 5 && day != d("2024-09-16") && day != d("2024-09-17") {
                let log = LogInput { member_id: id.clone(), date: day, status: "在村".into(), night: false, content: "走访农户".into(), categories: vec![] };
                set_log(&mut store, &log, day).unwrap();
                n += 1;
            }
            day = day.succ_opt().unwrap();
        }
        (store, id)
    }

    #[test]
    fn lowering_the_month_days_turns_a_short_month_ok_and_writes_nothing() {
        let (mut store, _) = team();
        let today = d("2024-09-30");
        let e = param_effect(&store, "attendance.month_days", "15", today).unwrap();
        assert_eq!((e.name.as_str(), e.old.as_str(), e.new.as_str(), e.period.as_str()), ("每月驻村天数", "20", "15", "2024-09"));
        let a1: Vec<&EffectChange> = e.changes.iter().filter(|c| c.rule == "A1").collect();
        assert_eq!(a1.len(), 1, "{e:#?}");
        assert_eq!((a1[0].subject_label.as_str(), a1[0].rule_zh.as_str(), a1[0].before.as_str(), a1[0].after.as_str()), ("张三", "每月驻村天数", "进行中", "达标"));
        assert_eq!((e.findings, e.people), (1, 1), "only A1 moves: {e:#?}");
        assert_eq!(e.sentence, "每月驻村天数 20 → 15：本月1人的考勤或会议结果会变（张三 进行中→达标），共1项。");
        // Nothing was written: the stored value is still the default.
        assert_eq!(params(&store).unwrap().iter().find(|p| p.key == "attendance.month_days").unwrap().value, "20");

        // Raising it back changes nothing; the same value says so.
        let same = param_effect(&store, "attendance.month_days", "20", today).unwrap();
        assert_eq!((same.findings, same.sentence.as_str()), (0, "每月驻村天数 20 → 20：与现在相同，结果不变。"));
        let none = param_effect(&store, "attendance.month_days", "25", today).unwrap();
        assert_eq!(none.findings, 0, "still short: {none:#?}");

        // Once saved (with its source), the effect of going back is the reverse.
        set_param(&mut store, "attendance.month_days", "15", Some("绥农发〔2025〕1号")).unwrap();
        let back = param_effect(&store, "attendance.month_days", "20", today).unwrap();
        assert_eq!((back.old.as_str(), back.changes[0].before.as_str(), back.changes[0].after.as_str()), ("15", "达标", "进行中"));
    }

    #[test]
    fn a_bad_value_is_refused_before_any_check() {
        let (store, _) = team();
        let e = param_effect(&store, "attendance.month_days", "200", d("2024-09-30")).unwrap_err();
        assert_eq!(e.code(), "param.value");
        assert_eq!(param_effect(&store, "attendance.days", "2", d("2024-09-30")).unwrap_err().code(), "param.unknown");
    }

    #[test]
    fn leave_kinds_are_a_closed_list_the_county_may_narrow_or_reorder() {
        let (mut store, _) = team();
        let src = Some("县委组织部通知");
        let p = set_param(&mut store, "leave.kinds", "病假，事假 年假、探亲假", src).unwrap();
        assert_eq!(p.value, "病假、事假、年休假、探亲假");
        assert!(p.choices.contains(&"婚假".to_string()) && p.choices.len() == 8, "{:?}", p.choices);
        for (bad, code) in [("病假、火星假", "param.list_item"), ("病假、病假", "param.list_item"), (" 、 ", "param.list_empty")] {
            assert_eq!(set_param(&mut store, "leave.kinds", bad, src).unwrap_err().code(), code, "{bad}");
        }
        assert_eq!(wl::rule_params(store.read()).unwrap().leave_kinds.len(), 4);
        let e = param_effect(&store, "leave.kinds", "事假", d("2024-09-30")).unwrap();
        assert_eq!(e.findings, 0, "the kinds offered change no result");
    }

    #[test]
    fn an_unenrolled_laptop_needs_the_source() {
        let (mut store, _) = team();
        for source in [None, Some(""), Some("  "), Some("通知")] {
            let e = set_param(&mut store, "attendance.month_days", "15", source).unwrap_err();
            assert_eq!(e.code(), "param.source_required", "{source:?}");
        }
        assert_eq!(params(&store).unwrap().iter().find(|p| p.key == "attendance.month_days").unwrap().value, "20");
        let p = set_param(&mut store, "attendance.month_days", "15", Some(" 县驻村办通知 ")).unwrap();
        assert_eq!((p.value.as_str(), p.source.as_str()), ("15", "县驻村办通知"));
    }

    #[test]
    fn a_parameter_change_is_listed_in_the_corrections_with_its_source() {
        let (mut store, _) = team();
        set_param(&mut store, "attendance.month_days", "15", Some("县驻村办通知")).unwrap();
        // Setting the same value again is no correction.
        set_param(&mut store, "attendance.month_days", "15", Some("县驻村办通知")).unwrap();
        let h = crate::corrections::history(&store, "parameter", "attendance.month_days").unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].action.as_str(), h[0].reason.as_str()), ("参数修改", "县驻村办通知"));
        assert_eq!((h[0].changes[0].before.as_deref(), h[0].changes[0].after.as_deref()), (Some("20天"), Some("15天")));
        assert!(h[0].changes[0].field.starts_with("每月驻村天数"));
    }

    #[test]
    fn on_an_enrolled_laptop_a_parameter_change_is_recorded_as_a_proposal() {
        let (mut store, _) = team();
        let village = zhucun_store::households::villages(store.read()).unwrap()[0].id.clone();
        let team = zhucun_store::members::list_members(store.read()).unwrap()[0].team_id.clone();
        let county = zhucun_store::sync::Peer {
            id: "county-1".into(),
            role: zhucun_store::sync::Role::County,
            village_id: None,
            sign_pk: vec![0; 32],
            age_recipient: "age1test".into(),
            enrolled_at: "2024-09-01T00:00:00Z".into(),
            revoked_at: None,
            last_seen: None,
        };
        zhucun_store::sync::bind_to_county(store.read(), &county, &village, &team, "e-1", b"t", None).unwrap();
        // No 依据 needed: the county decides.
        set_param(&mut store, "attendance.month_days", "15", None).unwrap();
        let h = crate::corrections::history(&store, "parameter", "attendance.month_days").unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].action, "参数修改（待县里确认）");
    }
}
