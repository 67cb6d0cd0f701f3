//! `zhucun`: the command line of 驻村工作台, on the same database as the desktop app.
//!
//! Exit codes: 0 success; 1 the operation failed or the input was refused (a Chinese message on stderr,
//! and for a refused roster the full report on stdout); 2 bad command-line usage.
//! `ZHUCUN_TODAY=YYYY-MM-DD` fixes "today" (for tests and reproducible reports).

// Imports make millions of small strings; mimalloc is several times faster than glibc malloc at that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::io::Write;
use std::process::ExitCode;

/// Print a line: text goes through [`terminal`], and a closed pipe (`| head`) ends quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        $crate::out(&format!("{}\n", format_args!($($arg)*)));
    }};
}

/// Text for the terminal: names and values from data (a roster, a synced record) may hold control
/// characters; they are shown escaped (`\u{1b}`) instead of acting on the screen. Only our own
/// line breaks and tabs stay.
pub(crate) fn terminal(text: &str) -> String {
    text.split('\n').map(|line| line.split('\t').map(zhucun_files::printable).collect::<Vec<_>>().join("\t")).collect::<Vec<_>>().join("\n")
}

/// Print text without a newline, with the same pipe handling.
fn out(text: &str) {
    let mut o = std::io::stdout().lock();
    if o.write_all(terminal(text).as_bytes()).and_then(|_| o.flush()).is_err() {
        std::process::exit(0);
    }
}
mod handbook;
mod problems;
mod records;
mod visits;

use zhucun_core::paths::resolve_db_path;
use zhucun_core::roster::{export_roster, import_roster_file, write_demo_file, write_template};
use zhucun_core::{sync, CoreError, Store};
use zhucun_domain::household::{Category, Tier};
use zhucun_store::households::{counts, list_households, villages, HouseholdFilter};

