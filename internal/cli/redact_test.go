package cli

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// TestEchoingServersNeverGetASecretOut is issue 6.1 end to end: both connectors, set up
// through the CLI, are tested and synced against a server that echoes every request
// (headers, body, decoded Basic credentials) into its errors and quotes secrets back in
// odd token answers. Afterwards no secret, no credential the server received and no token
// it issued, nor a piece of one, is in the CLI's output (text and --json DTOs), the run
// logs, the SQLite file or its WAL.
func TestEchoingServersNeverGetASecretOut(t *testing.T) {
	h := &harness{t: t, dataDir: t.TempDir(), keys: secrets.NewMemory()}
	srv := connectortest.NewEchoServer(t)
	var said []string
	run := func(stdin string, args ...string) result {
		t.Helper()
		r := h.run(stdin, args...)
		said = append(said, r.stdout, r.stderr)
		return r
	}

	cw := map[string]string{"public_key": connectortest.NewSecret(), "private_key": connectortest.NewSecret()}
	px := map[string]string{"client_id": connectortest.NewSecret(), "client_secret": connectortest.NewSecret()}
	r := run("", "integrations", "add", "--kind", "connectwise", "--name", "CW", "--base-url", srv.URL+"/v4_6_release/apis/3.0",
		"--set", "company=echoco", "--set", "client_id=echo-client-id")
	require.Equal(t, 0, r.code, r.stderr)
	r = run("", "integrations", "add", "--kind", "pax8", "--name", "P8", "--base-url", srv.URL+"/v1")
	require.Equal(t, 0, r.code, r.stderr)
	for name, vals := range map[string]map[string]string{"CW": cw, "P8": px} {
		body, err := json.Marshal(vals)
		require.NoError(t, err)
		r = run(string(body), "credentials", "set", "--integration", name)
		require.Equal(t, 0, r.code, r.stderr)
	}

	// A second connection keeps the WAL file in place while the CLI opens and closes the
	// workspace for every command (SQLite removes it when the last connection closes).
	dbPath := filepath.Join(h.dataDir, workspace.DatabaseFile)
	holder, err := store.Open(context.Background(), dbPath)
	require.NoError(t, err)
	t.Cleanup(func() { holder.Close() })

	values := slices.Concat(slices.Collect(mapsValues(cw)), slices.Collect(mapsValues(px)))
	wire := slices.Clone(values)
	scenarios := 0
	for _, sc := range connectortest.EchoScenarios(values...) {
		if sc.Retried {
			continue // real backoff waits; the conformance suite covers these with instant waits
		}
		scenarios++
		srv.Set(sc.Answer)
		for _, name := range []string{"CW", "P8"} {
			r = run("", "credentials", "test", "--integration", name)
			assert.NotEqual(t, 0, r.code, "%s: %s: the test must fail", sc.Name, name)
		}
		r = run("", "sync", "--all", "--json")
		assert.Equal(t, 1, r.code, "%s: %s", sc.Name, r.stdout+r.stderr)
		r = run("", "sync", "--integration", "CW", "--integration", "P8", "--mode", "full")
		assert.NotEqual(t, 0, r.code, sc.Name)
		wire = append(append(wire, srv.Credentials()...), srv.Issued()...)
		require.NotEmpty(t, connectortest.Leaks(srv.Sent(), wire...), "%s: the server should have quoted a secret back", sc.Name)
	}
	require.Positive(t, scenarios)
	slices.Sort(wire)
	wire = slices.Compact(wire)

	run("", "status", "--json")
	run("", "status")
	run("", "integrations", "list", "--json")
	logs := 0
	for id := 1; ; id++ {
		r = run("", "logs", "--run", strconv.Itoa(id), "--json")
		if r.code != 0 {
			break
		}
		run("", "logs", "--run", strconv.Itoa(id))
		logs++
	}
	require.Equal(t, 4*scenarios, logs, "every sync run has a log")
	assert.Contains(t, strings.Join(said, "\n"), "[redacted]", "the messages are kept, minus the secrets")

	for i, text := range said {
		assert.Empty(t, connectortest.Leaks(text, wire...), "CLI output %d: %s", i, text)
	}
	// Every file in the data folder, the backups in backups/ too.
	var sawWAL, sawBackup bool
	err = filepath.WalkDir(h.dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		sawWAL = sawWAL || strings.HasSuffix(d.Name(), "-wal") && len(b) > 0
		sawBackup = sawBackup || filepath.Base(filepath.Dir(path)) == "backups"
		assert.Empty(t, connectortest.Leaks(string(b), wire...), "%s holds a secret", path)
		return nil
	})
	require.NoError(t, err)
	assert.True(t, sawWAL, "the WAL was checked too")
	assert.True(t, sawBackup, "the backups were checked too")
}

func mapsValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}
