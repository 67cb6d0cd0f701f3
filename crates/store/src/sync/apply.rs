//! Applying another device's changes by the merge rules (per-field winner, tombstones, proposals at
//! the county, changes of a newer app kept as they came), and the decisions that write new versions:
//! a county's decision on a proposal, a person's choice in a conflict.

use super::*;

/// What applying a bundle did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyStats {
    /// Changes new to this replica.
    pub applied: u64,
    /// Changes already had (a repeated or older bundle).
    pub duplicates: u64,
    /// County only: changes to roster data held for a decision.
    pub proposals: u64,
    /// Sections skipped because an earlier part of the same origin is missing.
    pub gaps: u64,
    /// Changes naming tables or columns this app does not have (from a newer app), kept as they came.
    pub kept_unknown: u64,
}

fn bad(what: impl Into<String>) -> StoreError {
    StoreError::BadChange { what: what.into() }
}

/// Parse `{column: [version, value]}` straight into SQLite values, in the order written.
fn parse_fields(fields: &str) -> Result<Vec<(String, i64, Value)>> {
    let parsed: Fields = serde_json::from_str(fields).map_err(|e| bad(format!("字段无法解析：{e}")))?;
    if let Some((col, _, _)) = parsed.0.iter().find(|(_, ver, _)| *ver < 1) {
        return Err(bad(format!("字段 {col} 的版本号不对")));
    }
    Ok(parsed.0)
}

