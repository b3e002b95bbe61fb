package microsoft

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/trueup/trueup/internal/connector"
)

// Test redeems the refresh token (storing the new one Entra issues) and reads one customer.
func (c *Connector) Test(ctx context.Context) error {
	r := c.newRun(nil)
	defer r.finish()
	_, err := r.get(ctx, "/v1/customers", url.Values{"size": {"1"}}, nil, "the customers list")
	return err
}

// Sync reads every customer and each customer's subscriptions; the offers they name are
// the products. Partner Center has no change filter, so every mode reads everything and
// marks each list complete: what is gone at Microsoft disappears from the cache.
func (c *Connector) Sync(ctx context.Context, req connector.Request, sink connector.Sink) error {
	r := c.newRun(sink)
	defer r.finish()
	if req.Mode != connector.ModeFull {
		r.logf("sync", connector.LevelInfo, "Partner Center cannot list only what changed: reading every customer and subscription.")
	}
	customers, err := r.customers(ctx)
	if err != nil {
		return err
	}
	accounts := make([]connector.Account, 0, len(customers))
	for _, cu := range customers {
		accounts = append(accounts, connector.Account{ID: cu.c.ID, Name: cu.c.CompanyProfile.CompanyName,
			Status: "Active", Active: true, Raw: cu.raw})
	}
	if err := connector.Put(ctx, sink, accounts...); err != nil {
		return err
	}
	sink.Complete(connector.Scope{Entity: connector.EntityAccounts})
	r.logf("accounts", connector.LevelInfo, "Read %d customers.", len(accounts))

	products, failed, err := r.subscriptions(ctx, accounts)
	if err != nil {
		return err
	}
	sink.Complete(connector.Scope{Entity: connector.EntitySubscriptions})
	if err := connector.Put(ctx, sink, products...); err != nil {
		return err
	}
	if !failed {
		// An offer held only by a customer whose list failed would otherwise vanish.
		sink.Complete(connector.Scope{Entity: connector.EntityProducts})
	}
	r.logf("products", connector.LevelInfo, "Read %d offers from the subscriptions.", len(products))
	return nil
}

type rawCustomer struct {
	c   customer
	raw []byte
}

// customers follows the continuation tokens to the last page.
func (r *run) customers(ctx context.Context) ([]rawCustomer, error) {
	var out []rawCustomer
	seen := map[string]bool{}
	token := ""
	for page := 0; ; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("the customers list did not end after %d pages: check the base URL is %s", maxPages, DefaultBaseURL)
		}
		q := url.Values{"size": {strconv.Itoa(pageSize)}}
		var h http.Header
		if token != "" {
			q.Set("seekOperation", "Next")
			h = http.Header{"MS-ContinuationToken": {token}}
		}
		body, err := r.get(ctx, "/v1/customers", q, h, "the customers list")
		if err != nil {
			return nil, err
		}
		p, items, err := decodeCustomers(body)
		if err != nil {
			return nil, err
		}
		for i, cu := range items {
			if cu.ID == "" || seen[cu.ID] {
				continue
			}
			seen[cu.ID] = true
			out = append(out, rawCustomer{c: cu, raw: p.Items[i]})
		}
		r.sink.Progress("accounts", len(out), 0)
		next := p.next()
		if next == "" || len(items) == 0 {
			return out, nil
		}
		if next == token {
			return nil, errors.New("Partner Center answered the same continuation token twice: try again later")
		}
		token = next
	}
}

// subscriptions reads each customer's subscriptions, a few customers at a time. A
// customer whose list fails is a failed section for that customer (its cached
// subscriptions stay); an auth failure, an unreachable API or a cancelled context fails
// the run. failed reports whether any customer's list failed.
func (r *run) subscriptions(ctx context.Context, accounts []connector.Account) (products []connector.Product, failed bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu     sync.Mutex
		offers = map[string]connector.Product{}
		done   int
		wg     sync.WaitGroup
		slots  = make(chan struct{}, max(1, r.http.Concurrency()))
	)
	for _, a := range accounts {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			subs, err := r.customerSubscriptions(ctx, a)
			mu.Lock()
			defer mu.Unlock()
			done++
			r.sink.Progress("subscriptions", done, len(accounts))
			if err != nil {
				var ae *connector.AuthError
				if errors.As(err, &ae) || noAnswer(err) || ctx.Err() != nil {
					cancel(err)
					return
				}
				failed = true
				r.sink.Fail("subscriptions", connector.Scope{Entity: connector.EntitySubscriptions, ParentID: a.ID},
					fmt.Errorf("the subscriptions of %s: %w", a.Name, err))
				return
			}
			for _, s := range subs {
				if _, ok := offers[s.ProductID]; !ok && s.ProductID != "" {
					offers[s.ProductID] = connector.Product{ID: s.ProductID, Identifier: s.ProductID, Name: s.ProductName,
						Vendor: "Microsoft", VendorSKU: s.ProductID, Recurring: true}
				}
			}
		}()
	}
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil {
		return nil, false, cause
	}
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for k := range offers {
			if !yield(k) {
				return
			}
		}
	}) {
		products = append(products, offers[id])
	}
	return products, failed, nil
}

// customerSubscriptions reads and stores one customer's subscriptions.
func (r *run) customerSubscriptions(ctx context.Context, a connector.Account) ([]connector.Subscription, error) {
	body, err := r.get(ctx, "/v1/customers/"+url.PathEscape(a.ID)+"/subscriptions", nil, nil, "the subscriptions of "+a.Name)
	if err != nil {
		return nil, err
	}
	subs, raws, err := decodeSubscriptions(body)
	if err != nil {
		return nil, err
	}
	out := make([]connector.Subscription, 0, len(subs))
	for i, s := range subs {
		if s.ID == "" {
			continue
		}
		status := strings.TrimSpace(s.Status)
		if !knownStatuses[strings.ToLower(status)] {
			r.logf("subscriptions", connector.LevelWarn, "Subscription %s (%s) of %s has status %q, which TrueUp does not know: it is kept and treated as not active.", s.ID, s.OfferName, a.Name, status)
		}
		name := s.OfferName
		if name == "" {
			name = s.FriendlyName
		}
		out = append(out, connector.Subscription{
			ID: s.ID, AccountID: a.ID, ProductID: s.OfferID, ProductName: name, Quantity: s.Quantity,
			Status: status, Active: strings.EqualFold(status, "active"), BillingTerm: s.TermDuration, BillingFrequency: s.BillingCycle,
			StartDate: civilDate(s.EffectiveStartDate), EndDate: civilDate(s.CommitmentEndDate), NCE: s.nce(), Raw: raws[i],
		})
	}
	if err := connector.Put(ctx, r.sink, out...); err != nil {
		return nil, err
	}
	return out, nil
}
