//! Leave (请销假): request with the level that must approve it, approval with its evidence (the
//! approver's name and level, the real approval date, a 文号, a photo of the 请假条), report of return,
//! withdrawal, and voiding (作废) with a trace: what `zhucun leave` and the 请销假 page call.

use crate::corrections::{update_traced, Correction, Trace};
use crate::error::{refused, CoreError, Result};
use std::path::{Path, PathBuf};
use crate::members::{check_assigned, member};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::worklog::{ApprovalLevel, Half, HalfDay, LeaveKind, LeaveSpan};
use zhucun_store::worklog::{self as wl, LeaveRow};
use zhucun_store::{Store, Value};

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct LeaveInput {
    pub member_id: String,
    pub kind: String,
    /// `2024-09-10`, `2024-09-10上午` or `2024-09-10下午` (a date alone starts in the morning).
    pub from: String,
    /// A date alone ends in the afternoon.
    pub to: String,
    pub reason: String,
}

pub fn add_leave(store: &mut Store, input: &LeaveInput, today: NaiveDate) -> Result<LeaveRow> {
    let kind = LeaveKind::parse(&input.kind)?;
    let p = wl::rule_params(store.read())?;
    if !p.leave_kinds.contains(&kind) {
        let allowed: Vec<&str> = p.leave_kinds.iter().map(|k| k.label()).collect();
        return Err(refused(
            "leave.kind",
            format!("“{}”不在县里规定的请假类型中（参数“请假类型”：{}）。", kind.label(), allowed.join("、")),
        ));
    }
    let span = LeaveSpan::new(HalfDay::parse(&input.from, Half::Am)?, HalfDay::parse(&input.to, Half::Pm)?)?;
    if input.reason.trim().is_empty() {
        return Err(refused("leave.reason", "请写明请假事由。"));
    }
    let m = member(store, &input.member_id)?;
    check_assigned(&m, span.from.date)?;
    let (from, to) = (span.from.date, span.to.date);
    for other in wl::leaves(store.read(), from, to)? {
        if other.member_id != input.member_id {
            continue;
        }
        // An approved leave ended by the report of return no longer holds the days after it.
        let Some(o) = other.record().and_then(|r| r.until_return()) else { continue };
        if o.from.index() <= span.to.index() && span.from.index() <= o.to.index() {
            return Err(refused(
                "leave.overlap",
                format!(
                    "{}已有{}至{}的请假（{}），与这次请假时间重叠。请调整时间；原来的请假如未批准可先撤回，如已批准且已提前回村请先办理销假。",
                    m.name,
                    o.from.label(),
                    o.to.label(),
                    other.state
                ),
            ));
        }
    }
    let level = ApprovalLevel::for_days(span.days(), p.township_max_days);
    let mut w = store.write()?;
    let id = wl::add_leave(
        &mut w,
        &wl::LeaveInput { member_id: &input.member_id, kind, span, reason: input.reason.trim(), requested_on: today, approval_level: level.label() },
    )?;
    w.commit()?;
    Ok(wl::leave(store.read(), &id)?)
}

fn open_leave(store: &Store, id: &str) -> Result<LeaveRow> {
    let l = wl::leave(store.read(), id).map_err(|_| refused("leave.unknown", format!("没有编号为“{id}”的请假记录。")))?;
    if l.withdrawn() {
        return Err(refused("leave.cancelled", format!("这条请假已于{}撤回。", l.cancelled_on.clone().unwrap_or_default())));
    }
    if l.voided() {
        return Err(refused(
            "leave.voided",
            format!("这条请假已于{}作废（{}），不能再办理。", l.voided_on.clone().unwrap_or_default(), l.void_reason.clone().unwrap_or_default()),
        ));
    }
    Ok(l)
}

/// An approval as the form records it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ApprovalInput {
    /// The approver's name.
    pub by: String,
    /// The approver's level: 乡镇 or 县委组织部 (at least the level the leave's length calls for;
    /// empty: that level).
    pub level: String,
    /// The day it was approved (on paper it may precede the day it is entered); today when absent.
    pub on: Option<NaiveDate>,
    /// 文号 of the approval, if any.
    pub doc: Option<String>,
    /// A photo (or scan) of the signed 请假条: the path of a .jpg, .png or .pdf file to copy in.
    pub photo: Option<String>,
}

