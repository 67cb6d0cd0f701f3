-- 0003: sync. Append-only: never edit a released migration; add the next file instead.
--
-- The change log becomes the sync log: every edit is kept with its origin device, a per-origin
-- sequence number, a hybrid logical clock stamp, the village it belongs to (scope) and the values it
-- wrote with a version per field. See docs/adr/0001-sync.md.

-- This replica: one row. Keys are made on first need (sync, enrollment), not here.
CREATE TABLE sync_device (
    one              INTEGER PRIMARY KEY NOT NULL CHECK (one = 1),
    id               TEXT NOT NULL,
    role             TEXT NOT NULL DEFAULT 'laptop' CHECK (role IN ('laptop', 'county')),
    next_seq         INTEGER NOT NULL DEFAULT 1,
    hlc              INTEGER NOT NULL DEFAULT 0,
    sign_key         BLOB,
    age_key          TEXT,
    village_id       TEXT,
    team_id          TEXT,
    enrollment_id    TEXT,
    enrollment_token BLOB,
    county_id        TEXT,
    server_url       TEXT,
    created_at       TEXT NOT NULL
) STRICT;
INSERT INTO sync_device (one, id, created_at)
VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Devices this replica knows: on a laptop, the county; at the county, every enrolled laptop.
CREATE TABLE sync_peer (
    id            TEXT PRIMARY KEY NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('laptop', 'county')),
    village_id    TEXT,
    sign_pk       BLOB NOT NULL,
    age_recipient TEXT NOT NULL,
    enrolled_at   TEXT NOT NULL,
    revoked_at    TEXT,
    last_seen     TEXT
) STRICT;

-- County only: enrollment files handed out, each usable by one laptop.
CREATE TABLE sync_enrollment (
    id         TEXT PRIMARY KEY NOT NULL,
    village_id TEXT NOT NULL,
    team_id    TEXT NOT NULL,
    token_hash BLOB NOT NULL,
    created_at TEXT NOT NULL,
    device_id  TEXT
) STRICT;

-- The version vector: per origin, every sequence number up to `upto` has been received.
CREATE TABLE sync_received (
    origin TEXT PRIMARY KEY NOT NULL,
    upto   INTEGER NOT NULL
) STRICT;

-- What a peer has confirmed having, per origin (from the vector in its last bundle).
CREATE TABLE sync_ack (
    peer   TEXT NOT NULL,
    origin TEXT NOT NULL,
    upto   INTEGER NOT NULL,
    PRIMARY KEY (peer, origin)
) STRICT, WITHOUT ROWID;

-- This device's own changes, in the order made: the sequence number is the rowid, so logging an edit
-- is an append. op: 1 insert, 2 update, 3 delete. fields: JSON object {column: [version, value]};
-- empty for an insert, whose values are the row's and are read from it when the change is sent (so an
-- import writes each value once).
CREATE TABLE sync_change (
    seq    INTEGER PRIMARY KEY,
    hlc    INTEGER NOT NULL,
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op     INTEGER NOT NULL CHECK (op IN (1, 2, 3)),
    scope  TEXT NOT NULL,
    fields TEXT NOT NULL
) STRICT;

-- Other devices' changes kept as they came: at the county every team change (to relay it to the
-- village's other laptops); anywhere, changes naming tables or columns of a newer app.
CREATE TABLE sync_relay (
    origin TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op     INTEGER NOT NULL CHECK (op IN (1, 2, 3)),
    scope  TEXT NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (origin, seq)
) STRICT, WITHOUT ROWID;

-- Every version of every field written by an update (an insert writes version 1 of each field and is
-- not repeated here). The winner of a field is its greatest (ver, hlc, origin).
CREATE TABLE sync_field (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    col    TEXT NOT NULL,
    ver    INTEGER NOT NULL,
    origin TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    value  ANY,
    PRIMARY KEY (tbl, row_id, col, ver, origin)
) STRICT, WITHOUT ROWID;

-- Two versions of one field with the same number from different devices and different values were
-- made without seeing each other: a conflict. Derived, so every replica with the same changes lists
-- the same conflicts. Open while no later version of the field exists.
CREATE VIEW sync_conflict AS
SELECT f.tbl, f.row_id, f.col, f.ver,
       (SELECT max(g.ver) FROM sync_field g WHERE g.tbl = f.tbl AND g.row_id = f.row_id AND g.col = f.col) > f.ver AS resolved
FROM sync_field f
GROUP BY f.tbl, f.row_id, f.col, f.ver
HAVING count(DISTINCT f.origin) > 1 AND count(DISTINCT quote(f.value)) > 1;

