package syncengine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// job is one active run. Its run field is the live state; it is written to the store at
// every state change and, throttled, while progressing.
type job struct {
	engine      *Engine
	ctx         context.Context
	cancel      context.CancelFunc
	integration store.Integration
	sinceAt     time.Time
	done        chan struct{}

	release sync.Once // takes the run off the engine's active list, once

	mu        sync.Mutex
	run       store.Run
	requests  connector.RequestCounter // the connector's counter while it syncs, if it has one
	waiting   string
	sections  []string
	failed    map[string]string
	lastFlush time.Time
}

func (j *job) snapshot() store.Run {
	j.mu.Lock()
	defer j.mu.Unlock()
	r := j.run
	r.Sections = slices.Clone(r.Sections)
	return r
}

func (j *job) setWaiting(s string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.waiting = s
}

func (j *job) waitingReason() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.waiting
}

// save writes the run and emits an event.
func (j *job) save() {
	r := j.snapshot()
	// A background context: the run's own may be cancelled, and its end must be recorded.
	if err := j.engine.opts.Store.SaveRun(context.Background(), r); err != nil {
		j.logf("sync", connector.LevelError, "could not save the run's state: %v", err)
	}
	j.engine.emit(r)
}

func (j *job) logf(section string, level connector.Level, format string, args ...any) {
	line := store.LogLine{At: j.engine.opts.Now(), Level: string(level), Section: section, Message: fmt.Sprintf(format, args...)}
	_ = j.engine.opts.Store.AppendLog(context.Background(), j.run.ID, line)
}

// finish takes the run off the engine's active list (idempotent).
func (j *job) finish() { j.release.Do(func() { j.engine.finished(j) }) }

func (j *job) execute() {
	e := j.engine
	defer j.finish()
	if j.ctx.Err() != nil {
		j.end(store.StatusCancelled, "Cancelled before it started. Nothing was read; the cached data is unchanged.", nil)
		return
	}
	now := e.opts.Now()
	j.mu.Lock()
	j.waiting = ""
	j.run.Status = store.StatusRunning
	j.run.StartedAt, j.run.ProgressAt = now, now
	j.mu.Unlock()
	j.save()

	conn, req, err := j.prepare()
	if err != nil {
		j.end(store.StatusFailed, err.Error(), nil)
		return
	}
	full := req.Mode == connector.ModeFull
	staging, err := e.opts.Store.BeginStaging(j.ctx, j.integration.ID, j.run.ID, full)
	if err != nil {
		j.end(store.StatusFailed, "Could not prepare the local cache: "+err.Error(), nil)
		return
	}
	sink := &runSink{job: j, staging: staging}
	if rc, ok := conn.(connector.RequestCounter); ok {
		j.mu.Lock()
		j.requests = rc // progress saves read it, so the request count moves during the run
		j.mu.Unlock()
	}
	syncErr := conn.Sync(j.ctx, req, sink)
	if rc, ok := conn.(connector.RequestCounter); ok {
		j.mu.Lock()
		j.run.Requests = rc.Requests()
		j.mu.Unlock()
	}
	switch {
	case j.ctx.Err() != nil:
		_ = staging.Discard(context.Background())
		j.end(store.StatusCancelled, "Cancelled. Nothing from this run was stored; the cached data is unchanged.", nil)
	case syncErr != nil:
		_ = staging.Discard(context.Background())
		if msg := connector.UserMessage(syncErr); !strings.HasSuffix(syncErr.Error(), msg) {
			j.logf("sync", connector.LevelError, "Error detail: %v", syncErr) // context the summary leaves out
		}
		j.end(store.StatusFailed, strings.TrimSuffix(connector.UserMessage(syncErr), ".")+". Nothing from this run was stored; the cached data is unchanged.", nil)
	default:
		j.mu.Lock()
		partial := len(j.failed) > 0
		j.mu.Unlock()
		ch, err := staging.Commit(context.Background(), store.CommitOptions{Succeeded: !partial})
		if err != nil {
			j.end(store.StatusFailed, "Could not store what was read: "+err.Error(), nil)
			return
		}
		status := store.StatusSucceeded
		msg := ""
		if partial {
			status = store.StatusPartial
			msg = "Some sections could not be read; their cached data was kept. Open the log for details, then sync again."
		}
		j.end(status, msg, &ch)
	}
}

