package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

func (h *harness) integrations() map[string]workspace.Integration {
	h.t.Helper()
	r := h.run("", "integrations", "list", "--json")
	require.Equal(h.t, 0, r.code, r.stderr)
	var list []workspace.Integration
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &list))
	out := map[string]workspace.Integration{}
	for _, in := range list {
		out[in.Name] = in
	}
	return out
}

func TestIntegrationsAddChecksKindAndBaseURLPath(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ConnectWise site without the API path", []string{"--kind", "connectwise", "--name", "CW", "--base-url", "https://na.myconnectwise.net/v4_6_release",
			"--set", "company=acme", "--set", "client_id=x"}, "must end in /apis/3.0"},
		{"ConnectWise resource path", []string{"--kind", "connectwise", "--name", "CW", "--base-url", "https://na.myconnectwise.net/v4_6_release/apis/3.0/company",
			"--set", "company=acme", "--set", "client_id=x"}, "must end in /apis/3.0"},
		{"Pax8 without /v1", []string{"--kind", "pax8", "--name", "P", "--base-url", "https://api.pax8.com"}, "must end in /v1"},
		{"Pax8 v2", []string{"--kind", "Pax8", "--name", "P", "--base-url", "https://api.pax8.com/v2"}, "must end in /v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.run("", append([]string{"integrations", "add"}, tt.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
	assert.Empty(t, h.integrations())

	r := h.run("", "integrations", "add", "--kind", "Pax8", "--name", "P")
	require.Equal(t, 0, r.code, r.stderr)
	r = h.run("", "integrations", "add", "--kind", "CONNECTWISE", "--name", "CW", "--base-url", h.sims.CWURL+"/",
		"--set", "company=acme", "--set", "client_id=x", "--concurrency", "3")
	require.Equal(t, 0, r.code, r.stderr)
	list := h.integrations()
	assert.Equal(t, "pax8", list["P"].Kind)
	assert.Equal(t, "connectwise", list["CW"].Kind)
	assert.Equal(t, 4, list["P"].Concurrency, "the Pax8 default is shown, not 0")
	assert.Equal(t, 3, list["CW"].Concurrency)
	r = h.run("", "integrations", "list")
	assert.Regexp(t, `P\s+Pax8\s+vendor\s+https://api.pax8.com/v1\s+4\s+MISSING`, r.stdout)
}

