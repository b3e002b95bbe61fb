package workspace

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Owner says which process runs the folder's syncs.
type Owner struct {
	Self bool // this workspace holds the folder lock
	// PID is the owner's process ID when it is another process (0 when no process owns
	// the folder, or when it is not known).
	PID int
}

// Owner says whether this workspace runs the folder's syncs, and if not, which process
// last took the folder lock.
func (s *Sync) Owner(ctx context.Context) Owner {
	w := s.w
	if w.isOwner() {
		return Owner{Self: true, PID: os.Getpid()}
	}
	pid, err := w.store.FolderOwner(ctx)
	if err != nil {
		return Owner{}
	}
	return Owner{PID: pid}
}

func (w *Workspace) isOwner() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.owner
}

// tryOwn takes the folder lock if it is free and becomes the sync owner: only then are the
// runs still queued or running orphans (their owner has died, or it would hold the lock),
// so only then are they marked failed. Then it serves the syncs other processes hand over.
func (w *Workspace) tryOwn(ctx context.Context) (bool, error) {
	ok, err := w.lock.tryLock()
	if err != nil || !ok {
		return false, err
	}
	if err := w.engine.Recover(ctx); err != nil {
		_ = w.lock.unlock()
		return false, fmt.Errorf("recover interrupted syncs: %w", err)
	}
	if err := w.store.SetFolderOwner(ctx, os.Getpid(), time.Now()); err != nil {
		_ = w.lock.unlock()
		return false, err
	}
	w.mu.Lock()
	w.owner = true
	w.mu.Unlock()
	w.background.Add(2)
	go w.serveRequests()
	go w.dailyBackups()
	if w.opts.RunSchedules {
		w.background.Add(1)
		go w.scheduler()
	}
	return true, nil
}

// awaitOwnership retries the lock until this workspace owns the folder or closes: the app
// opened during a scheduled sync becomes the owner once that sync's process exits.
func (w *Workspace) awaitOwnership() {
	defer w.background.Done()
	t := time.NewTicker(w.opts.LockRetryEvery)
	defer t.Stop()
	for {
		select {
		case <-w.life.Done():
			return
		case <-t.C:
		}
		// An error (an unwritable folder, a failed recovery) is retried: the CLI and the
		// app keep working on the cache, and hand their syncs over, meanwhile.
		if ok, _ := w.tryOwn(w.life); ok {
			return
		}
	}
}
