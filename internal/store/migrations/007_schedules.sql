-- Scheduled syncs: a schedule per stream (psa, vendors) or per integration (which overrides
-- its stream's), and one row per due time the scheduler handled for an integration, so a
-- due time runs at most once across processes and restarts: the row is written before the
-- run starts, and a second process (or the same one after a crash) finds it and skips.

CREATE TABLE schedules (
    integration_id      INTEGER UNIQUE REFERENCES integrations(id) ON DELETE CASCADE,
    stream              TEXT UNIQUE CHECK (stream IN ('psa', 'vendors')),
    cadence             TEXT NOT NULL CHECK (cadence IN ('off', 'nightly', 'weekly', 'monthly')),
    weekday             INTEGER NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 6),
    day                 INTEGER NOT NULL DEFAULT 0 CHECK (day BETWEEN 0 AND 31),
    mode                TEXT NOT NULL CHECK (mode IN ('quick', 'full')),
    full_first_of_month INTEGER NOT NULL DEFAULT 0 CHECK (full_first_of_month IN (0, 1)),
    set_at              TEXT NOT NULL,
    CHECK ((integration_id IS NULL) <> (stream IS NULL))
);

CREATE TABLE schedule_runs (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    due_at         TEXT NOT NULL, -- RFC 3339 UTC, so text order is time order
    started_at     TEXT NOT NULL,
    run_id         INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
    catch_up       INTEGER NOT NULL DEFAULT 0 CHECK (catch_up IN (0, 1)),
    note           TEXT NOT NULL DEFAULT '', -- "missed Tuesday 07:00 UTC: ran at launch"
    PRIMARY KEY (integration_id, due_at)
);
CREATE INDEX schedule_runs_by_run ON schedule_runs(run_id);
