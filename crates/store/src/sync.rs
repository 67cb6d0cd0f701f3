//! The database side of sync: this device's identity and keys, the version vector, what to send a
//! peer, and applying a peer's changes by the merge rules of docs/adr/0001-sync.md. Bundles, keys and
//! encryption live in the `zhucun-sync` crate; everything that touches SQL lives here.

use crate::error::{Result, StoreError};
use crate::writer::{push_json_str, push_json_value, Op, Owner, Table, Writer};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// One change as stored and as sent in a bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub origin: String,
    pub seq: i64,
    pub hlc: i64,
    pub tbl: String,
    pub row_id: String,
    pub op: i64,
    pub scope: String,
    /// JSON object {column: [version, value]}; columns this app does not know are kept as they came.
    pub fields: String,
}

/// The changes of one origin with sequence numbers `from..=to` that the receiver should have; `changes`
/// may skip some of them (rows outside the receiver's village, proposals the county holds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub origin: String,
    pub from: i64,
    pub to: i64,
    pub changes: Vec<ChangeRecord>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Laptop,
    County,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Laptop => "laptop",
            Role::County => "county",
        }
    }
    fn parse(s: &str) -> Role {
        if s == "county" {
            Role::County
        } else {
            Role::Laptop
        }
    }
}

/// This replica.
#[derive(Clone, Debug)]
pub struct Device {
    pub id: String,
    pub role: Role,
    pub next_seq: i64,
    pub hlc: i64,
    pub sign_key: Option<Vec<u8>>,
    pub age_key: Option<String>,
    pub village_id: Option<String>,
    pub team_id: Option<String>,
    pub enrollment_id: Option<String>,
    pub enrollment_token: Option<Vec<u8>>,
    pub county_id: Option<String>,
    pub server_url: Option<String>,
}

impl Device {
    /// A laptop bound to a county by an enrollment file.
    pub fn enrolled(&self) -> bool {
        self.county_id.is_some()
    }
}

pub fn device(conn: &Connection) -> Result<Device> {
    Ok(conn.query_row(
        "SELECT id, role, next_seq, hlc, sign_key, age_key, village_id, team_id, enrollment_id, enrollment_token, county_id, server_url FROM sync_device",
        [],
        |r| {
            Ok(Device {
                id: r.get(0)?,
                role: Role::parse(&r.get::<_, String>(1)?),
                next_seq: r.get(2)?,
                hlc: r.get(3)?,
                sign_key: r.get(4)?,
                age_key: r.get(5)?,
                village_id: r.get(6)?,
                team_id: r.get(7)?,
                enrollment_id: r.get(8)?,
                enrollment_token: r.get(9)?,
                county_id: r.get(10)?,
                server_url: r.get(11)?,
            })
        },
    )?)
}

/// Store this device's secret keys (made once, on first need).
pub fn set_keys(conn: &Connection, sign_key: &[u8], age_key: &str) -> Result<()> {
    conn.execute("UPDATE sync_device SET sign_key = ?1, age_key = ?2", params![sign_key, age_key])?;
    Ok(())
}

/// Make this database the county's. Refused for an enrolled laptop.
pub fn set_county_role(conn: &Connection) -> Result<()> {
    let d = device(conn)?;
    if d.enrolled() {
        return Err(StoreError::Conflict { what: "这个数据库属于已登记的村电脑，不能作为县级服务器数据库使用".into() });
    }
    conn.execute("UPDATE sync_device SET role = 'county'", [])?;
    Ok(())
}

pub fn set_server_url(conn: &Connection, url: Option<&str>) -> Result<()> {
    conn.execute("UPDATE sync_device SET server_url = ?1", [url])?;
    Ok(())
}

/// A device this replica knows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Peer {
    pub id: String,
    pub role: Role,
    pub village_id: Option<String>,
    pub sign_pk: Vec<u8>,
    pub age_recipient: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
    pub last_seen: Option<String>,
}

pub fn peer(conn: &Connection, id: &str) -> Result<Option<Peer>> {
    Ok(conn
        .query_row(
            "SELECT id, role, village_id, sign_pk, age_recipient, enrolled_at, revoked_at, last_seen FROM sync_peer WHERE id = ?1",
            [id],
            peer_from_row,
        )
        .optional()?)
}

