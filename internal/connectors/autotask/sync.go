package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
)

// overlap is how far a QuickSync reaches back before the watermark: Autotask's modified
// stamps arrive out of order (peers re-read two minutes behind), and a record saved while
// the previous run was reading must not be missed.
const overlap = 5 * time.Minute

// batchSize is how many contract ids one children query names (contractID in [...]): the
// API takes at most 500 values in one in list.
const batchSize = 500

// Entities as the API names them.
const (
	entCompanies        = "Companies"
	entContracts        = "Contracts"
	entContractServices = "ContractServices"
	entUnits            = "ContractServiceUnits"
	entServices         = "Services"
)

// Sections of the run log (and of sink.Fail).
const (
	secCompanies = "companies"
	secContracts = "contracts"
	secServices  = "contract services"
	secCatalog   = "services"
	secHTTP      = "http"
	secSync      = "sync"
)

// sinkError marks a failure of the sink itself (the local store): it ends the run.
type sinkError struct{ err error }

func (e *sinkError) Error() string { return "saving to the local cache failed: " + e.err.Error() }
func (e *sinkError) Unwrap() error { return e.err }

func isSinkError(err error) bool {
	var se *sinkError
	return errors.As(err, &se)
}

// run is the state of one Sync call.
type run struct {
	c     *Connector
	cl    *client
	sink  connector.Sink
	full  bool
	label string // "Full Sync", "QuickSync" or "Sync from date", for the log
	why   string // how since was chosen, for the log
	// since is each entity's modified-since filter in quick and since-date runs; zero:
	// that entity is read whole.
	since map[connector.Entity]time.Time
	today string // the MSP's calendar day: which unit period counts

	catalogDone chan struct{}
	names       map[string]string // service id -> name, once catalogDone is closed

	mu    sync.Mutex
	lists []listFailure
}

// listFailure is a whole-entity list that could not be read (with an HTTP answer). It is
// held back until every branch is done: when both companies and contracts failed, the run
// fails instead of reporting a partial run that read nothing.
type listFailure struct {
	section string
	scope   connector.Scope
	text    string
	err     error
}

// Sync reads Autotask into sink. Full reads everything; Quick and Since read companies and
// contracts changed since their watermarks (with an overlap), list every id to detect
// deletions, and read contract services, their units and the catalog in full (Autotask has
// no change filter for them).
func (c *Connector) Sync(ctx context.Context, req connector.Request, sink connector.Sink) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("Autotask sync not started: %w", err)
	}
	r := &run{c: c, sink: sink, label: "Full Sync", today: c.now().Format("2006-01-02"), catalogDone: make(chan struct{})}
	switch req.Mode {
	case connector.ModeFull:
		r.full = true
	case connector.ModeQuick:
		if req.Since.IsZero() && len(req.Watermarks) == 0 {
			sink.Logf(secSync, connector.LevelInfo, "QuickSync without a watermark (no earlier successful sync): reading everything")
			r.full = true
			break
		}
		r.since = map[connector.Entity]time.Time{}
		for _, e := range []connector.Entity{connector.EntityAccounts, connector.EntityAgreements} {
			if at := req.SinceFor(e); !at.IsZero() {
				r.since[e] = at.Add(-overlap)
			}
		}
		r.why = "(5-minute overlap: Autotask's stamps arrive out of order)"
		r.label = "QuickSync"
	case connector.ModeSince:
		if req.Since.IsZero() {
			return fmt.Errorf("a since-date sync needs a date")
		}
		r.since = map[connector.Entity]time.Time{connector.EntityAccounts: req.Since, connector.EntityAgreements: req.Since}
		r.why = "(chosen date)"
		r.label = "Sync from date"
	default:
		return fmt.Errorf("unknown sync mode %q", req.Mode)
	}
	h := c.httpClient(func(n httpx.RetryNotice) {
		sink.Logf(secHTTP, connector.LevelWarn, "Autotask answered %s for %s: waiting %s before retry %d",
			n.Reason, c.redact.String(trimZone(n.URL)), n.Wait.Round(time.Millisecond), n.Attempt)
	})
	var note func(string)
	if n, ok := sink.(connector.Noter); ok {
		note = n.Note
	}
	r.cl = c.newClient(h, c.newBudget(h, func(level connector.Level, format string, args ...any) {
		sink.Logf(secHTTP, level, format, args...)
	}, note))
	before := c.Requests()
	started := time.Now()
	err := r.sync(ctx)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
		return err
	}
	sink.Logf(secSync, connector.LevelInfo, "Autotask %s finished: %d requests in %s",
		r.label, c.Requests()-before, time.Since(started).Round(time.Millisecond))
	return nil
}

