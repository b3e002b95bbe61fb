package reconcile

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/hbollon/go-edlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var psaCompanies = []Candidate{
	{ID: "201", Name: "Acme Dental Group LLC"},
	{ID: "202", Name: "Eastgate Property Management"},
	{ID: "203", Name: "Riverside Family Clinic"},
	{ID: "204", Name: "Northwind Traders", Identifiers: []string{"northwind.example"}},
	{ID: "205", Name: "Summit Accounting"},
	{ID: "206", Name: "Summit Accounting"}, // a duplicate company in the PSA
	{ID: "207", Name: "Riverside Family Clinics"},
	{ID: "208", Name: "Pacific Logistics"},
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		name      string
		item      VendorItem
		exact     string   // PSA id of the exact match, "" for none
		alts      []string // PSA ids of the alternatives, in order
		altMatch  []Match
		reasonHas string
	}{
		{name: "equal after normalising is exact", item: VendorItem{ID: "v1", Name: "ACME DENTAL, L.L.C."}, exact: "201",
			reasonHas: "after normalising"},
		{name: "an equal identifier is exact whatever the name", item: VendorItem{ID: "v2", Name: "NW Trading", Identifiers: []string{" NorthWind.example "}},
			exact: "204", reasonHas: `same identifier`},
		{name: "abbreviations are expanded for fuzzy scoring only", item: VendorItem{ID: "v3", Name: "Eastgate Property Mgmt"},
			alts: []string{"202"}, altMatch: []Match{MatchFuzzy}, reasonHas: "Eastgate Property Mgmt ~ Eastgate Property Management, 0.96: the same name once abbreviations are expanded"},
		{name: "fuzzy alternatives are ranked by score", item: VendorItem{ID: "v4", Name: "Riverside Family Clinc"},
			alts: []string{"203", "207"}, altMatch: []Match{MatchFuzzy, MatchFuzzy}, reasonHas: "Riverside Family Clinc ~ Riverside Family Clinic, 0.9"},
		{name: "several exact matches are not guessed between", item: VendorItem{ID: "v5", Name: "Summit Accounting Inc"},
			alts: []string{"205", "206"}, altMatch: []Match{MatchExact, MatchExact}, reasonHas: "2 PSA candidates match exactly"},
		{name: "nothing alike gives nothing", item: VendorItem{ID: "v6", Name: "Zebra Brewing"}},
		{name: "an empty name gives nothing", item: VendorItem{ID: "v7", Name: "  "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Suggest(context.Background(), []VendorItem{tt.item}, psaCompanies, SuggestOptions{})
			require.NoError(t, err)
			require.Len(t, got, 1)
			s := got[0]
			var reasons []string
			if tt.exact == "" {
				assert.Nil(t, s.Exact)
			} else {
				require.NotNil(t, s.Exact)
				assert.Equal(t, tt.exact, s.Exact.PSAID)
				assert.Equal(t, MatchExact, s.Exact.Match)
				assert.Equal(t, 1.0, s.Exact.Score)
				reasons = append(reasons, s.Exact.Reason)
			}
			var ids []string
			var matches []Match
			for _, a := range s.Alternatives {
				ids = append(ids, a.PSAID)
				matches = append(matches, a.Match)
				reasons = append(reasons, a.Reason)
			}
			assert.Equal(t, tt.alts, ids)
			assert.Equal(t, tt.altMatch, matches)
			if tt.reasonHas != "" {
				assert.Contains(t, fmt.Sprint(reasons), tt.reasonHas)
			}
		})
	}
}

// The score shown is the names' similarity as written (an abbreviation is not an exact
// match, and "~ 1.00" next to two different names reads like one); the order is by the
// similarity once abbreviations are expanded, so the expansion still ranks first.
func TestFuzzyScoresShowTheNamesAsWrittenAndRankExpanded(t *testing.T) {
	got, err := Suggest(context.Background(), []VendorItem{{ID: "v", Name: "Eastgate Property Mgmt"}}, []Candidate{
		{ID: "typo", Name: "Eastgate Property Mgmnt"},
		{ID: "full", Name: "Eastgate Property Management"},
	}, SuggestOptions{})
	require.NoError(t, err)
	alts := got[0].Alternatives
	require.Len(t, alts, 2)
	assert.Equal(t, "full", alts[0].PSAID, "ranked by the expanded names")
	assert.Less(t, alts[0].Score, 1.0, "shown as written")
	assert.Greater(t, alts[1].Score, alts[0].Score, "the typo is closer as written, yet ranks second")
}

func TestSuggestOptions(t *testing.T) {
	item := VendorItem{ID: "v", Name: "Riverside Family Clinc"}
	got, err := Suggest(context.Background(), []VendorItem{item}, psaCompanies, SuggestOptions{Max: 1})
	require.NoError(t, err)
	require.Len(t, got[0].Alternatives, 1, "Max caps the fuzzy alternatives")
	assert.Equal(t, "203", got[0].Alternatives[0].PSAID)

	got, err = Suggest(context.Background(), []VendorItem{item}, psaCompanies, SuggestOptions{Threshold: 1})
	require.NoError(t, err)
	assert.Empty(t, got[0].Alternatives, "nothing scores above a high threshold")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Suggest(ctx, []VendorItem{item}, psaCompanies, SuggestOptions{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSuggestIsDeterministic(t *testing.T) {
	// Equal scores are ordered by name, then id, whatever the candidate order.
	cands := []Candidate{{ID: "3", Name: "Pacific Logistic"}, {ID: "1", Name: "Pacific Logistik"}, {ID: "2", Name: "Pacific Logistik"}}
	item := VendorItem{ID: "v", Name: "Pacific Logistics"}
	first, err := Suggest(context.Background(), []VendorItem{item}, cands, SuggestOptions{})
	require.NoError(t, err)
	for i := 0; i < 5; i++ {
		rand.New(rand.NewSource(int64(i))).Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
		again, err := Suggest(context.Background(), []VendorItem{item}, cands, SuggestOptions{})
		require.NoError(t, err)
		assert.Equal(t, first, again)
	}
	var ids []string
	for _, a := range first[0].Alternatives {
		ids = append(ids, a.PSAID)
	}
	assert.Equal(t, []string{"3", "1", "2"}, ids)
}

// TestJaroWinklerBoundNeverDropsAMatch checks the prefilter against the library itself: no
// pair the library scores at or above the threshold may have a bound below it.
func TestJaroWinklerBoundNeverDropsAMatch(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	alphabet := []rune("abcdeiou rstlnmxyz0123é")
	word := func() string {
		n := 1 + r.Intn(14)
		s := make([]rune, n)
		for i := range s {
			s[i] = alphabet[r.Intn(len(alphabet))]
		}
		return string(s)
	}
	checked := 0
	for i := 0; i < 20000; i++ {
		a := word()
		b := a
		if r.Intn(2) == 0 {
			b = word()
		} else if len(b) > 1 { // a near miss: one edit
			rs := []rune(b)
			rs[r.Intn(len(rs))] = alphabet[r.Intn(len(alphabet))]
			b = string(rs)
		}
		na, nb := newScoredName(a), newScoredName(b)
		lib := float64(edlib.JaroWinklerSimilarity(na.expanded, nb.expanded))
		bound := jaroWinklerBound(&na, &nb, 0.85)
		if lib > 0 {
			checked++
		}
		require.GreaterOrEqual(t, bound+1e-6, math.Min(lib, 1), "%q vs %q", a, b)
	}
	assert.Greater(t, checked, 1000)
}
