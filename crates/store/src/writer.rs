//! The write path. Every edit goes through a [`Writer`]: one transaction, and in it one change record
//! per edited row (origin device, per-origin sequence number, hybrid logical clock stamp, scope, and the
//! values written with a version per field). Nothing else in the code base runs INSERT, UPDATE or
//! DELETE on a synced table except [`crate::sync`], which applies other devices' changes by the same
//! rules, so sync can trust the log to be complete.

use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Transaction};
use rustc_hash::FxHashMap;
use zhucun_domain::hlc;

/// The tables that hold synced data. Column names passed with a table are `&'static str` from code,
/// never from input, so building SQL from them is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    Division,
    Cadre,
    Team,
    TeamMember,
    Household,
    Person,
    Pairing,
    Parameter,
    WorkLog,
    Leave,
    Meeting,
    Holiday,
    Correction,
    Visit,
    Problem,
    Plan,
    Measure,
    Evaluation,
    Assessment,
    Income,
    Signature,
    SignatureImage,
}

/// Who decides the content of a table (docs/adr/0001-sync.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Roster data: a laptop's edit is a proposal that county staff accept or reject.
    County,
    /// Field records: the team's laptops write them, the county receives and relays them.
    Team,
}

impl Table {
    pub const ALL: [Table; 22] = [
        Table::Division,
        Table::Cadre,
        Table::Team,
        Table::TeamMember,
        Table::Household,
        Table::Person,
        Table::Pairing,
        Table::Parameter,
        Table::WorkLog,
        Table::Leave,
        Table::Meeting,
        Table::Holiday,
        Table::Correction,
        Table::Visit,
        Table::Problem,
        Table::Plan,
        Table::Measure,
        Table::Evaluation,
        Table::Assessment,
        Table::Income,
        Table::Signature,
        Table::SignatureImage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Division => "division",
            Table::Cadre => "cadre",
            Table::Team => "team",
            Table::TeamMember => "team_member",
            Table::Household => "household",
            Table::Person => "person",
            Table::Pairing => "pairing",
            Table::Parameter => "parameter",
            Table::WorkLog => "work_log",
            Table::Leave => "leave_request",
            Table::Meeting => "meeting",
            Table::Holiday => "holiday",
            Table::Correction => "correction",
            Table::Visit => "visit",
            Table::Problem => "problem",
            Table::Plan => "handbook_plan",
            Table::Measure => "measure",
            Table::Evaluation => "evaluation",
            Table::Assessment => "assessment",
            Table::Income => "income",
            Table::Signature => "signature",
            Table::SignatureImage => "signature_image",
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn key(self) -> &'static str {
        match self {
            Table::Parameter => "key",
            Table::Holiday => "date",
            _ => "id",
        }
    }