// trimZone shortens a request URL to its path below /V1.0 for the log.
func trimZone(u string) string {
	if i := strings.Index(strings.ToLower(u), "/v1.0/"); i >= 0 {
		return u[i+1:]
	}
	return u
}

// newBudget builds a caller's view of the integration's request budget (the state shared
// through the limiter, see budgetState); it reads ThresholdInformation through a client of
// its own (that one has no budget, or it would wait on itself). log and note may be nil.
func (c *Connector) newBudget(h *httpx.Client, log func(level connector.Level, format string, args ...any), note func(string)) *budget {
	b := newBudget(c.serial, c.pause)
	b.st = c.budgetState()
	b.now = c.now
	b.sleep = c.sleep
	if b.sleep == nil {
		b.sleep = sleepCtx
	}
	reader := c.newClient(h, nil)
	b.read = func(ctx context.Context) (usage, error) { return readUsage(ctx, reader) }
	b.log = log
	if b.log == nil {
		b.log = func(connector.Level, string, ...any) {}
	}
	b.note = note
	return b
}

// budgetState is the integration's budget state: in its shared limiter, so every Test,
// Sync and Push of it sees one; without one (a connector built alone), this connector's.
func (c *Connector) budgetState() *budgetState {
	key := budgetKey{serial: c.serial, pause: c.pause}
	if c.limiter != nil {
		return c.limiter.Shared(key, func() any { return newBudgetState() }).(*budgetState)
	}
	c.sess.mu.Lock()
	defer c.sess.mu.Unlock()
	if c.sess.budget == nil {
		c.sess.budget = newBudgetState()
	}
	return c.sess.budget
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *run) sync(ctx context.Context) error {
	// Without the zone nothing can be read: a wrong user name or an unreachable Autotask
	// fails the run here, before any list is marked failed.
	if _, err := r.cl.zone(ctx); err != nil {
		return err
	}
	if err := r.cl.budget.check(ctx); err != nil {
		return err
	}
	if !r.full {
		r.sink.Logf(secSync, connector.LevelInfo, "%s: reading companies changed since %s and contracts changed since %s %s",
			r.label, r.sinceText(connector.EntityAccounts), r.sinceText(connector.EntityAgreements), r.why)
		r.sink.Logf(secSync, connector.LevelInfo, "ContractServices, ContractServiceUnits and Services have no change filter in Autotask: read in full")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		once     sync.Once
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		if err != nil {
			once.Do(func() { firstErr = err; cancel() })
		}
	}
	wg.Go(func() { fail(r.companies(ctx)) })
	wg.Go(func() { fail(r.catalog(ctx)) })
	fail(r.contractsAndServices(ctx))
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return r.settle()
}

// listFatal reports whether a failed whole-entity list must end the run: besides what is
// always fatal, no HTTP answer at all means Autotask cannot be reached.
func listFatal(ctx context.Context, err error) bool { return fatal(ctx, err) || noAnswer(err) }

func (r *run) failList(f listFailure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lists = append(r.lists, f)
}

func (r *run) failSection(section string, entity connector.Entity, err error) {
	r.failList(listFailure{section: section, scope: connector.Scope{Entity: entity}, err: err,
		text: fmt.Sprintf("could not read %s; the cached rows are kept: %v", section, err)})
}

