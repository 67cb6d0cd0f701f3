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
use std::sync::{Arc, Mutex};
use zhucun_store::sync as ss;
use zhucun_store::Store;
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
        /// 监听地址
        #[arg(long, default_value = "0.0.0.0:8040")]
        listen: String,
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
    /// 按规则检查全县各工作队：attendance（A1–A3）或 meetings（M1–M3），与村里电脑用同一套规则
    Check {
        /// attendance 或 meetings
        what: String,
        /// 月份，如 2024-09
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// 各村对花名册数据提出的修改：列出、采纳或驳回
    #[command(subcommand)]
    Proposals(ProposalCommand),
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

/// Write the return bundle for a laptop into `dir`; the file name says which village.
fn write_return(store: &Store, device: &str, dir: &Path) -> Result<(PathBuf, u64), Failure> {
    let out = ops::export_for_peer(store, device)?;
    let peer = ss::peer(store.read(), device)?.ok_or_else(|| Failure(format!("没有登记过的电脑 {device}")))?;
    let name = ops::bundle_name(store, "回执-", peer.village_id.as_deref(), device)?;
    std::fs::create_dir_all(dir).map_err(|e| Failure(format!("无法创建文件夹 {}：{e}", dir.display())))?;
    let path = dir.join(name);
    ops::write_atomic(&path, &out.bytes)?;
    Ok((path, out.changes))
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let path = db_path(cli.db);
    match cli.command {
        Command::Serve { listen } => {
            let store = open(&path)?;
            serve(store, &listen)?;
        }
        Command::Import { files, out_dir, json: as_json } => {
            let mut store = open(&path)?;
            let dir = out_dir.unwrap_or_else(|| PathBuf::from("."));
            let mut results = Vec::new();
            let mut failed = 0;
            let mut senders: Vec<String> = Vec::new();
            for f in &files {
                match ops::import_file(&mut store, f) {
                    Ok(r) => {
                        if !as_json {
                            outln(&format!(
                                "{}：来自 {}（{}），新修改 {} 条，已有 {} 条，待县里决定的花名册修改 {} 条{}",
                                f.display(),
                                r.village.clone().unwrap_or_default(),
                                &r.sender[..8.min(r.sender.len())],
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
                            outln(&format!("{}：拒收。{}", f.display(), e.message_zh()));
                        }
                        results.push(serde_json::json!({"file": f.display().to_string(), "ok": false, "code": e.code(), "message": e.message_zh()}));
                    }
                }
            }
            let mut returns = Vec::new();
            for s in &senders {
                let (p, n) = write_return(&store, s, &dir)?;
                if !as_json {
                    outln(&format!("回执包：{}（{} 条修改）", p.display(), n));
                }
                returns.push(serde_json::json!({"device": s, "file": p.display().to_string(), "changes": n}));
            }
            if as_json {
                json(&serde_json::json!({"imports": results, "returns": returns}));
            }
            if failed > 0 {
                return Err(Failure(format!("{failed} 个文件被拒收（见上）；其余文件已导入。被拒收的文件留存在“同步隔离”文件夹。")));
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
            let store = open(&path)?;
            let (p, n) = write_return(&store, &device, &out_dir.unwrap_or_else(|| PathBuf::from(".")))?;
            outln(&format!("回执包：{}（{} 条修改）", p.display(), n));
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
        Command::Check { what, period, json: as_json } => {
            let store = open(&path)?;
            let today = zhucun_core::paths::today().map_err(|e| Failure(e.message_zh()))?;
            let findings = match what.as_str() {
                "attendance" => zhucun_core::attendance::check_attendance(&store, &period, today)?,
                "meetings" => zhucun_core::meetings::check_meetings(&store, &period, today)?,
                other => return Err(Failure(format!("检查项“{other}”不对：可选 attendance（考勤）或 meetings（会议）"))),
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

type Shared = Arc<Mutex<Store>>;

fn serve(store: Store, listen: &str) -> Result<(), Failure> {
    use axum::routing::{get, post};
    let county = ss::device(store.read())?.id;
    let shared: Shared = Arc::new(Mutex::new(store));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| Failure(e.to_string()))?;
    rt.block_on(async move {
        let app = axum::Router::new()
            .route("/v1/health", get(move || async move { axum::Json(serde_json::json!({"ok": true, "county": county, "app": env!("CARGO_PKG_VERSION")})) }))
            .route(zhucun_sync::client::SYNC_PATH, post(sync_handler))
            .layer(axum::extract::DefaultBodyLimit::max(1 << 30))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| Failure(format!("无法监听 {listen}：{e}（端口被占用？）")))?;
        let addr = listener.local_addr().map_err(|e| Failure(e.to_string()))?;
        // Tests and scripts read this line to learn the port.
        outln(&format!("zhucun-server 正在监听 http://{addr}"));
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Failure(e.to_string()))
    })
}

async fn sync_handler(axum::extract::State(store): axum::extract::State<Shared>, body: axum::body::Bytes) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let result = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, SyncError> {
        let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
        let report = match ops::import_bytes(&mut store, &body) {
            Ok(r) => r,
            Err(e) => {
                ops::refused(&store, "http.zhcb", &body, &e, Some("http"));
                return Err(e);
            }
        };
        let _ = ops::event(&store, "http", Some(&report.sender), None, true, report.applied as i64, format!("联网同步：收到 {} 条新修改", report.applied));
        Ok(ops::export_for_peer(&store, &report.sender)?.bytes)
    })
    .await;
    match result {
        Ok(Ok(bytes)) => ([(axum::http::header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        Ok(Err(e)) => {
            let status = match e {
                SyncError::Store(_) | SyncError::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
                SyncError::UnknownDevice { .. } | SyncError::Revoked { .. } | SyncError::BadSignature | SyncError::EnrollmentUsed => StatusCode::FORBIDDEN,
                _ => StatusCode::BAD_REQUEST,
            };
            (status, axum::Json(zhucun_sync::client::ServerError { code: e.code().into(), message: e.message_zh() })).into_response()
        }
        Err(join) => (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(serde_json::json!({"code": "server.panic", "message": join.to_string()}))).into_response(),
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
