-- 0007: 修改记录. A correction of a team record (a member edited or ended, a meeting edited, a leave
-- voided, a rule parameter changed) is a row of its own, written in the same transaction as the edit:
-- who made it (a name, as people sign a paper form), on which laptop, when, why, and each field's value
-- before and after. It syncs like the team's other records, so the county sees the same trace. Rows are
-- never updated or deleted.
CREATE TABLE correction (
    id      TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL DEFAULT '',
    tbl     TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    at      TEXT NOT NULL,
    by_name TEXT NOT NULL DEFAULT '',
    device  TEXT NOT NULL,
    action  TEXT NOT NULL,
    reason  TEXT NOT NULL DEFAULT '',
    changes TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX correction_row ON correction(tbl, row_id);
