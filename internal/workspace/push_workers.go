package workspace

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/redact"
	"github.com/trueup/trueup/internal/store"
)

// The push side of a workspace. Only the folder's lock owner runs push workers, one
// push.Worker per PSA integration, as it alone runs syncs: the outbox has no lease, so two
// processes' workers could not tell an entry in flight from one a crash left. Every other
// process hands its pushes over through the outbox itself: an approval it records is seen
// by the owner's watch (below) and sent; "Send now" there makes the waiting entries due
// (store.DueNow); and it follows what the owner does by reading the entries. A passive
// workspace (read-only CLI commands) records approvals but waits for nobody.

// pushers holds the owner's workers and tells subscribers about every entry change, in
// this process or another one.
type pushers struct {
	w *Workspace

	mu      sync.Mutex
	workers map[int64]*pushWorker
	// seen is the last change of each entry told to subscribers (dedup across the
	// worker's own reports and the watch).
	seen    map[int64]time.Time
	seenKey map[int64]string
	// inflight are the entries this process's workers have claimed and not yet moved on:
	// a claimed entry keeps its last next-attempt time, so only this tells it from one
	// that waits.
	inflight map[int64]bool
	// refused is, per integration, the PSA's 401/403 message until a pass gets through.
	refused map[int64]string
	// waiting is, per integration, why its push writer holds its requests now, as the writer
	// says it (an Autotask budget pause: "Autotask API usage 93%: pushes wait until it is
	// under 75%"), shown on Sync Status and the waiting push rows whether or not a sync runs.
	waiting map[int64]string
	// newSecrets are integrations whose credentials were stored since the watch last looked:
	// a worker that could not be built for want of them is tried again (an integration's
	// UpdatedAt need not move when only its keychain items do).
	newSecrets map[int64]bool
	subs       map[int]func(PushEntry)
	nextSub    int
	changed    chan struct{} // closed and replaced on every change: waiters look again
	lastScan   time.Time

	emitMu sync.Mutex // one change told at a time, so subscribers see each entry's in order
	// startMu makes starts one at a time: a replaced worker has stopped before its
	// successor runs, so two never hold one integration's entries.
	startMu sync.Mutex
}

// pushWorker is one running push.Worker.
type pushWorker struct {
	updatedAt time.Time // the integration's UpdatedAt it was built from: an edit rebuilds it
	wake      chan bool
	cancel    context.CancelFunc
	done      chan struct{}
}

func newPushers(w *Workspace) *pushers {
	return &pushers{w: w, workers: map[int64]*pushWorker{}, seen: map[int64]time.Time{}, seenKey: map[int64]string{},
		refused: map[int64]string{}, waiting: map[int64]string{}, newSecrets: map[int64]bool{}, inflight: map[int64]bool{}, subs: map[int]func(PushEntry){}, changed: make(chan struct{}),
		lastScan: w.opts.Now().Add(-time.Minute)}
}

// watch runs until the workspace closes: it keeps one worker per PSA integration while
// this workspace owns the folder, and tells subscribers what changed in the outbox, also
// what other processes did (an approval from the CLI is sent from here).
func (p *pushers) watch() {
	defer p.w.background.Done()
	t := time.NewTicker(p.w.opts.PollEvery)
	defer t.Stop()
	// failed holds, per integration whose worker could not be built (its credentials are
	// not in the keychain, or its settings are wrong), the UpdatedAt it was tried at; its
	// entries wait in the outbox.
	failed := map[int64]time.Time{}
	for {
		if p.w.isOwner() {
			p.keepWorkers(p.w.life, failed)
		}
		p.scan(p.w.life)
		select {
		case <-p.w.life.Done():
			p.stopAll()
			return
		case <-t.C:
		}
	}
}