pub fn peers(conn: &Connection) -> Result<Vec<Peer>> {
    let mut stmt = conn.prepare(
        "SELECT id, role, village_id, sign_pk, age_recipient, enrolled_at, revoked_at, last_seen FROM sync_peer ORDER BY enrolled_at, id",
    )?;
    let rows = stmt.query_map([], peer_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn peer_from_row(r: &rusqlite::Row) -> rusqlite::Result<Peer> {
    Ok(Peer {
        id: r.get(0)?,
        role: Role::parse(&r.get::<_, String>(1)?),
        village_id: r.get(2)?,
        sign_pk: r.get(3)?,
        age_recipient: r.get(4)?,
        enrolled_at: r.get(5)?,
        revoked_at: r.get(6)?,
        last_seen: r.get(7)?,
    })
}

pub fn add_peer(conn: &Connection, p: &Peer) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_peer (id, role, village_id, sign_pk, age_recipient, enrolled_at, revoked_at, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL)
         ON CONFLICT (id) DO UPDATE SET role = excluded.role, village_id = excluded.village_id, sign_pk = excluded.sign_pk,
             age_recipient = excluded.age_recipient",
        params![p.id, p.role.as_str(), p.village_id, p.sign_pk, p.age_recipient, p.enrolled_at],
    )?;
    Ok(())
}

pub fn revoke_peer(conn: &Connection, id: &str, at: &str) -> Result<bool> {
    Ok(conn.execute("UPDATE sync_peer SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", params![id, at])? > 0)
}

pub fn touch_peer(conn: &Connection, id: &str, at: &str) -> Result<()> {
    conn.execute("UPDATE sync_peer SET last_seen = ?2 WHERE id = ?1", params![id, at])?;
    Ok(())
}

/// Bind this laptop to the county (from an enrollment file).
pub fn bind_to_county(conn: &Connection, county: &Peer, village_id: &str, team_id: &str, enrollment_id: &str, token: &[u8], server_url: Option<&str>) -> Result<()> {
    add_peer(conn, county)?;
    conn.execute(
        "UPDATE sync_device SET county_id = ?1, village_id = ?2, team_id = ?3, enrollment_id = ?4, enrollment_token = ?5,
             server_url = coalesce(?6, server_url)",
        params![county.id, village_id, team_id, enrollment_id, token, server_url],
    )?;
    Ok(())
}

/// An enrollment handed out by the county.
#[derive(Clone, Debug)]
pub struct Enrollment {
    pub id: String,
    pub village_id: String,
    pub team_id: String,
    pub token_hash: Vec<u8>,
    pub device_id: Option<String>,
}

pub fn add_enrollment(conn: &Connection, e: &Enrollment, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_enrollment (id, village_id, team_id, token_hash, created_at, device_id) VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
        params![e.id, e.village_id, e.team_id, e.token_hash, at],
    )?;
    Ok(())
}

pub fn enrollment(conn: &Connection, id: &str) -> Result<Option<Enrollment>> {
    Ok(conn
        .query_row("SELECT id, village_id, team_id, token_hash, device_id FROM sync_enrollment WHERE id = ?1", [id], |r| {
            Ok(Enrollment { id: r.get(0)?, village_id: r.get(1)?, team_id: r.get(2)?, token_hash: r.get(3)?, device_id: r.get(4)? })
        })
        .optional()?)
}

pub fn use_enrollment(conn: &Connection, id: &str, device_id: &str) -> Result<()> {
    conn.execute("UPDATE sync_enrollment SET device_id = ?2 WHERE id = ?1", params![id, device_id])?;
    Ok(())
}

/// What this replica has, per origin: its own changes and every contiguous run it has received.
pub fn vector(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let d = device(conn)?;
    let mut v = vec![(d.id.clone(), d.next_seq - 1)];
    let mut stmt = conn.prepare("SELECT origin, upto FROM sync_received WHERE origin <> ?1 ORDER BY origin")?;
    for row in stmt.query_map([&d.id], |r| Ok((r.get(0)?, r.get(1)?)))? {
        v.push(row?);
    }
    Ok(v)
}

