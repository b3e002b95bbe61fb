package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// backupShell is the GUI's shell over an own data folder (no demo), events and warnings
// recorded instead of sent to a window.
func backupShell(t *testing.T, own string) (*Shell, *BackupService) {
	t.Helper()
	shell := NewShell(func(ctx context.Context, _ Target) (*workspace.Workspace, error) {
		return workspace.Open(ctx, workspace.Options{DataDir: own, Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	}, ownProbe(own))
	shell.emit = func(context.Context, string, ...any) {}
	shell.warnf = func(context.Context, string, ...any) {}
	t.Cleanup(func() { shell.Shutdown(context.Background()) })
	return shell, NewBackupService(shell, own)
}

func ownIntegrations(t *testing.T, shell *Shell) []string {
	t.Helper()
	list, err := NewIntegrationService(shell).List()
	require.NoError(t, err)
	var out []string
	for _, in := range list {
		out = append(out, in.Name)
	}
	return out
}

func TestRecoveryScreenRestoresTheNewestGoodBackup(t *testing.T) {
	ctx := context.Background()
	own := t.TempDir()
	addOwnIntegration(t, own)
	shell, svc := backupShell(t, own)
	shell.Startup(ctx)
	assert.False(t, svc.Recovery().Damaged)
	good, err := svc.BackupNow()
	require.NoError(t, err)
	shell.Shutdown(ctx)
	require.NoError(t, os.WriteFile(filepath.Join(own, workspace.DatabaseFile), []byte("garbage"), 0o600))

	shell, svc = backupShell(t, own)
	shell.Startup(ctx)
	rec := svc.Recovery()
	require.True(t, rec.Damaged)
	assert.Contains(t, rec.Reason, "not a database")
	assert.FileExists(t, rec.MovedTo)
	require.NotNil(t, rec.Latest)
	assert.Equal(t, good.Name, rec.Latest.Name, "the newest good backup is offered")
	_, err = shell.Workspace()
	require.Error(t, err, "nothing opens behind the user's back")

	res, err := svc.RestoreLatest()
	require.NoError(t, err)
	assert.Equal(t, good.Name, res.From.Name)
	assert.False(t, svc.Recovery().Damaged)
	assert.Equal(t, []string{"CW"}, ownIntegrations(t, shell), "mappings, decisions and integrations come back")
}

func TestRecoveryScreenCanStartEmpty(t *testing.T) {
	ctx := context.Background()
	own := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(own, workspace.DatabaseFile), []byte("garbage"), 0o600))
	shell, svc := backupShell(t, own)
	shell.Startup(ctx)
	rec := svc.Recovery()
	require.True(t, rec.Damaged)
	assert.Nil(t, rec.Latest, "no backup to offer")
	assert.Contains(t, rec.Message, "There is no good backup")

	_, err := svc.StartEmpty()
	require.NoError(t, err)
	assert.False(t, svc.Recovery().Damaged)
	assert.Empty(t, ownIntegrations(t, shell))
}

func TestSettingsRestoresABackupOfTheOpenWorkspace(t *testing.T) {
	ctx := context.Background()
	own := t.TempDir()
	addOwnIntegration(t, own)
	shell, svc := backupShell(t, own)
	shell.Startup(ctx)
	b, err := svc.BackupNow()
	require.NoError(t, err)
	_, err = NewIntegrationService(shell).Add(workspace.IntegrationInput{Kind: "pax8", Name: "Pax8", BaseURL: "https://api.pax8.com/v1"})
	require.NoError(t, err)

	for _, bad := range []string{"", "../trueup.db", "/etc/passwd", `..\x.db`} {
		_, err := svc.Restore(bad)
		assert.True(t, workspace.IsInputError(err), "%q: %v", bad, err)
	}
	_, err = svc.Restore("trueup-2020-01-01T000000Z-daily.db")
	require.Error(t, err, "an unknown backup")
	assert.ElementsMatch(t, []string{"CW", "Pax8"}, ownIntegrations(t, shell), "a failed restore reopens the workspace as it was")

	res, err := svc.Restore(b.Name)
	require.NoError(t, err)
	assert.Contains(t, res.KeptAs, "before-restore")
	assert.Equal(t, []string{"CW"}, ownIntegrations(t, shell))
	list, err := svc.List()
	require.NoError(t, err)
	assert.Len(t, list, 3, "daily at open, the manual one and the before-restore one")
}
