package workspace_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/workspace"
)

func enableAuto(t *testing.T, tu *trueup, style string, prorate bool) {
	t.Helper()
	s, err := tu.ws.AutoTrueUp().Enable(context.Background(), workspace.AutoTrueUpEnable{IntegrationID: tu.paxID, BillingStyle: style, Prorate: prorate})
	require.NoError(t, err)
	require.True(t, s.Enabled)
	require.False(t, s.DryRunApproved, "enabling starts with a dry run")
}

type sent struct{ Method, Path, Body string }

func planWrites(run workspace.AutoTrueUpRun) []sent {
	var out []sent
	for _, it := range run.Items {
		for _, w := range it.Writes {
			out = append(out, sent{w.Method, w.Path, w.Body})
		}
	}
	return out
}

func itemOf(t *testing.T, run workspace.AutoTrueUpRun, account, product string) workspace.AutoTrueUpItem {
	t.Helper()
	for _, it := range run.Items {
		if it.AccountName == account && it.ProductName == product {
			return it
		}
	}
	require.Failf(t, "no item", "%s, %s is not in the run", account, product)
	return workspace.AutoTrueUpItem{}
}

// The first run is a dry run that changes nothing; approving it sends exactly its writes to
// ConnectWise, marked automatic in the ledger; a large change stays a card; running again
// pushes nothing.
func TestAutoTrueUpDryRunApprovedPushesExactlyThePlan(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	enableAuto(t, tu, "advance", false)

	dry, err := tu.ws.AutoTrueUp().RunNow(ctx, tu.paxID, "")
	require.NoError(t, err)
	assert.True(t, dry.DryRun, "a run before any approval is a dry run")
	assertNothingRecorded(t, tu)
	want := planWrites(dry)
	require.NotEmpty(t, want)
	dec := itemOf(t, dry, blueHarbor, premium)
	assert.Equal(t, "decrease", dec.Action)
	assert.Equal(t, "2026-12-01", dec.EffectiveDate, "in advance: from the next period")
	large := itemOf(t, dry, bayside, premium)
	assert.Equal(t, "waiting", large.Action)
	assert.Empty(t, large.Writes)
	s, err := tu.ws.AutoTrueUp().Settings(ctx, tu.paxID)
	require.NoError(t, err)
	require.NotNil(t, s.Plan, "the dry run's plan is stored for approval")
	assert.Equal(t, want, planWrites(*s.Plan))

	run, err := tu.ws.AutoTrueUp().ApprovePlan(ctx, tu.paxID)
	require.NoError(t, err)
	assert.False(t, run.DryRun)
	var got []sent
	for _, w := range tu.sims.CW.Writes() {
		got = append(got, sent{w.Method, w.Path, w.Body})
	}
	assert.ElementsMatch(t, want, got, "ConnectWise received exactly the dry run's writes")
	assert.Equal(t, len(want), run.Pushed)
	for _, it := range run.Items {
		for _, p := range it.Pushes {
			assert.Equal(t, "pushed", p.State, "%s, %s", it.AccountName, it.ProductName)
		}
	}

	ledger, err := tu.ws.Pushes().Ledger(ctx, workspace.LedgerQuery{})
	require.NoError(t, err)
	require.NotEmpty(t, ledger)
	for _, e := range ledger {
		assert.True(t, e.Automatic, "ledger %s %d is marked automatic", e.Kind, e.ID)
		assert.Equal(t, workspace.AutoTrueUpUser, e.User)
	}
	l := list(t, tu, workspace.CardQuery{All: true})
	assert.Equal(t, "open", card(t, l, bayside, premium).Decision, "the large change waits as a card")

	s, err = tu.ws.AutoTrueUp().Settings(ctx, tu.paxID)
	require.NoError(t, err)
	assert.True(t, s.DryRunApproved)
	again, err := tu.ws.AutoTrueUp().RunNow(ctx, tu.paxID, "")
	require.NoError(t, err)
	assert.False(t, again.DryRun)
	assert.Zero(t, again.Pushed, "re-running after success pushes nothing")
	assert.Len(t, tu.sims.CW.Writes(), len(want))
}

// A dry run whose data moved is not pushed on approval: the new plan is stored instead.
func TestAutoTrueUpApprovalRefusesAStalePlan(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	enableAuto(t, tu, "advance", false)
	_, err := tu.ws.AutoTrueUp().DryRun(ctx, tu.paxID, "")
	require.NoError(t, err)
	// The billing style moves every effective date: the stored plan no longer holds.
	kv := map[string]string{"auto_trueup:" + strconv.FormatInt(tu.paxID, 10) + ":billing_style": "arrears"}
	require.NoError(t, tu.ws.Store().SetSettings(ctx, kv))
	_, err = tu.ws.AutoTrueUp().ApprovePlan(ctx, tu.paxID)
	var ie *workspace.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Msg, "changed since the dry run")
	assertNothingRecorded(t, tu)
	s, err := tu.ws.AutoTrueUp().Settings(ctx, tu.paxID)
	require.NoError(t, err)
	assert.False(t, s.DryRunApproved)
	assert.Equal(t, "2026-11-01", itemOf(t, *s.Plan, blueHarbor, premium).EffectiveDate, "the new plan (arrears) is the one to approve")
}

