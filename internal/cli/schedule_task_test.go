package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/ostask"
	"github.com/trueup/trueup/internal/workspace"
)

// recordingSystemctl stands in for systemctl and says the timer is enabled.
type recordingSystemctl struct {
	mu    sync.Mutex
	lines []string
}

func (r *recordingSystemctl) Run(_ context.Context, name string, args ...string) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, name+" "+strings.Join(args, " "))
	if len(args) > 1 && args[1] == "is-enabled" {
		return []byte("enabled\n"), nil
	}
	return nil, nil
}

func TestScheduleTaskInstallStatusRemove(t *testing.T) {
	h := newHarness(t)
	h.setup()
	cfgHome := t.TempDir()
	run := &recordingSystemctl{}
	m, err := ostask.New(ostask.Options{GOOS: "linux", Runner: run, ConfigHome: cfgHome})
	require.NoError(t, err)
	cfg := &workspace.OSTaskConfig{Manager: m, Executable: "/usr/bin/trueup", DefaultDataDir: "/nowhere/TrueUp"}
	cli := func(args ...string) result {
		var out, errb bytes.Buffer
		code := Run(context.Background(), append([]string{"--data-dir", h.dataDir}, args...), Env{
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
			OpenWorkspace: func(ctx context.Context, dir string, passive bool) (*workspace.Workspace, error) {
				return workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: h.keys, Registry: connectors.Registry(), Passive: passive, OSTask: cfg})
			},
		})
		return result{code, out.String(), errb.String()}
	}

	r := cli("schedule", "task", "status")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "OS task: not registered")
	assert.Contains(t, r.stdout, "Runs: /usr/bin/trueup --data-dir "+h.dataDir+" sync --scheduled")
	assert.Contains(t, r.stdout, "Schedules on: 2", "both demo integrations run on the default weekly schedule")

	r = cli("schedule", "task", "install")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "OS task: registered (systemd user timer "+filepath.Join(cfgHome, "systemd", "user", "trueup-sync.timer")+")")
	assert.FileExists(t, filepath.Join(cfgHome, "systemd", "user", "trueup-sync.service"))

	r = cli("schedule", "task", "status", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var info map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &info))
	assert.Equal(t, "registered", info["state"])
	assert.Equal(t, "systemd user timer", info["platform"])
	assert.EqualValues(t, 2, info["schedules"])

	// The schedules change behind the task's back: status says so.
	timer := filepath.Join(cfgHome, "systemd", "user", "trueup-sync.timer")
	body, err := os.ReadFile(timer)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(timer, []byte(strings.Replace(string(body), "07:00:00", "08:00:00", 1)), 0o644))
	r = cli("schedule", "task", "status")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "OS task: stale")
	assert.Contains(t, r.stdout, "times differ from the schedules")

	r = cli("schedule", "task", "remove")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "OS task: removed")
	assert.NoFileExists(t, timer)
	assert.Contains(t, run.lines, "systemctl --user disable --now trueup-sync.timer")
}

func TestScheduleTaskUsage(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"schedule", "task"}, "say what to do: install, remove or status"},
		{[]string{"schedule", "task", "start"}, `unknown action "start"`},
		{[]string{"schedule", "task", "status", "extra"}, `unexpected "extra"`},
		{[]string{"schedule", "task", "install"}, "never registers an OS task"}, // the harness gives no OS task
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := h.run("", tt.args...)
			assert.Equal(t, ExitFailed, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
	r := h.run("", "schedule", "task", "status")
	assert.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "OS task: unavailable")
}
