package workspace_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// pushCard approves a Reconcile card and sends it; it returns the card's push.
func (tu *trueup) pushCard(t *testing.T) (cardID string, push workspace.PushEntry) {
	t.Helper()
	ctx := context.Background()
	card := tu.reconcileCard(t)
	entries, err := tu.ws.QueuePlan(ctx, card.ID)
	require.NoError(t, err)
	got, err := tu.ws.Pushes().Send(ctx, []int64{entries[0].ID})
	require.NoError(t, err)
	require.Equal(t, "pushed", got[0].State)
	return card.ID, got[0]
}

func TestLedgerHasOneEntryPerDecisionAndPerPush(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	card := tu.reconcileCard(t)
	cardID, p := tu.pushCard(t)
	require.Equal(t, card.ID, cardID)
	_, _, err := tu.ws.Store().Approve(ctx, store.Decision{CardID: "other", Cycle: "2026-11", Action: store.ActionDismiss,
		AccountName: "=HYPERLINK(\"http://x\")", Note: "seats, \"quoted\"\nnext line", OSUser: "dana", Vendors: []string{"Pax8"}}, nil)
	require.NoError(t, err)

	all, err := tu.ws.Pushes().Ledger(ctx, workspace.LedgerQuery{})
	require.NoError(t, err)
	require.Len(t, all, 3)
	dismiss, push, approve := all[0], all[1], all[2]
	assert.Equal(t, []string{"decision", "push", "decision"}, []string{dismiss.Kind, push.Kind, approve.Kind}, "newest first")
	assert.Equal(t, "recorded", dismiss.State)
	assert.Equal(t, "dismiss", dismiss.Action)

	assert.Equal(t, p.ID, push.ID, "a push entry's id is its outbox id")
	assert.Equal(t, "push", push.Action)
	assert.Equal(t, "pushed", push.State)
	assert.Equal(t, card.ID, push.CardID)
	assert.Equal(t, card.AccountName, push.AccountName)
	assert.Equal(t, card.Target.Quantity.String(), push.Before)
	assert.Equal(t, (card.Target.Quantity + card.Difference).String(), push.After)
	assert.Equal(t, "HTTP 200, record "+card.Target.LineID+", quantity "+push.After, push.PSAResponse)
	assert.True(t, push.Revertible)
	assert.Equal(t, card.Target.LineID, push.LineID)

	assert.Equal(t, "approve", approve.Action)
	assert.Equal(t, "pushed", approve.State, "the decision reads as its push")
	assert.Equal(t, "dana", approve.User)
	assert.NotEmpty(t, approve.EffectiveDate)

	for _, c := range []struct {
		name string
		q    workspace.LedgerQuery
		want int
	}{
		{"state recorded", workspace.LedgerQuery{State: "recorded"}, 1},
		{"state pushed", workspace.LedgerQuery{State: "pushed"}, 2},
		{"account", workspace.LedgerQuery{Account: strings.ToUpper(card.AccountName)}, 2},
		{"vendor", workspace.LedgerQuery{Vendor: "pax8"}, 3},
		{"cycle", workspace.LedgerQuery{Cycle: "2026-10"}, 0},
		{"since after", workspace.LedgerQuery{Since: "2026-11-17"}, 0},
		{"since the day", workspace.LedgerQuery{Since: "2026-11-16"}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := tu.ws.Pushes().Ledger(ctx, c.q)
			require.NoError(t, err)
			assert.Len(t, got, c.want)
		})
	}
	for _, q := range []workspace.LedgerQuery{{Since: "16/11/2026"}, {Cycle: "2026-13"}, {State: "done"}} {
		_, err := tu.ws.Pushes().Ledger(ctx, q)
		assert.True(t, workspace.IsInputError(err), "%+v: %v", q, err)
	}

	out, err := tu.ws.Pushes().LedgerCSV(ctx, workspace.LedgerQuery{})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "id,kind,at,action,card_id,account_name,product_name,agreement_name,before,after,effective_date,state,psa_response,note,user,automatic\r\n"))
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err, "RFC 4180")
	require.Len(t, rows, 4)
	assert.Equal(t, `'=HYPERLINK("http://x")`, rows[1][5], "a formula is defused")
	assert.Equal(t, "seats, \"quoted\"\nnext line", rows[1][13], "commas, quotes and line breaks survive")
	assert.Equal(t, strconv.FormatInt(p.ID, 10), rows[2][0])
	assert.Equal(t, "push", rows[2][1])
}

