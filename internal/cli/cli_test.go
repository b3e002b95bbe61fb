package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/clock"
	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/secrets"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/workspace"
)

// harness runs the CLI in-process against the demo simulators, with a real SQLite data
// folder and an in-memory keychain shared by every call (as the OS keychain would be).
type harness struct {
	t       *testing.T
	dataDir string
	keys    *secrets.Memory
	sims    *demo.Simulators
	clock   *clock.Fake // nil: real time
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	sims, err := demo.Start(connector.KindConnectWise, time.Now(), 0)
	require.NoError(t, err)
	t.Cleanup(sims.Close)
	return &harness{t: t, dataDir: t.TempDir(), keys: secrets.NewMemory(), sims: sims}
}

type result struct {
	code           int
	stdout, stderr string
}

// runOpts vary one in-process run: a context (Ctrl-C is a cancel), a terminal, a stderr
// that watches what is written.
type runOpts struct {
	ctx        context.Context
	stdin      string
	readSecret func(prompt string) (string, error)
	stderr     io.Writer
	demo       func(context.Context, io.Writer, DemoOptions) error
}

func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	return h.runWith(runOpts{stdin: stdin}, args...)
}

func (h *harness) runWith(o runOpts, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	if o.ctx == nil {
		o.ctx = context.Background()
	}
	if o.stderr == nil {
		o.stderr = &errb
	}
	if o.demo == nil {
		o.demo = func(context.Context, io.Writer, DemoOptions) error { return nil }
	}
	code := Run(o.ctx, append([]string{"--data-dir", h.dataDir}, args...), Env{
		Stdin: strings.NewReader(o.stdin), Stdout: &out, Stderr: o.stderr, Getenv: func(string) string { return "" },
		ReadSecret: o.readSecret,
		OpenWorkspace: func(ctx context.Context, dir string, passive bool) (*workspace.Workspace, error) {
			opts := workspace.Options{DataDir: dir, Secrets: h.keys, Registry: connectors.Registry(), Passive: passive}
			if h.clock != nil {
				opts.Clock, opts.Location = h.clock, time.UTC
			}
			return workspace.Open(ctx, opts)
		},
		RunDemo: o.demo,
	})
	if w, ok := o.stderr.(interface{ String() string }); ok {
		return result{code, out.String(), w.String()}
	}
	return result{code, out.String(), errb.String()}
}

// setup adds both demo integrations through the CLI, as a script would.
func (h *harness) setup() {
	h.t.Helper()
	for _, in := range h.sims.Integrations() {
		args := []string{"integrations", "add", "--kind", in.Kind, "--name", in.Name, "--base-url", in.BaseURL}
		for k, v := range in.Settings {
			args = append(args, "--set", k+"="+v)
		}
		r := h.run("", args...)
		require.Equal(h.t, 0, r.code, r.stderr)
		secretJSON, _ := json.Marshal(in.Secrets)
		r = h.run(string(secretJSON), "credentials", "set", "--integration", in.Name)
		require.Equal(h.t, 0, r.code, r.stderr)
	}
}

func TestIntegrationsAddValidates(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown kind", []string{"--kind", "quickbooks", "--name", "QB"}, "unknown integration kind"},
		{"plain http to a remote host", []string{"--kind", "pax8", "--name", "P", "--base-url", "http://api.pax8.com/v1"}, "plain http"},
		{"missing required setting", []string{"--kind", "connectwise", "--name", "CW", "--base-url", "https://na.myconnectwise.net/v4_6_release/apis/3.0", "--set", "company=acme"}, "client_id"},
		{"unknown setting", []string{"--kind", "pax8", "--name", "P", "--set", "colour=blue"}, "has no setting"},
		{"malformed --set", []string{"--kind", "pax8", "--name", "P", "--set", "company"}, "key=value"},
		{"no name", []string{"--kind", "pax8"}, "--name are required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.run("", append([]string{"integrations", "add"}, tt.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
	r := h.run("", "integrations", "list", "--json")
	require.Equal(t, 0, r.code)
	assert.JSONEq(t, "[]", r.stdout, "nothing was stored by the failed attempts")

	r = h.run("", "integrations", "add", "--kind", "pax8", "--name", "Pax8")
	require.Equal(t, 0, r.code, r.stderr)
	r = h.run("", "integrations", "add", "--kind", "pax8", "--name", "pax8")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "already exists")
}

func TestCredentialsSetNeverEchoesSecrets(t *testing.T) {
	h := newHarness(t)
	h.setup()
	r := h.run(`{"client_id": "abc", "client_secret": "s3cr3t-value"`, "credentials", "set", "--integration", demo.Pax8Name)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "one JSON object")
	assert.NotContains(t, r.stderr+r.stdout, "s3cr3t-value")

	r = h.run(`{"password":"s3cr3t-value"}`, "credentials", "set", "--integration", demo.Pax8Name)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "no secret field \"password\"")
	assert.NotContains(t, r.stderr, "s3cr3t-value")

	r = h.run("", "credentials", "test", "--integration", demo.Pax8Name)
	assert.Equal(t, 0, r.code, "the good credentials are still stored after the bad attempts: %s", r.stderr)
	assert.Contains(t, r.stdout, "Connected to Pax8")

	r = h.run(`{"client_secret":"wrong"}`, "credentials", "set", "--integration", demo.Pax8Name)
	require.Equal(t, 0, r.code, r.stderr)
	r = h.run("", "credentials", "test", "--integration", demo.Pax8Name)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Pax8 rejected")
	assert.NotContains(t, r.stderr, "wrong")
}

