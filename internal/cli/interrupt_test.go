package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/secrets"
)

// interruptOnWrite is a stderr that "presses Ctrl-C" when the CLI writes match, as
// signal.NotifyContext would cancel the command's context.
type interruptOnWrite struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	match  string
	cancel context.CancelCauseFunc
}

func (w *interruptOnWrite) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if strings.Contains(string(p), w.match) {
		w.cancel(errors.New("interrupt signal received"))
	}
	return w.buf.Write(p)
}

func (w *interruptOnWrite) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestSyncCtrlCCancelsTheRuns(t *testing.T) {
	// Slow simulators, so the runs are still going when Ctrl-C comes.
	sims, err := demo.Start(connector.KindConnectWise, time.Now(), 50*time.Millisecond)
	require.NoError(t, err)
	t.Cleanup(sims.Close)
	h := &harness{t: t, dataDir: t.TempDir(), keys: secrets.NewMemory(), sims: sims}
	h.setup()

	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	stderr := &interruptOnWrite{match: "Queued Full Sync of " + demo.Pax8Name, cancel: cancel}
	r := h.runWith(runOpts{ctx: ctx, stderr: stderr}, "sync", "--all")
	assert.Equal(t, 1, r.code)
	assert.NotContains(t, r.stderr, "stopped waiting")
	assert.Contains(t, r.stderr, "Stopped: interrupt signal received.\n")
	assert.Contains(t, r.stderr, "Cancelled the sync of "+demo.ConnectWiseName+" (nothing was stored).\n")
	assert.Contains(t, r.stderr, "Cancelled the sync of "+demo.Pax8Name+" (nothing was stored).\n")

	r = h.run("", "lines", "--integration", demo.ConnectWiseName, "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var lines []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lines))
	assert.Empty(t, lines, "a cancelled run stores nothing")
	r = h.run("", "status")
	assert.Regexp(t, demo.ConnectWiseName+`\s+psa\s+cancelled\s+never`, r.stdout)
}
