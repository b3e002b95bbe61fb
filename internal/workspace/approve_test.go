package workspace_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/workspace"
)

// The demo cards the approval tests use.
const (
	blueHarbor = "Blue Harbor Logistics" // M365 Business Premium 42 -> 41: a plain decrease
	bayside    = "Bayside Veterinary Clinic"
	copperline = "Copperline Engineering" // M365 Business Standard: New Revenue, 17 seats
	harborview = "Harborview Orthodontics"
	maple      = "Maple Street Bakery"
	acme       = "Acme Dental Group"
	premium    = "M365 Business Premium"
	standard   = "M365 Business Standard"
)

func assertNothingRecorded(t *testing.T, tu *trueup) {
	t.Helper()
	ctx := context.Background()
	ds, err := tu.ws.Store().Decisions(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, ds, "no decision is recorded")
	out, err := tu.ws.Store().Outbox(ctx, tu.cwID)
	require.NoError(t, err)
	assert.Empty(t, out, "nothing is queued")
	assert.Empty(t, tu.sims.CW.Writes(), "nothing is written to ConnectWise")
}

func TestApproveRefusesWithWhatToFix(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})
	decrease := card(t, l, blueHarbor, premium)
	large := card(t, l, bayside, premium)
	newRevenue := card(t, l, copperline, standard)
	noAgreement := card(t, l, harborview, premium)
	noVendor := card(t, l, maple, premium)
	other := card(t, l, blueHarbor, "Entra ID P2")
	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: decrease.ID})
	require.NoError(t, err)
	require.NotEmpty(t, p.Writes)

	// A dismissed card is decided: approving it again is refused.
	dismissed := card(t, l, blueHarbor, "Datto SaaS Protection")
	require.NoError(t, tu.ws.Cards().Dismiss(ctx, []string{dismissed.ID}, ""))
	ds, err := tu.ws.Store().Decisions(ctx, "")
	require.NoError(t, err)
	require.Len(t, ds, 1)

	tests := []struct {
		name  string
		req   workspace.ApproveRequest
		field string
		want  string
	}{
		{"unknown card", workspace.ApproveRequest{CardID: "0123456789abcdef"}, "card_id", `there is no card "0123456789abcdef" in 2026-11`},
		{"already decided", workspace.ApproveRequest{CardID: dismissed.ID}, "card_id", "is already dismissed this cycle"},
		{"large change", workspace.ApproveRequest{CardID: large.ID}, "confirm_large", "is a large change (10 -> 12): check it, then approve it with --confirm-large"},
		{"new revenue without agreement", workspace.ApproveRequest{CardID: newRevenue.ID, ConfirmLarge: true}, "agreement_id", `choose the agreement to add the line to with --agreement ID: 1007 ("Managed Services")`},
		{"another company's agreement", workspace.ApproveRequest{CardID: newRevenue.ID, AgreementID: "1001", ConfirmLarge: true}, "agreement_id", `agreement "1001" is not a current agreement of Copperline Engineering`},
		{"no current agreement", workspace.ApproveRequest{CardID: noAgreement.ID, AgreementID: "1014", ConfirmLarge: true}, "agreement_id", "Harborview Orthodontics has no current agreement in ConnectWise"},
		{"no vendor data", workspace.ApproveRequest{CardID: noVendor.ID}, "card_id", "has no vendor data"},
		{"fractional quantity", workspace.ApproveRequest{CardID: decrease.ID, Quantity: "40.5"}, "quantity", `quantity "40.5" is not a whole number of seats`},
		{"negative quantity", workspace.ApproveRequest{CardID: decrease.ID, Quantity: "-1"}, "quantity", "not a whole number of seats >= 0"},
		{"not a quantity", workspace.ApproveRequest{CardID: decrease.ID, Quantity: "forty"}, "quantity", "not a whole number"},
		{"the PSA already bills it", workspace.ApproveRequest{CardID: decrease.ID, Quantity: "42"}, "card_id", "the PSA already bills 42: acknowledge or dismiss it instead"},
		{"no such day", workspace.ApproveRequest{CardID: decrease.ID, Effective: "2026-02-30"}, "effective", `effective date "2026-02-30" is not a calendar day: use YYYY-MM-DD, e.g. 2026-12-01`},
		{"mid-month on a non-prorating agreement", workspace.ApproveRequest{CardID: decrease.ID, Effective: "2026-11-20"}, "card_id", "does not prorate, so ConnectWise bills a change from its next invoice"},
		{"a line of another card", workspace.ApproveRequest{CardID: decrease.ID, LineID: other.PSALines[0].LineID}, "line_id", "is not one of the lines of card"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tu.ws.Cards().Approve(ctx, tt.req)
			require.Error(t, err)
			var ie *workspace.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tt.field, ie.Field)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	ds, err = tu.ws.Store().Decisions(ctx, "")
	require.NoError(t, err)
	assert.Len(t, ds, 1, "a refused approval records nothing")
	assert.Empty(t, tu.sims.CW.Writes())
}

func TestApproveDryRunShowsTheExactWritesAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})
	c := card(t, l, blueHarbor, premium)
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID, DryRun: true})
	require.NoError(t, err)
	assert.True(t, res.DryRun)
	require.Len(t, res.Writes, 1)
	w := res.Writes[0]
	line := c.PSALines[0]
	assert.Equal(t, "PATCH", w.Method)
	assert.Equal(t, "/finance/agreements/"+line.AgreementID+"/additions/"+line.LineID, w.Path)
	assert.Equal(t, `[{"op":"replace","path":"quantity","value":41}]`, w.Body)
	assert.Contains(t, w.Preview, "quantity 42 -> 41, effective 2026-12-01")
	assert.Contains(t, w.Preview, "this agreement does not prorate: ConnectWise bills the new quantity from its next invoice")
	assert.Equal(t, "Dry run: approving Blue Harbor Logistics, M365 Business Premium (42 -> 41) sends 1 write(s); nothing was changed.", res.Message)

	// A large change previews without --confirm-large, and says it needs it.
	large := card(t, l, bayside, premium)
	res, err = tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: large.ID, DryRun: true})
	require.NoError(t, err)
	assert.Contains(t, res.Message, "approving it needs --confirm-large")
	assertNothingRecorded(t, tu)
}

func TestPreview(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})

	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: card(t, l, blueHarbor, premium).ID})
	require.NoError(t, err)
	assert.Equal(t, "2026-12-01", p.Effective)
	assert.False(t, p.Prorated)
	assert.Equal(t, "this agreement does not prorate: ConnectWise bills the new quantity from its next invoice", p.Explanation)
	assert.False(t, p.Large)

	// New Revenue without an agreement: the account's agreements to choose from, no write.
	nr := card(t, l, copperline, standard)
	p, err = tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: nr.ID})
	require.NoError(t, err)
	assert.Empty(t, p.Writes)
	assert.True(t, p.Large)
	assert.Equal(t, []workspace.AgreementOption{{ID: "1007", Name: "Managed Services"}}, p.Agreements)
	p, err = tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: nr.ID, AgreementID: "1007", Effective: "2027-01-01"})
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	assert.Equal(t, "POST", p.Writes[0].Method)
	assert.Equal(t, "/finance/agreements/1007/additions", p.Writes[0].Path)
	assert.Contains(t, p.Writes[0].Body, `"quantity":17`)
	assert.Contains(t, p.Writes[0].Body, `"effectiveDate":"2027-01-01T00:00:00Z"`)
	assert.Equal(t, "2027-01-01", p.Effective)

	// No Change: approving acknowledges, nothing is written.
	p, err = tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: card(t, l, acme, "Entra ID P2").ID})
	require.NoError(t, err)
	assert.Empty(t, p.Writes)
	assert.Contains(t, p.Explanation, "acknowledges the card and writes nothing")

	_, err = tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: card(t, l, harborview, premium).ID})
	assert.ErrorContains(t, err, "has no current agreement")
	assertNothingRecorded(t, tu)
}

