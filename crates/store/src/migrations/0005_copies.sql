-- 0005: copied and restored databases (docs/adr/0001-sync.md, "A copied database").
--
-- file_id: the file system's identity (device and inode) of the database file this replica was last
-- opened as. A byte copy or a restored backup is a new file: on open it no longer matches, and the
-- replica takes a new device identity instead of reusing sequence numbers the county already holds.
ALTER TABLE sync_device ADD COLUMN file_id TEXT;

-- The identities this replica had before: origin, and how many of its changes under that identity
-- the county had confirmed when it was left (the rest were sent again under the new identity).
CREATE TABLE sync_fork (
    origin TEXT PRIMARY KEY NOT NULL,
    upto   INTEGER NOT NULL,
    at     TEXT NOT NULL,
    reason TEXT NOT NULL
) STRICT;

-- County: a laptop identity whose bundle repeated sequence numbers with other content (a copy of it
-- is in use elsewhere). Its return bundles tell it to take a new identity.
ALTER TABLE sync_peer ADD COLUMN diverged_at TEXT;
