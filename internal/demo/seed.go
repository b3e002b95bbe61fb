package demo

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/trueup/trueup/internal/sim"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// seedUser is who the ledger and the Mapping screen say made the demo's mappings.
const seedUser = "TrueUp demo"

// Note is an account note the demo workspace starts with.
type Note struct {
	PSAAccountID string // the PSA's company id
	Text         string
	Tags         []string
}

// Notes are the demo's account notes on the PSA whose ids psa gives: the multi-site
// customer says so on its cards.
func Notes(psa psaIDs) []Note {
	var out []Note
	for _, st := range sim.DemoSites() {
		for i, c := range sim.DemoCustomers() {
			if c.Name == st.Customer {
				out = append(out, Note{PSAAccountID: psa.CompanyID(i),
					Text: "Two Pax8 tenants: the main practice and " + st.VendorName, Tags: []string{"multi-site"}})
			}
		}
	}
	return out
}

// seedIfNew stores the demo's mappings and notes onto psa when this start created the Pax8
// integration (created: what Provision added). Mappings belong to their vendor integration,
// so a folder that had it already keeps whatever the user made of them.
func seedIfNew(ctx context.Context, ws *workspace.Workspace, dir string, psa PSA, created []workspace.Integration) error {
	var pax *workspace.Integration
	for i := range created {
		if created[i].Name == Pax8Name {
			pax = &created[i]
		}
	}
	if pax == nil {
		return nil
	}
	target, err := ws.Integrations().ByName(ctx, psa.Name())
	if err != nil {
		return err
	}
	// The workspace has no call that takes mappings of records not yet synced (the Mapping
	// screen maps what the cache holds), so the seed goes to the store directly, through a
	// second handle on the workspace's database, as another TrueUp process would.
	st, err := store.Open(ctx, filepath.Join(dir, workspace.DatabaseFile))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := seed(ctx, st, psa, target.ID, pax.ID); err != nil {
		return fmt.Errorf("seed the demo's mappings: %w", err)
	}
	return nil
}

// seed writes Mappings (all of them or none) and Notes for the two demo integrations: psa's
// ids, on the PSA integration psaID.
func seed(ctx context.Context, st *store.Store, psa psaIDs, psaID, paxID int64) error {
	var ms []store.Mapping
	for _, m := range Mappings(psa) {
		sm := store.Mapping{VendorIntegrationID: paxID, Kind: string(m.Kind), VendorID: m.VendorID, Excluded: m.Excluded,
			VendorName: m.VendorName, PSAName: m.PSAName, OSUser: seedUser}
		if !m.Excluded {
			sm.PSAIntegrationID, sm.PSAID = psaID, m.PSAID
		}
		ms = append(ms, sm)
	}
	if err := st.SetMappings(ctx, ms...); err != nil {
		return err
	}
	for _, n := range Notes(psa) {
		if err := st.SetAccountNote(ctx, store.AccountNote{PSAIntegrationID: psaID, AccountID: n.PSAAccountID, Note: n.Text, Tags: n.Tags}); err != nil {
			return err
		}
	}
	return nil
}
