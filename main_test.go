package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildTrueUp builds this package into a temporary folder with the given build tags.
func buildTrueUp(t *testing.T, tags string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "trueup")
	args := []string{"build", "-o", bin}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// withoutDisplay is the environment of an SSH session or a CI job: no X11, no Wayland.
func withoutDisplay(t *testing.T) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") && !strings.HasPrefix(kv, "TRUEUP_DATA_DIR=") {
			env = append(env, kv)
		}
	}
	return append(env, "TRUEUP_DATA_DIR="+t.TempDir())
}

// Flags are answered before any GUI starts, and the GUI path without a display says so in
// one line instead of GTK's panic and goroutine dump.
func TestStartWithoutADisplay(t *testing.T) {
	bin := buildTrueUp(t, "")
	dataDir := t.TempDir()
	tests := []struct {
		args       []string
		code       int
		stdout     string
		stderrHas  string
		stderrLine bool
	}{
		{args: []string{"--version"}, stdout: "trueup " + version + "\n"},
		{args: []string{"-v"}, stdout: "trueup " + version + "\n"},
		{args: []string{"--data-dir", dataDir, "--version"}, stdout: "trueup " + version + "\n"},
		{args: []string{"--foo"}, code: 1, stderrHas: "trueup: unknown flag --foo"},
		{args: []string{"-devserver", "127.0.0.1:1"}, code: 1, stderrHas: "trueup: unknown flag --devserver"},
		{args: nil, code: 1, stderrHas: "trueup: no display found: run a command, see `trueup help`, or `make dev` for a browser\n", stderrLine: true},
		{args: []string{"--data-dir", dataDir}, code: 1, stderrHas: "trueup: no display found", stderrLine: true},
		{args: []string{"help"}, stderrHas: ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{"trueup"}, tt.args...), " "), func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = withoutDisplay(t)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.code, code, stderr.String())
			if tt.stdout != "" {
				assert.Equal(t, tt.stdout, stdout.String())
			}
			assert.Contains(t, stderr.String(), tt.stderrHas)
			if tt.stderrLine {
				assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), stderr.String())
			}
			assert.NotContains(t, stderr.String(), "goroutine")
			assert.NotContains(t, stderr.String(), "panic")
		})
	}
}

// SIGTERM to the desktop app closes it cleanly with one line saying so (Wails alone says
// "Ctrl+C detected" for it). Needs WebKitGTK and Xvfb; skipped where they are missing.
func TestGUIClosesOnSIGTERM(t *testing.T) {
	xvfb := needsDesktop(t)
	bin := buildTrueUp(t, "desktop,production,webkit2_41")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a safety net, not a target
	defer cancel()
	display := startXvfb(ctx, t, xvfb, "")

	dataDir := t.TempDir()
	app := exec.CommandContext(ctx, bin, "--data-dir", dataDir)
	app.Env = append(withoutDisplay(t), "DISPLAY="+display, "XDG_RUNTIME_DIR="+t.TempDir())
	var stderr bytes.Buffer
	app.Stdout, app.Stderr = &stderr, &stderr
	require.NoError(t, app.Start())
	// The demo workspace's database appears once OnStartup ran, after the signal handler
	// was installed.
	require.Eventually(t, func() bool {
		_, err := os.Stat(filepath.Join(dataDir, "demo"))
		return err == nil
	}, time.Minute, 50*time.Millisecond, "the app did not start: %s", &stderr)
	require.NoError(t, app.Process.Signal(syscall.SIGTERM))
	err := app.Wait()
	assert.NoError(t, err, "exit status after SIGTERM; output: %s", stderr.String())
	assert.Contains(t, stderr.String(), "TrueUp is closing (received SIGTERM)\n")
	assert.NotContains(t, stderr.String(), "Ctrl+C detected")
}

// needsDesktop skips a test that builds and opens the desktop app where Xvfb or WebKitGTK's
// development files are missing, and returns Xvfb's path.
func needsDesktop(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the desktop app")
	}
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Skip("Xvfb is not installed")
	}
	if exec.Command("pkg-config", "--exists", "webkit2gtk-4.1").Run() != nil {
		t.Skip("WebKitGTK 4.1 development files are not installed")
	}
	return xvfb
}

// startXvfb starts an Xvfb of 1280x800 that writes its screen to a file in fbdir (when not
// empty) and returns its display.
func startXvfb(ctx context.Context, t *testing.T, xvfb, fbdir string) string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	args := []string{"-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"}
	if fbdir != "" {
		args = append(args, "-fbdir", fbdir)
	}
	x := exec.CommandContext(ctx, xvfb, args...)
	x.ExtraFiles = []*os.File{w}
	require.NoError(t, x.Start())
	w.Close()
	t.Cleanup(func() { _ = x.Process.Kill(); _ = x.Wait() })
	display, err := bufio.NewReader(r).ReadString('\n')
	require.NoError(t, err, "Xvfb did not report its display")
	return ":" + strings.TrimSpace(display)
}
