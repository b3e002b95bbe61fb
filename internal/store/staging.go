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
// A Full Sync starts N+1 empty: what the run does not write is gone. A QuickSync starts N+1
// as a copy of N and applies what the run writes; Complete scopes drop rows not re-read. In
// every mode a scope the connector reported as failed ends with exactly the rows it had in
// N, whatever the run wrote, deleted or retained for it.
//
// Exactly one run owns generation N+1 (integrations.staging_run): BeginStaging refuses while
// another live run owns it, and writes, Commit and Discard act only for their owner.
type Staging struct {
	s             *Store
	integrationID int64
	runID         int64
	full          bool
	oldGen        int64
	newGen        int64

	mu        sync.Mutex
	idle      *sync.Cond // on mu; signalled when inflight drops to zero
	pending   map[connector.Entity][]row
	npending  int
	inflight  int // batches handed to the writer and not yet stored
	completes []connector.Scope
	failures  []connector.Scope
	written   int
	closed    bool
	writeErr  error

	// Batches are written by one goroutine, so the connector's workers keep their requests
	// in flight while SQLite writes; the channel's capacity bounds memory.
	batches chan map[connector.Entity][]row
	sendMu  sync.RWMutex // senders hold it shared; closing the channel holds it exclusively
	writer  sync.WaitGroup
}

// flushEvery bounds memory: rows are written in transactions of this size.
const flushEvery = 1000

// ErrStagingBusy is returned by BeginStaging while another live run of the integration
// owns its staged cache.
var ErrStagingBusy = errors.New("another sync of this integration is running: wait for it to finish, then sync again")

// ErrNotOwner is returned when a run writes, commits or discards a staged cache that
// another run owns now.
var ErrNotOwner = errors.New("another sync of this integration took over its cache: sync again")

// errClosed is returned by calls after Commit or Discard.
var errClosed = errors.New("the run's cache is already committed or discarded")

// Changes counts what a committed run changed, compared with the previous cache.
type Changes struct {
	Added, Updated, Removed int
	// NewestSourceAt is the newest source modified stamp in the new cache.
	NewestSourceAt time.Time
}

// BeginStaging prepares generation N+1 for run runID and makes the run its owner.
// Leftovers of an interrupted run (one that is no longer queued or running) are cleared
// first; while another live run owns the staged cache it returns ErrStagingBusy.
func (s *Store) BeginStaging(ctx context.Context, integrationID, runID int64, full bool) (*Staging, error) {
	st := &Staging{s: s, integrationID: integrationID, runID: runID, full: full, pending: map[connector.Entity][]row{}}
	st.idle = sync.NewCond(&st.mu)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var owner sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT active_generation, staging_run FROM integrations WHERE id = ?`, integrationID).Scan(&st.oldGen, &owner)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("integration %d: %w", integrationID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if owner.Valid && owner.Int64 != runID {
			var live bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_runs WHERE id = ? AND status IN (?, ?))`,
				owner.Int64, StatusQueued, StatusRunning).Scan(&live); err != nil {
				return err
			}
			if live {
				return fmt.Errorf("run %d owns the staged cache: %w", owner.Int64, ErrStagingBusy)
			}
		}
		st.newGen = st.oldGen + 1
		if _, err := tx.ExecContext(ctx, `UPDATE integrations SET staging_run = ? WHERE id = ?`, runID, integrationID); err != nil {
			return err
		}
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

