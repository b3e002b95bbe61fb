package pax8

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Sections of a run, as they appear in the log and in sink.Fail.
const (
	sectionCompanies     = "companies"
	sectionSubscriptions = "subscriptions"
	sectionProducts      = "products"
)

// Test gets an access token and reads one company.
func (c *Connector) Test(ctx context.Context) error {
	r := c.newRun(nil)
	defer r.finish()
	q := url.Values{"page": {"0"}, "size": {"1"}}
	body, err := r.get(ctx, "/companies", q, "the Pax8 companies list")
	if err != nil {
		return fmt.Errorf("pax8 connection test: %w", err)
	}
	var env pageEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("pax8 connection test: the base URL answered, but not like the Pax8 Partner API (check it is %s): %w", DefaultBaseURL, err)
	}
	return nil
}

// Sync reads every company and subscription (Pax8 has no changed-since filter) and writes
// them according to the mode:
//   - full: everything is Put; the engine rebuilds the cache from it.
//   - quick: everything is Put (the engine stores only what differs), then each entity that
//     was read completely is marked Complete so records deleted at Pax8 disappear.
//   - since: only records whose updatedDate (else createdDate) is on or after req.Since are
//     Put, plus records without any readable date; nothing is marked Complete.
//
// A companies or subscriptions list that cannot be read (after retries, with an HTTP
// answer) is a section failure (sink.Fail). An AuthError, a cancelled context, a list that
// got no HTTP answer at all (Pax8 cannot be reached: offline, DNS, TLS, dropped
// connections) and both lists failing fail the run: such a run read nothing.
func (c *Connector) Sync(ctx context.Context, req connector.Request, sink connector.Sink) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pax8 sync: %w", err)
	}
	r := c.newRun(sink)
	defer r.finish()

	mode := req.Mode
	if (mode == connector.ModeQuick || mode == connector.ModeSince) && req.Since.IsZero() {
		r.logf(sectionSubscriptions, connector.LevelInfo, "no start date was given for a %s sync: reading everything as a full sync", mode)
		mode = connector.ModeFull
	}
	if mode != connector.ModeQuick && mode != connector.ModeSince {
		mode = connector.ModeFull
	}
	w := writer{r: r, mode: mode, since: req.Since}

	// A token first, so wrong credentials fail the run before anything is read.
	if _, err := c.token(ctx, r.http); err != nil {
		return fmt.Errorf("pax8 sync: %w", err)
	}

	companies, companiesErr := r.readCompanies(ctx)
	companiesOK := companiesErr == nil
	if companiesErr != nil {
		if fatal := runFatal(ctx, companiesErr); fatal != nil {
			return fatal
		}
	} else if err := w.putCompanies(ctx, companies); err != nil {
		return fmt.Errorf("pax8 sync: save companies: %w", err)
	}

	subs, err := r.readSubscriptions(ctx)
	subsOK := err == nil
	if err != nil {
		if fatal := runFatal(ctx, err); fatal != nil {
			return fatal
		}
		if companiesErr != nil {
			return fmt.Errorf("pax8 sync: Pax8 answered neither the companies nor the subscriptions list, so nothing was read; sync again later (companies: %w; subscriptions: %w)", companiesErr, err)
		}
	}
	if companiesErr != nil {
		r.sectionFailed(sectionCompanies, connector.EntityAccounts, companiesErr)
	}
	if err != nil {
		r.sectionFailed(sectionSubscriptions, connector.EntitySubscriptions, err)
	} else {
		keep, products, named, err := r.nameProducts(ctx, subs)
		if err != nil {
			return fmt.Errorf("pax8 sync: %w", err)
		}
		subsOK = named
		if err := w.putProducts(ctx, products); err != nil {
			return fmt.Errorf("pax8 sync: save products: %w", err)
		}
		// Products are the ones the subscriptions use: when every one was read, cached
		// products no subscription uses any more go.
		if mode == connector.ModeQuick && named && len(products) == countProducts(subs) {
			sink.Complete(connector.Scope{Entity: connector.EntityProducts})
		}
		if companiesOK {
			r.checkOrphans(companies, subs)
		}
		if err := w.putSubscriptions(ctx, keep); err != nil {
			return fmt.Errorf("pax8 sync: save subscriptions: %w", err)
		}
	}

	if mode == connector.ModeQuick {
		if companiesOK {
			sink.Complete(connector.Scope{Entity: connector.EntityAccounts})
		}
		if subsOK {
			sink.Complete(connector.Scope{Entity: connector.EntitySubscriptions})
		}
	}
	return nil
}