    /// The columns besides the key, as the migrations create them (checked by a test).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Division => &["level", "parent_id", "name", "code", "village_kind"],
            Table::Cadre => &["name", "unit", "phone", "sex", "birth_month", "politics", "post"],
            Table::Team => &["village_id", "backing_units"],
            Table::TeamMember => &["team_id", "cadre_id", "role", "from_date", "to_date"],
            Table::Household => &[
                "number", "village_id", "group_id", "category", "monitor_category", "identified_on", "risk_status", "eliminated_on",
                "elimination_method", "risk_types", "away", "away_since", "no_labour", "phone", "address", "bottom_support",
            ],
            Table::Person => &[
                "household_id", "ord", "name", "id_number", "disability", "sex", "birth_date", "relation", "labour", "health", "schooling",
                "employment", "left_on",
            ],
            Table::Pairing => &["household_id", "cadre_id", "start_date", "end_date"],
            Table::Parameter => &["value", "source"],
            Table::WorkLog => &["member_id", "date", "status", "night", "content", "categories", "updated_at", "created_at"],
            Table::Leave => &[
                "member_id", "kind", "from_date", "from_half", "to_date", "to_half", "reason", "requested_on", "approval_level", "approved_by",
                "approved_on", "returned_on", "cancelled_on", "approver_level", "approval_doc", "photo_file", "photo_sha256", "voided_on",
                "void_reason",
            ],
            Table::Meeting => &["team_id", "kind", "date", "topic", "host_id", "attendees", "minutes", "place", "others", "others_count", "voided_on"],
            Table::Holiday => &["kind", "name"],
            Table::Correction => &["team_id", "tbl", "row_id", "at", "by_name", "device", "action", "reason", "changes"],
            Table::Visit => &[
                "household_id", "date", "mode", "members", "cadre_id", "met", "checks", "policies", "requests", "content", "next_step", "created_at",
                "voided_on",
            ],
            Table::Problem => &[
                "village_id", "household_id", "visit_id", "source", "category", "description", "found_on", "owner", "deadline", "status", "resolution",
                "closed_on", "approver", "voided_on",
            ],
            Table::Plan => &["household_id", "year", "date", "goals", "planned", "created_at", "voided_on"],
            Table::Measure => &["household_id", "category", "content", "amount_fen", "from_date", "to_date", "status", "created_at", "voided_on"],
            Table::Evaluation => &["household_id", "quarter", "date", "changes", "income_trend", "risk", "created_at", "voided_on"],
            Table::Assessment => &["household_id", "quarter", "date", "result", "reasons", "assessors", "created_at", "voided_on"],
            Table::Income => &[
                "household_id", "year", "date", "items", "costs_fen", "size", "size_reason", "total_fen", "net_fen", "per_capita_fen", "created_at",
                "voided_on",
            ],
            Table::Signature => &["household_id", "tbl", "row_id", "role", "signer", "signed_on", "method", "image", "created_at", "voided_on"],
            Table::SignatureImage => &["household_id", "mime", "width", "height", "bytes", "data"],
        }
    }

    /// This table's column of that name, as the `'static` name the Writer takes; `None` for a column
    /// this app does not have (a newer app's) or for the key.
    pub fn column(self, name: &str) -> Option<&'static str> {
        self.columns().iter().find(|c| **c == name).copied()
    }

    /// Cadres are written by teams too (a team adds its own members, who are cadres).
    pub fn owner(self) -> Owner {
        match self {
            Table::Division | Table::Household | Table::Person | Table::Pairing | Table::Parameter | Table::Team | Table::Holiday => Owner::County,
            Table::Cadre | Table::TeamMember | Table::WorkLog | Table::Leave | Table::Meeting | Table::Correction | Table::Visit | Table::Problem
            | Table::Plan
            | Table::Measure
            | Table::Evaluation
            | Table::Assessment
            | Table::Income
            | Table::Signature
            | Table::SignatureImage => Owner::Team,
        }
    }
}

/// A change operation as stored and sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Insert = 1,
    Update = 2,
    Delete = 3,
}

impl Op {
    pub fn from_code(code: i64) -> Option<Op> {
        match code {
            1 => Some(Op::Insert),
            2 => Some(Op::Update),
            3 => Some(Op::Delete),
            _ => None,
        }
    }
}

/// This replica's identity and clocks, read at the start of every write transaction.
#[derive(Clone, Debug)]
pub(crate) struct Clock {
    pub origin: String,
    pub next_seq: i64,
    pub hlc: i64,
}

fn now_ms(skew: i64) -> i64 {
    chrono::Utc::now().timestamp_millis() + skew
}

/// One write transaction.
/// The transaction a writer holds: its own `IMMEDIATE` transaction, or a savepoint inside a
/// [`Store::batch`](crate::Store::batch), so several use cases commit together or not at all.
pub(crate) enum Tx<'a> {
    Top(Transaction<'a>),
    Nested(rusqlite::Savepoint<'a>),
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Tx::Top(t) => t,
            Tx::Nested(s) => s,
        }
    }
}

impl Tx<'_> {
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            Tx::Top(t) => t.commit(),
            Tx::Nested(s) => s.commit(),
        }
    }
    fn rollback(self) -> rusqlite::Result<()> {
        match self {
            Tx::Top(t) => t.rollback(),
            Tx::Nested(mut s) => s.rollback(),
        }
    }
}

pub struct Writer<'a> {
    pub(crate) tx: Tx<'a>,
    at: String,
    changes: u64,
    pub(crate) clock: Clock,
    /// INSERT and UPDATE texts by (operation, table, column list), so a bulk import builds each once.
    sql: FxHashMap<(u8, &'static str, Vec<&'static str>), std::rc::Rc<str>>,
    /// Scope (village id) of households and of teams seen in this transaction.
    household_scopes: FxHashMap<String, String>,
    team_scopes: FxHashMap<String, String>,
    skew: i64,
}

