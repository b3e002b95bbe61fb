package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCardsAddUp is a property test over seeded random workspaces: a card's quantities are
// the sums of its evidence, and every active subscription of a mapped (not excluded) vendor
// account and product lands in exactly one card, while every other one is in none.
func TestCardsAddUp(t *testing.T) {
	for seed := int64(1); seed <= 25; seed++ {
		in := genInputs(seed, 400+int(seed)*37, 400+int(seed)*41)
		res := BuildCards(in)

		maps := map[mapKey]Mapping{}
		for _, m := range in.Mappings {
			maps[mapKey{m.VendorIntegration, m.Kind, m.VendorID}] = m
		}
		seen := map[string]int{}
		for _, c := range res.Cards {
			var psa, vendor Qty
			for _, l := range c.PSALines {
				if l.Billable() {
					psa += l.Quantity
				}
			}
			for _, s := range c.VendorSources {
				vendor += s.Quantity
				seen[s.Integration+"/"+s.SubscriptionID]++
			}
			require.Equal(t, psa, c.PSAQuantity, "seed %d card %s", seed, c.ID)
			require.Equal(t, vendor, c.VendorQuantity, "seed %d card %s", seed, c.ID)
			require.Equal(t, vendor-psa, c.Difference)
			require.Equal(t, CardID(c.PSAIntegration, c.PSAAccountID, c.PSAProductID), c.ID)
		}
		var waiting int
		for _, s := range in.Subscriptions {
			am, aok := maps[mapKey{s.Integration, KindAccount, s.AccountID}]
			pm, pok := maps[mapKey{s.Integration, KindProduct, s.ProductID}]
			want := 0
			if s.Active && aok && pok && !am.Excluded && !pm.Excluded && am.PSAIntegration == pm.PSAIntegration {
				want = 1
			}
			if s.Active && !(aok && am.Excluded) && !(pok && pm.Excluded) && want == 0 {
				waiting++
			}
			require.Equal(t, want, seen[s.Integration+"/"+s.ID], "seed %d subscription %s", seed, s.ID)
		}
		var counted int
		for _, u := range res.Unmapped {
			counted += u.Subscriptions
		}
		assert.Equal(t, waiting, counted, "seed %d: every active subscription without a card is counted as unmapped", seed)
	}
}
