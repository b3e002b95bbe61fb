package workspace

import (
	"context"

	"github.com/trueup/trueup/internal/sim"
	"github.com/trueup/trueup/internal/store"
)

// What the external tests reach inside the workspace for.

// Snapshot is snapshot, for tests of the card build's inputs.
func (w *Workspace) Snapshot(ctx context.Context) (*snapshot, error) { return w.snapshot(ctx) }

// Store is the workspace's store, for tests that seed what other screens would write.
func (w *Workspace) Store() *store.Store { return w.store }

// MapDemo maps the demo Pax8 tenant onto the demo ConnectWise tenant the way a user would:
// each vendor customer to the PSA company of the same demo customer, each vendor product to
// the catalog item with its vendor SKU. It returns how many mappings it stored.
func (w *Workspace) MapDemo(ctx context.Context, psaID, vendorID int64) (int, error) {
	psa, err := w.store.CacheSnapshot(ctx, psaID, false)
	if err != nil {
		return 0, err
	}
	vendor, err := w.store.CacheSnapshot(ctx, vendorID, false)
	if err != nil {
		return 0, err
	}
	psaName := map[string]string{}
	for _, c := range sim.DemoCustomers() {
		if c.VendorName != "" {
			psaName[c.VendorName] = c.Name
		}
	}
	companies := map[string]string{}
	for _, a := range psa.Accounts {
		companies[a.Name] = a.ID
	}
	skus := map[string]string{}
	for _, p := range psa.Products {
		if p.VendorSKU != "" {
			skus[p.VendorSKU] = p.ID
		}
	}
	var ms []store.Mapping
	for _, a := range vendor.Accounts {
		if id, ok := companies[psaName[a.Name]]; ok {
			ms = append(ms, store.Mapping{VendorIntegrationID: vendorID, Kind: store.MappingAccount, VendorID: a.ID,
				PSAIntegrationID: psaID, PSAID: id, VendorName: a.Name, PSAName: psaName[a.Name]})
		}
	}
	for _, p := range vendor.Products {
		if id, ok := skus[p.VendorSKU]; ok && p.VendorSKU != "" {
			ms = append(ms, store.Mapping{VendorIntegrationID: vendorID, Kind: store.MappingProduct, VendorID: p.ID,
				PSAIntegrationID: psaID, PSAID: id, VendorName: p.Name})
		}
	}
	return len(ms), w.store.SetMappings(ctx, ms...)
}

// MapPairwise maps the i-th vendor account onto the i-th PSA account (as the caches order
// them) and every demo product by its names: a big mapping for benchmarks of generated
// tenants, whose two sides share no customer names.
func (w *Workspace) MapPairwise(ctx context.Context, psaID, vendorID int64) (int, error) {
	psa, err := w.store.CacheSnapshot(ctx, psaID, false)
	if err != nil {
		return 0, err
	}
	vendor, err := w.store.CacheSnapshot(ctx, vendorID, false)
	if err != nil {
		return 0, err
	}
	var ms []store.Mapping
	for i, a := range vendor.Accounts {
		if i < len(psa.Accounts) {
			ms = append(ms, store.Mapping{VendorIntegrationID: vendorID, Kind: store.MappingAccount, VendorID: a.ID,
				PSAIntegrationID: psaID, PSAID: psa.Accounts[i].ID})
		}
	}
	catalog := map[string]string{}
	for _, p := range psa.Products {
		catalog[p.Name] = p.ID
	}
	for _, p := range vendor.Products {
		for _, d := range sim.DemoProducts() {
			if id, ok := catalog[d.PSAName]; ok && d.VendorName == p.Name {
				ms = append(ms, store.Mapping{VendorIntegrationID: vendorID, Kind: store.MappingProduct, VendorID: p.ID,
					PSAIntegrationID: psaID, PSAID: id})
			}
		}
	}
	return len(ms), w.store.SetMappings(ctx, ms...)
}

// ForgetParts drops the adapted caches, so the next snapshot reads every cache again.
func (w *Workspace) ForgetParts() {
	w.parts.mu.Lock()
	defer w.parts.mu.Unlock()
	w.parts.parts = nil
}

// PartReads says how many times the snapshots read a whole cache, and how many times they
// applied pushes to a kept one instead.
func (w *Workspace) PartReads() (loads, patches int) {
	w.parts.mu.Lock()
	defer w.parts.mu.Unlock()
	return w.parts.loads, w.parts.patches
}

// ScheduledRunObservers are the scheduled-run observers in order, for the tests of the
// hand-off after a scheduled sync.
func (w *Workspace) ScheduledRunObservers() []ScheduledRunObserver { return w.scheduledRunObservers() }

// CheckNotices runs the owner's notice checks once (stuck syncs, the weekly summary,
// pruning), as its ticker does.
func (w *Workspace) CheckNotices(ctx context.Context) { w.checkNotices(ctx) }

// SetPushWaiting is what an integration's push writer tells the workspace about why its
// pushes wait (the Autotask writer's OnNote, tested in connectors/autotask).
func (w *Workspace) SetPushWaiting(integrationID int64, text string) {
	w.push.setWaiting(integrationID, text)
}
