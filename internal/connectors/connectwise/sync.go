package connectwise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
)

// overlap is how far a QuickSync reaches back before the watermark, so records saved while
// the previous run was reading (or stamped by a server whose clock lags) are not missed.
const overlap = 5 * time.Minute

// Sections of the run log (and of sink.Fail).
const (
	secTypes      = "types"
	secCompanies  = "companies"
	secAgreements = "agreements"
	secAdditions  = "additions"
	secCatalog    = "catalog"
	secHTTP       = "http"
	secSync       = "sync"
)

// Endpoints.
const (
	epTypes      = "/company/companies/types"
	epCompanies  = "/company/companies"
	epAgreements = "/finance/agreements"
	epAdditions  = "/finance/agreements/{id}/additions"
	epCatalog    = "/procurement/catalog"
)

// sinkError marks a failure of the sink itself (the local store): it ends the run.
type sinkError struct{ err error }

func (e *sinkError) Error() string { return "saving to the local cache failed: " + e.err.Error() }
func (e *sinkError) Unwrap() error { return e.err }

// run is the state of one Sync call.
type run struct {
	c     *Connector
	cl    *client
	sink  connector.Sink
	full  bool
	label string // "Full Sync", "QuickSync" or "Sync from date", for the log
	// since is each entity's lastUpdated filter in quick and since-date runs: a QuickSync
	// reads companies and agreements from their own watermarks, so a company edited while
	// a long additions phase ran is not skipped. Zero: that entity is read whole.
	since map[connector.Entity]time.Time
	why   string // how since was chosen, for the log

	mu    sync.Mutex
	lists []listFailure // whole-entity lists that failed, reported by settle
}

// listFailure is a whole-entity list that could not be read (after retries, with an HTTP
// answer). It is held back until both branches are done: when every list failed the run
// fails instead of reporting a partial run that read nothing.
type listFailure struct {
	section string
	level   connector.Level
	scope   connector.Scope
	text    string // the log line
	err     error
}

// Sync reads ConnectWise into sink. Full reads everything; Quick and Since read companies
// and agreements changed since the watermark (lastUpdated filter), sweep their ids to detect
// deletions, and re-read the additions of the agreements that changed.
func (c *Connector) Sync(ctx context.Context, req connector.Request, sink connector.Sink) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ConnectWise sync not started: %w", err)
	}
	r := &run{c: c, sink: sink, label: "Full Sync"}
	r.cl = c.newClient(func(n httpx.RetryNotice) {
		sink.Logf(secHTTP, connector.LevelWarn, "ConnectWise answered %s for %s: waiting %s before retry %d",
			n.Reason, strings.TrimPrefix(n.URL, c.base), n.Wait.Round(time.Millisecond), n.Attempt)
	})
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
		for _, e := range []connector.Entity{connector.EntityAccounts, connector.EntityAgreements, connector.EntityProducts} {
			if at := req.SinceFor(e); !at.IsZero() {
				r.since[e] = at.Add(-overlap)
			}
		}
		r.why = "(5-minute overlap)"
		r.label = "QuickSync"
	case connector.ModeSince:
		if req.Since.IsZero() {
			return fmt.Errorf("a since-date sync needs a date")
		}
		r.since = map[connector.Entity]time.Time{connector.EntityAccounts: req.Since, connector.EntityAgreements: req.Since, connector.EntityProducts: req.Since}
		r.why = "(chosen date)"
		r.label = "Sync from date"
	default:
		return fmt.Errorf("unknown sync mode %q", req.Mode)
	}
	before := c.Requests()
	started := time.Now()
	err := r.sync(ctx)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
		return err
	}
	sink.Logf(secSync, connector.LevelInfo, "ConnectWise %s finished: %d requests in %s",
		r.label, c.Requests()-before, time.Since(started).Round(time.Millisecond))
	return nil
}

