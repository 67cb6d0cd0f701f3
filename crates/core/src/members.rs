//! Team members: `zhucun member add|list|edit|end|history` and the 设置 page. A member is corrected
//! with a trace (修改记录: who, when, why, each field before and after) and ended (离队) with a
//! reason, never deleted.

use crate::error::{refused, CoreError, Result};
use chrono::NaiveDate;
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::team::TeamRole;
use zhucun_store::households::villages;
use zhucun_store::corrections::{CorrectionChange, CorrectionRow};
use zhucun_store::members::{self, MemberDetails, MemberRow, NewMember};
use zhucun_store::sync as ss;
use zhucun_store::{Store, Table, Value};
use crate::corrections::{self, Correction, Trace};

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct MemberInput {
    pub name: String,
    pub role: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub phone: Option<String>,
    /// 派出单位.
    pub unit: Option<String>,
    /// Needed only on an unenrolled laptop with several villages.
    pub village_id: Option<String>,
    /// 性别: 男 / 女.
    #[serde(default)]
    pub sex: Option<String>,
    /// 出生年月: 1985-03, 1985年3月 …
    #[serde(default)]
    pub birth_month: Option<String>,
    /// 政治面貌: 中共党员, 中共预备党员, 共青团员, 民主党派, 群众.
    #[serde(default)]
    pub politics: Option<String>,
    /// 原单位及职务, as people write it (县农业农村局办公室副主任).
    #[serde(default)]
    pub post: Option<String>,
}

/// A member as the 编辑 form sends it: every field, the unchanged ones included.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct MemberEdit {
    pub name: String,
    pub role: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub phone: Option<String>,
    pub unit: Option<String>,
    pub sex: Option<String>,
    pub birth_month: Option<String>,
    pub politics: Option<String>,
    pub post: Option<String>,
}

impl MemberEdit {
    /// The member as stored, to change a few fields of (the CLI's `member edit --phone …`).
    pub fn from_row(m: &MemberRow) -> MemberEdit {
        let date = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        MemberEdit {
            name: m.name.clone(),
            role: m.role.clone(),
            from: date(&m.from_date).unwrap_or_default(),
            to: m.to_date.as_deref().and_then(date),
            phone: m.phone.clone(),
            unit: m.unit.clone(),
            sex: m.sex.clone(),
            birth_month: m.birth_month.clone(),
            politics: m.politics.clone(),
            post: m.post.clone(),
        }
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn opt_text<S: Into<String>>(s: Option<S>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.into()))
}

/// Text given, trimmed; blank is none.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The checked details: 性别 and 政治面貌 from their closed lists, 出生年月 as YYYY-MM, 原单位及职务 as
/// written (at most 60 characters).
struct Details {
    sex: Option<&'static str>,
    birth_month: Option<String>,
    politics: Option<&'static str>,
    post: Option<String>,
}

/// 姓名 and 派出单位, as the forms bound them.
pub const NAME_MAX: usize = 20;
pub const UNIT_MAX: usize = 60;

/// The checked name (required, at most [`NAME_MAX`] characters) and 派出单位 (at most [`UNIT_MAX`]).
fn person<'a>(name: &'a str, unit: &'a Option<String>) -> Result<(&'a str, Option<&'a str>)> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(CoreError::BadArgument { what: "姓名", value: name.to_string() });
    }
    if trimmed.chars().count() > NAME_MAX {
        return Err(refused("member.name", format!("姓名写得太长了：请只写姓名（不超过{NAME_MAX}个字）。")));
    }
    let unit = given(unit);
    if unit.is_some_and(|u| u.chars().count() > UNIT_MAX) {
        return Err(refused("member.unit", format!("派出单位写得太长了：请不超过{UNIT_MAX}个字，如“县农业农村局”。")));
    }
    Ok((trimmed, unit))
}

