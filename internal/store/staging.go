package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Staging is the cache a sync run builds. It writes generation N+1 of one integration
// beside the generation N readers see, and Commit swaps it in with one transaction, so
// readers never see a half-built cache and other integrations are never touched.
//
// A Full Sync starts N+1 empty: what the run does not write is gone, except the scopes the
// connector reported as failed, which are carried over from N. A QuickSync starts N+1 as a
// copy of N and applies what the run writes; Complete scopes drop rows not re-read.
type Staging struct {
	s             *Store
	integrationID int64
	runID         int64
	full          bool
	oldGen        int64
	newGen        int64

	mu        sync.Mutex
	pending   map[connector.Entity][]row
	npending  int
	completes []connector.Scope
	failures  []connector.Scope
	written   int
	closed    bool
	writeErr  error

	// Batches are written by one goroutine, so the connector's workers keep their requests
	// in flight while SQLite writes; the channel's capacity bounds memory.
	batches  chan map[connector.Entity][]row
	sendMu   sync.RWMutex // senders hold it shared; closing the channel holds it exclusively
	inflight sync.WaitGroup
	writer   sync.WaitGroup
}

// flushEvery bounds memory: rows are written in transactions of this size.
const flushEvery = 1000

// Changes counts what a committed run changed, compared with the previous cache.
type Changes struct {
	Added, Updated, Removed int
	// NewestSourceAt is the newest source modified stamp in the new cache.
	NewestSourceAt time.Time
}

// BeginStaging prepares generation N+1 for a run. Leftovers of an interrupted run are
// cleared first.
func (s *Store) BeginStaging(ctx context.Context, integrationID, runID int64, full bool) (*Staging, error) {
	in, err := s.Integration(ctx, integrationID)
	if err != nil {
		return nil, err
	}
	st := &Staging{s: s, integrationID: integrationID, runID: runID, full: full,
		oldGen: in.ActiveGeneration, newGen: in.ActiveGeneration + 1, pending: map[connector.Entity][]row{}}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, e := range connector.Entities {
			t := cacheTables[e]
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t.name+" WHERE integration_id = ? AND generation <> ?", integrationID, st.oldGen); err != nil {
				return err
			}
			if !full {
				if _, err := tx.ExecContext(ctx, t.copySQL(), st.newGen, integrationID, st.oldGen); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("prepare cache for run %d: %w", runID, err)
	}
	st.batches = make(chan map[connector.Entity][]row, 2)
	st.writer.Add(1)
	go st.writeLoop()
	return st, nil
}

func (st *Staging) writeLoop() {
	defer st.writer.Done()
	for b := range st.batches {
		n, err := st.writeBatch(context.Background(), b)
		st.mu.Lock()
		st.written += n
		if err != nil && st.writeErr == nil {
			st.writeErr = err
		}
		st.mu.Unlock()
		st.inflight.Done()
	}
}

// send hands the pending rows to the writer; must hold st.mu, which it releases.
func (st *Staging) sendLocked() {
	if st.npending == 0 {
		st.mu.Unlock()
		return
	}
	b := st.pending
	st.pending = map[connector.Entity][]row{}
	st.npending = 0
	st.inflight.Add(1)
	st.mu.Unlock()
	st.sendMu.RLock()
	st.batches <- b
	st.sendMu.RUnlock()
}

// drain writes everything pending and waits until it is stored.
func (st *Staging) drain() error {
	st.mu.Lock()
	st.sendLocked()
	st.inflight.Wait()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.writeErr
}

// stopWriter ends the writer goroutine; must not hold st.mu.
func (st *Staging) stopWriter() {
	st.sendMu.Lock()
	close(st.batches)
	st.sendMu.Unlock()
	st.writer.Wait()
}

// Written is how many rows the run has written so far.
func (st *Staging) Written() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.written
}

func (st *Staging) put(_ context.Context, e connector.Entity, rows []row) error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return errors.New("the run's cache is already committed or discarded")
	}
	if err := st.writeErr; err != nil {
		st.mu.Unlock()
		return err
	}
	st.pending[e] = append(st.pending[e], rows...)
	st.npending += len(rows)
	if st.npending >= flushEvery {
		st.sendLocked()
		return nil
	}
	st.mu.Unlock()
	return nil
}

// rowsOf converts records to rows with the entity's converter.
func rowsOf[T any](records []T, conv func(T) row) []row {
	out := make([]row, len(records))
	for i, r := range records {
		out[i] = conv(r)
	}
	return out
}

// PutAccounts stages accounts.
func (st *Staging) PutAccounts(ctx context.Context, rows ...connector.Account) error {
	return st.put(ctx, connector.EntityAccounts, rowsOf(rows, accountRow))
}

// PutAgreements stages agreements.
func (st *Staging) PutAgreements(ctx context.Context, rows ...connector.Agreement) error {
	return st.put(ctx, connector.EntityAgreements, rowsOf(rows, agreementRow))
}

