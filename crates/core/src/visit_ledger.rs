//! The visit ledgers: the month's 走访情况登记表 (one row per visit, the plan's checks as columns, the
//! visitors, a column for the household's signature) and the list of households still owed a visit,
//! one sheet per group, to take into the field.

use crate::error::Result;
use crate::ledger::{target, LedgerWritten};
use crate::visits::Coverage;
use chrono::NaiveDate;
use std::path::Path;
use zhucun_domain::rules::Period;
use zhucun_domain::visit::{CheckItem, CheckState};
use zhucun_roster::ledger::{write_ledgers, Cell, Ledger};
use zhucun_store::visits::{self as sv, VisitQuery};
use zhucun_store::Store;

/// The checks printed as columns, in the plan's order.
pub const REGISTER_CHECKS: [CheckItem; 6] =
    [CheckItem::Family, CheckItem::Schooling, CheckItem::Medical, CheckItem::Housing, CheckItem::Water, CheckItem::Income];

/// 序号 日期 户编号 户主 组 方式 走访对象, six checks, 政策宣传 群众诉求 走访情况及下一步 走访人 户主签字.
const REGISTER_WIDTHS: [f64; 18] = [4.0, 10.5, 10.0, 7.0, 6.0, 5.0, 7.0, 8.0, 7.0, 7.0, 7.0, 7.0, 8.0, 10.0, 10.0, 20.0, 10.0, 8.0];

/// A check as the register prints it: 正常, 有问题：屋顶漏雨, or — (not checked).
pub fn check_cell(state: Option<(CheckState, &str)>) -> String {
    match state {
        Some((CheckState::Ok, _)) => "正常".into(),
        Some((CheckState::Problem, note)) if !note.is_empty() => format!("有问题：{note}"),
        Some((CheckState::Problem, _)) => "有问题".into(),
        _ => "—".into(),
    }
}

/// The 走访情况登记表 of a month (voided visits left out).
pub fn visits_ledger(store: &Store, p: Period) -> Result<Ledger> {
    let (a, b) = p.range();
    let visits = sv::visits(store.read(), &VisitQuery { from: Some(a), to: Some(b), ..Default::default() })?;
    let mut headers: Vec<String> = ["序号", "走访日期", "户编号", "户主", "组", "走访方式", "走访对象"].map(String::from).to_vec();
    headers.extend(REGISTER_CHECKS.iter().map(|c| c.label().to_string()));
    headers.extend(["政策宣传", "群众诉求", "走访情况及下一步", "走访人", "户主签字"].map(String::from));
    let mut remote_not = 0;
    let rows: Vec<Vec<Cell>> = visits
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if !v.counts {
                remote_not += 1;
            }
            let mut row: Vec<Cell> = vec![
                Cell::Number((i + 1) as f64),
                v.date.as_str().into(),
                v.household_number.as_str().into(),
                v.head_name.as_str().into(),
                v.group.as_str().into(),
                if v.counts { v.mode.clone().into() } else { format!("{}（不计入）", v.mode).into() },
                v.met.as_str().into(),
            ];
            for item in REGISTER_CHECKS {
                let c = v.checks.iter().find(|c| c.item == item).map(|c| (c.state, c.note.as_str()));
                row.push(check_cell(c).into());
            }
            let policy = v.checks.iter().find(|c| c.item == CheckItem::Policy).map(|c| c.note.clone()).unwrap_or_default();
            let policies = [v.policies.as_str(), policy.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("；");
            let request = v.checks.iter().find(|c| c.item == CheckItem::Requests).map(|c| c.note.clone()).unwrap_or_default();
            let requests = [v.requests.as_str(), request.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("；");
            let mut content = v.content.clone();
            if !v.next_step.is_empty() {
                content = if content.is_empty() { format!("下一步：{}", v.next_step) } else { format!("{content}　下一步：{}", v.next_step) };
            }
            row.extend([Cell::from(policies), requests.into(), content.into(), v.visitors().into(), Cell::Empty]);
            row
        })
        .collect();
    let households = {
        let mut h: Vec<&str> = visits.iter().map(|v| v.household_id.as_str()).collect();
        h.sort_unstable();
        h.dedup();
        h.len()
    };
    let mut totals: Vec<Cell> = vec!["合计".into(), format!("{}次", rows.len()).into(), format!("{households}户").into()];
    totals.extend(std::iter::repeat_n(Cell::Empty, REGISTER_WIDTHS.len() - 3));
    let remote = if remote_not > 0 {
        format!("走访方式注“不计入”的{remote_not}次为电话、微信或视频走访，该户当日不是全家外出，不计入每月（年度）走访要求。")
    } else {
        String::new()
    };
    Ok(Ledger {
        sheet: "走访情况登记表".into(),
        headers,
        widths: REGISTER_WIDTHS.to_vec(),
        rows,
        totals: Some(totals),
        notes: vec![
            format!("说明：列出本月的全部走访，来自走访登记；“—”为本次未查看的项目；走访人中注“结对干部”的为该户的结对帮扶干部。{remote}"),
            "填表人：                    审核人（驻村第一书记）：                    填表日期：".into(),
        ],
        landscape: true,
        ..Default::default()
    })
}

