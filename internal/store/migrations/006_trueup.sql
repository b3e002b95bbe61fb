-- The month's true-up: mappings, account notes, reconciliation settings, detections and
-- the guided month, plus the context the ledger shows for each decision.
--
-- Everything is keyed by (integration, entity, source id), never by cache rows or names:
-- it survives every Full Sync. Names are copies of the last ones seen, so a mapping whose
-- vendor id is gone from the source can still be shown ("no longer at the source").

-- One row per vendor account or product the user has mapped or excluded. Unmapped items
-- have no row. Removing either integration removes its mappings.
CREATE TABLE mappings (
    vendor_integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    kind                  TEXT NOT NULL CHECK (kind IN ('account', 'product')),
    vendor_id             TEXT NOT NULL,
    excluded              INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
    psa_integration_id    INTEGER REFERENCES integrations(id) ON DELETE CASCADE, -- NULL when excluded
    psa_id                TEXT NOT NULL DEFAULT '',
    vendor_name           TEXT NOT NULL DEFAULT '',
    psa_name              TEXT NOT NULL DEFAULT '',
    os_user               TEXT NOT NULL DEFAULT '',
    updated_at            TEXT NOT NULL,
    PRIMARY KEY (vendor_integration_id, kind, vendor_id),
    CHECK ((excluded = 1 AND psa_integration_id IS NULL AND psa_id = '')
        OR (excluded = 0 AND psa_integration_id IS NOT NULL AND psa_id <> ''))
);
CREATE INDEX mappings_by_psa ON mappings(psa_integration_id, kind, psa_id);

-- The MSP's note and tags on a PSA account ("multi-site: check by hand"); shown on its cards.
CREATE TABLE account_notes (
    psa_integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    account_id         TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT '',
    tags               TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (psa_integration_id, account_id)
);

-- When each card's change was first seen in a cycle, and under which billing setting: a
-- changed setting applies to cards detected afterwards only (reconcile.Detection).
CREATE TABLE detections (
    card_id     TEXT NOT NULL,
    cycle       TEXT NOT NULL, -- YYYY-MM
    detected_on TEXT NOT NULL, -- YYYY-MM-DD in the MSP's time zone
    policy      TEXT NOT NULL CHECK (policy IN ('next_period', 'detected')),
    PRIMARY KEY (card_id, cycle)
) WITHOUT ROWID;

-- Reconciliation settings as key/value text: large_change_units, large_change_percent,
-- large_new_revenue_units, billing_policy:<vendor integration id>, bulk_warning_seen.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- Where the guided month stands, per cycle.
CREATE TABLE month_progress (
    cycle      TEXT PRIMARY KEY, -- YYYY-MM
    step       TEXT NOT NULL,    -- mapping | sync | review | costs | sanity | done
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    done_at    TEXT
) WITHOUT ROWID;

-- What the ledger shows of a decision, as it was when the person decided: later renames
-- do not rewrite history. revert_of is the outbox entry a revert compensates.
ALTER TABLE decisions ADD COLUMN psa_integration_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN account_name TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN product_id TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN product_name TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN agreement_id TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN agreement_name TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN line_id TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN effective_date TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN vendors TEXT NOT NULL DEFAULT '[]'; -- JSON array of vendor integration names
ALTER TABLE decisions ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN revert_of INTEGER NOT NULL DEFAULT 0;
CREATE INDEX decisions_by_at ON decisions(at, id);
