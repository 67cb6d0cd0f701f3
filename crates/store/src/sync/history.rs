//! What sync has to show: proposals held at the county, conflicts, the history of bundles, and the
//! content digest that tells converged replicas.

use super::*;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Proposal {
    pub origin: String,
    pub seq: i64,
    pub tbl: String,
    pub row_id: String,
    pub op: i64,
    pub fields: String,
    pub received_at: String,
    pub decision: Option<String>,
}

fn proposal_from_row(r: &rusqlite::Row) -> rusqlite::Result<Proposal> {
    Ok(Proposal {
        origin: r.get(0)?,
        seq: r.get(1)?,
        tbl: r.get(2)?,
        row_id: r.get(3)?,
        op: r.get(4)?,
        fields: r.get(5)?,
        received_at: r.get(6)?,
        decision: r.get(7)?,
    })
}

pub fn proposal(conn: &Connection, origin: &str, seq: i64) -> Result<Option<Proposal>> {
    Ok(conn
        .query_row(
            "SELECT origin, seq, tbl, row_id, op, fields, received_at, decision FROM sync_proposal WHERE origin = ?1 AND seq = ?2",
            params![origin, seq],
            proposal_from_row,
        )
        .optional()?)
}

/// Proposals, undecided first, oldest first.
pub fn proposals(conn: &Connection, undecided_only: bool) -> Result<Vec<Proposal>> {
    let mut stmt = conn.prepare(
        "SELECT origin, seq, tbl, row_id, op, fields, received_at, decision FROM sync_proposal
         WHERE (?1 = 0 OR decision IS NULL) ORDER BY decision IS NOT NULL, hlc, origin, seq",
    )?;
    let rows = stmt.query_map([undecided_only as i64], proposal_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One conflict: two or more values written for one field without seeing each other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Conflict {
    pub tbl: String,
    pub row_id: String,
    /// What the row is, for people: a household's 户编号, a person's or cadre's name, a member's name.
    pub label: Option<String>,
    pub col: String,
    pub ver: i64,
    pub resolved: bool,
    /// (device, value as text), the winner first.
    pub values: Vec<ConflictValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ConflictValue {
    pub origin: String,
    pub value: Option<String>,
    pub winner: bool,
}

pub fn conflicts(conn: &Connection, include_resolved: bool) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare("SELECT tbl, row_id, col, ver, resolved FROM sync_conflict WHERE (?1 = 1 OR resolved = 0) ORDER BY tbl, row_id, col, ver")?;
    let heads: Vec<(String, String, String, i64, bool)> =
        stmt.query_map([include_resolved as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    let mut vals = conn.prepare("SELECT origin, value FROM sync_field WHERE tbl = ?1 AND row_id = ?2 AND col = ?3 AND ver = ?4 ORDER BY hlc DESC, origin DESC")?;
    for (tbl, row_id, col, ver, resolved) in heads {
        let values: Vec<ConflictValue> = vals
            .query_map(params![tbl, row_id, col, ver], |r| {
                let v: Value = r.get(1)?;
                Ok((r.get::<_, String>(0)?, v))
            })?
            .enumerate()
            .map(|(i, row)| {
                row.map(|(origin, v)| ConflictValue {
                    origin,
                    value: match v {
                        Value::Null => None,
                        Value::Integer(i) => Some(i.to_string()),
                        Value::Real(f) => Some(f.to_string()),
                        Value::Text(s) => Some(s),
                        Value::Blob(_) => Some("(二进制)".into()),
                    },
                    winner: i == 0 && !resolved,
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        let label = row_label(conn, &tbl, &row_id)?;
        out.push(Conflict { tbl, row_id, label, col, ver, resolved, values });
    }
    Ok(out)
}

/// A short description of a row for conflict lists.
fn row_label(conn: &Connection, tbl: &str, id: &str) -> Result<Option<String>> {
    let sql = match Table::from_name(tbl) {
        Some(Table::Household) => "SELECT number FROM household WHERE id = ?1",
        Some(Table::Person) => "SELECT name FROM person WHERE id = ?1",
        Some(Table::Cadre) => "SELECT name FROM cadre WHERE id = ?1",
        Some(Table::TeamMember) => "SELECT c.name FROM team_member m JOIN cadre c ON c.id = m.cadre_id WHERE m.id = ?1",
        Some(Table::Division) => "SELECT name FROM division WHERE id = ?1",
        Some(Table::Pairing) => "SELECT h.number FROM pairing p JOIN household h ON h.id = p.household_id WHERE p.id = ?1",
        Some(Table::Parameter) => "SELECT key FROM parameter WHERE key = ?1",
        Some(Table::WorkLog) => {
            "SELECT c.name || ' ' || l.date || ' 工作日志' FROM work_log l JOIN team_member m ON m.id = l.member_id JOIN cadre c ON c.id = m.cadre_id WHERE l.id = ?1"
        }
        Some(Table::Leave) => {
            "SELECT c.name || ' ' || l.from_date || ' 请假' FROM leave_request l JOIN team_member m ON m.id = l.member_id JOIN cadre c ON c.id = m.cadre_id WHERE l.id = ?1"
        }
        Some(Table::Meeting) => "SELECT date || ' ' || kind || '：' || topic FROM meeting WHERE id = ?1",
        Some(Table::Holiday) => "SELECT date || ' 节假日' FROM holiday WHERE date = ?1",
        Some(Table::Correction) => "SELECT action || '：' || tbl FROM correction WHERE id = ?1",
        Some(Table::Visit) => "SELECT h.number || ' ' || x.date || ' 走访' FROM visit x JOIN household h ON h.id = x.household_id WHERE x.id = ?1",
        Some(Table::Problem) => "SELECT found_on || ' 问题：' || substr(description, 1, 20) FROM problem WHERE id = ?1",
        Some(Table::Plan) => "SELECT h.number || ' ' || x.year || '年帮扶计划' FROM handbook_plan x JOIN household h ON h.id = x.household_id WHERE x.id = ?1",
        Some(Table::Measure) => "SELECT h.number || ' 措施：' || x.category FROM measure x JOIN household h ON h.id = x.household_id WHERE x.id = ?1",
        Some(Table::Evaluation) => "SELECT h.number || ' ' || x.quarter || ' 帮扶成效评估' FROM evaluation x JOIN household h ON h.id = x.household_id WHERE x.id = ?1",
        Some(Table::Assessment) => "SELECT h.number || ' ' || x.quarter || ' 风险消除评估' FROM assessment x JOIN household h ON h.id = x.household_id WHERE x.id = ?1",
        Some(Table::Income) => "SELECT h.number || ' ' || x.year || '年收入核算' FROM income x JOIN household h ON h.id = x.household_id WHERE x.id = ?1",
        Some(Table::Signature) => "SELECT h.number || ' ' || x.signed_on || ' 签名' FROM signature x JOIN household h ON h.id = x.household_id WHERE x.id = ?1",
        Some(Table::SignatureImage) | Some(Table::Team) | None => return Ok(None),
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0)).optional()?)
}

/// A bundle written, read or refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SyncEvent {
    pub at: String,
    pub kind: String,
    pub peer: Option<String>,
    pub file: Option<String>,
    pub ok: bool,
    pub changes: i64,
    pub message: String,
}

/// How many history entries are kept: years of a laptop's syncs, and a bound on what a stream of
/// refused requests can add to the county's database. The oldest go first.
pub const EVENTS_KEPT: i64 = 10_000;

/// Our own messages, but they quote names and paths: at most 2,000 characters are kept.
fn bounded(message: &str) -> String {
    match message.char_indices().nth(2000) {
        Some((i, _)) => format!("{}…", &message[..i]),
        None => message.to_string(),
    }
}

pub fn add_event(conn: &Connection, e: &SyncEvent) -> Result<()> {
    let id = conn
        .prepare_cached("INSERT INTO sync_event (at, kind, peer, file, ok, changes, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .insert(params![e.at, e.kind, e.peer, e.file, e.ok, e.changes, bounded(&e.message)])?;
    if id % 100 == 0 {
        conn.prepare_cached("DELETE FROM sync_event WHERE id <= ?1")?.execute([id - EVENTS_KEPT])?;
    }
    Ok(())
}

pub fn events(conn: &Connection, limit: i64) -> Result<Vec<SyncEvent>> {
    let mut stmt = conn.prepare("SELECT at, kind, peer, file, ok, changes, message FROM sync_event ORDER BY id DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| {
        Ok(SyncEvent { at: r.get(0)?, kind: r.get(1)?, peer: r.get(2)?, file: r.get(3)?, ok: r.get(4)?, changes: r.get(5)?, message: r.get(6)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The content of every synced table, in a fixed order: replicas that have converged give the same text.
pub fn content_digest(conn: &Connection) -> Result<String> {
    let mut out = String::new();
    for t in Table::ALL {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {} ORDER BY {}", t.name(), t.key()))?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.push_str(t.name());
            for i in 0..n {
                let v: Value = r.get(i)?;
                out.push('|');
                out.push_str(&format!("{v:?}"));
            }
            out.push('\n');
        }
    }
    Ok(out)
}
