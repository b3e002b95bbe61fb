package workspace

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// List lists every account and product of one vendor integration (0: of every vendor
// integration) with where it maps, suggestions for the unmapped ones, and per vendor
// integration what waits behind its unmapped items.
//
// An unmapped item counts (and unmappedOnly lists it) only while it keeps active
// subscriptions from making cards: a vendor caches cancelled subscriptions and retired
// products too, and asking the user to map those would change no card. Mapped and
// excluded items whose id is gone from the source stay listed, Gone, so no mapping
// vanishes.
func (m *Mappings) List(ctx context.Context, vendorIntegrationID int64, unmappedOnly bool) (MappingList, error) {
	d, err := m.w.readMappingData(ctx, vendorIntegrationID)
	if err != nil {
		return MappingList{}, err
	}
	out := MappingList{Rows: []MappingRow{}, Unmapped: []UnmappedCount{}}
	for _, in := range d.vendors {
		items, wait := d.items(in)
		sug, err := d.suggestions(ctx, in, items)
		if err != nil {
			return MappingList{}, err
		}
		count := UnmappedCount{IntegrationID: in.ID, Integration: in.Name, Subscriptions: wait.subs, MonthlyCost: wait.cost.String()}
		for _, it := range items {
			r := d.row(in, it, sug)
			blocking := r.State == "unmapped" && r.Subscriptions > 0
			if blocking && r.Kind == store.MappingAccount {
				count.Accounts++
			} else if blocking {
				count.Products++
			}
			if !unmappedOnly || blocking {
				out.Rows = append(out.Rows, r)
			}
		}
		out.Unmapped = append(out.Unmapped, count)
	}
	return out, nil
}

// Map maps one vendor account or product to a PSA one, excludes it, or clears its
// mapping, and returns its row. The vendor item must be in the vendor's cache or already
// have a mapping (a gone item can still be excluded or cleared); the PSA target must be in
// the PSA's cache and of the same kind. Who did it is recorded (the OS user).
func (m *Mappings) Map(ctx context.Context, req MapRequest) (MappingRow, error) {
	in, err := m.w.vendorIntegration(ctx, req.IntegrationID)
	if err != nil {
		return MappingRow{}, err
	}
	kind := strings.TrimSpace(req.Kind)
	if kind != store.MappingAccount && kind != store.MappingProduct {
		return MappingRow{}, inputErr("kind", fmt.Sprintf("kind %q is unknown: map an account or a product", req.Kind))
	}
	vendorID, psaID := strings.TrimSpace(req.VendorID), strings.TrimSpace(req.PSAID)
	if vendorID == "" {
		return MappingRow{}, inputErr("vendor_id", fmt.Sprintf("say which %s of %s to map (its vendor id)", kind, in.Name))
	}
	choices := 0
	for _, set := range []bool{psaID != "", req.Exclude, req.Clear} {
		if set {
			choices++
		}
	}
	if choices != 1 {
		return MappingRow{}, inputErr("psa_id", "choose one: a PSA id to map to, exclude, or clear")
	}
	d, err := m.w.readMappingData(ctx, in.ID)
	if err != nil {
		return MappingRow{}, err
	}
	items, _ := d.items(in)
	i := slices.IndexFunc(items, func(it vendorItem) bool { return it.kind == kind && it.id == vendorID })
	if i < 0 {
		return MappingRow{}, inputErr("vendor_id", fmt.Sprintf("%s has no %s %q in its cached data: check the id (`trueup mappings --integration %q` lists them) or sync %s first",
			in.Name, kind, vendorID, in.Name, in.Name))
	}
	it := items[i]
	mp := store.Mapping{VendorIntegrationID: in.ID, Kind: kind, VendorID: vendorID, VendorName: it.name, OSUser: osUser(),
		UpdatedAt: m.w.opts.Now()}
	switch {
	case req.Clear:
		err = m.w.store.ClearMapping(ctx, in.ID, kind, vendorID)
	case req.Exclude:
		mp.Excluded = true
		err = m.w.store.SetMappings(ctx, mp)
	default:
		psa, perr := d.targetPSA(req.PSAIntegrationID)
		if perr != nil {
			return MappingRow{}, perr
		}
		t, ok := d.target(kind, psa.ID, psaID)
		if !ok {
			return MappingRow{}, d.missingTarget(psa, kind, psaID)
		}
		mp.PSAIntegrationID, mp.PSAID, mp.PSAName = psa.ID, t.id, t.name
		err = m.w.store.SetMappings(ctx, mp)
	}
	if err != nil {
		return MappingRow{}, err
	}
	// The row from what was read and what was just stored: no second read of the caches.
	k := mappingKey{in.ID, kind, vendorID}
	if req.Clear {
		delete(d.mappings, k)
		if !it.inCache {
			// cleared and no longer at the source: nothing is left of it
			return MappingRow{IntegrationID: in.ID, Integration: in.Name, Kind: kind, VendorID: vendorID, VendorName: it.name,
				State: "unmapped", Suggestions: []MappingSuggestion{}, MonthlyCost: it.cost.String(), Gone: true}, nil
		}
	} else {
		d.mappings[k] = mp
	}
	sug, err := d.suggestions(ctx, in, []vendorItem{it})
	if err != nil {
		return MappingRow{}, err
	}
	return d.row(in, it, sug), nil
}