func TestIntegrationsEditKeepsCacheAndHistory(t *testing.T) {
	h := newHarness(t)
	h.setup()
	require.Equal(t, 0, h.run("", "sync", "--all").code)
	before := h.integrations()[demo.ConnectWiseName]

	r := h.run("", "integrations", "edit", "--integration", demo.ConnectWiseName, "--name", "CW", "--concurrency", "2", "--set", "company=acme2")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `Updated ConnectWise Manage integration "CW"`)
	after := h.integrations()["CW"]
	assert.Equal(t, before.ID, after.ID)
	assert.Equal(t, before.BaseURL, after.BaseURL)
	assert.Equal(t, 2, after.Concurrency)
	assert.Equal(t, map[string]string{"company": "acme2", "client_id": before.Settings["client_id"]}, after.Settings)
	assert.True(t, after.SecretsSet)

	r = h.run("", "lines", "--integration", "CW", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var lines []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lines))
	assert.NotEmpty(t, lines, "the cache stays with the integration")
	r = h.run("", "logs", "--run", "1")
	assert.Equal(t, 0, r.code, "the sync history stays: %s", r.stderr)

	r = h.run("", "integrations", "edit", "--integration", "CW", "--concurrency", "0", "--set", "company="+before.Settings["company"])
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 8, h.integrations()["CW"].Concurrency, "0 restores the kind's default")
	r = h.run("", "sync", "--integration", "CW")
	assert.Equal(t, 0, r.code, "edited back, the integration syncs: %s", r.stdout+r.stderr)

	for name, tt := range map[string]struct {
		args []string
		want string
	}{
		"nothing to change":    {[]string{"--integration", "CW"}, "nothing to change"},
		"no integration":       {[]string{"--name", "X"}, "--integration NAME is required"},
		"unknown setting":      {[]string{"--integration", "CW", "--set", "colour=blue"}, "has no setting"},
		"required cleared":     {[]string{"--integration", "CW", "--set", "company="}, "needs the Company ID"},
		"bad path":             {[]string{"--integration", "CW", "--base-url", "https://na.myconnectwise.net"}, "must end in /apis/3.0"},
		"empty base URL":       {[]string{"--integration", "CW", "--base-url", ""}, "needs an address"},
		"name taken":           {[]string{"--integration", "CW", "--name", demo.Pax8Name}, "already exists"},
		"concurrency too high": {[]string{"--integration", "CW", "--concurrency", "99"}, "between 1 and 32"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.run("", append([]string{"integrations", "edit"}, tt.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
	assert.Equal(t, h.integrations()["CW"].Settings["company"], before.Settings["company"], "failed edits change nothing")
}

// fakeTerminal answers the prompts of `credentials set` in order and records them.
type fakeTerminal struct {
	answers []string
	prompts []string
}

func (f *fakeTerminal) read(prompt string) (string, error) {
	f.prompts = append(f.prompts, prompt)
	if len(f.answers) == 0 {
		return "", nil
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	return a, nil
}

func TestCredentialsSetOnATerminal(t *testing.T) {
	h := newHarness(t)
	cw := h.sims.Integrations()[0]
	args := []string{"integrations", "add", "--kind", cw.Kind, "--name", cw.Name, "--base-url", cw.BaseURL}
	for k, v := range cw.Settings {
		args = append(args, "--set", k+"="+v)
	}
	require.Equal(t, 0, h.run("", args...).code)

	term := &fakeTerminal{answers: []string{cw.Secrets["public_key"], ""}}
	r := h.runWith(runOpts{readSecret: term.read, stdin: "not read on a terminal"}, "credentials", "set", "--integration", cw.Name)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, []string{"Public key (public_key): ", "Private key (private_key): "}, term.prompts)
	assert.Contains(t, r.stderr, "Typing is not shown")
	assert.Contains(t, r.stderr, "Still missing: private_key (Private key)")
	assert.NotContains(t, r.stderr+r.stdout, cw.Secrets["public_key"])
	assert.False(t, h.integrations()[cw.Name].SecretsSet)

	term = &fakeTerminal{answers: []string{"", cw.Secrets["private_key"] + "\n"}}
	r = h.runWith(runOpts{readSecret: term.read}, "credentials", "set", "--integration", cw.Name)
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "Still missing", "Enter alone kept the stored public key")
	r = h.run("", "credentials", "test", "--integration", cw.Name)
	assert.Equal(t, 0, r.code, r.stderr)

	term = &fakeTerminal{}
	r = h.runWith(runOpts{readSecret: term.read}, "credentials", "set", "--integration", cw.Name)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "nothing entered")
}

func TestCredentialsSetJSONErrorsShowTheKindsFields(t *testing.T) {
	h := newHarness(t)
	h.setup()
	r := h.run("client_secret=x", "credentials", "set", "--integration", demo.Pax8Name)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `{"client_id":"...","client_secret":"..."}`)
	assert.NotContains(t, r.stderr, "public_key")

	r = h.run("nope", "credentials", "set", "--integration", demo.ConnectWiseName)
	assert.Contains(t, r.stderr, `{"public_key":"...","private_key":"..."}`)

	h.run("", "integrations", "add", "--kind", "pax8", "--name", "Fresh")
	r = h.run(`{"client_id":"abc"}`, "credentials", "set", "--integration", "Fresh")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stderr, "Still missing: client_secret (Client secret)."), r.stderr)
	r = h.run(`{"client_secret":"def"}`, "credentials", "set", "--integration", "Fresh")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr)
}