const OWED_WIDTHS: [f64; 11] = [4.0, 14.0, 8.0, 7.0, 12.0, 8.0, 10.5, 16.0, 24.0, 8.0, 24.0];

/// The households still owed a visit, a sheet per group (or only `group_id`'s), as a printable .xlsx.
pub fn owed_list(store: &Store, cov: &Coverage, group_id: Option<&str>, out: &Path) -> Result<LedgerWritten> {
    let village = crate::ledger::village_name(store, None)?;
    let mut groups: Vec<(String, String)> = Vec::new();
    for o in &cov.owed {
        if group_id.is_some_and(|g| g != o.group_id) {
            continue;
        }
        if !groups.iter().any(|(id, _)| *id == o.group_id) {
            groups.push((o.group_id.clone(), o.group.clone()));
        }
    }
    if groups.is_empty() {
        let name = group_id.and_then(|g| cov.groups.iter().find(|x| x.group_id == g)).map(|g| g.group.clone()).unwrap_or_default();
        groups.push((group_id.unwrap_or_default().to_string(), name));
    }
    let month = Period::parse(&cov.period).map(|p| p.label_zh()).unwrap_or_else(|_| cov.period.clone());
    let headers = ["序号", "户编号", "户主", "组", "联系电话", "户类别", "上次走访", "应走访", "需查看", "结对干部", "走访情况（现场填写）"].map(String::from).to_vec();
    let mut ledgers = Vec::new();
    let mut total = 0;
    for (gid, gname) in &groups {
        let rows: Vec<Vec<Cell>> = cov
            .owed
            .iter()
            .filter(|o| o.group_id == *gid)
            .enumerate()
            .map(|(i, o)| {
                let category = if o.away { format!("{}（全家外出）", o.category.label()) } else { o.category.label().to_string() };
                vec![
                    Cell::Number((i + 1) as f64),
                    o.number.as_str().into(),
                    o.head.as_str().into(),
                    o.group.as_str().into(),
                    o.phone.clone().unwrap_or_default().into(),
                    category.into(),
                    o.last_visit.map(|d: NaiveDate| d.to_string()).unwrap_or_else(|| "未走访".into()).into(),
                    o.owed.as_str().into(),
                    o.to_check.as_str().into(),
                    o.cadre_name.clone().unwrap_or_default().into(),
                    Cell::Empty,
                ]
            })
            .collect();
        total += rows.len();
        let sheet = if gname.is_empty() { "待走访农户".to_string() } else { gname.clone() };
        ledgers.push(Ledger {
            sheet,
            title: "待走访农户名单".into(),
            unit: format!("{village}{gname}"),
            period: format!("时间：{month}（覆盖期：{}）", cov.window_label),
            headers: headers.clone(),
            widths: OWED_WIDTHS.to_vec(),
            totals: Some({
                let mut t: Vec<Cell> = vec!["合计".into(), format!("{}户", rows.len()).into()];
                t.extend(std::iter::repeat_n(Cell::Empty, OWED_WIDTHS.len() - 2));
                t
            }),
            rows,
            notes: vec![
                "说明：监测户每月走访，脱贫户、一般农户在覆盖期内至少走访1次；注“全家外出”的户可电话、微信、视频走访，其他户须入户走访。".into(),
                "走访人：                    日期：".into(),
            ],
            landscape: true,
            page_header: village.clone(),
            ..Default::default()
        });
    }
    let one = group_id.map(|_| groups[0].1.clone()).unwrap_or_default();
    let path = target(out, &format!("{month}待走访农户{one}"))?;
    write_ledgers(&path, &format!("待走访农户名单（{month}）"), &ledgers)?;
    Ok(LedgerWritten { path: path.display().to_string(), title: "待走访农户名单".into(), rows: total })
}
