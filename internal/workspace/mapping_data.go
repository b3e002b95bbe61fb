package workspace

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// mappingData is one read of everything the Mapping screen shows: the vendor and PSA
// integrations, their cached records, the stored mappings and the account notes. It reads
// only the local cache, so mapping works offline.
type mappingData struct {
	vendors  []store.Integration // by name; only the one asked for when a vendor was given
	psas     []store.Integration // by name
	caches   map[int64]store.Snapshot
	mappings map[mappingKey]store.Mapping
	notes    map[noteKey]store.AccountNote
	// targets are the PSA accounts and catalog items by kind, each list by PSA and name;
	// targetAt finds one by (PSA integration, kind, id).
	targets  map[string][]psaTarget
	targetAt map[mappingKey]psaTarget
}

type mappingKey struct {
	integration int64
	kind        string
	id          string
}

type noteKey struct {
	integration int64
	account     string
}

// readMappingData reads the caches of every PSA and of one vendor integration (0: of every
// vendor integration). A vendorID that is not a vendor integration is an input error.
func (w *Workspace) readMappingData(ctx context.Context, vendorID int64) (*mappingData, error) {
	if vendorID != 0 {
		if _, err := w.vendorIntegration(ctx, vendorID); err != nil {
			return nil, err
		}
	}
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	d := &mappingData{caches: map[int64]store.Snapshot{}, mappings: map[mappingKey]store.Mapping{}, notes: map[noteKey]store.AccountNote{}}
	for _, in := range list {
		f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
		if err != nil {
			continue // a kind this build does not know: nothing to map
		}
		var snap store.Snapshot
		switch {
		case f.Role == connector.RolePSA:
			d.psas = append(d.psas, in)
			snap, err = w.cachedEntities(ctx, in.ID, psaTargetEntities...)
		case f.Role == connector.RoleVendor && (vendorID == 0 || in.ID == vendorID):
			// every entity of a vendor names an item; in id order, the cheapest read (items
			// sorts what it lists itself)
			d.vendors = append(d.vendors, in)
			snap, err = w.store.CacheSnapshotByID(ctx, in.ID)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		d.caches[in.ID] = snap
	}
	ms, err := w.store.Mappings(ctx, vendorID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		d.mappings[mappingKey{m.VendorIntegrationID, m.Kind, m.VendorID}] = m
	}
	notes, err := w.store.AccountNotes(ctx)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		d.notes[noteKey{n.PSAIntegrationID, n.AccountID}] = n
	}
	d.indexTargets()
	return d, nil
}

// What mapping reads of a PSA's cache: its agreements and service lines (most of its rows)
// name no mapping target, so they are not read at all.
var psaTargetEntities = []connector.Entity{connector.EntityAccounts, connector.EntityProducts}

// cachedEntities reads some entities of one integration's active cache.
func (w *Workspace) cachedEntities(ctx context.Context, integrationID int64, entities ...connector.Entity) (store.Snapshot, error) {
	var snap store.Snapshot
	for _, e := range entities {
		recs, err := w.store.CachedRecords(ctx, integrationID, e, false)
		if err != nil {
			return store.Snapshot{}, err
		}
		for _, r := range recs {
			var err error
			switch e {
			case connector.EntityAccounts:
				var v connector.Account
				v, err = connector.Decode[connector.Account](r)
				snap.Accounts = append(snap.Accounts, v)
			case connector.EntityProducts:
				var v connector.Product
				v, err = connector.Decode[connector.Product](r)
				snap.Products = append(snap.Products, v)
			case connector.EntitySubscriptions:
				var v connector.Subscription
				v, err = connector.Decode[connector.Subscription](r)
				snap.Subscriptions = append(snap.Subscriptions, v)
			}
			if err != nil {
				return store.Snapshot{}, err
			}
		}
	}
	return snap, nil
}

// vendorIntegration looks up a vendor integration by id: mappings belong to vendors.
func (w *Workspace) vendorIntegration(ctx context.Context, id int64) (store.Integration, error) {
	in, err := w.lookup(ctx, id)
	if err != nil {
		return store.Integration{}, err
	}
	if w.role(in) != connector.RoleVendor {
		return store.Integration{}, inputErr("integration", fmt.Sprintf("%q is not a vendor integration: mappings map a vendor's (e.g. Pax8's) accounts and products to the PSA's", in.Name))
	}
	return in, nil
}

// role is the side an integration feeds ("" for a kind this build does not know).
func (w *Workspace) role(in store.Integration) connector.Role {
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if err != nil {
		return ""
	}
	return f.Role
}

