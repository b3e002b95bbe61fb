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

// seedIfNew stores the demo's mappings and notes onto psa for the vendor integrations this
// start created (created: what Provision added): Pax8's with the notes, Microsoft's on its
// own (a demo folder from before the demo had Microsoft gets its Microsoft mappings on the
// start that adds it). Mappings belong to their vendor integration, so a folder that had one
// already keeps whatever the user made of its mappings.
func seedIfNew(ctx context.Context, ws *workspace.Workspace, dir string, psa PSA, created []workspace.Integration) error {
	var pax, ms *workspace.Integration
	for i := range created {
		switch created[i].Name {
		case Pax8Name:
			pax = &created[i]
		case MicrosoftName:
			ms = &created[i]
		}
	}
	if pax == nil && ms == nil {
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
	if pax != nil {
		if err := seed(ctx, st, psa, target.ID, pax.ID); err != nil {
			return fmt.Errorf("seed the demo's mappings: %w", err)
		}
	}
	if ms != nil {
		if err := setMappings(ctx, st, MicrosoftMappings(psa), target.ID, ms.ID); err != nil {
			return fmt.Errorf("seed the demo's Microsoft mappings: %w", err)
		}
	}
	return nil
}

// seed writes Mappings (all of them or none) and Notes for the two demo integrations: psa's
// ids, on the PSA integration psaID.
func seed(ctx context.Context, st *store.Store, psa psaIDs, psaID, paxID int64) error {
	if err := setMappings(ctx, st, Mappings(psa), psaID, paxID); err != nil {
		return err
	}
	for _, n := range Notes(psa) {
		if err := st.SetAccountNote(ctx, store.AccountNote{PSAIntegrationID: psaID, AccountID: n.PSAAccountID, Note: n.Text, Tags: n.Tags}); err != nil {
			return err
		}
	}
	return nil
}

// setMappings stores mappings of the vendor integration vendorID onto the PSA integration
// psaID, all of them or none.
func setMappings(ctx context.Context, st *store.Store, mappings []Mapping, psaID, vendorID int64) error {
	var ms []store.Mapping
	for _, m := range mappings {
		sm := store.Mapping{VendorIntegrationID: vendorID, Kind: string(m.Kind), VendorID: m.VendorID, Excluded: m.Excluded,
			VendorName: m.VendorName, PSAName: m.PSAName, OSUser: seedUser}
		if !m.Excluded {
			sm.PSAIntegrationID, sm.PSAID = psaID, m.PSAID
		}
		ms = append(ms, sm)
	}
	return st.SetMappings(ctx, ms...)
}