// ownTx checks, inside tx, that this run still owns the staged generation.
func (st *Staging) ownTx(ctx context.Context, tx *sql.Tx) error {
	var gen int64
	var owner sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT active_generation, staging_run FROM integrations WHERE id = ?`, st.integrationID).Scan(&gen, &owner); err != nil {
		return fmt.Errorf("check the staged cache's owner: %w", err)
	}
	if !owner.Valid || owner.Int64 != st.runID || gen != st.oldGen {
		return ErrNotOwner
	}
	return nil
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
		st.inflight--
		if st.inflight == 0 {
			st.idle.Broadcast()
		}
		st.mu.Unlock()
	}
}

// sendLocked hands the pending rows to the writer; must hold st.mu, which it releases.
// It takes sendMu before releasing st.mu: closed is set under st.mu, so a sender either
// saw closed (and never gets here) or holds sendMu until its batch is in the channel, and
// stopWriter cannot close the channel under it.
func (st *Staging) sendLocked() {
	if st.npending == 0 {
		st.mu.Unlock()
		return
	}
	b := st.pending
	st.pending = map[connector.Entity][]row{}
	st.npending = 0
	st.inflight++
	st.sendMu.RLock()
	st.mu.Unlock()
	st.batches <- b
	st.sendMu.RUnlock()
}

// drain writes everything pending and waits until it is stored.
func (st *Staging) drain() error {
	st.mu.Lock()
	st.sendLocked()
	st.mu.Lock()
	defer st.mu.Unlock()
	for st.inflight > 0 {
		st.idle.Wait()
	}
	return st.writeErr
}

// drainOpen is drain for calls that are refused once the Staging is spent.
func (st *Staging) drainOpen() error {
	st.mu.Lock()
	closed := st.closed
	st.mu.Unlock()
	if closed {
		return errClosed
	}
	return st.drain()
}

// stopWriter ends the writer goroutine; st.closed must be set and st.mu not held.
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
		return errClosed
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
	if !st.closed {
		st.completes = append(st.completes, scope)
	}
}

// Fail records that scope could not be read: Commit gives it back exactly the rows it had
// in the previous cache, whatever the run wrote for it.
func (st *Staging) Fail(scope connector.Scope) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.closed {
		st.failures = append(st.failures, scope)
	}
}

// Delete removes rows the source reported deleted.
func (st *Staging) Delete(ctx context.Context, e connector.Entity, ids ...string) error {
	if err := st.drainOpen(); err != nil {
		return err
	}
	t := cacheTables[e]
	return st.s.tx(ctx, func(tx *sql.Tx) error {
		if err := st.ownTx(ctx, tx); err != nil {
			return err
		}
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
	if err := st.drainOpen(); err != nil {
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
		if err := st.ownTx(ctx, tx); err != nil {
			return err
		}
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

// parentEntity is the entity whose changes a connector follows to re-read an entity's rows
// (ConnectWise re-reads the additions of changed agreements).
var parentEntity = map[connector.Entity]connector.Entity{
	connector.EntityAgreements:    connector.EntityAccounts,
	connector.EntityServiceLines:  connector.EntityAgreements,
	connector.EntitySubscriptions: connector.EntityAccounts,
}

// heldBack lists the entities whose watermark a run may not advance: those with a failed
// scope and, for a failure of one parent's rows (the additions of one agreement), the
// parent's entity too: a connector that re-reads children through their parent's changes
// would otherwise never re-read the children that failed.
func heldBack(failures []connector.Scope) map[connector.Entity]bool {
	out := map[connector.Entity]bool{}
	for _, f := range failures {
		out[f.Entity] = true
		if p, ok := parentEntity[f.Entity]; ok && f.ParentID != "" {
			out[p] = true
		}
	}
	return out
}

// CommitOptions say what the swap records on the integration.
type CommitOptions struct {
	// Succeeded: every section was read, so the run counts as the last successful sync.
	Succeeded bool
	// Since is the chosen date of a since-date run (zero otherwise). Such a run advances an
	// entity's watermark only when the date is at or before it: from a later date the run
	// never read the changes between the watermark and the date.
	Since time.Time
}

// Commit swaps the staged cache in and returns what changed. After Commit the Staging is
// spent. The watermark of every entity without a failed scope advances to the newest
// source stamp of its rows (see CommitOptions.Since for since-date runs).
func (st *Staging) Commit(ctx context.Context, opts CommitOptions) (Changes, error) {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return Changes{}, errClosed
	}
	// Closed before the writer stops: a late Put is refused instead of sending on a closed
	// channel.
	st.closed = true
	st.mu.Unlock()
	werr := st.drain()
	st.stopWriter()
	st.mu.Lock()
	defer st.mu.Unlock()
	if werr != nil {
		st.discard()
		return Changes{}, werr
	}
	var ch Changes
	err := st.s.tx(ctx, func(tx *sql.Tx) error {
		if err := st.ownTx(ctx, tx); err != nil {
			return err
		}
		// A failed scope gets back exactly its previous rows: what the run wrote, deleted
		// or retained for it came from a read that did not finish.
		for _, f := range st.failures {
			t := cacheTables[f.Entity]
			del := "DELETE FROM " + t.name + " WHERE integration_id = ? AND generation = ?"
			delArgs := []any{st.integrationID, st.newGen}
			cp, cpArgs := t.copySQL(), []any{st.newGen, st.integrationID, st.oldGen}
			if f.ParentID != "" && t.parent != "" {
				del = "DELETE FROM " + t.byParent() + " WHERE integration_id = ? AND generation = ? AND " + t.parent + " = ?"
				delArgs = append(delArgs, f.ParentID)
				cp, cpArgs = t.copyByParentSQL(), append(cpArgs, f.ParentID)
			}
			if _, err := tx.ExecContext(ctx, del, delArgs...); err != nil {
				return fmt.Errorf("keep cached %s that could not be re-read: %w", f.Entity, err)
			}
			if _, err := tx.ExecContext(ctx, cp, cpArgs...); err != nil {
				return fmt.Errorf("keep cached %s that could not be re-read: %w", f.Entity, err)
			}
		}
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
		if err := st.advanceWatermarks(ctx, tx, opts, &ch); err != nil {
			return err
		}
		now := fmtTime(st.s.now())
		q := `UPDATE integrations SET active_generation = ?, staging_run = NULL, newest_source_at = ?, last_fetched_at = ?`
		args := []any{st.newGen, fmtTime(ch.NewestSourceAt), now}
		if opts.Succeeded {
			q += `, last_success_at = ?`
			args = append(args, now)
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

// advanceWatermarks moves the watermark of each entity the run read completely to the
// newest source stamp of its rows in the new cache, and sets ch.NewestSourceAt.
func (st *Staging) advanceWatermarks(ctx context.Context, tx *sql.Tx, opts CommitOptions, ch *Changes) error {
	held := heldBack(st.failures)
	current := map[connector.Entity]time.Time{}
	rows, err := tx.QueryContext(ctx, `SELECT entity, at FROM watermarks WHERE integration_id = ?`, st.integrationID)
	if err != nil {
		return fmt.Errorf("read watermarks: %w", err)
	}
	for rows.Next() {
		var e string
		var at sql.NullString
		if err := rows.Scan(&e, &at); err != nil {
			rows.Close()
			return err
		}
		current[connector.Entity(e)] = parseTime(at)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range connector.Entities {
		var newest sql.NullString
		if err := tx.QueryRowContext(ctx, "SELECT MAX(updated_at) FROM "+cacheTables[e].name+" WHERE integration_id = ? AND generation = ?",
			st.integrationID, st.newGen).Scan(&newest); err != nil {
			return fmt.Errorf("find newest source stamp: %w", err)
		}
		at := parseTime(newest)
		if at.After(ch.NewestSourceAt) {
			ch.NewestSourceAt = at
		}
		if held[e] {
			continue
		}
		if !opts.Since.IsZero() {
			cur, ok := current[e]
			if !ok || cur.IsZero() || opts.Since.After(cur) {
				continue
			}
		}
		if at.IsZero() {
			if _, err := tx.ExecContext(ctx, `DELETE FROM watermarks WHERE integration_id = ? AND entity = ?`, st.integrationID, string(e)); err != nil {
				return fmt.Errorf("clear watermark of %s: %w", e, err)
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO watermarks (integration_id, entity, at) VALUES (?, ?, ?)
			ON CONFLICT (integration_id, entity) DO UPDATE SET at = excluded.at`, st.integrationID, string(e), fmtTime(at)); err != nil {
			return fmt.Errorf("advance watermark of %s: %w", e, err)
		}
	}
	return nil
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

// Discard drops the staged cache; the previous cache stays as it was. It touches nothing
// when another run owns the staged cache now (ErrNotOwner).
func (st *Staging) Discard(ctx context.Context) error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return nil
	}
	st.closed = true
	for st.inflight > 0 {
		st.idle.Wait()
	}
	st.mu.Unlock()
	st.stopWriter()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.discardCtx(ctx)
}

func (st *Staging) discard() { _ = st.discardCtx(context.Background()) }

func (st *Staging) discardCtx(ctx context.Context) error {
	st.pending = nil
	return st.s.tx(ctx, func(tx *sql.Tx) error {
		if err := st.ownTx(ctx, tx); err != nil {
			return err
		}
		for _, e := range connector.Entities {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+cacheTables[e].name+" WHERE integration_id = ? AND generation = ?", st.integrationID, st.newGen); err != nil {
				return fmt.Errorf("discard staged cache: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE integrations SET staging_run = NULL WHERE id = ?`, st.integrationID); err != nil {
			return fmt.Errorf("discard staged cache: %w", err)
		}
		return nil
	})
}