// vendorItem is one vendor account or product with what its active subscriptions carry.
type vendorItem struct {
	kind        string
	id, name    string
	identifiers []string
	inCache     bool
	// subs and cost count the active subscriptions of the item whose other side (product of
	// an account, account of a product) is not excluded: what the item feeds into cards,
	// or keeps from them while it is unmapped.
	subs int
	cost reconcile.Money
}

// items lists the accounts and products of one vendor integration: its cached companies
// and products, the ones only its subscriptions name, and the mapped ones no longer in the
// cache. Accounts come first, each kind by name, then id.
func (d *mappingData) items(in store.Integration) ([]vendorItem, waiting) {
	var wait waiting
	snap := d.caches[in.ID]
	byKey := map[mappingKey]*vendorItem{}
	var order []mappingKey
	add := func(kind, id, name string, identifiers []string) *vendorItem {
		k := mappingKey{in.ID, kind, id}
		if it, ok := byKey[k]; ok {
			return it
		}
		it := &vendorItem{kind: kind, id: id, name: name, identifiers: identifiers, inCache: true}
		byKey[k] = it
		order = append(order, k)
		return it
	}
	for _, a := range snap.Accounts {
		add(store.MappingAccount, a.ID, a.Name, nil)
	}
	for _, p := range snap.Products {
		add(store.MappingProduct, p.ID, p.Name, nonEmpty(p.VendorSKU))
	}
	for _, s := range snap.Subscriptions {
		if s.AccountID == "" || s.ProductID == "" {
			continue
		}
		acct := add(store.MappingAccount, s.AccountID, "(customer "+s.AccountID+")", nil)
		name := s.ProductName
		if name == "" {
			name = "(product " + s.ProductID + ")"
		}
		prod := add(store.MappingProduct, s.ProductID, name, nil)
		if !s.Active {
			continue
		}
		cost := reconcile.MoneyOf(s.Cost).Times(reconcile.QtyOf(s.Quantity))
		am, aok := d.mappings[mappingKey{in.ID, store.MappingAccount, s.AccountID}]
		pm, pok := d.mappings[mappingKey{in.ID, store.MappingProduct, s.ProductID}]
		if !pok || !pm.Excluded {
			acct.subs++
			acct.cost += cost
		}
		if !aok || !am.Excluded {
			prod.subs++
			prod.cost += cost
		}
		// The rule of reconcile.BuildCards: a subscription of an excluded item is ignored;
		// one whose account or product is unmapped (or mapped into different PSAs) waits.
		if (aok && am.Excluded) || (pok && pm.Excluded) {
			continue
		}
		if !aok || !pok || am.PSAIntegrationID != pm.PSAIntegrationID {
			wait.subs++
			wait.cost += cost
		}
	}
	for k, m := range d.mappings {
		if k.integration != in.ID {
			continue
		}
		if _, ok := byKey[k]; !ok {
			it := add(k.kind, k.id, m.VendorName, nil)
			it.inCache = false
		}
	}
	out := make([]vendorItem, len(order))
	for i, k := range order {
		out[i] = *byKey[k]
	}
	slices.SortFunc(out, func(a, b vendorItem) int {
		if a.kind != b.kind {
			return cmp.Compare(kindRank(a.kind), kindRank(b.kind))
		}
		if c := cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return out, wait
}

// waiting is what the unmapped items of one vendor integration keep from making cards.
type waiting struct {
	subs int
	cost reconcile.Money
}

func kindRank(kind string) int {
	if kind == store.MappingAccount {
		return 0
	}
	return 1
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// psaTarget is one PSA account or catalog item a vendor item can map to.
type psaTarget struct {
	integration int64
	id, name    string
	identifier  string // a catalog item's short code
	identifiers []string
	// hidden says why cards never show it ("" when they can): a prospect, an inactive
	// catalog item. Suggestions skip hidden targets; a person may still choose one.
	hidden string
}

// indexTargets lists the PSA accounts (kind account) and catalog items (kind product) of
// every PSA integration.
func (d *mappingData) indexTargets() {
	d.targets, d.targetAt = map[string][]psaTarget{}, map[mappingKey]psaTarget{}
	add := func(kind string, t psaTarget) {
		d.targets[kind] = append(d.targets[kind], t)
		d.targetAt[mappingKey{t.integration, kind, t.id}] = t
	}
	for _, p := range d.psas {
		snap := d.caches[p.ID]
		for _, a := range snap.Accounts {
			add(store.MappingAccount, psaTarget{integration: p.ID, id: a.ID, name: a.Name, hidden: reconcile.AccountHiddenReason(a)})
		}
		for _, c := range snap.Products {
			t := psaTarget{integration: p.ID, id: c.ID, name: c.Name, identifier: c.Identifier, identifiers: nonEmpty(c.VendorSKU)}
			if c.Inactive {
				t.hidden = "Catalog item is inactive in the PSA"
			}
			add(store.MappingProduct, t)
		}
	}
}

// target finds one PSA account or catalog item.
func (d *mappingData) target(kind string, psaID int64, id string) (psaTarget, bool) {
	t, ok := d.targetAt[mappingKey{psaID, kind, id}]
	return t, ok
}

// candidateID joins a PSA integration and a record id: suggestions look across every PSA
// at once, so "exactly one exact match" means one in the whole workspace.
func candidateID(psa int64, id string) string { return strconv.FormatInt(psa, 10) + "/" + id }

func splitCandidateID(s string) (int64, string) {
	p, id, _ := strings.Cut(s, "/")
	n, _ := strconv.ParseInt(p, 10, 64)
	return n, id
}

// suggestions finds the PSA candidates of every unmapped item that is still at the source,
// per kind: exact first, then the alternatives (several exact ones, then fuzzy ones).
func (d *mappingData) suggestions(ctx context.Context, in store.Integration, items []vendorItem) (map[mappingKey]reconcile.Suggestions, error) {
	out := map[mappingKey]reconcile.Suggestions{}
	for _, kind := range []string{store.MappingAccount, store.MappingProduct} {
		var want []reconcile.VendorItem
		for _, it := range items {
			if it.kind != kind || !it.inCache {
				continue
			}
			if _, mapped := d.mappings[mappingKey{in.ID, kind, it.id}]; mapped {
				continue
			}
			want = append(want, reconcile.VendorItem{Integration: strconv.FormatInt(in.ID, 10), Kind: reconcile.MappingKind(kind),
				ID: it.id, Name: it.name, Identifiers: it.identifiers})
		}
		if len(want) == 0 {
			continue
		}
		var cands []reconcile.Candidate
		for _, t := range d.targets[kind] {
			if t.hidden == "" {
				cands = append(cands, reconcile.Candidate{ID: candidateID(t.integration, t.id), Name: t.name, Identifiers: t.identifiers})
			}
		}
		res, err := reconcile.Suggest(ctx, want, cands, reconcile.SuggestOptions{})
		if err != nil {
			return nil, err
		}
		for _, s := range res {
			out[mappingKey{in.ID, kind, s.Item.ID}] = s
		}
	}
	return out, nil
}

func suggestionDTOs(s reconcile.Suggestions) []MappingSuggestion {
	out := []MappingSuggestion{}
	add := func(x reconcile.Suggestion) {
		psa, id := splitCandidateID(x.PSAID)
		out = append(out, MappingSuggestion{PSAIntegrationID: psa, PSAID: id, PSAName: x.PSAName, Match: string(x.Match),
			Score: x.Score, Reason: x.Reason})
	}
	if s.Exact != nil {
		add(*s.Exact)
	}
	for _, x := range s.Alternatives {
		add(x)
	}
	return out
}

// row is the Mapping screen's row of one item.
func (d *mappingData) row(in store.Integration, it vendorItem, sug map[mappingKey]reconcile.Suggestions) MappingRow {
	k := mappingKey{in.ID, it.kind, it.id}
	r := MappingRow{IntegrationID: in.ID, Integration: in.Name, Kind: it.kind, VendorID: it.id, VendorName: it.name,
		State: "unmapped", Suggestions: []MappingSuggestion{}, Subscriptions: it.subs, MonthlyCost: it.cost.String()}
	m, ok := d.mappings[k]
	if ok {
		// Gone only once the source was read successfully: before the first sync nothing is
		// in the cache, and that says nothing about the source.
		r.Gone = !it.inCache && !in.LastSuccessAt.IsZero()
		r.UpdatedAt, r.UpdatedBy = fmtTime(m.UpdatedAt), m.OSUser
		if m.Excluded {
			r.State = "excluded"
		} else {
			r.State, r.PSAIntegrationID, r.PSAID, r.PSAName = "mapped", m.PSAIntegrationID, m.PSAID, m.PSAName
			if t, found := d.target(it.kind, m.PSAIntegrationID, m.PSAID); found {
				r.PSAName = t.name
			}
			if it.kind == store.MappingAccount {
				n := d.notes[noteKey{m.PSAIntegrationID, m.PSAID}]
				r.Note, r.NoteText, r.Tags = noteText(n), n.Note, n.Tags
			}
		}
	}
	if s, found := sug[k]; found {
		r.Suggestions = suggestionDTOs(s)
	}
	return r
}

// noteText is an account's note as its cards show it: the text, then its tags.
func noteText(n store.AccountNote) string {
	text := n.Note
	if len(n.Tags) > 0 {
		tags := "tags: " + strings.Join(n.Tags, ", ")
		if text == "" {
			return tags
		}
		text += " (" + tags + ")"
	}
	return text
}
