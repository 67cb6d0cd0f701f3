//! The township's ledgers for a month, made from the records and never typed again: 考勤台账,
//! 请销假台账, 人员信息台账, 会议记录台账, and a member's 驻村帮扶工作日志 for the month. Each is an .xlsx
//! laid out for printing on A4 with text of at least 9 pt (see `zhucun_roster::ledger`): the 考勤台账
//! prints the month in two halves (1—15日, 16日—月末), a sheet each, so that its day columns need no
//! shrinking.

use crate::attendance::{self, calendar};
use crate::error::{CoreError, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zhucun_domain::rules::{attendance as a_rules, Period, Status};
use zhucun_domain::worklog::{days_text, LogStatus, MeetingKind};
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
    /// 会议记录台账
    Meetings,
    /// 问题台账
    Problems,
    /// 走访情况登记表
    Visits,
}

impl LedgerKind {
    pub fn parse(s: &str) -> Option<LedgerKind> {
        match s {
            "attendance" | "考勤" => Some(LedgerKind::Attendance),
            "leave" | "请销假" => Some(LedgerKind::Leave),
            "personnel" | "人员信息" => Some(LedgerKind::Personnel),
            "worklog" | "log" | "工作日志" => Some(LedgerKind::Worklog),
            "meetings" | "meeting" | "会议记录" => Some(LedgerKind::Meetings),
            "problems" | "problem" | "问题" | "问题台账" => Some(LedgerKind::Problems),
            "visits" | "visit" | "走访" | "走访情况登记表" => Some(LedgerKind::Visits),
            _ => None,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            LedgerKind::Attendance => "驻村工作队员考勤台账",
            LedgerKind::Leave => "驻村工作队员请销假台账",
            LedgerKind::Personnel => "驻村工作队员人员信息台账",
            LedgerKind::Worklog => "驻村帮扶工作日志",
            LedgerKind::Meetings => "驻村工作队会议记录台账",
            LedgerKind::Problems => "问题排查整改台账",
            LedgerKind::Visits => "走访情况登记表",
        }
    }