// prepare builds the connector and the request: it loads the secrets and turns a
// QuickSync without a watermark into a Full Sync.
func (j *job) prepare() (connector.Connector, connector.Request, error) {
	e := j.engine
	f, err := e.opts.Registry.Lookup(connector.Kind(j.integration.Kind))
	if err != nil {
		return nil, connector.Request{}, err
	}
	secrets, err := e.opts.Credentials(j.ctx, j.integration, f.Secrets)
	if err != nil {
		return nil, connector.Request{}, fmt.Errorf("could not read the credentials: %w", err)
	}
	conn, err := f.New(connector.Config{
		Name: j.integration.Name, BaseURL: j.integration.BaseURL, Settings: j.integration.Settings,
		Secrets: secrets, HTTPClient: e.opts.HTTPClient, Concurrency: j.integration.Concurrency,
	})
	if err != nil {
		return nil, connector.Request{}, fmt.Errorf("the integration's settings need attention: %w", err)
	}
	req := connector.Request{Mode: connector.Mode(j.run.Mode)}
	switch req.Mode {
	case connector.ModeQuick:
		if j.integration.Watermark.IsZero() {
			j.logf("sync", connector.LevelInfo, "No earlier successful sync to continue from: running a Full Sync to build the cache.")
			req.Mode = connector.ModeFull
			j.mu.Lock()
			j.run.Mode = string(connector.ModeFull)
			j.mu.Unlock()
		} else {
			req.Since = j.integration.Watermark
			if f.Capabilities.ChangeFilter {
				j.logf("sync", connector.LevelInfo, "QuickSync: reading changes since %s (the newest change the last successful sync stored).", j.integration.Watermark.UTC().Format("2006-01-02 15:04:05 MST"))
			} else {
				j.logf("sync", connector.LevelInfo, "QuickSync: the %s API cannot list only what changed, so TrueUp reads the lists and compares them with the cache on this computer; only real changes are stored.", f.Label)
			}
		}
	case connector.ModeSince:
		req.Since = j.sinceAt
		j.logf("sync", connector.LevelInfo, "Sync from date: reading changes since %s.", j.sinceAt.Format("2006-01-02"))
	case connector.ModeFull:
		j.logf("sync", connector.LevelInfo, "Full Sync: reading everything; the current cache stays readable until the new one is complete.")
	}
	return conn, req, nil
}

func (j *job) end(status, msg string, ch *store.Changes) {
	e := j.engine
	now := e.opts.Now()
	j.mu.Lock()
	j.run.Status = status
	j.run.FinishedAt = now
	j.run.Error = msg
	j.run.Section = ""
	if ch != nil {
		j.run.Added, j.run.Updated, j.run.Removed = ch.Added, ch.Updated, ch.Removed
	}
	j.run.Sections = j.sectionResults()
	run := j.run
	j.mu.Unlock()

	took := time.Duration(0)
	if !run.StartedAt.IsZero() {
		took = now.Sub(run.StartedAt).Round(100 * time.Millisecond)
	}
	switch status {
	case store.StatusSucceeded, store.StatusPartial:
		if run.Added+run.Updated+run.Removed == 0 {
			j.logf("sync", connector.LevelInfo, "Finished in %s (%d requests): nothing new at the source since the last sync.", took, run.Requests)
		} else {
			j.logf("sync", connector.LevelInfo, "Finished in %s (%d requests): %d added, %d updated, %d removed.", took, run.Requests, run.Added, run.Updated, run.Removed)
		}
		if ch != nil && !ch.NewestSourceAt.IsZero() {
			j.logf("sync", connector.LevelInfo, "Newest change the source holds: %s.", ch.NewestSourceAt.UTC().Format("2006-01-02 15:04 MST"))
		}
		if status == store.StatusPartial {
			j.logf("sync", connector.LevelWarn, "%s", msg)
		}
	case store.StatusFailed:
		j.logf("sync", connector.LevelError, "Failed after %s: %s", took, msg)
	case store.StatusCancelled:
		j.logf("sync", connector.LevelWarn, "%s", msg)
	}
	// Store the end, take the run off the active list, and only then tell listeners: a
	// listener that re-reads the status on this event must already see the integration idle.
	r := j.snapshot()
	if err := e.opts.Store.SaveRun(context.Background(), r); err != nil {
		j.logf("sync", connector.LevelError, "could not save the run's state: %v", err)
	}
	j.finish()
	e.emit(r)
}

