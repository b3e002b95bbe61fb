package halopsa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"

	"github.com/trueup/trueup/internal/connector"
)

// Sections of a run, as they appear in the log and in sink.Fail.
const (
	sectionClients   = "clients"
	sectionContracts = "contracts"
	sectionInvoices  = "recurring invoices"
	sectionItems     = "items"
)

// The lists a sync reads. Inactive clients, contracts and items are asked for explicitly:
// Halo leaves them out by default, and TrueUp must see them to say why they are hidden.
var (
	clientsList   = list{section: sectionClients, path: "/Client", key: "clients", query: url.Values{"includeactive": {"true"}, "includeinactive": {"true"}}, one: "client", many: "clients"}
	contractsList = list{section: sectionContracts, path: "/ClientContract", key: "contracts", query: url.Values{"includeinactive": {"true"}}, one: "contract", many: "contracts"}
	invoicesList  = list{section: sectionInvoices, path: "/RecurringInvoice", key: "invoices", query: url.Values{"includelines": {"true"}}, one: "recurring invoice", many: "recurring invoices"}
	itemsList     = list{section: sectionItems, path: "/Item", key: "items", query: url.Values{"includeactive": {"true"}, "includeinactive": {"true"}}, one: "item", many: "items"}
)

// Test gets an access token and reads one client.
func (c *Connector) Test(ctx context.Context) error {
	r := c.newRun(nil)
	defer r.finish()
	q := url.Values{"pageinate": {"true"}, "page_size": {"1"}, "page_no": {"1"}}
	body, err := r.get(ctx, clientsList.path, q, "the HaloPSA clients list")
	if err != nil {
		return fmt.Errorf("halopsa connection test: %w", err)
	}
	env, err := decodeList(body, clientsList.key)
	if err != nil || !env.HasRows {
		return fmt.Errorf("halopsa connection test: the base URL answered, but not like the HaloPSA API: %s", baseURLTip)
	}
	return nil
}

// listResult is what reading one list gave.
type listResult struct {
	rows []json.RawMessage
	st   pageStats
	err  error
}

// Sync reads every client, contract, recurring invoice (with its lines) and item: Halo
// documents no changed-since filter for them, so every mode reads everything and:
//   - full: everything is Put; the engine rebuilds the cache from it.
//   - quick: everything is Put (the engine stores only what differs), then each entity
//     read completely is marked Complete, so records deleted in Halo disappear.
//   - since: everything is Put, nothing is marked Complete (a since-date run never drops
//     rows), and the log says the date could not narrow the read.
//
// A list that cannot be read (after retries, with an HTTP answer) is a section failure
// (sink.Fail) and the cached rows of its entities are kept. An AuthError, a cancelled
// context, a list that got no HTTP answer at all (Halo cannot be reached) and every list
// failing fail the run.
func (c *Connector) Sync(ctx context.Context, req connector.Request, sink connector.Sink) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("halopsa sync: %w", err)
	}
	r := c.newRun(sink)
	defer r.finish()
	mode := req.Mode
	if mode != connector.ModeQuick && mode != connector.ModeSince {
		mode = connector.ModeFull
	}

	// A token first, so wrong credentials fail the run before anything is read.
	if _, err := c.token(ctx, r.http); err != nil {
		return fmt.Errorf("halopsa sync: %w", err)
	}

	lists := []list{clientsList, contractsList, invoicesList, itemsList}
	results := r.readAll(ctx, lists)
	var failed []error
	for i, res := range results {
		if res.err == nil {
			r.logf(lists[i].section, connector.LevelInfo, "read %s (%s)", connector.Count(len(res.rows), lists[i].one, lists[i].many), res.st)
			continue
		}
		if ctx.Err() != nil || connector.IsAuth(res.err) || noAnswer(res.err) {
			return fmt.Errorf("halopsa sync: %w", res.err)
		}
		failed = append(failed, fmt.Errorf("%s: %w", lists[i].section, res.err))
	}
	if len(failed) == len(lists) {
		return fmt.Errorf("halopsa sync: HaloPSA answered none of the lists, so nothing was read; sync again later (%w)", errors.Join(failed...))
	}
	w := writer{r: r, mode: mode}
	if mode == connector.ModeSince {
		r.logf(sectionInvoices, connector.LevelInfo, "HaloPSA has no change filter: read everything instead of only what changed since %s", req.Since.UTC().Format("2006-01-02 15:04 UTC"))
	}

	clients, contracts, invoices, items := results[0], results[1], results[2], results[3]
	if err := w.accounts(ctx, clients); err != nil {
		return err
	}
	if err := w.agreements(ctx, contracts, invoices); err != nil {
		return err
	}
	return w.products(ctx, items)
}

