package workspace_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// movingClock is a clock a test moves forward (the engine reads it from its goroutines).
type movingClock struct{ ns atomic.Int64 }

func newMovingClock(t time.Time) *movingClock {
	c := &movingClock{}
	c.ns.Store(t.UnixNano())
	return c
}
func (c *movingClock) Now() time.Time               { return time.Unix(0, c.ns.Load()).UTC() }
func (c *movingClock) Set(t time.Time)              { c.ns.Store(t.UnixNano()) }
func (c *movingClock) options(o *workspace.Options) { o.Now, o.Location = c.Now, time.UTC }

// increaseCard is a Reconcile card of the demo with more vendor seats than PSA seats.
func increaseCard(t *testing.T, ws *workspace.Workspace) reconcile.Card {
	t.Helper()
	snap, err := ws.Snapshot(context.Background())
	require.NoError(t, err)
	for _, c := range snap.Result.Cards {
		if c.State == reconcile.StateReconcile && c.Difference > 0 && c.Target != nil && c.MonthlyImpact > 0 {
			return c
		}
	}
	require.Fail(t, "the demo has no increase")
	return reconcile.Card{}
}

func TestGuidedMonthSteps(t *testing.T) {
	ctx := context.Background()
	start := time.Now().UTC()
	clock := newMovingClock(start)
	d := openMapDemo(t, clock.options)
	month := d.ws.Month()
	cycle := start.Format("2006-01")

	p, err := month.Progress(ctx)
	require.NoError(t, err)
	assert.Equal(t, cycle, p.Cycle)
	assert.Empty(t, p.Step, "not started")
	assert.Empty(t, p.StartedAt)
	unmapped, err := d.ws.Mappings().List(ctx, 0, true)
	require.NoError(t, err)
	assert.Equal(t, unmapped.Unmapped, p.Unmapped)
	require.Len(t, p.Freshness, 2)
	assert.Equal(t, []string{d.cw.Name, d.pax.Name}, []string{p.Freshness[0].Integration, p.Freshness[1].Integration}, "the PSA first")
	for _, f := range p.Freshness {
		assert.False(t, f.Stale, "%s was synced this cycle", f.Integration)
		assert.NotEmpty(t, f.LastFetchedAt)
		assert.False(t, f.Running)
	}
	assert.Zero(t, p.OpenCards, "nothing is mapped: no cards")

	_, err = d.ws.MapDemo(ctx, d.cw.ID, d.pax.ID)
	require.NoError(t, err)
	snap, err := d.ws.Snapshot(ctx)
	require.NoError(t, err)
	cards := len(snap.Result.Cards)
	require.Positive(t, cards)

	p, err = month.Start(ctx)
	require.NoError(t, err)
	assert.Equal(t, "mapping", p.Step)
	assert.NotEmpty(t, p.StartedAt)
	assert.Equal(t, cards, p.OpenCards)
	assert.Less(t, p.Unmapped[0].Accounts, unmapped.Unmapped[0].Accounts)

	p, err = month.SetStep(ctx, "review")
	require.NoError(t, err)
	assert.Equal(t, "review", p.Step)
	p, err = month.Start(ctx)
	require.NoError(t, err)
	assert.Equal(t, "review", p.Step, "Start resumes where the user left off")

	_, err = month.SetStep(ctx, "invoice")
	var ie *workspace.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "step", ie.Field)

	inc := increaseCard(t, d.ws)
	res, err := d.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: inc.ID, ConfirmLarge: true})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	require.Equal(t, "pushed", res.Pushes[0].State, res.Message)
	p, err = month.Progress(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, p.Pushed)
	assert.Equal(t, cards-1, p.OpenCards, "the approved card is decided")
	assert.Empty(t, p.Summary, "no summary before the month is done")

	p, err = month.SetStep(ctx, "done")
	require.NoError(t, err)
	assert.NotEmpty(t, p.DoneAt)
	now := clock.Now()
	assert.Equal(t, fmt.Sprintf("%s %d true-up done: 1 write pushed to the PSA for 1 approved change; monthly revenue +%s added and 0.00 removed. %d cards still open.",
		now.Month(), now.Year(), inc.MonthlyImpact, cards-1), p.Summary)

	p, err = month.SetStep(ctx, "sanity")
	require.NoError(t, err)
	assert.Empty(t, p.DoneAt, "going back reopens the month")
	assert.Empty(t, p.Summary)

	// A new month starts afresh, and last month's data is stale.
	next := time.Date(now.Year(), now.Month()+1, 2, 12, 0, 0, 0, time.UTC)
	clock.Set(next)
	p, err = month.Progress(ctx)
	require.NoError(t, err)
	assert.Equal(t, next.Format("2006-01"), p.Cycle)
	assert.Empty(t, p.Step)
	assert.Zero(t, p.Pushed)
	for _, f := range p.Freshness {
		assert.True(t, f.Stale, "%s was last synced last month", f.Integration)
	}
}

// A new install has nothing to show yet, but the home screen asks for the month at once.
func TestGuidedMonthOnAnEmptyWorkspace(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, secrets.NewMemory())
	p, err := ws.Month().Progress(ctx)
	require.NoError(t, err)
	assert.Equal(t, workspace.MonthProgress{Cycle: time.Now().Format("2006-01"), Unmapped: []workspace.UnmappedCount{},
		Freshness: []workspace.Freshness{}}, p)
	p, err = ws.Month().Start(ctx)
	require.NoError(t, err)
	assert.Equal(t, "mapping", p.Step)
	s, err := ws.Cards().SanityCheck(ctx)
	require.NoError(t, err)
	assert.Equal(t, "0.00", s.RevenueAdded)
	assert.Empty(t, s.ByVendor)
	l, err := ws.Mappings().List(ctx, 0, false)
	require.NoError(t, err)
	assert.Equal(t, workspace.MappingList{Rows: []workspace.MappingRow{}, Unmapped: []workspace.UnmappedCount{}}, l)
}