func (r *run) sync(ctx context.Context) error {
	if !r.full {
		r.sink.Logf(secSync, connector.LevelInfo, "%s: reading companies changed since %s and agreements changed since %s %s",
			r.label, r.sinceText(connector.EntityAccounts), r.sinceText(connector.EntityAgreements), r.why)
	}
	// Companies and agreements (with their additions) are independent: lines take their
	// company from the agreement. Reading both branches at once keeps the limiter busy
	// while the short company list is paged. The first fatal error wins and stops the other.
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
	wg.Go(func() { fail(r.typesAndCompanies(ctx)) })
	wg.Go(func() { fail(r.catalog(ctx)) })
	fail(r.agreementsAndAdditions(ctx))
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return r.settle()
}

// listFatal reports whether a failed whole-entity list must end the run: besides what is
// always fatal, no HTTP answer at all means ConnectWise cannot be reached (offline, wrong
// host, TLS), which is a failed run, not a partial one that brought nothing new.
func listFatal(ctx context.Context, err error) bool {
	return fatal(ctx, err) || noAnswer(err)
}

// failList holds back a whole-entity list failure for settle.
func (r *run) failList(f listFailure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lists = append(r.lists, f)
}

// settle reports the list failures as section failures, or fails the run when neither the
// companies nor the agreements could be read: such a run read nothing and must say so.
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
		return fmt.Errorf("ConnectWise answered neither the companies nor the agreements list, so nothing was read; sync again later (companies: %w; agreements: %w)", accounts, agreements)
	}
	for _, f := range lists {
		r.sink.Logf(f.section, f.level, "%s", f.text)
		r.sink.Fail(f.section, f.scope, f.err)
	}
	return nil
}

func (r *run) typesAndCompanies(ctx context.Context) error {
	types, err := r.types(ctx)
	var nf *connector.NotFoundError
	if errors.As(err, &nf) {
		// Some sites (and API members) have no company-types endpoint; the type names on
		// each company still tell vendors and prospects apart, only the vendorFlag of
		// custom-named vendor types is unknown.
		r.sink.Logf(secTypes, connector.LevelWarn, "the company types endpoint is not available (%v): vendors and prospects are recognised by their type names (\"Vendor\", \"Prospect\") and the company's vendor flag", err)
		types, err = newTypeIndex(nil), nil
	}
	if err != nil {
		if listFatal(ctx, err) {
			return err
		}
		r.failList(listFailure{section: secTypes, level: connector.LevelError, scope: connector.Scope{Entity: connector.EntityAccounts}, err: err,
			text: fmt.Sprintf("could not read the company types, so companies cannot be classified as vendors or prospects; cached accounts are kept: %v", err)})
		return nil
	}
	return r.companies(ctx, types)
}

func (r *run) agreementsAndAdditions(ctx context.Context) error {
	parents, ok, err := r.agreements(ctx)
	if err != nil {
		return err
	}
	if !ok {
		err := errors.New("the agreement list could not be read, so their additions were not read")
		r.failList(listFailure{section: secAdditions, level: connector.LevelWarn, scope: connector.Scope{Entity: connector.EntityServiceLines}, err: err,
			text: err.Error() + "; cached lines are kept"})
		return nil
	}
	return r.additions(ctx, parents)
}

// stamp renders a watermark for the log.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// sinceText renders an entity's filter date for the log.
func (r *run) sinceText(e connector.Entity) string {
	if at := r.since[e]; !at.IsZero() {
		return stamp(at)
	}
	return "the beginning (no watermark yet)"
}

// filter adds the documented lastUpdated filter for entity e to q, when e has one.
func (r *run) filter(q url.Values, e connector.Entity) {
	if at := r.since[e]; !r.full && !at.IsZero() {
		q.Set("conditions", "lastUpdated > ["+at.UTC().Format("2006-01-02T15:04:05Z")+"]")
	}
}

func (r *run) failSection(section string, entity connector.Entity, err error) {
	r.failList(listFailure{section: section, level: connector.LevelError, scope: connector.Scope{Entity: entity}, err: err,
		text: fmt.Sprintf("could not read %s; the cached rows are kept: %v", section, err)})
}

