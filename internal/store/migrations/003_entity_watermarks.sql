-- QuickSync watermarks per entity. One MAX across entities moved past changes of one entity
-- made while another was still being read (a company edited during a long additions phase),
-- so each entity keeps the newest source stamp of its own rows a run read completely.
CREATE TABLE watermarks (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    entity         TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (integration_id, entity)
) WITHOUT ROWID;

-- Carry the shared watermark over: each entity continues from its own newest cached stamp,
-- never later than the shared watermark (rows cached by later partial runs were not all
-- read completely). Integrations without a successful run have no watermark yet.
INSERT INTO watermarks (integration_id, entity, at)
SELECT integration_id, entity, MIN(wm, newest) FROM (
    SELECT i.id AS integration_id, 'accounts' AS entity, i.watermark AS wm,
        (SELECT MAX(updated_at) FROM accounts c WHERE c.integration_id = i.id AND c.generation = i.active_generation) AS newest
        FROM integrations i WHERE i.watermark IS NOT NULL
    UNION ALL
    SELECT i.id, 'agreements', i.watermark,
        (SELECT MAX(updated_at) FROM agreements c WHERE c.integration_id = i.id AND c.generation = i.active_generation)
        FROM integrations i WHERE i.watermark IS NOT NULL
    UNION ALL
    SELECT i.id, 'service_lines', i.watermark,
        (SELECT MAX(updated_at) FROM service_lines c WHERE c.integration_id = i.id AND c.generation = i.active_generation)
        FROM integrations i WHERE i.watermark IS NOT NULL
    UNION ALL
    SELECT i.id, 'subscriptions', i.watermark,
        (SELECT MAX(updated_at) FROM subscriptions c WHERE c.integration_id = i.id AND c.generation = i.active_generation)
        FROM integrations i WHERE i.watermark IS NOT NULL
) WHERE newest IS NOT NULL;

ALTER TABLE integrations DROP COLUMN watermark;

-- The run that owns the generation being staged (active_generation + 1). Only that run may
-- write, commit or discard it, so two runs of one integration (two windows, a race) can
-- never stage, swap or delete each other's rows.
ALTER TABLE integrations ADD COLUMN staging_run INTEGER;
