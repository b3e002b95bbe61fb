package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofrs/flock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/workspace"
)

func (h *harness) integrationNames() []string {
	h.t.Helper()
	r := h.run("", "integrations", "list", "--json")
	require.Equal(h.t, 0, r.code, r.stderr)
	var list []workspace.Integration
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &list))
	var out []string
	for _, in := range list {
		out = append(out, in.Name)
	}
	return out
}

func (h *harness) backups() []workspace.BackupInfo {
	h.t.Helper()
	r := h.run("", "backup", "list", "--json")
	require.Equal(h.t, 0, r.code, r.stderr)
	var list []workspace.BackupInfo
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &list))
	return list
}

func TestBackupNowListAndRestore(t *testing.T) {
	h := newHarness(t)
	r := h.run("", "backup", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "No backups yet")
	assert.NoDirExists(t, filepath.Join(h.dataDir, "trueup.db"), "listing opens no database")

	h.setup()
	r = h.run("", "backup", "now")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Backed up to "+filepath.Join(h.dataDir, "backups", "trueup-"))

	r = h.run("", "backup", "list")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2, r.stdout)
	assert.Regexp(t, `^DATE\s+KIND\s+SIZE\s+SCHEMA\s+INTEGRITY\s+NAME$`, lines[0])
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+manual\s+\d+ KiB\s+\d+\s+ok\s+trueup-.*-manual\.db$`, lines[1])

	r = h.run("", "backup", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var raw []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &raw))
	require.Len(t, raw, 1)
	for _, field := range []string{"name", "path", "at", "kind", "size", "schema_version", "integrity_ok"} {
		assert.Contains(t, raw[0], field)
	}
	assert.Equal(t, true, raw[0]["integrity_ok"])
	name := raw[0]["name"].(string)

	r = h.run("", "integrations", "add", "--kind", "pax8", "--name", "Added later")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, h.integrationNames(), "Added later")

	r = h.run("", "backup", "restore", name)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "trueup backup restore: nothing was restored: add --yes to restore from a script")
	assert.Contains(t, h.integrationNames(), "Added later", "nothing was restored")

	r = h.run("", "backup", "restore", name, "--yes")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Restored "+name)
	assert.Contains(t, r.stdout, "restore that one to undo this")
	assert.Contains(t, r.stdout, "trueup sync --all --mode full")
	assert.NotContains(t, h.integrationNames(), "Added later")

	list := h.backups()
	require.Len(t, list, 2)
	var kept workspace.BackupInfo
	for _, b := range list {
		if b.Kind == "before-restore" {
			kept = b
		}
	}
	require.NotEmpty(t, kept.Path, "the replaced database was kept as a before-restore backup")
	r = h.run("", "backup", "restore", "--yes", "--json", kept.Path)
	require.Equal(t, 0, r.code, r.stderr)
	var res workspace.RestoreResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &res))
	assert.Equal(t, kept.Name, res.From.Name)
	assert.Contains(t, h.integrationNames(), "Added later", "the restore was undone")
}

func TestBackupRestoreRefusesWhileTheFolderIsInUse(t *testing.T) {
	h := newHarness(t)
	h.setup()
	require.Equal(t, 0, h.run("", "backup", "now").code)
	app := flock.New(filepath.Join(h.dataDir, workspace.LockFile)) // as the running app holds it
	locked, err := app.TryLock()
	require.NoError(t, err)
	require.True(t, locked)
	defer app.Close()

	r := h.run("", "backup", "restore", "--latest", "--yes")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "TrueUp is open on this data folder")
	assert.Contains(t, r.stderr, "close it, then restore again")
	assert.Len(t, h.backups(), 1, "nothing was kept: nothing was replaced")
}

func TestADamagedDatabaseNamesTheRestoreCommand(t *testing.T) {
	h := newHarness(t)
	h.setup()
	require.Equal(t, 0, h.run("", "backup", "now").code)
	db := filepath.Join(h.dataDir, workspace.DatabaseFile)
	require.NoError(t, os.WriteFile(db, []byte("this is no longer a database"), 0o600))

	r := h.run("", "status")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "is damaged (file is not a database)")
	assert.Contains(t, r.stderr, "moved aside to "+filepath.Join(h.dataDir, "trueup-damaged-"))
	assert.Contains(t, r.stderr, "`trueup backup restore --latest`")

	r = h.run("", "backup", "restore", "--latest", "--yes")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, h.integrationNames(), 2, "mappings, decisions and integrations come back from the backup")
}

func TestBackupRestoreUsage(t *testing.T) {
	h := newHarness(t)
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"nothing named":  {[]string{"restore"}, "say which backup"},
		"both":           {[]string{"restore", "x.db", "--latest"}, "not both"},
		"two files":      {[]string{"restore", "a.db", "b.db", "--yes"}, "one backup at a time"},
		"no backup yet":  {[]string{"restore", "--latest", "--yes"}, "there is no good backup"},
		"unknown file":   {[]string{"restore", "nope.db", "--yes"}, `no backup "nope.db"`},
		"unknown sub":    {[]string{"prune"}, `unknown subcommand "prune"`},
		"no subcommand":  {nil, "list, now or restore"},
		"not a database": {[]string{"restore", "--yes", writeFile(t, "notes.txt", "hello")}, "it is damaged"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.run("", append([]string{"backup"}, tc.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tc.want)
		})
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}