// sectionResults lists the sections the connector worked on, in order; must hold j.mu.
func (j *job) sectionResults() []store.Section {
	out := make([]store.Section, 0, len(j.sections))
	for _, s := range j.sections {
		r := store.Section{Name: s, Status: "ok"}
		if msg, bad := j.failed[s]; bad {
			r.Status, r.Error = "failed", msg
		}
		out = append(out, r)
	}
	return out
}

// touch notes activity in section; must hold j.mu.
func (j *job) touchLocked(section string) {
	j.run.ProgressAt = j.engine.opts.Now()
	if section == "" || section == "http" || section == "sync" {
		return
	}
	if !slices.Contains(j.sections, section) {
		j.sections = append(j.sections, section)
	}
}

// progressed persists and emits at most every ProgressEvery.
func (j *job) progressed() {
	j.mu.Lock()
	now := j.engine.opts.Now()
	due := now.Sub(j.lastFlush) >= j.engine.opts.ProgressEvery
	if due {
		j.lastFlush = now
		j.run.Sections = j.sectionResults()
		if j.requests != nil {
			j.run.Requests = j.requests.Requests()
		}
	}
	j.mu.Unlock()
	if due {
		j.save()
	}
}

// runSink is the connector.Sink of one run.
type runSink struct {
	job     *job
	staging *store.Staging
}

var _ connector.Sink = (*runSink)(nil)

func (s *runSink) Logf(section string, level connector.Level, format string, args ...any) {
	s.job.mu.Lock()
	s.job.touchLocked(section)
	s.job.mu.Unlock()
	s.job.logf(section, level, format, args...)
}

func (s *runSink) Progress(section string, done, total int) {
	s.job.mu.Lock()
	s.job.touchLocked(section)
	s.job.run.Section, s.job.run.ProgressDone, s.job.run.ProgressTotal = section, done, total
	s.job.mu.Unlock()
	s.job.progressed()
}

func (s *runSink) put(err error) error {
	s.job.mu.Lock()
	s.job.run.ProgressAt = s.job.engine.opts.Now()
	s.job.mu.Unlock()
	return err
}

func (s *runSink) PutAccounts(ctx context.Context, rows ...connector.Account) error {
	return s.put(s.staging.PutAccounts(ctx, rows...))
}

func (s *runSink) PutAgreements(ctx context.Context, rows ...connector.Agreement) error {
	return s.put(s.staging.PutAgreements(ctx, rows...))
}

func (s *runSink) PutServiceLines(ctx context.Context, rows ...connector.ServiceLine) error {
	return s.put(s.staging.PutServiceLines(ctx, rows...))
}

func (s *runSink) PutSubscriptions(ctx context.Context, rows ...connector.Subscription) error {
	return s.put(s.staging.PutSubscriptions(ctx, rows...))
}

func (s *runSink) Complete(scope connector.Scope) { s.staging.Complete(scope) }

func (s *runSink) Delete(ctx context.Context, entity connector.Entity, ids ...string) error {
	return s.staging.Delete(ctx, entity, ids...)
}

// Retain is the optional deletion sweep: ids is every ID of entity the source still holds.
func (s *runSink) Retain(ctx context.Context, entity connector.Entity, ids []string) error {
	n, err := s.staging.Retain(ctx, entity, ids)
	if err != nil {
		return err
	}
	if n > 0 {
		s.job.logf("sync", connector.LevelInfo, "%d %s no longer exist at the source and were removed.", n, entityWords(entity))
	}
	return nil
}

func (s *runSink) Fail(section string, scope connector.Scope, err error) {
	s.staging.Fail(scope)
	msg := "unknown error"
	if err != nil {
		msg = err.Error()
	}
	s.job.mu.Lock()
	s.job.touchLocked(section)
	if s.job.failed == nil {
		s.job.failed = map[string]string{}
	}
	if _, seen := s.job.failed[section]; !seen {
		s.job.failed[section] = msg
	}
	s.job.mu.Unlock()
	what := entityWords(scope.Entity)
	if scope.ParentID != "" {
		what += " of " + scope.ParentID
	}
	s.job.logf(section, connector.LevelError, "Could not read %s: %s. The cached %s are kept as they were.", what, msg, entityWords(scope.Entity))
}

func entityWords(e connector.Entity) string {
	switch e {
	case connector.EntityAccounts:
		return "accounts"
	case connector.EntityAgreements:
		return "agreements"
	case connector.EntityServiceLines:
		return "service lines"
	case connector.EntitySubscriptions:
		return "subscriptions"
	}
	return string(e)
}