// "Run now for this customer" touches one account only.
func TestAutoTrueUpRunNowForOneAccount(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	enableAuto(t, tu, "advance", false)
	dry, err := tu.ws.AutoTrueUp().RunNow(ctx, tu.paxID, blueHarbor)
	require.NoError(t, err)
	require.NotEmpty(t, dry.Items)
	for _, it := range dry.Items {
		assert.Equal(t, blueHarbor, it.AccountName)
	}
	run, err := tu.ws.AutoTrueUp().ApprovePlan(ctx, tu.paxID)
	require.NoError(t, err)
	assert.Equal(t, blueHarbor, run.Account)
	require.NotEmpty(t, tu.sims.CW.Writes())
	for _, w := range tu.sims.CW.Writes() {
		assert.Contains(t, w.Path, "/finance/agreements/1005/", "only Blue Harbor's agreement is written")
	}
	_, err = tu.ws.AutoTrueUp().RunNow(ctx, tu.paxID, "Nobody Ltd")
	require.ErrorAs(t, err, new(*workspace.InputError))
}

// Arrears with proration is refused when enabled, and a stored one (set by hand) refuses to
// run, pushing nothing.
func TestAutoTrueUpRefusesArrearsWithProration(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	_, err := tu.ws.AutoTrueUp().Enable(ctx, workspace.AutoTrueUpEnable{IntegrationID: tu.paxID, BillingStyle: "arrears", Prorate: true})
	var ie *workspace.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Msg, reconcile.ArrearsProrateRefusal)

	enableAuto(t, tu, "arrears", false)
	require.NoError(t, tu.ws.Store().SetSettings(ctx, map[string]string{
		"auto_trueup:" + strconv.FormatInt(tu.paxID, 10) + ":prorate":          "true",
		"auto_trueup:" + strconv.FormatInt(tu.paxID, 10) + ":dry_run_approved": "true",
	}))
	s, err := tu.ws.AutoTrueUp().Settings(ctx, tu.paxID)
	require.NoError(t, err)
	assert.Equal(t, reconcile.ArrearsProrateRefusal, s.Refusal)
	run, err := tu.ws.AutoTrueUp().RunNow(ctx, tu.paxID, "")
	require.NoError(t, err)
	assert.True(t, run.Refused)
	assert.Equal(t, reconcile.ArrearsProrateRefusal, run.Note)
	assert.Zero(t, run.Pushed)
	assertNothingRecorded(t, tu)
}

func TestAutoTrueUpOnlyForVendors(t *testing.T) {
	tu := newTrueup(t)
	_, err := tu.ws.AutoTrueUp().Enable(context.Background(), workspace.AutoTrueUpEnable{IntegrationID: tu.cwID})
	var ie *workspace.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Msg, "is not a vendor integration")
	_, err = tu.ws.AutoTrueUp().RunNow(context.Background(), tu.paxID, "")
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Msg, "is off: enable it first")
}

// The true-up is the first scheduled-run observer: after a succeeded vendor run it runs
// (here its dry run) and fills the Auto fields; a partial run pushes nothing.
func TestAutoTrueUpAfterScheduledSync(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	observers := tu.ws.ScheduledRunObservers()
	require.NotEmpty(t, observers)
	first := observers[0]

	off := &workspace.ScheduledRun{IntegrationID: tu.paxID, Vendor: true, Outcome: "succeeded"}
	require.NoError(t, first(ctx, off))
	assert.Empty(t, off.AutoNote, "off: the true-up does nothing")

	enableAuto(t, tu, "advance", false)
	partial := &workspace.ScheduledRun{IntegrationID: tu.paxID, IntegrationName: "Pax8", Vendor: true, Outcome: "partial"}
	require.NoError(t, first(ctx, partial))
	assert.Contains(t, partial.AutoNote, "skipped: the sync partial")
	s, err := tu.ws.AutoTrueUp().Settings(ctx, tu.paxID)
	require.NoError(t, err)
	assert.Nil(t, s.Plan, "a partial run plans nothing")

	psa := &workspace.ScheduledRun{IntegrationID: tu.cwID, Outcome: "succeeded"}
	require.NoError(t, first(ctx, psa))
	assert.Empty(t, psa.AutoNote)

	ok := &workspace.ScheduledRun{IntegrationID: tu.paxID, IntegrationName: "Pax8", Vendor: true, Outcome: "succeeded"}
	require.NoError(t, first(ctx, ok))
	assert.Zero(t, ok.AutoPushed, "the first run is a dry run")
	assert.Positive(t, ok.AutoWaiting)
	assert.Contains(t, ok.AutoNote, "dry run")
	assertNothingRecorded(t, tu)
	// Its notice counts what approving the plan pushes, and the large changes apart.
	s, err = tu.ws.AutoTrueUp().Settings(ctx, tu.paxID)
	require.NoError(t, err)
	require.NotNil(t, s.Plan)
	pushes, large := 0, 0
	for _, it := range s.Plan.Items {
		switch a := reconcile.AutoAction(it.Action); {
		case a == reconcile.AutoWaiting:
			large++
		case a.Pushes():
			pushes++
		}
	}
	assert.Equal(t, pushes, ok.AutoWaiting)
	assert.Equal(t, large, ok.AutoLarge)

	_, err = tu.ws.AutoTrueUp().ApprovePlan(ctx, tu.paxID)
	require.NoError(t, err)
	n := len(tu.sims.CW.Writes())
	after := &workspace.ScheduledRun{IntegrationID: tu.paxID, IntegrationName: "Pax8", Vendor: true, Outcome: "succeeded"}
	require.NoError(t, first(ctx, after))
	assert.Zero(t, after.AutoPushed, "nothing changed since the approved run")
	assert.Len(t, tu.sims.CW.Writes(), n)
}