#[derive(Parser)]
#[command(name = "zhucun", version, about = "驻村工作台命令行：花名册导入导出、演示数据、农户查询、工作队成员、工作日志、请销假、会议、走访、结对帮扶手册、规则检查、台账、与县里同步、数据库检查")]
struct Cli {
    /// 数据库文件（默认：$ZHUCUN_DB，或 ~/.local/share/zhucun/zhucun.db）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 创建（或升级）数据库
    Init,
    /// 载入演示村（确定性生成；同一种子总是同样的数据）
    Demo {
        /// 户数（每300户一个村）
        #[arg(long, default_value_t = 300)]
        households: usize,
        /// 每村户数
        #[arg(long, default_value_t = 300)]
        village_size: usize,
        /// 随机种子
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 不写数据库，把花名册写到文件（.csv 或 .xlsx）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// 花名册导入、导出和模板
    #[command(subcommand)]
    Roster(RosterCommand),
    /// 农户查询；household set 修改全家外出标记
    #[command(subcommand, alias = "household")]
    Households(HouseholdsCommand),
    /// 与县里同步：状态、导出到U盘、导入回执包、联网同步
    #[command(subcommand)]
    Sync(SyncCommand),
    /// 导入县里发的登记文件（每台电脑一次）
    Enroll { file: PathBuf },
    /// 工作队成员
    #[command(subcommand)]
    Member(MemberCommand),
    /// 驻村帮扶工作日志
    #[command(subcommand)]
    Log(records::LogCommand),
    /// 请销假
    #[command(subcommand)]
    Leave(records::LeaveCommand),
    /// 会议：周例会、党课、领学等
    #[command(subcommand)]
    Meeting(records::MeetingCommand),
    /// 问题台账：登记、修改、开始整改、销号（须写明整改措施及结果、日期和审批人）、作废、列出
    #[command(subcommand)]
    Problem(problems::ProblemCommand),
    /// 走访：登记、修改、删除、列出（一次登记，走访登记表、工作日志、农户页都能看到）
    #[command(subcommand)]
    Visit(visits::VisitCommand),
    /// 结对帮扶：更换结对帮扶干部（已登记的电脑随同步报县里确认）
    #[command(subcommand)]
    Pairing(handbook::PairingCommand),
    /// 结对帮扶手册：年度帮扶计划或巩固计划
    #[command(subcommand)]
    Plan(handbook::PlanCommand),
    /// 结对帮扶手册：帮扶措施（登记、修改落实情况、作废）
    #[command(subcommand)]
    Measure(handbook::MeasureCommand),
    /// 结对帮扶手册：季度帮扶成效评估
    #[command(subcommand)]
    Evaluation(handbook::EvaluationCommand),
    /// 结对帮扶手册：监测户季度风险消除评估（D3）
    #[command(subcommand)]
    Assessment(handbook::AssessmentCommand),
    /// 结对帮扶手册：年度收入核算（纯收入、人均纯收入由程序计算）
    #[command(subcommand)]
    Income(handbook::IncomeCommand),
    /// 在手册的一条记录（走访联系、计划、成效评估、风险消除评估、收入核算）上签名：签名或手印的照片（PNG、JPG）
    Sign {
        /// 记录编号
        entry: String,
        /// 谁签名：cadre（帮扶责任人）或 household（农户）
        #[arg(long = "as")]
        role: String,
        /// 签名图片（PNG 或 JPG，最大 20 MB；会缩小并去掉照片里的位置等信息）
        #[arg(long, value_name = "FILE")]
        image: PathBuf,
        /// 签名人姓名（默认：现在的结对帮扶干部，或户主）
        #[arg(long)]
        signer: Option<String>,
        /// 签名方式：照片（默认）或 屏幕签名
        #[arg(long)]
        method: Option<String>,
        /// 记录种类：visit、plan、evaluation、assessment、income（默认按编号查找）
        #[arg(long = "entry-kind")]
        entry_kind: Option<String>,
        /// 签名日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 待办：本月、本季度各户应做和已超期的事（走访、联系、评估、收入核算、签名……）
    Due {
        /// 只看一名工作队员或结对干部负责的农户（编号）
        #[arg(long)]
        member: Option<String>,
        /// 月份，如 2024-09（默认本月）
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 结对帮扶手册：手册审核、打印 PDF
    #[command(subcommand)]
    Handbook(handbook::HandbookCommand),
    /// 按规则检查考勤（A1–A3）或会议（M1–M3），输出每条结果
    #[command(subcommand)]
    Check(records::CheckCommand),
    /// 规则参数
    #[command(subcommand)]
    Param(records::ParamCommand),
    /// 法定节假日日历（内置2024–2026年，可修改）
    #[command(subcommand)]
    Holiday(records::HolidayCommand),
    /// 导出台账（.xlsx，A4 打印）：attendance 考勤、leave 请销假、personnel 人员信息、meetings 会议记录、visits 走访情况登记表、worklog 工作日志、all 全部
    Ledger {
        /// attendance、leave、personnel、meetings、visits、worklog，或 all（本月全部台账写入 --out 文件夹）
        kind: String,
        /// 月份，如 2024-09
        #[arg(long)]
        period: String,
        /// 文件名（.xlsx），或一个文件夹（自动命名）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 工作日志台账的队员编号
        #[arg(long)]
        member: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 修改记录：队员、请假、会议、规则参数的每次修改（谁、何时、哪台电脑、原因、改前改后）
    History {
        /// member 队员、leave 请假、meeting 会议、param 规则参数、problem 问题、visit 走访；不写则列出全部
        kind: Option<String>,
        /// 只看一条记录（队员、请假、会议的编号，或参数名）
        #[arg(long)]
        id: Option<String>,
        /// 最多列出多少条（最新的在前）
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// 检查数据库：结构版本、完整性、数量
    Doctor {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum RosterCommand {
    /// 导入花名册（.xlsx/.xls/.csv）；有任何错误时不导入，并列出每个错误
    Import {
        file: PathBuf,
        /// 只检查并报告将发生的变化，不写入
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// 按导入格式导出花名册（.xlsx；文件名以 .csv 结尾时写 CSV）
    Export {
        file: PathBuf,
        /// 只导出这个村（名称或编号）
        #[arg(long)]
        village: Option<String>,
    },
    /// 写出空白花名册模板（.xlsx）
    Template { file: PathBuf },
}

#[derive(Subcommand)]
enum SyncCommand {
    /// 县里尚未确认的修改数、最近确认时间、冲突
    Status {
        #[arg(long)]
        json: bool,
    },
    /// 把县里尚未确认的全部修改写成一个同步包（放到U盘）
    Export {
        /// 文件名（.zhcb），或一个文件夹（自动命名）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 导入县里发回的回执包
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 联网同步：发送并接收
    Now {
        /// 县里服务器地址（默认用登记文件中的地址）
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum MemberCommand {
    /// 添加工作队成员，输出其编号
    Add {
        #[arg(long)]
        name: String,
        /// 第一书记、队长或队员
        #[arg(long)]
        role: String,
        /// 驻村开始日期
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 离队日期
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// 派出单位
        #[arg(long)]
        unit: Option<String>,
        /// 村（未登记的电脑上有多个村时需要）
        #[arg(long)]
        village: Option<String>,
        /// 性别：男、女
        #[arg(long)]
        sex: Option<String>,
        /// 出生年月，如 1985-03
        #[arg(long)]
        birth: Option<String>,
        /// 政治面貌：中共党员、中共预备党员、共青团员、民主党派、群众
        #[arg(long)]
        politics: Option<String>,
        /// 原单位及职务
        #[arg(long)]
        post: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 列出工作队成员
    List {
        #[arg(long)]
        json: bool,
    },
    /// 修改队员信息（只改写出的项），留下修改记录：zhucun member edit 编号 --phone … --by 姓名
    Edit {
        /// 队员编号（zhucun member list）
        id: String,
        #[arg(long)]
        name: Option<String>,
        /// 第一书记、队长或队员
        #[arg(long)]
        role: Option<String>,
        /// 驻村开始日期
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// 离队日期（写“空”或 none 清除）
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// 派出单位
        #[arg(long)]
        unit: Option<String>,
        /// 性别：男、女
        #[arg(long)]
        sex: Option<String>,
        /// 出生年月，如 1985-03
        #[arg(long)]
        birth: Option<String>,
        /// 政治面貌：中共党员、中共预备党员、共青团员、民主党派、群众
        #[arg(long)]
        politics: Option<String>,
        /// 原单位及职务
        #[arg(long)]
        post: Option<String>,
        /// 修改人姓名（必填）
        #[arg(long)]
        by: String,
        /// 修改原因
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 队员离队（不删除，记录离队日期和原因）
    End {
        id: String,
        /// 离队日期
        #[arg(long, value_name = "DATE")]
        on: String,
        /// 修改人姓名（必填）
        #[arg(long)]
        by: String,
        /// 离队原因（必填）
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 队员的修改记录（最新的在前）
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum HouseholdsCommand {
    /// 列出农户（证件号码脱敏）
    List {
        /// 村（名称或编号）
        #[arg(long)]
        village: Option<String>,
        /// 搜索：姓名、户编号或证件号后几位
        #[arg(long)]
        query: Option<String>,
        /// 户类别：脱贫户、监测户、一般农户
        #[arg(long)]
        category: Option<String>,
        /// 帮扶层级：重点帮扶、巩固联系、一般
        #[arg(long)]
        tier: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 修改一户的全家外出标记或兜底保障标记（花名册数据：已登记到县里的电脑上随同步报县里确认）
    Set {
        /// 户编号
        number: String,
        /// 是、否
        #[arg(long = "whole-family-away")]
        whole_family_away: Option<String>,
        /// 兜底保障（低保、特困供养）：是、否
        #[arg(long = "bottom-support")]
        bottom_support: Option<String>,
        /// 从哪一天起全家外出
        #[arg(long)]
        since: Option<String>,
    },
}

/// A failure with its Chinese message; `report` is printed to stdout first (a refused roster).
pub(crate) struct Failure {
    pub(crate) message: String,
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure { message: e.message_zh() }
    }
}

impl From<zhucun_store::StoreError> for Failure {
    fn from(e: zhucun_store::StoreError) -> Self {
        Failure { message: e.message_zh() }
    }
}

pub(crate) fn today() -> Result<NaiveDate, Failure> {
    zhucun_core::paths::today()
        .map_err(|e| Failure { message: format!("环境变量 ZHUCUN_TODAY：{}。{}", e.message_zh(), e.hint_zh()) })
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(v).map_err(|e| Failure { message: format!("无法输出 JSON：{e}") })?;
    outln!("{text}");
    Ok(())
}

pub(crate) fn village_id(store: &Store, v: Option<&str>) -> Result<Option<String>, Failure> {
    let Some(v) = v else { return Ok(None) };
    let all = villages(store.read())?;
    let found: Vec<_> = all.iter().filter(|x| x.id == v || x.name == v || format!("{}{}", x.township, x.name) == v).collect();
    match found.as_slice() {
        [one] => Ok(Some(one.id.clone())),
        [] => Err(Failure {
            message: format!(
                "没有找到村“{v}”。已有的村：{}",
                if all.is_empty() { "（数据库中还没有村，请先导入花名册）".to_string() } else { all.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join("、") }
            ),
        }),
        _ => Err(Failure { message: format!("有多个名为“{v}”的村，请写成“乡镇名+村名”，或使用村编号") }),
    }
}

pub(crate) fn date_arg(what: &str, t: &str) -> Result<NaiveDate, Failure> {
    zhucun_domain::date::parse_date(t).map_err(|e| Failure { message: format!("{what}“{t}”：{}。{}", e.message_zh(), e.hint_zh()) })
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let path = resolve_db_path(cli.db);
    match cli.command {
        Command::Init => {
            let store = Store::open(&path)?;
            outln!("数据库已就绪：{}（结构版本 {}）", path.display(), store.schema_version()?);
        }
        Command::Demo { households, village_size, seed, out: Some(out) } => {
            let rows = write_demo_file(&out, households, village_size, seed)?;
            outln!("已写出演示花名册：{}（{households} 户，{rows} 行）", out.display());
        }
        Command::Demo { households, village_size, seed, out: None } => {
            if households == 0 || village_size == 0 {
                return Err(Failure { message: "户数和每村户数必须大于0".to_string() });
            }
            let mut store = Store::open(&path)?;
            let (report, logs) = zhucun_core::demo_team::load_demo_village(&mut store, households, village_size, seed, today()?)?;
            out(&report.to_text());
            if logs > 0 {
                outln!("演示工作队：3 名队员，{logs} 条工作日志，以及请假和会议记录");
            }
            outln!("数据库：{}", path.display());
        }
        Command::Roster(RosterCommand::Import { file, dry_run, json: as_json }) => {
            let mut store = Store::open(&path)?;
            let report = import_roster_file(&mut store, &file, dry_run, today()?)?;
            if as_json {
                json(&report)?;
            } else {
                out(&report.to_text());
            }
            if !report.ok {
                return Err(Failure { message: format!("花名册有 {} 处问题，没有导入任何数据。", report.issues_total) });
            }
        }
        Command::Roster(RosterCommand::Export { file, village }) => {
            let store = Store::open(&path)?;
            let v = village_id(&store, village.as_deref())?;
            let s = export_roster(&store, &file, v.as_deref())?;
            outln!("已导出 {} 户、{} 人到 {}", s.households, s.persons, s.path);
        }
        Command::Roster(RosterCommand::Template { file }) => {
            write_template(&file)?;
            outln!("已写出空白花名册模板：{}", file.display());
        }
        Command::Households(HouseholdsCommand::List { village, query, category, tier, json: as_json }) => {
            let store = Store::open(&path)?;
            let bad = |what: &str, e: zhucun_domain::DomainError| Failure { message: format!("{what}：{}。{}", e.message_zh(), e.hint_zh()) };
            let filter = HouseholdFilter {
                village_id: village_id(&store, village.as_deref())?,
                query,
                category: category.as_deref().map(Category::parse).transpose().map_err(|e| bad("--category", e))?,
                tier: tier.as_deref().map(Tier::parse).transpose().map_err(|e| bad("--tier", e))?,
                ..Default::default()
            };
            let page = list_households(store.read(), &filter, today()?)?;
            if as_json {
                json(&page.rows)?;
            } else {
                outln!("户编号\t村\t组\t户主\t户主证件号\t人数\t户类别\t帮扶层级\t帮扶责任人");
                for r in &page.rows {
                    outln!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        r.number,
                        r.village,
                        r.group,
                        r.head_name.as_deref().unwrap_or("（无户主）"),
                        r.head_id_masked.as_deref().unwrap_or(""),
                        r.members,
                        r.category,
                        r.tier,
                        r.cadre.as_deref().unwrap_or("")
                    );
                }
                outln!("共 {} 户", page.total);
            }
        }
        Command::Sync(SyncCommand::Status { json: as_json }) => {
            let store = Store::open(&path)?;
            let st = sync::ops::status(&store).map_err(CoreError::from)?;
            if as_json {
                json(&st)?;
            } else if !st.enrolled && st.role == "laptop" {
                outln!("本机尚未登记到县里（本机编号 {}）。导入县里发的登记文件：zhucun enroll 文件", &st.device[..8]);
            } else {
                outln!("本机编号 {}，{}", &st.device[..8], st.village.as_deref().map(|v| format!("村：{v}")).unwrap_or_default());
                outln!("县里尚未确认的修改：{} 条", st.pending);
                outln!("县里最近确认：{}", st.last_ack_at.as_deref().unwrap_or("（还没有）"));
                outln!("未解决的冲突：{} 处", st.conflicts.len());
                if let Some(u) = &st.server_url {
                    outln!("服务器：{u}");
                }
            }
        }
        Command::Sync(SyncCommand::Export { out: target, json: as_json }) => {
            let store = Store::open(&path)?;
            let report = sync::ops::export_file(&store, &target).map_err(CoreError::from)?;
            if as_json {
                json(&report)?;
            } else {
                outln!("已写出同步包：{}（{} 条修改，{} 字节）", report.file, report.changes, report.bytes);
                if report.left > 0 {
                    outln!("还有 {} 条改动待下次同步（一个包装不下）：县里导入这个包、本机导入回执包后再导出一次。", report.left);
                }
            }
        }
        Command::Sync(SyncCommand::Import { file, json: as_json }) => {
            let mut store = Store::open(&path)?;
            let r = sync::ops::import_file(&mut store, &file).map_err(CoreError::from)?;
            if as_json {
                json(&r)?;
            } else {
                outln!("已导入：新修改 {} 条，已有 {} 条。县里尚未确认的修改：{} 条", r.applied, r.duplicates, r.pending);
            }
        }
        Command::Sync(SyncCommand::Now { server, json: as_json }) => {
            let mut store = Store::open(&path)?;
            let r = sync::client::sync_now(&mut store, server.as_deref()).map_err(CoreError::from)?;
            if as_json {
                json(&r)?;
            } else {
                outln!("已与 {} 同步：发出 {} 条，收到新修改 {} 条。县里尚未确认的修改：{} 条", r.server, r.sent, r.received.applied, r.received.pending);
            }
        }
        Command::Enroll { file } => {
            let mut store = Store::open(&path)?;
            let r = sync::ops::enroll_file(&mut store, &file).map_err(CoreError::from)?;
            outln!("已登记：本机（{}）属于 {} 工作队。首次同步后会收到本村花名册。", &r.device[..8], r.village);
        }
        Command::Member(MemberCommand::Add { name, role, from, to, phone, unit, village, sex, birth, politics, post, json: as_json }) => {
            let mut store = Store::open(&path)?;
            let date = date_arg;
            let input = zhucun_core::members::MemberInput {
                name,
                role,
                from: date("--from", &from)?,
                to: to.as_deref().map(|t| date("--to", t)).transpose()?,
                phone,
                unit,
                village_id: village_id(&store, village.as_deref())?,
                sex,
                birth_month: birth,
                politics,
                post,
            };
            let id = zhucun_core::members::add_member(&mut store, &input)?;
            if as_json {
                json(&serde_json::json!({ "id": id }))?;
            } else {
                outln!("{id}");
            }
        }
        Command::Member(MemberCommand::Edit { id, name, role, from, to, phone, unit, sex, birth, politics, post, by, reason, json: as_json }) => {
            let mut store = Store::open(&path)?;
            let m = zhucun_core::members::list_members(&store)?.into_iter().find(|m| m.id == id);
            let Some(m) = m else {
                return Err(Failure { message: format!("没有编号为“{id}”的工作队员。队员编号可用 zhucun member list 查看。") });
            };
            let mut e = zhucun_core::members::MemberEdit::from_row(&m);
            // A flag given replaces the value; "" (or 空) clears an optional one.
            let clear = |v: String| if matches!(v.trim(), "" | "空" | "none") { None } else { Some(v) };
            if let Some(v) = name {
                e.name = v;
            }
            if let Some(v) = role {
                e.role = v;
            }
            if let Some(v) = from {
                e.from = date_arg("--from", &v)?;
            }
            if let Some(v) = to {
                e.to = clear(v).map(|t| date_arg("--to", &t)).transpose()?;
            }
            for (slot, v) in [(&mut e.phone, phone), (&mut e.unit, unit), (&mut e.sex, sex), (&mut e.birth_month, birth), (&mut e.politics, politics), (&mut e.post, post)] {
                if let Some(v) = v {
                    *slot = clear(v);
                }
            }
            let trace = zhucun_core::corrections::Trace { by, reason };
            let changes = zhucun_core::members::update_member(&mut store, &id, &e, &trace)?;
            if as_json {
                json(&changes)?;
            } else if changes.is_empty() {
                outln!("没有变化，未写入。");
            } else {
                for c in &changes {
                    outln!("{}：{} → {}", c.field, c.before.as_deref().unwrap_or("空"), c.after.as_deref().unwrap_or("空"));
                }
                outln!("已修改 {} 项，修改记录已保存。", changes.len());
            }
        }
        Command::Member(MemberCommand::End { id, on, by, reason, json: as_json }) => {
            let mut store = Store::open(&path)?;
            let on = date_arg("--on", &on)?;
            let trace = zhucun_core::corrections::Trace { by, reason };
            let changes = zhucun_core::members::end_member(&mut store, &id, on, &trace)?;
            if as_json {
                json(&changes)?;
            } else {
                outln!("已登记离队：{}。队员仍在名单中，{}之后不再列入今日和考勤。", zhucun_domain::date::format_date_zh(on), zhucun_domain::date::format_date_zh(on));
            }
        }
        Command::Member(MemberCommand::History { id, json: as_json }) => {
            let store = Store::open_existing(&path)?;
            let rows = zhucun_core::members::history(&store, &id)?;
            if as_json {
                json(&rows)?;
            } else if rows.is_empty() {
                outln!("没有修改记录。");
            } else {
                for r in &rows {
                    let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                        .map_or_else(|_| r.at.clone(), |t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string());
                    let by = if r.by.is_empty() { "未署名" } else { r.by.as_str() };
                    let device = if r.here { "本机".to_string() } else { format!("另一台电脑 {}", r.device.chars().take(8).collect::<String>()) };
                    outln!("{at} {}（修改人：{by}，{device}）", r.action);
                    for c in &r.changes {
                        outln!("  {}：{} → {}", c.field, c.before.as_deref().unwrap_or("空"), c.after.as_deref().unwrap_or("空"));
                    }
                    if !r.reason.is_empty() {
                        outln!("  原因：{}", r.reason);
                    }
                }
            }
        }
        Command::Member(MemberCommand::List { json: as_json }) => {
            let store = Store::open(&path)?;
            let list = zhucun_core::members::list_members(&store)?;
            if as_json {
                json(&list)?;
            } else {
                outln!("编号\t姓名\t职务\t驻村开始\t离队\t村");
                for m in &list {
                    outln!("{}\t{}\t{}\t{}\t{}\t{}", m.id, m.name, m.role, m.from_date, m.to_date.as_deref().unwrap_or(""), m.village);
                }
                outln!("共 {} 人", list.len());
            }
        }
        Command::Log(c) => records::log(c, &path)?,
        Command::Leave(c) => records::leave(c, &path)?,
        Command::Meeting(c) => records::meeting(c, &path)?,
        Command::Problem(c) => problems::problem(c, &path)?,
        Command::Visit(c) => visits::visit(c, &path)?,
        Command::Households(HouseholdsCommand::Set { number, whole_family_away, bottom_support, since }) => {
            if whole_family_away.is_none() && bottom_support.is_none() {
                return Err(Failure { message: "请写要改的标记：--whole-family-away 是|否，或 --bottom-support 是|否。".into() });
            }
            if let Some(away) = whole_family_away {
                visits::household_set(&number, &away, since, &path)?;
            }
            if let Some(on) = bottom_support {
                handbook::household_bottom_support(&number, &on, &path)?;
            }
        }
        Command::Pairing(c) => handbook::pairing(c, &path)?,
        Command::Plan(c) => handbook::plan(c, &path)?,
        Command::Measure(c) => handbook::measure(c, &path)?,
        Command::Evaluation(c) => handbook::evaluation(c, &path)?,
        Command::Assessment(c) => handbook::assessment(c, &path)?,
        Command::Income(c) => handbook::income(c, &path)?,
        Command::Sign { entry, role, image, signer, method, entry_kind, date, json: as_json } => {
            handbook::sign(entry, role, image, signer, method, entry_kind, date, as_json, &path)?
        }
        Command::Due { member, period, json: as_json } => handbook::due(member, period, as_json, &path)?,
        Command::Handbook(c) => handbook::handbook(c, &path)?,
        Command::Check(c) => records::check(c, &path)?,
        Command::Param(c) => records::param(c, &path)?,
        Command::Holiday(c) => records::holiday(c, &path)?,
        Command::Ledger { kind, period, out, member, json: as_json } => records::ledger(kind, period, out, member, as_json, &path)?,
        Command::History { kind, id, limit, json: as_json } => {
            let store = Store::open_existing(&path)?;
            let table = match kind.as_deref() {
                None => None,
                Some("member" | "队员") => Some("team_member"),
                Some("leave" | "请假") => Some("leave_request"),
                Some("meeting" | "会议") => Some("meeting"),
                Some("param" | "参数") => Some("parameter"),
                Some("problem" | "问题") => Some("problem"),
                Some("visit" | "走访") => Some("visit"),
                Some(other) => return Err(Failure { message: format!("不认识“{}”：请写 member、leave、meeting 或 param。", terminal(other)) }),
            };
            let rows = match (table, id) {
                (Some(t), Some(id)) => zhucun_core::corrections::history(&store, t, &id)?,
                (None, Some(_)) => return Err(Failure { message: "用 --id 时请同时写明记录种类：member、leave、meeting 或 param。".into() }),
                (t, None) => zhucun_core::corrections::recent(&store, t, limit)?,
            };
            if as_json {
                json(&rows)?;
            } else if rows.is_empty() {
                outln!("没有修改记录。");
            } else {
                for r in &rows {
                    let by = if r.by.is_empty() { "未署名" } else { r.by.as_str() };
                    let device = if r.here { "本机".to_string() } else { format!("另一台电脑 {}", r.device.chars().take(8).collect::<String>()) };
                    let what = match r.tbl.as_str() {
                        "team_member" => "队员",
                        "leave_request" => "请假",
                        "meeting" => "会议",
                        "problem" => "问题",
                        "visit" => "走访",
                        "parameter" => "规则参数",
                        other => other,
                    };
                    let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                        .map_or_else(|_| r.at.clone(), |t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string());
                    outln!("{at} {what}{} {}（修改人：{by}，{device}）", r.action, r.row_id);
                    for c in &r.changes {
                        outln!("  {}：{} → {}", c.field, c.before.as_deref().unwrap_or("空"), c.after.as_deref().unwrap_or("空"));
                    }
                    if !r.reason.is_empty() {
                        outln!("  原因：{}", r.reason);
                    }
                }
            }
        }
        Command::Doctor { json: as_json } => {
            let store = Store::open_existing(&path)?;
            let problems = store.check_integrity()?;
            let c = counts(store.read())?;
            let journal: String = store.read().query_row("PRAGMA journal_mode", [], |r| r.get(0)).map_err(zhucun_store::StoreError::from)?;
            if as_json {
                json(&serde_json::json!({
                    "db_path": path.display().to_string(),
                    "schema_version": store.schema_version()?,
                    "app_schema_version": zhucun_store::SCHEMA_VERSION,
                    "journal_mode": journal,
                    "ok": problems.is_empty(),
                    "problems": problems,
                    "counts": c,
                }))?;
            } else {
                outln!("数据库：{}", path.display());
                outln!("结构版本：{}（本程序 {}），日志模式：{journal}", store.schema_version()?, zhucun_store::SCHEMA_VERSION);
                outln!("村 {}，户 {}，人 {}，干部 {}，在结对 {}，变更记录 {}，导入 {} 次", c.villages, c.households, c.persons, c.cadres, c.pairings_open, c.changes, c.imports);
                if problems.is_empty() {
                    outln!("完整性检查：正常");
                } else {
                    outln!("完整性检查发现 {} 个问题：", problems.len());
                    for p in &problems {
                        outln!("  {p}");
                    }
                }
            }
            if !problems.is_empty() {
                return Err(Failure { message: "数据库完整性检查未通过。请先备份数据库文件，再联系县里的技术人员。".to_string() });
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("错误：{}", terminal(&f.message));
            ExitCode::from(1)
        }
    }
}
