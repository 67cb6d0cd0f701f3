//! `zhucun-server`: the county server of 驻村工作台. One SQLite file, no other service.
//!
//! County staff import bundles brought on USB sticks (`import`) and hand back the return bundles it
//! writes; laptops with a connection post their bundle to `/v1/sync` and get theirs in the answer.
//! Exit codes as `zhucun`: 0 success, 1 failure (Chinese message on stderr), 2 usage.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zhucun_store::sync as ss;
use zhucun_store::Store;
use zhucun_server::county::{prepare_out_dir, write_return};
use zhucun_sync::{ops, SyncError};

#[derive(Parser)]
#[command(name = "zhucun-server", version, about = "驻村工作台县级服务器：接收各村同步包，发回回执包；登记村电脑")]
struct Cli {
    /// 县级数据库文件（默认：$ZHUCUN_SERVER_DB，或 ~/.local/share/zhucun/county.db）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 运行服务器，供有网络的村电脑同步
    Serve {
        /// 监听地址。默认只接受本机连接；要让县里网络中的村电脑连上，用 --listen 0.0.0.0:8040
        #[arg(long, default_value = "127.0.0.1:8040")]
        listen: String,
        /// 测试用：请求头的超时（毫秒），也是空闲连接的超时
        #[arg(long, hide = true)]
        header_timeout_ms: Option<u64>,
        /// 测试用：请求内容中两段数据之间最长的等待（毫秒）
        #[arg(long, hide = true)]
        chunk_timeout_ms: Option<u64>,
        /// 测试用：同时接收的同步包数
        #[arg(long, hide = true)]
        max_uploads: Option<usize>,
        /// 测试用：同时打开的连接数
        #[arg(long, hide = true)]
        max_connections: Option<usize>,
        /// 测试用：同一地址同时上传的同步包数
        #[arg(long, hide = true)]
        uploads_per_address: Option<u32>,
    },
    /// 导入U盘带来的同步包，为每台电脑写出回执包
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 回执包写到这个文件夹（默认：当前文件夹）
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// 为一个村的电脑生成登记文件（每份只能用一次）
    Enroll {
        /// 村名或村编号
        #[arg(long)]
        village: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 写进登记文件的服务器地址，例如 http://10.0.0.5:8040
        #[arg(long, value_name = "URL")]
        server_url: Option<String>,
    },
    /// 导入花名册到县级数据库（随后随同步下发到各村）
    Roster {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// 为一台电脑写出回执包（例如它的U盘丢了）
    Return {
        device: String,
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// 服务器状态：已登记电脑、待处理提议、冲突
    Status {
        #[arg(long)]
        json: bool,
    },
    /// 停用一台电脑（丢失或更换），此后拒收它的同步包
    Revoke { device: String },
    /// 按规则检查全县各工作队：attendance（A1–A3）、meetings（M1–M3）、visits（V1 监测户每月走访）、
    /// coverage（V2 脱贫户、一般农户覆盖期内走访）或 pairing（结对帮扶 P1–P3、D1–D3），与村里电脑用同一套规则
    Check {
        /// attendance、meetings、visits、coverage 或 pairing
        what: String,
        /// 月份，如 2024-09（coverage 不用；pairing 也可写季度 2024-Q3 或年度 2024）
        #[arg(long)]
        period: Option<String>,
        /// coverage 的覆盖期开始日期（不写：按参数 visit.window，默认本年度）
        #[arg(long)]
        from: Option<String>,
        /// coverage 的覆盖期结束日期
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 各村对花名册数据提出的修改：列出、采纳或驳回
    #[command(subcommand)]
    Proposals(ProposalCommand),
    /// 结对帮扶手册：全县手册审核
    #[command(subcommand)]
    Handbook(HandbookCommand),
}

#[derive(Subcommand)]
enum HandbookCommand {
    /// 全县各村手册中的明显错误（缺签名、合计不符、日期不对、缺收入核算……），每条指向要改的记录
    Audit {
        /// 年度（默认今年）
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ProposalCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    /// 采纳（ID 形如 设备/序号；--all 表示全部待处理）
    Accept {
        id: Option<String>,
        #[arg(long)]
        all: bool,
    },
    /// 驳回：县里的数据保持不变，并发回给提出的电脑
    Reject {
        id: Option<String>,
        #[arg(long)]
        all: bool,
    },
}

struct Failure(String);

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        Failure(e.message_zh())
    }
}
impl From<zhucun_store::StoreError> for Failure {
    fn from(e: zhucun_store::StoreError) -> Self {
        Failure(e.message_zh())
    }
}
impl From<zhucun_core::CoreError> for Failure {
    fn from(e: zhucun_core::CoreError) -> Self {
        Failure(e.message_zh())
    }
}

fn outln(s: &str) {
    let mut o = std::io::stdout().lock();
    if writeln!(o, "{s}").is_err() {
        std::process::exit(0);
    }
}

fn db_path(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("ZHUCUN_SERVER_DB").filter(|p| !p.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("zhucun").join("county.db"))
}

fn open(path: &Path) -> Result<Store, Failure> {
    let store = Store::open(path)?;
    ops::init_county(&store)?;
    Ok(store)
}

fn json<T: serde::Serialize>(v: &T) {
    outln(&serde_json::to_string_pretty(v).unwrap_or_default());
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let path = db_path(cli.db);
    match cli.command {
        Command::Serve { listen, header_timeout_ms, chunk_timeout_ms, max_uploads, max_connections, uploads_per_address } => {
            let store = open(&path)?;
            let d = zhucun_server::Limits::default();
            let ms = |v: Option<u64>, d: std::time::Duration| v.map(std::time::Duration::from_millis).unwrap_or(d);
            let limits = zhucun_server::Limits {
                header_timeout: ms(header_timeout_ms, d.header_timeout),
                chunk_timeout: ms(chunk_timeout_ms, d.chunk_timeout),
                max_uploads: max_uploads.unwrap_or(d.max_uploads),
                max_connections: max_connections.unwrap_or(d.max_connections),
                uploads_per_address: uploads_per_address.unwrap_or(d.uploads_per_address),
                ..d
            };
            serve(store, &listen, limits)?;
        }
        Command::Import { files, out_dir, json: as_json } => {
            let dir = out_dir.unwrap_or_else(|| PathBuf::from("."));
            // Before anything is imported: a bundle applied with nowhere to write its answer helps nobody.
            prepare_out_dir(&dir)?;
            let mut store = open(&path)?;
            let mut results = Vec::new();
            let mut failed = 0;
            let mut senders: Vec<String> = Vec::new();
            for f in &files {
                match ops::import_file(&mut store, f) {
                    Ok(r) => {
                        if !as_json {
                            outln(&format!(
                                "{}：来自 {}（{}），新修改 {} 条，已有 {} 条，待县里决定的花名册修改 {} 条{}",
                                zhucun_files::shown(f),
                                zhucun_sync::error::excerpt(&r.village.clone().unwrap_or_default(), 40),
                                zhucun_sync::error::short(&r.sender),
                                r.applied,
                                r.duplicates,
                                r.proposals,
                                if r.newly_enrolled { "，已完成登记" } else { "" }
                            ));
                        }
                        if !senders.contains(&r.sender) {
                            senders.push(r.sender.clone());
                        }
                        results.push(serde_json::json!({"file": f.display().to_string(), "ok": true, "report": r}));
                    }
                    Err(e) => {
                        failed += 1;
                        if !as_json {
                            outln(&format!("{}：拒收。{}", zhucun_files::shown(f), e.message_zh()));
                        }
                        // A copied laptop database: its return bundle tells it to take a new identity.
                        if let SyncError::Store(zhucun_store::StoreError::Diverged { device, .. }) = &e {
                            if !senders.contains(device) {
                                senders.push(device.clone());
                            }
                        }
                        results.push(serde_json::json!({"file": f.display().to_string(), "ok": false, "code": e.code(), "message": e.message_zh()}));
                    }
                }
            }
            let mut returns = Vec::new();
            for s in &senders {
                let (p, n) = write_return(&store, s, &dir)?;
                if !as_json {
                    outln(&format!("回执包：{}（{} 条修改）", zhucun_files::shown(&p), n));
                }
                returns.push(serde_json::json!({"device": s, "file": p.display().to_string(), "changes": n}));
            }
            if as_json {
                json(&serde_json::json!({"imports": results, "returns": returns}));
            }
            if failed > 0 {
                return Err(Failure(format!("{failed} 个文件被拒收（见上）；其余文件已导入。拒收的同步包（或不是同步包的文件的记录）留在“同步隔离”文件夹。")));
            }
        }
        Command::Enroll { village, out, server_url } => {
            let mut store = open(&path)?;
            let (bytes, payload) = ops::create_enrollment(&mut store, &village, server_url.as_deref())?;
            ops::write_atomic(&out, &bytes)?;
            outln(&format!("已为 {} 生成登记文件：{}（只能用一次）", payload.village_name, out.display()));
        }
        Command::Roster { file, dry_run } => {
            let mut store = open(&path)?;
            let today = zhucun_core::paths::today().map_err(|e| Failure(e.message_zh()))?;
            let report = zhucun_core::roster::import_roster_file(&mut store, &file, dry_run, today)?;
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(report.to_text().as_bytes());
            if !report.ok {
                return Err(Failure(format!("花名册有 {} 处问题，没有导入任何数据。", report.issues_total)));
            }
        }
        Command::Return { device, out_dir } => {
            let dir = out_dir.unwrap_or_else(|| PathBuf::from("."));
            prepare_out_dir(&dir)?;
            let store = open(&path)?;
            let (p, n) = write_return(&store, &device, &dir)?;
            outln(&format!("回执包：{}（{} 条修改）", zhucun_files::shown(&p), n));
        }
        Command::Status { json: as_json } => {
            let store = open(&path)?;
            let st = ops::status(&store)?;
            let peers = ss::peers(store.read())?;
            let village = |p: &ss::Peer| -> String {
                p.village_id.as_deref().and_then(|v| ss::division_name(store.read(), v).ok().flatten()).unwrap_or_default()
            };
            if as_json {
                let devices: Vec<_> = peers
                    .iter()
                    .map(|p| serde_json::json!({"id": p.id, "role": p.role, "village_id": p.village_id, "village": village(p), "enrolled_at": p.enrolled_at, "revoked_at": p.revoked_at, "last_seen": p.last_seen}))
                    .collect();
                json(&serde_json::json!({"device": st.device, "db_path": path.display().to_string(), "devices": devices, "proposals_open": st.proposals_open, "conflicts": st.conflicts, "events": st.events}));
            } else {
                outln(&format!("县级数据库：{}（本机编号 {}）", path.display(), &st.device[..8]));
                outln(&format!("已登记电脑 {} 台，待决定的花名册修改 {} 条，未解决冲突 {} 处", st.devices, st.proposals_open, st.conflicts.len()));
                for p in &peers {
                    outln(&format!(
                        "  {}  {}  登记 {}  最近同步 {}{}",
                        p.id,
                        village(p),
                        p.enrolled_at,
                        p.last_seen.clone().unwrap_or_else(|| "（从未）".into()),
                        if p.revoked_at.is_some() { "  已停用" } else { "" }
                    ));
                }
            }
        }
        Command::Revoke { device } => {
            let store = open(&path)?;
            if ops::revoke(&store, &device)? {
                outln(&format!("已停用 {device}，此后拒收它的同步包"));
            } else {
                return Err(Failure(format!("没有找到未停用的电脑 {device}")));
            }
        }
        Command::Check { what, period, from, to, json: as_json } => {
            let store = open(&path)?;
            let today = zhucun_core::paths::today().map_err(|e| Failure(e.message_zh()))?;
            let period = || period.clone().ok_or_else(|| Failure("请写明月份：--period 2024-09".into()));
            let findings = match what.as_str() {
                "attendance" => zhucun_core::attendance::check_attendance(&store, &period()?, today)?,
                "meetings" => zhucun_core::meetings::check_meetings(&store, &period()?, today)?,
                "visits" => zhucun_core::visits::check_visits(&store, &period()?, today)?,
                "coverage" => zhucun_core::visits::check_coverage_written(&store, from.as_deref(), to.as_deref(), today)?,
                "pairing" => zhucun_core::handbook::check_pairing(&store, &period()?, today)?,
                other => return Err(Failure(format!("检查项“{other}”不对：可选 attendance（考勤）、meetings（会议）、visits（监测户每月走访）、coverage（走访覆盖）或 pairing（结对帮扶）"))),
            };
            if as_json {
                json(&findings);
            } else {
                outln("规则\t期间\t对象\t要求\t实际\t结果\t说明");
                for f in &findings {
                    outln(&format!("{}\t{}\t{}\t{}\t{}\t{}\t{}", f.rule, f.period, f.subject_label, f.required, f.found, f.state_zh(), f.explain));
                }
                outln(&format!("共 {} 条", findings.len()));
            }
        }
        Command::Proposals(ProposalCommand::List { json: as_json }) => {
            let store = open(&path)?;
            let list = ss::proposals(store.read(), false)?;
            if as_json {
                json(&list);
            } else {
                for p in &list {
                    outln(&format!("{}/{}\t{}\t{}\t{}\t{}", p.origin, p.seq, p.tbl, p.row_id, p.fields, p.decision.as_deref().unwrap_or("待决定")));
                }
                outln(&format!("共 {} 条", list.len()));
            }
        }
        Command::Handbook(HandbookCommand::Audit { year, json: as_json }) => {
            let store = open(&path)?;
            let today = zhucun_core::paths::today().map_err(|e| Failure(e.message_zh()))?;
            let year = match year {
                Some(y) => y,
                None => today.format("%Y").to_string().parse().map_err(|_| Failure("今天的日期不对".into()))?,
            };
            let items = zhucun_core::handbook::audit(&store, year, today)?;
            if as_json {
                json(&items);
            } else {
                outln("户编号\t户主\t问题\t记录\t记录编号\t日期\t说明\t怎样改");
                for a in &items {
                    let date = a.date.map(|d| d.to_string()).unwrap_or_default();
                    outln(&format!("{}\t{}\t{}\t{}\t{}\t{date}\t{}\t{}", a.number, a.head, a.code, a.entry, a.entry_id.as_deref().unwrap_or(""), a.message, a.fix));
                }
                outln(&format!("{year}年手册审核：共 {} 条", items.len()));
            }
        }
        Command::Proposals(ProposalCommand::Accept { id, all }) => decide(&path, id, all, true)?,
        Command::Proposals(ProposalCommand::Reject { id, all }) => decide(&path, id, all, false)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn decide(path: &Path, id: Option<String>, all: bool, accept: bool) -> Result<(), Failure> {
    let mut store = open(path)?;
    let targets: Vec<(String, i64)> = if all {
        ss::proposals(store.read(), true)?.into_iter().map(|p| (p.origin, p.seq)).collect()
    } else {
        let id = id.ok_or_else(|| Failure("请给出提议编号（设备/序号），或用 --all".into()))?;
        let (o, s) = id.split_once('/').ok_or_else(|| Failure(format!("提议编号“{id}”应形如 设备/序号")))?;
        vec![(o.to_string(), s.parse().map_err(|_| Failure(format!("提议编号“{id}”的序号不是数字")))?)]
    };
    let mut w = store.write()?;
    for (o, s) in &targets {
        w.decide_proposal(o, *s, accept)?;
    }
    w.commit()?;
    outln(&format!("已{} {} 条提议；决定会随回执包发回各村", if accept { "采纳" } else { "驳回" }, targets.len()));
    Ok(())
}

// ---- HTTP ----

fn serve(store: Store, listen: &str, limits: zhucun_server::Limits) -> Result<(), Failure> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| Failure(e.to_string()))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| Failure(format!("无法监听 {listen}：{e}（端口被占用？）")))?;
        let addr = listener.local_addr().map_err(|e| Failure(e.to_string()))?;
        // Tests and scripts read this line to learn the port.
        outln(&format!("zhucun-server 正在监听 http://{addr}"));
        let app = zhucun_server::router(zhucun_server::AppState::new(store, limits.clone()));
        zhucun_server::serve(listener, app, &limits, shutdown_signal()).await.map_err(|e| Failure(e.to_string()))
    })
}

async fn shutdown_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        _ = term => {},
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure(m)) => {
            eprintln!("错误：{m}");
            ExitCode::from(1)
        }
    }
}
