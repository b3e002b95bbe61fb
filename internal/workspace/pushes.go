package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// sendWait is how long Send waits for the entries to settle before it returns them as they
// are (still queued or sending: the worker goes on). A pass reads and writes one request
// per entry, each bounded by the HTTP client's timeouts, so this is a hung process's mark.
const sendWait = 2 * time.Minute

// ErrPushRefused is a PSA that refused TrueUp's credentials or permissions (401, 403):
// the entries wait in the outbox until they are fixed.
var ErrPushRefused = errors.New("the PSA refused the push")

// Send wakes the push workers for entryIDs and waits until each is pushed, failed or in
// conflict, or waits for a later attempt (the PSA could not be reached, or an entry before
// it waits); it returns their states. In a process that does not run the push workers the
// folder's owner sends them (it sees them in the outbox) and Send follows them there; a
// passive workspace returns them as they are. A PSA that refuses the credentials returns
// the entries with an error wrapping ErrPushRefused.
func (p *Pushes) Send(ctx context.Context, entryIDs []int64) ([]PushEntry, error) {
	return p.send(ctx, entryIDs, false)
}

// SendNow sends every queued entry at once, ignoring the retry backoff, settles any a
// crash left "sending" by reading the PSA, and waits like Send.
func (p *Pushes) SendNow(ctx context.Context) ([]PushEntry, error) {
	w := p.w
	if err := w.store.DueNow(ctx, 0); err != nil {
		return nil, err
	}
	ids, err := w.pendingEntryIDs(ctx)
	if err != nil {
		return nil, err
	}
	return p.send(ctx, ids, true)
}

func (p *Pushes) send(ctx context.Context, ids []int64, sendNow bool) ([]PushEntry, error) {
	w := p.w
	entries, err := w.outboxEntries(ctx, ids)
	if err != nil {
		return nil, err
	}
	integrations := map[int64]bool{}
	for _, e := range entries {
		integrations[e.IntegrationID] = true
	}
	var buildErrs []error
	for id := range integrations {
		pw, err := w.push.worker(ctx, id)
		if err != nil {
			buildErrs = append(buildErrs, err)
			delete(integrations, id)
			continue
		}
		if pw != nil {
			pw.poke(sendNow)
		}
	}
	if !w.opts.Passive && len(integrations) > 0 {
		entries, err = w.awaitSettled(ctx, ids, integrations)
		if err != nil {
			return nil, err
		}
	}
	out := w.pushEntryDTOs(ctx, entries)
	if len(buildErrs) > 0 {
		return out, fmt.Errorf("the pushes wait in the outbox: %w", errors.Join(buildErrs...))
	}
	for id := range integrations {
		if msg := w.push.refusal(id); msg != "" && anyWaiting(entries, id) {
			return out, fmt.Errorf("%w: %s; the pushes wait in the outbox: fix the API keys or the API user's permissions in the PSA, then send again", ErrPushRefused, msg)
		}
	}
	return out, nil
}

func anyWaiting(entries []store.OutboxEntry, integrationID int64) bool {
	for _, e := range entries {
		if e.IntegrationID == integrationID && pending(e.State) {
			return true
		}
	}
	return false
}

// awaitSettled re-reads the entries on every outbox change (and every PollEvery, for
// another process's) until each is settled, ctx ends or sendWait passes.
func (w *Workspace) awaitSettled(ctx context.Context, ids []int64, integrations map[int64]bool) ([]store.OutboxEntry, error) {
	deadline := time.NewTimer(sendWait)
	defer deadline.Stop()
	tick := time.NewTicker(w.opts.PollEvery)
	defer tick.Stop()
	for {
		changed := w.push.changes()
		entries, done, err := w.settled(ctx, ids, integrations)
		if err != nil || done {
			return entries, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-w.life.Done():
			return entries, nil
		case <-deadline.C:
			return entries, nil
		case <-changed:
		case <-tick.C:
		}
	}
}