fn details(sex: &Option<String>, birth_month: &Option<String>, politics: &Option<String>, post: &Option<String>) -> Result<Details> {
    use zhucun_domain::team::{parse_birth_month, MemberSex, Politics};
    let sex = given(sex)
        .map(|s| MemberSex::parse(s).map(MemberSex::label).map_err(|_| refused("member.sex", format!("性别“{}”不对：请选 男 或 女。", zhucun_domain::text::excerpt(s)))))
        .transpose()?;
    let politics = given(politics)
        .map(|s| {
            Politics::parse(s)
                .map(Politics::label)
                .map_err(|_| refused("member.politics", format!("政治面貌“{}”不对：请从 {} 中选一个。", zhucun_domain::text::excerpt(s), Politics::allowed())))
        })
        .transpose()?;
    let birth_month = given(birth_month)
        .map(|s| parse_birth_month(s).map_err(|_| refused("member.birth_month", format!("出生年月“{}”不对：请写年和月，如 1985-03 或 1985年3月。", zhucun_domain::text::excerpt(s)))))
        .transpose()?;
    let post = given(post).map(str::to_string);
    if post.as_deref().is_some_and(|p| p.chars().count() > 60) {
        return Err(refused("member.post", "原单位及职务写得太长了：请不超过60个字，如“县农业农村局办公室副主任”。"));
    }
    Ok(Details { sex, birth_month, politics, post })
}

/// Add a member. A cadre with the same name and phone (the same person, perhaps a pairing's) is
/// reused and keeps its details: only the empty ones are filled from `input`.
pub fn add_member(store: &mut Store, input: &MemberInput) -> Result<String> {
    let (name, unit) = person(&input.name, &input.unit)?;
    let role = TeamRole::parse(&input.role).map_err(|_| CoreError::BadArgument { what: "职务（第一书记、队长或队员）", value: input.role.clone() })?;
    if let Some(to) = input.to {
        if to < input.from {
            return Err(refused("member.dates", format!("离队日期不能早于驻村开始日期：离队{}，驻村开始{}。", zh(to), zh(input.from))));
        }
    }
    // The domain's own refusal (phone.bad), so the form shows it beside the phone.
    let phone = input.phone.as_deref().filter(|p| !p.trim().is_empty()).map(zhucun_domain::phone::normalize_phone).transpose()?;
    let d = details(&input.sex, &input.birth_month, &input.politics, &input.post)?;
    let me = ss::device(store.read())?;
    let village = match (&me.team_id, &input.village_id) {
        (Some(_), _) => None,
        (None, Some(v)) => Some(v.clone()),
        (None, None) => {
            let all = villages(store.read())?;
            match all.as_slice() {
                [one] => Some(one.id.clone()),
                [] => return Err(CoreError::BadArgument { what: "村（数据库中还没有村：请先导入花名册，或导入县里的登记文件）", value: String::new() }),
                _ => return Err(CoreError::BadArgument { what: "村（数据库中有多个村，请用 --village 指定）", value: String::new() }),
            }
        }
    };
    let mut w = store.write()?;
    let team = match (&me.team_id, village) {
        (Some(t), _) => t.clone(),
        (None, Some(v)) => members::team_of_village(&mut w, &v)?,
        (None, None) => unreachable!("a village was chosen above"),
    };
    let from = input.from.to_string();
    let to = input.to.map(|d| d.to_string());
    let id = members::add_member_with(
        &mut w,
        &NewMember {
            team_id: &team,
            name,
            role: role.label(),
            from_date: &from,
            to_date: to.as_deref(),
            phone: phone.as_deref(),
            unit,
        },
        &MemberDetails { sex: d.sex, birth_month: d.birth_month.as_deref(), politics: d.politics, post: d.post.as_deref() },
    )?;
    w.commit()?;
    Ok(id)
}

/// The Chinese name of a member's field, as 修改记录 shows it.
fn label(col: &str) -> String {
    match col {
        "name" => "姓名",
        "unit" => "派出单位",
        "phone" => "联系电话",
        "sex" => "性别",
        "birth_month" => "出生年月",
        "politics" => "政治面貌",
        "post" => "原单位及职务",
        "role" => "驻村职务",
        "from_date" => "驻村开始日期",
        "to_date" => "离队日期",
        other => other,
    }
    .to_string()
}