pub fn received(conn: &Connection, origin: &str) -> Result<i64> {
    Ok(conn.query_row("SELECT upto FROM sync_received WHERE origin = ?1", [origin], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// What `peer` has confirmed having of `origin`'s changes.
pub fn ack(conn: &Connection, peer: &str, origin: &str) -> Result<i64> {
    Ok(conn.query_row("SELECT upto FROM sync_ack WHERE peer = ?1 AND origin = ?2", [peer, origin], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// Record a peer's vector (acknowledgements only move forward).
pub fn set_acks(conn: &Connection, peer: &str, vector: &[(String, i64)]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sync_ack (peer, origin, upto) VALUES (?1, ?2, ?3)
         ON CONFLICT (peer, origin) DO UPDATE SET upto = max(upto, excluded.upto)",
    )?;
    for (origin, upto) in vector {
        stmt.execute(params![peer, origin, upto])?;
    }
    Ok(())
}

fn changes_between(conn: &Connection, origin: &str, from: i64, to: i64, village: Option<&str>) -> Result<Vec<ChangeRecord>> {
    let own = device(conn)?.id == origin;
    let sql = if own {
        "SELECT ?1, seq, hlc, tbl, row_id, op, scope, fields FROM sync_change
         WHERE seq >= ?2 AND seq <= ?3 AND (?4 IS NULL OR scope = '' OR scope = ?4) ORDER BY seq"
    } else {
        "SELECT origin, seq, hlc, tbl, row_id, op, scope, fields FROM sync_relay
         WHERE origin = ?1 AND seq >= ?2 AND seq <= ?3 AND (?4 IS NULL OR scope = '' OR scope = ?4) ORDER BY seq"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows: Vec<ChangeRecord> = stmt.query_map(params![origin, from, to, village], change_from_row)?.collect::<rusqlite::Result<_>>()?;
    fill_inserts(conn, rows)
}

/// Own inserts are logged without values (the row holds them): read them now. An insert whose row has
/// since been deleted is left out — its delete follows in the log, and the receiver records the tombstone.
fn fill_inserts(conn: &Connection, rows: Vec<ChangeRecord>) -> Result<Vec<ChangeRecord>> {
    let mut out = Vec::with_capacity(rows.len());
    for mut c in rows {
        if c.op == Op::Insert as i64 && c.fields.is_empty() {
            let Some(table) = Table::from_name(&c.tbl) else { continue };
            match row_fields(conn, table, &c.row_id)? {
                Some(f) => c.fields = f,
                None => continue,
            }
        }
        out.push(c);
    }
    Ok(out)
}

/// A row's values as version-1 fields, `{column: [1, value]}` in the table's column order.
fn row_fields(conn: &Connection, table: Table, id: &str) -> Result<Option<String>> {
    let cols = table.columns();
    let sql = format!("SELECT {} FROM {} WHERE {} = ?1", cols.join(", "), table.name(), table.key());
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else { return Ok(None) };
    let mut json = String::from("{");
    for (i, col) in cols.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        push_json_str(&mut json, col);
        json.push_str(":[1,");
        let v: Value = r.get(i)?;
        push_json_value(&mut json, &v);
        json.push(']');
    }
    json.push('}');
    Ok(Some(json))
}

/// A change row selected as `origin, seq, hlc, tbl, row_id, op, scope, fields`.
fn change_from_row(r: &rusqlite::Row) -> rusqlite::Result<ChangeRecord> {
    Ok(ChangeRecord {
        origin: r.get(0)?,
        seq: r.get(1)?,
        hlc: r.get(2)?,
        tbl: r.get(3)?,
        row_id: r.get(4)?,
        op: r.get(5)?,
        scope: r.get(6)?,
        fields: r.get(7)?,
    })
}

/// Everything `peer` has not acknowledged. A laptop sends its own changes to the county; the county
/// sends a laptop its own changes and those of the other laptops, limited to the laptop's village and
/// county-wide rows.
pub fn sections_for(conn: &Connection, peer: &Peer) -> Result<Vec<Section>> {
    let me = device(conn)?;
    let mut sections = Vec::new();
    let mut push = |origin: &str, to: i64, village: Option<&str>| -> Result<()> {
        let from = ack(conn, &peer.id, origin)? + 1;
        if from <= to {
            let changes = changes_between(conn, origin, from, to, village)?;
            sections.push(Section { origin: origin.to_string(), from, to, changes });
        }
        Ok(())
    };
    match me.role {
        Role::Laptop => push(&me.id, me.next_seq - 1, None)?,
        Role::County => {
            let village = peer.village_id.clone().unwrap_or_default();
            push(&me.id, me.next_seq - 1, Some(&village))?;
            let others: Vec<(String, i64)> = {
                let mut stmt = conn.prepare("SELECT origin, upto FROM sync_received WHERE origin <> ?1 AND origin <> ?2 ORDER BY origin")?;
                let rows = stmt.query_map([&me.id, &peer.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (origin, upto) in others {
                push(&origin, upto, Some(&village))?;
            }
        }
    }
    Ok(sections)
}

/// Changes of this device not yet acknowledged by the county.
pub fn pending(conn: &Connection) -> Result<i64> {
    let d = device(conn)?;
    let acked = match &d.county_id {
        Some(c) => ack(conn, c, &d.id)?,
        None => 0,
    };
    Ok((d.next_seq - 1 - acked).max(0))
}

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

/// Column names of a table as this app's schema has them.
struct Columns;

impl Columns {
    fn load(_conn: &Connection) -> Result<Columns> {
        Ok(Columns)
    }
    fn has(&self, t: Table, col: &str) -> bool {
        t.columns().contains(&col)
    }
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

/// What an apply knows once: which columns exist, whether any tombstone or field history exists yet
/// (a first download has neither, and then skips two lookups per row).
struct ApplyCtx {
    cols: Columns,
    tombstones: bool,
    history: bool,
}

impl ApplyCtx {
    fn load(conn: &Connection) -> Result<ApplyCtx> {
        Ok(ApplyCtx {
            cols: Columns::load(conn)?,
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
        let cols = &ctx.cols;
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
                unknown = fields.iter().any(|(col, _, _)| !cols.has(table, col));
                let known: Vec<(&str, &Value)> = fields.iter().filter(|(col, _, _)| cols.has(table, col)).map(|(col, _, v)| (col.as_str(), v)).collect();
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
                        if cols.has(table, &col) {
                            self.set_column(table, &c.row_id, &col, &value)?;
                        }
                    }
                }
            }
            Op::Update => {
                let dead = tombstoned()?;
                ctx.history = true;
                for (col, ver, value) in parse_fields(&c.fields)? {
                    self.tx
                        .prepare_cached("INSERT OR IGNORE INTO sync_field (tbl, row_id, col, ver, origin, hlc, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
                        .execute(params![table.name(), c.row_id, col, ver, c.origin, c.hlc, value])?;
                    if !cols.has(table, &col) {
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
        let cols = Columns::load(&self.tx)?;
        let known: Vec<(&'static str, Value, i64)> = fields
            .iter()
            .filter(|(c, _, _)| cols.has(table, c))
            .filter_map(|(c, ver, v)| static_col(&cols, table, c).map(|c| (c, v.clone(), *ver)))
            .collect();
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
            (Op::Insert, false) if !exists => self.delete(table, &p.row_id)?,
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

/// The `'static` name of a column of one of our tables (the Writer takes `&'static str` columns).
fn static_col(_cols: &Columns, table: Table, col: &str) -> Option<&'static str> {
    table.columns().iter().find(|c| **c == col).copied()
}

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
        Some(Table::Team) | None => return Ok(None),
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

pub fn add_event(conn: &Connection, e: &SyncEvent) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_event (at, kind, peer, file, ok, changes, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![e.at, e.kind, e.peer, e.file, e.ok, e.changes, e.message],
    )?;
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

/// County: its own changes of some rows (the division chain and team an enrollment file carries).
pub fn changes_of_rows(conn: &Connection, origin: &str, rows: &[(&str, &str)]) -> Result<Vec<ChangeRecord>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT ?1, seq, hlc, tbl, row_id, op, scope, fields FROM sync_change WHERE tbl = ?2 AND row_id = ?3 ORDER BY seq",
    )?;
    for (tbl, id) in rows {
        let rs = stmt.query_map(params![origin, tbl, id], change_from_row)?;
        for r in rs {
            out.push(r?);
        }
    }
    out.sort_by_key(|c| c.seq);
    fill_inserts(conn, out)
}

/// How many changes this device has written itself.
pub fn own_changes(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT next_seq - 1 FROM sync_device", [], |r| r.get(0))?)
}

/// The name of a division.
pub fn division_name(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT name FROM division WHERE id = ?1", [id], |r| r.get(0)).optional()?)
}

/// A village by id or name: (id, name).
pub fn find_village(conn: &Connection, village: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, name FROM division WHERE level = '村' AND (id = ?1 OR name = ?1) ORDER BY id = ?1 DESC LIMIT 1",
            [village],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// A division and its ancestors up to the county.
pub fn division_chain(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = Some(id.to_string());
    while let Some(id) = cur {
        if out.contains(&id) {
            break;
        }
        let parent: Option<Option<String>> = conn.query_row("SELECT parent_id FROM division WHERE id = ?1", [&id], |r| r.get(0)).optional()?;
        out.push(id);
        cur = parent.flatten();
    }
    Ok(out)
}

impl Writer<'_> {
    /// Settle a conflict by choosing one of its values: it is written again as a new version of the
    /// field, which every replica receives, so the conflict shows as resolved everywhere.
    pub fn resolve_conflict(&mut self, tbl: &str, row_id: &str, col: &str, ver: i64, origin: &str) -> Result<()> {
        let table = Table::from_name(tbl).ok_or_else(|| StoreError::NotFound { what: format!("表 {tbl}") })?;
        let col: &'static str =
            table.columns().iter().find(|c| **c == col).copied().ok_or_else(|| StoreError::NotFound { what: format!("字段 {col}") })?;
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