// targetPSA is the PSA integration a mapping goes to: the one given, or the only one.
func (d *mappingData) targetPSA(id int64) (store.Integration, error) {
	if id == 0 {
		switch len(d.psas) {
		case 0:
			return store.Integration{}, inputErr("psa_integration_id", "there is no PSA integration to map to: add one (e.g. ConnectWise Manage) and sync it first")
		case 1:
			return d.psas[0], nil
		}
		names := make([]string, len(d.psas))
		for i, p := range d.psas {
			names[i] = fmt.Sprintf("%q", p.Name)
		}
		return store.Integration{}, inputErr("psa_integration_id", "there are several PSA integrations: say which one to map to ("+strings.Join(names, ", ")+")")
	}
	for _, p := range d.psas {
		if p.ID == id {
			return p, nil
		}
	}
	return store.Integration{}, inputErr("psa_integration_id", fmt.Sprintf("integration %d is not a PSA integration: map to a PSA (e.g. ConnectWise Manage)", id))
}

// missingTarget says why a PSA id cannot be mapped to, naming the kind it has if any.
func (d *mappingData) missingTarget(psa store.Integration, kind, id string) error {
	words := map[string]string{store.MappingAccount: "account (company)", store.MappingProduct: "catalog product"}
	other := store.MappingProduct
	if kind == store.MappingProduct {
		other = store.MappingAccount
	}
	if _, ok := d.target(other, psa.ID, id); ok {
		return inputErr("psa_id", fmt.Sprintf("%q in %s is a %s, not a %s: vendor %ss map to PSA %ss",
			id, psa.Name, words[other], words[kind], kind, kind))
	}
	return inputErr("psa_id", fmt.Sprintf("%s has no %s %q in its cached data: pick one from the suggestions or the list, or sync %s first",
		psa.Name, words[kind], id, psa.Name))
}

// AcceptExact maps every unmapped item of one vendor integration (0: of every one) that has
// exactly one exact suggestion, in one transaction: all of them or, on an error, none.
// Items with several exact candidates are left for the user. It returns how many it mapped.
func (m *Mappings) AcceptExact(ctx context.Context, vendorIntegrationID int64) (int, error) {
	d, err := m.w.readMappingData(ctx, vendorIntegrationID)
	if err != nil {
		return 0, err
	}
	user := osUser()
	var ms []store.Mapping
	for _, in := range d.vendors {
		items, _ := d.items(in)
		sug, err := d.suggestions(ctx, in, items)
		if err != nil {
			return 0, err
		}
		for _, it := range items {
			s, ok := sug[mappingKey{in.ID, it.kind, it.id}]
			if !ok || s.Exact == nil {
				continue
			}
			psa, id := splitCandidateID(s.Exact.PSAID)
			ms = append(ms, store.Mapping{VendorIntegrationID: in.ID, Kind: it.kind, VendorID: it.id, PSAIntegrationID: psa,
				PSAID: id, VendorName: it.name, PSAName: s.Exact.PSAName, OSUser: user})
		}
	}
	if len(ms) == 0 {
		return 0, nil
	}
	if err := m.w.store.SetMappings(ctx, ms...); err != nil {
		return 0, err
	}
	return len(ms), nil
}

// maxOptions is how many PSA options a picker gets: enough to choose from, few enough to
// read; typing more narrows them.
const maxOptions = 50

// Options lists the PSA accounts (kind account) or catalog products (kind product) of one
// PSA integration (0: the only one) whose name, identifier or id contains query (any
// case), at most 50, by name. Detail carries a product's identifier, and why cards would
// not show a target (a prospect, an inactive item).
func (m *Mappings) Options(ctx context.Context, psaIntegrationID int64, kind, query string) ([]PSAOption, error) {
	kind = strings.TrimSpace(kind)
	if kind != store.MappingAccount && kind != store.MappingProduct {
		return nil, inputErr("kind", fmt.Sprintf("kind %q is unknown: list accounts or products", kind))
	}
	list, err := m.w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	d := &mappingData{caches: map[int64]store.Snapshot{}}
	for _, in := range list {
		if m.w.role(in) == connector.RolePSA {
			d.psas = append(d.psas, in)
		}
	}
	psa, err := d.targetPSA(psaIntegrationID)
	if err != nil {
		return nil, err
	}
	snap, err := m.w.cachedEntities(ctx, psa.ID, psaTargetEntities...)
	if err != nil {
		return nil, err
	}
	d.psas, d.caches[psa.ID] = []store.Integration{psa}, snap
	d.indexTargets()
	q := strings.ToLower(strings.TrimSpace(query))
	out := []PSAOption{}
	for _, t := range d.targets[kind] {
		if q != "" && !strings.Contains(strings.ToLower(t.name), q) && !strings.Contains(strings.ToLower(t.identifier), q) &&
			!strings.Contains(strings.ToLower(t.id), q) {
			continue
		}
		detail := t.identifier
		if t.hidden != "" {
			detail = strings.TrimSpace(detail + " " + "(" + t.hidden + ")")
		}
		out = append(out, PSAOption{PSAIntegrationID: psa.ID, ID: t.id, Name: t.name, Detail: detail})
	}
	slices.SortFunc(out, func(a, b PSAOption) int {
		if c := cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(out) > maxOptions {
		out = out[:maxOptions]
	}
	return out, nil
}