// keepWorkers starts a worker for every PSA integration that has none (or whose settings
// changed) and stops those of integrations that are gone. An integration whose worker
// could not be built is tried again when it changes (new credentials or settings), or
// when the user sends: reading the keychain every tick could prompt every tick.
func (p *pushers) keepWorkers(ctx context.Context, failed map[int64]time.Time) {
	list, err := p.w.store.Integrations(ctx)
	if err != nil {
		return // busy or closing: next tick
	}
	p.mu.Lock()
	for id := range p.newSecrets {
		delete(failed, id)
	}
	clear(p.newSecrets)
	p.mu.Unlock()
	want := map[int64]bool{}
	for _, in := range list {
		if !isPushable(p.w, in) {
			continue
		}
		want[in.ID] = true
		p.mu.Lock()
		cur := p.workers[in.ID]
		p.mu.Unlock()
		if cur != nil && cur.updatedAt.Equal(in.UpdatedAt) {
			continue
		}
		if at, ok := failed[in.ID]; ok && at.Equal(in.UpdatedAt) {
			continue
		}
		if err := p.start(ctx, in, false); err != nil {
			failed[in.ID] = in.UpdatedAt
			if p.w.opts.Logger != nil {
				p.w.opts.Logger.Warn("push worker not started; its pushes wait in the outbox", "integration", in.Name, "error", err)
			}
			continue
		}
		delete(failed, in.ID)
	}
	p.mu.Lock()
	var gone []*pushWorker
	for id, pw := range p.workers {
		if !want[id] {
			gone = append(gone, pw)
			delete(p.workers, id)
		}
	}
	p.mu.Unlock()
	for _, pw := range gone {
		pw.stop()
	}
}

// secretsStored tells the watch that an integration's credentials were stored, so a worker
// that could not be built without them is tried again at the next tick.
func (p *pushers) secretsStored(integrationID int64) {
	p.mu.Lock()
	p.newSecrets[integrationID] = true
	p.mu.Unlock()
}

// isPushable says whether TrueUp pushes to the integration (a PSA whose kind can push).
func isPushable(w *Workspace, in store.Integration) bool {
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	return err == nil && f.Role == connector.RolePSA && f.Capabilities.Push
}

// start builds the integration's worker (credentials from the keychain, the engine's
// shared limiter) and runs it, replacing a running one built from an older integration
// (or any running one, with force).
func (p *pushers) start(ctx context.Context, in store.Integration, force bool) error {
	p.startMu.Lock()
	defer p.startMu.Unlock()
	p.mu.Lock()
	cur := p.workers[in.ID]
	p.mu.Unlock()
	if !force && cur != nil && cur.updatedAt.Equal(in.UpdatedAt) {
		return nil // another caller started it meanwhile
	}
	psa, err := p.w.psaWriter(ctx, in)
	if err != nil {
		return err
	}
	if n, ok := psa.(noteTeller); ok {
		id := in.ID
		n.OnNote(func(text string) { p.setWaiting(id, text) })
	}
	wctx, cancel := context.WithCancel(p.w.life)
	pw := &pushWorker{updatedAt: in.UpdatedAt, wake: make(chan bool, 1), cancel: cancel, done: make(chan struct{})}
	wk := &push.Worker{IntegrationID: in.ID, PSA: psa, Outbox: reportingOutbox{store: p.w.store, p: p},
		Today: func() reconcile.Date { return reconcile.Today(p.w.opts.Now(), p.w.opts.Location) }}
	wk.OnPass = func(res push.Result, err error) {
		p.mu.Lock()
		switch {
		case res.Refused != "":
			p.refused[in.ID] = res.Refused
		case res.Pushed+res.Failed+res.Conflicts > 0: // the PSA took the credentials
			delete(p.refused, in.ID)
		}
		p.mu.Unlock()
		p.broadcast()
	}
	p.mu.Lock()
	old := p.workers[in.ID]
	p.workers[in.ID] = pw
	p.mu.Unlock()
	if old != nil {
		old.stop()
	}
	go func() {
		defer close(pw.done)
		_ = wk.Run(wctx, pw.wake)
	}()
	return nil
}

// psaWriter builds the push writer of a PSA integration as a sync builds its
// connector: the keychain's credentials and the engine's limiter, so a push and a sync of
// one integration draw on one request budget.
func (w *Workspace) psaWriter(ctx context.Context, in store.Integration) (any, error) {
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if err != nil {
		return nil, err
	}
	creds, err := w.credentials(ctx, in, f.Secrets)
	if err != nil {
		return nil, fmt.Errorf("TrueUp cannot push to %q: %w", in.Name, err)
	}
	red := redact.New()
	for _, v := range creds {
		red.Add(v)
	}
	conn, err := f.New(connector.Config{Name: in.Name, BaseURL: in.BaseURL, Settings: in.Settings, Secrets: creds,
		HTTPClient: w.opts.HTTPClient, Concurrency: in.Concurrency, Limiter: w.engine.Limiter(in, f), Redact: red,
		SaveSecret: func(ctx context.Context, key, value string) error { return w.saveSecret(ctx, in, key, value) }})
	if err != nil {
		return nil, fmt.Errorf("TrueUp cannot push to %q: its settings need attention: %w", in.Name, err)
	}
	pw, ok := conn.(connector.Pusher)
	if !ok || !f.Capabilities.Push {
		return nil, fmt.Errorf("TrueUp cannot push to %q: it does not push to %s", in.Name, f.Label)
	}
	return pw.PushWriter(), nil
}