    /// The file's name after the month (a member's 工作日志 is named for the member).
    fn file_name(self) -> &'static str {
        match self {
            LedgerKind::Attendance => "考勤台账",
            LedgerKind::Leave => "请销假台账",
            LedgerKind::Personnel => "人员信息台账",
            LedgerKind::Worklog => "工作日志",
            LedgerKind::Meetings => "会议记录台账",
            LedgerKind::Problems => "问题台账",
            LedgerKind::Visits => "走访情况登记表",
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

fn month(period: &str) -> Result<Period> {
    match Period::parse(period)? {
        p @ Period::Month { .. } => Ok(p),
        _ => Err(CoreError::Refused { code: "period.month", message: format!("台账按月导出：请写月份，如 2024-09（收到的是“{period}”）。") }),
    }
}

/// The village as the township writes it: 某某乡某某村 (empty when the database holds no team or several).
pub(crate) fn village_name(store: &Store, team_id: Option<&str>) -> Result<String> {
    let teams = wl::teams(store.read())?;
    let team = match team_id {
        Some(id) => teams.iter().find(|t| t.id == id),
        None if teams.len() == 1 => teams.first(),
        None => None,
    };
    Ok(team.map(|t| format!("{}{}", t.township, t.village)).unwrap_or_default())
}

/// Write a ledger for a month to `out` (a file, or a folder to put a named file in).
pub fn write(store: &Store, kind: LedgerKind, period: &str, member_id: Option<&str>, out: &Path, today: NaiveDate) -> Result<LedgerWritten> {
    write_as(store, kind, period, member_id, out, today, "")
}

/// [`write`], with `suffix` added to the file name made in a folder (two members of one name).
fn write_as(store: &Store, kind: LedgerKind, period: &str, member_id: Option<&str>, out: &Path, today: NaiveDate, suffix: &str) -> Result<LedgerWritten> {
    let p = month(period)?;
    let village = village_name(store, None)?;
    let mut ledgers = match kind {
        LedgerKind::Attendance => attendance_ledger(store, p, today)?,
        LedgerKind::Leave => vec![leave_ledger(store, p)?],
        LedgerKind::Personnel => vec![personnel_ledger(store, p)?],
        LedgerKind::Meetings => vec![meetings_ledger(store, p)?],
        LedgerKind::Problems => vec![crate::problem_ledger::problems_ledger(store, p, today)?],
        LedgerKind::Visits => vec![crate::visit_ledger::visits_ledger(store, p)?],
        LedgerKind::Worklog => {
            let id = member_id.ok_or_else(|| CoreError::Refused {
                code: "ledger.member",
                message: "工作日志按人导出：请选择队员（命令行用 --member 队员编号）。".into(),
            })?;
            vec![worklog_ledger(store, p, id)?]
        }
    };
    let mut name = format!("{}{}", p.label_zh(), kind.file_name());
    for l in &mut ledgers {
        l.title = kind.title().to_string();
        if kind == LedgerKind::Worklog {
            name = format!("{}{}", p.label_zh(), l.sheet);
        } else {
            l.unit = format!("填报单位：{village}驻村工作队");
            l.page_header = if village.is_empty() { String::new() } else { format!("{village}驻村工作队") };
        }
        if l.period.is_empty() {
            l.period = format!("时间：{}", p.label_zh());
        }
    }
    let path = target(out, &format!("{name}{suffix}"))?;
    let first = &ledgers[0];
    write_ledgers(&path, &format!("{}（{}）", first.title, p.label_zh()), &ledgers)?;
    Ok(LedgerWritten { path: path.display().to_string(), title: first.title.clone(), rows: first.rows.len() })
}

/// Every ledger of the month into the folder `dir`: 考勤, 请销假, 人员信息, 会议记录, and the 工作日志
/// of each member assigned in the month. Stops at the first that cannot be written.
pub fn write_all(store: &Store, period: &str, dir: &Path, today: NaiveDate) -> Result<Vec<LedgerWritten>> {
    let p = month(period)?;
    if !dir.is_dir() {
        return Err(CoreError::Refused { code: "file.write", message: format!("文件夹 {} 不存在，请先选择一个存在的文件夹。", dir.display()) });
    }
    let mut out = Vec::new();
    for kind in [LedgerKind::Attendance, LedgerKind::Leave, LedgerKind::Personnel, LedgerKind::Meetings, LedgerKind::Visits, LedgerKind::Problems] {
        out.push(write(store, kind, period, None, dir, today)?);
    }
    // Two members of one name (allowed: their phones differ) get two files, not one overwriting the
    // other: the later ones are told apart by the end of their phone number, or a number.
    let mut seen: Vec<String> = Vec::new();
    for m in members_in(store, p)? {
        let same = seen.iter().filter(|n| **n == m.name).count();
        let suffix = match (same, m.phone.as_deref()) {
            (0, _) => String::new(),
            (_, Some(ph)) if ph.chars().count() >= 4 => format!("（{}）", ph.chars().skip(ph.chars().count() - 4).collect::<String>()),
            (n, _) => format!("（{}）", n + 1),
        };
        seen.push(m.name.clone());
        out.push(write_as(store, LedgerKind::Worklog, period, Some(&m.id), dir, today, &suffix)?);
    }
    Ok(out)
}

/// `out` itself, or `out/<name>.xlsx` when it is a folder. The name comes from data (a member's name,
/// a month): it is made safe, so the file lands inside `out` whatever it holds.
pub(crate) fn target(out: &Path, name: &str) -> Result<PathBuf> {
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

/// Column widths (Excel's units: a CJK character is 2) of the 考勤台账's two halves for a month of
/// `days` days: day columns hold one mark (√ 公 假 休 节 —) each.
fn attendance_widths(days: usize) -> (Vec<f64>, Vec<f64>) {
    const DAY: f64 = 3.5;
    let mut w1 = vec![4.5, 8.0, 8.0, 18.0];
    w1.extend(std::iter::repeat_n(DAY, 15));
    let mut w2 = vec![4.5, 8.0];
    w2.extend(std::iter::repeat_n(DAY, days - 15));
    w2.extend([5.0, 5.0, 5.0, 6.0, 6.0, 5.0, 24.0]);
    (w1, w2)
}

const LEAVE_WIDTHS: [f64; 14] = [4.5, 8.0, 8.0, 5.0, 20.0, 15.0, 15.0, 5.0, 6.0, 9.0, 10.0, 11.0, 11.0, 7.0];
/// 序号 姓名 性别 出生年月 政治面貌 派出单位 原单位及职务 驻村职务 驻村开始 离队日期 联系电话.
const PERSONNEL_WIDTHS: [f64; 11] = [4.5, 8.0, 4.5, 8.0, 11.0, 24.0, 26.0, 8.0, 11.0, 11.0, 12.5];
/// Portrait, as the paper log is.
const WORKLOG_WIDTHS: [f64; 7] = [11.0, 4.0, 6.0, 4.0, 10.0, 44.0, 14.0];
const MEETINGS_WIDTHS: [f64; 8] = [4.5, 11.0, 9.0, 18.0, 12.0, 7.0, 26.0, 44.0];

/// The 考勤台账 in two sheets: 1—15日 with who the members are, 16日—月末 with the month's counts.
fn attendance_ledger(store: &Store, p: Period, today: NaiveDate) -> Result<Vec<Ledger>> {
    let month = attendance::attendance_month(store, &p.to_string(), today)?;
    let roster = members_in(store, p)?;
    let days = p.days() as usize;
    let (first, last) = p.range();
    let mut h1: Vec<String> = ["序号", "姓名", "职务", "派出单位"].map(String::from).to_vec();
    h1.extend((1..=15).map(|d| d.to_string()));
    let mut h2: Vec<String> = ["序号", "姓名"].map(String::from).to_vec();
    h2.extend((16..=days).map(|d| d.to_string()));
    h2.extend(["在村天数", "住村晚数", "请假天数", "公务外出天数", "应在村天数", "月度情况", "备注"].map(String::from));
    let (w1, w2) = attendance_widths(days);
    let (mut rows1, mut rows2) = (Vec::new(), Vec::new());
    let mut sums = [0f64; 5];
    for (i, m) in month.members.iter().enumerate() {
        let unit = roster.iter().find(|r| r.id == m.member_id).and_then(|r| r.unit.clone()).unwrap_or_default();
        let n = Cell::Number((i + 1) as f64);
        let marks: Vec<Cell> = m.cells.iter().map(|c| Cell::Text(mark(c).to_string())).collect();
        let mut row1: Vec<Cell> = vec![n.clone(), m.name.as_str().into(), m.role.as_str().into(), unit.into()];
        row1.extend(marks.iter().take(15).cloned());
        let mut row2: Vec<Cell> = vec![n, m.name.as_str().into()];
        row2.extend(marks.iter().skip(15).cloned());
        let official = m.cells.iter().filter(|c| c.status == Some(LogStatus::Official)).count() as f64;
        let a1 = m.findings.iter().find(|f| f.rule == "A1");
        let required = a1.map_or(0, |f| f.required) as f64;
        let state = a1.map(|f| f.state_zh()).unwrap_or_default().to_string();
        let short_weeks: Vec<String> = m
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("A2") && f.status == Status::Short && !f.in_progress)
            .map(|f| format!("{}{}", week_name(&f.period), if f.rule == "A2.days" { "在村不足" } else { "住村不足" }))
            .collect();
        let values = [m.days_in_village as f64, m.nights as f64, m.leave_days, official, required];
        for (s, v) in sums.iter_mut().zip(values) {
            *s += v;
        }
        row2.extend(values.iter().map(|v| Cell::Number(*v)));
        row2.push(state.into());
        row2.push(short_weeks.join("；").into());
        rows1.push(row1);
        rows2.push(row2);
    }
    let count: Cell = format!("{}人", rows1.len()).into();
    let mut t1: Vec<Cell> = vec!["合计".into(), count.clone(), Cell::Empty, Cell::Empty];
    t1.extend(std::iter::repeat_n(Cell::Empty, 15));
    let mut t2: Vec<Cell> = vec!["合计".into(), count];
    t2.extend(std::iter::repeat_n(Cell::Empty, days - 15));
    t2.extend(sums.iter().map(|v| Cell::Number(*v)));
    t2.extend([Cell::Empty, Cell::Empty]);
    let notes = vec![
        "说明：√ 在村　公 公务外出　假 请假　休 休息　节 法定节假日（未填日志）　— 不在驻村期间　空白 未填日志。数据来自驻村帮扶工作日志和已批准的请假；应在村天数按月度要求（A1）计算，请假不减少月度要求。本月分两页：1—15日、16日—月末。".to_string(),
        SIGNATURES.to_string(),
    ];
    let y = first.year();
    let m = first.month();
    Ok(vec![
        Ledger {
            sheet: "考勤台账（1—15日）".into(),
            period: format!("时间：{y}年{m}月1日—15日"),
            headers: h1,
            widths: w1,
            centered: (4..4 + 15).collect(),
            rows: rows1,
            totals: Some(t1),
            notes: notes.clone(),
            landscape: true,
            ..Default::default()
        },
        Ledger {
            sheet: format!("考勤台账（16—{}日）", last.day()),
            period: format!("时间：{y}年{m}月16日—{}日", last.day()),
            headers: h2,
            widths: w2,
            centered: (2..2 + days - 15).collect(),
            rows: rows2,
            totals: Some(t2),
            notes,
            landscape: true,
            ..Default::default()
        },
    ])
}

/// A week as people say it: 9月9日—15日; 9月30日—10月6日 across months; with years across years.
fn week_name(period: &str) -> String {
    match Period::parse(period) {
        Ok(w @ Period::Week { .. }) => {
            let (a, b) = w.range();
            if a.year() != b.year() {
                format!("{}年{}月{}日—{}年{}月{}日", a.year(), a.month(), a.day(), b.year(), b.month(), b.day())
            } else if a.month() != b.month() {
                format!("{}月{}日—{}月{}日", a.month(), a.day(), b.month(), b.day())
            } else {
                format!("{}月{}日—{}日", a.month(), a.day(), b.day())
            }
        }
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
    let widths = LEAVE_WIDTHS.to_vec();
    let mut total = 0.0;
    // Days of approved leave in this month, cut at the report of return: what the 考勤台账 counts. A
    // voided leave (作废) stays listed, marked 已作废, and counts for nothing.
    let in_month = |l: &wl::LeaveRow| -> f64 {
        if l.voided() {
            return 0.0;
        }
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
    let voided = leaves.iter().filter(|l| l.voided()).count();
    let count = rows.len() - voided;
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
                "说明：列出与本月有交集的请假（已撤回的除外）。请假天数为申请的全部天数，按半天计、含周末；本月实际请假天数只计已批准、销假之前、落在本月的部分，与考勤台账一致。{}天以内由乡镇审批，更长的报县委组织部审批。{}",
                days_text(wl::rule_params(store.read())?.township_max_days),
                if voided > 0 { format!("其中已作废{voided}人次，不计入合计（作废的原因见修改记录）。") } else { String::new() }
            ),
            SIGNATURES.into(),
        ],
        landscape: true,
        ..Default::default()
    })
}

