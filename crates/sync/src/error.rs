//! Sync errors: a stable code, and a Chinese message saying what happened and what to do.

use thiserror::Error;
use zhucun_store::StoreError;

#[derive(Debug, Error)]
pub enum SyncError {
    #[error("not a zhucun bundle")]
    NotABundle,
    #[error("bundle is truncated")]
    Truncated,
    #[error("bundle is corrupted: {detail}")]
    Corrupt { detail: String },
    #[error("bundle is not addressed to this device")]
    WrongRecipient,
    #[error("bundle from unknown device {device}")]
    UnknownDevice { device: String },
    #[error("bundle from revoked device {device}")]
    Revoked { device: String },
    #[error("bad signature")]
    BadSignature,
    #[error("bundle needs reader version {needed}, this app reads {have}")]
    NeedsNewer { needed: u16, have: u16 },
    #[error("this laptop is not enrolled")]
    NotEnrolled,
    #[error("already enrolled")]
    AlreadyEnrolled { county: String },
    #[error("the database already has data")]
    HasLocalData { changes: i64 },
    #[error("bad enrollment file: {detail}")]
    BadEnrollment { detail: String },
    #[error("enrollment already used")]
    EnrollmentUsed,
    #[error("unknown village {village}")]
    UnknownVillage { village: String },
    #[error("not the county database")]
    NotCounty,
    #[error("cannot reach {url}: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("server refused: {code}: {message}")]
    ServerRefused { code: String, message: String },
    #[error("no server address")]
    NoServer,
    #[error("file {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::NotABundle => "sync.not_bundle",
            SyncError::Truncated => "sync.truncated",
            SyncError::Corrupt { .. } => "sync.corrupt",
            SyncError::WrongRecipient => "sync.wrong_recipient",
            SyncError::UnknownDevice { .. } => "sync.unknown_device",
            SyncError::Revoked { .. } => "sync.revoked",
            SyncError::BadSignature => "sync.bad_signature",
            SyncError::NeedsNewer { .. } => "sync.needs_newer",
            SyncError::NotEnrolled => "sync.not_enrolled",
            SyncError::AlreadyEnrolled { .. } => "sync.already_enrolled",
            SyncError::HasLocalData { .. } => "sync.has_local_data",
            SyncError::BadEnrollment { .. } => "sync.bad_enrollment",
            SyncError::EnrollmentUsed => "sync.enrollment_used",
            SyncError::UnknownVillage { .. } => "sync.unknown_village",
            SyncError::NotCounty => "sync.not_county",
            SyncError::Unreachable { .. } => "sync.unreachable",
            SyncError::ServerRefused { .. } => "sync.server_refused",
            SyncError::NoServer => "sync.no_server",
            SyncError::Io { .. } => "file.io",
            SyncError::Store(e) => e.code(),
        }
    }

    pub fn message_zh(&self) -> String {
        const KEPT: &str = "数据没有改动，文件已留存在“同步隔离”文件夹以便检查。";
        match self {
            SyncError::NotABundle => format!("这个文件不是驻村工作台的同步包。请确认选的是 .zhcb 文件。{KEPT}"),
            SyncError::Truncated => format!("同步包不完整（可能拷贝时U盘被拔出）。请重新导出或重新拷贝一次。{KEPT}"),
            SyncError::Corrupt { .. } => format!("同步包已损坏或被改动过，无法使用。请重新导出或重新拷贝一次。{KEPT}"),
            SyncError::WrongRecipient => format!("这个同步包不是发给本机的（可能拿错了U盘或文件）。请找到发给本机的文件。{KEPT}"),
            SyncError::UnknownDevice { device } => {
                format!("同步包来自一台未登记的电脑（{}）。请先在县里为这台电脑办理登记。{KEPT}", short(device))
            }
            SyncError::Revoked { device } => format!("同步包来自一台已停用的电脑（{}）。如有疑问请联系县里。{KEPT}", short(device)),
            SyncError::BadSignature => format!("同步包的签名不对，可能被伪造或篡改，已拒收。{KEPT}"),
            SyncError::NeedsNewer { needed, have } => {
                format!("这个同步包需要更新版本的驻村工作台才能读取（需要读取版本 {needed}，本机为 {have}）。请升级；文件已留存，升级后再导入。")
            }
            SyncError::NotEnrolled => "这台电脑还没有登记到县里，不能同步。请先导入县里发的登记文件（zhucun enroll 文件）。".into(),
            SyncError::AlreadyEnrolled { .. } => "这台电脑已经登记过了，不需要再登记。如要改登记，请用新的数据库。".into(),
            SyncError::HasLocalData { changes } => format!(
                "这个数据库里已有 {changes} 条自行录入或导入的数据（例如演示数据），不能直接登记。请用一个新的数据库登记（程序首次启动时选“导入登记文件”），花名册会由县里下发。"
            ),
            SyncError::BadEnrollment { detail } => format!("登记文件无效（{detail}）。请向县里重新索取登记文件。"),
            SyncError::EnrollmentUsed => "这份登记文件已被另一台电脑使用过。每份登记文件只能用一次，请向县里重新索取。".into(),
            SyncError::UnknownVillage { village } => format!("县里的数据库中没有“{village}”这个村。请先导入包含该村的花名册，或检查村名。"),
            SyncError::NotCounty => "这个数据库不是县级服务器的数据库。".into(),
            SyncError::Unreachable { url, .. } => {
                format!("连不上县里的服务器（{url}）。数据都保存在本机，有网络时会自动再试；也可以用“导出到U盘”带到县里。")
            }
            SyncError::ServerRefused { message, .. } => format!("县里的服务器拒收了同步包：{message}"),
            SyncError::NoServer => "没有设置县里服务器的地址。请在登记文件中提供，或用 --server 指定；也可以用U盘同步。".into(),
            SyncError::Io { path, source } => format!("无法读写文件 {path}（{source}）。请检查U盘是否插好、文件夹是否可写。"),
            SyncError::Store(e) => e.message_zh(),
        }
    }

    /// Technical detail for the log and the "详情" line.
    pub fn detail(&self) -> String {
        match self {
            SyncError::Corrupt { detail } | SyncError::Unreachable { detail, .. } | SyncError::BadEnrollment { detail } => detail.clone(),
            other => other.to_string(),
        }
    }

    /// Refusals of a file that should be kept aside for inspection.
    pub fn keeps_file(&self) -> bool {
        matches!(
            self,
            SyncError::NotABundle
                | SyncError::Truncated
                | SyncError::Corrupt { .. }
                | SyncError::WrongRecipient
                | SyncError::UnknownDevice { .. }
                | SyncError::Revoked { .. }
                | SyncError::BadSignature
                | SyncError::NeedsNewer { .. }
                | SyncError::Store(StoreError::BadChange { .. })
        )
    }
}

fn short(device: &str) -> &str {
    &device[..device.len().min(8)]
}

pub type Result<T> = std::result::Result<T, SyncError>;
