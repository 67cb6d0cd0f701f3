-- 0002: parameters, the change log and the roster import history. Append-only: never edit a released
-- migration; add the next file instead.

CREATE TABLE parameter (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL,
    source TEXT
) STRICT;

-- Every edit, in the transaction that made it: which row of which table, insert / update / delete, and
-- for an update the columns it changed (an insert sets them all, a delete removes the row). Sync reads
-- it to know what to send; the values are read from the rows themselves.
CREATE TABLE change_log (
    seq    INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op     TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    cols   TEXT NOT NULL
) STRICT;

CREATE TABLE roster_import (
    id        TEXT PRIMARY KEY NOT NULL,
    at        TEXT NOT NULL,
    file_name TEXT NOT NULL,
    summary   TEXT NOT NULL
) STRICT;
