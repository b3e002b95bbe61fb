-- A notice may open Settings: an automatic true-up's first run is a dry run whose plan waits
-- for approval there (target_ref: the vendor integration's name). SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt with its rows, ids and index.
CREATE TABLE notices_new (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    -- What opening the notice shows: '' nothing, 'run' the log of run target_ref (its id),
    -- 'cards' the Reconcile page filtered to the card state target_ref ('' all open cards),
    -- 'ledger' the push ledger, 'mapping' the Mapping page, 'sync' Sync Status, 'settings'
    -- the automatic true-up of the integration named target_ref.
    target      TEXT NOT NULL DEFAULT '' CHECK (target IN ('', 'run', 'cards', 'ledger', 'mapping', 'sync', 'settings')),
    target_ref  TEXT NOT NULL DEFAULT '',
    read_at     TEXT,
    -- One notice per event ("run:42", "stuck:42", "weekly:2026-W49"): posting it again,
    -- from a restarted or a second process, does nothing.
    dedupe_key  TEXT NOT NULL UNIQUE
);
INSERT INTO notices_new (id, created_at, kind, title, body, target, target_ref, read_at, dedupe_key)
    SELECT id, created_at, kind, title, body, target, target_ref, read_at, dedupe_key FROM notices;
DROP TABLE notices;
ALTER TABLE notices_new RENAME TO notices;
CREATE INDEX notices_by_time ON notices(created_at);
