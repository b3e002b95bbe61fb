package workspace_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fakeclock "github.com/trueup/trueup/internal/clock"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// observed collects the scheduled runs the observers were told about.
type observed struct {
	mu   sync.Mutex
	runs []workspace.ScheduledRun
	c    chan workspace.ScheduledRun
}

func newObserved() *observed { return &observed{c: make(chan workspace.ScheduledRun, 16)} }

func (o *observed) observe(_ context.Context, r *workspace.ScheduledRun) error {
	o.mu.Lock()
	o.runs = append(o.runs, *r)
	o.mu.Unlock()
	o.c <- *r
	return nil
}

func (o *observed) next(t *testing.T) workspace.ScheduledRun {
	t.Helper()
	select {
	case r := <-o.c:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("no scheduled run was observed")
		return workspace.ScheduledRun{}
	}
}

func (o *observed) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.runs)
}

// openScheduled opens dir on the fake clock, as the app (schedules true) or a CLI command.
func openScheduled(t *testing.T, dir string, keys secrets.Store, fake *fakeclock.Fake, schedules bool,
	observers ...workspace.ScheduledRunObserver) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: dir, Secrets: keys,
		Registry: connectors.Registry(), Clock: fake, Location: time.UTC, RunSchedules: schedules,
		ScheduledRunObservers: observers, LockRetryEvery: 20 * time.Millisecond, PollEvery: 10 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	return ws
}

// waitSleeping waits until the scheduler loop has gone to sleep on the fake clock.
func waitSleeping(t *testing.T, sleeping <-chan struct{}) {
	t.Helper()
	select {
	case <-sleeping:
	case <-time.After(30 * time.Second):
		t.Fatal("the scheduler never went to sleep")
	}
}

func allRuns(t *testing.T, ws *workspace.Workspace) []store.Run {
	t.Helper()
	runs, err := ws.Store().RecentRuns(context.Background(), 100)
	require.NoError(t, err)
	return runs
}

