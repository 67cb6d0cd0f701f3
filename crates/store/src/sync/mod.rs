//! The database side of sync: this device's identity and keys, peers and enrollments, the version
//! vector, and what to send a peer. Applying a peer's changes by the merge rules of
//! docs/adr/0001-sync.md is in `apply`; what sync shows people (proposals, conflicts, the history of
//! bundles) is in `history`. Bundles, keys and encryption live in the `zhucun-sync` crate; everything
//! of sync that touches SQL lives here.

mod apply;
mod fork;
mod history;

pub use apply::ApplyStats;
pub use fork::{ancestors, record_fork, Fork, ForkReason};
pub use history::*;

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

/// `own`: the origin is this device (its changes are in `sync_change`, others' in `sync_relay`).
fn changes_between(conn: &Connection, own: bool, origin: &str, from: i64, to: i64, village: Option<&str>) -> Result<Vec<ChangeRecord>> {
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
            let changes = changes_between(conn, origin == me.id, origin, from, to, village)?;
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

/// County: has this laptop identity sent other content under numbers already held (a copy of its
/// database in use elsewhere)?
pub fn peer_diverged(conn: &Connection, id: &str) -> Result<bool> {
    let at: Option<Option<String>> = conn.query_row("SELECT diverged_at FROM sync_peer WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    Ok(at.flatten().is_some())
}

/// County: a revoked peer holding this signature key (forked ids of one laptop share their keys).
pub fn revoked_with_key(conn: &Connection, sign_pk: &[u8]) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT id FROM sync_peer WHERE sign_pk = ?1 AND revoked_at IS NOT NULL LIMIT 1", [sign_pk], |r| r.get(0))
        .optional()?)
}