/// 人员信息台账: who the team's members are, as the township's form asks it (性别, 出生年月, 政治面貌,
/// 派出单位, 原单位及职务, 驻村职务, the assignment's dates and the phone), one row a member in the team
/// at any time of the month (one who left during it included, with the day).
fn personnel_ledger(store: &Store, p: Period) -> Result<Ledger> {
    let headers = ["序号", "姓名", "性别", "出生年月", "政治面貌", "派出单位", "原单位及职务", "驻村职务", "驻村开始", "离队日期", "联系电话"]
        .map(String::from)
        .to_vec();
    let opt = |v: &Option<String>| Cell::from(v.clone().unwrap_or_default());
    let rows: Vec<Vec<Cell>> = members_in(store, p)?
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                Cell::Number((i + 1) as f64),
                m.name.as_str().into(),
                opt(&m.sex),
                // 1985.03, as personnel forms write a month.
                m.birth_month.as_deref().map(|b| b.replace('-', ".")).unwrap_or_default().into(),
                opt(&m.politics),
                opt(&m.unit),
                opt(&m.post),
                m.role.as_str().into(),
                m.from_date.as_str().into(),
                opt(&m.to_date),
                opt(&m.phone),
            ]
        })
        .collect();
    let mut totals: Vec<Cell> = vec!["合计".into(), format!("{}人", rows.len()).into()];
    totals.extend(std::iter::repeat_n(Cell::Empty, 9));
    Ok(Ledger {
        sheet: "人员信息台账".into(),
        headers,
        widths: PERSONNEL_WIDTHS.to_vec(),
        rows,
        totals: Some(totals),
        notes: vec![
            "说明：列出本月在队的全部队员（本月离队的也列出，并写明离队日期）；派出单位为选派队员的单位，原单位及职务为队员在原单位的职务。信息有误请在“设置—工作队成员”中编辑，修改留有记录。".into(),
            SIGNATURES.into(),
        ],
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
    let visits = zhucun_store::visits::visits(store.read(), &zhucun_store::visits::VisitQuery { from: Some(a), to: Some(b), member_id: Some(member_id), ..Default::default() })?;
    let cal = calendar(store)?;
    let village = village_name(store, Some(&m.team_id))?;
    let village = if village.is_empty() { m.village.clone() } else { village };
    let headers = ["日期", "星期", "在村情况", "住村", "工作类别", "工作内容", "当日会议"].map(String::from).to_vec();
    let widths = WORKLOG_WIDTHS.to_vec();
    let weekday = ["一", "二", "三", "四", "五", "六", "日"];
    let mut rows = Vec::new();
    let (mut days, mut nights) = (0, 0);
    for d in a.iter_days().take_while(|d| *d <= b) {
        let log = logs.iter().find(|l| l.date == d.to_string());
        let held: Vec<String> = meetings
            .iter()
            .filter(|x| x.date == d.to_string() && (x.host_id.as_deref() == Some(member_id) || x.attendees.iter().any(|a| a == member_id)))
            .map(|x| format!("{}：{}", kind_shown(&x.kind), x.topic))
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
            // A back-filled log says so in its row: 走访农户（补填于10月8日）.
            Cell::Text({
                let text = log.map(|l| match crate::attendance::backfill_note(l) {
                    Some(note) => format!("{}（{note}）", l.content),
                    None => l.content.clone(),
                }).unwrap_or_default();
                // The day's visits, from the visit register (V4): typed once, printed here too.
                match crate::visits::visits_line(visits.iter().filter(|v| v.date == d.to_string())) {
                    Some(line) if text.is_empty() => line,
                    Some(line) => format!("{text}\n{line}"),
                    None => text,
                }
            }),
            Cell::Text(held.join("；")),
        ]);
    }
    Ok(Ledger {
        sheet: format!("{}工作日志", m.name),
        unit: format!("姓名：{}　职务：{}　所在村：{village}", m.name, m.role),
        page_header: format!("{village}驻村工作队　{}", m.name),
        headers,
        widths,
        rows,
        totals: Some(vec!["合计".into(), Cell::Empty, format!("在村{days}天").into(), format!("{nights}晚").into(), Cell::Empty, Cell::Empty, Cell::Empty]),
        notes: vec!["本人签字：                    第一书记审核：                    日期：".into()],
        landscape: false,
        ..Default::default()
    })
}

