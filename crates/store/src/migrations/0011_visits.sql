-- 0011: 走访 and 问题台账 (rules V1–V4, L1). Team records, synced like the work logs: no foreign keys
-- (rows from several laptops arrive in any order) and no CHECK on wording (a newer app's value must not
-- make a bundle unreadable; the domain validates what this app writes).

-- One visit to one household. `members`: JSON array of visiting team members' ids; `cadre_id`: the
-- household's pairing cadre when they visited too. `checks`: JSON array of {item, state, note}.
-- A visit is never deleted: 删除 sets `voided_on` and writes a correction with what it held.
CREATE TABLE visit (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL,
    date         TEXT NOT NULL,
    mode         TEXT NOT NULL,
    members      TEXT NOT NULL DEFAULT '[]',
    cadre_id     TEXT,
    met          TEXT NOT NULL DEFAULT '',
    checks       TEXT NOT NULL DEFAULT '[]',
    policies     TEXT NOT NULL DEFAULT '',
    requests     TEXT NOT NULL DEFAULT '',
    content      TEXT NOT NULL DEFAULT '',
    next_step    TEXT NOT NULL DEFAULT '',
    created_at   TEXT,
    voided_on    TEXT
) STRICT;
CREATE INDEX visit_household ON visit(household_id, date);
CREATE INDEX visit_date ON visit(date);

-- 问题台账: one problem, of a household or of the village, kept until closed (销号) with a resolution,
-- a date and an approver (L1).
CREATE TABLE problem (
    id           TEXT PRIMARY KEY NOT NULL,
    village_id   TEXT NOT NULL,
    household_id TEXT,
    visit_id     TEXT,
    source       TEXT NOT NULL,
    category     TEXT NOT NULL,
    description  TEXT NOT NULL,
    found_on     TEXT NOT NULL,
    owner        TEXT NOT NULL DEFAULT '',
    deadline     TEXT,
    status       TEXT NOT NULL,
    resolution   TEXT,
    closed_on    TEXT,
    approver     TEXT,
    voided_on    TEXT
) STRICT;
CREATE INDEX problem_village ON problem(village_id, status);
CREATE INDEX problem_household ON problem(household_id);
