package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/sim"
)

func offered() string {
	var kinds []string
	for _, p := range PSAs() {
		kinds = append(kinds, string(p.Kind()))
	}
	return strings.Join(kinds, ", ")
}

func TestLookupFindsTheOfferedPSAsAndNamesThemOtherwise(t *testing.T) {
	forEachPSA(t, func(t *testing.T, psa PSA) {
		for _, spelled := range []connector.Kind{psa.Kind(), connector.Kind(strings.ToUpper(string(psa.Kind())))} {
			got, err := Lookup(spelled)
			require.NoError(t, err)
			assert.Equal(t, psa.Kind(), got.Kind())
		}
	})
	def, err := Lookup("")
	require.NoError(t, err)
	assert.Equal(t, connector.KindConnectWise, def.Kind(), "the default is ConnectWise")

	for _, kind := range []connector.Kind{"zoho", "pax8", "csv"} {
		_, err := Lookup(kind)
		require.Error(t, err)
		assert.Equal(t, `the demo has no PSA "`+string(kind)+`": choose one of `+offered(), err.Error())
	}
	// A PSA TrueUp knows but this build's demo does not ship (yet) says so.
	for _, kind := range []connector.Kind{connector.KindAutotask, connector.KindHaloPSA} {
		if _, err := Lookup(kind); err != nil {
			assert.Equal(t, "this build's demo cannot run on "+string(kind)+" yet: choose one of "+offered(), err.Error())
		}
	}
}

// Each PSA's demo has its own folder; ConnectWise keeps the one the demo always had.
func TestDirIsOnePerPSA(t *testing.T) {
	tests := []struct {
		kind connector.Kind
		want string
	}{
		{"", "demo"},
		{connector.KindConnectWise, "demo"},
		{connector.KindAutotask, "demo-autotask"},
		{connector.KindHaloPSA, "demo-halopsa"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			assert.Equal(t, filepath.Join("/data", tt.want), Dir("/data", tt.kind))
		})
	}
}

// Open puts each PSA's demo workspace in its own folder, and refuses a PSA it does not
// offer before it creates anything.
func TestOpenUsesThePSAsFolder(t *testing.T) {
	forEachPSA(t, func(t *testing.T, psa PSA) {
		dataDir := t.TempDir()
		ws, err := Open(context.Background(), dataDir, connectors.Registry(), psa.Kind(), 0)
		require.NoError(t, err)
		defer ws.Close()
		assert.Equal(t, Dir(dataDir, psa.Kind()), ws.Info().DataDir)
		list, err := ws.Integrations().List(context.Background())
		require.NoError(t, err)
		require.Len(t, list, 3)
		assert.Equal(t, []string{string(psa.Kind()), psa.Name()}, []string{list[0].Kind, list[0].Name})
		assert.Equal(t, []string{string(connector.KindMicrosoft), MicrosoftName}, []string{list[1].Kind, list[1].Name})
		assert.Equal(t, []string{string(connector.KindPax8), Pax8Name}, []string{list[2].Kind, list[2].Name})
	})
	dataDir := t.TempDir()
	_, err := Open(context.Background(), dataDir, connectors.Registry(), "zoho", 0)
	require.Error(t, err)
	assert.NoDirExists(t, filepath.Join(dataDir, "demo-zoho"))
}

// Every PSA's ids cover the whole demo MSP, so its seeded mappings are complete: the same
// mappings as on ConnectWise, but for the PSA's ids.
func TestMappingsCoverTheDemoOnEveryPSA(t *testing.T) {
	reference := Mappings(ConnectWise{})
	forEachPSA(t, func(t *testing.T, psa PSA) {
		got := Mappings(psa)
		require.Len(t, got, len(reference))
		seen := map[string]bool{}
		for i, m := range got {
			assert.Equal(t, reference[i].VendorID, m.VendorID)
			assert.Equal(t, reference[i].Excluded, m.Excluded)
			assert.Equal(t, reference[i].PSAName, m.PSAName)
			if !m.Excluded {
				assert.NotEmpty(t, m.PSAID, "%s %s has a PSA id", m.Kind, m.VendorName)
				key := string(m.Kind) + "/" + m.PSAID
				if m.Kind == "product" {
					assert.False(t, seen[key], "product id %s is used once", m.PSAID)
				}
				seen[key] = true
			}
		}
		for i := range sim.DemoCustomers() {
			assert.NotEmpty(t, psa.CompanyID(i))
		}
		_, ok := psa.CatalogID("no such product")
		assert.False(t, ok)
	})
}