// runFatal returns err, wrapped, when a failed list must fail the run: credentials
// refused, run cancelled, or no HTTP answer at all (Pax8 cannot be reached); else nil.
func runFatal(ctx context.Context, err error) error {
	if ctx.Err() != nil || connector.IsAuth(err) || noAnswer(err) {
		return fmt.Errorf("pax8 sync: %w", err)
	}
	return nil
}

// sectionFailed records a list that could not be read as a section failure.
func (r *run) sectionFailed(section string, entity connector.Entity, err error) {
	r.logf(section, connector.LevelError, "could not read %s: %v. The %s already on this computer are kept as they were; sync again later", section, err, section)
	r.sink.Fail(section, connector.Scope{Entity: entity}, err)
}

// --- reading ---

type pageStats struct {
	pages   int
	records int
	total   int // page.totalElements of the first page; -1 when not sent
}

func (p pageStats) String() string {
	if p.pages == 1 {
		return "1 page"
	}
	return strconv.Itoa(p.pages) + " pages"
}

// eachPage reads every page of a list, size 200, from page 0. It stops after the last page
// page.totalPages announces, on an empty page, on a short page when the answer has no
// totalPages, when a page repeats the previous one (a server ignoring ?page), and after
// maxPages at the latest, so it never loops forever.
func (r *run) eachPage(ctx context.Context, section, path string, fn func(json.RawMessage) error) (pageStats, error) {
	st := pageStats{total: -1}
	var prevFirst string
	for page := 0; ; page++ {
		if page >= maxPages {
			r.logf(section, connector.LevelWarn, "stopped reading %s after %d pages: Pax8 kept announcing more", section, maxPages)
			return st, nil
		}
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("read %s: %w", section, err)
		}
		q := url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(pageSize)}}
		body, err := r.get(ctx, path, q, fmt.Sprintf("page %d of the Pax8 %s list", page, section))
		if err != nil {
			return st, err
		}
		var env pageEnvelope
		if err := json.Unmarshal(body, &env); err != nil {
			return st, fmt.Errorf("page %d of the Pax8 %s list is not valid JSON: %w", page, section, err)
		}
		st.pages++
		total, totalPages, hasMeta := env.meta()
		if hasMeta && st.total < 0 {
			st.total = total
		}
		if len(env.Content) == 0 {
			return st, nil
		}
		first := string(env.Content[0])
		if page > 0 && first == prevFirst {
			r.logf(section, connector.LevelWarn, "Pax8 sent page %d of %s again as page %d: stopped paging there", page-1, section, page)
			return st, nil
		}
		prevFirst = first
		for _, raw := range env.Content {
			if err := fn(raw); err != nil {
				return st, fmt.Errorf("page %d of the Pax8 %s list: %w", page, section, err)
			}
		}
		st.records += len(env.Content)
		if r.sink != nil {
			r.sink.Progress(section, st.records, max(st.total, st.records))
		}
		if hasMeta && totalPages > 0 {
			if page+1 >= totalPages {
				return st, nil
			}
			continue
		}
		if len(env.Content) < pageSize {
			return st, nil
		}
	}
}

