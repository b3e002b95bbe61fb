package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

const (
	// handoverTimeout is how long a non-owner waits for the owner to take its request.
	// The owner answers within PollEvery; waiting longer means it is hung.
	handoverTimeout = 30 * time.Second
	// requestTTL drops requests nobody answered: a live requester takes the folder lock
	// within LockRetryEvery of the owner leaving, and answers its own request then.
	requestTTL = 2 * time.Minute
)

// handOver asks the folder's sync owner (another process) to run req and returns the runs
// it started, or already had, for it. Times here are the wall clock, not opts.Now: they
// are compared by two processes.
func (w *Workspace) handOver(ctx context.Context, req SyncRequest) ([]Run, error) {
	id, err := w.store.AddSyncRequest(ctx, store.SyncRequest{IntegrationIDs: req.IntegrationIDs, Mode: req.Mode, Since: req.Since,
		RequestedBy: os.Getpid(), RequestedAt: time.Now()})
	if err != nil {
		return nil, err
	}
	// Answered or not, the request is done with when this returns; an owner that takes it
	// later still runs it (the user asked for it), it just cannot answer.
	defer func() { _ = w.store.DeleteSyncRequest(context.WithoutCancel(ctx), id) }()
	deadline := time.NewTimer(handoverTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(w.opts.PollEvery)
	defer tick.Stop()
	for {
		r, err := w.store.SyncRequest(ctx, id)
		if err != nil {
			return nil, err
		}
		if r.State == store.RequestAnswered {
			if r.Error != "" {
				return nil, errors.New(r.Error)
			}
			return w.runsByID(ctx, r.RunIDs)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-deadline.C:
			return nil, fmt.Errorf("the TrueUp process that runs this folder's syncs (%s) did not take the sync within %s: close it, or end it if it does not respond, and try again",
				w.describeOwner(ctx), handoverTimeout)
		case <-tick.C:
		}
	}
}

func (w *Workspace) runsByID(ctx context.Context, ids []int64) ([]Run, error) {
	runs := make([]store.Run, 0, len(ids))
	for _, id := range ids {
		r, err := w.store.Run(ctx, id)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return w.runDTOs(ctx, runs)
}

// serveRequests is the owner's side: it turns requests other processes handed over into
// runs until the workspace closes.
func (w *Workspace) serveRequests() {
	defer w.background.Done()
	t := time.NewTicker(w.opts.PollEvery)
	defer t.Stop()
	for {
		w.answerRequests(w.life)
		select {
		case <-w.life.Done():
			return
		case <-t.C:
		}
	}
}

func (w *Workspace) answerRequests(ctx context.Context) {
	if err := w.store.DropSyncRequestsBefore(ctx, time.Now().Add(-requestTTL)); err != nil {
		return // the database is busy or closing: next tick
	}
	reqs, err := w.store.PendingSyncRequests(ctx)
	if err != nil {
		return
	}
	for _, req := range reqs {
		runs, err := w.startHere(ctx, SyncRequest{IntegrationIDs: req.IntegrationIDs, Mode: req.Mode, Since: req.Since})
		if ctx.Err() != nil {
			return // closing: the request stays pending for the next owner
		}
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		ids := make([]int64, len(runs))
		for i, r := range runs {
			ids[i] = r.ID
			_ = w.store.AppendLog(ctx, r.ID, store.LogLine{At: w.opts.Now(), Level: string(connector.LevelInfo), Section: "sync",
				Message: fmt.Sprintf("Another TrueUp process on this computer (pid %d) asked for this sync; this one runs it.", req.RequestedBy)})
		}
		_ = w.store.AnswerSyncRequest(ctx, req.ID, ids, msg)
	}
}

// describeOwner names the owning process for messages.
func (w *Workspace) describeOwner(ctx context.Context) string {
	if pid := w.Sync().Owner(ctx).PID; pid > 0 {
		return fmt.Sprintf("pid %d", pid)
	}
	return "another process"
}
