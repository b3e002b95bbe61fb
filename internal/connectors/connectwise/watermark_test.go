package connectwise

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

// A QuickSync filters companies and agreements by their own watermarks: one shared date
// either skips companies edited while agreements were still being read (the newest date)
// or re-reads every agreement changed since the oldest one.
func TestQuickSyncUsesEachEntitysOwnWatermark(t *testing.T) {
	clock := sim.NewClock(testToday)
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{Now: clock.Now})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	full := fullSync(t, c)

	var newestAgreement time.Time
	for _, a := range full.Agreements {
		newestAgreement = later(newestAgreement, a.UpdatedAt)
	}
	companiesWM := newestAgreement.Add(-30 * 24 * time.Hour) // companies were read long before
	// A company edited after the companies' watermark but before the agreements' one.
	company := srv.CompanyIDs()[3]
	clock.Advance(newestAgreement.Add(-10 * 24 * time.Hour).Sub(clock.Now()))
	require.NoError(t, srv.TouchCompany(company))

	var wantCompanies, wantAgreements, sharedAgreements []string
	for _, a := range full.Accounts {
		if a.UpdatedAt.After(companiesWM.Add(-overlap)) || a.ID == strconv.Itoa(company) {
			wantCompanies = append(wantCompanies, a.ID)
		}
	}
	for _, a := range full.Agreements {
		if a.UpdatedAt.After(newestAgreement.Add(-overlap)) {
			wantAgreements = append(wantAgreements, a.ID)
		}
		if a.UpdatedAt.After(companiesWM.Add(-overlap)) {
			sharedAgreements = append(sharedAgreements, a.ID)
		}
	}
	require.Greater(t, len(sharedAgreements), len(wantAgreements), "the dataset must tell the two filters apart")

	rec := &retainSink{}
	req := connector.Request{Mode: connector.ModeQuick, Since: companiesWM, Watermarks: map[connector.Entity]time.Time{
		connector.EntityAccounts: companiesWM, connector.EntityAgreements: newestAgreement,
	}}
	require.NoError(t, c.Sync(context.Background(), req, rec))
	require.Empty(t, rec.Failures)
	assert.Contains(t, rec.IDs(connector.EntityAccounts), strconv.Itoa(company), "the company edited before the agreements' watermark is read")
	assert.ElementsMatch(t, wantCompanies, rec.IDs(connector.EntityAccounts))
	assert.ElementsMatch(t, wantAgreements, rec.IDs(connector.EntityAgreements), "agreements continue from their own watermark")
}
