package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trueup/trueup/internal/connector"
)

// Counts is how many records of each entity the active cache holds.
type Counts struct {
	Accounts, Agreements, ServiceLines, Subscriptions, Products int
}

// activeGen restricts a query to the generation readers see.
const activeGen = `integration_id = ?1 AND generation = (SELECT active_generation FROM integrations WHERE id = ?1)`

// CacheCounts counts the active cache of one integration.
func (s *Store) CacheCounts(ctx context.Context, integrationID int64) (Counts, error) {
	var c Counts
	by := map[connector.Entity]*int{
		connector.EntityAccounts: &c.Accounts, connector.EntityAgreements: &c.Agreements,
		connector.EntityServiceLines: &c.ServiceLines, connector.EntitySubscriptions: &c.Subscriptions,
		connector.EntityProducts: &c.Products,
	}
	rows, err := s.db.QueryContext(ctx, `SELECT entity, COUNT(*) FROM records WHERE `+activeGen+` GROUP BY entity`, integrationID)
	if err != nil {
		return Counts{}, fmt.Errorf("count cache of integration %d: %w", integrationID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		var n int
		if err := rows.Scan(&e, &n); err != nil {
			return Counts{}, fmt.Errorf("count cache of integration %d: %w", integrationID, err)
		}
		if p, ok := by[connector.Entity(e)]; ok {
			*p = n
		}
	}
	if err := rows.Err(); err != nil {
		return Counts{}, fmt.Errorf("count cache of integration %d: %w", integrationID, err)
	}
	return c, nil
}

// Snapshot is the active cache of one integration, read in one transaction so the parts
// agree with each other even while a run swaps a new cache in.
type Snapshot struct {
	Accounts      []connector.Account
	Agreements    []connector.Agreement
	ServiceLines  []connector.ServiceLine
	Subscriptions []connector.Subscription
	Products      []connector.Product
}

// add decodes one record into its typed list; entities this build does not know are
// skipped (a newer TrueUp may have cached them).
func (snap *Snapshot) add(r connector.Record) error {
	switch r.Entity {
	case connector.EntityAccounts:
		v, err := connector.Decode[connector.Account](r)
		snap.Accounts = append(snap.Accounts, v)
		return err
	case connector.EntityAgreements:
		v, err := connector.Decode[connector.Agreement](r)
		snap.Agreements = append(snap.Agreements, v)
		return err
	case connector.EntityServiceLines:
		v, err := connector.Decode[connector.ServiceLine](r)
		snap.ServiceLines = append(snap.ServiceLines, v)
		return err
	case connector.EntitySubscriptions:
		v, err := connector.Decode[connector.Subscription](r)
		snap.Subscriptions = append(snap.Subscriptions, v)
		return err
	case connector.EntityProducts:
		v, err := connector.Decode[connector.Product](r)
		snap.Products = append(snap.Products, v)
		return err
	}
	return nil
}

// CacheSnapshot reads the active cache of one integration, each entity ordered by its
// display name (then ID). withRaw includes the source records (only "why isn't this
// showing?" needs them).
func (s *Store) CacheSnapshot(ctx context.Context, integrationID int64, withRaw bool) (Snapshot, error) {
	return s.cacheSnapshot(ctx, integrationID, withRaw, orderByName)
}

// CacheSnapshotByID is CacheSnapshot without the source records, each entity in source-id
// order: the primary key's, so SQLite reads the rows where they lie instead of sorting
// every record by a name it extracts from its JSON (a third less CPU on 80,000 records,
// and no temporary sort files).
// For readers that order what they show themselves, such as card building.
func (s *Store) CacheSnapshotByID(ctx context.Context, integrationID int64) (Snapshot, error) {
	return s.cacheSnapshot(ctx, integrationID, false, orderByID)
}

// The orders CachedRecords can read in.
const (
	orderByName = ` ORDER BY entity, coalesce(fields->>'name', fields->>'product_name', ''), ext_id`
	orderByID   = ` ORDER BY entity, ext_id`
)

func (s *Store) cacheSnapshot(ctx context.Context, integrationID int64, withRaw bool, order string) (Snapshot, error) {
	var snap Snapshot
	recs, err := s.cachedRecords(ctx, integrationID, "", withRaw, order)
	if err != nil {
		return snap, err
	}
	for _, r := range recs {
		if err := snap.add(r); err != nil {
			return Snapshot{}, fmt.Errorf("read cache of integration %d: %w", integrationID, err)
		}
	}
	return snap, nil
}

// CachedRecords reads the active cache of one integration as record envelopes: every
// entity, or only entity when it is not empty. Rows are ordered by entity, then by the
// name the typed view carries (name or product_name), then by ID.
func (s *Store) CachedRecords(ctx context.Context, integrationID int64, entity connector.Entity, withRaw bool) ([]connector.Record, error) {
	return s.cachedRecords(ctx, integrationID, entity, withRaw, orderByName)
}

func (s *Store) cachedRecords(ctx context.Context, integrationID int64, entity connector.Entity, withRaw bool, order string) ([]connector.Record, error) {
	raw := "x'7b7d'" // "{}"
	if withRaw {
		raw = "raw"
	}
	q := `SELECT entity, ext_id, parent_id, account_id, updated_at, fields, ` + raw + ` FROM records WHERE ` + activeGen
	args := []any{integrationID}
	if entity != "" {
		q += ` AND entity = ?2`
		args = append(args, string(entity))
	}
	q += order
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read cache of integration %d: %w", integrationID, err)
	}
	defer rows.Close()
	var out []connector.Record
	for rows.Next() {
		var r connector.Record
		var e string
		var at sql.NullString
		var fields, raw []byte // []byte, not json.RawMessage: rows written as TEXT scan too
		if err := rows.Scan(&e, &r.ID, &r.ParentID, &r.AccountID, &at, &fields, &raw); err != nil {
			return nil, fmt.Errorf("read cache of integration %d: %w", integrationID, err)
		}
		r.Entity, r.UpdatedAt, r.Fields, r.Raw = connector.Entity(e), parseTime(at), fields, raw
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read cache of integration %d: %w", integrationID, err)
	}
	return out, nil
}