// readAll reads the lists concurrently (within the run's request limit).
func (r *run) readAll(ctx context.Context, lists []list) []listResult {
	out := make([]listResult, len(lists))
	var wg sync.WaitGroup
	for i, l := range lists {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var rows []json.RawMessage
			st, err := r.eachPage(ctx, l, func(raw json.RawMessage) error {
				rows = append(rows, raw)
				return nil
			})
			out[i] = listResult{rows: rows, st: st, err: err}
		}()
	}
	wg.Wait()
	return out
}

// --- writing ---

type writer struct {
	r    *run
	mode connector.Mode
}

const putBatch = 500

func (w writer) fail(section string, err error, entities ...connector.Entity) {
	w.r.logf(section, connector.LevelError, "could not read %s: %v. What is already on this computer is kept as it was; sync again later", section, err)
	for _, e := range entities {
		w.r.sink.Fail(section, connector.Scope{Entity: e}, err)
	}
}

func (w writer) diffNote(l list, n int) {
	if w.mode == connector.ModeQuick {
		w.r.logf(l.section, connector.LevelInfo, "HaloPSA has no change filter: read all %s and compared them with the cache on this computer", connector.Count(n, l.one, l.many))
	}
}

func (w writer) complete(entities ...connector.Entity) {
	if w.mode != connector.ModeQuick {
		return
	}
	for _, e := range entities {
		w.r.sink.Complete(connector.Scope{Entity: e})
	}
}

func put[T connector.View](ctx context.Context, sink connector.Sink, views []T) error {
	for chunk := range slices.Chunk(views, putBatch) {
		if err := connector.Put(ctx, sink, chunk...); err != nil {
			return err
		}
	}
	return nil
}

// dedupe keeps one row per id (the later copy: the list shifted while paging) and counts
// rows without an id.
func dedupe[T any](rows []T, id func(T) string) (out []T, noID int) {
	index := map[string]int{}
	for _, row := range rows {
		k := id(row)
		if k == "" {
			noID++
			continue
		}
		if i, dup := index[k]; dup {
			out[i] = row
			continue
		}
		index[k] = len(out)
		out = append(out, row)
	}
	return out, noID
}

func (w writer) accounts(ctx context.Context, res listResult) error {
	if res.err != nil {
		w.fail(sectionClients, res.err, connector.EntityAccounts)
		return nil
	}
	var accounts []connector.Account
	for _, raw := range res.rows {
		a, err := decodeClient(raw)
		if err != nil {
			w.fail(sectionClients, err, connector.EntityAccounts)
			return nil
		}
		accounts = append(accounts, a)
	}
	accounts, noID := dedupe(accounts, func(a connector.Account) string { return a.ID })
	if noID > 0 {
		w.r.logf(sectionClients, connector.LevelWarn, "skipped %s without an id", connector.Count(noID, "client", "clients"))
	}
	w.diffNote(clientsList, len(accounts))
	if err := put(ctx, w.r.sink, accounts); err != nil {
		return fmt.Errorf("halopsa sync: save clients: %w", err)
	}
	w.complete(connector.EntityAccounts)
	return nil
}

