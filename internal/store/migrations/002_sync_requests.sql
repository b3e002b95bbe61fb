-- Coordination between TrueUp processes on one data folder. The process that holds the
-- folder lock (trueup.lock) runs every sync; another process that wants one (a second
-- `trueup sync`, or the app opened while a scripted sync runs) hands it over here, and the
-- owner turns each pending request into runs and answers with their IDs.
CREATE TABLE sync_requests (
    id              INTEGER PRIMARY KEY,
    integration_ids TEXT NOT NULL,            -- JSON array of integration IDs
    mode            TEXT NOT NULL,
    since           TEXT NOT NULL DEFAULT '',
    requested_by    INTEGER NOT NULL,         -- process ID of the requester, for the run log
    requested_at    TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending', -- pending | answered
    run_ids         TEXT NOT NULL DEFAULT '[]',
    error           TEXT NOT NULL DEFAULT ''  -- why the owner could not start the runs
);
CREATE INDEX sync_requests_by_state ON sync_requests(state, id);

-- The process holding the folder lock, written by each new owner, so others can name it.
CREATE TABLE folder_owner (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    pid   INTEGER NOT NULL,
    since TEXT NOT NULL
);
