//! The one place where 驻村工作台 touches a path that a person, a USB stick or a data value names.
//!
//! Everything read from outside (a roster, a bundle, an enrollment file) is opened by [`open_regular`]
//! or [`read_bounded`]: only regular files, never a FIFO, a device or a directory (opened without
//! blocking, then checked on the open descriptor, so a swap between check and open changes nothing),
//! and never more than a limit the caller states. Everything we write goes through [`write_atomic`]
//! (a private temporary file beside the target, synced, then renamed: a pulled stick never leaves a
//! complete-looking half file, and nobody but the owner can read it), and every name that comes from
//! data (a village, a member) becomes a file name only through [`safe_name`] / [`path_in`], so it can
//! never steer a path out of the folder the user chose.
//!
//! This crate must not open a database file: SQLite's locks are per process, and any plain
//! descriptor of the database closed in the process drops them (see `zhucun_store`'s lock).

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum FileError {
    #[error("{path}: not found")]
    NotFound { path: String },
    #[error("{path}: not a regular file ({kind})")]
    NotAFile { path: String, kind: &'static str },
    #[error("{path}: {bytes} bytes, more than {max}")]
    TooLarge { path: String, bytes: u64, max: u64 },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

impl FileError {
    /// Every code [`FileError::code`] can give (the UI's catalogue must know each one; checked by the
    /// test `all_codes_lists_every_code_once` and by `crates/core/tests/error_codes.rs`).
    pub const ALL_CODES: &'static [&'static str] = &["file.not_found", "file.not_regular", "file.too_large", "file.io", "file.write"];

    pub fn code(&self) -> &'static str {
        match self {
            FileError::NotFound { .. } => "file.not_found",
            FileError::NotAFile { .. } => "file.not_regular",
            FileError::TooLarge { .. } => "file.too_large",
            FileError::Io { .. } => "file.io",
            FileError::Write { .. } => "file.write",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            FileError::NotFound { path } => format!("找不到文件 {path}。请确认文件名和位置，U盘没有拔出。"),
            FileError::NotAFile { path, kind } => format!("{path} 不是普通文件（{kind}），不能读取。请选择保存在电脑或U盘上的文件。"),
            FileError::TooLarge { path, bytes, max } => {
                format!("文件 {path} 太大（{}，上限 {}），不是驻村工作台能读取的文件。请确认选对了文件。", size_zh(*bytes), size_zh(*max))
            }
            FileError::Io { path, source } => format!("无法读取文件 {path}（{}）。请确认文件存在、没有被其他程序占用，U盘没有拔出。", io_zh(source)),
            FileError::Write { path, source } => {
                format!("无法写入 {path}（{}）。请确认文件夹存在、有写入权限、U盘没有写保护或写满，文件没有在 Excel/WPS 中打开。", io_zh(source))
            }
        }
    }
}

/// A size for people: 1.5 MB, 20 KB, 300 字节.
pub fn size_zh(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= 10 * MB {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} 字节")
    }
}

/// The operating system's reason in Chinese for the common cases; the English text otherwise.
pub fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在".into(),
        K::PermissionDenied => "没有权限".into(),
        K::AlreadyExists => "同名文件已存在".into(),
        K::StorageFull => "磁盘已满".into(),
        K::ReadOnlyFilesystem => "磁盘是只读的".into(),
        K::IsADirectory => "这是一个文件夹".into(),
        K::NotADirectory => "路径中有一段不是文件夹".into(),
        K::InvalidFilename => "文件名不合规".into(),
        _ => e.to_string(),
    }
}

/// A path as shown to people: control characters (a terminal escape in a file name) are escaped.
pub fn shown(path: &Path) -> String {
    printable(&path.to_string_lossy())
}

