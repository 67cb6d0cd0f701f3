//! 驻村工作队员请假审批表: one printable A4 page per leave, made from its record (the member, the
//! span, the approval with its evidence, the report of return, a void with its reason) with boxes for
//! the signatures and opinions the paper form carries. What the 请销假 page's 打印审批表 and
//! `zhucun leave form` write.

use crate::error::{refused, CoreError, Result};
use crate::ledger::LedgerWritten;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::worklog::days_text;
use zhucun_roster::ledger::{write_form, Form, FormRow};
use zhucun_store::worklog::{self as wl, LeaveRow};
use zhucun_store::Store;

pub const TITLE: &str = "驻村工作队员请假审批表";
/// Portrait: label, value, label, value.
pub const FORM_WIDTHS: [f64; 4] = [14.0, 30.0, 14.0, 30.0];

fn date_zh(s: &Option<String>) -> String {
    s.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(zh).unwrap_or_default()
}

fn half_zh(date: &str, half: &str) -> String {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").map(|d| format!("{}{half}", zh(d))).unwrap_or_else(|_| format!("{date}{half}"))
}

const SIGN: &str = "签字：　　　　　　　　　　　　　年　　月　　日";

/// The form of one leave, laid out (nothing written).
pub fn leave_form(store: &Store, l: &LeaveRow) -> Result<Form> {
    let m = zhucun_store::members::list_members(store.read())?.into_iter().find(|m| m.id == l.member_id);
    let teams = wl::teams(store.read())?;
    let team = m.as_ref().and_then(|m| teams.iter().find(|t| t.id == m.team_id));
    let village = team.map(|t| format!("{}{}", t.township, t.village)).or_else(|| m.as_ref().map(|m| m.village.clone())).unwrap_or_default();
    let (unit, role) = m.as_ref().map(|m| (m.unit.clone().unwrap_or_default(), m.role.clone())).unwrap_or_default();
    let approver = match (&l.approved_by, &l.approver_level) {
        (Some(by), Some(level)) => format!("{by}（{level}）"),
        (Some(by), None) => by.clone(),
        (None, _) => String::new(),
    };
    let photo = match &l.photo_sha256 {
        Some(sha) => format!("有（照片保存在登记审批的电脑上，校验码 SHA-256 {}…）", sha.chars().take(16).collect::<String>()),
        None => "无".into(),
    };
    let state = if l.voided() { "已作废".to_string() } else { l.state.clone() };
    let mut rows = vec![
        FormRow::Pair("姓名".into(), l.member_name.clone(), "派出单位".into(), unit),
        FormRow::Pair("驻村职务".into(), role, "村".into(), village.clone()),
        FormRow::Pair("请假类型".into(), l.kind.clone(), "天数".into(), format!("{}天", days_text(l.days))),
        FormRow::Wide("起止时间".into(), format!("{}至{}", half_zh(&l.from_date, &l.from_half), half_zh(&l.to_date, &l.to_half))),
        FormRow::Wide("事由".into(), l.reason.clone()),
        FormRow::Pair("审批层级".into(), l.approval_level.clone(), "审批人".into(), approver),
        FormRow::Pair("审批日期".into(), date_zh(&l.approved_on), "文号".into(), l.approval_doc.clone().unwrap_or_default()),
        FormRow::Pair("销假日期".into(), date_zh(&l.returned_on), "状态".into(), state),
        FormRow::Wide("请假条照片".into(), photo),
    ];
    if l.voided() {
        rows.push(FormRow::Wide("作废".into(), format!("{}作废。原因：{}", date_zh(&l.voided_on), l.void_reason.clone().unwrap_or_default())));
    }
    rows.push(FormRow::Box { label: "本人签字".into(), text: format!("\n\n{SIGN}"), min_pt: 56.0 });
    rows.push(FormRow::Box { label: "第一书记意见".into(), text: format!("\n\n\n{SIGN}"), min_pt: 76.0 });
    rows.push(FormRow::Box { label: "乡镇意见".into(), text: format!("\n\n\n（盖章）{SIGN}"), min_pt: 76.0 });
    if l.approval_level == "县委组织部" {
        rows.push(FormRow::Box { label: "县委组织部意见".into(), text: format!("\n\n\n（盖章）{SIGN}"), min_pt: 76.0 });
    }
    let max = wl::rule_params(store.read())?.township_max_days;
    Ok(Form {
        sheet: "请假审批表".into(),
        title: TITLE.into(),
        subtitle: format!(
            "{}登记日期：{}",
            if village.is_empty() { String::new() } else { format!("{village}驻村工作队　　") },
            NaiveDate::parse_from_str(&l.requested_on, "%Y-%m-%d").map(zh).unwrap_or_else(|_| l.requested_on.clone())
        ),
        widths: FORM_WIDTHS,
        rows,
        notes: vec![format!(
            "说明：请假{}天以内由乡镇审批，更长的报县委组织部审批。销假时请注明回村日期。本表由驻村工作台按请假记录生成。",
            days_text(max)
        )],
        page_header: if village.is_empty() { String::new() } else { format!("{village}驻村工作队") },
    })
}

/// `out` itself, or `out/<name>.xlsx` when it is a folder (the name made safe).
fn target(out: &Path, name: &str) -> Result<PathBuf> {
    if out.is_dir() {
        return Ok(zhucun_files::path_in(out, name, "xlsx"));
    }
    match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
            Err(CoreError::Refused { code: "file.write", message: format!("文件夹 {} 不存在，请先选择一个存在的文件夹。", dir.display()) })
        }
        _ => Ok(out.to_path_buf()),
    }
}

/// The file name of a leave's form: the member, the span and a short mark of the leave itself (the
/// random tail of its id), so that two leaves never share a file and printing one again replaces
/// only its own: `张三请假审批表（2024-09-10至2024-09-12，3f9a1c）`.
pub fn form_name(l: &LeaveRow) -> String {
    let hex: String = l.id.chars().filter(char::is_ascii_hexdigit).collect();
    let mark = &hex[hex.len().saturating_sub(6)..];
    let span = if l.from_date == l.to_date { l.from_date.clone() } else { format!("{}至{}", l.from_date, l.to_date) };
    format!("{}请假审批表（{span}，{mark}）", l.member_name)
}

/// Write the 请假审批表 of leave `id` to `out` (a file, or a folder to put the [`form_name`] in).
pub fn write_leave_form(store: &Store, id: &str, out: &Path) -> Result<LedgerWritten> {
    let l = wl::leave(store.read(), id).map_err(|_| refused("leave.unknown", format!("没有编号为“{id}”的请假记录。")))?;
    let form = leave_form(store, &l)?;
    let path = target(out, &form_name(&l))?;
    write_form(&path, &format!("{TITLE}（{}）", l.member_name), &form)?;
    Ok(LedgerWritten { path: path.display().to_string(), title: TITLE.into(), rows: 1 })
}