/// Who took part, as the ledger prints it: the team members by name, then the others as written
/// with their number (周建国、李娟；村两委成员（5人）).
fn participants(m: &wl::MeetingRow) -> String {
    let mut parts = Vec::new();
    if !m.attendee_names.is_empty() {
        parts.push(m.attendee_names.join("、"));
    }
    match (m.others.trim(), m.others_count) {
        ("", Some(n)) if n > 0 => parts.push(format!("其他参会人员{n}人")),
        ("", _) => {}
        (o, Some(n)) if n > 0 => parts.push(format!("{o}（{n}人）")),
        (o, _) => parts.push(o.to_string()),
    }
    parts.join("；")
}

fn meetings_ledger(store: &Store, p: Period) -> Result<Ledger> {
    let (a, b) = p.range();
    let meetings = wl::meetings(store.read(), a, b)?;
    let voided = wl::meetings_with_voided(store.read(), a, b, true)?.len() - meetings.len();
    let headers = ["序号", "日期", "会议类型", "会议主题", "地点", "主持人", "参会人员", "会议记录"].map(String::from).to_vec();
    let widths = MEETINGS_WIDTHS.to_vec();
    let rows: Vec<Vec<Cell>> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                Cell::Number((i + 1) as f64),
                m.date.as_str().into(),
                kind_shown(&m.kind).into(),
                m.topic.as_str().into(),
                m.place.as_str().into(),
                m.host_name.clone().unwrap_or_default().into(),
                participants(m).into(),
                m.minutes.as_str().into(),
            ]
        })
        .collect();
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for m in &meetings {
        let kind = kind_shown(&m.kind);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind.to_string(), 1)),
        }
    }
    let by_kind = kinds.iter().map(|(k, n)| format!("{k}{n}次")).collect::<Vec<_>>().join("、");
    let mut totals: Vec<Cell> = vec!["合计".into(), format!("{}次", rows.len()).into()];
    totals.extend(std::iter::repeat_n(Cell::Empty, 6));
    let min = wl::rule_params(store.read())?.weekly_min_minutes_chars;
    let minutes_rule = if min > 0 { format!("周例会的会议记录不足{min}个字的，不计入每周例会要求。") } else { String::new() };
    let voided_note = if voided > 0 { format!("另有{voided}次会议记录已作废，未列入（作废的原因见修改记录）。") } else { String::new() };
    Ok(Ledger {
        sheet: "会议记录台账".into(),
        headers,
        widths,
        rows,
        totals: Some(totals),
        notes: vec![
            format!(
                "说明：列出本月召开的全部会议（周例会、党课、领学、主题党日、村支两委会、院落会（屋场会）、村民代表大会等），来自会议记录；参会人员先列驻村队员，再列村两委、群众代表等其他参会人员。{minutes_rule}{}{voided_note}",
                if by_kind.is_empty() { "本月没有会议记录。".to_string() } else { format!("本月：{by_kind}。") }
            ),
            SIGNATURES.into(),
        ],
        landscape: true,
        ..Default::default()
    })
}

