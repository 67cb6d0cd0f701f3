//! Corrections with a trace (修改记录): a team record is never silently changed. A use case that
//! corrects a record (a member edited or ended, a meeting edited, a leave voided, a parameter changed)
//! calls [`update_traced`] in its write transaction: the changed fields are written and one
//! correction row says who, when, on which laptop, why, and each field before and after.

use crate::error::{refused, Result};
use zhucun_store::corrections::{self as sc, CorrectionChange, CorrectionRow, NewCorrection};
use zhucun_store::{Store, Table, Value, Writer};

/// Who corrects and why, as the form asks it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Trace {
    /// The name of the person making the correction.
    pub by: String,
    pub reason: String,
}

impl Trace {
    /// The name, required: a correction nobody signs is not accepted on paper either.
    pub fn by(&self) -> Result<&str> {
        let by = self.by.trim();
        if by.is_empty() {
            return Err(refused("correction.by", "请写明修改人（谁做的这次修改），修改记录里会保留。"));
        }
        if by.chars().count() > 40 {
            return Err(refused("correction.by", "修改人写得太长了：请只写姓名（不超过40个字）。"));
        }
        Ok(by)
    }

    /// The reason, required for corrections that undo a record (作废, 离队).
    pub fn reason_required(&self) -> Result<&str> {
        let r = self.reason.trim();
        if r.chars().count() < 2 {
            return Err(refused("correction.reason", "请写明原因（至少2个字），修改记录里会保留。"));
        }
        check_reason(r)?;
        Ok(r)
    }
}

/// The longest reason a correction keeps, as the form bounds it.
pub const REASON_MAX: usize = 200;

fn check_reason(reason: &str) -> Result<()> {
    if reason.chars().count() > REASON_MAX {
        return Err(refused("correction.reason", format!("原因写得太长了：请不超过{REASON_MAX}个字，详细材料可另附。")));
    }
    Ok(())
}

/// A value as people read it in 修改记录.
pub fn shown(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(s) if s.is_empty() => None,
        Value::Text(s) => Some(s.clone()),
        Value::Blob(_) => Some("（文件）".into()),
    }
}

