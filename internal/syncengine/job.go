package syncengine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/redact"
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
	ready       chan struct{} // closed when Enqueue has queued the run (or given up)
	done        chan struct{}

	release sync.Once // takes the run off the engine's active list, once

	// redact knows the run's secrets (added when they are loaded) and what the connector
	// derives from them; every message leaving the run (log lines, the run's and the
	// sections' errors, and so the events) goes through it.
	redact redact.Redactor

	mu        sync.Mutex
	run       store.Run
	isQueued  bool
	requests  connector.RequestCounter // the connector's counter while it syncs, if it has one
	waiting   string
	note      string // what the connector says about a running sync's pace (connector.Noter)
	sections  []string
	failed    map[string]string
	failures  []connector.Scope         // scopes passed to Fail
	stored    map[connector.Entity]bool // entities the connector Put, Completed or Retained
	lastFlush time.Time

	// Log lines are buffered and written in batches (one transaction each), not one
	// transaction per line; flushMu keeps batches in order.
	logMu   sync.Mutex
	logBuf  []store.LogLine
	logErr  error
	flushMu sync.Mutex
}

// logBatch is how many buffered lines make a log write due before the next tick.
const logBatch = 500

func (j *job) snapshot() store.Run {
	j.mu.Lock()
	defer j.mu.Unlock()
	r := j.run
	r.Sections = slices.Clone(r.Sections)
	return r
}

func (j *job) markQueued() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.isQueued = true
}

// queued reports whether Enqueue queued the run; only meaningful once ready is closed.
func (j *job) queued() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.isQueued
}

func (j *job) setWaiting(s string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.waiting = s
}

func (j *job) noteText() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.note
}

func (j *job) waitingReason() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.waiting
}

// save writes the run (and the log lines so far) and emits an event.
func (j *job) save() {
	j.flushLogs()
	r := j.snapshot()
	// A background context: the run's own may be cancelled, and its end must be recorded.
	if err := j.engine.opts.Store.SaveRun(context.Background(), r); err != nil {
		j.logf("sync", connector.LevelError, "could not save the run's state: %v", err)
	}
	j.engine.emit(r)
}

func (j *job) logf(section string, level connector.Level, format string, args ...any) {
	line := store.LogLine{At: j.engine.opts.Now(), Level: string(level), Section: section, Message: j.redact.String(fmt.Sprintf(format, args...))}
	j.logMu.Lock()
	j.logBuf = append(j.logBuf, line)
	due := len(j.logBuf) >= logBatch
	j.logMu.Unlock()
	if due {
		j.flushLogs()
	}
}

// flushLogs writes the buffered log lines in one transaction. When that fails it writes
// them one by one, so one bad line does not lose the others, and keeps the first error for
// the run's end.
func (j *job) flushLogs() {
	j.flushMu.Lock()
	defer j.flushMu.Unlock()
	j.logMu.Lock()
	lines := j.logBuf
	j.logBuf = nil
	j.logMu.Unlock()
	if len(lines) == 0 {
		return
	}
	st := j.engine.opts.Store
	// A background context: the lines of a cancelled run are stored too.
	if st.AppendLog(context.Background(), j.run.ID, lines...) == nil {
		return
	}
	for _, l := range lines {
		if err := st.AppendLog(context.Background(), j.run.ID, l); err != nil {
			j.logMu.Lock()
			if j.logErr == nil {
				j.logErr = err
			}
			j.logMu.Unlock()
		}
	}
}

// writeLogsWhileRunning flushes the log every ProgressEvery until stop is called, so the
// log of a running run is readable while it runs.
func (j *job) writeLogsWhileRunning() (stop func()) {
	quit, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(j.engine.opts.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				j.flushLogs()
			case <-quit:
				return
			}
		}
	}()
	return func() { close(quit); <-stopped }
}

// finish takes the run off the engine's active list (idempotent).
func (j *job) finish() { j.release.Do(func() { j.engine.finished(j) }) }