// A missing product is created on the account's only agreement; an account with several
// waits until one is chosen, and then gets it there.
func TestAutoTrueUpCreatesOnTheChosenAgreement(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	enableAuto(t, tu, "advance", false)
	dry, err := tu.ws.AutoTrueUp().DryRun(ctx, tu.paxID, "")
	require.NoError(t, err)
	created := itemOf(t, dry, "Westbrook Community Bank", "M365 Copilot")
	assert.Equal(t, "create", created.Action)
	require.Len(t, created.Writes, 1)
	assert.Equal(t, "POST", created.Writes[0].Method)
	assert.Equal(t, "2026-12-01", created.EffectiveDate, "a mid-month sync on an agreement that does not prorate: dated like a change")
	several := itemOf(t, dry, "Ironwood Manufacturing", "M365 Copilot")
	assert.Equal(t, "waiting", several.Action)
	assert.Contains(t, several.Reason, `has 2 current agreements: choose the one for new lines (`+"`"+`trueup auto-trueup --integration "Pax8" --account "Ironwood Manufacturing" --agreement ID`)
	var offered []string
	for _, o := range several.AgreementOptions {
		offered = append(offered, o.ID)
	}
	assert.Contains(t, offered, "1018", "the item offers the agreements to choose from")
	assert.Len(t, offered, 2)
	assert.Empty(t, created.AgreementOptions, "a line whose agreement is known offers none")

	_, err = tu.ws.AutoTrueUp().SetAgreement(ctx, tu.paxID, "Ironwood Manufacturing", "1001")
	var ie *workspace.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Msg, `agreement "1001" is not a current agreement of Ironwood Manufacturing`)
	s, err := tu.ws.AutoTrueUp().SetAgreement(ctx, tu.paxID, "Ironwood Manufacturing", "1018")
	require.NoError(t, err)
	require.Len(t, s.Agreements, 1)
	assert.Equal(t, "1018", s.Agreements[0].AgreementID)

	dry, err = tu.ws.AutoTrueUp().DryRun(ctx, tu.paxID, "Ironwood Manufacturing")
	require.NoError(t, err)
	several = itemOf(t, dry, "Ironwood Manufacturing", "M365 Copilot")
	assert.Equal(t, "create", several.Action)
	require.Len(t, several.Writes, 1)
	assert.Equal(t, "/finance/agreements/1018/additions", several.Writes[0].Path)

	s, err = tu.ws.AutoTrueUp().SetAgreement(ctx, tu.paxID, "Ironwood Manufacturing", "")
	require.NoError(t, err)
	assert.Empty(t, s.Agreements, "cleared")
}

// In advance with proration, on an agreement that prorates, an increase is prorated from the
// sync day: the quantity patch and the prorated addition for the rest of the month.
func TestAutoTrueUpAdvanceProrated(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	enableAuto(t, tu, "advance", true)
	dry, err := tu.ws.AutoTrueUp().DryRun(ctx, tu.paxID, "Evergreen Charter School")
	require.NoError(t, err)
	it := itemOf(t, dry, "Evergreen Charter School", premium)
	assert.Equal(t, "increase", it.Action)
	assert.Equal(t, "2026-11-16", it.EffectiveDate)
	assert.True(t, it.Prorated)
	require.Len(t, it.Writes, 2)
	assert.Equal(t, "prorated_line", it.Writes[1].Kind)
	noProration := itemOf(t, dry, "Evergreen Charter School", "Entra ID P2")
	assert.Equal(t, "2026-11-16", noProration.EffectiveDate)
}
