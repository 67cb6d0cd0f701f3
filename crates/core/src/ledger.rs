//! The township's ledgers for a month, made from the records and never typed again: 考勤台账,
//! 请销假台账, 人员信息台账, and a member's 驻村帮扶工作日志 for the month. Each is an .xlsx laid out for
//! printing (see `zhucun_roster::ledger`).

use crate::attendance::{self, calendar};
use crate::error::{CoreError, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zhucun_domain::rules::{attendance as a_rules, Period, Status};
use zhucun_domain::worklog::{days_text, LogStatus};
use zhucun_roster::ledger::{write_ledgers, Cell, Ledger};
use zhucun_store::members::{list_members, MemberRow};
use zhucun_store::worklog as wl;
use zhucun_store::Store;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum LedgerKind {
    /// 考勤台账
    Attendance,
    /// 请销假台账
    Leave,
    /// 人员信息台账
    Personnel,
    /// 驻村帮扶工作日志 (one member)
    Worklog,
}

impl LedgerKind {
    pub fn parse(s: &str) -> Option<LedgerKind> {
        match s {
            "attendance" | "考勤" => Some(LedgerKind::Attendance),
            "leave" | "请销假" => Some(LedgerKind::Leave),
            "personnel" | "人员信息" => Some(LedgerKind::Personnel),
            "worklog" | "log" | "工作日志" => Some(LedgerKind::Worklog),
            _ => None,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            LedgerKind::Attendance => "驻村工作队员考勤台账",
            LedgerKind::Leave => "驻村工作队员请销假台账",
            LedgerKind::Personnel => "驻村工作队员人员信息台账",
            LedgerKind::Worklog => "驻村帮扶工作日志",
        }
    }
}

/// What was written.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct LedgerWritten {
    pub path: String,
    pub title: String,
    /// Data rows (members, leaves or days).
    pub rows: usize,
}

const SIGNATURES: &str = "填表人：                    审核人（驻村第一书记）：                    乡镇审核：                    填表日期：";

/// Write a ledger for a month to `out` (a file, or a folder to put a named file in).
pub fn write(store: &Store, kind: LedgerKind, period: &str, member_id: Option<&str>, out: &Path, today: NaiveDate) -> Result<LedgerWritten> {
    let p = match Period::parse(period)? {
        p @ Period::Month { .. } => p,
        _ => return Err(CoreError::Refused { code: "period.month", message: format!("台账按月导出：请写月份，如 2024-09（收到的是“{period}”）。") }),
    };
    let teams = wl::teams(store.read())?;
    let unit = match teams.as_slice() {
        [one] => format!("填报单位：{}{}驻村工作队", one.township, one.village),
        _ => "填报单位：".to_string(),
    };
    let period_text = format!("时间：{}", p.label_zh());
    let mut ledger = match kind {
        LedgerKind::Attendance => attendance_ledger(store, p, today)?,
        LedgerKind::Leave => leave_ledger(store, p)?,
        LedgerKind::Personnel => personnel_ledger(store, p, today)?,
        LedgerKind::Worklog => {
            let id = member_id.ok_or_else(|| CoreError::Refused {
                code: "ledger.member",
                message: "工作日志按人导出：请选择队员（命令行用 --member 队员编号）。".into(),
            })?;
            worklog_ledger(store, p, id)?
        }
    };
    ledger.title = kind.title().to_string();
    if kind != LedgerKind::Worklog {
        ledger.unit = unit;
    }
    ledger.period = period_text;
    let path = target(out, &format!("{}{}", p.label_zh(), ledger.sheet))?;
    write_ledgers(&path, &format!("{}（{}）", ledger.title, p.label_zh()), std::slice::from_ref(&ledger))?;
    Ok(LedgerWritten { path: path.display().to_string(), title: ledger.title.clone(), rows: ledger.rows.len() })
}

/// `out` itself, or `out/<name>.xlsx` when it is a folder. The name comes from data (a member's name,
/// a month): it is made safe, so the file lands inside `out` whatever it holds.
fn target(out: &Path, name: &str) -> Result<PathBuf> {
    if out.is_dir() {
        return Ok(zhucun_files::path_in(out, name, "xlsx"));
    }
    if let Some(dir) = out.parent() {
        if !dir.as_os_str().is_empty() && !dir.is_dir() {
            return Err(CoreError::Refused { code: "file.write", message: format!("文件夹 {} 不存在，请先选择一个存在的文件夹。", dir.display()) });
        }
    }
    Ok(out.to_path_buf())
}

