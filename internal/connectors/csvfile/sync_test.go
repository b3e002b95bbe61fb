package csvfile

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/fileimport"
)

func newConnector(t *testing.T, text string, settings map[string]string) *Connector {
	t.Helper()
	p := filepath.Join(t.TempDir(), "export.csv")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	if settings == nil {
		settings = map[string]string{}
	}
	settings[SettingFile] = p
	c, err := New(connector.Config{Name: "Files", Settings: settings})
	require.NoError(t, err)
	return c
}

func TestSyncPutsLinesAndFailsBadRowsOnTheirOwnScope(t *testing.T) {
	c := newConnector(t, "Customer;Product;Qty;Price\nAcme;E3;3;36,00\nAcme;E5;x;57,00\nBravo;E3;1;36,00\n", nil)
	var rec connectortest.Recorder
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &rec))

	require.Len(t, rec.Subscriptions, 2)
	assert.Equal(t, 36.0, rec.Subscriptions[0].Price, "the decimal comma is detected")
	assert.Equal(t, "acme", rec.Subscriptions[0].AccountID)
	assert.True(t, rec.Subscriptions[0].Active)
	assert.Len(t, rec.Accounts, 2)
	assert.Len(t, rec.Products, 1, "one product, E3, for both accounts")
	require.Len(t, rec.Failures, 1)
	assert.Equal(t, "file line 3", rec.Failures[0].Section)
	assert.Equal(t, connector.Scope{Entity: connector.EntitySubscriptions, ParentID: "file line 3"}, rec.Failures[0].Scope,
		"the bad row's scope holds no cached rows, so the good rows of the file still replace the old ones")
	assert.ElementsMatch(t, []connector.Scope{{Entity: connector.EntityAccounts}, {Entity: connector.EntityProducts}, {Entity: connector.EntitySubscriptions}}, rec.Completed)
}

func TestSyncFailsWithoutAFile(t *testing.T) {
	c, err := New(connector.Config{Name: "Files", Settings: map[string]string{}})
	require.NoError(t, err)
	var rec connectortest.Recorder
	err = c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &rec)
	assert.ErrorContains(t, err, `trueup import --integration "Files" --file PATH`)

	c = newConnector(t, "x", nil)
	require.NoError(t, os.Remove(c.path))
	err = c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &rec)
	assert.ErrorContains(t, err, "check that the file still exists")
	assert.Empty(t, rec.Records)
}

func TestSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]string
		want     string
	}{
		{"unknown profile", map[string]string{SettingProfile: "ingram"}, "unknown profile"},
		{"bad map", map[string]string{SettingMap: "quantity=Seats"}, "must be JSON"},
		{"bad field", map[string]string{SettingMap: `{"qty":"Seats"}`}, "FIELD one of"},
		{"bad decimal", map[string]string{SettingDecimal: ";"}, "--decimal must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(connector.Config{Settings: tt.settings})
			assert.ErrorContains(t, err, tt.want)
		})
	}
	opts, err := Options(map[string]string{SettingProfile: "dicker", SettingMap: EncodeMap(map[fileimport.Field]string{fileimport.FieldQuantity: "Seats"}), SettingDecimal: ","})
	require.NoError(t, err)
	assert.Equal(t, "dicker", opts.Profile.Name)
	assert.True(t, opts.ForceDecimal)
}
