-- The in-app inbox: notices about scheduled syncs, automatic pushes, stuck syncs and the
-- weekly summary. A notice points at what it is about (a run's log, the cards of a state,
-- the ledger) by kind and reference, never by a cache row, so it survives every Full Sync.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    -- What opening the notice shows: '' nothing, 'run' the log of run target_ref (its id),
    -- 'cards' the Reconcile page filtered to the card state target_ref ('' all open cards),
    -- 'ledger' the push ledger, 'mapping' the Mapping page, 'sync' Sync Status.
    target      TEXT NOT NULL DEFAULT '' CHECK (target IN ('', 'run', 'cards', 'ledger', 'mapping', 'sync')),
    target_ref  TEXT NOT NULL DEFAULT '',
    read_at     TEXT,
    -- One notice per event ("run:42", "stuck:42", "weekly:2026-W49"): posting it again,
    -- from a restarted or a second process, does nothing.
    dedupe_key  TEXT NOT NULL UNIQUE
);
CREATE INDEX notices_by_time ON notices(created_at);