/// The largest photo of a 请假条 accepted.
pub const PHOTO_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// 审批人, as the form bounds it.
pub const APPROVER_MAX: usize = 40;

/// The folder of this laptop's attachments: `<database>-附件` beside the database, owner-only.
pub fn attachments_dir(store: &Store) -> PathBuf {
    let db = store.path();
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "zhucun.db".into());
    db.with_file_name(format!("{name}-附件"))
}

/// The kind of a photo by its first bytes (never by its name): jpg, png or pdf.
pub fn photo_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else {
        None
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Copy the photo at `from` into the attachments folder under a generated name; the name and the
/// SHA-256 of what was written.
fn store_photo(store: &Store, from: &Path) -> Result<(PathBuf, String, String)> {
    let bytes = zhucun_files::read_bounded(from, PHOTO_MAX_BYTES).map_err(|e| match e {
        zhucun_files::FileError::TooLarge { bytes, max, .. } => refused(
            "leave.photo_size",
            format!("请假条照片太大（{}，上限 {}）：请换一张小一些的照片或扫描件。", zhucun_files::size_zh(bytes), zhucun_files::size_zh(max)),
        ),
        other => zhucun_roster::FileError::Open(other).into(),
    })?;
    let Some(ext) = photo_kind(&bytes) else {
        return Err(refused("leave.photo_type", "请假条照片应为 JPG、PNG 图片或 PDF 文件（按文件内容判断，不看文件名）。"));
    };
    let dir = attachments_dir(store);
    let write_err = |detail: String| refused("file.write", format!("请假条照片没能保存到本机附件文件夹 {}：{detail}", dir.display()));
    zhucun_files::create_own_private_dir(&dir).map_err(|e| match e {
        zhucun_files::OwnDirError::NotAFolder { kind, .. } => not_a_folder(&dir, kind),
        zhucun_files::OwnDirError::Io { source, .. } => write_err(zhucun_files::io_zh(&source)),
    })?;
    let name = format!("{}.{ext}", uuid::Uuid::now_v7());
    let path = zhucun_files::path_in(&dir, &name, "");
    zhucun_files::write_atomic(&path, &bytes).map_err(|e| write_err(e.message_zh()))?;
    Ok((path, name, sha256_hex(&bytes)))
}

fn not_a_folder(dir: &Path, kind: &str) -> CoreError {
    refused(
        "leave.attachments",
        format!("本机附件文件夹 {} 不是普通文件夹（是{kind}），请假条照片不能保存或读取。请把它移走或改名，驻村工作台会重新建立这个文件夹。", dir.display()),
    )
}

/// The photo of a leave's 请假条 when it is on this laptop (photos stay where they were taken):
/// `None` when there is none here. Never through a link (neither the folder nor the file), and only
/// the very file recorded: its SHA-256 must be the one stored with the approval.
pub fn photo_path(store: &Store, l: &LeaveRow) -> Result<Option<PathBuf>> {
    let Some(name) = l.photo_file.as_deref() else { return Ok(None) };
    let dir = attachments_dir(store);
    match zhucun_files::kind_here(&dir) {
        Ok(None) => return Ok(None),
        Ok(Some("文件夹")) => {}
        Ok(Some(kind)) => return Err(not_a_folder(&dir, kind)),
        Err(source) => return Err(zhucun_roster::FileError::Open(zhucun_files::FileError::Io { path: zhucun_files::shown(&dir), source }).into()),
    }
    let path = zhucun_files::path_in(&dir, name, "");
    let changed = |why: String| {
        refused(
            "leave.photo_changed",
            format!("本机附件文件夹里的请假条照片 {name} 不是登记审批时保存的那一张（{why}），不能作为这条请假的照片提供。请找到请假条原件核对。"),
        )
    };
    let bytes = match zhucun_files::read_own_bounded(&path, PHOTO_MAX_BYTES) {
        Ok(b) => b,
        Err(zhucun_files::FileError::NotFound { .. }) => return Ok(None),
        Err(zhucun_files::FileError::NotAFile { kind, .. }) => return Err(changed(format!("那里是{kind}"))),
        Err(zhucun_files::FileError::TooLarge { .. }) => return Err(changed("文件大小不对".into())),
        Err(e) => return Err(zhucun_roster::FileError::Open(e).into()),
    };
    if l.photo_sha256.as_deref().is_some_and(|want| !want.eq_ignore_ascii_case(&sha256_hex(&bytes))) {
        return Err(changed("校验码与记录的不同，文件已被替换或损坏".into()));
    }
    Ok(Some(path))
}

/// The folder holding the photo of leave `id`'s 请假条, when the photo is on this laptop (`None`:
/// no photo, or it was taken on another laptop: photos do not sync).
pub fn photo_folder(store: &Store, id: &str) -> Result<Option<String>> {
    let l = wl::leave(store.read(), id).map_err(|_| refused("leave.unknown", format!("没有编号为“{id}”的请假记录。")))?;
    Ok(photo_path(store, &l)?.and_then(|p| p.parent().map(|d| d.display().to_string())))
}

/// Names compared as people write them: spaces (also full-width) ignored.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    !norm(a).is_empty() && norm(a) == norm(b)
}