/// Refuse a leaving date with the member's work logs after it: those days would drop out of every
/// count without a word.
fn check_no_logs_after(store: &Store, m: &MemberRow, to: NaiveDate) -> Result<()> {
    let (count, first) = members::logs_after(store.read(), &m.id, &to.to_string())?;
    if count > 0 {
        let first = first.as_deref().and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()).map(zh).unwrap_or_default();
        return Err(refused(
            "member.logs_after",
            format!("{}在{}之后还有{count}条工作日志（最早是{first}），离队日期不能早于这些日志。请先核对离队日期，或先修改这些日志。", m.name, zh(to)),
        ));
    }
    Ok(())
}

/// Refuse a later 驻村开始日期 with the member's records before it (work logs, leaves, meetings they
/// hosted): those would fall outside the assignment without a word.
fn check_no_records_before(store: &Store, m: &MemberRow, from: NaiveDate) -> Result<()> {
    let (count, first) = members::records_before(store.read(), &m.id, &from.to_string())?;
    if count > 0 {
        let first = first.as_deref().and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()).map(zh).unwrap_or_default();
        return Err(refused(
            "member.logs_before",
            format!(
                "{}在{}之前还有{count}条记录（工作日志、请假或主持的会议，最早是{first}），驻村开始日期不能晚于这些记录。请先核对驻村开始日期，或先修改这些记录。",
                m.name,
                zh(from)
            ),
        ));
    }
    Ok(())
}

/// Correct a member: every field of `input` that differs from the stored one is written, and one
/// correction (修改) on the member says who, why, and each field before and after — the person's
/// own fields (姓名, 派出单位, 电话, 性别 …, kept on the cadre) listed with the assignment's. Returns the
/// changes (empty: nothing differed, nothing written).
pub fn update_member(store: &mut Store, id: &str, input: &MemberEdit, trace: &Trace) -> Result<Vec<CorrectionChange>> {
    let by = trace.by()?.to_string();
    let m = member(store, id)?;
    let (name, unit) = person(&input.name, &input.unit)?;
    let role = TeamRole::parse(&input.role).map_err(|_| CoreError::BadArgument { what: "职务（第一书记、队长或队员）", value: input.role.clone() })?;
    let phone = given(&input.phone).map(zhucun_domain::phone::normalize_phone).transpose()?;
    if let Some(to) = input.to {
        if to < input.from {
            return Err(refused("member.dates", format!("离队日期不能早于驻村开始日期：离队{}，驻村开始{}。", zh(to), zh(input.from))));
        }
        check_no_logs_after(store, &m, to)?;
    }
    // 离队 set, moved or cleared by an edit is a 离队 all the same: it needs its reason.
    let to_text = input.to.map(|t| t.to_string());
    let reason = if to_text != m.to_date { trace.reason_required()? } else { trace.reason.trim() };
    let from_before = NaiveDate::parse_from_str(&m.from_date, "%Y-%m-%d").ok();
    if from_before.is_none_or(|f| input.from > f) {
        check_no_records_before(store, &m, input.from)?;
    }
    let d = details(&input.sex, &input.birth_month, &input.politics, &input.post)?;
    write_correction(
        store,
        &m,
        "修改",
        &by,
        reason,
        &[
            ("name", text(name)),
            ("unit", opt_text(unit)),
            ("phone", opt_text(phone)),
            ("sex", opt_text(d.sex)),
            ("birth_month", opt_text(d.birth_month)),
            ("politics", opt_text(d.politics)),
            ("post", opt_text(d.post)),
        ],
        &[("role", text(role.label())), ("from_date", text(input.from.to_string())), ("to_date", opt_text(input.to.map(|t| t.to_string())))],
    )
}

