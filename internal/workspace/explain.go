package workspace

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
)

// Explain answers "why isn't it showing?" for an account (and optionally a product), or for
// a product alone (the accounts whose records name it): for every cached record of the
// matching PSA and vendor accounts, the card it makes or the rule
// that keeps it out, with the fix and, where TrueUp can do the fix, its action. It reads
// only the cache, so it works offline, and it explains the same cards List shows.
func (c *Cards) Explain(ctx context.Context, req ExplainRequest) (ExplainResult, error) {
	req.Account, req.Product = strings.TrimSpace(req.Account), strings.TrimSpace(req.Product)
	if req.Account == "" && req.Product == "" {
		return ExplainResult{}, inputErr("account", "say which account to explain (part of its name in the PSA or at a vendor), or which product")
	}
	if req.Account != "" && reconcile.NormalName(req.Account) == "" {
		return ExplainResult{}, inputErr("account", fmt.Sprintf("%q has no letters or digits to match an account name with", req.Account))
	}
	if req.Account == "" && reconcile.NormalName(req.Product) == "" {
		return ExplainResult{}, inputErr("product", fmt.Sprintf("%q has no letters or digits to match a product name with", req.Product))
	}
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return ExplainResult{}, err
	}
	sources, err := c.w.explainSources(ctx, snap)
	if err != nil {
		return ExplainResult{}, err
	}
	ex, err := reconcile.Explain(ctx, reconcile.ExplainInputs{Query: reconcile.ExplainQuery{Account: req.Account, Product: req.Product},
		Sources: sources, Cards: snap.Inputs, Result: &snap.Result})
	if err != nil {
		return ExplainResult{}, err
	}
	out := ExplainResult{Query: req, Matched: nonNil(ex.Matched), Ambiguous: ex.Ambiguous, Candidates: nonNil(ex.Candidates),
		Entries: make([]ExplainEntry, 0, len(ex.Entries)), Searched: []string{}}
	for _, s := range sources {
		out.Searched = append(out.Searched, s.Name)
	}
	for _, e := range ex.Entries {
		out.Entries = append(out.Entries, snap.explainEntry(e))
	}
	return out, nil
}

// Names lists every cached account and product name, PSA and vendor, each once, for the
// Explain panel's type-ahead.
func (c *Cards) Names(ctx context.Context) (ExplainNames, error) {
	list, err := c.w.store.Integrations(ctx)
	if err != nil {
		return ExplainNames{}, err
	}
	out := ExplainNames{Accounts: []string{}, Products: []string{}}
	seenA, seenP := map[string]bool{}, map[string]bool{}
	for _, in := range list {
		if c.w.role(in) == "" {
			continue
		}
		cache, err := c.w.cachedEntities(ctx, in.ID, connector.EntityAccounts, connector.EntityProducts)
		if err != nil {
			return ExplainNames{}, err
		}
		for _, a := range cache.Accounts {
			if a.Name != "" && !seenA[a.Name] {
				seenA[a.Name] = true
				out.Accounts = append(out.Accounts, a.Name)
			}
		}
		for _, p := range cache.Products {
			if p.Name != "" && !seenP[p.Name] {
				seenP[p.Name] = true
				out.Products = append(out.Products, p.Name)
			}
		}
	}
	byFold := func(a, b string) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a), strings.ToLower(b)), cmp.Compare(a, b))
	}
	slices.SortFunc(out.Accounts, byFold)
	slices.SortFunc(out.Products, byFold)
	return out, nil
}