/// Approve a leave, with its evidence. The approver's level must be at least the level the length
/// called for when it was requested; the applicant cannot approve their own leave; the approval date
/// is not in the future and not before the member joined the team (a leave is often approved on
/// paper days before it is entered, so a date before the request's entry is accepted).
pub fn approve_leave(store: &mut Store, id: &str, a: &ApprovalInput, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    let by = a.by.trim();
    if by.is_empty() {
        return Err(refused("leave.approver", "请写明审批人。"));
    }
    if by.chars().count() > APPROVER_MAX {
        return Err(refused("leave.approver", format!("审批人写得太长了：请只写姓名或职务（不超过{APPROVER_MAX}个字）。")));
    }
    if let Some(prev) = &l.approved_by {
        return Err(refused("leave.approved", format!("这条请假已由{prev}于{}批准，无需再次审批。", l.approved_on.clone().unwrap_or_default())));
    }
    let m = member(store, &l.member_id)?;
    if same_name(by, &m.name) {
        return Err(refused("leave.self_approval", format!("{}不能审批自己的请假：请由{}审批。", m.name, l.approval_level)));
    }
    let max = wl::rule_params(store.read())?.township_max_days;
    let needed = ApprovalLevel::parse(&l.approval_level)
        .unwrap_or_else(|| l.span().map(|s| ApprovalLevel::for_days(s.days(), max)).unwrap_or(ApprovalLevel::County));
    // Not given (an older command line): the level the length calls for.
    let level = if a.level.trim().is_empty() { Some(needed) } else { ApprovalLevel::parse(&a.level) };
    let level = level.ok_or_else(|| refused("leave.level", format!("审批层级应为“乡镇”或“县委组织部”（收到的是“{}”）。", a.level.trim())))?;
    if !level.covers(needed) {
        return Err(refused(
            "leave.level",
            format!("这条请假共{}天，应由{}审批，{}不能审批。", zhucun_domain::worklog::days_text(l.days), needed.label(), level.label()),
        ));
    }
    let on = a.on.unwrap_or(today);
    if on > today {
        return Err(refused("leave.approved_future", format!("审批日期{}还没到，不能晚于今天。如果今天确实是这一天，请检查电脑的日期设置。", zh(on))));
    }
    let joined = NaiveDate::parse_from_str(&m.from_date, "%Y-%m-%d").ok();
    if let Some(j) = joined.filter(|j| on < *j) {
        return Err(refused("leave.approved_early", format!("审批日期{}早于{}开始驻村的日期{}，请核对。", zh(on), m.name, zh(j))));
    }
    let doc = a.doc.as_deref().map(str::trim).filter(|d| !d.is_empty());
    if doc.is_some_and(|d| d.chars().count() > 60) {
        return Err(refused("leave.doc", "文号写得太长了（不超过60个字），如“绥宁组通〔2024〕12号”。"));
    }
    let photo = match a.photo.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(store_photo(store, Path::new(p))?),
        None => None,
    };
    let mut fields = vec![
        ("approved_by", Value::Text(by.into())),
        ("approved_on", Value::Text(on.to_string())),
        ("approver_level", Value::Text(level.label().into())),
    ];
    if let Some(d) = doc {
        fields.push(("approval_doc", Value::Text(d.into())));
    }
    if let Some((_, name, sha)) = &photo {
        fields.push(("photo_file", Value::Text(name.clone())));
        fields.push(("photo_sha256", Value::Text(sha.clone())));
    }
    let written = (|| -> Result<()> {
        let mut w = store.write()?;
        wl::update_leave(&mut w, id, &fields)?;
        w.commit()?;
        Ok(())
    })();
    if let Err(e) = written {
        // The record was not written: the copy it would have named goes too.
        if let Some((path, ..)) = &photo {
            let _ = std::fs::remove_file(path);
        }
        return Err(e);
    }
    Ok(wl::leave(store.read(), id)?)
}