func TestSchedulesSetShowAndOverride(t *testing.T) {
	ctx := context.Background()
	fake := fakeclock.NewFake(utc("2026-12-08T10:00:00Z")) // a Tuesday
	ws := openScheduled(t, t.TempDir(), secrets.NewMemory(), fake, false)
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)

	list, err := ws.Schedules().Show(ctx, 2)
	require.NoError(t, err)
	require.Len(t, list.Rows, 1)
	row := list.Rows[0]
	assert.Equal(t, workspace.SourceDefault, row.Source, "no schedule set: the default")
	assert.Equal(t, "weekly tue", row.Cadence, "weekly on the weekday the integration was set up")
	assert.Equal(t, []string{"2026-12-15T07:00:00Z", "2026-12-22T07:00:00Z"}, row.NextRuns)
	assert.Equal(t, "Tue 15 Dec 07:00 UTC", row.NextRunLabels[0])
	assert.Equal(t, "vendors", row.Stream)
	assert.Contains(t, row.Recommendation, "5th or 6th")
	assert.Empty(t, row.Missed)
	assert.Empty(t, row.LastRunAt)

	list, err = ws.Schedules().Set(ctx, workspace.ScheduleInput{Stream: "vendors", Cadence: "monthly", Day: 31})
	require.NoError(t, err)
	require.Len(t, list.Rows, 2, "the stream's row, then the integration's")
	assert.Equal(t, "vendors", list.Rows[0].Stream)
	assert.Zero(t, list.Rows[0].IntegrationID)
	assert.Equal(t, workspace.SourceStream, list.Rows[1].Source)
	assert.Equal(t, "monthly 31", list.Rows[1].Cadence)
	assert.Equal(t, []string{"2026-12-31T07:00:00Z"}, list.Rows[1].NextRuns)

	snap, err := ws.Sync().Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, "2026-12-31T07:00:00Z", snap.Integrations[0].NextRunAt, "Sync Status shows the next run")
	assert.Equal(t, "Thu 31 Dec 07:00 UTC", snap.Integrations[0].NextRunLabel)

	list, err = ws.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "nightly", Mode: "full"})
	require.NoError(t, err)
	assert.Equal(t, workspace.SourceIntegration, list.Rows[1].Source, "the integration's own schedule overrides its stream's")
	assert.Equal(t, "nightly", list.Rows[1].Cadence)
	assert.Equal(t, "full", list.Rows[1].Mode)
	assert.Equal(t, []string{"2026-12-09T07:00:00Z"}, list.Rows[1].NextRuns)

	list, err = ws.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "off"})
	require.NoError(t, err)
	assert.Empty(t, list.Rows[1].NextRuns, "off never runs, and does not fall back to the stream")
	snap, err = ws.Sync().Status(ctx)
	require.NoError(t, err)
	assert.Empty(t, snap.Integrations[0].NextRunAt)

	for name, bad := range map[string]workspace.ScheduleInput{
		"day 32":          {IntegrationID: in.ID, Cadence: "monthly", Day: 32},
		"hourly":          {IntegrationID: in.ID, Cadence: "hourly"},
		"mode since":      {IntegrationID: in.ID, Cadence: "nightly", Mode: "since"},
		"weekday":         {IntegrationID: in.ID, Cadence: "weekly", Weekday: "someday"},
		"stream weekday":  {Stream: "psa", Cadence: "weekly"},
		"stream unknown":  {Stream: "billing", Cadence: "nightly"},
		"nothing chosen":  {Cadence: "nightly"},
		"both chosen":     {IntegrationID: in.ID, Stream: "psa", Cadence: "nightly"},
		"no such integer": {IntegrationID: 999, Cadence: "nightly"},
	} {
		_, err := ws.Schedules().Set(ctx, bad)
		assert.True(t, workspace.IsInputError(err), "%s: %v", name, err)
	}

	require.NoError(t, ws.Integrations().Delete(ctx, in.ID))
	stored, err := ws.Store().Schedules(ctx)
	require.NoError(t, err)
	require.Len(t, stored, 1, "deleting the integration removed its schedule, the stream's stays")
	assert.Equal(t, "vendors", stored[0].Stream)
}