struct Fields(Vec<(String, i64, Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of [version, value] pairs")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Fields, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
                while let Some(col) = map.next_key::<String>()? {
                    let (ver, Scalar(value)): (i64, Scalar) = map.next_value()?;
                    out.push((col, ver, value));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A JSON scalar as a SQLite value (arrays and objects are refused: synced columns hold none).
struct Scalar(Value);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("null, a number or a string")
            }
            fn visit_unit<E>(self) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Value::Null))
            }
            fn visit_none<E>(self) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Value::Null))
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Value::Integer(i64::from(v))))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Value::Integer(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Scalar, E> {
                i64::try_from(v).map(|i| Scalar(Value::Integer(i))).map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Value::Real(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Value::Text(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Scalar, E> {
                Ok(Scalar(Value::Text(v)))
            }
        }
        d.deserialize_any(V)
    }
}

/// What an apply knows once: whether any tombstone or field history exists yet (a first download has
/// neither, and then skips two lookups per row).
struct ApplyCtx {
    tombstones: bool,
    history: bool,
}

impl ApplyCtx {
    fn load(conn: &Connection) -> Result<ApplyCtx> {
        Ok(ApplyCtx {
            tombstones: conn.query_row("SELECT EXISTS (SELECT 1 FROM sync_tombstone)", [], |r| r.get(0))?,
            history: conn.query_row("SELECT EXISTS (SELECT 1 FROM sync_field)", [], |r| r.get(0))?,
        })
    }
}

impl Writer<'_> {
    /// Apply the sections of a bundle from `sender`. At the county, a laptop's changes to team data are
    /// applied and kept for relay, its changes to roster data are held as proposals; a laptop applies
    /// what the county sends. Changes already had are skipped, so any bundle may arrive any number of
    /// times in any order.
    pub fn apply_sections(&mut self, sender: &Peer, sections: &[Section]) -> Result<ApplyStats> {
        self.tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let me = device(&self.tx)?;
        let mut ctx = ApplyCtx::load(&self.tx)?;
        let mut stats = ApplyStats::default();
        let mut max_hlc = 0i64;
        for section in sections {
            let accept_origin = match me.role {
                Role::County => section.origin == sender.id,
                Role::Laptop => section.origin != me.id,
            };
            if !accept_origin {
                continue;
            }
            let have = received(&self.tx, &section.origin)?;
            if section.from > have + 1 {
                stats.gaps += 1;
                continue;
            }
            // Inserts first, so an update or a child never waits for a row sent later in the bundle.
            let mut fresh: Vec<&ChangeRecord> = Vec::new();
            for c in &section.changes {
                if c.origin != section.origin || c.seq < section.from || c.seq > section.to {
                    return Err(bad(format!("第 {} 号修改不在它所属的范围内", c.seq)));
                }
                if c.seq <= have {
                    // A number already had must carry the same change: other content means a copy
                    // of the sender's database is writing under the same identity.
                    if me.role == Role::County && self.differs_from_held(c)? {
                        return Err(StoreError::Diverged { device: c.origin.clone(), seq: c.seq });
                    }
                    stats.duplicates += 1;
                } else {
                    fresh.push(c);
                }
            }
            fresh.sort_by_key(|c| (c.op != Op::Insert as i64, c.seq));
            for c in fresh {
                max_hlc = max_hlc.max(c.hlc);
                let table = Table::from_name(&c.tbl);
                if me.role == Role::County {
                    let owner = table.map_or(Owner::Team, Table::owner);
                    if owner == Owner::County {
                        self.tx
                            .prepare_cached(
                                "INSERT OR IGNORE INTO sync_proposal (origin, seq, hlc, tbl, row_id, op, fields, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            )?
                            .execute(params![c.origin, c.seq, c.hlc, c.tbl, c.row_id, c.op, c.fields, self.at()])?;
                        stats.proposals += 1;
                        continue;
                    }
                    // Team data is scoped to the sender's village whatever the sender says; cadres are county-wide.
                    let scope = if table == Some(Table::Cadre) { String::new() } else { sender.village_id.clone().unwrap_or_default() };
                    self.tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO sync_relay (origin, seq, hlc, tbl, row_id, op, scope, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        )?
                        .execute(params![c.origin, c.seq, c.hlc, c.tbl, c.row_id, c.op, scope, c.fields])?;
                }
                let unknown = match table {
                    Some(table) => self.apply_change(table, c, &mut ctx)?,
                    None => {
                        parse_fields(&c.fields)?;
                        true
                    }
                };
                if unknown && me.role == Role::Laptop {
                    // A table or columns of a newer app: kept as they came (the county already keeps every
                    // change it relays), for the migration that adds them to apply after an upgrade.
                    self.tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO sync_relay (origin, seq, hlc, tbl, row_id, op, scope, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        )?
                        .execute(params![c.origin, c.seq, c.hlc, c.tbl, c.row_id, c.op, c.scope, c.fields])?;
                    stats.kept_unknown += 1;
                }
                stats.applied += 1;
            }
            self.tx
                .prepare_cached(
                    "INSERT INTO sync_received (origin, upto) VALUES (?1, ?2) ON CONFLICT (origin) DO UPDATE SET upto = max(upto, excluded.upto)",
                )?
                .execute(params![section.origin, section.to])?;
        }
        if max_hlc > 0 {
            self.observe_hlc(max_hlc);
        }
        Ok(stats)
    }

    /// Apply one change; true when it names columns this app does not have.
    fn apply_change(&mut self, table: Table, c: &ChangeRecord, ctx: &mut ApplyCtx) -> Result<bool> {
        let op = Op::from_code(c.op).ok_or_else(|| bad(format!("未知的操作 {}", c.op)))?;
        let any_tombstone = ctx.tombstones;
        let tombstoned = || -> Result<bool> {
            if !any_tombstone {
                return Ok(false);
            }
            Ok(self
                .tx
                .prepare_cached("SELECT 1 FROM sync_tombstone WHERE tbl = ?1 AND row_id = ?2")?
                .query_row([table.name(), c.row_id.as_str()], |_| Ok(()))
                .optional()?
                .is_some())
        };
        let mut unknown = false;
        match op {
            Op::Insert => {
                if tombstoned()? {
                    return Ok(false);
                }
                let fields = parse_fields(&c.fields)?;
                unknown = fields.iter().any(|(col, _, _)| table.column(col).is_none());
                let known: Vec<(&str, &Value)> = fields.iter().filter_map(|(col, _, v)| Some((table.column(col)?, v))).collect();
                let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
                let marks: Vec<String> = (2..=known.len() + 1).map(|i| format!("?{i}")).collect();
                let sql = if known.is_empty() {
                    format!("INSERT OR IGNORE INTO {} ({}) VALUES (?1)", table.name(), table.key())
                } else {
                    format!("INSERT OR IGNORE INTO {} ({}, {}) VALUES (?1, {})", table.name(), table.key(), names.join(", "), marks.join(", "))
                };
                let id = Value::Text(c.row_id.clone());
                let values = std::iter::once(&id).chain(known.iter().map(|(_, v)| *v));
                let inserted = self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
                if inserted == 1 && ctx.history {
                    // Updates that arrived before this insert (from another origin) win over its version 1.
                    let winners: Vec<(String, Value)> = {
                        let mut stmt = self.tx.prepare_cached(
                            "SELECT col, value FROM sync_field f WHERE tbl = ?1 AND row_id = ?2 AND NOT EXISTS (
                                 SELECT 1 FROM sync_field g WHERE g.tbl = f.tbl AND g.row_id = f.row_id AND g.col = f.col
                                 AND (g.ver > f.ver OR (g.ver = f.ver AND (g.hlc > f.hlc OR (g.hlc = f.hlc AND g.origin > f.origin)))))",
                        )?;
                        let rows = stmt.query_map([table.name(), c.row_id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
                        rows.collect::<rusqlite::Result<_>>()?
                    };
                    for (col, value) in winners {
                        if table.column(&col).is_some() {
                            self.set_column(table, &c.row_id, &col, &value)?;
                        }
                    }
                }
            }
            // A signature image is content-addressed (its id is the SHA-256 of its bytes): a row never
            // changes, so an update from a peer is ignored (an insert of a kept id already is).
            Op::Update if table == Table::SignatureImage => return Ok(false),
            Op::Update => {
                let dead = tombstoned()?;
                ctx.history = true;
                for (col, ver, value) in parse_fields(&c.fields)? {
                    self.tx
                        .prepare_cached("INSERT OR IGNORE INTO sync_field (tbl, row_id, col, ver, origin, hlc, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
                        .execute(params![table.name(), c.row_id, col, ver, c.origin, c.hlc, value])?;
                    if table.column(&col).is_none() {
                        unknown = true;
                        continue;
                    }
                    if dead {
                        continue;
                    }
                    let (wver, worigin): (i64, String) = self
                        .tx
                        .prepare_cached("SELECT ver, origin FROM sync_field WHERE tbl = ?1 AND row_id = ?2 AND col = ?3 ORDER BY ver DESC, hlc DESC, origin DESC LIMIT 1")?
                        .query_row(params![table.name(), c.row_id, col], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    if wver == ver && worigin == c.origin {
                        self.set_column(table, &c.row_id, &col, &value)?;
                    }
                }
            }
            Op::Delete => {
                ctx.tombstones = true;
                self.tx
                    .prepare_cached("INSERT OR IGNORE INTO sync_tombstone (tbl, row_id, origin, seq) VALUES (?1, ?2, ?3, ?4)")?
                    .execute(params![table.name(), c.row_id, c.origin, c.seq])?;
                self.tx.prepare_cached(&format!("DELETE FROM {} WHERE {} = ?1", table.name(), table.key()))?.execute([&c.row_id])?;
            }
        }
        Ok(unknown)
    }

    /// `col` has been checked against the table's own columns (never taken from input unchecked).
    fn set_column(&self, table: Table, id: &str, col: &str, value: &Value) -> Result<()> {
        let sql = format!("UPDATE {} SET {} = ?2 WHERE {} = ?1", table.name(), col, table.key());
        self.tx.prepare_cached(&sql)?.execute(params![id, value])?;
        Ok(())
    }

    /// Record the vector a peer sent (it tells what the peer already has).
    /// County: does a change repeat a number the county holds for a different change? Compared on
    /// what a change is (its clock stamp, row and kind), not its values: an insert's values are read
    /// from the row when sent and may have been edited since.
    fn differs_from_held(&self, c: &ChangeRecord) -> Result<bool> {
        let held: Option<(i64, String, String, i64)> = self
            .tx
            .prepare_cached(
                "SELECT hlc, tbl, row_id, op FROM sync_relay WHERE origin = ?1 AND seq = ?2
                 UNION ALL SELECT hlc, tbl, row_id, op FROM sync_proposal WHERE origin = ?1 AND seq = ?2 LIMIT 1",
            )?
            .query_row(params![c.origin, c.seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        Ok(held.is_some_and(|(hlc, tbl, row, op)| hlc != c.hlc || tbl != c.tbl || row != c.row_id || op != c.op))
    }

    pub fn record_acks(&mut self, peer: &str, vector: &[(String, i64)]) -> Result<()> {
        set_acks(&self.tx, peer, vector)
    }

    /// County: the roster changes laptops proposed, undecided first.
    pub fn decide_proposal(&mut self, origin: &str, seq: i64, accept: bool) -> Result<()> {
        let p = proposal(&self.tx, origin, seq)?.ok_or_else(|| StoreError::NotFound { what: format!("提议 {origin}/{seq}") })?;
        if p.decision.is_some() {
            return Err(StoreError::Conflict { what: format!("提议 {origin}/{seq} 已经处理过") });
        }
        let table = Table::from_name(&p.tbl).ok_or_else(|| bad(format!("未知的表 {}", p.tbl)))?;
        let fields = parse_fields(&p.fields)?;
        let known: Vec<(&'static str, Value, i64)> = fields.iter().filter_map(|(c, ver, v)| Some((table.column(c)?, v.clone(), *ver))).collect();
        let exists = self
            .tx
            .query_row(&format!("SELECT 1 FROM {} WHERE {} = ?1", table.name(), table.key()), [&p.row_id], |_| Ok(()))
            .optional()?
            .is_some();
        let op = Op::from_code(p.op).ok_or_else(|| bad("未知的操作"))?;
        match (op, accept) {
            (Op::Insert, true) if !exists => {
                let f: Vec<(&'static str, Value)> = known.iter().map(|(c, v, _)| (*c, v.clone())).collect();
                self.insert(table, &p.row_id, &f)?;
            }
            // A row keyed by a natural key (a parameter's name, a calendar date) is never deleted: a
            // delete is final everywhere, and the county could never set that key again. Rejecting it
            // writes the default back above the proposal's version instead.
            (Op::Insert, false) if !exists => match natural_default(table, &p.row_id) {
                Some(f) => {
                    let min_ver = known.iter().map(|(_, _, v)| *v).max().unwrap_or(1);
                    self.insert(table, &p.row_id, &f)?;
                    self.update_at_least(table, &p.row_id, &f, min_ver)?;
                }
                None => self.delete(table, &p.row_id)?,
            },
            (Op::Delete, _) => self.delete(table, &p.row_id)?,
            (_, _) => {
                // Write the chosen values (the proposal's, or the county's own) at a version above the
                // proposal's, so the decision wins on the laptop that proposed it.
                let min_ver = known.iter().map(|(_, _, v)| *v).max().unwrap_or(1);
                let mut f: Vec<(&'static str, Value)> = Vec::new();
                for (col, value, _) in &known {
                    let v = if accept {
                        value.clone()
                    } else {
                        self.tx.query_row(&format!("SELECT {col} FROM {} WHERE {} = ?1", table.name(), table.key()), [&p.row_id], |r| r.get(0))?
                    };
                    f.push((col, v));
                }
                if exists {
                    self.update_at_least(table, &p.row_id, &f, min_ver)?;
                }
            }
        }
        self.tx.execute(
            "UPDATE sync_proposal SET decision = ?3, decided_at = ?4 WHERE origin = ?1 AND seq = ?2",
            params![origin, seq, if accept { "accepted" } else { "rejected" }, self.at()],
        )?;
        Ok(())
    }
}

impl Writer<'_> {
    /// Apply changes outside any section (the seed rows of an enrollment file): the version vector is
    /// not moved, so the same changes arrive again with the first bundle and are recognised as had.
    pub fn apply_loose(&mut self, changes: &[ChangeRecord]) -> Result<()> {
        self.tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let mut ctx = ApplyCtx::load(&self.tx)?;
        for c in changes {
            if let Some(t) = Table::from_name(&c.tbl) {
                self.apply_change(t, c, &mut ctx)?;
            }
        }
        Ok(())
    }
}

impl Writer<'_> {
    /// Settle a conflict by choosing one of its values: it is written again as a new version of the
    /// field, which every replica receives, so the conflict shows as resolved everywhere.
    pub fn resolve_conflict(&mut self, tbl: &str, row_id: &str, col: &str, ver: i64, origin: &str) -> Result<()> {
        let table = Table::from_name(tbl).ok_or_else(|| StoreError::NotFound { what: format!("表 {tbl}") })?;
        let col: &'static str =
            table.column(col).ok_or_else(|| StoreError::NotFound { what: format!("字段 {col}") })?;
        let value: Value = self
            .tx
            .query_row(
                "SELECT value FROM sync_field WHERE tbl = ?1 AND row_id = ?2 AND col = ?3 AND ver = ?4 AND origin = ?5",
                params![tbl, row_id, col, ver, origin],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "这个冲突的取值（可能已被处理）".into() })?;
        self.update(table, row_id, &[(col, value)])
    }
}

/// The values a natural-key row has when nobody changed it: a parameter's default, a calendar day's
/// built-in arrangement (or an ordinary day). `None` for tables keyed by ids.
fn natural_default(table: Table, key: &str) -> Option<Vec<(&'static str, Value)>> {
    match table {
        Table::Parameter => {
            let def = zhucun_domain::params::param_def(key)?;
            Some(vec![("value", Value::Text(def.default.into())), ("source", Value::Text(def.source.into()))])
        }
        Table::Holiday => {
            let date = chrono::NaiveDate::parse_from_str(key, "%Y-%m-%d").ok()?;
            let (kind, name) = zhucun_domain::calendar::builtin()
                .into_iter()
                .find(|d| d.date == date)
                .map_or((zhucun_domain::calendar::DayKind::Ordinary, String::new()), |d| (d.kind, d.name));
            Some(vec![("kind", Value::Text(kind.label().into())), ("name", Value::Text(name))])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_of_a_signature_image_from_a_peer_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::Store::open(&dir.path().join("t.db")).unwrap();
        let change = |op: Op, seq: i64, fields: &str| ChangeRecord {
            origin: "peer".into(),
            seq,
            hlc: seq,
            tbl: "signature_image".into(),
            row_id: "abc".into(),
            op: op as i64,
            scope: String::new(),
            fields: fields.into(),
        };
        let insert = r#"{"household_id":[1,"h1"],"mime":[1,"image/png"],"width":[1,10],"height":[1,10],"bytes":[1,3],"data":[1,"AAAA"]}"#;
        let mut w = store.write().unwrap();
        w.apply_loose(&[change(Op::Insert, 1, insert), change(Op::Update, 2, r#"{"data":[2,"QkJC"],"width":[2,99999]}"#)]).unwrap();
        w.commit().unwrap();
        let (data, width): (String, i64) =
            store.read().query_row("SELECT data, width FROM signature_image WHERE id = 'abc'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((data.as_str(), width), ("AAAA", 10), "the kept bytes are the ones inserted");
    }
}