// settled reads the entries and says whether each is where Send leaves it: pushed, failed,
// conflict or reverted, or waiting for a later attempt (its next attempt is in the future),
// or behind an entry of its integration that waits (entries go out in order). An entry a
// worker here has claimed is under way whatever its next-attempt time says; and the
// entries must read the same before and after the look at what waits, or the answer could
// mix two moments of a pass.
func (w *Workspace) settled(ctx context.Context, ids []int64, integrations map[int64]bool) ([]store.OutboxEntry, bool, error) {
	entries, err := w.outboxEntries(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	now := time.Now()
	blocked := map[int64]int64{} // integration -> id of its first waiting entry
	for id := range integrations {
		list, err := w.store.Outbox(ctx, id, store.OutboxQueued, store.OutboxSending)
		if err != nil {
			return nil, false, err
		}
		for _, e := range list {
			if w.push.isInflight(e.ID) {
				break
			}
			if e.NextAttemptAt.After(now) {
				blocked[id] = e.ID
				break
			}
		}
	}
	again, err := w.outboxEntries(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	for i, e := range again {
		if !e.UpdatedAt.Equal(entries[i].UpdatedAt) || e.State != entries[i].State || e.Attempts != entries[i].Attempts {
			return again, false, nil
		}
	}
	for _, e := range entries {
		if !pending(e.State) || !integrations[e.IntegrationID] {
			continue
		}
		if first, ok := blocked[e.IntegrationID]; ok && first <= e.ID && !w.push.isInflight(e.ID) {
			continue
		}
		return entries, false, nil
	}
	return entries, true, nil
}

func (w *Workspace) outboxEntries(ctx context.Context, ids []int64) ([]store.OutboxEntry, error) {
	out := make([]store.OutboxEntry, 0, len(ids))
	for _, id := range ids {
		e, err := w.store.OutboxEntry(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, inputErr("push", fmt.Sprintf("there is no push %d: list them with `trueup ledger`", id))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// pendingEntryIDs are the queued and sending entries of every integration, in id order.
func (w *Workspace) pendingEntryIDs(ctx context.Context) ([]int64, error) {
	rows, err := w.store.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, r := range rows {
		if r.Entry != nil && pending(r.Entry.State) {
			ids = append(ids, r.Entry.ID)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// Outbox lists the entries not done yet (queued, sending) and every other entry of this
// billing cycle, in the order they go out.
func (p *Pushes) Outbox(ctx context.Context) ([]PushEntry, error) {
	w := p.w
	rows, err := w.store.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		return nil, err
	}
	cycle := w.ledgerCycle()
	start := w.cycleStart(cycle)
	var entries []store.OutboxEntry
	for _, r := range rows {
		if r.Entry == nil {
			continue
		}
		if pending(r.Entry.State) || r.Decision.Cycle == cycle.String() || !r.Entry.UpdatedAt.Before(start) {
			entries = append(entries, *r.Entry)
		}
	}
	slices.SortFunc(entries, func(a, b store.OutboxEntry) int { return int(a.ID - b.ID) })
	return w.pushEntryDTOs(ctx, entries), nil
}

// Subscribe calls f with an entry on every change of its state (and of its next attempt or
// error), in this process or another one's, until the returned function is called.
func (p *Pushes) Subscribe(f func(PushEntry)) (unsubscribe func()) {
	ps := p.w.push
	ps.mu.Lock()
	id := ps.nextSub
	ps.nextSub++
	ps.subs[id] = f
	ps.mu.Unlock()
	return func() {
		ps.mu.Lock()
		delete(ps.subs, id)
		ps.mu.Unlock()
	}
}

// ledgerCycle is the billing cycle of today in the MSP's time zone.
func (w *Workspace) ledgerCycle() reconcile.Cycle {
	return reconcile.CycleOf(reconcile.Today(w.opts.Now(), w.opts.Location))
}

// cycleStart is the instant the cycle began in the MSP's time zone.
func (w *Workspace) cycleStart(c reconcile.Cycle) time.Time {
	return time.Date(c.Y, time.Month(c.M), 1, 0, 0, 0, 0, w.opts.Location)
}

func (w *Workspace) pushEntryDTOs(ctx context.Context, entries []store.OutboxEntry) []PushEntry {
	names := map[int64]string{}
	out := make([]PushEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, w.pushEntryDTO(ctx, e, names))
	}
	return out
}

// pushEntryDTO is e as the UI shows it; names caches integration names (nil: none).
func (w *Workspace) pushEntryDTO(ctx context.Context, e store.OutboxEntry, names map[int64]string) PushEntry {
	dto := PushEntry{ID: e.ID, DecisionID: e.DecisionID, State: string(e.State), Attempts: e.Attempts,
		NextAttemptAt: fmtTime(e.NextAttemptAt), LastError: e.LastError, UpdatedAt: fmtTime(e.UpdatedAt)}
	var wr reconcile.Write
	if json.Unmarshal(e.Write, &wr) == nil {
		dto.Preview = wr.Preview
	}
	if d, err := w.store.Decision(ctx, e.DecisionID); err == nil {
		dto.CardID, dto.Revert = d.CardID, d.Action == store.ActionRevert
	}
	name, ok := names[e.IntegrationID]
	if !ok {
		name = fmt.Sprintf("integration %d (removed)", e.IntegrationID)
		if in, err := w.store.Integration(ctx, e.IntegrationID); err == nil {
			name = in.Name
		}
		if names != nil {
			names[e.IntegrationID] = name
		}
	}
	dto.Integration = name
	if e.State == store.OutboxQueued || e.State == store.OutboxSending {
		dto.Waiting = w.push.waitingNote(e.IntegrationID)
	}
	return dto
}