/// The fields of `fields` whose value differs from the row's, with their before and after values
/// labelled by `label` (a column name to its Chinese name). `None` when there is no such row.
pub fn diff(
    w: &Writer,
    table: Table,
    id: &str,
    fields: &[(&'static str, Value)],
    label: impl Fn(&str) -> String,
) -> Result<Option<Vec<((&'static str, Value), CorrectionChange)>>> {
    let cols: Vec<&'static str> = fields.iter().map(|(c, _)| *c).collect();
    let now = sc::current(w, table, id, &cols)?;
    Ok(now.map(|now| {
        fields
            .iter()
            .zip(now)
            .filter(|((_, new), old)| new != old && shown(new) != shown(old))
            .map(|((c, new), old)| ((*c, new.clone()), CorrectionChange { field: label(c), before: shown(&old), after: shown(new) }))
            .collect()
    }))
}

/// What [`update_traced`] is asked to do.
pub struct Correction<'a> {
    pub table: Table,
    pub id: &'a str,
    /// The team the record belongs to ("" for a county-wide record).
    pub team_id: &'a str,
    /// 修改, 作废, 离队, 参数修改 …
    pub action: &'a str,
    pub by: &'a str,
    pub reason: &'a str,
}

/// Write the fields of `fields` that change and one correction row describing them, in `w`'s
/// transaction. Returns the changes (empty: nothing differed, nothing written). `extra` are changes
/// to show that are not columns of the row (a cadre's phone edited with its member).
pub fn update_traced(
    w: &mut Writer,
    c: &Correction,
    fields: &[(&'static str, Value)],
    label: impl Fn(&str) -> String,
    extra: Vec<CorrectionChange>,
) -> Result<Vec<CorrectionChange>> {
    // Every correction passes here or through `record`: the reason's bound holds for all.
    check_reason(c.reason)?;
    let Some(changed) = diff(w, c.table, c.id, fields, label)? else {
        return Err(zhucun_store::StoreError::NotFound { what: format!("{} {}", c.table.name(), c.id) }.into());
    };
    let (cols, mut changes): (Vec<_>, Vec<_>) = changed.into_iter().unzip();
    w.update(c.table, c.id, &cols)?;
    changes.extend(extra);
    if !changes.is_empty() {
        sc::add(w, &NewCorrection { team_id: c.team_id, table: c.table, row_id: c.id, by: c.by, action: c.action, reason: c.reason, changes: &changes })?;
    }
    Ok(changes)
}

/// Record a correction whose fields were already written (a parameter's upsert).
pub fn record(w: &mut Writer, c: &Correction, changes: &[CorrectionChange]) -> Result<()> {
    check_reason(c.reason)?;
    sc::add(w, &NewCorrection { team_id: c.team_id, table: c.table, row_id: c.id, by: c.by, action: c.action, reason: c.reason, changes })?;
    Ok(())
}

/// 修改记录 of one record, newest first. `table` is the stored name: team_member, leave_request,
/// meeting, parameter, work_log.
pub fn history(store: &Store, table: &str, id: &str) -> Result<Vec<CorrectionRow>> {
    let t = Table::from_name(table).ok_or_else(|| refused("correction.table", format!("没有“{table}”这类记录的修改记录。")))?;
    Ok(sc::for_row(store.read(), t, id)?)
}

/// The newest corrections of one kind of record, or of all (`None`).
pub fn recent(store: &Store, table: Option<&str>, limit: u32) -> Result<Vec<CorrectionRow>> {
    let t = match table {
        Some(name) => Some(Table::from_name(name).ok_or_else(|| refused("correction.table", format!("没有“{name}”这类记录的修改记录。")))?),
        None => None,
    };
    Ok(sc::recent(store.read(), t, limit.min(1000))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("t.db")).unwrap();
        (dir, s)
    }

    #[test]
    fn a_traced_update_writes_only_what_changed_and_says_so() {
        let (_d, mut s) = store();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        let village = zhucun_store::households::villages(s.read()).unwrap()[0].id.clone();
        let mut w = s.write().unwrap();
        let team = zhucun_store::members::team_of_village(&mut w, &village).unwrap();
        let id = zhucun_store::members::add_member(
            &mut w,
            &zhucun_store::members::NewMember { team_id: &team, name: "张三", role: "队员", from_date: "2024-01-01", to_date: None, phone: None, unit: None },
        )
        .unwrap();
        w.commit().unwrap();

        let mut w = s.write().unwrap();
        let c = Correction { table: Table::TeamMember, id: &id, team_id: &team, action: "修改", by: "李四", reason: "" };
        let label = |c: &str| if c == "role" { "职务".to_string() } else { c.to_string() };
        let changes = update_traced(&mut w, &c, &[("role", text("队长")), ("from_date", text("2024-01-01"))], label, vec![]).unwrap();
        assert_eq!(changes, vec![CorrectionChange { field: "职务".into(), before: Some("队员".into()), after: Some("队长".into()) }]);
        // The same values again change nothing and leave no trace.
        let again = update_traced(&mut w, &c, &[("role", text("队长"))], label, vec![]).unwrap();
        assert!(again.is_empty());
        w.commit().unwrap();

        let h = history(&s, "team_member", &id).unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].by.as_str(), h[0].action.as_str(), h[0].here), ("李四", "修改", true));
        assert_eq!(recent(&s, None, 10).unwrap().len(), 1);
        assert!(history(&s, "nope", &id).is_err());
    }

    #[test]
    fn a_correction_needs_a_name_and_an_undo_needs_a_reason() {
        let t = Trace { by: "  ".into(), reason: "x".into() };
        assert!(matches!(t.by(), Err(crate::CoreError::Refused { code: "correction.by", .. })));
        assert!(matches!(t.reason_required(), Err(crate::CoreError::Refused { code: "correction.reason", .. })));
        let t = Trace { by: " 王五 ".into(), reason: "重复登记".into() };
        assert_eq!((t.by().unwrap(), t.reason_required().unwrap()), ("王五", "重复登记"));
        // At most 200 characters, as the form bounds it.
        let t = Trace { by: "王五".into(), reason: "因".repeat(REASON_MAX) };
        assert!(t.reason_required().is_ok());
        let t = Trace { by: "王五".into(), reason: "因".repeat(REASON_MAX + 1) };
        let e = t.reason_required().unwrap_err();
        assert!(e.code() == "correction.reason" && e.message_zh().contains("200"), "{}", e.message_zh());
    }
}