// explainSources reads the whole cache of every integration the snapshot knows, hidden
// records included, PSAs first, then by name.
func (w *Workspace) explainSources(ctx context.Context, snap *snapshot) ([]reconcile.ExplainSource, error) {
	full, err := w.store.LatestFullRuns(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(snap.Integrations))
	for id := range snap.Integrations {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int {
		pa, pb := snap.Roles[a] == connector.RolePSA, snap.Roles[b] == connector.RolePSA
		if pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(strings.ToLower(snap.Integrations[a].Name), strings.ToLower(snap.Integrations[b].Name)), cmp.Compare(a, b))
	})
	out := make([]reconcile.ExplainSource, 0, len(ids))
	for _, id := range ids {
		in := snap.Integrations[id]
		cache, err := w.store.CacheSnapshotByID(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("read the cache of %s: %w", in.Name, err)
		}
		out = append(out, reconcile.ExplainSource{Integration: integrationKey(id), Name: in.Name, PSA: snap.Roles[id] == connector.RolePSA,
			Accounts: cache.Accounts, Agreements: cache.Agreements, Lines: cache.ServiceLines, Subscriptions: cache.Subscriptions,
			Products: cache.Products, LastFullSync: full[id].FinishedAt, LastSync: in.LastSuccessAt})
	}
	return out, nil
}

// explainEntry is one of reconcile's answers as the screens and the CLI show it.
func (snap *snapshot) explainEntry(e reconcile.ExplainEntry) ExplainEntry {
	id := parseIntegrationKey(e.Integration)
	out := ExplainEntry{Side: "vendor", IntegrationID: id, Integration: snap.Integrations[id].Name, Entity: string(e.Entity), ID: e.ID,
		Name: e.Name, AccountName: e.AccountName, ProductName: e.ProductName, Verdict: string(e.Verdict), Rule: string(e.Rule),
		Reason: e.Reason, Fix: e.Fix, Details: nonNil(e.Details)}
	if e.PSA {
		out.Side = "psa"
	}
	if e.Card != nil {
		out.CardID, out.CardState, out.Decision = e.Card.ID, string(e.Card.State), string(e.Card.Decision)
	}
	if s := e.Suggestion; s != nil {
		out.Suggestion = &MappingSuggestion{PSAIntegrationID: parseIntegrationKey(e.SuggestionIntegration), PSAID: s.PSAID, PSAName: s.PSAName,
			Match: string(s.Match), Score: s.Score, Reason: s.Reason}
	}
	if a := e.Action; a != nil {
		out.Action = snap.explainAction(*a, out)
	}
	return out
}

// explainAction is a fix with the words of its button and its command line.
func (snap *snapshot) explainAction(a reconcile.FixAction, e ExplainEntry) *ExplainAction {
	id := parseIntegrationKey(a.Integration)
	name := snap.Integrations[id].Name
	out := &ExplainAction{Kind: string(a.Kind), IntegrationID: id, Integration: name, MappingKind: string(a.MappingKind),
		VendorID: a.VendorID, Full: a.Full}
	switch a.Kind {
	case reconcile.ActionOpenMapping:
		out.Label = "Open in Mapping"
		if a.VendorID != "" {
			to := "PSA_ID"
			if e.Suggestion != nil {
				to = e.Suggestion.PSAID
			}
			out.Command = fmt.Sprintf("trueup map --integration %q --%s %s --to %s", name, a.MappingKind, a.VendorID, to)
			if len(snap.psaIDs()) > 1 {
				psa := "NAME"
				if e.Suggestion != nil {
					psa = fmt.Sprintf("%q", snap.Integrations[e.Suggestion.PSAIntegrationID].Name)
				}
				out.Command += " --psa " + psa
			}
		} else {
			out.Command = "trueup mappings --unmapped"
		}
	case reconcile.ActionSync:
		out.Label = "Sync " + name
		out.Command = fmt.Sprintf("trueup sync --integration %q", name)
		if a.Full {
			out.Label = "Run a Full Sync of " + name
			out.Command += " --mode full"
		}
	}
	return out
}

// psaIDs are the PSA integrations of the snapshot.
func (snap *snapshot) psaIDs() []int64 {
	var ids []int64
	for id, r := range snap.Roles {
		if r == connector.RolePSA {
			ids = append(ids, id)
		}
	}
	return ids
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