func (pw *pushWorker) stop() {
	pw.cancel()
	<-pw.done
}

// poke wakes the worker; sendNow (the user's "Send now") wins over a plain wake waiting.
func (pw *pushWorker) poke(sendNow bool) {
	select {
	case pw.wake <- sendNow:
		return
	default:
	}
	if sendNow {
		select {
		case <-pw.wake:
		default:
		}
		select {
		case pw.wake <- true:
		default:
		}
	}
}

func (p *pushers) stopAll() {
	p.mu.Lock()
	list := make([]*pushWorker, 0, len(p.workers))
	for id, pw := range p.workers {
		list = append(list, pw)
		delete(p.workers, id)
	}
	p.mu.Unlock()
	for _, pw := range list {
		pw.stop()
	}
}

// worker is the running worker of an integration, starting it if this workspace owns the
// folder and it has none yet (the user sends before the watch's first tick, or after its
// credentials were fixed). nil, nil: this workspace does not run pushes.
func (p *pushers) worker(ctx context.Context, integrationID int64) (*pushWorker, error) {
	if !p.w.isOwner() {
		return nil, nil
	}
	in, err := p.w.store.Integration(ctx, integrationID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("the PSA integration of this push (id %d) was removed: its pushes cannot go out", integrationID)
	}
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	pw := p.workers[integrationID]
	p.mu.Unlock()
	// A worker built from older settings or credentials, or whose last pass the PSA
	// refused, is built again: the user sends after fixing them, maybe in a keychain TrueUp
	// did not see change.
	if pw != nil && pw.updatedAt.Equal(in.UpdatedAt) && p.refusal(integrationID) == "" {
		return pw, nil
	}
	if !isPushable(p.w, in) {
		return nil, fmt.Errorf("TrueUp cannot push to %q: it does not push to that kind of PSA (%s)", in.Name, in.Kind)
	}
	if err := p.start(ctx, in, pw != nil && pw.updatedAt.Equal(in.UpdatedAt)); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.workers[integrationID], nil
}

// noteTeller is a push writer that says why its requests wait (the Autotask writer).
type noteTeller interface {
	OnNote(note func(text string))
}

// setWaiting records why integrationID's pushes wait ("" when they no longer do) and tells
// the subscribers, whose screens re-read the status and the pushes.
func (p *pushers) setWaiting(integrationID int64, text string) {
	p.mu.Lock()
	if p.waiting[integrationID] == text {
		p.mu.Unlock()
		return
	}
	if text == "" {
		delete(p.waiting, integrationID)
	} else {
		p.waiting[integrationID] = text
	}
	p.mu.Unlock()
	p.broadcast()
}

// waitingNote is why integrationID's pushes wait now ("" when nothing holds them).
func (p *pushers) waitingNote(integrationID int64) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waiting[integrationID]
}

func (p *pushers) refusal(integrationID int64) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refused[integrationID]
}

// scan tells subscribers about entries changed since the last scan (by any process) and,
// in the owner, wakes the worker of an integration with a new entry that is due.
func (p *pushers) scan(ctx context.Context) {
	// Entries carry the store's clock (the workspace's), so the scan does too.
	since := p.lastScan
	now := p.w.opts.Now()
	list, err := p.w.store.OutboxUpdatedSince(ctx, since.Add(-time.Second))
	if err != nil {
		return
	}
	p.lastScan = now
	owner := p.w.isOwner()
	for _, e := range list {
		if !p.report(ctx, e) || !owner || !pending(e.State) {
			continue
		}
		if e.NextAttemptAt.IsZero() || !e.NextAttemptAt.After(time.Now()) {
			p.mu.Lock()
			pw := p.workers[e.IntegrationID]
			p.mu.Unlock()
			if pw != nil {
				pw.poke(false)
			}
		}
	}
}

