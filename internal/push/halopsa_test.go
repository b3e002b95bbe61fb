package push_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
	"github.com/trueup/trueup/internal/store"
)

// sentLines are the lines of the one header a POST to /RecurringInvoice carried.
func sentLines(t *testing.T, body string) []json.RawMessage {
	t.Helper()
	var headers []struct {
		ID    json.Number       `json:"id"`
		Lines []json.RawMessage `json:"lines"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &headers))
	require.Len(t, headers, 1)
	assert.Equal(t, "300", headers[0].ID.String())
	return headers[0].Lines
}

func TestHaloPushSendsEveryOtherLineAsHaloHoldsItNow(t *testing.T) {
	f := newHaloFixture(t)
	// Someone changed the other line in Halo since the last sync: the cache still says 4.
	require.NoError(t, f.sim.SetLineQuantity(5002, 9))
	other := f.rawLine(t, "5002")
	e := f.approve(t, haloQuantityWrite())[0]

	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))

	assert.Equal(t, 27.0, f.line(t, 5001).QtyOrder, "Halo's line changed")
	assert.Equal(t, 9.0, f.line(t, 5002).QtyOrder, "the other line is kept as Halo has it, never the stale cached 4")
	inv, _ := f.sim.Invoice(300)
	assert.Len(t, inv.Lines, 2)

	w := f.sim.Writes()
	require.Len(t, w, 1)
	lines := sentLines(t, w[0].Body)
	require.Len(t, lines, 2, "the full set of lines")
	assert.Equal(t, other, string(lines[1]), "the other line goes back byte for byte, fields TrueUp does not know included")
	var target map[string]any
	require.NoError(t, json.Unmarshal(lines[0], &target))
	assert.EqualValues(t, 27, target["qty_order"])
	assert.EqualValues(t, 2, target["recurring_invoice_quantity_type"], "the target line keeps its other fields")

	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	require.NotNil(t, got.Answer)
	assert.Equal(t, http.StatusCreated, got.Answer.Status)
	assert.Equal(t, "5001", got.Answer.RecordID)
	assert.Equal(t, "qty_order", got.Answer.Field)
	assert.JSONEq(t, `27`, string(got.Answer.Value))
	assert.False(t, got.Answer.Read)
	assert.Contains(t, string(got.Answer.Record), `"qty_order":27`, "the post-image is kept")
	assert.Empty(t, got.Answer.Note)

	l := f.cachedLine(t, "5001")
	assert.Equal(t, 27.0, l.Quantity, "the cache shows Halo's line after the push")
	assert.Equal(t, "300", l.AgreementID)
	assert.Equal(t, "11", l.AccountID)
}

func TestHaloPushReadsBeforeItWrites(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s *halosim.Server)
		state store.OutboxState
		msg   string
	}{
		{name: "the target line changed since the preview", setup: func(t *testing.T, s *halosim.Server) { require.NoError(t, s.SetLineQuantity(5001, 26)) },
			state: store.OutboxConflict, msg: "HaloPSA now has 26 on this line (line 5001 on recurring invoice 300), you approved 25 -> 27: sync and review again"},
		{name: "the target line is gone", setup: func(t *testing.T, s *halosim.Server) { require.NoError(t, s.DeleteLine(5001)) },
			state: store.OutboxConflict, msg: "HaloPSA no longer has line 5001 on recurring invoice 300"},
		{name: "the recurring invoice is gone", setup: func(t *testing.T, s *halosim.Server) { require.NoError(t, s.DeleteInvoice(300)) },
			state: store.OutboxConflict, msg: "HaloPSA no longer has recurring invoice 300"},
		{name: "Halo holds the target already", setup: func(t *testing.T, s *halosim.Server) { require.NoError(t, s.SetLineQuantity(5001, 27)) },
			state: store.OutboxPushed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newHaloFixture(t)
			tc.setup(t, f.sim)
			e := f.approve(t, haloQuantityWrite())[0]
			f.pass(t)
			got := f.entry(t, e.ID)
			assert.Equal(t, tc.state, got.State)
			assert.Contains(t, got.LastError, tc.msg)
			assert.Empty(t, f.sim.Writes(), "nothing was sent")
			if tc.state == store.OutboxPushed {
				require.NotNil(t, got.Answer)
				assert.True(t, got.Answer.Read, "settled by reading")
				assert.Equal(t, 27.0, f.cachedLine(t, "5001").Quantity)
			}
		})
	}
}

// An answer that never came (a dropped connection, a 5xx, a hang) leaves the entry
// "sending"; the next attempt reads Halo first and finds the change made: one write applied.
func TestHaloPushUnknownOutcomeIsSettledByReading(t *testing.T) {
	for _, mode := range []halosim.WriteFaultMode{halosim.ApplyThenDrop, halosim.ApplyThenFail, halosim.ApplyThenHang} {
		for _, kind := range []string{"quantity", "new_line"} {
			t.Run(kind, func(t *testing.T) {
				f := newHaloFixture(t)
				wr, recordID := haloQuantityWrite(), "5001"
				if kind == "new_line" {
					wr, recordID = haloNewLineWrite(), "5003"
				}
				f.sim.AddWriteFault(halosim.WriteFault{Fault: sim.Fault{PathContains: "/RecurringInvoice", Status: http.StatusBadGateway}, Mode: mode})
				e := f.approve(t, wr)[0]

				res := f.pass(t)
				assert.Equal(t, 1, res.Waiting)
				mid := f.entry(t, e.ID)
				assert.Equal(t, store.OutboxSending, mid.State, "the outcome is unknown: settle it by reading")
				assert.Contains(t, mid.LastError, "TrueUp reads")
				assert.Equal(t, 1, f.sim.AppliedWrites())

				assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))
				got := f.entry(t, e.ID)
				assert.Equal(t, store.OutboxPushed, got.State)
				require.NotNil(t, got.Answer)
				assert.True(t, got.Answer.Read, "found by reading, not sent again")
				assert.Equal(t, recordID, got.Answer.RecordID)
				assert.Len(t, f.sim.Writes(), 1, "Halo received one write")
				assert.Equal(t, 1, f.sim.AppliedWrites())
				if kind == "new_line" {
					assert.Len(t, f.sim.LinesDescribed(300, reconcile.MarkerTag(haloNewLineKey)), 1, "one line, never two")
				}
			})
		}
	}
}

// A 5xx before Halo applied anything is an unknown outcome too: the next attempt reads the
// pre-image and sends again (qty_order is absolute, so even a repeat would be harmless).
func TestHaloPushAFailureBeforeApplyingIsSentAgainAfterReading(t *testing.T) {
	f := newHaloFixture(t)
	f.sim.AddWriteFault(halosim.WriteFault{Fault: sim.Fault{PathContains: "/RecurringInvoice"}, Mode: halosim.FailBeforeApply})
	e := f.approve(t, haloQuantityWrite())[0]
	f.pass(t)
	assert.Equal(t, store.OutboxSending, f.entry(t, e.ID).State)
	assert.Zero(t, f.sim.AppliedWrites())

	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))
	assert.Equal(t, 27.0, f.line(t, 5001).QtyOrder)
	assert.Len(t, f.sim.Writes(), 2)
	assert.Equal(t, 1, f.sim.AppliedWrites())
	assert.False(t, f.entry(t, e.ID).Answer.Read)
}

func TestHaloPushNewLineIsCreatedMarkedAndCached(t *testing.T) {
	f := newHaloFixture(t)
	e := f.approve(t, haloNewLineWrite())[0]
	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))

	marked := f.sim.LinesDescribed(300, reconcile.MarkerTag(haloNewLineKey))
	require.Len(t, marked, 1)
	assert.Equal(t, 5003, marked[0].ID)
	assert.Equal(t, 3.0, marked[0].QtyOrder)
	assert.Equal(t, 36.0, marked[0].UnitPrice)
	assert.Equal(t, 33.0, marked[0].UnitCost)
	assert.Equal(t, 23, marked[0].ItemID)
	inv, _ := f.sim.Invoice(300)
	assert.Len(t, inv.Lines, 3, "the other lines stay")
	lines := sentLines(t, f.sim.Writes()[0].Body)
	require.Len(t, lines, 3)
	assert.JSONEq(t, string(haloNewLineWrite().Body), string(lines[2]), "the approved line, appended as it is")

	got := f.entry(t, e.ID)
	require.NotNil(t, got.Answer)
	assert.Equal(t, "5003", got.Answer.RecordID)
	assert.JSONEq(t, `3`, string(got.Answer.Value))
	l := f.cachedLine(t, "5003")
	assert.Equal(t, 3.0, l.Quantity)
	assert.Equal(t, "23", l.ProductID)
	assert.Equal(t, "300", l.AgreementID)
	assert.Equal(t, "11", l.AccountID)

	// Approving it again finds the marked line: nothing is sent.
	f.approve(t, func() reconcile.Write { w := haloNewLineWrite(); w.Key += "/again"; return w }())
	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))
	assert.Len(t, f.sim.Writes(), 1)
}

func TestHaloPushRefusalShowsHalosTextAndIsNotRetried(t *testing.T) {
	f := newHaloFixture(t)
	wr := haloNewLineWrite()
	wr.Body = json.RawMessage(strings.Replace(string(wr.Body), `"_itemid":23`, `"_itemid":99`, 1))
	e := f.approve(t, wr)[0]
	assert.Equal(t, push.Result{Failed: 1}, f.pass(t))
	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxFailed, got.State)
	assert.Contains(t, got.LastError, "HaloPSA refused the recurring invoice update")
	assert.Contains(t, got.LastError, "Please select a valid Item for each line.")
	assert.Equal(t, push.Result{}, f.pass(t), "a failed entry is not sent again")
	assert.Len(t, f.sim.Writes(), 1)
}

func TestHaloRevertOfANewLineRemovesOnlyThatLine(t *testing.T) {
	f := newHaloFixture(t)
	rv := f.createdLine(t)
	require.NoError(t, f.sim.SetLineQuantity(5002, 9)) // changed in Halo since: kept as it is
	e := f.approve(t, rv)[0]
	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))

	_, still := f.sim.Line(300, 5003)
	assert.False(t, still, "the line TrueUp added is gone from Halo")
	assert.Equal(t, 25.0, f.line(t, 5001).QtyOrder)
	assert.Equal(t, 9.0, f.line(t, 5002).QtyOrder)
	lines := sentLines(t, f.sim.Writes()[1].Body)
	assert.Len(t, lines, 2)
	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	assert.Equal(t, "5003", got.Answer.RecordID)
	assert.True(t, f.cachedLineGone(t, "5003"), "and from the cache")

	// Sent again (say, the answer was lost): the line is gone already, nothing is sent.
	f.approve(t, func() reconcile.Write { w := rv; w.Key += "/again"; return w }())
	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))
	assert.Len(t, f.sim.Writes(), 2)
}

func TestHaloRevertLeavesALineWithoutTheMarkerAlone(t *testing.T) {
	f := newHaloFixture(t)
	rv, err := reconcile.RevertWrite(haloNewLineWrite(), "5002", reconcile.Date{}) // 5002 was never TrueUp's
	require.NoError(t, err)
	e := f.approve(t, rv)[0]
	assert.Equal(t, push.Result{Conflicts: 1}, f.pass(t))
	assert.Contains(t, f.entry(t, e.ID).LastError, "no longer carries TrueUp's marker")
	assert.Empty(t, f.sim.Writes())
}

func TestHaloRevertOfAQuantity(t *testing.T) {
	f := newHaloFixture(t)
	f.approve(t, haloQuantityWrite())
	f.pass(t)
	rv, err := reconcile.RevertWrite(haloQuantityWrite(), "", reconcile.Date{})
	require.NoError(t, err)
	e := f.approve(t, rv)[0]
	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))
	assert.Equal(t, 25.0, f.line(t, 5001).QtyOrder)
	assert.Equal(t, store.OutboxPushed, f.entry(t, e.ID).State)
	assert.Equal(t, 25.0, f.cachedLine(t, "5001").Quantity)
}

func TestHaloCostPush(t *testing.T) {
	f := newHaloFixture(t)
	plan, err := reconcile.PlanCost(reconcile.CostRow{PSAIntegration: "halo", ProductID: "23", ProductName: "Microsoft 365 E3",
		CatalogCost: reconcile.MoneyOf(33), VendorCost: reconcile.MoneyOf(31.5)}, "halopsa")
	require.NoError(t, err)
	e := f.approve(t, plan.Writes...)[0]
	assert.Equal(t, push.Result{Pushed: 1}, f.pass(t))
	it, _ := f.sim.CatalogItem(23)
	assert.Equal(t, 31.5, it.RecurringCost, "the cost TrueUp reads and the recurring invoice lines are costed at")
	assert.Equal(t, 33.0, it.CostPrice, "left alone")
	got := f.entry(t, e.ID)
	require.NotNil(t, got.Answer)
	assert.Equal(t, "23", got.Answer.RecordID)
	assert.JSONEq(t, `31.5`, string(got.Answer.Value))
	rec, err := f.store.CachedRecord(context.Background(), f.in.ID, "products", "23")
	require.NoError(t, err)
	assert.Contains(t, string(rec.Fields), `"cost":`)
}