// types reads /company/companies/types once, to know which types mark vendors.
func (r *run) types(ctx context.Context) (typeIndex, error) {
	var all []apiCompanyType
	pages, err := r.cl.list(ctx, epTypes, epTypes, nil, func(rows []json.RawMessage) error {
		for _, raw := range rows {
			t, err := decode[apiCompanyType](epTypes, raw)
			if err != nil {
				return err
			}
			all = append(all, t)
		}
		return nil
	})
	if err != nil {
		return typeIndex{}, err
	}
	var vendors []string
	for _, t := range all {
		if t.VendorFlag {
			vendors = append(vendors, t.Name)
		}
	}
	vendorText := "none carries the vendor flag"
	if len(vendors) > 0 {
		vendorText = "vendor types: " + strings.Join(vendors, ", ")
	}
	r.sink.Logf(secTypes, connector.LevelInfo, "read %d company types (%s; %s)", len(all), connector.Count(pages, "page", "pages"), vendorText)
	return newTypeIndex(all), nil
}

// companies reads all companies (Full) or the changed ones plus an id sweep (Quick/Since).
// It returns only errors that end the run; others fail the section.
func (r *run) companies(ctx context.Context, types typeIndex) error {
	q := url.Values{}
	r.filter(q, connector.EntityAccounts)
	var rows []connector.Account
	seen := map[string]bool{}
	pages, err := r.cl.list(ctx, epCompanies, epCompanies, q, func(page []json.RawMessage) error {
		for _, raw := range page {
			a, err := mapCompany(raw, types)
			if err != nil {
				return err
			}
			if !seen[a.ID] {
				seen[a.ID] = true
				rows = append(rows, a)
			}
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
	return r.sweep(ctx, secCompanies, connector.EntityAccounts, epCompanies)
}

// agreements reads all agreements (Full) or the changed ones plus an id sweep, and returns
// the agreements whose additions must be read. ok is false when the list failed (the
// section is then marked failed).
func (r *run) agreements(ctx context.Context) (parents []parent, ok bool, err error) {
	q := url.Values{}
	r.filter(q, connector.EntityAgreements)
	var rows []connector.Agreement
	seen := map[string]bool{}
	pages, err := r.cl.list(ctx, epAgreements, epAgreements, q, func(page []json.RawMessage) error {
		for _, raw := range page {
			a, err := mapAgreement(raw)
			if err != nil {
				return err
			}
			if !seen[a.ID] {
				seen[a.ID] = true
				rows = append(rows, a)
			}
		}
		r.sink.Progress(secAgreements, len(rows), 0)
		return nil
	})
	if err != nil {
		if listFatal(ctx, err) {
			return nil, false, err
		}
		r.failSection(secAgreements, connector.EntityAgreements, err)
		return nil, false, nil
	}
	if len(rows) > 0 {
		if err := connector.Put(ctx, r.sink, rows...); err != nil {
			return nil, false, &sinkError{err}
		}
	}
	for _, a := range rows {
		parents = append(parents, parent{id: a.ID, accountID: a.AccountID, name: a.Name})
	}
	if r.full {
		r.sink.Complete(connector.Scope{Entity: connector.EntityAgreements})
		r.sink.Logf(secAgreements, connector.LevelInfo, "read %s (%s)", connector.Count(len(rows), "agreement", "agreements"), connector.Count(pages, "page", "pages"))
		return parents, true, nil
	}
	r.sink.Logf(secAgreements, connector.LevelInfo, "%s: %s changed since %s %s", r.label, connector.Count(len(rows), "agreement", "agreements"), r.sinceText(connector.EntityAgreements), r.why)
	if err := r.sweep(ctx, secAgreements, connector.EntityAgreements, epAgreements); err != nil {
		return nil, false, err
	}
	return parents, true, nil
}

// sweep lists every id of an endpoint (fields=id) and tells a retaining sink which rows
// still exist, so deletions at the source reach the cache without a Full Sync.
func (r *run) sweep(ctx context.Context, section string, entity connector.Entity, ep string) error {
	var ids []string
	seen := map[string]bool{}
	q := url.Values{"fields": {"id"}}
	pages, err := r.cl.list(ctx, ep, ep, q, func(page []json.RawMessage) error {
		for _, raw := range page {
			x, err := decode[idOnly](ep, raw)
			if err != nil {
				return err
			}
			if id := x.ID.String(); id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil {
		if listFatal(ctx, err) {
			return err
		}
		r.sink.Logf(section, connector.LevelWarn, "could not list the ids of %s to detect deletions (%v); deletions are picked up by the next sync that can, or by a Full Sync", section, err)
		return nil
	}
	ret, ok := r.sink.(connector.Retainer)
	if !ok {
		r.sink.Logf(section, connector.LevelInfo, "deletion check: %d %s exist at the source; deletions of %s are picked up by the next Full Sync", len(ids), section, section)
		return nil
	}
	if err := ret.Retain(ctx, entity, ids); err != nil {
		return &sinkError{err}
	}
	r.sink.Logf(section, connector.LevelInfo, "deletion check: %d %s exist at the source (%s of ids); cached %s missing from that list were deleted in ConnectWise", len(ids), section, connector.Count(pages, "page", "pages"), section)
	return nil
}

// additions reads the additions of each parent agreement, concurrently (bounded by the
// client's limit). One agreement that cannot be read is marked failed; the rest go on.
// When a request gets no answer at all, ConnectWise stopped answering mid-run: the
// agreements not read yet are marked failed without sending more requests, so what was
// read is kept and the run is partial.
func (r *run) additions(ctx context.Context, parents []parent) error {
	total := len(parents)
	if !r.full {
		r.sink.Logf(secAdditions, connector.LevelInfo, "%s re-reads the additions of the %s changed since %s %s only: ConnectWise has no changed-since filter across agreements, so an addition edited without its agreement changing is picked up by the next Full Sync", r.label, connector.Count(total, "agreement", "agreements"), r.sinceText(connector.EntityAgreements), r.why)
	}
	if total == 0 {
		if r.full {
			r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines})
			r.sink.Logf(secAdditions, connector.LevelInfo, "read 0 additions (no agreements)")
		}
		return nil
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		done, lines, pages, failed, skipped atomic.Int64
		once, lostOnce                      sync.Once
		fatalErr, lostErr                   error
		lost                                atomic.Bool
		wg                                  sync.WaitGroup
	)
	jobs := make(chan parent)
	for range min(r.cl.http.Concurrency(), total) {
		wg.Go(func() {
			for p := range jobs {
				scope := connector.Scope{Entity: connector.EntityServiceLines, ParentID: p.id}
				if lost.Load() {
					skipped.Add(1)
					r.sink.Fail(secAdditions, scope, lostErr)
					r.sink.Progress(secAdditions, int(done.Add(1)), total)
					continue
				}
				n, pg, err := r.agreementAdditions(wctx, p)
				pages.Add(int64(pg))
				switch {
				case err == nil:
					lines.Add(int64(n))
				case fatal(wctx, err) || isSinkError(err):
					once.Do(func() { fatalErr = err; cancel() })
					continue
				case noAnswer(err):
					lostOnce.Do(func() { lostErr = err; lost.Store(true) })
					failed.Add(1)
					r.sink.Fail(secAdditions, scope, err)
				default:
					failed.Add(1)
					r.sink.Logf(secAdditions, connector.LevelWarn, "could not read the additions of agreement %s (%q of company %s); its cached lines are kept: %v", p.id, p.name, p.accountID, err)
					r.sink.Fail(secAdditions, scope, err)
				}
				r.sink.Progress(secAdditions, int(done.Add(1)), total)
			}
		})
	}
feed:
	for _, p := range parents {
		select {
		case jobs <- p:
		case <-wctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if fatalErr != nil {
		return fatalErr
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reading additions: %w", err)
	}
	read := total - int(failed.Load()) - int(skipped.Load())
	r.sink.Logf(secAdditions, connector.LevelInfo, "read %d additions of %d agreements (%s)", lines.Load(), read, connector.Count(int(pages.Load()), "page", "pages"))
	if lost.Load() {
		r.sink.Logf(secAdditions, connector.LevelError, "ConnectWise stopped answering while additions were read (%v): the additions of %s were not read, their cached lines are kept and the run is partial; check the network connection, then sync again", lostErr, connector.Count(int(failed.Load()+skipped.Load()), "agreement", "agreements"))
	} else if f := failed.Load(); f > 0 {
		r.sink.Logf(secAdditions, connector.LevelWarn, "the additions of %s could not be read; their cached lines are kept and the run is partial: sync again later", connector.Count(int(f), "agreement", "agreements"))
	} else if r.full {
		r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines})
	}
	return nil
}

// agreementAdditions reads, stores and completes the additions of one agreement.
func (r *run) agreementAdditions(ctx context.Context, p parent) (lines, pages int, err error) {
	path := "/finance/agreements/" + url.PathEscape(p.id) + "/additions"
	var rows []connector.ServiceLine
	seen := map[string]bool{}
	pages, err = r.cl.list(ctx, epAdditions, path, nil, func(page []json.RawMessage) error {
		for _, raw := range page {
			l, err := mapAddition(raw, p)
			if err != nil {
				return err
			}
			if !seen[l.ID] {
				seen[l.ID] = true
				rows = append(rows, l)
			}
		}
		return nil
	})
	var nf *connector.NotFoundError
	if errors.As(err, &nf) {
		// The agreement list was just read, so the site is right: the agreement was
		// deleted while this run was reading. It has no additions any more.
		r.sink.Logf(secAdditions, connector.LevelInfo, "agreement %s (%q) was deleted in ConnectWise while syncing; its additions are dropped", p.id, p.name)
		r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: p.id})
		return 0, pages, nil
	}
	if err != nil {
		return 0, pages, err
	}
	if len(rows) > 0 {
		if err := connector.Put(ctx, r.sink, rows...); err != nil {
			return 0, pages, &sinkError{err}
		}
	}
	r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: p.id})
	return len(rows), pages, nil
}