/// A meeting's kind as a township reads it: 院落会 with its Hunan name, 院落会（屋场会）.
fn kind_shown(kind: &str) -> &str {
    match MeetingKind::parse(kind) {
        Ok(k) => k.display(),
        Err(_) => kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_named_by_their_days() {
        assert_eq!(week_name("2024-W37"), "9月9日—15日");
        assert_eq!(week_name("2024-W40"), "9月30日—10月6日");
        assert_eq!(week_name("2025-W01"), "2024年12月30日—2025年1月5日");
        assert_eq!(week_name("2024-09"), "2024-09");
    }

    #[test]
    fn the_personnel_ledger_lists_who_the_members_are() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let input = crate::members::MemberInput {
            name: "周建国".into(),
            role: "第一书记".into(),
            from: d("2024-01-01"),
            phone: Some("13907391001".into()),
            unit: Some("县委组织部".into()),
            sex: Some("男".into()),
            birth_month: Some("1982-07".into()),
            politics: Some("中共党员".into()),
            post: Some("县委组织部组织二股股长".into()),
            ..Default::default()
        };
        crate::members::add_member(&mut s, &input).unwrap();
        let gone = crate::members::MemberInput { name: "李娟".into(), role: "队员".into(), to: Some(d("2024-08-31")), ..input.clone() };
        crate::members::add_member(&mut s, &gone).unwrap();
        let l = personnel_ledger(&s, Period::parse("2024-09").unwrap()).unwrap();
        assert_eq!(l.headers, ["序号", "姓名", "性别", "出生年月", "政治面貌", "派出单位", "原单位及职务", "驻村职务", "驻村开始", "离队日期", "联系电话"]);
        assert_eq!(l.widths.len(), l.headers.len());
        let texts: Vec<String> = l.rows[0].iter().map(|c| match c { Cell::Text(t) => t.clone(), Cell::Number(n) => n.to_string(), Cell::Empty => String::new() }).collect();
        assert_eq!(texts, ["1", "周建国", "男", "1982.07", "中共党员", "县委组织部", "县委组织部组织二股股长", "第一书记", "2024-01-01", "", "13907391001"]);
        assert_eq!(l.rows.len(), 1, "a member who left before the month is not listed");
        assert!(printed_font_pt_of(&l) >= 9.0);
    }

    fn printed_font_pt_of(l: &Ledger) -> f64 {
        zhucun_roster::ledger::printed_font_pt(l)
    }

    fn texts(row: &[Cell]) -> Vec<String> {
        row.iter().map(|c| match c { Cell::Text(t) => t.clone(), Cell::Number(n) => n.to_string(), Cell::Empty => String::new() }).collect()
    }

    #[test]
    fn a_voided_leave_is_listed_but_not_counted() {
        use crate::corrections::Trace;
        use crate::leave::{add_leave, approve_leave, void_leave, ApprovalInput, LeaveInput};
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let input = crate::members::MemberInput { name: "张三".into(), role: "队员".into(), from: d("2024-09-01"), ..Default::default() };
        let m = crate::members::add_member(&mut s, &input).unwrap();
        let today = d("2024-09-20");
        let mut ids = Vec::new();
        for (from, to) in [("2024-09-09", "2024-09-10"), ("2024-09-23", "2024-09-24")] {
            let l = add_leave(&mut s, &LeaveInput { member_id: m.clone(), kind: "事假".into(), from: from.into(), to: to.into(), reason: "家中有事".into() }, today).unwrap();
            approve_leave(&mut s, &l.id, &ApprovalInput { by: "李书记".into(), level: "乡镇".into(), ..Default::default() }, today).unwrap();
            ids.push(l.id);
        }
        let before = leave_ledger(&s, Period::parse("2024-09").unwrap()).unwrap();
        assert_eq!((texts(before.totals.as_ref().unwrap())[1].as_str(), texts(before.totals.as_ref().unwrap())[8].as_str()), ("2人次", "4"));
        void_leave(&mut s, &ids[1], &Trace { by: "王五".into(), reason: "重复登记".into() }, today).unwrap();
        let l = leave_ledger(&s, Period::parse("2024-09").unwrap()).unwrap();
        assert_eq!(l.rows.len(), 2, "still listed");
        assert_eq!(texts(&l.rows[1]).last().map(String::as_str), Some("已作废"));
        assert_eq!(texts(&l.rows[1])[8], "0", "its days count for nothing");
        let totals = texts(l.totals.as_ref().unwrap());
        assert_eq!((totals[1].as_str(), totals[8].as_str()), ("1人次", "2"));
        assert!(l.notes[0].contains("其中已作废1人次，不计入合计"), "{}", l.notes[0]);
        assert!(!before.notes[0].contains("已作废"));
    }

    #[test]
    fn a_院落会_prints_with_its_hunan_name() {
        assert_eq!(kind_shown("院落会"), "院落会（屋场会）");
        assert_eq!(kind_shown("屋场会"), "院落会（屋场会）");
        assert_eq!(kind_shown("周例会"), "周例会");
        assert_eq!(kind_shown("茶话会"), "茶话会");
    }

    #[test]
    fn participants_list_the_team_then_the_others() {
        let m = |names: &[&str], others: &str, n: Option<i64>| wl::MeetingRow {
            id: String::new(),
            team_id: String::new(),
            kind: "周例会".into(),
            date: "2024-09-02".into(),
            topic: String::new(),
            place: String::new(),
            host_id: None,
            host_name: None,
            attendees: vec![],
            attendee_names: names.iter().map(|s| s.to_string()).collect(),
            others: others.into(),
            others_count: n,
            minutes: String::new(),
            voided_on: None,
        };
        assert_eq!(participants(&m(&["周建国", "李娟"], "", None)), "周建国、李娟");
        assert_eq!(participants(&m(&["周建国"], "村两委成员", Some(5))), "周建国；村两委成员（5人）");
        assert_eq!(participants(&m(&["周建国"], "", Some(12))), "周建国；其他参会人员12人");
        assert_eq!(participants(&m(&[], "王五、赵六", None)), "王五、赵六");
        assert_eq!(participants(&m(&[], "", Some(0))), "");
    }

    #[test]
    fn every_ledger_prints_at_nine_points_or_more() {
        use zhucun_roster::ledger::{fit_scale, printed_font_pt};
        let (h1, h2) = attendance_widths(31);
        let sheets: [(&str, Vec<f64>, bool); 6] = [
            ("考勤 1—15日", h1, true),
            ("考勤 16—31日", h2, true),
            ("请销假", LEAVE_WIDTHS.to_vec(), true),
            ("人员信息", PERSONNEL_WIDTHS.to_vec(), true),
            ("工作日志", WORKLOG_WIDTHS.to_vec(), false),
            ("会议记录", MEETINGS_WIDTHS.to_vec(), true),
        ];
        for (name, widths, landscape) in sheets {
            let l = Ledger { headers: widths.iter().map(|_| String::new()).collect(), widths, landscape, ..Default::default() };
            assert!(printed_font_pt(&l) >= 9.0, "{name}: {} pt at scale {}", printed_font_pt(&l), fit_scale(&l));
        }
    }
}
