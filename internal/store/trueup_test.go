package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMappingsSurviveAndAreReplacedByKey(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	cw, pax := newIntegration(t, s, "cw"), newIntegration(t, s, "pax8")
	require.NoError(t, s.SetMappings(ctx,
		Mapping{VendorIntegrationID: pax.ID, Kind: MappingAccount, VendorID: "p-1", PSAIntegrationID: cw.ID, PSAID: "19", VendorName: "Eastgate Property Mgmt", PSAName: "Eastgate Property Management", OSUser: "dana"},
		Mapping{VendorIntegrationID: pax.ID, Kind: MappingProduct, VendorID: "sku-9", Excluded: true, VendorName: "Azure plan"},
	))
	// The same key again replaces it: a remap never leaves two targets.
	require.NoError(t, s.SetMappings(ctx, Mapping{VendorIntegrationID: pax.ID, Kind: MappingAccount, VendorID: "p-1", PSAIntegrationID: cw.ID, PSAID: "20", PSAName: "Eastgate (East)"}))
	got, err := s.Mappings(ctx, pax.ID)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "20", got[0].PSAID)
	assert.Equal(t, "Eastgate (East)", got[0].PSAName)
	assert.False(t, got[0].UpdatedAt.IsZero())
	assert.True(t, got[1].Excluded)
	assert.Zero(t, got[1].PSAIntegrationID)

	require.NoError(t, s.ClearMapping(ctx, pax.ID, MappingAccount, "p-1"))
	require.NoError(t, s.ClearMapping(ctx, pax.ID, MappingAccount, "p-1"), "clearing twice is fine")
	got, err = s.Mappings(ctx, 0)
	require.NoError(t, err)
	assert.Len(t, got, 1)
}

func TestSetMappingsRefusesBadOnesWhole(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	cw, pax := newIntegration(t, s, "cw"), newIntegration(t, s, "pax8")
	good := Mapping{VendorIntegrationID: pax.ID, Kind: MappingAccount, VendorID: "p-1", PSAIntegrationID: cw.ID, PSAID: "19"}
	for name, bad := range map[string]Mapping{
		"no target":          {VendorIntegrationID: pax.ID, Kind: MappingAccount, VendorID: "p-2"},
		"excluded w/ target": {VendorIntegrationID: pax.ID, Kind: MappingAccount, VendorID: "p-2", Excluded: true, PSAIntegrationID: cw.ID, PSAID: "1"},
		"unknown kind":       {VendorIntegrationID: pax.ID, Kind: "agreement", VendorID: "p-2", PSAIntegrationID: cw.ID, PSAID: "1"},
		"unknown psa":        {VendorIntegrationID: pax.ID, Kind: MappingAccount, VendorID: "p-2", PSAIntegrationID: 999, PSAID: "1"},
	} {
		t.Run(name, func(t *testing.T) {
			require.Error(t, s.SetMappings(ctx, good, bad))
			got, err := s.Mappings(ctx, 0)
			require.NoError(t, err)
			assert.Empty(t, got, "nothing of a refused batch is stored")
		})
	}
}

func TestMappingsGoWithTheirIntegration(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	cw, pax := newIntegration(t, s, "cw"), newIntegration(t, s, "pax8")
	require.NoError(t, s.SetMappings(ctx, Mapping{VendorIntegrationID: pax.ID, Kind: MappingAccount, VendorID: "p-1", PSAIntegrationID: cw.ID, PSAID: "19"}))
	require.NoError(t, s.DeleteIntegration(ctx, cw.ID))
	got, err := s.Mappings(ctx, 0)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestAccountNotes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	cw := newIntegration(t, s, "cw")
	require.Error(t, s.SetAccountNote(ctx, AccountNote{AccountID: "19", Note: "x"}))
	require.NoError(t, s.SetAccountNote(ctx, AccountNote{PSAIntegrationID: cw.ID, AccountID: "19", Note: " multi-site: check by hand ", Tags: []string{"multi-site", " ", "multi-site", "vip"}}))
	notes, err := s.AccountNotes(ctx)
	require.NoError(t, err)
	require.Len(t, notes, 1)
	assert.Equal(t, "multi-site: check by hand", notes[0].Note)
	assert.Equal(t, []string{"multi-site", "vip"}, notes[0].Tags)

	require.NoError(t, s.SetAccountNote(ctx, AccountNote{PSAIntegrationID: cw.ID, AccountID: "19"}))
	notes, err = s.AccountNotes(ctx)
	require.NoError(t, err)
	assert.Empty(t, notes, "an empty note without tags removes it")
}

func TestDetectionsKeepTheFirstSighting(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	require.NoError(t, s.AddDetections(ctx, []Detection{{"c1", "2026-12", "2026-12-03", "detected"}, {"c2", "2026-12", "2026-12-03", "next_period"}}))
	require.NoError(t, s.AddDetections(ctx, []Detection{{"c1", "2026-12", "2026-12-09", "next_period"}, {"c1", "2027-01", "2027-01-02", "next_period"}}))
	got, err := s.Detections(ctx, "2026-12")
	require.NoError(t, err)
	assert.Equal(t, []Detection{{"c1", "2026-12", "2026-12-03", "detected"}, {"c2", "2026-12", "2026-12-03", "next_period"}}, got)
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	require.NoError(t, s.SetSettings(ctx, map[string]string{"large_change_units": "12", "billing_policy:2": "detected"}))
	require.NoError(t, s.SetSettings(ctx, map[string]string{"large_change_units": "", "large_change_percent": "25"}))
	got, err := s.Settings(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"billing_policy:2": "detected", "large_change_percent": "25"}, got)
}

func TestMonthProgress(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	_, ok, err := s.MonthProgress(ctx, "2026-12")
	require.NoError(t, err)
	assert.False(t, ok)
	_, err = s.SetMonthStep(ctx, "2026-12", "lunch")
	require.ErrorContains(t, err, "unknown")

	p, err := s.SetMonthStep(ctx, "2026-12", "mapping")
	require.NoError(t, err)
	started := p.StartedAt
	p, err = s.SetMonthStep(ctx, "2026-12", "done")
	require.NoError(t, err)
	assert.Equal(t, started, p.StartedAt, "moving on keeps when the month was started")
	assert.False(t, p.DoneAt.IsZero())
	p, err = s.SetMonthStep(ctx, "2026-12", "review")
	require.NoError(t, err)
	assert.True(t, p.DoneAt.IsZero(), "going back reopens the month")
}

func TestDecisionsOfACycle(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for _, c := range []string{"2026-11", "2026-12", "2026-12"} {
		d := approval("c1")
		d.Cycle = c
		_, _, err := s.Approve(ctx, d, nil)
		require.NoError(t, err)
	}
	dec, err := s.Decisions(ctx, "2026-12")
	require.NoError(t, err)
	require.Len(t, dec, 2)
	assert.Less(t, dec[0].ID, dec[1].ID)
	all, err := s.Decisions(ctx, "")
	require.NoError(t, err)
	assert.Len(t, all, 3)
}