fn members_in(store: &Store, p: Period) -> Result<Vec<MemberRow>> {
    let (a, b) = p.range();
    Ok(list_members(store.read())?
        .into_iter()
        .filter(|m| m.from_date.as_str() <= b.to_string().as_str() && m.to_date.as_deref().is_none_or(|t| t >= a.to_string().as_str()))
        .collect())
}

fn attendance_ledger(store: &Store, p: Period, today: NaiveDate) -> Result<Ledger> {
    let month = attendance::attendance_month(store, &p.to_string(), today)?;
    let roster = members_in(store, p)?;
    let days = p.days() as usize;
    let mut headers: Vec<String> = ["序号", "姓名", "职务", "派出单位"].map(String::from).to_vec();
    headers.extend((1..=days).map(|d| d.to_string()));
    headers.extend(["在村天数", "住村晚数", "请假天数", "公务外出天数", "应在村天数", "月度情况", "备注"].map(String::from));
    let mut widths = vec![5.0, 9.0, 8.0, 16.0];
    widths.extend(std::iter::repeat_n(3.2, days));
    widths.extend([6.0, 6.0, 6.0, 7.0, 7.0, 8.0, 24.0]);
    let mut rows = Vec::new();
    let mut sums = [0f64; 5];
    for (i, m) in month.members.iter().enumerate() {
        let unit = roster.iter().find(|r| r.id == m.member_id).and_then(|r| r.unit.clone()).unwrap_or_default();
        let mut row: Vec<Cell> = vec![Cell::Number((i + 1) as f64), m.name.as_str().into(), m.role.as_str().into(), unit.into()];
        for c in &m.cells {
            row.push(Cell::Text(mark(c).to_string()));
        }
        let official = m.cells.iter().filter(|c| c.status == Some(LogStatus::Official)).count() as f64;
        let a1 = m.findings.iter().find(|f| f.rule == "A1");
        let required = a1.map_or(0, |f| f.required) as f64;
        let state = a1.map(|f| f.state_zh()).unwrap_or_default().to_string();
        let short_weeks: Vec<String> = m
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("A2") && f.status == Status::Short && !f.in_progress)
            .map(|f| format!("{}{}", week_name(&f.period, p), if f.rule == "A2.days" { "在村不足" } else { "住村不足" }))
            .collect();
        let values = [m.days_in_village as f64, m.nights as f64, m.leave_days, official, required];
        for (s, v) in sums.iter_mut().zip(values) {
            *s += v;
        }
        row.extend(values.iter().map(|v| Cell::Number(*v)));
        row.push(state.into());
        row.push(short_weeks.join("；").into());
        rows.push(row);
    }
    let mut totals: Vec<Cell> = vec!["合计".into(), format!("{}人", rows.len()).into(), Cell::Empty, Cell::Empty];
    totals.extend(std::iter::repeat_n(Cell::Empty, days));
    totals.extend(sums.iter().map(|v| Cell::Number(*v)));
    totals.extend([Cell::Empty, Cell::Empty]);
    Ok(Ledger {
        sheet: "考勤台账".into(),
        headers,
        widths,
        rows,
        totals: Some(totals),
        notes: vec![
            "说明：√ 在村　公 公务外出　假 请假　休 休息　节 法定节假日（未填日志）　— 不在驻村期间　空白 未填日志。数据来自驻村帮扶工作日志和已批准的请假；应在村天数按月度要求（A1）计算，请假不减少月度要求。".into(),
            SIGNATURES.into(),
        ],
        landscape: true,
        ..Default::default()
    })
}

/// 第37周, or 2025年第1周 for a week of another year (December's last week).
fn week_name(period: &str, month: Period) -> String {
    match (Period::parse(period), month) {
        (Ok(Period::Week { year, week }), Period::Month { year: y, .. }) if year != y => format!("{year}年第{week}周"),
        (Ok(Period::Week { week, .. }), _) => format!("第{week}周"),
        _ => period.to_string(),
    }
}

fn mark(c: &a_rules::CalendarCell) -> &'static str {
    if !c.assigned {
        return "—";
    }
    match c.status {
        Some(LogStatus::InVillage) => "√",
        Some(LogStatus::Official) => "公",
        Some(LogStatus::Leave) => "假",
        Some(LogStatus::Rest) => "休",
        None if c.leave_halves > 0 => "假",
        None if c.holiday.is_some() && !c.makeup => "节",
        None => "",
    }
}

