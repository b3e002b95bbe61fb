package cli

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/clock"
	"github.com/trueup/trueup/internal/demo"
)

func TestScheduleSetShowAndSyncScheduled(t *testing.T) {
	h := newHarness(t)
	h.clock = clock.NewFake(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)) // Monday
	h.setup()
	require.Equal(t, 0, h.run("", "sync", "--all").code, "the first syncs, by hand")

	r := h.run("", "schedule", "set", "--vendors", "--monthly", "5")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "vendors (stream): monthly on the 5th at 07:00 UTC, quick")
	assert.Contains(t, r.stdout, "next run: Tue 5 Jan 07:00 UTC")
	assert.NotContains(t, r.stdout, "tip:", "the 5th is what the tip recommends")
	r = h.run("", "schedule", "set", "--integration", demo.ConnectWiseName, "--weekly", "tue", "--mode", "full")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, demo.ConnectWiseName+": weekly on Tuesday at 07:00 UTC, full")
	r = h.run("", "schedule", "set", "--integration", demo.Pax8Name, "--monthly", "30", "--full-first-of-month")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "tip: Schedule vendor syncs for the 5th or 6th")
	require.Equal(t, 0, h.run("", "schedule", "set", "--integration", demo.Pax8Name, "--off").code)

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"schedule", "set", "--psa", "--monthly", "32"}, "from 1 to 31"},
		{[]string{"schedule", "set", "--weekly", "tue"}, "choose what to schedule"},
		{[]string{"schedule", "set", "--psa"}, "choose when"},
		{[]string{"schedule", "set", "--psa", "--nightly", "--off"}, "choose when"},
		{[]string{"schedule", "set", "--psa", "--weekly", "someday"}, "unknown weekday"},
		{[]string{"schedule", "set", "--psa", "--nightly", "--mode", "since"}, "use quick or full"},
		{[]string{"schedule", "set", "--integration", "Nope", "--nightly"}, "no integration named"},
		{[]string{"schedule", "show", "--next", "0"}, "from 1 to 100"},
		{[]string{"schedule", "rerun"}, "use set, show or task"},
		{[]string{"sync", "--scheduled", "--all"}, "--scheduled runs what the schedules say"},
	} {
		r := h.run("", bad.args...)
		assert.Equal(t, ExitFailed, r.code, bad.args)
		assert.Contains(t, r.stderr, bad.want, bad.args)
	}

	r = h.run("", "sync", "--scheduled")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Nothing was due")

	// TrueUp was not running on Tuesday.
	h.clock.Set(time.Date(2026, 12, 9, 10, 0, 0, 0, time.UTC))
	r = h.run("", "schedule", "show", "--next", "2", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	byName := map[string]map[string]any{}
	for _, row := range rows {
		name, _ := row["integration"].(string)
		if name == "" {
			name = "stream " + row["stream"].(string)
		}
		byName[name] = row
		for _, k := range []string{"cadence", "mode", "next_runs", "last_run_at", "missed"} {
			assert.Contains(t, row, k)
		}
	}
	require.Len(t, byName, 3, "the vendor stream, ConnectWise and Pax8")
	cw := byName[demo.ConnectWiseName]
	assert.Equal(t, "weekly tue", cw["cadence"])
	assert.Equal(t, "full", cw["mode"])
	assert.Equal(t, []any{"2026-12-15T07:00:00Z", "2026-12-22T07:00:00Z"}, cw["next_runs"])
	assert.Equal(t, []any{"2026-12-08T07:00:00Z"}, cw["missed"])
	assert.Equal(t, "", cw["last_run_at"])
	assert.Equal(t, "off", byName[demo.Pax8Name]["cadence"])
	assert.Equal(t, []any{}, byName[demo.Pax8Name]["next_runs"])
	assert.Equal(t, []any{"2027-01-05T07:00:00Z", "2027-02-05T07:00:00Z"}, byName["stream vendors"]["next_runs"])

	r = h.run("", "schedule", "show")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Tue 15 Dec 07:00 UTC")
	assert.Contains(t, r.stdout, "1 (latest 2026-12-08T07:00:00Z)")
	assert.Contains(t, r.stdout, "Tip: Schedule vendor syncs for the 5th or 6th")

	r = h.run("", "sync", "--scheduled")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, demo.ConnectWiseName+" (missed Tue 8 Dec 07:00 UTC, run now): succeeded")
	assert.NotContains(t, r.stdout, demo.Pax8Name)
	r = h.run("", "status", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"note": "missed Tuesday 07:00 UTC: ran by trueup sync --scheduled"`, "the catch-up run says why it ran")

	// A week on, as the OS task runs it at the due time.
	h.clock.Set(time.Date(2026, 12, 15, 7, 0, 20, 0, time.UTC))
	r = h.run("", "sync", "--scheduled", "--json")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	var ran []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ran))
	require.Len(t, ran, 1)
	assert.Equal(t, demo.ConnectWiseName, ran[0]["integration_name"])
	assert.Equal(t, "2026-12-15T07:00:00Z", ran[0]["due_at"])
	assert.Equal(t, false, ran[0]["catch_up"], "run at its due time")
	assert.Equal(t, "succeeded", ran[0]["outcome"])
	assert.NotZero(t, ran[0]["run_id"])
	h.clock.Set(time.Date(2026, 12, 16, 10, 0, 0, 0, time.UTC))

	r = h.run("", "sync", "--scheduled")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Nothing was due", "the missed one ran once")

	r = h.run("", "status", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var snap struct {
		Integrations []struct {
			Integration struct {
				Name string `json:"name"`
			} `json:"integration"`
			NextRunAt    string `json:"next_run_at"`
			NextRunLabel string `json:"next_run_label"`
			LatestRun    struct {
				Mode string `json:"mode"`
				Note string `json:"note"`
			} `json:"latest_run"`
		} `json:"integrations"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &snap))
	for _, in := range snap.Integrations {
		if in.Integration.Name != demo.ConnectWiseName {
			assert.Empty(t, in.NextRunAt, "Pax8 is off")
			continue
		}
		assert.Equal(t, "2026-12-22T07:00:00Z", in.NextRunAt)
		assert.Equal(t, "Tue 22 Dec 07:00 UTC", in.NextRunLabel)
		assert.Equal(t, "full", in.LatestRun.Mode)
		assert.Equal(t, "scheduled sync (Tue 15 Dec 07:00 UTC)", in.LatestRun.Note)
	}

	r = h.run("", "help", "schedule")
	require.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "schedule set (--integration NAME | --psa | --vendors) (--weekly DAY | --monthly N | --nightly | --off)")
	assert.Contains(t, r.stdout, "--next N")
	r = h.run("", "help", "sync")
	assert.Contains(t, r.stdout, "--scheduled")
}
