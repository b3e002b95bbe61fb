// Package syncengine runs sync runs: it queues them (one per integration at a time, PSA
// before vendors), builds the connector with credentials from the keychain, streams what
// the connector reads into a staged cache, swaps it in, keeps a log per run, reports
// progress as events and honours cancellation.
package syncengine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/store"
)

// CredentialsFunc returns the secret values an integration needs (from the keychain).
type CredentialsFunc func(ctx context.Context, in store.Integration, fields []connector.Field) (map[string]string, error)

// SaveSecretFunc stores a new value of one secret field of an integration in the keychain
// (a refresh token the source rotated while the run used it).
type SaveSecretFunc func(ctx context.Context, in store.Integration, key, value string) error

// Event says a run changed. Seq increases by one per event, so a listener can detect gaps.
type Event struct {
	Seq int64
	Run store.Run
}

// Options wire an Engine.
type Options struct {
	Store       *store.Store
	Registry    *connector.Registry
	Credentials CredentialsFunc
	// SaveSecret is what connectors call through connector.Config.SaveSecret. Nil: they
	// keep a rotated secret in memory only.
	SaveSecret SaveSecretFunc
	HTTPClient *http.Client     // nil: a client with a 60 s timeout per request
	Now        func() time.Time // nil: time.Now
	// ProgressEvery throttles progress events and writes, and how often a run's log lines
	// are written; zero means 250 ms.
	ProgressEvery time.Duration
	// KeepRuns is how many runs (with their logs) each integration keeps; zero means 500.
	KeepRuns int
	// Logger is the application log: each run's start and end (integration, kind, mode,
	// outcome, counts and its redacted message). Nil: nothing is logged.
	Logger *slog.Logger
}

// defaultKeepRuns bounds the sync history: older runs and their logs are pruned.
const defaultKeepRuns = 500

// Engine owns the run queue. Create it with New and stop it with Close.
type Engine struct {
	opts   Options
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu   sync.Mutex
	jobs map[int64]*job // active runs by run ID
	// byIntegration holds each integration's reserved or active run. Enqueue reserves an
	// integration here before any I/O, so two requests can never both queue a run of it.
	byIntegration map[int64]*job
	seq           int64
	subs          map[int]func(Event)
	nextSub       int

	limiters limiters
}

// New returns an engine. Call Recover once at start-up before queuing runs.
func New(opts Options) *Engine {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = 250 * time.Millisecond
	}
	if opts.KeepRuns <= 0 {
		opts.KeepRuns = defaultKeepRuns
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = httpx.NewHTTPClient()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Engine{opts: opts, ctx: ctx, cancel: cancel, jobs: map[int64]*job{}, byIntegration: map[int64]*job{}, subs: map[int]func(Event){}}
}

// Close cancels every active run and waits for them to stop.
func (e *Engine) Close() {
	e.cancel()
	e.wg.Wait()
}

// Subscribe calls f for every event until the returned function is called. f must not block.
func (e *Engine) Subscribe(f func(Event)) (unsubscribe func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := e.nextSub
	e.nextSub++
	e.subs[id] = f
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		delete(e.subs, id)
	}
}

// Seq is the sequence number of the newest event.
func (e *Engine) Seq() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.seq
}

func (e *Engine) emit(r store.Run) {
	e.mu.Lock()
	e.seq++
	ev := Event{Seq: e.seq, Run: r}
	subs := make([]func(Event), 0, len(e.subs))
	for _, f := range e.subs {
		subs = append(subs, f)
	}
	e.mu.Unlock()
	for _, f := range subs {
		f(ev)
	}
}

// Recover marks runs that were queued or running when TrueUp last stopped as failed: their
// staged data was never swapped in, so the cache is as it was before them.
func (e *Engine) Recover(ctx context.Context) error {
	runs, err := e.opts.Store.ActiveRuns(ctx)
	if err != nil {
		return err
	}
	for _, r := range runs {
		r.Status = store.StatusFailed
		r.FinishedAt = e.opts.Now()
		r.Error = "TrueUp was closed before this sync finished. Nothing from it was stored; the previous data is unchanged. Run the sync again."
		if err := e.opts.Store.SaveRun(ctx, r); err != nil {
			return err
		}
		_ = e.opts.Store.AppendLog(ctx, r.ID, store.LogLine{At: r.FinishedAt, Level: string(connector.LevelError), Section: "sync", Message: r.Error})
	}
	return nil
}

