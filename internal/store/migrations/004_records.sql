-- One cache table for every entity. Each row is a connector.Record envelope: identity
-- (entity, ext_id), scope (parent_id), the source stamp, the typed view as JSON (fields)
-- and the source's own JSON (raw). A new entity needs no migration and no new statements.
--
-- pushed_at is set when TrueUp itself wrote the row from the PSA's answer to a change it
-- made (a push): a sync that started earlier and read an older copy of the record must
-- not put that copy back.
CREATE TABLE records (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    generation     INTEGER NOT NULL,
    entity         TEXT NOT NULL,
    ext_id         TEXT NOT NULL,
    parent_id      TEXT NOT NULL DEFAULT '',
    account_id     TEXT NOT NULL DEFAULT '',
    updated_at     TEXT,
    hash           INTEGER NOT NULL,
    seen_run       INTEGER NOT NULL DEFAULT 0,
    pushed_at      TEXT,
    fields         BLOB NOT NULL,
    raw            BLOB NOT NULL,
    PRIMARY KEY (integration_id, generation, entity, ext_id)
) WITHOUT ROWID;
CREATE INDEX records_by_parent ON records(integration_id, generation, entity, parent_id);
-- Watermarks are the newest stamp per entity: an index keeps that O(log n) for QuickSync.
CREATE INDEX records_by_stamp ON records(integration_id, generation, entity, updated_at);

-- Carry every cached row over. hash 0 never matches a computed hash, so the first sync
-- after the upgrade counts these rows as updated once; nothing else depends on it.
INSERT INTO records (integration_id, generation, entity, ext_id, parent_id, account_id, updated_at, hash, seen_run, fields, raw)
SELECT integration_id, generation, 'accounts', ext_id, '', ext_id, updated_at, 0, seen_run,
    CAST(json_object('id', ext_id, 'name', name, 'status', status, 'type', type,
        'active', json(CASE WHEN active THEN 'true' ELSE 'false' END),
        'deleted', json(CASE WHEN deleted THEN 'true' ELSE 'false' END),
        'prospect', json(CASE WHEN prospect THEN 'true' ELSE 'false' END),
        'vendor', json(CASE WHEN vendor THEN 'true' ELSE 'false' END),
        'updated_at', updated_at) AS BLOB), raw
FROM accounts;

INSERT INTO records (integration_id, generation, entity, ext_id, parent_id, account_id, updated_at, hash, seen_run, fields, raw)
SELECT integration_id, generation, 'agreements', ext_id, account_id, account_id, updated_at, 0, seen_run,
    CAST(json_object('id', ext_id, 'account_id', account_id, 'name', name, 'type', type, 'status', status,
        'cancelled', json(CASE WHEN cancelled THEN 'true' ELSE 'false' END),
        'start_date', start_date, 'end_date', end_date, 'updated_at', updated_at) AS BLOB), raw
FROM agreements;

INSERT INTO records (integration_id, generation, entity, ext_id, parent_id, account_id, updated_at, hash, seen_run, fields, raw)
SELECT integration_id, generation, 'service_lines', ext_id, agreement_id, account_id, updated_at, 0, seen_run,
    CAST(json_object('id', ext_id, 'agreement_id', agreement_id, 'account_id', account_id, 'product_id', product_id,
        'product_name', product_name, 'quantity', quantity, 'unit_price', unit_price, 'unit_cost', unit_cost,
        'cancelled', json(CASE WHEN cancelled THEN 'true' ELSE 'false' END),
        'effective_date', effective_date, 'cancelled_date', cancelled_date, 'updated_at', updated_at) AS BLOB), raw
FROM service_lines;

INSERT INTO records (integration_id, generation, entity, ext_id, parent_id, account_id, updated_at, hash, seen_run, fields, raw)
SELECT integration_id, generation, 'subscriptions', ext_id, account_id, account_id, updated_at, 0, seen_run,
    CAST(json_object('id', ext_id, 'account_id', account_id, 'product_id', product_id, 'product_name', product_name,
        'quantity', quantity, 'status', status, 'active', json(CASE WHEN active THEN 'true' ELSE 'false' END),
        'billing_term', billing_term, 'start_date', start_date, 'end_date', end_date, 'price', price, 'cost', cost,
        'currency', currency, 'updated_at', updated_at) AS BLOB), raw
FROM subscriptions;

DROP TABLE accounts;
DROP TABLE agreements;
DROP TABLE service_lines;
DROP TABLE subscriptions;