/// Void (作废) an approved leave, with who and why: it stays listed, marked 已作废, counts for no rule
/// from then on, and its 修改记录 keeps the trace. Voiding wins over a 销假 made elsewhere.
pub fn void_leave(store: &mut Store, id: &str, trace: &Trace, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    if l.approved_by.is_none() {
        return Err(refused("leave.void_unapproved", "这条请假还没有批准，不需要作废：不再需要的话撤回即可。"));
    }
    let by = trace.by()?;
    let reason = trace.reason_required()?;
    let team = member(store, &l.member_id).map(|m| m.team_id).unwrap_or_default();
    let label = |c: &str| match c {
        "voided_on" => "作废日期".to_string(),
        "void_reason" => "作废原因".to_string(),
        other => other.to_string(),
    };
    let state = zhucun_store::corrections::CorrectionChange { field: "状态".into(), before: Some(l.state.clone()), after: Some("已作废".into()) };
    let mut w = store.write()?;
    update_traced(
        &mut w,
        &Correction { table: zhucun_store::Table::Leave, id, team_id: &team, action: "作废", by, reason },
        &[("voided_on", Value::Text(today.to_string())), ("void_reason", Value::Text(reason.into()))],
        label,
        vec![state],
    )?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

/// Report of return (销假) on `date`: the leave ends the day before.
pub fn return_leave(store: &mut Store, id: &str, date: NaiveDate, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    if l.approved_by.is_none() {
        return Err(refused("leave.not_approved", "这条请假还没有批准，不能销假。未批准的请假如不再需要，可以撤回。"));
    }
    if let Some(r) = &l.returned_on {
        return Err(refused("leave.returned", format!("这条请假已于{r}销假。")));
    }
    if date > today {
        return Err(refused("leave.return_future", format!("{}还没到，销假日期不能晚于今天。如果今天确实是这一天，请检查电脑的日期设置。", zh(date))));
    }
    let from = l.span()?.from.date;
    if date < from {
        return Err(refused("leave.return_early", format!("销假日期{}早于请假开始日期{}，请核对。", zh(date), zh(from))));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("returned_on", Value::Text(date.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

/// Withdraw a request (撤回); an approved leave is ended by the report of return instead.
pub fn cancel_leave(store: &mut Store, id: &str, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    if l.approved_by.is_some() {
        return Err(refused("leave.approved", "已批准的请假不能撤回：提前回村请办理销假。"));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("cancelled_on", Value::Text(today.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

pub fn leaves(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeaveRow>> {
    Ok(wl::leaves(store.read(), from, to)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::{add_member, MemberInput};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A village with 张三 assigned from 2024-09-01, on a database in a folder (photos go beside it).
    fn team() -> (tempfile::TempDir, Store, String) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut store, 5, 5, 7).unwrap();
        let input = MemberInput { name: "张三".into(), role: "队员".into(), from: d("2024-09-01"), unit: Some("县农业农村局".into()), ..Default::default() };
        let id = add_member(&mut store, &input).unwrap();
        (dir, store, id)
    }

    fn request(store: &mut Store, member: &str, from: &str, to: &str) -> LeaveRow {
        let input = LeaveInput { member_id: member.into(), kind: "事假".into(), from: from.into(), to: to.into(), reason: "家中有事".into() };
        add_leave(store, &input, d("2024-09-20")).unwrap()
    }

    fn approval(by: &str, level: &str, on: Option<&str>) -> ApprovalInput {
        ApprovalInput { by: by.into(), level: level.into(), on: on.map(d), ..Default::default() }
    }

    #[test]
    fn approval_records_its_evidence_and_refuses_what_a_township_would() {
        let (_dir, mut store, m) = team();
        let today = d("2024-09-20");
        let short = request(&mut store, &m, "2024-09-23", "2024-09-24");
        let long = request(&mut store, &m, "2024-10-08", "2024-10-12");
        assert_eq!((short.approval_level.as_str(), long.approval_level.as_str()), ("乡镇", "县委组织部"));

        let code = |r: Result<LeaveRow>| r.unwrap_err().code();
        assert_eq!(code(approve_leave(&mut store, &long.id, &approval("乡党委 李书记", "乡镇", None), today)), "leave.level");
        assert_eq!(code(approve_leave(&mut store, &short.id, &approval(" 张 三 ", "乡镇", None), today)), "leave.self_approval");
        assert_eq!(code(approve_leave(&mut store, &short.id, &approval("李书记", "村里", None), today)), "leave.level");
        assert_eq!(code(approve_leave(&mut store, &short.id, &approval("李书记", "乡镇", Some("2024-09-21")), today)), "leave.approved_future");
        assert_eq!(code(approve_leave(&mut store, &short.id, &approval("李书记", "乡镇", Some("2024-08-31")), today)), "leave.approved_early");
        let e = approve_leave(&mut store, &short.id, &approval(&"李".repeat(APPROVER_MAX + 1), "乡镇", None), today).unwrap_err();
        assert!(e.code() == "leave.approver" && e.message_zh().contains("40"), "{}", e.message_zh());
        assert_eq!(wl::leave(store.read(), &short.id).unwrap().state, "待审批", "nothing written by a refusal");

        // Approved on paper two days before it was entered, with a 文号.
        let mut a = approval("李书记", "乡镇", Some("2024-09-18"));
        a.doc = Some(" 绥宁组通〔2024〕12号 ".into());
        let ok = approve_leave(&mut store, &short.id, &a, today).unwrap();
        assert_eq!(
            (ok.state.as_str(), ok.approved_on.as_deref(), ok.approver_level.as_deref(), ok.approval_doc.as_deref()),
            ("已批准", Some("2024-09-18"), Some("乡镇"), Some("绥宁组通〔2024〕12号"))
        );
        // The county approves any leave; no level given means the level the length calls for.
        let county = approve_leave(&mut store, &long.id, &approval("组织部 王部长", "", None), today).unwrap();
        assert_eq!((county.approver_level.as_deref(), county.approved_on.as_deref()), (Some("县委组织部"), Some("2024-09-20")));
    }

    #[test]
    fn a_photo_is_copied_under_a_generated_name_and_checked_by_its_bytes() {
        let (dir, mut store, m) = team();
        let today = d("2024-09-20");
        let l = request(&mut store, &m, "2024-09-23", "2024-09-24");
        let fake = dir.path().join("请假条.jpg");
        std::fs::write(&fake, b"GIF89a not a jpeg").unwrap();
        let mut a = approval("李书记", "乡镇", None);
        a.photo = Some(fake.display().to_string());
        assert_eq!(approve_leave(&mut store, &l.id, &a, today).unwrap_err().code(), "leave.photo_type");
        assert_eq!(wl::leave(store.read(), &l.id).unwrap().approved_by, None);

        let real = dir.path().join("照片.png");
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        png.extend_from_slice(b"rest of the image");
        std::fs::write(&real, &png).unwrap();
        a.photo = Some(real.display().to_string());
        let ok = approve_leave(&mut store, &l.id, &a, today).unwrap();
        let name = ok.photo_file.clone().unwrap();
        assert!(name.ends_with(".png") && !name.contains("照片"), "{name}");
        assert_eq!(ok.photo_sha256.as_deref(), Some(sha256_hex(&png).as_str()));
        assert_eq!(ok.photo_sha256.as_ref().unwrap().len(), 64);
        let kept = photo_path(&store, &ok).unwrap().unwrap();
        assert_eq!(kept.parent().unwrap(), attachments_dir(&store));
        assert_eq!(std::fs::read(&kept).unwrap(), png);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(attachments_dir(&store)).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(photo_folder(&store, &l.id).unwrap(), Some(attachments_dir(&store).display().to_string()));
        // Taken on another laptop (the file is not here): no folder to show.
        std::fs::remove_file(&kept).unwrap();
        assert_eq!(photo_folder(&store, &l.id).unwrap(), None);
        assert_eq!(photo_kind(b"%PDF-1.7"), Some("pdf"));

        // Another file under the recorded name (replaced, or damaged): not offered as the photo.
        std::fs::write(&kept, b"\x89PNG\r\n\x1a\nother").unwrap();
        let e = photo_folder(&store, &l.id).unwrap_err();
        assert!(e.code() == "leave.photo_changed" && e.message_zh().contains("不是登记审批时保存的那一张"), "{}", e.message_zh());
        // A link there, even to the very bytes, is not followed.
        std::fs::remove_file(&kept).unwrap();
        let elsewhere = dir.path().join("elsewhere.png");
        std::fs::write(&elsewhere, &png).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &kept).unwrap();
        assert_eq!(photo_folder(&store, &l.id).unwrap_err().code(), "leave.photo_changed");
        std::fs::remove_file(&kept).unwrap();
        std::fs::write(&kept, &png).unwrap();
        assert!(photo_folder(&store, &l.id).unwrap().is_some(), "the recorded file again");
    }

    #[test]
    fn the_attachments_folder_is_never_a_link_or_a_file() {
        let (dir, mut store, m) = team();
        let today = d("2024-09-20");
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        let photo = dir.path().join("请假条.png");
        std::fs::write(&photo, png).unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, attachments_dir(&store)).unwrap();
        let l = request(&mut store, &m, "2024-09-23", "2024-09-24");
        let a = ApprovalInput { photo: Some(photo.display().to_string()), ..approval("李书记", "乡镇", None) };
        let e = approve_leave(&mut store, &l.id, &a, today).unwrap_err();
        assert!(e.code() == "leave.attachments" && e.message_zh().contains("符号链接"), "{}", e.message_zh());
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing written through the link");
        assert_eq!(wl::leave(store.read(), &l.id).unwrap().approved_by, None, "refused: nothing written");
        // A file where the folder should be.
        std::fs::remove_file(attachments_dir(&store)).unwrap();
        std::fs::write(attachments_dir(&store), b"x").unwrap();
        assert_eq!(approve_leave(&mut store, &l.id, &a, today).unwrap_err().code(), "leave.attachments");
        // A real folder: saved; a link put there later is not read through.
        std::fs::remove_file(attachments_dir(&store)).unwrap();
        let ok = approve_leave(&mut store, &l.id, &a, today).unwrap();
        let kept = photo_path(&store, &ok).unwrap().unwrap();
        std::fs::copy(&kept, elsewhere.join(kept.file_name().unwrap())).unwrap();
        std::fs::remove_dir_all(attachments_dir(&store)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, attachments_dir(&store)).unwrap();
        assert_eq!(photo_folder(&store, &l.id).unwrap_err().code(), "leave.attachments");
        assert_eq!(photo_kind(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
    }

    #[test]
    fn a_voided_leave_stays_listed_counts_for_nothing_and_keeps_its_trace() {
        let (_dir, mut store, m) = team();
        let today = d("2024-09-20");
        // Monday 16th to Wednesday 18th of a week whose 16th and 17th are 中秋 holidays: use the next week.
        let l = request(&mut store, &m, "2024-09-23", "2024-09-25");
        let trace = Trace { by: "王五".into(), reason: "重复登记".into() };
        assert_eq!(void_leave(&mut store, &l.id, &trace, today).unwrap_err().code(), "leave.void_unapproved");
        approve_leave(&mut store, &l.id, &approval("李书记", "乡镇", None), today).unwrap();

        let week = |store: &Store| {
            crate::attendance::check_attendance(store, "2024-09", d("2024-09-30"))
                .unwrap()
                .into_iter()
                .find(|f| f.rule == "A2.days" && f.period == "2024-W39")
                .map(|f| f.required)
        };
        assert_eq!(week(&store), Some(2), "three weekdays of approved leave lower 5 to 2");

        assert_eq!(void_leave(&mut store, &l.id, &Trace { by: "王五".into(), reason: "".into() }, today).unwrap_err().code(), "correction.reason");
        assert_eq!(void_leave(&mut store, &l.id, &Trace { by: " ".into(), reason: "重复登记".into() }, today).unwrap_err().code(), "correction.by");
        let v = void_leave(&mut store, &l.id, &trace, today).unwrap();
        assert_eq!((v.state.as_str(), v.voided_on.as_deref(), v.void_reason.as_deref()), ("已作废", Some("2024-09-20"), Some("重复登记")));
        assert!(v.record().is_none());
        assert_eq!(week(&store), Some(5), "voided: the week needs its 5 days again");
        assert!(leaves(&store, d("2024-09-01"), d("2024-09-30")).unwrap().iter().any(|r| r.id == l.id && r.voided()), "still listed");

        let h = crate::corrections::history(&store, "leave_request", &l.id).unwrap();
        assert_eq!((h.len(), h[0].action.as_str(), h[0].by.as_str(), h[0].reason.as_str()), (1, "作废", "王五", "重复登记"));
        assert!(h[0].changes.iter().any(|c| c.field == "状态" && c.after.as_deref() == Some("已作废")));

        for r in [
            return_leave(&mut store, &l.id, d("2024-09-20"), today),
            void_leave(&mut store, &l.id, &trace, today),
            cancel_leave(&mut store, &l.id, today),
        ] {
            assert_eq!(r.unwrap_err().code(), "leave.voided");
        }
        // A 销假 made on another laptop before the two met: both columns arrive; void wins.
        let mut w = store.write().unwrap();
        wl::update_leave(&mut w, &l.id, &[("returned_on", Value::Text("2024-09-24".into()))]).unwrap();
        w.commit().unwrap();
        assert_eq!(wl::leave(store.read(), &l.id).unwrap().state, "已作废");
        // And its days no longer hold a new request.
        request(&mut store, &m, "2024-09-23", "2024-09-23");
    }

    #[test]
    fn the_form_offers_the_parameters_kinds_only() {
        let (_dir, mut store, m) = team();
        let today = d("2024-09-20");
        let input = |kind: &str| LeaveInput { member_id: m.clone(), kind: kind.into(), from: "2024-09-23".into(), to: "2024-09-23".into(), reason: "探望父母".into() };
        assert_eq!(add_leave(&mut store, &input("探亲假"), today).unwrap_err().code(), "leave.kind", "known, but not offered by default");
        assert_eq!(add_leave(&mut store, &input("年假"), today).unwrap().kind, "年休假");
        crate::settings::set_param(&mut store, "leave.kinds", "探亲假、事假", Some("县委组织部通知")).unwrap();
        assert_eq!(add_leave(&mut store, &input("探亲假"), d("2024-09-20")).unwrap_err().code(), "leave.overlap");
        assert_eq!(add_leave(&mut store, &input("病假"), today).unwrap_err().code(), "leave.kind");
    }

    #[test]
    fn the_approval_form_is_one_legible_page_naming_the_void() {
        let (dir, mut store, m) = team();
        let today = d("2024-09-20");
        let l = request(&mut store, &m, "2024-10-08", "2024-10-14");
        approve_leave(&mut store, &l.id, &approval("组织部 王部长", "县委组织部", None), today).unwrap();
        void_leave(&mut store, &l.id, &Trace { by: "王五".into(), reason: "行程取消".into() }, today).unwrap();
        let l = wl::leave(store.read(), &l.id).unwrap();
        let form = crate::leave_form::leave_form(&store, &l).unwrap();
        assert!(form.printed_font_pt() >= 9.0, "{} pt", form.printed_font_pt());
        let labels: Vec<String> = form
            .rows
            .iter()
            .map(|r| match r {
                zhucun_roster::ledger::FormRow::Pair(a, ..) | zhucun_roster::ledger::FormRow::Wide(a, _) => a.clone(),
                zhucun_roster::ledger::FormRow::Box { label, .. } => label.clone(),
            })
            .collect();
        for want in ["姓名", "驻村职务", "请假类型", "起止时间", "事由", "审批层级", "审批日期", "销假日期", "作废", "本人签字", "第一书记意见", "乡镇意见", "县委组织部意见"] {
            assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
        }
        let w = crate::leave_form::write_leave_form(&store, &l.id, dir.path()).unwrap();
        let mark: String = l.id.replace('-', "").chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
        assert!(w.path.ends_with(&format!("张三请假审批表（2024-10-08至2024-10-14，{mark}）.xlsx")), "{}", w.path);
        // Another leave of the same member from the same day (the first withdrawn … or voided, as
        // here) gets a file of its own; printing a leave again replaces only its own.
        let other = request(&mut store, &m, "2024-10-08", "2024-10-09");
        let w2 = crate::leave_form::write_leave_form(&store, &other.id, dir.path()).unwrap();
        assert_ne!(w2.path, w.path);
        assert!(std::path::Path::new(&w.path).exists() && std::path::Path::new(&w2.path).exists());
        assert_eq!(crate::leave_form::write_leave_form(&store, &l.id, dir.path()).unwrap().path, w.path);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "xlsx")).count(), 2);
        assert_eq!(crate::leave_form::write_leave_form(&store, "nope", dir.path()).unwrap_err().code(), "leave.unknown");
    }
}
