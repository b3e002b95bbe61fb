package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/schedule"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/syncengine"
)

// Stuck thresholds, as the sync status screen explains them to users.
const (
	QueuedStuckAfter  = 2 * time.Minute
	RunningStuckAfter = 30 * time.Minute
	recentRuns        = 10
)

// ErrPassive is returned when a passive workspace is asked to sync.
var ErrPassive = errors.New("this TrueUp command only reads the data folder and cannot start syncs: use `trueup sync` or the app")

// Start queues runs for the chosen integrations (PSA first, then vendors). When another
// process owns the folder, the request is handed over to it and the runs are its.
func (s *Sync) Start(ctx context.Context, req SyncRequest) ([]Run, error) {
	w := s.w
	if w.opts.Passive {
		return nil, ErrPassive
	}
	if !w.isOwner() {
		if _, err := w.checkSync(ctx, req); err != nil { // say what to fix here, not in the owner
			return nil, err
		}
		return w.handOver(ctx, req)
	}
	return w.startHere(ctx, req)
}

// checkSync validates a request before it is run here or handed over.
func (w *Workspace) checkSync(ctx context.Context, req SyncRequest) (syncengine.Request, error) {
	mode, since, err := w.parseMode(req.Mode, req.Since)
	if err != nil {
		return syncengine.Request{}, err
	}
	if len(req.IntegrationIDs) == 0 {
		return syncengine.Request{}, inputErr("integration_ids", "choose at least one integration to sync")
	}
	for _, id := range req.IntegrationIDs {
		if _, err := w.lookup(ctx, id); err != nil {
			return syncengine.Request{}, err
		}
	}
	return syncengine.Request{IntegrationIDs: req.IntegrationIDs, Mode: mode, Since: since}, nil
}

// startHere queues the runs in this process's engine (the owner's).
func (w *Workspace) startHere(ctx context.Context, req SyncRequest) ([]Run, error) {
	er, err := w.checkSync(ctx, req)
	if err != nil {
		return nil, err
	}
	runs, err := w.engine.Enqueue(ctx, er)
	if err != nil {
		return nil, err
	}
	return w.runDTOs(ctx, runs)
}

// Scope queues a run of every integration ("all"), the PSAs ("psa") or the vendors
// ("vendor").
func (s *Sync) Scope(ctx context.Context, scope, mode, since string) ([]Run, error) {
	w := s.w
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, in := range list {
		f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
		if err != nil {
			continue
		}
		switch scope {
		case "all", "":
		case string(connector.RolePSA), string(connector.RoleVendor):
			if string(f.Role) != scope {
				continue
			}
		default:
			return nil, inputErr("scope", fmt.Sprintf("unknown scope %q: use all, psa or vendor", scope))
		}
		ids = append(ids, in.ID)
	}
	if len(ids) == 0 {
		return nil, inputErr("scope", "there is no integration to sync yet: add one first")
	}
	return w.Sync().Start(ctx, SyncRequest{IntegrationIDs: ids, Mode: mode, Since: since})
}

func (w *Workspace) parseMode(mode, since string) (connector.Mode, time.Time, error) {
	switch connector.Mode(strings.TrimSpace(mode)) {
	case connector.ModeQuick, "":
		if since != "" {
			return w.parseMode(string(connector.ModeSince), since)
		}
		return connector.ModeQuick, time.Time{}, nil
	case connector.ModeFull:
		if since != "" {
			return "", time.Time{}, inputErr("since", "a Full Sync reads everything: leave out the date, or use mode since")
		}
		return connector.ModeFull, time.Time{}, nil
	case connector.ModeSince:
		if strings.TrimSpace(since) == "" {
			return "", time.Time{}, inputErr("since", "Sync from date needs a date (YYYY-MM-DD)")
		}
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(since), w.opts.Location)
		if err != nil {
			return "", time.Time{}, inputErr("since", fmt.Sprintf("%q is not a date: use YYYY-MM-DD, e.g. 2026-11-01", since))
		}
		if t.After(w.opts.Now()) {
			return "", time.Time{}, inputErr("since", fmt.Sprintf("%s is in the future: choose today or an earlier date", since))
		}
		return connector.ModeSince, t, nil
	}
	return "", time.Time{}, inputErr("mode", fmt.Sprintf("unknown sync mode %q: use quick, full or since", mode))
}

// CancelRun stops a queued or running run.
func (s *Sync) Cancel(ctx context.Context, id int64) error {
	w := s.w
	r, err := w.Sync().Run(ctx, id)
	if err != nil {
		return err
	}
	if err := w.engine.Cancel(id); err != nil {
		if r.Status == store.StatusQueued || r.Status == store.StatusRunning {
			return w.elsewhereErr(ctx, id)
		}
		return inputErr("run", fmt.Sprintf("sync run %d has already ended", id))
	}
	return nil
}