/// Text as shown on a terminal or in a message: control characters and the bidirectional overrides
/// that reorder what a person reads are written as `\u{..}` instead of acting on the screen.
pub fn printable(s: &str) -> String {
    if !s.chars().any(is_hostile_char) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters (C0, DEL, C1) and the Unicode bidirectional controls.
pub fn is_hostile_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn kind_of(ft: &std::fs::FileType) -> &'static str {
    if ft.is_dir() {
        "文件夹"
    } else if ft.is_fifo() {
        "管道"
    } else if ft.is_char_device() || ft.is_block_device() {
        "设备"
    } else if ft.is_socket() {
        "套接字"
    } else {
        "特殊文件"
    }
}

/// Open a file from outside for reading: a regular file of at most `max` bytes, or a refusal. The
/// open does not block on a FIFO (O_NONBLOCK), and the type and size are read from the descriptor
/// itself. Returns the file and its size.
pub fn open_regular(path: &Path, max: u64) -> Result<(File, u64), FileError> {
    open_regular_with(path, max, 0)
}

fn open_regular_with(path: &Path, max: u64, flags: libc::c_int) -> Result<(File, u64), FileError> {
    let p = shown(path);
    let file = OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | flags).open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            FileError::NotFound { path: p.clone() }
        } else if flags & libc::O_NOFOLLOW != 0 && source.raw_os_error() == Some(libc::ELOOP) {
            FileError::NotAFile { path: p.clone(), kind: "符号链接" }
        } else {
            FileError::Io { path: p.clone(), source }
        }
    })?;
    let meta = file.metadata().map_err(|source| FileError::Io { path: p.clone(), source })?;
    if !meta.file_type().is_file() {
        return Err(FileError::NotAFile { path: p, kind: kind_of(&meta.file_type()) });
    }
    if meta.len() > max {
        return Err(FileError::TooLarge { path: p, bytes: meta.len(), max });
    }
    Ok((file, meta.len()))
}

/// Read a whole file from outside, refusing anything that is not a regular file or is larger than
/// `max` bytes (also a file that grows past `max` while it is read).
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    read_bounded_with(path, max, 0)
}

/// [`read_bounded`] of a file of our own (an attachment we wrote): a symbolic link at `path` is
/// refused (`NotAFile`, 符号链接), never followed.
pub fn read_own_bounded(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    read_bounded_with(path, max, libc::O_NOFOLLOW)
}

fn read_bounded_with(path: &Path, max: u64, flags: libc::c_int) -> Result<Vec<u8>, FileError> {
    let (file, len) = open_regular_with(path, max, flags)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(|source| FileError::Io { path: shown(path), source })?;
    if bytes.len() as u64 > max {
        return Err(FileError::TooLarge { path: shown(path), bytes: bytes.len() as u64, max });
    }
    Ok(bytes)
}

/// A file name made from a name in the data (a village, a member): path separators, `..`, control
/// characters and the characters FAT/NTFS sticks refuse become `_`, leading dots and trailing dots and
/// spaces go, Windows device names get a `_` in front, and the result is at most `max_bytes` long
/// (cut at a character boundary). Never empty, never `.` or `..`, never containing a separator.
pub fn safe_name(name: &str, max_bytes: usize) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if is_hostile_char(c) || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    while s.contains("..") {
        s = s.replace("..", "_");
    }
    let s = s.trim_start_matches(['.', ' ']).trim_end_matches(['.', ' ']);
    let mut out = String::new();
    for c in s.chars() {
        if out.len() + c.len_utf8() > max_bytes.max(1) {
            break;
        }
        out.push(c);
    }
    if out.is_empty() {
        return "_".into();
    }
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    const DEVICES: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3",
        "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if DEVICES.contains(&stem.as_str()) {
        out.insert(0, '_');
    }
    out
}

/// The longest file name we make from data, in bytes (file systems allow 255; room for a suffix).
pub const NAME_BYTES: usize = 150;

/// `dir/<safe name>.<ext>`: a file that lands inside `dir` whatever `stem` holds. `ext` is ours.
pub fn path_in(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let name = safe_name(stem, NAME_BYTES);
    if ext.is_empty() {
        dir.join(name)
    } else {
        dir.join(format!("{name}.{ext}"))
    }
}

