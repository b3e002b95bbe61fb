package workspace_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

func weeklyNotices(t *testing.T, ws *workspace.Workspace) []workspace.Notice {
	t.Helper()
	page, err := ws.Inbox().List(context.Background(), false, 0, 0)
	require.NoError(t, err)
	var out []workspace.Notice
	for _, n := range page.Notices {
		if n.Kind == workspace.NoticeWeekly {
			out = append(out, n)
		}
	}
	return out
}

func TestWeeklySummaryOncePerWeekAndCaughtUpAtLaunch(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t) // Monday 16 Nov 2026, synced and mapped
	tu.ws.CheckNotices(ctx)
	tu.ws.CheckNotices(ctx)
	first := weeklyNotices(t, tu.ws)
	require.Len(t, first, 1, "one summary for the week, however often the owner looks")
	assert.Equal(t, "Weekly summary, week of 16 Nov 2026", first[0].Title)
	assert.Contains(t, first[0].Body, "Pushes made last week (9 Nov to 15 Nov): 0.")
	assert.Contains(t, first[0].Body, "New Revenue found: ")
	assert.NotContains(t, first[0].Body, "Not synced", "both integrations synced today")

	// A push this week is counted in next week's summary.
	card := tu.reconcileCard(t)
	entries, err := tu.ws.QueuePlan(ctx, card.ID)
	require.NoError(t, err)
	_, err = tu.ws.Pushes().Send(ctx, []int64{entries[0].ID})
	require.NoError(t, err)
	tu.clock.Set(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)) // Friday: same ISO week
	tu.ws.CheckNotices(ctx)
	assert.Len(t, weeklyNotices(t, tu.ws), 1)
	dir := tu.ws.Info().DataDir
	tu.ws.Close()

	// TrueUp did not run on Monday 23 Nov: the summary is posted when it opens on Thursday,
	// by the owner's first check (a short interval here), and the data is then 10 days old.
	tu.clock.Set(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: tu.keys, Registry: connectors.Registry(),
		Now: tu.clock.Now, Location: time.UTC, NoticeCheckEvery: 20 * time.Millisecond})
	require.NoError(t, err)
	defer ws.Close()
	require.Eventually(t, func() bool { return len(weeklyNotices(t, ws)) == 2 }, 20*time.Second, 20*time.Millisecond)
	ws.CheckNotices(ctx)
	got := weeklyNotices(t, ws)
	require.Len(t, got, 2, "not posted twice after the restart")
	assert.Equal(t, "Weekly summary, week of 23 Nov 2026", got[0].Title)
	assert.Contains(t, got[0].Body, "Pushes made last week (16 Nov to 22 Nov): 1.")
	assert.Contains(t, got[0].Body, "New Revenue found: ")
	assert.True(t, strings.Contains(got[0].Body, "Not synced for over a week: ConnectWise Manage (last synced Mon 16 Nov), Pax8 (last synced Mon 16 Nov)."), got[0].Body)
}

func TestWeeklySummaryWaitsForAnIntegration(t *testing.T) {
	ctx := context.Background()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	defer ws.Close()
	ws.CheckNotices(ctx)
	assert.Empty(t, weeklyNotices(t, ws), "a fresh folder has nothing to summarise")
}

func TestInboxListValidatesAndMarksRead(t *testing.T) {
	ctx := context.Background()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	require.NoError(t, err)
	defer ws.Close()
	for _, c := range []struct{ offset, limit int }{{-1, 10}, {0, -1}, {0, 201}} {
		_, err := ws.Inbox().List(ctx, false, c.offset, c.limit)
		var in *workspace.InputError
		assert.ErrorAs(t, err, &in, "%+v", c)
	}
	err = ws.Inbox().MarkRead(ctx, 12)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "there is no notice 12")
	assert.Error(t, ws.Inbox().MarkRead(ctx, 0))
	n, err := ws.Inbox().MarkAllRead(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	page, err := ws.Inbox().List(ctx, true, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, []workspace.Notice{}, page.Notices, "an empty inbox lists [] (the window and --json read a list)")
}