/// County: the newest change it holds of a laptop identity, (seq, hlc), from its relay or its
/// proposals; `None` when it holds none.
pub fn held_tip(conn: &Connection, origin: &str) -> Result<Option<(i64, i64)>> {
    let upto = received(conn, origin)?;
    if upto <= 0 {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT seq, hlc FROM (SELECT seq, hlc FROM sync_relay WHERE origin = ?1 AND seq <= ?2
                                   UNION ALL SELECT seq, hlc FROM sync_proposal WHERE origin = ?1 AND seq <= ?2)
             ORDER BY seq DESC LIMIT 1",
            params![origin, upto],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// County: mark (or clear, after a bundle that applied) a laptop identity as diverged.
pub fn set_peer_diverged(conn: &Connection, id: &str, at: Option<&str>) -> Result<()> {
    conn.execute("UPDATE sync_peer SET diverged_at = ?2 WHERE id = ?1", params![id, at])?;
    Ok(())
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

/// The most encoded change payload one bundle carries (before compression and encryption): 24 MiB.
/// A bundle is refused over 32 MiB (`zhucun_sync::bundle::MAX_BUNDLE`); base64 photos barely compress,
/// so the budget is counted on the raw text with its framing, leaving 8 MiB for the header, the CBOR
/// framing and the age overhead.
pub const BUNDLE_BUDGET: u64 = 24 << 20;

/// What one change costs in a bundle body, counted high: its texts plus 48 bytes for the CBOR array,
/// the two integers, the op and the text headers.
pub fn change_size(c: &ChangeRecord) -> u64 {
    (c.tbl.len() + c.row_id.len() + c.scope.len() + c.fields.len()) as u64 + 48
}

/// Split what a peer should get into successive bundles of at most `budget` bytes of changes each
/// ([`change_size`]). Nothing is skipped and the receiver's position stays contiguous:
/// - each origin's changes go in sequence order, and a section is cut after a change it carries: its
///   `to` becomes that change's number, and the next bundle's section of that origin starts right after;
/// - origins are interleaved by clock stamp (a change written after another was seen has a later stamp),
///   so a change never goes ahead of one of another origin it may rest on (a visit of a household
///   another laptop added);
/// - a run of changes of one origin with the same stamp (one transaction) stays in one bundle when it
///   fits in an empty one; a single change larger than the budget goes alone.
///
/// Sections with no changes for this peer (all outside its village) go whole in the first bundle.
/// The first bundle is what to send now; an empty list means nothing to send.
pub fn split_sections(sections: Vec<Section>, budget: u64) -> Vec<Vec<Section>> {
    let mut queues: Vec<(Section, std::collections::VecDeque<ChangeRecord>)> = sections
        .into_iter()
        .map(|mut s| {
            let q = std::mem::take(&mut s.changes).into();
            (s, q)
        })
        .collect();
    let mut bundles: Vec<Vec<Section>> = Vec::new();
    // Per origin (index in `queues`): the next sequence number not yet sent.
    let mut next_from: Vec<i64> = queues.iter().map(|(s, _)| s.from).collect();
    let mut first = true;
    loop {
        let mut out: Vec<Option<Section>> = vec![None; queues.len()];
        let mut used = 0u64;
        // The origin whose next change is oldest (ties: the order the sections came in).
        while let Some(i) = (0..queues.len()).filter(|&i| !queues[i].1.is_empty()).min_by_key(|&i| queues[i].1[0].hlc) {
            let hlc = queues[i].1[0].hlc;
            let run: Vec<u64> = queues[i].1.iter().take_while(|c| c.hlc == hlc).map(change_size).collect();
            let run_size: u64 = run.iter().sum();
            let take = if used + run_size <= budget {
                run.len()
            } else if used == 0 {
                // A transaction larger than a whole bundle: as many of its changes as fit, at least one.
                let mut n = 0;
                let mut s = 0;
                while n < run.len() && (n == 0 || s + run[n] <= budget) {
                    s += run[n];
                    n += 1;
                }
                n
            } else {
                break;
            };
            let sec = out[i].get_or_insert_with(|| Section { origin: queues[i].0.origin.clone(), from: next_from[i], to: 0, changes: Vec::new() });
            used += run[..take].iter().sum::<u64>();
            sec.changes.extend(queues[i].1.drain(..take));
            let last = sec.changes.last().map_or(next_from[i] - 1, |c| c.seq);
            // The whole rest of the origin's range when nothing more of it is for this peer.
            sec.to = if queues[i].1.is_empty() { queues[i].0.to } else { last };
            next_from[i] = sec.to + 1;
        }
        let mut chunk: Vec<Section> = Vec::new();
        for (i, s) in out.into_iter().enumerate() {
            match s {
                Some(s) => chunk.push(s),
                // Sections with nothing for this peer go whole with the first bundle.
                None if first && queues[i].1.is_empty() && next_from[i] <= queues[i].0.to => {
                    chunk.push(Section { origin: queues[i].0.origin.clone(), from: next_from[i], to: queues[i].0.to, changes: Vec::new() });
                    next_from[i] = queues[i].0.to + 1;
                }
                None => {}
            }
        }
        first = false;
        if chunk.is_empty() {
            break;
        }
        bundles.push(chunk);
    }
    bundles
}

#[cfg(test)]
mod split_tests {
    use super::*;

    fn ch(origin: &str, seq: i64, hlc: i64, len: usize) -> ChangeRecord {
        ChangeRecord { origin: origin.into(), seq, hlc, tbl: "t".into(), row_id: format!("{origin}{seq}"), op: 1, scope: String::new(), fields: "x".repeat(len) }
    }

    fn sec(origin: &str, from: i64, to: i64, changes: Vec<ChangeRecord>) -> Section {
        Section { origin: origin.into(), from, to, changes }
    }

    /// Every origin's sections chain without a hole from its first `from` to its last `to`, and every
    /// change is sent exactly once, inside its section's range.
    fn check_contiguous(input: &[Section], bundles: &[Vec<Section>]) {
        for s in input {
            let mut next = s.from;
            let mut sent = Vec::new();
            for b in bundles {
                for o in b.iter().filter(|o| o.origin == s.origin) {
                    assert_eq!(o.from, next, "{} continues where it stopped", s.origin);
                    assert!(o.to >= o.from);
                    assert!(o.changes.iter().all(|c| c.seq >= o.from && c.seq <= o.to));
                    sent.extend(o.changes.iter().map(|c| c.seq));
                    next = o.to + 1;
                }
            }
            assert_eq!(next, s.to + 1, "{} ends at its end", s.origin);
            assert_eq!(sent, s.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), "{}: all, once, in order", s.origin);
        }
    }

    #[test]
    fn a_cut_keeps_every_origin_contiguous_and_never_sends_a_change_ahead_of_an_older_one() {
        // County changes at stamps 1, 5, 9; a laptop's at 2..8 resting on the county's; a third
        // origin with nothing for this peer (skipped seqs 1..=4).
        let county = sec("c", 3, 12, vec![ch("c", 3, 1, 100), ch("c", 7, 5, 100), ch("c", 12, 9, 100)]);
        let laptop = sec("l", 1, 6, (1..=6).map(|i| ch("l", i, i + 1, 100)).collect());
        let empty = sec("z", 1, 4, vec![]);
        let input = vec![county, laptop, empty];
        let per = change_size(&ch("c", 3, 1, 100));
        // Room for three changes (row ids differ by a byte).
        let budget = 3 * per + 8;
        let bundles = split_sections(input.clone(), budget);
        check_contiguous(&input, &bundles);
        assert!(bundles.iter().all(|b| b.iter().map(|s| s.changes.iter().map(change_size).sum::<u64>()).sum::<u64>() <= budget));
        // Stamp order across origins: c@1, l@2, l@3 | l@4, c@5, l@5 | l@6, l@7, c@9.
        let order: Vec<Vec<(String, i64)>> =
            bundles.iter().map(|b| b.iter().flat_map(|s| s.changes.iter().map(|c| (c.origin.clone(), c.hlc))).collect()).collect();
        for w in bundles.windows(2) {
            let last = w[0].iter().flat_map(|s| s.changes.iter().map(|c| c.hlc)).max().unwrap();
            let next = w[1].iter().flat_map(|s| s.changes.iter().map(|c| c.hlc)).min().unwrap();
            assert!(last <= next, "a later bundle never holds an older change: {order:?}");
        }
        assert_eq!(bundles.len(), 3);
        assert!(bundles[0].iter().any(|s| s.origin == "z" && s.changes.is_empty() && s.to == 4), "the empty range goes first");
        // The county's section was cut after seq 3: the next starts at 4, not at 7.
        let c2 = bundles[1].iter().find(|s| s.origin == "c").unwrap();
        assert_eq!(c2.from, 4);
    }

    #[test]
    fn a_transaction_stays_whole_when_it_fits_and_an_oversized_change_goes_alone() {
        // One transaction (one stamp) of three, then a change larger than the budget, then two small.
        let mut changes = vec![ch("l", 1, 1, 100), ch("l", 2, 1, 100), ch("l", 3, 1, 100)];
        changes.push(ch("l", 4, 2, 10_000));
        changes.push(ch("l", 5, 3, 100));
        changes.push(ch("l", 6, 4, 100));
        let input = vec![sec("l", 1, 6, changes)];
        let per = change_size(&ch("l", 1, 1, 100));
        let bundles = split_sections(input.clone(), 4 * per);
        check_contiguous(&input, &bundles);
        let counts: Vec<usize> = bundles.iter().map(|b| b.iter().map(|s| s.changes.len()).sum()).collect();
        assert_eq!(counts, vec![3, 1, 2], "the transaction whole (not topped up with seq 4), 4 alone, then the rest");
        // A transaction larger than the budget is cut inside, in order, at least one change a bundle.
        let big = vec![sec("l", 1, 5, (1..=5).map(|i| ch("l", i, 7, 100)).collect())];
        let bundles = split_sections(big.clone(), 2 * per);
        check_contiguous(&big, &bundles);
        assert_eq!(bundles.len(), 3);
        assert!(split_sections(Vec::new(), per).is_empty());
        assert_eq!(split_sections(vec![sec("l", 1, 2, vec![])], per).len(), 1, "an empty range still moves the receiver on");
    }
}
