package workspace_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/ostask"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// systemctlRecorder stands in for systemctl: it records the command lines and says the
// timer is enabled.
type systemctlRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *systemctlRecorder) Run(_ context.Context, name string, args ...string) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, name+" "+strings.Join(args, " "))
	if len(args) > 1 && args[1] == "is-enabled" {
		return []byte("enabled\n"), nil
	}
	return nil, nil
}

func TestOSTaskFollowsTheSchedules(t *testing.T) {
	ctx := context.Background()
	dir, cfgHome := t.TempDir(), t.TempDir()
	run := &systemctlRecorder{}
	m, err := ostask.New(ostask.Options{GOOS: "linux", Runner: run, ConfigHome: cfgHome})
	require.NoError(t, err)
	cfg := &workspace.OSTaskConfig{Manager: m, Executable: "/opt/trueup/trueup", DefaultDataDir: "/home/jo/.config/TrueUp"}
	wednesday := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry(),
		Now: func() time.Time { return wednesday }, Location: time.UTC, OSTask: cfg})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	task := ws.Schedules().OSTask()

	_, err = task.Register(ctx)
	assert.True(t, workspace.IsInputError(err), "no integration, no schedule: %v", err)

	_, url := pax8Sim(t)
	in := addPax8(t, ws, url) // the default schedule: weekly on the weekday it was set up
	st, err := task.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, "not_registered", st.State)
	assert.Equal(t, 1, st.Schedules)
	assert.Equal(t, "/opt/trueup/trueup --data-dir "+dir+" sync --scheduled", st.Command, "not the default folder: named")

	st, err = task.Register(ctx)
	require.NoError(t, err)
	assert.Equal(t, "registered", st.State, st.Detail)
	timer, err := os.ReadFile(filepath.Join(cfgHome, "systemd", "user", "trueup-sync.timer"))
	require.NoError(t, err)
	assert.Contains(t, string(timer), "OnCalendar=Wed *-*-* 07:00:00 UTC\n")
	assert.Contains(t, run.lines, "systemctl --user enable --now trueup-sync.timer")

	_, err = ws.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "monthly", Day: 5})
	require.NoError(t, err)
	st, err = task.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, "stale", st.State)
	assert.Contains(t, st.Detail, "times differ")

	st, err = task.Register(ctx)
	require.NoError(t, err)
	assert.Equal(t, "registered", st.State)
	timer, err = os.ReadFile(filepath.Join(cfgHome, "systemd", "user", "trueup-sync.timer"))
	require.NoError(t, err)
	assert.Contains(t, string(timer), "OnCalendar=*-*-05 07:00:00 UTC\n")
	assert.NotContains(t, string(timer), "Wed")

	_, err = ws.Schedules().Set(ctx, workspace.ScheduleInput{IntegrationID: in.ID, Cadence: "off"})
	require.NoError(t, err)
	st, err = task.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, "stale", st.State)
	assert.Equal(t, 0, st.Schedules)
	assert.Contains(t, st.Detail, "remove the task")
	_, err = task.Register(ctx)
	assert.True(t, workspace.IsInputError(err), "%v", err)

	st, err = task.Remove(ctx)
	require.NoError(t, err)
	assert.Equal(t, "not_registered", st.State)
	assert.NoFileExists(t, filepath.Join(cfgHome, "systemd", "user", "trueup-sync.timer"))

	cfg.DefaultDataDir = dir + string(filepath.Separator)
	st, err = task.Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, "/opt/trueup/trueup sync --scheduled", st.Command, "the default folder is not named (the task has no TRUEUP_DATA_DIR)")
}

func TestOSTaskIsUnavailableWithoutAConfig(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, secrets.NewMemory())
	st, err := ws.Schedules().OSTask().Status(ctx)
	require.NoError(t, err)
	assert.Equal(t, workspace.OSTaskUnavailable, st.State)
	assert.Contains(t, st.Detail, "never registers an OS task")
	_, err = ws.Schedules().OSTask().Register(ctx)
	assert.ErrorContains(t, err, "never registers an OS task")
	_, err = ws.Schedules().OSTask().Remove(ctx)
	assert.ErrorContains(t, err, "never registers an OS task")
}