// elsewhereErr explains that an active run belongs to another process.
func (w *Workspace) elsewhereErr(ctx context.Context, id int64) error {
	return inputErr("run", fmt.Sprintf("sync run %d runs in the TrueUp that owns this data folder (%s): cancel or retry it there", id, w.describeOwner(ctx)))
}

// Retry stops the run if it is still active (a stuck run) and queues a new one of the
// same integration with the same mode.
func (s *Sync) Retry(ctx context.Context, id int64) (Run, error) {
	w := s.w
	r, err := w.store.Run(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Run{}, inputErr("run", fmt.Sprintf("sync run %d does not exist", id))
	}
	if err != nil {
		return Run{}, err
	}
	if r.Active() && !w.isOwner() {
		return Run{}, w.elsewhereErr(ctx, id)
	}
	if w.engine.Cancel(id) == nil {
		wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := w.engine.Wait(wctx, id)
		cancel()
		if err != nil {
			return Run{}, fmt.Errorf("the stuck run did not stop in time: try again in a moment")
		}
	}
	runs, err := w.Sync().Start(ctx, SyncRequest{IntegrationIDs: []int64{r.IntegrationID}, Mode: r.Mode, Since: r.Since})
	if err != nil {
		return Run{}, err
	}
	return runs[0], nil
}

// Wait blocks until the runs have ended (for the CLI), whichever process runs them.
func (s *Sync) Wait(ctx context.Context, ids ...int64) error {
	w := s.w
	tick := time.NewTicker(w.opts.PollEvery)
	defer tick.Stop()
	for _, id := range ids {
		for {
			if err := w.engine.Wait(ctx, id); err != nil { // returns at once unless it runs here
				return err
			}
			r, err := w.store.Run(ctx, id)
			if err != nil {
				return err
			}
			// Ended, or still active in the owner's process (or orphaned by an owner that
			// died: this workspace marks it failed when it takes the lock).
			if !r.Active() {
				break
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-tick.C:
			}
		}
	}
	return nil
}

// Run returns one run.
func (s *Sync) Run(ctx context.Context, id int64) (Run, error) {
	w := s.w
	r, err := w.store.Run(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Run{}, inputErr("run", fmt.Sprintf("sync run %d does not exist: `trueup status` lists recent runs", id))
	}
	if err != nil {
		return Run{}, err
	}
	in, err := w.store.Integration(ctx, r.IntegrationID)
	if err != nil {
		return Run{}, err
	}
	dto := w.runDTO(w.live(r), in)
	w.scheduleNote(ctx, &dto)
	return dto, nil
}

// RunLog returns a run's log.
func (s *Sync) Log(ctx context.Context, id int64) ([]LogLine, error) {
	w := s.w
	page, err := w.Sync().LogPage(ctx, id, 0, -1)
	return page.Lines, err
}

// MaxLogPage is the most lines one LogPage call returns.
const MaxLogPage = 2000

// LogPage returns up to limit lines of a run's log after the first offset ones (limit
// 1..MaxLogPage; a negative limit, for the CLI, means all). Next is the offset of the line
// after the page; More says whether the log held more lines when it was read.
func (s *Sync) LogPage(ctx context.Context, id int64, offset, limit int) (LogPage, error) {
	w := s.w
	if offset < 0 {
		return LogPage{}, inputErr("offset", fmt.Sprintf("offset %d is negative: start at 0", offset))
	}
	if limit == 0 || limit > MaxLogPage {
		return LogPage{}, inputErr("limit", fmt.Sprintf("limit %d is out of range: ask for 1 to %d lines", limit, MaxLogPage))
	}
	if _, err := w.Sync().Run(ctx, id); err != nil {
		return LogPage{}, err
	}
	read := limit
	if limit > 0 {
		read = limit + 1 // one more says whether there is more
	}
	lines, err := w.store.RunLogPage(ctx, id, offset, read)
	if err != nil {
		return LogPage{}, err
	}
	page := LogPage{Lines: make([]LogLine, 0, len(lines))}
	if limit > 0 && len(lines) > limit {
		lines, page.More = lines[:limit], true
	}
	for _, l := range lines {
		page.Lines = append(page.Lines, LogLine{At: l.At.UTC().Format(time.RFC3339Nano), Level: l.Level, Section: l.Section, Message: l.Message})
	}
	page.Next = offset + len(page.Lines)
	return page, nil
}