func TestSyncLinesStatusAndLogs(t *testing.T) {
	h := newHarness(t)
	h.setup()

	r := h.run("", "sync", "--all")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, demo.ConnectWiseName+": succeeded")
	assert.Contains(t, r.stdout, demo.Pax8Name+": succeeded")
	assert.Less(t, strings.Index(r.stderr, demo.ConnectWiseName), strings.Index(r.stderr, demo.Pax8Name), "PSA is queued first")

	r = h.run("", "lines", "--integration", demo.ConnectWiseName, "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var lines []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lines))
	require.NotEmpty(t, lines)
	accounts := map[string]bool{}
	for _, l := range lines {
		for _, k := range []string{"account_name", "service_name", "quantity", "agreement_name"} {
			assert.Contains(t, l, k)
		}
		accounts[l["account_name"].(string)] = true
		assert.NotZero(t, l["quantity"], "zero-quantity lines are hidden")
	}
	assert.True(t, accounts["Acme Dental Group"])
	for _, hidden := range []string{"Quarry Lane Studios", "Silverline Telecom", "Sagebrush Outfitters", "Falcon Ridge Construction", "Harborview Orthodontics", "Keystone Realty"} {
		assert.False(t, accounts[hidden], "%s must be hidden by the visibility rules", hidden)
	}

	r = h.run("", "lines", "--integration", demo.ConnectWiseName, "--hidden")
	require.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "Prospect")
	assert.Contains(t, r.stdout, "future-dated agreements appear on their start date")

	r = h.run("", "lines", "--integration", demo.Pax8Name, "--json")
	require.Equal(t, 0, r.code)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lines))
	for _, l := range lines {
		assert.Equal(t, "Active", l["status"], "only active subscriptions reach reconciliation")
	}

	r = h.run("", "status", "--json")
	require.Equal(t, 0, r.code)
	var snap workspace.StatusSnapshot
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &snap))
	require.Len(t, snap.Integrations, 2)
	for _, st := range snap.Integrations {
		require.NotNil(t, st.LatestRun)
		assert.Equal(t, "succeeded", st.LatestRun.Status)
		assert.NotEmpty(t, st.LastFetchedAt)
		assert.NotEmpty(t, st.NewestSourceAt)
	}

	r = h.run("", "sync", "--integration", demo.ConnectWiseName)
	require.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "nothing new at the source")

	r = h.run("", "logs", "--run", "1")
	require.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "companies")
	assert.Contains(t, r.stdout, "Finished")
}

func TestSyncPartialAndFailedExitCodes(t *testing.T) {
	h := newHarness(t)
	h.setup()
	require.Equal(t, 0, h.run("", "sync", "--psa", "--mode", "full").code)

	agreement := h.sims.CW.AgreementIDs()[0]
	h.sims.CW.AddFault(cwsim.Fault{PathContains: fmt.Sprintf("/finance/agreements/%d/additions", agreement), Status: 500, Times: -1})
	r := h.run("", "sync", "--psa", "--mode", "full")
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "partial")
	assert.Contains(t, r.stdout, "section additions failed")

	r = h.run("", "lines", "--integration", demo.ConnectWiseName, "--json")
	var lines []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lines))
	assert.NotEmpty(t, lines, "a partial run keeps the cache")

	h.sims.CW.ClearFaults()
	require.Equal(t, 0, h.run(`{"private_key":"not-the-key"}`, "credentials", "set", "--integration", demo.ConnectWiseName).code)
	r = h.run("", "sync", "--integration", demo.ConnectWiseName)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "ConnectWise rejected the API keys")
	assert.NotContains(t, r.stdout, "not-the-key")

	r = h.run("", "lines", "--integration", demo.ConnectWiseName, "--json")
	var after []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &after))
	assert.Equal(t, len(lines), len(after), "a failed run never deletes cached data")
}

func TestSyncUsageErrors(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for name, args := range map[string][]string{
		"no target":          {"sync"},
		"two targets":        {"sync", "--all", "--psa"},
		"since without date": {"sync", "--all", "--mode", "since"},
		"bad date":           {"sync", "--all", "--since", "2026-13-45"},
		"future date":        {"sync", "--all", "--since", "2999-01-01"},
		"unknown mode":       {"sync", "--all", "--mode", "turbo"},
		"unknown name":       {"sync", "--integration", "Nope"},
		"logs without run":   {"logs"},
		"unknown command":    {"frobnicate"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.run("", args...)
			assert.Equal(t, 1, r.code)
			assert.NotEmpty(t, r.stderr)
		})
	}
	r := h.run("", "sync", "--all", "--since", "2026-11-01")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "sync from 2026-11-01")
}

func TestIsCommand(t *testing.T) {
	for args, want := range map[string]bool{
		"":                       false,
		"--data-dir /x":          false,
		"status":                 true,
		"--data-dir /x status":   true,
		"--data-dir=/x sync":     true,
		"help":                   true,
		"--help":                 true,
		"--version":              true,
		"-v":                     true,
		"--foo":                  true,
		"--data-dir /x --foo":    true,
		"-devserver 127.0.0.1:1": true, // a release build has no dev server: Run explains
	} {
		assert.Equal(t, want, IsCommand(strings.Fields(args)), args)
	}
	// A Wails dev build parses these itself, so they start the GUI.
	dev := []string{"assetdir", "devserver"}
	for args, want := range map[string]bool{
		"-devserver 127.0.0.1:1":                              false,
		"--data-dir /x -devserver=127.0.0.1:1 -assetdir dist": false,
		"-devserver":          true,
		"-devserver :1 --foo": true,
		"-devserver :1 sync":  true,
	} {
		assert.Equal(t, want, IsCommand(strings.Fields(args), dev...), args)
	}
}
