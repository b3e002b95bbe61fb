-- Integrations: non-secret settings only. Secret values live in the OS keychain;
-- secret_fields lists the names (never the values) of the fields set there.
CREATE TABLE integrations (
    id                INTEGER PRIMARY KEY,
    -- Random and stable: names the integration's keychain items, so two data folders
    -- (or a deleted and re-created database) never share secrets by accident.
    uid               TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    kind              TEXT NOT NULL,
    base_url          TEXT NOT NULL,
    settings          TEXT NOT NULL DEFAULT '{}',
    concurrency       INTEGER NOT NULL DEFAULT 0,
    secret_fields     TEXT NOT NULL DEFAULT '[]',
    -- The cache generation readers see. A run writes generation+1 beside it and swaps.
    active_generation INTEGER NOT NULL DEFAULT 0,
    -- Newest source modified stamp a succeeded run stored: the QuickSync watermark.
    watermark         TEXT,
    newest_source_at  TEXT,
    last_success_at   TEXT,
    last_fetched_at   TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE sync_runs (
    id               INTEGER PRIMARY KEY,
    integration_id   INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    mode             TEXT NOT NULL,
    since            TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    queued_at        TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    progress_at      TEXT,
    section          TEXT NOT NULL DEFAULT '',
    progress_done    INTEGER NOT NULL DEFAULT 0,
    progress_total   INTEGER NOT NULL DEFAULT 0,
    added            INTEGER NOT NULL DEFAULT 0,
    updated          INTEGER NOT NULL DEFAULT 0,
    removed          INTEGER NOT NULL DEFAULT 0,
    requests         INTEGER NOT NULL DEFAULT 0,
    error            TEXT NOT NULL DEFAULT '',
    sections         TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sync_runs_by_integration ON sync_runs(integration_id, id);

CREATE TABLE run_logs (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    level    TEXT NOT NULL,
    section  TEXT NOT NULL,
    message  TEXT NOT NULL
);
CREATE INDEX run_logs_by_run ON run_logs(run_id, id);

-- Cache tables: one row per source record per generation. raw keeps the record as the
-- source sent it; hash detects real changes; seen_run marks rows a run wrote.
CREATE TABLE accounts (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    generation     INTEGER NOT NULL,
    ext_id         TEXT NOT NULL,
    name           TEXT NOT NULL,
    status         TEXT NOT NULL,
    type           TEXT NOT NULL,
    active         INTEGER NOT NULL,
    deleted        INTEGER NOT NULL,
    prospect       INTEGER NOT NULL,
    vendor         INTEGER NOT NULL,
    updated_at     TEXT,
    hash           INTEGER NOT NULL,
    seen_run       INTEGER NOT NULL DEFAULT 0,
    raw            BLOB NOT NULL,
    PRIMARY KEY (integration_id, generation, ext_id)
) WITHOUT ROWID;

CREATE TABLE agreements (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    generation     INTEGER NOT NULL,
    ext_id         TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    cancelled      INTEGER NOT NULL,
    start_date     TEXT NOT NULL,
    end_date       TEXT NOT NULL,
    updated_at     TEXT,
    hash           INTEGER NOT NULL,
    seen_run       INTEGER NOT NULL DEFAULT 0,
    raw            BLOB NOT NULL,
    PRIMARY KEY (integration_id, generation, ext_id)
) WITHOUT ROWID;
CREATE INDEX agreements_by_parent ON agreements(integration_id, generation, account_id);

CREATE TABLE service_lines (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    generation     INTEGER NOT NULL,
    ext_id         TEXT NOT NULL,
    agreement_id   TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    product_id     TEXT NOT NULL,
    product_name   TEXT NOT NULL,
    quantity       REAL NOT NULL,
    unit_price     REAL NOT NULL,
    unit_cost      REAL NOT NULL,
    cancelled      INTEGER NOT NULL,
    effective_date TEXT NOT NULL,
    cancelled_date TEXT NOT NULL,
    updated_at     TEXT,
    hash           INTEGER NOT NULL,
    seen_run       INTEGER NOT NULL DEFAULT 0,
    raw            BLOB NOT NULL,
    PRIMARY KEY (integration_id, generation, ext_id)
) WITHOUT ROWID;
CREATE INDEX service_lines_by_parent ON service_lines(integration_id, generation, agreement_id);

CREATE TABLE subscriptions (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    generation     INTEGER NOT NULL,
    ext_id         TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    product_id     TEXT NOT NULL,
    product_name   TEXT NOT NULL,
    quantity       REAL NOT NULL,
    status         TEXT NOT NULL,
    active         INTEGER NOT NULL,
    billing_term   TEXT NOT NULL,
    start_date     TEXT NOT NULL,
    end_date       TEXT NOT NULL,
    price          REAL NOT NULL,
    cost           REAL NOT NULL,
    currency       TEXT NOT NULL,
    updated_at     TEXT,
    hash           INTEGER NOT NULL,
    seen_run       INTEGER NOT NULL DEFAULT 0,
    raw            BLOB NOT NULL,
    PRIMARY KEY (integration_id, generation, ext_id)
) WITHOUT ROWID;
CREATE INDEX subscriptions_by_parent ON subscriptions(integration_id, generation, account_id);
