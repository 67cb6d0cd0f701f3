-- The team's own records: daily work logs, leave, meetings; and the county's edits of the holiday
-- calendar. No foreign keys here: these rows come from several laptops and may arrive in any order
-- (or after their member was removed); the rules ignore a record whose member or team is unknown.
-- No CHECK on the wording either: a newer app's value must not make a bundle unreadable; the domain
-- validates what this app writes.

-- One log per member and day. Two laptops may each start the same member's day before they sync; both
-- rows then reach every replica and the newest id (UUIDv7) is the day's log everywhere.
CREATE TABLE work_log (
    id         TEXT PRIMARY KEY NOT NULL,
    member_id  TEXT NOT NULL,
    date       TEXT NOT NULL,
    status     TEXT NOT NULL,
    night      INTEGER NOT NULL DEFAULT 0,
    content    TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX work_log_member_date ON work_log(member_id, date);
CREATE INDEX work_log_date ON work_log(date);

CREATE TABLE leave_request (
    id             TEXT PRIMARY KEY NOT NULL,
    member_id      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    from_date      TEXT NOT NULL,
    from_half      TEXT NOT NULL,
    to_date        TEXT NOT NULL,
    to_half        TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    requested_on   TEXT NOT NULL,
    approval_level TEXT NOT NULL,
    approved_by    TEXT,
    approved_on    TEXT,
    returned_on    TEXT,
    cancelled_on   TEXT
) STRICT;
CREATE INDEX leave_request_member ON leave_request(member_id, from_date);

CREATE TABLE meeting (
    id        TEXT PRIMARY KEY NOT NULL,
    team_id   TEXT NOT NULL,
    kind      TEXT NOT NULL,
    date      TEXT NOT NULL,
    topic     TEXT NOT NULL,
    host_id   TEXT,
    attendees TEXT NOT NULL DEFAULT '[]',
    minutes   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX meeting_team_date ON meeting(team_id, date);

-- Overrides of the built-in holiday calendar: 休 holiday, 班 make-up working day, 常 ordinary day.
-- Rows are never deleted (a delete is final across sync); "back to the built-in" is an update.
CREATE TABLE holiday (
    date TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT ''
) STRICT;

-- A log's `updated_at` is bookkeeping: two laptops editing different fields of one log both stamp it,
-- and that must not ask anyone to choose between two times. The newest stamp simply wins.
DROP VIEW sync_conflict;
CREATE VIEW sync_conflict AS
SELECT f.tbl, f.row_id, f.col, f.ver,
       (SELECT max(g.ver) FROM sync_field g WHERE g.tbl = f.tbl AND g.row_id = f.row_id AND g.col = f.col) > f.ver AS resolved
FROM sync_field f
WHERE NOT (f.tbl = 'work_log' AND f.col = 'updated_at')
GROUP BY f.tbl, f.row_id, f.col, f.ver
HAVING count(DISTINCT f.origin) > 1 AND count(DISTINCT quote(f.value)) > 1;
