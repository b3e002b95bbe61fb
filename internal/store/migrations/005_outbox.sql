-- The decisions a person made on cards, and the durable push outbox (DESIGN.md, "Push
-- semantics"). A decision and the outbox entries of its writes are inserted in one
-- transaction, so an approval is either wholly recorded or not at all.
--
-- Quantities are kept as the exact decimal text reconcile printed (no float rounding).
-- Neither table references integrations: the ledger outlives an integration's removal.
CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    card_id         TEXT NOT NULL,
    cycle           TEXT NOT NULL,            -- YYYY-MM; '' for a cost decision
    action          TEXT NOT NULL CHECK (action IN ('approve', 'dismiss', 'acknowledge', 'revert', 'cost')),
    vendor_quantity TEXT NOT NULL DEFAULT '', -- what the card showed when the person decided
    psa_quantity    TEXT NOT NULL DEFAULT '',
    target_quantity TEXT NOT NULL DEFAULT '', -- what the person approved
    note            TEXT NOT NULL DEFAULT '',
    os_user         TEXT NOT NULL DEFAULT '',
    at              TEXT NOT NULL
);
CREATE INDEX decisions_by_card ON decisions(card_id, cycle, id);

-- One entry per write of a decision. key is the write's identity across retries: the same
-- key is never queued twice. A worker per integration sends entries in id order; state
-- moves only by compare-and-set on the current state.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    integration_id  INTEGER NOT NULL,
    decision_id     INTEGER NOT NULL REFERENCES decisions(id),
    key             TEXT NOT NULL UNIQUE,
    write           TEXT NOT NULL,            -- the reconcile.Write as JSON, sent as it is
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'pushed', 'failed', 'conflict', 'reverted')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    answer          TEXT NOT NULL DEFAULT '', -- the PSA's answer as JSON (status, record id, value)
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX outbox_by_integration ON outbox(integration_id, state, id);