func TestCatchUpRunsTheMissedSyncOnceNeverTwice(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	dir := t.TempDir()
	fake := fakeclock.NewFake(utc("2026-12-07T12:00:00Z")) // Monday
	setup := openScheduled(t, dir, keys, fake, false)
	_, url := pax8Sim(t)
	in := addPax8(t, setup, url)
	_, err := setup.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "weekly", Weekday: "tue"})
	require.NoError(t, err)
	setup.Close()

	// TrueUp was not running on Tuesday, nor the two Tuesdays after.
	fake.Set(utc("2026-12-24T09:30:00Z"))
	before := openScheduled(t, dir, keys, fake, false)
	list, err := before.Schedules().Show(ctx, 1)
	require.NoError(t, err)
	before.Close()
	assert.Equal(t, []string{"2026-12-08T07:00:00Z", "2026-12-15T07:00:00Z", "2026-12-22T07:00:00Z"}, list.Rows[0].Missed)

	var order []string
	failing := func(context.Context, *workspace.ScheduledRun) error {
		order = append(order, "first")
		return errors.New("first observer could not finish: see why")
	}
	obs := newObserved()
	second := func(ctx context.Context, r *workspace.ScheduledRun) error {
		order = append(order, "second")
		return obs.observe(ctx, r)
	}
	sleeping := fake.Sleeping()
	app := openScheduledAfterClose(t, dir, keys, fake, failing, second)
	r := obs.next(t)
	waitSleeping(t, sleeping)
	assert.Equal(t, []string{"first", "second"}, order, "observers in order; an error does not stop the next")
	assert.True(t, r.CatchUp)
	assert.Equal(t, utc("2026-12-22T07:00:00Z"), r.DueAt, "only the latest missed due time runs")
	assert.Equal(t, store.StatusSucceeded, r.Outcome, r.Message)
	assert.Equal(t, in.ID, r.IntegrationID)
	assert.True(t, r.Vendor)
	assert.Positive(t, r.Changed)
	require.Len(t, allRuns(t, app), 1, "one run for three missed due times")

	run, err := app.Sync().Run(ctx, r.RunID)
	require.NoError(t, err)
	assert.Equal(t, "missed Tuesday 07:00 UTC: ran at launch", run.Note, "the run says why it ran")
	log, err := app.Sync().Log(ctx, r.RunID)
	require.NoError(t, err)
	assert.True(t, logHas(log, "missed Tuesday 07:00 UTC: ran at launch"))
	assert.True(t, logHas(log, "first observer could not finish"), "an observer's error goes to the run's log")
	snap, err := app.Sync().Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, "missed Tuesday 07:00 UTC: ran at launch", snap.Integrations[0].LatestRun.Note)
	assert.Equal(t, "2026-12-29T07:00:00Z", snap.Integrations[0].NextRunAt)

	// Restarted: the due time was handled, nothing runs again.
	app.Close()
	sleeping = fake.Sleeping()
	again := openScheduledAfterClose(t, dir, keys, fake, obs.observe)
	waitSleeping(t, sleeping)
	assert.Len(t, allRuns(t, again), 1, "a restart never runs a handled due time again")
	assert.Equal(t, 1, obs.count())

	// The clock moved back to before the due time it ran, then forward past it again.
	fake.Set(utc("2026-12-21T12:00:00Z"))
	got, err := again.Schedules().RunDue(ctx, workspace.RanByCommand)
	require.NoError(t, err)
	assert.Empty(t, got)
	fake.Set(utc("2026-12-22T07:00:30Z"))
	got, err = again.Schedules().RunDue(ctx, workspace.RanByCommand)
	require.NoError(t, err)
	assert.Empty(t, got, "a clock moved back never re-runs a due time already run")
	list, err = again.Schedules().Show(ctx, 1)
	require.NoError(t, err)
	assert.Empty(t, list.Rows[0].Missed)
	assert.Equal(t, "2026-12-22T07:00:00Z", list.Rows[0].LastDueAt)
	assert.Equal(t, "2026-12-24T09:30:00Z", list.Rows[0].LastRunAt)
	assert.Equal(t, []string{"2026-12-29T07:00:00Z"}, list.Rows[0].NextRuns)
	assert.Len(t, allRuns(t, again), 1)
}

// openScheduledAfterClose opens dir as the app once the previous owner has closed.
func openScheduledAfterClose(t *testing.T, dir string, keys secrets.Store, fake *fakeclock.Fake,
	observers ...workspace.ScheduledRunObserver) *workspace.Workspace {
	t.Helper()
	ws := openScheduled(t, dir, keys, fake, true, observers...)
	require.True(t, ws.Sync().Owner(context.Background()).Self, "the app owns the folder")
	return ws
}

func TestTheSchedulerRunsOnTimeAndAfterAClockJump(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	dir := t.TempDir()
	fake := fakeclock.NewFake(utc("2026-12-07T12:00:00Z")) // Monday
	obs := newObserved()
	sleeping := fake.Sleeping()
	app := openScheduled(t, dir, keys, fake, true, obs.observe)
	waitSleeping(t, sleeping)
	_, url := pax8Sim(t)
	in := addPax8(t, app, url)
	_, err := app.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "nightly"})
	require.NoError(t, err)

	sleeping = fake.Sleeping() // the loop sleeps now; this is told when it sleeps again
	fake.Set(utc("2026-12-08T07:00:00Z"))
	r := obs.next(t)
	waitSleeping(t, sleeping)
	assert.False(t, r.CatchUp, "run at its due time")
	assert.Equal(t, utc("2026-12-08T07:00:00Z"), r.DueAt)
	run, err := app.Sync().Run(ctx, r.RunID)
	require.NoError(t, err)
	assert.Equal(t, "scheduled sync (Tue 8 Dec 07:00 UTC)", run.Note)

	// The clock jumps three days forward: the latest missed night runs once.
	sleeping = fake.Sleeping()
	fake.Set(utc("2026-12-11T09:00:00Z"))
	r = obs.next(t)
	waitSleeping(t, sleeping)
	assert.True(t, r.CatchUp)
	assert.Equal(t, utc("2026-12-11T07:00:00Z"), r.DueAt)
	run, err = app.Sync().Run(ctx, r.RunID)
	require.NoError(t, err)
	assert.Equal(t, "missed Friday 07:00 UTC: ran at 09:00 UTC", run.Note)
	sleeping = fake.Sleeping()
	fake.Advance(time.Minute)
	waitSleeping(t, sleeping)
	assert.Len(t, allRuns(t, app), 2)
	assert.Equal(t, 2, obs.count())
}