fn leave_ledger(store: &Store, p: Period) -> Result<Ledger> {
    let (a, b) = p.range();
    let roster = list_members(store.read())?;
    let mut leaves = wl::leaves(store.read(), a, b)?;
    leaves.retain(|l| !l.withdrawn());
    leaves.sort_by(|x, y| (&x.from_date, &x.from_half, &x.member_name).cmp(&(&y.from_date, &y.from_half, &y.member_name)));
    let headers = ["序号", "姓名", "职务", "请假类别", "请假事由", "开始时间", "结束时间", "请假天数", "本月实际请假天数", "审批层级", "审批人", "批准日期", "销假日期", "状态"]
        .map(String::from)
        .to_vec();
    let widths = vec![5.0, 9.0, 8.0, 8.0, 22.0, 16.0, 16.0, 6.0, 9.0, 11.0, 10.0, 11.0, 11.0, 8.0];
    let mut total = 0.0;
    // Days of approved leave in this month, cut at the report of return: what the 考勤台账 counts.
    let in_month = |l: &wl::LeaveRow| -> f64 {
        let Some(span) = l.record().and_then(|r| r.effective()) else { return 0.0 };
        a.iter_days().take_while(|d| *d <= b).map(|d| span.halves_on(d)).sum::<i64>() as f64 / 2.0
    };
    let rows: Vec<Vec<Cell>> = leaves
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let month_days = in_month(l);
            total += month_days;
            let role = roster.iter().find(|m| m.id == l.member_id).map(|m| m.role.clone()).unwrap_or_default();
            vec![
                Cell::Number((i + 1) as f64),
                l.member_name.as_str().into(),
                role.into(),
                l.kind.as_str().into(),
                l.reason.as_str().into(),
                format!("{}{}", l.from_date, l.from_half).into(),
                format!("{}{}", l.to_date, l.to_half).into(),
                Cell::Number(l.days),
                Cell::Number(month_days),
                l.approval_level.as_str().into(),
                l.approved_by.clone().unwrap_or_default().into(),
                l.approved_on.clone().unwrap_or_default().into(),
                l.returned_on.clone().unwrap_or_default().into(),
                l.state.as_str().into(),
            ]
        })
        .collect();
    let count = rows.len();
    let mut totals: Vec<Cell> = vec!["合计".into(), format!("{count}人次").into()];
    totals.extend(std::iter::repeat_n(Cell::Empty, 6));
    totals.push(Cell::Number(total));
    totals.extend(std::iter::repeat_n(Cell::Empty, 5));
    Ok(Ledger {
        sheet: "请销假台账".into(),
        headers,
        widths,
        rows,
        totals: Some(totals),
        notes: vec![
            format!(
                "说明：列出与本月有交集的请假（已撤回的除外）。请假天数为申请的全部天数，按半天计、含周末；本月实际请假天数只计已批准、销假之前、落在本月的部分，与考勤台账一致。{}天以内由乡镇审批，更长的报县委组织部审批。",
                days_text(wl::rule_params(store.read())?.township_max_days)
            ),
            SIGNATURES.into(),
        ],
        landscape: true,
        ..Default::default()
    })
}