// agreements stores the recurring invoices as agreements and their lines as service lines.
// Without the contracts list the agreements' dates and active flags are unknown, so both
// entities keep what the cache has.
func (w writer) agreements(ctx context.Context, contractsRes, invoicesRes listResult) error {
	switch {
	case invoicesRes.err != nil:
		w.fail(sectionInvoices, invoicesRes.err, connector.EntityAgreements, connector.EntityServiceLines)
		return nil
	case contractsRes.err != nil:
		w.fail(sectionContracts, fmt.Errorf("the recurring invoices take their dates and status from their contracts, so they were not updated: %w", contractsRes.err),
			connector.EntityAgreements, connector.EntityServiceLines)
		return nil
	}
	contracts := map[string]contractFacts{}
	for _, raw := range contractsRes.rows {
		ct, err := decodeContract(raw)
		if err != nil {
			w.fail(sectionContracts, err, connector.EntityAgreements, connector.EntityServiceLines)
			return nil
		}
		if ct.id != "" {
			contracts[ct.id] = ct
		}
	}
	var rows []invoiceRow
	for _, raw := range invoicesRes.rows {
		row, err := decodeInvoice(raw, contracts)
		if err != nil {
			w.fail(sectionInvoices, err, connector.EntityAgreements, connector.EntityServiceLines)
			return nil
		}
		rows = append(rows, row)
	}
	rows, noID := dedupe(rows, func(r invoiceRow) string { return r.agreement.ID })
	if noID > 0 {
		w.r.logf(sectionInvoices, connector.LevelWarn, "skipped %s without an id", connector.Count(noID, "recurring invoice", "recurring invoices"))
	}
	agreements := make([]connector.Agreement, 0, len(rows))
	nLines := 0
	for _, row := range rows {
		nLines += len(row.lines)
	}
	lines := make([]connector.ServiceLine, 0, nLines)
	skippedLines, missingContracts := 0, 0
	for _, row := range rows {
		agreements = append(agreements, row.agreement)
		lines = append(lines, row.lines...)
		skippedLines += row.skipped
		if _, ok := contracts[row.contractID]; row.contractID != "" && !ok {
			missingContracts++
		}
	}
	lines, dupLines := dedupe(lines, func(l connector.ServiceLine) string { return l.ID })
	skippedLines += dupLines
	if skippedLines > 0 {
		w.r.logf(sectionInvoices, connector.LevelWarn, "skipped %s without an id", connector.Count(skippedLines, "invoice line", "invoice lines"))
	}
	if missingContracts > 0 {
		w.r.logf(sectionContracts, connector.LevelWarn, "%s name a contract the contracts list did not include: their dates come from the invoice alone",
			connector.Count(missingContracts, "recurring invoice", "recurring invoices"))
	}
	w.diffNote(invoicesList, len(agreements))
	w.r.logf(sectionInvoices, connector.LevelInfo, "%s with %s", connector.Count(len(agreements), "recurring invoice", "recurring invoices"), connector.Count(len(lines), "line", "lines"))
	if err := put(ctx, w.r.sink, agreements); err != nil {
		return fmt.Errorf("halopsa sync: save recurring invoices: %w", err)
	}
	if err := put(ctx, w.r.sink, lines); err != nil {
		return fmt.Errorf("halopsa sync: save recurring invoice lines: %w", err)
	}
	w.complete(connector.EntityAgreements, connector.EntityServiceLines)
	return nil
}

func (w writer) products(ctx context.Context, res listResult) error {
	if res.err != nil {
		w.fail(sectionItems, res.err, connector.EntityProducts)
		return nil
	}
	var products []connector.Product
	for _, raw := range res.rows {
		p, err := decodeItem(raw)
		if err != nil {
			w.fail(sectionItems, err, connector.EntityProducts)
			return nil
		}
		products = append(products, p)
	}
	products, noID := dedupe(products, func(p connector.Product) string { return p.ID })
	if noID > 0 {
		w.r.logf(sectionItems, connector.LevelWarn, "skipped %s without an id", connector.Count(noID, "item", "items"))
	}
	w.diffNote(itemsList, len(products))
	if err := put(ctx, w.r.sink, products); err != nil {
		return fmt.Errorf("halopsa sync: save items: %w", err)
	}
	w.complete(connector.EntityProducts)
	return nil
}