func TestFullSyncOnTheFirstRunOfEachMonth(t *testing.T) {
	ctx := context.Background()
	fake := fakeclock.NewFake(utc("2026-11-29T12:00:00Z"))
	ws := openScheduled(t, t.TempDir(), secrets.NewMemory(), fake, false)
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	_, err := ws.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "nightly", Mode: "quick", FullFirstOfMonth: true})
	require.NoError(t, err)

	for _, step := range []struct{ at, mode string }{
		{"2026-11-30T07:00:00Z", "full"},  // the schedule's first run
		{"2026-12-01T07:00:00Z", "full"},  // December's first
		{"2026-12-02T07:00:00Z", "quick"}, // December's second
		{"2026-12-03T07:00:00Z", "quick"},
	} {
		fake.Set(utc(step.at))
		got, err := ws.Schedules().RunDue(ctx, workspace.RanByCommand)
		require.NoError(t, err)
		require.Len(t, got, 1, step.at)
		run, err := ws.Sync().Run(ctx, got[0].RunID)
		require.NoError(t, err)
		assert.Equal(t, step.mode, run.Mode, step.at)
		assert.Equal(t, store.StatusSucceeded, got[0].Outcome, got[0].Message)
	}
}

func TestTheAppAndSyncScheduledNeverRunOneDueTimeTwice(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	dir := t.TempDir()
	fake := fakeclock.NewFake(utc("2026-12-07T12:00:00Z"))
	appSeen := newObserved()
	sleeping := fake.Sleeping()
	app := openScheduled(t, dir, keys, fake, true, appSeen.observe)
	waitSleeping(t, sleeping)
	held := newHeldSim(t)
	in := addPax8(t, app, held.URL)
	_, err := app.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "weekly", Weekday: "tue"})
	require.NoError(t, err)
	cliSeen := newObserved()
	cli := openScheduled(t, dir, keys, fake, false, cliSeen.observe) // `trueup sync --scheduled` beside the app
	require.False(t, cli.Sync().Owner(ctx).Self)

	fake.Set(utc("2026-12-08T07:00:05Z")) // the app's timer fires ...
	type result struct {
		runs []workspace.ScheduledRun
		err  error
	}
	done := make(chan result, 1)
	go func() { // ... while the OS task starts the command
		runs, err := cli.Schedules().RunDue(ctx, workspace.RanByCommand)
		done <- result{runs, err}
	}()
	held.waitReached(t)
	runs := allRuns(t, app)
	require.Len(t, runs, 1, "one run of the integration, whoever claimed the due time")
	assert.True(t, runs[0].Active())
	again, err := cli.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}})
	require.NoError(t, err)
	assert.Equal(t, runs[0].ID, again[0].ID, "a sync asked for meanwhile joins the running one")

	held.release()
	res := <-done
	require.NoError(t, res.err)
	var told workspace.ScheduledRun
	if len(res.runs) == 1 {
		told = cliSeen.next(t)
	} else {
		told = appSeen.next(t)
	}
	assert.Equal(t, runs[0].ID, told.RunID)
	assert.Equal(t, store.StatusSucceeded, told.Outcome, told.Message)
	assert.Equal(t, 1, appSeen.count()+cliSeen.count(), "the due time was run and observed once")
	assert.Len(t, allRuns(t, app), 1)
}