// PutServiceLines stages service lines.
func (st *Staging) PutServiceLines(ctx context.Context, rows ...connector.ServiceLine) error {
	return st.put(ctx, connector.EntityServiceLines, rowsOf(rows, serviceLineRow))
}

// PutSubscriptions stages subscriptions.
func (st *Staging) PutSubscriptions(ctx context.Context, rows ...connector.Subscription) error {
	return st.put(ctx, connector.EntitySubscriptions, rowsOf(rows, subscriptionRow))
}

// Complete records that what the run wrote for scope is all the source holds.
func (st *Staging) Complete(scope connector.Scope) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.completes = append(st.completes, scope)
}

// Fail records that scope could not be read: its cached rows are kept.
func (st *Staging) Fail(scope connector.Scope) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.failures = append(st.failures, scope)
}

// Delete removes rows the source reported deleted.
func (st *Staging) Delete(ctx context.Context, e connector.Entity, ids ...string) error {
	if err := st.drain(); err != nil {
		return err
	}
	t := cacheTables[e]
	return st.s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, "DELETE FROM "+t.name+" WHERE integration_id = ? AND generation = ? AND ext_id = ?")
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, id := range ids {
			if _, err := stmt.ExecContext(ctx, st.integrationID, st.newGen, id); err != nil {
				return fmt.Errorf("delete %s %s: %w", e, id, err)
			}
		}
		return nil
	})
}