fn personnel_ledger(store: &Store, p: Period, today: NaiveDate) -> Result<Ledger> {
    let (a, b) = p.range();
    let month = attendance::attendance_month(store, &p.to_string(), today)?;
    let headers = ["序号", "姓名", "职务", "派出单位", "联系电话", "驻村开始日期", "离队日期", "本月在队天数", "本月在村天数", "本月请假天数", "状态"]
        .map(String::from)
        .to_vec();
    let widths = vec![5.0, 9.0, 8.0, 20.0, 14.0, 12.0, 12.0, 8.0, 8.0, 8.0, 8.0];
    let mut sums = [0f64; 3];
    let mut rows = Vec::new();
    for (i, m) in members_in(store, p)?.iter().enumerate() {
        let mm = month.members.iter().find(|x| x.member_id == m.id);
        let from = NaiveDate::parse_from_str(&m.from_date, "%Y-%m-%d").unwrap_or(a);
        let to = m.to_date.as_deref().and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
        let assigned = ((to.map_or(b, |t| t.min(b)) - from.max(a)).num_days() + 1).max(0) as f64;
        let values = [assigned, mm.map_or(0, |x| x.days_in_village) as f64, mm.map_or(0.0, |x| x.leave_days)];
        for (s, v) in sums.iter_mut().zip(values) {
            *s += v;
        }
        let state = if to.is_some_and(|t| t < today.min(b)) { "已离队" } else { "在岗" };
        let mut row: Vec<Cell> = vec![
            Cell::Number((i + 1) as f64),
            m.name.as_str().into(),
            m.role.as_str().into(),
            m.unit.clone().unwrap_or_default().into(),
            m.phone.clone().unwrap_or_default().into(),
            m.from_date.as_str().into(),
            m.to_date.clone().unwrap_or_default().into(),
        ];
        row.extend(values.iter().map(|v| Cell::Number(*v)));
        row.push(state.into());
        rows.push(row);
    }
    let mut totals: Vec<Cell> = vec!["合计".into(), format!("{}人", rows.len()).into()];
    totals.extend(std::iter::repeat_n(Cell::Empty, 5));
    totals.extend(sums.iter().map(|v| Cell::Number(*v)));
    totals.push(Cell::Empty);
    Ok(Ledger {
        sheet: "人员信息台账".into(),
        headers,
        widths,
        rows,
        totals: Some(totals),
        notes: vec!["说明：列出本月在队的全部队员；在村天数、请假天数来自工作日志和已批准的请假。".into(), SIGNATURES.into()],
        landscape: true,
        ..Default::default()
    })
}

fn worklog_ledger(store: &Store, p: Period, member_id: &str) -> Result<Ledger> {
    let (a, b) = p.range();
    let m = list_members(store.read())?
        .into_iter()
        .find(|m| m.id == member_id)
        .ok_or_else(|| CoreError::Refused { code: "member.unknown", message: format!("没有编号为“{member_id}”的工作队员。") })?;
    let logs = wl::logs(store.read(), Some(member_id), a, b)?;
    let meetings = wl::meetings(store.read(), a, b)?;
    let cal = calendar(store)?;
    let headers = ["日期", "星期", "在村情况", "住村", "工作类别", "工作内容", "当日会议"].map(String::from).to_vec();
    let widths = vec![12.0, 6.0, 10.0, 6.0, 20.0, 60.0, 24.0];
    let weekday = ["一", "二", "三", "四", "五", "六", "日"];
    let mut rows = Vec::new();
    let (mut days, mut nights) = (0, 0);
    for d in a.iter_days().take_while(|d| *d <= b) {
        let log = logs.iter().find(|l| l.date == d.to_string());
        let held: Vec<String> = meetings
            .iter()
            .filter(|x| x.date == d.to_string() && (x.host_id.as_deref() == Some(member_id) || x.attendees.iter().any(|a| a == member_id)))
            .map(|x| format!("{}：{}", x.kind, x.topic))
            .collect();
        let status = match (log, cal.kind(d)) {
            (Some(l), _) => l.status.clone(),
            (None, Some((zhucun_domain::calendar::DayKind::Holiday, name))) => format!("（{name}）"),
            (None, _) => String::new(),
        };
        if log.is_some_and(|l| l.status == LogStatus::InVillage.label()) {
            days += 1;
        }
        if log.is_some_and(|l| l.night) {
            nights += 1;
        }
        rows.push(vec![
            Cell::Text(d.to_string()),
            Cell::Text(weekday[d.weekday().num_days_from_monday() as usize].to_string()),
            Cell::Text(status),
            Cell::Text(if log.is_some_and(|l| l.night) { "是".into() } else { String::new() }),
            Cell::Text(log.map(|l| l.categories.join("、")).unwrap_or_default()),
            Cell::Text(log.map(|l| l.content.clone()).unwrap_or_default()),
            Cell::Text(held.join("；")),
        ]);
    }
    Ok(Ledger {
        sheet: format!("{}工作日志", m.name),
        unit: format!("姓名：{}　职务：{}　所在村：{}", m.name, m.role, m.village),
        headers,
        widths,
        rows,
        totals: Some(vec!["合计".into(), Cell::Empty, format!("在村{days}天").into(), format!("{nights}晚").into(), Cell::Empty, Cell::Empty, Cell::Empty]),
        notes: vec!["本人签字：                    第一书记审核：                    日期：".into()],
        landscape: false,
        ..Default::default()
    })
}
