package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trueup/trueup/internal/connector"
)

// UpdateCachedRecord writes one record into the active cache of an integration from the
// source's answer to a change TrueUp made there (a push), so the cache shows the change
// at once instead of after the next sync. The row is marked pushed: a sync that began
// before this call read an older copy and does not put it back (unless the source stamped
// its copy later), does not drop the row for missing from its lists, and the row's stamp
// does not move a QuickSync watermark past changes others made that no run has read yet.
// The record is upserted, so a push that created a record caches it too.
func (s *Store) UpdateCachedRecord(ctx context.Context, integrationID int64, rec connector.Record) error {
	if rec.Entity == "" || rec.ID == "" {
		return fmt.Errorf("update cached record: the record has no entity or ID")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error { return s.updateCachedRecord(ctx, tx, integrationID, rec) })
	if err != nil {
		return fmt.Errorf("update cached %s %s: %w", rec.Entity.Words(), rec.ID, err)
	}
	return nil
}

// updateCachedRecord is UpdateCachedRecord inside tx, so that a push records its answer and
// caches it in one transaction (RecordPushed).
func (s *Store) updateCachedRecord(ctx context.Context, tx *sql.Tx, integrationID int64, rec connector.Record) error {
	var gen int64
	err := tx.QueryRowContext(ctx, `SELECT active_generation FROM integrations WHERE id = ?`, integrationID).Scan(&gen)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("integration %d: %w", integrationID, ErrNotFound)
	}
	if err != nil {
		return err
	}
	var seen int64
	err = tx.QueryRowContext(ctx, `SELECT seen_run FROM records WHERE integration_id = ? AND generation = ? AND entity = ? AND ext_id = ?`,
		integrationID, gen, string(rec.Entity), rec.ID).Scan(&seen)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, recordUpsert, append([]any{integrationID, gen}, recordArgs(rec, seen, fmtTime(s.now()))...)...)
	return err
}

// CachedRecord reads one record of the active cache; a record not cached is ErrNotFound.
func (s *Store) CachedRecord(ctx context.Context, integrationID int64, entity connector.Entity, extID string) (connector.Record, error) {
	r := connector.Record{Entity: entity, ID: extID}
	var updated sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT r.parent_id, r.account_id, r.updated_at, r.fields, r.raw FROM records r
		JOIN integrations i ON i.id = r.integration_id AND i.active_generation = r.generation
		WHERE r.integration_id = ? AND r.entity = ? AND r.ext_id = ?`, integrationID, string(entity), extID).
		Scan(&r.ParentID, &r.AccountID, &updated, &r.Fields, &r.Raw)
	if errors.Is(err, sql.ErrNoRows) {
		return connector.Record{}, fmt.Errorf("%s %s is not cached: %w", entity.Words(), extID, ErrNotFound)
	}
	if err != nil {
		return connector.Record{}, fmt.Errorf("read cached %s %s: %w", entity.Words(), extID, err)
	}
	r.UpdatedAt = parseTime(updated)
	return r, nil
}