// catalog reads the product catalog: everything (Full) or the items changed since the
// products watermark plus an id sweep (Quick/Since). An API member without the catalog
// permission (403) or a site without the endpoint (404) fails only this section: the
// lines and companies are what reconciliation needs first.
func (r *run) catalog(ctx context.Context) error {
	q := url.Values{}
	r.filter(q, connector.EntityProducts)
	var rows []connector.Product
	seen := map[string]bool{}
	pages, err := r.cl.list(ctx, epCatalog, epCatalog, q, func(page []json.RawMessage) error {
		for _, raw := range page {
			p, err := mapCatalogItem(raw)
			if err != nil {
				return err
			}
			if !seen[p.ID] {
				seen[p.ID] = true
				rows = append(rows, p)
			}
		}
		r.sink.Progress(secCatalog, len(rows), 0)
		return nil
	})
	var nf *connector.NotFoundError
	if connector.IsAuth(err) || errors.As(err, &nf) {
		r.failList(listFailure{section: secCatalog, level: connector.LevelWarn, scope: connector.Scope{Entity: connector.EntityProducts}, err: err,
			text: fmt.Sprintf("could not read the product catalog; cached products are kept. Give the API member's security role Procurement > Product Catalog: Inquire Level All to read it (%v)", err)})
		return nil
	}
	if err != nil {
		if listFatal(ctx, err) {
			return err
		}
		r.failSection(secCatalog, connector.EntityProducts, err)
		return nil
	}
	if len(rows) > 0 {
		if err := connector.Put(ctx, r.sink, rows...); err != nil {
			return &sinkError{err}
		}
	}
	if r.full {
		r.sink.Complete(connector.Scope{Entity: connector.EntityProducts})
		r.sink.Logf(secCatalog, connector.LevelInfo, "read %s (%s)", connector.Count(len(rows), "catalog item", "catalog items"), connector.Count(pages, "page", "pages"))
		return nil
	}
	r.sink.Logf(secCatalog, connector.LevelInfo, "%s: %s changed since %s %s", r.label, connector.Count(len(rows), "catalog item", "catalog items"), r.sinceText(connector.EntityProducts), r.why)
	return r.sweep(ctx, secCatalog, connector.EntityProducts, epCatalog)
}

func isSinkError(err error) bool {
	var se *sinkError
	return errors.As(err, &se)
}
