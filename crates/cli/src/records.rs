//! The team's records on the command line: `zhucun log`, `leave`, `meeting`, `check`, `param`,
//! `holiday` and `ledger`. Flags and output only; the use cases are `zhucun_core`'s.

use crate::{date_arg, json, today, Failure};
use clap::Subcommand;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use zhucun_core::Store;

#[derive(Subcommand)]
pub enum LogCommand {
    /// 填写（或改写）某队员某天的日志：每人每天一条，再次填写即替换
    Set {
        #[arg(long)]
        member: String,
        #[arg(long, value_name = "DATE")]
        date: String,
        /// 在村、公务外出、请假或休息
        #[arg(long)]
        status: String,
        /// 当晚在村住宿
        #[arg(long)]
        night: bool,
        /// 工作内容（在村、公务外出时必填，至少几个字见参数 log.min_content_chars，默认4个字）
        #[arg(long, default_value = "")]
        text: String,
        /// 工作类别，逗号分隔：入户走访、防返贫监测、环境卫生整治、农业生产、基层党建、会议、政策宣传…
        #[arg(long, value_delimiter = ',')]
        category: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// 删除某队员某天的日志（例如电脑日期错误时写成了将来的日子）
    Delete {
        #[arg(long)]
        member: String,
        #[arg(long, value_name = "DATE")]
        date: String,
    },
    /// 列出日志
    List {
        /// 月份（2024-09）或周（2024-W38）
        #[arg(long)]
        period: String,
        #[arg(long)]
        member: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum LeaveCommand {
    /// 提出请假，输出请假编号
    Add {
        #[arg(long)]
        member: String,
        /// 请假类型：事假、病假、公假、婚假、丧假、产假、年休假（以参数 leave.kinds 为准）
        #[arg(long = "type")]
        kind: String,
        /// 开始：日期，可加上午/下午（如 2024-09-10下午）；只写日期为上午
        #[arg(long, value_name = "DATE[上午|下午]")]
        from: String,
        /// 结束：日期，可加上午/下午；只写日期为下午
        #[arg(long, value_name = "DATE[上午|下午]")]
        to: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 批准请假（审批人不能是请假人本人）
    Approve {
        id: String,
        /// 审批人
        #[arg(long)]
        by: String,
        /// 审批人的层级：乡镇或县委组织部（不写则为请假天数对应的层级；乡镇不能审批需县委组织部审批的请假）
        #[arg(long)]
        level: Option<String>,
        /// 审批日期（不写为今天；不能晚于今天，可以早于登记请假的日子）
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// 文号
        #[arg(long)]
        doc: Option<String>,
        /// 请假条照片（.jpg、.png 或 .pdf，不超过10 MB），复制到本机附件文件夹；照片不随同步发送
        #[arg(long, value_name = "FILE")]
        photo: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// 作废已批准的请假（保留记录，不再计入考勤；修改记录里留下修改人和原因）
    Void {
        id: String,
        /// 修改人（姓名）
        #[arg(long)]
        by: String,
        /// 作废原因
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 导出一条请假的请假审批表（.xlsx，A4 一页）
    Form {
        id: String,
        /// 文件或文件夹
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 销假（回村报到的日期）
    Return {
        id: String,
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// 撤回尚未批准的请假
    Cancel {
        id: String,
    },
    /// 列出与某月有交集的请假
    List {
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MeetingCommand {
    /// 记录一次会议，输出其编号
    Add {
        /// 周例会、党课、领学、主题党日、村支两委会、院落会（屋场会）、村民代表大会或其他
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        topic: String,
        /// 地点，如 村部会议室
        #[arg(long, default_value = "")]
        place: String,
        /// 参会队员编号，逗号分隔
        #[arg(long, value_delimiter = ',')]
        attendees: Vec<String>,
        /// 主持（主讲）的队员编号（党课、领学默认第一书记）
        #[arg(long)]
        host: Option<String>,
        /// 队员以外的参会人员（村两委、群众代表等），写姓名或类别
        #[arg(long, default_value = "")]
        others: String,
        /// 队员以外的参会人数
        #[arg(long)]
        others_count: Option<i64>,
        /// 会议记录（周例会的会议记录至少几个字才计入每周例会，见参数 meeting.weekly_min_minutes_chars，默认10个字）
        #[arg(long, default_value = "")]
        minutes: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改一次会议（只写要改的项），修改记录保留修改人、原因和改前改后
    Edit {
        /// 会议编号（meeting list --json 可查）
        id: String,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// 参会队员编号，逗号分隔（写了即替换原来的名单）
        #[arg(long, value_delimiter = ',')]
        attendees: Option<Vec<String>>,
        /// 主持的队员编号；写空字符串为不填
        #[arg(long)]
        host: Option<String>,
        #[arg(long)]
        others: Option<String>,
        /// 队员以外的参会人数；写 -1 为不填
        #[arg(long, allow_hyphen_values = true)]
        others_count: Option<i64>,
        #[arg(long)]
        minutes: Option<String>,
        /// 修改人姓名（必填）
        #[arg(long)]
        by: String,
        /// 修改原因
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 作废一次误记的会议（不删除：保留记录和修改记录，不再计入会议要求和台账）
    Void {
        id: String,
        /// 作废人姓名（必填）
        #[arg(long)]
        by: String,
        /// 作废原因（必填），如 重复登记
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 列出某月的会议
    List {
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum CheckCommand {
    /// A1（月度在村天数）、A2（每周在村天数和住村晚数）、A3（请假审批）
    Attendance {
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// M1（周例会）、M2（半年党课）、M3（每月领学）
    Meetings {
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// V1（监测户每月走访），每户一条
    Visits {
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// 结对帮扶：月（P1–P3、D1–D2，另有 D4、D5 提醒）、季度（2024-Q3：评估、走访、D3）或年度（计划、收入核算）
    Pairing {
        /// 2024-09、2024-Q3 或 2024
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// V2（脱贫户、一般农户在覆盖期内至少走访1次），每户一条；不写日期时按参数 visit.window（默认本年度）
    Coverage {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ParamCommand {
    /// 列出全部参数、当前值、默认值和依据
    List {
        #[arg(long)]
        json: bool,
    },
    /// 设置参数
    Set {
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// 依据（文件名称和文号；未接入县里的电脑上必填）
        #[arg(long)]
        source: Option<String>,
        /// 以 JSON 输出改动的影响和保存后的参数
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum HolidayCommand {
    /// 列出某年的节假日和调休上班日
    List {
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// 把某天设为 休（放假）、班（调休上班）或 常（普通日）
    Set {
        #[arg(value_name = "DATE")]
        date: String,
        /// 休、班或常
        kind: String,
        /// 节日名称
        #[arg(long, default_value = "")]
        name: String,
    },
    /// 恢复某天为内置日历的安排
    Restore {
        #[arg(value_name = "DATE")]
        date: String,
    },
}

fn period_range(t: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    let p = zhucun_domain::rules::Period::parse(t).map_err(|e| Failure { message: format!("--period：{}。{}", e.message_zh(), e.hint_zh()) })?;
    Ok(p.range())
}

pub(crate) fn print_findings(findings: &[zhucun_domain::rules::Finding], as_json: bool) -> Result<(), Failure> {
    if as_json {
        return json(&findings);
    }
    outln!("规则\t期间\t对象\t要求\t实际\t结果\t说明");
    for f in findings {
        outln!("{}\t{}\t{}\t{}\t{}\t{}\t{}", f.rule, f.period, f.subject_label, f.required, f.found, f.state_zh(), f.explain);
    }
    let short = findings.iter().filter(|f| f.status == zhucun_domain::rules::Status::Short);
    let open = short.clone().filter(|f| f.in_progress).count();
    outln!("共 {} 条；不足 {} 条，另有 {} 条所在期间尚未结束（进行中）", findings.len(), short.count() - open, open);
    Ok(())
}

fn print_leave(l: &zhucun_store::worklog::LeaveRow, as_json: bool) -> Result<(), Failure> {
    if as_json {
        return json(l);
    }
    outln!("{}", l.id);
    outln!(
        "{}：{} {}{}至{}{}，共{}天，{}审批，{}",
        l.member_name,
        l.kind,
        l.from_date,
        l.from_half,
        l.to_date,
        l.to_half,
        zhucun_domain::worklog::days_text(l.days),
        l.approval_level,
        l.state
    );
    Ok(())
}

pub fn log(cmd: LogCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        LogCommand::Set { member, date, status, night, text, category, json: as_json } => {
            let mut store = Store::open(path)?;
            let input = zhucun_core::attendance::LogInput {
                member_id: member,
                date: date_arg("--date", &date)?,
                status,
                night,
                content: text,
                categories: category.into_iter().filter(|c| !c.trim().is_empty()).collect(),
            };
            let row = zhucun_core::attendance::set_log(&mut store, &input, today()?)?;
            // Contradictions are said, not refused: on stderr, the exit code stays 0.
            for w in zhucun_core::attendance::log_warnings(&store, &row.member_id, input.date, &row.status, row.night)? {
                eprintln!("提醒：{}", crate::terminal(&w.message));
            }
            if as_json {
                json(&row)?;
            } else {
                outln!("{}", row.id);
            }
        }
        LogCommand::Delete { member, date } => {
            let mut store = Store::open(path)?;
            let day = date_arg("--date", &date)?;
            zhucun_core::attendance::delete_log(&mut store, &member, day)?;
            outln!("已删除 {day} 的工作日志");
        }
        LogCommand::List { period, member, json: as_json } => {
            let store = Store::open(path)?;
            let (a, b) = period_range(&period)?;
            let rows = zhucun_core::attendance::logs(&store, member.as_deref(), a, b)?;
            if as_json {
                json(&rows)?;
            } else {
                outln!("日期\t姓名\t情况\t住村\t类别\t内容");
                for r in &rows {
                    outln!("{}\t{}\t{}\t{}\t{}\t{}", r.date, r.member_name, r.status, if r.night { "是" } else { "" }, r.categories.join("、"), r.content);
                }
                outln!("共 {} 条", rows.len());
            }
        }
    }
    Ok(())
}

pub fn leave(cmd: LeaveCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        LeaveCommand::Add { member, kind, from, to, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            let input = zhucun_core::leave::LeaveInput { member_id: member, kind, from, to, reason };
            let l = zhucun_core::leave::add_leave(&mut store, &input, today()?)?;
            print_leave(&l, as_json)?;
        }
        LeaveCommand::Approve { id, by, level, on, doc, photo, json: as_json } => {
            let mut store = Store::open(path)?;
            let approval = zhucun_core::leave::ApprovalInput {
                by,
                level: level.unwrap_or_default(),
                on: on.map(|d| date_arg("--on", &d)).transpose()?,
                doc,
                photo: photo.map(|p| p.display().to_string()),
            };
            let l = zhucun_core::leave::approve_leave(&mut store, &id, &approval, today()?)?;
            print_leave(&l, as_json)?;
            if !as_json && l.photo_file.is_some() {
                outln!("请假条照片已保存在本机附件文件夹（不随同步发送，校验码 SHA-256 {}）", l.photo_sha256.clone().unwrap_or_default());
            }
        }
        LeaveCommand::Void { id, by, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            let trace = zhucun_core::corrections::Trace { by, reason };
            let l = zhucun_core::leave::void_leave(&mut store, &id, &trace, today()?)?;
            print_leave(&l, as_json)?;
        }
        LeaveCommand::Form { id, out, json: as_json } => {
            let store = Store::open(path)?;
            let w = zhucun_core::leave_form::write_leave_form(&store, &id, &out)?;
            if as_json {
                json(&w)?;
            } else {
                outln!("已导出{}：{}", w.title, w.path);
            }
        }
        LeaveCommand::Return { id, date, json: as_json } => {
            let mut store = Store::open(path)?;
            let l = zhucun_core::leave::return_leave(&mut store, &id, date_arg("--date", &date)?, today()?)?;
            print_leave(&l, as_json)?;
        }
        LeaveCommand::Cancel { id } => {
            let mut store = Store::open(path)?;
            let l = zhucun_core::leave::cancel_leave(&mut store, &id, today()?)?;
            print_leave(&l, false)?;
        }
        LeaveCommand::List { period, json: as_json } => {
            let store = Store::open(path)?;
            let (a, b) = period_range(&period)?;
            let rows = zhucun_core::leave::leaves(&store, a, b)?;
            if as_json {
                json(&rows)?;
            } else {
                outln!("编号\t姓名\t类别\t开始\t结束\t天数\t审批层级\t状态\t事由");
                for l in &rows {
                    outln!(
                        "{}\t{}\t{}\t{}{}\t{}{}\t{}\t{}\t{}\t{}",
                        l.id, l.member_name, l.kind, l.from_date, l.from_half, l.to_date, l.to_half, zhucun_domain::worklog::days_text(l.days), l.approval_level, l.state, l.reason
                    );
                }
                outln!("共 {} 条", rows.len());
            }
        }
    }
    Ok(())
}

pub fn meeting(cmd: MeetingCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        MeetingCommand::Add { kind, date, topic, place, attendees, host, others, others_count, minutes, json: as_json } => {
            let mut store = Store::open(path)?;
            let input = zhucun_core::meetings::MeetingInput {
                kind,
                date: date_arg("--date", &date)?,
                topic,
                place,
                host_id: host,
                attendees: attendees.into_iter().filter(|a| !a.trim().is_empty()).collect(),
                others,
                others_count,
                minutes,
            };
            let m = zhucun_core::meetings::add_meeting(&mut store, &input, today()?)?;
            if as_json {
                json(&m)?;
            } else {
                outln!("{}", m.id);
            }
        }
        MeetingCommand::Edit { id, kind, date, topic, place, attendees, host, others, others_count, minutes, by, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            let found = zhucun_core::meetings::meeting(&store, &id)?;
            let input = zhucun_core::meetings::MeetingInput {
                kind: kind.unwrap_or(found.kind),
                date: match date {
                    Some(d) => date_arg("--date", &d)?,
                    None => date_arg("--date", &found.date)?,
                },
                topic: topic.unwrap_or(found.topic),
                place: place.unwrap_or(found.place),
                host_id: match host {
                    Some(h) if h.trim().is_empty() => None,
                    Some(h) => Some(h),
                    None => found.host_id,
                },
                attendees: attendees.map_or(found.attendees, |a| a.into_iter().filter(|a| !a.trim().is_empty()).collect()),
                others: others.unwrap_or(found.others),
                others_count: match others_count {
                    Some(n) if n < 0 => None,
                    Some(n) => Some(n),
                    None => found.others_count,
                },
                minutes: minutes.unwrap_or(found.minutes),
            };
            let trace = zhucun_core::corrections::Trace { by, reason };
            let m = zhucun_core::meetings::update_meeting(&mut store, &id, &input, &trace, today()?)?;
            if as_json {
                json(&m)?;
            } else {
                outln!("已修改：{} {} {}", m.date, m.kind, m.topic);
            }
        }
        MeetingCommand::Void { id, by, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            let trace = zhucun_core::corrections::Trace { by, reason };
            let m = zhucun_core::meetings::void_meeting(&mut store, &id, &trace, today()?)?;
            if as_json {
                json(&m)?;
            } else {
                outln!("已作废：{} {} {}", m.date, m.kind, m.topic);
            }
        }
        MeetingCommand::List { period, json: as_json } => {
            let store = Store::open(path)?;
            let (a, b) = period_range(&period)?;
            let rows = zhucun_core::meetings::meetings(&store, a, b)?;
            if as_json {
                json(&rows)?;
            } else {
                outln!("日期\t类型\t主题\t地点\t主持\t参会队员\t其他参会人员");
                for m in &rows {
                    let others = match m.others_count {
                        Some(n) if n > 0 => format!("{}（{n}人）", m.others),
                        _ => m.others.clone(),
                    };
                    let voided = if m.voided_on.is_some() { "（已作废）" } else { "" };
                    outln!(
                        "{}\t{}{voided}\t{}\t{}\t{}\t{}\t{others}",
                        m.date,
                        m.kind,
                        m.topic,
                        m.place,
                        m.host_name.as_deref().unwrap_or(""),
                        m.attendee_names.join("、")
                    );
                }
                outln!("共 {} 次", rows.len());
            }
        }
    }
    Ok(())
}

pub fn check(cmd: CheckCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        CheckCommand::Attendance { period, json: as_json } => {
            let store = Store::open(path)?;
            print_findings(&zhucun_core::attendance::check_attendance(&store, &period, today()?)?, as_json)?;
        }
        CheckCommand::Meetings { period, json: as_json } => {
            let store = Store::open(path)?;
            print_findings(&zhucun_core::meetings::check_meetings(&store, &period, today()?)?, as_json)?;
        }
        CheckCommand::Visits { period, json: as_json } => crate::visits::check_visits(&period, as_json, path)?,
        CheckCommand::Coverage { from, to, json: as_json } => crate::visits::check_coverage(from, to, as_json, path)?,
        CheckCommand::Pairing { period, json: as_json } => crate::handbook::check_pairing(&period, as_json, path)?,
    }
    Ok(())
}

pub fn param(cmd: ParamCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        ParamCommand::List { json: as_json } => {
            let store = Store::open(path)?;
            let rows = zhucun_core::settings::params(&store)?;
            if as_json {
                json(&rows)?;
            } else {
                outln!("参数\t当前值\t默认值\t单位\t含义\t依据");
                for p in &rows {
                    outln!("{}\t{}\t{}\t{}\t{}\t{}", p.key, p.value, p.default, p.unit, p.label, p.source);
                }
            }
        }
        ParamCommand::Set { key, value, source, json: as_json } => {
            let mut store = Store::open(path)?;
            // What the change does to this month's results, worked out before saving.
            let effect = zhucun_core::settings::param_effect(&store, &key, &value, today()?)?;
            let p = zhucun_core::settings::set_param(&mut store, &key, &value, source.as_deref())?;
            if as_json {
                json(&serde_json::json!({ "effect": effect, "param": p }))?;
            } else {
                outln!("{}", effect.sentence);
                for c in &effect.changes {
                    outln!("  {}\t{}（{}）\t{}\t{} → {}", c.subject_label, c.rule_zh, c.rule, c.period, c.before, c.after);
                }
                outln!("{} = {}（{}；默认 {}；依据 {}）", p.key, p.value, p.label, p.default, p.source);
            }
        }
    }
    Ok(())
}

pub fn holiday(cmd: HolidayCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        HolidayCommand::List { year, json: as_json } => {
            let store = Store::open(path)?;
            let rows = zhucun_core::settings::holidays(&store, year)?;
            if as_json {
                json(&rows)?;
            } else {
                outln!("日期\t安排\t名称\t来源");
                for h in &rows {
                    outln!("{}\t{}\t{}\t{}", h.date, h.kind, h.name, if h.edited { "已修改" } else { "内置" });
                }
            }
        }
        HolidayCommand::Set { date, kind, name } => {
            let mut store = Store::open(path)?;
            let d = date_arg("日期", &date)?;
            zhucun_core::settings::set_holiday(&mut store, d, &kind, &name)?;
            outln!("已设置 {d}：{kind} {name}");
        }
        HolidayCommand::Restore { date } => {
            let mut store = Store::open(path)?;
            let d = date_arg("日期", &date)?;
            zhucun_core::settings::restore_holiday(&mut store, d)?;
            outln!("已恢复 {d} 为内置安排");
        }
    }
    Ok(())
}

pub fn ledger(kind: String, period: String, target: PathBuf, member: Option<String>, as_json: bool, path: &Path) -> Result<(), Failure> {
    let store = Store::open(path)?;
    if kind == "all" || kind == "全部" {
        let all = zhucun_core::ledger::write_all(&store, &period, &target, today()?)?;
        if as_json {
            json(&all)?;
        } else {
            for w in &all {
                outln!("已导出{}：{}（{} 行）", w.title, w.path, w.rows);
            }
        }
        return Ok(());
    }
    let k = zhucun_core::ledger::LedgerKind::parse(&kind).ok_or_else(|| Failure {
        message: format!("台账类型“{kind}”不对：可选 attendance（考勤）、leave（请销假）、personnel（人员信息）、meetings（会议记录）、visits（走访情况登记表）、worklog（工作日志）、all（全部，写入一个文件夹）"),
    })?;
    let w = zhucun_core::ledger::write(&store, k, &period, member.as_deref(), &target, today()?)?;
    if as_json {
        json(&w)?;
    } else {
        outln!("已导出{}：{}（{} 行）", w.title, w.path, w.rows);
    }
    Ok(())
}