// Retain keeps only the rows of entity whose IDs are in ids: the source listed every ID it
// holds, so the others were deleted there. It returns how many rows it removed.
func (st *Staging) Retain(ctx context.Context, e connector.Entity, ids []string) (int, error) {
	keep := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		keep[id] = struct{}{}
	}
	if err := st.drain(); err != nil {
		return 0, err
	}
	t := cacheTables[e]
	rows, err := st.s.db.QueryContext(ctx, "SELECT ext_id FROM "+t.name+" WHERE integration_id = ? AND generation = ?", st.integrationID, st.newGen)
	if err != nil {
		return 0, err
	}
	var gone []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		if _, ok := keep[id]; !ok {
			gone = append(gone, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return len(gone), st.Delete(ctx, e, gone...)
}

// writeBatch upserts one batch in one transaction and returns how many rows it wrote.
func (st *Staging) writeBatch(ctx context.Context, batch map[connector.Entity][]row) (int, error) {
	n := 0
	err := st.s.tx(ctx, func(tx *sql.Tx) error {
		for _, e := range connector.Entities {
			rows := batch[e]
			if len(rows) == 0 {
				continue
			}
			t := cacheTables[e]
			stmt, err := tx.PrepareContext(ctx, t.upsertSQL())
			if err != nil {
				return err
			}
			args := make([]any, 3+len(t.cols))
			for _, r := range rows {
				args[0], args[1], args[2] = st.integrationID, st.newGen, r.id
				copy(args[3:], r.vals)
				args[3+len(t.cols)-2] = st.runID // seen_run
				if _, err := stmt.ExecContext(ctx, args...); err != nil {
					stmt.Close()
					return fmt.Errorf("store %s %s: %w", e, r.id, err)
				}
			}
			stmt.Close()
			n += len(rows)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("write cache: %w", err)
	}
	return n, nil
}

// covered reports whether scope overlaps a failed scope.
func covered(failures []connector.Scope, scope connector.Scope) bool {
	for _, f := range failures {
		if f.Entity == scope.Entity && (f.ParentID == "" || scope.ParentID == "" || f.ParentID == scope.ParentID) {
			return true
		}
	}
	return false
}

// CommitOptions say what the swap records on the integration.
type CommitOptions struct {
	// Succeeded: every section was read, so the watermark may advance to the newest stamp.
	Succeeded bool
}

// Commit swaps the staged cache in and returns what changed. After Commit the Staging is
// spent.
func (st *Staging) Commit(ctx context.Context, opts CommitOptions) (Changes, error) {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return Changes{}, errors.New("the run's cache is already committed or discarded")
	}
	st.mu.Unlock()
	werr := st.drain()
	st.stopWriter()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.closed = true
	if werr != nil {
		st.discard()
		return Changes{}, werr
	}
	var ch Changes
	err := st.s.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range st.completes {
			// A Full Sync starts from an empty generation: what was not written is already
			// gone, so completeness claims have nothing to remove.
			if st.full || covered(st.failures, c) {
				continue
			}
			t := cacheTables[c.Entity]
			q := "DELETE FROM " + t.name + " WHERE integration_id = ? AND generation = ? AND seen_run <> ?"
			args := []any{st.integrationID, st.newGen, st.runID}
			if c.ParentID != "" && t.parent != "" {
				q = "DELETE FROM " + t.byParent() + " WHERE integration_id = ? AND generation = ? AND seen_run <> ? AND " + t.parent + " = ?"
				args = append(args, c.ParentID)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("drop rows deleted at the source: %w", err)
			}
		}
		if st.full {
			for _, f := range st.failures {
				t := cacheTables[f.Entity]
				args := []any{st.newGen, st.integrationID, st.oldGen}
				q := t.copySQL()
				if f.ParentID != "" && t.parent != "" {
					q = t.copyByParentSQL()
					args = append(args, f.ParentID)
				}
				if _, err := tx.ExecContext(ctx, q, args...); err != nil {
					return fmt.Errorf("keep cached %s that could not be re-read: %w", f.Entity, err)
				}
			}
		}
		// Lines of agreements that are gone are gone too.
		if _, err := tx.ExecContext(ctx, `DELETE FROM service_lines WHERE integration_id = ?1 AND generation = ?2
			AND agreement_id NOT IN (SELECT ext_id FROM agreements WHERE integration_id = ?1 AND generation = ?2)`,
			st.integrationID, st.newGen); err != nil {
			return fmt.Errorf("drop lines of removed agreements: %w", err)
		}
		for _, e := range connector.Entities {
			a, u, r, err := st.diff(ctx, tx, cacheTables[e])
			if err != nil {
				return err
			}
			ch.Added, ch.Updated, ch.Removed = ch.Added+a, ch.Updated+u, ch.Removed+r
		}
		var newest sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT MAX(m) FROM (
			SELECT MAX(updated_at) AS m FROM accounts WHERE integration_id = ?1 AND generation = ?2
			UNION ALL SELECT MAX(updated_at) FROM agreements WHERE integration_id = ?1 AND generation = ?2
			UNION ALL SELECT MAX(updated_at) FROM service_lines WHERE integration_id = ?1 AND generation = ?2
			UNION ALL SELECT MAX(updated_at) FROM subscriptions WHERE integration_id = ?1 AND generation = ?2)`,
			st.integrationID, st.newGen).Scan(&newest); err != nil {
			return fmt.Errorf("find newest source stamp: %w", err)
		}
		ch.NewestSourceAt = parseTime(newest)
		now := fmtTime(st.s.now())
		q := `UPDATE integrations SET active_generation = ?, newest_source_at = ?, last_fetched_at = ?`
		args := []any{st.newGen, fmtTime(ch.NewestSourceAt), now}
		if opts.Succeeded {
			q += `, last_success_at = ?, watermark = ?`
			args = append(args, now, fmtTime(ch.NewestSourceAt))
		}
		q += ` WHERE id = ?`
		args = append(args, st.integrationID)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("swap cache: %w", err)
		}
		for _, e := range connector.Entities {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+cacheTables[e].name+" WHERE integration_id = ? AND generation = ?", st.integrationID, st.oldGen); err != nil {
				return fmt.Errorf("drop previous cache: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		st.discard()
		return Changes{}, err
	}
	return ch, nil
}

func (st *Staging) diff(ctx context.Context, tx *sql.Tx, t table) (added, updated, removed int, err error) {
	q := func(sql string) (int, error) {
		var n int
		err := tx.QueryRowContext(ctx, sql, st.integrationID, st.newGen, st.oldGen).Scan(&n)
		return n, err
	}
	if added, err = q(`SELECT COUNT(*) FROM ` + t.name + ` n WHERE n.integration_id = ?1 AND n.generation = ?2
		AND NOT EXISTS (SELECT 1 FROM ` + t.name + ` o WHERE o.integration_id = ?1 AND o.generation = ?3 AND o.ext_id = n.ext_id)`); err != nil {
		return
	}
	if removed, err = q(`SELECT COUNT(*) FROM ` + t.name + ` o WHERE o.integration_id = ?1 AND o.generation = ?3
		AND NOT EXISTS (SELECT 1 FROM ` + t.name + ` n WHERE n.integration_id = ?1 AND n.generation = ?2 AND n.ext_id = o.ext_id)`); err != nil {
		return
	}
	updated, err = q(`SELECT COUNT(*) FROM ` + t.name + ` n JOIN ` + t.name + ` o ON o.integration_id = n.integration_id
		AND o.generation = ?3 AND o.ext_id = n.ext_id WHERE n.integration_id = ?1 AND n.generation = ?2 AND o.hash <> n.hash`)
	if err != nil {
		err = fmt.Errorf("count changes in %s: %w", t.name, err)
	}
	return
}

// Discard drops the staged cache; the previous cache stays as it was.
func (st *Staging) Discard(ctx context.Context) error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return nil
	}
	st.closed = true
	st.mu.Unlock()
	st.inflight.Wait()
	st.stopWriter()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.discardCtx(ctx)
}

func (st *Staging) discard() { _ = st.discardCtx(context.Background()) }

func (st *Staging) discardCtx(ctx context.Context) error {
	st.pending = nil
	return st.s.tx(ctx, func(tx *sql.Tx) error {
		for _, e := range connector.Entities {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+cacheTables[e].name+" WHERE integration_id = ? AND generation = ?", st.integrationID, st.newGen); err != nil {
				return fmt.Errorf("discard staged cache: %w", err)
			}
		}
		return nil
	})
}
