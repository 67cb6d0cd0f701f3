-- 0001: divisions, cadres, teams, households, persons and pairings. Append-only: never edit a released migration; add the next file instead.

CREATE TABLE division (
    id           TEXT PRIMARY KEY NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('县', '乡镇', '村', '组')),
    parent_id    TEXT REFERENCES division(id),
    name         TEXT NOT NULL,
    code         TEXT,
    village_kind TEXT CHECK (village_kind IN ('脱贫村', '重点村', '面上村'))
) STRICT;
CREATE UNIQUE INDEX division_parent_name ON division(ifnull(parent_id, ''), name);

CREATE TABLE cadre (
    id    TEXT PRIMARY KEY NOT NULL,
    name  TEXT NOT NULL,
    unit  TEXT,
    phone TEXT
) STRICT;
CREATE INDEX cadre_name ON cadre(name);

CREATE TABLE team (
    id            TEXT PRIMARY KEY NOT NULL,
    village_id    TEXT NOT NULL REFERENCES division(id),
    backing_units TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE team_member (
    id        TEXT PRIMARY KEY NOT NULL,
    team_id   TEXT NOT NULL REFERENCES team(id),
    cadre_id  TEXT NOT NULL REFERENCES cadre(id),
    role      TEXT NOT NULL CHECK (role IN ('第一书记', '队长', '队员')),
    from_date TEXT NOT NULL,
    to_date   TEXT
) STRICT;
CREATE INDEX team_member_team ON team_member(team_id);

CREATE TABLE household (
    id                 TEXT PRIMARY KEY NOT NULL,
    number             TEXT NOT NULL UNIQUE,
    village_id         TEXT NOT NULL REFERENCES division(id),
    group_id           TEXT NOT NULL REFERENCES division(id),
    category           TEXT NOT NULL CHECK (category IN ('脱贫户', '监测户', '一般农户')),
    monitor_category   TEXT,
    identified_on      TEXT,
    risk_status        TEXT CHECK (risk_status IN ('未消除', '已消除')),
    eliminated_on      TEXT,
    elimination_method TEXT,
    risk_types         TEXT NOT NULL DEFAULT '',
    away               INTEGER NOT NULL DEFAULT 0,
    away_since         TEXT,
    no_labour          INTEGER NOT NULL DEFAULT 0,
    phone              TEXT,
    address            TEXT
) STRICT;
CREATE INDEX household_village ON household(village_id, group_id);

CREATE TABLE person (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES household(id),
    ord          INTEGER NOT NULL DEFAULT 0,
    name         TEXT NOT NULL,
    id_number    TEXT NOT NULL UNIQUE,
    disability   TEXT,
    sex          TEXT NOT NULL CHECK (sex IN ('男', '女')),
    birth_date   TEXT NOT NULL,
    relation     TEXT NOT NULL,
    labour       TEXT,
    health       TEXT,
    schooling    TEXT,
    employment   TEXT,
    left_on      TEXT
) STRICT;
CREATE INDEX person_household ON person(household_id);

CREATE TABLE pairing (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES household(id),
    cadre_id     TEXT NOT NULL REFERENCES cadre(id),
    start_date   TEXT NOT NULL,
    end_date     TEXT
) STRICT;
CREATE INDEX pairing_household ON pairing(household_id);