/// Write `bytes` to `path` as one step: a private temporary file beside it (created new, mode 0600),
/// synced, then renamed over the target, which ends up readable by the owner only. On failure the
/// temporary file is removed and the target is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let err = |source| FileError::Write { path: shown(path), source };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{}.{:08x}.part", safe_name(&name, 120), rand_u32()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    h.write_u32(std::process::id());
    h.finish() as u32
}

/// Make an existing file or folder readable by its owner only (0600 for files, 0700 for folders). A
/// missing path is not an error.
pub fn make_private(path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) => {
            let mode = if m.is_dir() { 0o700 } else { 0o600 };
            if m.permissions().mode() & 0o777 != mode {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Create a folder (and its parents) whose last component is readable by the owner only.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    make_private(dir)
}

/// What stands at `path` itself, a link not followed: `None` when nothing does, else 文件夹,
/// 普通文件, 符号链接, 管道 ….
pub fn kind_here(path: &Path) -> std::io::Result<Option<&'static str>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Ok(Some("符号链接")),
        Ok(m) if m.file_type().is_file() => Ok(Some("普通文件")),
        Ok(m) => Ok(Some(kind_of(&m.file_type()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A folder of our own that must be a real folder: `<database>-附件`. Created (owner-only) when
/// missing; refused with what stands there when it is a symbolic link or not a folder — a link is
/// never followed, so what we keep there cannot be written or read elsewhere.
pub fn create_own_private_dir(dir: &Path) -> Result<(), OwnDirError> {
    let io = |source| OwnDirError::Io { path: shown(dir), source };
    match kind_here(dir).map_err(io)? {
        None => {
            if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::DirBuilder::new().recursive(true).mode(0o700).create(parent).map_err(io)?;
            }
            match std::fs::DirBuilder::new().mode(0o700).create(dir) {
                Ok(()) => {}
                // Made meanwhile: checked below like one that was there.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
        }
        Some("文件夹") => {}
        Some(kind) => return Err(OwnDirError::NotAFolder { path: shown(dir), kind }),
    }
    match kind_here(dir).map_err(io)? {
        Some("文件夹") => make_private(dir).map_err(io),
        Some(kind) => Err(OwnDirError::NotAFolder { path: shown(dir), kind }),
        None => Err(io(std::io::ErrorKind::NotFound.into())),
    }
}

/// Why [`create_own_private_dir`] refused.
#[derive(Debug, Error)]
pub enum OwnDirError {
    #[error("{path}: a {kind}, not a folder")]
    NotAFolder { path: String, kind: &'static str },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_data_never_leave_the_folder() {
        let dir = Path::new("/tmp/out");
        for hostile in ["../../etc/passwd", "/etc/cron.d/x", "a/../../b", "..", ".", "", "  ..  ", "村\0名", "C:\\Windows\\x", "\u{202e}gpj.exe", "CON", "nul.txt"] {
            let p = path_in(dir, hostile, "zhcb");
            assert_eq!(p.parent(), Some(dir), "{hostile:?} must land inside the folder: {p:?}");
            let name = p.file_name().unwrap().to_str().unwrap();
            assert!(!name.starts_with('.'), "{hostile:?} gives no hidden file: {name}");
            assert!(!name.chars().any(is_hostile_char), "{hostile:?}: no control character survives: {name:?}");
            assert!(!name.to_ascii_uppercase().starts_with("CON.") && !name.to_ascii_uppercase().starts_with("NUL."), "{name}");
        }
        assert_eq!(safe_name("城关镇 / 新村", 150), "城关镇 _ 新村");
        assert_eq!(safe_name("黄土矮村", 150), "黄土矮村", "an ordinary name is kept as it is");
    }

    #[test]
    fn an_own_folder_or_file_is_never_reached_through_a_link() {
        let t = tempfile::tempdir().unwrap();
        let real = t.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("a.png"), b"png").unwrap();
        let dir = t.path().join("db-附件");
        create_own_private_dir(&dir).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        create_own_private_dir(&dir).unwrap();
        // A link to a folder, or a file, where the folder should be: refused.
        let linked = t.path().join("linked-附件");
        std::os::unix::fs::symlink(&real, &linked).unwrap();
        assert!(matches!(create_own_private_dir(&linked), Err(OwnDirError::NotAFolder { kind: "符号链接", .. })));
        let file = t.path().join("file-附件");
        std::fs::write(&file, b"x").unwrap();
        assert!(matches!(create_own_private_dir(&file), Err(OwnDirError::NotAFolder { kind: "普通文件", .. })));
        // A link to a file is not read as the file.
        let link = t.path().join("b.png");
        std::os::unix::fs::symlink(real.join("a.png"), &link).unwrap();
        assert_eq!(read_bounded(&link, 10).unwrap(), b"png");
        assert!(matches!(read_own_bounded(&link, 10), Err(FileError::NotAFile { kind: "符号链接", .. })));
        assert_eq!(read_own_bounded(&real.join("a.png"), 10).unwrap(), b"png");
        assert_eq!(kind_here(&t.path().join("none")).unwrap(), None);
    }

    #[test]
    fn long_names_are_cut_at_a_character() {
        let long = "村".repeat(200);
        let s = safe_name(&long, NAME_BYTES);
        assert!(s.len() <= NAME_BYTES && s.chars().all(|c| c == '村'), "{}", s.len());
    }

    #[test]
    fn printable_escapes_terminal_controls() {
        assert_eq!(printable("张三\x1b[2J"), "张三\\u{1b}[2J");
        assert_eq!(printable("李四"), "李四");
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_bounded(dir.path(), 100), Err(FileError::NotAFile { .. })), "a folder is refused");
        assert!(matches!(read_bounded(Path::new("/dev/zero"), 100), Err(FileError::NotAFile { .. })), "a device is refused, not read forever");
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let t = std::time::Instant::now();
        assert!(matches!(read_bounded(&fifo, 100), Err(FileError::NotAFile { .. })), "a FIFO is refused");
        assert!(t.elapsed().as_secs() < 2, "opening a FIFO with no writer does not block");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![1u8; 101]).unwrap();
        assert!(matches!(read_bounded(&big, 100), Err(FileError::TooLarge { bytes: 101, .. })));
        assert_eq!(read_bounded(&big, 101).unwrap().len(), 101);
        assert!(matches!(read_bounded(&dir.path().join("none"), 1), Err(FileError::NotFound { .. })));
    }

    #[test]
    fn atomic_writes_are_private_and_leave_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.zhcb");
        write_atomic(&p, b"abc").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"abc");
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600, "owner only");
        let missing = dir.path().join("no/such/dir/a.zhcb");
        assert!(matches!(write_atomic(&missing, b"x"), Err(FileError::Write { .. })));
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind: {left:?}");
    }
}

#[cfg(test)]
mod code_list_tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn all_codes_lists_every_code_once() {
        let p = || String::from("p");
        let all = [
            FileError::NotFound { path: p() },
            FileError::NotAFile { path: p(), kind: "FIFO" },
            FileError::TooLarge { path: p(), bytes: 2, max: 1 },
            FileError::Io { path: p(), source: std::io::Error::other("x") },
            FileError::Write { path: p(), source: std::io::Error::other("x") },
        ];
        for e in &all {
            // A new variant does not compile here until it has a sample above.
            match e {
                FileError::NotFound { .. } | FileError::NotAFile { .. } | FileError::TooLarge { .. } | FileError::Io { .. } | FileError::Write { .. } => {}
            }
        }
        let made: BTreeSet<&str> = all.iter().map(FileError::code).collect();
        let listed: BTreeSet<&str> = FileError::ALL_CODES.iter().copied().collect();
        assert_eq!(made, listed);
        assert_eq!(listed.len(), FileError::ALL_CODES.len(), "a code listed twice");
    }
}