func TestApprovePushesWhatThePreviewShowedAndTheCardBecomesNoChange(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)

	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID, Note: "two leavers"})
	require.NoError(t, err)
	assert.Equal(t, "approved", res.Decision)
	assert.Positive(t, res.DecisionID)
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "pushed", res.Pushes[0].State)
	assert.Equal(t, "Pushed: Blue Harbor Logistics, M365 Business Premium 42 -> 41.", res.Message)

	writes := tu.sims.CW.Writes()
	require.Len(t, writes, 1)
	assert.Equal(t, p.Writes[0].Method, writes[0].Method)
	assert.Equal(t, p.Writes[0].Path, writes[0].Path)
	assert.Equal(t, p.Writes[0].Body, writes[0].Body, "the preview's bytes are the bytes sent")

	// The cache holds the PSA's answer: No Change without a sync, approved.
	all := list(t, tu, workspace.CardQuery{All: true})
	after := card(t, all, blueHarbor, premium)
	assert.Equal(t, "no_change", after.State)
	assert.Equal(t, "41", after.PSAQuantity)
	assert.Equal(t, "approved", after.Decision)
	assert.Equal(t, "pushed", after.Push)
	for _, o := range list(t, tu, workspace.CardQuery{}).Cards {
		assert.NotEqual(t, c.ID, o.ID, "an approved card leaves the default list")
	}

	ds, err := tu.ws.Store().Decisions(ctx, "2026-11")
	require.NoError(t, err)
	require.Len(t, ds, 1)
	d := ds[0]
	assert.Equal(t, "42", d.PSAQuantity)
	assert.Equal(t, "41", d.VendorQuantity)
	assert.Equal(t, "41", d.TargetQuantity)
	assert.Equal(t, "two leavers", d.Note)
	assert.Equal(t, "Blue Harbor Logistics", d.AccountName)
	assert.Equal(t, "Managed Services", d.AgreementName)
	assert.Equal(t, c.PSALines[0].LineID, d.LineID)
	assert.Equal(t, "2026-12-01", d.EffectiveDate)
	assert.Equal(t, []string{"Pax8"}, d.Vendors)
	assert.NotEmpty(t, d.OSUser)

	_, err = tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	assert.ErrorContains(t, err, "already approved this cycle")
}

func TestApproveNewRevenueAddsTheLineToTheChosenAgreement(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), copperline, standard)
	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: c.ID, AgreementID: "1007"})
	require.NoError(t, err)
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID, AgreementID: "1007", ConfirmLarge: true})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "pushed", res.Pushes[0].State, res.Message)
	writes := tu.sims.CW.Writes()
	require.Len(t, writes, 1)
	assert.Equal(t, "POST", writes[0].Method)
	assert.Equal(t, p.Writes[0].Body, writes[0].Body)

	after := card(t, list(t, tu, workspace.CardQuery{All: true}), copperline, standard)
	assert.Equal(t, "no_change", after.State, "the created line is cached from ConnectWise's answer")
	assert.Equal(t, "17", after.PSAQuantity)
	assert.Equal(t, "approved", after.Decision)
}

func TestApproveQueuesWhileThePSACannotBeReached(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	require.NoError(t, tu.sims.CW.Close())
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "queued", res.Pushes[0].State)
	assert.Equal(t, "Queued: Blue Harbor Logistics, M365 Business Premium 42 -> 41: ConnectWise Manage cannot be reached; it goes out when it answers.", res.Message)
	after := card(t, list(t, tu, workspace.CardQuery{All: true}), blueHarbor, premium)
	assert.Equal(t, "approved", after.Decision)
	assert.Equal(t, "queued", after.Push)
	assert.Equal(t, "reconcile", after.State, "nothing has changed in the PSA yet")
}

func TestApproveNoChangeAcknowledges(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), acme, "Entra ID P2")
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	assert.Equal(t, "acknowledged", res.Decision)
	assert.Empty(t, res.Pushes)
	assert.Equal(t, "Acknowledged: Acme Dental Group, Entra ID P2 stays at 7 (nothing to push).", res.Message)
	assert.Equal(t, "acknowledged", card(t, list(t, tu, workspace.CardQuery{All: true}), acme, "Entra ID P2").Decision)
	assert.Empty(t, tu.sims.CW.Writes())
}