func TestRevertUndoesAQuantityPush(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	card := tu.reconcileCard(t)
	before := tu.lineQuantity(t, card.Target)
	_, p := tu.pushCard(t)

	prev, err := tu.ws.Pushes().RevertPreview(ctx, p.ID)
	require.NoError(t, err)
	assert.False(t, prev.Changed)
	assert.Equal(t, (card.Target.Quantity + card.Difference).String(), prev.Current)
	require.Len(t, prev.Writes, 1)
	assert.Equal(t, "PATCH", prev.Writes[0].Method)
	assert.JSONEq(t, `[{"op":"replace","path":"quantity","value":`+card.Target.Quantity.String()+`}]`, prev.Writes[0].Body)
	assert.Contains(t, prev.Writes[0].Preview, "(revert)")

	res, err := tu.ws.Pushes().Revert(ctx, p.ID, false)
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "pushed", res.Pushes[0].State)
	assert.True(t, res.Pushes[0].Revert, "the revert's entry says it is one")
	var reverted *workspace.CardDTO
	for _, c := range list(t, tu, workspace.CardQuery{All: true}).Cards {
		if c.ID == card.ID {
			reverted = &c
		}
	}
	require.NotNil(t, reverted)
	assert.Equal(t, "reverted", reverted.Push, "the card's change is undone, not pushed")
	assert.Equal(t, before, tu.lineQuantity(t, card.Target), "ConnectWise holds the quantity from before the push")
	e, err := tu.ws.Store().OutboxEntry(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, store.OutboxReverted, e.State)

	ledger, err := tu.ws.Pushes().Ledger(ctx, workspace.LedgerQuery{})
	require.NoError(t, err)
	assert.Equal(t, "revert", ledger[1].Action, "the revert is a ledger entry")
	assert.Equal(t, p.ID, ledger[1].RevertOf)
	assert.Equal(t, "push", ledger[0].Action)
	assert.False(t, ledger[0].Revertible, "a revert is not reverted in turn")

	_, err = tu.ws.Pushes().Revert(ctx, p.ID, true)
	assert.ErrorContains(t, err, "already reverted")
	_, err = tu.ws.Pushes().RevertPreview(ctx, 999)
	assert.True(t, workspace.IsInputError(err))
}

func TestRevertIsRefusedWhenThePSAChangedUnlessConfirmed(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	card := tu.reconcileCard(t)
	_, p := tu.pushCard(t)
	ag, _ := strconv.Atoi(card.Target.AgreementID)
	line, _ := strconv.Atoi(card.Target.LineID)
	require.NoError(t, tu.sims.CW.SetAdditionQuantity(ag, line, 99))

	prev, err := tu.ws.Pushes().RevertPreview(ctx, p.ID)
	require.NoError(t, err)
	assert.True(t, prev.Changed)
	assert.Equal(t, "99", prev.Current)
	assert.Contains(t, prev.Message, "ConnectWise now holds quantity 99")
	_, err = tu.ws.Pushes().Revert(ctx, p.ID, false)
	require.True(t, workspace.IsInputError(err))
	assert.ErrorContains(t, err, "confirm to revert anyway")
	assert.Equal(t, 99.0, tu.lineQuantity(t, card.Target), "nothing was written")

	res, err := tu.ws.Pushes().Revert(ctx, p.ID, true)
	require.NoError(t, err)
	assert.Equal(t, "pushed", res.Pushes[0].State)
	assert.Equal(t, card.Target.Quantity.Float64(), tu.lineQuantity(t, card.Target))
}

func TestRevertWaitsUntilThePSACanBeRead(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	_, p := tu.pushCard(t)
	tu.sims.CW.AddFault(sim.Fault{PathContains: "/finance/agreements/", Status: http.StatusServiceUnavailable, Times: 1000})
	prev, err := tu.ws.Pushes().RevertPreview(ctx, p.ID)
	require.NoError(t, err)
	assert.Contains(t, prev.Message, "cannot check what ConnectWise holds now")
	_, err = tu.ws.Pushes().Revert(ctx, p.ID, true)
	assert.ErrorContains(t, err, "revert when it answers")
	e, err := tu.ws.Store().OutboxEntry(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, store.OutboxPushed, e.State)
}

// A New Revenue push created a line; its revert removes it (DELETE), after showing so.
func TestRevertRemovesALineTheNewRevenuePushAdded(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	snap, err := tu.ws.Snapshot(ctx)
	require.NoError(t, err)
	var card reconcile.Card
	for _, c := range snap.Result.Cards {
		if c.State == reconcile.StateNewRevenue && c.Decision == reconcile.DecisionOpen {
			card = c
			break
		}
	}
	require.NotEmpty(t, card.ID, "the demo has New Revenue")
	entries, err := tu.ws.QueuePlan(ctx, card.ID)
	require.NoError(t, err)
	got, err := tu.ws.Pushes().Send(ctx, []int64{entries[0].ID})
	require.NoError(t, err)
	require.Equal(t, "pushed", got[0].State, got[0].LastError)
	e, err := tu.ws.Store().OutboxEntry(ctx, entries[0].ID)
	require.NoError(t, err)
	var wr reconcile.Write
	require.NoError(t, json.Unmarshal(e.Write, &wr))
	ag, _ := strconv.Atoi(wr.AgreementID)
	line, _ := strconv.Atoi(e.Answer.RecordID)
	_, ok := tu.sims.CW.Addition(ag, line)
	require.True(t, ok, "the line was created")

	ledger, err := tu.ws.Pushes().Ledger(ctx, workspace.LedgerQuery{State: "pushed"})
	require.NoError(t, err)
	assert.True(t, ledger[0].Revertible)
	prev, err := tu.ws.Pushes().RevertPreview(ctx, e.ID)
	require.NoError(t, err)
	require.Len(t, prev.Writes, 1)
	assert.Equal(t, "DELETE", prev.Writes[0].Method)
	assert.Equal(t, fmt.Sprintf("/finance/agreements/%d/additions/%d", ag, line), prev.Writes[0].Path)
	assert.False(t, prev.Changed, prev.Message)

	res, err := tu.ws.Pushes().Revert(ctx, e.ID, false)
	require.NoError(t, err)
	assert.Equal(t, "pushed", res.Pushes[0].State, res.Pushes[0].LastError)
	_, ok = tu.sims.CW.Addition(ag, line)
	assert.False(t, ok, "the line is gone from ConnectWise")
	e, err = tu.ws.Store().OutboxEntry(ctx, e.ID)
	require.NoError(t, err)
	assert.Equal(t, store.OutboxReverted, e.State)
}
