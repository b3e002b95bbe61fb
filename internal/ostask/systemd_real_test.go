package ostask

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSystemdUserTimerForReal registers a uniquely named timer with the user's own systemd,
// checks that systemd lists it with the next elapse at a due time, and removes it. It
// runs only where `systemctl --user` reaches a user manager.
func TestSystemdUserTimerForReal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("systemd user timers are Linux only")
	}
	if _, err := exec.LookPath("systemctl"); err != nil {
		t.Skip("systemctl is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "systemctl", "--user", "show", "--property=Version").CombinedOutput(); err != nil {
		t.Skipf("no systemd user manager to register with (`systemctl --user` says %q): the fake-runner tests cover the commands", strings.TrimSpace(string(out)))
	}
	home, err := os.UserHomeDir()
	require.NoError(t, err)
	name := fmt.Sprintf("trueup-ostask-test-%d", os.Getpid())
	m, err := New(Options{GOOS: "linux", Runner: ExecRunner{}, Home: home, ConfigHome: os.Getenv("XDG_CONFIG_HOME"), Name: name})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Remove(context.Background()) })
	// /bin/true stands in for trueup: nothing happens if the timer ever fires.
	spec := Spec{Executable: "/bin/true", Hour: 7, Triggers: []Trigger{{Cadence: Monthly, Day: 31}}}

	require.NoError(t, m.Register(ctx, spec))
	st, err := m.Status(ctx, spec)
	require.NoError(t, err)
	assert.Equal(t, Registered, st.State, st.Detail)

	out, err := exec.CommandContext(ctx, "systemctl", "--user", "show", name+".timer", "--property=NextElapseUSecRealtime", "--timestamp=unix").CombinedOutput()
	require.NoError(t, err, string(out))
	var next int64
	_, err = fmt.Sscanf(strings.TrimSpace(string(out)), "NextElapseUSecRealtime=@%d", &next)
	require.NoError(t, err, string(out))
	due := time.Unix(next, 0).UTC()
	last := time.Date(due.Year(), due.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	assert.Equal(t, last, due.Day(), "the 31st falls on each month's last day: %s", due)
	assert.Equal(t, 7, due.Hour())

	spec.Triggers = []Trigger{{Cadence: Nightly}}
	st, err = m.Status(ctx, spec)
	require.NoError(t, err)
	assert.Equal(t, Stale, st.State)

	require.NoError(t, m.Remove(ctx))
	st, err = m.Status(ctx, spec)
	require.NoError(t, err)
	assert.Equal(t, NotRegistered, st.State)
	assert.NoFileExists(t, filepath.Join(m.b.(*systemd).dir, name+".timer"))
}
