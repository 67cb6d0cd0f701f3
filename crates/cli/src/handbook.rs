//! 结对帮扶手册 (issue 12): `zhucun pairing set`, `plan set`, `measure add|set|void`, `evaluation add`,
//! `assessment add`, `income set`, `sign`, `due`, `handbook audit|pdf`, `check pairing` and
//! `household set --bottom-support`. Every command parses its flags and calls one use case of
//! `zhucun_core::handbook`; the checks, sums and rules live there and in the domain.

use crate::{date_arg, json, terminal, today, Failure};
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use zhucun_core::corrections::Trace;
use zhucun_core::handbook as hb;
use zhucun_core::Store;
use zhucun_domain::handbook::{format_yuan, parse_item, parse_yuan, SignMethod, SignRole, Signable};

#[derive(Subcommand)]
pub enum PairingCommand {
    /// 更换（或首次指定）结对帮扶干部：现在的结对在开始日期前一天结束；已登记的电脑随同步报县里确认
    Set {
        /// 户编号
        number: String,
        /// 帮扶干部姓名
        #[arg(long)]
        cadre: String,
        /// 工作单位
        #[arg(long, default_value = "")]
        unit: String,
        /// 联系电话
        #[arg(long)]
        phone: String,
        /// 结对开始日期
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// 写本年度帮扶计划（重点帮扶户）或年度巩固计划（巩固联系户）；再写一次即修改（须写 --editor）
    Set {
        /// 户编号
        number: String,
        /// 年度，如 2024
        #[arg(long)]
        year: String,
        /// 帮扶目标
        #[arg(long, default_value = "")]
        text: String,
        /// 计划措施
        #[arg(long, default_value = "")]
        measures: String,
        /// 填写日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// 修改人（修改已有计划时必填）
        #[arg(long, default_value = "")]
        editor: String,
        /// 修改原因
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MeasureCommand {
    /// 登记一项帮扶措施（打印编号）
    Add {
        /// 户编号
        number: String,
        /// 措施类别：产业、就业、公益岗位、健康、教育、义务教育保障、住房安全保障、饮水安全保障、综合保障、金融、社会帮扶、搬迁、生产生活条件改善、基础设施建设
        #[arg(long)]
        category: String,
        /// 措施内容（做什么）
        #[arg(long)]
        text: String,
        /// 开始日期
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 结束日期
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// 金额（元，最多两位小数）
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        /// 落实情况：计划、落实中、已落实（默认计划）
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 修改一项措施（常用：--status 已落实），留修改记录；没写的项保持不变
    Set {
        /// 措施编号
        id: String,
        /// 落实情况：计划、落实中、已落实
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        text: Option<String>,
        /// 金额（元）；写“空”清除
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// 结束日期；写“空”清除
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// 修改人（必填）
        #[arg(long, default_value = "")]
        editor: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 作废一项登记错了的措施（保留在修改记录里，不再计入）
    Void {
        id: String,
        /// 作废人（必填）
        #[arg(long, default_value = "")]
        editor: String,
        /// 作废原因（必填）
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Subcommand)]
pub enum EvaluationCommand {
    /// 登记本季度帮扶成效评估（每户每季度一条；只能写已开始的季度）
    Add {
        /// 户编号
        number: String,
        /// 季度，如 2024-Q3
        #[arg(long)]
        quarter: String,
        /// 帮扶成效（本季度的变化）
        #[arg(long)]
        text: String,
        /// 收入变化
        #[arg(long, default_value = "")]
        income_trend: String,
        /// 存在风险
        #[arg(long, default_value = "")]
        risk: String,
        /// 评估日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum AssessmentCommand {
    /// 登记监测户的季度风险消除评估（D3）
    Add {
        /// 户编号
        number: String,
        /// 季度，如 2024-Q3
        #[arg(long)]
        quarter: String,
        /// 评估结论：建议消除、继续监测
        #[arg(long)]
        result: String,
        /// 评估理由
        #[arg(long)]
        text: String,
        /// 评估人
        #[arg(long, default_value = "")]
        assessors: String,
        /// 评估日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum IncomeCommand {
    /// 写年度收入核算：各分项以元为单位，纯收入、人均纯收入由程序计算；再写一次即修改（须写 --editor）
    Set {
        /// 户编号
        number: String,
        /// 年度，如 2024
        #[arg(long)]
        year: String,
        /// 分项=金额（元），可写多次：工资性收入、种植业、养殖业、林业、其他生产经营性收入、财产性收入、养老金、低保金、特困供养金、生态补偿、各类补贴、其他转移性收入
        #[arg(long = "item", allow_hyphen_values = true)]
        items: Vec<String>,
        /// 生产经营性支出（元）
        #[arg(long, allow_hyphen_values = true, default_value = "0")]
        costs: String,
        /// 核算用的家庭人口（与花名册不同时须写 --reason）
        #[arg(long, allow_hyphen_values = true)]
        size: Option<String>,
        /// 家庭人口与花名册不同的原因
        #[arg(long)]
        reason: Option<String>,
        /// 核算日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// 修改人（修改已有核算时必填）
        #[arg(long, default_value = "")]
        editor: String,
        /// 修改原因
        #[arg(long = "edit-reason", default_value = "")]
        edit_reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum HandbookCommand {
    /// 手册审核：全村手册中的明显错误，每条指向要改的记录；改好后该条消失
    Audit {
        /// 年度（默认今年）
        #[arg(long)]
        year: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 打印结对帮扶手册（A4 PDF）：一户（户编号）或一个组的全部农户（--group）
    Pdf {
        /// 户编号
        number: Option<String>,
        /// 组（如“2组”），打印组里每一户
        #[arg(long)]
        group: Option<String>,
        /// 年度（默认今年）
        #[arg(long)]
        year: Option<String>,
        /// PDF 文件名，或一个文件夹（自动命名）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn domain_err(what: &str, e: zhucun_domain::DomainError) -> Failure {
    Failure { message: format!("{what}：{}。{}。", e.message_zh(), e.hint_zh()) }
}

fn year_arg(what: &str, text: &str) -> Result<i32, Failure> {
    let t = text.trim().trim_end_matches('年');
    match t.parse::<i32>() {
        Ok(y) if (1900..=2100).contains(&y) && t.len() == 4 => Ok(y),
        _ => Err(Failure { message: format!("{what}“{}”不对：请写四位年份，如2024。", terminal(text)) }),
    }
}

fn yuan_arg(what: &str, text: &str) -> Result<i64, Failure> {
    parse_yuan(text).map_err(|e| domain_err(what, e))
}

fn day_or_today(what: &str, d: Option<String>) -> Result<NaiveDate, Failure> {
    match d {
        Some(d) => date_arg(what, &d),
        None => today(),
    }
}

fn clears(v: &str) -> bool {
    matches!(v.trim(), "" | "空" | "none")
}

fn enrolled(store: &Store) -> bool {
    zhucun_core::sync::ops::status(store).map(|s| s.enrolled).unwrap_or(false)
}

pub fn pairing(cmd: PairingCommand, path: &Path) -> Result<(), Failure> {
    let PairingCommand::Set { number, cadre, unit, phone, from, json: as_json } = cmd;
    let mut store = Store::open(path)?;
    let from = date_arg("--from", &from)?;
    let p = hb::pairing_set(&mut store, &number, &cadre, &unit, &phone, from, today()?)?;
    if as_json {
        return json(&p);
    }
    let unit = if p.unit.is_empty() { String::new() } else { format!("{}，", p.unit) };
    let proposal = if enrolled(&store) { "（花名册数据：随同步报县里确认）" } else { "" };
    outln!("{}：结对帮扶干部 {}（{unit}{}），{}起{proposal}", terminal(&number), terminal(&p.name), p.phone, p.start);
    Ok(())
}

pub fn plan(cmd: PlanCommand, path: &Path) -> Result<(), Failure> {
    let PlanCommand::Set { number, year, text, measures, date, editor, reason, json: as_json } = cmd;
    let mut store = Store::open(path)?;
    let year = year_arg("--year", &year)?;
    let date = day_or_today("--date", date)?;
    let id = hb::plan_set(&mut store, &number, year, &text, &measures, date, &Trace { by: editor, reason }, today()?)?;
    if as_json {
        json(&serde_json::json!({ "id": id }))
    } else {
        outln!("{id}");
        Ok(())
    }
}

pub fn measure(cmd: MeasureCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        MeasureCommand::Add { number, category, text, from, to, amount, status, json: as_json } => {
            let mut store = Store::open(path)?;
            let input = hb::MeasureInput {
                number,
                category,
                content: text,
                amount_fen: amount.as_deref().map(|a| yuan_arg("--amount", a)).transpose()?,
                from: date_arg("--from", &from)?,
                to: to.as_deref().map(|t| date_arg("--to", t)).transpose()?,
                status,
            };
            let id = hb::measure_add(&mut store, &input, today()?)?;
            if as_json {
                json(&serde_json::json!({ "id": id }))?;
            } else {
                outln!("{id}");
            }
        }
        MeasureCommand::Set { id, status, category, text, amount, from, to, editor, reason, json: as_json } => {
            let mut store = Store::open(path)?;
            let edit = hb::MeasureEdit {
                category,
                content: text,
                clear_amount: amount.as_deref().is_some_and(clears),
                amount_fen: amount.as_deref().filter(|a| !clears(a)).map(|a| yuan_arg("--amount", a)).transpose()?,
                from: from.as_deref().map(|f| date_arg("--from", f)).transpose()?,
                clear_to: to.as_deref().is_some_and(clears),
                to: to.as_deref().filter(|t| !clears(t)).map(|t| date_arg("--to", t)).transpose()?,
                status,
            };
            let m = hb::measure_set(&mut store, &id, &edit, &Trace { by: editor, reason }, today()?)?;
            if as_json {
                json(&m)?;
            } else {
                let amount = m.amount_fen.map(|f| format!("{}元", format_yuan(f))).unwrap_or_default();
                let to = m.to.map(|t| t.to_string()).unwrap_or_default();
                outln!("{}\t{}（{}）\t{}\t{amount}\t{}至{to}\t{}", m.id, m.category, m.kind, terminal(&m.content), m.from, m.status);
            }
        }
        MeasureCommand::Void { id, editor, reason } => {
            let mut store = Store::open(path)?;
            hb::measure_void(&mut store, &id, &Trace { by: editor, reason }, today()?)?;
            outln!("已作废措施 {}（保留在修改记录里）", terminal(&id));
        }
    }
    Ok(())
}

pub fn evaluation(cmd: EvaluationCommand, path: &Path) -> Result<(), Failure> {
    let EvaluationCommand::Add { number, quarter, text, income_trend, risk, date, json: as_json } = cmd;
    let mut store = Store::open(path)?;
    let input = hb::EvaluationInput { number, quarter, date: day_or_today("--date", date)?, changes: text, income_trend, risk };
    let id = hb::evaluation_add(&mut store, &input, today()?)?;
    if as_json {
        json(&serde_json::json!({ "id": id }))
    } else {
        outln!("{id}");
        Ok(())
    }
}

pub fn assessment(cmd: AssessmentCommand, path: &Path) -> Result<(), Failure> {
    let AssessmentCommand::Add { number, quarter, result, text, assessors, date, json: as_json } = cmd;
    let mut store = Store::open(path)?;
    let input = hb::AssessmentInput { number, quarter, date: day_or_today("--date", date)?, result, reasons: text, assessors };
    let id = hb::assessment_add(&mut store, &input, today()?)?;
    if as_json {
        json(&serde_json::json!({ "id": id }))
    } else {
        outln!("{id}");
        Ok(())
    }
}

fn size_arg(text: &str) -> Result<i64, Failure> {
    text.trim().trim_end_matches('人').parse::<i64>().map_err(|_| Failure {
        message: format!("--size“{}”不对：家庭人口请写整数人数，如4。", terminal(text)),
    })
}

pub fn income(cmd: IncomeCommand, path: &Path) -> Result<(), Failure> {
    let IncomeCommand::Set { number, year, items, costs, size, reason, date, editor, edit_reason, json: as_json } = cmd;
    let mut store = Store::open(path)?;
    let items = items.iter().map(|i| parse_item(i).map_err(|e| domain_err(&format!("--item {}", terminal(i)), e))).collect::<Result<Vec<_>, _>>()?;
    let input = hb::IncomeInput {
        number,
        year: year_arg("--year", &year)?,
        items,
        costs_fen: yuan_arg("--costs", &costs)?,
        size: size.as_deref().map(size_arg).transpose()?,
        size_reason: reason,
        date: day_or_today("--date", date)?,
    };
    let saved = hb::income_set(&mut store, &input, &Trace { by: editor, reason: edit_reason }, today()?)?;
    if as_json {
        return json(&saved);
    }
    let s = &saved.sums;
    outln!("{}", saved.id);
    outln!(
        "{}年收入核算{}：工资性收入 {}，生产经营性收入 {}，财产性收入 {}，转移性收入 {}；年收入 {}，生产经营性支出 {}，纯收入 {}，家庭人口 {} 人，人均纯收入 {}（元）",
        input.year,
        if saved.updated { "已修改" } else { "已保存" },
        format_yuan(s.wage),
        format_yuan(s.business),
        format_yuan(s.property),
        format_yuan(s.transfer),
        format_yuan(s.total),
        format_yuan(s.costs),
        format_yuan(s.net),
        saved.size,
        format_yuan(s.per_capita)
    );
    Ok(())
}

/// `--entry-kind`: a table name (visit, handbook_plan, …) or what the handbook calls the entry.
fn entry_kind(text: &str) -> Result<Signable, Failure> {
    let t = text.trim();
    let by_name = match t {
        "plan" | "计划" | "帮扶计划" | "年度巩固计划" => Some(Signable::Plan),
        "走访" | "联系" | "走访联系" => Some(Signable::Visit),
        "评估" | "成效评估" | "帮扶成效评估" => Some(Signable::Evaluation),
        "风险消除评估" => Some(Signable::Assessment),
        "收入" | "收入核算" | "年度收入核算" => Some(Signable::Income),
        _ => None,
    };
    by_name.or_else(|| Signable::parse(t).ok()).ok_or_else(|| Failure {
        message: format!("--entry-kind“{}”不对：请写 visit（走访联系）、plan（帮扶计划）、evaluation（成效评估）、assessment（风险消除评估）或 income（收入核算）。", terminal(t)),
    })
}

const SIGNABLE: [Signable; 5] = [Signable::Visit, Signable::Plan, Signable::Evaluation, Signable::Assessment, Signable::Income];

/// The kind of the entry `id` names (ids are unique across the tables) and its household's id.
fn find_entry(store: &Store, id: &str, kind: Option<Signable>) -> Result<(Signable, String), Failure> {
    let kinds: Vec<Signable> = kind.map_or_else(|| SIGNABLE.to_vec(), |k| vec![k]);
    for k in kinds {
        let Some(table) = zhucun_store::Table::from_name(k.label()) else { continue };
        if let Some((household, _)) = zhucun_store::handbook::entry(store.read(), table, id.trim())? {
            return Ok((k, household));
        }
    }
    let what = kind.map_or("走访联系、帮扶计划、成效评估、风险消除评估或收入核算", |k| k.label_zh());
    Err(Failure { message: format!("没有编号为“{}”的{what}：请检查编号（zhucun handbook audit 列出要签名的记录及其编号）。", terminal(id.trim())) })
}

/// Who signs when `--signer` is not written: the household's current pairing cadre, or its head.
fn default_signer(store: &Store, household: &str, role: SignRole, day: NaiveDate) -> Result<String, Failure> {
    let view = hb::handbook(store, household, day.year(), day)?;
    let name = match role {
        SignRole::Cadre => view.pairings.iter().find(|p| p.end.is_none()).map(|p| p.name.clone()),
        SignRole::Household => Some(view.cover.head.clone()).filter(|h| !h.trim().is_empty()),
    };
    name.ok_or_else(|| Failure {
        message: match role {
            SignRole::Cadre => "这一户现在没有结对帮扶干部：请用 --signer 写明签名人的姓名。".into(),
            SignRole::Household => "花名册上这一户没有户主：请用 --signer 写明签名人的姓名。".into(),
        },
    })
}

#[allow(clippy::too_many_arguments)]
pub fn sign(entry: String, role: String, image: PathBuf, signer: Option<String>, method: Option<String>, kind: Option<String>, date: Option<String>, as_json: bool, path: &Path) -> Result<(), Failure> {
    let mut store = Store::open(path)?;
    let role = SignRole::parse(role.trim()).map_err(|_| Failure { message: format!("--as“{}”不对：请写 cadre（帮扶责任人）或 household（农户）。", terminal(&role)) })?;
    let method = match method.as_deref() {
        Some(m) => SignMethod::parse(m.trim()).map_err(|_| Failure { message: format!("--method“{}”不对：请写 照片 或 屏幕签名。", terminal(m)) })?,
        None => SignMethod::Photo,
    };
    let kind = kind.as_deref().map(entry_kind).transpose()?;
    let today = today()?;
    let date = day_or_today("--date", date)?;
    let (kind, household) = find_entry(&store, &entry, kind)?;
    let signer = match signer {
        Some(s) => s,
        None => default_signer(&store, &household, role, today)?,
    };
    let bytes = zhucun_files::read_bounded(&image, zhucun_core::sig_image::MAX_INPUT_BYTES).map_err(|e| match e {
        zhucun_files::FileError::TooLarge { bytes, max, .. } => Failure {
            message: format!(
                "签名图片文件太大（{}，上限 {}）：请换一张小一些的图片，或在手机上截图、压缩后再选。",
                zhucun_files::size_zh(bytes),
                zhucun_files::size_zh(max)
            ),
        },
        other => Failure { message: other.message_zh() },
    })?;
    let input = hb::SignInput { entry: kind, row_id: entry.trim().to_string(), role, signer: signer.clone(), method, image: bytes, date };
    let id = hb::sign(&mut store, &input, today)?;
    if as_json {
        return json(&serde_json::json!({ "id": id, "entry": kind.label(), "entry_id": input.row_id, "role": role.label(), "signer": signer, "method": method.label() }));
    }
    outln!("{id}");
    outln!("已签名：{}（{}）{}，签名人 {}", kind.label_zh(), input.row_id, role.label(), terminal(&signer));
    Ok(())
}

pub fn due(member: Option<String>, period: Option<String>, as_json: bool, path: &Path) -> Result<(), Failure> {
    let store = Store::open(path)?;
    let today = today()?;
    let month = period.unwrap_or_else(|| today.format("%Y-%m").to_string());
    let items = hb::due(&store, &month, member.as_deref(), today)?;
    if as_json {
        return json(&items);
    }
    outln!("户编号\t户主\t组\t帮扶干部\t规则\t期间\t截止日期\t状态\t事由\t去做");
    for d in &items {
        outln!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}{}",
            d.number,
            d.head,
            d.group,
            d.cadre.as_deref().unwrap_or("（未结对）"),
            d.rule,
            d.period,
            d.due_by,
            if d.overdue { "已超期" } else { "待办" },
            d.reason,
            action_zh(d.action),
            d.entry_id.as_deref().map(|e| format!("（{e}）")).unwrap_or_default()
        );
    }
    let overdue = items.iter().filter(|d| d.overdue).count();
    outln!("共 {} 项，其中已超期 {overdue} 项", items.len());
    Ok(())
}

fn action_zh(a: zhucun_domain::rules::pairing::DueAction) -> &'static str {
    use zhucun_domain::rules::pairing::DueAction::*;
    match a {
        Pairing => "指定结对干部",
        Plan => "写帮扶计划",
        Measure => "登记帮扶措施",
        Visit => "入户走访",
        Contact => "联系农户",
        Evaluation => "写成效评估",
        Assessment => "风险消除评估",
        Income => "收入核算",
        Sign => "签名",
    }
}

/// `zhucun check pairing --period YYYY-MM|YYYY-Qn|YYYY`.
pub fn check_pairing(period: &str, as_json: bool, path: &Path) -> Result<(), Failure> {
    let store = Store::open(path)?;
    crate::records::print_findings(&hb::check_pairing(&store, period, today()?)?, as_json)
}

pub fn handbook(cmd: HandbookCommand, path: &Path) -> Result<(), Failure> {
    match cmd {
        HandbookCommand::Audit { year, json: as_json } => {
            let store = Store::open(path)?;
            let today = today()?;
            let year = year.as_deref().map(|y| year_arg("--year", y)).transpose()?.unwrap_or(today.year());
            let items = hb::audit(&store, year, today)?;
            if as_json {
                return json(&items);
            }
            outln!("户编号\t户主\t问题\t记录\t日期\t说明\t怎样改");
            for a in &items {
                outln!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    a.number,
                    a.head,
                    a.code,
                    match (&a.entry_id, a.entry.as_str()) {
                        (Some(id), e) => format!("{}（{id}）", entry_zh(e)),
                        (None, e) => entry_zh(e).to_string(),
                    },
                    a.date.map(|d| d.to_string()).unwrap_or_default(),
                    a.message,
                    a.fix
                );
            }
            let households = {
                let mut h: Vec<&str> = items.iter().map(|a| a.household_id.as_str()).collect();
                h.sort_unstable();
                h.dedup();
                h.len()
            };
            outln!("{year}年手册审核：共 {} 条，涉及 {households} 户", items.len());
        }
        HandbookCommand::Pdf { number, group, year, out, json: as_json } => {
            let store = Store::open(path)?;
            let today = today()?;
            let year = year.as_deref().map(|y| year_arg("--year", y)).transpose()?.unwrap_or(today.year());
            let (books, stem) = match (number, group) {
                (Some(n), None) => (vec![hb::handbook(&store, &n, year, today)?], format!("结对帮扶手册-{n}-{year}")),
                (None, Some(g)) => (hb::handbook_group(&store, &g, year, today)?, format!("结对帮扶手册-{g}-{year}")),
                _ => return Err(Failure { message: "请写一户的户编号，或用 --group 写一个组（二者选一）。".into() }),
            };
            let target = if out.is_dir() { zhucun_files::path_in(&out, &stem, "pdf") } else { out };
            let printer = zhucun_print::Printer::new().map_err(|e| Failure { message: e.to_string() })?;
            let image = |sha: &str| hb::signature_image(&store, sha).ok().flatten();
            let pdf = printer.handbooks(&books, &image).map_err(|e| Failure { message: e.to_string() })?;
            zhucun_files::write_atomic(&target, &pdf).map_err(|e| Failure { message: e.message_zh() })?;
            if as_json {
                return json(&serde_json::json!({ "file": target.display().to_string(), "households": books.len(), "bytes": pdf.len() }));
            }
            outln!("已写出结对帮扶手册：{}（{} 户，{}）", target.display(), books.len(), zhucun_files::size_zh(pdf.len() as u64));
        }
    }
    Ok(())
}

fn entry_zh(e: &str) -> &str {
    match e {
        "measure" => "帮扶措施",
        "household" => "农户",
        "pairing" => "结对",
        "" => "（缺）",
        other => Signable::parse(other).map(|s| s.label_zh()).unwrap_or(other),
    }
}

/// `zhucun household set 户编号 --bottom-support 是|否`.
pub fn household_bottom_support(number: &str, on: &str, path: &Path) -> Result<(), Failure> {
    let mut store = Store::open(path)?;
    let on = zhucun_domain::choice::parse_flag(on).map_err(|e| Failure { message: format!("--bottom-support：{}。", e.message_zh()) })?;
    let changed = hb::set_bottom_support(&mut store, number, on)?;
    let what = if on { "兜底保障户" } else { "不是兜底保障户" };
    if !changed {
        outln!("{}：已是{what}，未改动", terminal(number));
    } else if enrolled(&store) {
        outln!("{}：已改为{what}（花名册数据：随同步报县里确认）", terminal(number));
    } else {
        outln!("{}：已改为{what}", terminal(number));
    }
    Ok(())
}
