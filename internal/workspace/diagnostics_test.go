package workspace_test

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/applog"
	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// echoer's syncs log and fail quoting the integration's secret, as a connector relaying
// an echoing server would.
type echoer struct{ secret string }

func (echoer) Test(context.Context) error { return nil }

func (e echoer) Sync(_ context.Context, _ connector.Request, sink connector.Sink) error {
	sink.Logf("sync", connector.LevelInfo, "the server echoed client_secret=%s", e.secret)
	return errors.New("server said: bad client_secret " + e.secret)
}

// The diagnostics zip holds the build, the integrations (with the names of their secret
// fields), the runs with their logs and the application log, and no secret in any form,
// even after a sync whose server echoed one into its log and error.
func TestDiagnosticsHoldNoSecret(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	secret := connectortest.NewSecret()
	reg := connector.NewRegistry(connector.Factory{Kind: connector.KindPax8, Label: "Pax8", Role: connector.RoleVendor,
		Secrets: []connector.Field{{Key: "client_id", Label: "Client id", Required: true}, {Key: "client_secret", Label: "Client secret", Required: true}},
		New: func(cfg connector.Config) (connector.Connector, error) {
			return echoer{secret: cfg.Secrets["client_secret"]}, nil
		}})
	log, err := applog.Open(dir, nil)
	require.NoError(t, err)
	defer log.Close()
	keys := secrets.NewMemory()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: keys, Registry: reg, Logger: log.Logger})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	in, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "pax8", Name: "Pax8 EU", BaseURL: "https://api.pax8.com/v1",
		Settings: map[string]string{}, Secrets: map[string]string{"client_id": "id-" + secret[:8], "client_secret": secret}})
	require.NoError(t, err)
	runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))

	out := filepath.Join(t.TempDir(), "diag.zip")
	res, err := ws.Diagnostics().Export(ctx, out, workspace.Build{Version: "1.2.3", Commit: "abc123"})
	require.NoError(t, err)
	assert.Equal(t, out, res.Path)
	assert.Positive(t, res.Size)
	for _, want := range []string{"about.json", "integrations.json", "runs.json", "pushes.json", "backups.json", "app-log/trueup.log"} {
		assert.Contains(t, res.Files, want)
	}
	assert.Contains(t, res.Files, fmt.Sprintf("run-logs/%d-Pax8_EU.log", runs[0].ID))

	z, err := zip.OpenReader(out)
	require.NoError(t, err)
	defer z.Close()
	all := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		r.Close()
		all[f.Name] = string(b)
		assert.Empty(t, connectortest.Leaks(string(b), secret, "id-"+secret[:8]), "%s leaks a secret", f.Name)
	}
	assert.Contains(t, all["about.json"], `"version": "1.2.3"`)
	assert.Contains(t, all["integrations.json"], `"client_secret"`, "the names of the secret fields")
	assert.Contains(t, all["integrations.json"], `"kind": "pax8"`)
	assert.Contains(t, all["runs.json"], `"Status": "failed"`)
	runLog := all[fmt.Sprintf("run-logs/%d-Pax8_EU.log", runs[0].ID)]
	assert.Contains(t, runLog, "client_secret=[redacted]", "the run's log, redacted when it was written")
	assert.True(t, strings.Contains(all["app-log/trueup.log"], `msg="sync ended"`) && strings.Contains(all["app-log/trueup.log"], "status=failed"),
		"the application log records the run: %s", all["app-log/trueup.log"])
}

func TestDiagnosticsNeedAFileName(t *testing.T) {
	ws := openAt(t, t.TempDir(), &backupClock{}, true)
	_, err := ws.Diagnostics().Export(context.Background(), "", workspace.Build{})
	assert.ErrorContains(t, err, "a file name ending in .zip")
	_, err = ws.Diagnostics().Export(context.Background(), filepath.Join(t.TempDir(), "missing", "d.zip"), workspace.Build{})
	assert.ErrorContains(t, err, "check that the folder exists")
}
