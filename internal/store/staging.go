package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Staging is the cache a sync run builds. It writes generation N+1 of one integration
// beside the generation N readers see, and Commit swaps it in with one transaction, so
// readers never see a half-built cache and other integrations are never touched.
//
// A Full Sync starts N+1 empty and Commit swaps it in: what the run does not write is gone.
// A QuickSync or since-date run is a delta: N+1 holds only the rows the run wrote, deletions
// are kept as tombstones, and Commit applies both to generation N in its one transaction, so
// the run costs O(changes), not O(cache). Complete scopes drop rows the run did not re-read.
// In every mode a scope the connector reported as failed ends with exactly the rows it had
// in N, whatever the run wrote, deleted or retained for it.
//
// A row TrueUp wrote from the PSA's answer to a push (Store.UpdateCachedRecord) after the
// run began is never put back to an older copy the run read: only a copy with a newer
// source stamp replaces it, and neither a completeness claim nor a Full Sync drops it.
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
	started   any        // fmtTime of BeginStaging: rows pushed after it are newer than this run's reads
	pending   []connector.Record
	tombs     []connector.Record // Entity and ID of rows the source reported deleted (delta runs)
	inflight  int                // batches handed to the writer and not yet stored
	completes []connector.Scope
	failures  []connector.Scope
	written   int
	closed    bool
	writeErr  error

	// Batches are written by one goroutine, so the connector's workers keep their requests
	// in flight while SQLite writes; the channel's capacity bounds memory.
	batches chan []connector.Record
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
	st := &Staging{s: s, integrationID: integrationID, runID: runID, full: full, started: fmtTime(s.now())}
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
		_, err = tx.ExecContext(ctx, "DELETE FROM records WHERE integration_id = ? AND generation <> ?", integrationID, st.oldGen)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("prepare cache for run %d: %w", runID, err)
	}
	st.batches = make(chan []connector.Record, 2)
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
	if len(st.pending) == 0 {
		st.mu.Unlock()
		return
	}
	b := st.pending
	st.pending = nil
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

// Put stages records of any entity.
func (st *Staging) Put(_ context.Context, recs ...connector.Record) error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return errClosed
	}
	if err := st.writeErr; err != nil {
		st.mu.Unlock()
		return err
	}
	st.pending = append(st.pending, recs...)
	if len(st.pending) >= flushEvery {
		st.sendLocked()
		return nil
	}
	st.mu.Unlock()
	return nil
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

