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
    /// The server refused the bundle. Only its HTTP status and its stable code (when it is one of
    /// ours) are kept: the server's own text is never shown (plain HTTP: anyone on the way could write it).
    #[error("server refused: HTTP {status} {code:?}")]
    ServerRefused { status: u16, code: Option<String> },
    /// The server's answer cannot be a return bundle (too large, not framed as one).
    #[error("bad answer from the server: {detail}")]
    BadAnswer { detail: String },
    #[error("no server address")]
    NoServer,
    /// A bundle (a file or a request) larger than any real one.
    #[error("bundle of {bytes} bytes, more than {max}")]
    TooLarge { bytes: u64, max: u64 },
    /// A file from outside that cannot be read as one (not a regular file, too large, unreadable).
    #[error(transparent)]
    File(#[from] zhucun_files::FileError),
    /// County: a return bundle asked for a revoked laptop.
    #[error("device {device} is revoked")]
    PeerRevoked { device: String },
    /// County: a return bundle asked for a device it does not know.
    #[error("no device {device}")]
    NoSuchPeer { device: String },
    #[error("file {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Every code [`SyncError::code`] gives itself; the codes of a wrapped [`zhucun_files::FileError`]
    /// or [`StoreError`] are in their own `ALL_CODES`. The UI's catalogue must know each one (checked
    /// by the test below and by `crates/core/tests/error_codes.rs`).
    pub const ALL_CODES: &'static [&'static str] = &[
        "sync.not_bundle",
        "sync.truncated",
        "sync.corrupt",
        "sync.wrong_recipient",
        "sync.unknown_device",
        "sync.revoked",
        "sync.bad_signature",
        "sync.needs_newer",
        "sync.not_enrolled",
        "sync.already_enrolled",
        "sync.has_local_data",
        "sync.bad_enrollment",
        "sync.enrollment_used",
        "sync.unknown_village",
        "sync.not_county",
        "sync.unreachable",
        "sync.server_refused",
        "sync.bad_answer",
        "sync.no_server",
        "sync.too_large",
        "sync.peer_revoked",
        "sync.no_such_peer",
        "file.io",
    ];

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
            SyncError::BadAnswer { .. } => "sync.bad_answer",
            SyncError::NoServer => "sync.no_server",
            SyncError::TooLarge { .. } => "sync.too_large",
            SyncError::File(e) => e.code(),
            SyncError::PeerRevoked { .. } => "sync.peer_revoked",
            SyncError::NoSuchPeer { .. } => "sync.no_such_peer",
            SyncError::Io { .. } => "file.io",
            SyncError::Store(e) => e.code(),
        }
    }

    pub fn message_zh(&self) -> String {
        // A framed bundle is kept whole; anything else only as a short note (see `ops::refused`).
        const KEPT: &str = "数据没有改动，已在“同步隔离”文件夹留存记录以便检查。";
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
            SyncError::UnknownVillage { village } => {
                format!("县里的数据库中没有“{}”这个村。请先导入包含该村的花名册，或检查村名。", excerpt(village, 40))
            }
            SyncError::NotCounty => "这个数据库不是县级服务器的数据库。".into(),
            SyncError::Unreachable { url, .. } => {
                format!("连不上县里的服务器（{}）。数据都保存在本机，有网络时会自动再试；也可以用“导出到U盘”带到县里。", excerpt(url, 80))
            }
            SyncError::ServerRefused { status, code } => {
                format!("县里的服务器拒收了同步包：{}。数据都保存在本机，没有丢失。", server_reason(*status, code.as_deref()))
            }
            SyncError::BadAnswer { .. } => "县里服务器的回答不是回执包（太大，或内容不对），已丢弃，本机数据没有改动。请向县里确认服务器地址、请县里检查服务器；也可以先用U盘同步。".into(),
            SyncError::NoServer => "没有设置县里服务器的地址。请在登记文件中提供，或用 --server 指定；也可以用U盘同步。".into(),
            SyncError::TooLarge { bytes, max } => format!(
                "同步包太大（{}，上限 {}），不是驻村工作台写出的同步包，已拒收，数据没有改动。请确认选对了文件。",
                zhucun_files::size_zh(*bytes),
                zhucun_files::size_zh(*max)
            ),
            SyncError::File(e) => format!("{}数据没有改动。", e.message_zh()),
            SyncError::PeerRevoked { device } => {
                format!("电脑 {} 已停用，不再为它写出回执包。如这台电脑要继续使用，请为它重新办理登记。", short(device))
            }
            SyncError::NoSuchPeer { device } => {
                format!("没有登记过编号为 {} 的电脑。请用 zhucun-server status 查看已登记电脑的编号。", excerpt(device, 40))
            }
            SyncError::Io { path, source } => {
                format!("无法读写文件 {path}（{}）。请检查U盘是否插好、文件夹是否可写。", zhucun_files::io_zh(source))
            }
            SyncError::Store(e) => e.message_zh(),
        }
    }

    /// Technical detail for the log and the "详情" line.
    pub fn detail(&self) -> String {
        match self {
            SyncError::Corrupt { detail }
            | SyncError::Unreachable { detail, .. }
            | SyncError::BadEnrollment { detail }
            | SyncError::BadAnswer { detail } => excerpt(detail, 200),
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

/// The first 8 characters of a device id, as shown to people (an id from a file may be anything).
pub fn short(device: &str) -> String {
    excerpt(device, 8).trim_end_matches('…').to_string()
}

/// At most `max` characters of a text that came from outside (a file, a server, a header), escaped
/// so that it cannot act on a terminal; `…` marks a cut.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    zhucun_files::printable(&out)
}

/// The codes a county server answers with that this laptop knows; any other is not even kept.
pub(crate) const SERVER_CODES: [&str; 12] = [
    "sync.not_bundle",
    "sync.truncated",
    "sync.corrupt",
    "sync.wrong_recipient",
    "sync.unknown_device",
    "sync.revoked",
    "sync.bad_signature",
    "sync.needs_newer",
    "sync.enrollment_used",
    "sync.too_large",
    "server.busy",
    "server.timeout",
];

/// The laptop's own words for what a server's stable code means; the server's text is never used.
fn server_reason(status: u16, code: Option<&str>) -> String {
    let known = match code.unwrap_or("") {
        "sync.not_bundle" | "sync.truncated" | "sync.corrupt" => "同步包在传输中损坏或不完整，请再同步一次",
        "sync.wrong_recipient" => "同步包不是发给这台服务器的（服务器地址可能填错了，或县里换了服务器），请向县里确认服务器地址",
        "sync.unknown_device" => "县里不认识这台电脑（登记没有完成或已被撤销），请联系县里重新登记",
        "sync.revoked" => "这台电脑已停用，县里不再接收它的同步包；如有疑问请联系县里",
        "sync.bad_signature" => "同步包的签名不对，请联系县里",
        "sync.needs_newer" => "县里服务器的版本较旧，读不了本机的同步包，请县里升级服务器",
        "sync.enrollment_used" => "这台电脑用的登记文件已被另一台电脑用过，请向县里重新索取登记文件",
        "sync.too_large" => "同步包超过服务器允许的大小，请改用U盘同步，并告诉县里",
        "server.busy" => "县里的服务器正忙，稍后会自动再试",
        "server.timeout" => "网络太慢，传输超时；有网络时会自动再试，也可以用U盘同步",
        _ => "",
    };
    if known.is_empty() {
        format!("服务器返回 HTTP {status}，请联系县里检查服务器")
    } else {
        known.to_string()
    }
}

pub type Result<T> = std::result::Result<T, SyncError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_described_in_the_laptop_s_own_words() {
        let revoked = SyncError::ServerRefused { status: 403, code: Some("sync.revoked".into()) };
        assert!(revoked.message_zh().contains("已停用"), "{}", revoked.message_zh());
        let unknown = SyncError::ServerRefused { status: 418, code: Some("x.phish".into()) };
        assert!(unknown.message_zh().contains("HTTP 418"), "{}", unknown.message_zh());
        let none = SyncError::ServerRefused { status: 500, code: None };
        assert!(none.message_zh().contains("HTTP 500"));
        for code in SERVER_CODES {
            let m = SyncError::ServerRefused { status: 400, code: Some(code.into()) }.message_zh();
            assert!(!m.contains("HTTP"), "{code} has its own words: {m}");
        }
    }

    #[test]
    fn outside_text_is_cut_and_escaped_and_never_panics() {
        assert_eq!(short("村村村村村村村村村村"), "村村村村村村村村");
        assert_eq!(short("0192f0c1-7d2a"), "0192f0c1");
        assert_eq!(excerpt("a\x1b[2Jb", 10), "a\\u{1b}[2Jb");
        assert_eq!(excerpt("abcdef", 3), "abc…");
        let e = SyncError::UnknownDevice { device: "\u{202e}村村村村村村村村村村村".into() };
        assert!(!e.message_zh().contains('\u{202e}'));
    }
}

