package cli_test

// These tests run the real trueup binary several times against one data folder, as the
// app, a scheduled `trueup sync` and a `trueup status` would. The binary keeps secrets in
// the OS keychain only, so they need a Secret Service: run them through
// scripts/with-keyring.sh (which sets TRUEUP_KEYRING_TESTS).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/sim"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// trueup builds the main package once per test run. main embeds frontend/dist; an
// untagged build needs only its index.html, so a stub is written when the frontend has
// not been built.
func trueup(t *testing.T) string {
	t.Helper()
	if os.Getenv("TRUEUP_KEYRING_TESTS") == "" {
		t.Skip("runs the real binary, which needs the OS keychain: run through scripts/with-keyring.sh")
	}
	buildOnce.Do(func() {
		root, err := filepath.Abs(filepath.Join("..", ".."))
		if err != nil {
			buildErr = err
			return
		}
		index := filepath.Join(root, "frontend", "dist", "index.html")
		if _, err := os.Stat(index); os.IsNotExist(err) {
			if err := os.MkdirAll(filepath.Dir(index), 0o755); err != nil {
				buildErr = err
				return
			}
			if err := os.WriteFile(index, []byte("<!doctype html><title>TrueUp</title>\n"), 0o644); err != nil {
				buildErr = err
				return
			}
		}
		dir, err := os.MkdirTemp("", "trueup-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "trueup")
		cmd := exec.Command("go", "build", "-o", binary, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return binary
}

// syncBuffer is a bytes.Buffer a process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type proc struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
}

type folder struct {
	t       *testing.T
	bin     string
	dataDir string
}

func (f *folder) command(stdin string, args ...string) *proc {
	p := &proc{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	p.cmd = exec.Command(f.bin, append([]string{"--data-dir", f.dataDir}, args...)...)
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = strings.NewReader(stdin), p.stdout, p.stderr
	return p
}

// start runs the binary in the background; the test waits for it (or kills it).
func (f *folder) start(args ...string) *proc {
	f.t.Helper()
	p := f.command("", args...)
	require.NoError(f.t, p.cmd.Start())
	f.t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

// run runs the binary to its end and returns its exit code.
func (f *folder) run(stdin string, args ...string) (int, *proc) {
	f.t.Helper()
	p := f.command(stdin, args...)
	err := p.cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		f.t.Fatalf("run trueup %v: %v", args, err)
	}
	return p.cmd.ProcessState.ExitCode(), p
}

func (p *proc) wait(t *testing.T) int {
	t.Helper()
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("trueup did not finish\nstdout: %s\nstderr: %s", p.stdout, p.stderr)
	}
	return p.cmd.ProcessState.ExitCode()
}

type statusJSON struct {
	Integrations []struct {
		Busy      bool     `json:"busy"`
		LatestRun *runJSON `json:"latest_run"`
	} `json:"integrations"`
	Recent []runJSON `json:"recent"`
}

type runJSON struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	Error  string `json:"error"`
}

func (f *folder) status() statusJSON {
	f.t.Helper()
	code, p := f.run("", "status", "--json")
	require.Equal(f.t, 0, code, p.stderr.String())
	var st statusJSON
	require.NoError(f.t, json.Unmarshal([]byte(p.stdout.String()), &st), p.stdout.String())
	return st
}

// heldPax8 is the Pax8 simulator with subscription reads held until release, so a sync
// stays mid-run for as long as the test needs.
type heldPax8 struct {
	url     string
	reached <-chan struct{}
	release func()
}

func newHeldPax8(t *testing.T) *heldPax8 {
	t.Helper()
	pax := paxsim.New(paxsim.DemoDataset(time.Now()), paxsim.Options{Credentials: paxsim.DemoCredentials(), Latency: 20 * time.Millisecond})
	gate := sim.NewGate(pax.Handler(), "/v1/subscriptions")
	srv := httptest.NewServer(gate)
	h := &heldPax8{url: srv.URL + "/v1", reached: gate.Reached(), release: gate.Release}
	t.Cleanup(func() { gate.Release(); srv.Close() })
	return h
}

func (h *heldPax8) waitReached(t *testing.T, p *proc) {
	t.Helper()
	select {
	case <-h.reached:
	case <-time.After(time.Minute):
		t.Fatalf("the sync never reached the subscriptions\nstderr: %s", p.stderr)
	}
}

func newFolder(t *testing.T, sim *heldPax8) *folder {
	t.Helper()
	f := &folder{t: t, bin: trueup(t), dataDir: t.TempDir()}
	code, p := f.run("", "integrations", "add", "--kind", "pax8", "--name", "Pax8", "--base-url", sim.url)
	require.Equal(t, 0, code, p.stderr.String())
	creds, err := json.Marshal(map[string]string{"client_id": paxsim.DemoCredentials().ClientID, "client_secret": paxsim.DemoCredentials().ClientSecret})
	require.NoError(t, err)
	code, p = f.run(string(creds), "credentials", "set", "--integration", "Pax8")
	require.Equal(t, 0, code, p.stderr.String())
	t.Cleanup(func() { f.run("", "integrations", "remove", "--integration", "Pax8") }) // its keychain items
	return f
}

func TestASecondProcessNeitherBreaksNorDuplicatesTheFirstOnesSync(t *testing.T) {
	sim := newHeldPax8(t)
	f := newFolder(t, sim)
	first := f.start("sync", "--integration", "Pax8", "--mode", "full")
	sim.waitReached(t, first)

	st := f.status()
	require.NotNil(t, st.Integrations[0].LatestRun)
	assert.Equal(t, "running", st.Integrations[0].LatestRun.Status, "`trueup status` beside a sync leaves its run alone")
	assert.True(t, st.Integrations[0].Busy)
	code, p := f.run("", "lines", "--integration", "Pax8")
	assert.Equal(t, 0, code, "read-only commands work beside a sync: %s", p.stderr)

	second := f.start("sync", "--integration", "Pax8")
	want := fmt.Sprintf("TrueUp is already open on this folder (pid %d): handed the sync to it; waiting for it to finish", first.cmd.Process.Pid)
	require.Eventually(t, func() bool { return strings.Contains(second.stderr.String(), want) }, time.Minute, 20*time.Millisecond,
		"the second sync says it handed over: %s", second.stderr)

	sim.release()
	assert.Equal(t, 0, first.wait(t), "first: %s\n%s", first.stdout, first.stderr)
	assert.Equal(t, 0, second.wait(t), "second: %s\n%s", second.stdout, second.stderr)
	assert.Contains(t, first.stdout.String(), "Pax8: succeeded")
	assert.Contains(t, second.stdout.String(), "Pax8: succeeded")

	st = f.status()
	require.Len(t, st.Recent, 1, "the second sync joined the running one instead of starting a rival run")
	assert.Equal(t, "succeeded", st.Recent[0].Status, st.Recent[0].Error)
}

func TestAKilledOwnersRunIsMarkedFailedByTheNextSync(t *testing.T) {
	sim := newHeldPax8(t)
	f := newFolder(t, sim)
	first := f.start("sync", "--integration", "Pax8", "--mode", "full")
	sim.waitReached(t, first)
	require.NoError(t, first.cmd.Process.Kill()) // SIGKILL: no clean-up runs
	_ = first.cmd.Wait()

	st := f.status()
	require.Len(t, st.Recent, 1)
	killed := st.Recent[0]
	assert.Equal(t, "running", killed.Status, "status cannot know the owner died, so it changes nothing")

	sim.release()
	code, next := f.run("", "sync", "--integration", "Pax8")
	require.Equal(t, 0, code, "%s\n%s", next.stdout, next.stderr)
	assert.NotContains(t, next.stderr.String(), "handed the sync", "the lock died with its process: this sync owns the folder")

	st = f.status()
	require.Len(t, st.Recent, 2)
	assert.Equal(t, "succeeded", st.Recent[0].Status, st.Recent[0].Error)
	assert.Equal(t, killed.ID, st.Recent[1].ID)
	assert.Equal(t, "failed", st.Recent[1].Status)
	assert.Contains(t, st.Recent[1].Error, "closed before this sync finished")
	code, logs := f.run("", "logs", "--run", fmt.Sprint(killed.ID))
	require.Equal(t, 0, code, logs.stderr.String())
	assert.Contains(t, logs.stdout.String(), "closed before this sync finished")
}
