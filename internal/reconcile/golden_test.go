package reconcile

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestCardsGolden renders the fixture's cards, unmapped counts, costs, suggestions and write
// plans as text and compares them with testdata/cards.golden (go test -run Golden -update
// rewrites it; review the diff).
func TestCardsGolden(t *testing.T) {
	f := fixture()
	res := BuildCards(f.in)
	var b strings.Builder
	for _, c := range res.Cards {
		fmt.Fprintf(&b, "card %s  %s / %s  [%s, %s]\n", c.ID, c.AccountName, c.ProductName, c.State, c.Decision)
		fmt.Fprintf(&b, "  psa %s  vendor %s  difference %s  unit price %s  monthly impact %s  vendor cost %s  margin %s\n",
			c.PSAQuantity, c.VendorQuantity, c.Difference, c.UnitPrice, c.MonthlyImpact, c.VendorUnitCost, c.Margin)
		if len(c.Flags) > 0 {
			fmt.Fprintf(&b, "  flags %v\n", c.Flags)
		}
		if c.Note != "" {
			fmt.Fprintf(&b, "  note %q\n", c.Note)
		}
		for _, l := range c.PSALines {
			fmt.Fprintf(&b, "  psa line %s on %s %q: %s (less included %s) %s at %s\n", l.LineID, l.AgreementID, l.AgreementName, l.Quantity, l.LessIncluded, l.BillCustomer, l.UnitPrice)
		}
		for _, s := range c.VendorSources {
			fmt.Fprintf(&b, "  vendor %s %s %q %q: %s %s at %s, fetched %s\n", s.Integration, s.SubscriptionID, s.AccountName, s.ProductName, s.Quantity, s.Term, s.UnitCost, s.FetchedAt.Format("2006-01-02 15:04Z"))
		}
		if c.Detection.CardID != "" {
			fmt.Fprintf(&b, "  detected %s under %s\n", c.Detection.DetectedOn, c.Detection.Policy)
		}
		if c.State == StateReconcile || c.State == StateNewRevenue {
			req := PlanRequest{Card: c, Cycle: res.Cycle}
			switch {
			case c.Target != nil:
				req.Agreement = f.agreements[c.Target.AgreementID]
			case c.PSAAccountID == "106":
				req.Agreement = f.agreements["9006"]
			}
			p, err := BuildPlan(req)
			if err != nil {
				fmt.Fprintf(&b, "  plan refused: %v\n", err)
			}
			for _, w := range p.Writes {
				fmt.Fprintf(&b, "  plan: %s\n    %s %s %s\n", w.Preview, w.Method, w.Path, w.Body)
			}
		}
	}
	for _, u := range res.Unmapped {
		fmt.Fprintf(&b, "unmapped %s: %d accounts, %d products, %d subscriptions, %s cost\n", u.VendorIntegration, u.Accounts, u.Products, u.Subscriptions, u.MonthlyCost)
	}
	for _, c := range res.Costs {
		fmt.Fprintf(&b, "cost %s %q: catalog %s, vendor %s (%s seats, %d subscriptions), drift %v\n", c.ProductID, c.ProductName, c.CatalogCost, c.VendorCost, c.Seats, c.Subscriptions, c.Drift)
	}
	sugg, err := Suggest(context.Background(), f.unmapped, f.accounts, SuggestOptions{})
	require.NoError(t, err)
	skus, err := Suggest(context.Background(), f.newSKUs, f.products, SuggestOptions{})
	require.NoError(t, err)
	sugg = append(sugg, skus...)
	for _, s := range sugg {
		fmt.Fprintf(&b, "suggest %s %s %q:", s.Item.Integration, s.Item.ID, s.Item.Name)
		if s.Exact != nil {
			fmt.Fprintf(&b, " exact %s (%s)", s.Exact.PSAID, s.Exact.Reason)
		}
		for _, a := range s.Alternatives {
			fmt.Fprintf(&b, " %s %s %.2f (%s)", a.Match, a.PSAID, a.Score, a.Reason)
		}
		b.WriteString("\n")
	}

	path := filepath.Join("testdata", "cards.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run Golden -update to create it")
	assert.Equal(t, string(want), b.String())
}
