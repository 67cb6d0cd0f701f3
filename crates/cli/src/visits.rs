//! `zhucun visit add|edit|delete|list`, `zhucun check visits|coverage` and
//! `zhucun household set --whole-family-away`.

use crate::{date_arg, json, terminal, today, Failure};
use clap::Subcommand;
use std::path::Path;
use zhucun_core::corrections::Trace;
use zhucun_core::visits::{self as v, CheckInput, NewVisitProblem, VisitFilter, VisitInput};
use zhucun_core::Store;
use zhucun_domain::visit::parse_checks;

#[derive(Subcommand)]
pub enum VisitCommand {
    /// 登记一次走访（打印编号）：当天入户走访的队员自动有在村日志（V4）；--problem 同时记入问题台账
    Add {
        /// 户编号
        #[arg(long)]
        household: String,
        /// 走访日期
        #[arg(long)]
        date: String,
        /// 入户、电话、微信、视频
        #[arg(long)]
        mode: String,
        /// 走访的工作队员编号（可多个，用逗号分隔）
        #[arg(long, value_delimiter = ',')]
        by: Vec<String>,
        /// 该户的结对帮扶干部也一同走访（常常不是工作队员）
        #[arg(long)]
        cadre: bool,
        /// 走访对象（见到的人）
        #[arg(long, default_value = "")]
        met: String,
        /// 走访内容：义务教育=ok,住房安全=problem:屋顶漏雨,...
        #[arg(long, default_value = "")]
        check: String,
        /// 走访情况
        #[arg(long, default_value = "")]
        text: String,
        /// 政策宣传（发放的明白纸等）
        #[arg(long, default_value = "")]
        policies: String,
        /// 群众诉求
        #[arg(long, default_value = "")]
        requests: String,
        /// 下一步
        #[arg(long, default_value = "")]
        next: String,
        /// 存在问题：每条记入问题台账（可写多次）
        #[arg(long)]
        problem: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// 修改一次走访（写明修改人和原因，留修改记录）；没写的项保持不变
    Edit {
        id: String,
        #[arg(long)]
        household: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        mode: Option<String>,
        #[arg(long, value_delimiter = ',')]
        by: Option<Vec<String>>,
        /// 结对干部是否一同走访：是、否
        #[arg(long)]
        cadre: Option<String>,
        #[arg(long)]
        met: Option<String>,
        #[arg(long)]
        check: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        policies: Option<String>,
        #[arg(long)]
        requests: Option<String>,
        #[arg(long)]
        next: Option<String>,
        /// 修改人
        #[arg(long = "editor")]
        editor: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 删除一次走访（登记错了：保留在修改记录里，不再计入任何规则和台账）
    Delete {
        id: String,
        /// 删除人
        #[arg(long = "editor")]
        editor: String,
        #[arg(long)]
        reason: String,
    },
    /// 列出走访
    List {
        /// 户编号
        #[arg(long)]
        household: Option<String>,
        /// 月份，如 2024-09
        #[arg(long)]
        period: Option<String>,
        /// 队员编号
        #[arg(long)]
        member: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn checks(text: &str) -> Result<Vec<CheckInput>, Failure> {
    let parsed = parse_checks(text).map_err(|e| Failure { message: format!("--check：{}。{}", e.message_zh(), e.hint_zh()) })?;
    Ok(parsed.into_iter().map(|c| CheckInput { item: c.item.label().into(), state: c.state.label().into(), note: c.note }).collect())
}

fn print_visit(r: &zhucun_store::visits::VisitRow) {
    let counts = if r.counts { "" } else { "（不计入：当日不是全家外出）" };
    outln!(
        "{}\t{}\t{}\t{}\t{}\t{}{}\t{}\t{}",
        r.id,
        r.date,
        terminal(&r.household_number),
        terminal(&r.head_name),
        terminal(&r.group),
        r.mode,
        counts,
        terminal(&r.visitors()),
        terminal(&zhucun_core::visits::checks_text(&r.checks))
    );
}

pub fn visit(cmd: VisitCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        VisitCommand::Add { household, date, mode, by, cadre, met, check, text, policies, requests, next, problem, json: as_json } => {
            let mut store = Store::open(path)?;
            let input = VisitInput {
                household_id: household,
                date: date_arg("--date", &date)?,
                mode,
                members: by.into_iter().filter(|b| !b.trim().is_empty()).collect(),
                cadre,
                met,
                checks: checks(&check)?,
                policies,
                requests,
                content: text,
                next_step: next,
                problems: problem.into_iter().map(|p| NewVisitProblem { description: p, ..Default::default() }).collect(),
            };
            let row = v::add_visit(&mut store, &input, today()?)?;
            if !row.counts {
                eprintln!("注意：{}当日不是全家外出，{}走访已登记，但不计入每月（年度）走访要求（V3）。", terminal(&row.household_label()), row.mode);
            }
            if as_json {
                json(&row)?;
            } else {
                outln!("{}", row.id);
            }
        }
        VisitCommand::Edit { id, household, date, mode, by, cadre, met, check, text, policies, requests, next, editor, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            let found = v::visit(&store, &id)?;
            let input = VisitInput {
                household_id: household.unwrap_or(found.household_id),
                date: date_arg("--date", date.as_deref().unwrap_or(&found.date))?,
                mode: mode.unwrap_or(found.mode),
                members: by.map_or(found.members, |b| b.into_iter().filter(|b| !b.trim().is_empty()).collect()),
                cadre: match cadre.as_deref() {
                    Some(c) => zhucun_domain::choice::parse_flag(c).map_err(|e| Failure { message: format!("--cadre：{}。", e.message_zh()) })?,
                    None => found.cadre_id.is_some(),
                },
                met: met.unwrap_or(found.met),
                checks: match check {
                    Some(c) => checks(&c)?,
                    None => found.checks.iter().map(|c| CheckInput { item: c.item.label().into(), state: c.state.label().into(), note: c.note.clone() }).collect(),
                },
                policies: policies.unwrap_or(found.policies),
                requests: requests.unwrap_or(found.requests),
                content: text.unwrap_or(found.content),
                next_step: next.unwrap_or(found.next_step),
                problems: Vec::new(),
            };
            let row = v::update_visit(&mut store, &id, &input, &Trace { by: editor, reason }, today()?)?;
            if as_json {
                json(&row)?;
            } else {
                print_visit(&row);
            }
        }
        VisitCommand::Delete { id, editor, reason } => {
            let mut store = Store::open(path)?;
            v::delete_visit(&mut store, &id, &Trace { by: editor, reason }, today()?)?;
            outln!("已删除走访 {id}（保留在修改记录里）");
        }
        VisitCommand::List { household, period, member, json: as_json } => {
            let store = Store::open(path)?;
            let (from, to) = match period.as_deref() {
                Some(p) => {
                    let p = zhucun_domain::rules::Period::parse(p).map_err(|e| Failure { message: format!("--period：{}。{}", e.message_zh(), e.hint_zh()) })?;
                    let (a, b) = p.range();
                    (Some(a), Some(b))
                }
                None => (None, None),
            };
            let rows = v::list_visits(&store, &VisitFilter { household_id: household, from, to, member_id: member })?;
            if as_json {
                json(&rows)?;
            } else {
                outln!("编号\t日期\t户编号\t户主\t组\t方式\t走访人\t走访内容");
                for r in &rows {
                    print_visit(r);
                }
            }
        }
    }
    Ok(())
}

/// `zhucun check visits --period YYYY-MM`.
pub fn check_visits(period: &str, as_json: bool, path: &Path) -> Result<(), Failure> {
    let store = Store::open(path)?;
    crate::records::print_findings(&v::check_visits(&store, period, today()?)?, as_json)
}

/// `zhucun check coverage [--from --to]`.
pub fn check_coverage(from: Option<String>, to: Option<String>, as_json: bool, path: &Path) -> Result<(), Failure> {
    let store = Store::open(path)?;
    let from = from.map(|f| date_arg("--from", &f)).transpose()?;
    let to = to.map(|t| date_arg("--to", &t)).transpose()?;
    crate::records::print_findings(&v::check_coverage(&store, from, to, today()?)?, as_json)
}

/// `zhucun household set 户编号 --whole-family-away 是|否 --since DATE`.
pub fn household_set(number: &str, away: &str, since: Option<String>, path: &Path) -> Result<(), Failure> {
    let mut store = Store::open(path)?;
    let away = zhucun_domain::choice::parse_flag(away).map_err(|e| Failure { message: format!("--whole-family-away：{}。", e.message_zh()) })?;
    let since = since.map(|s| date_arg("--since", &s)).transpose()?;
    let changed = v::set_whole_family_away(&mut store, number, away, since)?;
    let enrolled = zhucun_core::sync::ops::status(&store).map(|s| s.enrolled).unwrap_or(false);
    let what = match (away, since) {
        (true, Some(d)) => format!("自{d}起全家外出"),
        (true, None) => "全家外出".into(),
        (false, _) => "不是全家外出".into(),
    };
    if !changed {
        outln!("{}：已是{what}，未改动", terminal(number));
    } else if enrolled {
        outln!("{}：已改为{what}（花名册数据：随同步报县里确认）", terminal(number));
    } else {
        outln!("{}：已改为{what}", terminal(number));
    }
    Ok(())
}
