package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trueup/trueup/internal/connector"
)

// Counts is how many records of each entity the active cache holds.
type Counts struct {
	Accounts, Agreements, ServiceLines, Subscriptions int
}

// activeGen restricts a query to the generation readers see.
const activeGen = `integration_id = ?1 AND generation = (SELECT active_generation FROM integrations WHERE id = ?1)`

// CacheCounts counts the active cache of one integration.
func (s *Store) CacheCounts(ctx context.Context, integrationID int64) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM accounts WHERE `+activeGen+`),
		(SELECT COUNT(*) FROM agreements WHERE `+activeGen+`),
		(SELECT COUNT(*) FROM service_lines WHERE `+activeGen+`),
		(SELECT COUNT(*) FROM subscriptions WHERE `+activeGen+`)`, integrationID).
		Scan(&c.Accounts, &c.Agreements, &c.ServiceLines, &c.Subscriptions)
	if err != nil {
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
}

// CacheSnapshot reads the active cache of one integration. withRaw includes the source
// records (only "why isn't this showing?" needs them).
func (s *Store) CacheSnapshot(ctx context.Context, integrationID int64, withRaw bool) (Snapshot, error) {
	var snap Snapshot
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return snap, err
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	raw := "x'7b7d'"    // "{}"
	if withRaw {
		raw = "raw"
	}
	q := func(sql string, scan func(*sql.Rows) error) error {
		rows, err := tx.QueryContext(ctx, sql, integrationID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err = q(`SELECT ext_id, name, status, type, active, deleted, prospect, vendor, updated_at, `+raw+` FROM accounts WHERE `+activeGen+` ORDER BY name, ext_id`,
		func(r *sql.Rows) error {
			var a connector.Account
			var at sql.NullString
			if err := r.Scan(&a.ID, &a.Name, &a.Status, &a.Type, &a.Active, &a.Deleted, &a.Prospect, &a.Vendor, &at, &a.Raw); err != nil {
				return err
			}
			a.UpdatedAt = parseTime(at)
			snap.Accounts = append(snap.Accounts, a)
			return nil
		})
	if err == nil {
		err = q(`SELECT ext_id, account_id, name, type, status, cancelled, start_date, end_date, updated_at, `+raw+` FROM agreements WHERE `+activeGen+` ORDER BY name, ext_id`,
			func(r *sql.Rows) error {
				var a connector.Agreement
				var at sql.NullString
				if err := r.Scan(&a.ID, &a.AccountID, &a.Name, &a.Type, &a.Status, &a.Cancelled, &a.StartDate, &a.EndDate, &at, &a.Raw); err != nil {
					return err
				}
				a.UpdatedAt = parseTime(at)
				snap.Agreements = append(snap.Agreements, a)
				return nil
			})
	}
	if err == nil {
		err = q(`SELECT ext_id, agreement_id, account_id, product_id, product_name, quantity, unit_price, unit_cost, cancelled,
			effective_date, cancelled_date, updated_at, `+raw+` FROM service_lines WHERE `+activeGen+` ORDER BY product_name, ext_id`,
			func(r *sql.Rows) error {
				var l connector.ServiceLine
				var at sql.NullString
				if err := r.Scan(&l.ID, &l.AgreementID, &l.AccountID, &l.ProductID, &l.ProductName, &l.Quantity, &l.UnitPrice,
					&l.UnitCost, &l.Cancelled, &l.EffectiveDate, &l.CancelledDate, &at, &l.Raw); err != nil {
					return err
				}
				l.UpdatedAt = parseTime(at)
				snap.ServiceLines = append(snap.ServiceLines, l)
				return nil
			})
	}
	if err == nil {
		err = q(`SELECT ext_id, account_id, product_id, product_name, quantity, status, active, billing_term, start_date, end_date,
			price, cost, currency, updated_at, `+raw+` FROM subscriptions WHERE `+activeGen+` ORDER BY product_name, ext_id`,
			func(r *sql.Rows) error {
				var s connector.Subscription
				var at sql.NullString
				if err := r.Scan(&s.ID, &s.AccountID, &s.ProductID, &s.ProductName, &s.Quantity, &s.Status, &s.Active,
					&s.BillingTerm, &s.StartDate, &s.EndDate, &s.Price, &s.Cost, &s.Currency, &at, &s.Raw); err != nil {
					return err
				}
				s.UpdatedAt = parseTime(at)
				snap.Subscriptions = append(snap.Subscriptions, s)
				return nil
			})
	}
	if err != nil {
		return Snapshot{}, fmt.Errorf("read cache of integration %d: %w", integrationID, err)
	}
	return snap, nil
}