// Status is the Sync Status screen.
func (s *Sync) Status(ctx context.Context) (StatusSnapshot, error) {
	w := s.w
	seq := w.engine.Seq() // read first: the snapshot is at least this new
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return StatusSnapshot{}, err
	}
	latest, err := w.store.LatestRuns(ctx)
	if err != nil {
		return StatusSnapshot{}, err
	}
	plans, err := w.plansFor(ctx, list, nil)
	if err != nil {
		return StatusSnapshot{}, err
	}
	kv, err := w.store.Settings(ctx)
	if err != nil {
		return StatusSnapshot{}, err
	}
	byID := map[int64]store.Integration{}
	snap := StatusSnapshot{Seq: seq, GeneratedAt: fmtTime(w.opts.Now()), Integrations: []IntegrationStatus{}, Recent: []Run{}}
	for _, in := range list {
		byID[in.ID] = in
		counts, err := w.store.CacheCounts(ctx, in.ID)
		if err != nil {
			return StatusSnapshot{}, err
		}
		st := IntegrationStatus{
			Integration: w.integrationDTO(in), LastFetchedAt: fmtTime(in.LastFetchedAt), LastSuccessAt: fmtTime(in.LastSuccessAt),
			NewestSourceAt: fmtTime(in.NewestSourceAt), Busy: w.engine.Busy(in.ID) || (!w.isOwner() && latest[in.ID].Active()),
			Counts: CacheCounts{Accounts: counts.Accounts, Agreements: counts.Agreements, ServiceLines: counts.ServiceLines, Subscriptions: counts.Subscriptions},
		}
		fileImportStatus(&st, in)
		if next := w.nextRun(plans, in.ID, w.opts.Now()); !next.IsZero() {
			st.NextRunAt, st.NextRunLabel = fmtTime(next), schedule.Label(next, w.opts.Location)
		}
		st.PushNote = w.push.waitingNote(in.ID)
		w.secretExpiry(&st, in, kv)
		if !in.LastSuccessAt.IsZero() {
			st.DefaultSince = in.LastSuccessAt.In(w.opts.Location).Format("2006-01-02")
		}
		if r, ok := latest[in.ID]; ok {
			dto := w.runDTO(w.live(r), in)
			w.scheduleNote(ctx, &dto)
			st.LatestRun = &dto
		}
		snap.Integrations = append(snap.Integrations, st)
	}
	recent, err := w.store.RecentRuns(ctx, recentRuns)
	if err != nil {
		return StatusSnapshot{}, err
	}
	for _, r := range recent {
		if in, ok := byID[r.IntegrationID]; ok {
			dto := w.runDTO(w.live(r), in)
			w.scheduleNote(ctx, &dto)
			snap.Recent = append(snap.Recent, dto)
		}
	}
	return snap, nil
}

// live prefers the engine's in-memory state of an active run (the store lags by the
// progress throttle).
func (w *Workspace) live(r store.Run) store.Run {
	if r.Active() {
		if a, ok := w.engine.Active(r.ID); ok {
			return a
		}
	}
	return r
}

func (w *Workspace) runDTOs(ctx context.Context, runs []store.Run) ([]Run, error) {
	out := make([]Run, 0, len(runs))
	for _, r := range runs {
		in, err := w.store.Integration(ctx, r.IntegrationID)
		if err != nil {
			return nil, err
		}
		out = append(out, w.runDTO(r, in))
	}
	return out, nil
}

func (w *Workspace) runDTO(r store.Run, in store.Integration) Run {
	dto := Run{ID: r.ID, IntegrationID: r.IntegrationID, IntegrationName: in.Name, Kind: in.Kind, Mode: r.Mode, Since: r.Since,
		Status: r.Status, QueuedAt: fmtTime(r.QueuedAt), StartedAt: fmtTime(r.StartedAt), FinishedAt: fmtTime(r.FinishedAt),
		Section: r.Section, ProgressDone: r.ProgressDone, ProgressTotal: r.ProgressTotal, Added: r.Added, Updated: r.Updated,
		Removed: r.Removed, Requests: r.Requests, Error: r.Error, Sections: []SectionResult{},
		Percent: w.progress.percent(in.Kind, r)}
	if f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind)); err == nil {
		dto.Role = string(f.Role)
	}
	for _, s := range r.Sections {
		dto.Sections = append(dto.Sections, SectionResult{Name: s.Name, Status: s.Status, Error: s.Error})
	}
	now := w.opts.Now()
	switch r.Status {
	case store.StatusQueued:
		dto.Waiting = w.engine.Waiting(r.ID)
		if dto.Waiting == "" && now.Sub(r.QueuedAt) > QueuedStuckAfter {
			dto.Stuck = true
			dto.StuckReason = fmt.Sprintf("Queued for %s without starting: cancel it and retry", roundMin(now.Sub(r.QueuedAt)))
		}
	case store.StatusRunning:
		dto.Note = w.engine.Note(r.ID)
		last := r.ProgressAt
		if last.IsZero() {
			last = r.StartedAt
		}
		if now.Sub(last) > RunningStuckAfter {
			dto.Stuck = true
			dto.StuckReason = fmt.Sprintf("No progress for %s: it is probably stuck; cancel it and retry", roundMin(now.Sub(last)))
		}
	case store.StatusSucceeded, store.StatusPartial:
		dto.NothingNew = r.Added+r.Updated+r.Removed == 0
	}
	return dto
}

func roundMin(d time.Duration) string {
	m := int(d.Minutes())
	if m < 60 {
		return fmt.Sprintf("%d minutes", m)
	}
	return fmt.Sprintf("%dh %02dm", m/60, m%60)
}