func (r *run) readCompanies(ctx context.Context) ([]companyRow, error) {
	var rows []companyRow
	index := map[string]int{}
	skipped := 0
	st, err := r.eachPage(ctx, sectionCompanies, "/companies", func(raw json.RawMessage) error {
		row, err := decodeCompany(raw)
		if err != nil {
			return err
		}
		if row.account.ID == "" {
			skipped++
			return nil
		}
		if i, dup := index[row.account.ID]; dup {
			rows[i] = row // the list shifted while paging: keep the later copy
			return nil
		}
		index[row.account.ID] = len(rows)
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		r.logf(sectionCompanies, connector.LevelWarn, "skipped %d companies without an id", skipped)
	}
	r.logf(sectionCompanies, connector.LevelInfo, "read %s (%s)", connector.Count(len(rows), "company", "companies"), st)
	return rows, nil
}

func (r *run) readSubscriptions(ctx context.Context) ([]subscriptionRow, error) {
	var rows []subscriptionRow
	index := map[string]int{}
	skipped := 0
	st, err := r.eachPage(ctx, sectionSubscriptions, "/subscriptions", func(raw json.RawMessage) error {
		row, err := decodeSubscription(raw)
		if err != nil {
			return err
		}
		if row.sub.ID == "" {
			skipped++
			return nil
		}
		if i, dup := index[row.sub.ID]; dup {
			rows[i] = row
			return nil
		}
		index[row.sub.ID] = len(rows)
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		r.logf(sectionSubscriptions, connector.LevelWarn, "skipped %d subscriptions without an id", skipped)
	}
	r.logf(sectionSubscriptions, connector.LevelInfo, "read %s (%s)", connector.Count(len(rows), "subscription", "subscriptions"), st)
	return rows, nil
}

// nameProducts reads each distinct product once (GET /products/{id}, concurrently within
// the run's request limit) and names every subscription: the product record's name, else
// the productName the subscription carried. It returns the subscriptions to store and
// the products it read, as records of the products entity.
//
// A subscription whose product could not be read and that carries no name of its own is
// held back: storing it would rename the cached row "Unknown product <id>", and mappings key
// on product names. Its company's subscriptions are marked failed instead, so the cache
// keeps their rows as they were (a subscription new since the last sync appears once its
// product can be read). allNamed is false when that happened. A product that Pax8 returns
// without a name is named "Unknown product <id>": that is what the source says, and
// retrying would not change it. The returned error is fatal (credentials refused, run
// cancelled).
func (r *run) nameProducts(ctx context.Context, subs []subscriptionRow) (keep []subscriptionRow, products []connector.Product, allNamed bool, err error) {
	var ids []string
	seen := map[string]bool{}
	for _, s := range subs {
		if id := s.sub.ProductID; id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	read, failures, err := r.readProducts(ctx, ids)
	if err != nil {
		return nil, nil, false, err
	}
	names := make(map[string]string, len(read))
	for _, id := range ids {
		if p, ok := read[id]; ok {
			names[id] = p.Name
			products = append(products, p)
		}
	}

	keep = make([]subscriptionRow, 0, len(subs))
	fallbackUsed := map[string]int{}  // product id -> subscriptions named from their own productName
	heldBack := map[string]int{}      // product id -> subscriptions not stored
	accounts := map[string][]string{} // account id -> products that held back its subscriptions
	nameless := map[string]bool{}
	for _, s := range subs {
		id := s.sub.ProductID
		switch {
		case names[id] != "":
			s.sub.ProductName = names[id]
		case s.ownName != "":
			s.sub.ProductName = s.ownName
			if failures[id] != nil {
				fallbackUsed[id]++
			}
		case failures[id] != nil:
			heldBack[id]++
			if !slices.Contains(accounts[s.sub.AccountID], id) {
				accounts[s.sub.AccountID] = append(accounts[s.sub.AccountID], id)
			}
			continue
		default:
			s.sub.ProductName = unknownProduct(id)
			if id != "" {
				nameless[id] = true
			}
		}
		keep = append(keep, s)
	}
	for _, id := range sortedKeys(failures) {
		var what []string
		if n := heldBack[id]; n > 0 {
			what = append(what, fmt.Sprintf("%s were not updated in this run and keep the product name already on this computer (new ones appear once the product can be read); sync again later", connector.Count(n, "subscription", "subscriptions")))
		}
		if n := fallbackUsed[id]; n > 0 {
			what = append(what, fmt.Sprintf("%s keep the product name they carry", connector.Count(n, "subscription", "subscriptions")))
		}
		if len(what) == 0 {
			what = append(what, "no subscription needed its name")
		}
		r.logf(sectionProducts, connector.LevelWarn, "could not read product %s: %v. %s", id, failures[id], strings.Join(what, "; "))
	}
	for _, id := range sortedKeys(nameless) {
		r.logf(sectionProducts, connector.LevelWarn, "Pax8 returned product %s without a name: its subscriptions show %q", id, unknownProduct(id))
	}
	r.logf(sectionProducts, connector.LevelInfo, "read %d of %d products used by subscriptions", len(ids)-len(failures), len(ids))

	for _, account := range sortedKeys(accounts) {
		var errs []error
		for _, id := range accounts[account] {
			errs = append(errs, fmt.Errorf("product %s: %w", id, failures[id]))
		}
		// Scoped to the company: its cached subscriptions are kept, the others are stored.
		r.sink.Fail(sectionProducts, connector.Scope{Entity: connector.EntitySubscriptions, ParentID: account},
			fmt.Errorf("the products of some subscriptions could not be read, so they were not updated: %w", errors.Join(errs...)))
	}
	return keep, products, len(accounts) == 0, nil
}

// countProducts counts the distinct products the subscriptions use.
func countProducts(subs []subscriptionRow) int {
	seen := map[string]bool{}
	for _, s := range subs {
		if id := s.sub.ProductID; id != "" {
			seen[id] = true
		}
	}
	return len(seen)
}

// readProducts fetches products by id. failures holds the ids that could not be read
// after retries; err is set only for run-fatal problems.
func (r *run) readProducts(ctx context.Context, ids []string) (products map[string]connector.Product, failures map[string]error, err error) {
	products = map[string]connector.Product{}
	failures = map[string]error{}
	if len(ids) == 0 {
		return products, failures, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu    sync.Mutex
		fatal error
		done  int
		wg    sync.WaitGroup
		slots = make(chan struct{}, max(1, r.http.Concurrency()))
	)
	for _, id := range ids {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			defer func() { <-slots }()
			p, err := r.readProduct(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				products[id] = p
			case connector.IsAuth(err) || ctx.Err() != nil:
				if fatal == nil {
					fatal = err
				}
				cancel()
			default:
				failures[id] = err
			}
			done++
			r.sink.Progress(sectionProducts, done, len(ids))
		}(id)
	}
	wg.Wait()
	if fatal != nil {
		return nil, nil, fatal
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("read products: %w", err)
	}
	return products, failures, nil
}

func (r *run) readProduct(ctx context.Context, id string) (connector.Product, error) {
	body, err := r.get(ctx, "/products/"+url.PathEscape(id), nil, "Pax8 product "+id)
	if err != nil {
		return connector.Product{}, err
	}
	return decodeProduct(id, body)
}

// checkOrphans warns about subscriptions of companies the companies list did not have.
func (r *run) checkOrphans(companies []companyRow, subs []subscriptionRow) {
	known := make(map[string]bool, len(companies))
	for _, c := range companies {
		known[c.account.ID] = true
	}
	n := 0
	for _, s := range subs {
		if !known[s.sub.AccountID] {
			n++
		}
	}
	if n > 0 {
		r.logf(sectionSubscriptions, connector.LevelWarn, "%d subscriptions belong to companies the companies list did not include", n)
	}
}

// --- writing ---

// writer applies the sync mode to what was read.
type writer struct {
	r     *run
	mode  connector.Mode
	since time.Time
}

const putBatch = 500

// keep reports whether a record with this stamp is written in a since-date run: changed on
// or after the date, or not dated at all (we cannot tell, so we do not drop it).
func (w writer) keep(stamp time.Time) bool {
	return stamp.IsZero() || !stamp.Before(w.since)
}

func (w writer) sinceText() string { return w.since.UTC().Format("2006-01-02 15:04 UTC") }

func (w writer) putCompanies(ctx context.Context, rows []companyRow) error {
	out := make([]connector.Account, 0, len(rows))
	after := 0
	for _, row := range rows {
		if row.stamp.After(w.since) {
			after++
		}
		if w.mode == connector.ModeSince && !w.keep(row.stamp) {
			continue
		}
		out = append(out, row.account)
	}
	switch w.mode {
	case connector.ModeQuick:
		w.r.logf(sectionCompanies, connector.LevelInfo, "Pax8 has no change filter: read all %d companies and compared them with the cache on this computer (%d have an updatedDate after %s)", len(rows), after, w.sinceText())
	case connector.ModeSince:
		w.r.logf(sectionCompanies, connector.LevelInfo, "Pax8 has no change filter: read all %d companies and kept the %d updated on or after %s (or without a date)", len(rows), len(out), w.sinceText())
	}
	for chunk := range slices.Chunk(out, putBatch) {
		if err := connector.Put(ctx, w.r.sink, chunk...); err != nil {
			return err
		}
	}
	return nil
}

func (w writer) putSubscriptions(ctx context.Context, rows []subscriptionRow) error {
	out := make([]connector.Subscription, 0, len(rows))
	after, undated := 0, 0
	for _, row := range rows {
		if row.stamp.After(w.since) {
			after++
		}
		if row.stamp.IsZero() {
			undated++
		}
		if w.mode == connector.ModeSince && !w.keep(row.stamp) {
			continue
		}
		out = append(out, row.sub)
	}
	switch w.mode {
	case connector.ModeQuick:
		w.r.logf(sectionSubscriptions, connector.LevelInfo, "Pax8 has no change filter: read all %d subscriptions and compared them with the cache on this computer", len(rows))
		w.r.logf(sectionSubscriptions, connector.LevelInfo, "%d of %d subscriptions have an updatedDate after %s", after, len(rows), w.sinceText())
	case connector.ModeSince:
		w.r.logf(sectionSubscriptions, connector.LevelInfo, "Pax8 has no change filter: read all %d subscriptions and kept the %d updated on or after %s (or without a date)", len(rows), len(out), w.sinceText())
	}
	if undated > 0 {
		w.r.logf(sectionSubscriptions, connector.LevelInfo, "%d subscriptions have neither updatedDate nor createdDate", undated)
	}
	for chunk := range slices.Chunk(out, putBatch) {
		if err := connector.Put(ctx, w.r.sink, chunk...); err != nil {
			return err
		}
	}
	return nil
}

// putProducts stores the products read. Pax8 products carry no date, so a since-date run
// stores them all (unchanged ones are not counted as updates).
func (w writer) putProducts(ctx context.Context, products []connector.Product) error {
	for chunk := range slices.Chunk(products, putBatch) {
		if err := connector.Put(ctx, w.r.sink, chunk...); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