/// End a member's assignment (离队) on `on`, with the reason: the member stays listed, with the
/// records, and is no longer offered for days after `on`. Never deletes.
pub fn end_member(store: &mut Store, id: &str, on: NaiveDate, trace: &Trace) -> Result<Vec<CorrectionChange>> {
    let by = trace.by()?.to_string();
    let reason = trace.reason_required()?.to_string();
    let m = member(store, id)?;
    if let Some(t) = m.to_date.as_deref().and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()) {
        return Err(refused("member.ended", format!("{}已登记离队（{}）。要改离队日期，请用“编辑”。", m.name, zh(t))));
    }
    let from = NaiveDate::parse_from_str(&m.from_date, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    if on < from {
        return Err(refused("member.dates", format!("离队日期不能早于驻村开始日期：离队{}，驻村开始{}。", zh(on), zh(from))));
    }
    check_no_logs_after(store, &m, on)?;
    write_correction(store, &m, "离队", &by, &reason, &[], &[("to_date", text(on.to_string()))])
}

/// Write a member's correction in one transaction: the cadre's fields with a plain update, the
/// assignment's traced, and one correction row on the member listing both (修改记录 of the member).
fn write_correction(
    store: &mut Store,
    m: &MemberRow,
    action: &str,
    by: &str,
    reason: &str,
    cadre: &[(&'static str, Value)],
    assignment: &[(&'static str, Value)],
) -> Result<Vec<CorrectionChange>> {
    let mut w = store.write()?;
    let mut extra = Vec::new();
    if !cadre.is_empty() {
        let Some(changed) = corrections::diff(&w, Table::Cadre, &m.cadre_id, cadre, label)? else {
            return Err(zhucun_store::StoreError::NotFound { what: format!("cadre {}", m.cadre_id) }.into());
        };
        let (cols, mut changes): (Vec<_>, Vec<_>) = changed.into_iter().unzip();
        let renamed = cols.iter().any(|(c, _)| *c == "name" || *c == "phone");
        if renamed && members::cadre_shared(w.conn(), &m.cadre_id, &m.id)? {
            // The cadre is also a pairing's (or another assignment's), keyed by name and phone as the
            // county's roster has them: the member gets a cadre of their own with the edited
            // details, and the shared one stays as it is.
            let all = ["name", "unit", "phone", "sex", "birth_month", "politics", "post"];
            let Some(now) = zhucun_store::corrections::current(&w, Table::Cadre, &m.cadre_id, &all)? else {
                return Err(zhucun_store::StoreError::NotFound { what: format!("cadre {}", m.cadre_id) }.into());
            };
            let fields: Vec<(&'static str, Value)> = all
                .iter()
                .zip(now)
                .map(|(c, v)| (*c, cols.iter().find(|(k, _)| k == c).map_or(v, |(_, new)| new.clone())))
                .filter(|(_, v)| *v != Value::Null)
                .collect();
            let own = uuid::Uuid::now_v7().to_string();
            w.insert(Table::Cadre, &own, &fields)?;
            w.update(Table::TeamMember, &m.id, &[("cadre_id", text(&own))])?;
            changes.push(CorrectionChange {
                field: "干部记录".into(),
                before: Some("与结对帮扶或其他任职共用".into()),
                after: Some("本人单独一条（共用的干部信息不变）".into()),
            });
        } else {
            w.update(Table::Cadre, &m.cadre_id, &cols)?;
        }
        extra = changes;
    }
    let c = Correction { table: Table::TeamMember, id: &m.id, team_id: &m.team_id, action, by, reason };
    // One correction row on the member, with the person's changes as its `extra`.
    let changes = corrections::update_traced(&mut w, &c, assignment, label, extra)?;
    w.commit()?;
    Ok(changes)
}


/// 修改记录 of a member, newest first: its edits and its 离队.
pub fn history(store: &Store, id: &str) -> Result<Vec<CorrectionRow>> {
    member(store, id)?;
    corrections::history(store, "team_member", id)
}

pub fn list_members(store: &Store) -> Result<Vec<MemberRow>> {
    Ok(members::list_members(store.read())?)
}

/// A member of the team by id, or a clear refusal.
pub(crate) fn member(store: &Store, id: &str) -> Result<MemberRow> {
    zhucun_store::members::list_members(store.read())?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| refused("member.unknown", format!("没有编号为“{id}”的工作队员。队员编号可在“设置—工作队成员”或用 zhucun member list 查看。")))
}

/// Refuse a record for a day outside the member's assignment.
pub(crate) fn check_assigned(m: &MemberRow, d: NaiveDate) -> Result<()> {
    let from = NaiveDate::parse_from_str(&m.from_date, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    let to = m.to_date.as_deref().and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
    if d < from || to.is_some_and(|t| d > t) {
        let span = match to {
            Some(t) => format!("{}至{}", zh(from), zh(t)),
            None => format!("{}起", zh(from)),
        };
        return Err(refused("member.not_assigned", format!("{}的驻村时间是{span}，{}不在驻村期间。请核对日期，或在设置中修改驻村时间。", m.name, zh(d))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        (dir, s)
    }

    fn input() -> MemberInput {
        MemberInput {
            name: "张三".into(),
            role: "队员".into(),
            from: d("2024-01-01"),
            phone: Some("13800001111".into()),
            unit: Some("县农业农村局".into()),
            sex: Some("女".into()),
            birth_month: Some("1985年3月".into()),
            politics: Some("党员".into()),
            post: Some("县农业农村局办公室副主任".into()),
            ..Default::default()
        }
    }

    fn by(name: &str, reason: &str) -> Trace {
        Trace { by: name.into(), reason: reason.into() }
    }

    fn code(e: CoreError) -> &'static str {
        e.code()
    }

    #[test]
    fn a_member_is_added_with_the_details_in_their_canonical_wording() {
        let (_d, mut s) = store();
        let id = add_member(&mut s, &input()).unwrap();
        let m = member(&s, &id).unwrap();
        assert_eq!(
            (m.sex.as_deref(), m.birth_month.as_deref(), m.politics.as_deref(), m.post.as_deref()),
            (Some("女"), Some("1985-03"), Some("中共党员"), Some("县农业农村局办公室副主任"))
        );
        for (field, value, want) in [("sex", "不详", "member.sex"), ("politics", "无党派", "member.politics"), ("birth_month", "1985-13", "member.birth_month")] {
            let mut i = input();
            match field {
                "sex" => i.sex = Some(value.into()),
                "politics" => i.politics = Some(value.into()),
                _ => i.birth_month = Some(value.into()),
            }
            assert_eq!(code(add_member(&mut s, &i).unwrap_err()), want);
        }
        // Left blank: nothing written.
        let id = add_member(&mut s, &MemberInput { name: "李四".into(), role: "队员".into(), from: d("2024-01-01"), ..Default::default() }).unwrap();
        assert_eq!(member(&s, &id).unwrap().politics, None);
    }

    #[test]
    fn the_demo_team_has_what_the_personnel_ledger_asks() {
        let (_d, mut s) = store();
        crate::demo_team::load_demo_team(&mut s, d("2024-09-01")).unwrap();
        let all = list_members(&s).unwrap();
        assert_eq!(all.len(), 3);
        for m in &all {
            assert!(m.sex.is_some() && m.birth_month.is_some() && m.politics.is_some() && m.post.is_some(), "{m:?}");
        }
    }

    #[test]
    fn an_edit_writes_what_changed_and_one_correction_on_the_member() {
        let (_d, mut s) = store();
        let id = add_member(&mut s, &input()).unwrap();
        let m = member(&s, &id).unwrap();
        let mut e = MemberEdit::from_row(&m);
        assert!(update_member(&mut s, &id, &e, &by("王五", "")).unwrap().is_empty(), "nothing differs, nothing written");
        assert!(history(&s, &id).unwrap().is_empty());
        e.phone = Some("139 0739 1002".into());
        e.role = "队长".into();
        e.politics = Some("群众".into());
        let changes = update_member(&mut s, &id, &e, &by("王五", "电话换号")).unwrap();
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["驻村职务", "联系电话", "政治面貌"]);
        assert_eq!(changes[1].before.as_deref(), Some("13800001111"));
        assert_eq!(changes[1].after.as_deref(), Some("13907391002"));
        let m = member(&s, &id).unwrap();
        assert_eq!((m.role.as_str(), m.phone.as_deref(), m.politics.as_deref()), ("队长", Some("13907391002"), Some("群众")));
        let h = history(&s, &id).unwrap();
        assert_eq!(h.len(), 1, "one correction for one edit, the cadre's fields in it");
        assert_eq!((h[0].action.as_str(), h[0].by.as_str(), h[0].reason.as_str(), h[0].changes.len()), ("修改", "王五", "电话换号", 3));

        // Refusals: no name of who corrects, a bad phone, dates the wrong way round.
        assert_eq!(code(update_member(&mut s, &id, &e, &by(" ", "")).unwrap_err()), "correction.by");
        let bad = MemberEdit { phone: Some("1234".into()), ..e.clone() };
        assert_eq!(code(update_member(&mut s, &id, &bad, &by("王五", "")).unwrap_err()), "phone.bad");
        let bad = MemberEdit { to: Some(d("2023-12-31")), ..e.clone() };
        assert_eq!(code(update_member(&mut s, &id, &bad, &by("王五", "")).unwrap_err()), "member.dates");
        assert_eq!(code(update_member(&mut s, "nope", &e, &by("王五", "")).unwrap_err()), "member.unknown");
        assert_eq!(history(&s, &id).unwrap().len(), 1, "a refusal writes nothing");
    }

    #[test]
    fn ending_needs_a_reason_and_no_logs_after_the_day() {
        let (_d, mut s) = store();
        let id = add_member(&mut s, &input()).unwrap();
        let m = member(&s, &id).unwrap();
        {
            let mut w = s.write().unwrap();
            for day in ["2024-09-10", "2024-09-12", "2024-09-13"] {
                w.insert(
                    Table::WorkLog,
                    &uuid::Uuid::now_v7().to_string(),
                    &[("member_id", text(&id)), ("date", text(day)), ("status", text("在村")), ("content", text("走访农户"))],
                )
                .unwrap();
            }
            w.commit().unwrap();
        }
        assert_eq!(code(end_member(&mut s, &id, d("2024-09-30"), &by("王五", "")).unwrap_err()), "correction.reason");
        let e = end_member(&mut s, &id, d("2024-09-11"), &by("王五", "调回原单位")).unwrap_err();
        assert_eq!(e.code(), "member.logs_after");
        assert!(e.message_zh().contains("2条工作日志") && e.message_zh().contains("2024年9月12日"), "{}", e.message_zh());
        assert_eq!(code(end_member(&mut s, &id, d("2023-12-01"), &by("王五", "调回原单位")).unwrap_err()), "member.dates");
        // The same check when 离队日期 is set by an edit.
        let early = MemberEdit { to: Some(d("2024-09-12")), ..MemberEdit::from_row(&m) };
        assert_eq!(code(update_member(&mut s, &id, &early, &by("王五", "")).unwrap_err()), "member.logs_after");

        let changes = end_member(&mut s, &id, d("2024-09-13"), &by("王五", "调回原单位")).unwrap();
        assert_eq!(changes, vec![CorrectionChange { field: "离队日期".into(), before: None, after: Some("2024-09-13".into()) }]);
        let m = member(&s, &id).unwrap();
        assert_eq!(m.to_date.as_deref(), Some("2024-09-13"), "ended, still listed");
        assert_eq!(code(end_member(&mut s, &id, d("2024-09-20"), &by("王五", "再次")).unwrap_err()), "member.ended");
        let h = history(&s, &id).unwrap();
        assert_eq!((h[0].action.as_str(), h[0].reason.as_str()), ("离队", "调回原单位"));
    }

    /// A pairing's cadre, as the roster writes it: (id, name, phone).
    fn pairing_cadre(s: &mut Store) -> (String, String, Option<String>) {
        let none: u32 = s.read().query_row("SELECT count(*) FROM pairing", [], |r| r.get(0)).unwrap();
        if none == 0 {
            let household: String = s.read().query_row("SELECT id FROM household ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
            let mut w = s.write().unwrap();
            let c = uuid::Uuid::now_v7().to_string();
            w.insert(Table::Cadre, &c, &[("name", text("刘建华")), ("phone", text("13807390001")), ("unit", text("县水利局"))]).unwrap();
            w.insert(Table::Pairing, &uuid::Uuid::now_v7().to_string(), &[("household_id", text(&household)), ("cadre_id", text(&c)), ("start_date", text("2024-01-01"))]).unwrap();
            w.commit().unwrap();
        }
        s.read()
            .query_row("SELECT c.id, c.name, c.phone FROM pairing p JOIN cadre c ON c.id = p.cadre_id ORDER BY c.id LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap()
    }

    fn cadre(s: &Store, id: &str) -> (String, Option<String>, Option<String>, Option<String>) {
        s.read()
            .query_row("SELECT name, phone, unit, post FROM cadre WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
    }

    #[test]
    fn a_member_who_is_a_pairing_cadre_keeps_the_cadre_as_the_roster_has_it() {
        let (_d, mut s) = store();
        let (cid, cname, cphone) = pairing_cadre(&mut s);
        let before = cadre(&s, &cid);
        // Added by the same name and phone: the cadre is reused, its details only filled where empty.
        let i = MemberInput { name: cname.clone(), phone: cphone.clone(), ..input() };
        let id = add_member(&mut s, &i).unwrap();
        let m = member(&s, &id).unwrap();
        assert_eq!(m.cadre_id, cid, "the same person");
        let after = cadre(&s, &cid);
        assert_eq!((after.0.as_str(), after.1.as_deref()), (before.0.as_str(), before.1.as_deref()));
        assert_eq!(after.2, before.2.clone().or(Some("县农业农村局".into())), "派出单位 kept, or filled when it was empty");
        assert_eq!(after.3.as_deref(), before.3.as_deref().or(Some("县农业农村局办公室副主任")));

        // A second add with other details overwrites nothing.
        let other = MemberInput { unit: Some("县财政局".into()), post: Some("县财政局科员".into()), politics: Some("群众".into()), ..i.clone() };
        add_member(&mut s, &other).unwrap();
        assert_eq!(cadre(&s, &cid), after);
        assert_eq!(member(&s, &id).unwrap().politics.as_deref(), Some("中共党员"));

        // The member's phone corrected: the member gets a cadre of their own; the pairing's is untouched.
        let e = MemberEdit { phone: Some("13907391002".into()), ..MemberEdit::from_row(&m) };
        let changes = update_member(&mut s, &id, &e, &by("王五", "电话换号")).unwrap();
        assert!(changes.iter().any(|c| c.field == "联系电话") && changes.iter().any(|c| c.field == "干部记录"), "{changes:?}");
        assert_eq!(cadre(&s, &cid), after, "the pairing's cadre stays as the roster has it");
        assert_eq!(pairing_cadre(&mut s).0, cid);
        let m = member(&s, &id).unwrap();
        assert_ne!(m.cadre_id, cid);
        assert_eq!((m.name.as_str(), m.phone.as_deref(), m.post.as_deref()), (cname.as_str(), Some("13907391002"), after.3.as_deref()));
        assert_eq!(history(&s, &id).unwrap().len(), 1, "one correction, the new cadre in it");
        // Now the cadre is the member's own: a further edit changes it in place.
        let own = m.cadre_id.clone();
        let e = MemberEdit { name: "王小明".into(), ..MemberEdit::from_row(&m) };
        update_member(&mut s, &id, &e, &by("王五", "改名")).unwrap();
        assert_eq!(member(&s, &id).unwrap().cadre_id, own);
        assert_eq!(cadre(&s, &own).0, "王小明");
    }

    #[test]
    fn leaving_set_moved_or_cleared_by_an_edit_needs_a_reason() {
        let (_d, mut s) = store();
        let id = add_member(&mut s, &input()).unwrap();
        let m = member(&s, &id).unwrap();
        let set = MemberEdit { to: Some(d("2024-10-31")), ..MemberEdit::from_row(&m) };
        assert_eq!(code(update_member(&mut s, &id, &set, &by("王五", "")).unwrap_err()), "correction.reason");
        update_member(&mut s, &id, &set, &by("王五", "调回原单位")).unwrap();
        let m = member(&s, &id).unwrap();
        let moved = MemberEdit { to: Some(d("2024-11-30")), ..MemberEdit::from_row(&m) };
        assert_eq!(code(update_member(&mut s, &id, &moved, &by("王五", " ")).unwrap_err()), "correction.reason");
        let cleared = MemberEdit { to: None, ..MemberEdit::from_row(&m) };
        assert_eq!(code(update_member(&mut s, &id, &cleared, &by("王五", "")).unwrap_err()), "correction.reason");
        update_member(&mut s, &id, &cleared, &by("王五", "离队登记错了")).unwrap();
        assert_eq!(member(&s, &id).unwrap().to_date, None);
        // Other fields need no reason.
        let m = member(&s, &id).unwrap();
        update_member(&mut s, &id, &MemberEdit { role: "队长".into(), ..MemberEdit::from_row(&m) }, &by("王五", "")).unwrap();
    }

    #[test]
    fn the_start_cannot_move_past_the_members_records() {
        let (_d, mut s) = store();
        let id = add_member(&mut s, &input()).unwrap();
        let m = member(&s, &id).unwrap();
        {
            let mut w = s.write().unwrap();
            w.insert(Table::WorkLog, &uuid::Uuid::now_v7().to_string(), &[("member_id", text(&id)), ("date", text("2024-03-05")), ("status", text("在村")), ("content", text("走访农户"))]).unwrap();
            w.commit().unwrap();
        }
        let later = MemberEdit { from: d("2024-04-01"), ..MemberEdit::from_row(&m) };
        let e = update_member(&mut s, &id, &later, &by("王五", "")).unwrap_err();
        assert_eq!(e.code(), "member.logs_before");
        assert!(e.message_zh().contains("1条记录") && e.message_zh().contains("2024年3月5日"), "{}", e.message_zh());
        // Up to the first record, and earlier, is fine.
        update_member(&mut s, &id, &MemberEdit { from: d("2024-03-05"), ..MemberEdit::from_row(&m) }, &by("王五", "")).unwrap();
        let m = member(&s, &id).unwrap();
        update_member(&mut s, &id, &MemberEdit { from: d("2023-12-01"), ..MemberEdit::from_row(&m) }, &by("王五", "")).unwrap();
    }

    #[test]
    fn names_units_and_reasons_are_bounded_as_the_forms_bound_them() {
        let (_d, mut s) = store();
        let long_name = MemberInput { name: "张".repeat(NAME_MAX + 1), ..input() };
        assert_eq!(code(add_member(&mut s, &long_name).unwrap_err()), "member.name");
        let long_unit = MemberInput { unit: Some("局".repeat(UNIT_MAX + 1)), ..input() };
        let e = add_member(&mut s, &long_unit).unwrap_err();
        assert!(e.code() == "member.unit" && e.message_zh().contains("60"), "{}", e.message_zh());
        let id = add_member(&mut s, &MemberInput { name: "张".repeat(NAME_MAX), unit: Some("局".repeat(UNIT_MAX)), ..input() }).unwrap();
        let m = member(&s, &id).unwrap();
        let e = MemberEdit { name: "李".repeat(NAME_MAX + 1), ..MemberEdit::from_row(&m) };
        assert_eq!(code(update_member(&mut s, &id, &e, &by("王五", "")).unwrap_err()), "member.name");
        let e = MemberEdit { unit: Some("局".repeat(UNIT_MAX + 1)), ..MemberEdit::from_row(&m) };
        assert_eq!(code(update_member(&mut s, &id, &e, &by("王五", "")).unwrap_err()), "member.unit");
        // An optional reason is bounded too.
        let e = MemberEdit { role: "队长".into(), ..MemberEdit::from_row(&m) };
        let err = update_member(&mut s, &id, &e, &by("王五", &"因".repeat(201))).unwrap_err();
        assert_eq!(code(err), "correction.reason");
        assert!(history(&s, &id).unwrap().is_empty());
    }
}
