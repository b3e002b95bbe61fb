//go:build linux

package secrets_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
)

const helperEnv = "TRUEUP_SECRETS_HELPER"

// TestHelperNoSessionBus is not a test: TestNoSessionBusStartsNothing runs the test binary
// again with only this function, in an environment without a session bus (as over SSH,
// under cron or a systemd timer), and reads what it prints.
func TestHelperNoSessionBus(t *testing.T) {
	if os.Getenv(helperEnv) != "nosession" {
		t.Skip("helper process only")
	}
	k := secrets.NewKeyring(secrets.WithService("TrueUp-test-" + rand.Text()))
	key := secrets.Key{Integration: "42", Field: "token"}
	_, getErr := k.Get(context.Background(), key)
	setErr := k.Set(context.Background(), key, "v")
	for _, err := range []error{getErr, setErr} {
		if err == nil {
			os.Stdout.WriteString("ok\n")
			continue
		}
		var ue *secrets.UnavailableError
		os.Stdout.WriteString(strconv.FormatBool(errors.As(err, &ue)) + " " + err.Error() + "\n")
	}
}

// Issue 5: without a session bus, godbus's shared connection (what go-keyring uses) ran
// dbus-launch, which left a dbus-daemon and a gnome-keyring-daemon running after TrueUp
// exited, and the call failed anyway. Keychain calls must fail at once with a sentence
// that says what to do and start no process.
func TestNoSessionBusStartsNothing(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		t.Skip("inside the helper")
	}
	if _, err := os.Stat("/run/user/" + strconv.Itoa(os.Getuid()) + "/bus"); err == nil {
		t.Skip("this machine has a login session bus in /run/user, which TrueUp rightly uses: the test needs a machine without one")
	}
	marker := "trueup-nosession-" + rand.Text()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperNoSessionBus$", "-test.count=1")
	cmd.Env = append(withoutBus(os.Environ()),
		helperEnv+"=nosession",
		"TRUEUP_TEST_MARKER="+marker,
		"XDG_RUNTIME_DIR="+t.TempDir(), // exists, holds no bus socket
		"DISPLAY=", "WAYLAND_DISPLAY=",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Cleanup(func() { killMarked(t, marker) })
	require.NoError(t, err, out.String())

	left := marked(marker)
	assert.Empty(t, left, "processes started by the keychain call are still running: %v", left)
	want := "true no Secret Service session: run TrueUp inside your desktop session, or start one with " +
		"`dbus-run-session -- bash` and unlock the keyring there with " +
		"`gnome-keyring-daemon --unlock --components=secrets` (type the keyring password, then Ctrl-D)"
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var got []string
	for _, l := range lines {
		if strings.HasPrefix(l, "true ") || strings.HasPrefix(l, "false ") || l == "ok" {
			got = append(got, l)
		}
	}
	assert.Equal(t, []string{want, want}, got, "Get and Set both fail with one sentence:\n%s", out.String())
}

func withoutBus(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY", keyringEnv:
			continue
		}
		out = append(out, kv)
	}
	return out
}

// marked lists the processes whose environment carries marker: everything the helper
// started (dbus-launch passes its environment on to the daemons it starts).
func marked(marker string) []int {
	var pids []int
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		env, err := os.ReadFile(filepath.Join(d, "environ"))
		if err != nil || !bytes.Contains(env, []byte("TRUEUP_TEST_MARKER="+marker)) {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(d)); err == nil && pid != os.Getpid() {
			pids = append(pids, pid)
		}
	}
	return pids
}

// killMarked ends the processes the helper left behind (only those, by id), so a failing
// run does not leave daemons on the machine.
func killMarked(t *testing.T, marker string) {
	for _, pid := range marked(marker) {
		if err := syscall.Kill(pid, syscall.SIGTERM); err == nil {
			t.Logf("ended left-over process %d", pid)
		}
	}
}
