//! `zhucun problem`: the 问题台账 (add, edit, 开始整改, 销号, 撤销销号, 作废, list).

use crate::{date_arg, json, today, Failure};
use clap::Subcommand;
use std::path::Path;
use zhucun_core::corrections::Trace;
use zhucun_core::problems::{self as pr, ProblemClose, ProblemInput};
use zhucun_core::Store;
use zhucun_store::problems::{ProblemFilter, ProblemRow};

#[derive(Subcommand)]
pub enum ProblemCommand {
    /// 登记一个问题（状态：待整改），输出其编号
    Add {
        /// 村（名称或编号；只有一个村时可不写）
        #[arg(long)]
        village: Option<String>,
        /// 农户的户编号（村里的问题不写）
        #[arg(long)]
        household: Option<String>,
        /// 来源：走访、会议、督导检查、自查、上级交办
        #[arg(long)]
        source: String,
        /// 类别：义务教育、基本医疗、住房安全、饮水安全、收入就业、环境卫生、政策落实、其他
        #[arg(long)]
        category: String,
        /// 存在问题
        #[arg(long)]
        text: String,
        /// 发现日期（默认今天）
        #[arg(long, value_name = "DATE")]
        found: Option<String>,
        /// 责任人
        #[arg(long, default_value = "")]
        owner: String,
        /// 整改时限
        #[arg(long, value_name = "DATE")]
        deadline: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 修改一个问题（只写要改的项），修改记录保留修改人、原因和改前改后
    Edit {
        id: String,
        /// 农户的户编号；写“村”改为村里的问题
        #[arg(long)]
        household: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_name = "DATE")]
        found: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// 整改时限；写“空”或 none 清除
        #[arg(long, value_name = "DATE")]
        deadline: Option<String>,
        /// 修改人姓名（必填）
        #[arg(long)]
        by: String,
        /// 修改原因
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 开始整改（待整改 → 整改中）
    Start {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 销号：须写明整改措施及结果、销号日期和审批人（规则 L1）
    Close {
        id: String,
        /// 整改措施及结果
        #[arg(long)]
        resolution: String,
        /// 销号审批人
        #[arg(long)]
        by: String,
        /// 销号日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 撤销误操作的销号（回到整改中），须写明修改人和原因
    Reopen {
        id: String,
        #[arg(long)]
        by: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 作废误登记的问题（不删除），须写明修改人和原因
    Void {
        id: String,
        #[arg(long)]
        by: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 按规则 L1 检查已销号的问题：整改措施及结果、销号日期和审批人是否齐全
    Check {
        #[arg(long)]
        json: bool,
    },
    /// 列出问题（按发现日期）
    List {
        /// 待整改、整改中、已销号，或 未销号
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        category: Option<String>,
        /// 组（名称，如 1组）
        #[arg(long)]
        group: Option<String>,
        /// 农户的户编号
        #[arg(long)]
        household: Option<String>,
        /// 只列出已超期的
        #[arg(long)]
        overdue: bool,
        /// 也列出已作废的
        #[arg(long)]
        voided: bool,
        #[arg(long)]
        json: bool,
    },
}

fn print(p: &ProblemRow, as_json: bool) -> Result<(), Failure> {
    if as_json {
        return json(p);
    }
    outln!("{}", p.id);
    outln!("{}", line(p));
    Ok(())
}

fn subject(p: &ProblemRow) -> String {
    match (&p.household_number, &p.head_name) {
        (Some(n), h) => format!("{n} {}", h.as_deref().unwrap_or("")).trim().to_string(),
        (None, _) => format!("{}（村）", p.village_name),
    }
}

fn line(p: &ProblemRow) -> String {
    let mut state = p.status.clone();
    if p.voided_on.is_some() {
        state = "已作废".into();
    } else if p.overdue {
        state.push_str("（已超期）");
    }
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        p.found_on,
        p.source,
        subject(p),
        p.category,
        p.description,
        p.owner,
        p.deadline.as_deref().unwrap_or(""),
        state,
        match (&p.closed_on, &p.approver) {
            (Some(d), Some(a)) => format!("{d} {a}：{}", p.resolution.as_deref().unwrap_or("")),
            _ => String::new(),
        }
    )
}

fn opt_date(what: &str, d: Option<String>) -> Result<Option<chrono::NaiveDate>, Failure> {
    d.map(|d| date_arg(what, &d)).transpose()
}

pub fn problem(cmd: ProblemCommand, path: &Path) -> Result<(), Failure> {
    let today = today()?;
    match cmd {
        ProblemCommand::Add { village, household, source, category, text, found, owner, deadline, json: as_json } => {
            let mut store = Store::open(path)?;
            let village_id = crate::village_id(&store, village.as_deref())?;
            let household_id = household.map(|h| pr::household_by_number(&store, &h)).transpose()?;
            let input = ProblemInput {
                village_id,
                household_id,
                source,
                category,
                description: text,
                found_on: opt_date("--found", found)?.unwrap_or(today),
                owner,
                deadline: opt_date("--deadline", deadline)?,
            };
            let p = pr::add(&mut store, &input, today)?;
            print(&p, as_json)?;
        }
        ProblemCommand::Edit { id, household, source, category, text, found, owner, deadline, by, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            let p = pr::get(&store, &id, today)?;
            let household_id = match household.as_deref().map(str::trim) {
                Some("村" | "") => None,
                Some(h) => Some(pr::household_by_number(&store, h)?),
                None => p.household_id.clone(),
            };
            let input = ProblemInput {
                village_id: Some(p.village_id.clone()),
                household_id,
                source: source.unwrap_or(p.source),
                category: category.unwrap_or(p.category),
                description: text.unwrap_or(p.description),
                found_on: match found {
                    Some(f) => date_arg("--found", &f)?,
                    None => date_arg("发现日期", &p.found_on)?,
                },
                owner: owner.unwrap_or(p.owner),
                deadline: match deadline.as_deref().map(str::trim) {
                    Some("空" | "none" | "") => None,
                    Some(d) => Some(date_arg("--deadline", d)?),
                    None => opt_date("整改时限", p.deadline)?,
                },
            };
            let p = pr::update(&mut store, &id, &input, &Trace { by, reason }, today)?;
            print(&p, as_json)?;
        }
        ProblemCommand::Start { id, json: as_json } => {
            let mut store = Store::open(path)?;
            print(&pr::start(&mut store, &id, today)?, as_json)?;
        }
        ProblemCommand::Close { id, resolution, by, date, json: as_json } => {
            let mut store = Store::open(path)?;
            let c = ProblemClose { resolution, closed_on: Some(opt_date("--date", date)?.unwrap_or(today)), approver: by };
            print(&pr::close(&mut store, &id, &c, today)?, as_json)?;
        }
        ProblemCommand::Reopen { id, by, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            print(&pr::reopen(&mut store, &id, &Trace { by, reason }, today)?, as_json)?;
        }
        ProblemCommand::Void { id, by, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            print(&pr::void(&mut store, &id, &Trace { by, reason }, today)?, as_json)?;
        }
        ProblemCommand::Check { json: as_json } => {
            let store = Store::open_existing(path)?;
            let findings = pr::check_l1(&store, today)?;
            if as_json {
                json(&findings)?;
            } else {
                outln!("规则\t对象\t要求\t实际\t结果\t说明");
                for f in &findings {
                    outln!("{}\t{}\t{}\t{}\t{}\t{}", f.rule, f.subject_label, f.required, f.found, f.state_zh(), f.explain);
                }
                let short = findings.iter().filter(|f| f.status == zhucun_domain::rules::Status::Short).count();
                outln!("共 {} 条已销号问题，其中销号信息不全 {} 条", findings.len(), short);
            }
        }
        ProblemCommand::List { status, category, group, household, overdue, voided, json: as_json } => {
            let store = Store::open_existing(path)?;
            let household_id = household.map(|h| pr::household_by_number(&store, &h)).transpose()?;
            let group_id = match group {
                Some(g) => {
                    let groups: Vec<_> = zhucun_store::households::villages(store.read())?.into_iter().flat_map(|v| v.groups).filter(|x| x.name == g.trim()).collect();
                    match groups.as_slice() {
                        [one] => Some(one.id.clone()),
                        [] => return Err(Failure { message: format!("没有名为“{}”的组。", crate::terminal(&g)) }),
                        _ => return Err(Failure { message: format!("有多个名为“{}”的组（在不同的村）。", crate::terminal(&g)) }),
                    }
                }
                None => None,
            };
            let filter = ProblemFilter { status, category, group_id, household_id, overdue, voided };
            let rows = pr::list(&store, &filter, today)?;
            if as_json {
                json(&rows)?;
            } else {
                outln!("发现日期\t来源\t农户/村\t类别\t存在问题\t责任人\t整改时限\t状态\t销号");
                for r in &rows {
                    outln!("{}", line(r));
                }
                let over = rows.iter().filter(|r| r.overdue).count();
                outln!("共 {} 条，其中已超期 {} 条", rows.len(), over);
            }
        }
    }
    Ok(())
}