// settle reports the list failures as section failures, or fails the run when neither the
// companies nor the contracts could be read.
func (r *run) settle() error {
	r.mu.Lock()
	lists := r.lists
	r.mu.Unlock()
	var accounts, agreements error
	for _, f := range lists {
		switch {
		case f.scope.Entity == connector.EntityAccounts && accounts == nil:
			accounts = f.err
		case f.scope.Entity == connector.EntityAgreements && agreements == nil:
			agreements = f.err
		}
	}
	if accounts != nil && agreements != nil {
		return fmt.Errorf("Autotask answered neither the companies nor the contracts query, so nothing was read; sync again later (companies: %w; contracts: %w)", accounts, agreements)
	}
	for _, f := range lists {
		r.sink.Logf(f.section, connector.LevelError, "%s", f.text)
		r.sink.Fail(f.section, f.scope, f.err)
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func (r *run) sinceText(e connector.Entity) string {
	if at := r.since[e]; !at.IsZero() {
		return stamp(at)
	}
	return "the beginning (no watermark yet)"
}

// changed is the modified-since condition of entity e on field, or nil when e is read whole.
func (r *run) changed(e connector.Entity, field string) []cond {
	if at := r.since[e]; !r.full && !at.IsZero() {
		return []cond{{Op: "gt", Field: field, Value: stampFilter(at)}}
	}
	return nil
}

// recurring is the condition of the contracts TrueUp reads: Recurring Service ones.
var recurring = cond{Op: "eq", Field: "contractType", Value: contractRecurringService}

// companies reads every company (Full) or the changed ones plus an id sweep.
func (r *run) companies(ctx context.Context) error {
	types, err := r.readCompanyTypes(ctx)
	if err != nil {
		return err
	}
	var rows []connector.Account
	pages, err := r.cl.query(ctx, entCompanies, r.changed(connector.EntityAccounts, "lastTrackedModifiedDateTime"),
		[]string{"companyName", "companyType", "isActive", "lastTrackedModifiedDateTime"}, func(page []json.RawMessage) error {
			for _, raw := range page {
				a, err := mapCompany(raw, types)
				if err != nil {
					return err
				}
				rows = append(rows, a)
			}
			r.sink.Progress(secCompanies, len(rows), 0)
			return nil
		})
	if err != nil {
		if listFatal(ctx, err) {
			return err
		}
		r.failSection(secCompanies, connector.EntityAccounts, err)
		return nil
	}
	if len(rows) > 0 {
		if err := connector.Put(ctx, r.sink, rows...); err != nil {
			return &sinkError{err}
		}
	}
	if r.full {
		r.sink.Complete(connector.Scope{Entity: connector.EntityAccounts})
		r.sink.Logf(secCompanies, connector.LevelInfo, "read %s (%s)", connector.Count(len(rows), "company", "companies"), connector.Count(pages, "page", "pages"))
		return nil
	}
	r.sink.Logf(secCompanies, connector.LevelInfo, "%s: %s changed since %s %s", r.label, connector.Count(len(rows), "company", "companies"), r.sinceText(connector.EntityAccounts), r.why)
	_, err = r.sweep(ctx, secCompanies, connector.EntityAccounts, entCompanies, nil, nil, nil)
	return err
}

// sweep lists every id of an entity matching filter (with the extra fields; each, when
// set, gets every page as it arrives) and tells a retaining sink which rows still exist,
// so deletions at the source reach the cache without a Full Sync. errSweep: the list could
// not be read (logged).
func (r *run) sweep(ctx context.Context, section string, entity connector.Entity, ent string, filter []cond, extra []string, each func(page []json.RawMessage) error) (rows []json.RawMessage, err error) {
	var ids []string
	pages, err := r.cl.query(ctx, ent, filter, extra, func(page []json.RawMessage) error {
		for _, raw := range page {
			x, err := decode[idOnly](ent, raw)
			if err != nil {
				return err
			}
			ids = append(ids, x.ID.String())
			rows = append(rows, raw)
		}
		if each != nil {
			return each(page)
		}
		return nil
	})
	if err != nil {
		if listFatal(ctx, err) || isSinkError(err) || ctx.Err() != nil {
			return nil, err
		}
		r.sink.Logf(section, connector.LevelWarn, "could not list the ids of %s to detect deletions (%v); deletions are picked up by the next sync that can, or by a Full Sync", section, err)
		return nil, errSweep
	}
	ret, ok := r.sink.(connector.Retainer)
	if !ok {
		r.sink.Logf(section, connector.LevelInfo, "deletion check: %d %s exist in Autotask; deletions of %s are picked up by the next Full Sync", len(ids), section, section)
		return rows, nil
	}
	if err := ret.Retain(ctx, entity, ids); err != nil {
		return nil, &sinkError{err}
	}
	r.sink.Logf(section, connector.LevelInfo, "deletion check: %d %s exist in Autotask (%s of ids); cached %s missing from that list were deleted in Autotask", len(ids), section, connector.Count(pages, "page", "pages"), section)
	return rows, nil
}

// errSweep: an id sweep could not be read (already logged); only the children that need
// its list are skipped.
var errSweep = errors.New("the id list could not be read")

// contractsAndServices reads the recurring service contracts and hands each page of them
// (at most 500, one batch of children) to the line reader as it arrives, so the services of
// the first contracts are read while the next contracts page is on its way.
func (r *run) contractsAndServices(ctx context.Context) error {
	lines := r.newLineReader(ctx)
	fields := []string{"companyID", "contractName", "contractType", "status", "startDate", "endDate", "lastModifiedDateTime"}
	n := 0
	filter := append([]cond{recurring}, r.changed(connector.EntityAgreements, "lastModifiedDateTime")...)
	pages, err := r.cl.query(ctx, entContracts, filter, fields, func(page []json.RawMessage) error {
		rows := make([]connector.Agreement, 0, len(page))
		for _, raw := range page {
			a, err := mapContract(raw)
			if err != nil {
				return err
			}
			rows = append(rows, a)
		}
		if len(rows) > 0 {
			if err := connector.Put(ctx, r.sink, rows...); err != nil {
				return &sinkError{err}
			}
		}
		n += len(rows)
		r.sink.Progress(secContracts, n, 0)
		if r.full {
			return lines.add(rows)
		}
		return nil
	})
	if err != nil {
		if listFatal(ctx, err) || isSinkError(err) {
			return lines.abort(err)
		}
		r.failSection(secContracts, connector.EntityAgreements, err)
		r.failList(listFailure{section: secServices, scope: connector.Scope{Entity: connector.EntityServiceLines}, err: err,
			text: "the contracts could not be read, so the services of the rest of them were not read; their cached lines are kept"})
		return lines.finish(false)
	}
	if r.full {
		r.sink.Complete(connector.Scope{Entity: connector.EntityAgreements})
		r.sink.Logf(secContracts, connector.LevelInfo, "read %s (Recurring Service; %s)", connector.Count(n, "contract", "contracts"), connector.Count(pages, "page", "pages"))
		return lines.finish(true)
	}
	r.sink.Logf(secContracts, connector.LevelInfo, "%s: %s changed since %s %s", r.label, connector.Count(n, "contract", "contracts"), r.sinceText(connector.EntityAgreements), r.why)
	// Every contract's services are read (they have no change filter): the sweep lists
	// them all, with their company for the lines, a page at a time.
	_, err = r.sweep(ctx, secContracts, connector.EntityAgreements, entContracts, []cond{recurring}, []string{"companyID"}, func(page []json.RawMessage) error {
		rows := make([]connector.Agreement, 0, len(page))
		for _, raw := range page {
			g, err := decode[apiContract](entContracts, raw)
			if err != nil {
				return err
			}
			rows = append(rows, connector.Agreement{ID: g.ID.String(), AccountID: g.CompanyID.String()})
		}
		return lines.add(rows)
	})
	switch {
	case errors.Is(err, errSweep):
		r.failList(listFailure{section: secServices, scope: connector.Scope{Entity: connector.EntityServiceLines}, err: err,
			text: "the list of contracts could not be read, so the services of the rest of them were not read; their cached lines are kept"})
		return lines.finish(false)
	case err != nil:
		return lines.abort(err)
	}
	return lines.finish(true)
}