// cancelledMsg is the end of a run cancelled before it stored anything.
const cancelledMsg = "Cancelled. Nothing from this run was stored; the cached data is unchanged."

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
	mode := j.run.Mode
	j.mu.Unlock()
	j.save()
	e.opts.Logger.Info("sync started", "run", j.run.ID, "integration", j.integration.Name, "kind", j.integration.Kind, "mode", mode)
	stopLogs := j.writeLogsWhileRunning()
	status, msg, ch := j.runSync()
	stopLogs()
	j.end(status, msg, ch)
}

// runSync prepares, reads and stores; it returns how the run ended.
func (j *job) runSync() (status, msg string, ch *store.Changes) {
	e := j.engine
	conn, req, err := j.prepare()
	if j.ctx.Err() != nil {
		return store.StatusCancelled, cancelledMsg, nil
	}
	if err != nil {
		return store.StatusFailed, err.Error(), nil
	}
	full := req.Mode == connector.ModeFull
	staging, err := e.opts.Store.BeginStaging(j.ctx, j.integration.ID, j.run.ID, full)
	switch {
	case j.ctx.Err() != nil:
		if err == nil {
			_ = staging.Discard(context.Background())
		}
		return store.StatusCancelled, cancelledMsg, nil
	case errors.Is(err, store.ErrStagingBusy):
		return store.StatusFailed, "Another sync of this integration is running (perhaps in another TrueUp window): wait for it to finish, then sync again. Nothing from this run was stored.", nil
	case err != nil:
		return store.StatusFailed, "Could not prepare the local cache: " + err.Error(), nil
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
	j.mu.Lock()
	partial := len(j.failed) > 0
	nothingRead, firstFailure := j.nothingReadLocked()
	j.mu.Unlock()
	switch {
	case j.ctx.Err() != nil:
		_ = staging.Discard(context.Background())
		return store.StatusCancelled, cancelledMsg, nil
	case syncErr != nil:
		_ = staging.Discard(context.Background())
		if msg := connector.UserMessage(syncErr); !strings.HasSuffix(syncErr.Error(), msg) {
			j.logf("sync", connector.LevelError, "Error detail: %v", syncErr) // context the summary leaves out
		}
		return store.StatusFailed, strings.TrimSuffix(connector.UserMessage(syncErr), ".") + ". Nothing from this run was stored; the cached data is unchanged.", nil
	case nothingRead:
		// Not partial: partial means some sections were really read and stored. A source
		// that could not be reached at all must not move "last fetched" or claim it has
		// nothing new.
		_ = staging.Discard(context.Background())
		return store.StatusFailed, fmt.Sprintf("Could not read anything from %s: every section failed (%s). Check the network connection and the integration's base URL, then sync again. Nothing from this run was stored; the cached data is unchanged.",
			j.integration.Name, firstFailure), nil
	}
	opts := store.CommitOptions{Succeeded: !partial}
	if req.Mode == connector.ModeSince {
		opts.Since = req.Since
	}
	changes, err := staging.Commit(context.Background(), opts)
	if err != nil {
		return store.StatusFailed, "Could not store what was read: " + err.Error(), nil
	}
	if partial {
		return store.StatusPartial, "Some sections could not be read; their cached data was kept. Open the log for details, then sync again.", &changes
	}
	return store.StatusSucceeded, "", &changes
}

// nothingReadLocked reports whether sections failed and nothing was read: every section
// the connector reported on failed, and it stored nothing outside a wholly failed entity.
// first names the first failed section and its error. Must hold j.mu.
func (j *job) nothingReadLocked() (bool, string) {
	if len(j.failed) == 0 {
		return false, ""
	}
	for e := range j.stored {
		if !slices.Contains(j.failures, connector.Scope{Entity: e}) {
			return false, ""
		}
	}
	first := ""
	for _, s := range j.sections {
		msg, bad := j.failed[s]
		if !bad {
			return false, ""
		}
		if first == "" {
			first = s + ": " + msg
		}
	}
	return true, first
}

// prepare builds the connector and the request: it loads the secrets and hands the
// connector each entity's own watermark.
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
	for _, v := range secrets {
		j.redact.Add(v)
	}
	conn, err := f.New(connector.Config{
		Name: j.integration.Name, BaseURL: j.integration.BaseURL, Settings: j.integration.Settings,
		Secrets: secrets, HTTPClient: e.opts.HTTPClient, Concurrency: j.integration.Concurrency,
		Limiter: e.Limiter(j.integration, f), Redact: &j.redact, SaveSecret: e.saveSecret(j.integration),
	})
	if err != nil {
		return nil, connector.Request{}, fmt.Errorf("the integration's settings need attention: %w", err)
	}
	req := connector.Request{Mode: connector.Mode(j.run.Mode)}
	switch req.Mode {
	case connector.ModeQuick:
		// Enqueue queued a QuickSync without watermarks as a Full Sync.
		req.Watermarks = maps.Clone(j.integration.Watermarks)
		for _, at := range req.Watermarks {
			if req.Since.IsZero() || at.Before(req.Since) {
				req.Since = at
			}
		}
		if f.Capabilities.ChangeFilter {
			j.logf("sync", connector.LevelInfo, "QuickSync: reading changes since each entity's newest change the earlier syncs stored (%s).", watermarkText(req.Watermarks))
		} else {
			j.logf("sync", connector.LevelInfo, "QuickSync: the %s API cannot list only what changed, so TrueUp reads the lists and compares them with the cache on this computer; only real changes are stored.", f.Label)
		}
	case connector.ModeSince:
		req.Since = j.sinceAt
		j.logf("sync", connector.LevelInfo, "Sync from date: reading changes since %s.", j.sinceAt.Format("2006-01-02"))
		var later []string
		for _, ent := range connector.Entities {
			if at, ok := j.integration.Watermarks[ent]; ok && j.sinceAt.After(at) {
				later = append(later, entityWords(ent))
			}
		}
		if len(later) > 0 {
			j.logf("sync", connector.LevelInfo, "The date is later than the newest change the earlier syncs stored for %s, so their QuickSync watermark stays where it is: the next QuickSync still reads the changes before %s.",
				strings.Join(later, ", "), j.sinceAt.Format("2006-01-02"))
		}
	case connector.ModeFull:
		j.logf("sync", connector.LevelInfo, "Full Sync: reading everything; the current cache stays readable until the new one is complete.")
	}
	return conn, req, nil
}

