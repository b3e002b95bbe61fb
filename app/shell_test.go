package app

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// The window can call before OnStartup has opened the workspace: the call waits for it
// rather than failing (the UI would retry only a second later, delaying the first paint).
func TestCallsWaitForStartup(t *testing.T) {
	shell := NewShell(nil)
	t.Cleanup(func() { shell.Shutdown(context.Background()) })

	got := make(chan error, 1)
	go func() {
		_, err := NewSyncService(shell).Status()
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("Status returned before the workspace was open: %v", err)
	case <-time.After(50 * time.Millisecond):
	}

	// What Startup does, without the Wails context (its runtime calls need a real window).
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	require.NoError(t, err)
	shell.install(ws, false)
	shell.markStarted()
	select {
	case err := <-got:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Status did not return after Startup")
	}
}