func TestBulkApproveLeavesOutWhatNeedsAChoice(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})
	plain := card(t, l, blueHarbor, premium)
	large := card(t, l, bayside, premium)
	confirmed := card(t, l, bayside, "SentinelOne Complete")
	noChange := card(t, l, acme, "Entra ID P2")
	noVendor := card(t, l, maple, premium)
	newRevenue := card(t, l, copperline, standard)

	res, err := tu.ws.Cards().BulkApprove(ctx, workspace.BulkApproveRequest{
		CardIDs:   []string{plain.ID, large.ID, confirmed.ID, noChange.ID, noVendor.ID, newRevenue.ID},
		Confirmed: []string{confirmed.ID, newRevenue.ID}, Note: "month end"})
	require.NoError(t, err)

	var approved []string
	for _, a := range res.Approved {
		approved = append(approved, a.CardID)
		require.Len(t, a.Pushes, 1)
		assert.Equal(t, "pushed", a.Pushes[0].State)
		assert.True(t, strings.HasPrefix(a.Message, "Pushed: "), a.Message)
	}
	assert.ElementsMatch(t, []string{plain.ID, confirmed.ID}, approved)
	assert.Equal(t, []string{noChange.ID}, res.Acknowledged)
	reasons := map[string]string{}
	for _, s := range res.Skipped {
		reasons[s.CardID] = s.Reason
	}
	assert.Len(t, reasons, 3)
	assert.Contains(t, reasons[large.ID], "large change (10 -> 12): confirm this card to approve it")
	assert.Contains(t, reasons[noVendor.ID], "no vendor data")
	assert.Contains(t, reasons[newRevenue.ID], "choose the agreement to add the line to")
	assert.Len(t, tu.sims.CW.Writes(), 2)

	_, err = tu.ws.Cards().BulkApprove(ctx, workspace.BulkApproveRequest{CardIDs: []string{plain.ID, "nope"}})
	assert.ErrorContains(t, err, "there is no card nope")
}

func TestApproveAgainAfterARevert(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	_, err = tu.ws.Pushes().Revert(ctx, res.Pushes[0].ID, false)
	require.NoError(t, err)

	back := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	assert.Equal(t, "open", back.Decision, "a revert reopens the card")
	assert.Equal(t, "42", back.PSAQuantity)

	res, err = tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err, "approving again is a new change")
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "pushed", res.Pushes[0].State, res.Message)
	assert.Equal(t, "41", card(t, list(t, tu, workspace.CardQuery{All: true}), blueHarbor, premium).PSAQuantity)
	assert.Len(t, tu.sims.CW.Writes(), 3, "approve, revert, approve")
}

func TestApproveTwiceAtOnceQueuesOneChange(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
			errs <- err
		}()
	}
	var refused []error
	for range 2 {
		if err := <-errs; err != nil {
			refused = append(refused, err)
		}
	}
	require.Len(t, refused, 1, "one of the two approvals goes through")
	assert.True(t, workspace.IsInputError(refused[0]), refused[0])
	out, err := tu.ws.Store().Outbox(ctx, tu.cwID)
	require.NoError(t, err)
	assert.Len(t, out, 1)
	assert.Len(t, tu.sims.CW.Writes(), 1, "ConnectWise gets the change once")
}

func TestApproveAProratedIncreaseHolds(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	// Changes count from the day they are detected where the agreement prorates.
	require.NoError(t, tu.ws.Store().SetSettings(ctx, map[string]string{"billing_policy:" + strconv.FormatInt(tu.paxID, 10): "detected"}))
	c := card(t, list(t, tu, workspace.CardQuery{}), "Evergreen Charter School", premium)
	require.Equal(t, "62", c.PSAQuantity)
	require.Equal(t, "64", c.VendorQuantity)
	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.True(t, p.Prorated)
	require.Len(t, p.Writes, 2, "the PATCH and the prorated addition for the rest of the period")

	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 2)
	for _, e := range res.Pushes {
		assert.Equal(t, "pushed", e.State, res.Message)
	}
	after := card(t, list(t, tu, workspace.CardQuery{All: true}), "Evergreen Charter School", premium)
	assert.Equal(t, "no_change", after.State, "the prorated addition bills the rest of this period, not the seats")
	assert.Equal(t, "64", after.PSAQuantity)
	assert.Equal(t, "approved", after.Decision)
	assert.NotContains(t, after.Flags, "changed_since_approved")

	tu.ws.ForgetParts()
	assert.Equal(t, after, card(t, list(t, tu, workspace.CardQuery{All: true}), "Evergreen Charter School", premium), "the same after a whole read")
}