// Delete removes rows the source reported deleted. In a Full Sync it drops them from the
// staged generation; in a delta run it also keeps a tombstone that Commit applies to the
// current cache.
func (st *Staging) Delete(ctx context.Context, e connector.Entity, ids ...string) error {
	if err := st.drainOpen(); err != nil {
		return err
	}
	err := st.s.tx(ctx, func(tx *sql.Tx) error {
		if err := st.ownTx(ctx, tx); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, "DELETE FROM records WHERE integration_id = ? AND generation = ? AND entity = ? AND ext_id = ?")
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, id := range ids {
			if _, err := stmt.ExecContext(ctx, st.integrationID, st.newGen, string(e), id); err != nil {
				return fmt.Errorf("delete %s %s: %w", e, id, err)
			}
		}
		return nil
	})
	if err != nil || st.full {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	// Commit sets closed before it reads the tombstones: one added later would be lost.
	if st.closed {
		return errClosed
	}
	for _, id := range ids {
		st.tombs = append(st.tombs, connector.Record{Entity: e, ID: id})
	}
	return nil
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
	// A delta run's rows are the current cache plus what it staged; a Full Sync's are
	// only what it staged.
	q := "SELECT DISTINCT ext_id FROM records WHERE integration_id = ? AND entity = ? AND generation IN (?, ?)"
	args := []any{st.integrationID, string(e), st.newGen, st.oldGen}
	if st.full {
		args[3] = st.newGen
	}
	rows, err := st.s.db.QueryContext(ctx, q, args...)
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
func (st *Staging) writeBatch(ctx context.Context, batch []connector.Record) (int, error) {
	err := st.s.tx(ctx, func(tx *sql.Tx) error {
		if err := st.ownTx(ctx, tx); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, recordUpsert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range batch {
			if _, err := stmt.ExecContext(ctx, append([]any{st.integrationID, st.newGen}, recordArgs(r, st.runID, nil)...)...); err != nil {
				return fmt.Errorf("store %s %s: %w", r.Entity, r.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("write cache: %w", err)
	}
	return len(batch), nil
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

// outsideFailures is a condition (on the records columns of alias a) that excludes rows of
// entity e in a failed scope; all is true when the whole entity failed.
func outsideFailures(failures []connector.Scope, e connector.Entity, a string) (cond string, args []any, all bool) {
	var parents []string
	for _, f := range failures {
		if f.Entity != e {
			continue
		}
		if f.ParentID == "" {
			return "", nil, true
		}
		parents = append(parents, f.ParentID)
	}
	if len(parents) == 0 {
		return "", nil, false
	}
	cond = " AND " + a + ".parent_id NOT IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(parents)), ", ") + ")"
	for _, p := range parents {
		args = append(args, p)
	}
	return cond, args, false
}

// heldBack lists the entities whose watermark a run may not advance: those with a failed
// scope and, for a failure of one parent's rows (the additions of one agreement), the
// parent's entity too: a connector that re-reads children through their parent's changes
// would otherwise never re-read the children that failed.
func heldBack(failures []connector.Scope) map[connector.Entity]bool {
	out := map[connector.Entity]bool{}
	for _, f := range failures {
		out[f.Entity] = true
		if p := f.Entity.Parent(); p != "" && f.ParentID != "" {
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

// Commit makes what the run staged the cache readers see and returns what changed: a Full
// Sync's generation is swapped in, a delta run's rows and tombstones are applied to the
// current generation, both in one transaction. After Commit the Staging is spent. The
// watermark of every entity without a failed scope advances to the newest source stamp of
// its rows (see CommitOptions.Since for since-date runs).
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
		var err error
		if st.full {
			err = st.commitFull(ctx, tx, &ch)
		} else {
			err = st.commitDelta(ctx, tx, &ch)
		}
		if err != nil {
			return err
		}
		// The cache readers see from now on: the new generation of a Full Sync, the
		// updated current one of a delta run.
		gen := st.oldGen
		if st.full {
			gen = st.newGen
		}
		if err := st.advanceWatermarks(ctx, tx, gen, opts, &ch); err != nil {
			return err
		}
		now := fmtTime(st.s.now())
		q := `UPDATE integrations SET active_generation = ?, staging_run = NULL, newest_source_at = ?, last_fetched_at = ?`
		args := []any{gen, fmtTime(ch.NewestSourceAt), now}
		if opts.Succeeded {
			q += `, last_success_at = ?`
			args = append(args, now)
		}
		q += ` WHERE id = ?`
		args = append(args, st.integrationID)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("swap cache: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM records WHERE integration_id = ? AND generation <> ?", st.integrationID, gen); err != nil {
			return fmt.Errorf("drop previous cache: %w", err)
		}
		return nil
	})
	if err != nil {
		st.discard()
		return Changes{}, err
	}
	return ch, nil
}

// commitFull completes the staged generation of a Full Sync before it is swapped in.
func (st *Staging) commitFull(ctx context.Context, tx *sql.Tx, ch *Changes) error {
	// A failed scope gets back exactly its previous rows: what the run wrote, deleted or
	// retained for it came from a read that did not finish.
	for _, f := range st.failures {
		del := "DELETE FROM records WHERE integration_id = ? AND generation = ? AND entity = ?"
		args := []any{st.integrationID, st.newGen, string(f.Entity)}
		cp := "INSERT INTO records (integration_id, generation, " + recordCols + ") SELECT integration_id, ?, " + recordCols +
			" FROM records WHERE integration_id = ? AND generation = ? AND entity = ?"
		cpArgs := []any{st.newGen, st.integrationID, st.oldGen, string(f.Entity)}
		if f.ParentID != "" {
			del = "DELETE FROM " + byParent + " WHERE integration_id = ? AND generation = ? AND entity = ? AND parent_id = ?"
			args = append(args, f.ParentID)
			cp = "INSERT INTO records (integration_id, generation, " + recordCols + ") SELECT integration_id, ?, " + recordCols +
				" FROM " + byParent + " WHERE integration_id = ? AND generation = ? AND entity = ? AND parent_id = ?"
			cpArgs = append(cpArgs, f.ParentID)
		}
		if _, err := tx.ExecContext(ctx, del, args...); err != nil {
			return fmt.Errorf("keep cached %s that could not be re-read: %w", f.Entity.Words(), err)
		}
		if _, err := tx.ExecContext(ctx, cp+" ON CONFLICT DO NOTHING", cpArgs...); err != nil {
			return fmt.Errorf("keep cached %s that could not be re-read: %w", f.Entity.Words(), err)
		}
	}
	// A row pushed after the run began is newer than what the run read, unless the source
	// itself stamped the run's copy later.
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO records (integration_id, generation, `+recordCols+`)
		SELECT o.integration_id, ?1, o.entity, o.ext_id, o.parent_id, o.account_id, o.updated_at, o.hash, o.seen_run, o.pushed_at, o.fields, o.raw
		FROM records o WHERE o.integration_id = ?2 AND o.generation = ?3 AND o.pushed_at >= ?4
		AND NOT EXISTS (SELECT 1 FROM records n WHERE n.integration_id = o.integration_id AND n.generation = ?1
			AND n.entity = o.entity AND n.ext_id = o.ext_id AND coalesce(n.updated_at > o.updated_at, 0))`,
		st.newGen, st.integrationID, st.oldGen, st.started); err != nil {
		return fmt.Errorf("keep records updated by TrueUp during the sync: %w", err)
	}
	if _, err := st.dropOrphans(ctx, tx, st.newGen, nil); err != nil {
		return err
	}
	// Full diff: the two generations side by side.
	row := tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM records n WHERE n.integration_id = ?1 AND n.generation = ?2
			AND NOT EXISTS (SELECT 1 FROM records o WHERE o.integration_id = ?1 AND o.generation = ?3 AND o.entity = n.entity AND o.ext_id = n.ext_id)),
		(SELECT COUNT(*) FROM records n JOIN records o ON o.integration_id = n.integration_id AND o.generation = ?3
			AND o.entity = n.entity AND o.ext_id = n.ext_id WHERE n.integration_id = ?1 AND n.generation = ?2 AND o.hash <> n.hash),
		(SELECT COUNT(*) FROM records o WHERE o.integration_id = ?1 AND o.generation = ?3
			AND NOT EXISTS (SELECT 1 FROM records n WHERE n.integration_id = ?1 AND n.generation = ?2 AND n.entity = o.entity AND n.ext_id = o.ext_id))`,
		st.integrationID, st.newGen, st.oldGen)
	if err := row.Scan(&ch.Added, &ch.Updated, &ch.Removed); err != nil {
		return fmt.Errorf("count changes: %w", err)
	}
	return nil
}

// guardPushed is the condition (on staged row s) under which a delta run applies s: not
// when the cached copy was pushed after the run began, unless the source stamped s later.
const guardPushed = ` AND NOT EXISTS (SELECT 1 FROM records o WHERE o.integration_id = s.integration_id AND o.generation = ?3
	AND o.entity = s.entity AND o.ext_id = s.ext_id AND o.pushed_at >= ?4 AND NOT coalesce(s.updated_at > o.updated_at, 0))`

// commitDelta applies a delta run's staged rows and tombstones to the current generation.
// Every statement reads only what the run staged or the scopes it declared complete.
func (st *Staging) commitDelta(ctx context.Context, tx *sql.Tx, ch *Changes) error {
	// A failed scope keeps its previous rows: drop what the run staged for it.
	for _, f := range st.failures {
		q := "DELETE FROM records WHERE integration_id = ? AND generation = ? AND entity = ?"
		args := []any{st.integrationID, st.newGen, string(f.Entity)}
		if f.ParentID != "" {
			q = "DELETE FROM " + byParent + " WHERE integration_id = ? AND generation = ? AND entity = ? AND parent_id = ?"
			args = append(args, f.ParentID)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("keep cached %s that could not be re-read: %w", f.Entity.Words(), err)
		}
	}
	base := []any{st.integrationID, st.newGen, st.oldGen, st.started}
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM records s WHERE s.integration_id = ?1 AND s.generation = ?2
			AND NOT EXISTS (SELECT 1 FROM records o WHERE o.integration_id = ?1 AND o.generation = ?3 AND o.entity = s.entity AND o.ext_id = s.ext_id)),
		(SELECT COUNT(*) FROM records s JOIN records o ON o.integration_id = s.integration_id AND o.generation = ?3
			AND o.entity = s.entity AND o.ext_id = s.ext_id WHERE s.integration_id = ?1 AND s.generation = ?2 AND o.hash <> s.hash`+guardPushed+`)`,
		base...).Scan(&ch.Added, &ch.Updated); err != nil {
		return fmt.Errorf("count changes: %w", err)
	}
	removed := map[connector.Entity]bool{}
	// Tombstones first: a record deleted and then re-created in one run is staged again.
	for _, t := range st.tombs {
		cond, args, all := outsideFailures(st.failures, t.Entity, "records")
		if all {
			continue
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM records WHERE integration_id = ? AND generation = ? AND entity = ? AND ext_id = ?"+cond,
			append([]any{st.integrationID, st.oldGen, string(t.Entity), t.ID}, args...)...)
		if err != nil {
			return fmt.Errorf("drop %s deleted at the source: %w", t.Entity.Words(), err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			ch.Removed += int(n)
			removed[t.Entity] = true
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO records (integration_id, generation, `+recordCols+`)
		SELECT s.integration_id, ?3, s.entity, s.ext_id, s.parent_id, s.account_id, s.updated_at, s.hash, s.seen_run, NULL, s.fields, s.raw
		FROM records s WHERE s.integration_id = ?1 AND s.generation = ?2`+guardPushed+`
		ON CONFLICT (integration_id, generation, entity, ext_id) DO UPDATE SET parent_id = excluded.parent_id,
		account_id = excluded.account_id, updated_at = excluded.updated_at, hash = excluded.hash, seen_run = excluded.seen_run,
		pushed_at = NULL, fields = excluded.fields, raw = excluded.raw`, base...); err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	for _, c := range st.completes {
		if covered(st.failures, c) {
			continue
		}
		q := "DELETE FROM records WHERE integration_id = ? AND generation = ? AND entity = ? AND seen_run <> ?"
		args := []any{st.integrationID, st.oldGen, string(c.Entity), st.runID}
		if c.ParentID != "" {
			q = "DELETE FROM " + byParent + " WHERE integration_id = ? AND generation = ? AND entity = ? AND seen_run <> ? AND parent_id = ?"
			args = append(args, c.ParentID)
		}
		// A row pushed after the run began may be newer than the run's list.
		q += " AND (pushed_at IS NULL OR pushed_at < ?)"
		args = append(args, st.started)
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("drop rows deleted at the source: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			ch.Removed += int(n)
			removed[c.Entity] = true
		}
	}
	n, err := st.dropOrphans(ctx, tx, st.oldGen, removed)
	ch.Removed += n
	return err
}

// dropOrphans drops rows of entities that die with their parent whose parent is gone from
// generation gen. With removed set (a delta run), only children of entities that lost rows
// in this commit are checked.
func (st *Staging) dropOrphans(ctx context.Context, tx *sql.Tx, gen int64, removed map[connector.Entity]bool) (int, error) {
	total := 0
	for _, e := range connector.Entities {
		p := e.Parent()
		if !e.DiesWithParent() || (removed != nil && !removed[p]) {
			continue
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM records WHERE integration_id = ?1 AND generation = ?2 AND entity = ?3
			AND parent_id NOT IN (SELECT ext_id FROM records WHERE integration_id = ?1 AND generation = ?2 AND entity = ?4)`,
			st.integrationID, gen, string(e), string(p))
		if err != nil {
			return total, fmt.Errorf("drop %s of removed %s: %w", e.Words(), p.Words(), err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
	}
	return total, nil
}

// advanceWatermarks moves the watermark of each entity the run read completely to the
// newest source stamp of its rows in generation gen, and sets ch.NewestSourceAt. Rows
// pushed by TrueUp do not count: their stamp is newer than changes others made that no
// run has read yet.
func (st *Staging) advanceWatermarks(ctx context.Context, tx *sql.Tx, gen int64, opts CommitOptions, ch *Changes) error {
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
		if err := tx.QueryRowContext(ctx, `SELECT MAX(updated_at) FROM records INDEXED BY records_by_stamp
			WHERE integration_id = ? AND generation = ? AND entity = ? AND pushed_at IS NULL`,
			st.integrationID, gen, string(e)).Scan(&newest); err != nil {
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
	st.pending, st.tombs = nil, nil
	return st.s.tx(ctx, func(tx *sql.Tx) error {
		if err := st.ownTx(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM records WHERE integration_id = ? AND generation = ?", st.integrationID, st.newGen); err != nil {
			return fmt.Errorf("discard staged cache: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE integrations SET staging_run = NULL WHERE id = ?`, st.integrationID); err != nil {
			return fmt.Errorf("discard staged cache: %w", err)
		}
		return nil
	})
}