-- Deleted rows stay deleted whatever arrives later.
CREATE TABLE sync_tombstone (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;

-- County only: changes a laptop made to county-owned data, held until county staff decide.
CREATE TABLE sync_proposal (
    origin      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         INTEGER NOT NULL,
    tbl         TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    op          INTEGER NOT NULL,
    fields      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    decision    TEXT CHECK (decision IN ('accepted', 'rejected')),
    decided_at  TEXT,
    PRIMARY KEY (origin, seq)
) STRICT;

-- Bundles written, read and refused: what the 同步 page and `sync status` show.
CREATE TABLE sync_event (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    kind    TEXT NOT NULL,
    peer    TEXT,
    file    TEXT,
    ok      INTEGER NOT NULL,
    changes INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL
) STRICT;

-- Rows written before sync existed become this device's first changes, parents first.
UPDATE sync_device SET hlc = CAST(unixepoch('subsec') * 1000 AS INTEGER) << 16;
INSERT INTO sync_change (seq, hlc, tbl, row_id, op, scope, fields)
SELECT row_number() OVER (ORDER BY k, sub, rid), (SELECT hlc FROM sync_device), tbl, rid, 1, scope, fields
FROM (
    SELECT 1 AS k, CASE level WHEN '县' THEN 0 WHEN '乡镇' THEN 1 WHEN '村' THEN 2 ELSE 3 END AS sub, 'division' AS tbl, id AS rid,
           CASE level WHEN '村' THEN id WHEN '组' THEN parent_id ELSE '' END AS scope,
           json_object('level', json_array(1, level), 'parent_id', json_array(1, parent_id), 'name', json_array(1, name),
                       'code', json_array(1, code), 'village_kind', json_array(1, village_kind)) AS fields
    FROM division
    UNION ALL
    SELECT 2, 0, 'cadre', id, '', json_object('name', json_array(1, name), 'unit', json_array(1, unit), 'phone', json_array(1, phone)) FROM cadre
    UNION ALL
    SELECT 3, 0, 'team', id, village_id, json_object('village_id', json_array(1, village_id), 'backing_units', json_array(1, backing_units)) FROM team
    UNION ALL
    SELECT 4, 0, 'team_member', m.id, ifnull((SELECT t.village_id FROM team t WHERE t.id = m.team_id), ''),
           json_object('team_id', json_array(1, team_id), 'cadre_id', json_array(1, cadre_id), 'role', json_array(1, role),
                       'from_date', json_array(1, from_date), 'to_date', json_array(1, to_date))
    FROM team_member m
    UNION ALL
    SELECT 5, 0, 'household', id, village_id,
           json_object('number', json_array(1, number), 'village_id', json_array(1, village_id), 'group_id', json_array(1, group_id),
                       'category', json_array(1, category), 'monitor_category', json_array(1, monitor_category),
                       'identified_on', json_array(1, identified_on), 'risk_status', json_array(1, risk_status),
                       'eliminated_on', json_array(1, eliminated_on), 'elimination_method', json_array(1, elimination_method),
                       'risk_types', json_array(1, risk_types), 'away', json_array(1, away), 'away_since', json_array(1, away_since),
                       'no_labour', json_array(1, no_labour), 'phone', json_array(1, phone), 'address', json_array(1, address))
    FROM household
    UNION ALL
    SELECT 6, 0, 'person', p.id, ifnull((SELECT h.village_id FROM household h WHERE h.id = p.household_id), ''),
           json_object('household_id', json_array(1, household_id), 'ord', json_array(1, ord), 'name', json_array(1, name),
                       'id_number', json_array(1, id_number), 'disability', json_array(1, disability), 'sex', json_array(1, sex),
                       'birth_date', json_array(1, birth_date), 'relation', json_array(1, relation), 'labour', json_array(1, labour),
                       'health', json_array(1, health), 'schooling', json_array(1, schooling), 'employment', json_array(1, employment),
                       'left_on', json_array(1, left_on))
    FROM person p
    UNION ALL
    SELECT 7, 0, 'pairing', p.id, ifnull((SELECT h.village_id FROM household h WHERE h.id = p.household_id), ''),
           json_object('household_id', json_array(1, household_id), 'cadre_id', json_array(1, cadre_id),
                       'start_date', json_array(1, start_date), 'end_date', json_array(1, end_date))
    FROM pairing p
    UNION ALL
    SELECT 8, 0, 'parameter', key, '', json_object('value', json_array(1, value), 'source', json_array(1, source)) FROM parameter
);
UPDATE sync_device SET next_seq = (SELECT count(*) + 1 FROM sync_change);

DROP TABLE change_log;