// Request asks for runs.
type Request struct {
	IntegrationIDs []int64
	Mode           connector.Mode
	Since          time.Time // for ModeSince
}

// Enqueue queues one run per integration and starts them: PSA integrations first, vendors
// when every PSA run of the request has ended. An integration that already has an active
// run keeps it (it is returned instead of a new one). The mode is decided here, so a
// queued run already says what it will do: a QuickSync with nothing to continue from is
// queued as a Full Sync.
func (e *Engine) Enqueue(ctx context.Context, req Request) ([]store.Run, error) {
	switch req.Mode {
	case connector.ModeQuick, connector.ModeFull:
	case connector.ModeSince:
		if req.Since.IsZero() {
			return nil, errors.New("sync from date needs a date (YYYY-MM-DD)")
		}
	default:
		return nil, fmt.Errorf("unknown sync mode %q: use quick, full or since", req.Mode)
	}
	if len(req.IntegrationIDs) == 0 {
		return nil, errors.New("choose at least one integration to sync")
	}
	if e.ctx.Err() != nil {
		return nil, errors.New("TrueUp is closing: sync again after it restarts")
	}
	var ids []int64
	for _, id := range req.IntegrationIDs {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}

	// Reserve every free integration of the request in one step, before any I/O; the
	// others already have a run, which is returned once its own Enqueue has queued it.
	mine, theirs := map[int64]*job{}, map[int64]*job{}
	e.mu.Lock()
	for _, id := range ids {
		if j, busy := e.byIntegration[id]; busy {
			theirs[id] = j
			continue
		}
		j := &job{engine: e, ready: make(chan struct{}), done: make(chan struct{})}
		e.byIntegration[id] = j
		mine[id] = j
	}
	e.mu.Unlock()

	picks, err := e.queue(ctx, req, ids, mine)
	if err != nil {
		return nil, err
	}
	out := make([]store.Run, 0, len(picks))
	for _, p := range picks {
		j := mine[p.in.ID]
		if j == nil {
			j = theirs[p.in.ID]
			select {
			case <-j.ready:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if !j.queued() {
				return nil, fmt.Errorf("could not queue a sync of %q at the same time as another request: sync again", p.in.Name)
			}
		}
		out = append(out, j.snapshot())
	}
	return out, nil
}

// pick is one integration of a request.
type pick struct {
	in   store.Integration
	role connector.Role
}

// queue reads the integrations, creates the run rows of the reserved ones (mine) and starts
// them. On an error nothing of mine is left registered: the reservations are released and
// run rows already written are marked failed.
func (e *Engine) queue(ctx context.Context, req Request, ids []int64, mine map[int64]*job) (picks []pick, err error) {
	var created []*job
	defer func() {
		if err == nil {
			return
		}
		for _, j := range created {
			j.run.Status, j.run.FinishedAt = store.StatusFailed, e.opts.Now()
			j.run.Error = "Could not queue this sync: " + err.Error()
			_ = e.opts.Store.SaveRun(context.Background(), j.run)
		}
		e.mu.Lock()
		for id, j := range mine {
			if e.byIntegration[id] == j {
				delete(e.byIntegration, id)
			}
		}
		e.mu.Unlock()
		for _, j := range mine {
			close(j.ready)
			close(j.done)
		}
	}()
	for _, id := range ids {
		in, err := e.opts.Store.Integration(ctx, id)
		if err != nil {
			return nil, err
		}
		f, err := e.opts.Registry.Lookup(connector.Kind(in.Kind))
		if err != nil {
			return nil, fmt.Errorf("integration %q: %w", in.Name, err)
		}
		picks = append(picks, pick{in, f.Role})
	}
	sort.SliceStable(picks, func(i, j int) bool { return picks[i].role == connector.RolePSA && picks[j].role != connector.RolePSA })

	since := ""
	if req.Mode == connector.ModeSince {
		since = req.Since.Format("2006-01-02")
	}
	var psa, vendors []*job
	for _, p := range picks {
		j := mine[p.in.ID]
		if j == nil {
			continue
		}
		mode, reason := req.Mode, ""
		if mode == connector.ModeQuick && len(p.in.Watermarks) == 0 {
			mode = connector.ModeFull
			reason = "No earlier successful sync to continue from, so this is a Full Sync: it builds the cache."
		}
		r, err := e.opts.Store.CreateRun(ctx, p.in.ID, string(mode), since)
		if err != nil {
			return nil, err
		}
		jctx, cancel := context.WithCancel(e.ctx)
		j.ctx, j.cancel, j.run, j.integration, j.sinceAt = jctx, cancel, r, p.in, req.Since
		created = append(created, j)
		if reason != "" {
			j.logf("sync", connector.LevelInfo, "%s", reason)
		}
		if p.role == connector.RolePSA {
			psa = append(psa, j)
		} else {
			vendors = append(vendors, j)
		}
	}
	if len(psa) > 0 && len(vendors) > 0 {
		names := make([]string, len(psa))
		for i, j := range psa {
			names[i] = j.integration.Name
		}
		for _, v := range vendors {
			v.setWaiting("waiting for " + strings.Join(names, ", ") + " to finish (PSA first, then vendors)")
		}
	}
	e.mu.Lock()
	for _, j := range created {
		e.jobs[j.run.ID] = j
		j.markQueued()
	}
	e.mu.Unlock()
	for _, j := range created {
		close(j.ready)
	}
	for _, j := range append(append([]*job{}, psa...), vendors...) {
		j.flushLogs()
		e.emit(j.snapshot())
	}
	for _, j := range psa {
		e.wg.Go(j.execute)
	}
	for _, j := range vendors {
		e.wg.Go(func() {
			// A vendor waits for the request's PSA runs, but a cancelled vendor run ends at
			// once instead of waiting for them.
			for _, p := range psa {
				select {
				case <-p.done:
				case <-j.ctx.Done():
				}
			}
			j.execute()
		})
	}
	return picks, nil
}

func (e *Engine) finished(j *job) {
	e.mu.Lock()
	delete(e.jobs, j.run.ID)
	if e.byIntegration[j.integration.ID] == j {
		delete(e.byIntegration, j.integration.ID)
	}
	e.mu.Unlock()
	close(j.done)
}

// Active returns the live state of an active run.
func (e *Engine) Active(runID int64) (store.Run, bool) {
	e.mu.Lock()
	j, ok := e.jobs[runID]
	e.mu.Unlock()
	if !ok {
		return store.Run{}, false
	}
	return j.snapshot(), true
}

// Waiting returns why a queued run has not started ("" when it is not waiting).
func (e *Engine) Waiting(runID int64) string {
	e.mu.Lock()
	j, ok := e.jobs[runID]
	e.mu.Unlock()
	if !ok {
		return ""
	}
	return j.waitingReason()
}

// Note returns what the connector of a running sync says about its pace, e.g. that the
// source's request budget paused it ("" when it says nothing).
func (e *Engine) Note(runID int64) string {
	e.mu.Lock()
	j, ok := e.jobs[runID]
	e.mu.Unlock()
	if !ok {
		return ""
	}
	return j.noteText()
}

// Busy reports whether the integration has an active run.
func (e *Engine) Busy(integrationID int64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.byIntegration[integrationID]
	return ok
}

// Cancel stops an active run. A queued run ends at once; a running one ends as soon as the
// connector notices, and nothing it read is stored.
func (e *Engine) Cancel(runID int64) error {
	e.mu.Lock()
	j, ok := e.jobs[runID]
	e.mu.Unlock()
	if !ok {
		return fmt.Errorf("sync run %d is not queued or running", runID)
	}
	j.cancel()
	return nil
}

// Wait blocks until the runs have ended or ctx is done.
func (e *Engine) Wait(ctx context.Context, runIDs ...int64) error {
	for _, id := range runIDs {
		e.mu.Lock()
		j, ok := e.jobs[id]
		e.mu.Unlock()
		if !ok {
			continue
		}
		select {
		case <-j.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// saveSecret is the connector.Config.SaveSecret of integration in, nil without
// Options.SaveSecret.
func (e *Engine) saveSecret(in store.Integration) func(ctx context.Context, key, value string) error {
	if e.opts.SaveSecret == nil {
		return nil
	}
	return func(ctx context.Context, key, value string) error { return e.opts.SaveSecret(ctx, in, key, value) }
}