#[cfg(test)]
mod code_list_tests {
    use super::*;
    use std::collections::BTreeSet;

    /// One value of each variant that gives its own code.
    fn samples() -> Vec<SyncError> {
        let s = || String::from("x");
        let all = vec![
            SyncError::NotABundle,
            SyncError::Truncated,
            SyncError::Corrupt { detail: s() },
            SyncError::WrongRecipient,
            SyncError::UnknownDevice { device: s() },
            SyncError::Revoked { device: s() },
            SyncError::BadSignature,
            SyncError::NeedsNewer { needed: 2, have: 1 },
            SyncError::NotEnrolled,
            SyncError::AlreadyEnrolled { county: s() },
            SyncError::HasLocalData { changes: 1 },
            SyncError::BadEnrollment { detail: s() },
            SyncError::EnrollmentUsed,
            SyncError::UnknownVillage { village: s() },
            SyncError::NotCounty,
            SyncError::Unreachable { url: s(), detail: s() },
            SyncError::ServerRefused { status: 400, code: None },
            SyncError::BadAnswer { detail: s() },
            SyncError::NoServer,
            SyncError::TooLarge { bytes: 2, max: 1 },
            SyncError::PeerRevoked { device: s() },
            SyncError::NoSuchPeer { device: s() },
            SyncError::Io { path: s(), source: std::io::Error::other("x") },
        ];
        for e in &all {
            // A new variant does not compile here until it has a sample above (or wraps an error
            // whose type lists its own codes).
            match e {
                SyncError::NotABundle
                | SyncError::Truncated
                | SyncError::Corrupt { .. }
                | SyncError::WrongRecipient
                | SyncError::UnknownDevice { .. }
                | SyncError::Revoked { .. }
                | SyncError::BadSignature
                | SyncError::NeedsNewer { .. }
                | SyncError::NotEnrolled
                | SyncError::AlreadyEnrolled { .. }
                | SyncError::HasLocalData { .. }
                | SyncError::BadEnrollment { .. }
                | SyncError::EnrollmentUsed
                | SyncError::UnknownVillage { .. }
                | SyncError::NotCounty
                | SyncError::Unreachable { .. }
                | SyncError::ServerRefused { .. }
                | SyncError::BadAnswer { .. }
                | SyncError::NoServer
                | SyncError::TooLarge { .. }
                | SyncError::PeerRevoked { .. }
                | SyncError::NoSuchPeer { .. }
                | SyncError::Io { .. } => {}
                SyncError::File(_) | SyncError::Store(_) => unreachable!("listed by their own types"),
            }
        }
        all
    }

    #[test]
    fn all_codes_lists_every_code_once() {
        let made: BTreeSet<&str> = samples().iter().map(SyncError::code).collect();
        let listed: BTreeSet<&str> = SyncError::ALL_CODES.iter().copied().collect();
        assert_eq!(made, listed);
        assert_eq!(listed.len(), SyncError::ALL_CODES.len(), "a code listed twice");
        let wrapped = SyncError::File(zhucun_files::FileError::NotFound { path: "p".into() });
        assert!(zhucun_files::FileError::ALL_CODES.contains(&wrapped.code()));
        let wrapped = SyncError::Store(StoreError::TooNew { found: 9, supported: 5 });
        assert!(StoreError::ALL_CODES.contains(&wrapped.code()));
    }
}