// watermarkText renders per-entity watermarks for the log, in entity order.
func watermarkText(w map[connector.Entity]time.Time) string {
	var parts []string
	for _, e := range connector.Entities {
		if at, ok := w[e]; ok {
			parts = append(parts, entityWords(e)+" "+at.UTC().Format("2006-01-02 15:04:05 MST"))
		}
	}
	return strings.Join(parts, ", ")
}

func (j *job) end(status, msg string, ch *store.Changes) {
	e := j.engine
	now := e.opts.Now()
	msg = j.redact.String(msg)
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
	level := slog.LevelInfo
	if status == store.StatusFailed || status == store.StatusPartial {
		level = slog.LevelWarn
	}
	e.opts.Logger.Log(context.Background(), level, "sync ended", "run", run.ID, "integration", j.integration.Name, "kind", j.integration.Kind,
		"mode", run.Mode, "status", status, "took", took, "requests", run.Requests, "added", run.Added, "updated", run.Updated, "removed", run.Removed, "message", msg)
	switch status {
	case store.StatusSucceeded, store.StatusPartial:
		switch {
		case run.Added+run.Updated+run.Removed > 0:
			j.logf("sync", connector.LevelInfo, "Finished in %s (%d requests): %d added, %d updated, %d removed.", took, run.Requests, run.Added, run.Updated, run.Removed)
		case status == store.StatusPartial:
			j.logf("sync", connector.LevelInfo, "Finished in %s (%d requests): nothing changed in the sections that could be read.", took, run.Requests)
		default:
			j.logf("sync", connector.LevelInfo, "Finished in %s (%d requests): nothing new at the source since the last sync.", took, run.Requests)
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
	if n, err := e.opts.Store.PruneRuns(context.Background(), j.integration.ID, e.opts.KeepRuns); err != nil {
		j.logf("sync", connector.LevelWarn, "Could not remove old sync history: %v", err)
	} else if n > 0 {
		j.logf("sync", connector.LevelInfo, "Removed the %d oldest runs of %s from the sync history (it keeps the last %d).", n, j.integration.Name, e.opts.KeepRuns)
	}
	j.flushLogs()
	j.logMu.Lock()
	logErr := j.logErr
	j.logMu.Unlock()
	if logErr != nil {
		j.mu.Lock()
		j.run.Error = strings.TrimSpace(j.run.Error + " The run's log could not be saved completely: " + logErr.Error())
		j.mu.Unlock()
	}
	// Store the end, take the run off the active list, and only then tell listeners: a
	// listener that re-reads the status on this event must already see the integration idle.
	r := j.snapshot()
	if err := e.opts.Store.SaveRun(context.Background(), r); err != nil {
		j.logf("sync", connector.LevelError, "could not save the run's state: %v", err)
		j.flushLogs()
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

var (
	_ connector.Sink  = (*runSink)(nil)
	_ connector.Noter = (*runSink)(nil)
)

func (s *runSink) Logf(section string, level connector.Level, format string, args ...any) {
	s.job.mu.Lock()
	s.job.touchLocked(section)
	s.job.mu.Unlock()
	s.job.logf(section, level, format, args...)
}

// Note keeps the connector's note for the status screen (connector.Noter) and shows it at
// once: a pause can last minutes without any progress to carry it.
func (s *runSink) Note(text string) {
	s.job.mu.Lock()
	changed := s.job.note != text
	s.job.note = text
	s.job.mu.Unlock()
	if changed {
		s.job.save()
	}
}

func (s *runSink) Progress(section string, done, total int) {
	s.job.mu.Lock()
	s.job.touchLocked(section)
	s.job.run.Section, s.job.run.ProgressDone, s.job.run.ProgressTotal = section, done, total
	s.job.mu.Unlock()
	s.job.progressed()
}

// stored notes that the connector stored something of entity e.
func (s *runSink) stored(e connector.Entity) {
	s.job.mu.Lock()
	s.job.run.ProgressAt = s.job.engine.opts.Now()
	if s.job.stored == nil {
		s.job.stored = map[connector.Entity]bool{}
	}
	s.job.stored[e] = true
	s.job.mu.Unlock()
}

func (s *runSink) Put(ctx context.Context, recs ...connector.Record) error {
	for i, r := range recs {
		if i == 0 || r.Entity != recs[i-1].Entity {
			s.stored(r.Entity)
		}
	}
	return s.staging.Put(ctx, recs...)
}

func (s *runSink) Complete(scope connector.Scope) {
	s.stored(scope.Entity)
	s.staging.Complete(scope)
}

func (s *runSink) Delete(ctx context.Context, entity connector.Entity, ids ...string) error {
	s.stored(entity)
	return s.staging.Delete(ctx, entity, ids...)
}

// Retain is the optional deletion sweep: ids is every ID of entity the source still holds.
func (s *runSink) Retain(ctx context.Context, entity connector.Entity, ids []string) error {
	s.stored(entity)
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
		msg = s.job.redact.String(err.Error())
	}
	s.job.mu.Lock()
	s.job.touchLocked(section)
	if s.job.failed == nil {
		s.job.failed = map[string]string{}
	}
	if _, seen := s.job.failed[section]; !seen {
		s.job.failed[section] = msg
	}
	s.job.failures = append(s.job.failures, scope)
	s.job.mu.Unlock()
	what := entityWords(scope.Entity)
	if scope.ParentID != "" {
		what += " of " + scope.ParentID
	}
	s.job.logf(section, connector.LevelError, "Could not read %s: %s. The cached %s are kept as they were.", what, msg, entityWords(scope.Entity))
}

func entityWords(e connector.Entity) string { return e.Words() }