func pending(s store.OutboxState) bool { return s == store.OutboxQueued || s == store.OutboxSending }

// report tells subscribers about e unless they have heard of this change, or a later one,
// already; it says whether it was news.
func (p *pushers) report(ctx context.Context, e store.OutboxEntry) bool {
	p.emitMu.Lock()
	defer p.emitMu.Unlock()
	key := fmt.Sprintf("%s|%d|%s|%s", e.State, e.Attempts, e.NextAttemptAt, e.LastError)
	p.mu.Lock()
	last, ok := p.seen[e.ID]
	news := !ok || e.UpdatedAt.After(last) || (e.UpdatedAt.Equal(last) && p.seenKey[e.ID] != key)
	if news {
		p.seen[e.ID], p.seenKey[e.ID] = e.UpdatedAt, key
	}
	subs := make([]func(PushEntry), 0, len(p.subs))
	for _, f := range p.subs {
		subs = append(subs, f)
	}
	p.mu.Unlock()
	if !news {
		return false
	}
	if !pending(e.State) || e.LastError != "" {
		p.w.log().Info("push changed", "push", e.ID, "integration_id", e.IntegrationID, "state", string(e.State), "attempts", e.Attempts, "error", e.LastError)
	}
	if len(subs) > 0 {
		dto := p.w.pushEntryDTO(ctx, e, nil)
		for _, f := range subs {
			f(dto)
		}
	}
	p.broadcast()
	return true
}

func (p *pushers) setInflight(id int64, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.inflight[id] = true
	} else {
		delete(p.inflight, id)
	}
}

func (p *pushers) isInflight(id int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inflight[id]
}

// broadcast wakes everyone waiting for a change.
func (p *pushers) broadcast() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *pushers) changes() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.changed
}

// reportingOutbox is the store as the worker sees it, telling subscribers about every
// move the worker makes as soon as it is committed: queued -> sending -> pushed reach the
// window as they happen, not at the next scan.
type reportingOutbox struct {
	store *store.Store
	p     *pushers
}

func (o reportingOutbox) Outbox(ctx context.Context, integrationID int64, states ...store.OutboxState) ([]store.OutboxEntry, error) {
	return o.store.Outbox(ctx, integrationID, states...)
}

func (o reportingOutbox) CachedRecord(ctx context.Context, integrationID int64, entity connector.Entity, extID string) (connector.Record, error) {
	return o.store.CachedRecord(ctx, integrationID, entity, extID)
}

func (o reportingOutbox) after(ctx context.Context, id int64, err error) error {
	if err != nil {
		return err
	}
	if e, rerr := o.p.w.store.OutboxEntry(ctx, id); rerr == nil {
		o.p.report(ctx, e)
	}
	return nil
}

func (o reportingOutbox) ClaimOutbox(ctx context.Context, id int64, from store.OutboxState, attempts int) error {
	err := o.store.ClaimOutbox(ctx, id, from, attempts)
	if err == nil {
		o.p.setInflight(id, true)
	}
	return o.after(ctx, id, err)
}

func (o reportingOutbox) MoveOutbox(ctx context.Context, id int64, from, to store.OutboxState, c store.OutboxChange) error {
	err := o.store.MoveOutbox(ctx, id, from, to, c)
	o.p.setInflight(id, false)
	return o.after(ctx, id, err)
}

func (o reportingOutbox) RecordPushed(ctx context.Context, id int64, answer store.PSAAnswer, rec *connector.Record) error {
	err := o.store.RecordPushed(ctx, id, answer, rec)
	o.p.setInflight(id, false)
	if err := o.after(ctx, id, err); err != nil {
		return err
	}
	// A revert's push moved the entry it undoes to reverted in the same commit.
	if d, err := o.p.w.store.Decision(ctx, o.decisionOf(ctx, id)); err == nil && d.RevertOf != 0 {
		if e, err := o.p.w.store.OutboxEntry(ctx, d.RevertOf); err == nil {
			o.p.report(ctx, e)
		}
	}
	return nil
}

func (o reportingOutbox) decisionOf(ctx context.Context, id int64) int64 {
	e, err := o.p.w.store.OutboxEntry(ctx, id)
	if err != nil {
		return 0
	}
	return e.DecisionID
}