impl<'a> Writer<'a> {
    pub(crate) fn begin(conn: &'a mut Connection, skew: i64, nested: bool) -> Result<Writer<'a>> {
        let tx = if nested { Tx::Nested(conn.savepoint()?) } else { Tx::Top(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?) };
        let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        let (origin, next_seq, last): (String, i64, i64) =
            tx.query_row("SELECT id, next_seq, hlc FROM sync_device", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let clock = Clock { origin, next_seq, hlc: hlc::tick(last, now_ms(skew)) };
        Ok(Writer { tx, at, changes: 0, clock, sql: Default::default(), household_scopes: Default::default(), team_scopes: Default::default(), skew })
    }

    /// Reads inside the transaction see its own writes.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// How many rows this transaction has changed so far.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// The time this transaction started (UTC, ISO 8601).
    pub fn at(&self) -> &str {
        &self.at
    }

    /// This device's id: the origin of the changes this transaction writes.
    pub fn origin(&self) -> &str {
        &self.clock.origin
    }

    /// The clock stamp of this transaction's own changes.
    pub fn hlc(&self) -> i64 {
        self.clock.hlc
    }

    /// Take a remote clock stamp into account (see [`zhucun_domain::hlc::observe`]).
    pub(crate) fn observe_hlc(&mut self, remote: i64) {
        self.clock.hlc = hlc::observe(self.clock.hlc, remote, now_ms(self.skew));
    }

    pub fn insert(&mut self, table: Table, id: &str, fields: &[(&'static str, Value)]) -> Result<()> {
        let cols: Vec<&'static str> = fields.iter().map(|(c, _)| *c).collect();
        let sql = self.sql_text(0, table, cols, |cols| {
            let marks: Vec<String> = (2..=cols.len() + 1).map(|i| format!("?{i}")).collect();
            format!("INSERT INTO {} ({}, {}) VALUES (?1, {})", table.name(), table.key(), cols.join(", "), marks.join(", "))
        });
        let id_value = Value::Text(id.to_string());
        let values = std::iter::once(&id_value).chain(fields.iter().map(|(_, v)| v));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        let scope = self.scope(table, id, Some(fields))?;
        // An insert's values are the row's: they are read from it when the change is sent (see
        // `sync::fill_insert`), so a bulk import writes each value once, not twice.
        self.log(table, id, Op::Insert, &scope, "")
    }

    /// The SQL text for an operation on some columns, built once per transaction.
    fn sql_text(&mut self, op: u8, table: Table, cols: Vec<&'static str>, build: impl FnOnce(&[&'static str]) -> String) -> std::rc::Rc<str> {
        let key = (op, table.name(), cols);
        if let Some(sql) = self.sql.get(&key) {
            return sql.clone();
        }
        let sql: std::rc::Rc<str> = std::rc::Rc::from(build(&key.2));
        self.sql.insert(key, sql.clone());
        sql
    }

    /// Update the given columns only; callers pass just the fields that changed.
    pub fn update(&mut self, table: Table, id: &str, fields: &[(&'static str, Value)]) -> Result<()> {
        self.update_at_least(table, id, fields, 0)
    }

    /// An update whose field versions are at least `min_ver` (the county deciding on a proposal made at
    /// that version, so that its decision wins on the laptop that proposed it).
    pub fn update_at_least(&mut self, table: Table, id: &str, fields: &[(&'static str, Value)], min_ver: i64) -> Result<()> {
        if fields.is_empty() {
            return Ok(());
        }
        let cols: Vec<&str> = fields.iter().map(|(c, _)| *c).collect();
        let sets: Vec<String> = cols.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
        let sql = format!("UPDATE {} SET {} WHERE {} = ?1", table.name(), sets.join(", "), table.key());
        let id_value = Value::Text(id.to_string());
        let values = std::iter::once(&id_value).chain(fields.iter().map(|(_, v)| v));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        let mut json = String::from("{");
        for (i, (col, value)) in fields.iter().enumerate() {
            let current: Option<i64> = self
                .tx
                .prepare_cached("SELECT max(ver) FROM sync_field WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
                .query_row(rusqlite::params![table.name(), id, col], |r| r.get(0))?;
            let ver = current.unwrap_or(1).max(min_ver) + 1;
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO sync_field (tbl, row_id, col, ver, origin, hlc, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
                .execute(rusqlite::params![table.name(), id, col, ver, self.clock.origin, self.clock.hlc, value])?;
            if i > 0 {
                json.push(',');
            }
            push_json_str(&mut json, col);
            json.push_str(&format!(":[{ver},"));
            push_json_value(&mut json, value);
            json.push(']');
        }
        json.push('}');
        let scope = self.scope(table, id, None)?;
        self.log(table, id, Op::Update, &scope, &json)
    }

    /// The fields whose value differs from the row's, or `None` when there is no such row: so an edit
    /// writes (and sync carries) only what really changed.
    pub fn changed_fields(&self, table: Table, key: &str, fields: &[(&'static str, Value)]) -> Result<Option<Vec<(&'static str, Value)>>> {
        let cols: Vec<&str> = std::iter::once(table.key()).chain(fields.iter().map(|(c, _)| *c)).collect();
        let sql = format!("SELECT {} FROM {} WHERE {} = ?1", cols.join(", "), table.name(), table.key());
        let current: Option<Vec<Value>> =
            self.tx.prepare_cached(&sql)?.query_row([key], |r| (1..cols.len()).map(|i| r.get(i)).collect()).optional()?;
        Ok(current.map(|now| fields.iter().zip(now).filter(|((_, new), old)| new != old).map(|((c, v), _)| (*c, v.clone())).collect()))
    }

    /// Insert the row `key` with `fields`, or update only the fields that differ (rows keyed by a
    /// natural key: a parameter's name, a calendar date).
    pub fn upsert(&mut self, table: Table, key: &str, fields: &[(&'static str, Value)]) -> Result<()> {
        match self.changed_fields(table, key, fields)? {
            None => self.insert(table, key, fields),
            Some(changed) => self.update(table, key, &changed),
        }
    }

    pub fn delete(&mut self, table: Table, id: &str) -> Result<()> {
        let scope = self.scope(table, id, None)?;
        let sql = format!("DELETE FROM {} WHERE {} = ?1", table.name(), table.key());
        self.tx.prepare_cached(&sql)?.execute([id])?;
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO sync_tombstone (tbl, row_id, origin, seq) VALUES (?1, ?2, ?3, ?4)")?
            .execute(rusqlite::params![table.name(), id, self.clock.origin, self.clock.next_seq])?;
        self.log(table, id, Op::Delete, &scope, "{}")
    }

    fn log(&mut self, table: Table, id: &str, op: Op, scope: &str, fields: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO sync_change (seq, hlc, tbl, row_id, op, scope, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(rusqlite::params![self.clock.next_seq, self.clock.hlc, table.name(), id, op as i64, scope, fields])?;
        self.clock.next_seq += 1;
        self.changes += 1;
        Ok(())
    }

    /// The village a row belongs to ("" for county-wide rows): the county sends a laptop only the rows
    /// of its own village and the county-wide ones.
    fn scope(&mut self, table: Table, id: &str, fields: Option<&[(&'static str, Value)]>) -> Result<String> {
        fn field<'f>(fields: Option<&'f [(&'static str, Value)]>, name: &str) -> Option<&'f str> {
            fields?.iter().find(|(c, _)| *c == name).and_then(|(_, v)| match v {
                Value::Text(s) => Some(s.as_str()),
                _ => None,
            })
        }
        let scope = match table {
            Table::Cadre | Table::Parameter | Table::Holiday => String::new(),
            Table::Division => match field(fields, "level") {
                Some("村") => id.to_string(),
                Some("组") => field(fields, "parent_id").unwrap_or_default().to_string(),
                Some(_) => String::new(),
                None => self.query_scope(
                    "SELECT CASE level WHEN '村' THEN id WHEN '组' THEN parent_id ELSE '' END FROM division WHERE id = ?1",
                    id,
                )?,
            },
            Table::Household | Table::Team => {
                let cache = if table == Table::Household { &self.household_scopes } else { &self.team_scopes };
                if let Some(s) = cache.get(id) {
                    return Ok(s.clone());
                }
                let s = match field(fields, "village_id") {
                    Some(v) => v.to_string(),
                    None => self.query_scope(&format!("SELECT village_id FROM {} WHERE id = ?1", table.name()), id)?,
                };
                let cache = if table == Table::Household { &mut self.household_scopes } else { &mut self.team_scopes };
                cache.insert(id.to_string(), s.clone());
                s
            }
            // A visit belongs to its household's village; a problem names its village.
            Table::Visit => match field(fields, "household_id") {
                Some(h) => self.scope(Table::Household, h, None)?,
                None => self.query_scope("SELECT h.village_id FROM visit x JOIN household h ON h.id = x.household_id WHERE x.id = ?1", id)?,
            },
            // The handbook's parts belong to their household's village.
            Table::Plan | Table::Measure | Table::Evaluation | Table::Assessment | Table::Income | Table::Signature | Table::SignatureImage => {
                match field(fields, "household_id") {
                    Some(h) => self.scope(Table::Household, h, None)?,
                    None => self.query_scope(
                        &format!("SELECT h.village_id FROM {} x JOIN household h ON h.id = x.household_id WHERE x.id = ?1", table.name()),
                        id,
                    )?,
                }
            }
            Table::Problem => match field(fields, "village_id") {
                Some(v) => v.to_string(),
                None => self.query_scope("SELECT village_id FROM problem WHERE id = ?1", id)?,
            },
            Table::Person | Table::Pairing => match field(fields, "household_id") {
                Some(h) => self.scope(Table::Household, h, None)?,
                None => self.query_scope(
                    &format!("SELECT h.village_id FROM {} x JOIN household h ON h.id = x.household_id WHERE x.id = ?1", table.name()),
                    id,
                )?,
            },
            Table::TeamMember => match field(fields, "team_id") {
                Some(t) => self.scope(Table::Team, t, None)?,
                None => self.query_scope("SELECT t.village_id FROM team_member m JOIN team t ON t.id = m.team_id WHERE m.id = ?1", id)?,
            },
            // A correction belongs to its team's village; a parameter's (no team) is county-wide.
            Table::Correction => match field(fields, "team_id") {
                Some("") => String::new(),
                Some(t) => self.scope(Table::Team, t, None)?,
                None => self.query_scope("SELECT t.village_id FROM correction x JOIN team t ON t.id = x.team_id WHERE x.id = ?1", id)?,
            },
            Table::Meeting => match field(fields, "team_id") {
                Some(t) => self.scope(Table::Team, t, None)?,
                None => self.query_scope("SELECT t.village_id FROM meeting x JOIN team t ON t.id = x.team_id WHERE x.id = ?1", id)?,
            },
            Table::WorkLog | Table::Leave => match field(fields, "member_id") {
                Some(m) => self.scope(Table::TeamMember, m, None)?,
                None => self.query_scope(
                    &format!(
                        "SELECT t.village_id FROM {} x JOIN team_member m ON m.id = x.member_id JOIN team t ON t.id = m.team_id WHERE x.id = ?1",
                        table.name()
                    ),
                    id,
                )?,
            },
        };
        Ok(scope)
    }

    fn query_scope(&self, sql: &str, id: &str) -> Result<String> {
        let s: Option<Option<String>> = self.tx.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?;
        Ok(s.flatten().unwrap_or_default())
    }

    /// A row outside the synced tables (import history): written in the same transaction, not logged.
    pub fn record_import(&mut self, id: &str, file_name: &str, summary: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO roster_import (id, at, file_name, summary) VALUES (?1, ?2, ?3, ?4)")?
            .execute(rusqlite::params![id, self.at, file_name, summary])?;
        Ok(())
    }

    pub fn commit(self) -> Result<()> {
        self.tx.execute("UPDATE sync_device SET next_seq = ?1, hlc = ?2", rusqlite::params![self.clock.next_seq, self.clock.hlc])?;
        self.tx.commit()?;
        Ok(())
    }

    /// Throw the transaction away (dry runs); dropping does the same.
    pub fn rollback(self) -> Result<()> {
        self.tx.rollback()?;
        Ok(())
    }
}

/// A JSON string literal.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A SQLite value as JSON (synced tables hold no blobs; one would travel as an array of bytes).
pub(crate) fn push_json_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Real(f) if f.is_finite() => out.push_str(&serde_json::to_string(f).unwrap_or_else(|_| "null".into())),
        Value::Real(_) => out.push_str("null"),
        Value::Text(s) => push_json_str(out, s),
        Value::Blob(b) => out.push_str(&serde_json::to_string(b).unwrap_or_else(|_| "null".into())),
    }
}

/// Helpers to turn domain values into SQLite values.
pub fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub fn opt_text<S: Into<String>>(s: Option<S>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.into()))
}

pub fn flag(b: bool) -> Value {
    Value::Integer(i64::from(b))
}
